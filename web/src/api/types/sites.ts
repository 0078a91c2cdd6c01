// Sites, their statuses and events, and the accounts and servers they use (snake_case JSON, like the database columns).

export type DnsStatus = 'pending' | 'active' | 'failed';
export type HostingStatus = 'pending' | 'active' | 'failed';
export type ContentStatus = 'pending' | 'generating' | 'generated' | 'failed';
export type DeploymentStatus = 'pending' | 'deploying' | 'deployed' | 'failed';
export type GscStatus = 'pending' | 'verified' | 'failed';

export type ProgressFilter = 'any' | 'failed' | 'in_progress' | 'not_started' | 'live' | 'complete';

/** Matomo tracking of a site: pending (retrying in the background), ok, failed or skipped. */
export type AnalyticsStatus = 'pending' | 'ok' | 'failed' | 'skipped';

export interface Site {
  id: string;
  domain: string;
  domain_unicode?: string | null;
  /** Overall state computed by the server: not_started, in_progress, failed, live (served; analytics pending/failed) or complete. */
  progress?: 'not_started' | 'in_progress' | 'failed' | 'live' | 'complete';
  cloudflare_account_id?: string | null;
  registrar_account_id?: string | null;
  server_id?: string | null;
  gsc_account_id?: string | null;
  status_dns: DnsStatus;
  status_hosting: HostingStatus;
  status_content: ContentStatus;
  status_deployment: DeploymentStatus;
  gsc_verification_status: GscStatus;
  hosting_doc_root?: string | null;
  site_user?: string | null;
  matomo_site_id?: number | null;
  analytics_status?: AnalyticsStatus;
  /** Why the Matomo step last failed, or null. */
  analytics_error?: string | null;
  analytics_attempts?: number;
  /** active, deleting (a teardown runs), deleted (torn down, kept for the record) or error (a teardown left resources behind). */
  lifecycle?: 'active' | 'deleting' | 'deleted' | 'error';
  /** Model tokens spent on the site's content so far. */
  content_tokens?: number;
  error_message?: string | null;
  cloudflare_zone_id?: string | null;
  assigned_nameservers?: string[] | null;
  record_ids?: Record<string, string> | null;
  brand?: string | null;
  niche?: string | null;
  language?: string | null;
  instance_id?: string | null;
  created_at?: string;
  updated_at?: string;
}

export interface SiteInput {
  domain?: string;
  cloudflare_account_id?: string | null;
  registrar_account_id?: string | null;
  server_id?: string | null;
  gsc_account_id?: string | null;
  brand?: string | null;
  niche?: string | null;
  language?: string;
}

export interface Page<T> {
  items: T[];
  total_count: number;
  offset: number;
  limit: number;
  has_more?: boolean;
}

export type SiteStep =
  | 'registered'
  | 'zone'
  | 'records'
  | 'nameservers'
  | 'delegation'
  | 'hosting_site'
  | 'certificate'
  | 'analytics'
  | 'content'
  | 'build'
  | 'deploy'
  | 'search_console'
  | 'teardown';

export type StepOutcome = 'started' | 'succeeded' | 'failed' | 'warning' | 'info';

export interface SiteEvent {
  id: number;
  site_id: string;
  step: SiteStep | string;
  outcome: StepOutcome | string;
  message?: string | null;
  actor: string;
  at: string;
}

export interface CloudflareAccount {
  id: string;
  email: string;
  account_nickname: string;
  cloudflare_account_id: string;
  api_token_secret_name?: string;
  has_api_token?: boolean;
  created_at?: string;
}

export interface RegistrarAccount {
  id: string;
  provider: 'namecheap' | 'spaceship';
  account_nickname: string;
  api_user?: string | null;
  client_ip?: string | null;
  api_key_secret_name?: string;
  api_secret_secret_name?: string | null;
  created_at?: string;
}

export interface GscAccount {
  id: string;
  email: string;
  account_nickname: string;
  oauth_client_id?: string | null;
  credentials_secret_name?: string;
  oauth_client_secret_name?: string | null;
  created_at?: string;
}

export interface HostingServer {
  id: string;
  name: string;
  address: string;
  public_ip?: string | null;
  ssh_port: number;
  ssh_user: string;
  ssh_key_secret_name?: string;
  host_key_fingerprint: string;
  created_at?: string;
}
