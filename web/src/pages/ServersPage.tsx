// Servers: the CloudPanel servers and, per server, its console (status, disk, certificates, site logs, actions).
import { useState } from 'preact/hooks';
import { servers } from '../api/endpoints';
import { errorText } from '../api/http';
import { serverConsole, type DiskUsage, type ServerStatus } from '../api/serverConsole';
import { EmptyRow } from '../components/EmptyRow';
import { LoadError } from '../components/LoadError';
import { StatusChip } from '../components/StatusChip';
import { formatDateTime, formatNumber } from '../format';
import { useAsync } from '../hooks';
import { href } from '../router';
import { ActionsCard, CertificatesCard, LogsCard } from './ServerConsoleCards';

export function ServersPage() {
  const list = useAsync((signal) => servers.list(signal), []);
  return (
    <section class="page" aria-labelledby="servers-title">
      <div class="page-header">
        <div>
          <h1 id="servers-title">Servers</h1>
          <p class="muted">CloudPanel servers. Open one for its console: services, disk, certificates, site logs and actions (admins only).</p>
        </div>
        <a class="button" href={href('/settings/servers')}>
          Manage servers
        </a>
      </div>
      <LoadError what="servers" error={list.error} />
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">CloudPanel servers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Address</th>
              <th scope="col">SSH user</th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={href(`/servers/${encodeURIComponent(s.id)}`)}>{s.name}</a>
                </td>
                <td class="mono">
                  {s.address}:{s.ssh_port}
                </td>
                <td class="mono">{s.ssh_user}</td>
              </tr>
            ))}
            {list.data && list.data.length === 0 ? <EmptyRow columns={3}>No servers yet. Add one under Settings → Servers.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ServerConsolePage({ id }: { id: string }) {
  const server = useAsync((signal) => servers.list(signal).then((all) => all.find((s) => s.id === id) ?? null), [id]);
  const status = useAsync((signal) => serverConsole.status(id, signal), [id]);
  const disk = useAsync((signal) => serverConsole.disk(id, signal), [id]);
  // Bumped after every action, so the certificates and the audit both show what it changed.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const name = server.data?.name ?? status.data?.server ?? 'Server';
  return (
    <section class="page" aria-labelledby="server-title">
      <p class="muted">
        <a href={href('/servers')}>Servers</a> /
      </p>
      <div class="page-header">
        <div>
          <h1 id="server-title">{name}</h1>
          <p class="muted mono">{server.data ? `${server.data.ssh_user}@${server.data.address}:${server.data.ssh_port}` : ''}</p>
        </div>
        <button type="button" class="button" onClick={() => { status.reload(); disk.reload(); }} disabled={status.loading || disk.loading}>
          Refresh
        </button>
      </div>
      {server.data === null ? (
        <p class="notice notice-error" role="alert">
          No server has id {id}.
        </p>
      ) : null}
      <div class="grid-2">
        <section class="card" aria-labelledby="status-title" aria-busy={status.loading}>
          <h2 id="status-title">Status</h2>
          {status.error ? <p class="notice notice-error" role="alert">Could not read the status: {errorText(status.error)}</p> : status.data ? <StatusView status={status.data} /> : <p class="muted">Connecting…</p>}
        </section>
        <section class="card" aria-labelledby="disk-title" aria-busy={disk.loading}>
          <h2 id="disk-title">Disk</h2>
          {disk.error ? <p class="notice notice-error" role="alert">Could not read disk usage: {errorText(disk.error)}</p> : disk.data ? <DiskView disks={disk.data} /> : <p class="muted">Connecting…</p>}
        </section>
      </div>
      <CertificatesCard serverId={id} version={version} onAction={changed} />
      <LogsCard serverId={id} />
      <ActionsCard serverId={id} version={version} onAction={changed} />
    </section>
  );
}

function StatusView({ status }: { status: ServerStatus }) {
  const usedMemory = status.memory_total_bytes - status.memory_available_bytes;
  return (
    <>
      <ul class="chips" aria-label="Services" style={{ paddingLeft: 0, margin: '0 0 12px' }}>
        {status.services.map((s) => (
          <li key={s.name} style={{ listStyle: 'none' }}>
            <StatusChip label={s.name} status={s.running ? 'active' : s.installed ? (s.active_state === 'failed' ? 'failed' : 'warning') : 'skipped'} title={`${s.name}: ${s.installed ? `${s.active_state} (${s.sub_state})` : 'not installed'}`} />
          </li>
        ))}
      </ul>
      <dl class="kv">
        <dt>Services</dt>
        <dd>{status.services.map((s) => `${s.name} ${s.installed ? s.active_state : 'not installed'}`).join(', ')}</dd>
        <dt>Load (1, 5, 15 min)</dt>
        <dd class="mono">{status.load.map((l) => l.toFixed(2)).join('  ')}</dd>
        <dt>Memory</dt>
        <dd>
          {bytes(usedMemory)} used of {bytes(status.memory_total_bytes)} ({bytes(status.memory_available_bytes)} available)
        </dd>
        <dt>Uptime</dt>
        <dd>{formatNumber(Math.floor(status.uptime_seconds / 86400))} days</dd>
        <dt>Checked</dt>
        <dd>{formatDateTime(status.checked_at)}</dd>
      </dl>
    </>
  );
}

function DiskView({ disks }: { disks: DiskUsage[] }) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="sr-only">Disk usage</caption>
        <thead>
          <tr>
            <th scope="col">Mount</th>
            <th scope="col">Used</th>
            <th scope="col">Free</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {disks.map((d) => (
            <tr key={d.mount} class={d.used_percent >= 90 ? 'row-warn' : undefined}>
              <td class="mono">{d.mount}</td>
              <td>
                {d.used_percent}% {d.used_percent >= 90 ? <StatusChip status="warning" title="Over 90% full" /> : null}
              </td>
              <td>{bytes(d.available_bytes)}</td>
              <td>{bytes(d.size_bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Bytes in binary units with one decimal (GiB for disks and memory). */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
