/**
 * The state of one path: a market's and a company's variables, day intents
 * and running totals (docs/model.md §4, §5.1). Plain fields and typed arrays,
 * allocated once per path; nothing is allocated per day.
 */

import { N_REASONS } from './codes.ts';
import type { ListingClock } from './listing.ts';
import { CapitalState } from './capital.ts';
import type { ActionState } from './actions.ts';

/**
 * The coin markets of K paths as structure of arrays (docs/model.md §4): each variable a
 * Float64Array over (market k, path p), index k*K + p. PathRun holds K = 1 (index = market),
 * sim/lockstep-markets.ts K paths in lockstep; the market step (sim/market.ts) is written once
 * against this layout. `dayFigures` false (the lockstep) leaves the figures only a read-out uses
 * (impact, execution price, the day's flows, drop and rise, the books before the cascade)
 * empty and unwritten.
 */
export class MarketArrays {
  readonly K: number;
  readonly dayFigures: boolean;
  // state
  readonly f: Float64Array; // fundamental log price
  readonly T: Float64Array; // transient impact (log, positive = price below fundamental)
  readonly P: Float64Array; // last close
  readonly peak: Float64Array;
  readonly oi: Float64Array; // open interest at risk
  readonly soi: Float64Array; // short open interest at risk (docs/model.md §12)
  readonly g: Float64Array; // ETF net inflow yesterday (USD)
  readonly rPrev: Float64Array; // yesterday's close-to-close log return
  // the day, from the pre-trade step to the clearing
  readonly pPre: Float64Array;
  readonly logPPre: Float64Array;
  readonly dd: Float64Array; // drawdown at P_pre
  readonly signal: Float64Array;
  readonly qCompanies: Float64Array;
  readonly liquidations: Float64Array;
  readonly shortLiquidations: Float64Array; // today's forced buys (USD)
  readonly cascadeIterations: Float64Array;
  // day figures (read-outs only; length 0 without dayFigures)
  readonly impact: Float64Array;
  readonly pExec: Float64Array;
  readonly qScheduled: Float64Array;
  readonly qEtf: Float64Array;
  readonly oiBefore: Float64Array; // open interest at risk before today's cascade
  readonly soiBefore: Float64Array;
  readonly rise: Float64Array; // today's rise x that set the short liquidations
  readonly drop: Float64Array; // today's drop x that set the liquidations
  readonly vEff: Float64Array; // effective volume today
  readonly qTotal: Float64Array; // total net USD sold today (companies + scheduled + ETF + liquidations)
  // running totals for summaries
  readonly minClose: Float64Array;
  readonly totalLiquidationsUsd: Float64Array;
  readonly totalShortLiquidationsUsd: Float64Array;
  readonly totalCompanyUsd: Float64Array;
  /** Step 2 scratch: independent and correlated normals over (coins..., INDEX), index i*K + p. */
  readonly raw: Float64Array;
  readonly corr: Float64Array;

  constructor(nMarkets: number, K: number, dayFigures = true) {
    const n = nMarkets * K, a = () => new Float64Array(n), day = () => new Float64Array(dayFigures ? n : 0);
    this.K = K;
    this.dayFigures = dayFigures;
    this.f = a(); this.T = a(); this.P = a(); this.peak = a(); this.oi = a(); this.soi = a(); this.g = a(); this.rPrev = a();
    this.pPre = a(); this.logPPre = a(); this.dd = a(); this.signal = a(); this.qCompanies = a();
    this.liquidations = a(); this.shortLiquidations = a(); this.cascadeIterations = a();
    this.impact = day(); this.pExec = day(); this.qScheduled = day(); this.qEtf = day(); this.oiBefore = day(); this.soiBefore = day();
    this.rise = day(); this.drop = day(); this.vEff = day(); this.qTotal = day();
    this.minClose = a().fill(Infinity); this.totalLiquidationsUsd = a(); this.totalShortLiquidationsUsd = a(); this.totalCompanyUsd = a();
    this.raw = new Float64Array((nMarkets + 1) * K);
    this.corr = new Float64Array((nMarkets + 1) * K);
  }

