using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Reconcile;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// Drift and orphans: <c>POST /api/drift</c> runs the reconcile, <c>GET /api/drift</c> returns the latest report,
/// <c>POST /api/drift/fix</c> (admin) runs it and deletes the marked orphan DNS records it finds.
/// </summary>
public static class DriftApi
{
    /// <summary>Instance id of an on-demand reconcile (a second request while it runs joins it).</summary>
    public const string InstanceId = "reconcile";

    /// <summary>Instance id of a reconcile with fix.</summary>
    public const string FixInstanceId = "reconcile-fix";

    /// <summary>The latest report on the wire: counts first, then every finding.</summary>
    /// <param name="InstanceId">The run that produced it.</param>
    /// <param name="StartedAt">When it started.</param>
    /// <param name="FinishedAt">When it finished.</param>
    /// <param name="RequestedBy">Who asked.</param>
    /// <param name="FixRequested">Whether the run was a fix.</param>
    /// <param name="Orphans">Orphans.</param>
    /// <param name="Ghosts">Ghosts.</param>
    /// <param name="Drifted">Drifted resources.</param>
    /// <param name="Fixable">Marked orphan DNS records a fix would delete (not yet fixed).</param>
    /// <param name="Fixed">Resources the run deleted.</param>
    /// <param name="Errors">Scans that could not be read.</param>
    /// <param name="Findings">Every finding.</param>
    public sealed record DriftReportResponse(
        string InstanceId,
        DateTimeOffset StartedAt,
        DateTimeOffset FinishedAt,
        string RequestedBy,
        bool FixRequested,
        int Orphans,
        int Ghosts,
        int Drifted,
        int Fixable,
        int Fixed,
        IReadOnlyList<string> Errors,
        IReadOnlyList<DriftFinding> Findings)
    {
        /// <summary>Builds the response of a report.</summary>
        /// <param name="report">The report.</param>
        /// <returns>The response.</returns>
        public static DriftReportResponse From(DriftReport report)
        {
            ArgumentNullException.ThrowIfNull(report);
            return new(report.InstanceId, report.StartedAt, report.FinishedAt, report.RequestedBy, report.FixRequested,
                report.Count(DriftKind.Orphan), report.Count(DriftKind.Ghost), report.Count(DriftKind.Drift),
                report.Findings.Count(f => f.IsFixable && !f.Fixed), report.Findings.Count(f => f.Fixed), report.Errors, report.Findings);
        }
    }

    /// <summary>
    /// <c>GET /api/drift</c> → 200 with the latest <see cref="DriftReportResponse"/>; 404 when no reconcile has finished yet.
    /// </summary>
    [ApiRoute("GET", "/api/drift", ApiScope.Read)]
    public static async Task<IResult> GetAsync(IDriftReportStore reports, CancellationToken ct) =>
        await reports.GetLatestAsync(ct) is { } report
            ? TypedResults.Ok(DriftReportResponse.From(report))
            : ApiProblems.NotFound("No reconcile has finished yet; start one with POST /api/drift (or wait for the nightly run).");

    /// <summary>
    /// <c>POST /api/drift</c> → 202 with the management URLs of the reconcile (read-only vendor calls only); joins the
    /// running one. Operate scope: it spends the operators' vendor budgets.
    /// </summary>
    [ApiRoute("POST", "/api/drift", ApiScope.Operate, ApiRateLimit.Write)]
    public static Task<IResult> RunAsync(HttpContext c, DurableTaskClient client, OrchestratorCatalog catalog) =>
        StartAsync(c, client, catalog, fix: false);

    /// <summary>
    /// <c>POST /api/drift/fix</c> → 202: a reconcile that also deletes the marked orphan DNS records it finds (never an
    /// unmarked one, never anything else), each deletion audited with the caller as actor. Admin scope: 403 otherwise.
    /// </summary>
    [ApiRoute("POST", "/api/drift/fix", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> FixAsync(HttpContext c, DurableTaskClient client, OrchestratorCatalog catalog) =>
        StartAsync(c, client, catalog, fix: true);

    private static async Task<IResult> StartAsync(HttpContext c, DurableTaskClient client, OrchestratorCatalog catalog, bool fix)
    {
        if (!catalog.HasOrchestrator(ReconcileVendors.Name))
        {
            return ApiProblems.Status(StatusCodes.Status501NotImplemented, "Reconcile not available", "This host does not run the reconcile orchestration.");
        }

        var input = new ReconcileInput(fix, $"api:{SitesApi.Actor(c)}", c.RequestServices.GetService<ProvisionSettings>());
        var id = await InstanceStarts.StartOrJoinAsync(client, ReconcileVendors.Name, input, fix ? FixInstanceId : InstanceId, c.RequestAborted);
        return ManagementUrls.Accepted(c, id, c.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.TaskHub);
    }
}
