using Google.Protobuf;
using Microsoft.DurableTask.Client;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Storage;

/// <summary>The episode batch commit.</summary>
internal sealed partial class EngineStore
{
    /// <summary>
    /// Commits a batch of episodes in one transaction. The fence (lease owner, execution id and history length must be
    /// unchanged) drops the episodes of instances this worker no longer owns; the others' history, consumed messages,
    /// new tasks, timers, children, events and parent notifications are written together.
    /// </summary>
    /// <returns>The keys committed and the activities inserted pre-leased to this worker.</returns>
    public async Task<(HashSet<long> Committed, List<ClaimedTask> PreClaimed)> CommitAsync(
        List<EpisodeCommit> episodes, string? notifyPayload, CancellationToken ct)
    {
        if (await this.TryCommitInOneTripAsync(episodes, notifyPayload, null, ct).ConfigureAwait(false) is { } done)
        {
            return done;
        }

        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var result = await this.CommitCoreAsync(connection, transaction, episodes, notifyPayload, null, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Writes a batch of episodes inside the caller's transaction. With <paramref name="fusedResults"/> (the fused
    /// completion path) the instances need not be leased to this worker, only unleased or leased by it, and the results
    /// of episodes that lose the fence are delivered to the inbox instead (their task rows are already deleted).
    /// </summary>
    internal async Task<(HashSet<long> Committed, List<ClaimedTask> PreClaimed)> CommitCoreAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<EpisodeCommit> episodes, string? notifyPayload,
        Dictionary<long, List<TaskResult>>? fusedResults, CancellationToken ct)
    {
        HashSet<long> committed = await this.FenceAsync(connection, transaction, episodes, fusedResults, ct).ConfigureAwait(false);
        List<EpisodeCommit> survivors = episodes.FindAll(e => committed.Contains(e.Instance.Key));
        var preClaimed = new List<ClaimedTask>();
        List<(TaskResult Result, DateTime At)> redeliver = fusedResults is null
            ? []
            : episodes.Where(e => !committed.Contains(e.Instance.Key) && fusedResults.ContainsKey(e.Instance.Key))
                .SelectMany(e => fusedResults[e.Instance.Key].Select(r => (r, e.Instance.Now))).ToList();
        if (survivors.Count == 0 && redeliver.Count == 0)
        {
            return (committed, preClaimed);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (redeliver.Count > 0)
        {
            var events = redeliver.ConvertAll(r => r.Result.ToEvent(r.At));
            var insert = new NpgsqlBatchCommand(this.RedeliverSql);
            insert.Parameters.Add(Array(redeliver.ConvertAll(r => r.Result.Task.InstanceKey)));
            insert.Parameters.Add(Array(redeliver.ConvertAll(r => r.Result.Task.ExecutionId)));
            insert.Parameters.Add(Array(events.ConvertAll(ProtoEvents.Kind)));
            insert.Parameters.Add(Array(redeliver.ConvertAll(r => r.Result.Task.TaskId)));
            insert.Parameters.Add(Events(events));
            batch.BatchCommands.Add(insert);
        }

        Writes writes = this.AddWrites(batch, survivors, notifyPayload);
        var createdChildren = new HashSet<string>(StringComparer.Ordinal);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.PrepareAsync(ct).ConfigureAwait(false);
            await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await ReadWritesAsync(reader, writes, preClaimed, createdChildren, ct).ConfigureAwait(false);
        }

        (List<(EpisodeCommit Parent, ChildRequest Child)> children, List<(EpisodeCommit Parent, ChildRequest Child)> duplicates) = (writes.Children, writes.Duplicates);
        foreach ((EpisodeCommit parent, ChildRequest child) in children)
        {
            if (!createdChildren.Contains(child.InstanceId))
            {
                await this.StartConflictingChildAsync(connection, transaction, parent, child, ct).ConfigureAwait(false);
            }
        }

        foreach ((EpisodeCommit parent, ChildRequest child) in duplicates)
        {
            await this.FailChildCallAsync(connection, transaction, parent, child, "another sub-orchestration started with the same id in the same step", ct).ConfigureAwait(false);
        }

        return (committed, preClaimed);
    }

    private async Task<HashSet<long>> FenceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<EpisodeCommit> episodes, Dictionary<long, List<TaskResult>>? fusedResults, CancellationToken ct)
    {
        var committed = new HashSet<long>();
        await using var fenceBatch = new NpgsqlBatch(connection, transaction);
        long[]? fusedTaskIds = fusedResults?.Values.SelectMany(r => r).Select(r => r.TaskRowId).ToArray();
        if (fusedTaskIds is not null)
        {
            // Fused path: whoever deletes the task rows delivers the results. Same round trip as the fence.
            var delete = new NpgsqlBatchCommand(this.DeleteFusedTasksSql);
            delete.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = fusedTaskIds });
            fenceBatch.BatchCommands.Add(delete);
        }

        fenceBatch.BatchCommands.Add(this.FenceCommand(episodes, fusedResults is null ? this.FenceSql : this.FusedFenceSql));
        await fenceBatch.PrepareAsync(ct).ConfigureAwait(false);
        await using NpgsqlDataReader reader = await fenceBatch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (fusedTaskIds is not null)
        {
            int deleted = 0;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                deleted++;
            }

            if (deleted != fusedTaskIds.Length)
            {
                throw new DuplicateResultException(fusedTaskIds.Length - deleted);
            }

            await reader.NextResultAsync(ct).ConfigureAwait(false);
        }

        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            committed.Add(reader.GetInt64(0));
        }

        return committed;
    }

    private NpgsqlBatchCommand FenceCommand(List<EpisodeCommit> episodes, string sql)
    {
        var fence = new NpgsqlBatchCommand(sql);
        fence.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.Instance.Key)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.Instance.ExecutionId)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.Instance.HistoryLength)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.NewHistoryLength)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => (short)e.Status)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.NewExecutionId)));
        fence.Parameters.Add(Texts(episodes.ConvertAll(e => e.Output)));
        fence.Parameters.Add(Texts(episodes.ConvertAll(e => e.CustomStatus)));
        fence.Parameters.Add(Bytes(episodes.ConvertAll(e => e.Failure?.ToByteArray())));
        fence.Parameters.Add(Texts(episodes.ConvertAll(e => e.NewInput)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.SetInput)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.KeepState)));
        fence.Parameters.Add(Array(episodes.ConvertAll(e => e.PreserveCustomStatus)));
        fence.Parameters.Add(TimeParameter(this.Now()));
        return fence;
    }

    /// <summary>Old executions lose their leftover tasks and timers, and (continue-as-new, rewind) their history.</summary>
    private void AddExecutionCleanup(NpgsqlBatch batch, List<EpisodeCommit> survivors)
    {
        List<EpisodeCommit> ended = survivors.FindAll(e => e.EndsExecution);
        if (ended.Count > 0)
        {
            foreach (string sql in this.EndExecutionsSql.Split(';'))
            {
                var end = new NpgsqlBatchCommand(sql);
                end.Parameters.Add(Array(ended.ConvertAll(e => e.Instance.Key)));
                end.Parameters.Add(Array(ended.ConvertAll(e => e.Instance.ExecutionId)));
                batch.BatchCommands.Add(end);
            }
        }

        List<EpisodeCommit> replaced = survivors.FindAll(e => e.ReplacesHistory);
        if (replaced.Count > 0)
        {
            var delete = new NpgsqlBatchCommand(this.DeleteHistorySql);
            delete.Parameters.Add(Array(replaced.ConvertAll(e => e.Instance.Key)));
            delete.Parameters.Add(Array(replaced.ConvertAll(e => e.Instance.ExecutionId)));
            batch.BatchCommands.Add(delete);
        }

        var adopted = survivors.SelectMany(e => e.AdoptedChildren.Select(c => (c, e.NewExecutionId))).ToList();
        if (adopted.Count > 0)
        {
            // The task id too: a child retried under one id reports to the last attempt's call, which the cut removed.
            var update = new NpgsqlBatchCommand(
                $"""
                UPDATE {this.s}.instances i SET parent_execution_id = u.e, parent_task_id = u.t
                FROM unnest($1::text[], $2::uuid[], $3::int[]) AS u(iid, e, t) WHERE i.instance_id = u.iid
                """);
            update.Parameters.Add(Texts(adopted.ConvertAll(c => (string?)c.c.InstanceId)));
            update.Parameters.Add(Array(adopted.ConvertAll(c => c.NewExecutionId)));
            update.Parameters.Add(Array(adopted.ConvertAll(c => c.c.TaskId)));
            batch.BatchCommands.Add(update);
        }
    }

    private void AddHistory(NpgsqlBatch batch, List<EpisodeCommit> survivors)
    {
        var history = survivors.SelectMany(e => e.History.Select((h, i) => (e, h, seq: e.FirstSeq + i))).ToList();
        if (history.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(this.InsertHistorySql);
            insert.Parameters.Add(Array(history.ConvertAll(r => r.e.Instance.Key)));
            insert.Parameters.Add(Array(history.ConvertAll(r => r.e.NewExecutionId)));
            insert.Parameters.Add(Array(history.ConvertAll(r => r.seq)));
            insert.Parameters.Add(Array(history.ConvertAll(r => ProtoEvents.Kind(r.h))));
            insert.Parameters.Add(NullableInts(history.ConvertAll(r => ProtoEvents.TaskId(r.h))));
            insert.Parameters.Add(Times(history.ConvertAll(r => (DateTime?)ProtoEvents.Time(r.h))));
            insert.Parameters.Add(Events(history.ConvertAll(r => r.h)));
            batch.BatchCommands.Add(insert);
        }

        long[] consumed = survivors.SelectMany(e => e.Consumed).ToArray();
        if (consumed.Length > 0)
        {
            var delete = new NpgsqlBatchCommand(this.DeleteInboxSql);
            delete.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = consumed });
            batch.BatchCommands.Add(delete);
        }

        long[] deferred = survivors.SelectMany(e => e.Deferred).ToArray();
        if (deferred.Length > 0)
        {
            // Messages that reached an instance before its delayed start wait for the start instead of being re-claimed
            // in a loop.
            var defer = new NpgsqlBatchCommand(
                $"""
                UPDATE {this.s}.inbox m SET visible_at = (SELECT max(d.visible_at) FROM {this.s}.inbox d WHERE d.instance_key = m.instance_key AND d.kind = 3)
                WHERE m.id = ANY($1)
                """);
            defer.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = deferred });
            batch.BatchCommands.Add(defer);
        }
    }

    private void AddMessages(NpgsqlBatch batch, List<EpisodeCommit> survivors)
    {
        var own = survivors.SelectMany(e => e.OwnMessages.Select(m => (key: e.Instance.Key, m.ExecutionId, m.Message, m.VisibleAt)))
            .Concat(survivors.Where(e => e.ParentMessage is not null && e.Instance.ParentKey is not null)
                .Select(e => (key: e.Instance.ParentKey!.Value, ExecutionId: e.Instance.ParentExecutionId, Message: e.ParentMessage!, VisibleAt: (DateTime?)null)))
            .ToList();
        if (own.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(this.InsertOwnMessagesSql);
            insert.Parameters.Add(Array(own.ConvertAll(m => m.key)));
            insert.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = own.ConvertAll(m => m.ExecutionId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(Array(own.ConvertAll(m => ProtoEvents.Kind(m.Message))));
            insert.Parameters.Add(NullableInts(own.ConvertAll(m => ProtoEvents.IsResult(m.Message) ? ProtoEvents.TaskId(m.Message) : null)));
            insert.Parameters.Add(Events(own.ConvertAll(m => m.Message)));
            insert.Parameters.Add(Times(own.ConvertAll(m => m.VisibleAt)));
            batch.BatchCommands.Add(insert);
        }

        var events = survivors.SelectMany(e => e.Events).ToList();
        if (events.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(this.InsertEventsSql);
            insert.Parameters.Add(Texts(events.ConvertAll(e => (string?)e.InstanceId)));
            insert.Parameters.Add(Array(events.ConvertAll(e => ProtoEvents.Kind(e.Message))));
            insert.Parameters.Add(Events(events.ConvertAll(e => e.Message)));
            insert.Parameters.Add(TimeParameter(this.Now()));
            batch.BatchCommands.Add(insert);
        }
    }

    /// <summary>A child id already exists: replace it when finished, otherwise fail the parent's call.</summary>
    private async Task StartConflictingChildAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EpisodeCommit parent, ChildRequest child, CancellationToken ct)
    {
        (long Key, OrchestrationRuntimeStatus Status)? existing = await this.LockInstanceAsync(connection, transaction, child.InstanceId, ct).ConfigureAwait(false);
        if (existing is { } row && IsTerminal(row.Status))
        {
            var start = new StartRequest(child.InstanceId, child.Name, child.Version, child.Input, null, null);
            await this.ResetInstanceAsync(
                connection, transaction, row.Key, start,
                (parent.Instance.Key, parent.Instance.InstanceId, parent.NewExecutionId, child.TaskId, child.Start.ExecutionStarted.ParentInstance), ct).ConfigureAwait(false);
            return;
        }

        await this.FailChildCallAsync(connection, transaction, parent, child, $"an orchestration instance with that id already exists and is {existing?.Status}", ct).ConfigureAwait(false);
    }

    private async Task FailChildCallAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EpisodeCommit parent, ChildRequest child, string why, CancellationToken ct)
    {
        P.TaskFailureDetails failure = ProtoEvents.Failure(
            typeof(DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException).FullName!,
            $"Cannot start sub-orchestration '{child.Name}' with id '{child.InstanceId}': {why}.");
        P.HistoryEvent message = ProtoEvents.SubOrchestrationFailed(parent.Instance.Now, child.TaskId, failure);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {this.s}.inbox (instance_key, execution_id, kind, task_id, event) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = parent.Instance.Key });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = parent.NewExecutionId });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = ProtoEvents.Kind(message) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = child.TaskId });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = message.ToByteArray() });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static bool IsTerminal(OrchestrationRuntimeStatus status)
        => status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    private static NpgsqlParameter<T[]> Array<T>(List<T> values) => new() { TypedValue = values.ToArray() };

    private static NpgsqlParameter<byte[]?[]> Bytes(List<byte[]?> values)
        => new() { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };

    private static NpgsqlParameter<byte[][]> Events(List<P.HistoryEvent> values)
        => new() { TypedValue = values.ConvertAll(e => e.ToByteArray()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };

    private static NpgsqlParameter<string?[]> Texts(List<string?> values)
        => new() { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<int?[]> NullableInts(List<int?> values)
        => new() { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };

    private static NpgsqlParameter<DateTime?[]> Times(List<DateTime?> values)
        => new()
        {
            TypedValue = values.ConvertAll(v => v is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : (DateTime?)null).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        };
}
