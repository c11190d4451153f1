/**
 * Step 5, obligations and funding (docs/model.md §5.4, §11 "Funding"): the
 * day's costs, maturities and puts, covenants and lender liquidations, and
 * the funding of a cash shortfall in the company's funding order.
 */

import { R_FUNDING, R_COVENANT, R_LENDER, R_AMEND, K_CONVERTIBLE, K_PREFERRED } from './codes.ts';
import { emit } from './record.ts';
import { atmRoom, drawReserve } from './capital-day.ts';
import { ListingState } from './listing-state.ts';
import { holderObligations } from './actions.ts';
import type { PathRun } from './engine.ts';

/** Step 5 for company i: pay the day's costs, handle maturities and covenants, fund any shortfall. */
export function obligations(run: PathRun, i: number, biz: boolean): void {
  const c = run.co[i], pc = run.model.companies[i], t = run.t;
  const pPre = run.mk[pc.market].pPre;
  const principal = c.principal, dailyRate = pc.dailyRate;
  let cost = pc.opexDaily; // opexUsdPerYear / 365
  for (let j = 0; j < principal.length; j++) {
    const pr = principal[j];
    if (pr <= 0) continue;
    cost += pr * dailyRate[j];
  }
  c.cash -= cost;
  // Holder puts, amendments and their collateral sale schedules (sim/actions.ts); nothing to do without holder terms.
  if (pc.hasHolderTerms) holderObligations(pc.actions, c, t, biz, pPre, R_AMEND, run.actEmit[i]);

  const kind = pc.instrKind, endDay = c.act.endDay;
  for (let j = 0; j < principal.length; j++) {
    const pr = principal[j];
    if (pr <= 0 || kind[j] === K_PREFERRED) continue;
    const ins = pc.instruments[j];
    if (endDay[j] === t) {
      // Put or maturity: a convertible converts when S >= conversion price, else is paid in cash.
      if (ins.kind === K_CONVERTIBLE && c.S >= c.convPrice[j]) {
        const newShares = pr / c.convPrice[j];
        c.N += newShares;
        c.principal[j] = 0;
        c.pledge[j] = 0;
        emit(run, i, 'conversion', { instrument: ins.id, principalUsd: pr, shares: newShares, conversionPrice: c.convPrice[j] });
      } else {
        c.principal[j] = 0;
        c.pledge[j] = 0;
        c.cash -= pr;
        emit(run, i, 'repayment', { instrument: ins.id, usd: pr, reason: ins.endIsPut && c.act.amended[j] === 0 ? 'put' : 'maturity' });
      }
      continue;
    }
    if (c.pledge[j] <= 0) continue;
    const ltv = pr / (c.pledge[j] * pPre); // the instrument's collateral LTV (its pledge), not the company's sim/derived.ts ltv()
    if (ins.liquidationLtv > 0 && ltv > ins.liquidationLtv) {
      // The lender sells collateral until the loan is repaid (or the pledge is gone).
      const q = Math.min(c.pledge[j], pr / pPre);
      c.pledge[j] -= q;
      c.addLenderSale(j, q);
      c.addSale(R_LENDER, q);
      emit(run, i, 'collateralLiquidation', { instrument: ins.id, ltv, coins: q });
    } else if (ins.covenantLtv > 0 && ltv > ins.covenantLtv) {
      // Covenant breach: sell collateral and repay down to the target LTV.
      const tgt = ins.targetLtv;
      let x = (pr - tgt * c.pledge[j] * pPre) / (pPre * (1 - tgt));
      if (x > c.pledge[j]) x = c.pledge[j];
      if (x > 0) {
        c.pledge[j] -= x;
        c.addSale(R_COVENANT, x);
        c.addRepay(j, x * pPre);
        c.covenantRepay[j] = 1;
        emit(run, i, 'marginCall', { instrument: ins.id, ltv, coins: x, targetLtv: tgt });
      }
    }
  }
  if (pc.capital.hasReserve) drawReserve(run, i); // capital: the reserve pays before anything is sold (docs/model.md 3.3)
  if (c.cash < 0) fund(run, i, -c.cash, biz, R_FUNDING);
}

/**
 * Fund a cash need in the company's funding order: (cash is already spent),
 * at-the-market issuance if listed, on a business day and mNAV > 1, then
 * free-coin sales sized at P_pre. What cannot be covered makes it insolvent.
 */
export function fund(run: PathRun, i: number, needUsd: number, biz: boolean, reason: number): void {
  const c = run.co[i], pc = run.model.companies[i];
  const pPre = run.mk[pc.market].pPre;
  const atmOk = pc.fundAtm && biz && c.listing.state !== ListingState.delisted && c.H > 0 && (c.S * c.N) / (c.H * pPre) > pc.capital.atmMinMnav;
  let need = needUsd;
  if (pc.fundAtmFirst) {
    if (atmOk) need = fundByIssuance(run, i, need);
    if (pc.fundCoins) need = fundByCoins(run, i, need, reason);
  } else {
    if (pc.fundCoins) need = fundByCoins(run, i, need, reason);
    if (atmOk) need = fundByIssuance(run, i, need);
  }
  if (need > 1e-6 * Math.max(1, needUsd)) makeInsolvent(run, i, need);
}

/** At-the-market issuance of the need, within an ATM programme's room if any (executed with the day's issuance in step 6). */
export function fundByIssuance(run: PathRun, i: number, need: number): number {
  const c = run.co[i];
  if (!(need > 0)) return need;
  const u = run.model.companies[i].capital.hasAtm ? Math.min(need, atmRoom(run, i)) : need;
  if (u > 0) c.issueUsd += u;
  return need - u;
}

/**
 * Coin sales for a cash need, sized at P_pre: unpledged coins first, then
 * collateral in excess of what keeps each instrument at its target LTV (the
 * lender releases it against a cash need). Returns the need left.
 */
export function fundByCoins(run: PathRun, i: number, need: number, reason: number): number {
  if (need <= 0) return need;
  const c = run.co[i], pc = run.model.companies[i];
  const pPre = run.mk[pc.market].pPre;
  const free = c.sellableFree();
  const q = Math.min(free > 0 ? free : 0, need / pPre);
  if (q > 0) {
    c.addSale(reason, q);
    need -= q * pPre;
  }
  for (let j = 0; j < pc.instruments.length && need > 0; j++) {
    const ins = pc.instruments[j];
    if (ins.kind === K_PREFERRED || c.pledge[j] <= 0) continue;
    const keep = ins.targetLtv > 0 ? (c.principal[j] - c.repay[j]) / (ins.targetLtv * pPre) : c.pledge[j];
    const excess = Math.min(c.pledge[j] - keep, need / pPre);
    if (excess <= 0) continue;
    c.pledge[j] -= excess;
    c.addSale(reason, excess);
    need -= excess * pPre;
  }
  return need;
}

export function makeInsolvent(run: PathRun, i: number, shortfallUsd: number): void {
  const c = run.co[i];
  c.insolvent = true;
  c.clearIntents();
  c.S = 0;
  emit(run, i, 'insolvent', { shortfallUsd, cashUsd: c.cash, coins: c.H });
}
