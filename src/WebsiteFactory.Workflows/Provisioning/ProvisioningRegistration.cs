using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Provisioning.Activities;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Registers the provisioning orchestrators and activities.</summary>
public static class ProvisioningRegistration
{
    /// <summary>
    /// Adds <see cref="ProvisionSite"/>, <see cref="ProvisionBatch"/> and their activities. The activities need
    /// <see cref="ProvisioningLookups"/> (register it as a service), the vendor ports and the stores in DI.
    /// </summary>
    public static DurableTaskRegistry AddProvisioning(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<ProvisionSite>()
            .AddOrchestrator<ProvisionBatch>()
            .AddActivity<EnsureZoneActivity>()
            .AddActivity<UpsertRecordsActivity>()
            .AddActivity<SetNameserversActivity>()
            .AddActivity<CheckDelegationActivity>()
            .AddActivity<EnsureHostingSiteActivity>()
            .AddActivity<CheckOriginActivity>()
            .AddActivity<InstallCertificateActivity>()
            .AddActivity<EnsureAnalyticsActivity>()
            .AddActivity<RecordStepFailureActivity>()
            .AddActivity<ResolveBatchSitesActivity>();
    }
}
