using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Clock;

/// <summary>Helpers of the tests that drive the engine on a fake or accelerated <see cref="TimeProvider"/>.</summary>
internal static class EngineClock
{
    /// <summary>
    /// A start far from the real date (the database's <c>now()</c> is about five years earlier, so any time still taken
    /// from the database shows) and with ticks below the microsecond (truncation shows).
    /// </summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2031, 3, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    /// <summary>The orchestrator the probes run: returns its episode time in ticks.</summary>
    public const string Probe = "ClockProbe";

    /// <summary>Truncates to the microseconds PostgreSQL stores, as the engine does.</summary>
    public static DateTime Stored(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), DateTimeKind.Utc);

    /// <summary>
    /// Starts an engine on <paramref name="clock"/> with one orchestration dispatcher (so a claim sees every due message at
    /// once) and the <see cref="Probe"/> orchestrator.
    /// </summary>
    public static Task<EngineHarness> StartAsync(
        PostgresFixture db, TimeProvider clock, Action<DurableTaskRegistry> register, Action<EngineOptions>? configure = null, string? schema = null)
        => EngineHarness.StartAsync(
            db,
            r =>
            {
                r.AddOrchestratorFunc<string?, long>(Probe, (ctx, _) => Task.FromResult(ctx.CurrentUtcDateTime.Ticks));
                register(r);
            },
            o =>
            {
                o.OrchestrationDispatchers = 1;
                configure?.Invoke(o);
            },
            s => s.AddSingleton(clock),
            schema);

    /// <summary>
    /// Runs probe orchestrations until one ran at <paramref name="clock"/>'s current time and returns that time: the
    /// dispatcher has then claimed at that time, and that claim would have taken any message due by then. (A claim that
    /// read the clock just before it was advanced may take the first probe; the next one runs at the new time.)
    /// </summary>
    public static async Task<DateTime> ProbeAsync(EngineHarness h, TimeProvider clock)
    {
        DateTime now = Stored(clock.GetUtcNow());
        for (int attempt = 0; attempt < 10; attempt++)
        {
            string id = await h.Client.ScheduleNewOrchestrationInstanceAsync(Probe);
            OrchestrationMetadata done = await h.CompleteAsync(id);
            var ran = new DateTime(done.ReadOutputAs<long>(), DateTimeKind.Utc);
            if (ran >= now)
            {
                return ran;
            }
        }

        Assert.Fail($"no probe ran at the clock's time {now:O}");
        return default;
    }

    /// <summary>
    /// Advances <paramref name="clock"/> by <paramref name="step"/> until <paramref name="condition"/> holds, failing after a
    /// real-time bound. A loop that read the clock just before an advance arms its next wait relative to the advanced
    /// time, so one jump may leave it waiting; the small further steps wake it.
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider clock, TimeSpan step, Func<Task<bool>> condition, int seconds = 60)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            Assert.False(bound.IsCancellationRequested, $"the condition did not hold within {seconds} s of real time (clock at {clock.GetUtcNow():O})");
            clock.Advance(step);
            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds, without touching any clock.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            await Task.Delay(20, bound.Token);
        }
    }

    /// <summary>Reads an instance's status.</summary>
    public static async Task<OrchestrationRuntimeStatus?> StatusAsync(EngineHarness h, string id)
        => (await h.Client.GetInstanceAsync(id))?.RuntimeStatus;
}
