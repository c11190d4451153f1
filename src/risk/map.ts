/**
 * The risk map: for each company, the coin price at which each trigger fires
 * (src/risk/triggers.ts), solved with today's balance sheet and only the coin
 * price changed (src/risk/solve.ts); the same with the other treasuries'
 * sales on the same coin (the spiral, a fixed point through the market's
 * impact law); coverage and runway (src/risk/coverage.ts); and a ladder of
 * who breaks first as each coin falls. Pure: no Node, no DOM.
 */
import { describeValue, type ResolvedScenario, type RuleCompiler } from '../../sim/index.ts';
import { coverage, runway, type CoverageRow, type Runway } from './coverage.ts';
import { solveTrigger, type SolveOptions, type SolveStatus } from './solve.ts';
import { FORCED_KINDS, IMMEDIATE_SALE_KINDS, triggerInstances, type TriggerInstance, type TriggerKind } from './triggers.ts';
import { RiskContext, saleImpact } from './valuation.ts';
import { oddsFromFirstDays, riskOdds, type FirstDays, type ListingOdds, type TriggerOdds } from './probabilities.ts';
import { listingProcedureInfo, type ListingProcedureInfo } from '../batch/ensemble.ts';
import { MAX_KEPT_PATHS, keptPathCountProblem, runOptionProblem, runSeed } from '../run-options.ts';

export interface RiskOptions extends SolveOptions {
  /** Only this company (ticker). */
  company?: string;
  /** Value with the deterministic model. Default false (the scenario's volatilities in Merton equity). */
  deterministic?: boolean;
  compileRule?: RuleCompiler;
  /** Skip the spiral (fixed point) solve. Default false. */
  noSpiral?: boolean;
  /** Monte Carlo paths for the odds of each trigger (0 = none, the default). */
  paths?: number;
  /** Seed of the Monte Carlo (defaults to the scenario's). */
  seed?: string | number;
  /** Horizon in days (defaults to the scenario's horizonDays), as `dat-sim run`/`mc --days`. */
  days?: number;
  /** Called after each Monte Carlo path: paths done, paths in all. */
  onProgress?: (done: number, total: number) => void;
  /**
   * The Monte Carlo already run (riskFirstDays, slices merged with mergeFirstDays: the app's workers):
   * its paths 0..paths-1 give the odds instead of running them here; `paths` must equal its end.
   */
  firstDays?: FirstDays;
}

export interface SpiralResult {
  status: SolveStatus;
  triggerCoinPrice: number | null;
  distancePct: number | null;
  /** How much closer the spiral brings it: isolated distance minus spiral distance, in percentage points of today's price. */
  closerPct: number | null;
  /** The other treasuries' coins sold at the spiral trigger (their triggers that fire at the post-impact price). */
  othersCoinsSold: number;
  /** Coin price after the others' sales at the spiral trigger (USD). */
  priceAfterOthers: number | null;
}

/** A trigger instance's identity (kind, id, label, instrument, date, withinHorizon) with its solution. */
export interface TriggerResult extends Pick<TriggerInstance, 'kind' | 'id' | 'label' | 'instrument' | 'date' | 'withinHorizon'> {
  forced: boolean;
  status: SolveStatus;
  /** Highest coin price below which it fires (USD); null when it fires today or never within (0, today's price]. */
  triggerCoinPrice: number | null;
  /** How far the coin must fall, percent of today's price. */
  distancePct: number | null;
  /** Coins the engine sells on the first day it fires, at the trigger price (or today's when it fires today). */
  coinsSold: number;
  coinsSoldUsd: number;
  /** False when the trigger changes state more than once on the grid (see brackets). */
  monotone: boolean;
  brackets: [number, number][];
  note?: string;
  spiral?: SpiralResult;
  /** Odds over the Monte Carlo (when paths > 0). */
  odds?: TriggerOdds;
}

export interface CompanyRisk {
  ticker: string;
  name: string;
  coin: string;
  coinPrice0: number;
  stockPrice0: number;
  /** Solved, then firing today, then none; solved ones by distance. */
  triggers: TriggerResult[];
  /** "none within (0, today's price]" when no trigger fires anywhere in the range. */
  message: string | null;
  coverage: CoverageRow[];
  runway: Runway;
  /**
   * Listing outlook over the Monte Carlo (when paths > 0): per step of the listing procedure (notice,
   * determination, hearing stay where the rule set has hearings, delisting/suspension), the odds within
   * 90 days, 1 year and the horizon, and the median first date.
   */
  listing?: ListingOdds[];
  /** The listing settings the outlook rests on: cure length (and the 10-20 days Nasdaq staff may require), hearing path. */
  listingProcedure: ListingProcedureInfo;
}

