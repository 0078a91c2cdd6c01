// A site's step timeline: a stepper with the latest outcome of each pipeline step, and the site_events list.
import type { SiteEvent } from '../api/types';
import { formatDateTime, formatTime, humanize } from '../format';
import { StatusChip } from './StatusChip';

export const pipeline = ['zone', 'records', 'nameservers', 'delegation', 'hosting_site', 'certificate', 'analytics', 'content', 'build', 'deploy', 'search_console'];

const norm = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

/** The last outcome per step (events are in insertion order). */
export function latestByStep(events: SiteEvent[]): Map<string, SiteEvent> {
  const byStep = new Map<string, SiteEvent>();
  for (const e of [...events].sort((a, b) => a.id - b.id)) byStep.set(norm(String(e.step)), e);
  return byStep;
}

export function Stepper({ events }: { events: SiteEvent[] }) {
  const latest = latestByStep(events);
  return (
    <ol class="stepper" aria-label="Pipeline steps">
      {pipeline.map((step) => {
        const e = latest.get(step);
        const outcome = e ? norm(String(e.outcome)) : 'pending';
        return (
          <li key={step} class={`step step-${outcome}`} data-step={step} data-outcome={outcome}>
            <span class="step-dot" aria-hidden="true" />
            <span class="step-name">{humanize(step)}</span>
            <span class="sr-only">: {outcome}</span>
            {e ? <span class="step-time muted">{formatTime(e.at)}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

export function EventList({ events }: { events: SiteEvent[] }) {
  const sorted = [...events].sort((a, b) => b.id - a.id);
  if (sorted.length === 0) return <p class="muted">No events yet.</p>;
  return (
    <ol class="timeline" aria-label="Site events, newest first">
      {sorted.map((e) => {
        const outcome = norm(String(e.outcome));
        return (
          <li key={e.id} class={`timeline-item outcome-${outcome}`}>
            <div class="timeline-head">
              <StatusChip status={outcome} label={humanize(norm(String(e.step)))} />
              <time dateTime={e.at} class="muted small">
                {formatDateTime(e.at)}
              </time>
              <span class="muted small actor">{e.actor}</span>
            </div>
            {e.message ? <p class={outcome === 'failed' ? 'timeline-message error-text' : 'timeline-message'}>{e.message}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}
