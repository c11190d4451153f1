/**
 * The stress grid: coin drawdown x ending mNAV for one company, as static
 * "what if BTC falls X% and the stock trades at Y x NAV" calculators do, but
 * with the spiral switched on. For each cell:
 *
 * - the company's coin follows a scripted path from its starting price down
 *   by the drawdown over `declineDays`, then stays flat to the horizon; other
 *   coins stay flat (no drift, no noise: deterministic mode);
 * - the company's premium is frozen (kappa, drawdown sensitivity, noise and
 *   index loading at 0) at the level that makes its basic mNAV land on the
 *   target on the last day of the decline (found by a few fixed-point
 *   iterations on the starting stock price); its own actions still move it;
 * - every company of the scenario runs its policies and obligations, and
 *   their sales move the coin (impact, liquidations, ETF chase), so the coin
 *   ends lower than the scripted drawdown: the extra is what the treasuries
 *   did to themselves, measured against the counterfactual with the same path.
 *
 * Reported per cell: the stock at the end of the decline and whether it is
 * under the exchange's minimum, the listing state by the horizon, covenant
 * breaches (margin calls, lender liquidations), insolvency, coins sold and the
 * self-inflicted extra drawdown.
 */
import { dateToOrdinal, ordinalToDate, LISTING_STATE_NAMES, NonFiniteError, type ResolvedScenario } from '../../sim/index.ts';
import { cloneScenario, failureText, prepare, runPath, RunView } from './run.ts';

export interface StressOptions {
  company: string;
  /** Coin drawdowns from the starting price, each in [0, 1). */
  drawdowns: number[];
  /** Basic mNAV targets at the end of the decline, each > 0. */
  mnavs: number[];
  /** Days the decline takes (default 90). */
  declineDays?: number;
  /** Horizon (default: the scenario's). */
  days?: number;
}

export interface StressCell {
  drawdown: number;
  targetMnav: number;
  /** Day the target is applied: the end of the decline, or the last earlier day the company held coins. */
  mnavDay: number;
  /** Basic mNAV reached that day: the target to within ~1%, unless the company's own trades make it unreachable. */
  mnav: number | null;
  /** Basic mNAV on the last day of the decline (null once the company holds no coins). */
  mnavAtDeclineEnd: number | null;
  mnavAtStart: number | null;
  stockPriceAtDeclineEnd: number;
  minPrice: number;
  belowMinPriceAtDeclineEnd: boolean;
  /** Listing state at the horizon. */
  listingState: string;
  noticeDay: number | null;
  delistedDay: number | null;
  covenantBreach: boolean;
  firstCovenantBreachDay: number | null;
  insolvent: boolean;
  insolventDay: number | null;
  coinsSold: number;
  /** 1 - P / P(companies off), same path: at the end of the decline and at the horizon. */
  selfInflictedDrawdownAtDeclineEnd: number;
  selfInflictedDrawdown: number;
  /** The coin's fall from its start at the end of the decline, spiral included. */
  coinDrawdownAtDeclineEnd: number;
}

/**
 * A cell whose run stopped: a run of the search for the starting stock price that puts the company
 * at the target leaves what the model can carry (on wargame-ten at an 80% fall, the ten companies'
 * flows take BTC to 0 or to Infinity). Nothing else of the cell is known.
 */
export interface StoppedStressCell {
  drawdown: number;
  targetMnav: number;
  /** Which figure became what, on which day (src/analysis/run.ts failureText). */
  failure: string;
}

/** A cell of the grid: its figures, or why its run stopped. */
export type StressGridCell = StressCell | StoppedStressCell;

export interface StressResult {
  scenario: string;
  company: string;
  coin: string;
  startPrice: number;
  declineDays: number;
  days: number;
  exchange: string;
  cells: StressGridCell[];
}

export class StressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StressError';
  }
}

