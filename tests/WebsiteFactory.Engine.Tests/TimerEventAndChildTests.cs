using OrchestrationAlreadyExistsException = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Durable timers, external events, sub-orchestrations and continue-as-new.</summary>
public sealed class TimerEventAndChildTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task CreateTimer_FiresNotBeforeFireAtInDatabaseTime()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, double>("Sleeper", async (ctx, _) =>
            {
                DateTime fireAt = ctx.CurrentUtcDateTime.AddMilliseconds(500);
                await ctx.CreateTimer(fireAt, CancellationToken.None);
                return (ctx.CurrentUtcDateTime - fireAt).TotalMilliseconds;
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<double>() >= 0, "the timer fired before its fire time");
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        TimerCreatedEvent created = Assert.Single(history.OfType<TimerCreatedEvent>());
        Assert.Equal(created.EventId, Assert.Single(history.OfType<TimerFiredEvent>()).TimerId);
    }

    [Fact]
    public async Task CreateTimer_FarFutureTimerOfFinishedExecution_IsCleanedUp()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Quick", (_, s) => Task.FromResult(s))
            .AddOrchestratorFunc<string?, string>("Race", async (ctx, _) =>
            {
                using var cts = new CancellationTokenSource();
                Task timer = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(30), cts.Token);
                Task<string> work = ctx.CallActivityAsync<string>("Quick", "done");
                Task winner = await Task.WhenAny(timer, work);
                // Cancel, not CancelAsync: awaiting the latter would leave the orchestrator thread.
                cts.Cancel();
                return winner == work ? await work : "timeout";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Race");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("done", done.ReadOutputAs<string>());
        Assert.Equal(0, await h.CountAsync("inbox"));
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeAndAfterWait_DeliveredFifoPerNameIgnoringCase()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Approvals", async (ctx, _) =>
            {
                ctx.SetCustomStatus("waiting");
                string a = await ctx.WaitForExternalEvent<string>("Approve");
                string b = await ctx.WaitForExternalEvent<string>("approve");
                string c = await ctx.WaitForExternalEvent<string>("Approve");
                return $"{a},{b},{c}";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Approvals");
        await h.Client.RaiseEventAsync(id, "Approve", "first");
        await h.Client.RaiseEventAsync(id, "Other", "ignored");
        await h.Client.RaiseEventAsync(id, "Approve", "second");
        await h.WaitUntilAsync(id, m => m.SerializedCustomStatus == "\"waiting\"");
        await h.Client.RaiseEventAsync(id, "APPROVE", "third");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("first,second,third", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_TimeoutElapses_ThrowsTaskCanceledInOrchestrator()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Timeout", async (ctx, _) =>
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
        Assert.Single((await h.Client.GetOrchestrationHistoryAsync(id)).OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventBeforeTimeout_ReturnsPayloadAndCancelsTimer()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, int>("Waits", (ctx, _) => ctx.WaitForExternalEvent<int>("Value", TimeSpan.FromHours(1))));
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
            .AddActivityFunc<int, int>("Double", (_, x) => Task.FromResult(x * 2))
            .AddOrchestratorFunc<int, int>("Child", async (ctx, x) => await ctx.CallActivityAsync<int>("Double", x) + (ctx.Parent is null ? 1000 : 0))
            .AddOrchestratorFunc<int, int>("Parent", async (ctx, x) =>
            {
                int a = await ctx.CallSubOrchestratorAsync<int>("Child", x);
                return await ctx.CallSubOrchestratorAsync<int>("Child", a, new TaskOptions().WithInstanceId("child-explicit"));
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 5, new StartOrchestrationOptions { InstanceId = "parent-1" });

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(20, done.ReadOutputAs<int>());
        List<OrchestrationMetadata> children = await h.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true })
            .Where(m => m.Name == "Child").ToListAsync();
        Assert.Equal(2, children.Count);
        OrchestrationMetadata derived = Assert.Single(children, c => c.InstanceId != "child-explicit");
        Assert.Equal(10, derived.ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, children.Single(c => c.InstanceId == "child-explicit").RuntimeStatus);
        ExecutionStartedEvent started = Assert.Single((await h.Client.GetOrchestrationHistoryAsync(derived.InstanceId)).OfType<ExecutionStartedEvent>());
        Assert.Equal("parent-1", started.ParentInstance!.OrchestrationInstance.InstanceId);
        Assert.Equal("Parent", started.ParentInstance.Name);
    }

    [Fact]
    public async Task SubOrchestration_ChildFails_ParentCatchesTaskFailedException()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("BadChild", Task<string> (_, _) => throw new InvalidOperationException("child broke"))
            .AddOrchestratorFunc<string?, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("BadChild");
                }
                catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<InvalidOperationException>())
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
            .AddOrchestratorFunc<int, int>("Level", async (ctx, depth) => depth == 0 ? 1 : 1 + await ctx.CallSubOrchestratorAsync<int>("Level", depth - 1)));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Level", 3);

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(4, done.ReadOutputAs<int>());
        Assert.Equal(4, await h.CountAsync("instances", "status = 1"));
    }

    [Fact]
    public async Task SubOrchestration_ChildIdAlreadyRunning_ParentCallFails()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never"))
            .AddOrchestratorFunc<string?, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallSubOrchestratorAsync<string>("Forever", null, new TaskOptions().WithInstanceId("taken"));
                }
                catch (TaskFailedException e)
                {
                    return e.FailureDetails.ErrorType;
                }
            }));
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", new StartOrchestrationOptions { InstanceId = "taken" });
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(typeof(OrchestrationAlreadyExistsException).FullName, done.ReadOutputAs<string>());
        Assert.NotEqual(OrchestrationRuntimeStatus.Completed, (await h.Client.GetInstanceAsync("taken"))!.RuntimeStatus);
    }

    [Fact]
    public async Task SubOrchestration_FinishedChildIdReused_ChildRunsAgainForNewParent()
    {
        int runs = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, int>("Count", (_, _) => Task.FromResult(Interlocked.Increment(ref runs)))
            .AddOrchestratorFunc<string?, int>("Child", (ctx, _) => ctx.CallActivityAsync<int>("Count", "x"))
            .AddOrchestratorFunc<string?, int>("Parent", (ctx, _) => ctx.CallSubOrchestratorAsync<int>("Child", null, new TaskOptions().WithInstanceId("reused-child"))));

        Assert.Equal(1, (await h.CompleteAsync(await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent"))).ReadOutputAs<int>());
        OrchestrationMetadata second = await h.CompleteAsync(await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent", new StartOrchestrationOptions { InstanceId = "second-parent" }));

        Assert.Equal(2, second.ReadOutputAs<int>());
        ExecutionStartedEvent started = Assert.Single((await h.Client.GetOrchestrationHistoryAsync("reused-child")).OfType<ExecutionStartedEvent>());
        Assert.Equal("second-parent", started.ParentInstance!.OrchestrationInstance.InstanceId);
    }

    [Fact]
    public async Task SubOrchestration_RetryPolicy_FailedChildIdStartedAgainAndSecondAttemptSucceeds()
    {
        int attempts = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Attempt", (_, s) => Interlocked.Increment(ref attempts) == 1 ? throw new TimeoutException("first try") : Task.FromResult(s))
            .AddOrchestratorFunc<string, string>("Child", (ctx, s) => ctx.CallActivityAsync<string>("Attempt", s))
            .AddOrchestratorFunc<string?, string>("Parent", (ctx, _) => ctx.CallSubOrchestratorAsync<string>(
                "Child", "ok", new SubOrchestrationOptions(new TaskRetryOptions(new RetryPolicy(3, TimeSpan.FromMilliseconds(50))), "retried-child"))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal("ok", done.ReadOutputAs<string>());
        Assert.Equal(2, attempts);
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(2, history.OfType<SubOrchestrationInstanceCreatedEvent>().Count(e => e.InstanceId == "retried-child"));
        Assert.Single(history.OfType<SubOrchestrationInstanceFailedEvent>());
    }

    [Fact]
    public async Task SubOrchestration_TwoChildrenWithOneIdInOneStep_OneCallFailsAndParentCompletes()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<int, int>("Child", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<string?, string>("Parent", async (ctx, _) =>
            {
                Task<int> first = ctx.CallSubOrchestratorAsync<int>("Child", 1, new TaskOptions().WithInstanceId("same-child"));
                Task<int> second = ctx.CallSubOrchestratorAsync<int>("Child", 2, new TaskOptions().WithInstanceId("same-child"));
                var outcomes = new List<string>();
                foreach (Task<int> call in new[] { first, second })
                {
                    try
                    {
                        outcomes.Add((await call).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<OrchestrationAlreadyExistsException>())
                    {
                        outcomes.Add("exists");
                    }
                }

                return string.Join(",", outcomes);
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("1,exists", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SubOrchestration_ChildContinuesAsNew_ParentGetsFinalOutput()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<int, int>("Looper", (ctx, n) =>
            {
                if (n < 3)
                {
                    ctx.ContinueAsNew(n + 1);
                }

                return Task.FromResult(n * 100);
            })
            .AddOrchestratorFunc<string?, int>("Parent", (ctx, _) => ctx.CallSubOrchestratorAsync<int>("Looper", 0, new TaskOptions().WithInstanceId("looping-child"))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Parent");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(300, done.ReadOutputAs<int>());
        ExecutionStartedEvent started = Assert.Single((await h.Client.GetOrchestrationHistoryAsync("looping-child")).OfType<ExecutionStartedEvent>());
        Assert.Equal(id, started.ParentInstance!.OrchestrationInstance.InstanceId);
    }

    [Fact]
    public async Task DelayedStart_EventRaisedBeforeStart_WaitsForStartThenDelivered()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Later", (ctx, _) => ctx.WaitForExternalEvent<string>("Go")));
        DateTimeOffset startAt = DateTimeOffset.UtcNow.AddSeconds(1);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Later", new StartOrchestrationOptions { StartAt = startAt });
        await h.Client.RaiseEventAsync(id, "Go", "early");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("early", done.ReadOutputAs<string>());
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.True(history.OfType<OrchestratorStartedEvent>().First().Timestamp >= startAt.UtcDateTime, "the instance started before its start time");
    }

    [Fact]
    public async Task ContinueAsNew_Loop_NewExecutionHistoryResetAndEventsCarriedOver()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<int, string>("Counter", async (ctx, n) =>
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
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(0, await h.CountAsync("history", $"execution_id <> (SELECT execution_id FROM {h.Schema}.instances WHERE instance_id = '{id}')"));
    }

    [Fact]
    public async Task SendEvent_ToOtherInstance_DeliversEvent()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Receiver", (ctx, _) => ctx.WaitForExternalEvent<string>("Ping"))
            .AddOrchestratorFunc<string, string>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target, "Ping", "pong");
                return Task.FromResult("sent");
            }));
        string receiver = await h.Client.ScheduleNewOrchestrationInstanceAsync("Receiver");
        await h.Client.WaitForInstanceStartAsync(receiver);
        string sender = await h.Client.ScheduleNewOrchestrationInstanceAsync("Sender", receiver);

        OrchestrationMetadata done = await h.CompleteAsync(receiver);

        Assert.Equal("pong", done.ReadOutputAs<string>());
        Assert.Equal(receiver, Assert.Single((await h.Client.GetOrchestrationHistoryAsync(sender)).OfType<EventSentEvent>()).InstanceId);
    }

    [Fact]
    public async Task NewGuid_ReplayedEpisodes_SameValues()
    {
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivityFunc<string, string>("Echo", (_, s) => Task.FromResult(s))
                .AddOrchestratorFunc<string?, bool>("Guids", async (ctx, _) =>
                {
                    Guid first = ctx.NewGuid();
                    string echoed = await ctx.CallActivityAsync<string>("Echo", first.ToString());
                    Guid second = ctx.NewGuid();
                    return echoed == first.ToString() && second != first;
                }),
            o => o.SessionCapacity = 0);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Guids");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.True(done.ReadOutputAs<bool>());
    }
}
