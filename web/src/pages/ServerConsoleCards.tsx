// The server console's certificate, log and action cards. Every action asks first and is audited on the server.
import { useState } from 'preact/hooks';
import { errorText } from '../api/http';
import { serverConsole, type ActionResult, type CertificateInfo, type LogKind, type ServerActionName, type SiteLog } from '../api/serverConsole';
import { ConfirmDialog } from '../components/Dialog';
import { EmptyRow } from '../components/EmptyRow';
import { Field } from '../components/Field';
import { LoadError } from '../components/LoadError';
import { StatusChip } from '../components/StatusChip';
import { toast } from '../components/Toasts';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks';
import { href } from '../router';

interface PendingAction {
  action: ServerActionName;
  site?: string;
}

/** Runs an action after a confirmation dialog; reports through a toast and the callback. */
function useConfirmedAction(serverId: string, done: (result: ActionResult) => void) {
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const result = await serverConsole.run(serverId, pending.action, pending.site);
      toast(result.message, result.succeeded ? 'ok' : 'error');
      done(result);
    } catch (e) {
      toast(errorText(e), 'error');
    } finally {
      setBusy(false);
      setPending(null);
    }
  };
  const dialog = (
    <ConfirmDialog
      open={pending !== null}
      busy={busy}
      title={pending?.action === 'renew-certificate' ? 'Renew certificate?' : 'Reload nginx?'}
      message={
        pending?.action === 'renew-certificate'
          ? `Orders a Let's Encrypt certificate for ${pending.site} and www.${pending.site} on this server (skipped while the installed one stays valid for 30 more days). The action is recorded with your name.`
          : 'Tests the nginx configuration and, only if it is valid, reloads nginx on this server. The action is recorded with your name.'
      }
      confirmLabel={pending?.action === 'renew-certificate' ? 'Renew certificate' : 'Reload nginx'}
      onConfirm={confirm}
      onClose={() => setPending(null)}
    />
  );
  return { ask: setPending, dialog };
}

export function CertificatesCard({ serverId, version, onAction }: { serverId: string; version: number; onAction: () => void }) {
  const certs = useAsync((signal) => serverConsole.certificates(serverId, signal), [serverId, version]);
  const { ask, dialog } = useConfirmedAction(serverId, onAction);
  const list = certs.data?.certificates ?? [];
  const warnings = list.filter((c) => c.warning).length;
  return (
    <section class="card" aria-labelledby="certs-title" aria-busy={certs.loading}>
      <div class="card-header">
        <h2 id="certs-title">Certificates</h2>
        {certs.data ? (
          <span class={warnings > 0 ? 'tone-fail' : 'muted'} data-testid="certificate-warnings">
            {warnings > 0 ? `${warnings} need attention (under ${certs.data.warning_days} days, expired or missing)` : `All valid for ${certs.data.warning_days}+ days`}
          </span>
        ) : null}
      </div>
      {certs.error ? <p class="notice notice-error" role="alert">Could not read certificates: {errorText(certs.error)}</p> : null}
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">Certificates on this server, those needing attention first</caption>
          <thead>
            <tr>
              <th scope="col">Domain</th>
              <th scope="col">Expires</th>
              <th scope="col">Days left</th>
              <th scope="col">Issuer</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <CertificateRow key={c.domain} cert={c} onRenew={() => ask({ action: 'renew-certificate', site: c.domain })} />
            ))}
            {certs.data && list.length === 0 ? <EmptyRow columns={5}>No certificates on this server.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
      {dialog}
    </section>
  );
}

function CertificateRow({ cert, onRenew }: { cert: CertificateInfo; onRenew: () => void }) {
  return (
    <tr class={cert.warning ? 'row-warn' : undefined} data-domain={cert.domain}>
      <td class="mono">{cert.site_id ? <a href={href(`/sites/${encodeURIComponent(cert.domain)}`)}>{cert.domain}</a> : cert.domain}</td>
      <td>{cert.not_after ? formatDateTime(cert.not_after) : cert.problem ?? '—'}</td>
      <td>
        {cert.warning ? <StatusChip status="warning" title="Needs attention" /> : null} {cert.days_left ?? '—'}
      </td>
      <td class="muted">{cert.issuer ?? '—'}</td>
      <td>
        {cert.site_id ? (
          <button type="button" class="button button-small" onClick={onRenew} aria-label={`Renew certificate of ${cert.domain}`}>
            Renew…
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function LogsCard({ serverId }: { serverId: string }) {
  const [site, setSite] = useState('');
  const [kind, setKind] = useState<LogKind>('access');
  const [lines, setLines] = useState('100');
  const [filter, setFilter] = useState('');
  const [log, setLog] = useState<SiteLog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setLog(await serverConsole.logs(serverId, { site: site.trim(), kind, lines: Number(lines), filter }));
    } catch (err) {
      setLog(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="logs-title">
      <h2 id="logs-title">Site logs</h2>
      <form class="toolbar" aria-label="Log filter" onSubmit={show}>
        <Field label="Site" name="log_site" value={site} onInput={setSite} required placeholder="example.com" />
        <Field label="Log" name="log_kind" value={kind} onInput={(v) => setKind(v as LogKind)} options={[{ value: 'access', label: 'nginx access log' }, { value: 'error', label: 'nginx error log' }]} />
        <Field label="Lines" name="log_lines" value={lines} onInput={setLines} inputMode="numeric" hint="1–1000" />
        <Field label="Contains" name="log_filter" value={filter} onInput={setFilter} hint="Plain text, case-insensitive" />
        <button type="submit" class="button button-primary" disabled={busy || site.trim() === ''}>
          Show log
        </button>
      </form>
      {error ? (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      {log ? (
        <div aria-live="polite">
          <p class="muted">
            <span class="mono">{log.path}</span>: {!log.found ? 'no log file yet.' : `${log.lines.length} line${log.lines.length === 1 ? '' : 's'}${log.filter ? ` containing “${log.filter}”` : ''}.`}
          </p>
          {log.lines.length > 0 ? (
            <pre class="mono log-lines" aria-label="Log lines" tabIndex={0} style={{ maxHeight: '28rem', overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {log.lines.join('\n')}
            </pre>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function ActionsCard({ serverId, version, onAction }: { serverId: string; version: number; onAction: () => void }) {
  const audit = useAsync((signal) => serverConsole.audit(serverId, signal), [serverId, version]);
  const { ask, dialog } = useConfirmedAction(serverId, onAction);
  return (
    <section class="card" aria-labelledby="actions-title">
      <div class="card-header">
        <h2 id="actions-title">Actions</h2>
        <button type="button" class="button" onClick={() => ask({ action: 'reload-nginx' })}>
          Reload nginx…
        </button>
      </div>
      <p class="muted">Only these allow-listed actions run on the server; certificate renewal is on each certificate's row. Every action is recorded with who ran it.</p>
      <LoadError what="the audit" error={audit.error} />
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">Recent actions on this server</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Site</th>
              <th scope="col">Outcome</th>
              <th scope="col">By</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data ?? []).map((a) => (
              <tr key={a.id}>
                <td>{formatDateTime(a.at)}</td>
                <td class="mono">{a.action}</td>
                <td class="mono">{a.target ?? '—'}</td>
                <td>
                  <StatusChip status={a.outcome} />
                </td>
                <td>{a.actor}</td>
                <td class="muted">{a.message ?? ''}</td>
              </tr>
            ))}
            {audit.data && audit.data.length === 0 ? <EmptyRow columns={6}>No actions yet.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
      {dialog}
    </section>
  );
}
