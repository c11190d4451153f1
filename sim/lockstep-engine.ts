/**
 * The engine with K paths in lockstep (issue 13, item 1; docs/model.md §8's day, unchanged):
 * paths start..start+K-1 of a model stepped together, day by day, their markets in the
 * WebAssembly kernel (wasm/markets.ts, "hosted": each market variable a typed array over paths,
 * two paths' cascades at a time), their companies in JavaScript: each path's PathRun runs the
 * companies' steps 3-6 (`beforeClearing`) between the kernel's pre-trade step and its clearing,
 * and steps 8-10 (`afterClearing`) after it. Two uses: ensembles (K paths, summary record), and
 * simulate()'s path with its counterfactual (`withCounterfactual`: two lanes of the same path,
 * the first in full record, the second with the companies switched off).
 *
 * Bit-identical to `new PathRun(model, seed, p, { record: 'summary' }).run()` for every path
 * (test/lockstep-engine.test.ts; withCounterfactual to simulate()'s two PathRuns): the kernel does sim/market.ts's operations in the same order,
 * and per day the companies see what PathRun's own market step would have given them. What
 * crosses each day, per path: the companies' draws, the index normal, each market's P_pre and
 * drawdown (in); each market's company flow and sale signal (out); the close and execution price
 * (in). The rest of a market's state (fundamental, impact, books, running totals) stays in the
 * kernel and is copied into the path's MarketState objects when the path is read (`path(p)`).
 *
 * A path that throws (PathRun's checkFinite, or any error of a company step) stops; its error
 * is kept and `path(p)` throws it, so a driver that reads the paths in order fails where the
 * serial one did. `createEngineLockstep` returns null where the kernel is missing (no
 * WebAssembly) or K < WASM_MIN_PATHS: the driver then steps PathRuns one by one, same numbers.
 */
import { PathRun } from './engine.ts';
import { kernelMarkets, WASM_MIN_PATHS, type KernelExports } from './lockstep-markets-wasm.ts';
import type { MarketTotals, MarketTotalsSource } from './lockstep-markets.ts';
import { counterfactualCompaniesError, marketFiniteError } from './record.ts';
import { marketsKernel, type WasmApi } from './wasm/load.ts';
import type { DayCloses } from './engine.ts';
import type { Model } from './model.ts';

/**
 * A path's counterfactual run as a lane of the lockstep (`EngineLockstep.withCounterfactual`):
 * each market's close per day, and its totals (what simulate() reads of the markets-only
 * PathRun it replaces, bit for bit).
 */
export interface CounterfactualLane extends MarketTotalsSource {
  readonly marketSeries: readonly { coin: string; price: Float64Array }[];
}

/**
 * The most paths one engine lockstep steps (K). The ensembles step groups of 8
 * (src/batch/runner.ts LOCKSTEP_GROUP); a path's state is about 50 kB for ten companies
 * (wargame-ten: 10,000 paths took 0.7 GB), so a billion would end out of memory.
 */
export const MAX_ENGINE_LOCKSTEP_PATHS = 10_000;

/**
 * The engine lockstep for paths start..start+K-1, or null (no WebAssembly, or K below
 * WASM_MIN_PATHS). `reuse`: a lockstep whose paths are all read, to take its kernel instance over.
 */
export function createEngineLockstep(model: Model, seed: string, start: number, K: number, reuse?: KernelHolder | null): EngineLockstep | null {
  const kernel = K >= WASM_MIN_PATHS ? marketsKernel() : null;
  return kernel ? new EngineLockstep(model, seed, start, K, kernel, reuse ?? undefined) : null;
}

/**
 * simulate()'s path and its counterfactual as one lockstep's two lanes
 * (EngineLockstep.withCounterfactual), or null where WebAssembly is missing.
 */
