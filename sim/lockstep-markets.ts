/**
 * The markets-only counterfactual in lockstep (issue 13, item 1, first slice):
 * paths start..start+K-1 of a model with the companies switched off, stepped
 * together, the day loop outside: each day the K random streams (AleaStreams,
 * state in typed arrays over paths) draw into d[i*K + p], then each path's
 * markets take the day's market step.
 *
 * Bit-identical to `new PathRun(model, seed, start + p, { record: 'summary',
 * companyTrading: false, marketsOnly: true })` for every path and market: both
 * run the one market step of sim/market.ts (preTrade, clear, cascade;
 * docs/model.md §4) on MarketState objects and the one alea of sim/alea.ts,
 * this with the company terms at their counterfactual values (no company flow,
 * no signal, no coin shock). Each path draws exactly `model.drawsPerDay`
 * uniforms a day (the company and index draws included, or the stream would
 * shift). Work that cannot change a market figure is skipped: the index normal
 * (only the index return reads it), the execution price and the other day
 * figures (clear's `figures` false).
 * test/lockstep-markets.test.ts compares it with PathRun on every saved scenario.
 *
 * A path whose close is not finite and positive records the error PathRun's
 * checkFinite would have thrown (first day, first market); `path(p)` throws it,
 * so a driver that reads the paths in order fails where the serial one did.
 */
import { AleaStreams } from './alea.ts';
import { clear, initialMarkets, preTrade } from './market.ts';
import type { MarketState } from './state.ts';
import { counterfactualCompaniesError, marketFiniteError } from './record.ts';
import type { Model, ModelError } from './model.ts';

/** A market's running totals and close, as PathRun.marketTotals returns them. */
export interface MarketTotals {
  close: number;
  peak: number;
  minClose: number;
  liquidationsUsd: number;
  companyNetSoldUsd: number;
  shortLiquidationsUsd: number;
}

/** What a summary reads from a counterfactual: PathRun, or a lockstep path's view. */
export interface MarketTotalsSource {
  marketTotals(k: number): Readonly<MarketTotals>;
}

/**
 * What the JavaScript and the WebAssembly lockstep share: the paths' bookkeeping, the
 * finiteness check over the day's closes, and the per-path read-out. A subclass steps the
 * markets and says where a close is (`closeOf`) and what a path's totals are.
 */
export abstract class LockstepBase {
  readonly model: Model;
  readonly start: number;
  /** Number of paths stepped together. */
  readonly K: number;
  /** Days stepped so far. */
  t = 0;
  /** Per path: the checkFinite error of its first failing day (null = none). */
  protected readonly failure: (ModelError | null)[];
  private readonly view: LockstepPathView;

  protected constructor(
    private readonly label: string,
    model: Model,
    start: number,
    K: number,
  ) {
    if (!Number.isInteger(K) || K < 1) throw new RangeError(`${label}: expected K >= 1 paths, got ${K}`);
    this.model = model;
    this.start = start;
    this.K = K;
    this.failure = new Array<ModelError | null>(K).fill(null);
    this.view = new LockstepPathView(this);
  }

  get done(): boolean {
    return this.t >= this.model.days;
  }

  run(): this {
    const days = this.model.days;
    while (this.t < days) this.step();
    return this;
  }

  abstract step(): void;

  /** Market k's close of path index p (0..K-1) after the day's step. */
  protected abstract closeOf(k: number, p: number): number;

  /** Market k's running totals and close for path `path` (an absolute path index), as PathRun.marketTotals. */
  abstract marketTotals(path: number, k: number): Readonly<MarketTotals>;

  /** PathRun's checkFinite (sim/record.ts): the first failing day and market of each path is kept. */
  protected check(): void {
    const model = this.model, K = this.K, t = this.t;
    for (let k = 0; k < model.markets.length; k++) {
      for (let p = 0; p < K; p++) {
        if (this.failure[p] !== null) continue;
        this.failure[p] = marketFiniteError(model, t, k, this.closeOf(k, p));
      }
    }
    if (t === 0) {
      // The companies keep their day -1 figures in the counterfactual: checkFinite's company tests, once.
      const err = counterfactualCompaniesError(model, t);
      if (err) for (let p = 0; p < K; p++) if (this.failure[p] === null) this.failure[p] = err;
    }
  }

