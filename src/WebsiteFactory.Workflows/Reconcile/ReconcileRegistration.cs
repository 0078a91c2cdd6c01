using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Reconcile.Activities;

namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>Registers the reconcile orchestrator and its activities with the Durable Task SDK's registry.</summary>
public static class ReconcileRegistration
{
    /// <summary>
    /// Adds <see cref="ReconcileVendors"/> and its activities. They need in DI: the vendor ports (listing members), the
    /// account/server/site repositories, <see cref="Core.Ports.Stores.IDriftReportStore"/>, <see cref="Core.Ports.ISiteStateStore"/>
    /// (fix audit) and optionally <see cref="Content.ContentWorkflowOptions"/> (Matomo is scanned when its URL is set).
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry, for chaining.</returns>
    public static DurableTaskRegistry AddReconcile(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<ReconcileVendors>()
            .AddActivity<ListReconcileTargetsActivity>()
            .AddActivity<ScanCloudflareActivity>()
            .AddActivity<ScanRegistrarActivity>()
            .AddActivity<ScanServerActivity>()
            .AddActivity<ScanMatomoActivity>()
            .AddActivity<ScanSearchConsoleActivity>()
            .AddActivity<FixOrphanRecordsActivity>()
            .AddActivity<SaveDriftReportActivity>();
    }
}
