using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Workflows.Content.Activities;

/// <summary>Records a content-side step's final failure: its status column to failed, <c>error_message</c>, and the audit event.</summary>
/// <remarks>
/// Returns false when the site does not exist (the step failed because of that): there is nothing to record it on, and
/// failing here would hide the step's own clear reason behind this activity's error.
/// </remarks>
[DurableTask(Name)]
public sealed class RecordContentFailureActivity(ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<ContentFailureInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_RecordFailure";

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, ContentFailureInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var message = SecretRedactor.Redact(input.Message) ?? "Step failed.";
        try
        {
            await store.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = input.SiteId,
                Step = input.Step,
                Outcome = StepOutcome.Failed,
                Message = message,
                Actor = input.Actor,
                StatusContent = !input.KeepStatus && input.Step == SiteStep.Content ? ContentStatus.Failed : null,
                StatusDeployment = !input.KeepStatus && input.Step is SiteStep.Build or SiteStep.Deploy ? DeploymentStatus.Failed : null,
                GscVerificationStatus = !input.KeepStatus && input.Step == SiteStep.SearchConsole ? GscVerificationStatus.Failed : null,
                ErrorMessage = message,
            }, execution.Current.CancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return false;
        }

        return true;
    }
}
