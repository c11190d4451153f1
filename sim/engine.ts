/**
 * The simulation engine's driver: one path, one day at a time, in the order
 * of docs/model.md §8 (steps 1-10). The steps live in one file per section of
 * the model (the map is at the top of docs/model.md):
 *
 *   sim/model.ts        prepareModel: a scenario resolved once into numbers and typed arrays
 *   sim/state.ts        a path's market and company state
 *   sim/market.ts       steps 1-2 and 7: shocks, pre-trade price, flows, cascade, impact, close (§4)
 *   sim/valuation.ts    Merton valuation (§5.2)
 *   sim/premium.ts      step 4 and issuance: premium law and stock price (§5.3)
 *   sim/obligations.ts  step 5: costs, maturities, covenants, funding (§5.4)
 *   sim/policies.ts     step 6: policies and user rules (§7); sim/capital-day.ts, sim/capital.ts,
 *                       sim/actions.ts: capital actions, holder terms, dated actions (§12)
 *   sim/settle.ts       step 8: trades at the execution price, repayments, buybacks, splits
 *   sim/listing.ts      step 9: exchange listing rules (§6)
 *   sim/record.ts       step 10: milestones, events, series (§9)
 *
 * Shape (after d3-force): `prepareModel` resolves a scenario once; `PathRun`
 * holds one path's state and steps it a day at a time with `step()`; drivers
 * (simulate, the batch runner, the web worker, the teaching view) own the
 * loop. The per-day code does arithmetic only: no allocation (except the rare
 * event objects), no string lookups, no mathjs (user rules are closures
 * compiled once in `prepareModel`).
 *
 * Sign conventions: Q > 0 is net USD sold into a coin market; an impact I > 0
 * is a log-price move DOWN.
 */
import type { SimEvent } from './events.ts';
import { ListingClock } from './listing.ts';
import { ListingState } from './listing-state.ts';
import { capitalSeries } from './capital.ts';
import { ActionState, deferSplit, dueSplit, runDatedActions, type ActionEmit } from './actions.ts';
import { dateToOrdinal } from './calendar.ts';
import { R_ACTION, RULE_VARIABLE_ORDER } from './codes.ts';
import type { Model } from './model.ts';
import { CompanyState, type MarketState } from './state.ts';
import { AleaStreams } from './alea.ts';
import { NO_DAY, Recorder, checkFinite, emit, record, type CompanyMilestones, type CompanySeries, type MarketSeries, type RecordMode } from './record.ts';
import { clear, companyFlows, initialMarkets, preTrade } from './market.ts';
import { value } from './valuation.ts';
import { closingStock, issue, premiumAndStock } from './premium.ts';
import { obligations } from './obligations.ts';
import { policies } from './policies.ts';
import { issuePreferred, refillReserve } from './capital-day.ts';
import { settle } from './settle.ts';
import { bookNavPerShare, debtUsd, seniorUsd } from './derived.ts';

// The engine's public names, from the files that now hold them (imported from sim/engine.ts by src/, web/ and tests).
export { prepareModel, scriptLevel, ModelError, NonFiniteError, MAX_HORIZON_DAYS, describeValue, assertResolvedScenario, type Model, type ModelOptions, type RuleCompiler, type CompiledRuleExpr } from './model.ts';
export { SALE_REASONS, RULE_VARIABLE_ORDER } from './codes.ts';
export { mertonEquity } from './valuation.ts';
export { sqrtImpact, linearImpact, liquidated } from './market.ts';
export { premiumTarget } from './premium.ts';
export type { CompanyMilestones, MarketSeries, CompanySeries, RecordMode } from './record.ts';

/** One market's figures for the day just stepped (teaching view, loop gain). */
export interface MarketDay {
  preTradePrice: number;
  close: number;
  /** Log impact of the day's total flow (positive = down). */
  impact: number;
  executionPrice: number;
  /** Permanent log move from sale announcements. */
  signal: number;
  companyFlowUsd: number;
  scheduledFlowUsd: number;
  /** ETF net inflow g (positive = buying). */
  etfFlowUsd: number;
  liquidationsUsd: number;
  /** Net USD sold: companies + scheduled - ETF inflow + liquidations. */
  totalFlowUsd: number;
  /** Evaluations of the liquidation law by the cascade solver (docs/model.md §4.4). */
  cascadeIterations: number;
  drawdown: number;
  /** The day's close-to-close drop x that set the liquidations. */
  drop: number;
  openInterestBeforeUsd: number;
  openInterestUsd: number;
  effectiveVolumeUsd: number;
  /** Short liquidations (forced buys, USD); included in totalFlowUsd with a minus sign. */
  shortLiquidationsUsd: number;
  /** The day's close-to-close rise x that set the short liquidations. */
  rise: number;
  shortOpenInterestBeforeUsd: number;
  shortOpenInterestUsd: number;
}

