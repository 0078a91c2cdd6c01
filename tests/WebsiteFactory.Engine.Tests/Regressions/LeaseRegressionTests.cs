using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Engine.Dispatch;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests.Regressions;

/// <summary>Regressions found in review of the engine's leases and listener (issue 11, item 5).</summary>
public sealed class LeaseRegressionTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ActivityLease_ExpiresWhileRunning_SameProcessDoesNotRunItAgain()
    {
        int runs = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<BlockingActivity>()
            .AddOrchestratorFunc<string?, string>("Blocks", (ctx, _) => ctx.CallActivityAsync<string>(nameof(BlockingActivity), "x")),
            o => o.LeaseDuration = TimeSpan.FromSeconds(30),
            s => s.AddSingleton(new BlockingActivity.Probe(() => Interlocked.Increment(ref runs), gate.Task)));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Blocks");
        await WaitAsync(() => Volatile.Read(ref runs) == 1);

        // The lease runs out under the running call (a stalled renewal, a paused process): the row is claimable again.
        await h.ScalarAsync<object>($"UPDATE {h.Schema}.tasks SET available_at = now() - interval '1 second' RETURNING 1");
        DateTimeOffset expired = DateTimeOffset.UtcNow;
        await WaitAsync(() => h.Statistics.LastPolls.TryGetValue("activities", out var polled) && polled > expired.AddMilliseconds(300));
        gate.SetResult();
        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task InstanceLease_EpisodeOutlivesLease_IsRenewedSoNoOtherWorkerRunsIt()
    {
        int live = 0;
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        void Tasks(DurableTaskRegistry r) => r.AddOrchestratorFunc<string?, string>("Slow", (ctx, _) =>
        {
            if (!ctx.IsReplaying && Interlocked.Increment(ref live) == 1)
            {
                // Slow orchestrator code (more than two leases long) holds its worker's dispatcher; the other worker polls
                // meanwhile. The lease is long enough that renewal (every third of it) survives a starved thread pool on a
                // loaded 2-core CI machine: a 1 s lease once lapsed there between two renewals.
#pragma warning disable CA1849 // Blocking on purpose: this is the slow code under test.
                Thread.Sleep(TimeSpan.FromSeconds(7));
#pragma warning restore CA1849
            }

            return Task.FromResult("done");
        });
        static void ShortLease(EngineOptions o) => o.LeaseDuration = TimeSpan.FromSeconds(3);
        await using var first = await EngineHarness.StartAsync(db, Tasks, ShortLease, schema: schema);
        await using var second = await EngineHarness.StartAsync(db, Tasks, ShortLease, schema: schema);
        string id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Slow");

        OrchestrationMetadata done = await first.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, live);
    }

    [Fact]
    public async Task NotificationListener_UnexpectedError_ReconnectsAndKeepsListening()
    {
        var signals = new Signals();
        string channel = "t_" + Guid.NewGuid().ToString("N")[..12];
        int opens = 0;
        async ValueTask<NpgsqlConnection> Open(CancellationToken ct) => Interlocked.Increment(ref opens) == 1
            ? throw new InvalidOperationException("not the kind of error the listener expected")
            : await db.DataSource.OpenConnectionAsync(ct);
        var listener = new NotificationListener(Open, channel, signals, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        Task running = listener.RunAsync(stop.Token);

        await WaitAsync(() => listener.Connects == 1 || running.IsCompleted);
        Assert.False(running.IsCompleted, "the listener stopped for good");
        Task woken = signals.Orchestrations.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        await using (NpgsqlCommand notify = db.DataSource.CreateCommand($"NOTIFY {channel}, 'o'"))
        {
            await notify.ExecuteNonQueryAsync();
        }

        Assert.True(await (Task<bool>)woken);
        await stop.CancelAsync();
        await running;
    }

    private static async Task WaitAsync(Func<bool> condition, int seconds = 60)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    private sealed class BlockingActivity(BlockingActivity.Probe probe, IActivityExecutionAccessor execution) : TaskActivity<string, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string input)
        {
            probe.Started();
            await probe.Gate.WaitAsync(execution.Current.CancellationToken);
            return input;
        }

        public sealed record Probe(Action Started, Task Gate);
    }
}
