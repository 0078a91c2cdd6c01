// Pre-flight: POST /api/preflight runs every check now (read-only vendor calls) and answers 200 with the report,
// whatever it found. Kept apart from endpoints.ts/types.ts so the fleet pages (drift, servers) do not collide here.
import { request } from './http';

export type PreflightResult = 'pass' | 'warn' | 'fail';

/** One check on one target: what was found and, unless it passed, the fix in one sentence. */
export interface PreflightCheck {
  name: string;
  target: string;
  result: PreflightResult;
  message: string;
  fix: string;
  duration_ms: number;
}

export interface PreflightReport {
  /** True when no check failed (warnings allowed). */
  ok: boolean;
  failed: number;
  warned: number;
  /** Every check, failures first. */
  checks: PreflightCheck[];
}

export const preflight = {
  run: () => request<PreflightReport>('/api/preflight', { method: 'POST' }),
};