/**
 * A driver's per-day view of a stepping run's closes (ensemble bands): typed
 * arrays allocated once per model (`dayCloses`) and filled by
 * `PathRun.readCloses` after each step, without allocating.
 */
export interface DayCloses {
  /** Closing coin price P, per market. */
  coinClose: Float64Array;
  /** Closing stock price S, per company. */
  stockPrice: Float64Array;
  /** Shares outstanding N, per company. */
  shares: Float64Array;
  /** Coins held H, per company. */
  coins: Float64Array;
}

/** A DayCloses sized for `model` (allocate once, outside the per-day loop). */
export function dayCloses(model: Model): DayCloses {
  const nM = model.markets.length, nC = model.companies.length;
  return { coinClose: new Float64Array(nM), stockPrice: new Float64Array(nC), shares: new Float64Array(nC), coins: new Float64Array(nC) };
}

export interface RunOptions {
  /** false = the counterfactual: companies neither trade coins nor stock (docs/model.md §9). */
  companyTrading?: boolean;
  record?: RecordMode;
  /**
   * With companyTrading false: skip the companies' steps 4, 8 and 9 (valuation,
   * premium, listing), and in full mode their series (companySeries is empty).
   * Companies that do not trade cannot move the markets, and the day's draws are
   * taken all the same, so the market path is bit-identical; only the companies'
   * figures are left unset. For counterfactuals: ensembles and simulate().
   */
  marketsOnly?: boolean;
}

/**
 * One path: its state, its random stream, its events (full and events records) and (full record) its series.
 * Step it with `step()` until `done`; or call `run()`. The step modules read
 * and write its fields (mk, co, draws, raw, corr, vars, actEmit, recorder).
 */
export class PathRun {
  readonly model: Model;
  readonly trading: boolean;
  /** Full record: the daily series (and the events). */
  readonly full: boolean;
  /** The events are kept as objects (full and events records). */
  readonly keepEvents: boolean;
  readonly marketsOnly: boolean;
  t = 0;
  /** The path's random stream (docs/model.md §3). */
  readonly alea: AleaStreams;
  readonly draws: Float64Array;
  /** Step 2 scratch: independent and correlated normals over (coins..., INDEX). */
  readonly raw: Float64Array;
  readonly corr: Float64Array;
  readonly mk: MarketState[];
  readonly co: CompanyState[];
  readonly milestones: CompanyMilestones[];
  readonly recorder: Recorder;
  readonly marketSeries: MarketSeries[] = [];
  readonly companySeries: CompanySeries[] = [];
  /** Rule variable vector, reused every day. */
  readonly vars = new Float64Array(RULE_VARIABLE_ORDER.length);
  /** Index return of the current day. */
  rIndex = 0;
  /** Per company: event sink of sim/actions.ts (bound once, no closure per day). */
  readonly actEmit: ActionEmit[];

