-- Reconcile reports (issue 14, "drift and orphans"): one row per finished reconcile run. The API and the dashboard show
-- the latest; a few older ones are kept for comparison (the repository prunes beyond 30). The findings are one jsonb
-- document: they are read whole, never queried by field; the counts are columns so a list of runs needs no jsonb.

CREATE TABLE wf.drift_reports (
    id bigserial PRIMARY KEY,
    instance_id text NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    orphans integer NOT NULL CHECK (orphans >= 0),
    ghosts integer NOT NULL CHECK (ghosts >= 0),
    drifted integer NOT NULL CHECK (drifted >= 0),
    report jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
