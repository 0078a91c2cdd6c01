using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary><c>/api/analytics</c>: per-day rows, portfolio totals and per-site series; <c>POST /api/analytics/run?date=</c> starts the nightly aggregation that collects through that day (default yesterday).</summary>
public static class AnalyticsApi
{
    /// <summary>The longest range one query may cover.</summary>
    public const int MaxDays = 731;

    /// <summary>One day of one site.</summary>
    /// <param name="Date">The day.</param>
    /// <param name="SiteId">The site.</param>
    /// <param name="Domain">The site's domain.</param>
    /// <param name="MatomoVisits">Matomo visits.</param>
    /// <param name="GscClicks">Search Console clicks.</param>
    /// <param name="GscImpressions">Search Console impressions.</param>
    public sealed record AnalyticsRow(DateOnly Date, Guid SiteId, string? Domain, int? MatomoVisits, int? GscClicks, int? GscImpressions);

    private static (DateOnly From, DateOnly To, IResult? Problem) Range(HttpRequest request, TimeProvider clock)
    {
        var q = new QueryValues(request.Query);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = q.Date("to") ?? today;
        var from = q.Date("from") ?? to.AddDays(-29);
        if (q.Errors.Count == 0 && from > to)
        {
            q.Errors.Add(new FieldError("from", "from must not be after to."));
        }

        if (q.Errors.Count == 0 && to.DayNumber - from.DayNumber >= MaxDays)
        {
            q.Errors.Add(new FieldError("from", $"A query may cover at most {MaxDays} days."));
        }

        return (from, to, q.Errors.Count > 0 ? ApiProblems.Validation(q.Errors) : null);
    }

    /// <summary><c>GET /api/analytics?from=&amp;to=</c>: per-day rows of every site (default: the last 30 days).</summary>
    [ApiRoute("GET", "/api/analytics", ApiScope.Read)]
    public static async Task<IResult> RowsAsync(HttpRequest request, IAnalyticsRepository analytics, ISiteRepository sites, TimeProvider clock, CancellationToken ct)
    {
        var (from, to, problem) = Range(request, clock);
        if (problem is not null)
        {
            return problem;
        }

        var rows = await analytics.ListAsync(from, to, ct);
        var domains = new Dictionary<Guid, string?>();
        foreach (var id in rows.Select(r => r.SiteId).Distinct())
        {
            domains[id] = (await sites.GetAsync(id, ct))?.Domain.Value;
        }

        return TypedResults.Ok(rows.Select(r => new AnalyticsRow(r.Date, r.SiteId, domains[r.SiteId], r.MatomoVisits, r.GscClicks, r.GscImpressions)).ToList());
    }

    /// <summary><c>GET /api/analytics/totals?from=&amp;to=</c>: portfolio totals.</summary>
    [ApiRoute("GET", "/api/analytics/totals", ApiScope.Read)]
    public static async Task<IResult> TotalsAsync(HttpRequest request, IAnalyticsRepository analytics, TimeProvider clock, CancellationToken ct)
    {
        var (from, to, problem) = Range(request, clock);
        return problem ?? TypedResults.Ok(await analytics.GetTotalsAsync(from, to, ct));
    }

    /// <summary><c>GET /api/analytics/sites/{site}?from=&amp;to=</c>: one site's series.</summary>
    [ApiRoute("GET", "/api/analytics/sites/{site}", ApiScope.Read)]
    public static async Task<IResult> SiteAsync(string site, HttpRequest request, IAnalyticsRepository analytics, ISiteRepository sites, TimeProvider clock, CancellationToken ct)
    {
        var (from, to, problem) = Range(request, clock);
        if (problem is not null)
        {
            return problem;
        }

        var (found, notFound) = await SiteLocator.FindAsync(sites, site, ct);
        if (notFound is not null)
        {
            return notFound;
        }

        var rows = await analytics.ListForSiteAsync(found!.Id, from, to, ct);
        return TypedResults.Ok(rows.Select(r => new AnalyticsRow(r.Date, r.SiteId, found.Domain.Value, r.MatomoVisits, r.GscClicks, r.GscImpressions)).ToList());
    }

    /// <summary><c>POST /api/analytics/run?date=</c>: starts the nightly aggregation through that day (default yesterday) → 202 + management payload.</summary>
    [ApiRoute("POST", "/api/analytics/run", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> RunAsync(HttpContext c, DurableTaskClient client, OrchestratorCatalog catalog, TimeProvider clock, IOptions<ApiOptions> options)
    {
        var q = new QueryValues(c.Request.Query);
        var date = q.Date("date") ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);
        if (q.Errors.Count > 0)
        {
            return ApiProblems.Validation(q.Errors);
        }

        if (date >= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            // Today is not over: its visits would be stored incomplete and read as a traffic drop.
            return ApiProblems.Validation("date", "date must be a finished day (before today, UTC).");
        }

        if (!catalog.HasOrchestrator(ProvisioningContract.NightlyAnalytics))
        {
            return ApiProblems.Status(StatusCodes.Status501NotImplemented, "Not available", $"The '{ProvisioningContract.NightlyAnalytics}' orchestration is not registered in this host.");
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            ProvisioningContract.NightlyAnalytics,
            // date is the last day to collect; the orchestration takes the night it runs (the day after).
            new WebsiteFactory.Workflows.Analytics.NightlyAnalyticsInput(date.AddDays(1)),
            new Microsoft.DurableTask.StartOrchestrationOptions($"analytics-{date:yyyy-MM-dd}-{Guid.NewGuid():N}"[..48]),
            c.RequestAborted);
        return ManagementUrls.Accepted(c, id, options.Value.TaskHub);
    }
}
