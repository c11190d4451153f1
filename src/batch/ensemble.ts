/**
 * Streaming ensemble statistics (pure: no Node, no DOM).
 *
 * An `EnsembleState` holds only counts: event-day histograms (exact), one
 * fixed-bin sketch per terminal quantity (src/batch/sketch.ts), the exact
 * minimum and maximum of each, and optionally per-day band histograms. Its
 * size depends on the scenario and horizon, never on the number of paths.
 * Two states of the same layout merge by adding counts (and taking min/max),
 * which is exact and order-independent: a run split over workers, shards or
 * machines gives the same state, hence byte-identical summaries.
 */
import { finiteOrNull, mnav, type DayCloses, type Model } from '../../sim/index.ts';
import { listingLostDay, type PathSummary } from '../summary.ts';
import { BAND_SKETCH, SketchLayout, TERMINAL_SKETCH, countOf, quantileRowsOf, quantilesOf, rankOf, relativeError, type SketchSpec } from './sketch.ts';
import { wilson } from './stats.ts';

/** Bumped whenever the partial-result layout or the summary's meaning changes. */
export const ENSEMBLE_FORMAT_VERSION = 3;

/**
 * First events per company. The listing path: `notice` (the letter), `secondPeriod` (second 180 days,
 * GM -> CM transfer or NYSE annual-meeting extension), `determination`, `hearingStay` (a determination
 * whose suspension a hearing request stays), `delisting` (the suspension: trading moves OTC).
 * `listingLost`: delisted or frozen insolvent, whichever comes first (an insolvent company is
 * frozen and never reaches the suspension in the model, but it has lost its listing all the same):
 * the answer to "will it lose its listing?", and the definition of the sensitivity metric
 * `pDelisting` and of the backtest's `delisting` outcome.
 */
export const EVENTS = ['notice', 'determination', 'delisting', 'insolvency', 'forcedSale', 'anySale', 'reverseSplit', 'secondPeriod', 'hearingStay', 'listingLost'] as const;
export type EventName = (typeof EVENTS)[number];
export const COMPANY_METRICS = ['stockPrice', 'mnav', 'coinsHeld', 'coinsSold', 'coinsSoldUsd', 'forcedCoinsSold', 'forcedCoinsSoldUsd', 'realizedPnlUsd', 'unrealizedPnlUsd'] as const;
export type CompanyMetric = (typeof COMPANY_METRICS)[number];
export const MARKET_METRICS = ['price', 'minPrice', 'liquidationsUsd', 'companyNetSoldUsd', 'counterfactualPrice', 'selfInflictedDrawdown'] as const;
export type MarketMetric = (typeof MARKET_METRICS)[number];

/** Terminal quantiles reported (nearest rank). */
export const TERMINAL_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
/** Event-day quantiles reported (exact: days are integers). */
export const DAY_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
/** Fan-chart bands reported per day. */
export const BAND_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

const qKey = (q: number): string => `q${String(Math.round(q * 100)).padStart(2, '0')}`;

/** What an ensemble is about; identical for every worker, shard and merge of one run. */
export interface EnsembleMeta {
  formatVersion: number;
  engine: { version: string; sourceHash: string; v8: string };
  scenario: { id: string; name: string; startDate: string; hash: string };
  seed: string;
  /** Paths of the whole run (a shard holds a slice of them). */
  paths: number;
  days: number;
  deterministic: boolean;
  counterfactual: boolean;
  bands: boolean;
  markets: string[];
  companies: { ticker: string; coin: string; listing?: ListingProcedureInfo }[];
  /** Start values the band histograms are relative to: each market's price0, then per company stockPrice0 and mNAV0. */
  bandRefs: number[];
  /** ISO dates of days 0..days-1. */
  dates: string[];
  sketches: { terminal: SketchSpec; bands: SketchSpec };
}

