-- Shared, durable rate budgets (vendor limits such as Cloudflare's 1200 requests per 5 minutes per account).
--
-- A sliding-window log rather than a token bucket: a bucket of capacity L refilled at L/W admits up to 2L requests in
-- some window of length W (a full burst, then the refill), which breaks a vendor limit of "L per W". The log admits a
-- request only if the permits taken in the last W plus this one stay within L, so no window of length W ever holds
-- more than L. One row per take (with its permit count) keeps it small: at most L rows per key live at once.
--
-- wf.rate_budgets has one row per key: the row lock serialises takers across all processes, and blocked_until records a
-- vendor's Retry-After so that nobody anywhere calls before it passes.

CREATE TABLE wf.rate_budgets (
    key            text        PRIMARY KEY,
    blocked_until  timestamptz NOT NULL DEFAULT '-infinity',
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE wf.rate_budget_permits (
    key       text        NOT NULL CONSTRAINT rate_budget_permits_key_fkey REFERENCES wf.rate_budgets (key) ON DELETE CASCADE,
    taken_at  timestamptz NOT NULL,
    permits   integer     NOT NULL CONSTRAINT rate_budget_permits_permits_check CHECK (permits > 0)
);
CREATE INDEX rate_budget_permits_key_taken_at_idx ON wf.rate_budget_permits (key, taken_at);

-- Takes p_permits if the window allows; otherwise takes nothing and returns how long until it would.
-- p_now: NULL uses the database clock (clock_timestamp(), read after the row lock is held); tests and sped-up
-- benchmark clocks pass their own time.
CREATE FUNCTION wf.rate_budget_take(p_key text, p_permits integer, p_limit integer, p_window interval, p_now timestamptz DEFAULT NULL)
RETURNS TABLE (granted boolean, used integer, retry_after interval)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_now      timestamptz;
    v_blocked  timestamptz;
    v_used     integer;
    v_free_at  timestamptz;
BEGIN
    IF p_permits <= 0 OR p_permits > p_limit THEN
        RAISE EXCEPTION 'permits (%) must be between 1 and the limit (%)', p_permits, p_limit USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO wf.rate_budgets (key) VALUES (p_key) ON CONFLICT (key) DO NOTHING;
    SELECT b.blocked_until INTO v_blocked FROM wf.rate_budgets b WHERE b.key = p_key FOR UPDATE;
    v_now := COALESCE(p_now, clock_timestamp());

    DELETE FROM wf.rate_budget_permits p WHERE p.key = p_key AND p.taken_at <= v_now - p_window;
    SELECT COALESCE(sum(p.permits), 0) INTO v_used FROM wf.rate_budget_permits p WHERE p.key = p_key;

    IF v_blocked > v_now THEN
        RETURN QUERY SELECT false, v_used, v_blocked - v_now;
        RETURN;
    END IF;

    IF v_used + p_permits <= p_limit THEN
        INSERT INTO wf.rate_budget_permits (key, taken_at, permits) VALUES (p_key, v_now, p_permits);
        UPDATE wf.rate_budgets b SET updated_at = v_now WHERE b.key = p_key;
        RETURN QUERY SELECT true, v_used + p_permits, interval '0';
        RETURN;
    END IF;

    -- The oldest permits leave the window first: find when enough of them have left.
    SELECT r.taken_at INTO v_free_at
    FROM (
        SELECT p.taken_at, sum(p.permits) OVER (ORDER BY p.taken_at ROWS UNBOUNDED PRECEDING) AS running
        FROM wf.rate_budget_permits p
        WHERE p.key = p_key
    ) r
    WHERE r.running >= v_used + p_permits - p_limit
    ORDER BY r.taken_at
    LIMIT 1;

    RETURN QUERY SELECT false, v_used, GREATEST(v_free_at + p_window - v_now, interval '1 microsecond');
END
$fn$;
