// Small inline-SVG charts: no chart library, no external assets. Each chart has a text alternative.
import { formatNumber } from '../format';

export type ChartTone = 'blue' | 'green' | 'amber' | 'violet';

export interface Series {
  name: string;
  values: (number | null)[];
  tone: ChartTone;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  const f = v / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function shortDate(d: string): string {
  const [, m, day] = d.split('-');
  return `${day}.${m}`;
}

/** A multi-series line chart over dates, with a legend and a data table behind a disclosure. */
export function LineChart({ title, dates, series, height = 240, width = 760 }: { title: string; dates: string[]; series: Series[]; height?: number; width?: number }) {
  const pad = { l: 48, r: 14, t: 12, b: 26 };
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const n = Math.max(dates.length, 1);
  const x = (i: number) => pad.l + (n === 1 ? (width - pad.l - pad.r) / 2 : (i * (width - pad.l - pad.r)) / (n - 1));
  const y = (v: number) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const xEvery = Math.max(1, Math.ceil(n / Math.max(3, Math.floor(width / 95))));
  // The last date always gets a label; the regular one before it is dropped when the two would overlap.
  const showLabel = (i: number) => i === n - 1 || (i % xEvery === 0 && n - 1 - i >= xEvery / 2);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${series.map((s) => `${s.name} total ${formatNumber(sum(s.values))}`).join(', ')}`}>
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={width - pad.r} y1={y(t)} y2={y(t)} class="chart-grid" />
            <text x={pad.l - 6} y={y(t) + 4} class="chart-tick" text-anchor="end">
              {compact(t)}
            </text>
          </g>
        ))}
        {dates.map((d, i) =>
          showLabel(i) ? (
            <text key={d} x={x(i)} y={height - 8} class="chart-tick" text-anchor="middle">
              {shortDate(d)}
            </text>
          ) : null,
        )}
        {series.map((s) => {
          const pts = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
          const segments: string[][] = [[]];
          pts.forEach((p) => (p ? segments[segments.length - 1].push(p) : segments.push([])));
          return (
            <g key={s.name} class={`series series-${s.tone}`}>
              {segments
                .filter((seg) => seg.length > 0)
                .map((seg, k) => (
                  <polyline key={k} points={seg.join(' ')} class="chart-line" />
                ))}
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={n > 45 ? 1.5 : 3} class="chart-point">
                    <title>{`${dates[i]} — ${s.name}: ${formatNumber(v)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {series.map((s) => (
          <span key={s.name} class={`legend-item series-${s.tone}`}>
            <span class="legend-swatch" aria-hidden="true" />
            {s.name} <strong>{formatNumber(sum(s.values))}</strong>
          </span>
        ))}
      </figcaption>
      <details class="chart-data">
        <summary>Data table</summary>
        <table class="table compact">
          <thead>
            <tr>
              <th scope="col">Date</th>
              {series.map((s) => (
                <th scope="col" key={s.name}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dates.map((d, i) => (
              <tr key={d}>
                <td>{d}</td>
                {series.map((s) => (
                  <td key={s.name} class="num">
                    {formatNumber(s.values[i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Horizontal bars, largest first: e.g. visits per site. */
export function BarList({ title, rows, unit }: { title: string; rows: { label: string; value: number; href?: string }[]; unit: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  if (rows.length === 0) return <p class="muted">No data.</p>;
  return (
    <ol class="barlist" aria-label={title}>
      {rows.map((r) => (
        <li key={r.label}>
          <span class="barlist-label">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</span>
          <span class="barlist-track" aria-hidden="true">
            <span class="barlist-bar" style={{ width: `${(r.value / max) * 100}%` }} />
          </span>
          <span class="barlist-value">
            {formatNumber(r.value)} <span class="sr-only">{unit}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

/** A donut of counts (e.g. sites by overall state). */
export function Donut({ title, parts }: { title: string; parts: { label: string; value: number; tone: string }[] }) {
  const total = parts.reduce((a, p) => a + p.value, 0);
  const r = 42;
  const c = 2 * Math.PI * r;
  let acc = 0;
  return (
    <figure class="donut">
      <svg viewBox="0 0 120 120" role="img" aria-label={`${title}: ${parts.map((p) => `${p.label} ${p.value}`).join(', ')}`}>
        <circle cx="60" cy="60" r={r} class="donut-track" />
        {total > 0
          ? parts.map((p) => {
              const len = (p.value / total) * c;
              const el = <circle key={p.label} cx="60" cy="60" r={r} class={`donut-part tone-${p.tone}`} stroke-dasharray={`${len} ${c - len}`} stroke-dashoffset={-acc} transform="rotate(-90 60 60)" />;
              acc += len;
              return el;
            })
          : null}
        <text x="60" y="58" text-anchor="middle" class="donut-total">
          {total}
        </text>
        <text x="60" y="74" text-anchor="middle" class="donut-caption">
          sites
        </text>
      </svg>
      <figcaption class="legend legend-column">
        {parts.map((p) => (
          <span key={p.label} class={`legend-item tone-${p.tone}`}>
            <span class="legend-swatch" aria-hidden="true" />
            {p.label} <strong>{p.value}</strong>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function sum(values: (number | null)[]): number {
  return values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

function compact(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return String(Math.round(v));
}
