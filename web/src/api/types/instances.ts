// Orchestration instances: the Durable-Functions-compatible management API (camelCase status objects, PascalCase
// history events) and the dashboard's history, batch and provisioning views.
import type { Site } from './sites';

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
