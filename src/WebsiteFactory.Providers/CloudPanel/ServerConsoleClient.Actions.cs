using System.Globalization;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>The allow-listed actions and the SSH session plumbing.</summary>
public sealed partial class ServerConsoleClient
{
    /// <inheritdoc />
    public async Task<ServerActionResult> RunActionAsync(HostingServer server, ServerAction action, DomainName? domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        switch (action)
        {
            case ServerAction.ReloadNginx:
                return await ReloadNginxAsync(server, cancellationToken).ConfigureAwait(false);
            case ServerAction.RenewCertificate:
                ArgumentNullException.ThrowIfNull(domain);
                return await RenewCertificateAsync(server, domain, cancellationToken).ConfigureAwait(false);
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Not an allow-listed action.");
        }
    }

    private Task<ServerActionResult> ReloadNginxAsync(HostingServer server, CancellationToken cancellationToken)
    {
        // The configuration test first: a reload with a broken configuration would be refused by nginx anyway, but the test's
        // message says which file and line is wrong.
        var prefix = _panel.PrivilegePrefix;
        var command = $"{prefix}{_options.NginxCommand} -t 2>&1 && {prefix}{_options.SystemctlCommand} reload nginx 2>&1";
        return WithSessionAsync(server, async ssh =>
        {
            var result = await RunAsync(ssh, command, cancellationToken).ConfigureAwait(false);
            var text = OneLine($"{result.Output} {result.Error}");
            var ok = result.ExitCode == 0;
            Log.ActionRan(logger, ServerActions.Name(ServerAction.ReloadNginx), server.Name, ok);
            return new ServerActionResult(ok, ok ? $"nginx reloaded ({text})" : $"nginx was not reloaded (exit {result.ExitCode}): {text}");
        }, cancellationToken);
    }

    private async Task<ServerActionResult> RenewCertificateAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken)
    {
        try
        {
            await cloudPanel.InstallCertificateAsync(server, domain, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e)
        {
            Log.ActionRan(logger, ServerActions.Name(ServerAction.RenewCertificate), server.Name, false);
            return new ServerActionResult(false, OneLine(e.Message));
        }

        var installed = (await GetCertificatesAsync(server, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => string.Equals(c.Domain, domain.Value, StringComparison.Ordinal));
        Log.ActionRan(logger, ServerActions.Name(ServerAction.RenewCertificate), server.Name, true);
        return new ServerActionResult(true, installed?.NotAfter is { } end
            ? string.Create(CultureInfo.InvariantCulture, $"Certificate for {domain} is valid until {end:yyyy-MM-dd HH:mm} UTC (issuer {installed.Issuer}).")
            : $"Certificate for {domain} installed.");
    }

    private async Task<T> WithSessionAsync<T>(HostingServer server, Func<SshClient, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var gate = _sessions.GetOrAdd(server.Id, _ => new SemaphoreSlim(_panel.MaxSessionsPerServer));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Same slots as the provisioning adapter: a dashboard full of operators must not starve clpctl of sessions.
            await using var shared = sessionGate is null ? null : await sessionGate.EnterAsync(server.Id, _panel.MaxSessionsPerServer, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            using var ssh = await connector.ConnectAsync(server, _panel.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            try
            {
                return await work(ssh).ConfigureAwait(false);
            }
            finally
            {
                ssh.Disconnect();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(SshClient ssh, string command, CancellationToken cancellationToken)
    {
        using var cmd = ssh.CreateCommand(command);
        cmd.CommandTimeout = _options.CommandTimeout;
        try
        {
            await cmd.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or TimeoutException or Renci.SshNet.Common.SshOperationTimeoutException)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Remote command failed ({e.GetType().Name}).", inner: null);
        }

        return (cmd.ExitStatus ?? -1, cmd.Result ?? string.Empty, cmd.Error ?? string.Empty);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Server action {Action} on {Server}: succeeded={Succeeded}")]
        public static partial void ActionRan(ILogger logger, string action, string server, bool succeeded);
    }
}
