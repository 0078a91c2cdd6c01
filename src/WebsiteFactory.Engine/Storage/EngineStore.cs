using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Storage;

/// <summary>
/// The engine's SQL for dispatching: batched claims with <c>FOR UPDATE SKIP LOCKED</c>, one transaction per episode
/// batch behind a fence, batched activity claims and completions. Statements are fixed text over arrays
/// (<c>unnest</c>), so they are prepared once per connection.
/// </summary>
internal sealed partial class EngineStore
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string s;
    private readonly string workerId;
    private readonly TimeSpan lease;

    public EngineStore(NpgsqlDataSource dataSource, EngineOptions options)
    {
        SqlText.ValidateSchema(options.Schema);
        this.dataSource = dataSource;
        this.s = options.Schema;
        this.workerId = options.WorkerId;
        this.lease = options.LeaseDuration;
        this.NotifyChannel = options.Schema + "_work";
        this.BuildSql();
    }

    public string NotifyChannel { get; }

    public NpgsqlDataSource DataSource => this.dataSource;

    private string ClaimInstancesSql { get; set; } = string.Empty;

    private string LoadMessagesSql { get; set; } = string.Empty;

    private string LoadHistorySql { get; set; } = string.Empty;

    private string FenceSql { get; set; } = string.Empty;

    private string InsertHistorySql { get; set; } = string.Empty;

    private string FusedFenceSql { get; set; } = string.Empty;

    private string RedeliverSql { get; set; } = string.Empty;

    private string DeleteFusedTasksSql { get; set; } = string.Empty;

    private string DeleteInboxSql { get; set; } = string.Empty;

    private string InsertTasksSql { get; set; } = string.Empty;

    private string InsertOwnMessagesSql { get; set; } = string.Empty;

    private string InsertEventsSql { get; set; } = string.Empty;

    private string EndExecutionsSql { get; set; } = string.Empty;

    private string DeleteHistorySql { get; set; } = string.Empty;

    private string CreateChildrenSql { get; set; } = string.Empty;

    private string ClaimTasksSql { get; set; } = string.Empty;

    private string CompleteTasksSql { get; set; } = string.Empty;

    private string RenewTasksSql { get; set; } = string.Empty;

    private void BuildSql()
    {
        string s = this.s;

        // Leased instances are filtered before the LIMIT, so one busy fan-in target's queued results cannot hide the
        // rest of the inbox; the SKIP LOCKED re-check on the newest row version makes exactly one dispatcher win.
        this.ClaimInstancesSql = $"""
            WITH cand AS (
                SELECT DISTINCT instance_key FROM (
                    (SELECT e.instance_key FROM {s}.inbox e JOIN {s}.instances i ON i.instance_key = e.instance_key
                      WHERE e.visible_at IS NULL AND (i.lease_until IS NULL OR i.lease_until < now())
                      ORDER BY e.id LIMIT $2)
                    UNION ALL
                    (SELECT e.instance_key FROM {s}.inbox e JOIN {s}.instances i ON i.instance_key = e.instance_key
                      WHERE e.visible_at <= now() AND (i.lease_until IS NULL OR i.lease_until < now())
                      ORDER BY e.visible_at LIMIT $2)
                ) x
            ),
            got AS (
                SELECT i.instance_key FROM {s}.instances i JOIN cand c ON c.instance_key = i.instance_key
                WHERE i.lease_until IS NULL OR i.lease_until < now()
                LIMIT $3
                FOR UPDATE OF i SKIP LOCKED
            )
            UPDATE {s}.instances i SET lease_owner = $1, lease_until = now() + $4
            FROM got WHERE i.instance_key = got.instance_key
            RETURNING i.instance_key, i.instance_id, i.execution_id, i.name, i.version, i.status, i.history_len, i.episode_failures,
                      i.parent_instance_key, i.parent_instance_id, i.parent_execution_id, i.parent_task_id, now(),
                      (SELECT p.name FROM {s}.instances p WHERE p.instance_key = i.parent_instance_key)
            """;
        this.LoadMessagesSql = $"""
            SELECT id, instance_key, execution_id, kind, task_id, name, payload, failure, extra, fire_at
            FROM {s}.inbox WHERE instance_key = ANY($1) AND (visible_at IS NULL OR visible_at <= $2)
            ORDER BY instance_key, id
            """;

        // Replay never needs the inputs of scheduled work, so they are not loaded (as in the MSSQL provider).
        this.LoadHistorySql = $"""
            SELECT h.instance_key, h.kind, h.task_id, h.name, h.ts, h.fire_at,
                   CASE WHEN h.kind IN (4, 7, 14) THEN NULL ELSE h.payload END, h.failure, h.extra
            FROM {s}.history h JOIN unnest($1::bigint[], $2::uuid[]) AS k(key, exec) ON h.instance_key = k.key AND h.execution_id = k.exec
            ORDER BY h.instance_key, h.seq
            """;
        this.FenceSql = $"""
            UPDATE {s}.instances i SET
                history_len = v.new_len, execution_id = v.new_exec,
                status = CASE WHEN v.keep THEN i.status ELSE v.status END,
                output = CASE WHEN v.keep THEN i.output ELSE v.output END,
                failure = CASE WHEN v.keep THEN i.failure ELSE v.failure END,
                custom_status = CASE WHEN v.keep OR v.keep_cs THEN i.custom_status ELSE v.custom_status END,
                input = CASE WHEN v.set_input THEN v.input ELSE i.input END,
                completed_at = CASE WHEN v.keep THEN i.completed_at WHEN v.status IN (1, 3, 5) THEN now() ELSE NULL END,
                updated_at = CASE WHEN v.keep THEN i.updated_at ELSE now() END,
                lease_owner = NULL, lease_until = NULL, episode_failures = 0
            FROM unnest($2::bigint[], $3::uuid[], $4::int[], $5::int[], $6::smallint[], $7::uuid[], $8::bytea[], $9::bytea[], $10::text[], $11::bytea[], $12::bool[], $13::bool[], $14::bool[])
                AS v(key, old_exec, old_len, new_len, status, new_exec, output, custom_status, failure, input, set_input, keep, keep_cs)
            WHERE i.instance_key = v.key AND i.lease_owner = $1 AND i.execution_id = v.old_exec AND i.history_len = v.old_len
            RETURNING i.instance_key
            """;
        // The fused path holds no lease: the instance must be unleased (or leased by this worker, whose episode then
        // loses on history_len). Either way the row lock and the history_len check admit exactly one writer.
        this.FusedFenceSql = this.FenceSql.Replace(
            "AND i.lease_owner = $1 AND", "AND (i.lease_owner = $1 OR i.lease_until IS NULL OR i.lease_until < now()) AND", StringComparison.Ordinal);
        this.DeleteFusedTasksSql = $"DELETE FROM {s}.tasks WHERE id = ANY($1) RETURNING id";
        this.RedeliverSql = $"""
            INSERT INTO {s}.inbox (instance_key, execution_id, kind, task_id, name, payload, failure)
            SELECT u.k, u.e, u.kind, u.t, u.n, u.p, u.f
            FROM unnest($1::bigint[], $2::uuid[], $3::smallint[], $4::int[], $5::text[], $6::bytea[], $7::text[]) AS u(k, e, kind, t, n, p, f)
            JOIN {s}.instances i ON i.instance_key = u.k AND i.execution_id = u.e AND i.status IN (0, 7)
            ON CONFLICT (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL DO NOTHING
            """;
        this.InsertHistorySql = $"""
            INSERT INTO {s}.history (instance_key, execution_id, seq, kind, task_id, name, ts, fire_at, payload, failure, extra)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::smallint[], $5::int[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::bytea[], $10::text[], $11::text[])
            """;
        this.DeleteInboxSql = $"DELETE FROM {s}.inbox WHERE id = ANY($1)";
        this.InsertTasksSql = $"""
            INSERT INTO {s}.tasks (instance_key, instance_id, execution_id, task_id, name, input, available_at, lease_owner, attempt)
            SELECT u.k, u.iid, u.e, u.t, u.n, u.inp,
                   CASE WHEN u.pre THEN now() + $2 ELSE now() END, CASE WHEN u.pre THEN $1 END, CASE WHEN u.pre THEN 1 ELSE 0 END
            FROM unnest($3::bigint[], $4::text[], $5::uuid[], $6::int[], $7::text[], $8::bytea[], $9::bool[]) AS u(k, iid, e, t, n, inp, pre)
            ON CONFLICT (instance_key, execution_id, task_id) DO NOTHING
            RETURNING id, instance_key, task_id, lease_owner IS NOT NULL
            """;
        this.InsertOwnMessagesSql = $"""
            INSERT INTO {s}.inbox (instance_key, execution_id, kind, task_id, name, payload, failure, extra, fire_at, visible_at)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::smallint[], $4::int[], $5::text[], $6::bytea[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
            ON CONFLICT (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL DO NOTHING
            """;

        // Events and commands to other instances by id; unknown or finished targets drop them (as DTFx does).
        this.InsertEventsSql = $"""
            INSERT INTO {s}.inbox (instance_key, kind, name, payload, extra)
            SELECT i.instance_key, u.kind, u.name, u.payload, u.extra
            FROM unnest($1::text[], $2::smallint[], $3::text[], $4::bytea[], $5::text[]) WITH ORDINALITY AS u(iid, kind, name, payload, extra, ord)
            JOIN {s}.instances i ON i.instance_id = u.iid
            WHERE i.status IN (0, 6, 7) OR (u.kind = 21 AND i.status = 3)
            ORDER BY u.ord
            """;
        this.EndExecutionsSql = $"""
            DELETE FROM {s}.tasks t USING unnest($1::bigint[], $2::uuid[]) AS x(k, e) WHERE t.instance_key = x.k AND t.execution_id = x.e;
            DELETE FROM {s}.inbox m USING unnest($1::bigint[], $2::uuid[]) AS x(k, e) WHERE m.instance_key = x.k AND m.execution_id = x.e
            """;
        this.DeleteHistorySql = $"""
            DELETE FROM {s}.history h USING unnest($1::bigint[], $2::uuid[]) AS x(k, e) WHERE h.instance_key = x.k AND h.execution_id = x.e
            """;
        this.CreateChildrenSql = $"""
            WITH u AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::bigint[], $6::text[], $7::uuid[], $8::int[])
                    AS u(iid, name, version, input, pkey, pid, pexec, ptask)
            ),
            ins AS (
                INSERT INTO {s}.instances (instance_id, execution_id, name, version, status, input, parent_instance_key, parent_instance_id, parent_execution_id, parent_task_id)
                SELECT iid, gen_random_uuid(), name, version, 6, input, pkey, pid, pexec, ptask FROM u
                ON CONFLICT (instance_id) DO NOTHING
                RETURNING instance_key, execution_id, input, instance_id
            ),
            msg AS (
                INSERT INTO {s}.inbox (instance_key, execution_id, kind, payload)
                SELECT instance_key, execution_id, 0, input FROM ins
            )
            SELECT instance_id FROM ins
            """;
        this.ClaimTasksSql = $"""
            WITH c AS (
                SELECT id FROM {s}.tasks WHERE available_at <= now() ORDER BY available_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
            )
            UPDATE {s}.tasks t SET available_at = now() + $2, lease_owner = $1, attempt = t.attempt + 1
            FROM c WHERE t.id = c.id
            RETURNING t.id, t.instance_key, t.instance_id, t.execution_id, t.task_id, t.name, t.input, t.attempt
            """;

        // Whoever deletes the task row (by its never-reused id) delivers the result; a duplicate finds no row. Results
        // for an execution that is no longer running (terminated, completed, continued as new) are dropped.
        this.CompleteTasksSql = $"""
            WITH r AS (SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::bytea[], $4::text[]) AS r(id, kind, payload, failure)),
            d AS (DELETE FROM {s}.tasks t USING r WHERE t.id = r.id
                  RETURNING t.instance_key, t.execution_id, t.task_id, t.name, r.kind, r.payload, r.failure),
            ins AS (
                INSERT INTO {s}.inbox (instance_key, execution_id, kind, task_id, name, payload, failure)
                SELECT d.instance_key, d.execution_id, d.kind, d.task_id, d.name, d.payload, d.failure FROM d
                JOIN {s}.instances i ON i.instance_key = d.instance_key AND i.execution_id = d.execution_id AND i.status IN (0, 7)
                ON CONFLICT (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM ins)
            """;
        this.RenewTasksSql = $"""
            UPDATE {s}.tasks SET available_at = now() + $2 WHERE id = ANY($3) AND lease_owner = $1 RETURNING id
            """;
    }

    // ---- Orchestrations ------------------------------------------------------------------------------------------

    public async Task<List<ClaimedInstance>> ClaimInstancesAsync(int max, CancellationToken ct)
    {
        var claimed = new List<ClaimedInstance>();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (var claim = new NpgsqlCommand(this.ClaimInstancesSql, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(64, max * 8) });
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
            claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
            await claim.PrepareAsync(ct).ConfigureAwait(false);
            await using NpgsqlDataReader reader = await claim.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                claimed.Add(new ClaimedInstance
                {
                    Key = reader.GetInt64(0),
                    InstanceId = reader.GetString(1),
                    ExecutionId = reader.GetGuid(2),
                    Name = reader.GetString(3),
                    Version = reader.GetString(4),
                    Status = (OrchestrationRuntimeStatus)reader.GetInt16(5),
                    HistoryLength = reader.GetInt32(6),
                    EpisodeFailures = reader.GetInt32(7),
                    ParentKey = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                    ParentInstanceId = reader.IsDBNull(9) ? null : reader.GetString(9),
                    ParentExecutionId = reader.IsDBNull(10) ? null : reader.GetGuid(10),
                    ParentTaskId = reader.IsDBNull(11) ? null : reader.GetInt32(11),
                    DbNow = reader.GetDateTime(12),
                    ParentName = reader.IsDBNull(13) ? null : reader.GetString(13),
                });
            }
        }

        return claimed;
    }

    /// <summary>Loads visible messages for all claimed instances and history for those in <paramref name="needHistory"/>.</summary>
    public async Task LoadAsync(List<ClaimedInstance> claimed, List<ClaimedInstance> needHistory, int maxMessages, CancellationToken ct)
    {
        var byKey = claimed.ToDictionary(c => c.Key);
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var messages = new NpgsqlBatchCommand(this.LoadMessagesSql);
        messages.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = claimed.ConvertAll(c => c.Key).ToArray() });
        messages.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = claimed.Max(c => c.DbNow), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(messages);
        if (needHistory.Count > 0)
        {
            var history = new NpgsqlBatchCommand(this.LoadHistorySql);
            history.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = needHistory.ConvertAll(c => c.Key).ToArray() });
            history.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = needHistory.ConvertAll(c => c.ExecutionId).ToArray() });
            batch.BatchCommands.Add(history);
            foreach (ClaimedInstance instance in needHistory)
            {
                instance.History = new List<HistoryRecord>(instance.HistoryLength);
            }
        }

        await batch.PrepareAsync(ct).ConfigureAwait(false);
        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            ClaimedInstance instance = byKey[reader.GetInt64(1)];
            if (instance.Messages.Count >= maxMessages)
            {
                continue;
            }

            var record = new HistoryRecord((HistoryEventType)reader.GetInt16(3), instance.DbNow)
            {
                TaskId = reader.IsDBNull(4) ? -1 : reader.GetInt32(4),
                Name = reader.IsDBNull(5) ? null : reader.GetString(5),
                Payload = reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6),
                Failure = reader.IsDBNull(7) ? null : reader.GetString(7),
                Extra = reader.IsDBNull(8) ? null : reader.GetString(8),
                FireAt = reader.IsDBNull(9) ? null : reader.GetDateTime(9),
            };
            instance.Messages.Add(new InboxMessage(reader.GetInt64(0), reader.IsDBNull(2) ? null : reader.GetGuid(2), record));
        }

        if (needHistory.Count > 0 && await reader.NextResultAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                byKey[reader.GetInt64(0)].History!.Add(ReadHistory(reader, 1));
            }
        }
    }

    private static HistoryRecord ReadHistory(NpgsqlDataReader reader, int offset) => new((HistoryEventType)reader.GetInt16(offset), reader.GetDateTime(offset + 3))
    {
        TaskId = reader.IsDBNull(offset + 1) ? -1 : reader.GetInt32(offset + 1),
        Name = reader.IsDBNull(offset + 2) ? null : reader.GetString(offset + 2),
        FireAt = reader.IsDBNull(offset + 4) ? null : reader.GetDateTime(offset + 4),
        Payload = reader.IsDBNull(offset + 5) ? null : reader.GetFieldValue<byte[]>(offset + 5),
        Failure = reader.IsDBNull(offset + 6) ? null : reader.GetString(offset + 6),
        Extra = reader.IsDBNull(offset + 7) ? null : reader.GetString(offset + 7),
    };

    /// <summary>Loads the full history (with all payloads) of one execution, for rewind.</summary>
    public async Task<List<HistoryRecord>> LoadFullHistoryAsync(long key, Guid executionId, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT kind, task_id, name, ts, fire_at, payload, failure, extra FROM {this.s}.history WHERE instance_key = $1 AND execution_id = $2 ORDER BY seq",
            connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = executionId });
        var list = new List<HistoryRecord>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadHistory(reader, 0));
        }

        return list;
    }

    /// <summary>Releases leases without changes (after an engine error), counting the failure.</summary>
    public async Task AbandonAsync(IEnumerable<long> keys, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"UPDATE {this.s}.instances SET lease_owner = NULL, lease_until = NULL, episode_failures = episode_failures + 1 WHERE instance_key = ANY($1) AND lease_owner = $2",
            connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Gets the earliest future inbox visibility time (the next timer), if any.</summary>
    public async Task<TimeSpan?> TimeToNextTimerAsync(CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT min(visible_at) - now() FROM {this.s}.inbox WHERE visible_at > now()", connection);
        object? value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is TimeSpan span ? span : null;
    }

    // ---- Activities ----------------------------------------------------------------------------------------------

    public async Task<List<ClaimedTask>> ClaimTasksAsync(int max, CancellationToken ct)
    {
        var list = new List<ClaimedTask>();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(this.ClaimTasksSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        await command.PrepareAsync(ct).ConfigureAwait(false);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new ClaimedTask(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetGuid(3), reader.GetInt32(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6), reader.GetInt32(7)));
        }

        return list;
    }

    /// <summary>Completes a batch of activity results in one commit; returns (task rows deleted, results delivered).</summary>
    public async Task<(long Deleted, long Delivered)> CompleteTasksAsync(IReadOnlyList<TaskResult> results, bool notify, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var complete = new NpgsqlBatchCommand(this.CompleteTasksSql);
        complete.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = results.Select(r => r.TaskRowId).ToArray() });
        complete.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = results.Select(r => (short)r.Kind).ToArray() });
        complete.Parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = results.Select(r => r.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        complete.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = results.Select(r => r.Failure).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        batch.BatchCommands.Add(complete);
        if (notify)
        {
            batch.BatchCommands.Add(this.NotifyCommand("o"));
        }

        await batch.PrepareAsync(ct).ConfigureAwait(false);
        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Extends the leases of running tasks; returns the ids still owned.</summary>
    public async Task<HashSet<long>> RenewTasksAsync(long[] ids, CancellationToken ct)
    {
        var owned = new HashSet<long>();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(this.RenewTasksSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            owned.Add(reader.GetInt64(0));
        }

        return owned;
    }

    internal NpgsqlBatchCommand NotifyCommand(string payload)
    {
        var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.NotifyChannel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
        return command;
    }
}
