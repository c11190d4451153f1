/**
 * Running a resolved scenario for analysis: one path (with or without the
 * companies trading), read out by date. Used by the calibration scripts, the
 * sensitivity tornado and the stress grid. Node-free apart from the rule
 * compiler (mathjs), which the CLI and scripts load anyway.
 */
import { PathRun, prepareModel, dateToOrdinal, type Model, type NonFiniteError, type ResolvedScenario } from '../../sim/index.ts';
import { compileExpression } from '../rules.ts';

/** A run that stopped (NonFiniteError) in a sentence: which figure became what, on which day (and path, where known). */
export function failureText(e: NonFiniteError): string {
  return `${e.path} would be ${e.value} on day ${e.day} (${e.date})${e.pathIndex === undefined ? '' : ` of path ${e.pathIndex}`}, outside what the model can carry`;
}

/** A deep copy of a resolved scenario that a variation may change freely. */
export function cloneScenario(s: ResolvedScenario): ResolvedScenario {
  return structuredClone(s);
}

export interface RunSpec {
  days?: number;
  deterministic?: boolean;
  seed?: string;
  path?: number;
  /** false = the counterfactual (companies neither trade coins nor stock). */
  companyTrading?: boolean;
  /** With companyTrading false: skip the companies' own steps (RunOptions.marketsOnly; the markets are bit-identical). */
  marketsOnly?: boolean;
  record?: 'full' | 'summary';
}

export function prepare(s: ResolvedScenario, spec: Pick<RunSpec, 'days' | 'deterministic'> = {}): Model {
  return prepareModel(s, { days: spec.days, deterministic: spec.deterministic, compileRule: compileExpression });
}

/** Run one path to the horizon. */
export function runPath(model: Model, spec: Omit<RunSpec, 'days' | 'deterministic'> = {}): PathRun {
  return new PathRun(model, spec.seed ?? model.scenario.seed, spec.path ?? 0, { record: spec.record ?? 'full', companyTrading: spec.companyTrading, marketsOnly: spec.marketsOnly }).run();
}

/** Day index of an ISO date in a model (may be negative or beyond the horizon). */
export function dayOf(model: Model, date: string): number {
  return dateToOrdinal(date) - model.calendar.startOrdinal;
}

/** A full-mode run with lookups by coin, ticker and date. */
export class RunView {
  readonly model: Model;
  readonly run: PathRun;
  constructor(model: Model, run: PathRun) {
    if (!run.full) throw new Error('RunView needs a full-mode run');
    this.model = model;
    this.run = run;
  }
  day(date: string): number {
    const d = dayOf(this.model, date);
    if (!(d >= 0 && d < this.model.days)) throw new RangeError(`${date} is outside the run (${this.model.calendar.dates[0]} + ${this.model.days} days)`);
    return d;
  }
  market(coin: string) {
    const s = this.run.marketSeries.find((m) => m.coin === coin);
    if (!s) throw new Error(`no market ${coin}`);
    return s;
  }
  company(ticker: string) {
    const s = this.run.companySeries.find((c) => c.ticker === ticker);
    if (!s) throw new Error(`no company ${ticker}`);
    return s;
  }
  companyParams(ticker: string) {
    const c = this.model.scenario.companies.find((x) => x.ticker === ticker);
    if (!c) throw new Error(`no company ${ticker}`);
    return c;
  }
  events(ticker?: string, kind?: string) {
    return this.run.events.filter((e) => (ticker === undefined || e.company === ticker) && (kind === undefined || e.kind === kind));
  }
  /** Sum of a market series over [from, to] (dates inclusive). */
  sum(coin: string, series: 'liquidationsUsd' | 'etfFlowUsd' | 'scheduledFlowUsd' | 'companyFlowUsd', from: string, to: string): number {
    const s = this.market(coin)[series];
    let t = 0;
    for (let d = this.day(from); d <= this.day(to); d++) t += s[d];
    return t;
  }
}
