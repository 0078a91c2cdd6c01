// One site: status, error, external ids, step timeline, orchestration history and its own analytics.
import { useState } from 'preact/hooks';
import { analytics, type ContentAction, itemsOf, sites as sitesApi } from '../api/endpoints';
import { ApiError, errorText } from '../api/http';
import { isRunning, loadInstance } from '../api/instances';
import type { Site } from '../api/types';
import { LineChart } from '../components/Charts';
import { ConfirmDialog } from '../components/Dialog';
import { InstanceSummary } from '../components/HistoryView';
import { AnalyticsChip, siteOverall, StatusChip, StepChips, toneOf } from '../components/StatusChip';
import { EventList, Stepper } from '../components/Timeline';
import { toast } from '../components/Toasts';
import { formatDateTime, humanize, isoDate } from '../format';
import { useAsync, usePolling } from '../hooks';
import { href, navigate } from '../router';
import { AddSiteDialog, TeardownDialog } from './SiteDialogs';

const contentLabels: Record<ContentAction, string> = { redeploy: 'Redeploying', regenerate: 'Regenerating', rollback: 'Rolling back' };

export function SitePage({ domain }: { domain: string }) {
  const site = useAsync((signal) => sitesApi.get(domain, signal), [domain]);
  const events = useAsync((signal) => sitesApi.events(domain, signal).then(itemsOf), [domain]);
  const instanceId = site.data?.instance_id ?? undefined;
  const instance = useAsync((signal) => (instanceId ? loadInstance(instanceId, signal) : Promise.resolve(null)), [instanceId]);
  const [dialog, setDialog] = useState<'edit' | 'delete' | 'teardown' | 'rollback' | null>(null);
  const [busy, setBusy] = useState(false);
  // The provisioning run as its instance reports it: a failed run is a Failed instance (step + reason), which retry rewinds.
  const run = useAsync((signal) => sitesApi.provisioning(domain, signal), [domain]);

  const s = site.data;
  const busyChips = s ? [s.status_dns, s.status_hosting, s.status_content, s.status_deployment, s.gsc_verification_status].some((v) => toneOf(v) === 'busy') : false;
  const live = isRunning(instance.data) || isRunning(run.data) || busyChips || s?.lifecycle === 'deleting';
  usePolling(
    () => {
      site.reload();
      events.reload();
      instance.reload();
      run.reload();
    },
    2500,
    live,
  );

  if (site.error) {
    const missing = site.error instanceof ApiError && site.error.status === 404;
    return (
      <section class="page">
        <Breadcrumb domain={domain} />
        <h1>{domain}</h1>
        <p class="notice notice-error" role="alert">
          {missing ? 'This site does not exist (it may have been deleted).' : `Could not load the site: ${errorText(site.error)}`}
        </p>
      </section>
    );
  }
  if (!s) {
    return (
      <section class="page" aria-busy="true">
        <Breadcrumb domain={domain} />
        <h1>{domain}</h1>
        <p class="muted">Loading…</p>
      </section>
    );
  }

  const retry = run.data?.retry ?? 'start';
  const act = async (what: 'provision' | 'retry') => {
    setBusy(true);
    try {
      const r = what === 'provision' ? await sitesApi.provision(s.domain) : await sitesApi.retry(s.domain);
      const doing = what === 'provision' ? 'Provisioning' : retry === 'rewind' ? 'Rewinding the failed run of' : 'Running again:';
      toast(`${doing} ${s.domain} (instance ${r.data?.id ?? ''}).`, 'ok');
      site.reload();
      events.reload();
      run.reload();
    } catch (e) {
      toast(`Could not ${what} ${s.domain}: ${errorText(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  const contentAct = async (action: ContentAction) => {
    setBusy(true);
    try {
      const r = await sitesApi.contentAction(s.domain, action);
      toast(`${contentLabels[action]} ${s.domain} (instance ${r.data?.id ?? ''}).`, 'ok');
      site.reload();
      events.reload();
    } catch (e) {
      toast(`Could not ${action} ${s.domain}: ${errorText(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await sitesApi.remove(s.domain);
      toast(`Deleted ${s.domain}.`, 'ok');
      navigate('/');
    } catch (e) {
      toast(`Could not delete ${s.domain}: ${errorText(e)}`, 'error');
      setDialog(null);
    } finally {
      setBusy(false);
    }
  };

  const teardown = async (rollback = false) => {
    setBusy(true);
    try {
      const r = await sitesApi.teardown(s.domain, rollback);
      toast(`${rollback ? 'Rolling back the failed provisioning of' : 'Tearing down'} ${s.domain} (instance ${r.data?.id ?? ''}).`, 'ok');
      setDialog(null);
      site.reload();
      events.reload();
    } catch (e) {
      toast(`Could not ${rollback ? 'roll back' : 'tear down'} ${s.domain}: ${errorText(e)}`, 'error');
      setDialog(null);
    } finally {
      setBusy(false);
    }
  };

  const overall = siteOverall(s);
  const eventList = events.data ?? [];
  return (
    <section class="page" aria-labelledby="site-title">
      <Breadcrumb domain={s.domain} />
      <div class="page-header">
        <div>
          <h1 id="site-title">
            {s.domain_unicode && s.domain_unicode !== s.domain ? `${s.domain_unicode} (${s.domain})` : s.domain}
          </h1>
          <div class="header-chips">
            <StatusChip status={overall === 'complete' ? 'completed' : overall === 'failed' ? 'failed' : overall === 'live' ? 'live' : overall === 'not started' ? 'pending' : 'running'} label={overall === 'in progress' ? 'In progress' : overall === 'live' ? 'Live, analytics not ready' : humanize(overall.replace(' ', '_'))} />
            <StepChips site={s} />
            <AnalyticsChip site={s} />
            {s.lifecycle && s.lifecycle !== 'active' ? (
              <span data-testid="lifecycle">
                <StatusChip status={s.lifecycle === 'deleted' ? 'completed' : s.lifecycle === 'error' ? 'failed' : 'running'} label={s.lifecycle === 'deleting' ? 'Tearing down' : s.lifecycle === 'deleted' ? 'Torn down' : 'Teardown left resources'} />
              </span>
            ) : null}
            {live ? (
              <span class="live-dot" role="status">
                Live
              </span>
            ) : null}
          </div>
        </div>
        <div class="actions">
          <button type="button" class="button button-primary" disabled={busy || isRunning(instance.data)} onClick={() => act('provision')}>
            Provision
          </button>
          <button
            type="button"
            class="button"
            disabled={busy || retry === 'none' || isRunning(instance.data)}
            onClick={() => act('retry')}
            title={
              retry === 'rewind'
                ? 'Rewinds the failed run: completed steps keep their results; the failed step and what follows run again'
                : 'No failed run to rewind: runs provisioning again (steps that are done finish at once)'
            }
          >
            {retry === 'rewind' ? 'Retry failed step' : 'Run again'}
          </button>
          {s.hosting_doc_root && s.server_id ? (
            <span class="content-actions" role="group" aria-label="Content actions">
              <button type="button" class="button" disabled={busy} onClick={() => contentAct('redeploy')} title="Rebuild from the stored pages and deploy a new release">
                Redeploy
              </button>
              <button type="button" class="button" disabled={busy} onClick={() => contentAct('regenerate')} title="Rewrite every page with the model (uses tokens), then build and deploy">
                Regenerate content
              </button>
              <button type="button" class="button" disabled={busy} onClick={() => contentAct('rollback')} title="Switch back to the previous release">
                Roll back
              </button>
            </span>
          ) : null}
          <button type="button" class="button" onClick={() => setDialog('edit')}>
            Edit
          </button>
          <button type="button" class="button button-danger-outline" disabled={busy || s.lifecycle === 'deleting'} onClick={() => setDialog('teardown')} title="Delete the zone, records, CloudPanel site and Matomo site; the site is kept as deleted">
            Tear down
          </button>
          <button type="button" class="button button-danger-outline" onClick={() => setDialog('delete')}>
            Delete
          </button>
        </div>
      </div>

      {run.data && run.data.succeeded === false ? (
        <div class="notice notice-error" role="alert" data-testid="provisioning-failure">
          <strong>
            Provisioning {run.data.runtime_status === 'Terminated' ? 'was terminated' : `failed${run.data.failed_step ? ` at ${humanize(run.data.failed_step)}` : ''}`}
          </strong>
          <p class="error-message">{run.data.error}</p>
          {run.data.retry === 'rewind' ? <p class="muted">Fix the cause, then “Retry failed step”: the completed steps are kept and only the failed step and what follows run again.</p> : null}
          {run.data.runtime_status === 'Failed' && run.data.retry === 'rewind' ? (
            <p>
              <button type="button" class="button button-danger-outline" disabled={busy || s.lifecycle === 'deleting'} onClick={() => setDialog('rollback')} title="Run the teardown steps for what this run created; the site stays, not provisioned">
                Roll back provisioning
              </button>
            </p>
          ) : null}
        </div>
      ) : null}

      {s.error_message && !(run.data && run.data.succeeded === false && run.data.error === s.error_message) ? (
        <div class="notice notice-error" role="alert">
          <strong>Last error</strong>
          <p class="error-message">{s.error_message}</p>
        </div>
      ) : null}

      <div class="grid-2">
        <section class="card" aria-labelledby="ids-title">
          <h2 id="ids-title">External ids</h2>
          <ExternalIds site={s} />
        </section>
        <section class="card" aria-labelledby="details-title">
          <h2 id="details-title">Details</h2>
          <dl class="kv">
            <dt>Brand</dt>
            <dd>{s.brand || '—'}</dd>
            <dt>Niche</dt>
            <dd>{s.niche || '—'}</dd>
            <dt>Language</dt>
            <dd>{s.language || 'en'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(s.created_at)}</dd>
            <dt>Updated</dt>
            <dd>{formatDateTime(s.updated_at)}</dd>
          </dl>
        </section>
      </div>

      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Step timeline</h2>
        <Stepper events={eventList} />
        {events.error ? <p class="notice notice-error">Could not load events: {errorText(events.error)}</p> : <EventList events={eventList} />}
      </section>

      <section class="card" aria-labelledby="history-title">
        <div class="card-header">
          <h2 id="history-title">Orchestration history</h2>
          {instanceId ? (
            <a href={href(`/instances/${encodeURIComponent(instanceId)}`)} class="button button-small">
              Open instance
            </a>
          ) : null}
        </div>
        {!instanceId ? (
          <p class="muted">Not provisioned yet: no orchestration has run for this site.</p>
        ) : instance.error ? (
          <p class="notice notice-error">Could not load the history: {errorText(instance.error)}</p>
        ) : instance.data === null ? (
          <p class="muted">Instance {instanceId} was not found (purged?).</p>
        ) : instance.data ? (
          <InstanceSummary history={instance.data} />
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>

      <SiteAnalytics domain={s.domain} />

      <AddSiteDialog open={dialog === 'edit'} site={s} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); site.reload(); }} />
      <TeardownDialog open={dialog === 'teardown'} domain={s.domain} busy={busy} onConfirm={() => teardown()} onClose={() => setDialog(null)} />
      <ConfirmDialog
        open={dialog === 'rollback'}
        title={`Roll back ${s.domain}?`}
        message="The failed run's Cloudflare zone and records, CloudPanel site and Matomo site are deleted with the teardown steps. The site stays in the list, not provisioned, and can be provisioned again from scratch."
        confirmLabel="Roll back"
        busy={busy}
        onConfirm={() => teardown(true)}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog open={dialog === 'delete'} title={`Delete ${s.domain}?`} message="The site row and its events are removed from Website Factory. Cloudflare, hosting and analytics are left as they are (use teardown for that)." confirmLabel="Delete site" busy={busy} onConfirm={remove} onClose={() => setDialog(null)} />
    </section>
  );
}

function Breadcrumb({ domain }: { domain: string }) {
  return (
    <nav aria-label="Breadcrumb" class="breadcrumb">
      <a href={href('/')}>Sites</a> <span aria-hidden="true">/</span> <span aria-current="page">{domain}</span>
    </nav>
  );
}

function ExternalIds({ site }: { site: Site }) {
  const records = Object.entries(site.record_ids ?? {});
  return (
    <dl class="kv">
      <dt>Cloudflare zone id</dt>
      <dd class="mono">{site.cloudflare_zone_id || '—'}</dd>
      <dt>Nameservers</dt>
      <dd class="mono">{site.assigned_nameservers?.length ? site.assigned_nameservers.map((n) => <div key={n}>{n}</div>) : '—'}</dd>
      <dt>DNS records</dt>
      <dd class="mono">
        {records.length
          ? records.map(([k, v]) => (
              <div key={k}>
                {k}: <span class="muted">{v}</span>
              </div>
            ))
          : '—'}
      </dd>
      <dt>Doc root</dt>
      <dd class="mono">{site.hosting_doc_root || '—'}</dd>
      <dt>Site user</dt>
      <dd class="mono">{site.site_user || '—'}</dd>
      <dt>Matomo site id</dt>
      <dd class="mono">{site.matomo_site_id ?? '—'}</dd>
      <dt>Model tokens</dt>
      <dd class="mono">{site.content_tokens ? site.content_tokens.toLocaleString('en-US') : '—'}</dd>
      <dt>Instance id</dt>
      <dd class="mono">{site.instance_id ? <a href={href(`/instances/${encodeURIComponent(site.instance_id)}`)}>{site.instance_id}</a> : '—'}</dd>
    </dl>
  );
}

function SiteAnalytics({ domain }: { domain: string }) {
  const to = new Date();
  const from = new Date(to.getTime() - 29 * 86400000);
  const data = useAsync((signal) => analytics.site(domain, isoDate(from), isoDate(to), signal), [domain]);
  const days = data.data ?? [];
  return (
    <section class="card" aria-labelledby="site-analytics-title">
      <div class="card-header">
        <h2 id="site-analytics-title">Traffic, last 30 days</h2>
        <a class="button button-small" href={href('/analytics', { site: domain })}>
          Analytics
        </a>
      </div>
      {data.error ? (
        <p class="muted">No analytics: {errorText(data.error)}</p>
      ) : days.length === 0 ? (
        <p class="muted">{data.loading ? 'Loading…' : 'No analytics yet (the nightly job fills them once the site is live).'}</p>
      ) : (
        <LineChart
          title={`Traffic of ${domain}`}
          dates={days.map((d) => d.date)}
          series={[
            { name: 'Visits (Matomo)', values: days.map((d) => d.matomo_visits ?? null), tone: 'blue' },
            { name: 'Clicks (GSC)', values: days.map((d) => d.gsc_clicks ?? null), tone: 'green' },
          ]}
          height={180}
        />
      )}
    </section>
  );
}
