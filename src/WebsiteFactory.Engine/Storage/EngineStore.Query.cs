using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Engine.Execution;
using P = Microsoft.DurableTask.Protobuf;

namespace WebsiteFactory.Engine.Storage;

/// <summary>Reads and purges for the client.</summary>
internal sealed partial class EngineStore
{
    private const string MetadataColumns =
        "instance_key, instance_id, name, version, status, created_at, updated_at, completed_at, failure, tags, parent_instance_id, input, output, custom_status";

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
    /// <param name="createdFrom">Created at or after (inclusive), when set.</param>
    /// <param name="createdTo">Created at or before (inclusive), when set.</param>
    /// <param name="statuses">Statuses to purge (only finished ones count); default all finished.</param>
    /// <param name="completedBefore">Finished before (retention), when set.</param>
    /// <param name="ct">Cancels the operation between batches.</param>
    /// <returns>How many instances were purged.</returns>
    public async Task<int> PurgeAllAsync(
        DateTimeOffset? createdFrom, DateTimeOffset? createdTo, IEnumerable<OrchestrationRuntimeStatus>? statuses, DateTimeOffset? completedBefore, CancellationToken ct)
    {
        short[] terminal = (statuses ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated])
            .Where(IsTerminal).Select(st => (short)st).Distinct().ToArray();
        if (terminal.Length == 0)
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
            select.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = terminal });
            select.Parameters.Add(TimeOrNull(createdFrom));
            select.Parameters.Add(TimeOrNull(createdTo));
            select.Parameters.Add(TimeOrNull(completedBefore));
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

    /// <summary>Queries instances, newest first, with keyset paging; returns the page and the next continuation token.</summary>
    public async Task<(List<OrchestrationMetadata> Items, string? Next)> QueryAsync(OrchestrationQuery query, DataConverter converter, CancellationToken ct)
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
              AND ($5::timestamptz IS NULL OR (created_at, instance_key) < ($5, $6))
            ORDER BY created_at DESC, instance_key DESC
            LIMIT $7
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)statuses ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(TimeOrNull(query.CreatedFrom));
        command.Parameters.Add(TimeOrNull(query.CreatedTo));
        command.Parameters.Add(TextOrNull(query.InstanceIdPrefix));
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

        return (items, more ? string.Create(CultureInfo.InvariantCulture, $"{last.Item1.Ticks}.{last.Item2}") : null);
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
        RuntimeStatus = (OrchestrationRuntimeStatus)reader.GetInt16(4),
        CreatedAt = new DateTimeOffset(reader.GetDateTime(5)),
        LastUpdatedAt = new DateTimeOffset(reader.GetDateTime(6)),
        FailureDetails = reader.IsDBNull(8) ? null : ProtoEvents.ToSdk(P.TaskFailureDetails.Parser.ParseFrom(reader.GetFieldValue<byte[]>(8))),
        Tags = TagsJson.Deserialize(reader.IsDBNull(9) ? null : reader.GetString(9)),
        SerializedInput = withData && !reader.IsDBNull(11) ? reader.GetString(11) : null,
        SerializedOutput = withData && !reader.IsDBNull(12) ? reader.GetString(12) : null,
        SerializedCustomStatus = withData && !reader.IsDBNull(13) ? reader.GetString(13) : null,
        DataConverter = converter,
    };

    /// <summary>Reads the current execution's history of an instance, or <see langword="null"/> when the instance does not exist.</summary>
    public async Task<List<P.HistoryEvent>?> GetHistoryAsync(string instanceId, CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT h.event
            FROM {this.s}.instances i LEFT JOIN {this.s}.history h ON h.instance_key = i.instance_key AND h.execution_id = i.execution_id
            WHERE i.instance_id = $1 ORDER BY h.seq
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<P.HistoryEvent>();
        bool found = false;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            found = true;
            if (!reader.IsDBNull(0))
            {
                list.Add(P.HistoryEvent.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0)));
            }
        }

        return found ? list : null;
    }
}
