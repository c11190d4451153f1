/**
 * Chart specs of the Risk view: the coin price (one path, or the ensemble's
 * fan) with each solved trigger price of the focus company as a labelled
 * horizontal line. Pure.
 */
import type { SimResultTyped } from '../../src/simulate.ts';
import type { CompanyRisk } from '../../src/risk/map.ts';
import type { TriggerKind } from '../../src/risk/triggers.ts';
import { fmtPrice } from '../../src/risk/format.ts';
import type { Theme } from './chart-setup.ts';
import { baseOptions, fanChart, hLine, line, series, type Annotations, type ChartSpec } from './chart-specs.ts';
import type { EnsembleResult } from './ensemble-types.ts';



/** Short chart labels (the table has the full ones). */
const SHORT: Record<TriggerKind, string> = {
  covenant: 'covenant', lenderLiquidation: 'lender sells', uncoveredRedemption: 'put unfunded', holderPut: 'holder put', mnavBelowOne: 'mNAV 1', stockBelowMin: 'stock < min',
  stockBelowPenny: 'stock < $0.10', equityWipedOut: 'equity wiped', stopLoss: 'stop-loss', deleverage: 'deleverage', defendListing: 'defend listing',
  buybackBelowNav: 'buyback', issuanceStops: 'issuance stops', rule: 'rule',
};

/** One dashed line per solved trigger: red for forced ones (lender, covenant, put), amber otherwise. */
export function triggerLines(c: CompanyRisk, theme: Theme): { annotations: Annotations; min: number | null } {
  let annotations: Annotations = {};
  let min: number | null = null;
  c.triggers.forEach((t, k) => {
    if (t.status !== 'solved' || t.triggerCoinPrice === null) return;
    const color = t.forced ? theme.line1 : theme.cost;
    const a = hLine(`risk-${k}`, t.triggerCoinPrice, color, `${SHORT[t.kind]} ${fmtPrice(t.triggerCoinPrice)} (−${t.distancePct!.toFixed(0)}%)`);
    // Alternate the label's end so neighbouring lines do not print over each other.
    const label = a[`risk-${k}`].label as Record<string, unknown>;
    label.position = Object.keys(annotations).length % 2 ? 'end' : 'start';
    label.backgroundColor = theme.panel; // readable over the price line
    annotations = { ...annotations, ...a };
    min = min === null ? t.triggerCoinPrice : Math.min(min, t.triggerCoinPrice);
  });
  return { annotations, min };
}

function fitY(spec: ChartSpec, min: number | null): ChartSpec {
  const y = (spec.options.scales as Record<string, Record<string, unknown>>).y;
  // Autoscaling ignores annotations: widen the axis so every trigger line is on the chart.
  if (min !== null) y.suggestedMin = min * 0.9;
  return spec;
}

export function riskCoinChart(r: SimResultTyped, c: CompanyRisk, theme: Theme): ChartSpec | null {
  const m = r.markets[c.coin];
  if (!m) return null;
  const { annotations, min } = triggerLines(c, theme);
  const spec: ChartSpec = {
    type: 'line',
    data: { datasets: [line(`${c.coin} price (path shown in Single path)`, series(m.price), theme.price)] },
    options: baseOptions({ theme, dates: r.dates, yTitle: `${c.coin} (USD)`, yFormat: 'usd', annotations }),
  };
  return fitY(spec, min);
}

export function riskFanChart(e: EnsembleResult, c: CompanyRisk, theme: Theme): ChartSpec | null {
  const { annotations, min } = triggerLines(c, theme);
  const spec = fanChart(e, `${c.coin}.price`, theme, `${c.coin} (USD)`, 'usd', { annotations });
  return spec ? fitY(spec, min) : null;
}
