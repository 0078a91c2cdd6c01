using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Provisioning.Activities;
using WebsiteFactory.Workflows.Reconcile;
using WebsiteFactory.Workflows.Teardown;
using WebsiteFactory.Workflows.Teardown.Activities;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Registers the provisioning orchestrators and activities with the Durable Task SDK's registry.</summary>
public static class ProvisioningRegistration
{
    /// <summary>
    /// Adds <see cref="ProvisionSite"/>, <see cref="ProvisionBatch"/>, <see cref="AnalyticsRetry"/>, <see cref="TeardownSite"/>, <see cref="ReconcileVendors"/> (<see cref="ReconcileRegistration.AddReconcile"/>) and their activities
    /// under their registered names. The SDK creates each activity per call from a service scope, so the activities need
    /// in DI: <see cref="ProvisioningLookups"/>, the vendor ports, the stores, <see cref="Core.Ports.Stores.ISiteOperationGate"/>, <see cref="IOrchestrationStarter"/> (the
    /// Matomo retry and reconcile start instances), optionally <see cref="ProvisionSettings"/>, and
    /// <see cref="Core.Execution.IActivityExecutionAccessor"/> (the host fills it around each call).
    /// </summary>
    /// <param name="registry">The registry (worker <c>AddTasks</c>, the in-process test host, or the embedded engine).</param>
    /// <returns>The registry, for chaining (<c>registry.AddProvisioning().AddContentWorkflows()</c>).</returns>
    public static DurableTaskRegistry AddProvisioning(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<ProvisionSite>()
            .AddOrchestrator<ProvisionBatch>()
            .AddOrchestrator<AnalyticsRetry>()
            .AddActivity<EnsureZoneActivity>()
            .AddActivity<UpsertRecordsActivity>()
            .AddActivity<SetNameserversActivity>()
            .AddActivity<CheckDelegationActivity>()
            .AddActivity<EnsureHostingSiteActivity>()
            .AddActivity<CheckOriginActivity>()
            .AddActivity<InstallCertificateActivity>()
            .AddActivity<EnsureAnalyticsActivity>()
            .AddActivity<RecordAnalyticsStatusActivity>()
            .AddActivity<StartAnalyticsRetryActivity>()
            .AddActivity<ReconcileAnalyticsActivity>()
            .AddActivity<RecordStepFailureActivity>()
            .AddActivity<ResolveBatchSitesActivity>()
            .AddActivity<CheckSiteIdleActivity>()
            .AddOrchestrator<TeardownSite>()
            .AddActivity<BeginTeardownActivity>()
            .AddActivity<RemoveSearchConsoleActivity>()
            .AddActivity<RemoveReleasesActivity>()
            .AddActivity<RemoveHostingSiteActivity>()
            .AddActivity<RemoveAnalyticsActivity>()
            .AddActivity<RemoveRecordsActivity>()
            .AddActivity<RemoveZoneActivity>()
            .AddActivity<ReleaseNameserversActivity>()
            .AddActivity<RecordTeardownFailureActivity>()
            .AddActivity<FinishTeardownActivity>()
            .AddReconcile();
    }
}
