namespace WebsiteFactory.Workflows.Analytics;

/// <summary>Input of <see cref="NightlyAnalytics"/>.</summary>
/// <param name="Date">Run date: figures are collected up to the day before. Null = today (UTC, from the replay-safe clock). <c>wf analytics run --date</c> sets it.</param>
/// <param name="RefetchDays">Trailing days fetched again on every run (Search Console data lands 2–3 days late). Default 3.</param>
/// <param name="MaxBackfillDays">How far back a site with a gap is backfilled after downtime. Default 30.</param>
/// <param name="MaxParallel">Sites collected at once. Default 8.</param>
public sealed record NightlyAnalyticsInput(DateOnly? Date = null, int RefetchDays = 3, int MaxBackfillDays = 30, int MaxParallel = 8);
