// Template rollout: every live site rebuilt and redeployed after a template change, in waves (a canary first) with a
// health check per site; a failing wave stops the rollout and the sites it switched go back to their previous release.
// Preview is the server's dry run; the progress panel follows the rollout instance (its custom status, then its output).
import { useEffect, useState } from 'preact/hooks';
import { instances, rollout } from '../api/endpoints';
import { ApiError, errorText } from '../api/http';
import { isRunning } from '../api/instances';
import type { InstanceStatus, RolloutPlan, RolloutResult, RolloutSettings, RolloutStatus } from '../api/types';
import { Field } from '../components/Field';
import { toast } from '../components/Toasts';
import { formatDateTime } from '../format';
import { usePolling } from '../hooks';
import { navigate } from '../router';

const outcomeTone: Record<string, string> = { redeployed: 'ok', rolled_back: 'warn', skipped: 'warn', not_started: 'idle', failed: 'fail', rollback_failed: 'fail' };

export function RolloutPage({ query }: { query: URLSearchParams }) {
  const [form, setForm] = useState({ canary: '', wave_size: '', parallel: '', threshold: '' });
  const [plan, setPlan] = useState<RolloutPlan | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [id, setId] = useState<string | null>(query.get('id'));
  const [status, setStatus] = useState<InstanceStatus | null>(null);

  // Without an id in the link, show the latest rollout.
  useEffect(() => {
    if (query.get('id')) {
      setId(query.get('id'));
      return;
    }
    const controller = new AbortController();
    instances
      .list({ instanceIdPrefix: 'rollout-', top: 50 }, controller.signal)
      .then((list) => {
        const latest = [...list].sort((a, b) => b.createdTime.localeCompare(a.createdTime))[0];
        if (latest && !controller.signal.aborted) setId(latest.instanceId);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [query.get('id')]);

  const load = async () => {
    if (!id) return;
    const r = await instances.status(id);
    setStatus(r.status === 404 ? null : r.data);
  };
  useEffect(() => {
    setStatus(null);
    void load();
  }, [id]);
  usePolling(load, 1000, id !== null && (status === null || isRunning(status)));

  const settings = (): RolloutSettings => {
    const n = (v: string) => (v.trim() === '' ? undefined : Number(v));
    const pct = n(form.threshold);
    return { canary: n(form.canary), wave_size: n(form.wave_size), parallel: n(form.parallel), failure_threshold: pct === undefined ? undefined : pct / 100 };
  };

  const preview = async () => {
    setBusy(true);
    try {
      setPlan(await rollout.plan(settings()));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
      toast(errorText(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    const total = plan?.total;
    if (!window.confirm(`Rebuild and redeploy ${total ?? 'every'} live site(s)${plan ? ` in ${plan.waves.length} wave(s)` : ''}? A failing wave stops the rollout and rolls its sites back.`)) return;
    setBusy(true);
    try {
      const started = await rollout.start(settings());
      setError(null);
      toast(`Rollout ${started.data.id} started.`, 'ok');
      navigate('/rollout', { id: started.data.id }, true);
      setId(started.data.id);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
      toast(errorText(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof typeof form) => (v: string) => setForm({ ...form, [key]: v });
  const running = status !== null && isRunning(status);

  return (
    <section class="page" aria-labelledby="rollout-title">
      <div class="page-header">
        <div>
          <h1 id="rollout-title">Template rollout</h1>
          <p class="muted">Rebuild and redeploy every live site after a template change: a canary wave first, then growing waves. A wave that fails its health checks stops the rollout and rolls its sites back.</p>
        </div>
      </div>

      <section class="card" aria-labelledby="rollout-settings-title">
        <h2 id="rollout-settings-title">Waves</h2>
        <div class="form-grid">
          <Field label="Canary sites" name="canary" inputMode="numeric" value={form.canary} onInput={field('canary')} placeholder="5 or 1 %" error={error?.fieldMessage('canary')} />
          <Field label="Largest wave" name="wave_size" inputMode="numeric" value={form.wave_size} onInput={field('wave_size')} placeholder="100" error={error?.fieldMessage('wave_size')} />
          <Field label="Parallel redeploys" name="parallel" inputMode="numeric" value={form.parallel} onInput={field('parallel')} placeholder="20" error={error?.fieldMessage('parallel')} />
          <Field label="Stop above failure %" name="threshold" inputMode="numeric" value={form.threshold} onInput={field('threshold')} placeholder="10" hint="Later waves; any canary failure stops it." error={error?.fieldMessage('failure_threshold')} />
        </div>
        <div class="toolbar">
          <button type="button" class="button" disabled={busy} onClick={preview}>Preview waves</button>
          <button type="button" class="button button-primary" disabled={busy || running || plan?.total === 0} onClick={start}>
            {running ? 'Rollout running…' : 'Start rollout'}
          </button>
        </div>
        {plan ? <PlanTable plan={plan} /> : null}
      </section>

      {id ? <Progress id={id} status={status} /> : null}
    </section>
  );
}

function PlanTable({ plan }: { plan: RolloutPlan }) {
  if (plan.total === 0) return <p class="notice notice-info">No site is live (deployed and active): nothing to redeploy.</p>;
  return (
    <>
      <p data-testid="rollout-plan-total">{plan.total} live site(s) in {plan.waves.length} wave(s).</p>
      <div class="table-wrap">
        <table class="table rollout-plan">
          <thead>
            <tr>
              <th scope="col">Wave</th>
              <th scope="col">Sites</th>
              <th scope="col">Domains</th>
            </tr>
          </thead>
          <tbody>
            {plan.waves.map((w) => (
              <tr key={w.wave}>
                <td>{w.wave === 1 ? '1 (canary)' : w.wave}</td>
                <td>{w.size}</td>
                <td class="small">{w.domains.slice(0, 8).join(', ')}{w.domains.length > 8 ? ` … (+${w.domains.length - 8})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.busy.length > 0 ? (
        <ul class="rollout-busy" aria-label="Busy sites">
          {plan.busy.map((b) => (
            <li key={b.domain}>
              <span class="chip chip-warn">busy</span> {b.domain}: {b.kind} {b.instance_id} (skipped unless it finishes first)
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Progress({ id, status }: { id: string; status: InstanceStatus | null }) {
  const custom = (status?.customStatus ?? null) as RolloutStatus | null;
  const result = status?.runtimeStatus === 'Completed' ? (status.output as RolloutResult | null) : null;
  const total = result?.total ?? custom?.total ?? 0;
  const ok = result?.redeployed ?? custom?.redeployed ?? 0;
  const failed = result?.failed ?? custom?.failed ?? 0;
  const skipped = result?.skipped ?? custom?.skipped ?? 0;
  const rolledBack = result?.rolledBack ?? custom?.rolledBack ?? 0;
  const pct = (n: number) => (total === 0 ? 0 : (100 * n) / total);
  const phase = !status
    ? 'Loading…'
    : result
      ? result.stopped ? `Stopped after wave ${result.wavesRun} of ${result.waves}` : `Finished: ${result.waves} wave(s) in ${result.durationSeconds.toFixed(1)} s`
      : status.runtimeStatus !== 'Running' && status.runtimeStatus !== 'Pending'
        ? `Rollout ${status.runtimeStatus.toLowerCase()}`
        : custom?.phase === 'rolling_back' ? 'Rolling back' : custom?.phase === 'wave' ? `Wave ${custom.wave} of ${custom.waves}` : 'Listing live sites';
  return (
    <section class="card" aria-labelledby="rollout-progress-title">
      <div class="card-header">
        <h2 id="rollout-progress-title">Rollout {id}</h2>
        <span class="muted">{status ? `started ${formatDateTime(status.createdTime)}` : ''}</span>
      </div>
      <p data-testid="rollout-phase"><strong>{phase}</strong></p>
      <div class="progress" role="progressbar" aria-label="Sites finished" aria-valuemin={0} aria-valuemax={total} aria-valuenow={ok + failed + skipped + rolledBack}>
        <span class="progress-ok" style={{ width: `${pct(ok)}%` }} />
        <span class="progress-fail" style={{ width: `${pct(failed)}%` }} />
        <span class="progress-busy" style={{ width: `${pct(skipped + rolledBack)}%` }} />
      </div>
      <p class="progress-legend" data-testid="rollout-counts">
        <span class="tone-ok">{ok} redeployed</span> · <span class="tone-fail">{failed} failed</span> · {skipped} skipped · {rolledBack} rolled back · {total} in all
      </p>
      {result?.stopReason ? <p class="notice notice-error" role="alert">{result.stopReason}</p> : null}
      {result ? <Outcomes result={result} /> : null}
    </section>
  );
}

function Outcomes({ result }: { result: RolloutResult }) {
  const attention = result.sites.filter((s) => s.outcome !== 'redeployed' && s.outcome !== 'not_started');
  return (
    <div class="table-wrap">
      <table class="table rollout-sites">
        <caption class="sr-only">Sites that were not redeployed</caption>
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Wave</th>
            <th scope="col">Outcome</th>
            <th scope="col" class="col-error">Why</th>
          </tr>
        </thead>
        <tbody>
          {attention.length === 0 ? (
            <tr>
              <td colSpan={4} class="muted">Every site that ran is on the new release{result.notStarted > 0 ? `; ${result.notStarted} not started` : ''}.</td>
            </tr>
          ) : (
            attention.map((s) => (
              <tr key={s.siteId}>
                <td><a href={`#/sites/${encodeURIComponent(s.domain)}`}>{s.domain}</a></td>
                <td>{s.wave}</td>
                <td><span class={`chip chip-${outcomeTone[s.outcome] ?? 'idle'}`}>{s.outcome.replace('_', ' ')}</span></td>
                <td class="small">{s.error ?? ''}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
