using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Records a step's final failure: the step's status column to failed, <c>error_message</c>, and the audit event.</summary>
[DurableTask(Name)]
public sealed class RecordStepFailureActivity(ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepFailureInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_RecordStepFailure";

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, StepFailureInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var dnsStep = input.Step is SiteStep.Zone or SiteStep.Records or SiteStep.Nameservers or SiteStep.Delegation;
        var message = SecretRedactor.Redact(input.Message) ?? "Step failed.";
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = input.SiteId,
            Step = input.Step,
            Outcome = StepOutcome.Failed,
            Message = message,
            Actor = input.Actor,
            StatusDns = dnsStep ? DnsStatus.Failed : null,
            StatusHosting = dnsStep ? null : HostingStatus.Failed,
            ErrorMessage = message,
        }, execution.Current.CancellationToken).ConfigureAwait(false);
        return true;
    }
}
