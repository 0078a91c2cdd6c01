using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>The <c>daily_analytics</c> table: idempotent upserts from the nightly job, range queries for charts.</summary>
public interface IAnalyticsRepository
{
    /// <summary>
    /// Inserts or updates rows by <c>(date, site_id)</c> in one transaction. A null figure leaves the stored value alone,
    /// so the Matomo and Search Console passes can write independently and re-runs change nothing.
    /// </summary>
    /// <returns>Rows written.</returns>
    /// <exception cref="UnknownReferenceException">A site id does not exist (nothing is written).</exception>
    /// <exception cref="EntityValidationException">A figure is negative.</exception>
    Task<int> UpsertAsync(IReadOnlyList<DailyAnalytics> rows, CancellationToken cancellationToken = default);

    /// <summary>One site's rows from <paramref name="from"/> to <paramref name="to"/> inclusive, by date.</summary>
    Task<IReadOnlyList<DailyAnalytics>> ListForSiteAsync(Guid siteId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>All sites' rows in the range, by date then site.</summary>
    Task<IReadOnlyList<DailyAnalytics>> ListAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Portfolio totals per day in the range (days without rows are absent).</summary>
    Task<IReadOnlyList<DailyAnalyticsTotal>> GetTotalsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest date the source has a figure for, for one site or (null) any site; null when none. The nightly job
    /// backfills from here after downtime.
    /// </summary>
    Task<DateOnly?> GetLatestDateAsync(AnalyticsSource source, Guid? siteId = null, CancellationToken cancellationToken = default);
}
