using WebsiteFactory.Core.Drift;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>The reconcile reports (<c>wf.drift_reports</c>): the latest one is what the API and the dashboard show.</summary>
public interface IDriftReportStore
{
    /// <summary>Stores a report (older ones beyond the retention are pruned).</summary>
    /// <param name="report">The report.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when stored.</returns>
    Task SaveAsync(DriftReport report, CancellationToken cancellationToken = default);

    /// <summary>The most recently finished report; null when no reconcile has run.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report.</returns>
    Task<DriftReport?> GetLatestAsync(CancellationToken cancellationToken = default);
}
