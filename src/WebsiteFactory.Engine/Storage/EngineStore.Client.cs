using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Storage;

/// <summary>Client and management operations.</summary>
internal sealed partial class EngineStore
{
    private const string MetadataColumns =
        "instance_key, instance_id, name, version, status, created_at, updated_at, completed_at, failure, tags, parent_instance_id, input, output, custom_status";

    private static readonly OrchestrationRuntimeStatus[] DefaultDedupe =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Creates an instance, or replaces/deduplicates an existing one by policy. Returns whether a new execution was started.</summary>
    public async Task<bool> CreateAsync(
        string instanceId, string name, string version, byte[]? input, DateTimeOffset? startAt, string? tags,
        IReadOnlyList<OrchestrationRuntimeStatus>? dedupeStatuses, ExistingInstancePolicy policy, bool notify, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand(
            $"""
            WITH ins AS (
                INSERT INTO {this.s}.instances (instance_id, execution_id, name, version, status, input, tags)
                VALUES ($1, gen_random_uuid(), $2, $3, 6, $4, $5)
                ON CONFLICT (instance_id) DO NOTHING
                RETURNING instance_key, execution_id
            )
            INSERT INTO {this.s}.inbox (instance_key, execution_id, kind, payload, visible_at)
            SELECT instance_key, execution_id, 0, $4, $6 FROM ins
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = version });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)input ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)tags ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = startAt is { } at ? at.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await insert.PrepareAsync(ct).ConfigureAwait(false);
            if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
            {
                await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return true;
            }
        }

        (long Key, OrchestrationRuntimeStatus Status) existing = await this.LockInstanceAsync(connection, transaction, instanceId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Instance '{instanceId}' vanished while being created; retry.");
        if ((dedupeStatuses ?? DefaultDedupe).Contains(existing.Status))
        {
            if (policy == ExistingInstancePolicy.ReturnExisting)
            {
                return false;
            }

            throw new OrchestrationAlreadyExistsException(instanceId, existing.Status);
        }

        await this.ResetInstanceAsync(connection, transaction, existing.Key, name, version, input, startAt, tags, null, null, ct).ConfigureAwait(false);
        await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    internal async Task<(long Key, OrchestrationRuntimeStatus Status)?> LockInstanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string instanceId, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand($"SELECT instance_key, status FROM {this.s}.instances WHERE instance_id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? (reader.GetInt64(0), (OrchestrationRuntimeStatus)reader.GetInt16(1)) : null;
    }

    /// <summary>Discards an instance's history and messages and starts a new execution in its row (restart, create over a finished id).</summary>
    internal async Task ResetInstanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long key, string name, string version, byte[]? input, DateTimeOffset? startAt, string? tags,
        (long Key, string Id, Guid Execution, int TaskId)? parent, string? reason, CancellationToken ct)
    {
        await using var reset = new NpgsqlBatch(connection, transaction);
        foreach (string table in new[] { "history", "inbox", "tasks" })
        {
            var delete = new NpgsqlBatchCommand($"DELETE FROM {this.s}.{table} WHERE instance_key = $1");
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            reset.BatchCommands.Add(delete);
        }

        var restart = new NpgsqlBatchCommand(
            $"""
            WITH u AS (
                UPDATE {this.s}.instances SET execution_id = gen_random_uuid(), name = $2, version = $3, status = 6, input = $4,
                    output = NULL, custom_status = NULL, failure = NULL, completed_at = NULL, created_at = now(), updated_at = now(),
                    tags = coalesce($6, tags), history_len = 0, episode_failures = 0, lease_owner = NULL, lease_until = NULL,
                    parent_instance_key = $7, parent_instance_id = $8, parent_execution_id = $9, parent_task_id = $10
                WHERE instance_key = $1
                RETURNING instance_key, execution_id
            )
            INSERT INTO {this.s}.inbox (instance_key, execution_id, kind, payload, visible_at, extra)
            SELECT instance_key, execution_id, 0, $4, $5, $11 FROM u
            """);
        reset.BatchCommands.Add(restart);
        NpgsqlParameterCollection p = restart.Parameters;
        p.Add(new NpgsqlParameter<long> { TypedValue = key });
        p.Add(new NpgsqlParameter<string> { TypedValue = name });
        p.Add(new NpgsqlParameter<string> { TypedValue = version });
        p.Add(new NpgsqlParameter { Value = (object?)input ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        p.Add(new NpgsqlParameter { Value = startAt is { } at ? at.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)tags ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = parent is { } p1 ? p1.Key : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(new NpgsqlParameter { Value = parent is { } p2 ? p2.Id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = parent is { } p3 ? p3.Execution : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = parent is { } p4 ? p4.TaskId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await reset.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool notify, CancellationToken ct)
    {
        if (!notify)
        {
            return;
        }

        await using var command = new NpgsqlCommand("SELECT pg_notify($1, 'o')", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.NotifyChannel });
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Queues a management command or event after validating the instance's status.</summary>
    public async Task SendAsync(
        string instanceId, HistoryEventType kind, string? name, byte[]? payload, string? reason,
        Func<OrchestrationRuntimeStatus, bool> allowed, string operation, string allowedText, bool notify, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        // FOR SHARE: the status cannot change under us, yet concurrent events to one instance do not queue behind each other.
        await using var select = new NpgsqlCommand($"SELECT instance_key, status FROM {this.s}.instances WHERE instance_id = $1 FOR SHARE", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        long key;
        OrchestrationRuntimeStatus status;
        await using (NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new OrchestrationNotFoundException(instanceId, operation);
            }

            key = reader.GetInt64(0);
            status = (OrchestrationRuntimeStatus)reader.GetInt16(1);
        }

        if (!allowed(status))
        {
            throw new InvalidOrchestrationStateException(instanceId, status, operation, allowedText);
        }

        // A message to an instance whose start is delayed waits for the start, so it is never handled before it.
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {this.s}.inbox (instance_key, kind, name, payload, extra, visible_at)
            VALUES ($1, $2, $3, $4, $5, (SELECT max(visible_at) FROM {this.s}.inbox WHERE instance_key = $1 AND kind = 0 AND visible_at > now()))
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        insert.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)kind });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)payload ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await insert.PrepareAsync(ct).ConfigureAwait(false);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Gets the ids of an instance's sub-orchestrations that have not finished.</summary>
    public async Task<List<string>> GetRunningChildrenAsync(string instanceId, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT c.instance_id FROM {this.s}.instances c JOIN {this.s}.instances p ON c.parent_instance_key = p.instance_key
            WHERE p.instance_id = $1 AND c.status IN (0, 6, 7)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        var list = new List<string>();
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    /// <summary>Restarts a finished instance (same id) or starts a copy (new id). Returns the id started.</summary>
    public async Task<string> RestartAsync(string instanceId, bool newInstanceId, bool notify, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT instance_key, status, name, version, input, tags FROM {this.s}.instances WHERE instance_id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        long key;
        OrchestrationRuntimeStatus status;
        string name, version;
        byte[]? input;
        string? tags;
        await using (NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new OrchestrationNotFoundException(instanceId, "restart");
            }

            key = reader.GetInt64(0);
            status = (OrchestrationRuntimeStatus)reader.GetInt16(1);
            name = reader.GetString(2);
            version = reader.GetString(3);
            input = reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4);
            tags = reader.IsDBNull(5) ? null : reader.GetString(5);
        }

        if (newInstanceId)
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            string id = Guid.NewGuid().ToString("N");
            await this.CreateAsync(id, name, version, input, null, tags, null, ExistingInstancePolicy.Reject, notify, ct).ConfigureAwait(false);
            return id;
        }

        if (!IsTerminal(status))
        {
            throw new InvalidOrchestrationStateException(instanceId, status, "restart", "Completed, Failed or Terminated");
        }

        await this.ResetInstanceAsync(connection, transaction, key, name, version, input, null, null, null, "Restarted", ct).ConfigureAwait(false);
        await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>Purges one finished instance (and optionally its finished descendants).</summary>
    public async Task<int> PurgeAsync(string instanceId, bool recursive, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        if (await this.LockInstanceAsync(connection, transaction, instanceId, ct).ConfigureAwait(false) is not { } row)
        {
            return 0;
        }

        if (!IsTerminal(row.Status))
        {
            throw new InvalidOrchestrationStateException(instanceId, row.Status, "purge", "Completed, Failed or Terminated");
        }

        var keys = new List<long> { row.Key };
        if (recursive)
        {
            await using var descendants = new NpgsqlCommand(
                $"""
                WITH RECURSIVE d AS (
                    SELECT instance_key FROM {this.s}.instances WHERE parent_instance_key = $1
                    UNION ALL
                    SELECT c.instance_key FROM {this.s}.instances c JOIN d ON c.parent_instance_key = d.instance_key
                )
                SELECT i.instance_key FROM d JOIN {this.s}.instances i USING (instance_key) WHERE i.status IN (1, 3, 5)
                """, connection, transaction);
            descendants.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Key });
            await using NpgsqlDataReader reader = await descendants.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                keys.Add(reader.GetInt64(0));
            }
        }

        int count = await this.DeleteInstancesAsync(connection, transaction, keys.ToArray(), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return count;
    }

    /// <summary>Purges finished instances matching a filter, in batches of 500 per transaction.</summary>
    public async Task<int> PurgeAllAsync(PurgeInstancesFilter filter, CancellationToken ct)
    {
        short[] statuses = (filter.Statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Where(IsTerminal).Select(st => (short)st).Distinct().ToArray();
        if (statuses.Length == 0)
        {
            return 0;
        }

        int total = 0;
        while (true)
        {
            await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using var select = new NpgsqlCommand(
                $"""
                SELECT instance_key FROM {this.s}.instances
                WHERE status = ANY($1) AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at <= $3)
                  AND ($4::timestamptz IS NULL OR completed_at < $4)
                LIMIT 500 FOR UPDATE SKIP LOCKED
                """, connection, transaction);
            select.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = statuses });
            select.Parameters.Add(TimeOrNull(filter.CreatedFrom));
            select.Parameters.Add(TimeOrNull(filter.CreatedTo));
            select.Parameters.Add(TimeOrNull(filter.CompletedBefore));
            var keys = new List<long>();
            await using (NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    keys.Add(reader.GetInt64(0));
                }
            }

            if (keys.Count == 0)
            {
                return total;
            }

            total += await this.DeleteInstancesAsync(connection, transaction, keys.ToArray(), ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    private static NpgsqlParameter TimeOrNull(DateTimeOffset? value)
        => new() { Value = value is { } v ? v.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private async Task<int> DeleteInstancesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] keys, CancellationToken ct)
    {
        await using var delete = new NpgsqlBatch(connection, transaction);
        foreach (string table in new[] { "history", "inbox", "tasks", "instances" })
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {this.s}.{table} WHERE instance_key = ANY($1)");
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys });
            delete.BatchCommands.Add(command);
        }

        await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return keys.Length;
    }

    /// <summary>Reads one instance's metadata.</summary>
    public async Task<OrchestrationMetadata?> GetAsync(string instanceId, bool withData, DataConverter converter, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {MetadataColumns} FROM {this.s}.instances WHERE instance_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        await command.PrepareAsync(ct).ConfigureAwait(false);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadMetadata(reader, withData, converter) : null;
    }

    /// <summary>Queries instances, newest first, with keyset paging.</summary>
    public async Task<Page<OrchestrationMetadata>> QueryAsync(OrchestrationQuery query, DataConverter converter, CancellationToken ct)
    {
        int size = Math.Clamp(query.PageSize, 1, 1000);
        (DateTime Created, long Key)? after = ParseToken(query.ContinuationToken);
        short[]? statuses = query.Statuses?.Select(st => (short)st).ToArray();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {MetadataColumns} FROM {this.s}.instances
            WHERE ($1::smallint[] IS NULL OR status = ANY($1))
              AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at <= $3)
              AND ($4::text IS NULL OR starts_with(instance_id, $4))
              AND ($5::text IS NULL OR lower(name) = lower($5))
              AND ($6::timestamptz IS NULL OR (created_at, instance_key) < ($6, $7))
            ORDER BY created_at DESC, instance_key DESC
            LIMIT $8
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)statuses ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(TimeOrNull(query.CreatedFrom));
        command.Parameters.Add(TimeOrNull(query.CreatedTo));
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.InstanceIdPrefix ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)query.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = after is { } a1 ? a1.Created : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = after is { } a2 ? a2.Key : 0L, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size + 1 });
        var items = new List<OrchestrationMetadata>();
        (DateTime, long) last = default;
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        bool more = false;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (items.Count == size)
            {
                more = true;
                break;
            }

            items.Add(ReadMetadata(reader, query.FetchInputsAndOutputs, converter));
            last = (reader.GetDateTime(5), reader.GetInt64(0));
        }

        string? token = more ? string.Create(CultureInfo.InvariantCulture, $"{last.Item1.Ticks}.{last.Item2}") : null;
        return new Page<OrchestrationMetadata>(items, token);
    }

    private static (DateTime, long)? ParseToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string[] parts = token.Split('.');
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out long ticks) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long key)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw new ArgumentException("The continuation token is not valid.", nameof(token));
        }

        return (new DateTime(ticks, DateTimeKind.Utc), key);
    }

    private static OrchestrationMetadata ReadMetadata(NpgsqlDataReader reader, bool withData, DataConverter converter) => new(reader.GetString(2), reader.GetString(1))
    {
        Version = reader.GetString(3),
        RuntimeStatus = (OrchestrationRuntimeStatus)reader.GetInt16(4),
        CreatedAt = new DateTimeOffset(reader.GetDateTime(5)),
        LastUpdatedAt = new DateTimeOffset(reader.GetDateTime(6)),
        CompletedAt = reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetDateTime(7)),
        FailureDetails = reader.IsDBNull(8) ? null : FailureJson.Deserialize(reader.GetString(8)),
        Tags = FailureJson.DeserializeTags(reader.IsDBNull(9) ? null : reader.GetString(9)),
        ParentInstanceId = reader.IsDBNull(10) ? null : reader.GetString(10),
        SerializedInput = withData ? Text(reader, 11) : null,
        SerializedOutput = withData ? Text(reader, 12) : null,
        SerializedCustomStatus = withData ? Text(reader, 13) : null,
        DataConverter = withData ? converter : null,
    };

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(ordinal));

    /// <summary>Reads an instance's current history.</summary>
    public async Task<IReadOnlyList<HistoryEvent>?> GetHistoryAsync(string instanceId, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT i.instance_key, h.seq, h.kind, h.task_id, h.name, h.ts, h.fire_at, h.payload, h.failure, h.extra, h.execution_id, i.version, i.parent_instance_id
            FROM {this.s}.instances i LEFT JOIN {this.s}.history h ON h.instance_key = i.instance_key AND h.execution_id = i.execution_id
            WHERE i.instance_id = $1 ORDER BY h.seq
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<HistoryEvent>();
        bool found = false;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            found = true;
            if (reader.IsDBNull(1))
            {
                continue;
            }

            var kind = (HistoryEventType)reader.GetInt16(2);
            string? payload = Text(reader, 7);
            string? extra = reader.IsDBNull(9) ? null : reader.GetString(9);
            bool isResult = kind is HistoryEventType.TaskCompleted or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.ExecutionCompleted;
            list.Add(new HistoryEvent
            {
                Sequence = reader.GetInt32(1),
                EventType = kind,
                Timestamp = new DateTimeOffset(reader.GetDateTime(5)),
                ExecutionId = reader.GetGuid(10).ToString("N"),
                TaskId = reader.IsDBNull(3) ? null : reader.GetInt32(3),
                Name = reader.IsDBNull(4) ? null : reader.GetString(4),
                FireAt = reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetDateTime(6)),
                Input = isResult ? null : payload,
                Result = isResult ? payload : null,
                FailureDetails = reader.IsDBNull(8) ? null : FailureJson.Deserialize(reader.GetString(8)),
                InstanceId = kind switch
                {
                    HistoryEventType.SubOrchestrationInstanceCreated => extra?.Split('\n')[0],
                    HistoryEventType.EventSent => extra,
                    HistoryEventType.ExecutionStarted => reader.IsDBNull(12) ? null : reader.GetString(12),
                    _ => null,
                },
                Version = kind == HistoryEventType.ExecutionStarted ? reader.GetString(11) : null,
                Reason = kind is HistoryEventType.ExecutionTerminated or HistoryEventType.ExecutionSuspended or HistoryEventType.ExecutionResumed
                    or HistoryEventType.ExecutionRewound or HistoryEventType.ExecutionStarted ? extra : null,
                OrchestrationStatus = kind == HistoryEventType.ExecutionCompleted && Enum.TryParse(extra, out OrchestrationRuntimeStatus st) ? st
                    : kind == HistoryEventType.ExecutionTerminated ? OrchestrationRuntimeStatus.Terminated : null,
            });
        }

        return found ? list : null;
    }
}
