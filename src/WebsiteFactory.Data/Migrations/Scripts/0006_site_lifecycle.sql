-- Teardown is a soft delete: the site row and its events stay, and the lifecycle says where the site is.
-- active: live or not yet (fully) provisioned; deleting: a teardown runs; deleted: every vendor resource is gone;
-- error: a teardown finished with a failed step (the orphan is named in the site's teardown events).

ALTER TABLE wf.sites
    ADD COLUMN lifecycle_status text NOT NULL DEFAULT 'active'
        CONSTRAINT sites_lifecycle_status_check CHECK (lifecycle_status IN ('active', 'deleting', 'deleted', 'error'));
