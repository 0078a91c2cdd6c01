// The orchestration history, as Durable Functions Monitor shows it: a Gantt-like chart of activities, timers and
// sub-orchestrations, and the event list with durations and (redacted) inputs, outputs and failure details.
import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { HistoryEvent, InstanceStatus } from '../api/types';
import { formatDuration, formatTime } from '../format';
import { JsonView } from './JsonView';
import { StatusChip } from './StatusChip';

export interface Span {
  key: string;
  name: string;
  kind: 'activity' | 'timer' | 'suborchestration' | 'orchestration';
  start: number;
  end: number;
  outcome: 'ok' | 'fail' | 'busy';
}

const time = (iso: string | undefined) => (iso ? new Date(iso).getTime() : NaN);

/** Turns history events into bars: one per completed/failed/pending task, timer and sub-orchestration. */
export function spansOf(status: InstanceStatus, now = Date.now()): Span[] {
  const events = status.historyEvents ?? [];
  const spans: Span[] = [];
  const started = events.find((e) => e.EventType === 'ExecutionStarted');
  const completed = events.find((e) => e.EventType === 'ExecutionCompleted' || e.EventType === 'ExecutionTerminated');
  const running = !completed && ['Running', 'Pending', 'Suspended', 'ContinuedAsNew'].includes(status.runtimeStatus);
  const t0 = time(started?.Timestamp ?? status.createdTime);
  const tEnd = completed ? time(completed.Timestamp) : running ? now : time(status.lastUpdatedTime);
  spans.push({
    key: 'orchestration',
    name: status.name || 'orchestration',
    kind: 'orchestration',
    start: t0,
    end: Math.max(t0, tEnd),
    outcome: status.runtimeStatus === 'Completed' ? 'ok' : running ? 'busy' : 'fail',
  });
  const timers = new Map<string, HistoryEvent>();
  events.forEach((e, i) => {
    const name = String(e.FunctionName ?? e.Name ?? e.EventType);
    switch (e.EventType) {
      case 'TaskCompleted':
      case 'TaskFailed':
      case 'SubOrchestrationInstanceCompleted':
      case 'SubOrchestrationInstanceFailed': {
        const end = time(e.Timestamp);
        const start = e.ScheduledTime ? time(e.ScheduledTime) : end;
        spans.push({
          key: `e${i}`,
          name,
          kind: e.EventType.startsWith('Sub') ? 'suborchestration' : 'activity',
          start,
          end,
          outcome: e.EventType.endsWith('Failed') ? 'fail' : 'ok',
        });
        break;
      }
      case 'TaskScheduled':
      case 'SubOrchestrationInstanceCreated':
        // Still listed only while pending (completed ones are folded into their completion event).
        spans.push({ key: `e${i}`, name, kind: e.EventType === 'TaskScheduled' ? 'activity' : 'suborchestration', start: time(e.Timestamp), end: running ? now : time(e.Timestamp), outcome: 'busy' });
        break;
      case 'TimerCreated':
        timers.set(String(e.FireAt ?? i), e);
        break;
      case 'TimerFired': {
        const created = timers.get(String(e.FireAt));
        if (created) timers.delete(String(e.FireAt));
        spans.push({ key: `e${i}`, name: 'timer', kind: 'timer', start: time(created?.Timestamp ?? e.Timestamp), end: time(e.Timestamp), outcome: 'ok' });
        break;
      }
      default:
        break;
    }
  });
  for (const [fireAt, e] of timers) {
    spans.push({ key: `t${fireAt}`, name: 'timer (waiting)', kind: 'timer', start: time(e.Timestamp), end: running ? Math.min(now, time(String(e.FireAt)) || now) : time(e.Timestamp), outcome: 'busy' });
  }
  return spans.filter((s) => !Number.isNaN(s.start) && !Number.isNaN(s.end));
}

