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
import { dateToOrdinal, ordinalToDate, LISTING_STATE_NAMES, type ResolvedScenario } from '../../sim/index.ts';
import { cloneScenario, prepare, runPath, RunView } from './run.ts';

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

export interface StressResult {
  scenario: string;
  company: string;
  coin: string;
  startPrice: number;
  declineDays: number;
  days: number;
  exchange: string;
  cells: StressCell[];
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

export function stressGrid(base: ResolvedScenario, o: StressOptions): StressResult {
  const company = base.companies.find((x) => x.ticker === o.company);
  if (!company) throw new StressError(`unknown company "${o.company}"; this scenario has ${base.companies.map((c) => c.ticker).join(', ') || 'none'}`);
  for (const d of o.drawdowns) if (!(d >= 0 && d < 1)) throw new StressError(`drawdowns must be fractions in [0, 1), got ${d}`);
  for (const m of o.mnavs) if (!(m > 0)) throw new StressError(`mNAV targets must be > 0, got ${m}`);
  const declineDays = o.declineDays ?? 90;
  const days = o.days ?? base.horizonDays;
  if (!(Number.isInteger(declineDays) && declineDays >= 1)) throw new StressError(`declineDays must be a whole number >= 1, got ${declineDays}`);
  if (declineDays > days) throw new StressError(`the decline (${declineDays} days) must fit in the horizon (${days} days)`);
  const market = base.markets.find((m) => m.coin === company.coin)!;
  const rules = base.listingRules[company.exchange];
  const dEnd = declineDays - 1;
  const cells: StressCell[] = [];
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
      const at = (stockPrice0: number): { view: RunView; err: number } => {
        const s = cloneScenario(s0);
        s.companies.find((x) => x.ticker === o.company)!.stockPrice0 = stockPrice0;
        const model = prepare(s, { days, deterministic: true });
        const v = new RunView(model, runPath(model, { record: 'full' }));
        const got = v.company(o.company).mnav[measureDay(v)];
        return { view: v, err: Number.isFinite(got) && got > 0 ? Math.log(got / target) : NaN };
      };
      // Fixed point on the starting price (mNAV scales with it when nothing else reacts) ...
      let x = Math.log(price0);
      let best = at(price0);
      for (let it = 0; it < 6 && Number.isFinite(best.err) && Math.abs(best.err) > 1e-5; it++) {
        const next = at(Math.exp(x - best.err));
        if (!Number.isFinite(next.err)) break;
        x -= best.err;
        if (Math.abs(next.err) >= Math.abs(best.err)) { best = next; break; }
        best = next;
      }
      // ... then bisection when the company's own trades (buybacks lift the stock) make it overshoot.
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
