using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// Matomo sites and visit reports. The token is sent in the POST body only. Failures surface as
/// <see cref="Errors.ProviderException"/> only.
/// </summary>
public interface IMatomoClient
{
    /// <summary>
    /// Deletes the Matomo site and its data (<c>SitesManager.deleteSite</c>). An unknown id is success ("already gone").
    /// Matomo refuses to delete its only site; that surfaces as a permanent error.
    /// </summary>
    Task DeleteSiteAsync(int siteId, CancellationToken cancellationToken = default);

    /// <summary>Finds the site id tracking <c>https://{domain}</c> (any http/https/www variant); null when none.</summary>
    Task<int?> FindSiteIdAsync(DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the site id for the domain, creating the site (urls <c>https://{domain}</c> and
    /// <c>https://www.{domain}</c>) when the lookup finds none. <c>addSite</c> is not idempotent at Matomo, hence the lookup.
    /// </summary>
    Task<int> EnsureSiteAsync(DomainName domain, string siteName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads <c>VisitsSummary.get</c> per day for the inclusive range. Days Matomo has no data for are returned with
    /// zero visits (Matomo sends <c>[]</c> for them).
    /// </summary>
    Task<IReadOnlyList<VisitsSummary>> GetDailyVisitsAsync(int siteId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Lists every Matomo site the token can administer (<c>SitesManager.getSitesWithAdminAccess</c>, read-only).</summary>
    Task<IReadOnlyList<MatomoSiteInfo>> ListSitesAsync(CancellationToken cancellationToken = default);
}