  copyFrom(o: MarketArrays): void {
    this.f.set(o.f); this.T.set(o.T); this.P.set(o.P); this.peak.set(o.peak); this.oi.set(o.oi); this.soi.set(o.soi); this.g.set(o.g); this.rPrev.set(o.rPrev);
    this.pPre.set(o.pPre); this.logPPre.set(o.logPPre); this.dd.set(o.dd); this.signal.set(o.signal); this.qCompanies.set(o.qCompanies);
    this.liquidations.set(o.liquidations); this.shortLiquidations.set(o.shortLiquidations); this.cascadeIterations.set(o.cascadeIterations);
    this.impact.set(o.impact); this.pExec.set(o.pExec); this.qScheduled.set(o.qScheduled); this.qEtf.set(o.qEtf); this.oiBefore.set(o.oiBefore); this.soiBefore.set(o.soiBefore);
    this.rise.set(o.rise); this.drop.set(o.drop); this.vEff.set(o.vEff); this.qTotal.set(o.qTotal);
    this.minClose.set(o.minClose); this.totalLiquidationsUsd.set(o.totalLiquidationsUsd); this.totalShortLiquidationsUsd.set(o.totalShortLiquidationsUsd); this.totalCompanyUsd.set(o.totalCompanyUsd);
  }
}

/**
 * One market of one path, read-only, as the company steps and read-outs see it: a view of
 * MarketArrays at index j (PathRun: j = market). The market step writes the arrays.
 */
export class MarketState {
  constructor(readonly a: MarketArrays, readonly j: number) {}
  get f(): number { return this.a.f[this.j]; }
  get T(): number { return this.a.T[this.j]; }
  get P(): number { return this.a.P[this.j]; }
  get pPre(): number { return this.a.pPre[this.j]; }
  get logPPre(): number { return this.a.logPPre[this.j]; }
  get peak(): number { return this.a.peak[this.j]; }
  get dd(): number { return this.a.dd[this.j]; }
  get oi(): number { return this.a.oi[this.j]; }
  get soi(): number { return this.a.soi[this.j]; }
  get g(): number { return this.a.g[this.j]; }
  get rPrev(): number { return this.a.rPrev[this.j]; }
  get signal(): number { return this.a.signal[this.j]; }
  get qCompanies(): number { return this.a.qCompanies[this.j]; }
  get liquidations(): number { return this.a.liquidations[this.j]; }
  get shortLiquidations(): number { return this.a.shortLiquidations[this.j]; }
  get cascadeIterations(): number { return this.a.cascadeIterations[this.j]; }
  get impact(): number { return this.a.impact[this.j]; }
  get pExec(): number { return this.a.pExec[this.j]; }
  get qScheduled(): number { return this.a.qScheduled[this.j]; }
  get qEtf(): number { return this.a.qEtf[this.j]; }
  get oiBefore(): number { return this.a.oiBefore[this.j]; }
  get soiBefore(): number { return this.a.soiBefore[this.j]; }
  get rise(): number { return this.a.rise[this.j]; }
  get drop(): number { return this.a.drop[this.j]; }
  get vEff(): number { return this.a.vEff[this.j]; }
  get qTotal(): number { return this.a.qTotal[this.j]; }
  get minClose(): number { return this.a.minClose[this.j]; }
  get totalLiquidationsUsd(): number { return this.a.totalLiquidationsUsd[this.j]; }
  get totalShortLiquidationsUsd(): number { return this.a.totalShortLiquidationsUsd[this.j]; }
  get totalCompanyUsd(): number { return this.a.totalCompanyUsd[this.j]; }
}

