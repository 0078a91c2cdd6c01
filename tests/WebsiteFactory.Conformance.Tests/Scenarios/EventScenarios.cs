using WebsiteFactory.Conformance.Tests.Orchestrators;

namespace WebsiteFactory.Conformance.Tests.Scenarios;

/// <summary>External events (with and without a timeout, buffered, between instances) and continue-as-new, on the conformance orchestrators.</summary>
public static class EventScenarios
{
    /// <summary>Gets the scenarios.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new Scenario("event-wait", WaitForEvent.Name)
        {
            Drive = async run =>
            {
                await run.WaitForCustomStatusAsync("\"waiting\"");
                await run.Client.RaiseEventAsync(run.RootId, "approval", "yes", run.Cancellation);
            },
            ExpectedText = ["approved: yes"],
        },
        new Scenario("event-timeout-expires", WaitForEventWithTimeout.Name) { Input = _ => 100, ExpectedText = ["timed out"] },
        new Scenario("event-before-timeout", WaitForEventWithTimeout.Name)
        {
            Input = _ => (int)TimeSpan.FromMinutes(10).TotalMilliseconds,
            Drive = async run =>
            {
                await run.WaitForCustomStatusAsync("\"waiting\"");
                await run.Client.RaiseEventAsync(run.RootId, "approval", "in time", run.Cancellation);
            },
            ExpectedText = ["approved: in time"],
        },

        // Events raised before the orchestrator waits for them: one right after scheduling (maybe before the first
        // episode), three more and then "go" once the episode after its activity is committed; all read in order.
        new Scenario("event-buffered", BufferedEvents.Name)
        {
            Drive = async run =>
            {
                await run.Client.RaiseEventAsync(run.RootId, "early", "first", run.Cancellation);
                await run.WaitForCommittedCustomStatusAsync("{\"early\":\"first\",\"echo\":\"between the events\"}");
                for (var i = 1; i <= 3; i++)
                {
                    await run.Client.RaiseEventAsync(run.RootId, "item", i, run.Cancellation);
                }

                await run.Client.RaiseEventAsync(run.RootId, "go", "now", run.Cancellation);
            },
            ExpectedText = ["\"items\":[1,2,3]"],
        },

        // Continue-as-new: generation 0 reads one of three events raised before its "go"; the other two are carried into
        // generations 1 and 2 ...
        new Scenario("continue-as-new-carries-events", ContinueAsNewCounter.Name)
        {
            Input = _ => new CounterState(0, [], Preserve: true),
            Drive = RaiseThreeThenGo,
            ExpectedText = ["[1,2,3]"],
            ReferenceDefect = "Microsoft.DurableTask.InProcessTestHost 0.2.3-preview.1 (commit 28d93770) clears the events the SDK "
                + "forwards to the instance itself on ContinueAsNew(preserveUnprocessedEvents: true), so generation 1 waits forever; "
                + "fixed upstream after that release (microsoft/durabletask-dotnet#711, 'Preserve late events after continue-as-new').",
        },

        // ... or dropped with generation 0, so generations 1 and 2 read events raised once they run.
        new Scenario("continue-as-new-drops-events", ContinueAsNewCounter.Name)
        {
            Input = _ => new CounterState(0, [], Preserve: false),
            Drive = async run =>
            {
                await RaiseThreeThenGo(run);
                await run.WaitForCustomStatusAsync("{\"generation\":1}");
                await run.NoteOperationAsync("raise inc=10 in generation 1", (c, ct) => c.RaiseEventAsync(run.RootId, "inc", 10, ct));
                await run.WaitForCustomStatusAsync("{\"generation\":2}");
                await run.NoteOperationAsync("raise inc=20 in generation 2", (c, ct) => c.RaiseEventAsync(run.RootId, "inc", 20, ct));
            },
            ExpectedText = ["[1,10,20]"],
        },

        // Events between instances: the receiver (root) gets ping from a sender the test starts, and answers pong.
        new Scenario("event-ping-pong", PingReceiver.Name)
        {
            Drive = async run =>
            {
                await run.WaitForCustomStatusAsync("\"waiting\"");
                await run.Client.ScheduleNewOrchestrationInstanceAsync(
                    PingSender.Name, run.RootId, new Microsoft.DurableTask.StartOrchestrationOptions($"{run.RootId}:sender"), run.Cancellation);
            },
            ExpectedText = ["hello from"],
        },

        // Client operations on a finished instance and on a missing one. The SDK documents both as silent no-ops:
        // "Raised events for a completed or non-existent orchestration instance will be silently discarded" (RaiseEventAsync)
        // and "Attempting to terminate a completed or non-existent orchestration instance will fail silently" (TerminateInstanceAsync).
        new Scenario("client-raise-terminate-after-completion", WaitForEventWithTimeout.Name)
        {
            Input = _ => 50,
            Drive = async run =>
            {
                var missing = $"{run.RootId}:missing";
                await run.WaitForRuntimeStatusAsync(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed);
                await run.NoteOperationAsync("raise an event to the completed instance", (c, ct) => c.RaiseEventAsync(run.RootId, "approval", "too late", ct));
                await run.NoteOperationAsync("raise an event to a missing instance", (c, ct) => c.RaiseEventAsync(missing, "approval", "nobody", ct));
                await run.NoteOperationAsync("terminate the completed instance", (c, ct) => c.TerminateInstanceAsync(run.RootId, "too late", ct));
                await run.NoteOperationAsync("terminate a missing instance", (c, ct) => c.TerminateInstanceAsync(missing, "nobody", ct));
                await run.NoteRuntimeStatusAsync("after the operations");
            },
            ExpectedText = ["timed out"],
        },

        // Suspend and resume of a finished instance (not documented by the SDK; the reference host accepts them as no-ops).
        new Scenario("client-suspend-resume-after-completion", WaitForEventWithTimeout.Name)
        {
            Input = _ => 50,
            Drive = async run =>
            {
                await run.WaitForRuntimeStatusAsync(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed);
                await run.NoteOperationAsync("suspend the completed instance", (c, ct) => c.SuspendInstanceAsync(run.RootId, "too late", ct));
                await run.NoteOperationAsync("resume the completed instance", (c, ct) => c.ResumeInstanceAsync(run.RootId, "too late", ct));
                await run.NoteRuntimeStatusAsync("after the operations");
            },
            ExpectedText = ["timed out"],
        },
    ];

    private static async Task RaiseThreeThenGo(HostRun run)
    {
        for (var i = 1; i <= 3; i++)
        {
            await run.Client.RaiseEventAsync(run.RootId, "inc", i, run.Cancellation);
        }

        await run.Client.RaiseEventAsync(run.RootId, "go", "now", run.Cancellation);
    }
}
