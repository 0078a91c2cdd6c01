using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>Marks the site <c>deleting</c> and opens the teardown's (or the rollback's) audit trail.</summary>
[DurableTask(Name)]
public sealed class BeginTeardownActivity(ProvisioningLookups lookups, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Begin";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var site = step.Site;
        var message = input.Reason is { } failure
            ? $"Rollback of the failed provisioning of {site.Domain} started ({failure})."
            : $"Teardown of {site.Domain} started (was {site.Lifecycle.ToString().ToLowerInvariant()}).";
        await step.RecordAsync(StepOutcome.Started, message, SiteLifecycle.Deleting).ConfigureAwait(false);
        return true;
    });
}