  constructor(model: Model, seed: string, pathIndex: number, options: RunOptions = {}) {
    this.model = model;
    this.trading = options.companyTrading !== false;
    const mode = options.record ?? 'full';
    this.full = mode === 'full';
    this.keepEvents = mode !== 'summary';
    this.marketsOnly = !this.trading && options.marketsOnly === true;
    // docs/model.md §3: path i of seed s uses alea seeded with "<s>:<i>".
    this.alea = new AleaStreams(seed, pathIndex, 1);
    this.draws = new Float64Array(model.drawsPerDay);
    this.raw = new Float64Array(model.nAssets);
    this.corr = new Float64Array(model.nAssets);
    const tickerIndex = new Map(model.companies.map((c, i) => [c.params.ticker, i]));
    this.milestones = model.companies.map(() => ({ noticeDay: NO_DAY, determinationDay: NO_DAY, delistedDay: NO_DAY, insolventDay: NO_DAY, firstSaleDay: NO_DAY, firstForcedSaleDay: NO_DAY, reverseSplitDay: NO_DAY, secondPeriodDay: NO_DAY, hearingStayDay: NO_DAY }));
    this.recorder = new Recorder(this.keepEvents, this.milestones, tickerIndex);
    this.mk = initialMarkets(model);
    this.co = model.companies.map((c) => {
      const p = c.params;
      const s = new CompanyState(c.instruments.length, new ListingClock(c.rules, model.calendar, this.recorder, p.ticker, p.listing));
      s.H = p.coins; s.K = p.costBasisUsd; s.cash = p.cashUsd; s.N = p.sharesOutstanding; s.pi = c.pi0; s.S = p.stockPrice0;
      s.buybackLeft = p.buybackAuthorizationUsd;
      s.cap.init(p);
      c.instruments.forEach((ins, i) => { s.principal[i] = ins.principal0; s.pledge[i] = ins.collateral0; s.convPrice[i] = ins.conversionPrice0; });
      for (const r of p.priorReverseSplits) s.listing.recordReverseSplit(dateToOrdinal(r.date) - model.calendar.startOrdinal, r.ratio);
      s.act = new ActionState(Int32Array.from(c.instruments, (x) => x.endDay), Float64Array.from(c.instruments, (x) => x.maturityOrd), c.actions);
      if (p.listing && (p.listing.closesBeforeStart?.length || p.listing.noticeDate)) s.listing.startMidStory(p.listing.closesBeforeStart ?? [], p.listing.noticeDate);
      return s;
    });
    this.actEmit = model.companies.map((_, i) => (kind, figures) => emit(this, i, kind, figures));
    if (this.full) {
      const n = model.days;
      const f = () => new Float64Array(n);
      for (const m of model.markets) {
        this.marketSeries.push({ coin: m.params.coin, price: f(), preTradePrice: f(), fundamental: f(), transientImpact: f(), executionPrice: f(), drawdown: f(), companyFlowUsd: f(), scheduledFlowUsd: f(), etfFlowUsd: f(), liquidationsUsd: f(), openInterestUsd: f(), shortLiquidationsUsd: f(), shortOpenInterestUsd: f() });
      }
      for (const c of this.marketsOnly ? [] : model.companies) {
        this.companySeries.push({ ticker: c.params.ticker, stockPrice: f(), mnav: f(), evMnav: f(), navPerShare: f(), bookNavPerShare: f(), coins: f(), cashUsd: f(), debtUsd: f(), shares: f(), ltv: f(), collateralLtv: f(), costBasis: f(), listingState: new Int8Array(n), unrealizedPnlUsd: f(), realizedPnlUsd: f(), coinsSold: f(), logPremium: f() });
        if (c.capital.any) this.companySeries[this.companySeries.length - 1].capital = capitalSeries(n);
      }
    }
  }

  get done(): boolean {
    return this.t >= this.model.days;
  }

  get events(): SimEvent[] {
    return this.recorder.events;
  }

  run(): this {
    while (this.t < this.model.days) this.step();
    return this;
  }

  /** Copy another run's whole state (same model), e.g. to re-run a day perturbed. */
  copyFrom(o: PathRun): void {
    this.t = o.t;
    this.draws.set(o.draws);
    this.rIndex = o.rIndex;
    for (let k = 0; k < this.mk.length; k++) this.mk[k].copyFrom(o.mk[k]);
    for (let i = 0; i < this.co.length; i++) this.co[i].copyFrom(o.co[i]);
  }

  /** Step 1: draw the day's numbers, the same count every day (docs/model.md §3). */
  drawDay(): void {
    this.alea.draw(this.draws, this.draws.length, this.draws.length);
  }

  /** Simulate one day (steps 1-10). */
  step(): void {
    this.drawDay();
    this.advance(0);
  }

  /**
   * Steps 2-10 with the day's draws already in `draws`, in the order of
   * docs/model.md §8. `coinShock` shifts every coin's pre-trade log price
   * (loop-gain measurement re-runs a day with -0.01).
   */
  advance(coinShock: number): void {
    const model = this.model, t = this.t;
    // Steps 1-2: correlated shocks, markets pre-trade (sim/market.ts).
    preTrade(this.mk, model, t, this.draws, 0, 1, this.raw, this.corr, coinShock, true);
    this.beforeClearing();
    // Step 7: clear each coin market (sim/market.ts).
    for (let k = 0; k < model.markets.length; k++) clear(this.mk[k], model.markets[k], t, this.draws, 4 * k + 3, this.trading, true);
    this.afterClearing();
  }

