/**
 * Charts of the teaching view: the app's single-path charts (chart-specs.ts)
 * re-keyed "teach-*", a loop-gain chart (both impact laws, the line at 1),
 * and the day markers: the app's own selected-day annotation on every chart,
 * plus, on the stock and mNAV charts, the next business day, where today's
 * coin close reaches the stock (the one-day delay). Pure.
 */
import type { ResolvedScenario } from '../../../sim/index.ts';
import type { Theme } from '../chart-setup.ts';
import { baseOptions, hLine, line, selectedAnnotation, series, singleCharts, type Annotations, type ChartSpec } from '../chart-specs.ts';
import type { TeachingTrace } from './trace.ts';

export const TEACH_CHARTS = ['teach-coin', 'teach-stock', 'teach-mnav', 'teach-coins', 'teach-debt', 'teach-flows', 'teach-gain'] as const;

/** Charts without day markers, built once per (trace, company, theme). */
export function teachCharts(trace: TeachingTrace, resolved: ResolvedScenario, ticker: string, theme: Theme, reference?: TeachingTrace, referenceLabel = 'with every force'): Record<string, ChartSpec> {
  const company = resolved.companies.find((c) => c.ticker === ticker);
  const covenants = (company?.debt ?? [])
    .filter((d): d is Extract<typeof d, { kind: 'convertible' | 'loan' }> => d.kind !== 'preferred')
    .filter((d) => d.covenantLtv > 0 || d.liquidationLtv > 0)
    .map((d) => ({ id: d.id, covenantLtv: d.covenantLtv, liquidationLtv: d.liquidationLtv }));
  const base = singleCharts({ result: trace.result, ticker, listingRules: resolved.listingRules, covenants, theme, selectedDay: null });
  const out: Record<string, ChartSpec> = {};
  for (const [k, v] of Object.entries(base)) out[`teach-${k}`] = v;
  const coin = trace.result.companies[ticker]?.coin;
  if (reference && coin && out['teach-coin']) {
    out['teach-coin'].data.datasets.push(line(`${coin} ${referenceLabel} (same seed)`, series(reference.result.markets[coin].price), theme.muted, { borderDash: [1, 3], borderWidth: 1.4 }));
  }
  const k = trace.model.markets.findIndex((m) => m.params.coin === coin);
  if (k >= 0) out['teach-gain'] = gainChart(trace, k, theme);
  return out;
}

/** Loop gain per day under both laws, with the line at 1. */
export function gainChart(trace: TeachingTrace, k: number, theme: Theme): ChartSpec {
  const coin = trace.model.markets[k].params.coin;
  const sq = trace.gain.map((g) => g[k].gainSqrt);
  const li = trace.gain.map((g) => g[k].gainLinear);
  const top = Math.max(1.2, ...sq.filter(Number.isFinite), ...li.filter(Number.isFinite));
  const opts = baseOptions({ theme, dates: trace.dates, yTitle: `${coin} loop gain`, yFormat: 'ratio', beginAtZero: true, annotations: hLine('gainOne', 1, theme.line1, 'gain 1: the loop sustains itself') });
  ((opts.scales as Record<string, Record<string, unknown>>).y).max = Number((top * 1.08).toPrecision(2));
  return {
    type: 'line',
    data: {
      datasets: [
        line('square-root law', series(sq), theme.price),
        line('linear law', series(li), theme.mnav),
      ],
    },
    options: opts,
  };
}

/** The annotation plugin's scriptable-option context: the chart, its x scale and plot area. */
type ChartContext = { chart: { scales: { x?: { min: number; max: number } }; chartArea?: { width: number } } };

/** Plot narrower than this (px: a phone) gets the short minimum-price label. */
const NARROW_PLOT = 420;

/**
 * The teaching stock chart's minimum-price label, kept off the day markers: at the right end while the
 * selected day (or the day its close reaches the stock) is in the left half of the chart, at the left
 * otherwise; on a narrow plot only its price and "minimum" (the rotated delay label would cross it).
 */
function minimumOffTheMarkers(minPrice: Record<string, unknown>, marker: number): Record<string, unknown> {
  const label = minPrice.label as Record<string, unknown>;
  const long = String(label.content);
  const short = long.replace(/\s*\(.*\)\s*$/, '');
  return {
    ...minPrice,
    label: {
      ...label,
      position: (ctx: ChartContext) => {
        const x = ctx.chart.scales.x;
        return x && x.max > x.min && (marker - x.min) / (x.max - x.min) < 0.5 ? 'end' : 'start';
      },
      content: (ctx: ChartContext) => ((ctx.chart.chartArea?.width ?? Infinity) < NARROW_PLOT ? short : long),
    },
  };
}

/** How far right of its line the rotated "close → stock" label is centred (px). */
const DELAY_LABEL_X = 7;

/**
 * A copy of a spec with the day markers set (data shared, options shallow-copied down to the annotations).
 * `onDay` makes a click on the chart pick that day (charts and scrubber stay in sync both ways).
 */
export function withDay(spec: ChartSpec, id: string, theme: Theme, day: number, label: string, delayDay: number, onDay?: (day: number) => void): ChartSpec {
  const plugins = spec.options.plugins as Record<string, unknown>;
  const ann = (plugins.annotation as { annotations: Annotations }).annotations;
  const next: Annotations = { ...ann, ...selectedAnnotation(theme, day, label) };
  if (id === 'teach-stock' && ann.minPrice) next.minPrice = minimumOffTheMarkers(ann.minPrice, Math.max(day, delayDay));
  if ((id === 'teach-stock' || id === 'teach-mnav') && delayDay >= 0) {
    next.delay = {
      type: 'line',
      xMin: delayDay,
      xMax: delayDay,
      borderColor: theme.selected,
      borderWidth: 1.2,
      borderDash: [2, 3],
      label: { display: id === 'teach-stock', content: 'close → stock', position: 'start', backgroundColor: 'rgba(0,0,0,0)', color: theme.selected, font: { size: 10 }, rotation: -90, xAdjust: DELAY_LABEL_X, yAdjust: -12 },
    };
  }
  // The marker labels keep clear of the day's box (chart-setup.ts markerPlugin `avoid`) and of the rotated
  // delay label: its 10 px text centred DELAY_LABEL_X right of its line, and a pixel or two beside (`column`).
  const column = id === 'teach-stock' && delayDay >= 0 ? { column: { day: delayDay, dx0: DELAY_LABEL_X - 6, dx1: DELAY_LABEL_X + 7 } } : {};
  const markers = plugins.datMarkers ? { datMarkers: { ...(plugins.datMarkers as object), avoid: { day, label }, ...column } } : {};
  const options: Record<string, unknown> = { ...spec.options, plugins: { ...plugins, ...markers, annotation: { ...(plugins.annotation as object), annotations: next } } };
  if (onDay) {
    options.onClick = (evt: { x: number | null }, _els: unknown, chart: { scales: { x?: { getValueForPixel(px: number): number | undefined } } }) => {
      const v = evt.x === null ? undefined : chart.scales.x?.getValueForPixel(evt.x);
      if (v !== undefined && Number.isFinite(v)) onDay(Math.round(v));
    };
  }
  return { ...spec, options };
}
