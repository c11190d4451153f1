/**
 * Events of interest: what the free step mode's "event" buttons jump to
 * (issue 14: not every routine funding sale). A day is of interest for a
 * company when it has
 * - a listing event (notice, second period, regained, determination,
 *   delisted), a reverse split or its decision;
 * - a forced or defensive coin sale: deleverage, defendListing, stopLoss,
 *   covenant, lenderLiquidation, amendment; a margin call or a collateral
 *   liquidation (covenant breaches), insolvency, a depleted reserve, a holder
 *   put or an amendment;
 * - or the first coin sale of a reason on the path (the first buyback, the
 *   first funding sale): later routine ones of the same reason are skipped.
 * Pure.
 */
import type { SimEvent } from '../../../sim/index.ts';
import type { TeachingTrace } from './trace.ts';

export const INTEREST_KINDS: ReadonlySet<string> = new Set(['notice', 'secondPeriod', 'regained', 'determination', 'delisted', 'reverseSplit', 'splitDecided', 'marginCall', 'collateralLiquidation', 'insolvent', 'reserveDepleted', 'holderPut', 'amendment']);
export const INTEREST_REASONS: ReadonlySet<string> = new Set(['deleverage', 'defendListing', 'stopLoss', 'covenant', 'lenderLiquidation', 'amendment']);

/** Days (ascending) with an event of interest for `ticker`. */
export function interestDays(trace: TeachingTrace, ticker: string): number[] {
  const days = new Set<number>();
  const seen = new Set<string>();
  for (const e of trace.events) {
    if (e.company !== ticker) continue;
    if (isOfInterest(e, seen)) days.add(e.day);
  }
  return [...days].sort((a, b) => a - b);
}

function isOfInterest(e: SimEvent, seenReasons: Set<string>): boolean {
  if (INTEREST_KINDS.has(e.kind)) return true;
  if (e.kind !== 'coinSale') return false;
  const r = String(e.reason);
  if (INTEREST_REASONS.has(r)) return true;
  if (seenReasons.has(r)) return false;
  seenReasons.add(r);
  return true;
}

/** The next (dir 1) or previous (-1) day of interest after/before `day`, or -1. */
export function nextInterest(days: readonly number[], day: number, dir: 1 | -1): number {
  if (dir > 0) {
    for (const d of days) if (d > day) return d;
    return -1;
  }
  for (let i = days.length - 1; i >= 0; i--) if (days[i] < day) return days[i];
  return -1;
}
