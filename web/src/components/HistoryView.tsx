// The orchestration history, as Durable Functions Monitor shows it: a Gantt-like chart of activities, timers and
// sub-orchestrations, and the event list with durations and (redacted) inputs, outputs and failure details.
import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { isRunning } from '../api/instances';
import type { FailureView, HistoryItem, HistorySpan, InstanceHistory } from '../api/types';
import { formatDuration, formatTime, humanize } from '../format';
import { href } from '../router';
import { JsonView } from './JsonView';
import { StatusChip } from './StatusChip';

interface Bar {
  key: string;
  name: string;
  kind: string;
  start: number;
  end: number;
  outcome: 'ok' | 'fail' | 'busy';
  link?: string;
  error?: string | null;
}

const time = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : NaN);

/** The orchestration itself plus one bar per span; pending spans run to "now" while the instance runs. */
export function barsOf(h: InstanceHistory, now = Date.now()): Bar[] {
  const running = isRunning(h);
  const t0 = time(h.created_at);
  const tEnd = running ? now : time(h.completed_at ?? h.last_updated_at);
  const bars: Bar[] = [
    {
      key: 'orchestration',
      name: h.name,
      kind: 'orchestration',
      start: t0,
      end: Math.max(t0, tEnd),
      outcome: h.runtime_status === 'Completed' ? 'ok' : running ? 'busy' : 'fail',
    },
  ];
  h.spans.forEach((s: HistorySpan, i) => {
    const start = time(s.started_at);
    const end = s.ended_at ? time(s.ended_at) : running ? now : start;
    bars.push({
      key: `s${i}`,
      // Sub-orchestrations are told apart by instance id (a batch runs one ProvisionSite per site).
      name: s.sub_instance_id ?? s.name ?? s.kind,
      kind: s.kind,
      start,
      end: Math.max(start, end),
      outcome: s.status === 'failed' ? 'fail' : s.status === 'pending' ? 'busy' : 'ok',
      link: s.sub_instance_id ? href(`/instances/${encodeURIComponent(s.sub_instance_id)}`) : undefined,
      error: s.error,
    });
  });
  return bars.filter((b) => !Number.isNaN(b.start) && !Number.isNaN(b.end));
}

/** A Gantt chart in inline SVG: one row per bar, the orchestration first, scaled to the run's duration. */
export function Gantt({ bars, label }: { bars: Bar[]; label?: string }) {
  if (bars.length <= 1) return <p class="muted">No activities yet.</p>;
  const t0 = Math.min(...bars.map((s) => s.start));
  const t1 = Math.max(...bars.map((s) => s.end), t0 + 1);
  const total = t1 - t0;
  const rowH = 22;
  const labelW = 200;
  const width = 900;
  const chartW = width - labelW - 70;
  const height = bars.length * rowH + 28;
  const x = (t: number) => labelW + ((t - t0) / total) * chartW;
  const ticks = 5;
  return (
    <figure class="gantt">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label ?? `Timeline of ${bars.length - 1} activities over ${formatDuration(total)}`} preserveAspectRatio="xMinYMin meet">
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
        {bars.map((s, i) => {
          const y = i * rowH + 3;
          const bx = x(s.start);
          const bw = Math.max(2, x(s.end) - bx);
          const row = (
            <g key={s.key} class={`gantt-row gantt-${s.kind}`}>
              <title>{`${s.name}: ${formatDuration(s.end - s.start)}${s.outcome === 'fail' ? ` (failed${s.error ? `: ${s.error}` : ''})` : s.outcome === 'busy' ? ' (running)' : ''}`}</title>
              <text x={labelW - 8} y={y + 13} class="gantt-label" text-anchor="end">
                {truncate(s.name, 27)}
              </text>
              <rect x={bx} y={y + 2} width={bw} height={rowH - 8} rx={3} class={`gantt-bar bar-${s.outcome}`} />
              <text x={Math.min(bx + bw + 4, width - 66)} y={y + 13} class="gantt-duration">
                {s.outcome === 'busy' ? '…' : formatDuration(s.end - s.start)}
              </text>
            </g>
          );
          return s.link ? (
            <a key={s.key} href={s.link}>
              {row}
            </a>
          ) : (
            row
          );
        })}
      </svg>
    </figure>
  );
}