/** The scenario of one stress cell: scripted coin paths, the company's premium frozen (exported for tests). */
export function stressedScenario(base: ResolvedScenario, ticker: string, drawdown: number, declineDays: number, days: number): ResolvedScenario {
  const s = cloneScenario(base);
  const c = s.companies.find((x) => x.ticker === ticker)!;
  const startOrd = dateToOrdinal(s.startDate);
  for (const m of s.markets) {
    const p0 = m.price0;
    const end = m.coin === c.coin ? p0 * (1 - drawdown) : p0;
    m.scriptedPath = [
      { date: ordinalToDate(startOrd - 1), price: p0 },
      ...(m.coin === c.coin ? [{ date: ordinalToDate(startOrd + declineDays - 1), price: end }] : []),
      { date: ordinalToDate(startOrd + Math.max(days, declineDays) + 1), price: end },
    ];
  }
  c.premium.kappa = 0;
  c.premium.drawdownSensitivity = 0;
  c.premium.premiumVol = 0;
  c.premium.indexBeta = 0;
  return s;
}

/** The grid's options checked against the scenario (StressError naming what is wrong): the company, the decline and the horizon. */
export function checkStress(base: ResolvedScenario, o: StressOptions): { company: ResolvedScenario['companies'][number]; declineDays: number; days: number } {
  const company = base.companies.find((x) => x.ticker === o.company);
  if (!company) throw new StressError(`unknown company "${o.company}"; this scenario has ${base.companies.map((c) => c.ticker).join(', ') || 'none'}`);
  for (const d of o.drawdowns) if (!(d >= 0 && d < 1)) throw new StressError(`drawdowns must be fractions in [0, 1), got ${d}`);
  for (const m of o.mnavs) if (!(m > 0)) throw new StressError(`mNAV targets must be > 0, got ${m}`);
  const declineDays = o.declineDays ?? 90;
  const days = o.days ?? base.horizonDays;
  if (!(Number.isInteger(declineDays) && declineDays >= 1)) throw new StressError(`declineDays must be a whole number >= 1, got ${declineDays}`);
  if (declineDays > days) throw new StressError(`the decline (${declineDays} days) must fit in the horizon (${days} days)`);
  return { company, declineDays, days };
}

/** One run of a cell at a starting stock price: its view and log(mNAV reached / target) (NaN when there is none). */
interface Trial {
  view: RunView;
  err: number;
}

/**
 * The starting stock price that lands the company's basic mNAV on the target: a fixed point on
 * the price (mNAV scales with it when nothing else reacts), then bisection when the company's own
 * trades (buybacks lift the stock) make it overshoot; the trial closest to the target. A trial's
 * error (a run that stops) propagates.
 */
function landOnTarget(at: (stockPrice0: number) => Trial, price0: number): Trial {
  let x = Math.log(price0);
  let best = at(price0);
  for (let it = 0; it < 6 && Number.isFinite(best.err) && Math.abs(best.err) > 1e-5; it++) {
    const next = at(Math.exp(x - best.err));
    if (!Number.isFinite(next.err)) break;
    x -= best.err;
    if (Math.abs(next.err) >= Math.abs(best.err)) { best = next; break; }
    best = next;
  }
  if (Number.isFinite(best.err) && Math.abs(best.err) > 1e-5) {
    let lo = x - 0.5, hi = x + 0.5;
    let flo = at(Math.exp(lo)).err, fhi = at(Math.exp(hi)).err;
    for (let k = 0; k < 12 && flo > 0; k++) { lo -= 1; flo = at(Math.exp(lo)).err; }
    for (let k = 0; k < 12 && fhi < 0; k++) { hi += 1; fhi = at(Math.exp(hi)).err; }
    if (flo <= 0 && fhi >= 0) {
      for (let k = 0; k < 50 && hi - lo > 1e-7; k++) {
        const mid = (lo + hi) / 2;
        const r = at(Math.exp(mid));
        if (Math.abs(r.err) < Math.abs(best.err)) best = r;
        if (!(r.err < 0)) hi = mid; else lo = mid;
        if (Math.abs(r.err) <= 1e-5) break;
      }
    }
  }
  return best;
}

