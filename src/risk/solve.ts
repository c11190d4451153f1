/**
 * Bracketing and bisection of a yes/no trigger on the coin price in (0, P0].
 *
 * The predicate is scanned on a log-spaced grid from today's price P0 down to
 * `floorFraction` P0; the first change from "does not fire" to "fires" (falling
 * from P0) is bisected in log space to a relative width of 1e-12. A predicate
 * that changes state more than once on the grid is reported as not monotone,
 * with every bracket; the price given is then the first crossing from today.
 * Windows narrower than a grid step (about 7% with the defaults) can be missed.
 */

export type SolveStatus = 'solved' | 'firesToday' | 'none';

export interface Solved {
  status: SolveStatus;
  /** Highest coin price below which the trigger fires (USD); null when it fires today or never. */
  triggerCoinPrice: number | null;
  /** (P0 - trigger) / P0 in percent: how far the coin must fall. */
  distancePct: number | null;
  /** [fires at, does not fire at] around the solved price. */
  bracket: [number, number] | null;
  /** False when the predicate changes state more than once on the grid. */
  monotone: boolean;
  /** Every grid bracket [lower, upper] where the predicate changes state, highest first. */
  crossings: [number, number][];
}

export interface SolveOptions {
  /** Grid points below P0 (default 200). */
  gridPoints?: number;
  /** Lowest price scanned, as a fraction of P0 (default 1e-6). */
  floorFraction?: number;
}

export const DEFAULT_FLOOR_FRACTION = 1e-6;

export function solveTrigger(fires: (p: number) => boolean, p0: number, options: SolveOptions = {}): Solved {
  const n = options.gridPoints ?? 200;
  const floor = options.floorFraction ?? DEFAULT_FLOOR_FRACTION;
  const ratio = Math.pow(floor, 1 / n);
  const grid: number[] = [];
  const state: boolean[] = [];
  for (let k = 0; k <= n; k++) {
    const p = k === 0 ? p0 : p0 * Math.pow(ratio, k);
    grid.push(p);
    state.push(fires(p));
  }
  const crossings: [number, number][] = [];
  for (let k = 1; k <= n; k++) if (state[k] !== state[k - 1]) crossings.push([grid[k], grid[k - 1]]);
  const monotone = crossings.length <= 1;
  if (state[0]) return { status: 'firesToday', triggerCoinPrice: null, distancePct: 0, bracket: null, monotone, crossings };
  const k = state.indexOf(true);
  if (k < 0) return { status: 'none', triggerCoinPrice: null, distancePct: null, bracket: null, monotone, crossings };
  let lo = grid[k], hi = grid[k - 1]; // fires at lo, not at hi
  for (let it = 0; it < 200 && hi / lo - 1 > 1e-12; it++) {
    const mid = Math.sqrt(lo * hi);
    if (mid <= lo || mid >= hi) break;
    if (fires(mid)) lo = mid;
    else hi = mid;
  }
  return { status: 'solved', triggerCoinPrice: hi, distancePct: ((p0 - hi) / p0) * 100, bracket: [lo, hi], monotone, crossings };
}
