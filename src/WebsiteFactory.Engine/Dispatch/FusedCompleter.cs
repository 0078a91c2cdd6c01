using Microsoft.Extensions.Logging;
using Npgsql;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Engine.Storage;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Fuses an activity's completion with the next episode of its orchestration when this process holds the
/// orchestration's cursor: in one transaction the task rows are deleted (whoever deletes them delivers the result), the
/// cursor applies the results, and the episode's history and new work are written behind the fence. A sequence step
/// then costs one commit instead of three (completion, claim, episode) and no history load.
/// </summary>
/// <remarks>
/// Results whose task row is already gone are duplicates and are dropped. When the fence rejects an episode (another
/// worker or loop changed the instance), its results are delivered to the inbox in the same transaction, as the
/// ordinary completion would, and the cursor is evicted.
/// </remarks>
internal sealed class FusedCompleter(
    EngineStore store, EpisodeRunner runner, CursorCache cache, Func<ActivityDispatcher> activities, Signals signals, EngineMetrics metrics, DatabaseClock clock, bool useNotifications, ILogger logger)
{
    public async Task<List<TaskResult>> CompleteAsync(List<TaskResult> results, CancellationToken ct)
    {
        var rest = new List<TaskResult>();
        var fused = new List<(OrchestrationExecutor Executor, ClaimedInstance Instance, List<TaskResult> Results)>();
        foreach (IGrouping<long, TaskResult> group in results.GroupBy(r => r.Task?.InstanceKey ?? -1))
        {
            TaskResult first = group.First();
            if (first.Task is { } task && cache.TakeForFusion(task.InstanceKey, task.ExecutionId) is { } cursor)
            {
                fused.Add((cursor.Executor, cursor.Instance, group.ToList()));
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
        try
        {
            await using NpgsqlConnection connection = await store.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            DateTime now = this.EstimateDatabaseNow();

            var commits = new List<EpisodeCommit>();
            var fusedResults = new Dictionary<long, List<TaskResult>>();
            var executors = new Dictionary<long, OrchestrationExecutor>();
            foreach ((OrchestrationExecutor executor, ClaimedInstance cached, List<TaskResult> live) in fused)
            {
                if (executor.CurrentUtcDateTime > now)
                {
                    now = executor.CurrentUtcDateTime;
                }

                ClaimedInstance instance = Snapshot(cached, executor, now);
                fusedResults[instance.Key] = live;
                var commit = new EpisodeCommit { Instance = instance, NewExecutionId = instance.ExecutionId, FirstSeq = instance.HistoryLength, Status = instance.Status };
                executor.BeginEpisode(now);
                foreach (TaskResult result in live)
                {
                    executor.ApplyNew(new HistoryRecord(result.Kind, now) { TaskId = result.Task!.TaskId, Name = result.Task.Name, Payload = result.Payload, Failure = result.Failure });
                }

                executor.CompleteEpisode();
                runner.Fill(instance, commit, executor);
                if (commit.Activities.Count > 0)
                {
                    commit.PreClaimed = activities().TryReserve(commit.Activities.Count);
                    reserved += commit.PreClaimed;
                }

                executors[instance.Key] = executor;
                commits.Add(commit);
            }

            // Other instances (children, events, parents) may live in other processes: wake them (rare, so not debounced).
            string? notify = useNotifications && commits.Exists(c => c.Children.Count > 0 || c.Events.Count > 0 || c.ParentMessage is not null) ? "o" : null;
            (HashSet<long> committed, List<ClaimedTask> preClaimed) = commits.Count == 0 && fusedResults.Count == 0
                ? ([], [])
                : await store.CommitCoreAsync(connection, transaction, commits, notify, fusedResults, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);

            foreach (EpisodeCommit commit in commits)
            {
                if (!committed.Contains(commit.Instance.Key))
                {
                    metrics.FenceRejections.Add(1);
                    continue;
                }

                metrics.Episodes.Add(1);
                if (commit.Executor is not null && commit.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended)
                {
                    cache.Put(commit.Instance.Key, executors[commit.Instance.Key], Snapshot(commit.Instance, executors[commit.Instance.Key], commit.Instance.DbNow));
                }
            }

            // After the cursors are cached again, so the next result can fuse too.
            activities().Dispatch(preClaimed);
            activities().Release(reserved - preClaimed.Count);
            reserved = 0;
            signals.Instances.Changed(commits.Where(c => committed.Contains(c.Instance.Key)).Select(c => c.Instance.InstanceId));
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
        catch (DuplicateResultException)
        {
            // Rare: a task ran twice and the other run delivered first. Roll back; the ordinary path sorts it out.
            activities().Release(reserved);
            rest.AddRange(fused.SelectMany(f => f.Results));
            return rest;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            // Rolled back: the task rows are intact, so the ordinary completion delivers these results. The cursors
            // saw results that were not committed, so they are dropped.
            Log.LoopFailed(logger, e, "fused completion");
            activities().Release(reserved);
            rest.AddRange(fused.SelectMany(f => f.Results));
            return rest;
        }
    }

    /// <summary>
    /// The database clock as seen from here: local UTC plus the offset observed at the last claim. Episode times stay
    /// anchored to the database (a worker's skewed clock does not leak into timers), without a round trip to read it.
    /// </summary>
    private DateTime EstimateDatabaseNow() => DateTime.UtcNow + clock.Offset;

    private static ClaimedInstance Snapshot(ClaimedInstance c, OrchestrationExecutor executor, DateTime now) => new()
    {
        Key = c.Key,
        InstanceId = c.InstanceId,
        ExecutionId = executor.ExecutionId,
        Name = c.Name,
        Version = c.Version,
        Status = executor.IsSuspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running,
        HistoryLength = executor.HistoryCount,
        ParentKey = c.ParentKey,
        ParentInstanceId = c.ParentInstanceId,
        ParentExecutionId = c.ParentExecutionId,
        ParentTaskId = c.ParentTaskId,
        ParentName = c.ParentName,
        DbNow = now,
    };
}
