using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Runs activities: claims tasks in batches (or receives them pre-leased from the episode that scheduled them), runs
/// up to <see cref="EngineOptions.ActivityConcurrency"/> at once with a cancellation token tied to lease loss and
/// shutdown, renews the leases of in-flight tasks in one statement per interval, and completes results in batches.
/// </summary>
internal sealed class ActivityDispatcher
{
    private readonly EngineStore store;
    private readonly ExecutorEnvironment env;
    private readonly EngineOptions options;
    private readonly Signals signals;
    private readonly ILogger logger;
    private readonly Channel<ClaimedTask> queue = Channel.CreateUnbounded<ClaimedTask>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Channel<TaskResult> results = Channel.CreateUnbounded<TaskResult>();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> inFlight = new();
    private readonly int capacity;
    private int reserved;
    private Func<List<TaskResult>, CancellationToken, Task<List<TaskResult>>>? fused;
    private long lastNotify;

    public ActivityDispatcher(EngineStore store, ExecutorEnvironment env, EngineOptions options, Signals signals, ILogger logger)
    {
        this.store = store;
        this.env = env;
        this.options = options;
        this.signals = signals;
        this.logger = logger;
        this.capacity = options.ActivityConcurrency * 2;
    }

    /// <summary>Gets the number of activity executions started (including redeliveries), for tests and benchmarks.</summary>
    public long Executions => Interlocked.Read(ref this.executions);

    private long executions;

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
                int free = this.capacity - Volatile.Read(ref this.reserved);
                if (free < Math.Max(1, this.options.ActivityConcurrency / 2))
                {
                    await this.signals.Activities.WaitAsync(this.options.MaxPollInterval, stopping).ConfigureAwait(false);
                    continue;
                }

                int granted = this.TryReserve(free);
                List<ClaimedTask> claimed = granted == 0 ? [] : await this.store.ClaimTasksAsync(granted, stopping).ConfigureAwait(false);
                this.Release(granted - claimed.Count);
                if (claimed.Count > 0)
                {
                    this.Dispatch(claimed);
                    idle = TimeSpan.FromMilliseconds(10);
                    continue;
                }

