namespace WebsiteFactory.Workflows.Analytics;

/// <summary>Summary of a nightly run.</summary>
/// <param name="Through">Last day collected.</param>
/// <param name="Sites">Sites processed.</param>
/// <param name="RowsWritten">Rows upserted.</param>
/// <param name="Failures">Per-site problems (vendor missing, activity failure), one line each.</param>
/// <param name="Anomalies">Anomalies, one line each.</param>
public sealed record NightlyAnalyticsResult(DateOnly Through, int Sites, int RowsWritten, IReadOnlyList<string> Failures, IReadOnlyList<string> Anomalies);