  /**
   * Path `path` (absolute index) as a MarketTotalsSource: one view object, reused (the
   * next call re-points it). Throws the path's checkFinite error if it failed.
   */
  path(path: number): MarketTotalsSource {
    const err = this.failure[this.index(path)];
    if (err) throw err;
    this.view.p = path;
    return this.view;
  }

  protected index(path: number): number {
    const i = path - this.start;
    if (!(i >= 0 && i < this.K && Number.isInteger(i))) throw new RangeError(`${this.label}: path ${path} is outside ${this.start}..${this.start + this.K - 1}`);
    return i;
  }
}

class LockstepPathView implements MarketTotalsSource {
  p = 0;
  constructor(private readonly ls: LockstepBase) {}
  marketTotals(k: number): Readonly<MarketTotals> {
    return this.ls.marketTotals(this.p, k);
  }
}

export class MarketsLockstep extends LockstepBase {
  private readonly alea: AleaStreams;
  /** The day's market uniforms, index i*K + p (i < 4 * markets). */
  private readonly draws: Float64Array;
  /** Per path its markets' state. */
  private readonly mk: MarketState[][];
  /** Step 2 scratch (one path at a time): independent and correlated normals over the coins. */
  private readonly raw: Float64Array;
  private readonly corr: Float64Array;

  constructor(model: Model, seed: string, start: number, K: number) {
    super('MarketsLockstep', model, start, K);
    this.alea = new AleaStreams(seed, start, K);
    this.draws = new Float64Array(4 * model.markets.length * K);
    this.mk = Array.from({ length: K }, () => initialMarkets(model));
    this.raw = new Float64Array(model.nAssets);
    this.corr = new Float64Array(model.nAssets);
  }

  /** One day for every path: draws, pre-trade (steps 1-2), clearing (step 7), the finiteness check. */
  step(): void {
    const model = this.model, t = this.t, d = this.draws, K = this.K, nM = model.markets.length;
    // Step 1: the day's full count of uniforms; the markets' 4 per coin are kept (d[i*K + p]).
    this.alea.draw(d, model.drawsPerDay, 4 * nM);
    for (let p = 0; p < K; p++) {
      const mk = this.mk[p];
      preTrade(mk, model, t, d, p, K, this.raw, this.corr, 0, false);
      for (let k = 0; k < nM; k++) clear(mk[k], model.markets[k], t, d, (4 * k + 3) * K + p, false, false);
    }
    this.check();
    this.t++;
  }

  protected closeOf(k: number, p: number): number {
    return this.mk[p][k].P;
  }

  marketTotals(path: number, k: number): Readonly<MarketTotals> {
    const m = this.mk[this.index(path)][k];
    return { close: m.P, peak: m.peak, minClose: m.minClose, liquidationsUsd: m.totalLiquidationsUsd, companyNetSoldUsd: 0, shortLiquidationsUsd: m.totalShortLiquidationsUsd };
  }
}

/**
 * MarketsLockstep that also keeps every market's close, day by day and path by path
 * (`closeSeries`): the markets-only counterfactual of simulate() (src/simulate.ts, K = 1),
 * whose result charts the counterfactual close series. The stepping is MarketsLockstep's
 * own (`super.step()`); the batch runner keeps using MarketsLockstep, which records nothing.
 * test/simulate-counterfactual.test.ts compares the series with PathRun's full record.
 */
export class MarketsLockstepCloses extends MarketsLockstep {
  /** Per market k: the closes of path index p (0..K-1) on day t at [p * days + t]. */
  private readonly closes: Float64Array[];

  constructor(model: Model, seed: string, start: number, K: number) {
    super(model, seed, start, K);
    const n = K * model.days;
    this.closes = model.markets.map(() => new Float64Array(n));
  }

  override step(): void {
    const t = this.t;
    super.step();
    const days = this.model.days, K = this.K, closes = this.closes;
    for (let k = 0; k < closes.length; k++) {
      const s = closes[k];
      for (let p = 0; p < K; p++) s[p * days + t] = this.closeOf(k, p);
    }
  }

  /**
   * Market k's close of path `path` (an absolute path index) on every day stepped so far
   * (0 after): a view of the kept series, not a copy; the same numbers as PathRun's full
   * record (`marketSeries[k].price`). Throws the path's checkFinite error if it failed.
   */
  closeSeries(path: number, k: number): Float64Array {
    this.path(path);
    const days = this.model.days, i = this.index(path);
    return this.closes[k].subarray(i * days, (i + 1) * days);
  }
}
