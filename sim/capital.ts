/**
 * Capital actions (docs/model.md 3.2-3.4): the ATM programme, preferred
 * issuance, the USD reserve and buybacks funded from cash. Pure formulas and
 * the per-company state they need; sim/engine.ts calls them at marked points
 * of its day (steps 5, 6 and 8). No allocation per day.
 */
import type { CompanyParams } from './types.ts';

/** A reserve gap below this is not refilled (USD): no dust trades from rounding. */
export const MIN_REFILL_USD = 1;

/** Days in a month of the reserve target: 365/12. */
export const DAYS_PER_MONTH = 365 / 12;

/**
 * Reserve target (docs/model.md 3.3): `targetMonths` months of dividends plus
 * interest, `months x 365/12 x sum_j principal_j x annualRate_j / 365`.
 * `dailyCostUsd` is that sum over instruments per day (no opex).
 */
export function reserveTargetUsd(targetMonths: number, dailyCostUsd: number): number {
  return targetMonths * DAYS_PER_MONTH * dailyCostUsd;
}

/**
 * Room left today in an ATM programme (docs/model.md 3.2):
 * `min(shelfLeft, maxAdvFraction x ADV) - issuedToday`, floored at 0.
 */
export function atmRoomUsd(shelfLeftUsd: number, maxAdvFraction: number, advUsd: number, issuedTodayUsd: number): number {
  const cap = maxAdvFraction * advUsd;
  const room = (shelfLeftUsd < cap ? shelfLeftUsd : cap) - issuedTodayUsd;
  return room > 0 ? room : 0;
}

/** Room left today in a preferred programme: `min(shelfLeft, maxUsdPerDay or unlimited) - issuedToday`, floored at 0. */
export function preferredRoomUsd(shelfLeftUsd: number, maxUsdPerDay: number, issuedTodayUsd: number): number {
  const cap = maxUsdPerDay > 0 && maxUsdPerDay < shelfLeftUsd ? maxUsdPerDay : shelfLeftUsd;
  const room = cap - issuedTodayUsd;
  return room > 0 ? room : 0;
}

/**
 * Stock impact of a day's issuance or buyback of `usd` (docs/model.md §5.3, the ATM's
 * price impact): `Ys x sdStock x sqrt(usd / ADV)` in log premium, with
 * `sdStock = impactVol / sqrt(252)`. The trade fills at the log midpoint.
 */
export function stockImpact(usd: number, impactY: number, sdStockDaily: number, advUsd: number): number {
  return impactY * sdStockDaily * Math.sqrt(usd / advUsd);
}

/**
 * The smallest buyback (USD), and the smallest free cash a buyback spends (docs/model.md 3.4):
 * below it an amount is a rounding residual (e.g. cash - floor = 2^-28 after a buyback spent
 * cash down to the floor), not a trade.
 */
export const MIN_BUYBACK_USD = 1;

/**
 * Cash part of a buyback of `usd` (docs/model.md 3.4): `min(cashFraction x usd, freeCash)`,
 * 0 when free cash is under MIN_BUYBACK_USD; the rest is funded by coin sales.
 */
export function buybackCashPart(usd: number, cashFraction: number, freeCashUsd: number): number {
  if (!(cashFraction > 0) || !(freeCashUsd >= MIN_BUYBACK_USD) || !(usd > 0)) return 0;
  const want = cashFraction * usd;
  return want < freeCashUsd ? want : freeCashUsd;
}

/** Liquidation preference added by `proceedsUsd` of preferred sold at `pricePerPreference` per USD of preference. */
export function preferenceFor(proceedsUsd: number, pricePerPreference: number): number {
  return proceedsUsd / pricePerPreference;
}

/** A company's capital settings, resolved once before the loop. */
export interface PreparedCapital {
  /** The company declares any capital setting (records the capital series). */
  any: boolean;
  hasAtm: boolean;
  atmMaxAdvFraction: number;
  atmMinMnav: number;
  hasPreferred: boolean;
  /** Index of the programme's preferred instrument in the company's instruments (-1 = none). */
  prefIndex: number;
  prefPricePerPreference: number;
  prefMaxUsdPerDay: number;
  hasReserve: boolean;
  reserveMonths: number;
  reserveCapUsdPerDay: number;
  /** Reserve sources in order: 0 cash, 1 atm, 2 preferred, 3 coins. */
  reserveSources: Int8Array;
  buybackCashFraction: number;
  buybackMinCashUsd: number;
}