/** The listing settings an ensemble's listing dates depend on (reported next to them). */
export interface ListingProcedureInfo {
  exchange: string;
  /** Consecutive days at the minimum that cure (Nasdaq staff may require 10 to 20). */
  cureDays: number;
  /**
   * The range staff may require (Nasdaq 5810(c)(3)(H): 10 to 20 consecutive business days), shown next
   * to `cureDays` so a reader sees the dates rest on one choice in it; null where the rule has no such
   * discretion (NYSE's month-end test, NYSE American's assumed average).
   */
  cureDaysStaffMin: number | null;
  cureDaysStaffMax: number | null;
  requestsHearing: boolean;
  /** Calendar days of hearing-panel exception assumed (0 when the rule set has no hearing procedure). */
  panelExceptionDays: number;
  pennyRule: 'inPeriod' | 'anyTime' | 'none';
  /** The rule is a discretionary standard (NYSE American): its dates rest on adjustable assumptions. */
  discretionary: boolean;
}

/** Nasdaq 5810(c)(3)(H): staff may require at least 10, and up to 20, consecutive business days at $1 to cure. */
export const NASDAQ_CURE_DAYS_RANGE = [10, 20] as const;

export function listingProcedureInfo(c: Model['companies'][number]): ListingProcedureInfo {
  const r = c.rules, s = c.params.listing ?? {};
  const maxPanel = r.hearingRequestDays ? (r.maxPanelExceptionDays ?? 0) : 0;
  return {
    exchange: c.params.exchange,
    cureDays: s.cureDays ?? r.cure.days,
    cureDaysStaffMin: r.cure.kind === 'consecutiveAtOrAbove' ? NASDAQ_CURE_DAYS_RANGE[0] : null,
    cureDaysStaffMax: r.cure.kind === 'consecutiveAtOrAbove' ? NASDAQ_CURE_DAYS_RANGE[1] : null,
    requestsHearing: r.hearingRequestDays ? (s.requestsHearing ?? true) : false,
    panelExceptionDays: Math.min(maxPanel, s.panelExceptionDays ?? maxPanel),
    pennyRule: r.pennyPrice > 0 ? (r.pennyRule ?? 'inPeriod') : 'none',
    discretionary: r.discretionary === true,
  };
}

/** Meta of a model; the engine and scenario identities come from the caller (Node-side hashing). */
export function ensembleMeta(
  model: Model,
  o: { seed: string; paths: number; counterfactual: boolean; bands: boolean; scenarioHash: string; engine: EnsembleMeta['engine'] },
): EnsembleMeta {
  const sc = model.scenario;
  const refs: number[] = model.markets.map((m) => m.params.price0);
  for (const c of model.companies) {
    const p = c.params;
    const m0 = mnav(p.stockPrice0, p.sharesOutstanding, p.coins, model.markets[c.market].params.price0);
    refs.push(p.stockPrice0, Number.isFinite(m0) ? m0 : 1);
  }
  return {
    formatVersion: ENSEMBLE_FORMAT_VERSION,
    engine: o.engine,
    scenario: { id: sc.id, name: sc.name, startDate: sc.startDate, hash: o.scenarioHash },
    seed: o.seed,
    paths: o.paths,
    days: model.days,
    deterministic: model.deterministic,
    counterfactual: o.counterfactual,
    bands: o.bands,
    markets: model.markets.map((m) => m.params.coin),
    companies: model.companies.map((c) => ({ ticker: c.params.ticker, coin: c.params.coin, listing: listingProcedureInfo(c) })),
    bandRefs: refs,
    dates: model.calendar.dates.slice(0, model.days),
    sketches: { terminal: TERMINAL_SKETCH, bands: BAND_SKETCH },
  };
}

/**
 * One day's closing figures the bands need, as typed arrays the driver fills
 * (per market: coin close; per company: stock price, shares, coins held): the
 * engine's own read-out, PathRun.readCloses.
 */
export type DayFigures = DayCloses;

/** The count arrays of a state, as transferable buffers (worker messages, partial files). */
export interface EnsembleBuffers {
  count: number;
  events: Uint32Array;
  terminal: Uint32Array;
  extrema: Float64Array;
  bands: Uint32Array;
}

