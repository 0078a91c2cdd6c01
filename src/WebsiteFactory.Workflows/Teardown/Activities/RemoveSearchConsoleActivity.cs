using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// Search Console property: left in place and recorded. The Search Console port has no delete, and a property holds the
/// site's search history (it costs nothing to keep and can be removed in the Search Console UI).
/// </summary>
[DurableTask(Name)]
public sealed class RemoveSearchConsoleActivity(ProvisioningLookups lookups, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_SearchConsole";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var message = site.GscAccountId is null || site.GscVerificationStatus != GscVerificationStatus.Verified
            ? "Search Console: no verified property; nothing to remove."
            : $"Search Console: property sc-domain:{site.Domain} left in place (removal is not supported; remove it in Search Console if wanted).";
        await TeardownEvents.RecordAsync(store, site.Id, StepOutcome.Info, message, $"workflow:{context.InstanceId}", ct).ConfigureAwait(false);
        return true;
    });
}
