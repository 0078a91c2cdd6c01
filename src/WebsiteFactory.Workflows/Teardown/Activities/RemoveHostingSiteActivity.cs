using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown.Activities;

/// <summary>CloudPanel site: <c>clpctl site:delete --force</c> (vhost, site user, home with releases, certificate). An unknown site is success.</summary>
[DurableTask(Name)]
public sealed class RemoveHostingSiteActivity(ProvisioningLookups lookups, ICloudPanelClient cloudPanel, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<TeardownStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Teardown_HostingSite";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, TeardownStepInput input) => StepErrors.GuardAsync(async () =>
    {
        var step = await TeardownStep.StartAsync(lookups, store, execution, context, input).ConfigureAwait(false);
        var (site, ct) = (step.Site, step.CancellationToken);
        if (site.ServerId is null || (site.HostingDocRoot is null && site.StatusHosting != HostingStatus.Active))
        {
            await step.RecordAsync(StepOutcome.Info, "CloudPanel: no site was created; skipped.").ConfigureAwait(false);
            return true;
        }

        var server = await lookups.ServerAsync(site, ct).ConfigureAwait(false);
        await cloudPanel.DeleteSiteAsync(server, site.Domain, ct).ConfigureAwait(false);
        await step.RecordAsync(StepOutcome.Succeeded,
            $"CloudPanel: site {site.Domain} deleted on {server.Name} (user, home, releases and certificate with it; already gone counts as deleted).").ConfigureAwait(false);
        return true;
    });
}
