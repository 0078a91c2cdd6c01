using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Regressions;

/// <summary>Regressions found in review of the engine's former executor (issue 11, item 5): replay clock and rewind.</summary>
public sealed class ReplayAndRewindRegressionTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Replay_AfterFusedStepOnAnotherWorker_SeesSameTimeAndGuidAsLiveRun()
    {
        var recorded = new ConcurrentQueue<string>();
        void Tasks(DurableTaskRegistry r) => r
            .AddActivityFunc<string, string>("Step", (_, x) => Task.FromResult(x))
            .AddActivityFunc<string, string>("Record", (_, x) =>
            {
                recorded.Enqueue(x);
                return Task.FromResult(x);
            })
            .AddOrchestratorFunc<string?, string>("Clock", async (ctx, _) =>
            {
                // Computed in the episode that the step's result starts: on the fused path, with no claim in between.
                await ctx.CallActivityAsync<string>("Step", "a");
                string seen = $"{ctx.NewGuid()}|{ctx.CurrentUtcDateTime:O}";
                await ctx.CallActivityAsync<string>("Record", seen);
                await ctx.WaitForExternalEvent<string>("go");
                return await ctx.CallActivityAsync<string>("Record", seen);
            });
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        string id;
        await using (var first = await EngineHarness.StartAsync(db, Tasks, schema: schema))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Clock");

            // Both results are in history (the step's, and Record's): the orchestration now waits for "go".
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((await first.Client.GetOrchestrationHistoryAsync(id, cts.Token)).OfType<DurableTask.Core.History.TaskCompletedEvent>().Count() < 2)
            {
                await Task.Delay(20, cts.Token);
            }
        }

        // Another worker (no in-memory session) replays the whole history, then runs on.
        await using var second = await EngineHarness.StartAsync(db, Tasks, schema: schema);
        await second.Client.RaiseEventAsync(id, "go", "now");
        OrchestrationMetadata done = await second.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(2, recorded.Count);
        Assert.Single(recorded.Distinct());
        Assert.True(second.Statistics.SessionMisses > 0);
    }

    [Fact]
    public async Task Rewind_StepWhoseRetryHandlerWaitedOnTimers_RerunsOnlyThatStepAndCompletes()
    {
        int before = 0, flaky = 0;
        bool broken = true;
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Before", (_, x) =>
            {
                Interlocked.Increment(ref before);
                return Task.FromResult(x);
            })
            .AddActivityFunc<string, string>("Flaky", Task<string> (_, x) =>
            {
                Interlocked.Increment(ref flaky);
                return Volatile.Read(ref broken) ? throw new TimeoutException("vendor down") : Task.FromResult(x);
            })
            .AddOrchestratorFunc<string?, string>("Retrying", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("Before", "x");
                TaskOptions retry = TaskOptions.FromRetryHandler(async rc =>
                {
                    if (rc.LastAttemptNumber >= 3)
                    {
                        return false;
                    }

                    await rc.OrchestrationContext.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                    return true;
                });
                return await ctx.CallActivityAsync<string>("Flaky", "done", retry);
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Retrying");
        OrchestrationMetadata failed = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(3, flaky);

        Volatile.Write(ref broken, false);
        await h.Client.RewindInstanceAsync(id, "vendor is back");
        await h.WaitUntilAsync(id, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Failed);
        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("done", done.ReadOutputAs<string>());
        Assert.Equal(1, before);
        Assert.Equal(4, flaky);
    }
}
