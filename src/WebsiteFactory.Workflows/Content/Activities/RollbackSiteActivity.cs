using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content.Activities;

/// <summary>Switches the site back to its previous release (<c>wf rollback &lt;domain&gt;</c>). Returns the release now live.</summary>
[DurableTask(Name)]
public sealed class RollbackSiteActivity(ProvisioningLookups lookups, ISiteStateStore store, ISiteDeployer deployer, IActivityExecutionAccessor execution) : TaskActivity<ContentStepInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_RollbackSite_Activity";

    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        // The step's idempotency key makes a retried delivery finish this rollback rather than start another one.
        var result = await deployer.RollbackAsync(await DeployTargets.ForAsync(lookups, site, ct).ConfigureAwait(false), input.IdempotencyKey, ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Deploy,
            Outcome = StepOutcome.Succeeded,
            Message = ReleaseHistory.RolledBack(result),
            Actor = $"workflow:{context.InstanceId}",
            StatusDeployment = DeploymentStatus.Deployed,
            ErrorMessage = string.Empty,
        }, ct).ConfigureAwait(false);
        return result.ReleaseId;
    });
}
