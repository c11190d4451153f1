/**
 * One simulated path with its counterfactual, as plain data: the shape the
 * CLI prints (`dat-sim run --format json`), the web app charts, and scripts
 * consume. Pure (no Node, no DOM).
 */
import type { ResolvedScenario } from '../sim/index.ts';
import { MarketsLockstepCloses, ModelError, PathRun, createPathPair, prepareModel, type CounterfactualLane, type KernelHolder, type Model, type ModelOptions, type RuleCompiler } from '../sim/index.ts';
import { LISTING_STATE_NAMES, finiteOrNull, type ListingStateName } from '../sim/index.ts';
import type { SimEvent } from '../sim/index.ts';
import { summarizePath, type PathSummary } from './summary.ts';
import { runOptionProblem, runSeed } from './run-options.ts';

export interface SimulateOptions {
  /** Seed (defaults to the scenario's). Path 0 of this seed is simulated. */
  seed?: string | number;
  /** Path index within the seed (default 0). */
  path?: number;
  /** Horizon override (days). */
  days?: number;
  /** Zero every noise term; market impact stays (docs/model.md §4.3). */
  deterministic?: boolean;
  /** Compiler for `rules` policies (src/rules.ts provides the mathjs one). */
  compileRule?: RuleCompiler;
  /** Skip the counterfactual run (halves the work when it is not needed). */
  counterfactual?: boolean;
}

export interface MarketResult {
  price: number[];
  preTradePrice: number[];
  fundamental: number[];
  transientImpact: number[];
  executionPrice: number[];
  drawdown: number[];
  companyFlowUsd: number[];
  scheduledFlowUsd: number[];
  etfFlowUsd: number[];
  liquidationsUsd: number[];
  openInterestUsd: number[];
  /** Short liquidations (forced buys) and short open interest (docs/model.md §12). */
  shortLiquidationsUsd: number[];
  shortOpenInterestUsd: number[];
}

export interface CompanyResult {
  coin: string;
  exchange: string;
  costBasisUsd: number;
  stockPrice: number[];
  /** null where the company holds no coins (mNAV is infinite). */
  mnav: (number | null)[];
  evMnav: (number | null)[];
  navPerShare: number[];
  bookNavPerShare: number[];
  coins: number[];
  cashUsd: number[];
  debtUsd: number[];
  shares: number[];
  ltv: number[];
  /** Highest LTV over collateralized instruments: what covenant and liquidation LTVs are tested on. */
  collateralLtv: number[];
  /** Average cost per coin, day by day (moves with purchases). */
  costBasis: number[];
  listingState: ListingStateName[];
  unrealizedPnlUsd: number[];
  realizedPnlUsd: number[];
  coinsSold: number[];
  logPremium: number[];
  /**
   * Capital series (docs/model.md 3.2-3.4), present only for companies with an `atm`,
   * `preferredProgram`, `reserve` or `buybackCashFraction` setting.
   */
  capital?: CapitalResult;
}

export interface CapitalResult {
  /** USD reserve (part of cashUsd). */
  reserveUsd: number[];
  /** Liquidation preference of all preferred outstanding. */
  preferredUsd: number[];
  /** Cumulative new common shares issued. */
  sharesIssued: number[];
  /** Cumulative common issuance proceeds (ATM, funding, issueAboveNav, rules). */
  atmProceedsUsd: number[];
  /** ATM shelf left (0 without a programme). */
  atmShelfLeftUsd: number[];
  /** Cumulative preferred proceeds. */
  preferredProceedsUsd: number[];
}

export interface SimResult {
  scenario: { id: string; name: string; startDate: string; days: number };
  seed: string;
  path: number;
  deterministic: boolean;
  dates: string[];
  markets: Record<string, MarketResult>;
  companies: Record<string, CompanyResult>;
  events: SimEvent[];
  counterfactual: { markets: Record<string, { price: number[] }> } | null;
  summary: PathSummary;
}

/**
 * The same path as the engine recorded it, for callers that read series by
 * index (the web app's charts, tables, teaching): every series is the
 * Float64Array (listing state: Int8Array of codes) the PathRun wrote, not a
 * copy. Where the plain result has `null` (mNAV, EV mNAV: no coins held), the
 * typed one keeps the engine's non-finite value (Infinity or NaN, never
 * rewritten: the arrays are shared with the run); read them with
 * `Number.isFinite`. Listing states are codes into `LISTING_STATE_NAMES`.
 * Do not write into the arrays: they are the run's record (and the plain
 * result, `toPlainResult`, is made from them).
 */