export interface LadderRow {
  ticker: string;
  trigger: string;
  kind: TriggerKind;
  triggerCoinPrice: number;
  distancePct: number;
  coinsSold: number;
  coinsSoldUsd: number;
  /** Fall of the coin from the sale alone, by the market's impact law (percent). */
  impactPct: number;
  priceAfterSale: number;
  /** The next row (another company, lower price) that the price after this sale reaches. */
  reachesNext: string | null;
}

export interface RiskReport {
  scenario: string;
  startDate: string;
  /** The horizon in days (the scenario's, or the `days` option): the odds' "within the horizon" and dated triggers. */
  days: number;
  deterministic: boolean;
  /** Grid floor of the search, as a fraction of today's price. */
  floorFraction: number;
  /** Monte Carlo paths behind the odds (0 = not run) and their seed. */
  paths: number;
  seed: string;
  companies: CompanyRisk[];
  /** Per coin: every solved trigger of every company, highest price first. */
  ladder: Record<string, LadderRow[]>;
}

const NONE_MESSAGE = "none within (0, today's price]";

/** Throws RiskInputError unless `company` (when given) is one of the scenario's tickers. */
export function checkRiskCompany(scenario: ResolvedScenario, company: string | undefined): void {
  const tickers = scenario.companies.map((c) => c.ticker);
  if (company !== undefined && !tickers.includes(company)) throw new RiskInputError(`unknown company "${company}"; expected one of ${tickers.join(', ')}`);
}

export function riskMap(scenario: ResolvedScenario, options: RiskOptions = {}): RiskReport {
  checkRiskCompany(scenario, options.company);
  const ctx = new RiskContext(scenario, options);
  const idx = ctx.companies.map((_, i) => i).filter((i) => !options.company || ctx.companies[i].params.ticker === options.company);
  const instances = ctx.companies.map((_, i) => triggerInstances(ctx, i));
  const spiral = options.noSpiral ? null : new Spiral(ctx, instances);
  const paths = options.paths ?? 0;
  if (paths !== 0 && keptPathCountProblem(paths)) throw new RiskInputError(`paths: expected 0 (no odds) or a whole number from 1 to ${MAX_KEPT_PATHS}, got ${describeValue(paths)}`);
  const bad = runOptionProblem({ seed: options.seed });
  if (bad) throw new RiskInputError(`${bad.option}: ${bad.message}`);
  const seed = runSeed(options.seed, scenario.seed);
  if (options.firstDays && options.firstDays.end !== paths) throw new RiskInputError(`firstDays covers paths ${options.firstDays.start}..${options.firstDays.end - 1}, expected 0..${paths - 1} (paths = ${paths})`);
  const odds = paths <= 0 ? null : options.firstDays ? oddsFromFirstDays(ctx, instances, options.firstDays) : riskOdds(ctx, instances, paths, seed, options.onProgress);
  const companies = idx.map((i) => {
    const c = companyRisk(ctx, i, instances[i], spiral, options, odds?.triggers[i] ?? null);
    if (odds) c.listing = odds.listing[i];
    return c;
  });
  const ladder: Record<string, LadderRow[]> = {};
  for (const m of scenario.markets) {
    const rows = companies.filter((c) => c.coin === m.coin).flatMap((c) => c.triggers.filter((t) => t.status === 'solved').map((t) => ({ c, t })));
    rows.sort((a, b) => b.t.triggerCoinPrice! - a.t.triggerCoinPrice!);
    const k = scenario.markets.indexOf(m);
    ladder[m.coin] = rows.map(({ c, t }, r) => {
      const p = t.triggerCoinPrice!;
      const I = saleImpact(ctx.model, k, t.coinsSold * p, p);
      const after = p * Math.exp(-I);
      const next = rows.slice(r + 1).find((o) => o.c.ticker !== c.ticker);
      return {
        ticker: c.ticker, trigger: t.label, kind: t.kind, triggerCoinPrice: p, distancePct: t.distancePct!, coinsSold: t.coinsSold, coinsSoldUsd: t.coinsSoldUsd,
        impactPct: (1 - Math.exp(-I)) * 100, priceAfterSale: after,
        reachesNext: next && after < next.t.triggerCoinPrice! ? `${next.c.ticker}: ${next.t.label}` : null,
      };
    });
  }
  return { scenario: scenario.id, startDate: scenario.startDate, days: ctx.model.days, deterministic: options.deterministic === true, floorFraction: options.floorFraction ?? 1e-6, paths, seed, companies, ladder };
}

