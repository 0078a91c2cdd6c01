using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>Records a teardown step that failed for good: a <c>failed</c> event naming the orphan it leaves. Returns that name.</summary>
[DurableTask(Name)]
public sealed class RecordTeardownFailureActivity(ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_RecordFailure";

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskActivityContext context, TeardownStepInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await store.GetAsync(input.SiteId, ct).ConfigureAwait(false);
        var orphan = site is null ? input.Part.ToString() : TeardownEvents.Orphan(site, input.Part);
        var reason = SecretRedactor.Redact(input.Reason) ?? "failed";
        await TeardownEvents.RecordAsync(store, input.SiteId, StepOutcome.Failed, $"Teardown step {TeardownSite.Snake(input.Part)} failed; orphan left: {orphan}. {reason}",
            $"workflow:{context.InstanceId}", ct).ConfigureAwait(false);
        return orphan;
    }
}
