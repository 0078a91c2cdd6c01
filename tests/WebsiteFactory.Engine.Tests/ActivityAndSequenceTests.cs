using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Activities, sequences, fan-out/fan-in, failures and retries.</summary>
public sealed class ActivityAndSequenceTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Sequence_ThreeActivities_CompletesWithOutputsInOrder()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Hello", (_, name) => Task.FromResult($"Hello {name}!"))
            .AddOrchestratorFunc<string?, List<string>>("HelloCities", async (ctx, _) =>
            [
                await ctx.CallActivityAsync<string>("Hello", "Tokyo"),
                await ctx.CallActivityAsync<string>("Hello", "Seattle"),
                await ctx.CallActivityAsync<string>("Hello", "London"),
            ]));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("HelloCities");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done.ReadOutputAs<List<string>>());
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.IsType<ExecutionStartedEvent>(history.First(e => e is not OrchestratorStartedEvent));
        Assert.Equal(3, history.OfType<TaskCompletedEvent>().Count());
        Assert.IsType<OrchestratorCompletedEvent>(history[^1]);
        Assert.IsType<ExecutionCompletedEvent>(history[^2]);
    }

    [Fact]
    public async Task FanOutFanIn_1000Activities_ResultsInCallOrderAndEachRecordedOnce()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<int, int>("Square", (_, x) => Task.FromResult(x * x))
            .AddOrchestratorFunc<int, long>("FanOut", async (ctx, n) =>
            {
                int[] results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Square", i)));
                for (int i = 0; i < n; i++)
                {
                    if (results[i] != i * i)
                    {
                        throw new InvalidOperationException($"result {i} out of order");
                    }
                }

                return results.Sum(x => (long)x);
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 1000);

        OrchestrationMetadata done = await h.CompleteAsync(id, 120);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 1000).Sum(i => (long)i * i), done.ReadOutputAs<long>());
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        List<int> completed = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).ToList();
        Assert.Equal(1000, completed.Count);
        Assert.Equal(1000, completed.Distinct().Count());
        Assert.Equal(0, await h.CountAsync("tasks"));
        Assert.Equal(0, await h.CountAsync("inbox"));
    }

    [Fact]
    public async Task CallActivity_ActivityThrows_OrchestrationFailsWithFailureDetails()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Boom", (_, _) => Task.FromException<string>(new InvalidOperationException("zone quota exceeded")))
            .AddOrchestratorFunc<string?, string>("CallsBoom", (ctx, _) => ctx.CallActivityAsync<string>("Boom", "x")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsBoom");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("zone quota exceeded", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.FailureDetails.InnerFailure!.ErrorType);
        Assert.True(done.FailureDetails.InnerFailure.IsCausedBy<InvalidOperationException>());
    }

    [Fact]
    public async Task CallActivity_CaughtTaskFailedException_ExposesOriginalFailureType()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Boom", (_, _) => Task.FromException<string>(new TimeoutException("slow vendor")))
            .AddOrchestratorFunc<string?, string>("Catches", async (ctx, _) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Boom", "x");
                }
                catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<TimeoutException>())
                {
                    return $"handled {e.TaskName}: {e.FailureDetails.ErrorMessage}";
                }
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Catches");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("handled Boom: slow vendor", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RetryPolicy_TwoTransientFailures_RetriesWithDurableBackoffTimersAndNewTaskIds()
    {
        int calls = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Flaky", (_, _) => Interlocked.Increment(ref calls) <= 2 ? throw new TimeoutException("try again") : Task.FromResult("ok"))
            .AddOrchestratorFunc<string?, string>("Retries", (ctx, _) => ctx.CallActivityAsync<string>(
                "Flaky", "x", TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(200), backoffCoefficient: 2)))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Retries");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("ok", done.ReadOutputAs<string>());
        Assert.Equal(3, calls);
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        List<TimerCreatedEvent> timers = history.OfType<TimerCreatedEvent>().ToList();
        Assert.Equal(2, timers.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(200), timers[0].FireAt - timers[0].Timestamp);
        Assert.Equal(TimeSpan.FromMilliseconds(400), timers[1].FireAt - timers[1].Timestamp);
        List<int> attempts = history.OfType<TaskScheduledEvent>().Select(e => e.EventId).ToList();
        Assert.Equal(3, attempts.Distinct().Count());
        Assert.Equal(2, history.OfType<TaskFailedEvent>().Count());
    }

    [Fact]
    public async Task RetryPolicy_HandleFailureRejects_FailsAfterOneAttempt()
    {
        int calls = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Permanent", Task<string> (_, _) =>
            {
                Interlocked.Increment(ref calls);
                throw new ArgumentException("invalid domain");
            })
            .AddOrchestratorFunc<string?, string>("NoRetry", (ctx, _) => ctx.CallActivityAsync<string>(
                "Permanent", "x", TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(50)) { HandleFailure = f => !f.IsCausedBy<ArgumentException>() }))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("NoRetry");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task RetryHandler_CustomDecision_RetriesUntilHandlerDeclines()
    {
        int calls = 0;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("AlwaysFails", Task<string> (_, _) =>
            {
                Interlocked.Increment(ref calls);
                throw new InvalidOperationException("nope");
            })
            .AddOrchestratorFunc<string?, string>("Handler", (ctx, _) => ctx.CallActivityAsync<string>(
                "AlwaysFails", "x", TaskOptions.FromRetryHandler(rc => rc.LastAttemptNumber < 3))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Handler");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Activity_GetsScopedServicesAndStableIdempotencyKey()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<KeyActivity>()
            .AddOrchestratorFunc<string?, string>("Keys", (ctx, _) => ctx.CallActivityAsync<string>(nameof(KeyActivity), "in")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Keys", new StartOrchestrationOptions { InstanceId = "keys-1" });

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("KeyActivity keys-1:0 in", done.ReadOutputAs<string>());
    }

    private sealed class KeyActivity(IActivityExecutionAccessor execution) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input)
            => Task.FromResult($"{context.Name} {execution.Current.IdempotencyKey} {input}");
    }
}