export class EnsembleState implements EnsembleBuffers {
  readonly meta: EnsembleMeta;
  readonly T: SketchLayout;
  readonly B: SketchLayout;
  readonly nM: number;
  readonly nC: number;
  readonly nSeries: number;
  count = 0;
  events: Uint32Array;
  terminal: Uint32Array;
  /** min, max of the finite values of each terminal metric (+Infinity, -Infinity when none). */
  extrema: Float64Array;
  bands: Uint32Array;
  private readonly invRefs: Float64Array;
  /** The band values (ratio to start) of the paths in progress, [slot][series][day]: one slot per path a lockstep group steps at once. */
  private dayBuf: Float64Array;
  private readonly marketOf: Int32Array;

  constructor(meta: EnsembleMeta, buffers?: EnsembleBuffers) {
    this.meta = meta;
    this.T = layoutFor(meta.sketches.terminal);
    this.B = layoutFor(meta.sketches.bands);
    this.nM = meta.markets.length;
    this.nC = meta.companies.length;
    this.nSeries = this.nM + 2 * this.nC;
    const nTerm = this.nM * MARKET_METRICS.length + this.nC * COMPANY_METRICS.length;
    const sizes = {
      events: this.nC * EVENTS.length * meta.days,
      terminal: nTerm * this.T.size,
      extrema: nTerm * 2,
      bands: meta.bands ? meta.days * this.nSeries * this.B.size : 0,
    };
    if (buffers) {
      for (const k of ['events', 'terminal', 'extrema', 'bands'] as const) {
        if (buffers[k].length !== sizes[k]) throw new Error(`ensemble state: ${k} has ${buffers[k].length} entries, expected ${sizes[k]} for this layout`);
      }
      this.count = buffers.count;
      this.events = buffers.events;
      this.terminal = buffers.terminal;
      this.extrema = buffers.extrema;
      this.bands = buffers.bands;
    } else {
      this.events = new Uint32Array(sizes.events);
      this.terminal = new Uint32Array(sizes.terminal);
      this.extrema = new Float64Array(sizes.extrema);
      for (let j = 0; j < nTerm; j++) {
        this.extrema[2 * j] = Infinity;
        this.extrema[2 * j + 1] = -Infinity;
      }
      this.bands = new Uint32Array(sizes.bands);
    }
    this.invRefs = Float64Array.from(meta.bandRefs, (r) => 1 / r);
    this.dayBuf = new Float64Array(meta.bands ? this.nSeries * meta.days : 0);
    const coinIdx = new Map(meta.markets.map((m, k) => [m, k]));
    this.marketOf = Int32Array.from(meta.companies, (c) => coinIdx.get(c.coin) ?? 0);
  }

  buffers(): EnsembleBuffers {
    return { count: this.count, events: this.events, terminal: this.terminal, extrema: this.extrema, bands: this.bands };
  }

  private addTerminal(j: number, x: number): void {
    this.terminal[j * this.T.size + this.T.index(x)]++;
    if (x === x && x !== Infinity && x !== -Infinity) {
      if (x < this.extrema[2 * j]) this.extrema[2 * j] = x;
      if (x > this.extrema[2 * j + 1]) this.extrema[2 * j + 1] = x;
    }
  }

  private marketMetric(k: number, m: number): number {
    return k * MARKET_METRICS.length + m;
  }

  private companyMetric(i: number, m: number): number {
    return this.nM * MARKET_METRICS.length + i * COMPANY_METRICS.length + m;
  }

  /** Room for `n` paths in progress at once (slots 0..n-1 of addDay and addPath). */
  reserveSlots(n: number): void {
    const size = this.meta.bands ? this.nSeries * this.meta.days : 0;
    if (this.dayBuf.length < n * size) this.dayBuf = new Float64Array(n * size);
  }

