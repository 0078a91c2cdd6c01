using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Step 6: Let's Encrypt certificate through CloudPanel; then <c>status_hosting=active</c>.</summary>
[DurableTask(Name)]
public sealed class InstallCertificateActivity(ProvisioningLookups lookups, ICloudPanelClient cloudPanel, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_InstallCertificate";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, StepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        if (site.StatusHosting == HostingStatus.Active)
        {
            return true; // installed by an earlier run: never burn Let's Encrypt's duplicate-certificate limit
        }

        // Not recorded yet does not mean not installed: a worker killed after clpctl succeeded leaves the site Pending. The
        // adapter looks at the certificate the server serves and orders none when a valid one is already there.

        var server = await lookups.ServerAsync(site, ct).ConfigureAwait(false);
        await cloudPanel.InstallCertificateAsync(server, site.Domain, ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Certificate,
            Outcome = StepOutcome.Succeeded,
            Message = $"Let's Encrypt certificate installed for {site.Domain} and www.{site.Domain}.",
            Actor = $"workflow:{context.InstanceId}",
            StatusHosting = HostingStatus.Active,
            ErrorMessage = string.Empty,
        }, ct).ConfigureAwait(false);
        return true;
    });
}
