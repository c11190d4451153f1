/**
 * Step 10, recording (docs/model.md §8; outputs §9): milestones in every mode, events and
 * daily series in full mode, and the check that refuses a day whose state is
 * not a finite number.
 */

import { K_PREFERRED } from './codes.ts';
import { NonFiniteError, type Model } from './model.ts';
import { value } from './valuation.ts';
import { DMath } from './math.ts';
import { debtUsd, evMnav, ltv, mnav, navPerShare, seniorUsd } from './derived.ts';
import { ListingState } from './listing-state.ts';
import type { PathRun } from './engine.ts';
import type { EventSink, SimEvent } from './events.ts';
import type { CapitalSeries } from './capital.ts';

/** First days of events per company, kept in every record mode (for ensemble summaries). */
export interface CompanyMilestones {
  noticeDay: number;
  determinationDay: number;
  delistedDay: number;
  insolventDay: number;
  firstSaleDay: number;
  firstForcedSaleDay: number;
  reverseSplitDay: number;
  /** First second period (Nasdaq second 180 days or GM -> CM transfer; NYSE annual-meeting extension). */
  secondPeriodDay: number;
  /** First determination whose suspension a hearing request stays (sim/listing.ts). */
  hearingStayDay: number;
}

export const NO_DAY = -1;

export class Recorder implements EventSink {
  events: SimEvent[] = [];
  constructor(readonly keepEvents: boolean, readonly milestones: CompanyMilestones[], readonly tickerIndex: Map<string, number>) {}
  push(e: SimEvent): void {
    if (this.keepEvents) this.events.push(e);
    const i = this.tickerIndex.get(e.company);
    if (i !== undefined) this.milestone(i, e.kind, e.day, e.forced === true, e.hearingStay === true);
  }
  /**
   * `push` of company i's event with its figures (emit): the same event and milestones,
   * without the ticker look-up, and without making the event object when events are not kept.
   */
  pushCompany(i: number, day: number, date: string, company: string, kind: SimEvent['kind'], figures: Record<string, string | number | boolean>): void {
    if (this.keepEvents) {
      // Object.assign onto the literal: the keys and values of { day, date, company, kind, ...figures }, in that order.
      this.events.push(Object.assign({ day, date, company, kind }, figures) as SimEvent);
    }
    this.milestone(i, kind, day, figures.forced === true, figures.hearingStay === true);
  }
  /** A company event built whole by its caller (pushEvent): kept, and its milestones. */
  pushCompanyEvent(i: number, e: SimEvent): void {
    if (this.keepEvents) this.events.push(e);
    this.milestone(i, e.kind, e.day, e.forced === true, e.hearingStay === true);
  }
  private milestone(i: number, kind: SimEvent['kind'], day: number, forced: boolean, hearingStay: boolean): void {
    this.mark(i, kind, day, forced);
    if (kind === 'determination' && hearingStay && this.milestones[i].hearingStayDay === NO_DAY) this.milestones[i].hearingStayDay = day;
  }
  /** Milestones without an event object (summary mode's frequent events). */
  mark(i: number, kind: SimEvent['kind'], day: number, forced: boolean): void {
    const m = this.milestones[i];
    switch (kind) {
      case 'notice': if (m.noticeDay === NO_DAY) m.noticeDay = day; break;
      case 'determination': if (m.determinationDay === NO_DAY) m.determinationDay = day; break;
      case 'delisted': if (m.delistedDay === NO_DAY) m.delistedDay = day; break;
      case 'insolvent': if (m.insolventDay === NO_DAY) m.insolventDay = day; break;
      case 'reverseSplit': if (m.reverseSplitDay === NO_DAY) m.reverseSplitDay = day; break;
      case 'secondPeriod': if (m.secondPeriodDay === NO_DAY) m.secondPeriodDay = day; break;
      case 'coinSale':
        if (m.firstSaleDay === NO_DAY) m.firstSaleDay = day;
        if (forced && m.firstForcedSaleDay === NO_DAY) m.firstForcedSaleDay = day;
        break;
    }
  }
}

/** Daily series of one market (full record mode). */
export interface MarketSeries {
  coin: string;
  price: Float64Array;
  preTradePrice: Float64Array;
  fundamental: Float64Array;
  transientImpact: Float64Array;
  executionPrice: Float64Array;
  drawdown: Float64Array;
  companyFlowUsd: Float64Array;
  scheduledFlowUsd: Float64Array;
  etfFlowUsd: Float64Array;
  liquidationsUsd: Float64Array;
  openInterestUsd: Float64Array;
  /** Short liquidations (forced buys, USD) and short open interest after the day (docs/model.md §12). */
  shortLiquidationsUsd: Float64Array;
  shortOpenInterestUsd: Float64Array;
}

