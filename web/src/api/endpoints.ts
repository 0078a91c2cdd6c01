// Every route the dashboard calls, in one place, so a route change on the server is a one-line change here.
import { request, send } from './http';
import type {
  AnalyticsDay,
  BatchProgress,
  InstanceHistory,
  CloudflareAccount,
  CurrentUser,
  DriftReport,
  GscAccount,
  HostingServer,
  InstanceStatus,
  ManagementPayload,
  MetricsSnapshot,
  Page,
  ProgressFilter,
  RegistrarAccount,
  RolloutPlan,
  RolloutSettings,
  Site,
  SiteEvent,
  SiteInput,
  SiteProvisioning,
} from './types';

const enc = encodeURIComponent;

export const auth = {
  /** The signed-in user, or null when the session cookie is missing or expired. */
  async me(): Promise<CurrentUser | null> {
    const r = await send<CurrentUser>('/api/auth/me', { accept: [401, 403], quiet401: true });
    return r.status === 200 ? r.data : null;
  },
  signIn: (username: string, password: string) =>
    request<CurrentUser>('/api/auth/login', { method: 'POST', body: { user_name: username, password }, quiet401: true }),
  signOut: () => request<void>('/api/auth/logout', { method: 'POST', accept: [401] }),
  /** Ends every session of the signed-in user on the server (this one too) and clears the cookie (204). */
  signOutEverywhere: () => request<void>('/api/auth/logout', { method: 'POST', query: { everywhere: true } }),
  /**
   * Changes the signed-in local user's password (204). The server ends every other session of the user and keeps this
   * one; a wrong current password is a 400 on current_password, a non-local (OIDC) user a 403.
   */
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('/api/auth/password', { method: 'POST', body: { current_password: currentPassword, new_password: newPassword } }),
};

export interface SiteListQuery {
  progress?: ProgressFilter;
  search?: string;
  /** Lifecycle states, comma-separated, or 'all'; absent: every state but deleted (the server's default). */
  lifecycle?: string;
  offset?: number;
  limit?: number;
  order_by?: string;
  descending?: boolean;
}

export const sites = {
  list: (q: SiteListQuery, signal?: AbortSignal) =>
    request<Page<Site>>('/api/sites', {
      query: { ...q, progress: q.progress === 'any' ? undefined : q.progress },
      signal,
    }),
  get: (domain: string, signal?: AbortSignal) => request<Site>(`/api/sites/${enc(domain)}`, { signal }),
  /** Site counts by progress: { any, failed, in_progress, not_started, complete }. */
  summary: (signal?: AbortSignal) => request<Record<string, number>>('/api/sites/summary', { signal }),
  create: (input: SiteInput) => request<Site>('/api/sites', { method: 'POST', body: input }),
  update: (domain: string, input: SiteInput) => request<Site>(`/api/sites/${enc(domain)}`, { method: 'PUT', body: input }),
  remove: (domain: string) => request<void>(`/api/sites/${enc(domain)}`, { method: 'DELETE' }),
  import: (body: string, contentType: 'text/csv' | 'application/json') =>
    request<unknown>('/api/sites/import', { method: 'POST', body, headers: { 'Content-Type': contentType } }),
  events: (domain: string, signal?: AbortSignal) => request<SiteEvent[] | Page<SiteEvent>>(`/api/sites/${enc(domain)}/events`, { signal }),
  provision: (domain: string) => send<ManagementPayload>(`/api/sites/${enc(domain)}/provision`, { method: 'POST' }),
  /** Rewinds the site's failed provisioning run (only the failed step onward runs again), else starts a new run. */
  retry: (domain: string) => send<ManagementPayload>(`/api/sites/${enc(domain)}/retry`, { method: 'POST' }),
  /** The site's provisioning run as its instance reports it (a failed run is a Failed instance: step and reason). */
  provisioning: (domain: string, signal?: AbortSignal) => request<SiteProvisioning>(`/api/sites/${enc(domain)}/provisioning`, { signal }),
  /** Deletes the site's zone, records, CloudPanel site and Matomo site; the row is kept as deleted (admin). */
  teardown: (domain: string, rollback = false) => send<ManagementPayload>(`/api/sites/${enc(domain)}/teardown${rollback ? '?rollback=true' : ''}`, { method: 'POST' }),
  /** Content actions on a hosted site: rebuild + deploy, model rewrite + deploy, or switch back to the previous release. */
  contentAction: (domain: string, action: ContentAction) =>
    send<ManagementPayload>(`/api/sites/${enc(domain)}/${action}`, { method: 'POST' }),
};

