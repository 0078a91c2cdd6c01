using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Api.Endpoints;

/// <summary><c>POST /api/preflight</c>: runs every pre-flight check now and returns the report (read-only vendor calls only).</summary>
public static class PreflightApi
{
    /// <summary>The report on the wire.</summary>
    /// <param name="Ok">True when no check failed (warnings allowed).</param>
    /// <param name="Failed">Checks that failed.</param>
    /// <param name="Warned">Checks that warned.</param>
    /// <param name="Checks">Every check, failures first.</param>
    public sealed record PreflightResponse(bool Ok, int Failed, int Warned, IReadOnlyList<PreflightCheckResult> Checks)
    {
        /// <summary>Builds the response of a report.</summary>
        /// <param name="report">The report.</param>
        /// <returns>The response.</returns>
        public static PreflightResponse From(PreflightReport report)
        {
            ArgumentNullException.ThrowIfNull(report);
            return new(!report.HasFailures, report.Checks.Count(c => c.Result == PreflightStatus.Fail), report.Checks.Count(c => c.Result == PreflightStatus.Warn), report.Checks);
        }
    }

    /// <summary>
    /// <c>POST /api/preflight</c> → 200 with <see cref="PreflightResponse"/> whatever the checks found (a failing check is a
    /// finding, not an error of the call). Operate scope: it makes vendor calls on the operators' budgets.
    /// </summary>
    [ApiRoute("POST", "/api/preflight", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> RunAsync(PreflightRunner runner, CancellationToken ct) =>
        TypedResults.Ok(PreflightResponse.From(await runner.RunAsync(ct)));
}