/** Daily series of one company (full record mode). */
export interface CompanySeries {
  ticker: string;
  stockPrice: Float64Array;
  mnav: Float64Array;
  evMnav: Float64Array;
  navPerShare: Float64Array;
  bookNavPerShare: Float64Array;
  coins: Float64Array;
  cashUsd: Float64Array;
  debtUsd: Float64Array;
  shares: Float64Array;
  ltv: Float64Array;
  /** Highest principal / (pledged coins x P) over collateralized instruments (0 = none): what covenants test. */
  collateralLtv: Float64Array;
  /** Average cost per coin (moves with purchases). */
  costBasis: Float64Array;
  listingState: Int8Array;
  unrealizedPnlUsd: Float64Array;
  realizedPnlUsd: Float64Array;
  coinsSold: Float64Array;
  logPremium: Float64Array;
  /** Only for companies with capital settings (atm, preferredProgram, reserve, buybackCashFraction). */
  capital?: CapitalSeries;
}

/**
 * What a PathRun keeps: `full` the daily series and every event (simulate(), the teaching view);
 * `events` every event but no series (the risk odds and the backtest, which read the closes they
 * need on the day: `readCloses`, `bookNavPerShare`);
 * `summary` neither, only the milestones and end-of-run figures (ensembles). The path's numbers
 * are the same in every mode (test/determinism.test.ts, test/risk-odds.test.ts).
 */
export type RecordMode = 'full' | 'events' | 'summary';

/**
 * Refuse a day whose state could not be printed as a number: a coin price
 * that is not finite and positive, a stock price, holding, cash or share
 * count that is not finite (or negative where it cannot be). Stops the run
 * with a ModelError naming the day, the market or company and the series,
 * instead of carrying NaN or Infinity into the output (issue: bounded inputs).
 */
export function checkFinite(run: PathRun): void {
  const model = run.model, t = run.t;
  for (let k = 0; k < run.mk.length; k++) {
    const err = marketFiniteError(model, t, k, run.mk[k].P);
    if (err) throw err;
  }
  for (let i = 0; i < run.co.length; i++) {
    const c = run.co[i];
    if (companyFinite(c.S, c.H, c.N, c.cash)) continue; // small enough to inline: the error is built out of line
    const err = companyFiniteError(model, t, i, c.S, c.H, c.N, c.cash);
    if (err) throw err;
  }
}

/** checkFinite's test of a company's stock price, coins, shares and cash. */
export function companyFinite(S: number, H: number, N: number, cash: number): boolean {
  return S >= 0 && S < Infinity && H >= 0 && H < Infinity && N > 0 && N < Infinity && Number.isFinite(cash);
}

/** checkFinite's test of market k's close on day t: its error, or null (also the lockstep counterfactual's). */
export function marketFiniteError(model: Model, t: number, k: number, P: number): NonFiniteError | null {
  return P > 0 && P < Infinity ? null : finiteError(model, t, `markets.${model.markets[k].params.coin}.price`, P, 'a finite positive price');
}

/**
 * A markets-only counterfactual's company tests (PathRun's checkFinite, day t): its companies keep
 * their day -1 figures, so only the first day can find one (the first error, or null).
 */
export function counterfactualCompaniesError(model: Model, t: number): NonFiniteError | null {
  for (let i = 0; i < model.companies.length; i++) {
    const c = model.companies[i].params, err = companyFiniteError(model, t, i, c.stockPrice0, c.coins, c.sharesOutstanding, c.cashUsd);
    if (err) return err;
  }
  return null;
}

/** checkFinite's tests of company i's stock price, coins, shares and cash on day t: the first error, or null. */
export function companyFiniteError(model: Model, t: number, i: number, S: number, H: number, N: number, cash: number): NonFiniteError | null {
  if (companyFinite(S, H, N, cash)) return null;
  const ticker = model.companies[i].params.ticker;
  if (!(S >= 0 && S < Infinity)) return finiteError(model, t, `companies.${ticker}.stockPrice`, S, 'a finite price >= 0');
  if (!(H >= 0 && H < Infinity)) return finiteError(model, t, `companies.${ticker}.coins`, H, 'a finite holding >= 0');
  if (!(N > 0 && N < Infinity)) return finiteError(model, t, `companies.${ticker}.shares`, N, 'a finite share count > 0');
  return finiteError(model, t, `companies.${ticker}.cashUsd`, cash, 'finite cash');
}

