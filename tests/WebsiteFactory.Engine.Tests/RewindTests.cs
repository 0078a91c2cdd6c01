using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Rewind: a failed instance goes on from its first unrecovered failure, keeping the results before it.</summary>
public sealed class RewindTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    /// <summary>The product's step retry: the handler waits on a durable timer before each new attempt.</summary>
    private static readonly TaskOptions RetryAfterTimer = TaskOptions.FromRetryHandler(async rc =>
    {
        await rc.OrchestrationContext.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        return rc.LastAttemptNumber < 3;
    });

    [Theory]
    [InlineData(2000)]
    [InlineData(0)]
    public async Task Rewind_FailedActivityWithRetryPolicy_RerunsOnlyFailedStepAndKeepsCompletedResults(int sessions)
    {
        int aCalls = 0, bCalls = 0, cCalls = 0;
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivityFunc<string, string>("A", (_, s) => { Interlocked.Increment(ref aCalls); return Task.FromResult(s + "a"); })
                .AddActivityFunc<string, string>("B", (_, s) =>
                {
                    Interlocked.Increment(ref bCalls);
                    return Volatile.Read(ref broken) ? throw new InvalidOperationException("dns not ready") : Task.FromResult(s + "b");
                })
                .AddActivityFunc<string, string>("C", (_, s) => { Interlocked.Increment(ref cCalls); return Task.FromResult(s + "c"); })
                .AddOrchestratorFunc<string, string>("Pipeline", async (ctx, s) =>
                {
                    s = await ctx.CallActivityAsync<string>("A", s);
                    s = await ctx.CallActivityAsync<string>("B", s, TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(50))));
                    return await ctx.CallActivityAsync<string>("C", s);
                }),
            o => o.SessionCapacity = sessions);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Pipeline", ">");
        OrchestrationMetadata failed = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(2, bCalls);

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "dns fixed");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.IsCompleted && m.LastUpdatedAt > failed.LastUpdatedAt);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal(">abc", done.ReadOutputAs<string>());
        Assert.Equal(1, aCalls);
        Assert.Equal(3, bCalls);
        Assert.Equal(1, cCalls);
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal("dns fixed", Assert.Single(history.OfType<ExecutionRewoundEvent>()).Reason);
        Assert.Empty(history.OfType<TaskFailedEvent>());
    }

    [Fact]
    public async Task Rewind_FailedStepWhoseRetryHandlerWaitedOnTimers_RerunsStepWithFreshRetries()
    {
        int aCalls = 0, bCalls = 0, cCalls = 0;
        int failuresLeft = 4;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("A", (_, s) => { Interlocked.Increment(ref aCalls); return Task.FromResult(s + "a"); })
            .AddActivityFunc<string, string>("B", (_, s) =>
            {
                Interlocked.Increment(ref bCalls);
                return Interlocked.Decrement(ref failuresLeft) >= 0 ? throw new InvalidOperationException("registrar busy") : Task.FromResult(s + "b");
            })
            .AddActivityFunc<string, string>("C", (_, s) => { Interlocked.Increment(ref cCalls); return Task.FromResult(s + "c"); })
            .AddOrchestratorFunc<string, string>("Pipeline", async (ctx, s) =>
            {
                s = await ctx.CallActivityAsync<string>("A", s);
                s = await ctx.CallActivityAsync<string>("B", s, RetryAfterTimer);
                return await ctx.CallActivityAsync<string>("C", s);
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Pipeline", ">");
        OrchestrationMetadata failed = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(3, bCalls);
        IList<HistoryEvent> before = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(3, before.OfType<TimerFiredEvent>().Count());

        // One more failure is left: the rewound step retries once (after a timer of the fresh handler) and succeeds.
        await h.Client.RewindInstanceAsync(id, "registrar back");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.IsCompleted && m.LastUpdatedAt > failed.LastUpdatedAt);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal(">abc", done.ReadOutputAs<string>());
        Assert.Equal((1, 5, 1), (aCalls, bCalls, cCalls));
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history.OfType<ExecutionRewoundEvent>());
        Assert.Single(history.OfType<TaskFailedEvent>());
        Assert.Single(history.OfType<TimerFiredEvent>());
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
    }

    [Fact]
    public async Task Rewind_FailedChildWithTimerRetries_RewindsChildRecursivelyAndParentCompletes()
    {
        int stepCalls = 0, fragileCalls = 0;
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Step", (_, s) => { Interlocked.Increment(ref stepCalls); return Task.FromResult(s + "!"); })
            .AddActivityFunc<string, string>("Fragile", (_, s) =>
            {
                Interlocked.Increment(ref fragileCalls);
                return Volatile.Read(ref broken) ? throw new InvalidOperationException("broken") : Task.FromResult(s + "?");
            })
            .AddOrchestratorFunc<string, string>("Child", async (ctx, s) =>
                await ctx.CallActivityAsync<string>("Fragile", await ctx.CallActivityAsync<string>("Step", s), RetryAfterTimer))
            .AddOrchestratorFunc<string, string>("Parent", async (ctx, s) =>
            {
                string first = await ctx.CallActivityAsync<string>("Step", s);
                return await ctx.CallSubOrchestratorAsync<string>("Child", first, new TaskOptions().WithInstanceId("rw-child"));
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "x", new StartOrchestrationOptions { InstanceId = "rw-parent" });
        OrchestrationMetadata failed = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await h.Client.GetInstanceAsync("rw-child"))!.RuntimeStatus);
        Assert.Equal((2, 3), (stepCalls, fragileCalls));

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "fixed");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.IsCompleted && m.LastUpdatedAt > failed.LastUpdatedAt);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal("x!!?", done.ReadOutputAs<string>());
        Assert.Equal((2, 4), (stepCalls, fragileCalls));
        OrchestrationMetadata child = (await h.Client.GetInstanceAsync("rw-child", true))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.Single((await h.Client.GetOrchestrationHistoryAsync("rw-child")).OfType<ExecutionRewoundEvent>());
    }

    [Fact]
    public async Task Rewind_ChildRetriedUnderSameIdThenFailed_ChildRewoundAndParentGetsItsResult()
    {
        int stepCalls = 0;
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Step", (_, s) => { Interlocked.Increment(ref stepCalls); return Task.FromResult(s + "!"); })
            .AddActivityFunc<string, string>("Fragile", (_, s) => Volatile.Read(ref broken) ? throw new InvalidOperationException("broken") : Task.FromResult(s + "?"))
            .AddOrchestratorFunc<string, string>("Child", async (ctx, s) => await ctx.CallActivityAsync<string>("Fragile", await ctx.CallActivityAsync<string>("Step", s)))
            .AddOrchestratorFunc<string, string>("Parent", (ctx, s) => ctx.CallSubOrchestratorAsync<string>(
                "Child", s, new SubOrchestrationOptions(new TaskRetryOptions(new RetryPolicy(2, TimeSpan.FromMilliseconds(50))), "retried-rw-child"))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "x");
        OrchestrationMetadata failed = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(2, stepCalls);

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "fixed");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.IsCompleted && m.LastUpdatedAt > failed.LastUpdatedAt);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal("x!?", done.ReadOutputAs<string>());
        Assert.Equal(2, stepCalls);
    }

    [Fact]
    public async Task Rewind_FanOutWithOneFailedBranch_RerunsOnlyThatBranchAndKeepsTheOthers()
    {
        var calls = new int[5];
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<int, int>("Branch", (_, i) =>
            {
                Interlocked.Increment(ref calls[i]);
                return i == 3 && Volatile.Read(ref broken) ? throw new InvalidOperationException("branch 3 broke") : Task.FromResult(i * 10);
            })
            .AddOrchestratorFunc<int, int>("FanOut", async (ctx, n) =>
            {
                int[] results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Branch", i)));
                return results.Sum();
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 5);
        OrchestrationMetadata failed = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "branch fixed");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.IsCompleted && m.LastUpdatedAt > failed.LastUpdatedAt);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal(100, done.ReadOutputAs<int>());
        Assert.Equal([1, 1, 1, 2, 1], calls);
        Assert.Equal(5, (await h.Client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>().Count());
    }

    [Fact]
    public async Task Rewind_FailureWhileTimerPending_TimerKeptAndFailedStepRerun()
    {
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Check", (_, s) => Volatile.Read(ref broken) ? throw new InvalidOperationException("not yet") : Task.FromResult(s))
            .AddOrchestratorFunc<string?, string>("Deadline", async (ctx, _) =>
            {
                Task timer = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddSeconds(1), CancellationToken.None);
                string checkedValue = await ctx.CallActivityAsync<string>("Check", "ok");
                await timer;
                return checkedValue + " after deadline";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Deadline");
        OrchestrationMetadata failed = await h.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Failed);

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "check fixed");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.IsCompleted && m.LastUpdatedAt > failed.LastUpdatedAt);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal("ok after deadline", done.ReadOutputAs<string>());
        Assert.Single((await h.Client.GetOrchestrationHistoryAsync(id)).OfType<TimerFiredEvent>());
        Assert.Equal(0, await h.CountAsync("inbox"));
    }

    [Fact]
    public async Task Rewind_OrchestratorCodeThrew_LastEpisodeRunsAgain()
    {
        bool broken = true;
        int calls = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<int, int>("Inc", (_, x) => { Interlocked.Increment(ref calls); return Task.FromResult(x + 1); })
            .AddOrchestratorFunc<int, int>("Throws", async (ctx, x) =>
            {
                int y = await ctx.CallActivityAsync<int>("Inc", x);
                return Volatile.Read(ref broken) ? throw new InvalidOperationException("bug") : y * 10;
            }),
            o => o.SessionCapacity = 0);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Throws", 1);
        OrchestrationMetadata failed = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "hotfix");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.IsCompleted && m.LastUpdatedAt > failed.LastUpdatedAt);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal(20, done.ReadOutputAs<int>());
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Rewind_RunningInstance_RejectedAndHistoryIntact()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever");
        await h.Client.WaitForInstanceStartAsync(id);
        int before = (await h.Client.GetOrchestrationHistoryAsync(id)).Count;

        var error = await Assert.ThrowsAsync<InvalidOrchestrationStateException>(() => h.Client.RewindInstanceAsync(id, "why"));

        Assert.Contains("only Failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await h.Client.GetOrchestrationHistoryAsync(id)).Count);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await h.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }
}
