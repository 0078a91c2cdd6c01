// The server console routes (/api/servers/{id}/status|disk|certificates|logs|actions), admin only.
import { request } from './http';

export interface ServiceState {
  name: string;
  active_state: string;
  sub_state: string;
  installed: boolean;
  running: boolean;
}

export interface ServerStatus {
  server: string;
  services: ServiceState[];
  load: number[];
  memory_total_bytes: number;
  memory_available_bytes: number;
  uptime_seconds: number;
  checked_at: string;
}

export interface DiskUsage {
  mount: string;
  size_bytes: number;
  used_bytes: number;
  available_bytes: number;
  used_percent: number;
}

export interface CertificateInfo {
  domain: string;
  site_id: string | null;
  not_after: string | null;
  days_left: number | null;
  issuer: string | null;
  problem: string | null;
  warning: boolean;
}

export interface Certificates {
  warning_days: number;
  certificates: CertificateInfo[];
}

export type LogKind = 'access' | 'error';

export interface SiteLog {
  site: string;
  kind: LogKind;
  path: string;
  found: boolean;
  filter: string | null;
  lines: string[];
}

export type ServerActionName = 'reload-nginx' | 'renew-certificate';

export interface ActionResult {
  action: ServerActionName;
  site: string | null;
  succeeded: boolean;
  message: string;
  audit_id: number;
}

export interface AuditEntry {
  id: number;
  action: ServerActionName;
  target: string | null;
  outcome: 'started' | 'succeeded' | 'failed';
  message: string | null;
  actor: string;
  at: string;
}

const base = (id: string) => `/api/servers/${encodeURIComponent(id)}`;

export const serverConsole = {
  status: (id: string, signal?: AbortSignal) => request<ServerStatus>(`${base(id)}/status`, { signal }),
  disk: (id: string, signal?: AbortSignal) => request<DiskUsage[]>(`${base(id)}/disk`, { signal }),
  certificates: (id: string, signal?: AbortSignal) => request<Certificates>(`${base(id)}/certificates`, { signal }),
  logs: (id: string, q: { site: string; kind: LogKind; lines: number; filter?: string }, signal?: AbortSignal) =>
    request<SiteLog>(`${base(id)}/logs`, { query: { site: q.site, kind: q.kind, lines: q.lines, filter: q.filter || undefined }, signal }),
  run: (id: string, action: ServerActionName, site?: string) =>
    request<ActionResult>(`${base(id)}/actions/${action}`, { method: 'POST', body: site ? { site } : {} }),
  audit: (id: string, signal?: AbortSignal) => request<AuditEntry[]>(`${base(id)}/actions`, { query: { limit: 20 }, signal }),
};
