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

    /// <summary>
    /// The orphans of the most recently finished report per finding vendor (<see cref="DriftVendors"/>), counted where the
    /// report is stored; null when no reconcile has run.
    /// </summary>
    /// <remarks>For callers that poll (<c>GET /api/metrics</c>, the metrics sampler): the report itself is not loaded.</remarks>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Vendors with at least one orphan and their counts (empty when the report has none).</returns>
    Task<IReadOnlyDictionary<string, int>?> CountLatestOrphansAsync(CancellationToken cancellationToken = default);
}
