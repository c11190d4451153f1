/**
 * Lessons as data. A lesson names a saved scenario (with an optional,
 * documented variant), the run settings (a fixed seed, or deterministic
 * mode), a focus company and a list of steps. Each step says which day to
 * jump to, what to read (rich text whose every number is computed from the
 * run: see `tx` in web/lib/teaching/segments.ts) and what to look at (links
 * of the loop diagram, charts, a panel). Steps are functions of a
 * LessonContext, so a lesson survives an engine change: a step whose event
 * did not happen on the path says so instead of quoting a stale number.
 */
import type { SimEvent } from '../../sim/index.ts';
import { dayFigures, windowFigures, type DayFigures, type WindowFigures } from '../lib/teaching/figures.ts';
import type { ForceRuns } from '../lib/teaching/forces.ts';
import type { LinkId } from '../lib/teaching/loop.ts';
import type { Rich } from '../lib/teaching/segments.ts';
import { companyIndex, marketIndex, type TeachingTrace } from '../lib/teaching/trace.ts';

/** Charts of the teaching view. */
export type TeachChart = 'teach-coin' | 'teach-stock' | 'teach-mnav' | 'teach-coins' | 'teach-debt' | 'teach-flows' | 'teach-gain';
/** Panels of the teaching view. */
export type TeachPanel = 'diagram' | 'chain' | 'captions' | 'gain' | 'forces';

export interface Look {
  links?: LinkId[];
  charts?: TeachChart[];
  panel?: TeachPanel;
}

export interface LessonStep {
  id: string;
  title: string;
  /** Focus company of this step (default: the lesson's). */
  ticker?: string;
  /** The day to jump to (0-based). */
  day(ctx: LessonContext): number;
  text(ctx: LessonContext): Rich;
  look: Look;
}

export interface LessonVariant {
  /** What was changed and why (shown with the lesson). */
  note: string;
  apply(file: Record<string, unknown>): Record<string, unknown>;
}

export interface Lesson {
  id: string;
  title: string;
  /** One paragraph for the lessons page (no numbers: those come from the run). */
  summary: string;
  /** Saved scenario file name in scenarios/. */
  scenario: string;
  variant?: LessonVariant;
  settings: { seed: string; deterministic: boolean; horizonDays?: number };
  ticker: string;
  steps: LessonStep[];
}

/** What a step can read: the traced run, the forces runs, and helpers over them. */
export class LessonContext {
  constructor(
    readonly trace: TeachingTrace,
    readonly forces: ForceRuns,
    readonly ticker: string,
  ) {}

  get last(): number {
    return this.trace.days - 1;
  }

  company(ticker = this.ticker) {
    const i = companyIndex(this.trace, ticker);
    if (i < 0) throw new Error(`no company ${ticker}`);
    return { i, params: this.trace.model.companies[i].params, series: this.trace.result.companies[ticker], summary: this.trace.result.summary.companies[ticker], model: this.trace.model.companies[i] };
  }

  market(coin: string) {
    const k = marketIndex(this.trace, coin);
    if (k < 0) throw new Error(`no market ${coin}`);
    return { k, params: this.trace.model.markets[k].params, series: this.trace.result.markets[coin], summary: this.trace.result.summary.markets[coin], day: (t: number) => this.trace.market[t][k], gain: (t: number) => this.trace.gain[t][k], prepared: this.trace.model.markets[k] };
  }

  /** Events matching a filter, in order. */
  events(f: { kind?: string; reason?: string; company?: string; from?: number; to?: number } = {}): SimEvent[] {
    return this.trace.events.filter(
      (e) =>
        (f.kind === undefined || e.kind === f.kind) &&
        (f.reason === undefined || e.reason === f.reason) &&
        (f.company === undefined || e.company === f.company) &&
        (f.from === undefined || e.day >= f.from) &&
        (f.to === undefined || e.day <= f.to),
    );
  }

  first(f: { kind?: string; reason?: string; company?: string; from?: number }): SimEvent | null {
    return this.events(f)[0] ?? null;
  }

  /** The day in [from, to] where `score` is largest (ties: the first). */
  argmax(score: (t: number) => number, from = 0, to = this.last): number {
    let best = from, bestV = -Infinity;
    for (let t = from; t <= to; t++) {
      const v = score(t);
      if (v > bestV) {
        bestV = v;
        best = t;
      }
    }
    return best;
  }

  /** The day's figures (web/lib/teaching/figures.ts): the same object the diagram and the chain read. */
  fig(day: number, ticker = this.ticker): DayFigures {
    return dayFigures(this.trace, day, ticker);
  }

  /** Figures over a window of days (closes of `from` and `to`). */
  window(from: number, to: number, ticker = this.ticker): WindowFigures {
    return windowFigures(this.trace, ticker, from, to);
  }

  date(day: number): string {
    return this.trace.dates[day];
  }
}
