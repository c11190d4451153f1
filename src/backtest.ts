/**
 * Backtest: score a dated forecast (a saved scenario, made on its start date)
 * against what really happened (an outcomes file, src/backtest-outcomes.ts).
 *
 * For each of `paths` simulated paths the scenario runs up to the last
 * outcome's date. An event outcome gets the model's probability (the share of
 * paths where it happened in its period) and its Brier term (p - o)^2; a
 * figure gets the model's 10-90% band on its date and is a hit when the
 * realized value lies inside. Overall: the mean Brier score over events and
 * the band coverage over figures (a calibrated model covers about 80%).
 * docs/methodology.md ("Backtest") explains the scores. Pure: no IO.
 */
import { PathRun, assertResolvedScenario, prepareModel, dayCloses, mnav, dateToOrdinal, ordinalToDate, type ResolvedScenario, type ScriptPoint, type RuleCompiler } from '../sim/index.ts';
import { checkOutcomesAgainst, scenarioWindow, type OutcomeEventKind, type Outcomes } from './backtest-outcomes.ts';
import { LISTING_LOST_KINDS } from './summary.ts';
import { keptPathCountProblem, runOptionProblem, runSeed } from './run-options.ts';

export interface BacktestOptions {
  /** Simulated paths (default 500). */
  paths?: number;
  /** Seed (default: the scenario's). */
  seed?: string | number;
  /**
   * How the coins move: 'scenario' as the scenario says (default); 'drive'
   * replays the realized coin prices of the outcomes file (a scripted path
   * from the day before the start through every dated price; coin prices are
   * then not scored); 'free' drops the scenario's scripted paths so the coins
   * are stochastic from the start.
   */
  coins?: 'scenario' | 'drive' | 'free';
  /** Compiler for `rules` policies (src/rules.ts compileExpression). */
  compileRule?: RuleCompiler;
  /** Outcomes file name, for messages and the result. */
  file?: string;
}

export interface BacktestRow {
  type: 'event' | 'figure' | 'coinPrice';
  /** Ticker, or the coin for coin prices. */
  subject: string;
  kind: string;
  date: string;
  /** Events: the first day of the period checked. */
  from?: string;
  /** coinSale events: at least this many coins sold over the period. */
  coins?: number;
  /** Events: did it happen; figures: the realized value. */
  realized: boolean | number;
  /** Events: share of paths where it happened. */
  probability?: number;
  /** Events: (probability - outcome)^2. */
  brier?: number;
  /** Figures: the model's 10%, 50% and 90% quantiles over paths (type 7). */
  band?: { p10: number; p50: number; p90: number };
  /** Events: the model's more likely answer was right; figures: realized inside the 10-90% band. null when not scored. */
  hit: boolean | null;
  /** Why a row is not scored, when it is not. */
  note?: string;
  source: string;
}

export interface BacktestResult {
  scenario: { id: string; name: string; startDate: string; lastDate: string };
  outcomes: string | null;
  paths: number;
  seed: string;
  coins: 'scenario' | 'drive' | 'free';
  /** Days simulated (through the last outcome's date). */
  days: number;
  rows: BacktestRow[];
  summary: {
    events: number;
    /** Mean (p - o)^2 over events; null without events. 0 is perfect, 0.25 is what p = 0.5 everywhere scores. */
    brier: number | null;
    eventHits: number;
    figures: number;
    /** Share of figures inside their 10-90% band; null without figures. Nominal 0.8. */
    coverage: number | null;
    figureHits: number;
    nominalCoverage: 0.8;
  };
}

const ENGINE_KINDS: Record<OutcomeEventKind, readonly string[]> = {
  coinSale: ['coinSale'],
  coinPurchase: ['coinPurchase'],
  buyback: ['buyback'],
  notice: ['notice'],
  reverseSplit: ['reverseSplit'],
  // An insolvent company leaves the exchange too (src/summary.ts).
  delisting: LISTING_LOST_KINDS,
};

/** Quantile of sorted values, linear between order statistics (R type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const h = (n - 1) * q, lo = Math.floor(h), hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Mean Brier score of probabilities against 0/1 outcomes. */
export function brierScore(pairs: readonly { probability: number; occurred: boolean }[]): number {
  let s = 0;
  for (const p of pairs) s += (p.probability - (p.occurred ? 1 : 0)) ** 2;
  return s / pairs.length;
}