                await this.signals.Activities.WaitAsync(idle, stopping).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, this.options.MaxPollInterval.Ticks));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.LoopFailed(this.logger, e, "activity fetch");
                await Delay(this.options.MaxPollInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task WorkerLoopAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (ClaimedTask task in this.queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                TaskResult? result = await this.ExecuteAsync(task, stopping).ConfigureAwait(false);
                if (result is null)
                {
                    // Shut down or lost the lease: not reported; the lease expires and the task runs again.
                    this.Forget(task.Id);
                    this.Release(1);
                    continue;
                }

                this.results.Writer.TryWrite(result);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Forget(long id)
    {
        if (this.inFlight.TryRemove(id, out CancellationTokenSource? cts))
        {
            cts.Dispose();
        }
    }

    internal async Task<TaskResult?> ExecuteAsync(ClaimedTask task, CancellationToken stopping)
    {
        Interlocked.Increment(ref this.executions);
        if (task.Attempt > this.options.MaxActivityDeliveries)
        {
            Log.PoisonActivity(this.logger, task.Name, task.InstanceId, task.Attempt);
            return Failed(task, new TaskFailureDetails(
                "PoisonActivity",
                $"Activity '{task.Name}' was delivered {task.Attempt} times without completing (its worker crashed or lost the lease each time); it was failed to stop the loop."));
        }

        if (!this.env.Catalog.TryGetActivity(task.Name, out ActivityRegistration? registration))
        {
            return Failed(task, new TaskFailureDetails("ActivityNotFound", $"No activity named '{task.Name}' is registered in this worker."));
        }

        CancellationTokenSource leaseCts = this.inFlight.TryGetValue(task.Id, out CancellationTokenSource? cts) ? cts : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(leaseCts.Token, stopping);
        try
        {
            await using AsyncServiceScope scope = this.env.Services.CreateAsyncScope();
            IActivity activity = registration.Factory(scope.ServiceProvider);
            object? input;
            try
            {
                input = task.Input is null ? null : this.env.Converter.Deserialize(task.Input, activity.InputType);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
            {
                return Failed(task, new TaskFailureDetails(
                    e.GetType().FullName!, $"The input of activity '{task.Name}' cannot be read as {activity.InputType.Name}: {e.Message}"));
            }

            var context = new ActivityContext(task.Name, task.InstanceId, linked.Token) { TaskId = task.TaskId, DeliveryCount = task.Attempt };
            object? output = await activity.RunAsync(context, input).ConfigureAwait(false);
            byte[]? payload = this.env.Serialize(output, $"the output of activity '{task.Name}'");
            return new TaskResult(task.Id, HistoryEventType.TaskCompleted, payload, null) { Task = task };
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ActivityFailed(this.logger, task.Name, task.InstanceId, e.Message);
            return Failed(task, TaskFailureDetails.FromException(e));
        }
    }

    private static TaskResult Failed(ClaimedTask task, TaskFailureDetails failure)
        => new(task.Id, HistoryEventType.TaskFailed, null, FailureJson.Serialize(failure)) { Task = task };

    private async Task CompleteLoopAsync(CancellationToken stopping)
    {
        var batch = new List<TaskResult>(this.options.ActivityCompletionBatchSize);
        try
        {
            while (await this.results.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                // Natural batching: whatever finished while the previous commit was in flight goes in the next one.
                while (batch.Count < this.options.ActivityCompletionBatchSize && this.results.Reader.TryRead(out TaskResult? result))
                {
                    batch.Add(result);
                }

                await this.FlushAsync(batch, stopping).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task FlushAsync(List<TaskResult> batch, CancellationToken stopping)
    {
        TimeSpan backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                List<TaskResult> rest = this.fused is null ? batch : await this.fused(batch, stopping).ConfigureAwait(false);
                if (rest.Count > 0)
                {
                    bool notify = this.ShouldNotify();
                    (long deleted, long delivered) = await this.store.CompleteTasksAsync(rest, notify, stopping).ConfigureAwait(false);
                    if (deleted < rest.Count || delivered < deleted)
                    {
                        Log.ResultsDiscarded(this.logger, rest.Count - delivered);
                    }
                }

                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                Log.CompletionFailed(this.logger, e, batch.Count);
                await Delay(backoff, stopping).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }

        foreach (TaskResult result in batch)
        {
            this.Forget(result.TaskRowId);
        }

        Interlocked.Add(ref this.reserved, -batch.Count);
        this.signals.Orchestrations.Set();
        this.signals.Activities.Set();
    }

    private bool ShouldNotify()
    {
        if (!this.options.UseNotifications)
        {
            return false;
        }

        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref this.lastNotify);
        return now - last >= Signals.NotifyDebounceMs && Interlocked.CompareExchange(ref this.lastNotify, now, last) == last;
    }

    private async Task RenewLoopAsync(CancellationToken stopping)
    {
        TimeSpan interval = this.options.LeaseDuration / 3;
        while (!stopping.IsCancellationRequested)
        {
            await Delay(interval, stopping).ConfigureAwait(false);
            long[] ids = this.inFlight.Keys.ToArray();
            if (ids.Length == 0)
            {
                continue;
            }

            try
            {
                HashSet<long> owned = await this.store.RenewTasksAsync(ids, stopping).ConfigureAwait(false);
                int lost = 0;
                foreach (long id in ids)
                {
                    if (!owned.Contains(id) && this.inFlight.TryGetValue(id, out CancellationTokenSource? cts))
                    {
                        // Completed meanwhile (row deleted) or taken over after expiry: either way stop working on it.
                        lost++;
                        await cts.CancelAsync().ConfigureAwait(false);
                    }
                }

                if (lost > 0)
                {
                    Log.LeasesLost(this.logger, lost);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                Log.RenewFailed(this.logger, e);
            }
        }
    }

    internal static async Task Delay(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
