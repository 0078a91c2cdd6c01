using Microsoft.AspNetCore.Http.HttpResults;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary><c>/api/sites</c>: list with filters and paging, summary, create, get, update, delete, events (import: <c>SitesApi.Import.cs</c>).</summary>
public static partial class SitesApi
{
    /// <summary>A page of sites.</summary>
    /// <param name="Items">The sites.</param>
    /// <param name="TotalCount">How many match the filter.</param>
    /// <param name="Offset">The offset of the first item.</param>
    /// <param name="Limit">The page size.</param>
    /// <param name="HasMore">Whether more pages follow.</param>
    public sealed record SitePage(IReadOnlyList<SiteDto> Items, long TotalCount, int Offset, int Limit, bool HasMore);

    /// <summary>A site event (audit trail).</summary>
    /// <param name="Id">The event id (increasing).</param>
    /// <param name="SiteId">The site.</param>
    /// <param name="Step">The step.</param>
    /// <param name="Outcome">What happened.</param>
    /// <param name="Message">Details (redacted).</param>
    /// <param name="Actor">Who or what did it.</param>
    /// <param name="At">When.</param>
    public sealed record SiteEventDto(long Id, Guid SiteId, SiteStep Step, StepOutcome Outcome, string? Message, string Actor, DateTimeOffset At)
    {
        /// <summary>Maps an event.</summary>
        /// <param name="e">The event.</param>
        /// <returns>The DTO.</returns>
        public static SiteEventDto From(SiteEvent e) => new(e.Id, e.SiteId, e.Step, e.Outcome, SecretRedactor.Redact(e.Message), e.Actor, e.At);
    }

    /// <summary>
    /// The lifecycle states <c>GET /api/sites</c> shows when <c>lifecycle</c> is not given: every state but
    /// <c>deleted</c>. A fleet run for years gathers torn-down sites, which are history (their row and audit trail are
    /// kept) rather than work; <c>lifecycle=all</c> or <c>lifecycle=deleted</c> shows them.
    /// </summary>
    public static readonly IReadOnlyList<SiteLifecycle> DefaultLifecycles = [SiteLifecycle.Active, SiteLifecycle.Deleting, SiteLifecycle.Error];

    /// <summary>
    /// Reads <c>lifecycle</c>: a comma-separated list of states (<c>active,error</c>), or <c>all</c>; absent:
    /// <see cref="DefaultLifecycles"/>. Null means any state.
    /// </summary>
    /// <param name="q">The query values (errors are added to it).</param>
    /// <returns>The states, or null for any.</returns>
    public static IReadOnlyList<SiteLifecycle>? Lifecycles(QueryValues q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var text = q.Text("lifecycle");
        if (text is null)
        {
            return DefaultLifecycles;
        }

        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var states = new List<SiteLifecycle>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!QueryValues.TryParseEnum<SiteLifecycle>(part, out var state))
            {
                q.Errors.Add(new FieldError("lifecycle", $"lifecycle must be 'all' or a comma-separated list of: {string.Join(", ", Enum.GetNames<SiteLifecycle>().Select(QueryValues.Snake))}."));
                return null;
            }