export type MarketResultTyped = { [K in keyof MarketResult]: Float64Array };
export type CapitalResultTyped = { [K in keyof CapitalResult]: Float64Array };
export type CompanyResultTyped = {
  [K in keyof CompanyResult]: K extends 'capital' ? CapitalResultTyped : K extends 'listingState' ? Int8Array : CompanyResult[K] extends string | number ? CompanyResult[K] : Float64Array;
};

/** `SimResult` with the engine's typed arrays as its series (see MarketResultTyped); same scenario, seed, dates, events and summary. */
export interface SimResultTyped {
  scenario: SimResult['scenario'];
  seed: string;
  path: number;
  deterministic: boolean;
  /** The model's calendar (shared: do not modify). */
  dates: readonly string[];
  markets: Record<string, MarketResultTyped>;
  companies: Record<string, CompanyResultTyped>;
  events: SimEvent[];
  counterfactual: { markets: Record<string, { price: Float64Array }> } | null;
  summary: PathSummary;
}

const arr = (a: Float64Array): number[] => Array.from(a);
const finiteOrNulls = (a: Float64Array): (number | null)[] => Array.from(a, finiteOrNull);

export function marketResult(s: MarketResultTyped): MarketResult {
  return {
    price: arr(s.price),
    preTradePrice: arr(s.preTradePrice),
    fundamental: arr(s.fundamental),
    transientImpact: arr(s.transientImpact),
    executionPrice: arr(s.executionPrice),
    drawdown: arr(s.drawdown),
    companyFlowUsd: arr(s.companyFlowUsd),
    scheduledFlowUsd: arr(s.scheduledFlowUsd),
    etfFlowUsd: arr(s.etfFlowUsd),
    liquidationsUsd: arr(s.liquidationsUsd),
    openInterestUsd: arr(s.openInterestUsd),
    shortLiquidationsUsd: arr(s.shortLiquidationsUsd),
    shortOpenInterestUsd: arr(s.shortOpenInterestUsd),
  };
}

function companyResult(s: CompanyResultTyped): CompanyResult {
  return {
    coin: s.coin,
    exchange: s.exchange,
    costBasisUsd: s.costBasisUsd,
    stockPrice: arr(s.stockPrice),
    mnav: finiteOrNulls(s.mnav),
    evMnav: finiteOrNulls(s.evMnav),
    navPerShare: arr(s.navPerShare),
    bookNavPerShare: arr(s.bookNavPerShare),
    coins: arr(s.coins),
    cashUsd: arr(s.cashUsd),
    debtUsd: arr(s.debtUsd),
    shares: arr(s.shares),
    ltv: arr(s.ltv),
    collateralLtv: arr(s.collateralLtv),
    costBasis: arr(s.costBasis),
    listingState: Array.from(s.listingState, (c) => LISTING_STATE_NAMES[c]),
    unrealizedPnlUsd: arr(s.unrealizedPnlUsd),
    realizedPnlUsd: arr(s.realizedPnlUsd),
    coinsSold: arr(s.coinsSold),
    logPremium: arr(s.logPremium),
    ...(s.capital
      ? {
          capital: {
            reserveUsd: arr(s.capital.reserveUsd),
            preferredUsd: arr(s.capital.preferredUsd),
            sharesIssued: arr(s.capital.sharesIssued),
            atmProceedsUsd: arr(s.capital.atmProceedsUsd),
            atmShelfLeftUsd: arr(s.capital.atmShelfLeftUsd),
            preferredProceedsUsd: arr(s.capital.preferredProceedsUsd),
          },
        }
      : {}),
  };
}

/** Prepare once, run many: use this with `runPrepared` for repeated runs of one scenario (sliders, sweeps). */
export function prepare(scenario: ResolvedScenario, options: Pick<SimulateOptions, 'days' | 'deterministic' | 'compileRule'> = {}): Model {
  const modelOptions: ModelOptions = { days: options.days, deterministic: options.deterministic, compileRule: options.compileRule };
  return prepareModel(scenario, modelOptions);
}

/** Simulate one path of a resolved scenario, with its counterfactual. */
export function simulate(scenario: ResolvedScenario, options: SimulateOptions = {}): SimResult {
  return runPrepared(prepare(scenario, options), options);
}

/** `simulate` without the copy into plain arrays (SimResultTyped): what the web app charts. */
export function simulateTyped(scenario: ResolvedScenario, options: SimulateOptions = {}): SimResultTyped {
  return runPreparedTyped(prepare(scenario, options), options);
}

export function runPrepared(model: Model, options: Pick<SimulateOptions, 'seed' | 'path' | 'counterfactual'> = {}): SimResult {
  return toPlainResult(runPreparedTyped(model, options));
}

