using Npgsql;

namespace WebsiteFactory.Engine.Storage;

/// <summary>
/// Creates and upgrades the engine's tables in their own schema. Migrations are numbered, idempotent and run in one
/// transaction under an advisory lock, so several processes starting at once apply each exactly once.
/// </summary>
/// <remarks>
/// Tables: <c>instances</c> (one row per instance: status, lease, current execution, <c>history_len</c> = the
/// optimistic-concurrency fence), <c>history</c> (append-only events of the current execution), <c>inbox</c>
/// (messages to orchestrations; <c>visible_at</c> delays timers and delayed starts), <c>tasks</c> (the activity queue;
/// <c>available_at</c> is its visibility timeout). Status codes are the SDK's <c>OrchestrationRuntimeStatus</c> values;
/// events are the SDK's protobuf <c>HistoryEvent</c> bytes, and <c>kind</c> is their <c>eventType</c> field number.
/// </remarks>
public static class EngineSchema
{
    /// <summary>The schema version this code expects.</summary>
    public const int CurrentVersion = 3;

    /// <summary>Creates or upgrades the schema.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="schema">The schema name (validated identifier).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        SqlText.ValidateSchema(schema);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("wf_engine_schema:" + schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            CREATE TABLE IF NOT EXISTS {schema}.schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int version;
        await using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {schema}.schema_version", connection, transaction))
        {
            version = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The engine schema '{schema}' is at version {version}, newer than this build supports ({CurrentVersion}). Upgrade the application.");
        }

        // A new database starts at the current layout; version 1 exists only in databases made before the SDK port.
        for (int next = Math.Max(version + 1, 2); next <= CurrentVersion; next++)
        {
            await using var migrate = new NpgsqlCommand(Migration(next, schema), connection, transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_version (version) VALUES ({next})", connection, transaction);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Migration(int version, string s) => version switch
    {
        // Version 1 stored the engine's own event records; version 2 stores the Durable Task SDK's protobuf history
        // events. Instances of version 1 cannot be replayed by the SDK, so its tables are replaced (a pre-release
        // format; the domain tables keep everything an operator needs).
        2 => $"""
            DROP TABLE IF EXISTS {s}.instances, {s}.history, {s}.inbox, {s}.tasks;
            CREATE TABLE {s}.instances (
                instance_key        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                instance_id         text NOT NULL UNIQUE,
                execution_id        uuid NOT NULL,
                name                text NOT NULL,
                version             text NOT NULL DEFAULT '',
                status              smallint NOT NULL,
                created_at          timestamptz NOT NULL DEFAULT now(),
                updated_at          timestamptz NOT NULL DEFAULT now(),
                completed_at        timestamptz,
                input               text,
                output              text,
                custom_status       text,
                failure             bytea,
                tags                text,
                parent_instance_key bigint,
                parent_instance_id  text,
                parent_execution_id uuid,
                parent_task_id      int,
                history_len         int NOT NULL DEFAULT 0,
                episode_failures    int NOT NULL DEFAULT 0,
                lease_owner         text,
                lease_until         timestamptz
            ) WITH (fillfactor = 85);
            CREATE INDEX instances_created ON {s}.instances (created_at);
            CREATE INDEX instances_status_created ON {s}.instances (status, created_at);
            CREATE INDEX instances_parent ON {s}.instances (parent_instance_key) WHERE parent_instance_key IS NOT NULL;
            CREATE INDEX instances_completed ON {s}.instances (completed_at) WHERE status IN (1, 3, 5);

            CREATE TABLE {s}.history (
                instance_key bigint NOT NULL,
                execution_id uuid NOT NULL,
                seq          int NOT NULL,
                kind         smallint NOT NULL,
                task_id      int,
                ts           timestamptz NOT NULL,
                event        bytea NOT NULL,
                PRIMARY KEY (instance_key, execution_id, seq)
            );

            CREATE TABLE {s}.inbox (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                instance_key bigint NOT NULL,
                execution_id uuid,
                kind         smallint NOT NULL,
                task_id      int,
                event        bytea NOT NULL,
                visible_at   timestamptz
            ) WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
            CREATE INDEX inbox_now ON {s}.inbox (id) INCLUDE (instance_key) WHERE visible_at IS NULL;
            CREATE INDEX inbox_later ON {s}.inbox (visible_at) INCLUDE (instance_key) WHERE visible_at IS NOT NULL;
            CREATE INDEX inbox_instance ON {s}.inbox (instance_key, id);
            CREATE UNIQUE INDEX inbox_one_result ON {s}.inbox (instance_key, execution_id, task_id) WHERE task_id IS NOT NULL;

            CREATE TABLE {s}.tasks (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                instance_key bigint NOT NULL,
                instance_id  text NOT NULL,
                execution_id uuid NOT NULL,
                task_id      int NOT NULL,
                name         text NOT NULL,
                version      text NOT NULL DEFAULT '',
                input        text,
                available_at timestamptz NOT NULL,
                lease_owner  text,
                attempt      int NOT NULL DEFAULT 0,
                UNIQUE (instance_key, execution_id, task_id)
            ) WITH (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
            CREATE INDEX tasks_available ON {s}.tasks (available_at, id);

            -- The guard of the one-round-trip commit: a mismatch raises the given SQLSTATE and rolls the transaction back.
            CREATE OR REPLACE FUNCTION {s}.expect(actual bigint, expected bigint, code text) RETURNS bigint LANGUAGE plpgsql AS $f$
            BEGIN
                IF actual <> expected THEN
                    RAISE EXCEPTION 'engine guard %: % of % rows', code, actual, expected USING ERRCODE = code;
                END IF;
                RETURN actual;
            END
            $f$;
            """,
        // Live workers: each holds a session advisory lock on its key for as long as its process lives, so another worker
        // can tell a dead one (the lock is free) and release its leases at once instead of waiting them out. lease_owner
        // stays unindexed: an index would cost every episode its HOT update, and a dead worker is rare.
        3 => $"""
            CREATE TABLE {s}.workers (
                worker_id  text PRIMARY KEY,
                lock_key   bigint NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now()
            );
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };
}
