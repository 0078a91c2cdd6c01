// Shapes of the Website Factory HTTP API (snake_case JSON, like the database columns) and of the
// Durable-Functions-compatible management API (camelCase status objects, PascalCase history events).

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

/** The 202 payload of every start (provision, batch, retry): Durable Functions' HttpManagementPayload. */
export interface ManagementPayload {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri?: string;
  terminatePostUri?: string;
  rewindPostUri?: string;
  purgeHistoryDeleteUri?: string;
  restartPostUri?: string;
  suspendPostUri?: string;
  resumePostUri?: string;
}

export type RuntimeStatus =
  | 'Running'
  | 'Completed'
  | 'ContinuedAsNew'
  | 'Failed'
  | 'Canceled'
  | 'Terminated'
  | 'Pending'
  | 'Suspended'
  | 'Unknown';

/** One history item as the management API returns it (section 5 of docs/durable-http-api.md). */
export interface HistoryEvent {
  EventType: string;
  Timestamp: string;
  FunctionName?: string;
  Name?: string;
  ScheduledTime?: string;
  Input?: unknown;
  Result?: unknown;
  Reason?: string;
  Details?: unknown;
  FailureDetails?: unknown;
  OrchestrationStatus?: string;
  FireAt?: string;
  InstanceId?: string;
  SubOrchestrationId?: string;
  [key: string]: unknown;
}

export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: HistoryEvent[];
}

export interface AnalyticsDay {
  date: string;
  site_id?: string;
  domain?: string | null;
  sites?: number;
  matomo_visits?: number | null;
  gsc_clicks?: number | null;
  gsc_impressions?: number | null;
}

export interface CurrentUser {
  name: string;
  /** api_key, cookie or oidc. */
  method?: string;
  /** Granted scopes, implied ones included: read, operate, admin. */
  scopes?: string[];
}

/** A failure as the dashboard history route reports it (messages redacted by the server). */
export interface FailureView {
  error_type?: string | null;
  error_message?: string | null;
  stack_trace?: string | null;
  inner_failure?: FailureView | null;
}

/** One recorded history event (GET /api/instances/{id}/history). */
export interface HistoryItem {
  sequence: number;
  event_type: string;
  timestamp: string;
  name?: string | null;
  task_id?: number | null;
  instance_id?: string | null;
  input?: unknown;
  result?: unknown;
  failure?: FailureView | null;
  fire_at?: string | null;
  reason?: string | null;
  orchestration_status?: string | null;
  scheduled_time?: string | null;
  duration_ms?: number | null;
}

/** One activity, sub-orchestration or timer, from scheduled to finished (null end while pending). */
export interface HistorySpan {
  kind: 'activity' | 'sub_orchestration' | 'timer' | string;
  name?: string | null;
  task_id?: number | null;
  sub_instance_id?: string | null;
  started_at: string;
  ended_at?: string | null;
  duration_ms?: number | null;
  status: 'pending' | 'completed' | 'failed' | string;
  error?: string | null;
}

/** The dashboard's view of one orchestration instance, like Durable Functions Monitor's. */
export interface InstanceHistory {
  instance_id: string;
  name: string;
  runtime_status: RuntimeStatus;
  created_at: string;
  last_updated_at: string;
  completed_at?: string | null;
  parent_instance_id?: string | null;
  input?: unknown;
  output?: unknown;
  custom_status?: unknown;
  failure?: FailureView | null;
  events: HistoryItem[];
  spans: HistorySpan[];
}

/** Progress of a provisioning batch (GET /api/batches/{id}). */
export interface BatchProgress {
  id: string;
  runtime_status: RuntimeStatus;
  created_at: string;
  last_updated_at: string;
  total: number;
  completed: number;
  failed: number;
  running: number;
  sites: {
    domain: string;
    instance_id: string;
    runtime_status?: RuntimeStatus | null;
    custom_status?: unknown;
    site?: Site | null;
    /** True when the run completed, false when it failed or was terminated, null while running. */
    succeeded?: boolean | null;
    /** The step a failed run stopped at, read from the Failed instance. */
    failed_step?: string | null;
    error?: string | null;
  }[];
}

