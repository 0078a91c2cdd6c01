using Microsoft.Extensions.Logging;
using WebsiteFactory.Engine.Storage;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Runs orchestration episodes in batches: claim up to <see cref="EngineOptions.OrchestrationBatchSize"/> instances
/// with visible messages, load their messages (and history on cursor-cache misses) in one round trip, run the
/// episodes, and commit them all in one transaction behind the fence. Several loops run concurrently so one batch
/// executes code while another waits for its commit (group commit).
/// </summary>
internal sealed class OrchestrationDispatcher(
    EngineStore store, EpisodeRunner runner, CursorCache cache, ActivityDispatcher? activities, EngineOptions options, Signals signals, EngineMetrics metrics, DatabaseClock clock, ILogger logger)
{
    private long lastNotify;

    public async Task RunAsync(CancellationToken stopping)
    {
        TimeSpan idle = TimeSpan.FromMilliseconds(5);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await this.RunBatchAsync(stopping).ConfigureAwait(false) > 0)
                {
                    idle = TimeSpan.FromMilliseconds(5);
                    continue;
                }

                TimeSpan wait = idle;
                if (await store.TimeToNextTimerAsync(stopping).ConfigureAwait(false) is { } nextTimer && nextTimer < wait)
                {
                    wait = nextTimer < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : nextTimer;
                }

                await signals.Orchestrations.WaitAsync(wait, stopping).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollInterval.Ticks));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.LoopFailed(logger, e, "orchestration dispatch");
                await ActivityDispatcher.Delay(options.MaxPollInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one batch; returns how many instances were claimed.</summary>
    public async Task<int> RunBatchAsync(CancellationToken ct)
    {
        List<ClaimedInstance> claimed = await store.ClaimInstancesAsync(options.OrchestrationBatchSize, ct).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        clock.Observe(claimed[0].DbNow);
        var needHistory = new List<ClaimedInstance>();
        foreach (ClaimedInstance c in claimed)
        {
            if (c.HistoryLength > 0 && !EngineStore.IsTerminal(c.Status) && !cache.Peek(c.Key, c.ExecutionId, c.HistoryLength))
            {
                needHistory.Add(c);
            }
        }

        var commits = new List<EpisodeCommit>(claimed.Count);
        var failed = new List<ClaimedInstance>();
        int reserved = 0;
        try
        {
            await store.LoadAsync(claimed, needHistory, options.MaxMessagesPerEpisode, ct).ConfigureAwait(false);
            foreach (ClaimedInstance c in claimed)
            {
                try
                {
                    EpisodeCommit commit = await runner.RunAsync(c, ct).ConfigureAwait(false);
                    if (activities is not null && commit.Activities.Count > 0)
                    {
                        commit.PreClaimed = activities.TryReserve(commit.Activities.Count);
                        reserved += commit.PreClaimed;
                    }

                    commits.Add(commit);
                }
                catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
                {
                    Log.EpisodeFailed(logger, e, c.InstanceId, c.EpisodeFailures + 1);
                    failed.Add(c);
                }
            }

            bool newWork = commits.Exists(c => c.Activities.Count > c.PreClaimed);
            bool otherInstances = commits.Exists(c => c.Children.Count > 0 || c.Events.Count > 0 || c.ParentMessage is not null || c.RewindChildren.Count > 0);
            string? notify = (newWork || otherInstances) && this.ShouldNotify() ? (newWork ? "a" : "o") : null;
            (HashSet<long> committed, List<Storage.ClaimedTask> preClaimed) = commits.Count == 0
                ? ([], [])
                : await store.CommitAsync(commits, notify, ct).ConfigureAwait(false);

            foreach (EpisodeCommit commit in commits)
            {
                if (!committed.Contains(commit.Instance.Key))
                {
                    Log.FenceRejected(logger, commit.Instance.InstanceId);
                    metrics.FenceRejections.Add(1);
                    continue;
                }

                if (commit.Executor is { } executor && commit.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
                {
                    cache.Put(commit.Instance.Key, executor, commit.Instance);
                }

                metrics.Episodes.Add(1);
            }

            // Only now that the cursors are back in the cache: a fast activity's result can then fuse with the next episode.
            activities?.Dispatch(preClaimed);
            activities?.Release(reserved - preClaimed.Count);
            reserved = 0;

            if (failed.Count > 0)
            {
                await store.AbandonAsync(failed.ConvertAll(f => f.Key), ct).ConfigureAwait(false);
            }

            signals.Instances.Changed(commits.Where(c => committed.Contains(c.Instance.Key)).Select(c => c.Instance.InstanceId));
            if (newWork)
            {
                signals.Activities.Set();
            }

            if (otherInstances || commits.Exists(c => c.OwnMessages.Count > 0))
            {
                signals.Orchestrations.Set();
            }

            metrics.BatchSize.Record(claimed.Count);
            return claimed.Count;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            Log.BatchFailed(logger, e, claimed.Count);
            activities?.Release(reserved);
            foreach (ClaimedInstance c in claimed)
            {
                cache.Take(c.Key, Guid.Empty, -1);
            }

            await store.AbandonAsync(claimed.ConvertAll(c => c.Key), CancellationToken.None).ConfigureAwait(false);
            return claimed.Count;
        }
    }

    private bool ShouldNotify()
    {
        if (!options.UseNotifications)
        {
            return false;
        }

        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref this.lastNotify);
        return now - last >= Signals.NotifyDebounceMs && Interlocked.CompareExchange(ref this.lastNotify, now, last) == last;
    }
}
