using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Runs activities: claims tasks in batches (or receives them pre-leased from the episode that scheduled them), runs
/// up to <see cref="EngineOptions.ActivityConcurrency"/> at once with a cancellation token tied to lease loss and
/// shutdown, renews the leases of in-flight tasks in one statement per interval, and completes results in batches.
/// </summary>
internal sealed class ActivityDispatcher
{
    private readonly EngineStore store;
    private readonly IDurableTaskFactory factory;
    private readonly IServiceProvider services;
    private readonly DataConverter converter;
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
                int free = this.capacity - Volatile.Read(ref this.reserved);
                if (free < Math.Max(1, this.options.ActivityConcurrency / 2))
                {
                    this.health.Polled();
                    await this.signals.Activities.WaitAsync(this.options.MaxPollInterval, stopping).ConfigureAwait(false);
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

                this.Release(granted - claimed.Count);
                this.health.Polled();
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
                this.health.Failed(e);
                await LoopDelay.Delay(idle < this.options.MaxPollInterval ? this.options.MaxPollInterval : idle, stopping).ConfigureAwait(false);
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

    /// <summary>
    /// Runs one activity call as the SDK's activity shim does: input unwrapped from the array DTFx puts it in, converted
    /// with the worker's <see cref="DataConverter"/>, output serialized back; an exception becomes the call's failure.
    /// </summary>
    internal async Task<TaskResult?> ExecuteAsync(ClaimedTask task, CancellationToken stopping)
    {
        this.statistics.ActivityStarted();
        if (task.Attempt > this.options.MaxActivityDeliveries)
        {
            Log.PoisonActivity(this.logger, task.Name, task.InstanceId, task.Attempt);
            return Failed(task, ProtoEvents.Failure(
                "PoisonActivity",
                $"Activity '{task.Name}' was delivered {task.Attempt} times without completing (its worker crashed or lost the lease each time); it was failed to stop the loop."));
        }

        CancellationTokenSource leaseCts = this.inFlight.TryGetValue(task.Id, out CancellationTokenSource? cts) ? cts : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(leaseCts.Token, stopping);
        try
        {
            await using AsyncServiceScope scope = this.services.CreateAsyncScope();
            if (!this.factory.TryCreateActivity(new TaskName(task.Name), scope.ServiceProvider, out ITaskActivity? activity))
            {
                return Failed(task, ProtoEvents.Failure("ActivityTaskNotFound", $"No activity named '{task.Name}' is registered in this worker."));
            }

            object? input;
            try
            {
                input = this.converter.Deserialize(Unwrap(task.Input), activity.InputType);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
            {
                return Failed(task, ProtoEvents.Failure(
                    e.GetType().FullName!, $"The input of activity '{task.Name}' cannot be read as {activity.InputType.Name}: {e.Message}"));
            }

            object? output;
            using (ActivityExecutionAccessor.Enter(new ActivityExecution(task.InstanceId, task.TaskId, task.Attempt, linked.Token)))
            {
                output = await activity.RunAsync(new EngineActivityContext(new TaskName(task.Name), task.InstanceId, task.Version), input).ConfigureAwait(false);
            }

            string? result = this.converter.Serialize(output);
            if (result is not null && result.Length > this.options.MaxPayloadBytes / 4 && System.Text.Encoding.UTF8.GetByteCount(result) > this.options.MaxPayloadBytes)
            {
                return Failed(task, ProtoEvents.Failure(
                    typeof(PayloadTooLargeException).FullName!, new PayloadTooLargeException($"the output of activity '{task.Name}'", System.Text.Encoding.UTF8.GetByteCount(result), this.options.MaxPayloadBytes).Message));
            }

            return new TaskResult(task.Id, task, result, null);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ActivityFailed(this.logger, task.Name, task.InstanceId, e.Message);
            return Failed(task, ProtoEvents.Failure(e));
        }
    }

    /// <summary>DTFx passes an activity's input as a one-element JSON array; the SDK's shim strips the brackets.</summary>
    private static string? Unwrap(string? input)
        => input is not null && input.StartsWith('[') && input.EndsWith(']') ? input[1..^1] : input;

    private static TaskResult Failed(ClaimedTask task, Microsoft.DurableTask.Protobuf.TaskFailureDetails failure) => new(task.Id, task, null, failure);

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
        bool toInbox = false;
        while (true)
        {
            try
            {
                List<TaskResult> rest = this.fused is null ? batch : await this.fused(batch, stopping).ConfigureAwait(false);
                if (rest.Count > 0)
                {
                    toInbox = true;
                    bool notify = this.ShouldNotify();
                    (long deleted, long delivered) = await this.store.CompleteTasksAsync(rest, notify, ProtoEvents.ToStored(DateTime.UtcNow), stopping).ConfigureAwait(false);
                    if (deleted < rest.Count || delivered < deleted)
                    {
                        Log.ResultsDiscarded(this.logger, rest.Count - delivered);
                    }
                }

                this.resultsHealth.Polled();
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                Log.CompletionFailed(this.logger, e, batch.Count);
                this.resultsHealth.Failed(e);
                await LoopDelay.Delay(backoff, stopping).ConfigureAwait(false);
                backoff = LoopDelay.NextBackoff(backoff);
            }
        }

        foreach (TaskResult result in batch)
        {
            this.Forget(result.TaskRowId);
        }

        // Wake only who has something to do: the orchestration dispatchers when results went to the inbox (a fused result
        // is committed with its episode already), the fetch loop when these slots were what held it back.
        bool fetchWasHeld = Volatile.Read(ref this.reserved) > this.capacity - Math.Max(1, this.options.ActivityConcurrency / 2);
        Interlocked.Add(ref this.reserved, -batch.Count);
        if (toInbox)
        {
            this.signals.Orchestrations.Set();
        }

        if (fetchWasHeld)
        {
            this.signals.Activities.Set();
        }
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
        // After a failure the next attempt comes on the short backoff, not a full interval: readiness (and the leases)
        // recover within about 2 s of the database's return.
        TimeSpan interval = this.options.LeaseDuration / 3;
        TimeSpan wait = interval;
        TimeSpan backoff = TimeSpan.FromMilliseconds(200);
        while (!stopping.IsCancellationRequested)
        {
            await LoopDelay.Delay(wait, stopping).ConfigureAwait(false);
            wait = interval;
            long[] ids = this.inFlight.Keys.ToArray();
            if (ids.Length == 0)
            {
                this.leasesHealth.Polled();
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

                this.leasesHealth.Polled();
                backoff = TimeSpan.FromMilliseconds(200);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                Log.RenewFailed(this.logger, e);
                this.leasesHealth.Failed(e);
                wait = backoff < interval ? backoff : interval;
                backoff = LoopDelay.NextBackoff(backoff);
            }
        }
    }
}