export function createPathPair(model: Model, seed: string, path: number, reuse?: KernelHolder | null): EngineLockstep | null {
  const kernel = marketsKernel();
  return kernel ? EngineLockstep.withCounterfactual(model, seed, path, kernel, reuse ?? undefined) : null;
}

/** What a new lockstep takes over from a finished one: its kernel instance (`reuse`). */
export interface KernelHolder {
  readonly kx: KernelExports;
}

export class EngineLockstep implements KernelHolder {
  readonly model: Model;
  readonly start: number;
  readonly K: number;
  /** Days stepped so far. */
  t = 0;
  /** Per lane its PathRun; null for the counterfactual lane (withCounterfactual: no company flow or signal, ever). */
  private readonly runs: (PathRun | null)[];
  /** withCounterfactual: lane 1's closes per market and day. */
  private readonly cf: { series: { coin: string; price: Float64Array }[]; failure: unknown } | null;
  /** Per path: the error it threw (undefined = none). */
  private readonly failure: unknown[];
  /** The kernel instance (another lockstep may take it over: `reuse`). */
  readonly kx: KernelExports;
  // Views on the kernel's regions: [i*K + p] for the draws, [k*K + p] for the markets.
  private readonly draws: Float64Array;
  private readonly indexNormal: Float64Array;
  private readonly pPre: Float64Array;
  private readonly dd: Float64Array;
  private readonly qc: Float64Array;
  private readonly sig: Float64Array;
  private readonly P: Float64Array;
  private readonly pExec: Float64Array;
  /** The rest of the market state, read by a full record (fullFigures) and when a path is read (path, counterfactual). */
  private readonly more: Record<'f' | 'T' | 'peak' | 'g' | 'oi' | 'soi' | 'liq' | 'sliq' | 'rPrev' | 'minClose' | 'totL' | 'totS' | 'totC', Float64Array>;

  /**
   * `kernel`: the WebAssembly API and the compiled kernel (sim/wasm/load.ts marketsKernel());
   * `reuse`: a lockstep done with, whose kernel instance this one takes over (it must not be stepped or read after).
   */
  constructor(model: Model, seed: string, start: number, K: number, kernel: { api: WasmApi; module: object }, reuse?: KernelHolder, withCounterfactual = false) {
    if (!(Number.isInteger(K) && K >= 1 && K <= MAX_ENGINE_LOCKSTEP_PATHS)) {
      throw new RangeError(`EngineLockstep: expected K from 1 to ${MAX_ENGINE_LOCKSTEP_PATHS} paths, got ${K} (each path keeps its whole state, about 50 kB for ten companies; step more paths as several locksteps, as the ensembles do in groups of 8)`);
    }
    this.model = model;
    this.start = start;
    this.K = K;
    if (withCounterfactual) {
      // Lane 0 the path (full record), lane 1 its counterfactual: the same random stream.
      const run = new PathRun(model, seed, start, { record: 'full' });
      this.runs = [run, null];
      this.cf = { series: model.markets.map((m) => ({ coin: m.params.coin, price: new Float64Array(model.days) })), failure: undefined };
    } else {
      this.runs = Array.from({ length: K }, (_, p) => new PathRun(model, seed, start + p, { record: 'summary' }));
      this.cf = null;
    }
    this.failure = new Array<unknown>(K).fill(undefined);
    const lead = this.runs[0] as PathRun;
    const { kx, region } = kernelMarkets(kernel, model, K, true, (p) => (this.runs[p] ?? lead).alea.state(0), reuse?.kx);
    this.kx = kx;
    const nM = model.markets.length, n = nM * K;
    this.draws = region('R_DRAWS', model.drawsPerDay * K);
    this.indexNormal = region('R_CORR', model.nAssets * K).subarray(nM * K, (nM + 1) * K); // row nM: the index
    this.pPre = region('R_PPRE', n); this.dd = region('R_DD', n); this.qc = region('R_QC', n); this.sig = region('R_SIG', n);
    this.P = region('R_P', n); this.pExec = region('R_PEXEC', n);
    this.more = {
      f: region('R_F', n), T: region('R_T', n), peak: region('R_PEAK', n), g: region('R_G', n), oi: region('R_OI', n), soi: region('R_SOI', n),
      liq: region('R_LIQ', n), sliq: region('R_SLIQ', n), rPrev: region('R_RPREV', n), minClose: region('R_MIN', n),
      totL: region('R_TOTL', n), totS: region('R_TOTS', n), totC: region('R_TOTC', n),
    };
  }

