using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>
/// Matomo site: deleted (or kept, with <see cref="TeardownSettings.KeepAnalytics"/>). A site without a stored id is looked
/// up by URL first, so one created by a run that crashed before recording it is found too. Unknown id = success.
/// </summary>
[DurableTask(Name)]
public sealed class RemoveAnalyticsActivity(ProvisioningLookups lookups, IMatomoClient matomo, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_Analytics";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var (site, ct) = (step.Site, step.CancellationToken);
        var id = site.MatomoSiteId;
        if (id is null && site.AnalyticsStatus != AnalyticsStatus.Skipped && site.StatusHosting != HostingStatus.Pending)
        {
            id = await matomo.FindSiteIdAsync(site.Domain, ct).ConfigureAwait(false);
        }

        if (id is not { } siteId)
        {
            await step.RecordAsync(StepOutcome.Info, "Matomo: no site was created; skipped.").ConfigureAwait(false);
            return true;
        }

        if (input.Settings.KeepAnalytics)
        {
            await step.RecordAsync(StepOutcome.Info,
                $"Matomo: site {siteId} kept with its history (Provisioning:Teardown:KeepAnalytics).").ConfigureAwait(false);
            return true;
        }

        await matomo.DeleteSiteAsync(siteId, ct).ConfigureAwait(false);
        await step.RecordAsync(StepOutcome.Succeeded,
            $"Matomo: site {siteId.ToString(CultureInfo.InvariantCulture)} deleted (already gone counts as deleted).").ConfigureAwait(false);
        return true;
    });
}