/** The scenario with its coins replayed from the outcomes' dated prices, or left free. */
function withCoins(s: ResolvedScenario, o: Outcomes, mode: 'scenario' | 'drive' | 'free'): ResolvedScenario {
  if (mode === 'scenario') return s;
  const copy = structuredClone(s);
  for (const m of copy.markets) {
    if (mode === 'free') { m.scriptedPath = []; continue; }
    const pts = o.coinPrices.filter((c) => c.coin === m.coin).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    if (!pts.length) continue;
    // Anchor at the day before the start on the scenario's own starting price, so day 0 moves from it.
    const path: ScriptPoint[] = [{ date: ordinalToDate(dateToOrdinal(s.startDate) - 1), price: m.price0 }];
    for (const p of pts) if (p.date !== path[path.length - 1].date) path.push({ date: p.date, price: p.price });
    m.scriptedPath = path;
  }
  return copy;
}

/**
 * Score `scenario` against `outcomes`. Checks the outcomes against the
 * scenario first (OutcomesError before any simulation). Deterministic for a
 * given seed and path count.
 */
export function backtest(scenario: ResolvedScenario, outcomes: Outcomes, options: BacktestOptions = {}): BacktestResult {
  assertResolvedScenario(scenario);
  checkOutcomesAgainst(outcomes, scenario, options.file);
  const paths = options.paths ?? 500;
  const pathsBad = keptPathCountProblem(paths);
  if (pathsBad) throw new RangeError(pathsBad);
  const bad = runOptionProblem({ seed: options.seed });
  if (bad) throw new RangeError(`${bad.option}: ${bad.message}`);
  const mode = options.coins ?? 'scenario';
  const seed = runSeed(options.seed, scenario.seed);
  const start = dateToOrdinal(scenario.startDate);
  const all = [...outcomes.coinPrices.map((c) => c.date), ...outcomes.events.map((e) => e.date), ...outcomes.figures.map((f) => f.date)];
  const lastDay = Math.max(...all.map((d) => dateToOrdinal(d) - start));
  const model = prepareModel(withCoins(scenario, outcomes, mode), { days: lastDay + 1, compileRule: options.compileRule });
  const tickers = model.companies.map((c) => c.params.ticker);
  const coins = model.markets.map((m) => m.params.coin);

  // Resolve every outcome to indices once.
  const ev = outcomes.events.map((e) => ({
    co: tickers.indexOf(e.ticker), kinds: ENGINE_KINDS[e.kind], sale: e.kind === 'coinSale',
    from: e.from ? dateToOrdinal(e.from) - start : 0, to: dateToOrdinal(e.date) - start, minCoins: e.coins ?? 0, hits: 0,
  }));
  const fig = outcomes.figures.map((f) => ({ co: tickers.indexOf(f.ticker), kind: f.kind, t: dateToOrdinal(f.date) - start, values: [] as number[] }));
  const cp = outcomes.coinPrices.map((c) => ({ mk: coins.indexOf(c.coin), t: dateToOrdinal(c.date) - start, values: [] as number[] }));

  // Each path runs with the events record (no daily series): the figures and coin prices are read
  // from the closes on their days, each day's events as they come (then dropped).
  const reads = Array.from({ length: model.days }, (_, t) => fig.some((f) => f.t === t) || cp.some((c) => c.t === t));
  const closes = dayCloses(model);
  const happened = new Uint8Array(ev.length), sold = new Float64Array(ev.length);
  for (let p = 0; p < paths; p++) {
    const run = new PathRun(model, seed, p, { record: 'events' });
    happened.fill(0);
    sold.fill(0);
    while (!run.done) {
      run.step();
      const t = run.t - 1;
      const today = run.events;
      for (let k = 0; k < ev.length && today.length; k++) {
        const e = ev[k];
        if (happened[k]) continue;
        for (const x of today) {
          if (x.day < e.from || x.day > e.to || x.company !== tickers[e.co] || !e.kinds.includes(x.kind)) continue;
          if (e.sale) sold[k] += x.coins as number;
          else { happened[k] = 1; break; }
        }
      }
      today.length = 0;
      if (!reads[t]) continue;
      run.readCloses(closes);
      for (const f of fig) {
        if (f.t !== t) continue;
        const i = f.co, P = closes.coinClose[model.companies[i].market];
        const v = f.kind === 'stockPrice' ? closes.stockPrice[i] : f.kind === 'mnav' ? mnav(closes.stockPrice[i], closes.shares[i], closes.coins[i], P) : closes.coins[i];
        if (Number.isFinite(v)) f.values.push(v);
      }
      for (const c of cp) if (c.t === t) c.values.push(closes.coinClose[c.mk]);
    }
    ev.forEach((e, k) => {
      if (e.sale ? sold[k] > 0 && sold[k] >= e.minCoins : happened[k]) e.hits++;
    });
  }

  const band = (values: number[]) => {
    const s = Float64Array.from(values).sort();
    return { p10: quantileSorted(s, 0.1), p50: quantileSorted(s, 0.5), p90: quantileSorted(s, 0.9) };
  };
  const rows: BacktestRow[] = [];
  outcomes.events.forEach((o, i) => {
    const probability = ev[i].hits / paths;
    rows.push({
      type: 'event', subject: o.ticker, kind: o.kind, date: o.date, from: o.from ?? scenario.startDate, ...(o.coins !== undefined ? { coins: o.coins } : {}),
      realized: o.occurred, probability, brier: (probability - (o.occurred ? 1 : 0)) ** 2, hit: probability >= 0.5 === o.occurred, source: o.source,
    });
  });
  outcomes.figures.forEach((o, i) => {
    const vals = fig[i].values;
    if (!vals.length) {
      rows.push({ type: 'figure', subject: o.ticker, kind: o.kind, date: o.date, realized: o.value, hit: null, note: 'no finite model value on any path (no coins held)', source: o.source });
      return;
    }
    const b = band(vals);
    rows.push({ type: 'figure', subject: o.ticker, kind: o.kind, date: o.date, realized: o.value, band: b, hit: o.value >= b.p10 && o.value <= b.p90, source: o.source });
  });
  outcomes.coinPrices.forEach((o, i) => {
    const b = band(cp[i].values);
    if (mode === 'drive') rows.push({ type: 'coinPrice', subject: o.coin, kind: 'price', date: o.date, realized: o.price, band: b, hit: null, note: 'driven: the coin replays this price', source: o.source });
    else rows.push({ type: 'coinPrice', subject: o.coin, kind: 'price', date: o.date, realized: o.price, band: b, hit: o.price >= b.p10 && o.price <= b.p90, source: o.source });
  });

  const events = rows.filter((r) => r.type === 'event');
  const figures = rows.filter((r) => r.type !== 'event' && r.hit !== null);
  const figureHits = figures.filter((r) => r.hit).length;
  return {
    scenario: { id: scenario.id, name: scenario.name, startDate: scenario.startDate, lastDate: scenarioWindow(scenario).last },
    outcomes: options.file ?? null,
    paths,
    seed,
    coins: mode,
    days: lastDay + 1,
    rows,
    summary: {
      events: events.length,
      brier: events.length ? brierScore(events.map((r) => ({ probability: r.probability!, occurred: r.realized as boolean }))) : null,
      eventHits: events.filter((r) => r.hit).length,
      figures: figures.length,
      coverage: figures.length ? figureHits / figures.length : null,
      figureHits,
      nominalCoverage: 0.8,
    },
  };
}

