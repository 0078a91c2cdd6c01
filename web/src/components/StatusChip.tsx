import type { Site } from '../api/types';

export type Tone = 'ok' | 'busy' | 'fail' | 'idle' | 'warn';

const tones: Record<string, Tone> = {
  active: 'ok',
  verified: 'ok',
  generated: 'ok',
  deployed: 'ok',
  completed: 'ok',
  ok: 'ok',
  skipped: 'idle',
  live: 'warn',
  succeeded: 'ok',
  generating: 'busy',
  deploying: 'busy',
  running: 'busy',
  started: 'busy',
  pending: 'idle',
  failed: 'fail',
  terminated: 'fail',
  canceled: 'warn',
  suspended: 'warn',
  warning: 'warn',
  info: 'idle',
};

export function toneOf(status: string | null | undefined): Tone {
  return tones[(status ?? '').toLowerCase()] ?? 'idle';
}

const icons: Record<Tone, string> = { ok: '✓', busy: '◐', fail: '✕', idle: '○', warn: '!' };

/** A small coloured badge: "DNS ✓ active". The text, not only the colour, carries the status. */
export function StatusChip({ label, status, title }: { label?: string; status: string; title?: string }) {
  const tone = toneOf(status);
  const text = status.toLowerCase().replace(/_/g, ' ');
  return (
    <span class={`chip chip-${tone}`} title={title ?? (label ? `${label}: ${text}` : text)} data-status={status.toLowerCase()}>
      <span class="chip-icon" aria-hidden="true">
        {icons[tone]}
      </span>
      {label ? <span class="chip-label">{label}</span> : null}
      <span class={label ? 'sr-only' : undefined}>{label ? `: ${text}` : text}</span>
    </span>
  );
}

export const stepColumns: { key: keyof Site; label: string }[] = [
  { key: 'status_dns', label: 'DNS' },
  { key: 'status_hosting', label: 'Hosting' },
  { key: 'status_content', label: 'Content' },
  { key: 'status_deployment', label: 'Deploy' },
  { key: 'gsc_verification_status', label: 'GSC' },
];

/** The five per-step chips of a site, in pipeline order. */
export function StepChips({ site }: { site: Site }) {
  return (
    <span class="chips" role="list" aria-label={`Steps of ${site.domain}`}>
      {stepColumns.map((c) => (
        <span role="listitem" key={c.key}>
          <StatusChip label={c.label} status={String(site[c.key] ?? 'pending')} />
        </span>
      ))}
    </span>
  );
}

/** The Matomo tracking badge: pending while the background retry runs, failed (with the reason) once it gave up. */
export function AnalyticsChip({ site }: { site: Site }) {
  const status = site.analytics_status ?? 'pending';
  const attempts = site.analytics_attempts ? ` after ${site.analytics_attempts} attempt${site.analytics_attempts === 1 ? '' : 's'}` : '';
  const title = site.analytics_error ? `Analytics: ${status}${attempts}: ${site.analytics_error}` : `Analytics: ${status}${attempts}`;
  return <StatusChip label="Analytics" status={status} title={title} />;
}

/** Overall state of a site, from its step statuses. */
export function siteOverall(site: Site): 'failed' | 'complete' | 'live' | 'in progress' | 'not started' {
  if (site.progress) return site.progress === 'in_progress' ? 'in progress' : site.progress === 'not_started' ? 'not started' : site.progress;
  const values = stepColumns.map((c) => String(site[c.key] ?? 'pending'));
  if (values.includes('failed')) return 'failed';
  if (values.every((v) => toneOf(v) === 'ok')) return 'complete';
  if (values.every((v) => v === 'pending')) return 'not started';
  return 'in progress';
}
