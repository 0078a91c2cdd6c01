using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Terminate, suspend/resume, restart, purge and retention.</summary>
public sealed class LifecycleTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Terminate_WithPendingActivity_TerminatedWithReasonAndLateResultDiscarded()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Slow", async (_, _) =>
            {
                started.TrySetResult();
                return await release.Task;
            })
            .AddOrchestratorFunc<string?, string>("Waits", (ctx, _) => ctx.CallActivityAsync<string>("Slow", "x")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await h.Client.TerminateInstanceAsync(id, "operator stopped it");
        OrchestrationMetadata done = await h.CompleteAsync(id);
        release.SetResult("late");
        await h.WaitForTablesAsync("tasks", 0);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("operator stopped it", done.ReadOutputAs<string>());
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        ExecutionTerminatedEvent terminated = Assert.Single(history.OfType<ExecutionTerminatedEvent>());
        Assert.Equal("\"operator stopped it\"", terminated.Input);
        Assert.Empty(history.OfType<TaskCompletedEvent>());
        long inbox = await h.CountAsync("inbox");
        await h.Client.TerminateInstanceAsync(id);
        Assert.Equal(inbox, await h.CountAsync("inbox"));
    }

    [Fact]
    public async Task Terminate_Recursive_TerminatesRunningChildren()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never"))
            .AddOrchestratorFunc<string?, string>("Parent", (ctx, _) => ctx.CallSubOrchestratorAsync<string>("Forever", null, new TaskOptions().WithInstanceId("rec-child"))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions { InstanceId = "rec-parent" });
        await h.WaitUntilAsync("rec-child", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await h.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("cleanup", Recursive: true));

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await h.CompleteAsync(id)).RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await h.CompleteAsync("rec-child")).RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResume_EventsWhileSuspended_HeldThenDeliveredInOrder()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Collect", async (ctx, _) =>
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
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal("maintenance", Assert.Single(history.OfType<ExecutionSuspendedEvent>()).Reason);
        Assert.Equal("done", Assert.Single(history.OfType<ExecutionResumedEvent>()).Reason);
    }

    [Fact]
    public async Task Suspended_ActivityCompletesThenTerminated_ResultHeldAndInstanceTerminated()
    {
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Slow", async (_, _) =>
            {
                started.TrySetResult();
                return await release.Task;
            })
            .AddOrchestratorFunc<string?, string>("Waits", async (ctx, _) =>
            {
                string value = await ctx.CallActivityAsync<string>("Slow", "x");
                ctx.SetCustomStatus("got " + value);
                return value;
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
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
        Assert.Single((await h.Client.GetOrchestrationHistoryAsync(id)).OfType<TaskCompletedEvent>());
    }

    [Fact]
    public async Task Restart_SameIdAndNewId_RunAgainWithOriginalInput()
    {
        int runs = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Count", (_, s) => Task.FromResult($"{s}#{Interlocked.Increment(ref runs)}"))
            .AddOrchestratorFunc<string, string>("Once", (ctx, s) => ctx.CallActivityAsync<string>("Count", s)));
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
            .AddOrchestratorFunc<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever");

        await Assert.ThrowsAsync<InvalidOrchestrationStateException>(() => h.Client.RestartAsync(id));
        Assert.Equal(1, await h.CountAsync("instances"));
    }

    [Fact]
    public async Task Purge_SingleAndByFilter_DeletesFinishedInstancesWithoutOrphans()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<int, int>("Id", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<int, int>("Quick", (ctx, x) => ctx.CallActivityAsync<int>("Id", x))
            .AddOrchestratorFunc<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
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
        long key = await h.ScalarAsync<long>($"SELECT instance_key FROM {h.Schema}.instances");
        Assert.Equal(0, await h.CountAsync("history", $"instance_key <> {key}"));
        Assert.Equal(0, await h.CountAsync("inbox", $"instance_key <> {key}"));
        Assert.Equal(0, await h.CountAsync("tasks"));
    }

    [Fact]
    public async Task Purge_Recursive_DeletesParentAndFinishedChildren()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<int, int>("Leaf", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<int, int>("Tree", async (ctx, x) =>
                await ctx.CallSubOrchestratorAsync<int>("Leaf", x, new TaskOptions().WithInstanceId("purge-leaf-1"))
                + await ctx.CallSubOrchestratorAsync<int>("Leaf", x, new TaskOptions().WithInstanceId("purge-leaf-2"))));
        string single = await h.Client.ScheduleNewOrchestrationInstanceAsync("Tree", 1, new StartOrchestrationOptions { InstanceId = "purge-tree" });
        Assert.Equal(2, (await h.CompleteAsync(single)).ReadOutputAs<int>());

        PurgeResult result = await h.Client.PurgeInstanceAsync(single, new PurgeInstanceOptions(Recursive: true));

        Assert.Equal(3, result.PurgedInstanceCount);
        Assert.Equal(0, await h.CountAsync("instances"));
        Assert.Equal(0, await h.CountAsync("history"));
        Assert.Null(await h.Client.GetInstanceAsync("purge-leaf-1"));
    }

    [Fact]
    public async Task Retention_FinishedInstancesOlderThanRetention_PurgedAutomatically()
    {
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r.AddOrchestratorFunc<int, int>("Quick", (_, x) => Task.FromResult(x)),
            o =>
            {
                o.Retention = TimeSpan.FromMilliseconds(1);
                o.RetentionInterval = TimeSpan.FromMilliseconds(200);
            });
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", 1);
        await h.CompleteAsync(id);

        await h.WaitForTablesAsync("instances", 0, 60);

        Assert.Null(await h.Client.GetInstanceAsync(id));
        Assert.Equal(0, await h.CountAsync("history"));
    }
}
