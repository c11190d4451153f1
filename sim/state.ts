/**
 * The state of one path: a market's and a company's variables, day intents
 * and running totals (docs/model.md §4, §5.1). Plain fields and typed arrays,
 * allocated once per path; nothing is allocated per day.
 */

import { N_REASONS } from './codes.ts';
import type { ListingClock } from './listing.ts';
import { CapitalState } from './capital.ts';
import type { ActionState } from './actions.ts';

export class MarketState {
  f = 0; // fundamental log price
  T = 0; // transient impact (log, positive = price below fundamental)
  P = 0; // last close
  pPre = 0;
  logPPre = 0;
  peak = 0;
  dd = 0; // drawdown at P_pre
  oi = 0; // open interest at risk
  g = 0; // ETF net inflow yesterday (USD)
  rPrev = 0; // yesterday's close-to-close log return
  // day figures
  impact = 0;
  pExec = 0;
  signal = 0;
  qCompanies = 0;
  qScheduled = 0;
  qEtf = 0;
  liquidations = 0;
  cascadeIterations = 0;
  oiBefore = 0; // open interest at risk before today's cascade
  soi = 0; // short open interest at risk (docs/model.md §12)
  soiBefore = 0;
  shortLiquidations = 0; // today's forced buys (USD)
  rise = 0; // today's rise x that set the short liquidations
  totalShortLiquidationsUsd = 0;
  drop = 0; // today's drop x that set the liquidations
  vEff = 0; // effective volume today
  qTotal = 0; // total net USD sold today (companies + scheduled + ETF + liquidations)
  // running totals for summaries
  minClose = Infinity;
  totalLiquidationsUsd = 0;
  totalCompanyUsd = 0;
  copyFrom(o: MarketState): void {
    this.minClose = o.minClose; this.totalLiquidationsUsd = o.totalLiquidationsUsd; this.totalCompanyUsd = o.totalCompanyUsd;
    this.f = o.f; this.T = o.T; this.P = o.P; this.pPre = o.pPre; this.logPPre = o.logPPre; this.peak = o.peak; this.dd = o.dd;
    this.oi = o.oi; this.g = o.g; this.rPrev = o.rPrev; this.impact = o.impact; this.pExec = o.pExec; this.signal = o.signal;
    this.qCompanies = o.qCompanies; this.qScheduled = o.qScheduled; this.qEtf = o.qEtf; this.liquidations = o.liquidations; this.cascadeIterations = o.cascadeIterations;
    this.oiBefore = o.oiBefore; this.drop = o.drop; this.vEff = o.vEff; this.qTotal = o.qTotal;
    this.soi = o.soi; this.soiBefore = o.soiBefore; this.shortLiquidations = o.shortLiquidations; this.rise = o.rise; this.totalShortLiquidationsUsd = o.totalShortLiquidationsUsd;
  }
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
  /** Of coinsSold and coinsSoldUsd, the sales for a forced reason (FORCED_REASON: funding, covenant, lender, amendment). */
  forcedCoinsSold = 0;
  forcedCoinsSoldUsd = 0;
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
  /** Coins to sell today, per reason: written only through addSale (test/sale-intents.test.ts), zeroed by settle. */
  sell: Float64Array = new Float64Array(N_REASONS);
  /** Whether a sale intent was added since settle last consumed them (false: every entry of sell is 0). */
  saleToday = false;
  /** USD to repay per instrument (sized at P_pre): written only through addRepay (test/sale-intents.test.ts), zeroed by settle. */
  repay: Float64Array;
  /** Coins sold by the lender per instrument (proceeds repay it): written only through addLenderSale. */
  lenderSale: Float64Array;
  /** Whether a repayment or lender sale was added since settle last consumed them (false: repay and lenderSale are all 0). */
  repayToday = false;
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
    this.forcedCoinsSold = o.forcedCoinsSold; this.forcedCoinsSoldUsd = o.forcedCoinsSoldUsd;
    this.lastSaleDay = o.lastSaleDay; this.pendingAnnouncement = o.pendingAnnouncement; this.stopLossLatched = o.stopLossLatched;
    this.stopLossBase = o.stopLossBase; this.buybackLeft = o.buybackLeft; this.reverseSplits = o.reverseSplits; this.splitForDeadline = o.splitForDeadline;
    this.principal.set(o.principal); this.pledge.set(o.pledge); this.convPrice.set(o.convPrice);
    this.sell.set(o.sell); this.saleToday = o.saleToday; this.repay.set(o.repay); this.lenderSale.set(o.lenderSale); this.repayToday = o.repayToday; this.covenantRepay.set(o.covenantRepay);
    this.buyCoins = o.buyCoins; this.buybackUsd = o.buybackUsd; this.issueUsd = o.issueUsd; this.splitRatio = o.splitRatio; this.announcing = o.announcing;
    this.listing.copyFrom(o.listing);
    this.cap.copyFrom(o.cap);
    this.act.copyFrom(o.act);
  }
  freeCoins(): number {
    const pledge = this.pledge;
    let p = 0;
    // Zeros skipped: p + 0 is p (p is never -0), the same bits with fewer dependent additions.
    for (let i = 0; i < pledge.length; i++) if (pledge[i] !== 0) p += pledge[i];
    const f = this.H - p;
    return f > 0 ? f : 0;
  }
  /** Unpledged coins not already committed to a sale today. */
  sellableFree(): number {
    return this.freeCoins() - this.totalSell();
  }
  /** Add usd to today's repayment of instrument j (the one writer of repay). */
  addRepay(j: number, usd: number): void {
    this.repay[j] += usd;
    this.repayToday = true;
  }
  /** Add q coins to the lender's sale of instrument j's collateral today (the one writer of lenderSale). */
  addLenderSale(j: number, q: number): void {
    this.lenderSale[j] += q;
    this.repayToday = true;
  }
  /** Add q coins to today's sales for reason r (the one writer of sell). */
  addSale(r: number, q: number): void {
    this.sell[r] += q;
    this.saleToday = true;
  }
  totalSell(): number {
    if (!this.saleToday) return 0; // every entry is 0: the loop would give +0 too
    const sell = this.sell;
    let s = 0;
    // Zeros skipped: s + 0 is s (s is never -0), the same bits with fewer dependent additions.
    for (let r = 0; r < sell.length; r++) if (sell[r] !== 0) s += sell[r]; // sell.length = N_REASONS
    return s;
  }
  clearIntents(): void {
    this.sell.fill(0); this.saleToday = false; this.repay.fill(0); this.lenderSale.fill(0); this.repayToday = false; this.covenantRepay.fill(0);
    this.buyCoins = 0; this.buybackUsd = 0; this.issueUsd = 0; this.splitRatio = 0; this.announcing = false;
    this.cap.prefIssueUsd = 0; this.cap.buybackCashUsd = 0; this.cap.buyUsd = 0;
  }
}
