// Loads one orchestration instance for the history views.
import { monitoring } from './endpoints';
import type { InstanceHistory } from './types';

export const runningStatuses = ['Running', 'Pending', 'Suspended', 'ContinuedAsNew'];

export function isRunning(status: { runtime_status?: string | null; runtimeStatus?: string | null } | null | undefined): boolean {
  const s = status?.runtime_status ?? status?.runtimeStatus;
  return !!s && runningStatuses.includes(s);
}

/** The instance with its history, or null when no instance has this id. */
export async function loadInstance(id: string, signal?: AbortSignal): Promise<InstanceHistory | null> {
  const r = await monitoring.history(id, signal);
  return r.status === 404 ? null : r.data;
}