export function stressGrid(base: ResolvedScenario, o: StressOptions): StressResult {
  const { company, declineDays, days } = checkStress(base, o);
  const market = base.markets.find((m) => m.coin === company.coin)!;
  const rules = base.listingRules[company.exchange];
  const dEnd = declineDays - 1;
  const cells: StressGridCell[] = [];
  for (const drawdown of o.drawdowns) {
    for (const target of o.mnavs) {
      const s0 = stressedScenario(base, o.company, drawdown, declineDays, days);
      /** The end of the decline, or the last day before it on which the company still held coins. */
      const measureDay = (v: RunView): number => {
        const m = v.company(o.company).mnav;
        for (let d = dEnd; d > 0; d--) if (Number.isFinite(m[d]) && m[d] > 0) return d;
        return 0;
      };
      const price0 = s0.companies.find((x) => x.ticker === o.company)!.stockPrice0;
      const at = (stockPrice0: number): Trial => {
        const s = cloneScenario(s0);
        s.companies.find((x) => x.ticker === o.company)!.stockPrice0 = stockPrice0;
        const model = prepare(s, { days, deterministic: true });
        const v = new RunView(model, runPath(model, { record: 'full' }));
        const got = v.company(o.company).mnav[measureDay(v)];
        return { view: v, err: Number.isFinite(got) && got > 0 ? Math.log(got / target) : NaN };
      };
      // A trial whose run stops (NonFiniteError: the starting price that puts the company at the target,
      // or one on the way there, drives the coin into a runaway) stops the cell: it has no figures.
      let best: Trial;
      try {
        best = landOnTarget(at, price0);
      } catch (e) {
        if (!(e instanceof NonFiniteError)) throw e;
        cells.push({ drawdown, targetMnav: target, failure: failureText(e) });
        continue;
      }
      const view = best.view;
      const model = view.model;
      // The counterfactual is read for its market totals only: run it markets-only (the companies' own
      // steps skipped; the markets are bit-identical, as in simulate() and the sensitivity analysis).
      const cf = new RunView(model, runPath(model, { record: 'full', companyTrading: false, marketsOnly: true }));
      const cs = view.company(o.company);
      const price = view.market(company.coin).price, cfPrice = cf.market(company.coin).price;
      const covenant = view.events(o.company).filter((e) => e.kind === 'marginCall' || e.kind === 'collateralLiquidation');
      const firstDay = (kind: string) => view.events(o.company, kind)[0]?.day ?? null;
      const fin = (v: number) => (Number.isFinite(v) ? v : null);
      const last = days - 1;
      cells.push({
        drawdown,
        targetMnav: target,
        mnavDay: measureDay(view),
        mnav: fin(cs.mnav[measureDay(view)]),
        mnavAtDeclineEnd: fin(cs.mnav[dEnd]),
        mnavAtStart: fin(cs.mnav[0]),
        stockPriceAtDeclineEnd: cs.stockPrice[dEnd],
        minPrice: rules.minPrice,
        belowMinPriceAtDeclineEnd: cs.stockPrice[dEnd] < rules.minPrice,
        listingState: LISTING_STATE_NAMES[cs.listingState[last]],
        noticeDay: firstDay('notice'),
        delistedDay: firstDay('delisted'),
        covenantBreach: covenant.length > 0,
        firstCovenantBreachDay: covenant[0]?.day ?? null,
        insolvent: view.events(o.company, 'insolvent').length > 0,
        insolventDay: firstDay('insolvent'),
        coinsSold: cs.coinsSold[last],
        selfInflictedDrawdownAtDeclineEnd: 1 - price[dEnd] / cfPrice[dEnd],
        selfInflictedDrawdown: 1 - price[last] / cfPrice[last],
        coinDrawdownAtDeclineEnd: 1 - price[dEnd] / market.price0,
      });
    }
  }
  return { scenario: base.id, company: o.company, coin: company.coin, startPrice: market.price0, declineDays, days, exchange: company.exchange, cells };
}

/**
 * Cell `u` of the grid (drawdown-major: drawdown floor(u / mnavs), mNAV u mod mnavs) as a one-cell
 * grid: one unit of the work, as the app's analysis workers and `dat-sim stress --workers` threads
 * run it; src/analysis/units.ts stressFromCells assembles the cells into stressGrid's result.
 */
export function stressCell(base: ResolvedScenario, o: StressOptions, u: number): StressResult {
  const m = o.mnavs.length;
  if (!(Number.isInteger(u) && u >= 0 && u < o.drawdowns.length * m)) throw new StressError(`stress cell ${u} is not one of the grid's ${o.drawdowns.length * m}`);
  return stressGrid(base, { ...o, drawdowns: [o.drawdowns[Math.floor(u / m)]], mnavs: [o.mnavs[u % m]] });
}
