-- Website Factory domain schema (schema "wf"; the durable engine keeps its own schema).
-- Tables hold secret NAMES only ([A-Za-z0-9-]{1,127}, Key Vault's rule); values live in the secret store.
-- Constraint names are part of the contract: the repositories map them to field names in error messages.

CREATE SCHEMA IF NOT EXISTS wf;

CREATE TABLE wf.cloudflare_accounts (
    id                     uuid        PRIMARY KEY,
    created_at             timestamptz NOT NULL DEFAULT now(),
    email                  text        NOT NULL,
    account_nickname       text        NOT NULL,
    cloudflare_account_id  text        NOT NULL
        CONSTRAINT cloudflare_accounts_cloudflare_account_id_check CHECK (cloudflare_account_id ~ '^[0-9a-f]{32}$'),
    api_token_secret_name  text        NOT NULL
        CONSTRAINT cloudflare_accounts_api_token_secret_name_check CHECK (api_token_secret_name ~ '^[A-Za-z0-9-]{1,127}$')
);
CREATE UNIQUE INDEX cloudflare_accounts_email_key ON wf.cloudflare_accounts (lower(email));
CREATE UNIQUE INDEX cloudflare_accounts_account_nickname_key ON wf.cloudflare_accounts (account_nickname);

CREATE TABLE wf.gsc_accounts (
    id                        uuid        PRIMARY KEY,
    created_at                timestamptz NOT NULL DEFAULT now(),
    email                     text        NOT NULL,
    account_nickname          text        NOT NULL,
    oauth_client_id           text,
    oauth_client_secret_name  text
        CONSTRAINT gsc_accounts_oauth_client_secret_name_check CHECK (oauth_client_secret_name ~ '^[A-Za-z0-9-]{1,127}$'),
    credentials_secret_name   text        NOT NULL
        CONSTRAINT gsc_accounts_credentials_secret_name_check CHECK (credentials_secret_name ~ '^[A-Za-z0-9-]{1,127}$')
);
CREATE UNIQUE INDEX gsc_accounts_email_key ON wf.gsc_accounts (lower(email));
CREATE UNIQUE INDEX gsc_accounts_account_nickname_key ON wf.gsc_accounts (account_nickname);

CREATE TABLE wf.registrar_accounts (
    id                      uuid        PRIMARY KEY,
    created_at              timestamptz NOT NULL DEFAULT now(),
    provider                text        NOT NULL
        CONSTRAINT registrar_accounts_provider_check CHECK (provider IN ('namecheap', 'spaceship')),
    account_nickname        text        NOT NULL,
    api_user                text,
    api_key_secret_name     text        NOT NULL
        CONSTRAINT registrar_accounts_api_key_secret_name_check CHECK (api_key_secret_name ~ '^[A-Za-z0-9-]{1,127}$'),
    api_secret_secret_name  text
        CONSTRAINT registrar_accounts_api_secret_secret_name_check CHECK (api_secret_secret_name ~ '^[A-Za-z0-9-]{1,127}$'),
    -- Namecheap only: the whitelisted IPv4 address the API calls come from.
    client_ip               inet,
    CONSTRAINT registrar_accounts_namecheap_check
        CHECK (provider <> 'namecheap' OR (api_user IS NOT NULL AND client_ip IS NOT NULL AND family(client_ip) = 4)),
    CONSTRAINT registrar_accounts_spaceship_check
        CHECK (provider <> 'spaceship' OR api_secret_secret_name IS NOT NULL)
);
CREATE UNIQUE INDEX registrar_accounts_account_nickname_key ON wf.registrar_accounts (account_nickname);

CREATE TABLE wf.servers (
    id                    uuid        PRIMARY KEY,
    created_at            timestamptz NOT NULL DEFAULT now(),
    name                  text        NOT NULL,
    address               text        NOT NULL,
    public_ip             inet,
    ssh_port              integer     NOT NULL DEFAULT 22
        CONSTRAINT servers_ssh_port_check CHECK (ssh_port BETWEEN 1 AND 65535),
    ssh_user              text        NOT NULL
        CONSTRAINT servers_ssh_user_check CHECK (ssh_user ~ '^[a-z_][a-z0-9_-]{0,31}$'),
    ssh_key_secret_name   text        NOT NULL
        CONSTRAINT servers_ssh_key_secret_name_check CHECK (ssh_key_secret_name ~ '^[A-Za-z0-9-]{1,127}$'),
    -- Pinned, never trust-on-first-use. OpenSSH form: 'SHA256:' + unpadded base64 of 32 bytes.
    host_key_fingerprint  text        NOT NULL
        CONSTRAINT servers_host_key_fingerprint_check CHECK (host_key_fingerprint ~ '^SHA256:[A-Za-z0-9+/]{43}$')
);
CREATE UNIQUE INDEX servers_name_key ON wf.servers (name);

CREATE TABLE wf.sites (
    id                       uuid        PRIMARY KEY,
    domain                   text        NOT NULL
        CONSTRAINT sites_domain_check CHECK (domain ~ '^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$' AND domain NOT LIKE '%..%'),
    cloudflare_account_id    uuid        CONSTRAINT sites_cloudflare_account_id_fkey REFERENCES wf.cloudflare_accounts (id) ON DELETE RESTRICT,
    registrar_account_id     uuid        CONSTRAINT sites_registrar_account_id_fkey REFERENCES wf.registrar_accounts (id) ON DELETE RESTRICT,
    server_id                uuid        CONSTRAINT sites_server_id_fkey REFERENCES wf.servers (id) ON DELETE RESTRICT,
    gsc_account_id           uuid        CONSTRAINT sites_gsc_account_id_fkey REFERENCES wf.gsc_accounts (id) ON DELETE RESTRICT,
    status_dns               text        NOT NULL DEFAULT 'pending'
        CONSTRAINT sites_status_dns_check CHECK (status_dns IN ('pending', 'active', 'failed')),
    status_hosting           text        NOT NULL DEFAULT 'pending'
        CONSTRAINT sites_status_hosting_check CHECK (status_hosting IN ('pending', 'active', 'failed')),
    status_content           text        NOT NULL DEFAULT 'pending'
        CONSTRAINT sites_status_content_check CHECK (status_content IN ('pending', 'generating', 'generated', 'failed')),
    status_deployment        text        NOT NULL DEFAULT 'pending'
        CONSTRAINT sites_status_deployment_check CHECK (status_deployment IN ('pending', 'deploying', 'deployed', 'failed')),
    gsc_verification_status  text        NOT NULL DEFAULT 'pending'
        CONSTRAINT sites_gsc_verification_status_check CHECK (gsc_verification_status IN ('pending', 'verified', 'failed')),
    hosting_doc_root         text
        CONSTRAINT sites_hosting_doc_root_check CHECK (hosting_doc_root ~ '^(/[A-Za-z0-9._-]+)+$' AND hosting_doc_root !~ '/\.\.?(/|$)'),
    site_user                text
        CONSTRAINT sites_site_user_check CHECK (site_user ~ '^[a-z][a-z0-9_-]{0,31}$'),
    matomo_site_id           integer
        CONSTRAINT sites_matomo_site_id_check CHECK (matomo_site_id > 0),
    error_message            text,
    cloudflare_zone_id       text
        CONSTRAINT sites_cloudflare_zone_id_check CHECK (cloudflare_zone_id ~ '^[0-9a-f]{32}$'),
    assigned_nameservers     text[]      NOT NULL DEFAULT '{}',
    record_ids               jsonb       NOT NULL DEFAULT '{}'
        CONSTRAINT sites_record_ids_check CHECK (jsonb_typeof(record_ids) = 'object'),
    brand                    text,
    niche                    text,
    language                 text        NOT NULL DEFAULT 'en',
    instance_id              text,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sites_domain_key ON wf.sites (domain);
-- Foreign-key columns: list filters and the RESTRICT checks when an account or server is deleted.
CREATE INDEX sites_cloudflare_account_id_idx ON wf.sites (cloudflare_account_id);
CREATE INDEX sites_registrar_account_id_idx ON wf.sites (registrar_account_id);
CREATE INDEX sites_server_id_idx ON wf.sites (server_id);
CREATE INDEX sites_gsc_account_id_idx ON wf.sites (gsc_account_id);
CREATE INDEX sites_created_at_idx ON wf.sites (created_at, id);
CREATE INDEX sites_updated_at_idx ON wf.sites (updated_at, id);
-- "Failed" is the filter operators use most and matches few rows: a small partial index.
CREATE INDEX sites_failed_idx ON wf.sites (domain)
    WHERE status_dns = 'failed' OR status_hosting = 'failed' OR status_content = 'failed'
       OR status_deployment = 'failed' OR gsc_verification_status = 'failed';

CREATE TABLE wf.daily_analytics (
    date             date        NOT NULL,
    site_id          uuid        NOT NULL CONSTRAINT daily_analytics_site_id_fkey REFERENCES wf.sites (id) ON DELETE CASCADE,
    matomo_visits    integer     CONSTRAINT daily_analytics_matomo_visits_check CHECK (matomo_visits >= 0),
    gsc_clicks       integer     CONSTRAINT daily_analytics_gsc_clicks_check CHECK (gsc_clicks >= 0),
    gsc_impressions  integer     CONSTRAINT daily_analytics_gsc_impressions_check CHECK (gsc_impressions >= 0),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT daily_analytics_pkey PRIMARY KEY (date, site_id)
);
CREATE INDEX daily_analytics_site_id_date_idx ON wf.daily_analytics (site_id, date);

CREATE TABLE wf.site_events (
    id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id  uuid        NOT NULL CONSTRAINT site_events_site_id_fkey REFERENCES wf.sites (id) ON DELETE CASCADE,
    step     text        NOT NULL
        CONSTRAINT site_events_step_check CHECK (step IN ('registered', 'zone', 'records', 'nameservers', 'delegation',
            'hosting_site', 'certificate', 'analytics', 'content', 'build', 'deploy', 'search_console', 'teardown')),
    outcome  text        NOT NULL
        CONSTRAINT site_events_outcome_check CHECK (outcome IN ('started', 'succeeded', 'failed', 'warning', 'info')),
    message  text,
    actor    text        NOT NULL,
    at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX site_events_site_id_id_idx ON wf.site_events (site_id, id);

-- Append-only for real: the application role owns the table, so REVOKE would not bind it; a trigger does.
-- UPDATE and TRUNCATE are always refused. DELETE is allowed only for rows whose site no longer exists, which is
-- exactly the ON DELETE CASCADE from wf.sites (the cascade runs after the parent row is gone).
CREATE FUNCTION wf.site_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE'
       AND NOT EXISTS (SELECT 1 FROM wf.sites s WHERE s.id = OLD.site_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'wf.site_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$fn$;

CREATE TRIGGER site_events_append_only_rows
    BEFORE UPDATE OR DELETE ON wf.site_events
    FOR EACH ROW EXECUTE FUNCTION wf.site_events_append_only();
CREATE TRIGGER site_events_append_only_truncate
    BEFORE TRUNCATE ON wf.site_events
    FOR EACH STATEMENT EXECUTE FUNCTION wf.site_events_append_only();

-- API keys for the CLI and automation (issue 6). Only a hash of the key is stored; the prefix identifies a key in
-- listings without revealing it.
CREATE TABLE wf.api_keys (
    id            uuid        PRIMARY KEY,
    name          text        NOT NULL,
    key_prefix    text        NOT NULL,
    key_hash      bytea       NOT NULL,
    scope         text        NOT NULL
        CONSTRAINT api_keys_scope_check CHECK (scope IN ('read', 'operate', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz
);
CREATE UNIQUE INDEX api_keys_name_key ON wf.api_keys (name);
CREATE UNIQUE INDEX api_keys_key_hash_key ON wf.api_keys (key_hash);

-- Local dashboard users (the embedded default; Entra ID on Azure). Passwords are stored as a one-way hash.
CREATE TABLE wf.users (
    id             uuid        PRIMARY KEY,
    user_name      text        NOT NULL,
    password_hash  text        NOT NULL,
    role           text        NOT NULL DEFAULT 'admin'
        CONSTRAINT users_role_check CHECK (role IN ('read', 'operate', 'admin')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_login_at  timestamptz,
    disabled_at    timestamptz
);
CREATE UNIQUE INDEX users_user_name_key ON wf.users (lower(user_name));
