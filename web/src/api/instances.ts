// Loads one orchestration instance with its history, from the server's redacted history route when it has one,
// else from the Durable-Functions-compatible management route.
import { instances } from './endpoints';
import type { HistoryEvent, InstanceStatus } from './types';

export const runningStatuses = ['Running', 'Pending', 'Suspended', 'ContinuedAsNew'];

export function isRunning(status: InstanceStatus | null | undefined): boolean {
  return !!status && runningStatuses.includes(status.runtimeStatus);
}

export async function loadInstance(id: string, signal?: AbortSignal): Promise<InstanceStatus | null> {
  const history = await instances.history(id, signal).catch(() => null);
  if (history && history.status === 200 && history.data) {
    const data = history.data as unknown;
    if (data && typeof data === 'object' && 'runtimeStatus' in data) return data as InstanceStatus;
    // A bare event list: take the status from the management route and the events from here.
    const events = Array.isArray(data) ? (data as HistoryEvent[]) : ((data as { historyEvents?: HistoryEvent[] }).historyEvents ?? undefined);
    const status = await instances.status(id, { signal });
    if (status.status === 404) return null;
    return { ...status.data, historyEvents: events ?? status.data.historyEvents };
  }
  const r = await instances.status(id, { history: true, signal });
  return r.status === 404 ? null : r.data;
}