function num(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a >= 1e3) return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (a >= 100) return x.toFixed(0);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

/** A readable table of a backtest (the CLI's --format table). */
export function backtestTable(r: BacktestResult): string {
  const head = ['type', 'subject', 'what', 'date', 'realized', 'model', 'score', 'hit'];
  const body = r.rows.map((x) => {
    const what = x.type === 'event' ? `${x.kind}${x.coins !== undefined ? ` >= ${num(x.coins)}` : ''} since ${x.from}` : x.kind;
    const realized = typeof x.realized === 'boolean' ? (x.realized ? 'yes' : 'no') : num(x.realized);
    const model = x.type === 'event' ? `p = ${x.probability!.toFixed(3)}` : x.band ? `${num(x.band.p10)} - ${num(x.band.p90)}` : 'n/a';
    const score = x.type === 'event' ? `Brier ${x.brier!.toFixed(3)}` : x.note ?? (x.hit ? 'inside' : 'outside');
    return [x.type, x.subject, what, x.date, realized, model, score, x.hit === null ? '-' : x.hit ? 'hit' : 'miss'];
  });
  const width = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(width[k])).join('  ').trimEnd();
  const s = r.summary;
  return [
    `Backtest of ${r.scenario.id} (forecast made on ${r.scenario.startDate}) against ${r.outcomes ?? 'the outcomes'}: ${r.paths} paths, seed ${r.seed}, coins ${r.coins === 'drive' ? 'driven by the realized prices' : r.coins === 'free' ? 'free (scripted paths dropped)' : 'as in the scenario'}`,
    '',
    line(head),
    line(width.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `Events: ${s.events}, Brier score ${s.brier === null ? 'n/a' : s.brier.toFixed(3)} (0 perfect, 0.25 for p = 0.5 everywhere), ${s.eventHits} of ${s.events} called right`,
    `Figures: ${s.figures} scored, ${s.figureHits} inside the 10-90% band: coverage ${s.coverage === null ? 'n/a' : `${(100 * s.coverage).toFixed(0)}%`} (nominal 80%)`,
    '',
  ].join('\n');
}
