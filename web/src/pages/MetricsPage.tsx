// The numbers operators watch: success rate and latency per vendor operation, each Cloudflare account's remaining rate
// budget, and the orphans the last reconcile found. The same figures are exported as OpenTelemetry metrics (meter
// WebsiteFactory.Vendors); this page shows what the server process has seen since it started.
import { metrics } from '../api/endpoints';
import type { RateBudgetReading, VendorOperationFigures } from '../api/types';
import { EmptyRow } from '../components/EmptyRow';
import { Kpi } from '../components/Kpi';
import { LoadError } from '../components/LoadError';
import { formatDateTime, formatDuration, formatNumber } from '../format';
import { useAsync, usePolling } from '../hooks';

/** Below this success rate an operation is highlighted (a vendor or our configuration is failing). */
const successWarning = 0.95;
/** Below this share of the window's budget an account is highlighted (provisioning will start to wait). */
const budgetWarning = 0.1;

export function MetricsPage() {
  const data = useAsync((signal) => metrics.get(signal), []);
  usePolling(() => data.reload(), 5000, !data.error);
  const m = data.data;
  const ops = m?.operations ?? [];
  const mutating = ops.filter((o) => o.kind !== 'read');
  const calls = ops.reduce((a, o) => a + o.count, 0);
  const orphans = (m?.orphans ?? []).reduce((a, o) => a + o.count, 0);
  const limited = ops.reduce((a, o) => a + o.rate_limited, 0);

  return (
    <section class="page" aria-labelledby="metrics-title">
      <div class="page-header">
        <div>
          <h1 id="metrics-title">Metrics</h1>
          <p class="muted">Vendor calls seen by this server since {m ? formatDateTime(m.since) : '…'}; budgets are read live. Also exported as OpenTelemetry metrics.</p>
        </div>
      </div>
      <LoadError what="metrics" error={data.error} />

      <div class="kpis">
        <Kpi label="Vendor calls" text={formatNumber(calls)} tone="blue" />
        <Kpi label="Changes (create/update/delete)" text={formatNumber(mutating.reduce((a, o) => a + o.count, 0))} tone="green" />
        <Kpi label="Rate-limited answers" text={formatNumber(limited)} tone={limited ? 'amber' : 'violet'} />
        <Kpi label="Orphans (last reconcile)" text={m && m.orphans.length === 0 ? '—' : formatNumber(orphans)} tone={orphans ? 'amber' : 'violet'} />
      </div>

      <section class="card" aria-labelledby="ops-title">
        <h2 id="ops-title">Vendor operations</h2>
        <div class="table-wrap">
          <table class="table" data-testid="operations">
            <caption class="sr-only">Success rate and latency per vendor operation</caption>
            <thead>
              <tr>
                <th scope="col">Vendor</th>
                <th scope="col">Operation</th>
                <th scope="col">Kind</th>
                <th scope="col" class="num">Calls</th>
                <th scope="col" class="num">Success</th>
                <th scope="col" class="num">Errors</th>
                <th scope="col" class="num">429s</th>
                <th scope="col" class="num">p50</th>
                <th scope="col" class="num">p95</th>
              </tr>
            </thead>
            <tbody>
              {ops.map((o) => (
                <OperationRow key={`${o.vendor}/${o.operation}/${o.kind}`} o={o} />
              ))}
              {m && ops.length === 0 ? <EmptyRow columns={9}>No vendor calls yet. Provision a site and they appear here.</EmptyRow> : null}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card" aria-labelledby="budget-title">
        <h2 id="budget-title">Cloudflare rate budget</h2>
        <div class="table-wrap">
          <table class="table" data-testid="budgets">
            <caption class="sr-only">Requests left per Cloudflare account in the current window</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col" class="num">Used</th>
                <th scope="col" class="num">Remaining</th>
                <th scope="col" class="num">Limit</th>
                <th scope="col">Window</th>
              </tr>
            </thead>
            <tbody>
              {(m?.rate_budgets ?? []).map((b) => (
                <BudgetRow key={`${b.vendor}/${b.account}`} b={b} />
              ))}
              {m && m.rate_budgets.length === 0 ? <EmptyRow columns={5}>No Cloudflare accounts yet (Settings → Cloudflare).</EmptyRow> : null}
            </tbody>
          </table>
        </div>
      </section>

      {m && m.orphans.length > 0 ? (
        <section class="card" aria-labelledby="orphans-title">
          <h2 id="orphans-title">Orphans by vendor</h2>
          <ul>
            {m.orphans.map((o) => (
              <li key={`${o.vendor}/${o.resource}`}>
                {o.vendor} {o.resource}: <strong>{formatNumber(o.count)}</strong>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

function OperationRow({ o }: { o: VendorOperationFigures }) {
  const warn = o.count - o.succeeded > 0 && o.success_rate < successWarning;
  return (
    <tr class={warn ? 'row-warn' : undefined}>
      <td>{o.vendor}</td>
      <td class="mono">{o.operation}</td>
      <td>{o.kind}</td>
      <td class="num">{formatNumber(o.count)}</td>
      <td class="num">
        {(o.success_rate * 100).toFixed(1)} %{warn ? <span class="sr-only"> (below {successWarning * 100} %)</span> : null}
      </td>
      <td class="num">{formatNumber(o.failed + o.transient_errors)}</td>
      <td class="num">{formatNumber(o.rate_limited)}</td>
      <td class="num">{Math.round(o.p50_ms)} ms</td>
      <td class="num">{Math.round(o.p95_ms)} ms</td>
    </tr>
  );
}

function BudgetRow({ b }: { b: RateBudgetReading }) {
  const low = b.remaining < b.limit * budgetWarning;
  return (
    <tr class={low ? 'row-warn' : undefined}>
      <td>{b.account}</td>
      <td class="num">{formatNumber(b.used)}</td>
      <td class="num">
        {formatNumber(b.remaining)}
        {low ? <span class="sr-only"> (low)</span> : null}
      </td>
      <td class="num">{formatNumber(b.limit)}</td>
      <td>{formatDuration(timeSpanMs(b.window))}</td>
    </tr>
  );
}

/** A .NET TimeSpan as serialized ("[d.]hh:mm:ss[.fff]") in milliseconds. */
function timeSpanMs(value: string): number {
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value);
  if (!m) return NaN;
  return (((Number(m[1] ?? 0) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000;
}
