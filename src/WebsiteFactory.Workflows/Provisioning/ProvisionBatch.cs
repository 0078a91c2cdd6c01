using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>
/// Provisions many sites: one <see cref="ProvisionSite"/> child per site with an instance id derived from its domain,
/// at most <see cref="ProvisionBatchInput.MaxParallel"/> at once. One site's failure never stops the others; the result
/// reports every site.
/// </summary>
/// <remarks>
/// <para>A failed site is a <b>failed child instance</b> (<see cref="ProvisionSite"/> fails with
/// <see cref="SiteStepFailedException"/> after recording the step on the site). The batch catches that child's
/// <see cref="TaskFailedException"/> and reports the site as failed, with the step and the reason read from the failure
/// details, so the batch itself still completes with one outcome per site. The failed child stays Failed (visible in the
/// portal and the Durable Functions Monitor) and can be rewound on its own.</para>
/// <para><b>One operation per site.</b> The children are scheduled here, outside the API's per-site check, so each is
/// <see cref="ProvisionSiteInput.Exclusive"/>: its first step checks, under the site's gate, that no teardown, rollback,
/// redeploy or regenerate of the site is active, and the child fails with <see cref="SiteBusyException"/> (reported as
/// that site's failure, nothing done to it) when one is. The API refuses a batch naming a busy site up front (409).</para>
/// </remarks>
[DurableTask(Name)]
public sealed class ProvisionBatch : TaskOrchestrator<ProvisionBatchInput, ProvisionBatchResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "ProvisionBatch";

    /// <inheritdoc />
    public override async Task<ProvisionBatchResult> RunAsync(TaskOrchestrationContext context, ProvisionBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ProvisionSettings();
        var sites = await context.CallActivityAsync<IReadOnlyList<BatchSite?>>(ResolveBatchSitesActivity.Name, input.SiteIds);
        var outcomes = new SiteOutcome?[input.SiteIds.Count];
        var running = new Dictionary<Task<ProvisionSiteResult>, (int Index, BatchSite Site)>();
        var max = Math.Max(1, input.MaxParallel);
        var done = 0;

        async Task CollectOneAsync()
        {
            var finished = await Task.WhenAny(running.Keys);
            var (index, site) = running[finished];
            running.Remove(finished);
            try
            {
                var r = await finished;
                outcomes[index] = new SiteOutcome(site.SiteId, site.Domain, site.InstanceId, r.Succeeded, r.FailedStep, r.Error, r.AnalyticsWarning, r.Analytics);
            }
            catch (TaskFailedException e)
            {
                var step = SiteStepFailedException.TryRead(e.FailureDetails, out var failedStep, out _) ? failedStep : null;
                outcomes[index] = new SiteOutcome(site.SiteId, site.Domain, site.InstanceId, false, step, FailureReasons.Of(e.FailureDetails), null);
            }

            done++;
            context.SetCustomStatus(new { completed = done, total = input.SiteIds.Count });
        }

        for (var i = 0; i < input.SiteIds.Count; i++)
        {
            if (sites[i] is not { } site)
            {
                outcomes[i] = new SiteOutcome(input.SiteIds[i], string.Empty, string.Empty, false, null, $"Site {input.SiteIds[i]} does not exist.", null);
                done++;
                continue;
            }

            if (running.Count >= max)
            {
                await CollectOneAsync();
            }

            var child = context.CallSubOrchestratorAsync<ProvisionSiteResult>(
                ProvisionSite.Name, new ProvisionSiteInput(site.SiteId, settings, Exclusive: true), new SubOrchestrationOptions(instanceId: site.InstanceId));
            running[child] = (i, site);
        }

        while (running.Count > 0)
        {
            await CollectOneAsync();
        }

        var all = outcomes.Select(o => o!).ToList();
        return new ProvisionBatchResult(all.Count(o => o.Succeeded), all.Count(o => !o.Succeeded), all);
    }
}
