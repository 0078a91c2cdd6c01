using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>
/// Opens SSH sessions with the host key pinned by SHA-256 fingerprint (a mismatch refuses the connection; there is no
/// trust on first use) and the private key taken from the secret store for the duration of the connect only.
/// </summary>
public sealed class SshConnector(ISecretStore secrets)
{
    private const string Provider = "cloudpanel";

    /// <summary>Connects and authenticates; the caller disposes the client.</summary>
    public async Task<SshClient> ConnectAsync(HostingServer server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var pem = await secrets.GetAsync(server.SshKeySecretName.Value, cancellationToken).ConfigureAwait(false);
        using var keyStream = new MemoryStream(Encoding.UTF8.GetBytes(pem));
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(keyStream);
        }
        catch (Exception e) when (e is SshException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // Never include the key material or the parser's message (it can quote the input).
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The SSH key in secret '{server.SshKeySecretName}' is not a usable OpenSSH private key.", inner: null);
        }

        using (key)
        {
            var info = new ConnectionInfo(server.Address, server.SshPort, server.SshUser, new PrivateKeyAuthenticationMethod(server.SshUser, key))
            {
                Timeout = timeout,
            };
            var client = new SshClient(info);
            string? presented = null;
            client.HostKeyReceived += (_, e) =>
            {
                presented = "SHA256:" + e.FingerPrintSHA256;
                e.CanTrust = server.HostKeyFingerprint.Matches(presented);
            };

            try
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return client;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                client.Dispose();
                if (presented is not null && !server.HostKeyFingerprint.Matches(presented))
                {
                    throw new ProviderException(Provider, ProviderErrorKind.Permanent,
                        $"Refusing to connect to server '{server.Name}': its host key {presented} does not match the pinned fingerprint {server.HostKeyFingerprint}. " +
                        "If the server was rebuilt, verify the new key out of band and update the pin.");
                }

                throw e switch
                {
                    SshAuthenticationException => new ProviderException(Provider, ProviderErrorKind.Permanent,
                        $"Server '{server.Name}' rejected the SSH key for user '{server.SshUser}'."),
                    SocketException or SshOperationTimeoutException or SshConnectionException or TimeoutException or OperationCanceledException =>
                        new ProviderException(Provider, ProviderErrorKind.Transient, $"Could not reach server '{server.Name}' over SSH ({e.GetType().Name}).", inner: e),
                    _ => new ProviderException(Provider, ProviderErrorKind.Transient, $"SSH connection to server '{server.Name}' failed ({e.GetType().Name}).", inner: e),
                };
            }
        }
    }
}
