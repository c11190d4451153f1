/**
 * Capital actions of a day (docs/model.md 3.2-3.4, v2 §12; the formulas are in
 * sim/capital.ts): ATM and preferred room, the USD reserve (drawn in step 5,
 * refilled in step 6a), accumulate, preferred issuance, cash-funded buybacks.
 */

import { R_RESERVE } from './codes.ts';
import { emit, pushEvent } from './record.ts';
import { ListingState } from './listing-state.ts';
import { atmRoomUsd, buybackCashPart, preferenceFor, preferredRoomUsd, reserveTargetUsd, MIN_REFILL_USD, RESERVE_SOURCE_NAMES, SRC_ATM, SRC_CASH, SRC_COINS, SRC_PREFERRED } from './capital.ts';
import type { PathRun } from './engine.ts';
import { averageDailyVolumeUsd, mnav } from './derived.ts';

/** Common issuance room left today: the ATM programme's shelf and ADV cap minus what today already issues. */
export function atmRoom(run: PathRun, i: number): number {
  const c = run.co[i], pc = run.model.companies[i];
  return atmRoomUsd(c.cap.atmShelfLeft, pc.capital.atmMaxAdvFraction, averageDailyVolumeUsd(pc.params.stock.turnover, c.S, c.N), c.issueUsd);
}

export function preferredRoom(run: PathRun, i: number): number {
  const c = run.co[i];
  return preferredRoomUsd(c.cap.prefShelfLeft, run.model.companies[i].capital.prefMaxUsdPerDay, c.cap.prefIssueUsd);
}

/** Step-4 mNAV at P_pre (Infinity without coins). */
export function mnavPre(run: PathRun, i: number): number {
  const c = run.co[i];
  return mnav(c.S, c.N, c.H, run.mk[run.model.companies[i].market].pPre);
}

/** Cash part of a buyback of `usd` from free cash: cash - reserve - floor - what today's buybacks already took. */
export function buybackCash(run: PathRun, i: number, usd: number): number {
  const cp = run.model.companies[i].capital;
  if (!(cp.buybackCashFraction > 0)) return 0;
  const c = run.co[i];
  return buybackCashPart(usd, cp.buybackCashFraction, c.cash - c.cap.reserve - cp.buybackMinCashUsd - c.cap.buybackCashUsd);
}

/** Step 5: the day's costs came out of cash; what free cash could not pay came out of the reserve. */
export function drawReserve(run: PathRun, i: number): void {
  const c = run.co[i], st = c.cap;
  if (c.cash >= st.reserve) return;
  const before = st.reserve;
  st.reserve = c.cash > 0 ? c.cash : 0;
  if (before > 0 && st.reserve === 0) emit(run, i, 'reserveDepleted', { drawnUsd: before, cashUsd: c.cash });
}

/**
 * Step 6a (business days, before the policies): bring the reserve to its target,
 * months x 365/12 x (dividends + interest per day), from its sources in order; an
 * excess over the target is released to free cash.
 */
export function refillReserve(run: PathRun, i: number): void {
  const c = run.co[i], pc = run.model.companies[i], cp = pc.capital, st = c.cap;
  let daily = 0;
  const principal = c.principal, dailyRate = pc.dailyRate;
  for (let j = 0; j < principal.length; j++) if (principal[j] > 0) daily += principal[j] * dailyRate[j];
  const target = reserveTargetUsd(cp.reserveMonths, daily);
  if (st.reserve >= target) {
    st.reserve = target;
    return;
  }
  let gap = target - st.reserve;
  if (gap < MIN_REFILL_USD) return;
  if (cp.reserveCapUsdPerDay > 0 && gap > cp.reserveCapUsdPerDay) gap = cp.reserveCapUsdPerDay;
  const pPre = run.mk[pc.market].pPre;
  const listed = c.listing.state !== ListingState.delisted;
  for (let k = 0; k < cp.reserveSources.length && gap > 0; k++) {
    const src = cp.reserveSources[k];
    let x = 0;
    if (src === SRC_CASH) {
      const free = c.cash - st.reserve;
      x = free < gap ? free : gap;
      if (x > 0) st.reserve += x;
    } else if (src === SRC_ATM) {
      if (!cp.hasAtm || !listed || !(mnavPre(run, i) > cp.atmMinMnav)) continue;
      x = Math.min(gap, atmRoom(run, i));
      if (x > 0) { c.issueUsd += x; st.reserve += x; }
    } else if (src === SRC_PREFERRED) {
      if (!cp.hasPreferred || !listed) continue;
      x = Math.min(gap, preferredRoom(run, i));
      if (x > 0) { st.prefIssueUsd += x; st.reserve += x; }
    } else if (src === SRC_COINS) {
      // Credited to the reserve at settlement, with the proceeds at P_exec.
      const free = c.sellableFree();
      const q = Math.min(free > 0 ? free : 0, gap / pPre);
      if (q > 0) { c.addSale(R_RESERVE, q); x = q * pPre; }
    }
    if (!(x > 0)) continue;
    gap -= x;
    if (run.keepEvents) pushEvent(run, i, { day: run.t, date: run.model.calendar.dates[run.t], company: pc.params.ticker, kind: 'reserveFunding', usd: x, source: RESERVE_SOURCE_NAMES[src], targetUsd: target });
  }
}

/** The accumulate policy: raise what the programmes allow today and buy coins with it (docs/model.md 3.2). */
export function accumulate(run: PathRun, i: number, mnavThreshold: number, preferredMnavThreshold: number): void {
  const c = run.co[i], pc = run.model.companies[i], cp = pc.capital;
  if (c.listing.state === ListingState.delisted) return;
  const mnav = mnavPre(run, i);
  if (cp.hasAtm && mnav > mnavThreshold) {
    const u = atmRoom(run, i);
    if (u > 0) { c.issueUsd += u; c.cap.buyUsd += u; }
  }
  if (cp.hasPreferred && mnav > preferredMnavThreshold) {
    const u = preferredRoom(run, i);
    if (u > 0) { c.cap.prefIssueUsd += u; c.cap.buyUsd += u; }
  }
}

/** The day's preferred issuance: cash in, liquidation preference up; dividends accrue from the next day's obligations. */
export function issuePreferred(run: PathRun, i: number): void {
  const c = run.co[i], pc = run.model.companies[i], cp = pc.capital, st = c.cap;
  const u = st.prefIssueUsd;
  st.prefIssueUsd = 0;
  const pref = preferenceFor(u, cp.prefPricePerPreference);
  c.principal[cp.prefIndex] += pref;
  c.cash += u;
  st.prefShelfLeft -= u;
  if (st.prefShelfLeft < 0) st.prefShelfLeft = 0;
  st.prefProceedsUsd += u;
  if (run.keepEvents) pushEvent(run, i, { day: run.t, date: run.model.calendar.dates[run.t], company: pc.params.ticker, kind: 'preferredIssuance', instrument: pc.instruments[cp.prefIndex].id, usd: u, preferenceUsd: pref, outstandingUsd: c.principal[cp.prefIndex], shelfLeftUsd: st.prefShelfLeft });
}