/** A site's provisioning run (GET /api/sites/{site}/provisioning). */
export interface SiteProvisioning {
  instance_id: string;
  /** Null when it never ran (or was purged). */
  runtime_status?: RuntimeStatus | null;
  custom_status?: unknown;
  succeeded?: boolean | null;
  failed_step?: string | null;
  error?: string | null;
  created_at?: string | null;
  last_updated_at?: string | null;
  /** What retry does now: rewind the failed run, start a new run, or nothing while it runs. */
  retry: 'rewind' | 'start' | 'none';
}

/** GET /api/metrics: one vendor operation's figures since the server process started. */
export interface VendorOperationFigures {
  vendor: string;
  operation: string;
  kind: 'read' | 'create' | 'update' | 'delete';
  count: number;
  succeeded: number;
  failed: number;
  transient_errors: number;
  rate_limited: number;
  success_rate: number;
  p50_ms: number;
  p95_ms: number;
  max_ms: number;
}

/** GET /api/metrics: one account's rate budget, read now. */
export interface RateBudgetReading {
  vendor: string;
  account: string;
  limit: number;
  used: number;
  remaining: number;
  window: string;
  read_at: string;
}

/** GET /api/metrics: orphans of one kind from the last reconcile. */
export interface OrphanCount {
  vendor: string;
  resource: string;
  count: number;
}

export interface MetricsSnapshot {
  since: string;
  operations: VendorOperationFigures[];
  rate_budgets: RateBudgetReading[];
  orphans: OrphanCount[];
}

/** One difference between the database and a vendor (GET /api/drift). */
export interface DriftFinding {
  kind: 'orphan' | 'ghost' | 'drift';
  vendor: string;
  resource: string;
  detail: string;
  domain?: string | null;
  site_id?: string | null;
  marked: boolean;
  fixed: boolean;
  is_fixable: boolean;
}

/** The latest reconcile report (GET /api/drift). */
export interface DriftReport {
  instance_id: string;
  started_at: string;
  finished_at: string;
  requested_by: string;
  fix_requested: boolean;
  orphans: number;
  ghosts: number;
  drifted: number;
  fixable: number;
  fixed: number;
  errors: string[];
  findings: DriftFinding[];
}

/** Wave settings of a template rollout (POST /api/redeploy); empty fields take the server's defaults. */
export interface RolloutSettings {
  canary?: number;
  wave_size?: number;
  parallel?: number;
  failure_threshold?: number;
}

/** The dry run of a template rollout: live sites by wave, and the live sites busy now (skipped unless they finish). */
export interface RolloutPlan {
  total: number;
  waves: { wave: number; size: number; domains: string[] }[];
  busy: { domain: string; kind: string; instance_id: string }[];
}

/** A running rollout's custom status (camelCase: workflow payloads). */
export interface RolloutStatus {
  phase: 'listing' | 'wave' | 'rolling_back' | 'done';
  wave: number;
  waves: number;
  total: number;
  done: number;
  redeployed: number;
  failed: number;
  skipped: number;
  rolledBack: number;
  stopReason?: string | null;
}

/** A finished rollout's output. */
export interface RolloutResult {
  total: number;
  waves: number;
  wavesRun: number;
  redeployed: number;
  failed: number;
  skipped: number;
  rolledBack: number;
  rollbackFailed: number;
  notStarted: number;
  stopped: boolean;
  stopReason?: string | null;
  durationSeconds: number;
  waveResults: { wave: number; size: number; redeployed: number; failed: number; skipped: number; durationSeconds: number }[];
  sites: { siteId: string; domain: string; wave: number; outcome: string; releaseId?: string | null; error?: string | null }[];
}
