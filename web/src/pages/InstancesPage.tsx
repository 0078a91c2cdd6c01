// Recent orchestration instances with a status filter (the management API's GET /instances).
import { instances } from '../api/endpoints';
import { EmptyRow } from '../components/EmptyRow';
import { LoadError } from '../components/LoadError';
import { StatusChip } from '../components/StatusChip';
import { formatDateTime, formatDuration } from '../format';
import { useAsync, usePolling } from '../hooks';
import { href, navigate } from '../router';

const statuses = ['Running', 'Pending', 'Completed', 'Failed', 'Terminated', 'Suspended'];

export function InstancesPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? '';
  const list = useAsync((signal) => instances.list({ runtimeStatus: status ? [status] : undefined, top: 200 }, signal), [status]);
  usePolling(list.reload, 5000, !list.loading);
  const items = [...(list.data ?? [])].sort((a, b) => b.createdTime.localeCompare(a.createdTime));
  return (
    <section class="page" aria-labelledby="instances-title">
      <div class="page-header">
        <div>
          <h1 id="instances-title">Instances</h1>
          <p class="muted">Orchestrations of the durable engine, newest first.</p>
        </div>
      </div>
      <div class="toolbar">
        <div class="segmented" role="group" aria-label="Filter by runtime status">
          <button type="button" class={!status ? 'segment active' : 'segment'} aria-pressed={!status} onClick={() => navigate('/instances', {}, true)}>
            All
          </button>
          {statuses.map((s) => (
            <button key={s} type="button" class={status === s ? 'segment active' : 'segment'} aria-pressed={status === s} onClick={() => navigate('/instances', { status: s }, true)}>
              {s}
            </button>
          ))}
        </div>
      </div>
      <LoadError what="instances" error={list.error} />
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">Orchestration instances</caption>
          <thead>
            <tr>
              <th scope="col">Instance id</th>
              <th scope="col">Orchestrator</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.instanceId}>
                <td class="mono">
                  <a href={href(`/instances/${encodeURIComponent(i.instanceId)}`)}>{i.instanceId}</a>
                </td>
                <td class="mono">{i.name}</td>
                <td>
                  <StatusChip status={i.runtimeStatus} />
                </td>
                <td>{formatDateTime(i.createdTime)}</td>
                <td>{formatDuration(new Date(i.lastUpdatedTime).getTime() - new Date(i.createdTime).getTime())}</td>
              </tr>
            ))}
            {list.data && items.length === 0 ? <EmptyRow columns={5}>No instances.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