export class RiskInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function companyRisk(ctx: RiskContext, i: number, list: TriggerInstance[], spiral: Spiral | null, options: RiskOptions, odds: TriggerOdds[] | null): CompanyRisk {
  const c = ctx.companies[i];
  const p0 = ctx.price0(i);
  const triggers = list.map((tr, k): TriggerResult => {
    const s = solveTrigger((p) => tr.fires(ctx.at(i, p)), p0, options);
    const at = s.status === 'solved' ? s.bracket![0] : p0;
    const coins = s.status === 'none' ? 0 : tr.coinsSold(ctx.at(i, at));
    const out: TriggerResult = {
      kind: tr.kind, id: tr.id, label: tr.label, instrument: tr.instrument, date: tr.date, withinHorizon: tr.withinHorizon, forced: FORCED_KINDS.has(tr.kind),
      status: s.status, triggerCoinPrice: s.triggerCoinPrice, distancePct: s.distancePct,
      coinsSold: coins, coinsSoldUsd: coins * (s.triggerCoinPrice ?? p0), monotone: s.monotone, brackets: s.crossings,
      note: s.monotone ? tr.note : `not monotone in the coin price: it changes state in ${s.crossings.length} brackets ${s.crossings.map(([a, b]) => `[${a.toPrecision(6)}, ${b.toPrecision(6)}]`).join(', ')}; the price given is the first crossing from today${tr.note ? `; ${tr.note}` : ''}`,
    };
    if (spiral) out.spiral = spiral.solve(i, tr, out, options);
    if (odds) out.odds = odds[k];
    return out;
  });
  const order = (t: TriggerResult) => (t.status === 'firesToday' ? 0 : t.status === 'solved' ? 1 : 2);
  triggers.sort((a, b) => order(a) - order(b) || (a.distancePct ?? 0) - (b.distancePct ?? 0));
  return {
    ticker: c.params.ticker, name: c.params.name, coin: c.params.coin, coinPrice0: p0, stockPrice0: c.params.stockPrice0,
    triggers,
    message: triggers.every((t) => t.status === 'none') ? NONE_MESSAGE : null,
    coverage: coverage(c, p0),
    runway: runway(c),
    listingProcedure: listingProcedureInfo(ctx.model.companies[i]),
  };
}

/**
 * The spiral: at exogenous coin price P, the other treasuries on the same coin
 * sell what their own triggers sell at the price they see (sales on the day the
 * price gets there, and only those the fall starts: not the ones already firing
 * today, nor dated ones such as a put), which moves the
 * price by the market's impact law; the price x they see solves
 * x = P exp(-I(sum_j coins_j(x) x)) (fixed-point iteration from x = P; each
 * company's coins are capped at its holdings). Company i's trigger then fires
 * when it fires at x.
 */
class Spiral {
  private readonly cache = new Map<string, { x: number; coins: number }>();
  /** Per company, the triggers whose sale the fall itself starts: immediate sales that do not already fire today. */
  private readonly selling: TriggerInstance[][];
  constructor(private readonly ctx: RiskContext, instances: TriggerInstance[][]) {
    this.selling = instances.map((list, j) => {
      const today = ctx.at(j, ctx.price0(j));
      // A dated trigger (a put or maturity on its date) is no sale the fall starts today.
      return list.filter((tr) => IMMEDIATE_SALE_KINDS.has(tr.kind) && !tr.date && !tr.fires(today));
    });
  }

  /** Coins company j sells at coin price x (all its triggers that fire there), capped at its holdings. */
  private coinsAt(j: number, x: number): number {
    const s = this.ctx.at(j, x);
    let q = 0;
    for (const tr of this.selling[j]) if (tr.fires(s)) q += tr.coinsSold(s);
    return Math.min(q, this.ctx.companies[j].coins);
  }

  /** The price company i sees at exogenous price p, and the others' coins sold there. */
  seen(i: number, p: number): { x: number; coins: number } {
    const key = `${i}:${p}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const k = this.ctx.companies[i].marketIndex;
    const others = this.ctx.companies.filter((c, j) => j !== i && c.marketIndex === k).map((c) => c.index);
    let x = p, coins = 0;
    for (let it = 0; it < 100 && others.length; it++) {
      coins = 0;
      let usd = 0;
      for (const j of others) { const q = this.coinsAt(j, x); coins += q; usd += q * x; }
      const next = p * Math.exp(-saleImpact(this.ctx.model, k, usd, p));
      const done = Math.abs(next - x) <= 1e-12 * x;
      x = next;
      if (done) break;
    }
    const out = { x, coins };
    this.cache.set(key, out);
    return out;
  }

  solve(i: number, tr: TriggerInstance, iso: TriggerResult, options: SolveOptions): SpiralResult {
    const p0 = this.ctx.price0(i);
    const s = solveTrigger((p) => tr.fires(this.ctx.at(i, this.seen(i, p).x)), p0, options);
    const at = s.status === 'solved' ? this.seen(i, s.triggerCoinPrice!) : null;
    const closer = s.distancePct !== null && iso.distancePct !== null ? iso.distancePct - s.distancePct : null;
    return { status: s.status, triggerCoinPrice: s.triggerCoinPrice, distancePct: s.distancePct, closerPct: closer, othersCoinsSold: at?.coins ?? 0, priceAfterOthers: at?.x ?? null };
  }
}
