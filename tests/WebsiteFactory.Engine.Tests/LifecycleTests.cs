using WebsiteFactory.Testing;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Terminate, suspend/resume, rewind, restart and purge.</summary>
public sealed class LifecycleTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Terminate_WithPendingActivity_TerminatedWithReasonAndLateResultDiscarded()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, string>("Slow", async (_, _) =>
            {
                started.TrySetResult();
                return await release.Task;
            })
            .AddOrchestrator<string?, string>("Waits", (ctx, _) => ctx.CallActivityAsync<string>("Slow", "x")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await h.Client.TerminateInstanceAsync(id, "operator stopped it");
        OrchestrationMetadata done = await h.CompleteAsync(id);
        release.SetResult("late");
        await h.WaitForTablesAsync("tasks", 0);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("operator stopped it", done.ReadOutputAs<string>());
        IReadOnlyList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        HistoryEvent terminated = Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionTerminated);
        Assert.Equal("operator stopped it", terminated.Reason);
        Assert.DoesNotContain(history, e => e.EventType == HistoryEventType.TaskCompleted);
        await Assert.ThrowsAsync<InvalidOrchestrationStateException>(() => h.Client.TerminateInstanceAsync(id));
    }

    [Fact]
    public async Task Terminate_Recursive_TerminatesRunningChildren()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never"))
            .AddOrchestrator<string?, string>("Parent", (ctx, _) => ctx.CallSubOrchestratorAsync<string>("Forever")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", options: new StartOrchestrationOptions { InstanceId = "rec-parent" });
        await h.WaitUntilAsync("rec-parent:0000", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await h.Client.TerminateInstanceAsync(id, "cleanup", recursive: true);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await h.CompleteAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await h.CompleteAsync("rec-parent:0000")).RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResume_EventsWhileSuspended_HeldThenDeliveredInOrder()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Collect", async (ctx, _) =>
            {
                var got = new List<string>();
                for (int i = 0; i < 3; i++)
                {
                    got.Add(await ctx.WaitForExternalEvent<string>("Item"));
                    ctx.SetCustomStatus(got.Count);
                }

                return string.Join(",", got);
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Collect");
        await h.Client.WaitForInstanceStartAsync(id);
        await h.Client.SuspendInstanceAsync(id, "maintenance");
        await h.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await h.Client.RaiseEventAsync(id, "Item", "a");
        await h.Client.RaiseEventAsync(id, "Item", "b");
        await h.WaitForTablesAsync("inbox", 0);

        OrchestrationMetadata suspended = (await h.Client.GetInstanceAsync(id, true))!;
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, suspended.RuntimeStatus);
        Assert.Null(suspended.SerializedCustomStatus);

        await h.Client.ResumeInstanceAsync(id, "done");
        await h.Client.RaiseEventAsync(id, "Item", "c");
        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("a,b,c", done.ReadOutputAs<string>());
        IReadOnlyList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal("maintenance", Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionSuspended).Reason);
        Assert.Equal("done", Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionResumed).Reason);
    }

    [Fact]
    public async Task Suspended_ActivityCompletesThenTerminated_ResultHeldAndInstanceTerminated()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, string>("Slow", async (_, _) =>
            {
                started.TrySetResult();
                return await release.Task;
            })
            .AddOrchestrator<string?, string>("Waits", async (ctx, _) =>
            {
                string value = await ctx.CallActivityAsync<string>("Slow", "x");
                ctx.SetCustomStatus("got " + value);
                return value;
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await h.Client.SuspendInstanceAsync(id);
        await h.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);

        release.SetResult("done");
        await h.WaitForTablesAsync("tasks", 0);
        await h.WaitForTablesAsync("inbox", 0);
        OrchestrationMetadata held = (await h.Client.GetInstanceAsync(id, true))!;
        await h.Client.TerminateInstanceAsync(id, "abandoned");
        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, held.RuntimeStatus);
        Assert.Null(held.SerializedCustomStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Single(await h.Client.GetOrchestrationHistoryAsync(id), e => e.EventType == HistoryEventType.TaskCompleted);
    }

    [Fact]
    public async Task Rewind_FailedActivity_RerunsOnlyFailedStepAndKeepsCompletedResults()
    {
        int aCalls = 0, bCalls = 0, cCalls = 0;
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivity<string, string>("A", (_, s) => { Interlocked.Increment(ref aCalls); return Task.FromResult(s + "a"); })
                .AddActivity<string, string>("B", (_, s) =>
                {
                    Interlocked.Increment(ref bCalls);
                    return Volatile.Read(ref broken) ? throw new InvalidOperationException("dns not ready") : Task.FromResult(s + "b");
                })
                .AddActivity<string, string>("C", (_, s) => { Interlocked.Increment(ref cCalls); return Task.FromResult(s + "c"); })
                .AddOrchestrator<string, string>("Pipeline", async (ctx, s) =>
                {
                    s = await ctx.CallActivityAsync<string>("A", s);
                    s = await ctx.CallActivityAsync<string>("B", s, TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(50))));
                    return await ctx.CallActivityAsync<string>("C", s);
                }),
            o => o.CursorCacheCapacity = 0);
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
        IReadOnlyList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal("dns fixed", Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionRewound).Reason);
    }

    [Fact]
    public async Task Rewind_FailedChild_RewindsChildRecursively()
    {
        int stepCalls = 0;
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, string>("Step", (_, s) => { Interlocked.Increment(ref stepCalls); return Task.FromResult(s + "!"); })
            .AddActivity<string, string>("Fragile", (_, s) => Volatile.Read(ref broken) ? throw new InvalidOperationException("broken") : Task.FromResult(s + "?"))
            .AddOrchestrator<string, string>("Child", async (ctx, s) => await ctx.CallActivityAsync<string>("Fragile", await ctx.CallActivityAsync<string>("Step", s)))
            .AddOrchestrator<string, string>("Parent", (ctx, s) => ctx.CallSubOrchestratorAsync<string>("Child", s)));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "x", new StartOrchestrationOptions { InstanceId = "rw-parent" });
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await h.CompleteAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await h.Client.GetInstanceAsync("rw-parent:0000"))!.RuntimeStatus);

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "fixed");
        OrchestrationMetadata done = await h.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        Assert.Equal("x!?", done.ReadOutputAs<string>());
        Assert.Equal(1, stepCalls);
    }

    [Fact]
    public async Task Rewind_RunningInstance_RejectedAndHistoryIntact()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever");
        await h.Client.WaitForInstanceStartAsync(id);
        int before = (await h.Client.GetOrchestrationHistoryAsync(id)).Count;

        var error = await Assert.ThrowsAsync<InvalidOrchestrationStateException>(() => h.Client.RewindInstanceAsync(id, "why"));

        Assert.Contains("only Failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await h.Client.GetOrchestrationHistoryAsync(id)).Count);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await h.Client.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task Restart_SameIdAndNewId_RunAgainWithOriginalInput()
    {
        int runs = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, string>("Count", (_, s) => Task.FromResult($"{s}#{Interlocked.Increment(ref runs)}"))
            .AddOrchestrator<string, string>("Once", (ctx, s) => ctx.CallActivityAsync<string>("Count", s)));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Once", "in", new StartOrchestrationOptions { InstanceId = "restart-me" });
        Assert.Equal("in#1", (await h.CompleteAsync(id)).ReadOutputAs<string>());

        Assert.Equal(id, await h.Client.RestartAsync(id));
        OrchestrationMetadata again = await h.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed && m.SerializedOutput == "\"in#2\"");
        string copy = await h.Client.RestartAsync(id, restartWithNewInstanceId: true);
        OrchestrationMetadata copied = await h.CompleteAsync(copy);

        Assert.Equal("in#2", again.ReadOutputAs<string>());
        Assert.NotEqual(id, copy);
        Assert.Equal("in#3", copied.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Restart_RunningInstanceSameId_Rejected()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever");

        await Assert.ThrowsAsync<InvalidOrchestrationStateException>(() => h.Client.RestartAsync(id));
    }

    [Fact]
    public async Task Purge_SingleAndByFilter_DeletesFinishedInstancesWithoutOrphans()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<int, int>("Id", (_, x) => Task.FromResult(x))
            .AddOrchestrator<int, int>("Quick", (ctx, x) => ctx.CallActivityAsync<int>("Id", x))
            .AddOrchestrator<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add(await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", i));
        }

        string running = await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever");
        foreach (string id in ids)
        {
            await h.CompleteAsync(id);
        }

        Assert.Equal(1, (await h.Client.PurgeInstanceAsync(ids[0])).PurgedInstanceCount);
        Assert.Equal(0, (await h.Client.PurgeInstanceAsync(ids[0])).PurgedInstanceCount);
        Assert.Null(await h.Client.GetInstanceAsync(ids[0]));
        await Assert.ThrowsAsync<InvalidOrchestrationStateException>(() => h.Client.PurgeInstanceAsync(running));
        PurgeResult all = await h.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.UtcNow.AddHours(-1)));

        Assert.Equal(4, all.PurgedInstanceCount);
        Assert.Equal(1, await h.CountAsync("instances"));
        Assert.NotNull(await h.Client.GetInstanceAsync(running));
        long key = (await h.ScalarAsync<long>($"SELECT instance_key FROM {h.Schema}.instances"));
        Assert.Equal(0, await h.CountAsync("history", $"instance_key <> {key}"));
        Assert.Equal(0, await h.CountAsync("tasks"));
    }

    [Fact]
    public async Task Retention_FinishedInstancesOlderThanRetention_PurgedAutomatically()
    {
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r.AddOrchestrator<int, int>("Quick", (_, x) => Task.FromResult(x)),
            o =>
            {
                o.Retention = TimeSpan.FromMilliseconds(1);
                o.RetentionInterval = TimeSpan.FromMilliseconds(200);
            });
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", 1);
        await h.CompleteAsync(id);

        await h.WaitForTablesAsync("instances", 0);

        Assert.Null(await h.Client.GetInstanceAsync(id));
    }
}
