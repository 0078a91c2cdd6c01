-- Server-side dashboard sessions and per-account sign-in backoff (issue 13, "Sessions").
--
-- wf.sessions: one row per signed-in dashboard cookie (local or OIDC user). The cookie carries the row's id in a
-- claim; every cookie request checks the row still exists and has not expired, so logout (delete the row), logout
-- everywhere, a password change or a reset (delete the user's rows) end a session at once. user_id is the cookie's
-- NameIdentifier: a wf.users id for local users, the IdP's oid/sub for OIDC users (hence text and no foreign key).
CREATE TABLE wf.sessions (
    id            uuid        PRIMARY KEY,
    user_id       text        NOT NULL,
    method        text        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON wf.sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON wf.sessions (expires_at);

-- wf.sign_in_failures: consecutive failed sign-ins per account name (lower-cased), whether or not the account
-- exists, so the answers do not reveal which names exist. After a number of free failures the account backs off
-- exponentially until locked_until; a successful sign-in deletes the row. Kept in the database so a restart does
-- not reset it.
CREATE TABLE wf.sign_in_failures (
    account          text        PRIMARY KEY,
    failures         integer     NOT NULL
        CONSTRAINT sign_in_failures_failures_check CHECK (failures > 0),
    last_failure_at  timestamptz NOT NULL,
    locked_until     timestamptz
);
