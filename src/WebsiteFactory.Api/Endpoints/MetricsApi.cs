using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Observability;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// <c>GET /api/metrics</c>: the numbers operators watch, as the dashboard shows them — success rate and latency per vendor
/// operation, each Cloudflare account's remaining rate budget, and the orphans the last reconcile found. The same figures
/// are exported as OpenTelemetry metrics (meter <c>WebsiteFactory.Vendors</c>; see the server's README).
/// </summary>
public static class MetricsApi
{
    /// <summary>The figures on the wire.</summary>
    /// <param name="Since">When this process started counting (operation figures are per process; the exported metrics aggregate across processes).</param>
    /// <param name="Operations">Per vendor operation, busiest first.</param>
    /// <param name="RateBudgets">Per Cloudflare account, read now from the shared budget.</param>
    /// <param name="Orphans">Per vendor and resource type, from the last reconcile (empty before the first).</param>
    public sealed record MetricsResponse(
        DateTimeOffset Since, IReadOnlyList<VendorOperationFigures> Operations, IReadOnlyList<RateBudgetReading> RateBudgets, IReadOnlyList<OrphanCount> Orphans);

    private static readonly DateTimeOffset ProcessStarted = DateTimeOffset.UtcNow;

    /// <summary><c>GET /api/metrics</c> → 200 with <see cref="MetricsResponse"/>. Read scope: figures only, no names of secrets.</summary>
    [ApiRoute("GET", "/api/metrics", ApiScope.Read)]
    public static async Task<IResult> GetAsync(VendorMetrics metrics, IRateBudgetReader budgets, IDriftReportStore reports, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(reports);
        var readings = await budgets.ReadAsync(ct);
        // Orphans from the stored report (whichever process ran the reconcile), which also refreshes this process's gauge.
        // Counted in the database: the dashboard polls this every few seconds and the report can be large.
        var orphans = OrphanCount.FromCounts(await reports.CountLatestOrphansAsync(ct));
        metrics.SetOrphanCounts(orphans);
        return TypedResults.Ok(new MetricsResponse(ProcessStarted, metrics.Snapshot(), readings, orphans));
    }
}