export type ContentAction = 'redeploy' | 'regenerate' | 'rollback';

export const provisioning = {
  batch: (domains: string[]) => send<ManagementPayload>('/api/provision', { method: 'POST', body: { domains } }),
};

/** Template rollout: every live site rebuilt and redeployed in waves (canary first), stopped and rolled back on failure. */
export const rollout = {
  plan: (settings: RolloutSettings) => request<RolloutPlan>('/api/redeploy', { method: 'POST', body: { all: true, dry_run: true, ...settings } }),
  start: (settings: RolloutSettings) => send<ManagementPayload>('/api/redeploy', { method: 'POST', body: { all: true, ...settings } }),
};

const durable = '/runtime/webhooks/durabletask';

export const monitoring = {
  /** Status, every event (payloads redacted) and one span per activity/timer/sub-orchestration; 404 when unknown. */
  history: (id: string, signal?: AbortSignal) => send<InstanceHistory>(`/api/instances/${enc(id)}/history`, { accept: [404], signal }),
  batch: (id: string, signal?: AbortSignal) => send<BatchProgress>(`/api/batches/${enc(id)}`, { accept: [404], signal }),
};

export const instances = {
  status: (id: string, opts: { history?: boolean; signal?: AbortSignal } = {}) =>
    send<InstanceStatus>(`${durable}/instances/${enc(id)}`, {
      query: opts.history ? { showHistory: true, showHistoryOutput: true, showInput: true } : { showInput: true },
      accept: [202, 404],
      signal: opts.signal,
    }),
  list: (query: { runtimeStatus?: string[]; instanceIdPrefix?: string; top?: number }, signal?: AbortSignal) =>
    request<InstanceStatus[]>(`${durable}/instances`, {
      query: { runtimeStatus: query.runtimeStatus?.join(','), instanceIdPrefix: query.instanceIdPrefix, top: query.top, showInput: false },
      signal,
    }),
  terminate: (id: string, reason: string) =>
    send<void>(`${durable}/instances/${enc(id)}/terminate`, { method: 'POST', query: { reason }, accept: [410] }),
  rewind: (id: string, reason: string) =>
    send<void>(`${durable}/instances/${enc(id)}/rewind`, { method: 'POST', query: { reason }, accept: [412] }),
};

/** A CRUD resource for accounts and servers; secret values are write-only fields of create/update bodies. */
function resource<T>(path: string) {
  return {
    list: (signal?: AbortSignal) => request<T[] | Page<T>>(path, { signal }).then(itemsOf),
    create: (body: Record<string, unknown>) => request<T>(path, { method: 'POST', body }),
    update: (id: string, body: Record<string, unknown>) => request<T>(`${path}/${enc(id)}`, { method: 'PUT', body }),
    remove: (id: string) => request<void>(`${path}/${enc(id)}`, { method: 'DELETE' }),
  };
}

export const cloudflareAccounts = resource<CloudflareAccount>('/api/cloudflare-accounts');
export const registrarAccounts = resource<RegistrarAccount>('/api/registrar-accounts');
export const gscAccounts = resource<GscAccount>('/api/gsc-accounts');
export const servers = resource<HostingServer>('/api/servers');

/** Drift and orphans: the latest reconcile report (null before the first run), and the on-demand runs. */
export const drift = {
  latest: (signal?: AbortSignal) => send<DriftReport | null>('/api/drift', { accept: [404], signal }).then((r) => (r.status === 404 ? null : r.data)),
  run: () => send<ManagementPayload>('/api/drift', { method: 'POST' }),
  fix: () => send<ManagementPayload>('/api/drift/fix', { method: 'POST' }),
};

export const analytics = {
  portfolio: (from: string, to: string, signal?: AbortSignal) =>
    request<AnalyticsDay[] | { days: AnalyticsDay[] }>('/api/analytics', { query: { from, to }, signal }).then(daysOf),
  site: (domain: string, from: string, to: string, signal?: AbortSignal) =>
    request<AnalyticsDay[] | { days: AnalyticsDay[] }>(`/api/analytics/sites/${enc(domain)}`, { query: { from, to }, signal }).then(daysOf),
};

export const metrics = {
  get: (signal?: AbortSignal) => request<MetricsSnapshot>('/api/metrics', { signal }),
};

export function itemsOf<T>(value: T[] | Page<T> | null): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.items;
}

function daysOf(value: AnalyticsDay[] | { days: AnalyticsDay[] } | null): AnalyticsDay[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.days ?? [];
}
