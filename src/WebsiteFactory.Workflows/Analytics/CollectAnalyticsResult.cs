namespace WebsiteFactory.Workflows.Analytics;

/// <summary>What one site's collection did.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="RowsWritten">Rows upserted into <c>daily_analytics</c>.</param>
/// <param name="MatomoError">Why Matomo figures are missing, if they are (null when fine or not configured).</param>
/// <param name="SearchConsoleError">Why Search Console figures are missing, if they are.</param>
/// <param name="Anomaly">An anomaly found in the last day (e.g. visits dropped more than 50% against the 7-day median).</param>
public sealed record CollectAnalyticsResult(Guid SiteId, int RowsWritten, string? MatomoError = null, string? SearchConsoleError = null, string? Anomaly = null);
