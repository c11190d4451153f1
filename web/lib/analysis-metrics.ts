/**
 * Light helpers of the Analysis page (no engine, no mathjs: safe for the
 * page's lazy chunk): the metric choices of a scenario, a stress cell's
 * verdict and the grid inputs' parser.
 */
import type { ResolvedScenario } from '../../sim/types.ts';
import { METRICS } from '../../src/analysis/metrics.ts';
import type { StressCell } from '../../src/analysis/stress.ts';

export interface MetricChoice {
  /** `<metric>:<COIN|TICKER>`, as `dat-sim sensitivity --metric` takes it. */
  id: string;
  name: string;
  subject: string;
  unit: string;
  description: string;
}

/** Every metric for every coin (market) and ticker of the scenario, in METRICS order. */
export function metricChoices(s: Pick<ResolvedScenario, 'markets' | 'companies'>): MetricChoice[] {
  const out: MetricChoice[] = [];
  for (const m of METRICS) {
    const subjects = m.subject === 'coin' ? s.markets.map((x) => x.coin) : s.companies.map((c) => c.ticker);
    for (const subject of subjects) out.push({ id: `${m.name}:${subject}`, name: m.name, subject, unit: m.unit, description: m.description });
  }
  return out;
}

/** Worst outcome first: insolvent > delisted > notice (any state but compliant) > covenant breach > compliant. */
export type Verdict = 'insolvent' | 'delisted' | 'notice' | 'covenant' | 'ok';

export function cellVerdict(c: Pick<StressCell, 'insolvent' | 'listingState' | 'noticeDay' | 'delistedDay' | 'covenantBreach'>): Verdict {
  if (c.insolvent) return 'insolvent';
  if (c.delistedDay !== null || /delist/i.test(c.listingState)) return 'delisted';
  if (c.noticeDay !== null || c.listingState !== 'compliant') return 'notice';
  if (c.covenantBreach) return 'covenant';
  return 'ok';
}

/**
 * "10, 30%, 0.5" -> numbers. With `percent`, values above 1 or written with
 * "%" are percentages (30 -> 0.3). Returns an error message instead when a
 * token is not a number.
 */
export function parseNumberList(text: string, percent = false): number[] | string {
  const toks = text.split(/[\s,;]+/).filter(Boolean);
  if (!toks.length) return 'give at least one value';
  const out: number[] = [];
  for (const t of toks) {
    const isPct = t.endsWith('%');
    const v = Number(isPct ? t.slice(0, -1) : t);
    if (!Number.isFinite(v)) return `"${t}" is not a number`;
    out.push(percent && (isPct || v > 1) ? v / 100 : v);
  }
  return out;
}
