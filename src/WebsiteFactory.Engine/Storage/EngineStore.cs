using Google.Protobuf;
using Microsoft.DurableTask.Client;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;
using P = Microsoft.DurableTask.Protobuf;

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

    /// <summary>Gets how many inbox rows episode loads have read (each is capped per instance; tests check the cap).</summary>
    public long MessageRowsRead => Interlocked.Read(ref this.messageRowsRead);

    private long messageRowsRead;

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

        // At most $3 messages per instance, read through the (instance_key, id) index: a flooded inbox cannot make one
        // episode load (or hold in memory) more than its share.
        this.LoadMessagesSql = $"""
            SELECT m.id, m.instance_key, m.execution_id, m.event
            FROM unnest($1::bigint[]) AS k(key)
            CROSS JOIN LATERAL (
                SELECT id, instance_key, execution_id, event FROM {s}.inbox
                WHERE instance_key = k.key AND (visible_at IS NULL OR visible_at <= $2)
                ORDER BY id LIMIT $3
            ) m
            ORDER BY m.instance_key, m.id
            """;
        this.LoadHistorySql = $"""
            SELECT h.instance_key, h.event
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
            FROM unnest($2::bigint[], $3::uuid[], $4::int[], $5::int[], $6::smallint[], $7::uuid[], $8::text[], $9::text[], $10::bytea[], $11::text[], $12::bool[], $13::bool[], $14::bool[])
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
            INSERT INTO {s}.inbox (instance_key, execution_id, kind, task_id, event)
            SELECT u.k, u.e, u.kind, u.t, u.ev
            FROM unnest($1::bigint[], $2::uuid[], $3::smallint[], $4::int[], $5::bytea[]) AS u(k, e, kind, t, ev)
            JOIN {s}.instances i ON i.instance_key = u.k AND i.execution_id = u.e AND i.status IN (0, 7)
            ON CONFLICT (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL DO NOTHING
            """;
        this.InsertHistorySql = $"""
            INSERT INTO {s}.history (instance_key, execution_id, seq, kind, task_id, ts, event)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::smallint[], $5::int[], $6::timestamptz[], $7::bytea[])
            """;
        this.DeleteInboxSql = $"DELETE FROM {s}.inbox WHERE id = ANY($1)";
        this.InsertTasksSql = $"""
            INSERT INTO {s}.tasks (instance_key, instance_id, execution_id, task_id, name, version, input, available_at, lease_owner, attempt)
            SELECT u.k, u.iid, u.e, u.t, u.n, u.v, u.inp,
                   CASE WHEN u.pre THEN now() + $2 ELSE now() END, CASE WHEN u.pre THEN $1 END, CASE WHEN u.pre THEN 1 ELSE 0 END
            FROM unnest($3::bigint[], $4::text[], $5::uuid[], $6::int[], $7::text[], $8::text[], $9::text[], $10::bool[]) AS u(k, iid, e, t, n, v, inp, pre)
            ON CONFLICT (instance_key, execution_id, task_id) DO NOTHING
            RETURNING id, instance_key, task_id, lease_owner IS NOT NULL
            """;
        this.InsertOwnMessagesSql = $"""
            INSERT INTO {s}.inbox (instance_key, execution_id, kind, task_id, event, visible_at)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::smallint[], $4::int[], $5::bytea[], $6::timestamptz[])
            ON CONFLICT (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL DO NOTHING
            """;

        // Events and commands to other instances by id; unknown or finished targets drop them (as DTFx does), except a
        // rewind of a failed child. A message to an instance whose start is delayed becomes visible with the start.
        this.InsertEventsSql = $"""
            INSERT INTO {s}.inbox (instance_key, kind, event, visible_at)
            SELECT i.instance_key, u.kind, u.ev,
                   (SELECT max(visible_at) FROM {s}.inbox d WHERE d.instance_key = i.instance_key AND d.kind = 3 AND d.visible_at > now())
            FROM unnest($1::text[], $2::smallint[], $3::bytea[]) WITH ORDINALITY AS u(iid, kind, ev, ord)
            JOIN {s}.instances i ON i.instance_id = u.iid
            WHERE i.status IN (0, 6, 7) OR (u.kind = 30 AND i.status = 3)
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
                SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::uuid[], $9::int[], $10::bytea[])
                    AS u(iid, exec, name, version, input, pkey, pid, pexec, ptask, start)
            ),
            ins AS (
                INSERT INTO {s}.instances (instance_id, execution_id, name, version, status, input, parent_instance_key, parent_instance_id, parent_execution_id, parent_task_id)
                SELECT iid, exec, name, version, 6, input, pkey, pid, pexec, ptask FROM u
                ON CONFLICT (instance_id) DO NOTHING
                RETURNING instance_key, execution_id, instance_id
            ),
            msg AS (
                INSERT INTO {s}.inbox (instance_key, execution_id, kind, event)
                SELECT ins.instance_key, ins.execution_id, 3, u.start FROM ins JOIN u ON u.exec = ins.execution_id
            )
            SELECT instance_id FROM ins
            """;
        // A task this process is still running (its lease expired, say, under a stalled renewal) is never claimed again
        // by this process: the same call must not run twice side by side in one worker.
        this.ClaimTasksSql = $"""
            WITH c AS (
                SELECT id FROM {s}.tasks WHERE available_at <= now() AND id <> ALL($4) ORDER BY available_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
            )
            UPDATE {s}.tasks t SET available_at = now() + $2, lease_owner = $1, attempt = t.attempt + 1
            FROM c WHERE t.id = c.id
            RETURNING t.id, t.instance_key, t.instance_id, t.execution_id, t.task_id, t.name, t.version, t.input, t.attempt
            """;

        // Whoever deletes the task row (by its never-reused id) delivers the result; a duplicate finds no row. Results
        // for an execution that is no longer running (terminated, completed, continued as new) are dropped.
        this.CompleteTasksSql = $"""
            WITH r AS (SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::bytea[]) AS r(id, kind, ev)),
            d AS (DELETE FROM {s}.tasks t USING r WHERE t.id = r.id
                  RETURNING t.instance_key, t.execution_id, t.task_id, r.kind, r.ev),
            ins AS (
                INSERT INTO {s}.inbox (instance_key, execution_id, kind, task_id, event)
                SELECT d.instance_key, d.execution_id, d.kind, d.task_id, d.ev FROM d
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
                    DbNow = ProtoEvents.ToStored(reader.GetDateTime(12)),
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
        messages.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxMessages });
        batch.BatchCommands.Add(messages);
        if (needHistory.Count > 0)
        {
            batch.BatchCommands.Add(this.LoadHistoryCommand(needHistory));
        }

        await batch.PrepareAsync(ct).ConfigureAwait(false);
        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            Interlocked.Increment(ref this.messageRowsRead);
            ClaimedInstance instance = byKey[reader.GetInt64(1)];
            instance.Messages.Add(new InboxMessage(
                reader.GetInt64(0), reader.IsDBNull(2) ? null : reader.GetGuid(2), P.HistoryEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(3))));
        }

        if (needHistory.Count > 0 && await reader.NextResultAsync(ct).ConfigureAwait(false))
        {
            await ReadHistoryAsync(reader, byKey, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Loads the history of instances whose session was lost between the claim and the episode.</summary>
    public async Task LoadHistoryAsync(List<ClaimedInstance> instances, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(this.LoadHistoryCommand(instances));
        await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await ReadHistoryAsync(reader, instances.ToDictionary(c => c.Key), ct).ConfigureAwait(false);
    }

    private NpgsqlBatchCommand LoadHistoryCommand(List<ClaimedInstance> instances)
    {
        var history = new NpgsqlBatchCommand(this.LoadHistorySql);
        history.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = instances.ConvertAll(c => c.Key).ToArray() });
        history.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = instances.ConvertAll(c => c.ExecutionId).ToArray() });
        foreach (ClaimedInstance instance in instances)
        {
            instance.History = new List<P.HistoryEvent>(instance.HistoryLength);
        }

        return history;
    }

    private static async Task ReadHistoryAsync(NpgsqlDataReader reader, Dictionary<long, ClaimedInstance> byKey, CancellationToken ct)
    {
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            byKey[reader.GetInt64(0)].History!.Add(P.HistoryEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(1)));
        }
    }

    /// <summary>Loads the full history of one execution (rewind, the client's history view).</summary>
    public async Task<List<P.HistoryEvent>> LoadFullHistoryAsync(long key, Guid executionId, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT event FROM {this.s}.history WHERE instance_key = $1 AND execution_id = $2 ORDER BY seq", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = executionId });
        var list = new List<P.HistoryEvent>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(P.HistoryEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0)));
        }

        return list;
    }

    /// <summary>
    /// Releases leases without changes (after an engine error). Only <paramref name="failed"/> instances count an episode
    /// failure: an instance that merely shared a failed batch with them is released as it was.
    /// </summary>
    public async Task AbandonAsync(IEnumerable<long> keys, IEnumerable<long> failed, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {this.s}.instances SET lease_owner = NULL, lease_until = NULL,
                episode_failures = episode_failures + CASE WHEN instance_key = ANY($3) THEN 1 ELSE 0 END
            WHERE instance_key = ANY($1) AND lease_owner = $2
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = failed.ToArray() });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Extends the leases of instances whose episodes are still running; returns the keys still owned.</summary>
    public async Task<HashSet<long>> RenewInstancesAsync(long[] keys, CancellationToken ct)
    {
        var owned = new HashSet<long>();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"UPDATE {this.s}.instances SET lease_until = now() + $2 WHERE instance_key = ANY($3) AND lease_owner = $1 RETURNING instance_key", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            owned.Add(reader.GetInt64(0));
        }

        return owned;
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

    /// <summary>Claims up to <paramref name="max"/> due tasks, never one of <paramref name="running"/> (this process's own).</summary>
    public async Task<List<ClaimedTask>> ClaimTasksAsync(int max, long[] running, CancellationToken ct)
    {
        var list = new List<ClaimedTask>();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(this.ClaimTasksSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = running });
        await command.PrepareAsync(ct).ConfigureAwait(false);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new ClaimedTask(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetGuid(3), reader.GetInt32(4), reader.GetString(5),
                reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8)));
        }

        return list;
    }

    /// <summary>Completes a batch of activity results in one commit; returns (task rows deleted, results delivered).</summary>
    public async Task<(long Deleted, long Delivered)> CompleteTasksAsync(IReadOnlyList<TaskResult> results, bool notify, DateTime now, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        var events = results.Select(r => r.ToEvent(now)).ToList();
        var complete = new NpgsqlBatchCommand(this.CompleteTasksSql);
        complete.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = results.Select(r => r.TaskRowId).ToArray() });
        complete.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = events.Select(ProtoEvents.Kind).ToArray() });
        complete.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = events.Select(e => e.ToByteArray()).ToArray() });
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
