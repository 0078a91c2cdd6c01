// Fleet operations: vendor metrics and rate budgets, drift reports and template rollouts.

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
