/**
 * Derived figures: the ratios and totals that drivers, summaries, risk maps and
 * charts compute from a company's state. One definition each, used by src/
 * (path summary, ensemble bands, risk map) and web/ (through them); pure,
 * allocation-free, safe in a per-day loop (docs/model.md, "Recorded series").
 *
 * Conventions: a company with no coins (coin value 0) has mNAV and EV mNAV
 * +Infinity (the market prices the shares above coins that do not exist), LTV 0
 * (no coins to lend against); JSON outputs write the infinite values as null
 * (`finiteOrNull`).
 */
import type { InstrumentParams } from './types.ts';

/** USD value of a coin holding: H * P. */
export function coinValueUsd(coins: number, coinPrice: number): number {
  return coins * coinPrice;
}

/** Basic mNAV: market cap / coin value, S*N/(H*P); +Infinity with no coins. */
export function mnav(stockPrice: number, shares: number, coins: number, coinPrice: number): number {
  const v = coins * coinPrice;
  return v > 0 ? (stockPrice * shares) / v : Infinity;
}

/** Enterprise-value mNAV: (S*N + senior claims - cash) / (H*P); +Infinity with no coins. */
export function evMnav(stockPrice: number, shares: number, seniorUsd: number, cashUsd: number, coins: number, coinPrice: number): number {
  const v = coins * coinPrice;
  return v > 0 ? (stockPrice * shares + seniorUsd - cashUsd) / v : Infinity;
}

/** Equity NAV per share, E/N (E = the Merton equity value when there is debt, else assets). */
export function navPerShare(equityUsd: number, shares: number): number {
  return equityUsd / shares;
}

/**
 * Book NAV per share: (assets - debt at face) / shares, assets = coins x P + cash + other assets and
 * debt every positive principal, preferred included: sim/valuation.ts value()'s A and D, the full
 * record's `bookNavPerShare` series, for a driver that reads the state instead (the risk odds).
 */
export function bookNavPerShare(coins: number, coinPrice: number, cashUsd: number, otherAssetsUsd: number, principal: ArrayLike<number>, shares: number): number {
  let d = 0;
  for (let j = 0; j < principal.length; j++) if (principal[j] > 0) d += principal[j];
  return (coins * coinPrice + cashUsd + otherAssetsUsd - d) / shares;
}

/** Loan to value: debt / coin value; 0 with no coins. */
export function ltv(debtUsd: number, coins: number, coinPrice: number): number {
  const v = coins * coinPrice;
  return v > 0 ? debtUsd / v : 0;
}

/**
 * Debt of a company: principal outstanding over its instruments, preferred
 * stock excluded (`isPreferred[j]` non-zero). Senior claims (`seniorUsd`)
 * include the preferred's liquidation preference.
 */
export function debtUsd(principal: ArrayLike<number>, isPreferred: ArrayLike<number | boolean>): number {
  let d = 0;
  for (let j = 0; j < principal.length; j++) if (!isPreferred[j]) d += principal[j];
  return d;
}

/** Debt at the start, from a company's parameters (`debt[]`): principal, preferred stock excluded, as debtUsd. */
export function startDebtUsd(debt: readonly InstrumentParams[]): number {
  let d = 0;
  for (let j = 0; j < debt.length; j++) {
    const x = debt[j];
    if (x.kind !== 'preferred') d += x.principalUsd;
  }
  return d;
}

/** Senior claims ahead of common stock: every instrument's principal, preferred included. */
export function seniorUsd(principal: ArrayLike<number>): number {
  let d = 0;
  for (let j = 0; j < principal.length; j++) d += principal[j];
  return d;
}

/** Market capitalisation: S * N. */
export function marketCapUsd(stockPrice: number, shares: number): number {
  return stockPrice * shares;
}

/** Unrealized loss on the coins, H * (K - P): positive = a loss (the rule variable `unrealizedLossUsd`). */
export function unrealizedLossUsd(coins: number, costBasis: number, coinPrice: number): number {
  return coins * (costBasis - coinPrice);
}

/** Average daily traded value of the stock (USD): turnover (fraction of market cap a day) * S * N. */
export function averageDailyVolumeUsd(turnover: number, stockPrice: number, shares: number): number {
  return turnover * stockPrice * shares;
}

/** A finite number, or null (JSON has no Infinity; mNAV with no coins is written as null). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