  /**
   * Steps 3-6 of the day and the companies' flow per market, after the markets' pre-trade step:
   * what the engine lockstep (sim/lockstep-engine.ts) runs between the kernel's two market steps,
   * with the day's draws, index normal (corr[nM]), P_pre and drawdown put in first.
   */
  beforeClearing(): void {
    const model = this.model, t = this.t, cal = model.calendar, co = this.co;
    const biz = cal.isBusinessDay[t] === 1;
    const nM = model.markets.length;
    const nCo = this.marketsOnly ? 0 : co.length;

    // Step 3: index return (business days).
    this.rIndex = biz ? model.indexDrift + model.indexVolDaily * this.corr[nM] : 0;
    // Step 4: value at P_pre, premium and stock, on business days (sim/premium.ts; nothing reads a
    // weekend's valuation: the premium, the policies and step 8 run on business days, record() values itself).
    for (let i = 0; i < nCo; i++) {
      const c = co[i];
      if (c.insolvent) continue;
      c.announcing = false;
      if (biz) premiumAndStock(this, i);
    }

    if (this.trading) {
      // Step 5: obligations, maturities, covenants, funding, every calendar day (sim/obligations.ts).
      for (let i = 0; i < co.length; i++) if (!co[i].insolvent) obligations(this, i, biz);
      // Step 6: capital actions and policies (business days), then the day's issuance.
      if (biz) {
        for (let i = 0; i < co.length; i++) {
          const c = co[i];
          if (c.insolvent) continue;
          // Capital actions (sim/actions.ts): a split whose notice ran, then the day's dated actions.
          const pa = model.companies[i].actions;
          dueSplit(c, t);
          if (model.companies[i].hasDatedActions) runDatedActions(pa, c, t, this.mk[model.companies[i].market].pPre, R_ACTION, this.actEmit[i]);
          if (model.companies[i].capital.hasReserve) refillReserve(this, i); // capital: step 6a (docs/model.md 3.3)
          policies(this, i);
          deferSplit(pa, c, t, cal.startOrdinal, this.actEmit[i], c.splitRatio > 0 ? c.listing.earliestSplitDay(t) : t);
          if (c.issueUsd > 0) issue(this, i);
          if (c.cap.prefIssueUsd > 0) issuePreferred(this, i); // capital: preferred issuance (docs/model.md 3.2)
        }
      }
      // Sale announcements and company flow per market.
      companyFlows(this);
    }
  }

  /** Steps 8-10 of the day, after the markets' clearing (step 7): settle, closing stock, listing, record; then the next day. */
  afterClearing(): void {
    const model = this.model, t = this.t, co = this.co;
    const biz = model.calendar.isBusinessDay[t] === 1;
    const nCo = this.marketsOnly ? 0 : co.length;

    // Step 8: settle (sim/settle.ts); closing stock price from the post-trade balance sheet at P_pre.
    for (let i = 0; i < nCo; i++) {
      const c = co[i];
      if (c.insolvent) continue;
      if (this.trading) settle(this, i, biz);
      if (biz && !c.insolvent) closingStock(this, i);
    }

    // Step 9: listing rules on the closing price (business days, sim/listing.ts).
    if (biz) {
      for (let i = 0; i < nCo; i++) {
        const c = co[i];
        if (c.insolvent || c.listing.state === ListingState.delisted) continue;
        c.listing.onClose(t, c.S);
      }
    }

    // Step 10: record (sim/record.ts).
    checkFinite(this);
    if (this.full) record(this);
    this.t = t + 1;
  }

  /**
   * A 1-for-`ratio` reverse split decided today: it takes effect on the
   * earliest market effective date the exchange's notice rules allow
   * (ListingClock.earliestSplitDay: Nasdaq 5250(e)(7) 10 calendar days,
   * 5250(b)(4) 2 business days), today when the rule set has no notice lag.
   * The one place a split is scheduled; step 8 executes it on its day.
   */
  decideReverseSplit(i: number, ratio: number): void {
    // Decided today; after the policies deferSplit (sim/actions.ts) schedules it on
    // the later of the exchange's earliest effective day and the company's own
    // splitNoticeDays, like the splits of the reverseSplit policy and dated actions.
    this.co[i].splitRatio = ratio;
  }

  /** Day figures of market k after the last step (for teaching and loop gain). */
  marketDay(k: number): Readonly<MarketDay> {
    const m = this.mk[k];
    return {
      preTradePrice: m.pPre, close: m.P, impact: m.impact, executionPrice: m.pExec, signal: m.signal,
      companyFlowUsd: this.trading ? m.qCompanies : 0, scheduledFlowUsd: m.qScheduled, etfFlowUsd: m.g, liquidationsUsd: m.liquidations,
      totalFlowUsd: m.qTotal, cascadeIterations: m.cascadeIterations, drawdown: m.dd, drop: m.drop,
      openInterestBeforeUsd: m.oiBefore, openInterestUsd: m.oi, effectiveVolumeUsd: m.vEff,
      shortLiquidationsUsd: m.shortLiquidations, rise: m.rise, shortOpenInterestBeforeUsd: m.soiBefore, shortOpenInterestUsd: m.soi,
    };
  }

