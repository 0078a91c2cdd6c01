using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Rollout.Activities;

/// <summary>
/// The health check of a rolled-out site: reads, over the deployment target (SSH, the same pinned host key and key as the
/// deploy), which release the site's doc root serves now. Returns it (empty when none is live); the orchestration
/// compares it with the release the redeploy switched to.
/// </summary>
/// <remarks>
/// Why this check and not an HTTP GET of the site: the product's sites sit behind Cloudflare (proxied records), so a GET
/// answers from Cloudflare's cache and says nothing about the release just switched, and in the demo and test stacks the
/// domains do not resolve at all. The doc root is what nginx serves, and the same read is what the deploy step trusts for a
/// retried switch (<see cref="ISiteDeployer.GetLiveReleaseAsync"/>). A redeploy that completed but whose release is not
/// the live one (another switch or a rollback raced it, or the switch did not hold) fails the check, as does a server that
/// cannot be reached after the step's retries.
/// </remarks>
[DurableTask(Name)]
public sealed class CheckLiveReleaseActivity(ProvisioningLookups lookups, ISiteDeployer deployer, IActivityExecutionAccessor execution) : TaskActivity<ContentStepInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Rollout_CheckLiveRelease";

    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var target = await DeployTargets.ForAsync(lookups, site, ct).ConfigureAwait(false);
        return await deployer.GetLiveReleaseAsync(target, ct).ConfigureAwait(false) ?? string.Empty;
    });
}