function truncate(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// Episode markers carry no information for an operator; shown only on request.
const noise = new Set(['OrchestratorStarted', 'OrchestratorCompleted']);

function eventTone(e: HistoryItem): string {
  const t = e.event_type;
  if (t.endsWith('Failed') || t === 'ExecutionTerminated') return 'failed';
  if (t === 'ExecutionCompleted') return (e.orchestration_status ?? 'completed').toLowerCase();
  if (t.endsWith('Completed') || t === 'TimerFired') return 'succeeded';
  if (t === 'TaskScheduled' || t === 'TimerCreated' || t === 'SubOrchestrationInstanceCreated') return 'running';
  return 'info';
}

export function failureText(f: FailureView | null | undefined): string | undefined {
  if (!f) return undefined;
  return `${f.error_type ? `${f.error_type}: ` : ''}${f.error_message ?? ''}`.trim() || undefined;
}

/** The event list; rows with payloads expand to show them. */
export function HistoryTable({ events, orchestrator }: { events: HistoryItem[]; orchestrator?: string }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [all, setAll] = useState(false);
  const shown = all ? events : events.filter((e) => !noise.has(e.event_type));
  const toggle = (i: number) => {
    const next = new Set(open);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setOpen(next);
  };
  const t0 = events.length ? time(events[0].timestamp) : 0;
  return (
    <>
      <label class="checkbox-label small">
        <input type="checkbox" checked={all} onChange={() => setAll(!all)} /> Show episode markers ({events.length - events.filter((e) => !noise.has(e.event_type)).length})
      </label>
      <div class="table-wrap">
        <table class="table history-table">
          <caption class="sr-only">Orchestration history events</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Elapsed</th>
              <th scope="col">Event</th>
              <th scope="col">Name</th>
              <th scope="col">Duration</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => {
              const i = e.sequence;
              const hasPayload = (e.input !== null && e.input !== undefined) || (e.result !== null && e.result !== undefined) || !!e.failure;
              const failure = failureText(e.failure) ?? e.reason ?? undefined;
              return (
                <Fragment key={i}>
                  <tr class={e.event_type.endsWith('Failed') ? 'row-failed' : undefined} data-event={e.event_type}>
                    <td class="mono small muted">{e.sequence}</td>
                    <td class="mono small">{formatTime(e.timestamp)}</td>
                    <td class="mono small muted">+{formatDuration(time(e.timestamp) - t0)}</td>
                    <td>
                      <StatusChip status={eventTone(e)} title={e.event_type} label={e.event_type} />
                    </td>
                    <td class="mono">
                      {e.instance_id && e.event_type.startsWith('SubOrchestration') ? <a href={href(`/instances/${encodeURIComponent(e.instance_id)}`)}>{e.name ?? e.instance_id}</a> : (e.name ?? (e.event_type === 'ExecutionStarted' ? orchestrator : '') ?? '')}
                    </td>
                    <td class="mono small">{e.duration_ms !== null && e.duration_ms !== undefined ? formatDuration(e.duration_ms) : ''}</td>
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
                      <td colSpan={7}>
                        <div class="payloads">
                          {e.input !== null && e.input !== undefined ? (
                            <div>
                              <h4>Input</h4>
                              <JsonView value={e.input} label="Input" />
                            </div>
                          ) : null}
                          {e.result !== null && e.result !== undefined ? (
                            <div>
                              <h4>Output</h4>
                              <JsonView value={e.result} label="Output" />
                            </div>
                          ) : null}
                          {e.failure ? (
                            <div>
                              <h4>Failure</h4>
                              <JsonView value={e.failure} label="Failure details" />
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
    </>
  );
}

/** Status, times, Gantt and events of one orchestration instance. */
export function InstanceSummary({ history }: { history: InstanceHistory }) {
  const bars = useMemo(() => barsOf(history), [history]);
  const end = isRunning(history) ? Date.now() : time(history.completed_at ?? history.last_updated_at);
  return (
    <div class="instance">
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusChip status={history.runtime_status} />
          </dd>
        </div>
        <div>
          <dt>Orchestrator</dt>
          <dd class="mono">{history.name}</dd>
        </div>
        <div>
          <dt>Instance id</dt>
          <dd class="mono">
            <a href={href(`/instances/${encodeURIComponent(history.instance_id)}`)}>{history.instance_id}</a>
          </dd>
        </div>
        {history.parent_instance_id ? (
          <div>
            <dt>Parent</dt>
            <dd class="mono">
              <a href={href(`/instances/${encodeURIComponent(history.parent_instance_id)}`)}>{history.parent_instance_id}</a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Created</dt>
          <dd>{formatTime(history.created_at)}</dd>
        </div>
        <div>
          <dt>Last update</dt>
          <dd>{formatTime(history.last_updated_at)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(end - time(history.created_at))}</dd>
        </div>
        {customStep(history.custom_status) ? (
          <div>
            <dt>Current step</dt>
            <dd>{customStep(history.custom_status)}</dd>
          </div>
        ) : null}
      </dl>
      {history.failure ? (
        <div class="notice notice-error" role="alert">
          <strong>Orchestration failed</strong>
          <p class="error-message">{failureText(history.failure)}</p>
        </div>
      ) : null}
      <h3>Activities</h3>
      <Gantt bars={bars} />
      <h3>Events</h3>
      {history.events.length > 0 ? <HistoryTable events={history.events} orchestrator={history.name} /> : <p class="muted">No history events yet.</p>}
      <div class="payloads">
        <details>
          <summary>Orchestration input</summary>
          <JsonView value={history.input} label="Orchestration input" />
        </details>
        <details>
          <summary>Orchestration output</summary>
          <JsonView value={history.output} label="Orchestration output" />
        </details>
        <details>
          <summary>Custom status</summary>
          <JsonView value={history.custom_status} label="Custom status" />
        </details>
      </div>
    </div>
  );
}

/** The step a running instance reports in its custom status ({ step: "zone" } or a plain string). */
export function customStep(custom: unknown): string | undefined {
  if (typeof custom === 'string' && custom.length < 60) return humanize(custom);
  if (custom && typeof custom === 'object') {
    const o = custom as Record<string, unknown>;
    const step = o.step ?? o.Step ?? o.current_step;
    if (typeof step === 'string') return humanize(step);
  }
  return undefined;
}
