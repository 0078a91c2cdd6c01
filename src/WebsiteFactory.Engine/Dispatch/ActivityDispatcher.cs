using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Runs activities: claims tasks in batches (or receives them pre-leased from the episode that scheduled them), runs
/// up to <see cref="EngineOptions.ActivityConcurrency"/> at once with a cancellation token tied to lease loss and
/// shutdown, renews the leases of in-flight tasks in one statement per interval, and completes results in batches.
/// </summary>
internal sealed partial class ActivityDispatcher
{
    private readonly EngineStore store;
    private readonly IDurableTaskFactory factory;
    private readonly IServiceProvider services;
    private readonly DataConverter converter;
    private readonly EngineOptions options;
    private readonly Signals signals;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Channel<ClaimedTask> queue = Channel.CreateUnbounded<ClaimedTask>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Channel<TaskResult> results = Channel.CreateUnbounded<TaskResult>();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> inFlight = new();
    private readonly int capacity;
    private int reserved;
    private Func<List<TaskResult>, CancellationToken, Task<List<TaskResult>>>? fused;
    private long lastNotify;

    private readonly EngineStatistics statistics;
    private readonly LoopHealth health;
    private readonly LoopHealth resultsHealth;
    private readonly LoopHealth leasesHealth;

    public ActivityDispatcher(
        EngineStore store, IDurableTaskFactory factory, IServiceProvider services, DataConverter converter, EngineOptions options, Signals signals,
        EngineStatistics statistics, Func<string, bool, LoopHealth> health, ILogger logger)
    {
        this.statistics = statistics;
        this.health = health("activities", true);
        this.resultsHealth = health("activity-results", false);
        this.leasesHealth = health("activity-leases", true);
        this.store = store;
        this.factory = factory;
        this.services = services;
        this.converter = converter;
        this.options = options;
        this.signals = signals;
        this.time = store.Time;
        this.logger = logger;
        this.capacity = options.ActivityConcurrency * 2;
    }

    /// <summary>
    /// Sets the fused path: results of instances whose cursor this process holds are applied to the cursor and committed
    /// together with the resulting episode; it returns the results left for the ordinary completion.
    /// </summary>
    public void UseFusedCompletion(Func<List<TaskResult>, CancellationToken, Task<List<TaskResult>>> completer) => this.fused = completer;

    /// <summary>Reserves up to <paramref name="count"/> local slots for pre-leased tasks; returns how many were granted.</summary>
    public int TryReserve(int count)
    {
        while (true)
        {
            int current = Volatile.Read(ref this.reserved);
            int grant = Math.Min(count, this.capacity - current);
            if (grant <= 0)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref this.reserved, current + grant, current) == current)
            {
                return grant;
            }
        }
    }

    /// <summary>Returns reserved slots that were not used.</summary>
    public void Release(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref this.reserved, -count);
            this.signals.Activities.Set();
        }
    }

    /// <summary>Queues tasks leased to this worker (their slots are already reserved).</summary>
    public void Dispatch(IEnumerable<ClaimedTask> tasks)
    {
        foreach (ClaimedTask task in tasks)
        {
            this.inFlight[task.Id] = new CancellationTokenSource();
            this.queue.Writer.TryWrite(task);
        }
    }

    public Task RunAsync(CancellationToken stopping)
    {
        var loops = new List<Task> { this.FetchLoopAsync(stopping), this.CompleteLoopAsync(stopping), this.RenewLoopAsync(stopping) };
        for (int i = 0; i < this.options.ActivityConcurrency; i++)
        {
            loops.Add(this.WorkerLoopAsync(stopping));
        }

        return Task.WhenAll(loops);
    }

    private async Task FetchLoopAsync(CancellationToken stopping)
    {
        TimeSpan idle = TimeSpan.FromMilliseconds(10);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Taken before looking, so a wake-up while the claim runs is not lost.
                Task next = this.signals.Activities.Next;
                int free = this.capacity - Volatile.Read(ref this.reserved);
                if (free < Math.Max(1, this.options.ActivityConcurrency / 2))
                {
                    this.health.Polled();
                    await this.signals.Activities.WaitAsync(next, this.options.MaxPollInterval, stopping).ConfigureAwait(false);
                    continue;
                }

                int granted = this.TryReserve(free);
                List<ClaimedTask> claimed;
                try
                {
                    claimed = granted == 0 ? [] : await this.store.ClaimTasksAsync(granted, this.inFlight.Keys.ToArray(), stopping).ConfigureAwait(false);
                }
                catch
                {
                    // The slots were reserved for the claim: give them back, or a database error would shrink the
                    // dispatcher until it claims nothing at all.
                    this.Release(granted);
                    throw;
                }

                // Unused slots go back without a wake-up: this loop is the one that would wake, and it just looked.
                Interlocked.Add(ref this.reserved, claimed.Count - granted);
                this.health.Polled();
                if (claimed.Count > 0)
                {
                    this.Dispatch(claimed);
                    idle = TimeSpan.FromMilliseconds(10);
                    continue;
                }

                await this.signals.Activities.WaitAsync(next, idle, stopping).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, this.options.MaxPollInterval.Ticks));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.LoopFailed(this.logger, e, "activity fetch");
                this.health.Failed(e);
                await LoopDelay.Delay(idle < this.options.MaxPollInterval ? this.options.MaxPollInterval : idle, stopping).ConfigureAwait(false);
            }
        }
    }
}