  /**
   * simulate()'s path `path` and its counterfactual (companies switched off) as the two lanes of
   * one lockstep: the same numbers as `new PathRun(model, seed, path, { record: 'full' })` and
   * `new PathRun(model, seed, path, { record: 'full', companyTrading: false, marketsOnly: true })`
   * (the counterfactual's closes and totals), two cascades at a time in the kernel. Read them with
   * `path(path)` and `counterfactual()` after `run()`.
   */
  static withCounterfactual(model: Model, seed: string, path: number, kernel: { api: WasmApi; module: object }, reuse?: KernelHolder): EngineLockstep {
    return new EngineLockstep(model, seed, path, 2, kernel, reuse, true);
  }

  get done(): boolean {
    return this.t >= this.model.days;
  }

  run(): this {
    while (this.t < this.model.days) this.step();
    return this;
  }

  /** One day (steps 1-10) for every path that has not failed. */
  step(): void {
    const model = this.model, t = this.t, K = this.K, nM = model.markets.length, D = model.drawsPerDay, i0 = 4 * nM + 1, runs = this.runs, failure = this.failure;
    const d = this.draws, pPre = this.pPre, dd = this.dd, qc = this.qc, sig = this.sig, P = this.P, pExec = this.pExec;
    // Steps 1-2 in the kernel: the draws, the correlated normals, the pre-trade prices.
    this.kx.pre(t);
    // Steps 3-6 per path, on what PathRun's own pre-trade step would have left.
    for (let p = 0; p < K; p++) {
      const run = runs[p];
      if (run === null || failure[p] !== undefined) continue; // the counterfactual lane: its flow and signal stay 0
      const rd = run.draws, mk = run.mk;
      for (let i = i0; i < D; i++) rd[i] = d[i * K + p]; // the companies' draws (the markets' stay in the kernel)
      run.corr[nM] = this.indexNormal[p];
      for (let k = 0; k < nM; k++) {
        const m = mk[k], j = k * K + p;
        m.pPre = pPre[j];
        m.dd = dd[j];
        m.signal = 0;
        m.qCompanies = 0;
      }
      try {
        run.beforeClearing();
      } catch (e) {
        failure[p] = e;
        continue;
      }
      for (let k = 0; k < nM; k++) {
        const m = mk[k], j = k * K + p;
        qc[j] = m.qCompanies;
        sig[j] = m.signal;
      }
    }
    // Step 7 in the kernel: flows, cascade, impact, close.
    this.kx.post(t);
    // Steps 8-10 per path.
    for (let p = 0; p < K; p++) {
      const run = runs[p];
      if (run === null) {
        this.counterfactualDay(p, t);
        continue;
      }
      if (failure[p] !== undefined) continue;
      const mk = run.mk;
      for (let k = 0; k < nM; k++) {
        const m = mk[k], j = k * K + p;
        m.P = P[j];
        m.pExec = pExec[j];
      }
      if (run.full) this.fullFigures(run, p, t);
      try {
        run.afterClearing();
      } catch (e) {
        failure[p] = e;
      }
    }
    this.t = t + 1;
  }

