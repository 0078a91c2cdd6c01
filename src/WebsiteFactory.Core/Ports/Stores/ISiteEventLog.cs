using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// Reads the append-only <c>site_events</c> audit trail. Events are written only by <see cref="ISiteStateStore"/> and
/// <see cref="ISiteRepository"/>, in the same transaction as the change they describe.
/// </summary>
public interface ISiteEventLog
{
    /// <summary>One site's events, newest first.</summary>
    /// <param name="siteId">The site.</param>
    /// <param name="limit">At most this many (1-1000).</param>
    /// <param name="beforeId">Only events older than this id (for paging back).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task<IReadOnlyList<SiteEvent>> ListForSiteAsync(Guid siteId, int limit = 100, long? beforeId = null, CancellationToken cancellationToken = default);

    /// <summary>Events of all sites with an id above <paramref name="afterId"/>, oldest first (a live feed: pass the last id seen).</summary>
    Task<IReadOnlyList<SiteEvent>> ListSinceAsync(long afterId, int limit = 100, CancellationToken cancellationToken = default);
}
