-- Matomo is non-blocking but never silent: each site records the state of its tracking (pending until the Matomo step
-- succeeds, retried in the background; failed once the retries gave up), the last reason and the attempts so far.
-- Sites that already have a Matomo site are ok; the others start pending, so the nightly reconcile picks them up once
-- their hosting is active.

ALTER TABLE wf.sites
    ADD COLUMN analytics_status text NOT NULL DEFAULT 'pending'
        CONSTRAINT sites_analytics_status_check CHECK (analytics_status IN ('pending', 'ok', 'failed', 'skipped')),
    ADD COLUMN analytics_error text,
    ADD COLUMN analytics_attempts integer NOT NULL DEFAULT 0
        CONSTRAINT sites_analytics_attempts_check CHECK (analytics_attempts >= 0);

UPDATE wf.sites SET analytics_status = 'ok' WHERE matomo_site_id IS NOT NULL;

-- The reconcile sweep looks for these few rows every night.
CREATE INDEX sites_analytics_open_idx ON wf.sites (domain) WHERE analytics_status IN ('pending', 'failed');
