using Microsoft.DurableTask.Client;
using WebsiteFactory.Workflows.Reconcile;
using WebsiteFactory.Workflows.Reconcile.Activities;
using static WebsiteFactory.Conformance.Tests.Stubs.StubOutcome;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary><see cref="ReconcileVendors"/>: the fan-out of scans, a scan that fails (reported, the run completes), the fix, and a run that cannot list its targets.</summary>
public static class ReconcileScenarios
{
    /// <summary>Gets the scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new Scenario("reconcile-success", ReconcileVendors.Name)
        {
            ParallelActivities = true,
            Input = _ => new ReconcileInput(false, "conformance", Fast.Provision()),
            ExpectedText = ["\"orphans\":2", "\"fixed\":0", "\"errors\":[]"],
        },
        new Scenario("reconcile-fix", ReconcileVendors.Name)
        {
            ParallelActivities = true,
            Input = _ => new ReconcileInput(true, "conformance", Fast.Provision()),
            ExpectedText = ["\"orphans\":2", "\"fixed\":2"],
        },

        // A vendor that cannot be read is an error entry; the other scans still report and the instance completes.
        new Scenario("reconcile-matomo-down", ReconcileVendors.Name)
        {
            ParallelActivities = true,
            Input = _ => new ReconcileInput(false, "conformance", Fast.Provision()),
            Script = s => s.On(ScanMatomoActivity.Name, Permanent("Matomo is down.")),
            ExpectedText = ["\"orphans\":2", "Matomo is down."],
        },
        new Scenario("reconcile-targets-fail", ReconcileVendors.Name)
        {
            ParallelActivities = true,
            Input = _ => new ReconcileInput(false, "conformance", Fast.Provision()),
            Script = s => s.On(ListReconcileTargetsActivity.Name, Permanent("Database unavailable.")),
            Expected = OrchestrationRuntimeStatus.Failed,
            ExpectedText = ["Database unavailable."],
        },
    ];
}
