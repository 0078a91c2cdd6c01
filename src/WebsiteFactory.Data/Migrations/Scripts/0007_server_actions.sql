-- Server console audit (issue 14, item 5): every allow-listed action an operator runs on a server, who ran it and how it
-- went. A 'started' row is written before the command runs and a 'succeeded'/'failed' row after, so an action whose
-- process died mid-way still shows who started it. Rows outlive their server (no foreign key; the name is kept), and the
-- table is append-only like wf.site_events.
CREATE TABLE wf.server_actions (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    server_id    uuid        NOT NULL,
    server_name  text        NOT NULL,
    action       text        NOT NULL
        CONSTRAINT server_actions_action_check CHECK (action IN ('reload-nginx', 'renew-certificate')),
    target       text,
    outcome      text        NOT NULL
        CONSTRAINT server_actions_outcome_check CHECK (outcome IN ('started', 'succeeded', 'failed')),
    message      text,
    actor        text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX server_actions_server_id_id_idx ON wf.server_actions (server_id, id);

CREATE FUNCTION wf.server_actions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'wf.server_actions is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$fn$;

CREATE TRIGGER server_actions_append_only_rows
    BEFORE UPDATE OR DELETE ON wf.server_actions
    FOR EACH ROW EXECUTE FUNCTION wf.server_actions_append_only();
CREATE TRIGGER server_actions_append_only_truncate
    BEFORE TRUNCATE ON wf.server_actions
    FOR EACH STATEMENT EXECUTE FUNCTION wf.server_actions_append_only();
