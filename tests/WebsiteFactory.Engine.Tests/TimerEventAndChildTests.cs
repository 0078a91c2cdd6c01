using WebsiteFactory.Testing;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Durable timers, external events, sub-orchestrations and continue-as-new.</summary>
public sealed class TimerEventAndChildTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task CreateTimer_FiresNotBeforeFireAtInDatabaseTime()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, double>("Sleeper", async (ctx, _) =>
            {
                DateTime start = ctx.CurrentUtcDateTime;
                DateTime fireAt = start.AddMilliseconds(500);
                await ctx.CreateTimer(fireAt, CancellationToken.None);
                return (ctx.CurrentUtcDateTime - fireAt).TotalMilliseconds;
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<double>() >= 0, "the timer fired before its fire time");
        IReadOnlyList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history, e => e.EventType == HistoryEventType.TimerFired);
    }

    [Fact]
    public async Task CreateTimer_FarFutureTimerOfFinishedExecution_IsCleanedUp()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, string>("Quick", (_, s) => Task.FromResult(s))
            .AddOrchestrator<string?, string>("Race", async (ctx, _) =>
            {
                using var cts = new CancellationTokenSource();
                Task timer = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(30), cts.Token);
                Task<string> work = ctx.CallActivityAsync<string>("Quick", "done");
                Task winner = await Task.WhenAny(timer, work);
                cts.Cancel();
                return winner == work ? await work : "timeout";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Race");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("done", done.ReadOutputAs<string>());
        Assert.Equal(0, await h.CountAsync("inbox"));
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeAndAfterWait_DeliveredFifoPerName()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Approvals", async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting");
                string a = await ctx.WaitForExternalEvent<string>("Approve");
                string b = await ctx.WaitForExternalEvent<string>("approve");
                string c = await ctx.WaitForExternalEvent<string>("Approve");
                return $"{a},{b},{c}";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Approvals");
        await h.Client.RaiseEventAsync(id, "Approve", "first");
        await h.Client.RaiseEventAsync(id, "Approve", "second");
        await h.WaitUntilAsync(id, m => m.SerializedCustomStatus == "\"waiting\"");
        await h.Client.RaiseEventAsync(id, "Approve", "third");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("first,second,third", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_TimeoutElapses_ThrowsTaskCanceledInOrchestrator()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Timeout", async (ctx, _) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("NsLive", TimeSpan.FromMilliseconds(300));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Timeout");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("timed out", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventBeforeTimeout_ReturnsPayloadAndCancelsTimer()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, int>("Waits", (ctx, _) => ctx.WaitForExternalEvent<int>("Value", TimeSpan.FromHours(1))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Waits");
        await h.Client.WaitForInstanceStartAsync(id);
        await h.Client.RaiseEventAsync(id, "Value", 42);

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(42, done.ReadOutputAs<int>());
        Assert.Equal(0, await h.CountAsync("inbox"));
    }

    [Fact]
    public async Task SubOrchestration_Success_ReturnsChildOutputAndRecordsParent()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<int, int>("Double", (_, x) => Task.FromResult(x * 2))
            .AddOrchestrator<int, int>("Child", async (ctx, x) => await ctx.CallActivityAsync<int>("Double", x) + (ctx.Parent is null ? 1000 : 0))
            .AddOrchestrator<int, int>("Parent", async (ctx, x) =>
            {
                int a = await ctx.CallSubOrchestratorAsync<int>("Child", x);
                int b = await ctx.CallSubOrchestratorAsync<int>("Child", a, new SubOrchestrationOptions(instanceId: "child-explicit"));
                return b;
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 5, new StartOrchestrationOptions { InstanceId = "parent-1" });

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(20, done.ReadOutputAs<int>());
        OrchestrationMetadata? derived = await h.Client.GetInstanceAsync("parent-1:0000", true);
        Assert.NotNull(derived);
        Assert.Equal("parent-1", derived!.ParentInstanceId);
        Assert.Equal(10, derived.ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.Client.GetInstanceAsync("child-explicit"))!.RuntimeStatus);
    }

    [Fact]
    public async Task SubOrchestration_ChildFails_ParentCatchesTaskFailedException()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("BadChild", (_, _) => throw new InvalidOperationException("child broke"))
            .AddOrchestrator<string?, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("BadChild");
                }
                catch (TaskFailedException e)
                {
                    return $"{e.TaskName}: {e.FailureDetails.ErrorMessage}";
                }
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("BadChild: child broke", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SubOrchestration_NestedThreeLevels_Completes()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<int, int>("Level", async (ctx, depth) => depth == 0 ? 1 : 1 + await ctx.CallSubOrchestratorAsync<int>("Level", depth - 1)));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Level", 3);

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(4, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task SubOrchestration_ChildIdAlreadyRunning_ParentCallFails()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never"))
            .AddOrchestrator<string?, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("Forever", null, new SubOrchestrationOptions(instanceId: "taken"));
                }
                catch (TaskFailedException e)
                {
                    return e.FailureDetails.ErrorType;
                }
            }));
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", options: new StartOrchestrationOptions { InstanceId = "taken" });
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(typeof(OrchestrationAlreadyExistsException).FullName, done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_Loop_NewExecutionHistoryResetAndEventsCarriedOver()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<int, string>("Counter", async (ctx, n) =>
            {
                if (n < 5)
                {
                    await ctx.CreateTimer(TimeSpan.FromMilliseconds(1), CancellationToken.None);
                    ctx.ContinueAsNew(n + 1);
                    return "continued";
                }

                return $"done at {n}: " + await ctx.WaitForExternalEvent<string>("Final");
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        await h.Client.RaiseEventAsync(id, "Final", "carried");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("done at 5: carried", done.ReadOutputAs<string>());
        Assert.Equal("5", done.SerializedInput);
        IReadOnlyList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
        Assert.Equal(0, await h.CountAsync("history", $"execution_id <> (SELECT execution_id FROM {h.Schema}.instances WHERE instance_id = '{id}')"));
    }

    [Fact]
    public async Task SendEvent_ToOtherInstance_DeliversEvent()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Receiver", (ctx, _) => ctx.WaitForExternalEvent<string>("Ping"))
            .AddOrchestrator<string, string>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target, "Ping", "pong");
                return Task.FromResult("sent");
            }));
        string receiver = await h.Client.ScheduleNewOrchestrationInstanceAsync("Receiver");
        await h.Client.WaitForInstanceStartAsync(receiver);
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Sender", receiver);

        OrchestrationMetadata done = await h.CompleteAsync(receiver);

        Assert.Equal("pong", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task NewGuid_ReplayedEpisodes_SameValues()
    {
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivity<string, string>("Echo", (_, s) => Task.FromResult(s))
                .AddOrchestrator<string?, bool>("Guids", async (ctx, _) =>
                {
                    Guid first = ctx.NewGuid();
                    string echoed = await ctx.CallActivityAsync<string>("Echo", first.ToString());
                    Guid second = ctx.NewGuid();
                    return echoed == first.ToString() && second != first;
                }),
            o => o.CursorCacheCapacity = 0);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Guids");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.True(done.ReadOutputAs<bool>());
    }
}
