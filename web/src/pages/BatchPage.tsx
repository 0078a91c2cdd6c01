// Live progress of a provisioning batch: polls the batch instance and the sites it covers until everything settles.
import { useMemo } from 'preact/hooks';
import { sites as sitesApi } from '../api/endpoints';
import { errorText } from '../api/http';
import { isRunning, loadInstance } from '../api/instances';
import type { InstanceStatus, Site } from '../api/types';
import { Gantt, spansOf } from '../components/HistoryView';
import { JsonView } from '../components/JsonView';
import { siteOverall, StatusChip, StepChips, stepColumns, toneOf } from '../components/StatusChip';
import { formatDuration, formatTime } from '../format';
import { useAsync, usePolling } from '../hooks';
import { href } from '../router';

const storageKey = (id: string) => `wf.batch.${id}`;

/** Remembers which domains a batch covers, in case its input is not readable (e.g. redacted). */
export function rememberBatch(id: string, domains: string[]): void {
  try {
    sessionStorage.setItem(storageKey(id), JSON.stringify(domains));
  } catch {
    // Storage may be disabled; the batch input is the other source.
  }
}

function domainsOf(id: string, status: InstanceStatus | null | undefined): string[] {
  const fromInput = extractDomains(status?.input);
  if (fromInput.length) return fromInput;
  try {
    const stored = sessionStorage.getItem(storageKey(id));
    if (stored) return JSON.parse(stored) as string[];
  } catch {
    // ignore
  }
  return [];
}

function extractDomains(input: unknown): string[] {
  let v = input;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  const pick = (x: unknown): string | null => {
    if (typeof x === 'string') return x;
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const d = o.domain ?? o.Domain;
      if (typeof d === 'string') return d;
    }
    return null;
  };
  if (Array.isArray(v)) return v.map(pick).filter((d): d is string => !!d);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const list = o.domains ?? o.Domains ?? o.sites ?? o.Sites;
    if (Array.isArray(list)) return list.map(pick).filter((d): d is string => !!d);
  }
  return [];
}

async function loadSites(domains: string[], signal: AbortSignal): Promise<Site[]> {
  if (domains.length === 0) return [];
  if (domains.length <= 5) return Promise.all(domains.map((d) => sitesApi.get(d, signal)));
  // One list call instead of one request per site; filtered here.
  const wanted = new Set(domains);
  const found: Site[] = [];
  for (let offset = 0; offset < 20000; offset += 1000) {
    const page = await sitesApi.list({ offset, limit: 1000 }, signal);
    found.push(...page.items.filter((s) => wanted.has(s.domain)));
    if (offset + page.items.length >= page.total_count || page.items.length === 0) break;
  }
  return found;
}

