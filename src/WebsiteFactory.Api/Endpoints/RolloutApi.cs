using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Rollout;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// Template rollout: <c>POST /api/redeploy</c> rebuilds and redeploys every live site in waves
/// (<see cref="TemplateRollout"/>), or with <c>dry_run</c> lists the sites and waves without starting anything.
/// </summary>
/// <remarks>
/// Operate scope, like <c>POST /api/sites/{site}/redeploy</c>: it is that operation for every live site. One rollout runs at
/// a time (a second start while one is active answers 409 naming it). Sites busy with another operation are not refused
/// here: the rollout skips and reports them (the dry run lists those busy now).
/// </remarks>
public static class RolloutApi
{
    /// <summary>The body of <c>POST /api/redeploy</c>.</summary>
    /// <param name="All">Must be true: every live site (deployed, lifecycle active).</param>
    /// <param name="Canary">Sites in the canary wave (default: the larger of 5 and <paramref name="CanaryPercent"/> of the fleet).</param>
    /// <param name="CanaryPercent">Canary share in percent when <paramref name="Canary"/> is not given (default 1).</param>
    /// <param name="WaveSize">Largest later wave (default 100).</param>
    /// <param name="Parallel">Redeploys at once within a wave (default 20).</param>
    /// <param name="FailureThreshold">Failure share of a later wave that stops the rollout when exceeded (default 0.1).</param>
    /// <param name="DryRun">List the sites and waves; start nothing.</param>
    public sealed record RolloutRequest(bool All, int? Canary = null, double? CanaryPercent = null, int? WaveSize = null, int? Parallel = null, double? FailureThreshold = null, bool DryRun = false)
    {
        /// <summary>The orchestration input these settings make.</summary>
        /// <param name="settings">The provisioning settings (their content step timings apply to the redeploys).</param>
        /// <returns>The input.</returns>
        public TemplateRolloutInput ToInput(ProvisionSettings? settings) =>
            new(this.Canary, this.CanaryPercent, this.WaveSize, this.Parallel, this.FailureThreshold, Content: settings?.Content);
    }

    /// <summary>A wave of a dry run.</summary>
    /// <param name="Wave">1-based (1: canary).</param>
    /// <param name="Size">Sites.</param>
    /// <param name="Domains">Its sites, in order.</param>
    public sealed record PlannedWave(int Wave, int Size, IReadOnlyList<string> Domains);

    /// <summary>A site busy with another operation now (a rollout would skip it unless it finishes first).</summary>
    /// <param name="Domain">The site.</param>
    /// <param name="Kind">The operation's kind.</param>
    /// <param name="InstanceId">The operation's instance.</param>
    public sealed record BusySite(string Domain, string Kind, string InstanceId);

    /// <summary>The answer of a dry run.</summary>
    /// <param name="Total">Live sites.</param>
    /// <param name="Waves">The waves.</param>
    /// <param name="Busy">Live sites busy now.</param>
    public sealed record RolloutPlanResponse(int Total, IReadOnlyList<PlannedWave> Waves, IReadOnlyList<BusySite> Busy);

    /// <summary>
    /// <c>POST /api/redeploy</c> <c>{"all":true, ...}</c> → 202 with the management URLs of a <c>rollout-…</c> instance (its
    /// custom status is the progress, its output the <see cref="TemplateRolloutResult"/>); with <c>"dry_run":true</c> →
    /// 200 <see cref="RolloutPlanResponse"/>. 400 for bad settings or when no site is live; 409 while another rollout runs.
    /// </summary>
    [ApiRoute("POST", "/api/redeploy", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> StartAsync(HttpContext c, ISiteRepository sites, DurableTaskClient client, OrchestratorCatalog catalog)
    {
        var (body, problem) = await ApiBody.ReadAsync<RolloutRequest>(c.Request);
        if (problem is not null)
        {
            return problem;
        }

        var input = body!.ToInput(c.RequestServices.GetService<ProvisionSettings>());
        var errors = RolloutPlan.Validate(input).ToList();
        if (!body.All)
        {
            errors.Insert(0, new Core.Domain.FieldError("all", "Set 'all': true to redeploy every live site (per site: POST /api/sites/{site}/redeploy)."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var live = await LiveSites.ListAsync(sites, null, c.RequestAborted);
        if (body.DryRun)
        {
            var waves = new List<PlannedWave>();
            var offset = 0;
            foreach (var size in RolloutPlan.WaveSizes(live.Count, input))
            {
                waves.Add(new PlannedWave(waves.Count + 1, size, live.Skip(offset).Take(size).Select(s => s.Domain.Value).ToList()));
                offset += size;
            }

            var busy = await SiteOperations.BusySitesAsync(live, client, c.RequestAborted);
            return TypedResults.Json(new RolloutPlanResponse(live.Count, waves, busy.Select(b => new BusySite(b.Site.Domain.Value, b.Kind, b.InstanceId)).ToList()), ApiJson.Options);
        }

        if (live.Count == 0)
        {
            return ApiProblems.Validation("all", "No site is live (deployed and active), so there is nothing to redeploy.");
        }

        if (!catalog.HasOrchestrator(TemplateRollout.Name))
        {
            return ApiProblems.Status(StatusCodes.Status501NotImplemented, "Not available", $"The '{TemplateRollout.Name}' orchestration is not registered in this host.");
        }

        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = TemplateRollout.InstancePrefix,
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
            FetchInputsAndOutputs = false,
        };
        await foreach (var running in client.GetAllInstancesAsync(query).WithCancellation(c.RequestAborted))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A rollout is running",
                detail: $"Template rollout {running.InstanceId} is {running.RuntimeStatus}; one rollout runs at a time. Follow it, or terminate it, then start again.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["instanceId"] = running.InstanceId });
        }

        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            TemplateRollout.Name,
            input,
            new StartOrchestrationOptions(TemplateRollout.InstancePrefix + Guid.CreateVersion7().ToString("N")),
            c.RequestAborted);
        return ManagementUrls.Accepted(c, id, c.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.TaskHub);
    }
}