  /** What a full record reads of lane p's markets beyond P and the execution price (sim/record.ts record). */
  private fullFigures(run: PathRun, p: number, t: number): void {
    const K = this.K, model = this.model, { f, T, peak, g, oi, soi, liq, sliq } = this.more;
    for (let k = 0; k < model.markets.length; k++) {
      const m = run.mk[k], j = k * K + p;
      m.f = f[j]; m.T = T[j]; m.peak = peak[j]; m.g = g[j]; m.oi = oi[j]; m.soi = soi[j];
      m.liquidations = liq[j]; m.shortLiquidations = sliq[j]; m.qScheduled = model.markets[k].scheduledUsd[t];
    }
  }

  /** The counterfactual lane after day t's clearing: its closes, and PathRun's finiteness check (first failure kept). */
  private counterfactualDay(p: number, t: number): void {
    const cf = this.cf as NonNullable<typeof this.cf>, model = this.model;
    for (let k = 0; k < cf.series.length; k++) {
      const P = this.P[k * this.K + p];
      cf.series[k].price[t] = P;
      if (cf.failure === undefined) cf.failure = marketFiniteError(model, t, k, P) ?? undefined;
    }
    if (t === 0 && cf.failure === undefined) cf.failure = counterfactualCompaniesError(model, t) ?? undefined;
  }

  /**
   * withCounterfactual: the counterfactual lane (its closes and totals). Throws its error if it
   * failed; call it after `path()`, as simulate() runs the path first.
   */
  counterfactual(): CounterfactualLane {
    const cf = this.cf;
    if (!cf) throw new Error('EngineLockstep: no counterfactual lane (use EngineLockstep.withCounterfactual)');
    if (cf.failure !== undefined) throw cf.failure;
    const K = this.K, p = 1;
    const P = this.P, { peak, minClose, totL, totS } = this.more;
    const totals = (k: number): MarketTotals => {
      const j = k * K + p;
      return { close: P[j], peak: peak[j], minClose: minClose[j], liquidationsUsd: totL[j], companyNetSoldUsd: 0, shortLiquidationsUsd: totS[j] };
    };
    return { marketSeries: cf.series, marketTotals: totals };
  }

  /** The closes of path `path` (absolute index) for the day just stepped, as PathRun.readCloses. */
  readCloses(path: number, out: DayCloses): void {
    this.lane(path).readCloses(out);
  }

  /** Whether path `path` has failed (its error is thrown by `path`). */
  failed(path: number): boolean {
    return this.failure[this.index(path)] !== undefined;
  }

  /**
   * Path `path` (absolute index) as its PathRun, its markets' state copied in from the kernel
   * (what PathRun's summary read-outs use: marketTotals, readCloses; the day figures of step 7
   * are not kept). Throws the path's error if it failed.
   */
  path(path: number): PathRun {
    const p = this.index(path);
    if (this.failure[p] !== undefined) throw this.failure[p];
    const K = this.K, nM = this.model.markets.length, run = this.lane(path);
    const { f, T, peak, oi, soi, g, rPrev, minClose, totL, totS, totC } = this.more;
    for (let k = 0; k < nM; k++) {
      const m = run.mk[k], j = k * K + p;
      m.f = f[j]; m.T = T[j]; m.P = this.P[j]; m.peak = peak[j]; m.oi = oi[j]; m.soi = soi[j]; m.g = g[j]; m.rPrev = rPrev[j];
      m.minClose = minClose[j]; m.totalLiquidationsUsd = totL[j]; m.totalShortLiquidationsUsd = totS[j]; m.totalCompanyUsd = totC[j];
    }
    return run;
  }

  private lane(path: number): PathRun {
    const run = this.runs[this.index(path)];
    if (!run) throw new RangeError('EngineLockstep: the counterfactual lane has no PathRun (counterfactual())');
    return run;
  }

  private index(path: number): number {
    const i = path - this.start;
    if (!(i >= 0 && i < this.K && Number.isInteger(i))) throw new RangeError(`EngineLockstep: path ${path} is outside ${this.start}..${this.start + this.K - 1}`);
    return i;
  }
}