  // -------------------------------------------------------------------------
  // Read-outs for drivers and summaries
  // -------------------------------------------------------------------------

  marketTotals(k: number): Readonly<{ close: number; peak: number; minClose: number; liquidationsUsd: number; companyNetSoldUsd: number; shortLiquidationsUsd: number }> {
    const m = this.mk[k];
    return { close: m.P, peak: m.peak, minClose: m.minClose, liquidationsUsd: m.totalLiquidationsUsd, companyNetSoldUsd: m.totalCompanyUsd, shortLiquidationsUsd: m.totalShortLiquidationsUsd };
  }

  companyView(i: number): Readonly<{ coins: number; costBasis: number; cashUsd: number; shares: number; stockPrice: number; insolvent: boolean; listingState: number; realizedPnlUsd: number; coinsSold: number; coinsSoldUsd: number; forcedCoinsSold: number; forcedCoinsSoldUsd: number; debtUsd: number; seniorUsd: number; reverseSplits: number; logPremium: number }> {
    const c = this.co[i], pc = this.model.companies[i];
    const debt = debtUsd(c.principal, pc.isPreferred), senior = seniorUsd(c.principal);
    return { coins: c.H, costBasis: c.K, cashUsd: c.cash, shares: c.N, stockPrice: c.S, insolvent: c.insolvent, listingState: c.insolvent ? ListingState.delisted : c.listing.state, realizedPnlUsd: c.realized, coinsSold: c.coinsSold, coinsSoldUsd: c.coinsSoldUsd, forcedCoinsSold: c.forcedCoinsSold, forcedCoinsSoldUsd: c.forcedCoinsSoldUsd, debtUsd: debt, seniorUsd: senior, reverseSplits: c.reverseSplits, logPremium: c.pi };
  }

  /**
   * The closes of the day just stepped into `out` (see DayCloses): the one
   * per-day read-out of the ensemble driver; no allocation.
   */
  readCloses(out: DayCloses): void {
    const mk = this.mk, co = this.co;
    for (let k = 0; k < out.coinClose.length; k++) out.coinClose[k] = mk[k].P;
    for (let i = 0; i < out.stockPrice.length; i++) {
      const c = co[i];
      out.stockPrice[i] = c.S;
      out.shares[i] = c.N;
      out.coins[i] = c.H;
    }
  }

  /**
   * Company i's book NAV per share at the close of the day just stepped: the full record's
   * `bookNavPerShare[t]`, for a driver of a run that records no series (the risk odds).
   */
  bookNavPerShare(i: number): number {
    const c = this.co[i], pc = this.model.companies[i];
    return bookNavPerShare(c.H, this.mk[pc.market].P, c.cash, pc.params.otherAssetsUsd, c.principal, c.N);
  }

  /**
   * The random numbers of the day just stepped (the run's own buffer, overwritten by the
   * next step: copy it to keep it). Loop gain re-runs the day with them (sim/loop-gain.ts).
   */
  dayDraws(): Float64Array {
    return this.draws;
  }

  /**
   * Risk map (src/risk): company i valued at coin price p on the current day by the engine's own
   * step-4 valuation (assets, senior claims, Merton equity); the state is left as it was.
   */
  valuationAt(i: number, p: number): { assetsUsd: number; seniorUsd: number; equityUsd: number } {
    const c = this.co[i];
    const A = c.A, D = c.D, E = c.E;
    value(this, i, p);
    const out = { assetsUsd: c.A, seniorUsd: c.D, equityUsd: c.E };
    c.A = A; c.D = D; c.E = E;
    return out;
  }

  /** Risk map: company i's pledges, principals and listing state right now (copies). */
  balanceView(i: number): { principalUsd: number[]; pledgedCoins: number[]; conversionPrice: number[]; underNotice: boolean; delisted: boolean; stopLossLatched: boolean } {
    const c = this.co[i];
    return { principalUsd: Array.from(c.principal), pledgedCoins: Array.from(c.pledge), conversionPrice: Array.from(c.convPrice), underNotice: c.listing.underNotice || c.listing.state === ListingState.determination, delisted: c.listing.state === ListingState.delisted, stopLossLatched: c.stopLossLatched };
  }
}
