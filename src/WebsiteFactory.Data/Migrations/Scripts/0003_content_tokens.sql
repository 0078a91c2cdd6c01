-- Model tokens spent on a site's content, summed over every generation run (successful or not), so the cost of the
-- AI content is visible per site. The generate step adds each run's usage; nothing else writes it.

ALTER TABLE wf.sites
    ADD COLUMN content_tokens bigint NOT NULL DEFAULT 0
        CONSTRAINT sites_content_tokens_check CHECK (content_tokens >= 0);
