// Live progress of a provisioning batch: polls the batch's progress (and its sub-orchestration timeline) until
// every site's instance has finished.
import { monitoring } from '../api/endpoints';
import { isRunning, loadInstance } from '../api/instances';
import type { BatchProgress, Site } from '../api/types';
import { barsOf, customStep, Gantt } from '../components/HistoryView';
import { LoadError } from '../components/LoadError';
import { StatusChip, StepChips, stepColumns, toneOf } from '../components/StatusChip';
import { formatDuration, formatTime, humanize } from '../format';
import { useAsync, usePolling } from '../hooks';
import { href } from '../router';

export function BatchPage({ id }: { id: string }) {
  const batch = useAsync((signal) => monitoring.batch(id, signal).then((r) => (r.status === 404 ? null : r.data)), [id]);
  const history = useAsync((signal) => loadInstance(id, signal), [id]);
  const b = batch.data;
  const counts = b ? outcomes(b) : { succeeded: 0, failed: 0, running: 0 };
  const running = !b || isRunning(b) || counts.running > 0;
  usePolling(
    () => {
      batch.reload();
      history.reload();
    },
    2000,
    running && !batch.error,
  );

  const elapsed = b ? (running ? Date.now() : new Date(b.last_updated_at).getTime()) - new Date(b.created_at).getTime() : undefined;
  const pct = (n: number) => (b && b.total ? (n / b.total) * 100 : 0);

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
          {b ? <StatusChip status={b.runtime_status} /> : null}
          {b && running ? (
            <span class="live-dot" role="status">
              Live
            </span>
          ) : null}
          <a class="button button-small" href={href(`/instances/${encodeURIComponent(id)}`)}>
            Instance history
          </a>
        </div>
      </div>

      {batch.error ? (
        <LoadError what="the batch" error={batch.error} />
      ) : batch.data === null ? (
        <p class="notice notice-info">No batch has this id (yet): it may still be starting.</p>
      ) : null}

      {b ? (
        <>
          <section class="card" aria-labelledby="progress-title">
            <div class="card-header">
              <h2 id="progress-title">Progress</h2>
              <span class="muted">
                started {formatTime(b.created_at)} · {formatDuration(elapsed)}
              </span>
            </div>
            <div
              class="progress"
              role="progressbar"
              aria-label="Sites finished"
              aria-valuemin={0}
              aria-valuemax={b.total}
              aria-valuenow={counts.succeeded + counts.failed}
              aria-valuetext={`${counts.succeeded + counts.failed} of ${b.total} sites finished, ${counts.failed} failed`}
            >
              <span class="progress-ok" style={{ width: `${pct(counts.succeeded)}%` }} />
              <span class="progress-fail" style={{ width: `${pct(counts.failed)}%` }} />
              <span class="progress-busy" style={{ width: `${pct(counts.running)}%` }} />
            </div>
            <p class="progress-legend" data-testid="batch-counts">
              <span class="tone-ok">{counts.succeeded} succeeded</span> · <span class="tone-fail">{counts.failed} failed</span> · <span class="tone-busy">{counts.running} running</span> · {b.total} in all
            </p>
          </section>

          <section class="card" aria-labelledby="batch-sites-title">
            <h2 id="batch-sites-title">Sites</h2>
            <div class="table-wrap">
              <table class="table">
                <caption class="sr-only">Sites of this batch</caption>
                <thead>
                  <tr>
                    <th scope="col">Domain</th>
                    <th scope="col">Instance</th>
                    <th scope="col">Current step</th>
                    <th scope="col">Steps</th>
                    <th scope="col" class="col-error">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {b.sites.map((s) => (
                    <tr key={s.domain} data-domain={s.domain} data-runtime-status={s.runtime_status ?? 'NotStarted'}>
                      <td>
                        <a href={href(`/sites/${encodeURIComponent(s.domain)}`)}>{s.domain}</a>
                      </td>
                      <td>
                        {s.runtime_status ? (
                          <a href={href(`/instances/${encodeURIComponent(s.instance_id)}`)} title={s.instance_id}>
                            <StatusChip status={s.runtime_status} />
                          </a>
                        ) : (
                          <StatusChip status="pending" label="waiting" />
                        )}
                      </td>
                      <td class="small">{customStep(s.custom_status) ?? <span class="muted">—</span>}</td>
                      <td>{s.site ? <StepsCell site={s.site} /> : <span class="muted">deleted</span>}</td>
                      <td class="col-error">
                        {s.succeeded === false && s.error ? (
                          <span class="error-text">{s.failed_step ? `${humanize(s.failed_step)}: ${s.error}` : s.error}</span>
                        ) : s.site?.error_message ? (
                          <span class="error-text">{s.site.error_message}</span>
                        ) : (
                          <span class="muted">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : null}

      {history.data && history.data.spans.length > 0 ? (
        <section class="card" aria-labelledby="batch-gantt-title">
          <h2 id="batch-gantt-title">Batch timeline</h2>
          <Gantt bars={barsOf(history.data)} label={`Per-site provisioning of batch ${id}`} />
        </section>
      ) : null}
    </section>
  );
}

const finished = ['Completed', 'Failed', 'Terminated', 'Canceled'];

/**
 * Per-site outcome, as the server reads it from each site's instance: running until it finished; then failed when the
 * instance failed (a step's final failure fails it) or was terminated, else succeeded. A completed run whose site still
 * shows a failed step (runs of earlier versions completed that way) counts as failed too.
 */
export function outcomes(b: BatchProgress) {
  let succeeded = 0;
  let failed = 0;
  let running = 0;
  for (const s of b.sites) {
    if (!s.runtime_status || !finished.includes(s.runtime_status)) running++;
    else if (s.succeeded === false || s.runtime_status !== 'Completed' || s.site?.progress === 'failed') failed++;
    else succeeded++;
  }
  return { succeeded, failed, running };
}

function StepsCell({ site }: { site: Site }) {
  return (
    <span class="steps-cell">
      <StepChips site={site} />
      <StepBar site={site} />
    </span>
  );
}

/** Five segments, one per step, coloured by status: a compact per-site progress bar. */
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
