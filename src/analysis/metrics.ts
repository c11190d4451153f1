/**
 * Scalar metrics of an ensemble, named `<metric>:<COIN or TICKER>`, for the
 * sensitivity tornado. Each is an average over paths of a path summary
 * figure (src/summary.ts); probabilities are the share of paths.
 */
import { listingLostDay, type PathSummary } from '../summary.ts';
import type { ResolvedScenario } from '../../sim/index.ts';

export interface MetricDef {
  name: string;
  /** What it takes after the colon. */
  subject: 'coin' | 'ticker';
  description: string;
  unit: string;
  /** Whether the path needs its counterfactual (companies off). */
  needsCounterfactual: boolean;
  /** The path's value; NaN when it has none (then the path is left out of the average). */
  read(summary: PathSummary, subject: string): number;
}

const fin = (v: number | null | undefined): number => (v === null || v === undefined || !Number.isFinite(v) ? NaN : v);

export const METRICS: readonly MetricDef[] = [
  { name: 'selfInflictedDrawdown', subject: 'coin', unit: 'fraction', needsCounterfactual: true,
    description: 'mean of 1 - P_T / P_T(companies off): the fall of the coin at the horizon that the treasuries caused (common random numbers)',
    read: (s, c) => fin(s.markets[c].selfInflictedDrawdown) },
  { name: 'terminalPrice', subject: 'coin', unit: 'USD', needsCounterfactual: false, description: 'mean coin price at the horizon', read: (s, c) => s.markets[c].terminalPrice },
  { name: 'terminalDrawdown', subject: 'coin', unit: 'fraction', needsCounterfactual: false, description: 'mean 1 - P_T / running peak at the horizon', read: (s, c) => s.markets[c].terminalDrawdown },
  { name: 'liquidations', subject: 'coin', unit: 'USD', needsCounterfactual: false, description: 'mean long liquidations over the path', read: (s, c) => s.markets[c].liquidationsUsd },
  { name: 'pNotice', subject: 'ticker', unit: 'probability', needsCounterfactual: false, description: 'share of paths with a listing deficiency notice by the horizon', read: (s, t) => (s.companies[t].noticeDay === null ? 0 : 1) },
  { name: 'pDelisting', subject: 'ticker', unit: 'probability', needsCounterfactual: false, description: "share of paths delisted (or frozen insolvent) by the horizon: mc's listingLost", read: (s, t) => (listingLostDay(s.companies[t]) === null ? 0 : 1) },
  { name: 'pInsolvent', subject: 'ticker', unit: 'probability', needsCounterfactual: false, description: 'share of paths where the company cannot meet its obligations', read: (s, t) => (s.companies[t].insolvent ? 1 : 0) },
  { name: 'terminalMnav', subject: 'ticker', unit: 'ratio', needsCounterfactual: false, description: 'mean basic mNAV at the horizon (paths without coins left out)', read: (s, t) => fin(s.companies[t].terminalMnav) },
  { name: 'terminalStockPrice', subject: 'ticker', unit: 'USD/share', needsCounterfactual: false, description: 'mean stock price at the horizon', read: (s, t) => s.companies[t].terminalStockPrice },
  { name: 'coinsSold', subject: 'ticker', unit: 'coins', needsCounterfactual: false, description: 'mean coins sold over the path (voluntary and forced)', read: (s, t) => s.companies[t].coinsSold },
  { name: 'forcedCoinsSold', subject: 'ticker', unit: 'coins', needsCounterfactual: false, description: 'mean coins sold for a forced reason over the path (funding, covenant, lender liquidation, amendment schedule)', read: (s, t) => s.companies[t].forcedCoinsSold },
  { name: 'coinsSoldUsd', subject: 'ticker', unit: 'USD', needsCounterfactual: false, description: 'mean proceeds of coins sold over the path', read: (s, t) => s.companies[t].coinsSoldUsd },
];

export interface ParsedMetric { def: MetricDef; subject: string; id: string }

/** A problem with a metric name (the CLI prints it and exits with code 2). */
export class MetricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricError';
  }
}

export function metricList(): string {
  return METRICS.map((m) => `${m.name}:<${m.subject === 'coin' ? 'COIN' : 'TICKER'}>`).join(', ');
}

/** Parse `name:SUBJECT` against a scenario; throws MetricError naming the choices. */
export function parseMetric(text: string, scenario: ResolvedScenario): ParsedMetric {
  const i = text.indexOf(':');
  const name = i < 0 ? text : text.slice(0, i);
  const subject = i < 0 ? '' : text.slice(i + 1);
  const def = METRICS.find((m) => m.name === name);
  if (!def) throw new MetricError(`unknown metric "${text}"; expected one of ${metricList()}`);
  const choices = def.subject === 'coin' ? scenario.markets.map((m) => m.coin) : scenario.companies.map((c) => c.ticker);
  if (!subject) throw new MetricError(`metric "${name}" needs a ${def.subject === 'coin' ? 'coin' : 'ticker'} after a colon, e.g. ${name}:${choices[0] ?? 'X'} (this scenario has ${choices.join(', ') || 'none'})`);
  if (!choices.includes(subject)) throw new MetricError(`metric "${name}": unknown ${def.subject === 'coin' ? 'coin' : 'ticker'} "${subject}"; this scenario has ${choices.join(', ') || 'none'}`);
  return { def, subject, id: `${name}:${subject}` };
}
