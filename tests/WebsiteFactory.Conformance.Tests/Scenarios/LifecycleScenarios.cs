using Microsoft.DurableTask.Client;
using WebsiteFactory.Conformance.Tests.Orchestrators;
using WebsiteFactory.Workflows.Content.Activities;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Provisioning.Activities;
using static WebsiteFactory.Conformance.Tests.Stubs.StubOutcome;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary>Suspend, resume and terminate while a stub is held, on product orchestrators and on a waiting conformance orchestrator.</summary>
public static class LifecycleScenarios
{
    /// <summary>Gets the scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        // Suspended while an activity runs: its result waits with the instance; resume continues the pipeline.
        new Scenario("suspend-resume", ProvisionSite.Name)
        {
            Input = _ => Fast.ProvisionInput(Fast.Provision()),
            Script = s => s.On(EnsureHostingSiteActivity.Name, Block("hosting")),
            Drive = async run =>
            {
                await run.WaitForExecutionAsync(EnsureHostingSiteActivity.Name);
                await run.Client.SuspendInstanceAsync(run.RootId, "paused by the test", run.Cancellation);
                await run.WaitForRuntimeStatusAsync(OrchestrationRuntimeStatus.Suspended);
                run.Release("hosting");
                await run.WaitForExecutionEndAsync(EnsureHostingSiteActivity.Name);
                await run.NoteRuntimeStatusAsync("after the held activity returned");
                await run.Client.ResumeInstanceAsync(run.RootId, "resumed by the test", run.Cancellation);
            },
        },

        // Terminated while an activity runs: Terminated with the given output; the late result changes nothing.
        new Scenario("terminate-running", ProvisionSite.Name)
        {
            Input = _ => Fast.ProvisionInput(Fast.Provision()),
            Script = s => s.On(SetNameserversActivity.Name, Block("nameservers")),
            Drive = async run =>
            {
                await run.WaitForExecutionAsync(SetNameserversActivity.Name);
                await run.Client.TerminateInstanceAsync(run.RootId, new TerminateInstanceOptions("stopped by the test"), run.Cancellation);
                await run.WaitForRuntimeStatusAsync(OrchestrationRuntimeStatus.Terminated);
                run.Release("nameservers");
                await run.WaitForExecutionEndAsync(SetNameserversActivity.Name);
            },
            Expected = OrchestrationRuntimeStatus.Terminated,
            ExpectedText = ["stopped by the test"],
        },

        // Terminating a parent (not recursively) leaves its running child alone: the child completes, the parent stays Terminated.
        new Scenario("terminate-parent-child-completes", ProvisionSite.Name)
        {
            Input = _ => Fast.ProvisionInput(Fast.Provision(publish: true)),
            Script = s => s.On(BuildSiteActivity.Name, Block("build")),
            Drive = async run =>
            {
                var child = $"{run.RootId}:publish";
                await run.WaitForExecutionAsync(BuildSiteActivity.Name, child);
                await run.Client.TerminateInstanceAsync(run.RootId, new TerminateInstanceOptions("parent stopped", Recursive: false), run.Cancellation);
                await run.WaitForRuntimeStatusAsync(OrchestrationRuntimeStatus.Terminated);
                run.Release("build");
                await run.WaitForRuntimeStatusAsync(OrchestrationRuntimeStatus.Completed, child);
            },
            Expected = OrchestrationRuntimeStatus.Terminated,
            ExpectedText = ["parent stopped"],
        },

        // Terminating a suspended instance.
        new Scenario("terminate-suspended", WaitForEvent.Name)
        {
            Drive = async run =>
            {
                await run.WaitForCustomStatusAsync("\"waiting\"");
                await run.Client.SuspendInstanceAsync(run.RootId, "paused by the test", run.Cancellation);
                await run.WaitForRuntimeStatusAsync(OrchestrationRuntimeStatus.Suspended);
                await run.Client.TerminateInstanceAsync(run.RootId, new TerminateInstanceOptions("stopped while suspended"), run.Cancellation);
            },
            Expected = OrchestrationRuntimeStatus.Terminated,
            ExpectedText = ["stopped while suspended"],
        },

        // An event raised while suspended is kept and delivered after resume.
        new Scenario("suspend-buffers-event", WaitForEvent.Name)
        {
            Drive = async run =>
            {
                await run.WaitForCustomStatusAsync("\"waiting\"");
                await run.Client.SuspendInstanceAsync(run.RootId, "paused by the test", run.Cancellation);
                await run.WaitForRuntimeStatusAsync(OrchestrationRuntimeStatus.Suspended);
                await run.Client.RaiseEventAsync(run.RootId, "approval", "granted while suspended", run.Cancellation);
                await run.NoteRuntimeStatusAsync("after the event");
                await run.Client.ResumeInstanceAsync(run.RootId, "resumed by the test", run.Cancellation);
            },
            ExpectedText = ["approved: granted while suspended"],
        },
    ];
}
