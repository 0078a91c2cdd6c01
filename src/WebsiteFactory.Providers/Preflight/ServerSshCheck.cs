using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.CloudPanel;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>server-ssh</c>: per CloudPanel server, an SSH connection (SSH.NET) that presents the pinned host key and accepts the
/// stored key. A different host key fails with both fingerprints named; nothing is run on the server.
/// </summary>
public sealed class ServerSshCheck(SshConnector ssh, IHostingServerRepository servers, IOptions<PreflightOptions> options) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "server-ssh";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        [.. (await servers.ListAsync(cancellationToken).ConfigureAwait(false)).Select(s => new PreflightProbe(Name, PreflightTargets.Of(s), ct => ProbeAsync(s, ct)))];

    private async Task<PreflightOutcome> ProbeAsync(HostingServer server, CancellationToken cancellationToken)
    {
        var (client, failure) = await ConnectAsync(ssh, server, options.Value.CheckTimeout, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return failure!;
        }

        using (client)
        {
            client.Disconnect();
        }

        return PreflightOutcome.Pass($"Reachable at {server.Address}:{server.SshPort}; host key matches the pin {server.HostKeyFingerprint}.");
    }

    /// <summary>Connects, or says why not as a failed outcome with its fix.</summary>
    internal static async Task<(Renci.SshNet.SshClient? Client, PreflightOutcome? Failure)> ConnectAsync(SshConnector ssh, HostingServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return (await ssh.ConnectAsync(server, timeout, cancellationToken).ConfigureAwait(false), null);
        }
        catch (KeyNotFoundException)
        {
            return (null, PreflightOutcome.Fail($"SSH key secret '{server.SshKeySecretName}' is missing.", "Save the server again with its private key file so the key is stored."));
        }
        catch (ProviderException e) when (e.Message.Contains("does not match the pinned fingerprint", StringComparison.Ordinal))
        {
            return (null, PreflightOutcome.Fail(e.Message,
                "Verify the server's key out of band (on its console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub); if it was rebuilt, update the server's host_key_fingerprint, otherwise treat it as an attack."));
        }
        catch (ProviderException e) when (e.Kind == ProviderErrorKind.Permanent)
        {
            return (null, PreflightOutcome.Fail(e.Message, $"Add the public half of secret '{server.SshKeySecretName}' to ~{server.SshUser}/.ssh/authorized_keys on the server."));
        }
        catch (ProviderException e)
        {
            return (null, PreflightOutcome.Fail(e.Message, $"Check that {server.Address}:{server.SshPort} is right and that sshd runs and the firewall lets this machine in."));
        }
    }
}
