using NonDeterministicOrchestrationException = DurableTask.Core.Exceptions.NonDeterministicOrchestrationException;
using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WebsiteFactory.Engine.Execution;
using Kind = Microsoft.DurableTask.Protobuf.HistoryEvent.EventTypeOneofCase;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Tests;

/// <summary>
/// Recorded histories fed back through the SDK's runner as the engine calls it (no database), and the rewind plan cut
/// on recorded histories.
/// </summary>
public sealed class ExecutorReplayTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Execution = Guid.NewGuid();
    private readonly ServiceProvider services = new ServiceCollection()
        .AddSingleton(new DurableTaskShimFactory(new DurableTaskWorkerOptions(), NullLoggerFactory.Instance))
        .BuildServiceProvider();

    public ExecutorReplayTests() => this.Runner = new OrchestrationRunner(this.services, TimeSpan.FromMinutes(1), useSessions: false);

    private OrchestrationRunner Runner { get; }

    [Fact]
    public void Replay_MatchingCode_ProducesNoNewActionsThenContinuesLive()
    {
        var code = new Code(async ctx =>
        {
            string zone = await ctx.CallActivityAsync<string>("CreateZone");
            return zone + await ctx.CallActivityAsync<string>("CreateRecords", zone);
        });

        P.OrchestratorResponse idle = this.Runner.Run("i-1", Execution, code, RecordedHistory(), [ProtoEvents.OrchestratorStarted(T0.AddSeconds(2))])!;
        P.OrchestratorResponse live = this.Runner.Run(
            "i-1", Execution, code, RecordedHistory(), [ProtoEvents.OrchestratorStarted(T0.AddSeconds(2)), ProtoEvents.TaskCompleted(T0.AddSeconds(2), 1, "\"_records\"")])!;

        Assert.Empty(idle.Actions);
        P.OrchestratorAction done = Assert.Single(live.Actions);
        Assert.Equal(P.OrchestrationStatus.Completed, done.CompleteOrchestration.OrchestrationStatus);
        Assert.Equal("\"zone-1_records\"", done.CompleteOrchestration.Result);
    }

    [Fact]
    public void Replay_CodeSchedulesDifferentActivity_FailsNonDeterministicNamingBoth()
    {
        var code = new Code(async ctx =>
        {
            string zone = await ctx.CallActivityAsync<string>("CreateZone");
            return await ctx.CallActivityAsync<string>("UpdateNameservers", zone);
        });

        P.OrchestratorResponse response = this.Runner.Run("i-2", Execution, code, RecordedHistory(), [ProtoEvents.OrchestratorStarted(T0.AddSeconds(2))])!;

        // The SDK's executor turns non-determinism into a failed completion (next to the action it did not expect), not
        // an exception out of the runner.
        P.CompleteOrchestrationAction failed = Assert.Single(
            response.Actions, a => a.OrchestratorActionTypeCase == P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration).CompleteOrchestration;
        Assert.Equal(P.OrchestrationStatus.Failed, failed.OrchestrationStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failed.FailureDetails.ErrorType);
        Assert.Contains("'CreateRecords'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'UpdateNameservers'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_CurrentUtcDateTime_ComesFromHistoryNotTheClock()
    {
        var seen = new List<DateTime>();
        var code = new Code(async ctx =>
        {
            seen.Add(ctx.CurrentUtcDateTime);
            await ctx.CallActivityAsync<string>("CreateZone");
            seen.Add(ctx.CurrentUtcDateTime);
            return await ctx.CallActivityAsync<string>("CreateRecords");
        });

        this.Runner.Run("i-3", Execution, code, RecordedHistory(), [ProtoEvents.OrchestratorStarted(T0.AddSeconds(2))]);

        Assert.Equal([T0, T0.AddSeconds(1)], seen);
    }

    [Fact]
    public void RewindPlan_FailedStepWhoseRetryHandlerWaitedOnTimers_CutBeforeFirstFailureAndStepIssuedAgain()
    {
        // A; then B retried by a handler that waits on a timer before each decision; B never succeeded.
        List<P.HistoryEvent> history =
        [
            Started(0), ExecutionStarted(), Scheduled(0, "A"), Completed(0),
            Started(1), ProtoEvents.TaskCompleted(At(1), 0, "\"a\""), Scheduled(1, "B"), Completed(1),
            Started(2), Failed(2, 1), Timer(2, 2), Completed(2),
            Started(3), Fired(3, 2), Scheduled(3, "B"), Completed(3),
            Started(4), Failed(4, 3), Timer(4, 4), Completed(4),
            Started(5), Fired(5, 4), ProtoEvents.ExecutionCompleted(At(5), 5, P.OrchestrationStatus.Failed, null, ProtoEvents.Failure("X", "B failed")), Completed(5),
        ];
        var newExecution = Guid.NewGuid();

        RewindPlan plan = RewindPlan.Create(history, "i-4", newExecution);

        Assert.Equal(
            [Kind.OrchestratorStarted, Kind.ExecutionStarted, Kind.TaskScheduled, Kind.OrchestratorCompleted, Kind.OrchestratorStarted, Kind.TaskCompleted, Kind.OrchestratorCompleted],
            plan.Kept.Select(e => e.EventTypeCase));
        Assert.Equal(ProtoEvents.ExecutionText(newExecution), plan.Kept[1].ExecutionStarted.OrchestrationInstance.ExecutionId);
        Assert.Empty(plan.Timers);
        Assert.Empty(plan.Redelivered);
        Assert.Empty(plan.RewindChildren);
    }

    [Fact]
    public void RewindPlan_RetryRecoveredThenLaterStepFailed_KeepsTheRecoveredRetryChainWithItsTimer()
    {
        List<P.HistoryEvent> history =
        [
            Started(0), ExecutionStarted(), Scheduled(0, "B"), Completed(0),
            Started(1), Failed(1, 0), Timer(1, 1), Completed(1),
            Started(2), Fired(2, 1), Scheduled(2, "B"), Completed(2),
            Started(3), ProtoEvents.TaskCompleted(At(3), 2, "\"b\""), Scheduled(3, "C"), Completed(3),
            Started(4), Failed(4, 3), ProtoEvents.ExecutionCompleted(At(4), 4, P.OrchestrationStatus.Failed, null, ProtoEvents.Failure("X", "C failed")), Completed(4),
        ];

        RewindPlan plan = RewindPlan.Create(history, "i-5", Guid.NewGuid());

        Assert.Equal(15, plan.Kept.Count);
        Assert.DoesNotContain(plan.Kept, e => e.EventTypeCase == Kind.TaskScheduled && e.TaskScheduled.Name == "C");
        Assert.Single(plan.Kept, e => e.EventTypeCase == Kind.TimerFired);
        Assert.Empty(plan.Timers);
    }

    [Fact]
    public void RewindPlan_FailedChild_ChildRewoundAndAdopted()
    {
        List<P.HistoryEvent> history =
        [
            Started(0), ExecutionStarted(), Child(0, "child-1"), Completed(0),
            Started(1), ProtoEvents.SubOrchestrationFailed(At(1), 0, ProtoEvents.Failure("X", "child failed")),
            ProtoEvents.ExecutionCompleted(At(1), 1, P.OrchestrationStatus.Failed, null, ProtoEvents.Failure("X", "child failed")), Completed(1),
        ];

        RewindPlan plan = RewindPlan.Create(history, "i-6", Guid.NewGuid());

        Assert.Equal([Kind.OrchestratorStarted, Kind.ExecutionStarted, Kind.SubOrchestrationInstanceCreated, Kind.OrchestratorCompleted], plan.Kept.Select(e => e.EventTypeCase));
        Assert.Equal(["child-1"], plan.RewindChildren);
        Assert.Equal([("child-1", 0)], plan.AdoptedChildren);
    }

    public void Dispose()
    {
        this.Runner.Dispose();
        this.services.Dispose();
    }

    private static DateTime At(int step) => T0.AddSeconds(step);

    private static P.HistoryEvent Started(int step) => ProtoEvents.OrchestratorStarted(At(step));

    private static P.HistoryEvent Completed(int step) => ProtoEvents.OrchestratorCompleted(At(step));

    private static P.HistoryEvent ExecutionStarted() => ProtoEvents.ExecutionStarted(T0, "i", Execution, "Flow", null, null);

    private static P.HistoryEvent Scheduled(int id, string name, string? input = null)
        => new() { EventId = id, Timestamp = ProtoEvents.Ts(T0), TaskScheduled = new P.TaskScheduledEvent { Name = name, Input = input } };

    private static P.HistoryEvent Failed(int step, int id) => ProtoEvents.TaskFailed(At(step), id, ProtoEvents.Failure("X", "failed"));

    private static P.HistoryEvent Timer(int step, int id)
        => new() { EventId = id, Timestamp = ProtoEvents.Ts(At(step)), TimerCreated = new P.TimerCreatedEvent { FireAt = ProtoEvents.Ts(At(step + 1)) } };

    private static P.HistoryEvent Fired(int step, int id) => ProtoEvents.TimerFired(At(step), id, Timestamp.FromDateTime(At(step)));

    private static P.HistoryEvent Child(int id, string instanceId)
        => new() { EventId = id, Timestamp = ProtoEvents.Ts(T0), SubOrchestrationInstanceCreated = new P.SubOrchestrationInstanceCreatedEvent { Name = "Child", InstanceId = instanceId } };

    private static List<P.HistoryEvent> RecordedHistory() =>
    [
        ProtoEvents.OrchestratorStarted(T0),
        ProtoEvents.ExecutionStarted(T0, "i", Execution, "Flow", null, null),
        Scheduled(0, "CreateZone"),
        ProtoEvents.OrchestratorCompleted(T0),
        ProtoEvents.OrchestratorStarted(T0.AddSeconds(1)),
        ProtoEvents.TaskCompleted(T0.AddSeconds(1), 0, "\"zone-1\""),
        Scheduled(1, "CreateRecords", "\"zone-1\""),
        ProtoEvents.OrchestratorCompleted(T0.AddSeconds(1)),
    ];

    /// <summary>An orchestrator made of a lambda.</summary>
    private sealed class Code(Func<TaskOrchestrationContext, Task<string>> run) : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) => run(context);
    }
}