  /**
   * One day of bands from a stepping run (summary mode): coin closes, closing
   * stock prices and mNAV (sim/derived.ts, as the engine's full record has it),
   * from the day's figures the runner read off the engine (PathRun.readCloses).
   * Values wait in a per-path buffer (slot `slot`, for a path in progress among
   * several: reserveSlots); `addPath` bins them series by series.
   */
  addDay(t: number, day: DayFigures, slot = 0): void {
    const buf = this.dayBuf, inv = this.invRefs, nM = this.nM, days = this.meta.days;
    const o = slot * this.nSeries * days + t; // series s of this slot's path is at o + s * days
    const P = day.coinClose;
    for (let k = 0; k < nM; k++) buf[o + k * days] = P[k] * inv[k];
    for (let i = 0; i < this.nC; i++) {
      const S = day.stockPrice[i];
      const s = nM + 2 * i;
      buf[o + s * days] = S * inv[s];
      buf[o + (s + 1) * days] = mnav(S, day.shares[i], day.coins[i], P[this.marketOf[i]]) * inv[s + 1];
    }
  }

  /** Bands of a whole path from full-mode series (mNAV null = no coins = Infinity). */
  addSeries(marketPrice: ArrayLike<number>[], stockPrice: ArrayLike<number>[], mnav: ArrayLike<number | null>[]): void {
    const buf = this.dayBuf, inv = this.invRefs, nM = this.nM, days = this.meta.days;
    for (let t = 0; t < days; t++) {
      for (let k = 0; k < nM; k++) buf[k * days + t] = marketPrice[k][t] * inv[k];
      for (let i = 0; i < this.nC; i++) {
        const s = nM + 2 * i;
        const m = mnav[i][t];
        buf[s * days + t] = stockPrice[i][t] * inv[s];
        buf[(s + 1) * days + t] = (m === null ? Infinity : m) * inv[s + 1];
      }
    }
  }

  /**
   * Bin the buffered path into the bands. The band array is laid out
   * [series][bin][day]: a path's value moves little from one day to the next,
   * so consecutive days land in the same or a nearby bin, i.e. on the same
   * cache line and memory page (a [day][series][bin] layout took ~1 ms a path
   * in cache and TLB misses on a 730-day, 8-company scenario).
   */
  private flushDays(slot: number): void {
    const B = this.B, size = B.size, days = this.meta.days, buf = this.dayBuf, bands = this.bands, at = slot * this.nSeries * days;
    for (let s = 0; s < this.nSeries; s++) {
      const rowBase = s * size * days, bufBase = at + s * days;
      for (let t = 0; t < days; t++) bands[rowBase + B.index(buf[bufBase + t]) * days + t]++;
    }
  }

  /** End-of-path figures and first-event days of one path. `reverseSplitDays[i]` is -1 when none; `slot`: its addDay slot. */
  addPath(summary: PathSummary, reverseSplitDays: ArrayLike<number>, slot = 0): void {
    this.count++;
    if (this.meta.bands) this.flushDays(slot);
    const days = this.meta.days, nEv = EVENTS.length;
    this.meta.markets.forEach((coin, k) => {
      const m = summary.markets[coin];
      this.addTerminal(this.marketMetric(k, 0), m.terminalPrice);
      this.addTerminal(this.marketMetric(k, 1), m.minPrice);
      this.addTerminal(this.marketMetric(k, 2), m.liquidationsUsd);
      this.addTerminal(this.marketMetric(k, 3), m.companyNetSoldUsd);
      if (m.counterfactualTerminalPrice !== null) this.addTerminal(this.marketMetric(k, 4), m.counterfactualTerminalPrice);
      if (m.selfInflictedDrawdown !== null) this.addTerminal(this.marketMetric(k, 5), m.selfInflictedDrawdown);
    });
    this.meta.companies.forEach(({ ticker }, i) => {
      const c = summary.companies[ticker];
      const evDays = [c.noticeDay, c.determinationDay, c.delistedDay, c.insolventDay, c.firstForcedSaleDay, c.firstSaleDay, reverseSplitDays[i] >= 0 ? reverseSplitDays[i] : null, c.secondPeriodDay, c.hearingStayDay, listingLostDay(c)];
      for (let e = 0; e < nEv; e++) {
        const d = evDays[e];
        if (d !== null && d >= 0 && d < days) this.events[(i * nEv + e) * days + d]++;
      }
      const vals = [c.terminalStockPrice, c.terminalMnav === null ? Infinity : c.terminalMnav, c.coinsHeld, c.coinsSold, c.coinsSoldUsd, c.forcedCoinsSold, c.forcedCoinsSoldUsd, c.realizedPnlUsd, c.unrealizedPnlUsd];
      for (let m = 0; m < vals.length; m++) this.addTerminal(this.companyMetric(i, m), vals[m]);
    });
  }

