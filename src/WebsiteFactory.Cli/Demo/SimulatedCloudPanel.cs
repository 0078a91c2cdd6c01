using System.Collections.Concurrent;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Cli.Demo;

/// <summary>
/// The demo's CloudPanel: keeps sites in memory with the same contract as the SSH adapter (idempotent create, "already
/// exists" is success for the same domain, certificate only for a known site) and a realistic delay per call.
/// </summary>
/// <remarks>
/// The real adapter runs <c>clpctl</c> over SSH. The loopback sshd with a <c>clpctl</c> stand-in that the provider tests
/// use lives in the test fixtures (it needs a local Linux user, a private sshd and root to set them up), so the demo does
/// not start one from product code; the SSH path is covered by the provider tests against a real sshd instead.
/// </remarks>
public sealed class SimulatedCloudPanel(ISecretStore secrets, TimeProvider clock, TimeSpan latency) : ICloudPanelClient
{
    private readonly ConcurrentDictionary<string, CloudPanelSite> _sites = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _certificates = new(StringComparer.Ordinal);

    /// <summary>Gets how many sites exist.</summary>
    public int SiteCount => _sites.Count;

    /// <inheritdoc/>
    public async Task<CloudPanelSite> EnsureStaticSiteAsync(HostingServer server, DomainName domain, SiteUser siteUser, string passwordSecretName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(siteUser);
        await Task.Delay(latency, clock, cancellationToken);
        if (await secrets.TryGetAsync(passwordSecretName, cancellationToken) is null)
        {
            throw new InvalidOperationException($"The site user's password secret '{passwordSecretName}' does not exist.");
        }

        var created = false;
        var site = _sites.GetOrAdd(domain.Value, d =>
        {
            created = true;
            return new CloudPanelSite(d, siteUser.ToString(), RemotePath.ForDocRoot(siteUser, domain).ToString(), Created: true);
        });
        return created ? site : site with { Created = false };
    }

    /// <inheritdoc/>
    public async Task InstallCertificateAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        await Task.Delay(latency * 2, clock, cancellationToken);
        if (!_sites.ContainsKey(domain.Value))
        {
            throw new InvalidOperationException($"CloudPanel has no site '{domain}'.");
        }

        _certificates[domain.Value] = true;
    }

    /// <inheritdoc/>
    public async Task DeleteSiteAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        await Task.Delay(latency, clock, cancellationToken);
        _sites.TryRemove(domain.Value, out _);
        _certificates.TryRemove(domain.Value, out _);
    }
}
