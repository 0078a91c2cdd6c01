using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Content.Activities;

namespace WebsiteFactory.Workflows.Content;

/// <summary>"Rollback" (<c>wf rollback &lt;domain&gt;</c>): switches the site to its previous release. Returns the release now live.</summary>
/// <remarks>
/// A rollback that cannot run (no earlier release, no doc root, SSH down after the retries) fails the orchestration
/// with the deployer's reason and records it as a failed <c>deploy</c> event and <c>error_message</c>. The deployment
/// status is left as it was: the switch is atomic, so the release that was live is still live.
/// </remarks>
[DurableTask(Name)]
public sealed class RollbackSite : TaskOrchestrator<PublishSiteInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content.RollbackSite";

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskOrchestrationContext context, PublishSiteInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? new ContentSettings();
        try
        {
            return await context.CallActivityAsync<string>(RollbackSiteActivity.Name, new ContentStepInput(input.SiteId, $"{context.InstanceId}:{context.CurrentUtcDateTime:yyyyMMdd'T'HHmmssfffffff}:rollback", settings), ContentRetry.Options(settings));
        }
        catch (TaskFailedException e)
        {
            var reason = "Rollback failed: " + ContentPipeline.Reason(e.FailureDetails);
            await context.CallActivityAsync<bool>(RecordContentFailureActivity.Name, new ContentFailureInput(input.SiteId, SiteStep.Deploy, reason, $"workflow:{context.InstanceId}", KeepStatus: true));
            throw;
        }
    }
}
