/**
 * Messages between the app and its ensemble workers, and the finished (or
 * cancelled) ensemble. The workers speak the CLI pool's protocol
 * (src/batch/protocol.ts: job, task, flush) and run its handler
 * (src/batch/worker-core.ts), plus two messages of their own: `meta` (the
 * run's layout, from the prepared model) and `summarize` (merge the workers'
 * states and summarize them off the page's thread).
 */
import type { BandsTyped, EnsembleBuffers, EnsembleMeta, EnsembleSummaryTyped } from '../../src/batch/ensemble.ts';
import { EVENTS, type EventName } from '../../src/batch/ensemble.ts';
import type { ToMain, ToWorker as PoolToWorker } from '../../src/batch/protocol.ts';
import type { PathRunSpec } from '../../src/batch/runner.ts';

export interface MetaRequest {
  type: 'meta';
  jobId: number;
  scenarioJson: string;
  days: number;
  deterministic: boolean;
  run: PathRunSpec;
  paths: number;
  scenarioHash: string;
  engine: EnsembleMeta['engine'];
}

export type ToWorker = PoolToWorker | MetaRequest | { type: 'summarize'; jobId: number; meta: EnsembleMeta; states: EnsembleBuffers[] };

export type FromWorker =
  | ToMain
  | { type: 'meta'; jobId: number; meta: EnsembleMeta }
  | { type: 'summary'; jobId: number; summary: EnsembleSummaryTyped; events: Uint32Array };

/** An ensemble as the app holds it: the summary `dat-sim mc` prints, plus the exact event-day counts for histograms. */
export interface EnsembleResult {
  /**
   * The object `dat-sim mc --format json` writes for this scenario, seed and path count (engine
   * identity aside), with its bands as Float64Arrays (NaN where the JSON has null): toPlainSummary
   * (src/batch/ensemble.ts) gives the JSON's form.
   */
  summary: EnsembleSummaryTyped;
  /** First-event day counts, [company][event (EVENTS order)][day], exact. */
  eventDays: Uint32Array;
  /** Paths asked for; `summary.paths` were run (fewer when cancelled). */
  requested: number;
  /**
   * Cancelled: the summary covers paths 0..summary.paths-1 only, the slices
   * handed out before the cancel (each finishes; none is cut short), so
   * `dat-sim mc --paths <summary.paths>` with the same seed gives the same figures.
   */
  cancelled: boolean;
  elapsedMs: number;
  workers: number;
}

/** "partial: 1,234 of 5,000 paths, cancelled" (null for a complete ensemble). */
export function partialLabel(e: EnsembleResult): string | null {
  if (!e.cancelled) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return `partial: ${n(e.summary.paths)} of ${n(e.requested)} paths, cancelled`;
}

/** Bands of a series key: "BTC.price", "FGNX.stockPrice", "FGNX.mnav" (null when absent). */
export function bandsOf(e: EnsembleResult, key: string): BandsTyped | null {
  const b = e.summary.bands;
  if (!b) return null;
  const dot = key.lastIndexOf('.');
  const owner = key.slice(0, dot), what = key.slice(dot + 1);
  if (what === 'price') return b.markets[owner]?.price ?? null;
  if (what === 'stockPrice' || what === 'mnav') return b.companies[owner]?.[what] ?? null;
  return null;
}

/** Every band series of an ensemble, keyed as `bandsOf` reads them (markets first, then companies). */
export function bandSeries(e: EnsembleResult): { key: string; bands: BandsTyped }[] {
  const b = e.summary.bands;
  if (!b) return [];
  const out: { key: string; bands: BandsTyped }[] = Object.entries(b.markets).map(([coin, m]) => ({ key: `${coin}.price`, bands: m.price }));
  for (const [t, c] of Object.entries(b.companies)) out.push({ key: `${t}.stockPrice`, bands: c.stockPrice }, { key: `${t}.mnav`, bands: c.mnav });
  return out;
}

/** Paths per day of first `event` for a company (exact counts from the ensemble state). */
export function eventDayCounts(e: EnsembleResult, ticker: string, event: EventName): Uint32Array {
  const i = Object.keys(e.summary.companies).indexOf(ticker);
  const days = e.summary.days, k = EVENTS.indexOf(event);
  if (i < 0) return new Uint32Array(days);
  const off = (i * EVENTS.length + k) * days;
  return e.eventDays.subarray(off, off + days);
}

export interface Histogram {
  /** Left edges of the bins; bin i is [edges[i], edges[i] + binWidth). */
  edges: number[];
  counts: number[];
  /** Paths where the event did not happen within the horizon. */
  never: number;
  total: number;
}

/**
 * Per-day counts of a first event binned into `binWidth`-day bins from day 0
 * (the last bin may be shorter), out of `total` paths.
 * Example: counts on days [0: 1, 5: 1, 31: 1] of 60 days, width 30, total 4 -> counts [2, 1], never 1.
 */
export function binDays(perDay: ArrayLike<number>, binWidth: number, total: number): Histogram {
  const nBins = Math.max(1, Math.ceil(perDay.length / binWidth));
  const counts = new Array<number>(nBins).fill(0);
  let seen = 0;
  for (let d = 0; d < perDay.length; d++) {
    counts[Math.floor(d / binWidth)] += perDay[d];
    seen += perDay[d];
  }
  return { edges: counts.map((_, i) => i * binWidth), counts, never: total - seen, total };
}
