namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Portfolio totals for one day (sums over sites; nulls count as zero, <see cref="Sites"/> counts rows).</summary>
/// <param name="Date">The day.</param>
/// <param name="Sites">Sites with a row that day.</param>
/// <param name="MatomoVisits">Sum of visits.</param>
/// <param name="GscClicks">Sum of clicks.</param>
/// <param name="GscImpressions">Sum of impressions.</param>
public sealed record DailyAnalyticsTotal(DateOnly Date, int Sites, long MatomoVisits, long GscClicks, long GscImpressions);
