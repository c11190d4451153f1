/**
 * The tornado as a Chart.js horizontal floating-bar chart (plain data, like
 * web/lib/chart-specs.ts): one row per parameter, largest swing on top, a
 * bar from the base value to the metric at the low end of the range and one
 * to the metric at the high end; the base value is a vertical line.
 */
import type { TornadoResult } from '../../src/analysis/tornado.ts';
import type { Theme } from './chart-setup.ts';
import type { ChartSpec } from './chart-specs.ts';
import { compact, pct, usd } from './format.ts';

/** A metric value as its unit reads. */
export function formatMetric(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'fraction' || unit === 'probability') return pct(v, Math.abs(v) < 0.1 ? 2 : 1); // small shares (a self-inflicted 0.4%) need the second digit
  if (unit === 'USD') return usd(v, 3);
  if (unit === 'USD/share') return `$${compact(v, 3)}`;
  return compact(v, 3);
}

/**
 * A parameter's name as the tornado's y axis shows it: whole on a wide chart
 * (broken into two lines of at most 36 characters when longer), cut to 20
 * characters with an ellipsis on a chart narrower than 560 px (a phone; the
 * table below the chart and the tooltip give the whole name).
 */
export function tornadoTickLabel(label: string, chartWidth: number): string | string[] {
  if (chartWidth < 560) return label.length > 20 ? `${label.slice(0, 19).trimEnd()}…` : label;
  if (label.length <= 36) return label;
  const cut = label.lastIndexOf(' ', 36);
  const at = cut > 0 ? cut : 36;
  const rest = label.slice(at).trim();
  return [label.slice(0, at), rest.length > 36 ? `${rest.slice(0, 35).trimEnd()}…` : rest];
}

export function tornadoChart(r: TornadoResult, theme: Theme | null): ChartSpec {
  const fg = theme?.fg ?? '#222', grid = theme?.grid ?? '#ddd';
  const lowColour = theme?.sold ?? '#c0392b', highColour = theme?.price ?? '#2c6fbb';
  // The 95% interval of the base mean (mean ± 1.96 standard errors), shaded behind the bars.
  const se = r.baseStats?.se ?? NaN;
  const band = Number.isFinite(se) && se > 0 && Number.isFinite(r.base) ? [r.base - 1.96 * se, r.base + 1.96 * se] : null;
  const bandColour = theme?.dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.08)';
  const bar = (v: number): [number, number] | null => (Number.isFinite(v) && Number.isFinite(r.base) ? [r.base, v] : null);
  return {
    type: 'bar',
    data: {
      labels: r.rows.map((x) => x.label),
      datasets: [
        { label: 'low end of range', data: r.rows.map((x) => bar(x.metricLow)), backgroundColor: lowColour, borderColor: lowColour, grouped: false, barPercentage: 0.8, categoryPercentage: 0.9 },
        { label: 'high end of range', data: r.rows.map((x) => bar(x.metricHigh)), backgroundColor: highColour, borderColor: highColour, grouped: false, barPercentage: 0.8, categoryPercentage: 0.9 },
      ],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        // No explicit type: 'linear' here: <dat-chart> would fit day-axis ticks to it.
        // Around the values and the shaded interval, not from 0 (a bar chart's default): the swings are what matter.
        x: { beginAtZero: false, suggestedMin: band?.[0], suggestedMax: band?.[1], grid: { color: grid }, ticks: { color: fg, callback: (v: number | string) => formatMetric(Number(v), r.unit) }, title: { display: true, text: `${r.metric} (${r.unit})`, color: fg } },
        y: {
          type: 'category',
          grid: { display: false },
          ticks: { color: fg, autoSkip: false, callback: function (this: { chart: { width: number } }, _v: unknown, i: number) { return tornadoTickLabel(r.rows[i]?.label ?? '', this.chart.width); } },
        },
      },
      plugins: {
        legend: { labels: { color: fg } },
        tooltip: {
          callbacks: {
            label: (c: { datasetIndex: number; dataIndex: number }) => {
              const row = r.rows[c.dataIndex];
              return c.datasetIndex === 0 ? `low (${row.lowValue}): ${formatMetric(row.metricLow, r.unit)}` : `high (${row.highValue}): ${formatMetric(row.metricHigh, r.unit)}`;
            },
          },
        },
        annotation: {
          annotations: Number.isFinite(r.base)
            ? {
                ...(band ? { baseBand: { type: 'box', xMin: band[0], xMax: band[1], backgroundColor: bandColour, borderWidth: 0, drawTime: 'beforeDatasetsDraw' } } : {}),
                base: { type: 'line', xMin: r.base, xMax: r.base, borderColor: fg, borderWidth: 1.5, borderDash: [4, 3], label: { display: true, content: `base ${formatMetric(r.base, r.unit)}`, position: 'start', backgroundColor: 'transparent', color: fg, font: { size: 11 } } },
              }
            : {},
        },
      },
    },
  };
}
