/**
 * The premium law's balance-sheet penalties (docs/model.md section 3;
 * docs/model.md §5.3 as amended in §12): leverage and size. Pure, no
 * allocation: called once per company per business day.
 */
import { DMath, normInv } from './math.ts';
import type { CompanyParams, PremiumParams } from './types.ts';
import { pushEvent } from './record.ts';
import { expK, value } from './valuation.ts';
import { ListingState } from './listing-state.ts';
import type { PathRun } from './engine.ts';
import { averageDailyVolumeUsd } from './derived.ts';

/**
 * Log premium lost to leverage and size:
 *   leveragePenalty * max(0, D/A - leverageFree) + sizePenalty * max(0, ln(sizeRefUsd / V))
 * with D senior claims, A assets and V the coin holdings' value (all USD).
 * With sizePenalty 0 this is v1's leverage term exactly.
 *
 * Worked example (test/premium.test.ts): D 189e6, A 403.3e6, V 403.3e6,
 * leveragePenalty 1.5, leverageFree 0.2, sizePenalty 0.25, sizeRefUsd 1e9:
 * 1.5 * (0.46863 - 0.2) + 0.25 * ln(1e9 / 403.3e6) = 0.40295 + 0.22702 = 0.62997.
 */
export function balanceSheetPenalty(pp: PremiumParams, debtUsd: number, assetsUsd: number, coinValueUsd: number): number {
  let pen = 0;
  if (assetsUsd > 0) {
    const lev = debtUsd / assetsUsd - pp.leverageFree;
    if (lev > 0) pen += pp.leveragePenalty * lev;
  }
  if (pp.sizePenalty > 0) {
    // No coins at all: the size term is at its largest finite value reached (1 USD of coins).
    const small = DMath.log(pp.sizeRefUsd / (coinValueUsd > 1 ? coinValueUsd : 1));
    if (small > 0) pen += pp.sizePenalty * small;
  }
  return pen;
}

/**
 * The premium law's target on a business day (docs/model.md §5.3 as amended in §12, docs/model.md 3;
 * step 4 of the engine's day, and the risk map's projection of the stock in src/risk):
 * pi0 - drawdownSensitivity DD - noticePenalty [notice..determination] - otcPenalty [delisted]
 * - (balanceSheetPenalty(D, A, V) - penalty0), the leverage and size terms of sim/premium.ts,
 * measured from the start when premium.penaltiesFromStart (penalty0 = their day -1 value, else 0).
 */
export function premiumTarget(
  pi0: number, pp: CompanyParams['premium'], drawdown: number, seniorUsd: number, assetsUsd: number,
  coinValueUsd: number, penalty0: number, underNotice: boolean, delisted: boolean,
): number {
  let target = pi0 - pp.drawdownSensitivity * drawdown;
  if (underNotice) target -= pp.noticePenalty;
  if (delisted) target -= pp.otcPenalty;
  target -= balanceSheetPenalty(pp, seniorUsd, assetsUsd, coinValueUsd) - penalty0;
  return target;
}

/** The day's issuance, one stock impact for all of it; fills at the log midpoint (docs/model.md §5.3). */
export function issue(run: PathRun, i: number): void {
  const c = run.co[i], pc = run.model.companies[i];
  const u = c.issueUsd;
  c.issueUsd = 0;
  const adv = averageDailyVolumeUsd(pc.params.stock.turnover, c.S, c.N);
  if (!(adv > 0) || !(c.S > 0)) return;
  const dpi = pc.params.stock.impactY * pc.stockSd * Math.sqrt(u / adv);
  const fill = c.S * DMath.exp(-dpi / 2);
  const shares = u / fill;
  c.pi -= dpi;
  c.N += shares;
  c.cash += u;
  const st = c.cap;
  st.sharesIssued += shares;
  st.atmProceedsUsd += u;
  if (pc.capital.hasAtm) {
    st.atmShelfLeft -= u;
    if (st.atmShelfLeft < 0) st.atmShelfLeft = 0;
    if (run.keepEvents) pushEvent(run, i, { day: run.t, date: run.model.calendar.dates[run.t], company: pc.params.ticker, kind: 'issuance', usd: u, shares, price: fill, shelfLeftUsd: st.atmShelfLeft });
  } else if (run.keepEvents) pushEvent(run, i, { day: run.t, date: run.model.calendar.dates[run.t], company: pc.params.ticker, kind: 'issuance', usd: u, shares, price: fill });
}

/**
 * Step 4 on a business day for company i (its draw read here: a double passed
 * to a call V8 does not inline is boxed): value at P_pre, move the log
 * premium toward its target (with noise and the index), apply a pending
 * weekend announcement penalty, and set the stock price S = exp(pi) E / N.
 */
export function premiumAndStock(run: PathRun, i: number): void {
  const c = run.co[i], pc = run.model.companies[i], mk = run.mk[pc.market];
  const z = run.draws[4 * run.model.markets.length + 1 + i]; // the premium shock of company i (docs/model.md §3)
  value(run, i, mk.pPre);
  const pp = pc.params.premium;
  const ls = c.listing.state;
  const target = premiumTarget(pc.pi0, pp, mk.dd, c.D, c.A, c.H * mk.pPre, pc.penalty0, c.listing.underNotice || ls === ListingState.determination, ls === ListingState.delisted);
  c.pi += pc.kappaDaily * (target - c.pi) + pc.premiumVolDaily * normInv(z) + pp.indexBeta * run.rIndex;
  if (c.pendingAnnouncement) {
    c.pi -= pp.saleAnnouncementPenalty;
    c.pendingAnnouncement = false;
  }
  c.piAt = c.pi;
  c.expPi = expK(c.pi);
  c.S = c.E > 0 ? (c.expPi * c.E) / c.N : 0;
}

/** Step 8 on a business day: the closing stock price from the post-trade balance sheet at P_pre. */
export function closingStock(run: PathRun, i: number): void {
  const c = run.co[i];
  value(run, i, run.mk[run.model.companies[i].market].pPre);
  c.S = c.E > 0 ? ((c.pi === c.piAt ? c.expPi : expK(c.pi)) * c.E) / c.N : 0;
}
