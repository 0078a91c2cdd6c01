namespace WebsiteFactory.Engine.Storage;

/// <summary>
/// The engine's SQL, built once per store from the schema name. Statements are fixed text over arrays
/// (<c>unnest</c>), so they are prepared once per connection.
/// </summary>
internal sealed partial class EngineStore
{
    /// <summary>SQLSTATE raised by the one-round-trip commit when an instance is no longer this worker's to write.</summary>
    internal const string FenceLostState = "WFF01";

    private string ClaimInstancesSql { get; set; } = string.Empty;

    private string LoadMessagesSql { get; set; } = string.Empty;

    private string LoadHistorySql { get; set; } = string.Empty;

    private string FenceSql { get; set; } = string.Empty;

    private string InsertHistorySql { get; set; } = string.Empty;

    private string FusedFenceSql { get; set; } = string.Empty;

    private string RedeliverSql { get; set; } = string.Empty;

    private string DeleteFusedTasksSql { get; set; } = string.Empty;

    private string GuardedFenceSql { get; set; } = string.Empty;

    private string GuardedFusedFenceSql { get; set; } = string.Empty;

    private string SingleFenceSql { get; set; } = string.Empty;

    private string SingleFusedFenceSql { get; set; } = string.Empty;

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
                      WHERE e.visible_at IS NULL AND (i.lease_until IS NULL OR i.lease_until < $5)
                      ORDER BY e.id LIMIT $2)
                    UNION ALL
                    (SELECT e.instance_key FROM {s}.inbox e JOIN {s}.instances i ON i.instance_key = e.instance_key
                      WHERE e.visible_at <= $5 AND (i.lease_until IS NULL OR i.lease_until < $5)
                      ORDER BY e.visible_at LIMIT $2)
                ) x
            ),
            got AS (
                SELECT i.instance_key FROM {s}.instances i JOIN cand c ON c.instance_key = i.instance_key
                WHERE i.lease_until IS NULL OR i.lease_until < $5
                LIMIT $3
                FOR UPDATE OF i SKIP LOCKED
            )
            UPDATE {s}.instances i SET lease_owner = $1, lease_until = $5 + $4
            FROM got WHERE i.instance_key = got.instance_key
            RETURNING i.instance_key, i.instance_id, i.execution_id, i.name, i.version, i.status, i.history_len, i.episode_failures,
                      i.parent_instance_key, i.parent_instance_id, i.parent_execution_id, i.parent_task_id,
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
                completed_at = CASE WHEN v.keep THEN i.completed_at WHEN v.status IN (1, 3, 5) THEN $15 ELSE NULL END,
                updated_at = CASE WHEN v.keep THEN i.updated_at ELSE $15 END,
                lease_owner = NULL, lease_until = NULL, episode_failures = 0
            FROM unnest($2::bigint[], $3::uuid[], $4::int[], $5::int[], $6::smallint[], $7::uuid[], $8::text[], $9::text[], $10::bytea[], $11::text[], $12::bool[], $13::bool[], $14::bool[])
                AS v(key, old_exec, old_len, new_len, status, new_exec, output, custom_status, failure, input, set_input, keep, keep_cs)
            WHERE i.instance_key = v.key AND i.lease_owner = $1 AND i.execution_id = v.old_exec AND i.history_len = v.old_len
            RETURNING i.instance_key
            """;
        // The fused path holds no lease: the instance must be unleased (or leased by this worker, whose episode then
        // loses on history_len). Either way the row lock and the history_len check admit exactly one writer.
        this.FusedFenceSql = this.FenceSql.Replace(
            "AND i.lease_owner = $1 AND", "AND (i.lease_owner = $1 OR i.lease_until IS NULL OR i.lease_until < $15) AND", StringComparison.Ordinal);
        this.DeleteFusedTasksSql = $"DELETE FROM {s}.tasks WHERE id = ANY($1) RETURNING id";

        // The one-round-trip commit: the same statements, but a lost fence raises (SQLSTATE WFF01) and so rolls the whole
        // implicit transaction back. On the fused path the delivered tasks are deleted in the same statement, and a result
        // that someone else delivered already (fewer rows deleted) also leaves the fence unmatched.
        this.GuardedFenceSql = $"WITH f AS ({this.FenceSql}) SELECT {s}.expect((SELECT count(*) FROM f), $16, '{FenceLostState}')";
        // The same fence for one instance with plain parameters: the common case (a sequence step, a fused completion)
        // gets a cheap index-scan plan instead of a join over unnest arrays.
        const string set = """
            history_len = $5, execution_id = $7,
            status = CASE WHEN $13 THEN i.status ELSE $6::smallint END,
            output = CASE WHEN $13 THEN i.output ELSE $8::text END,
            failure = CASE WHEN $13 THEN i.failure ELSE $10::bytea END,
            custom_status = CASE WHEN $13 OR $14 THEN i.custom_status ELSE $9::text END,
            input = CASE WHEN $12 THEN $11::text ELSE i.input END,
            completed_at = CASE WHEN $13 THEN i.completed_at WHEN $6::smallint IN (1, 3, 5) THEN $15 ELSE NULL END,
            updated_at = CASE WHEN $13 THEN i.updated_at ELSE $15 END,
            lease_owner = NULL, lease_until = NULL, episode_failures = 0
            """;
        this.SingleFenceSql = $"""
            WITH f AS (
                UPDATE {s}.instances i SET {set}
                WHERE i.instance_key = $2 AND i.lease_owner = $1 AND i.execution_id = $3 AND i.history_len = $4
                RETURNING 1)
            SELECT {s}.expect((SELECT count(*) FROM f), 1, '{FenceLostState}')
            """;
        this.SingleFusedFenceSql = $"""
            WITH d AS (DELETE FROM {s}.tasks WHERE id = ANY($16) RETURNING 1),
            f AS (
                UPDATE {s}.instances i SET {set}
                WHERE i.instance_key = $2 AND (i.lease_owner = $1 OR i.lease_until IS NULL OR i.lease_until < $15)
                  AND i.execution_id = $3 AND i.history_len = $4 AND (SELECT count(*) FROM d) = $17
                RETURNING 1)
            SELECT {s}.expect((SELECT count(*) FROM f), 1, '{FenceLostState}')
            """;
        string fusedFence = this.FusedFenceSql.Replace("RETURNING i.instance_key", "AND (SELECT count(*) FROM d) = $18 RETURNING i.instance_key", StringComparison.Ordinal);
        this.GuardedFusedFenceSql = $"""
            WITH d AS (DELETE FROM {s}.tasks WHERE id = ANY($17) RETURNING 1), f AS ({fusedFence})
            SELECT {s}.expect((SELECT count(*) FROM f), $16, '{FenceLostState}')
            """;
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
                   CASE WHEN u.pre THEN $11 + $2 ELSE $11 END, CASE WHEN u.pre THEN $1 END, CASE WHEN u.pre THEN 1 ELSE 0 END
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
                   (SELECT max(visible_at) FROM {s}.inbox d WHERE d.instance_key = i.instance_key AND d.kind = 3 AND d.visible_at > $4)
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
                INSERT INTO {s}.instances (instance_id, execution_id, name, version, status, input, parent_instance_key, parent_instance_id, parent_execution_id, parent_task_id, created_at, updated_at)
                SELECT iid, exec, name, version, 6, input, pkey, pid, pexec, ptask, $11, $11 FROM u
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
                SELECT id FROM {s}.tasks WHERE available_at <= $5 AND id <> ALL($4) ORDER BY available_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
            )
            UPDATE {s}.tasks t SET available_at = $5 + $2, lease_owner = $1, attempt = t.attempt + 1
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
            UPDATE {s}.tasks SET available_at = $4 + $2 WHERE id = ANY($3) AND lease_owner = $1 RETURNING id
            """;
    }
}
