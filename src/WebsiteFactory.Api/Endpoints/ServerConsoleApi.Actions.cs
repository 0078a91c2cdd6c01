using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>The allow-listed actions and their audit.</summary>
public static partial class ServerConsoleApi
{
    /// <summary>Action request body (optional for actions without a site).</summary>
    /// <param name="Site">The site's domain (renew-certificate).</param>
    public sealed record ActionRequest(string? Site);

    /// <summary>Action response.</summary>
    /// <param name="Action">The action's name.</param>
    /// <param name="Site">The site, when the action has one.</param>
    /// <param name="Succeeded">Whether the server did it.</param>
    /// <param name="Message">What the server said.</param>
    /// <param name="AuditId">The audit row of the outcome.</param>
    public sealed record ActionDto(string Action, string? Site, bool Succeeded, string Message, long AuditId);

    /// <summary>One audit row.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Action">The action's name.</param>
    /// <param name="Target">The site, when the action has one.</param>
    /// <param name="Outcome">started, succeeded or failed.</param>
    /// <param name="Message">What the server said.</param>
    /// <param name="Actor">Who ran it.</param>
    /// <param name="At">When.</param>
    public sealed record AuditDto(long Id, string Action, string? Target, string Outcome, string? Message, string Actor, DateTimeOffset At);

    /// <summary>
    /// <c>POST /api/servers/{id}/actions/{action}</c>: runs one allow-listed action (<c>reload-nginx</c>;
    /// <c>renew-certificate</c> with <c>{"site": "example.com"}</c>). Anything else is a 400 before the server is even looked
    /// up, so nothing runs. The start and the outcome are audited with the caller. 200 with <c>succeeded</c> false when the
    /// server refused (nginx -t failed, Let's Encrypt could not validate).
    /// </summary>
    [ApiRoute("POST", "/api/servers/{id:guid}/actions/{action}", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> ActionAsync(Guid id, string action, HttpContext c)
    {
        if (!ServerActions.TryParse(action, out var allowed))
        {
            return ApiProblems.Validation("action", $"'{Truncate(action, 60)}' is not an allowed server action; allowed: {string.Join(", ", ServerActions.ByName.Keys)}.");
        }

        string? siteText = null;
        if (c.Request.ContentLength is > 0 || c.Request.HasJsonContentType())
        {
            var (body, problem) = await ApiBody.ReadAsync<ActionRequest>(c.Request);
            if (problem is not null)
            {
                return problem;
            }

            siteText = body!.Site;
        }

        DomainName? domain = null;
        if (ServerActions.NeedsSite(allowed) && !DomainName.TryParse(siteText, out domain, out var domainError))
        {
            return ApiProblems.Validation("site", domainError ?? $"{action} needs the site's domain.");
        }

        return await WithServerAsync(c, id, async (console, server, ct) =>
        {
            Site? site = null;
            if (domain is not null)
            {
                site = await c.RequestServices.GetRequiredService<ISiteRepository>().GetByDomainAsync(domain, ct);
                if (site is null || site.ServerId != server.Id)
                {
                    return ApiProblems.NotFound($"No site {domain} is hosted on server '{server.Name}'.");
                }
            }

            var audit = c.RequestServices.GetRequiredService<IServerActionLog>();
            var actor = SitesApi.Actor(c);
            var entry = new ServerActionEntry { ServerId = server.Id, ServerName = server.Name, Action = allowed, Target = domain?.Value, Outcome = StepOutcome.Started, Actor = actor };
            await audit.AppendAsync(entry, ct);
            ServerActionResult result;
            try
            {
                result = await console.RunActionAsync(server, allowed, domain, ct);
            }
            catch (Exception e) when (e is Core.Errors.ProviderException or OperationCanceledException)
            {
                // Recorded even when the caller went away: the audit must not end on "started" for a command that ran.
                await audit.AppendAsync(entry with { Outcome = StepOutcome.Failed, Message = e.Message }, CancellationToken.None);
                throw;
            }

            var auditId = await audit.AppendAsync(entry with { Outcome = result.Succeeded ? StepOutcome.Succeeded : StepOutcome.Failed, Message = result.Message }, CancellationToken.None);
            if (site is not null)
            {
                await c.RequestServices.GetRequiredService<ISiteStateStore>().RecordStepAsync(
                    new SiteStepUpdate
                    {
                        SiteId = site.Id,
                        Step = SiteStep.Certificate,
                        Outcome = result.Succeeded ? StepOutcome.Info : StepOutcome.Warning,
                        Message = $"{ServerActions.Name(allowed)} from the server console: {result.Message}",
                        Actor = actor,
                    },
                    CancellationToken.None);
            }

            return TypedResults.Ok(new ActionDto(ServerActions.Name(allowed), domain?.Value, result.Succeeded, SecretRedactor.Redact(result.Message) ?? string.Empty, auditId));
        });
    }

    /// <summary><c>GET /api/servers/{id}/actions?limit=</c>: the server's action audit, newest first (50 by default, at most 1000).</summary>
    [ApiRoute("GET", "/api/servers/{id:guid}/actions", ApiScope.Admin)]
    public static async Task<IResult> AuditAsync(Guid id, HttpContext c, IServerActionLog audit)
    {
        var limit = 50;
        if (c.Request.Query.ContainsKey("limit")
            && (!int.TryParse(c.Request.Query["limit"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return ApiProblems.Validation("limit", "Limit must be between 1 and 1000.");
        }

        var rows = await audit.ListForServerAsync(id, limit, c.RequestAborted);
        return TypedResults.Ok(rows.Select(r => new AuditDto(r.Id, ServerActions.Name(r.Action), r.Target, r.Outcome.ToString().ToLowerInvariant(), SecretRedactor.Redact(r.Message), r.Actor, r.At)).ToList());
    }

    private static string Truncate(string? text, int max) => text is null ? string.Empty : text.Length <= max ? text : text[..max] + "…";
}
