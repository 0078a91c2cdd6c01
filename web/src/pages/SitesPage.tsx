// The portfolio: every site with its five step chips, filters, search, paging and bulk provision / retry.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { provisioning, sites as sitesApi } from '../api/endpoints';
import { errorText } from '../api/http';
import type { ProgressFilter, Site } from '../api/types';
import { EmptyRow } from '../components/EmptyRow';
import { LoadError } from '../components/LoadError';
import { Pager } from '../components/Pager';
import { siteOverall, StepChips } from '../components/StatusChip';
import { toast } from '../components/Toasts';
import { formatRelative } from '../format';
import { useAsync, usePolling } from '../hooks';
import { href, navigate } from '../router';
import { AddSiteDialog, ImportDialog } from './SiteDialogs';

const filters: { value: ProgressFilter; label: string }[] = [
  { value: 'any', label: 'All' },
  { value: 'failed', label: 'Failed' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'not_started', label: 'Not started' },
  { value: 'live', label: 'Live, analytics pending/failed' },
  { value: 'complete', label: 'Complete' },
];

// Lifecycle filter: the server hides deleted (torn-down) sites unless asked.
const lifecycles: { value: string; label: string }[] = [
  { value: '', label: 'Not deleted' },
  { value: 'active', label: 'Active' },
  { value: 'deleting', label: 'Deleting' },
  { value: 'error', label: 'Teardown error' },
  { value: 'deleted', label: 'Deleted' },
  { value: 'all', label: 'All, with deleted' },
];

const pageSizes = [25, 50, 100, 200];

