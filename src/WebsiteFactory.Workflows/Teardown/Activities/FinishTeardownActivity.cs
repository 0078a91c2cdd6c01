using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// Closes the teardown: the site becomes <c>deleted</c> when every step succeeded (its error cleared, the deleted vendor ids
/// forgotten and DNS/hosting/deployment back to pending, so it can be provisioned again from scratch), else <c>error</c>
/// with the orphans in <c>error_message</c> and every id kept, so a second teardown finds them. The row stays (soft delete).
/// A complete <b>rollback</b> (<see cref="TeardownFinishInput.RollbackOf"/>) forgets the same ids but leaves the site
/// <c>active</c>, with the provisioning's failure and "rolled back" in <c>error_message</c>: the site is still wanted, just
/// not provisioned.
/// </summary>
[DurableTask(Name)]
public sealed class FinishTeardownActivity(ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownFinishInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Finish";

    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, TeardownFinishInput finish)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(finish);
        var input = finish.Result;
        var ct = execution.Current.CancellationToken;
        var actor = $"workflow:{context.InstanceId}";
        if (input.Succeeded && finish.RollbackOf is { } failure)
        {
            var rolledBack = $"Provisioning failed ({failure}) and was rolled back: every resource it had created was removed. Provision again to start from scratch.";
            await TeardownEvents.RecordAsync(store, input.SiteId, StepOutcome.Succeeded, rolledBack,
                actor, ct, SiteLifecycle.Active, rolledBack, forget: true, forgetAnalytics: !finish.AnalyticsKept).ConfigureAwait(false);
        }
        else if (input.Succeeded)
        {
            await TeardownEvents.RecordAsync(store, input.SiteId, StepOutcome.Succeeded, "Teardown complete: every resource removed; the site row is kept for the record.",
                actor, ct, SiteLifecycle.Deleted, string.Empty, forget: true, forgetAnalytics: !finish.AnalyticsKept).ConfigureAwait(false);
        }
        else
        {
            var left = $"{(finish.RollbackOf is null ? "Teardown" : "Rollback")} left {input.Orphans.Count} resource(s) behind: {string.Join("; ", input.Orphans)}. Remove them by hand or run the teardown again.";
            await TeardownEvents.RecordAsync(store, input.SiteId, StepOutcome.Failed, left, actor, ct, SiteLifecycle.Error, left).ConfigureAwait(false);
        }

        return true;
    }
}
