using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// Search Console property <c>sc-domain:{domain}</c>: removed when <see cref="TeardownSettings.RemoveSearchConsoleProperty"/>
/// is set ("already gone" is success), otherwise left in place and recorded (it holds the site's search history, costs
/// nothing to keep and can be removed in the Search Console UI). A site without a verified property has nothing to remove.
/// </summary>
[DurableTask(Name)]
public sealed class RemoveSearchConsoleActivity(ProvisioningLookups lookups, IGscAccountRepository gscAccounts, ISearchConsole searchConsole, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_SearchConsole";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var (site, ct) = (step.Site, step.CancellationToken);
        if (site.GscAccountId is not { } gscId || site.GscVerificationStatus != GscVerificationStatus.Verified)
        {
            await step.RecordAsync(StepOutcome.Info, "Search Console: no verified property; nothing to remove.").ConfigureAwait(false);
            return true;
        }

        if (!input.Settings.RemoveSearchConsoleProperty)
        {
            await step.RecordAsync(StepOutcome.Info,
                $"Search Console: property sc-domain:{site.Domain} left in place (Provisioning:Teardown:RemoveSearchConsoleProperty is off; it keeps the search history).").ConfigureAwait(false);
            return true;
        }

        var account = await gscAccounts.GetAsync(gscId, ct).ConfigureAwait(false)
            ?? throw new PermanentStepException($"Search Console account {gscId} does not exist; remove sc-domain:{site.Domain} in Search Console by hand.");
        var removed = await searchConsole.RemoveDomainPropertyAsync(account, site.Domain, ct).ConfigureAwait(false);
        await step.RecordAsync(removed ? StepOutcome.Succeeded : StepOutcome.Info,
            removed
                ? $"Search Console: property sc-domain:{site.Domain} removed from {account.AccountNickname}."
                : $"Search Console: property sc-domain:{site.Domain} was already gone.").ConfigureAwait(false);
        return true;
    });
}
