using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>
/// <see cref="IServerConsole"/> over SSH with the pinned host key (<see cref="SshConnector"/>). Each call runs one fixed
/// command built from validated options and validated values, every value POSIX-quoted (<see cref="ShellQuote"/>); read
/// calls need no privilege, <c>reload-nginx</c> uses the privilege prefix of <see cref="CloudPanelOptions.ClpctlCommand"/>
/// and <c>renew-certificate</c> goes through <see cref="ICloudPanelClient.InstallCertificateAsync"/> (its Let's Encrypt
/// budget and "already valid" check included). Sessions share the per-server limit with the provisioning adapter.
/// </summary>
public sealed partial class ServerConsoleClient(
    SshConnector connector,
    ICloudPanelClient cloudPanel,
    IOptions<CloudPanelOptions> cloudPanelOptions,
    IOptions<ServerConsoleOptions> options,
    ILogger<ServerConsoleClient> logger,
    IServerSessionGate? sessionGate = null) : IServerConsole
{
    private const string Provider = "cloudpanel";
    private const string Marker = "@@wf:";
    private readonly CloudPanelOptions _panel = cloudPanelOptions.Value;
    private readonly ServerConsoleOptions _options = options.Value;
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _sessions = new();

    /// <summary>Path of a site's nginx log, as CloudPanel lays it out: <c>{HomeDirectory}/{siteUser}/logs/nginx/{access|error}.log</c>.</summary>
    /// <param name="siteUser">The site user.</param>
    /// <param name="kind">The log.</param>
    /// <returns>The absolute path.</returns>
    public string LogPath(SiteUser siteUser, SiteLogKind kind) =>
        $"{_panel.HomeDirectory.TrimEnd('/')}/{siteUser?.Value}/logs/nginx/{(kind == SiteLogKind.Error ? "error" : "access")}.log";

    /// <inheritdoc />
    public Task<ServerHealth> GetHealthAsync(HostingServer server, CancellationToken cancellationToken = default)
    {
        var units = string.Join(' ', _options.EffectiveServices.Select(s => ShellQuote.Quote(s + ".service")));
        var command = $"{_options.SystemctlCommand} show --property=Id,LoadState,ActiveState,SubState -- {units}; "
            + $"echo '{Marker}loadavg'; cat /proc/loadavg; echo '{Marker}meminfo'; cat /proc/meminfo; echo '{Marker}uptime'; cat /proc/uptime";
        return WithSessionAsync(server, async ssh =>
        {
            var result = await RunAsync(ssh, command, cancellationToken).ConfigureAwait(false);
            return ParseHealth(result.Output, _options.EffectiveServices)
                ?? throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"Could not read the status of '{server.Name}' (exit {result.ExitCode}): {OneLine(result.Error)}");
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DiskUsage>> GetDiskUsageAsync(HostingServer server, CancellationToken cancellationToken = default)
    {
        var paths = string.Join(' ', _options.EffectiveDiskPaths.Select(ShellQuote.Quote));
        var command = $"df -B1 --output=target,size,used,avail -- {paths}";
        return WithSessionAsync(server, async ssh =>
        {
            var result = await RunAsync(ssh, command, cancellationToken).ConfigureAwait(false);
            var rows = ParseDisk(result.Output);
            return rows.Count > 0
                ? rows
                : throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"Could not read disk usage of '{server.Name}' (exit {result.ExitCode}): {OneLine(result.Error)}");
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CertificateExpiry>> GetCertificatesAsync(HostingServer server, CancellationToken cancellationToken = default)
    {
        // One fixed loop over the directory: no domain from the request reaches the shell at all.
        var dir = ShellQuote.Quote(_panel.CertificateDirectory.TrimEnd('/'));
        var command = $"for f in {dir}/*.crt; do [ -f \"$f\" ] || continue; printf '{Marker}%s\\n' \"${{f##*/}}\"; "
            + "openssl x509 -noout -enddate -issuer -in \"$f\" 2>&1; done";
        return WithSessionAsync(server, async ssh =>
        {
            var result = await RunAsync(ssh, command, cancellationToken).ConfigureAwait(false);
            return ParseCertificates(result.Output);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SiteLogTail> TailLogAsync(HostingServer server, SiteLogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = LogPath(query.SiteUser, query.Kind);
        var lines = query.Lines.ToString(CultureInfo.InvariantCulture);
        // Filtered server-side with grep -F (a fixed string, never a pattern; -e so a leading '-' is not an option) over
        // the newest LogScanLines lines: only the matches cross the network, and a huge log costs a bounded scan.
        string Read(string prefix) => query.Filter is null
            ? $"{prefix}tail -n {lines} -- \"$f\""
            : $"{prefix}tail -n {_options.LogScanLines.ToString(CultureInfo.InvariantCulture)} -- \"$f\" | grep -F -i -e {ShellQuote.Quote(query.Filter)} | tail -n {lines}";
        var privileged = _panel.PrivilegePrefix.Length > 0 ? Read(_panel.PrivilegePrefix) : $"echo '{Marker}denied'";
        var command = $"f={ShellQuote.Quote(path)}; if [ ! -e \"$f\" ]; then echo '{Marker}missing'; "
            + $"elif [ -r \"$f\" ]; then {Read(string.Empty)} | cut -c 1-{SiteLogQuery.MaxLineLength}; else {privileged} | cut -c 1-{SiteLogQuery.MaxLineLength}; fi";
        return WithSessionAsync(server, async ssh =>
        {
            var result = await RunAsync(ssh, command, cancellationToken).ConfigureAwait(false);
            var text = result.Output;
            if (text.StartsWith(Marker + "missing", StringComparison.Ordinal))
            {
                return new SiteLogTail(path, [], false);
            }

            if (text.StartsWith(Marker + "denied", StringComparison.Ordinal))
            {
                throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"User '{server.SshUser}' may not read {path} on '{server.Name}' (give it read access, or run clpctl through sudo).");
            }

            return new SiteLogTail(path, SplitLogLines(text), true);
        }, cancellationToken);
    }
}
