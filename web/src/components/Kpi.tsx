import { formatNumber } from '../format';

/** One headline figure card (Analytics, Metrics): a number, formatted, or a text such as "—" or "3.2 %". */
export function Kpi({ label, value, text, tone }: { label: string; value?: number; text?: string; tone: 'blue' | 'green' | 'amber' | 'violet' }) {
  return (
    <div class={`kpi kpi-${tone}`}>
      <span class="kpi-label">{label}</span>
      <span class="kpi-value">{text ?? formatNumber(value ?? 0)}</span>
    </div>
  );
}