export function BatchPage({ id }: { id: string }) {
  const instance = useAsync((signal) => loadInstance(id, signal), [id]);
  const domains = useMemo(() => domainsOf(id, instance.data), [id, instance.data]);
  const sites = useAsync((signal) => loadSites(domains, signal), [domains.join(',')]);
  const list = sites.data ?? [];
  const counts = { complete: 0, failed: 0, running: 0, waiting: 0 };
  for (const s of list) {
    const o = siteOverall(s);
    if (o === 'complete') counts.complete++;
    else if (o === 'failed') counts.failed++;
    else if (o === 'not started') counts.waiting++;
    else counts.running++;
  }
  const total = Math.max(domains.length, list.length);
  const done = counts.complete + counts.failed;
  const running = isRunning(instance.data) || (total > 0 && done < total && list.some((s) => siteOverall(s) === 'in progress'));
  usePolling(
    () => {
      instance.reload();
      sites.reload();
    },
    2000,
    running,
  );

  const status = instance.data;
  const spans = status ? spansOf(status) : [];
  const elapsed = status ? (isRunning(status) ? Date.now() : new Date(status.lastUpdatedTime).getTime()) - new Date(status.createdTime).getTime() : undefined;
  const pct = (n: number) => (total ? (n / total) * 100 : 0);

  return (
    <section class="page" aria-labelledby="batch-title">
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={href('/')}>Sites</a> <span aria-hidden="true">/</span> <span aria-current="page">Batch</span>
      </nav>
      <div class="page-header">
        <div>
          <h1 id="batch-title">Provisioning batch</h1>
          <p class="muted mono">{id}</p>
        </div>
        <div class="header-chips">
          {status ? <StatusChip status={status.runtimeStatus} /> : null}
          {running ? (
            <span class="live-dot" role="status">
              Live
            </span>
          ) : null}
          <a class="button button-small" href={href(`/instances/${encodeURIComponent(id)}`)}>
            Instance history
          </a>
        </div>
      </div>

      {instance.error ? (
        <p class="notice notice-error" role="alert">
          Could not load the batch: {errorText(instance.error)}
        </p>
      ) : instance.data === null ? (
        <p class="notice notice-info">The batch instance was not found yet; it may still be starting.</p>
      ) : null}

      <section class="card" aria-labelledby="progress-title">
        <div class="card-header">
          <h2 id="progress-title">Progress</h2>
          <span class="muted">
            {status ? `started ${formatTime(status.createdTime)} · ${formatDuration(elapsed)}` : ''}
          </span>
        </div>
        <div
          class="progress"
          role="progressbar"
          aria-label="Sites finished"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          aria-valuetext={`${done} of ${total} sites finished, ${counts.failed} failed`}
        >
          <span class="progress-ok" style={{ width: `${pct(counts.complete)}%` }} />
          <span class="progress-fail" style={{ width: `${pct(counts.failed)}%` }} />
          <span class="progress-busy" style={{ width: `${pct(counts.running)}%` }} />
        </div>
        <p class="progress-legend">
          <span class="tone-ok">{counts.complete} complete</span> · <span class="tone-fail">{counts.failed} failed</span> · <span class="tone-busy">{counts.running} in progress</span> ·{' '}
          <span class="muted">{counts.waiting} waiting</span> · {total} in all
        </p>
        {status?.customStatus ? (
          <details>
            <summary>Batch status</summary>
            <JsonView value={status.customStatus} label="Batch custom status" />
          </details>
        ) : null}
      </section>

      <section class="card" aria-labelledby="batch-sites-title">
        <h2 id="batch-sites-title">Sites</h2>
        {domains.length === 0 ? (
          <p class="muted">{instance.loading ? 'Loading…' : 'This batch lists no sites.'}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="sr-only">Sites of this batch</caption>
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col">Steps</th>
                  <th scope="col">Step progress</th>
                  <th scope="col" class="col-error">Error</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id} data-domain={s.domain} data-overall={siteOverall(s)}>
                    <td>
                      <a href={href(`/sites/${encodeURIComponent(s.domain)}`)}>{s.domain}</a>
                    </td>
                    <td>
                      <StepChips site={s} />
                    </td>
                    <td>
                      <StepBar site={s} />
                    </td>
                    <td class="col-error">{s.error_message ? <span class="error-text">{s.error_message}</span> : <span class="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {spans.length > 1 ? (
        <section class="card" aria-labelledby="batch-gantt-title">
          <h2 id="batch-gantt-title">Batch timeline</h2>
          <Gantt spans={spans} />
        </section>
      ) : null}
    </section>
  );
}

/** Five segments, one per step, coloured by status. */
function StepBar({ site }: { site: Site }) {
  const ok = stepColumns.filter((c) => toneOf(String(site[c.key])) === 'ok').length;
  return (
    <span class="stepbar" role="img" aria-label={`${ok} of ${stepColumns.length} steps done`}>
      {stepColumns.map((c) => (
        <span key={c.key} class={`stepbar-seg tone-${toneOf(String(site[c.key]))}`} title={`${c.label}: ${String(site[c.key])}`} />
      ))}
    </span>
  );
}
