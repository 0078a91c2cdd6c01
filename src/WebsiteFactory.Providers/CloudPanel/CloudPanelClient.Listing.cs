using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>Read-only listing for the reconcile: the sites on a server, by their doc roots.</summary>
public sealed partial class CloudPanelClient
{
    /// <inheritdoc />
    /// <remarks>
    /// One fixed command, with no argument but the configured (validated) home directory, quoted:
    /// <c>find {home} -mindepth 3 -maxdepth 3 -type d -path '{home}/*/htdocs/*' -printf '%P\n'</c>, run with the clpctl
    /// privilege prefix (site homes are not readable by other users). <c>clpctl</c> has no list command, and CloudPanel
    /// puts every site's doc root at <c>{home}/{siteUser}/htdocs/{domain}</c>. Lines that are not a valid site user and
    /// domain (CloudPanel's own <c>clp</c> user serves <c>htdocs/app</c>) are skipped.
    /// </remarks>
    public async Task<IReadOnlyList<CloudPanelSite>> ListSitesAsync(HostingServer server, CancellationToken cancellationToken = default)
    {
        var home = _options.HomeDirectory.TrimEnd('/');
        var command = $"{_options.PrivilegePrefix}find {ShellQuote.Quote(home)} -mindepth 3 -maxdepth 3 -type d -path {ShellQuote.Quote(home + "/*/htdocs/*")} -printf '%P\\n'";
        return await WithSessionAsync(server, async ssh =>
        {
            var raw = await RunRawAsync(ssh, command, cancellationToken).ConfigureAwait(false);
            if (raw.ExitCode != 0)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient,
                    $"Listing the sites under {home} on '{server.Name}' failed (exit {raw.ExitCode.ToString(CultureInfo.InvariantCulture)}): {Scrub(raw.Error, null)}");
            }

            var sites = new List<CloudPanelSite>();
            foreach (var line in raw.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split('/');
                if (parts.Length == 3 && parts[1] == "htdocs"
                    && SiteUser.TryParse(parts[0], out var user)
                    && DomainName.TryParse(parts[2], CultureInfo.InvariantCulture, out var domain))
                {
                    sites.Add(new CloudPanelSite(domain.Value, user.Value, DocRoot(user, domain), false));
                }
            }

            return (IReadOnlyList<CloudPanelSite>)[.. sites.OrderBy(s => s.Domain, StringComparer.Ordinal)];
        }, cancellationToken).ConfigureAwait(false);
    }
}