/** `runPrepared` without the copy into plain arrays: the series are the run's typed arrays (SimResultTyped). */
export function runPreparedTyped(model: Model, options: Pick<SimulateOptions, 'seed' | 'path' | 'counterfactual'> = {}): SimResultTyped {
  const problem = runOptionProblem(options);
  if (problem) throw new ModelError(problem.message, problem.option);
  const seed = runSeed(options.seed, model.scenario.seed);
  const path = options.path ?? 0;
  // Where WebAssembly is available: the path and its counterfactual as the two lanes of one engine
  // lockstep (sim/lockstep-engine.ts); else PathRun and the markets-only counterfactual. The same numbers.
  const pair = options.counterfactual === false ? null : createPathPair(model, seed, path, pairKernel);
  if (pair) {
    pairKernel = { kx: pair.kx };
    pair.run();
    return typedResultFromRuns(model, seed, path, pair.path(path), pair.counterfactual());
  }
  const run = new PathRun(model, seed, path, { record: 'full' }).run();
  const cf = options.counterfactual === false ? null : marketsCounterfactual(model, seed, path);
  return typedResultFromRuns(model, seed, path, run, cf);
}

/** The kernel instance of the last path pair, taken over by the next (setting one up costs 0.1-0.3 ms). */
let pairKernel: KernelHolder | undefined;

/**
 * The markets-only counterfactual of path `path` (companies switched off): stepped by
 * MarketsLockstepCloses with one path, which skips what no market figure reads (the
 * day figures, the index normal, the other series) and gives the same closes as
 * `new PathRun(model, seed, path, { record: 'full', companyTrading: false, marketsOnly: true })`
 * (test/simulate-counterfactual.test.ts). Throws that run's checkFinite error where it would have.
 */
export function marketsCounterfactual(model: Model, seed: string, path: number): CounterfactualLane {
  const ls = new MarketsLockstepCloses(model, seed, path, 1).run();
  const totals = ls.path(path);
  return { marketSeries: model.markets.map((m, k) => ({ coin: m.params.coin, price: ls.closeSeries(path, k) })), marketTotals: (k) => totals.marketTotals(k) };
}

/**
 * The plain-data result of finished full-record runs (a path and, optionally,
 * its counterfactual): for drivers that step a PathRun themselves (teaching).
 */
export function resultFromRuns(model: Model, seed: string, path: number, run: PathRun, cf: CounterfactualLane | null): SimResult {
  return toPlainResult(typedResultFromRuns(model, seed, path, run, cf));
}

/**
 * `resultFromRuns` without the copy: the runs' own series (SimResultTyped). The
 * counterfactual is a finished full-record PathRun, an engine lockstep's
 * counterfactual lane or a `marketsCounterfactual` (each market's closes and totals).
 */
export function typedResultFromRuns(model: Model, seed: string, path: number, run: PathRun, cf: CounterfactualLane | null): SimResultTyped {
  const markets: Record<string, MarketResultTyped> = {};
  run.marketSeries.forEach((s) => (markets[s.coin] = s));
  const companies: Record<string, CompanyResultTyped> = {};
  run.companySeries.forEach(({ ticker, ...series }, i) => {
    const p = model.companies[i].params;
    companies[ticker] = { coin: p.coin, exchange: p.exchange, costBasisUsd: p.costBasisUsd, ...series };
  });
  return {
    scenario: { id: model.scenario.id, name: model.scenario.name, startDate: model.scenario.startDate, days: model.days },
    seed,
    path,
    deterministic: model.deterministic,
    dates: model.calendar.dates,
    markets,
    companies,
    events: run.events,
    counterfactual: cf ? { markets: Object.fromEntries(cf.marketSeries.map((s) => [s.coin, { price: s.price }])) } : null,
    summary: summarizePath(model, run, cf),
  };
}

/**
 * The plain (JSON-friendly) form of a typed result: every series copied into
 * a `number[]`, non-finite mNAV and EV mNAV as `null`, listing states by
 * name. `runPrepared(m, o)` is `toPlainResult(runPreparedTyped(m, o))`.
 */
export function toPlainResult(t: SimResultTyped): SimResult {
  const markets: Record<string, MarketResult> = {};
  for (const coin in t.markets) markets[coin] = marketResult(t.markets[coin]);
  const companies: Record<string, CompanyResult> = {};
  for (const ticker in t.companies) companies[ticker] = companyResult(t.companies[ticker]);
  return {
    scenario: { ...t.scenario },
    seed: t.seed,
    path: t.path,
    deterministic: t.deterministic,
    dates: t.dates.slice(),
    markets,
    companies,
    events: t.events,
    counterfactual: t.counterfactual ? { markets: Object.fromEntries(Object.entries(t.counterfactual.markets).map(([coin, m]) => [coin, { price: arr(m.price) }])) } : null,
    summary: t.summary,
  };
}