export const SRC_CASH = 0, SRC_ATM = 1, SRC_PREFERRED = 2, SRC_COINS = 3;
export const RESERVE_SOURCE_NAMES = ['cash', 'atm', 'preferred', 'coins'] as const;

export function prepareCapital(c: CompanyParams, prefIndex: number): PreparedCapital {
  const atm = c.atm, pref = c.preferredProgram, res = c.reserve;
  return {
    any: atm !== null || pref !== null || res !== null || c.buybackCashFraction > 0,
    hasAtm: atm !== null,
    atmMaxAdvFraction: atm ? atm.maxAdvFraction : 0,
    atmMinMnav: atm ? atm.minMnav : 1,
    hasPreferred: pref !== null,
    prefIndex,
    prefPricePerPreference: pref ? pref.pricePerPreference : 1,
    prefMaxUsdPerDay: pref ? pref.maxUsdPerDay : 0,
    hasReserve: res !== null,
    reserveMonths: res ? res.targetMonths : 0,
    reserveCapUsdPerDay: res ? res.maxFundingUsdPerDay : 0,
    reserveSources: Int8Array.from((res?.fundWith ?? []).map((s) => RESERVE_SOURCE_NAMES.indexOf(s))),
    buybackCashFraction: c.buybackCashFraction,
    buybackMinCashUsd: c.buybackMinCashUsd,
  };
}

/** Per-path capital state of one company. */
export class CapitalState {
  /** USD reserve, part of cash (never above max(cash, 0) after a day settles). */
  reserve = 0;
  atmShelfLeft = 0;
  prefShelfLeft = 0;
  /** Today's preferred proceeds to raise (intent; executed after the policies). */
  prefIssueUsd = 0;
  /** Today's buyback USD already committed to cash. */
  buybackCashUsd = 0;
  /** Today's coin purchase in USD (accumulate): buys buyUsd / P_exec coins, costs exactly buyUsd. */
  buyUsd = 0;
  /** Cumulative figures for the series. */
  sharesIssued = 0;
  atmProceedsUsd = 0;
  prefProceedsUsd = 0;
  init(c: CompanyParams): void {
    this.atmShelfLeft = c.atm ? c.atm.shelfUsd : 0;
    this.prefShelfLeft = c.preferredProgram ? c.preferredProgram.shelfUsd : 0;
    this.reserve = c.reserve ? c.reserve.initialUsd : 0;
  }
  copyFrom(o: CapitalState): void {
    this.reserve = o.reserve; this.atmShelfLeft = o.atmShelfLeft; this.prefShelfLeft = o.prefShelfLeft;
    this.prefIssueUsd = o.prefIssueUsd; this.buybackCashUsd = o.buybackCashUsd; this.buyUsd = o.buyUsd;
    this.sharesIssued = o.sharesIssued; this.atmProceedsUsd = o.atmProceedsUsd; this.prefProceedsUsd = o.prefProceedsUsd;
  }
}

/** Daily capital series of one company (full record mode; only for companies with capital settings). */
export interface CapitalSeries {
  reserveUsd: Float64Array;
  /** Liquidation preference of all preferred stock outstanding. */
  preferredUsd: Float64Array;
  /** Cumulative new common shares issued (ATM, funding, issueAboveNav, rules). */
  sharesIssued: Float64Array;
  /** Cumulative common issuance proceeds. */
  atmProceedsUsd: Float64Array;
  atmShelfLeftUsd: Float64Array;
  /** Cumulative preferred issuance proceeds. */
  preferredProceedsUsd: Float64Array;
}

export function capitalSeries(days: number): CapitalSeries {
  const f = () => new Float64Array(days);
  return { reserveUsd: f(), preferredUsd: f(), sharesIssued: f(), atmProceedsUsd: f(), atmShelfLeftUsd: f(), preferredProceedsUsd: f() };
}
