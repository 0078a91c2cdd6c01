// Pre-flight: run every check (tokens and their scopes, allow-lists, host keys, disks, secret ages) and show each
// one's pass / warn / fail with the fix in one sentence. Runs only when asked: the checks call the vendors.
import { useState } from 'preact/hooks';
import { errorText } from '../api/http';
import { preflight, type PreflightCheck, type PreflightReport } from '../api/preflight';
import { EmptyRow } from '../components/EmptyRow';

const icons: Record<string, string> = { pass: '✓', warn: '!', fail: '✕' };
const tones: Record<string, string> = { pass: 'ok', warn: 'warn', fail: 'fail' };

export function PreflightPage() {
  const [report, setReport] = useState<PreflightReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [ranAt, setRanAt] = useState<Date | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await preflight.run());
      setRanAt(new Date());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setRunning(false);
    }
  };

  const passed = report ? report.checks.length - report.failed - report.warned : 0;
  return (
    <section class="page" aria-labelledby="preflight-title">
      <div class="page-header">
        <div>
          <h1 id="preflight-title">Pre-flight</h1>
          <p class="muted">
            Checks that a batch would work before it starts: Cloudflare token and scopes, zone quota, registrar allow-lists and keys, SSH host keys and free disk, Matomo,
            the model, Directus, Google credentials and secret ages. A batch refuses to start while a check fails.
          </p>
        </div>
        <div class="actions">
          <button type="button" class="button button-primary" disabled={running} onClick={run}>
            {running ? 'Running…' : report ? 'Run again' : 'Run pre-flight'}
          </button>
        </div>
      </div>

      {error ? (
        <p class="notice notice-error" role="alert">
          Could not run pre-flight: {error}
        </p>
      ) : null}

      {report ? (
        <>
          <p class={report.ok ? 'notice notice-ok' : 'notice notice-error'} role="status" data-testid="preflight-summary" data-ok={String(report.ok)}>
            <strong>{report.ok ? (report.warned ? 'Ready, with warnings' : 'Ready') : 'Not ready: a batch would be refused'}</strong> · {report.failed} failed, {report.warned}{' '}
            warning{report.warned === 1 ? '' : 's'}, {passed} passed{ranAt ? ` · ${ranAt.toLocaleTimeString()}` : ''}
          </p>
          <div class="table-wrap">
            <table class="table preflight-table">
              <caption class="sr-only">Pre-flight checks, failures first</caption>
              <thead>
                <tr>
                  <th scope="col">Result</th>
                  <th scope="col">Check</th>
                  <th scope="col">Target</th>
                  <th scope="col">Found</th>
                  <th scope="col">Fix</th>
                </tr>
              </thead>
              <tbody>
                {report.checks.map((c, i) => (
                  <CheckRow key={`${c.name}:${c.target}:${i}`} check={c} />
                ))}
                {report.checks.length === 0 ? <EmptyRow columns={5}>No checks ran: add accounts and servers in Settings first.</EmptyRow> : null}
              </tbody>
            </table>
          </div>
        </>
      ) : !running && !error ? (
        <p class="muted">Not run yet. Running it makes read-only calls to every configured vendor and server.</p>
      ) : null}
    </section>
  );
}

function CheckRow({ check }: { check: PreflightCheck }) {
  return (
    <tr data-check={check.name} data-result={check.result}>
      <td>
        <span class={`chip chip-${tones[check.result] ?? 'idle'}`} data-status={check.result}>
          <span class="chip-icon" aria-hidden="true">
            {icons[check.result] ?? '○'}
          </span>
          {check.result}
        </span>
      </td>
      <td>{check.name}</td>
      <td class="muted">{check.target}</td>
      <td>{check.message}</td>
      <td class="preflight-fix">{check.fix || <span class="muted">—</span>}</td>
    </tr>
  );
}
