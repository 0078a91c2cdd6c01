using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Plan;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// <c>POST /api/plan</c>: what provisioning or teardown would create, update or delete, per site and vendor, from
/// read-only vendor calls (<see cref="SitePlanner"/>). Nothing changes anywhere.
/// </summary>
public static class PlanApi
{
    /// <summary>
    /// Most sites per plan. Each site costs two Cloudflare requests (zone look-up, record list), one registrar read, one
    /// SSH session and one Matomo call; 200 sites spend a third of an account's 5-minute Cloudflare budget and a
    /// Namecheap account's per-minute budget ten times over, so bigger fleets are planned in parts.
    /// </summary>
    public const int MaxSites = 200;

    /// <summary>The body of <c>POST /api/plan</c>.</summary>
    /// <param name="Domains">The sites to plan (domains or ids).</param>
    /// <param name="AllPending">Plan every site that has not started (provision mode only).</param>
    /// <param name="Mode"><c>provision</c> (default) or <c>teardown</c>.</param>
    public sealed record PlanRequest(IReadOnlyList<string>? Domains, bool AllPending, string? Mode = null);

    /// <summary>
    /// <c>POST /api/plan</c> → 200 with the <see cref="PlanReport"/> (a vendor that could not be read is an error entry of
    /// that site, not a failed call). 400 for a bad body, a bad mode, both or neither of <c>domains</c>/<c>all_pending</c>,
    /// more than <see cref="MaxSites"/> sites or a malformed domain; 404 naming every unknown domain; 501 where the host
    /// has no vendor adapters. Operate scope: it changes nothing, but it spends the operators' vendor rate budgets.
    /// </summary>
    [ApiRoute("POST", "/api/plan", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> PlanAsync(HttpContext c, ISiteRepository sites)
    {
        ArgumentNullException.ThrowIfNull(c);
        var (body, problem) = await ApiBody.ReadAsync<PlanRequest>(c.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        var mode = PlanMode.Provision;
        if (body!.Mode is { } m && !QueryValues.TryParseEnum(m, out mode))
        {
            errors.Add(new FieldError("mode", "mode must be 'provision' or 'teardown'."));
        }

        if (body.AllPending == (body.Domains is { Count: > 0 }))
        {
            errors.Add(new FieldError("domains", "Give either a non-empty 'domains' list or 'all_pending': true."));
        }
        else if (body.AllPending && mode == PlanMode.Teardown)
        {
            errors.Add(new FieldError("all_pending", "all_pending plans provisioning; name the sites whose teardown to plan."));
        }
        else if (body.Domains is { Count: > MaxSites } tooMany)
        {
            errors.Add(new FieldError("domains", $"At most {MaxSites} sites per plan (got {tooMany.Count}); plan the rest in another call."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var (chosen, refused) = body.AllPending
            ? await PendingAsync(sites, c.RequestAborted)
            : await NamedAsync(sites, body.Domains!, c.RequestAborted);
        if (refused is not null)
        {
            return refused;
        }

        if (c.RequestServices.GetService<ICloudflareClient>() is null || c.RequestServices.GetService<ProvisioningLookups>() is null)
        {
            return ApiProblems.Status(StatusCodes.Status501NotImplemented, "Not available", "This host has no vendor adapters to read from (Server:RegisterWorkflows is off).");
        }

        var planner = c.RequestServices.GetRequiredService<SitePlanner>();
        return TypedResults.Ok(await planner.PlanAsync(chosen, mode, c.RequestAborted));
    }

    private static async Task<(List<Site> Sites, IResult? Problem)> NamedAsync(ISiteRepository sites, IReadOnlyList<string> domains, CancellationToken ct)
    {
        var chosen = new List<Site>();
        var malformed = new List<FieldError>();
        var unknown = new List<string>();
        for (var i = 0; i < domains.Count; i++)
        {
            var value = domains[i] ?? string.Empty;
            Site? site;
            if (Guid.TryParse(value, out var id))
            {
                site = await sites.GetAsync(id, ct);
            }
            else if (DomainName.TryParse(value, out var domain, out var error))
            {
                site = await sites.GetByDomainAsync(domain, ct);
            }
            else
            {
                malformed.Add(new FieldError($"domains[{i}]", error));
                continue;
            }

            if (site is null)
            {
                unknown.Add(value);
            }
            else if (chosen.All(s => s.Id != site.Id))
            {
                chosen.Add(site);
            }
        }

        return malformed.Count > 0 ? (chosen, ApiProblems.Validation(malformed))
            : unknown.Count > 0 ? (chosen, ApiProblems.NotFound($"No site has domain {string.Join(", ", unknown.Select(u => $"'{u}'"))}; nothing was planned."))
            : (chosen, null);
    }

    private static async Task<(List<Site> Sites, IResult? Problem)> PendingAsync(ISiteRepository sites, CancellationToken ct)
    {
        var chosen = new List<Site>();
        for (var offset = 0; ; offset += SiteQuery.MaxLimit)
        {
            var page = await sites.ListAsync(new SiteQuery { Progress = SiteProgressFilter.NotStarted, Offset = offset, Limit = SiteQuery.MaxLimit }, ct);

            // As in POST /api/provision: a torn-down site looks "not started" but is not waiting.
            chosen.AddRange(page.Items.Where(x => x.Lifecycle == SiteLifecycle.Active));
            if (!page.HasMore)
            {
                break;
            }
        }

        return chosen.Count == 0 ? (chosen, ApiProblems.Validation("all_pending", "No site is waiting to be provisioned."))
            : chosen.Count > MaxSites ? (chosen, ApiProblems.Validation("all_pending", $"{chosen.Count} sites are pending; at most {MaxSites} per plan. Name the sites to plan in parts."))
            : (chosen, null);
    }
}