export function SitesPage({ query }: { query: URLSearchParams }) {
  const progress = (query.get('progress') as ProgressFilter | null) ?? 'any';
  const search = query.get('q') ?? '';
  const lifecycle = query.get('lifecycle') ?? '';
  const offset = Number(query.get('offset') ?? 0) || 0;
  const limit = Number(query.get('limit') ?? 50) || 50;
  const [searchText, setSearchText] = useState(search);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const [live, setLive] = useState(true);

  const setQuery = (changes: Record<string, string | undefined>) => {
    const next: Record<string, string | undefined> = { progress: progress === 'any' ? undefined : progress, q: search || undefined, lifecycle: lifecycle || undefined, offset: offset ? String(offset) : undefined, limit: limit !== 50 ? String(limit) : undefined, ...changes };
    navigate('/', next, true);
  };

  // Search as you type, without a request per key stroke.
  useEffect(() => {
    if (searchText === search) return;
    const t = window.setTimeout(() => setQuery({ q: searchText || undefined, offset: undefined }), 300);
    return () => window.clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchText]);

  const list = useAsync((signal) => sitesApi.list({ progress, search: search || undefined, lifecycle: lifecycle || undefined, offset, limit }, signal), [progress, search, lifecycle, offset, limit]);
  usePolling(list.reload, 4000, live && !list.loading);

  const items = list.data?.items ?? [];
  const total = list.data?.total_count ?? 0;
  const allSelected = items.length > 0 && items.every((s) => selected.has(s.domain));
  const selectedSites = useMemo(() => items.filter((s) => selected.has(s.domain)), [items, selected]);
  const failedSelected = selectedSites.filter((s) => siteOverall(s) === 'failed');

  const toggle = (domain: string) => {
    const next = new Set(selected);
    if (next.has(domain)) next.delete(domain);
    else next.add(domain);
    setSelected(next);
  };
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(items.map((s) => s.domain)));

  const provisionSelected = async () => {
    const domains = [...selected];
    if (domains.length === 0) return;
    setBusy(true);
    try {
      const r = await provisioning.batch(domains);
      toast(`Provisioning ${domains.length} site${domains.length === 1 ? '' : 's'} (batch ${shortId(r.data.id)}).`, 'ok');
      setSelected(new Set());
      navigate(`/batches/${encodeURIComponent(r.data.id)}`);
    } catch (e) {
      toast(`Could not start provisioning: ${errorText(e)}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  const retrySelected = async () => {
    setBusy(true);
    let ok = 0;
    const failures: string[] = [];
    for (const s of failedSelected) {
      try {
        await sitesApi.retry(s.domain);
        ok++;
      } catch (e) {
        failures.push(`${s.domain}: ${errorText(e)}`);
      }
    }
    setBusy(false);
    if (ok) toast(`Retrying ${ok} site${ok === 1 ? '' : 's'}.`, 'ok');
    if (failures.length) toast(`Retry failed for ${failures.join('; ')}`, 'error');
    setSelected(new Set());
    list.reload();
  };

  return (
    <section class="page" aria-labelledby="sites-title">
      <div class="page-header">
        <div>
          <h1 id="sites-title">Sites</h1>
          <p class="muted">{list.data ? `${total.toLocaleString()} site${total === 1 ? '' : 's'}${progress !== 'any' ? ` ${filters.find((f) => f.value === progress)?.label.toLowerCase()}` : ''}` : ' '}</p>
        </div>
        <div class="actions">
          <button type="button" class="button" onClick={() => setDialog('import')}>
            Import…
          </button>
          <button type="button" class="button button-primary" onClick={() => setDialog('add')}>
            Add site
          </button>
        </div>
      </div>

      <div class="toolbar">
        <div class="segmented" role="group" aria-label="Filter by progress">
          {filters.map((f) => (
            <button key={f.value} type="button" class={progress === f.value ? 'segment active' : 'segment'} aria-pressed={progress === f.value} onClick={() => { setSelected(new Set()); setQuery({ progress: f.value === 'any' ? undefined : f.value, offset: undefined }); }}>
              {f.label}
            </button>
          ))}
        </div>
        <div class="search">
          <label for="site-search" class="sr-only">
            Search sites
          </label>
          <input id="site-search" type="search" placeholder="Search domain or brand…" value={searchText} onInput={(e) => setSearchText((e.target as HTMLInputElement).value)} />
        </div>
        <label class="inline-field">
          Lifecycle{' '}
          <select
            aria-label="Filter by lifecycle"
            value={lifecycle}
            onChange={(e) => {
              setSelected(new Set());
              setQuery({ lifecycle: (e.target as HTMLSelectElement).value || undefined, offset: undefined });
            }}
          >
            {lifecycles.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <label class="checkbox-label">
          <input type="checkbox" checked={live} onChange={() => setLive(!live)} /> Live refresh
        </label>
      </div>

      <div class={selected.size ? 'bulkbar visible' : 'bulkbar'} role="region" aria-label="Bulk actions" aria-live="polite">
        {selected.size ? (
          <>
            <strong>{selected.size} selected</strong>
            <button type="button" class="button button-primary button-small" disabled={busy} onClick={provisionSelected}>
              Provision selected
            </button>
            <button type="button" class="button button-small" disabled={busy || failedSelected.length === 0} onClick={retrySelected} title="Re-runs failed sites from their failed step">
              Retry failed ({failedSelected.length})
            </button>
            <button type="button" class="button button-ghost button-small" onClick={() => setSelected(new Set())}>
              Clear
            </button>
          </>
        ) : (
          <span class="muted">Select sites to provision or retry them together.</span>
        )}
      </div>

      <LoadError what="sites" error={list.error}>
        {' '}
        <button type="button" class="button button-small" onClick={list.reload}>
          Try again
        </button>
      </LoadError>

      <div class="table-wrap">
        <table class="table sites-table" aria-busy={list.loading && !list.data}>
          <caption class="sr-only">Sites and the status of each pipeline step</caption>
          <thead>
            <tr>
              <th scope="col" class="col-check">
                <input type="checkbox" aria-label="Select all sites on this page" checked={allSelected} onChange={toggleAll} />
              </th>
              <th scope="col">Domain</th>
              <th scope="col">Lifecycle</th>
              <th scope="col">Steps</th>
              <th scope="col" class="col-error">Last error</th>
              <th scope="col" class="col-updated">Updated</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <SiteRow key={s.id} site={s} checked={selected.has(s.domain)} onToggle={() => toggle(s.domain)} />
            ))}
            {list.data && items.length === 0 ? (
              <EmptyRow columns={6}>{search || progress !== 'any' || lifecycle ? 'No site matches these filters.' : 'No sites yet. Add one or import a list.'}</EmptyRow>
            ) : null}
            {!list.data && list.loading ? <EmptyRow columns={6}>Loading…</EmptyRow> : null}
          </tbody>
        </table>
      </div>

      <div class="table-footer">
        <label class="inline-field">
          Rows per page{' '}
          <select value={String(limit)} onChange={(e) => setQuery({ limit: (e.target as HTMLSelectElement).value, offset: undefined })}>
            {pageSizes.map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <Pager offset={offset} limit={limit} total={total} onChange={(o) => setQuery({ offset: o ? String(o) : undefined })} />
      </div>

      <AddSiteDialog open={dialog === 'add'} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); list.reload(); }} />
      <ImportDialog open={dialog === 'import'} onClose={() => setDialog(null)} onImported={() => list.reload()} />
    </section>
  );
}

function SiteRow({ site, checked, onToggle }: { site: Site; checked: boolean; onToggle: () => void }) {
  const overall = siteOverall(site);
  return (
    <tr class={checked ? 'selected' : undefined} data-domain={site.domain} data-overall={overall}>
      <td class="col-check">
        <input type="checkbox" aria-label={`Select ${site.domain}`} checked={checked} onChange={onToggle} />
      </td>
      <td>
        <a class="domain-link" href={href(`/sites/${encodeURIComponent(site.domain)}`)}>
          {site.domain_unicode && site.domain_unicode !== site.domain ? site.domain_unicode : site.domain}
        </a>
        {site.brand ? <div class="muted small">{site.brand}</div> : null}
      </td>
      <td class="col-lifecycle" data-lifecycle={site.lifecycle ?? 'active'}>
        {/* Not a step chip: the step-chip selectors (.chip) count the five pipeline steps only. */}
        <span class={`lifecycle lifecycle-${site.lifecycle ?? 'active'}`} title={lifecycleTitles[site.lifecycle ?? 'active']}>
          {site.lifecycle ?? 'active'}
        </span>
      </td>
      <td>
        <StepChips site={site} />
      </td>
      <td class="col-error">{site.error_message ? <span class="error-text" title={site.error_message}>{site.error_message}</span> : <span class="muted">—</span>}</td>
      <td class="col-updated muted" title={site.updated_at}>
        {formatRelative(site.updated_at)}
      </td>
    </tr>
  );
}

const lifecycleTitles: Record<string, string> = {
  active: 'Active: provisioned, partly provisioned or not started',
  deleting: 'Deleting: a teardown is running',
  deleted: 'Deleted: torn down; the row and its events are kept',
  error: 'Teardown error: a step failed and left a resource behind (see the site)',
};

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
