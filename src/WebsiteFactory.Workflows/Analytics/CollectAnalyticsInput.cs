namespace WebsiteFactory.Workflows.Analytics;

/// <summary>Input of <see cref="Activities.CollectAnalyticsActivity"/>.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Through">Last day to collect (inclusive).</param>
/// <param name="RefetchDays">Trailing days fetched again.</param>
/// <param name="MaxBackfillDays">Backfill limit.</param>
public sealed record CollectAnalyticsInput(Guid SiteId, DateOnly Through, int RefetchDays, int MaxBackfillDays);
