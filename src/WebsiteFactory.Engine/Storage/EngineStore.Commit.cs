using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Workflows;

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
        var committed = new HashSet<long>();
        await using (var fenceBatch = new NpgsqlBatch(connection, transaction))
        {
            long[]? fusedTaskIds = fusedResults?.Values.SelectMany(r => r).Select(r => r.TaskRowId).ToArray();
            if (fusedTaskIds is not null)
            {
                // Fused path: whoever deletes the task rows delivers the results. Same round trip as the fence.
                var delete = new NpgsqlBatchCommand(this.DeleteFusedTasksSql);
                delete.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = fusedTaskIds });
                fenceBatch.BatchCommands.Add(delete);
            }

            var fence = new NpgsqlBatchCommand(fusedResults is null ? this.FenceSql : this.FusedFenceSql);
            fence.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.Instance.Key)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.Instance.ExecutionId)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.Instance.HistoryLength)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.FirstSeq + e.History.Count)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => (short)e.Status)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.NewExecutionId)));
            fence.Parameters.Add(Bytes(episodes.ConvertAll(e => e.Output)));
            fence.Parameters.Add(Bytes(episodes.ConvertAll(e => e.CustomStatus)));
            fence.Parameters.Add(Texts(episodes.ConvertAll(e => e.Failure)));
            fence.Parameters.Add(Bytes(episodes.ConvertAll(e => e.NewInput)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.SetInput)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.KeepState)));
            fence.Parameters.Add(Array(episodes.ConvertAll(e => e.PreserveCustomStatus)));
            fenceBatch.BatchCommands.Add(fence);
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
        }

        List<EpisodeCommit> survivors = episodes.FindAll(e => committed.Contains(e.Instance.Key));
        var preClaimed = new List<ClaimedTask>();
        List<TaskResult> redeliver = fusedResults is null ? [] : fusedResults.Where(f => !committed.Contains(f.Key)).SelectMany(f => f.Value).ToList();
        if (survivors.Count == 0 && redeliver.Count == 0)
        {
            return (committed, preClaimed);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (redeliver.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(this.RedeliverSql);
            insert.Parameters.Add(Array(redeliver.ConvertAll(r => r.Task!.InstanceKey)));
            insert.Parameters.Add(Array(redeliver.ConvertAll(r => r.Task!.ExecutionId)));
            insert.Parameters.Add(Array(redeliver.ConvertAll(r => (short)r.Kind)));
            insert.Parameters.Add(Array(redeliver.ConvertAll(r => r.Task!.TaskId)));
            insert.Parameters.Add(Texts(redeliver.ConvertAll(r => (string?)r.Task!.Name)));
            insert.Parameters.Add(Bytes(redeliver.ConvertAll(r => r.Payload)));
            insert.Parameters.Add(Texts(redeliver.ConvertAll(r => r.Failure)));
            batch.BatchCommands.Add(insert);
        }

        // Activities first: their RETURNING rows are the first result set.
        var taskRows = survivors.SelectMany(e => e.Activities.Select((a, i) => (e, a, pre: i < e.PreClaimed))).ToList();
        if (taskRows.Count > 0)
        {
            var tasks = new NpgsqlBatchCommand(this.InsertTasksSql);
            tasks.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
            tasks.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.e.Instance.Key)));
            tasks.Parameters.Add(Texts(taskRows.ConvertAll(t => (string?)t.e.Instance.InstanceId)));
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.e.NewExecutionId)));
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.a.TaskId)));
            tasks.Parameters.Add(Texts(taskRows.ConvertAll(t => (string?)t.a.Name)));
            tasks.Parameters.Add(Bytes(taskRows.ConvertAll(t => t.a.Input)));
            tasks.Parameters.Add(Array(taskRows.ConvertAll(t => t.pre)));
            batch.BatchCommands.Add(tasks);
        }

        var children = survivors.SelectMany(e => e.Children.Select(c => (e, c))).ToList();
        if (children.Count > 0)
        {
            var create = new NpgsqlBatchCommand(this.CreateChildrenSql);
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)c.c.InstanceId)));
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)c.c.Name)));
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)(c.c.Version ?? string.Empty))));
            create.Parameters.Add(Bytes(children.ConvertAll(c => c.c.Input)));
            create.Parameters.Add(Array(children.ConvertAll(c => c.e.Instance.Key)));
            create.Parameters.Add(Texts(children.ConvertAll(c => (string?)c.e.Instance.InstanceId)));
            create.Parameters.Add(Array(children.ConvertAll(c => c.e.NewExecutionId)));
            create.Parameters.Add(Array(children.ConvertAll(c => c.c.TaskId)));
            batch.BatchCommands.Add(create);
        }

        // Old executions: delete their leftover tasks and timers, and (continue-as-new, rewind) their history.
        List<EpisodeCommit> ended = survivors.FindAll(e => e.EndsExecution);
        if (ended.Count > 0)
        {
            var end = new NpgsqlBatchCommand(this.EndExecutionsSql.Split(';')[0]);
            end.Parameters.Add(Array(ended.ConvertAll(e => e.Instance.Key)));
            end.Parameters.Add(Array(ended.ConvertAll(e => e.Instance.ExecutionId)));
            batch.BatchCommands.Add(end);
            var endInbox = new NpgsqlBatchCommand(this.EndExecutionsSql.Split(';')[1]);
            endInbox.Parameters.Add(Array(ended.ConvertAll(e => e.Instance.Key)));
            endInbox.Parameters.Add(Array(ended.ConvertAll(e => e.Instance.ExecutionId)));
            batch.BatchCommands.Add(endInbox);
        }

        List<EpisodeCommit> replaced = survivors.FindAll(e => e.ReplacesHistory);
        if (replaced.Count > 0)
        {
            var delete = new NpgsqlBatchCommand(this.DeleteHistorySql);
            delete.Parameters.Add(Array(replaced.ConvertAll(e => e.Instance.Key)));
            delete.Parameters.Add(Array(replaced.ConvertAll(e => e.Instance.ExecutionId)));
            batch.BatchCommands.Add(delete);
        }

        var history = survivors.SelectMany(e => e.History.Select((h, i) => (e, h, seq: e.FirstSeq + i))).ToList();
        if (history.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(this.InsertHistorySql);
            insert.Parameters.Add(Array(history.ConvertAll(r => r.e.Instance.Key)));
            insert.Parameters.Add(Array(history.ConvertAll(r => r.e.NewExecutionId)));
            insert.Parameters.Add(Array(history.ConvertAll(r => r.seq)));
            insert.Parameters.Add(Array(history.ConvertAll(r => (short)r.h.Kind)));
            insert.Parameters.Add(NullableInts(history.ConvertAll(r => r.h.TaskId)));
            insert.Parameters.Add(Texts(history.ConvertAll(r => r.h.Name)));
            insert.Parameters.Add(Times(history.ConvertAll(r => (DateTime?)r.h.Timestamp)));
            insert.Parameters.Add(Times(history.ConvertAll(r => r.h.FireAt)));
            insert.Parameters.Add(Bytes(history.ConvertAll(r => r.h.Payload)));
            insert.Parameters.Add(Texts(history.ConvertAll(r => r.h.Failure)));
            insert.Parameters.Add(Texts(history.ConvertAll(r => r.h.Extra)));
            batch.BatchCommands.Add(insert);
        }

        long[] consumed = survivors.SelectMany(e => e.Consumed).ToArray();
        if (consumed.Length > 0)
        {
            var delete = new NpgsqlBatchCommand(this.DeleteInboxSql);
            delete.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = consumed });
            batch.BatchCommands.Add(delete);
        }

        var own = survivors.SelectMany(e => e.OwnMessages.Select(m => (key: e.Instance.Key, ExecutionId: m.ExecutionId, m.Message, m.VisibleAt)))
            .Concat(survivors.Where(e => e.ParentMessage is not null && e.Instance.ParentKey is not null)
                .Select(e => (key: e.Instance.ParentKey!.Value, ExecutionId: e.Instance.ParentExecutionId, Message: e.ParentMessage!, VisibleAt: (DateTime?)null)))
            .ToList();
        if (own.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(this.InsertOwnMessagesSql);
            insert.Parameters.Add(Array(own.ConvertAll(m => m.key)));
            insert.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = own.ConvertAll(m => m.ExecutionId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            insert.Parameters.Add(Array(own.ConvertAll(m => (short)m.Message.Kind)));
            insert.Parameters.Add(NullableInts(own.ConvertAll(m => m.Message.TaskId)));
            insert.Parameters.Add(Texts(own.ConvertAll(m => m.Message.Name)));
            insert.Parameters.Add(Bytes(own.ConvertAll(m => m.Message.Payload)));
            insert.Parameters.Add(Texts(own.ConvertAll(m => m.Message.Failure)));
            insert.Parameters.Add(Texts(own.ConvertAll(m => m.Message.Extra)));
            insert.Parameters.Add(Times(own.ConvertAll(m => m.Message.FireAt)));
            insert.Parameters.Add(Times(own.ConvertAll(m => m.VisibleAt)));
            batch.BatchCommands.Add(insert);
        }

        var events = survivors.SelectMany(e => e.Events.Select(ev => (ev.InstanceId, kind: (short)HistoryEventType.EventRaised, ev.Name, ev.Payload, extra: (string?)null)))
            .Concat(survivors.SelectMany(e => e.RewindChildren.Select(c => (InstanceId: c, kind: (short)HistoryEventType.ExecutionRewound, Name: (string)"rewind", Payload: (byte[]?)null, extra: (string?)$"Parent '{e.Instance.InstanceId}' rewound"))))
            .ToList();
        if (events.Count > 0)
        {
            var insert = new NpgsqlBatchCommand(this.InsertEventsSql);
            insert.Parameters.Add(Texts(events.ConvertAll(e => (string?)e.InstanceId)));
            insert.Parameters.Add(Array(events.ConvertAll(e => e.kind)));
            insert.Parameters.Add(Texts(events.ConvertAll(e => (string?)e.Name)));
            insert.Parameters.Add(Bytes(events.ConvertAll(e => e.Payload)));
            insert.Parameters.Add(Texts(events.ConvertAll(e => e.extra)));
            batch.BatchCommands.Add(insert);
        }

        var rewoundChildren = survivors.SelectMany(e => e.RewindChildren.Select(c => (c, e.NewExecutionId))).ToList();
        if (rewoundChildren.Count > 0)
        {
            var update = new NpgsqlBatchCommand(
                $"UPDATE {this.s}.instances i SET parent_execution_id = u.e FROM unnest($1::text[], $2::uuid[]) AS u(iid, e) WHERE i.instance_id = u.iid");
            update.Parameters.Add(Texts(rewoundChildren.ConvertAll(c => (string?)c.c)));
            update.Parameters.Add(Array(rewoundChildren.ConvertAll(c => c.NewExecutionId)));
            batch.BatchCommands.Add(update);
        }

        if (notifyPayload is not null)
        {
            batch.BatchCommands.Add(this.NotifyCommand(notifyPayload));
        }

        var createdChildren = new HashSet<string>(StringComparer.Ordinal);
        if (batch.BatchCommands.Count == 0)
        {
            return (committed, preClaimed);
        }

        await batch.PrepareAsync(ct).ConfigureAwait(false);
        await using (NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            Dictionary<(long, int), EpisodeCommit>? owners = null;
            do
            {
                if (reader.FieldCount == 4 && reader.GetName(0) == "id")
                {
                    owners ??= taskRows.ToDictionary(t => (t.e.Instance.Key, t.a.TaskId), t => t.e);
                    var byTask = taskRows.ToDictionary(t => (t.e.Instance.Key, t.a.TaskId), t => t.a);
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        if (!reader.GetBoolean(3))
                        {
                            continue;
                        }

                        (long, int) id = (reader.GetInt64(1), reader.GetInt32(2));
                        EpisodeCommit owner = owners[id];
                        ActivityRequest request = byTask[id];
                        preClaimed.Add(new ClaimedTask(reader.GetInt64(0), id.Item1, owner.Instance.InstanceId, owner.NewExecutionId, request.TaskId, request.Name, request.Input, 1));
                    }
                }
                else if (reader.FieldCount == 1 && reader.GetName(0) == "instance_id")
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        createdChildren.Add(reader.GetString(0));
                    }
                }
            }
            while (await reader.NextResultAsync(ct).ConfigureAwait(false));
        }

        foreach ((EpisodeCommit parent, ChildRequest child) in children)
        {
            if (!createdChildren.Contains(child.InstanceId))
            {
                await this.StartConflictingChildAsync(connection, transaction, parent, child, ct).ConfigureAwait(false);
            }
        }

        return (committed, preClaimed);
    }

    /// <summary>A child id already exists: replace it when finished, otherwise fail the parent's call.</summary>
    private async Task StartConflictingChildAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EpisodeCommit parent, ChildRequest child, CancellationToken ct)
    {
        (long Key, OrchestrationRuntimeStatus Status)? existing = await this.LockInstanceAsync(connection, transaction, child.InstanceId, ct).ConfigureAwait(false);
        if (existing is { } row && IsTerminal(row.Status))
        {
            await this.ResetInstanceAsync(
                connection, transaction, row.Key, child.Name, child.Version ?? string.Empty, child.Input, null, null,
                (parent.Instance.Key, parent.Instance.InstanceId, parent.NewExecutionId, child.TaskId), null, ct).ConfigureAwait(false);
            return;
        }

        var failure = new TaskFailureDetails(
            typeof(OrchestrationAlreadyExistsException).FullName!,
            $"Cannot start sub-orchestration '{child.Name}': an orchestration instance with id '{child.InstanceId}' already exists and is {existing?.Status}.");
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {this.s}.inbox (instance_key, execution_id, kind, task_id, name, failure) VALUES ($1, $2, 9, $3, $4, $5)
            ON CONFLICT (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = parent.Instance.Key });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = parent.NewExecutionId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = child.TaskId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = child.Name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = FailureJson.Serialize(failure)! });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static bool IsTerminal(OrchestrationRuntimeStatus status)
        => status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    private static NpgsqlParameter<T[]> Array<T>(List<T> values) => new NpgsqlParameter<T[]> { TypedValue = values.ToArray() };

    private static NpgsqlParameter<byte[]?[]> Bytes(List<byte[]?> values)
        => new NpgsqlParameter<byte[]?[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };

    private static NpgsqlParameter<string?[]> Texts(List<string?> values)
        => new NpgsqlParameter<string?[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter<int?[]> NullableInts(List<int> values)
        => new NpgsqlParameter<int?[]> { TypedValue = values.ConvertAll(v => v < 0 ? (int?)null : v).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer };

    private static NpgsqlParameter<DateTime?[]> Times(List<DateTime?> values)
        => new NpgsqlParameter<DateTime?[]>
        {
            TypedValue = values.ConvertAll(v => v is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : (DateTime?)null).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        };
}
