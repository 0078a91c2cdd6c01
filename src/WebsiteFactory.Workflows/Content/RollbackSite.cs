using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Rollback" (<c>wf rollback &lt;domain&gt;</c>): switches the site to its previous release. Returns the release now live.</summary>
/// <remarks>
/// A rollback that cannot run (no earlier release, no doc root, SSH down after the retries) is recorded as a failed
/// <c>deploy</c> event and <c>error_message</c>, then fails the orchestration with <see cref="SiteStepFailedException"/>
/// (step <c>deploy</c>, reason <c>Rollback failed: {deployer's reason}</c>). The deployment status is left as it was:
/// the switch is atomic, so the release that was live is still live. A failed instance shows as Failed in the portal and
/// the Durable Functions Monitor; rewinding it re-runs the rollback step with the same operation id.
/// <para>With <see cref="PublishSiteInput.Exclusive"/> (a template rollout's rollbacks) the first step checks, under the
/// site's gate, that no other operation of the site is active, and the instance fails with <see cref="SiteBusyException"/>
/// (nothing done, nothing recorded) when one is.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class RollbackSite : TaskOrchestrator<PublishSiteInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_RollbackSite";

    /// <inheritdoc />
    /// <exception cref="SiteStepFailedException">The rollback failed for good; it is recorded on the site.</exception>
    /// <exception cref="SiteBusyException">Exclusive, and another operation of the site is active; nothing was done.</exception>
    public override async Task<string> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ContentSettings();
        if (input.Exclusive)
        {
            try
            {
                await context.CallActivityAsync<bool>(CheckSiteIdleActivity.Name, new SiteIdleInput(input.SiteId, context.InstanceId), ContentRetry.Options(settings));
            }
            catch (TaskFailedException e)
            {
                throw new SiteBusyException(FailureReasons.Of(e.FailureDetails));
            }
        }

        try
        {
            return await context.CallActivityAsync<string>(RollbackSiteActivity.Name, new ContentStepInput(input.SiteId, $"{context.InstanceId}:{context.CurrentUtcDateTime:yyyyMMdd'T'HHmmssfffffff}:rollback", settings), ContentRetry.Options(settings));
        }
        catch (TaskFailedException e)
        {
            var reason = "Rollback failed: " + FailureReasons.Of(e.FailureDetails);
            await context.CallActivityAsync<bool>(RecordContentFailureActivity.Name, new ContentFailureInput(input.SiteId, SiteStep.Deploy, reason, $"workflow:{context.InstanceId}", KeepStatus: true));
            throw new SiteStepFailedException(ContentPipeline.Snake(SiteStep.Deploy), reason);
        }
    }
}
