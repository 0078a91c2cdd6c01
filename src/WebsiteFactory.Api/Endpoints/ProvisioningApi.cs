using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// Starting work: <c>POST /api/sites/{site}/provision</c>, <c>POST /api/provision</c> (batch),
/// <c>POST /api/sites/{site}/retry</c>, <c>POST /api/sites/{site}/teardown</c>, <c>POST /api/sites/{site}/rollback</c>,
/// <c>POST /api/sites/{site}/redeploy</c>, <c>POST /api/sites/{site}/regenerate</c>.
/// Starts answer 202 with <c>Location</c> and the Durable Functions management payload.
/// </summary>
/// <remarks>
/// A failed run is a <b>Failed</b> instance (a step's final failure is recorded on the site, then fails the instance with
/// <c>SiteStepFailedException</c>). Retry rewinds it: the completed steps keep their recorded results and only the
/// failed step and what follows run again. Only when there is no failed instance to rewind (never run, purged,
/// completed or terminated) does retry start a fresh run, whose steps look up before they create.
/// </remarks>
public static partial class ProvisioningApi
{
    /// <summary>The body of <c>POST /api/provision</c>.</summary>
    /// <param name="Domains">The sites to provision (domains or ids).</param>
    /// <param name="AllPending">Provision every site that has not started.</param>
    /// <param name="SkipPreflight">Start without pre-flight (admin scope only; see <see cref="PreflightGate"/>).</param>
    public sealed record BatchRequest(IReadOnlyList<string>? Domains, bool AllPending, bool SkipPreflight = false);

    private static string Hub(HttpContext c) => c.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.TaskHub;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotAvailable(string orchestrator) => ApiProblems.Status(
        StatusCodes.Status501NotImplemented,
        "Not available",
        $"The '{orchestrator}' orchestration is not registered in this host.");