            states.Add(state);
        }

        return states.Count == 0 ? DefaultLifecycles : states;
    }

    /// <summary>
    /// <c>GET /api/sites</c>: a filtered, ordered page of sites. Deleted (torn-down) sites are left out unless
    /// <c>lifecycle</c> asks for them (<see cref="Lifecycles"/>).
    /// </summary>
    [ApiRoute("GET", "/api/sites", ApiScope.Read)]
    public static async Task<IResult> ListAsync(HttpRequest request, ISiteRepository sites, CancellationToken ct)
    {
        var q = new QueryValues(request.Query);
        var query = new SiteQuery
        {
            Progress = q.Enum<SiteProgressFilter>("progress") ?? SiteProgressFilter.Any,
            Search = q.Text("search"),
            StatusDns = q.Enum<DnsStatus>("status_dns"),
            StatusHosting = q.Enum<HostingStatus>("status_hosting"),
            StatusContent = q.Enum<ContentStatus>("status_content"),
            StatusDeployment = q.Enum<DeploymentStatus>("status_deployment"),
            GscVerificationStatus = q.Enum<GscVerificationStatus>("gsc_verification_status"),
            CloudflareAccountId = q.Id("cloudflare_account_id"),
            RegistrarAccountId = q.Id("registrar_account_id"),
            ServerId = q.Id("server_id"),
            GscAccountId = q.Id("gsc_account_id"),
            Lifecycles = Lifecycles(q),
            OrderBy = q.Enum<SiteSortOrder>("order_by") ?? SiteSortOrder.Domain,
            Descending = q.Bool("descending"),
            Offset = q.Number("offset", 0),
            Limit = q.Number("limit", 50),
        };
        var errors = q.Errors.Concat(query.Validate()).ToList();
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await sites.ListAsync(query, ct);
        return TypedResults.Ok(new SitePage([.. page.Items.Select(SiteDto.From)], page.TotalCount, page.Offset, page.Limit, page.HasMore));
    }

    /// <summary><c>GET /api/sites/summary</c>: site counts by progress.</summary>
    [ApiRoute("GET", "/api/sites/summary", ApiScope.Read)]
    public static async Task<Ok<Dictionary<string, long>>> SummaryAsync(ISiteRepository sites, CancellationToken ct) =>
        TypedResults.Ok((await sites.CountByProgressAsync(ct)).ToDictionary(kv => QueryValues.Snake(kv.Key.ToString()), kv => kv.Value));

    /// <summary><c>POST /api/sites</c>: creates a site (201 + <c>Location</c>).</summary>
    [ApiRoute("POST", "/api/sites", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> CreateAsync(HttpContext ctx, ISiteRepository sites)
    {
        var (body, problem) = await ApiBody.ReadAsync<SiteRequest>(ctx.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        DomainName? domain = null;
        if (!DomainName.TryParse(body!.Domain, out domain, out var domainError))
        {
            errors.Add(new FieldError("domain", domainError));
        }

        var candidate = new NewSite
        {
            Domain = domain ?? DomainName.Parse("example.com", System.Globalization.CultureInfo.InvariantCulture),
            Id = Guid.CreateVersion7(),
            CloudflareAccountId = body.CloudflareAccountId,
            RegistrarAccountId = body.RegistrarAccountId,
            ServerId = body.ServerId,
            GscAccountId = body.GscAccountId,
            Brand = body.Brand,
            Niche = body.Niche,
            Language = body.Language ?? "en",
        };
        errors.AddRange(candidate.Validate());
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var site = await sites.CreateAsync(candidate, Actor(ctx), ctx.RequestAborted);
        return TypedResults.Created($"/api/sites/{site.Domain}", SiteDto.From(site));
    }

    /// <summary><c>GET /api/sites/{site}</c>: one site by domain or id.</summary>
    [ApiRoute("GET", "/api/sites/{site}", ApiScope.Read)]
    public static async Task<IResult> GetAsync(string site, ISiteRepository sites, CancellationToken ct)
    {
        var (found, problem) = await SiteLocator.FindAsync(sites, site, ct);
        return problem ?? TypedResults.Ok(SiteDto.From(found!));
    }

    /// <summary><c>PUT /api/sites/{site}</c>: replaces the editable fields (the domain cannot change).</summary>
    [ApiRoute("PUT", "/api/sites/{site}", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> UpdateAsync(HttpContext ctx, string site, ISiteRepository sites)
    {
        var (found, notFound) = await SiteLocator.FindAsync(sites, site, ctx.RequestAborted);
        if (notFound is not null)
        {
            return notFound;
        }

        var (body, problem) = await ApiBody.ReadAsync<SiteRequest>(ctx.Request);
        if (problem is not null)
        {
            return problem;
        }

        var edit = new SiteEdit
        {
            CloudflareAccountId = body!.CloudflareAccountId,
            RegistrarAccountId = body.RegistrarAccountId,
            ServerId = body.ServerId,
            GscAccountId = body.GscAccountId,
            Brand = body.Brand,
            Niche = body.Niche,
            Language = body.Language ?? "en",
        };
        var errors = edit.Validate().ToList();
        if (body.Domain is not null && (!DomainName.TryParse(body.Domain, out var d, out _) || d != found!.Domain))
        {
            errors.Add(new FieldError("domain", "The domain of a site cannot be changed; delete it and create a new one."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var updated = await sites.UpdateAsync(found!.Id, edit, Actor(ctx), ctx.RequestAborted);
        return TypedResults.Ok(SiteDto.From(updated));
    }

    /// <summary><c>DELETE /api/sites/{site}</c>: deletes a site (204).</summary>
    [ApiRoute("DELETE", "/api/sites/{site}", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> DeleteAsync(string site, ISiteRepository sites, CancellationToken ct)
    {
        var (found, problem) = await SiteLocator.FindAsync(sites, site, ct);
        if (problem is not null)
        {
            return problem;
        }

        await sites.DeleteAsync(found!.Id, ct);
        return TypedResults.NoContent();
    }

    /// <summary><c>GET /api/sites/{site}/events?limit=&amp;before=</c>: the site's audit trail, newest first, redacted.</summary>
    [ApiRoute("GET", "/api/sites/{site}/events", ApiScope.Read)]
    public static async Task<IResult> EventsAsync(string site, HttpRequest request, ISiteRepository sites, ISiteEventLog events, CancellationToken ct)
    {
        var q = new QueryValues(request.Query);
        var limit = q.Number("limit", 100);
        long? before = q.Text("before") is { } b ? (long.TryParse(b, out var v) ? v : null) : null;
        if (limit is < 1 or > 1000)
        {
            q.Errors.Add(new FieldError("limit", "limit must be between 1 and 1000."));
        }

        if (q.Text("before") is not null && before is null)
        {
            q.Errors.Add(new FieldError("before", "before must be an event id."));
        }

        if (q.Errors.Count > 0)
        {
            return ApiProblems.Validation(q.Errors);
        }

        var (found, problem) = await SiteLocator.FindAsync(sites, site, ct);
        if (problem is not null)
        {
            return problem;
        }

        var list = await events.ListForSiteAsync(found!.Id, limit, before, ct);
        return TypedResults.Ok(list.Select(SiteEventDto.From).ToList());
    }

    /// <summary>Who made the change, for the audit trail.</summary>
    /// <param name="ctx">The request.</param>
    /// <returns>The caller's name.</returns>
    internal static string Actor(HttpContext ctx) => ctx.User.Identity?.Name ?? "api";
}