/** A Gantt chart in inline SVG: one row per span, the orchestration first, scaled to the run's duration. */
export function Gantt({ spans }: { spans: Span[] }) {
  if (spans.length === 0) return <p class="muted">No history yet.</p>;
  const t0 = Math.min(...spans.map((s) => s.start));
  const t1 = Math.max(...spans.map((s) => s.end), t0 + 1);
  const total = t1 - t0;
  const rowH = 22;
  const labelW = 190;
  const width = 900;
  const chartW = width - labelW - 70;
  const height = spans.length * rowH + 28;
  const x = (t: number) => labelW + ((t - t0) / total) * chartW;
  const ticks = 5;
  return (
    <figure class="gantt">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Timeline of ${spans.length - 1} activities over ${formatDuration(total)}`} preserveAspectRatio="xMinYMin meet">
        {Array.from({ length: ticks + 1 }, (_, i) => {
          const tx = labelW + (chartW * i) / ticks;
          return (
            <g key={i}>
              <line x1={tx} x2={tx} y1={0} y2={height - 20} class="gantt-grid" />
              <text x={tx} y={height - 6} class="gantt-tick" text-anchor="middle">
                {formatDuration((total * i) / ticks)}
              </text>
            </g>
          );
        })}
        {spans.map((s, i) => {
          const y = i * rowH + 3;
          const bx = x(s.start);
          const bw = Math.max(2, x(s.end) - bx);
          return (
            <g key={s.key} class={`gantt-row gantt-${s.kind}`}>
              <title>{`${s.name}: ${formatDuration(s.end - s.start)}${s.outcome === 'fail' ? ' (failed)' : s.outcome === 'busy' ? ' (running)' : ''}`}</title>
              <text x={labelW - 8} y={y + 13} class="gantt-label" text-anchor="end">
                {truncate(s.name, 26)}
              </text>
              <rect x={bx} y={y + 2} width={bw} height={rowH - 8} rx={3} class={`gantt-bar bar-${s.outcome}`} />
              <text x={Math.min(bx + bw + 4, width - 66)} y={y + 13} class="gantt-duration">
                {formatDuration(s.end - s.start)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function truncate(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function durationOf(e: HistoryEvent): number | undefined {
  if (!e.ScheduledTime) return undefined;
  return time(e.Timestamp) - time(e.ScheduledTime);
}

function eventTone(e: HistoryEvent): string {
  if (e.EventType.endsWith('Failed') || e.EventType === 'ExecutionTerminated') return 'failed';
  if (e.EventType === 'ExecutionCompleted') return (e.OrchestrationStatus ?? 'completed').toLowerCase();
  if (e.EventType.endsWith('Completed') || e.EventType === 'TimerFired') return 'succeeded';
  if (e.EventType === 'TaskScheduled' || e.EventType === 'TimerCreated' || e.EventType === 'SubOrchestrationInstanceCreated') return 'running';
  return 'info';
}

/** The event list; rows with payloads expand to show them. */
export function HistoryTable({ events }: { events: HistoryEvent[] }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (i: number) => {
    const next = new Set(open);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setOpen(next);
  };
  const t0 = events.length ? time(events[0].Timestamp) : 0;
  return (
    <div class="table-wrap">
      <table class="table history-table">
        <caption class="sr-only">Orchestration history events</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">+</th>
            <th scope="col">Event</th>
            <th scope="col">Name</th>
            <th scope="col">Duration</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => {
            const hasPayload = e.Input !== undefined || e.Result !== undefined || e.Details !== undefined || e.FailureDetails !== undefined || e.Reason !== undefined;
            const failure = e.Reason ?? summarizeFailure(e.FailureDetails ?? e.Details);
            return (
              <Fragment key={i}>
                <tr class={e.EventType.endsWith('Failed') ? 'row-failed' : undefined}>
                  <td class="mono small">{formatTime(e.Timestamp)}</td>
                  <td class="mono small muted">{formatDuration(time(e.Timestamp) - t0)}</td>
                  <td>
                    <StatusChip status={eventTone(e)} title={e.EventType} label={e.EventType} />
                  </td>
                  <td class="mono">{String(e.FunctionName ?? e.Name ?? '')}</td>
                  <td class="mono small">{durationOf(e) !== undefined ? formatDuration(durationOf(e)) : ''}</td>
                  <td>
                    {failure ? <span class="error-text">{failure}</span> : null}{' '}
                    {hasPayload ? (
                      <button type="button" class="link-button" aria-expanded={open.has(i)} onClick={() => toggle(i)}>
                        {open.has(i) ? 'Hide' : 'Show'} data
                      </button>
                    ) : null}
                  </td>
                </tr>
                {open.has(i) ? (
                  <tr class="payload-row">
                    <td colSpan={6}>
                      <div class="payloads">
                        {e.Input !== undefined ? (
                          <div>
                            <h4>Input</h4>
                            <JsonView value={e.Input} label="Input" />
                          </div>
                        ) : null}
                        {e.Result !== undefined ? (
                          <div>
                            <h4>Output</h4>
                            <JsonView value={e.Result} label="Output" />
                          </div>
                        ) : null}
                        {e.FailureDetails !== undefined || e.Details !== undefined ? (
                          <div>
                            <h4>Failure details</h4>
                            <JsonView value={e.FailureDetails ?? e.Details} label="Failure details" />
                          </div>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function summarizeFailure(details: unknown): string | undefined {
  if (!details) return undefined;
  if (typeof details === 'string') return details.split('\n')[0];
  if (typeof details === 'object') {
    const d = details as Record<string, unknown>;
    const msg = d.ErrorMessage ?? d.errorMessage ?? d.message ?? d.Message;
    const type = d.ErrorType ?? d.errorType;
    if (msg) return `${type ? `${String(type)}: ` : ''}${String(msg)}`;
  }
  return undefined;
}

/** Status, times, Gantt and events of one orchestration instance. */
export function InstanceSummary({ status }: { status: InstanceStatus }) {
  const spans = useMemo(() => spansOf(status), [status]);
  const duration = time(status.lastUpdatedTime) - time(status.createdTime);
  return (
    <div class="instance">
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusChip status={status.runtimeStatus} />
          </dd>
        </div>
        <div>
          <dt>Orchestrator</dt>
          <dd class="mono">{status.name}</dd>
        </div>
        <div>
          <dt>Instance id</dt>
          <dd class="mono">{status.instanceId}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(status.createdTime)}</dd>
        </div>
        <div>
          <dt>Last update</dt>
          <dd>{formatTime(status.lastUpdatedTime)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(duration)}</dd>
        </div>
      </dl>
      {status.customStatus !== null && status.customStatus !== undefined ? (
        <details class="custom-status">
          <summary>Custom status</summary>
          <JsonView value={status.customStatus} label="Custom status" />
        </details>
      ) : null}
      <h3>Activities</h3>
      <Gantt spans={spans} />
      <h3>Events</h3>
      {status.historyEvents && status.historyEvents.length > 0 ? <HistoryTable events={status.historyEvents} /> : <p class="muted">No history events.</p>}
      <div class="payloads">
        <details>
          <summary>Orchestration input</summary>
          <JsonView value={status.input} label="Orchestration input" />
        </details>
        <details>
          <summary>Orchestration output</summary>
          <JsonView value={status.output} label="Orchestration output" />
        </details>
      </div>
    </div>
  );
}
