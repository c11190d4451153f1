/**
 * Step 8, settlement (docs/model.md §8, §11): coin trades at the execution
 * price, repayments, buybacks, purchases and reverse splits.
 */

import { SALE_REASONS, R_RESERVE, FORCED_REASON, N_REASONS } from './codes.ts';
import { emit, pushEvent } from './record.ts';
import { DMath } from './math.ts';
import { REPAY_REASONS } from './actions.ts';
import type { PathRun } from './engine.ts';
import { averageDailyVolumeUsd } from './derived.ts';

/** Step 8 for company i: coin trades at the execution price, repayments, buybacks, purchases, splits. */
export function settle(run: PathRun, i: number, biz: boolean): void {
  const c = run.co[i], pc = run.model.companies[i], t = run.t;
  const m = run.mk[pc.market];
  const px = m.pExec;
  // Intents are consumed here and zeroed as they are read, so the next day starts clean.
  const sell = c.sell;
  let sold = 0, reserveCoins = 0;
  // No sale intent added since yesterday's settle (saleToday false) means every reason's is 0.
  if (c.saleToday) {
    reserveCoins = sell[R_RESERVE]; // capital: coins sold to fund the reserve (docs/model.md 3.3)
    for (let r = 0; r < N_REASONS; r++) {
      const q = sell[r];
      if (q <= 0) continue;
      sell[r] = 0;
      const usd = q * px;
      sold += q;
      c.realized += q * (px - c.K);
      c.coinsSold += q;
      c.coinsSoldUsd += usd;
      if (FORCED_REASON[r]) {
        c.forcedCoinsSold += q;
        c.forcedCoinsSoldUsd += usd;
      }
      if (run.keepEvents) pushEvent(run, i, { day: t, date: run.model.calendar.dates[t], company: pc.params.ticker, kind: 'coinSale', reason: SALE_REASONS[r], coins: q, usd, price: px, forced: FORCED_REASON[r], announced: c.announcing });
      else run.recorder.mark(i, 'coinSale', t, FORCED_REASON[r]);
    }
  }
  c.saleToday = false; // every entry is 0 now: each intent is added > 0 (or NaN), and the loop zeroed them
  if (sold > 0) {
    c.H -= sold;
    // Selling (almost) everything leaves float residue: snap it so mNAV reads "no coins".
    if (c.H < 1e-9 * (sold > 1 ? sold : 1)) c.H = 0;
    c.cash += sold * px;
    if (reserveCoins > 0) c.cap.reserve += reserveCoins * px;
    c.lastSaleDay = t;
    if (c.announcing) {
      if (biz) c.pi -= pc.params.premium.saleAnnouncementPenalty;
      else c.pendingAnnouncement = true;
    }
  }
  // Repayments and lender sales: none added since yesterday's settle (repayToday false) means all 0.
  if (c.repayToday) {
    const repay = c.repay, lenderSale = c.lenderSale, covenantRepay = c.covenantRepay, principal = c.principal;
    for (let j = 0; j < repay.length; j++) {
      let pay = repay[j];
      const lenderSold = lenderSale[j];
      const why = covenantRepay[j];
      repay[j] = 0;
      lenderSale[j] = 0;
      covenantRepay[j] = 0;
      if (lenderSold > 0) pay += Math.min(principal[j] - pay, lenderSold * px);
      if (pay <= 0) continue;
      if (pay > principal[j]) pay = principal[j];
      principal[j] -= pay;
      c.cash -= pay;
      if (principal[j] <= 1e-6) {
        principal[j] = 0;
        c.pledge[j] = 0;
      }
      if (run.keepEvents) pushEvent(run, i, { day: t, date: run.model.calendar.dates[t], company: pc.params.ticker, kind: 'repayment', instrument: pc.instruments[j].id, usd: pay, remainingUsd: principal[j], reason: lenderSold > 0 ? 'lenderLiquidation' : REPAY_REASONS[why] });
    }
  }
  c.repayToday = false;
  if (c.buybackUsd > 0 && c.S > 0) {
    const b = c.buybackUsd;
    c.buybackUsd = 0;
    const adv = averageDailyVolumeUsd(pc.params.stock.turnover, c.S, c.N);
    const dpi = pc.params.stock.impactY * pc.stockSd * Math.sqrt(b / adv);
    const fill = c.S * DMath.exp(dpi / 2);
    let shares = b / fill;
    if (shares > c.N * 0.999) shares = c.N * 0.999;
    c.N -= shares;
    c.cash -= b;
    c.pi += dpi;
    const fromCash = c.cap.buybackCashUsd;
    if (run.keepEvents) pushEvent(run, i, fromCash > 0 ? { day: t, date: run.model.calendar.dates[t], company: pc.params.ticker, kind: 'buyback', usd: b, shares, price: fill, fromCashUsd: fromCash } : { day: t, date: run.model.calendar.dates[t], company: pc.params.ticker, kind: 'buyback', usd: b, shares, price: fill });
  }
  c.buybackUsd = 0;
  c.cap.buybackCashUsd = 0;
  if (c.buyCoins > 0) {
    const q = c.buyCoins, cost = q * px;
    c.buyCoins = 0;
    c.K = (c.K * c.H + cost) / (c.H + q);
    c.H += q;
    c.cash -= cost;
    if (run.keepEvents) pushEvent(run, i, { day: t, date: run.model.calendar.dates[t], company: pc.params.ticker, kind: 'coinPurchase', coins: q, usd: cost, price: px });
  }
  if (c.cap.buyUsd > 0) {
    // capital: accumulate spends exactly what it raised, at the execution price (docs/model.md 3.2).
    const cost = c.cap.buyUsd, q = cost / px;
    c.cap.buyUsd = 0;
    c.K = (c.K * c.H + cost) / (c.H + q);
    c.H += q;
    c.cash -= cost;
    if (run.keepEvents) pushEvent(run, i, { day: t, date: run.model.calendar.dates[t], company: pc.params.ticker, kind: 'coinPurchase', coins: q, usd: cost, price: px, reason: 'accumulate' });
  }
  if (c.splitRatio > 0) {
    const r = c.splitRatio;
    c.splitRatio = 0;
    c.N /= r;
    c.pi -= pc.params.premium.reverseSplitPenalty;
    for (let j = 0; j < pc.instruments.length; j++) c.convPrice[j] *= r;
    c.listing.recordReverseSplit(t, r);
    c.act.recordSplit(run.model.calendar.startOrdinal + t, r);
    c.reverseSplits++;
    emit(run, i, 'reverseSplit', { ratio: r, sharesAfter: c.N });
  }
  // capital: the reserve is part of cash and never above it (docs/model.md 3.3).
  if (pc.capital.hasReserve && c.cap.reserve > c.cash) c.cap.reserve = c.cash > 0 ? c.cash : 0;
}

// -------------------------------------------------------------------------
// Capital actions (docs/model.md 3.2-3.4; formulas in sim/capital.ts)
// -------------------------------------------------------------------------
