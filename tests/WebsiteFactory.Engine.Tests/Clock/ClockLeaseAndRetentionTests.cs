using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Clock;

/// <summary>Leases and retention are judged on the engine's <see cref="TimeProvider"/> (issue 15, item 1).</summary>
public sealed class ClockLeaseAndRetentionTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ActivityLease_WorkerStopsRenewingAndClockPassesLease_AnotherWorkerClaimsTask()
    {
        int runs = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        void Tasks(DurableTaskRegistry r) => r
            .AddActivityFunc<string, string>("Holds", async (_, _) =>
            {
                int run = Interlocked.Increment(ref runs);
                if (run == 1)
                {
                    await gate.Task; // the first worker's call hangs, and its worker renews nothing (its clock stands still)
                }

                return $"run {run}";
            })
            .AddOrchestratorFunc<string?, string>("Holder", (ctx, _) => ctx.CallActivityAsync<string>("Holds", "x"));

        // Two workers on one schema, each on its own clock. The first runs the call; its clock never moves, so it never
        // renews the lease. The second starts once the call runs, and nothing wakes it afterwards but its clock (no NOTIFY).
        var first = new FakeTimeProvider(EngineClock.Start);
        var second = new FakeTimeProvider(EngineClock.Start);
        await using var a = await EngineClock.StartAsync(db, first, Tasks, schema: schema);
        try
        {
            string id = await a.Client.ScheduleNewOrchestrationInstanceAsync("Holder");
            await EngineClock.WaitAsync(() => Task.FromResult(Volatile.Read(ref runs) == 1));
            TimeSpan lease = TimeSpan.FromSeconds(3); // EngineHarness's lease
            Assert.Equal(EngineClock.Stored(EngineClock.Start + lease), await a.ScalarAsync<DateTime>($"SELECT available_at FROM {schema}.tasks"));
            await using var b = await EngineClock.StartAsync(db, second, Tasks, schema: schema);

            second.Advance(lease + TimeSpan.FromSeconds(1));
            await EngineClock.AdvanceUntilAsync(second, TimeSpan.FromMilliseconds(100), () => Task.FromResult(Volatile.Read(ref runs) == 2));
            OrchestrationMetadata done = await a.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

            Assert.Equal("run 2", done.ReadOutputAs<string>());
            Assert.Equal(1, b.Statistics.ActivityExecutions);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task Retention_FakeClock_PurgesOnlyOnceClockPassesRetention()
    {
        var clock = new FakeTimeProvider(EngineClock.Start);
        await using var h = await EngineClock.StartAsync(
            db,
            clock,
            r => r.AddOrchestratorFunc<int, int>("Quick", (_, x) => Task.FromResult(x)),
            o =>
            {
                o.Retention = TimeSpan.FromHours(1);
                o.RetentionInterval = TimeSpan.FromMinutes(10);
            });
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", 1);
        await h.CompleteAsync(id);
        Assert.Equal(EngineClock.Stored(EngineClock.Start), await h.ScalarAsync<DateTime>($"SELECT completed_at FROM {h.Schema}.instances"));

        clock.Advance(TimeSpan.FromMinutes(30));
        DateTimeOffset halfway = clock.GetUtcNow();
        await EngineClock.WaitAsync(() => Task.FromResult(h.Statistics.LastPolls.TryGetValue("retention", out DateTimeOffset polled) && polled >= halfway));

        Assert.NotNull(await h.Client.GetInstanceAsync(id));

        clock.Advance(TimeSpan.FromMinutes(31));
        await EngineClock.AdvanceUntilAsync(clock, TimeSpan.FromMinutes(1), async () => await h.CountAsync("instances") == 0);

        Assert.Null(await h.Client.GetInstanceAsync(id));
        Assert.Equal(0, await h.CountAsync("history"));
    }
}
