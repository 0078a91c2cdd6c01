using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Simulators;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Clock;

/// <summary>The engine's time comes from its <see cref="TimeProvider"/>: episode time, timers, delayed starts, retries (issue 15, item 1).</summary>
public sealed class ClockTimerTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task CreateTimer_OneHourOnFakeClock_FiresAfterClockAdvancesAnHourNotBefore()
    {
        var clock = new FakeTimeProvider(EngineClock.Start);
        await using var h = await EngineClock.StartAsync(db, clock, r => r
            .AddOrchestratorFunc<string?, long[]>("Sleeper", async (ctx, _) =>
            {
                DateTime fireAt = ctx.CurrentUtcDateTime.AddHours(1);
                await ctx.CreateTimer(fireAt, CancellationToken.None);
                return [fireAt.Ticks, ctx.CurrentUtcDateTime.Ticks];
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper");
        await h.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        clock.Advance(TimeSpan.FromMinutes(59));
        DateTime probed = await EngineClock.ProbeAsync(h, clock);

        Assert.Equal(EngineClock.Stored(clock.GetUtcNow()), probed);
        Assert.Equal(OrchestrationRuntimeStatus.Running, await EngineClock.StatusAsync(h, id));

        clock.Advance(TimeSpan.FromMinutes(1));
        await EngineClock.AdvanceUntilAsync(
            clock, TimeSpan.FromSeconds(1), async () => await EngineClock.StatusAsync(h, id) == OrchestrationRuntimeStatus.Completed);

        long[] output = (await h.CompleteAsync(id)).ReadOutputAs<long[]>()!;
        Assert.Equal(EngineClock.Stored(EngineClock.Start).AddHours(1).Ticks, output[0]);
        Assert.InRange(new DateTime(output[1], DateTimeKind.Utc), new DateTime(output[0], DateTimeKind.Utc), EngineClock.Start.UtcDateTime.AddHours(1).AddMinutes(1));
    }

    [Fact]
    public async Task CurrentUtcDateTime_FakeClock_EqualsClockTimeTruncatedToMicroseconds()
    {
        var clock = new FakeTimeProvider(EngineClock.Start);
        await using var h = await EngineClock.StartAsync(
            db,
            clock,
            r => r.AddOrchestratorFunc<string?, long[]>("Stamps", async (ctx, _) =>
            {
                DateTime first = ctx.CurrentUtcDateTime;
                await ctx.WaitForExternalEvent<string>("go");
                return [first.Ticks, ctx.CurrentUtcDateTime.Ticks];
            }),
            o => o.SessionCapacity = 0); // every episode replays: the first stamp comes back from the stored history
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Stamps");
        await h.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromTicks(7));
        DateTimeOffset raisedAt = clock.GetUtcNow();
        await h.Client.RaiseEventAsync(id, "go", "now");
        OrchestrationMetadata done = await h.CompleteAsync(id);

        long[] stamps = done.ReadOutputAs<long[]>()!;
        Assert.Equal(EngineClock.Stored(EngineClock.Start).Ticks, stamps[0]);
        // The second episode runs at the clock of its claim: after the 5-minute advance, never after the raise (the harness'
        // waits may have advanced the fake clock a few seconds before the advance, which CI once caught).
        Assert.InRange(stamps[1], EngineClock.Stored(EngineClock.Start + TimeSpan.FromMinutes(5)).Ticks, EngineClock.Stored(raisedAt).Ticks);
        IList<HistoryEvent> history = await h.Client.GetOrchestrationHistoryAsync(id);
        Assert.Equal(EngineClock.Stored(raisedAt), Assert.Single(history.OfType<EventRaisedEvent>()).Timestamp);
    }

    [Fact]
    public async Task DelayedStart_StartAtTwoHoursOnFakeClock_StartsOnlyAfterClockAdvances()
    {
        var clock = new FakeTimeProvider(EngineClock.Start);
        await using var h = await EngineClock.StartAsync(db, clock, r => r
            .AddOrchestratorFunc<string?, long>("Later", (ctx, _) => Task.FromResult(ctx.CurrentUtcDateTime.Ticks)));
        DateTimeOffset startAt = clock.GetUtcNow().AddHours(2);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Later", new StartOrchestrationOptions { StartAt = startAt });

        clock.Advance(TimeSpan.FromMinutes(119));
        DateTime probed = await EngineClock.ProbeAsync(h, clock);

        Assert.Equal(EngineClock.Stored(clock.GetUtcNow()), probed);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, await EngineClock.StatusAsync(h, id));

        clock.Advance(TimeSpan.FromMinutes(1));
        await EngineClock.AdvanceUntilAsync(
            clock, TimeSpan.FromSeconds(1), async () => await EngineClock.StatusAsync(h, id) == OrchestrationRuntimeStatus.Completed);

        var started = new DateTime((await h.CompleteAsync(id)).ReadOutputAs<long>(), DateTimeKind.Utc);
        Assert.InRange(started, EngineClock.Stored(startAt), startAt.UtcDateTime.AddMinutes(1));
    }

    [Fact]
    public async Task RetryPolicy_TenMinuteIntervalOnFakeClock_RetriesOnlyAfterClockAdvances()
    {
        int calls = 0;
        var clock = new FakeTimeProvider(EngineClock.Start);
        await using var h = await EngineClock.StartAsync(db, clock, r => r
            .AddActivityFunc<string, string>("Flaky", (_, s) => Interlocked.Increment(ref calls) == 1 ? throw new TimeoutException("try again") : Task.FromResult(s))
            .AddOrchestratorFunc<string?, string>("Retries", (ctx, _) => ctx.CallActivityAsync<string>(
                "Flaky", "ok", TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMinutes(10))))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Retries");
        await EngineClock.WaitAsync(async () => await h.CountAsync("inbox", "visible_at IS NOT NULL") == 1);

        clock.Advance(TimeSpan.FromMinutes(9));
        DateTime probed = await EngineClock.ProbeAsync(h, clock);

        Assert.Equal(EngineClock.Stored(clock.GetUtcNow()), probed);
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Equal(OrchestrationRuntimeStatus.Running, await EngineClock.StatusAsync(h, id));

        clock.Advance(TimeSpan.FromMinutes(1));
        await EngineClock.AdvanceUntilAsync(
            clock, TimeSpan.FromSeconds(1), async () => await EngineClock.StatusAsync(h, id) == OrchestrationRuntimeStatus.Completed);

        Assert.Equal("ok", (await h.CompleteAsync(id)).ReadOutputAs<string>());
        Assert.Equal(2, calls);
        TimerCreatedEvent timer = Assert.Single((await h.Client.GetOrchestrationHistoryAsync(id)).OfType<TimerCreatedEvent>());
        Assert.Equal(TimeSpan.FromMinutes(10), timer.FireAt - timer.Timestamp);
    }

    [Fact]
    public async Task CreateTimer_AcceleratedClockSpeed600_TenMinuteTimerFiresInRealSeconds()
    {
        // Every interval is on the engine's clock too, so they are set in clock time: 600 times what they last in real time.
        var clock = new AcceleratedTimeProvider(600);
        await using var h = await EngineClock.StartAsync(
            db,
            clock,
            r => r.AddOrchestratorFunc<string?, double>("Nap", async (ctx, _) =>
            {
                DateTime start = ctx.CurrentUtcDateTime;
                await ctx.CreateTimer(start.AddMinutes(10), CancellationToken.None);
                return (ctx.CurrentUtcDateTime - start).TotalMinutes;
            }),
            o =>
            {
                o.LeaseDuration = TimeSpan.FromMinutes(10);
                o.MaxPollInterval = TimeSpan.FromMinutes(1);
                o.DeadWorkerScanInterval = TimeSpan.FromMinutes(1);
                o.LoopStallThreshold = TimeSpan.FromMinutes(30);
                o.ClientPollInterval = TimeSpan.FromSeconds(30);
            });
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Nap");

        // A hang guard only: at speed 600 the ten minutes last one real second.
        OrchestrationMetadata done = await h.CompleteAsync(id, seconds: 60);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<double>() >= 10, "the timer fired before its fire time on the engine's clock");
    }
}
