using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Regressions;

/// <summary>Regressions found in review of the engine's dispatch (issue 11, item 5): batches, children, delayed starts, inbox loads.</summary>
public sealed class DispatchRegressionTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    private static void ClientOnly(EngineOptions o) => o.RunWorkers = false;

    [Fact]
    public async Task BatchCommit_OneEpisodeFails_OnlyThatInstanceCountsFailures()
    {
        static void Tasks(DurableTaskRegistry r) => r
            .AddActivityFunc<string, string>("Echo", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<string?, string>("Innocent", (ctx, _) => ctx.CallActivityAsync<string>("Echo", "ok"))
            // A NUL in a text column makes PostgreSQL reject the whole commit of this episode.
            .AddOrchestratorFunc<string?, string>("Poison", (ctx, _) => ctx.CallActivityAsync<string>("bad\0name", "x"));
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        var innocents = new List<string>();
        string poison;
        await using (var client = await EngineHarness.StartAsync(db, Tasks, ClientOnly, schema: schema))
        {
            poison = await client.Client.ScheduleNewOrchestrationInstanceAsync("Poison");
            for (int i = 0; i < 5; i++)
            {
                innocents.Add(await client.Client.ScheduleNewOrchestrationInstanceAsync("Innocent"));
            }
        }

        // One dispatcher claims all six together, so the poison shares its first batches with the innocent ones.
        await using var h = await EngineHarness.StartAsync(db, Tasks, o =>
        {
            o.OrchestrationDispatchers = 1;
            o.MaxEpisodeFailures = 3;
        }, schema: schema);

        OrchestrationMetadata failed = await h.CompleteAsync(poison);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("PoisonOrchestration", failed.FailureDetails!.ErrorType);
        foreach (string id in innocents)
        {
            OrchestrationMetadata done = await h.CompleteAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        }
    }

    [Fact]
    public async Task SubOrchestrations_SameInstanceIdInOneStep_SecondCallFailsInsteadOfHanging()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string, string>("Child", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<string?, string>("Twins", async (ctx, _) =>
            {
                string childId = ctx.InstanceId + "-child";
                Task<string> a = ctx.CallSubOrchestratorAsync<string>("Child", "a", new SubOrchestrationOptions { InstanceId = childId });
                Task<string> b = ctx.CallSubOrchestratorAsync<string>("Child", "b", new SubOrchestrationOptions { InstanceId = childId });
                int ok = 0, failed = 0;
                foreach (Task<string> call in new[] { a, b })
                {
                    try
                    {
                        await call;
                        ok++;
                    }
                    catch (TaskFailedException)
                    {
                        failed++;
                    }
                }

                return $"{ok} ok, {failed} failed";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Twins");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal("1 ok, 1 failed", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task DelayedStart_EventsSentBeforeTheStart_WaitWithoutReclaimLoop()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Late", (ctx, _) => ctx.WaitForExternalEvent<string>("e"))
            .AddOrchestratorFunc<string, string>("Sender", (ctx, target) =>
            {
                ctx.SendEvent(target, "e", "from another orchestration");
                return Task.FromResult("sent");
            }));
        string late = await h.Client.ScheduleNewOrchestrationInstanceAsync(
            "Late", new StartOrchestrationOptions { StartAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        string sender = await h.Client.ScheduleNewOrchestrationInstanceAsync("Sender", late);
        await h.CompleteAsync(sender);
        await h.Client.RaiseEventAsync(late, "e", "from the client");

        OrchestrationMetadata done = await h.CompleteAsync(late);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("from another orchestration", done.ReadOutputAs<string>());

        // Sender: one episode; Late: its start (plus at most an early look at messages). A re-claim loop
        // during the two seconds would commit hundreds. The counter moves just after the commit a client can already
        // see, so wait for the second episode to be counted before judging the total.
        using (var counted = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (h.Statistics.Episodes < 2)
            {
                await Task.Delay(20, counted.Token);
            }
        }

        Assert.InRange(h.Statistics.Episodes, 2, 8);
    }

    [Fact]
    public async Task EpisodeLoad_FloodedInbox_ReadsAtMostTheCapPerEpisode()
    {
        const int events = 500;
        static void Tasks(DurableTaskRegistry r) => r.AddOrchestratorFunc<int, int>("Sum", async (ctx, n) =>
        {
            int sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += await ctx.WaitForExternalEvent<int>("e");
            }

            return sum;
        });
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        string id;
        await using (var client = await EngineHarness.StartAsync(db, Tasks, ClientOnly, schema: schema))
        {
            id = await client.Client.ScheduleNewOrchestrationInstanceAsync("Sum", events);
            for (int i = 1; i <= events; i++)
            {
                await client.Client.RaiseEventAsync(id, "e", i);
            }
        }

        await using var h = await EngineHarness.StartAsync(db, Tasks, o => o.MaxMessagesPerEpisode = 50, schema: schema);
        OrchestrationMetadata done = await h.CompleteAsync(id, 120);

        Assert.Equal(events * (events + 1) / 2, done.ReadOutputAs<int>());

        // The start message and every event are read once: a load without a limit would read the whole backlog on each episode.
        long read = h.Services.GetRequiredService<EngineRuntime>().Store.MessageRowsRead;
        Assert.InRange(read, events + 1, events + 1 + 50);
        int[] perEpisode = EventsPerEpisode(await h.Client.GetOrchestrationHistoryAsync(id));
        Assert.True(perEpisode.Max() <= 50, $"an episode consumed {perEpisode.Max()} events");
    }

    [Fact]
    public async Task FusedCompletion_EventArrivesMeanwhile_CodeAfterTheResultRunsLiveOnce()
    {
        const int instances = 20;
        int afterHold = 0;
        var gates = new System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<string>>();
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, string>("Hold", (_, id) => gates.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task)
            .AddOrchestratorFunc<string?, string>("Held", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>("Hold", ctx.InstanceId);
                if (!ctx.IsReplaying)
                {
                    Interlocked.Increment(ref afterHold);
                }

                return await ctx.WaitForExternalEvent<string>("e");
            }));
        var ids = new List<string>();
        for (int i = 0; i < instances; i++)
        {
            string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Held");
            ids.Add(id);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!gates.ContainsKey(id))
            {
                await Task.Delay(5, cts.Token);
            }

            // The result and an event race: the result's fused episode against a dispatcher episode for the event.
            Task raised = h.Client.RaiseEventAsync(id, "e", "done");
            gates[id].SetResult("held");
            await raised;
        }

        foreach (string id in ids)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await h.CompleteAsync(id)).RuntimeStatus);
        }

        Assert.Equal(instances, afterHold);
    }

    private static int[] EventsPerEpisode(IList<DurableTask.Core.History.HistoryEvent> history)
    {
        var counts = new List<int>();
        foreach (DurableTask.Core.History.HistoryEvent e in history)
        {
            if (e is DurableTask.Core.History.OrchestratorStartedEvent)
            {
                counts.Add(0);
            }
            else if (e is DurableTask.Core.History.EventRaisedEvent)
            {
                counts[^1]++;
            }
        }

        return [.. counts];
    }
}
