using Microsoft.Extensions.Logging.Abstractions;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Golden-history replay through the executor alone, without a database.</summary>
public sealed class ExecutorReplayTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ExecutorEnvironment Environment(Func<IOrchestrationContext, string?, Task<string>> code)
    {
        var registry = new WorkflowRegistry().AddOrchestrator("Flow", code);
        return new ExecutorEnvironment(new WorkflowCatalog([registry]), NSubstitute.Substitute.For<IServiceProvider>(), JsonDataConverter.Default, NullLoggerFactory.Instance, 1024 * 1024);
    }

    private static List<HistoryRecord> RecordedHistory() =>
    [
        new(HistoryEventType.OrchestratorStarted, T0),
        new(HistoryEventType.ExecutionStarted, T0) { Name = "Flow" },
        new(HistoryEventType.TaskScheduled, T0) { TaskId = 0, Name = "CreateZone" },
        new(HistoryEventType.OrchestratorStarted, T0.AddSeconds(1)),
        new(HistoryEventType.TaskCompleted, T0.AddSeconds(1)) { TaskId = 0, Payload = "\"zone-1\""u8.ToArray() },
        new(HistoryEventType.TaskScheduled, T0.AddSeconds(1)) { TaskId = 1, Name = "CreateRecords" },
    ];

    [Fact]
    public void Replay_MatchingCode_ProducesNoNewActionsThenContinuesLive()
    {
        var executor = new OrchestrationExecutor(Environment(async (ctx, _) =>
        {
            string zone = await ctx.CallActivityAsync<string>("CreateZone");
            return zone + await ctx.CallActivityAsync<string>("CreateRecords", zone);
        }), "i-1", "Flow", string.Empty, null, Guid.NewGuid());

        executor.Replay(RecordedHistory());
        executor.BeginEpisode(T0.AddSeconds(2));
        Assert.Empty(executor.Output.Activities);

        executor.ApplyNew(new HistoryRecord(HistoryEventType.TaskCompleted, T0.AddSeconds(2)) { TaskId = 1, Payload = "\"_records\""u8.ToArray() });
        executor.CompleteEpisode();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, executor.Result!.Status);
        Assert.Equal("\"zone-1_records\"", System.Text.Encoding.UTF8.GetString(executor.Result.Output!));
        Assert.Equal(9, executor.HistoryCount); // 6 replayed + OrchestratorStarted, TaskCompleted, ExecutionCompleted
    }

    [Fact]
    public void Replay_CodeSchedulesDifferentActivity_ThrowsNonDeterministicNamingBoth()
    {
        var executor = new OrchestrationExecutor(Environment(async (ctx, _) =>
        {
            string zone = await ctx.CallActivityAsync<string>("CreateZone");
            return await ctx.CallActivityAsync<string>("UpdateNameservers", zone);
        }), "i-2", "Flow", string.Empty, null, Guid.NewGuid());

        var error = Assert.Throws<NonDeterministicOrchestrationException>(() => executor.Replay(RecordedHistory()));

        Assert.Equal(1, error.TaskId);
        Assert.Contains("CreateRecords", error.Expected, StringComparison.Ordinal);
        Assert.Contains("UpdateNameservers", error.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_CurrentUtcDateTime_ComesFromHistoryNotTheClock()
    {
        var seen = new List<DateTime>();
        var executor = new OrchestrationExecutor(Environment(async (ctx, _) =>
        {
            seen.Add(ctx.CurrentUtcDateTime);
            await ctx.CallActivityAsync<string>("CreateZone");
            seen.Add(ctx.CurrentUtcDateTime);
            return await ctx.CallActivityAsync<string>("CreateRecords");
        }), "i-3", "Flow", string.Empty, null, Guid.NewGuid());

        executor.Replay(RecordedHistory());

        Assert.Equal([T0, T0.AddSeconds(1)], seen);
    }

    [Fact]
    public void HistoryRewriter_FailedRetryChain_DroppedWhileCompletedWorkKept()
    {
        List<HistoryRecord> history =
        [
            new(HistoryEventType.ExecutionStarted, T0) { Name = "Flow" },
            new(HistoryEventType.TaskScheduled, T0) { TaskId = 0, Name = "A" },
            new(HistoryEventType.TaskCompleted, T0) { TaskId = 0 },
            new(HistoryEventType.TaskScheduled, T0) { TaskId = 1, Name = "B" },
            new(HistoryEventType.TaskFailed, T0) { TaskId = 1 },
            new(HistoryEventType.TimerCreated, T0) { TaskId = 2, Name = "retry", Extra = "retry-of:1" },
            new(HistoryEventType.TimerFired, T0) { TaskId = 2 },
            new(HistoryEventType.TaskScheduled, T0) { TaskId = 3, Name = "B", Extra = "retry-of:1" },
            new(HistoryEventType.TaskFailed, T0) { TaskId = 3 },
            new(HistoryEventType.ExecutionCompleted, T0) { Extra = "Failed" },
        ];

        (List<HistoryRecord> rewritten, List<string> children) = HistoryRewriter.Rewrite(history);

        Assert.Equal([HistoryEventType.ExecutionStarted, HistoryEventType.TaskScheduled, HistoryEventType.TaskCompleted], rewritten.Select(r => r.Kind));
        Assert.Empty(children);
    }
}
