using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports;

/// <summary>
/// What pipeline activities need from the site store: read a site, and record a step's outcome atomically
/// (status columns + external ids + one <c>site_events</c> row in one transaction).
/// </summary>
public interface ISiteStateStore
{
    /// <summary>Reads a site by id; null when it does not exist.</summary>
    Task<Site?> GetAsync(Guid siteId, CancellationToken cancellationToken = default);

    /// <summary>Reads a site by domain; null when it does not exist.</summary>
    Task<Site?> GetByDomainAsync(DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>Applies a step update and appends its audit event in one transaction.</summary>
    /// <exception cref="KeyNotFoundException">The site does not exist.</exception>
    Task RecordStepAsync(SiteStepUpdate update, CancellationToken cancellationToken = default);
}
