using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Logging;
using Npgsql;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Fuses an activity's completion with the next episode of its orchestration when this process holds the
/// orchestration's session: in one transaction the task rows are deleted (whoever deletes them delivers the result),
/// the runner applies the results to the session, and the episode's history and new work are written behind the
/// fence. A sequence step then costs one commit instead of three (completion, claim, episode) and no history load.
/// </summary>
/// <remarks>
/// Results whose task row is already gone are duplicates and are dropped. When the fence rejects an episode (another
/// worker or loop changed the instance), its results are delivered to the inbox in the same transaction, as the
/// ordinary completion would, and the session is evicted.
/// </remarks>
internal sealed class FusedCompleter(
    EngineStore store, OrchestrationRunner runner, SessionTracker sessions, IDurableTaskFactory factory, IServiceProvider services,
    Func<ActivityDispatcher> activities, Signals signals, EngineMetrics metrics, EngineStatistics statistics, EngineOptions options, ILogger logger)
{
    public async Task<List<TaskResult>> CompleteAsync(List<TaskResult> results, CancellationToken ct)
    {
        var rest = new List<TaskResult>();
        var fused = new List<(SessionTracker.Entry Session, List<TaskResult> Results)>();
        foreach (IGrouping<long, TaskResult> group in results.GroupBy(r => r.Task.InstanceKey))
        {
            TaskResult first = group.First();
            if (sessions.TakeForFusion(first.Task.InstanceKey, first.Task.ExecutionId) is { } session)
            {
                fused.Add((session, group.ToList()));
            }
            else
            {
                rest.AddRange(group);
            }
        }

        if (fused.Count == 0)
        {
            return rest;
        }

        int reserved = 0;
        var commits = new List<EpisodeCommit>();
        try
        {
            return await this.FuseAsync(fused, rest, commits, r => reserved += r, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            // Rolled back: the task rows are intact, so the ordinary completion delivers these results (a duplicate
            // delivery is sorted out there too). The sessions saw results that were not committed, so they are dropped.
            if (e is not DuplicateResultException)
            {
                Log.LoopFailed(logger, e, "fused completion");
            }

            activities().Release(reserved);
            foreach ((SessionTracker.Entry session, List<TaskResult> live) in fused)
            {
                sessions.Evict(session.Instance.Key, session.Instance.InstanceId);
                if (!rest.Contains(live[0]))
                {
                    rest.AddRange(live);
                }
            }

            return rest;
        }
        finally
        {
            bool skipped = false;
            foreach ((SessionTracker.Entry session, _) in fused)
            {
                skipped |= sessions.EndFusion(session.Instance.Key);
            }

            if (skipped)
            {
                // A dispatcher left an instance alone while it was fusing: its messages wait; look again now.
                signals.Orchestrations.Set();
            }
        }
    }

    private async Task<List<TaskResult>> FuseAsync(
        List<(SessionTracker.Entry Session, List<TaskResult> Results)> fused, List<TaskResult> rest, List<EpisodeCommit> commits, Action<int> reservedMore, CancellationToken ct)
    {
        int reserved = 0;
        try
        {
            var fusedResults = new Dictionary<long, List<TaskResult>>();
            foreach ((SessionTracker.Entry session, List<TaskResult> live) in fused)
            {
                if (this.RunEpisode(session, live) is not { } commit)
                {
                    rest.AddRange(live);
                    continue;
                }

                fusedResults[commit.Instance.Key] = live;
                if (commit.Activities.Count > 0)
                {
                    commit.PreClaimed = activities().TryReserve(commit.Activities.Count);
                    reserved += commit.PreClaimed;
                }

                commits.Add(commit);
            }

            if (commits.Count == 0)
            {
                return rest;
            }

            // Other instances (children, events, parents) may live in other processes: wake them (rare, so not debounced).
            string? notify = options.UseNotifications && commits.Exists(c => c.Children.Count > 0 || c.Events.Count > 0 || c.ParentMessage is not null) ? "o" : null;
            (HashSet<long> committed, List<ClaimedTask> preClaimed) = await store.TryCommitInOneTripAsync(commits, notify, fusedResults, ct).ConfigureAwait(false)
                ?? await this.CommitInTransactionAsync(commits, notify, fusedResults, ct).ConfigureAwait(false);

            foreach (EpisodeCommit commit in commits)
            {
                if (!committed.Contains(commit.Instance.Key))
                {
                    metrics.FenceRejections.Add(1);
                    sessions.Evict(commit.Instance.Key, commit.Instance.InstanceId);
                    continue;
                }

                metrics.Episodes.Add(1);
                statistics.EpisodeCommitted();
                SessionTracking.Record(sessions, commit);
            }

            // After the sessions are tracked again, so the next result can fuse too.
            activities().Dispatch(preClaimed);
            activities().Release(reserved - preClaimed.Count);
            reserved = 0;
            // Waiting clients wait for a status (started, finished): wake them only when one changed.
            signals.Instances.Changed(commits.Where(c => c.ChangesStatus && committed.Contains(c.Instance.Key)).Select(c => c.Instance.InstanceId));
            if (commits.Exists(c => c.Activities.Count > c.PreClaimed))
            {
                signals.Activities.Set();
            }

            if (commits.Exists(c => !committed.Contains(c.Instance.Key) || c.OwnMessages.Count > 0 || c.Children.Count > 0 || c.Events.Count > 0 || c.ParentMessage is not null))
            {
                signals.Orchestrations.Set();
            }

            return rest;
        }
        finally
        {
            // Reservations not handed to dispatched tasks are the caller's to release if this throws.
            reservedMore(reserved);
        }
    }

    /// <summary>The careful path: a lost fence or a duplicate is sorted out per instance (results of a lost fence go to the inbox).</summary>
    private async Task<(HashSet<long> Committed, List<ClaimedTask> PreClaimed)> CommitInTransactionAsync(
        List<EpisodeCommit> commits, string? notify, Dictionary<long, List<TaskResult>> fusedResults, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await store.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var result = await store.CommitCoreAsync(connection, transaction, commits, notify, fusedResults, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Runs the episode the results make on the live session; <see langword="null"/> when the runner lost the session.</summary>
    private EpisodeCommit? RunEpisode(SessionTracker.Entry session, List<TaskResult> live)
    {
        // The engine's clock, never earlier than the previous episode, in the microseconds PostgreSQL keeps: replay sees
        // exactly this time.
        DateTime now = store.Now();
        if (now <= session.LastEpisodeAt)
        {
            now = session.LastEpisodeAt.AddTicks(10);
        }

        ClaimedInstance instance = session.Instance.At(now);
        var commit = new EpisodeCommit { Instance = instance, NewExecutionId = instance.ExecutionId, FirstSeq = instance.HistoryLength, Status = instance.Status };
        commit.History.Add(ProtoEvents.OrchestratorStarted(now));
        commit.History.AddRange(live.Select(r => r.ToEvent(now)));
        if (!factory.TryCreateOrchestrator(new TaskName(instance.Name), services, out ITaskOrchestrator? orchestrator)
            || runner.Run(instance.InstanceId, instance.ExecutionId, orchestrator, null, commit.History) is not { } response)
        {
            sessions.Evict(instance.Key, instance.InstanceId);
            return null;
        }

        ActionApplier.Apply(instance, commit, response, session.Suspended, options.MaxPayloadBytes);
        return commit;
    }
}

/// <summary>Records what a committed episode leaves in the runner's session.</summary>
internal static class SessionTracking
{
    public static void Record(SessionTracker sessions, EpisodeCommit commit)
    {
        if (commit.KeepsSession && commit.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
        {
            ClaimedInstance after = commit.Instance.After(commit);
            sessions.Put(new SessionTracker.Entry(after, after.ExecutionId, after.HistoryLength, after.Status == OrchestrationRuntimeStatus.Suspended, commit.Instance.Now));
        }
        else
        {
            sessions.Evict(commit.Instance.Key, commit.Instance.InstanceId);
        }
    }
}
