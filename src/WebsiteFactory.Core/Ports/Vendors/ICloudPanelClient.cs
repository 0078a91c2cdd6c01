using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// CloudPanel over SSH (<c>clpctl</c>). The host key is pinned (never trusted on first use); every argument is validated
/// and quoted before it reaches the remote shell. Failures surface as <see cref="Errors.ProviderException"/> only.
/// </summary>
public interface ICloudPanelClient
{
    /// <summary>
    /// Creates a static site, or confirms the existing one belongs to <paramref name="domain"/> and
    /// <paramref name="siteUser"/> (then it is success). A site held by another user is a permanent error.
    /// </summary>
    /// <param name="server">The server (address, pinned host key, key secret name).</param>
    /// <param name="domain">The site's domain.</param>
    /// <param name="siteUser">The Linux user to create.</param>
    /// <param name="passwordSecretName">Secret name of the site user's password (value read from the secret store).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task<CloudPanelSite> EnsureStaticSiteAsync(HostingServer server, DomainName domain, SiteUser siteUser, string passwordSecretName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues and installs a Let's Encrypt certificate for the site (apex and www). Idempotent: when the server already
    /// serves a CA-issued certificate for both names that is not about to expire, nothing is ordered (a replay after a crash
    /// must not spend Let's Encrypt's 5-per-week duplicate-certificate limit).
    /// </summary>
    Task InstallCertificateAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>Deletes the site (vhost, user, home). An unknown site is success.</summary>
    Task DeleteSiteAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Read-only: finds the static site of <paramref name="domain"/> on the server (its doc root under any site user's
    /// home) and judges the certificate it serves, without changing anything (a fixed <c>test</c>/<c>openssl x509</c>
    /// command; the domain is validated and quoted). Null when the server has no such site. Used by the plan.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="domain">The site's domain.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The site, or null.</returns>
    Task<HostedSite?> FindSiteAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the sites on the server by their doc roots (<c>{home}/{siteUser}/htdocs/{domain}</c>), with one fixed read-only
    /// command. <see cref="CloudPanelSite.Created"/> is false for each.
    /// </summary>
    Task<IReadOnlyList<CloudPanelSite>> ListSitesAsync(HostingServer server, CancellationToken cancellationToken = default);
}
