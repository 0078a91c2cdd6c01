using Microsoft.Extensions.Logging;
using Npgsql;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Ties this worker's leases to its life: it holds a PostgreSQL session advisory lock on its key for as long as the
/// process lives and is registered in the <c>workers</c> table. Every worker looks at the others every
/// <see cref="EngineOptions.DeadWorkerScanInterval"/>: a registered worker whose lock can be taken has died (PostgreSQL
/// frees a session lock as soon as the client's connection closes, and a killed process's connections close with it),
/// so its instance and task leases are released at once and its work resumes in seconds instead of after a full lease.
/// </summary>
/// <remarks>
/// A worker that only lost its lock connection (a database restart) looks dead too: its leases are released and its
/// in-flight work may run twice, which the fenced commits and the result delete already make harmless. The lease
/// timeout stays the fallback when PostgreSQL cannot tell (a host that vanished without closing its connections).
/// </remarks>
/// <param name="dataSource">The database.</param>
/// <param name="schema">The engine's schema.</param>
/// <param name="workerId">This worker's lease owner name.</param>
/// <param name="signals">Wakes the dispatchers when leases were released.</param>
/// <param name="time">The engine's clock: the scan interval runs on it and released tasks become available at its time.</param>
/// <param name="health">This loop's health.</param>
/// <param name="logger">The logger.</param>
internal sealed class WorkerPresence(
    NpgsqlDataSource dataSource, string schema, string workerId, Signals signals, TimeProvider time, LoopHealth health, ILogger logger) : IAsyncDisposable
{
    private NpgsqlConnection? lockConnection;
    private int skewReported;

    /// <summary>Gets how many dead workers' leases this worker released.</summary>
    public int Reaped => Volatile.Read(ref this.reaped);

    private int reaped;

    /// <summary>Takes this worker's lock and registers it (repeated when the lock connection was lost).</summary>
    public async Task EnsureRegisteredAsync(CancellationToken ct)
    {
        if (this.lockConnection is { State: System.Data.ConnectionState.Open })
        {
            return;
        }

        if (this.lockConnection is not null)
        {
            await this.lockConnection.DisposeAsync().ConfigureAwait(false);
            this.lockConnection = null;
        }

        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            // One statement: Npgsql does not send several statements with positional parameters in one command. The lock
            // is tried, not waited for: a live process holding this worker id is a configuration error, not a queue.
            await using var register = new NpgsqlCommand(
                $"""
                WITH k AS (SELECT hashtextextended($1 || ':' || $2, 0) AS key),
                l AS (SELECT pg_try_advisory_lock(k.key) AS got, k.key FROM k)
                INSERT INTO {schema}.workers (worker_id, lock_key, started_at)
                SELECT $2, l.key, $3 FROM l WHERE l.got
                ON CONFLICT (worker_id) DO UPDATE SET started_at = excluded.started_at, lock_key = excluded.lock_key
                RETURNING now()
                """, connection);
            register.Parameters.AddWithValue(schema);
            register.Parameters.AddWithValue(workerId);
            DateTimeOffset before = time.GetUtcNow();
            register.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = before.UtcDateTime, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            if (await register.ExecuteScalarAsync(ct).ConfigureAwait(false) is not DateTime databaseNow)
            {
                throw new InvalidOperationException(
                    $"Another live process already runs engine worker '{workerId}' on schema '{schema}': give each process its own Engine:WorkerId.");
            }

            this.CheckSkew(databaseNow, before, time.GetUtcNow());
            this.lockConnection = connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// On the system clock, warns once per process when this machine's clock and the database's differ by more than
    /// <see cref="ClockSkew.Tolerance"/>. A test or benchmark clock (fake, accelerated) differs on purpose: not checked.
    /// </summary>
    private void CheckSkew(DateTime databaseNow, DateTimeOffset before, DateTimeOffset after)
    {
        TimeSpan skew = ClockSkew.Measure(new DateTimeOffset(databaseNow.ToUniversalTime()), before, after);
        if (ReferenceEquals(time, TimeProvider.System) && ClockSkew.IsTooLarge(skew) && Interlocked.Exchange(ref this.skewReported, 1) == 0)
        {
            Log.ClockSkew(logger, skew.TotalSeconds, ClockSkew.Tolerance.TotalSeconds);
        }
    }

    /// <summary>Registers, then releases the leases of dead workers every <paramref name="interval"/> until stopped.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stopping)
    {
        TimeSpan backoff = TimeSpan.FromMilliseconds(200);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await this.EnsureRegisteredAsync(stopping).ConfigureAwait(false);
                int released = await this.ReapDeadWorkersAsync(stopping).ConfigureAwait(false);
                if (released > 0)
                {
                    signals.Orchestrations.Set();
                    signals.Activities.Set();
                }

                health.Polled();
                backoff = TimeSpan.FromMilliseconds(200);
                await LoopDelay.Delay(interval, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.LoopFailed(logger, e, "worker presence");
                health.Failed(e);
                await LoopDelay.Delay(backoff, stopping).ConfigureAwait(false);
                backoff = LoopDelay.NextBackoff(backoff);
            }
        }
    }

    /// <summary>Releases the leases of every registered worker whose lock is free; returns how many were dead.</summary>
    public async Task<int> ReapDeadWorkersAsync(CancellationToken ct)
    {
        NpgsqlConnection connection = this.lockConnection ?? throw new InvalidOperationException("Not registered.");
        var others = new List<(string Id, long Key)>();
        await using (var list = new NpgsqlCommand($"SELECT worker_id, lock_key FROM {schema}.workers WHERE worker_id <> $1", connection))
        {
            list.Parameters.AddWithValue(workerId);
            await using NpgsqlDataReader reader = await list.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                others.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        int dead = 0;
        foreach ((string id, long key) in others)
        {
            // Holding the dead worker's lock while releasing keeps a second reaper from doing it at the same time.
            await using var reap = new NpgsqlCommand(
                $"""
                WITH got AS (SELECT pg_try_advisory_lock($2) AS dead),
                i AS (UPDATE {schema}.instances SET lease_owner = NULL, lease_until = NULL
                      WHERE lease_owner = $1 AND (SELECT dead FROM got) RETURNING 1),
                t AS (UPDATE {schema}.tasks SET lease_owner = NULL, available_at = $3
                      WHERE lease_owner = $1 AND (SELECT dead FROM got) RETURNING 1),
                w AS (DELETE FROM {schema}.workers WHERE worker_id = $1 AND (SELECT dead FROM got) RETURNING 1)
                SELECT (SELECT dead FROM got), (SELECT count(*) FROM i), (SELECT count(*) FROM t)
                """, connection);
            reap.Parameters.AddWithValue(id);
            reap.Parameters.AddWithValue(key);
            reap.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = time.GetUtcNow().UtcDateTime, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            bool wasDead;
            long instances, tasks;
            await using (NpgsqlDataReader reader = await reap.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                await reader.ReadAsync(ct).ConfigureAwait(false);
                (wasDead, instances, tasks) = (reader.GetBoolean(0), reader.GetInt64(1), reader.GetInt64(2));
            }

            if (!wasDead)
            {
                continue;
            }

            await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection))
            {
                unlock.Parameters.AddWithValue(key);
                await unlock.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            dead++;
            Interlocked.Increment(ref this.reaped);
            Log.DeadWorkerReaped(logger, id, instances, tasks);
        }

        return dead;
    }

    /// <summary>Unregisters and releases the lock (a clean stop leaves nothing for the others to reap).</summary>
    public async ValueTask DisposeAsync()
    {
        if (this.lockConnection is not { } connection)
        {
            return;
        }

        try
        {
            await using var leave = new NpgsqlCommand($"DELETE FROM {schema}.workers WHERE worker_id = $1", connection);
            leave.Parameters.AddWithValue(workerId);
            await leave.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Closing the connection below frees the lock; the row goes when another worker finds it dead.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        this.lockConnection = null;
    }
}
