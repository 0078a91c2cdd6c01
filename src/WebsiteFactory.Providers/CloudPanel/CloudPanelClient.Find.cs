using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Observability;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>The read-only look at a site that the plan uses (<see cref="FindSiteAsync"/>).</summary>
public sealed partial class CloudPanelClient
{
    /// <summary>
    /// The fixed, read-only command that prints the doc root of <paramref name="domain"/> under any site user's home (one
    /// line per match, nothing when there is none). The home directory and the domain are quoted; only the user segment is a
    /// glob.
    /// </summary>
    /// <param name="domain">The validated domain.</param>
    /// <returns>The command.</returns>
    public string FindSiteCommand(DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var home = _options.HomeDirectory.TrimEnd('/');
        return $"for d in {ShellQuote.Quote(home)}/*/htdocs/{ShellQuote.Quote(domain.Value)}; do if [ -d \"$d\" ]; then printf '%s\\n' \"$d\"; fi; done";
    }

    /// <inheritdoc />
    public async Task<HostedSite?> FindSiteAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var home = _options.HomeDirectory.TrimEnd('/') + "/";
        var suffix = "/htdocs/" + domain.Value;
        return await WithSessionAsync<HostedSite?>(server, VendorOperation.Of("site", VendorOperationKind.Read), async ssh =>
        {
            var found = await RunRawAsync(ssh, FindSiteCommand(domain), cancellationToken).ConfigureAwait(false);
            var docRoot = found.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => l.StartsWith(home, StringComparison.Ordinal) && l.EndsWith(suffix, StringComparison.Ordinal));
            if (docRoot is null)
            {
                return null;
            }

            var user = docRoot[home.Length..^suffix.Length];
            var certificate = await ReadCertificateAsync(ssh, domain, string.Empty, cancellationToken).ConfigureAwait(false);
            if (certificate.PermissionDenied && _options.PrivilegePrefix.Length > 0)
            {
                certificate = await ReadCertificateAsync(ssh, domain, _options.PrivilegePrefix, cancellationToken).ConfigureAwait(false);
            }

            return new HostedSite(domain.Value, user, docRoot, certificate.State == InstalledCertificateState.Valid, certificate.Detail);
        }, cancellationToken).ConfigureAwait(false);
    }
}
