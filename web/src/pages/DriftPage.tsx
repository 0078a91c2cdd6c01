// Drift and orphans: the latest reconcile report (counts and one row per finding), a button to run a reconcile now and,
// for admins, one to run it with the fix (deletes only orphan DNS records that carry the ownership marker).
import { useState } from 'preact/hooks';
import { drift, instances } from '../api/endpoints';
import { errorText } from '../api/http';
import type { DriftFinding } from '../api/types';
import { toast } from '../components/Toasts';
import { useAsync, usePolling } from '../hooks';

const kinds: { key: 'orphan' | 'ghost' | 'drift'; label: string; hint: string }[] = [
  { key: 'orphan', label: 'Orphans', hint: 'At a vendor, but no site in the database owns it' },
  { key: 'ghost', label: 'Ghosts', hint: 'In the database, but missing at the vendor' },
  { key: 'drift', label: 'Drifted', hint: 'Present on both sides with a different value' },
];

export function DriftPage({ canFix }: { canFix: boolean }) {
  const report = useAsync((signal) => drift.latest(signal), []);
  const [running, setRunning] = useState<string | null>(null);
  const [filter, setFilter] = useState<'all' | 'orphan' | 'ghost' | 'drift'>('all');

  usePolling(async () => {
    if (!running) return;
    const status = await instances.status(running);
    const runtime = status.data?.runtimeStatus;
    if (runtime && !['Pending', 'Running', 'Suspended'].includes(runtime)) {
      setRunning(null);
      toast(runtime === 'Completed' ? 'Reconcile finished.' : `Reconcile ${runtime.toLowerCase()}.`, runtime === 'Completed' ? 'ok' : 'error');
      report.reload();
    }
  }, 1000, running !== null);

  const start = async (fix: boolean) => {
    if (fix && !window.confirm('Delete every orphan DNS record that carries the website-factory marker? Unmarked records are never touched.')) return;
    try {
      const started = await (fix ? drift.fix() : drift.run());
      setRunning(started.data.id);
    } catch (e) {
      toast(errorText(e), 'error');
    }
  };

  const data = report.data;
  const counts = { orphan: data?.orphans ?? 0, ghost: data?.ghosts ?? 0, drift: data?.drifted ?? 0 };
  const rows: DriftFinding[] = (data?.findings ?? []).filter((f) => filter === 'all' || f.kind === filter);

  return (
    <section class="page" aria-labelledby="drift-title">
      <div class="page-header">
        <div>
          <h1 id="drift-title">Drift</h1>
          <p class="muted">
            {data
              ? `Report ${data.instance_id} · finished ${new Date(data.finished_at).toLocaleString()} · requested by ${data.requested_by}`
              : report.loading ? 'Loading…' : 'No reconcile has run yet.'}
          </p>
        </div>
        <div class="toolbar">
          <button type="button" class="button button-primary" disabled={running !== null} onClick={() => start(false)}>
            {running ? 'Running…' : 'Run reconcile'}
          </button>
          {canFix ? (
            <button type="button" class="button button-danger-outline" disabled={running !== null || (data?.fixable ?? 0) === 0} onClick={() => start(true)}
              title="Deletes only orphan DNS records with the ownership marker">
              Fix marked orphans ({data?.fixable ?? 0})
            </button>
          ) : null}
        </div>
      </div>

      {report.error ? <p class="error-message" role="alert">{errorText(report.error)}</p> : null}

      <div class="segmented" role="group" aria-label="Findings by kind">
        <button type="button" class={filter === 'all' ? 'segment active' : 'segment'} aria-pressed={filter === 'all'} onClick={() => setFilter('all')}>
          All <span data-testid="drift-count-all">{(data?.findings ?? []).length}</span>
        </button>
        {kinds.map((k) => (
          <button key={k.key} type="button" title={k.hint} class={filter === k.key ? 'segment active' : 'segment'} aria-pressed={filter === k.key} onClick={() => setFilter(k.key)}>
            {k.label} <span data-testid={`drift-count-${k.key}`}>{counts[k.key]}</span>
          </button>
        ))}
      </div>

      {(data?.errors ?? []).map((e) => (
        <p key={e} class="error-text">Not scanned: {e}</p>
      ))}

      <div class="table-wrap">
        <table class="table drift-table" aria-busy={report.loading && !data}>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Vendor</th>
              <th scope="col">Resource</th>
              <th scope="col">Marked</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} class="muted">{data ? 'Nothing to report: the vendors match the database.' : 'Run a reconcile to compare the database with the vendors.'}</td>
              </tr>
            ) : (
              rows.map((f) => (
                <tr key={`${f.kind}:${f.vendor}:${f.resource}`} data-kind={f.kind}>
                  <td><span class={`chip chip-${f.fixed ? 'ok' : f.kind === 'ghost' ? 'fail' : 'warn'}`}>{f.fixed ? 'fixed' : f.kind}</span></td>
                  <td>{f.vendor}</td>
                  <td>{f.domain ? <a href={`#/sites/${encodeURIComponent(f.domain)}`}>{f.resource}</a> : f.resource}</td>
                  <td>{f.marked ? 'yes' : ''}</td>
                  <td>{f.detail}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