  /** Add another state of the same layout (exact; order does not matter). */
  merge(o: EnsembleBuffers): void {
    this.count += o.count;
    addInto(this.events, o.events);
    addInto(this.terminal, o.terminal);
    addInto(this.bands, o.bands);
    const ex = this.extrema;
    for (let j = 0; j < ex.length; j += 2) {
      if (o.extrema[j] < ex[j]) ex[j] = o.extrema[j];
      if (o.extrema[j + 1] > ex[j + 1]) ex[j + 1] = o.extrema[j + 1];
    }
  }
}

function addInto(a: Uint32Array, b: Uint32Array): void {
  if (a.length !== b.length) throw new Error(`ensemble merge: arrays of ${a.length} and ${b.length} entries`);
  for (let i = 0; i < a.length; i++) {
    const s = a[i] + b[i];
    if (s > 0xffffffff) throw new RangeError('ensemble merge: a bin count overflowed 2^32 (more than 4.29e9 paths)');
    a[i] = s;
  }
}

const layouts = new Map<string, SketchLayout>();
function layoutFor(spec: SketchSpec): SketchLayout {
  const key = JSON.stringify(spec);
  let l = layouts.get(key);
  if (!l) layouts.set(key, (l = new SketchLayout(spec)));
  return l;
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

export interface Proportion {
  /** Paths where it happened by the horizon. */
  count: number;
  probability: number;
  /** Wilson 95% interval of the probability. */
  ci95: [number, number];
  /** Day index (from 0) of the first occurrence, among paths where it happened; null when it never did. Exact. */
  day: { min: number; q05: number; q25: number; q50: number; q75: number; q95: number; max: number; mean: number; medianDate: string; q05Date: string; q95Date: string } | null;
}

export interface Distribution {
  /** Values counted (NaN excluded). */
  n: number;
  /** Infinite values among them (e.g. mNAV of a company holding no coins). */
  infinite: number;
  /** Exact minimum and maximum of the finite values. */
  min: number | null;
  max: number | null;
  /** Nearest-rank quantiles, within the sketch's relative error (null: empty, or an infinity). */
  q01: number | null;
  q05: number | null;
  q25: number | null;
  q50: number | null;
  q75: number | null;
  q95: number | null;
  q99: number | null;
}

export type BandKey = 'q05' | 'q25' | 'q50' | 'q75' | 'q95';
export type Bands = Record<BandKey, (number | null)[]>;
/**
 * A band series as typed arrays (the app's form: transferred from its worker, not copied): NaN
 * where `Bands` has null (no paths, or an infinite quantile). Quantiles are never NaN otherwise
 * (sketch.ts quantilesOf), so the two forms map one to one.
 */
export type BandsTyped = Record<BandKey, Float64Array>;

/** The per-day fan-chart bands of a summary, with `B` the form of one series' quantiles. */
export interface EnsembleBands<B> {
  dates: string[];
  markets: Record<string, { price: B }>;
  companies: Record<string, { stockPrice: B; mnav: B }>;
}

export interface EnsembleSummary {
  kind: 'dat-sim-ensemble';
  formatVersion: number;
  engine: { version: string; sourceHash: string; v8: string };
  scenario: { id: string; name: string; startDate: string; hash: string };
  seed: string;
  paths: number;
  days: number;
  deterministic: boolean;
  counterfactual: boolean;
  method: {
    quantiles: string;
    terminalRelativeError: number;
    bandRelativeError: number;
    probabilityInterval: string;
  };
  companies: Record<string, { coin: string; events: Record<EventName, Proportion>; terminal: Record<CompanyMetric, Distribution>; listing?: ListingProcedureInfo }>;
  markets: Record<string, { terminal: Record<MarketMetric, Distribution> }>;
  /** Per-day fan-chart bands (absent with bands off). */
  bands?: EnsembleBands<Bands>;
}

/**
 * The summary with its bands as Float64Arrays, all views of one buffer laid out
 * [series][quantile][day] (series: markets, then per company stock price and
 * mNAV): what the app's worker hands over (`bandsTransferables`). Every other
 * field is the plain summary's.
 */
export interface EnsembleSummaryTyped extends Omit<EnsembleSummary, 'bands'> {
  bands?: EnsembleBands<BandsTyped>;
}

/** The summary `dat-sim mc` prints: `summarizeTyped` with its bands converted to plain arrays (NaN -> null). */
export function summarize(state: EnsembleState): EnsembleSummary {
  return toPlainSummary(summarizeTyped(state));
}

/** A band series as plain arrays, null where the typed form has NaN (its only non-finite value). */
export function plainBands(b: BandsTyped): Bands {
  const plain = (a: Float64Array): (number | null)[] => Array.from(a, finiteOrNull);
  return { q05: plain(b.q05), q25: plain(b.q25), q50: plain(b.q50), q75: plain(b.q75), q95: plain(b.q95) };
}

/** The plain summary (the CLI's JSON shape, same key order) of a typed one: only the bands are converted. */
export function toPlainSummary(s: EnsembleSummaryTyped): EnsembleSummary {
  const b = s.bands;
  if (!b) return s as EnsembleSummary;
  const markets: EnsembleBands<Bands>['markets'] = {};
  for (const [coin, m] of Object.entries(b.markets)) markets[coin] = { price: plainBands(m.price) };
  const companies: EnsembleBands<Bands>['companies'] = {};
  for (const [t, c] of Object.entries(b.companies)) companies[t] = { stockPrice: plainBands(c.stockPrice), mnav: plainBands(c.mnav) };
  return { ...s, bands: { dates: b.dates, markets, companies } };
}

/** The buffer a typed summary's bands live in, to transfer with it (none without bands). */
export function bandsTransferables(s: EnsembleSummaryTyped): ArrayBuffer[] {
  const first = s.bands && (Object.values(s.bands.markets)[0]?.price ?? Object.values(s.bands.companies)[0]?.stockPrice);
  return first ? [first.q05.buffer as ArrayBuffer] : [];
}

export function summarizeTyped(state: EnsembleState): EnsembleSummaryTyped {
  const meta = state.meta, T = state.T, B = state.B, n = state.count, days = meta.days, nEv = EVENTS.length;
  const dist = (j: number): Distribution => {
    const off = j * T.size;
    const q = quantilesOf(T, state.terminal, off, TERMINAL_QUANTILES);
    const mn = state.extrema[2 * j], mx = state.extrema[2 * j + 1];
    // Clamp to the exact range: the true quantile lies in it, so this never adds error
    // (and a constant reads as itself, not as its bin's centre).
    for (let k = 0; k < q.length; k++) {
      const v = q[k];
      if (v !== null && Number.isFinite(mn) && v < mn) q[k] = mn;
      else if (v !== null && Number.isFinite(mx) && v > mx) q[k] = mx;
    }
    return {
      n: countOf(T, state.terminal, off),
      infinite: state.terminal[off + T.posStart + T.nPos + 1] + (T.spec.signed ? state.terminal[off] : 0),
      min: Number.isFinite(mn) ? mn : null,
      max: Number.isFinite(mx) ? mx : null,
      q01: q[0], q05: q[1], q25: q[2], q50: q[3], q75: q[4], q95: q[5], q99: q[6],
    };
  };
  const companies: EnsembleSummary['companies'] = {};
  meta.companies.forEach(({ ticker, coin, listing }, i) => {
    const events = {} as Record<EventName, Proportion>;
    EVENTS.forEach((name, e) => {
      const off = (i * nEv + e) * days;
      let count = 0, sum = 0, mn = -1, mx = -1;
      for (let d = 0; d < days; d++) {
        const c = state.events[off + d];
        if (!c) continue;
        count += c;
        sum += c * d;
        if (mn < 0) mn = d;
        mx = d;
      }
      let day: Proportion['day'] = null;
      if (count > 0) {
        const qd = DAY_QUANTILES.map((q) => {
          const k = rankOf(q, count);
          let cum = 0, d = 0;
          while (cum + state.events[off + d] < k) cum += state.events[off + d++];
          return d;
        });
        day = { min: mn, q05: qd[0], q25: qd[1], q50: qd[2], q75: qd[3], q95: qd[4], max: mx, mean: sum / count, medianDate: meta.dates[qd[2]], q05Date: meta.dates[qd[0]], q95Date: meta.dates[qd[4]] };
      }
      events[name] = { count, probability: n > 0 ? count / n : 0, ci95: wilson(count, n), day };
    });
    const terminal = {} as Record<CompanyMetric, Distribution>;
    COMPANY_METRICS.forEach((m, j) => (terminal[m] = dist(meta.markets.length * MARKET_METRICS.length + i * COMPANY_METRICS.length + j)));
    companies[ticker] = listing ? { coin, events, terminal, listing } : { coin, events, terminal };
  });
  const markets: EnsembleSummary['markets'] = {};
  meta.markets.forEach((coin, k) => {
    const terminal = {} as Record<MarketMetric, Distribution>;
    MARKET_METRICS.forEach((m, j) => (terminal[m] = dist(k * MARKET_METRICS.length + j)));
    markets[coin] = { terminal };
  });
  const summary: EnsembleSummaryTyped = {
    kind: 'dat-sim-ensemble',
    formatVersion: meta.formatVersion,
    engine: meta.engine,
    scenario: meta.scenario,
    seed: meta.seed,
    paths: n,
    days,
    deterministic: meta.deterministic,
    counterfactual: meta.counterfactual,
    method: {
      quantiles: 'nearest rank, k = ceil(q*n); from fixed log-linear bins merged exactly by adding counts',
      terminalRelativeError: relativeError(T.spec),
      bandRelativeError: relativeError(B.spec),
      probabilityInterval: 'Wilson score interval, 95%',
    },
    companies,
    markets,
  };
  if (meta.bands) {
    const keys = BAND_QUANTILES.map(qKey) as BandKey[];
    const nQ = keys.length;
    // One buffer for every band, [series][quantile][day]: the app transfers it from its worker.
    const data = new Float64Array(state.nSeries * nQ * days);
    const series = (s: number): BandsTyped => {
      const out = {} as BandsTyped;
      keys.forEach((key, j) => (out[key] = data.subarray((s * nQ + j) * days, (s * nQ + j + 1) * days)));
      // Each day's quantiles as quantilesOf gives them (null -> NaN), read off the [bin][day] counts in order.
      quantileRowsOf(B, state.bands, s * B.size * days, days, BAND_QUANTILES, meta.bandRefs[s], data, s * nQ * days);
      return out;
    };
    const bm: Record<string, { price: BandsTyped }> = {};
    meta.markets.forEach((coin, k) => (bm[coin] = { price: series(k) }));
    const bc: Record<string, { stockPrice: BandsTyped; mnav: BandsTyped }> = {};
    meta.companies.forEach(({ ticker }, i) => (bc[ticker] = { stockPrice: series(state.nM + 2 * i), mnav: series(state.nM + 2 * i + 1) }));
    summary.bands = { dates: meta.dates, markets: bm, companies: bc };
  }
  return summary;
}
