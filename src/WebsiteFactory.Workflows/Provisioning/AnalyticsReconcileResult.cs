namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>What the reconcile sweep (<see cref="Activities.ReconcileAnalyticsActivity"/>) did.</summary>
/// <param name="Started">Background Matomo retries it started (one per site).</param>
/// <param name="AlreadyRunning">Sites whose retry (or provisioning) was still active, left alone.</param>
public sealed record AnalyticsReconcileResult(int Started, int AlreadyRunning);