    /// <summary><c>POST /api/sites/{site}/provision</c>: starts (or joins the running) provisioning of a site → 202 + management payload.</summary>
    [ApiRoute("POST", "/api/sites/{site}/provision", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> ProvisionAsync(HttpContext c, string site, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog)
    {
        var (found, problem) = await SiteLocator.FindAsync(sites, site, c.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (!catalog.HasOrchestrator(ProvisioningContract.ProvisionSite))
        {
            return NotAvailable(ProvisioningContract.ProvisionSite);
        }

        // Idempotent: while the site's instance runs, starting again returns the running instance. Another operation of
        // the site (rollback, redeploy, ...) running is a 409.
        var instanceId = ProvisioningContract.SiteInstanceId(found!.Domain);
        return await SiteOperations.ExclusiveAsync(c, found, instanceId, client, async () =>
        {
            var id = await InstanceStarts.StartOrJoinAsync(
                client,
                ProvisioningContract.ProvisionSite,
                ProvisioningContract.SiteInput(found, c.RequestServices.GetService<ProvisionSettings>()),
                instanceId,
                c.RequestAborted);
            return ManagementUrls.Accepted(c, id, Hub(c));
        });
    }

    /// <summary>
    /// <c>POST /api/provision</c>: <c>{domains:[…]}</c> or <c>{all_pending:true}</c> → one <c>batch-…</c> instance, 202 +
    /// management payload; 409 naming them (<c>busy</c>) when a site of the batch has another operation running
    /// (<see cref="SiteOperations"/>).
    /// </summary>
    [ApiRoute("POST", "/api/provision", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> BatchAsync(HttpContext c, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog)
    {
        var (body, problem) = await ApiBody.ReadAsync<BatchRequest>(c.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        var chosen = new List<Site>();
        if (body!.AllPending == (body.Domains is { Count: > 0 }))
        {
            errors.Add(new FieldError("domains", "Give either a non-empty 'domains' list or 'all_pending': true."));
        }
        else if (body.Domains is { } domains)
        {
            if (domains.Count > 5000)
            {
                errors.Add(new FieldError("domains", "At most 5000 sites per batch."));
            }

            for (var i = 0; i < domains.Count && errors.Count < 100; i++)
            {
                var (s, p) = await SiteLocator.FindAsync(sites, domains[i] ?? string.Empty, c.RequestAborted);
                if (p is not null || s is null)
                {
                    errors.Add(new FieldError($"domains[{i}]", s is null && DomainName.TryParse(domains[i], out _, out _) ? $"No site has domain '{domains[i]}'." : $"'{domains[i]}' is not a valid domain."));
                }
                else if (chosen.All(x => x.Id != s.Id))
                {
                    chosen.Add(s);
                }
            }
        }
        else
        {
            for (var offset = 0; ; offset += SiteQuery.MaxLimit)
            {
                var page = await sites.ListAsync(new SiteQuery { Progress = SiteProgressFilter.NotStarted, Offset = offset, Limit = SiteQuery.MaxLimit }, c.RequestAborted);
                // A torn-down site looks "not started" (its statuses are pending again) but is not waiting: it is
                // provisioned again only when named.
                chosen.AddRange(page.Items.Where(x => x.Lifecycle == SiteLifecycle.Active));
                if (!page.HasMore)
                {
                    break;
                }
            }

            if (chosen.Count == 0)
            {
                errors.Add(new FieldError("all_pending", "No site is waiting to be provisioned."));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (!catalog.HasOrchestrator(ProvisioningContract.ProvisionBatch))
        {
            return NotAvailable(ProvisioningContract.ProvisionBatch);
        }

        // One operation per site: a batch naming a site that another operation (teardown, rollback, ...) holds is refused
        // whole, naming them. This read takes no lock; each child checks again under its site's lock before its first
        // step (ProvisionSiteInput.Exclusive), which covers an operation started after this point.
        if (await SiteOperations.BusySitesAsync(chosen, client, c.RequestAborted) is { Count: > 0 } busy)
        {
            return SiteOperations.BatchBusy(busy);
        }

        // Pre-flight (tokens, allow-lists, host keys, disks) for the accounts and servers the batch uses.
        if (await PreflightGate.CheckAsync(c, body.SkipPreflight, chosen) is { } refused)
        {
            return refused;
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            ProvisioningContract.ProvisionBatch,
            ProvisioningContract.BatchInput(chosen, c.RequestServices.GetService<ProvisionSettings>()),
            new Microsoft.DurableTask.StartOrchestrationOptions("batch-" + Guid.CreateVersion7().ToString("N")),
            c.RequestAborted);
        return ManagementUrls.Accepted(c, id, Hub(c));
    }

    /// <summary><c>POST /api/sites/{site}/retry</c>: rewinds the Failed instance, else starts a fresh run; 409 while running.</summary>
    [ApiRoute("POST", "/api/sites/{site}/retry", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> RetryAsync(HttpContext c, string site, string? fromStep, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog)
    {
        SiteStep? step = null;
        if (fromStep is not null)
        {
            if (!QueryValues.TryParseEnum<SiteStep>(fromStep, out var parsed))
            {
                return ApiProblems.Validation("fromStep", $"fromStep must be one of: {string.Join(", ", Enum.GetNames<SiteStep>().Select(QueryValues.Snake))}.");
            }

            step = parsed;
        }

        var (found, problem) = await SiteLocator.FindAsync(sites, site, c.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (!catalog.HasOrchestrator(ProvisioningContract.ProvisionSite))
        {
            return NotAvailable(ProvisioningContract.ProvisionSite);
        }

        var id = ProvisioningContract.SiteInstanceId(found!.Domain);
        return await SiteOperations.ExclusiveAsync(c, found, id, client, () => RetryOrRewindAsync(c, found, id, step, client));
    }

    /// <summary>
    /// The retry itself, under the site's lock: rewind the Failed instance, else start a fresh run; 409 while running. A
    /// failed run that was rolled back or torn down since is started afresh: its history's resources are gone.
    /// </summary>
    private static async Task<IResult> RetryOrRewindAsync(HttpContext c, Site found, string id, SiteStep? step, DurableTaskClient client)
    {
        var current = await client.GetInstanceAsync(id, c.RequestAborted);
        if (current is { RuntimeStatus: OrchestrationRuntimeStatus.Failed } && !await TornDownSinceAsync(c.RequestServices.GetRequiredService<ISiteEventLog>(), found, current.CreatedAt, c.RequestAborted))
        {
            // Rewind replays the completed steps from history and re-runs the failed step and what follows; finished work
            // is not redone. fromStep cannot move that point: it is only recorded in the reason.
            var reason = $"Retry requested by {SitesApi.Actor(c)}" + (step is null ? string.Empty : $" (from step {QueryValues.Snake(step.Value.ToString())})");
            try
            {
                await client.RewindInstanceAsync(id, reason, c.RequestAborted);
            }
            catch (InvalidOperationException)
            {
                // No longer Failed: another retry got there first, or it was restarted.
                var now = await client.GetInstanceAsync(id, c.RequestAborted);
                return now is not null && StatusResponse.IsActive(now.RuntimeStatus)
                    ? ManagementUrls.Accepted(c, id, Hub(c))
                    : ApiProblems.Status(StatusCodes.Status409Conflict, "Not failed", $"Provisioning of '{found.Domain}' is {now?.RuntimeStatus.ToString() ?? "gone"}; retry again.");
            }

            await SiteOperations.WaitForRewindAsync(client, id, current.LastUpdatedAt, c.RequestAborted);
            return ManagementUrls.Accepted(c, id, Hub(c));
        }

        if (current is not null && StatusResponse.IsActive(current.RuntimeStatus))
        {
            return SiteOperations.Busy(found.Domain, id, "provision", current.RuntimeStatus);
        }

        // No failed instance to rewind (never run, purged, completed, terminated): run the pipeline again. Every step looks
        // up before it creates, so steps that already succeeded finish at once without changing anything.
        try
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync(
                ProvisioningContract.ProvisionSite,
                ProvisioningContract.SiteInput(found, c.RequestServices.GetService<ProvisionSettings>()),
                new Microsoft.DurableTask.StartOrchestrationOptions(id),
                c.RequestAborted);
        }
        catch (InvalidOperationException)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Already running", $"Provisioning of '{found.Domain}' was started meanwhile.");
        }

        return ManagementUrls.Accepted(c, id, Hub(c));
    }

    /// <summary><c>POST /api/sites/{site}/rollback</c>: switches a hosted site back to its previous release.</summary>
    [ApiRoute("POST", "/api/sites/{site}/rollback", ApiScope.Operate, ApiRateLimit.Write)]
    public static Task<IResult> RollbackAsync(HttpContext c, string site, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog) =>
        ContentActionAsync(c, site, sites, client, catalog, ProvisioningContract.RollbackSite, "roll back");

    /// <summary><c>POST /api/sites/{site}/redeploy</c>: rebuilds and redeploys a hosted site from its stored pages.</summary>
    [ApiRoute("POST", "/api/sites/{site}/redeploy", ApiScope.Operate, ApiRateLimit.Write)]
    public static Task<IResult> RedeployAsync(HttpContext c, string site, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog) =>
        ContentActionAsync(c, site, sites, client, catalog, ProvisioningContract.Redeploy, "deploy to");

    /// <summary><c>POST /api/sites/{site}/regenerate</c>: rewrites every page, then builds and deploys.</summary>
    [ApiRoute("POST", "/api/sites/{site}/regenerate", ApiScope.Operate, ApiRateLimit.Write)]
    public static Task<IResult> RegenerateAsync(HttpContext c, string site, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog) =>
        ContentActionAsync(c, site, sites, client, catalog, ProvisioningContract.RegenerateContent, "deploy to");

    /// <summary>
    /// Starts one of the content orchestrations that act on a hosted site (rollback, redeploy, regenerate) with instance id
    /// <c>{action}-{domain}</c> (<see cref="ProvisioningContract.ContentInstanceId"/>): a second request while one runs returns
    /// the running one; a finished one is replaced.
    /// </summary>
    private static async Task<IResult> ContentActionAsync(HttpContext c, string site, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog, string orchestrator, string verb)
    {
        var (found, problem) = await SiteLocator.FindAsync(sites, site, c.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        if (!catalog.HasOrchestrator(orchestrator))
        {
            return NotAvailable(orchestrator);
        }

        if (found!.HostingDocRoot is null || found.ServerId is null)
        {
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Not hosted", $"'{found.Domain}' has no hosting server or document root yet, so there is nothing to {verb}; provision it first.");
        }

        // A rollback with nowhere to go (deployed once: only CloudPanel's placeholder before it) is refused before anything
        // starts; the rollback script refuses too, should one reach the server anyway.
        if (orchestrator == ProvisioningContract.RollbackSite
            && await SiteOperations.RollbackRefusalAsync(found, c.RequestServices.GetRequiredService<ISiteEventLog>(), c.RequestAborted) is { } refusal)
        {
            return refusal;
        }

        var instanceId = ProvisioningContract.ContentInstanceId(orchestrator, found.Domain);

        // The content timings of the provisioning settings (Provisioning:Content) apply to these runs too.
        var settings = c.RequestServices.GetService<ProvisionSettings>()?.Content;
        return await SiteOperations.ExclusiveAsync(c, found, instanceId, client, async () =>
        {
            var id = await InstanceStarts.StartOrJoinAsync(
                client,
                orchestrator,
                new WebsiteFactory.Workflows.Content.PublishSiteInput(found.Id, settings),
                instanceId,
                c.RequestAborted);
            return ManagementUrls.Accepted(c, id, Hub(c));
        });
    }

    /// <summary>
    /// Reads the sites named in a batch input: ids (<c>{"SiteIds":[…]}</c>, the <see cref="ProvisionBatchInput"/> shape),
    /// domains (<c>{"domains":[…]}</c>) or objects with a <c>Domain</c>.
    /// </summary>
    /// <param name="input">The input JSON.</param>
    /// <returns>Site ids or domains, as text.</returns>
    internal static List<string> DomainsOf(string? input)
    {
        var list = new List<string>();
        if (string.IsNullOrEmpty(input))
        {
            return list;
        }

        using var doc = JsonDocument.Parse(input);
        foreach (var p in doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.EnumerateObject() : default)
        {
            if (p.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var item in p.Value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString()!);
                }
                else if (item.ValueKind == JsonValueKind.Object)
                {
                    foreach (var f in item.EnumerateObject())
                    {
                        if (f.NameEquals("domain") || f.NameEquals("Domain"))
                        {
                            list.Add(f.Value.GetString() ?? string.Empty);
                        }
                    }
                }
            }
        }

        return list;
    }
}
