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
    private readonly TimeProvider time;

    public EngineStore(NpgsqlDataSource dataSource, EngineOptions options, TimeProvider? time = null)
    {
        SqlText.ValidateSchema(options.Schema);
        this.dataSource = dataSource;
        this.time = time ?? TimeProvider.System;
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

    /// <summary>Gets the engine's clock: every time the engine writes or compares comes from it, never from the database.</summary>
    public TimeProvider Time => this.time;

    /// <summary>Gets the clock's current time in the microseconds PostgreSQL stores, so a time read back equals the one written.</summary>
    public DateTime Now() => ProtoEvents.ToStored(this.time.GetUtcNow().UtcDateTime);

    private static NpgsqlParameter<DateTime> TimeParameter(DateTime utc) => new() { TypedValue = utc, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    // ---- Orchestrations ------------------------------------------------------------------------------------------

    public async Task<List<ClaimedInstance>> ClaimInstancesAsync(int max, CancellationToken ct)
    {
        var claimed = new List<ClaimedInstance>();
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        DateTime now = this.Now();
        await using (var claim = new NpgsqlCommand(this.ClaimInstancesSql, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Max(64, max * 8) });
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
            claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
            claim.Parameters.Add(TimeParameter(now));
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
                    Now = now,
                    ParentName = reader.IsDBNull(12) ? null : reader.GetString(12),
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
        messages.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = claimed.Max(c => c.Now), NpgsqlDbType = NpgsqlDbType.TimestampTz });
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
            $"UPDATE {this.s}.instances SET lease_until = $4 + $2 WHERE instance_key = ANY($3) AND lease_owner = $1 RETURNING instance_key", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = this.workerId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = this.lease, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = keys });
        command.Parameters.Add(TimeParameter(this.Now()));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            owned.Add(reader.GetInt64(0));
        }

        return owned;
    }

    /// <summary>Gets how long, on the engine's clock, until the earliest future inbox visibility time (the next timer), if any.</summary>
    public async Task<TimeSpan?> TimeToNextTimerAsync(CancellationToken ct)
    {
        await using NpgsqlConnection connection = await this.dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT min(visible_at) FROM {this.s}.inbox WHERE visible_at > $1", connection);
        DateTime now = this.Now();
        command.Parameters.Add(TimeParameter(now));
        await command.PrepareAsync(ct).ConfigureAwait(false);
        object? value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DateTime next ? next.ToUniversalTime() - now : null;
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
        command.Parameters.Add(TimeParameter(this.Now()));
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
        command.Parameters.Add(TimeParameter(this.Now()));
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
