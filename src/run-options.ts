/**
 * The run options the library's entries share (simulate, monteCarlo, sweep, riskMap, backtest),
 * checked as the CLI checks its flags (`--seed` non-empty, `--path` 0 to 2^31 - 1, `--paths`):
 * each function returns what is wrong, or null, and the caller throws its own error class
 * (ModelError, BatchError, RiskInputError, RangeError). `days` is checked by the engine itself
 * (prepareModel: 1 to MAX_HORIZON_DAYS), which every run goes through. Pure (no Node: the web
 * app's workers run riskMap).
 */
import { describeValue } from '../sim/index.ts';

/** The most paths an ensemble takes (monteCarlo, sweep): its bin counts are 32-bit. */
export const MAX_PATHS = 1_000_000_000;

/** null when `paths` is a whole number from 1 to MAX_PATHS, else what is wrong (the words mc's checkPaths has always used). */
export function pathCountProblem(paths: unknown): string | null {
  if (typeof paths !== 'number' || !Number.isInteger(paths) || paths < 1) return `paths must be a whole number >= 1, got ${describeValue(paths)}`;
  if (paths > MAX_PATHS) return `paths must be at most ${MAX_PATHS.toExponential(0)} (bin counts are 32-bit), got ${paths}; split the study into runs with different seeds`;
  return null;
}

/**
 * The most paths of a run that keeps a figure per path (riskMap's odds: each trigger's first day;
 * backtest: each outcome's value), as the CLI's `dat-sim risk --paths` and `backtest --paths`.
 */
export const MAX_KEPT_PATHS = 100_000;

/** null when `paths` is a whole number from 1 to MAX_KEPT_PATHS, else what is wrong. */
export function keptPathCountProblem(paths: unknown): string | null {
  if (typeof paths === 'number' && Number.isInteger(paths) && paths >= 1 && paths <= MAX_KEPT_PATHS) return null;
  return `paths must be a whole number from 1 to ${MAX_KEPT_PATHS} (a figure is kept for each path), got ${describeValue(paths)}`;
}

/** The largest path index (`--path`): paths are numbered from 0 within a seed. */
export const MAX_PATH_INDEX = 2 ** 31 - 1;

export interface OptionProblem {
  option: 'seed' | 'path';
  /** "expected ..., got ...". */
  message: string;
}

/**
 * A seed is a non-empty string or a finite number (undefined: the scenario's); a path index a
 * whole number from 0 to MAX_PATH_INDEX (undefined: path 0).
 */
export function runOptionProblem(o: { seed?: unknown; path?: unknown }): OptionProblem | null {
  const seed = o.seed, path = o.path;
  if (seed !== undefined && !(typeof seed === 'string' ? seed.trim() !== '' : typeof seed === 'number' && Number.isFinite(seed))) {
    return { option: 'seed', message: `expected a non-empty string or a finite number, got ${describeValue(seed)}` };
  }
  if (path !== undefined && !(typeof path === 'number' && Number.isInteger(path) && path >= 0 && path <= MAX_PATH_INDEX)) {
    return { option: 'path', message: `expected a whole number from 0 to ${MAX_PATH_INDEX}, got ${describeValue(path)}` };
  }
  return null;
}

/** The seed a run uses: the option, else the scenario's, as text ("<seed>:<path>" seeds a path). */
export function runSeed(seed: string | number | undefined, scenarioSeed: string): string {
  return String(seed ?? scenarioSeed);
}
