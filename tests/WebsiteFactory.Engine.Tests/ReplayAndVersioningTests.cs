using NonDeterministicOrchestrationException = DurableTask.Core.Exceptions.NonDeterministicOrchestrationException;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Replay from stored history through the SDK's executor: determinism, replay flags, non-durable awaits, versions.</summary>
public sealed class ReplayAndVersioningTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Replay_CodeChangedUnderRunningInstance_FailsWithNonDeterministicErrorNamingBothActivities()
    {
        string firstActivity = "CreateZone";
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivityFunc<string, string>("CreateZone", (_, s) => Task.FromResult(s))
                .AddActivityFunc<string, string>("CreateRecords", (_, s) => Task.FromResult(s))
                .AddOrchestratorFunc<string?, string>("Provision", async (ctx, _) =>
                {
                    await ctx.CallActivityAsync<string>(Volatile.Read(ref firstActivity), "x");
                    return await ctx.WaitForExternalEvent<string>("Go");
                }),
            o => o.SessionCapacity = 0);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Provision");
        await WaitForIdleAfterAsync<TaskCompletedEvent>(h, id);

        Volatile.Write(ref firstActivity, "CreateRecords");
        await h.Client.RaiseEventAsync(id, "Go", "now");
        OrchestrationMetadata done = await h.CompleteAsync(id);

        // The SDK's executor fails the orchestration (it does not throw out of the episode) with DTFx's exception type.
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("'CreateZone'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'CreateRecords'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ReplayedEpisodes_IsReplayingTrueOnlyForRecordedPart()
    {
        var flags = new List<bool>();
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivityFunc<int, int>("Id", (_, x) => Task.FromResult(x))
                .AddOrchestratorFunc<string?, int>("Flags", async (ctx, _) =>
                {
                    lock (flags)
                    {
                        flags.Add(ctx.IsReplaying);
                    }

                    int a = await ctx.CallActivityAsync<int>("Id", 1);
                    lock (flags)
                    {
                        flags.Add(ctx.IsReplaying);
                    }

                    return a + await ctx.CallActivityAsync<int>("Id", 2);
                }),
            o => o.SessionCapacity = 0);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Flags");

        Assert.Equal(3, (await h.CompleteAsync(id)).ReadOutputAs<int>());

        // Episode 1: start (live). Episode 2: start (replay), after A (live). Episode 3: start, after A (replay).
        Assert.Equal([false, true, false, true, true], flags);
    }

    [Fact]
    public async Task Replay_WithSessions_EachEpisodeRunsOnlyNewEvents()
    {
        int starts = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<int, int>("Id", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<int, int>("Steps", async (ctx, n) =>
            {
                Interlocked.Increment(ref starts);
                int sum = 0;
                for (int i = 0; i < n; i++)
                {
                    sum += await ctx.CallActivityAsync<int>("Id", i);
                }

                return sum;
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Steps", 20);

        Assert.Equal(190, (await h.CompleteAsync(id)).ReadOutputAs<int>());

        // Without sessions every one of the 21 episodes would replay from the start; a session is dropped only on doubt
        // (a lost lease, a rejected commit), which a loaded machine may cause once or twice.
        Assert.InRange(starts, 1, 3);
    }

    [Fact]
    public async Task Replay_OnAnotherWorkerAfterFusedSteps_SeesTheLiveRunsTimesAndGuids()
    {
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        static void Register(DurableTaskRegistry r) => r
            .AddActivityFunc<string, string>("Record", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<string?, List<string>>("Stamps", async (ctx, _) =>
            {
                var seen = new List<string>();
                for (int i = 0; i < 5; i++)
                {
                    string stamp = $"{ctx.CurrentUtcDateTime.Ticks}/{ctx.NewGuid()}";
                    seen.Add(stamp);
                    await ctx.CallActivityAsync<string>("Record", stamp);
                }

                await ctx.WaitForExternalEvent<string>("Go");
                return seen;
            });
        string id;
        List<string> live;
        long liveSessionHits;
        await using (var first = await EngineHarness.StartAsync(db, Register, schema: schema))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Stamps");
            await WaitForIdleAfterAsync<TaskCompletedEvent>(first, id, 5);
            live = (await first.Client.GetOrchestrationHistoryAsync(id)).OfType<TaskScheduledEvent>()
                .Select(e => System.Text.Json.JsonSerializer.Deserialize<string[]>(e.Input!)![0]).ToList();
            liveSessionHits = first.Statistics.SessionHits;
        }

        // A new worker has no session: the Go episode replays every step from the stored history.
        await using var second = await EngineHarness.StartAsync(db, Register, schema: schema);
        await second.Client.RaiseEventAsync(id, "Go", "now");
        OrchestrationMetadata done = await second.CompleteAsync(id);

        Assert.True(liveSessionHits > 0, "the live run never resumed a session (no fused or extended-session episode)");
        Assert.Equal(5, live.Count);
        Assert.Equal(live, done.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task Orchestrator_AwaitsNonDurableTask_NothingRecordedUntilNextEpisodeObservesIt()
    {
        // The SDK's executor does not detect code that leaves the orchestrator thread (its Roslyn analyzer does, at build
        // time): the continuation runs outside any episode, so nothing is recorded and the instance looks idle until the
        // next episode sees the orchestrator's task complete.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("BadAwait", async (_, _) =>
            {
                await gate.Task;
                returned.TrySetResult();
                return "late";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("BadAwait");
        await WaitForIdleAfterAsync<ExecutionStartedEvent>(h, id);

        gate.SetResult();
        await returned.Task.WaitAsync(TimeSpan.FromSeconds(60));
        OrchestrationMetadata idle = (await h.Client.GetInstanceAsync(id, true))!;

        Assert.Equal(OrchestrationRuntimeStatus.Running, idle.RuntimeStatus);
        Assert.Null(idle.SerializedOutput);
        Assert.Equal(0, await h.CountAsync("tasks") + await h.CountAsync("inbox"));

        await h.Client.RaiseEventAsync(id, "Nudge", 1);
        OrchestrationMetadata done = await h.CompleteAsync(id);
        Assert.Equal("late", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Versioning_StartVersionRecorded_OrchestratorBranchesOnContextVersion()
    {
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r.AddOrchestratorFunc<string?, string>("Flow", (ctx, _) => Task.FromResult($"{ctx.Version}:{(ctx.CompareVersionTo("2") >= 0 ? "new" : "old")}")),
            services: s => s.Configure<DurableTaskClientOptions>(o => o.DefaultVersion = "2"));

        string v1 = await h.Client.ScheduleNewOrchestrationInstanceAsync("Flow", new StartOrchestrationOptions { Version = "1" });
        string byDefault = await h.Client.ScheduleNewOrchestrationInstanceAsync("Flow");

        Assert.Equal("1:old", (await h.CompleteAsync(v1)).ReadOutputAs<string>());
        Assert.Equal("2:new", (await h.CompleteAsync(byDefault)).ReadOutputAs<string>());
        Assert.Equal("1", Assert.Single((await h.Client.GetOrchestrationHistoryAsync(v1)).OfType<ExecutionStartedEvent>()).Version);
        Assert.Equal("2", Assert.Single((await h.Client.GetOrchestrationHistoryAsync(byDefault)).OfType<ExecutionStartedEvent>()).Version);
    }

    [Fact]
    public async Task Versioning_WorkerUpgradedUnderRunningInstance_InstanceKeepsItsVersionThroughReplay()
    {
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        string id;
        await using (var old = await EngineHarness.StartAsync(
            db, r => r.AddOrchestratorFunc<string?, string>("Flow", (ctx, _) => ctx.WaitForExternalEvent<string>("Go")), schema: schema))
        {
            id = await old.Client.ScheduleNewOrchestrationInstanceAsync("Flow", new StartOrchestrationOptions { Version = "1" });
            await WaitForIdleAfterAsync<ExecutionStartedEvent>(old, id);
        }

        await using var upgraded = await EngineHarness.StartAsync(
            db,
            r => r.AddOrchestratorFunc<string?, string>("Flow", async (ctx, _) =>
            {
                string go = await ctx.WaitForExternalEvent<string>("Go");
                return ctx.CompareVersionTo("2") < 0 ? $"v{ctx.Version} path: {go}" : "v2 path";
            }),
            services: s => s.Configure<DurableTaskClientOptions>(o => o.DefaultVersion = "2"),
            schema: schema);
        await upgraded.Client.RaiseEventAsync(id, "Go", "x");
        OrchestrationMetadata done = await upgraded.CompleteAsync(id);

        Assert.Equal("v1 path: x", done.ReadOutputAs<string>());
    }

    /// <summary>Waits until the instance's history holds <paramref name="count"/> <typeparamref name="T"/> events and its last episode is committed.</summary>
    internal static async Task WaitForIdleAfterAsync<T>(EngineHarness h, string id, int count = 1)
        where T : HistoryEvent
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id, cts.Token);
            if (history.OfType<T>().Count() >= count && history[^1] is OrchestratorCompletedEvent)
            {
                return;
            }

            await Task.Delay(20, cts.Token);
        }
    }
}
