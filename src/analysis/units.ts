/**
 * The tornado and the stress grid as independent units of work, without the engine: how much
 * compute a job is, how many workers it is worth, and the grid from its cells (the tornado's
 * plan and assembly are src/analysis/tornado.ts). The app's page hands its analysis workers the
 * units (web/lib/analysis-controller.ts), `dat-sim sensitivity|stress --workers` its threads
 * (src/analysis/threads.ts); a unit's result does not depend on who ran it.
 */
import type { StressResult } from './stress.ts';

/** The grid from its cells (one-cell grids of src/analysis/stress.ts stressCell) in drawdown-major order: stressGrid's result for the whole grid. */
export function stressFromCells(parts: readonly StressResult[]): StressResult {
  if (!parts.length) throw new RangeError('a stress grid needs at least one cell');
  return { ...parts[0], cells: parts.flatMap((p) => p.cells) };
}

/**
 * One worker's compute for an analysis job of `units` units, in seconds: the tornado at 0.35 us
 * per company-path-day (contagion's 29 ensembles x 100 paths x 730 days x 6 companies: ~4.4 s; 5.2-7.0 s on one worker in
 * Chromium here), a stress cell at 35 us per company-day (it runs one deterministic path ~25
 * times to land the mNAV: contagion's 25 cells, 3.7 s in Node). Decides how many workers to
 * start (unitWorkers), not shown.
 */
export function estimatedSeconds(job: { type: 'tornado' | 'stress'; scenario: { companies: readonly unknown[]; horizonDays: number }; options: { days?: number; paths?: number } }, units: number): number {
  const days = job.options.days ?? job.scenario.horizonDays, companies = Math.max(1, job.scenario.companies.length);
  return job.type === 'tornado' ? units * (job.options.paths ?? 1) * days * companies * 0.35e-6 : units * days * companies * 35e-6;
}

/**
 * Estimated compute (s) a worker is started for: each new one first loads and compiles the engine
 * and warms it up, about 2 s of a core. In Chromium on 2 cores, first run / again: FGNX's default
 * tornado (~0.4 s estimated) 2.6-2.9 / 0.9-1.0 s on one worker, 3.2-3.5 / 0.8-1.2 s on two;
 * wargame-ten's 3 x 3 grid (~2.3 s estimated) 2.6-3.4 / 1.6-1.9 s on one, 3.4 / 1.2 s on two;
 * contagion's tornado over 100 paths (~5 s estimated) 6.4-9.0 / 5.2-7.0 s on one, 5.9-7.1 /
 * 3.3-3.7 s on two. The page keeps its workers between runs, so a second worker pays from the
 * second run on; each CLI command starts its threads afresh (a thread costs about as much), so
 * they wait for more work: contagion's 25-cell grid (~3.8 s estimated) 3.4-3.8 s on one thread,
 * 3.9-4.6 s on two; its tornado 6.8 s on one, 5.8 s on two.
 */
export const SECONDS_PER_WORKER = 2.5;
export const SECONDS_PER_THREAD = 4;

/** Workers for `units` units estimated at `seconds` of one worker's compute: one per `per` seconds, at most `max` and one per unit, at least one. */
export function unitWorkers(units: number, seconds: number, max: number, per: number): number {
  return Math.max(1, Math.min(max, units, Math.ceil(seconds / per)));
}

/**
 * The order to hand units out in: the stress grid's last rows first (its deepest drawdowns cost
 * the most: contagion's MSTR cells take 46-110 ms up to a 30% fall and 300-710 ms at 50-70%, so
 * handing them out last left one worker finishing them alone); the tornado's ensembles in plan
 * order (they cost about the same). The result is assembled by unit index either way.
 */
export function dispatchOrder(type: 'tornado' | 'stress', units: number): number[] {
  return Array.from({ length: units }, (_, k) => (type === 'stress' ? units - 1 - k : k));
}
