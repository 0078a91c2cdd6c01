// One orchestration instance, like Durable Functions Monitor's instance view: status, Gantt, events, payloads, actions.
import { useState } from 'preact/hooks';
import { instances } from '../api/endpoints';
import { errorText } from '../api/http';
import { isRunning, loadInstance } from '../api/instances';
import { ConfirmDialog } from '../components/Dialog';
import { InstanceSummary } from '../components/HistoryView';
import { LoadError } from '../components/LoadError';
import { toast } from '../components/Toasts';
import { useAsync, usePolling } from '../hooks';
import { href } from '../router';

export function InstancePage({ id }: { id: string }) {
  const instance = useAsync((signal) => loadInstance(id, signal), [id]);
  const [confirm, setConfirm] = useState<'terminate' | 'rewind' | null>(null);
  const [busy, setBusy] = useState(false);
  usePolling(instance.reload, 2500, isRunning(instance.data));
  const status = instance.data;

  const run = async (what: 'terminate' | 'rewind') => {
    setBusy(true);
    try {
      const r = what === 'terminate' ? await instances.terminate(id, 'Terminated from the dashboard') : await instances.rewind(id, 'Rewound from the dashboard');
      if (r.status === 410 || r.status === 412) toast(`Cannot ${what} an instance in state ${status?.runtime_status ?? 'unknown'}.`, 'error');
      else toast(`${what === 'terminate' ? 'Termination' : 'Rewind'} requested.`, 'ok');
      instance.reload();
    } catch (e) {
      toast(`Could not ${what}: ${errorText(e)}`, 'error');
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  };

  return (
    <section class="page" aria-labelledby="instance-title">
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={href('/')}>Sites</a> <span aria-hidden="true">/</span> <a href={href('/instances')}>Instances</a> <span aria-hidden="true">/</span> <span aria-current="page">{id}</span>
      </nav>
      <div class="page-header">
        <div>
          <h1 id="instance-title">Orchestration {status?.name ? <span class="mono">{status.name}</span> : null}</h1>
          <p class="muted mono">{id}</p>
        </div>
        <div class="actions">
          <button type="button" class="button" disabled={busy || status?.runtime_status !== 'Failed'} onClick={() => setConfirm('rewind')}>
            Rewind
          </button>
          <button type="button" class="button button-danger-outline" disabled={busy || !isRunning(status)} onClick={() => setConfirm('terminate')}>
            Terminate
          </button>
        </div>
      </div>
      {instance.error ? (
        <LoadError what="the instance" error={instance.error} />
      ) : status === null ? (
        <p class="notice notice-info">No instance with this id (it may have been purged).</p>
      ) : status ? (
        <section class="card">
          <InstanceSummary history={status} />
        </section>
      ) : (
        <p class="muted">Loading…</p>
      )}
      <ConfirmDialog open={confirm === 'terminate'} title="Terminate this instance?" message="The orchestration stops at its next step; completed steps are not undone." confirmLabel="Terminate" busy={busy} onConfirm={() => run('terminate')} onClose={() => setConfirm(null)} />
      <ConfirmDialog open={confirm === 'rewind'} title="Rewind this instance?" message="The failed steps run again; completed steps are replayed from history." confirmLabel="Rewind" busy={busy} onConfirm={() => run('rewind')} onClose={() => setConfirm(null)} />
    </section>
  );
}
