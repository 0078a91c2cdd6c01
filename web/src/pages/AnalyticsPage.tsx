// Portfolio and per-site analytics: Matomo visits and Search Console clicks/impressions per day, top sites, and the
// portfolio's provisioning state.
import { useState } from 'preact/hooks';
import { analytics, sites as sitesApi } from '../api/endpoints';
import { errorText } from '../api/http';
import type { AnalyticsDay } from '../api/types';
import { BarList, Donut, LineChart } from '../components/Charts';
import { Kpi } from '../components/Kpi';
import { LoadError } from '../components/LoadError';
import { isoDate } from '../format';
import { useAsync } from '../hooks';
import { href, navigate } from '../router';

const ranges = [7, 30, 90];

export function AnalyticsPage({ query }: { query: URLSearchParams }) {
  const days = Number(query.get('days') ?? 30) || 30;
  const site = query.get('site') ?? '';
  const [siteText, setSiteText] = useState(site);
  const to = new Date();
  const from = new Date(to.getTime() - (days - 1) * 86400000);
  const fromIso = isoDate(from);
  const toIso = isoDate(to);

  const data = useAsync((signal) => (site ? analytics.site(site, fromIso, toIso, signal) : analytics.portfolio(fromIso, toIso, signal)), [site, fromIso, toIso]);
  const states = useAsync(async (signal) => {
    const c = await sitesApi.summary(signal);
    return { complete: c.complete ?? 0, inProgress: c.in_progress ?? 0, failed: c.failed ?? 0, notStarted: c.not_started ?? 0 };
  }, []);

  const rows = data.data ?? [];
  const series = dailySeries(rows, fromIso, days);
  const totals = {
    visits: series.visits.reduce<number>((a, v) => a + (v ?? 0), 0),
    clicks: series.clicks.reduce<number>((a, v) => a + (v ?? 0), 0),
    impressions: series.impressions.reduce<number>((a, v) => a + (v ?? 0), 0),
  };
  const top = topSites(rows);

  const setQuery = (changes: Record<string, string | undefined>) => navigate('/analytics', { days: days !== 30 ? String(days) : undefined, site: site || undefined, ...changes }, true);

  return (
    <section class="page" aria-labelledby="analytics-title">
      <div class="page-header">
        <div>
          <h1 id="analytics-title">Analytics</h1>
          <p class="muted">{site ? `Site ${site}` : 'Whole portfolio'} · {fromIso} to {toIso}</p>
        </div>
        <div class="toolbar">
          <div class="segmented" role="group" aria-label="Date range">
            {ranges.map((r) => (
              <button key={r} type="button" class={r === days ? 'segment active' : 'segment'} aria-pressed={r === days} onClick={() => setQuery({ days: r === 30 ? undefined : String(r) })}>
                {r} days
              </button>
            ))}
          </div>
          <form
            class="search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery({ site: siteText.trim() || undefined });
            }}
          >
            <label for="analytics-site" class="sr-only">
              Site domain
            </label>
            <input id="analytics-site" type="search" placeholder="All sites (or type a domain)" value={siteText} onInput={(e) => setSiteText((e.target as HTMLInputElement).value)} />
            <button type="submit" class="button button-small">
              Show
            </button>
          </form>
        </div>
      </div>

      <div class="kpis">
        <Kpi label="Visits (Matomo)" value={totals.visits} tone="blue" />
        <Kpi label="Clicks (Search Console)" value={totals.clicks} tone="green" />
        <Kpi label="Impressions (Search Console)" value={totals.impressions} tone="amber" />
        <Kpi label="CTR" text={totals.impressions ? `${((totals.clicks / totals.impressions) * 100).toFixed(1)} %` : '—'} tone="violet" />
      </div>

      <LoadError what="analytics" error={data.error} />

      <section class="card" aria-labelledby="traffic-title">
        <h2 id="traffic-title">Traffic per day</h2>
        {rows.length === 0 && !data.loading ? (
          <p class="muted">No analytics for this range yet. The nightly job aggregates Matomo visits and Search Console figures once sites are live.</p>
        ) : (
          <LineChart
            title="Traffic per day"
            dates={series.dates}
            series={[
              { name: 'Visits', values: series.visits, tone: 'blue' },
              { name: 'Clicks', values: series.clicks, tone: 'green' },
            ]}
          />
        )}
      </section>

      <div class="grid-2">
        <section class="card" aria-labelledby="impr-title">
          <h2 id="impr-title">Search impressions</h2>
          {rows.length === 0 ? <p class="muted">No data.</p> : <LineChart title="Search impressions per day" dates={series.dates} series={[{ name: 'Impressions', values: series.impressions, tone: 'amber' }]} height={230} width={480} />}
        </section>
        {site ? null : (
          <section class="card" aria-labelledby="state-title">
            <h2 id="state-title">Portfolio state</h2>
            {states.data ? (
              <Donut
                title="Sites by state"
                parts={[
                  { label: 'Complete', value: states.data.complete, tone: 'ok' },
                  { label: 'In progress', value: states.data.inProgress, tone: 'busy' },
                  { label: 'Failed', value: states.data.failed, tone: 'fail' },
                  { label: 'Not started', value: states.data.notStarted, tone: 'idle' },
                ]}
              />
            ) : (
              <p class="muted">{states.error ? errorText(states.error) : 'Loading…'}</p>
            )}
          </section>
        )}
      </div>

      {!site && top.length > 0 ? (
        <section class="card" aria-labelledby="top-title">
          <h2 id="top-title">Top sites by visits</h2>
          <BarList title="Top sites by visits" unit="visits" rows={top.slice(0, 10).map((t) => ({ label: t.label, value: t.visits, href: t.domain ? href('/analytics', { site: t.domain, days: days !== 30 ? String(days) : undefined }) : undefined }))} />
        </section>
      ) : null}
    </section>
  );
}

/** One value per calendar day of the range (null where no row), summing per-site rows when the API returns them. */
function dailySeries(rows: AnalyticsDay[], fromIso: string, days: number) {
  const byDate = new Map<string, { v: number | null; c: number | null; i: number | null }>();
  const add = (a: number | null, b: number | null | undefined) => (b === null || b === undefined ? a : (a ?? 0) + b);
  for (const r of rows) {
    const d = r.date.slice(0, 10);
    const cur = byDate.get(d) ?? { v: null, c: null, i: null };
    byDate.set(d, { v: add(cur.v, r.matomo_visits), c: add(cur.c, r.gsc_clicks), i: add(cur.i, r.gsc_impressions) });
  }
  const dates: string[] = [];
  const start = new Date(`${fromIso}T00:00:00Z`).getTime();
  for (let k = 0; k < days; k++) dates.push(isoDate(new Date(start + k * 86400000)));
  return {
    dates,
    visits: dates.map((d) => byDate.get(d)?.v ?? null),
    clicks: dates.map((d) => byDate.get(d)?.c ?? null),
    impressions: dates.map((d) => byDate.get(d)?.i ?? null),
  };
}

function topSites(rows: AnalyticsDay[]) {
  const by = new Map<string, { label: string; domain?: string; visits: number }>();
  for (const r of rows) {
    const key = r.domain ?? r.site_id;
    if (!key) continue;
    const cur = by.get(key) ?? { label: key, domain: r.domain ?? undefined, visits: 0 };
    cur.visits += r.matomo_visits ?? 0;
    by.set(key, cur);
  }
  return [...by.values()].sort((a, b) => b.visits - a.visits);
}