export class CompanyState {
  /** exp(pi) as of step 4, reused at step 8 when pi has not moved since (same bits, one exp fewer). */
  piAt = NaN;
  expPi = 1;
  H = 0; // coins held (pledged included)
  K = 0; // average cost per coin
  cash = 0;
  N = 0; // shares
  pi = 0; // log premium
  S = 0; // last closing stock price
  E = 0; // equity value at step 4
  A = 0;
  D = 0;
  insolvent = false;
  realized = 0;
  coinsSold = 0;
  coinsSoldUsd = 0;
  lastSaleDay = -1e9;
  pendingAnnouncement = false;
  stopLossLatched = false;
  stopLossBase = 0;
  buybackLeft = 0;
  reverseSplits = 0;
  /** Day index of the compliance deadline for which defendListing already split (NaN = none). */
  splitForDeadline = NaN;
  /** Capital-action state (sim/actions.ts), set by PathRun. */
  act!: ActionState;
  // instruments (parallel to PreparedCompany.instruments)
  principal: Float64Array;
  pledge: Float64Array;
  convPrice: Float64Array;
  // day intents
  sell: Float64Array = new Float64Array(N_REASONS); // coins, per reason
  repay: Float64Array; // USD per instrument (sized at P_pre)
  lenderSale: Float64Array; // coins sold by the lender per instrument (proceeds repay it)
  covenantRepay: Uint8Array; // why today's repayment is made: 1 covenant cure, else a REPAY_REASONS code (sim/actions.ts)
  buyCoins = 0;
  buybackUsd = 0;
  issueUsd = 0;
  splitRatio = 0;
  announcing = false;
  /** Reserve, shelves and today's capital intents (sim/capital.ts). */
  readonly cap = new CapitalState();
  constructor(nInstr: number, readonly listing: ListingClock) {
    this.principal = new Float64Array(nInstr);
    this.pledge = new Float64Array(nInstr);
    this.convPrice = new Float64Array(nInstr);
    this.repay = new Float64Array(nInstr);
    this.lenderSale = new Float64Array(nInstr);
    this.covenantRepay = new Uint8Array(nInstr);
  }
  copyFrom(o: CompanyState): void {
    this.H = o.H; this.K = o.K; this.cash = o.cash; this.N = o.N; this.pi = o.pi; this.S = o.S; this.E = o.E; this.A = o.A; this.D = o.D;
    this.insolvent = o.insolvent; this.realized = o.realized; this.coinsSold = o.coinsSold; this.coinsSoldUsd = o.coinsSoldUsd;
    this.lastSaleDay = o.lastSaleDay; this.pendingAnnouncement = o.pendingAnnouncement; this.stopLossLatched = o.stopLossLatched;
    this.stopLossBase = o.stopLossBase; this.buybackLeft = o.buybackLeft; this.reverseSplits = o.reverseSplits; this.splitForDeadline = o.splitForDeadline;
    this.principal.set(o.principal); this.pledge.set(o.pledge); this.convPrice.set(o.convPrice);
    this.sell.set(o.sell); this.repay.set(o.repay); this.lenderSale.set(o.lenderSale); this.covenantRepay.set(o.covenantRepay);
    this.buyCoins = o.buyCoins; this.buybackUsd = o.buybackUsd; this.issueUsd = o.issueUsd; this.splitRatio = o.splitRatio; this.announcing = o.announcing;
    this.listing.copyFrom(o.listing);
    this.cap.copyFrom(o.cap);
    this.act.copyFrom(o.act);
  }
  freeCoins(): number {
    let p = 0;
    for (let i = 0; i < this.pledge.length; i++) p += this.pledge[i];
    const f = this.H - p;
    return f > 0 ? f : 0;
  }
  /** Unpledged coins not already committed to a sale today. */
  sellableFree(): number {
    return this.freeCoins() - this.totalSell();
  }
  totalSell(): number {
    let s = 0;
    for (let r = 0; r < N_REASONS; r++) s += this.sell[r];
    return s;
  }
  clearIntents(): void {
    this.sell.fill(0); this.repay.fill(0); this.lenderSale.fill(0); this.covenantRepay.fill(0);
    this.buyCoins = 0; this.buybackUsd = 0; this.issueUsd = 0; this.splitRatio = 0; this.announcing = false;
    this.cap.prefIssueUsd = 0; this.cap.buybackCashUsd = 0; this.cap.buyUsd = 0;
  }
}
