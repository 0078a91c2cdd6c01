using Microsoft.Extensions.Logging;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Runs orchestration episodes in batches: claim up to <see cref="EngineOptions.OrchestrationBatchSize"/> instances
/// with visible messages, load their messages (and history on session misses) in one round trip, run the episodes,
/// and commit them all in one transaction behind the fence. Several loops run concurrently so one batch executes code
/// while another waits for its commit (group commit).
/// </summary>
/// <remarks>
/// A failing episode or commit costs an episode failure only to the instance that caused it: when a batch commit
/// fails, its episodes are committed one by one, so an innocent instance that shared the batch is not counted toward
/// <see cref="EngineOptions.MaxEpisodeFailures"/>. The leases of a batch's instances are renewed while it runs.
/// </remarks>
internal sealed class OrchestrationDispatcher(
    EngineStore store, EpisodeRunner runner, SessionTracker sessions, ActivityDispatcher? activities, EngineOptions options, Signals signals,
    EngineMetrics metrics, EngineStatistics statistics, LoopHealth health, ILogger logger)
{
    private long lastNotify;

    public async Task RunAsync(CancellationToken stopping)
    {
        TimeSpan idle = TimeSpan.FromMilliseconds(5);
        TimeSpan backoff = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Taken before looking, so a wake-up while the claim runs is not lost.
                Task next = signals.Orchestrations.Next;
                int claimed = await this.RunBatchAsync(stopping).ConfigureAwait(false);
                health.Polled();
                backoff = TimeSpan.FromMilliseconds(100);
                if (claimed > 0)
                {
                    idle = TimeSpan.FromMilliseconds(5);
                    continue;
                }

                // Both waits run on the engine's clock: an accelerated clock fires timers proportionally sooner.
                TimeSpan wait = idle;
                if (await store.TimeToNextTimerAsync(stopping).ConfigureAwait(false) is { } nextTimer && nextTimer < wait)
                {
                    wait = nextTimer < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : nextTimer;
                }

                await signals.Orchestrations.WaitAsync(next, wait, stopping).ConfigureAwait(false);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollInterval.Ticks));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.LoopFailed(logger, e, "orchestration dispatch");
                health.Failed(e);
                await LoopDelay.Delay(backoff, stopping).ConfigureAwait(false);
                backoff = LoopDelay.NextBackoff(backoff);
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

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task renewal = this.RenewWhileRunningAsync(claimed.ConvertAll(c => c.Key).ToArray(), renewing.Token);
        try
        {
            await this.RunClaimedAsync(claimed, ct).ConfigureAwait(false);
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        metrics.BatchSize.Record(claimed.Count);
        return claimed.Count;
    }

    private async Task RunClaimedAsync(List<ClaimedInstance> claimed, CancellationToken ct)
    {
        var needHistory = claimed.FindAll(c => c.HistoryLength > 0 && !EngineStore.IsTerminal(c.Status) && !sessions.Peek(c.Key, c.ExecutionId, c.HistoryLength));
        var commits = new List<EpisodeCommit>(claimed.Count);
        var failed = new List<ClaimedInstance>();
        try
        {
            await store.LoadAsync(claimed, needHistory, options.MaxMessagesPerEpisode, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            // Nothing ran: release the leases as they were, no failure counted (the database is the problem, not them).
            Log.BatchFailed(logger, e, claimed.Count);
            await store.AbandonAsync(claimed.ConvertAll(c => c.Key), [], CancellationToken.None).ConfigureAwait(false);
            return;
        }

        foreach (ClaimedInstance c in claimed)
        {
            try
            {
                commits.Add(await runner.RunAsync(c, ct).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                Log.EpisodeFailed(logger, e, c.InstanceId, c.EpisodeFailures + 1);
                sessions.Evict(c.Key, c.InstanceId);
                failed.Add(c);
            }
        }

        if (failed.Count > 0)
        {
            await store.AbandonAsync(failed.ConvertAll(f => f.Key), failed.ConvertAll(f => f.Key), CancellationToken.None).ConfigureAwait(false);
        }

        if (commits.Count == 0)
        {
            return;
        }

        try
        {
            await this.CommitAsync(commits, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested && commits.Count > 1)
        {
            // One bad episode must not poison the others: commit them one by one, so only the culprit counts a failure.
            Log.BatchFailed(logger, e, commits.Count);
            foreach (EpisodeCommit commit in commits)
            {
                try
                {
                    await this.CommitAsync([commit], ct).ConfigureAwait(false);
                }
                catch (Exception single) when (single is not OutOfMemoryException && !ct.IsCancellationRequested)
                {
                    Log.EpisodeFailed(logger, single, commit.Instance.InstanceId, commit.Instance.EpisodeFailures + 1);
                    sessions.Evict(commit.Instance.Key, commit.Instance.InstanceId);
                    await store.AbandonAsync([commit.Instance.Key], [commit.Instance.Key], CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            Log.EpisodeFailed(logger, e, commits[0].Instance.InstanceId, commits[0].Instance.EpisodeFailures + 1);
            sessions.Evict(commits[0].Instance.Key, commits[0].Instance.InstanceId);
            await store.AbandonAsync([commits[0].Instance.Key], [commits[0].Instance.Key], CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<EpisodeCommit> commits, CancellationToken ct)
    {
        int reserved = 0;
        try
        {
            foreach (EpisodeCommit commit in commits)
            {
                commit.PreClaimed = activities is not null && commit.Activities.Count > 0 ? activities.TryReserve(commit.Activities.Count) : 0;
                reserved += commit.PreClaimed;
            }

            bool newWork = commits.Exists(c => c.Activities.Count > c.PreClaimed);
            bool otherInstances = commits.Exists(c => c.Children.Count > 0 || c.Events.Count > 0 || c.ParentMessage is not null);
            string? notify = (newWork || otherInstances) && this.ShouldNotify() ? (newWork ? "a" : "o") : null;
            (HashSet<long> committed, List<ClaimedTask> preClaimed) = await store.CommitAsync(commits, notify, ct).ConfigureAwait(false);
            foreach (EpisodeCommit commit in commits)
            {
                if (!committed.Contains(commit.Instance.Key))
                {
                    // An episode that stepped aside for a fusion loses its fence when the fusion commits first: nothing lost.
                    if (!commit.LeftAlone)
                    {
                        Log.FenceRejected(logger, commit.Instance.InstanceId);
                        metrics.FenceRejections.Add(1);
                        sessions.Evict(commit.Instance.Key, commit.Instance.InstanceId);
                    }

                    continue;
                }

                if (commit.LeftAlone)
                {
                    continue;
                }

                SessionTracking.Record(sessions, commit);
                metrics.Episodes.Add(1);
                statistics.EpisodeCommitted();
            }

            // Only now that the sessions are tracked: a fast activity's result can then fuse with the next episode.
            activities?.Dispatch(preClaimed);
            activities?.Release(reserved - preClaimed.Count);
            reserved = 0;
            // Waiting clients wait for a status (started, finished): wake them only when one changed.
            signals.Instances.Changed(commits.Where(c => c.ChangesStatus && committed.Contains(c.Instance.Key)).Select(c => c.Instance.InstanceId));
            if (newWork)
            {
                signals.Activities.Set();
            }

            if (otherInstances || commits.Exists(c => c.OwnMessages.Count > 0 || c.Deferred.Count > 0))
            {
                signals.Orchestrations.Set();
            }
        }
        finally
        {
            activities?.Release(reserved);
        }
    }

    /// <summary>Keeps the batch's instance leases alive while its episodes run and commit (slow code, a slow commit).</summary>
    private async Task RenewWhileRunningAsync(long[] keys, CancellationToken ct)
    {
        TimeSpan interval = options.LeaseDuration / 3;
        while (!ct.IsCancellationRequested)
        {
            await LoopDelay.Delay(interval, store.Time, ct).ConfigureAwait(false);
            if (ct.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await store.RenewInstancesAsync(keys, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (!ct.IsCancellationRequested)
                {
                    Log.RenewFailed(logger, e);
                }
            }
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
