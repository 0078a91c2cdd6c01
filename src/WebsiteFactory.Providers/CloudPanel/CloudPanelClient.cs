using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>
/// <see cref="ICloudPanelClient"/> running <c>clpctl</c> over SSH. Every argument is a validated value
/// (<see cref="DomainName"/>, <see cref="SiteUser"/>, a letters-and-digits password) and POSIX-quoted; the password
/// never appears in logs or error messages. Sessions per server are limited in-process.
/// </summary>
public sealed partial class CloudPanelClient(
    SshConnector connector,
    ISecretStore secrets,
    IRateBudget budget,
    IOptions<CloudPanelOptions> options,
    ILogger<CloudPanelClient> logger,
    VendorMetrics metrics,
    IServerSessionGate? sessionGate = null) : ICloudPanelClient
{
    private const string Provider = "cloudpanel";
    private readonly CloudPanelOptions _options = options.Value;
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _sessions = new();

    /// <summary>Budget key of Let's Encrypt validation failures for a host name.</summary>
    public static string LetsEncryptBudgetKey(DomainName domain) => $"letsencrypt-failed:{domain?.Value}";

    /// <summary>The doc root CloudPanel gives a static site.</summary>
    public string DocRoot(SiteUser siteUser, DomainName domain) => $"{_options.HomeDirectory.TrimEnd('/')}/{siteUser?.Value}/htdocs/{domain?.Value}";

    /// <inheritdoc />
    public async Task<CloudPanelSite> EnsureStaticSiteAsync(HostingServer server, DomainName domain, SiteUser siteUser, string passwordSecretName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(siteUser);
        var password = await secrets.GetAsync(passwordSecretName, cancellationToken).ConfigureAwait(false);
        if (!SitePassword.IsAcceptable(password))
        {
            // Checked before connecting: a password from the store never reaches a shell unless it is plain alphanumerics.
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The site password in secret '{passwordSecretName}' must be 16-128 letters and digits.");
        }

        var docRoot = DocRoot(siteUser, domain);
        var exists = $"test -d {ShellQuote.Quote(docRoot)} && echo present || echo absent";
        var add = $"{_options.ClpctlCommand} site:add:static --domainName={ShellQuote.Quote(domain.Value)} --siteUser={ShellQuote.Quote(siteUser.Value)} --siteUserPassword={ShellQuote.Quote(password)}";
        return await WithSessionAsync(server, VendorOperation.Of("site", VendorOperationKind.Create), async ssh =>
        {
            if ((await RunAsync(ssh, exists, password, cancellationToken).ConfigureAwait(false)).Output.Trim() == "present")
            {
                Log.SiteExists(logger, domain.Value, server.Name);
                return new CloudPanelSite(domain.Value, siteUser.Value, docRoot, false);
            }

            var result = await RunAsync(ssh, add, password, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0 && result.Output.Contains("has been added", StringComparison.OrdinalIgnoreCase))
            {
                Log.SiteCreated(logger, domain.Value, server.Name);
                return new CloudPanelSite(domain.Value, siteUser.Value, docRoot, true);
            }

            // "Already exists" counts only once the doc root proves the site is this domain's under this user.
            if ((await RunAsync(ssh, exists, password, cancellationToken).ConfigureAwait(false)).Output.Trim() == "present")
            {
                return new CloudPanelSite(domain.Value, siteUser.Value, docRoot, false);
            }

            var text = result.Text;
            throw text.Contains("already", StringComparison.OrdinalIgnoreCase) || text.Contains("in use", StringComparison.OrdinalIgnoreCase)
                ? new ProviderException(Provider, ProviderErrorKind.Permanent,
                    $"CloudPanel on '{server.Name}' already has {domain} or user {siteUser} for another site: {text}")
                : new ProviderException(Provider, ProviderErrorKind.Permanent, $"clpctl site:add:static failed on '{server.Name}' (exit {result.ExitCode}): {text}");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task InstallCertificateAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var key = LetsEncryptBudgetKey(domain);
        var policy = RateLimitPolicy.LetsEncryptFailedValidations;
        // Keep one failed validation in reserve: Let's Encrypt locks the name for an hour after the fifth.
        if (await budget.CountAsync(key, policy, cancellationToken).ConfigureAwait(false) >= policy.Limit - 1)
        {
            throw new ProviderException(Provider, ProviderErrorKind.RateLimited,
                $"Certificate for {domain} postponed: recent Let's Encrypt validation failures are close to the hourly limit.", policy.Window / 2, "le-failed-validations");
        }

        var command = $"{_options.ClpctlCommand} lets-encrypt:install:certificate --domainName={ShellQuote.Quote(domain.Value)}";
        await WithSessionAsync<bool>(server, VendorOperation.Of("certificate", VendorOperationKind.Create), async ssh =>
        {
            // Looked up on the server, not in our own records: a worker killed between clpctl's success and the recorded
            // step must not order a second certificate (5 per exact set of names per 7 days).
            if (await HasValidCertificateAsync(ssh, server, domain, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            var result = await RunAsync(ssh, command, null, cancellationToken).ConfigureAwait(false);
            var text = result.Text;
            if (result.ExitCode == 0 && text.Contains("successful", StringComparison.OrdinalIgnoreCase))
            {
                Log.CertificateInstalled(logger, domain.Value, server.Name);
                return true;
            }

            if (text.Contains("too many", StringComparison.OrdinalIgnoreCase) || text.Contains("rateLimited", StringComparison.OrdinalIgnoreCase))
            {
                throw new ProviderException(Provider, ProviderErrorKind.RateLimited, $"Let's Encrypt rate limit for {domain}: {text}", TimeSpan.FromHours(1), "le-rate-limited");
            }

            if (text.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
            {
                throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"CloudPanel has no site {domain} on '{server.Name}' to install a certificate for.");
            }

            // A validation failure: count it against the shared per-hostname budget, then let the step retry later
            // (DNS or the proxy may still be settling).
            await budget.TryAcquireAsync(key, policy, 1, cancellationToken).ConfigureAwait(false);
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Let's Encrypt could not validate {domain}: {text}");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteSiteAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var command = $"{_options.ClpctlCommand} site:delete --domainName={ShellQuote.Quote(domain.Value)} --force";
        await WithSessionAsync<bool>(server, VendorOperation.Of("site", VendorOperationKind.Delete), async ssh =>
        {
            var result = await RunAsync(ssh, command, null, cancellationToken).ConfigureAwait(false);
            var text = result.Text;
            if (result.ExitCode == 0 || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"clpctl site:delete failed on '{server.Name}' (exit {result.ExitCode}): {text}");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs read-only <paramref name="work"/> in an SSH session (measured as the operation <c>session</c>).</summary>
    private Task<T> WithSessionAsync<T>(HostingServer server, Func<SshClient, Task<T>> work, CancellationToken cancellationToken) =>
        WithSessionAsync(server, VendorOperation.Of("session", VendorOperationKind.Read), work, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in an SSH session within the server's session limits; <paramref name="operation"/> is measured from the connect on.</summary>
    private async Task<T> WithSessionAsync<T>(HostingServer server, VendorOperation operation, Func<SshClient, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var gate = _sessions.GetOrAdd(server.Id, _ => new SemaphoreSlim(_options.MaxSessionsPerServer));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The local semaphore keeps this process from queueing on the database; the shared gate (when the host has one)
            // holds the limit across every worker.
            await using var shared = sessionGate is null ? null : await sessionGate.EnterAsync(server.Id, _options.MaxSessionsPerServer, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            return await metrics.MeasureAsync(Provider, operation, async () =>
            {
                using var ssh = await connector.ConnectAsync(server, _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await work(ssh).ConfigureAwait(false);
                }
                finally
                {
                    ssh.Disconnect();
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<CommandResult> RunAsync(SshClient ssh, string command, string? secret, CancellationToken cancellationToken)
    {
        var raw = await RunRawAsync(ssh, command, cancellationToken).ConfigureAwait(false);
        return new CommandResult(raw.ExitCode, Scrub(raw.Output, secret), Scrub(raw.Error, secret));
    }

    /// <summary>Runs a command and returns its exit code and untouched output (only for commands that carry no secret).</summary>
    private async Task<CommandResult> RunRawAsync(SshClient ssh, string command, CancellationToken cancellationToken)
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

        return new CommandResult(cmd.ExitStatus ?? -1, cmd.Result ?? string.Empty, cmd.Error ?? string.Empty);
    }

    private static string Scrub(string? text, string? secret)
    {
        text ??= string.Empty;
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, SecretRedactor.Redacted, StringComparison.Ordinal);
        }

        text = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
        return text.Length > 400 ? text[..400] : text;
    }

    private sealed record CommandResult(int ExitCode, string Output, string Error)
    {
        public string Text => string.IsNullOrEmpty(Error) ? Output : $"{Output} {Error}".Trim();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "CloudPanel site {Domain} created on {Server}")]
        public static partial void SiteCreated(ILogger logger, string domain, string server);

        [LoggerMessage(2, LogLevel.Information, "CloudPanel site {Domain} already present on {Server}")]
        public static partial void SiteExists(ILogger logger, string domain, string server);

        [LoggerMessage(3, LogLevel.Information, "Certificate installed for {Domain} on {Server}")]
        public static partial void CertificateInstalled(ILogger logger, string domain, string server);
    }
}
