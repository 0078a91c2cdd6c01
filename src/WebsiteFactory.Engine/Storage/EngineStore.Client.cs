using DurableTask.Core.Exceptions;
using Google.Protobuf;
using Microsoft.DurableTask.Client;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Storage;

/// <summary>Client commands: create, send events and commands, restart.</summary>
internal sealed partial class EngineStore
{
    private static readonly OrchestrationRuntimeStatus[] DefaultDedupe =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>What a new execution starts from.</summary>
    internal sealed record StartRequest(
        string InstanceId, string Name, string Version, string? Input, DateTimeOffset? StartAt, IReadOnlyDictionary<string, string>? Tags)
    {
        public P.HistoryEvent ToEvent(Guid executionId, DateTime now, P.ParentInstanceInfo? parent = null) => ProtoEvents.ExecutionStarted(
            now, this.InstanceId, executionId, this.Name, this.Version, this.Input, parent, this.StartAt?.UtcDateTime, this.Tags);
    }

    /// <summary>
    /// Creates an instance, or replaces a finished one. An existing instance in <paramref name="dedupeStatuses"/> (default:
    /// Pending, Running, Suspended) makes it throw <see cref="OrchestrationAlreadyExistsException"/>, as the SDK's gRPC client does.
    /// </summary>
    public async Task CreateAsync(StartRequest start, IReadOnlyList<OrchestrationRuntimeStatus>? dedupeStatuses, bool notify, CancellationToken ct)
    {
        var executionId = Guid.NewGuid();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var insert = new NpgsqlCommand(
            $"""
            WITH ins AS (
                INSERT INTO {this.s}.instances (instance_id, execution_id, name, version, status, input, tags, created_at, updated_at)
                VALUES ($1, $2, $3, $4, 6, $5, $6, $9, $9)
                ON CONFLICT (instance_id) DO NOTHING
                RETURNING instance_key, execution_id
            )
            INSERT INTO {this.s}.inbox (instance_key, execution_id, kind, event, visible_at)
            SELECT instance_key, execution_id, 3, $7, $8 FROM ins
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = start.InstanceId });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = executionId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = start.Name });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = start.Version });
            insert.Parameters.Add(TextOrNull(start.Input));
            insert.Parameters.Add(TextOrNull(TagsJson.Serialize(start.Tags)));
            DateTime now = this.Now();
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = start.ToEvent(executionId, now).ToByteArray() });
            insert.Parameters.Add(TimeOrNull(start.StartAt));
            insert.Parameters.Add(TimeParameter(now));
            await insert.PrepareAsync(ct).ConfigureAwait(false);
            if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
            {
                await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return;
            }
        }

        (long Key, OrchestrationRuntimeStatus Status) existing = await this.LockInstanceAsync(connection, transaction, start.InstanceId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Instance '{start.InstanceId}' vanished while being created; retry.");
        if ((dedupeStatuses ?? DefaultDedupe).Contains(existing.Status))
        {
            throw new OrchestrationAlreadyExistsException(
                $"An orchestration instance with id '{start.InstanceId}' already exists and is {existing.Status}.");
        }

        await this.ResetInstanceAsync(connection, transaction, existing.Key, start, null, ct).ConfigureAwait(false);
        await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    internal async Task<(long Key, OrchestrationRuntimeStatus Status)?> LockInstanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string instanceId, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand($"SELECT instance_key, status FROM {this.s}.instances WHERE instance_id = $1 FOR UPDATE", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? (reader.GetInt64(0), (OrchestrationRuntimeStatus)reader.GetInt16(1)) : null;
    }

    /// <summary>Discards an instance's history and messages and starts a new execution in its row (restart, create over a finished id, a child id reused).</summary>
    internal async Task ResetInstanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long key, StartRequest start,
        (long Key, string Id, Guid Execution, int TaskId, P.ParentInstanceInfo Info)? parent, CancellationToken ct)
    {
        var executionId = Guid.NewGuid();
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
                UPDATE {this.s}.instances SET execution_id = $2, name = $3, version = $4, status = 6, input = $5,
                    output = NULL, custom_status = NULL, failure = NULL, completed_at = NULL, created_at = $13, updated_at = $13,
                    tags = coalesce($6, tags), history_len = 0, episode_failures = 0, lease_owner = NULL, lease_until = NULL,
                    parent_instance_key = $7, parent_instance_id = $8, parent_execution_id = $9, parent_task_id = $10
                WHERE instance_key = $1
                RETURNING instance_key, execution_id
            )
            INSERT INTO {this.s}.inbox (instance_key, execution_id, kind, event, visible_at)
            SELECT instance_key, execution_id, 3, $11, $12 FROM u
            """);
        reset.BatchCommands.Add(restart);
        NpgsqlParameterCollection p = restart.Parameters;
        p.Add(new NpgsqlParameter<long> { TypedValue = key });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = executionId });
        p.Add(new NpgsqlParameter<string> { TypedValue = start.Name });
        p.Add(new NpgsqlParameter<string> { TypedValue = start.Version });
        p.Add(TextOrNull(start.Input));
        p.Add(TextOrNull(TagsJson.Serialize(start.Tags)));
        p.Add(new NpgsqlParameter { Value = parent is { } p1 ? p1.Key : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        p.Add(TextOrNull(parent?.Id));
        p.Add(new NpgsqlParameter { Value = parent is { } p3 ? p3.Execution : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = parent is { } p4 ? p4.TaskId : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        DateTime now = this.Now();
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = start.ToEvent(executionId, now, parent?.Info).ToByteArray() });
        p.Add(TimeOrNull(start.StartAt));
        p.Add(TimeParameter(now));
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

    /// <summary>
    /// Queues an event or a management command after validating the instance's status. With <paramref name="discardWhenNotAllowed"/>
    /// a missing instance or one in another status is not an error: the message is dropped and <see langword="false"/> returned.
    /// </summary>
    public async Task<bool> SendAsync(
        string instanceId, P.HistoryEvent message, Func<OrchestrationRuntimeStatus, bool> allowed, string operation, string allowedText, bool discardWhenNotAllowed,
        bool notify, CancellationToken ct)
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
                return discardWhenNotAllowed ? false : throw new OrchestrationNotFoundException(instanceId, operation);
            }

            key = reader.GetInt64(0);
            status = (OrchestrationRuntimeStatus)reader.GetInt16(1);
        }

        if (!allowed(status))
        {
            return discardWhenNotAllowed ? false : throw new InvalidOrchestrationStateException(instanceId, status, operation, allowedText);
        }

        // A message to an instance whose start is delayed waits for the start, so it is never handled before it.
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {this.s}.inbox (instance_key, kind, event, visible_at)
            VALUES ($1, $2, $3, (SELECT max(visible_at) FROM {this.s}.inbox WHERE instance_key = $1 AND kind = 3 AND visible_at > $4))
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        insert.Parameters.Add(new NpgsqlParameter<short> { TypedValue = ProtoEvents.Kind(message) });
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = message.ToByteArray() });
        insert.Parameters.Add(TimeParameter(this.Now()));
        await insert.PrepareAsync(ct).ConfigureAwait(false);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
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
        StartRequest start;
        await using (NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                throw new OrchestrationNotFoundException(instanceId, "restart");
            }

            key = reader.GetInt64(0);
            status = (OrchestrationRuntimeStatus)reader.GetInt16(1);
            start = new StartRequest(
                instanceId, reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), null,
                TagsJson.Deserialize(reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        if (newInstanceId)
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            string id = Guid.NewGuid().ToString("N");
            await this.CreateAsync(start with { InstanceId = id }, null, notify, ct).ConfigureAwait(false);
            return id;
        }

        if (!IsTerminal(status))
        {
            throw new InvalidOrchestrationStateException(instanceId, status, "restart", "Completed, Failed or Terminated");
        }

        await this.ResetInstanceAsync(connection, transaction, key, start, null, ct).ConfigureAwait(false);
        await this.NotifyAsync(connection, transaction, notify, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return instanceId;
    }

    private static NpgsqlParameter TextOrNull(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter TimeOrNull(DateTimeOffset? value)
        => new() { Value = value is { } v ? v.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