/** The error of checkFinite for day t (also raised by the lockstep counterfactual, sim/lockstep-markets.ts). */
export function finiteError(model: Model, t: number, series: string, value: number, expected: string): NonFiniteError {
  return new NonFiniteError(series, t, model.calendar.dates[t], value, expected);
}

export function emit(run: PathRun, i: number, kind: SimEvent['kind'], figures: Record<string, string | number | boolean>): void {
  const t = run.t;
  run.recorder.pushCompany(i, t, run.model.calendar.dates[t], run.model.companies[i].params.ticker, kind, figures);
}

/**
 * Company i's event built by its caller as one object literal, keys in emit's order (day, date,
 * company, kind, then the figures: the order JSON prints them): the same event as emit without
 * merging two objects, about 4x faster (150 -> 35 ns). For the frequent events (coin trades,
 * issuance, buybacks, repayments, reserve funding), in full record mode.
 */
export function pushEvent(run: PathRun, i: number, e: SimEvent): void {
  run.recorder.pushCompanyEvent(i, e);
}

export function record(run: PathRun): void {
  const t = run.t;
  for (let k = 0; k < run.mk.length; k++) {
    const m = run.mk[k], s = run.marketSeries[k];
    s.price[t] = m.P; s.preTradePrice[t] = m.pPre; s.fundamental[t] = DMath.exp(m.f); s.transientImpact[t] = m.T;
    s.executionPrice[t] = m.pExec; s.drawdown[t] = Math.max(0, 1 - m.P / m.peak);
    s.companyFlowUsd[t] = run.trading ? m.qCompanies : 0; s.scheduledFlowUsd[t] = m.qScheduled; s.etfFlowUsd[t] = m.g;
    s.liquidationsUsd[t] = m.liquidations; s.openInterestUsd[t] = m.oi;
    s.shortLiquidationsUsd[t] = m.shortLiquidations; s.shortOpenInterestUsd[t] = m.soi;
  }
  for (let i = 0; i < run.companySeries.length; i++) {
    const c = run.co[i], s = run.companySeries[i], pc = run.model.companies[i];
    const P = run.mk[pc.market].P;
    const debt = debtUsd(c.principal, pc.isPreferred), senior = seniorUsd(c.principal);
    // The derived figures come from sim/derived.ts, the one definition src/ and web/ use too.
    s.stockPrice[t] = c.S;
    s.mnav[t] = mnav(c.S, c.N, c.H, P);
    s.evMnav[t] = evMnav(c.S, c.N, senior, c.cash, c.H, P);
    // Equity NAV per share at the closing coin price.
    value(run, i, P);
    s.navPerShare[t] = navPerShare(c.E, c.N);
    s.bookNavPerShare[t] = (c.A - c.D) / c.N;
    s.coins[t] = c.H; s.cashUsd[t] = c.cash; s.debtUsd[t] = debt; s.shares[t] = c.N;
    s.ltv[t] = ltv(debt, c.H, P);
    let cltv = 0;
    for (let j = 0; j < pc.instruments.length; j++) {
      if (c.pledge[j] > 0 && c.principal[j] > 0) {
        const l = c.principal[j] / (c.pledge[j] * P);
        if (l > cltv) cltv = l;
      }
    }
    s.collateralLtv[t] = cltv;
    s.costBasis[t] = c.K;
    s.listingState[t] = c.insolvent ? ListingState.delisted : c.listing.state;
    s.unrealizedPnlUsd[t] = c.H * (P - c.K); s.realizedPnlUsd[t] = c.realized; s.coinsSold[t] = c.coinsSold; s.logPremium[t] = c.pi;
    const cs = s.capital;
    if (cs) {
      let pref = 0;
      for (let j = 0; j < pc.instruments.length; j++) if (pc.instruments[j].kind === K_PREFERRED) pref += c.principal[j];
      cs.reserveUsd[t] = c.cap.reserve; cs.preferredUsd[t] = pref; cs.sharesIssued[t] = c.cap.sharesIssued;
      cs.atmProceedsUsd[t] = c.cap.atmProceedsUsd; cs.atmShelfLeftUsd[t] = c.cap.atmShelfLeft; cs.preferredProceedsUsd[t] = c.cap.prefProceedsUsd;
    }
  }
}
