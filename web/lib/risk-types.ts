/** Messages between web/lib/risk-odds-controller.ts and web/risk.worker.ts (structured-cloned). */
import type { ResolvedScenario } from '../../sim/index.ts';
import type { RiskReport } from '../../src/risk/map.ts';
import type { FirstDays } from '../../src/risk/probabilities.ts';

/** The risk map's Monte Carlo odds (`dat-sim risk --paths N --seed S`). */
export interface RiskOddsOptions {
  paths: number;
  seed: string;
  /** The horizon (the app's Horizon setting; `dat-sim risk --days`). */
  days: number;
  deterministic: boolean;
  /** The Monte Carlo's first days, already run by slices and merged (else the worker runs every path). */
  firstDays?: FirstDays;
}

/** One slice of the odds' Monte Carlo: paths start..end-1 (src/risk/slices.ts). */
export type { RiskSliceOptions } from '../../src/risk/slices.ts';
import type { RiskSliceOptions } from '../../src/risk/slices.ts';

export type RiskRequest =
  | { type: 'risk'; job: number; scenario: ResolvedScenario; options: RiskOddsOptions }
  | { type: 'riskSlice'; job: number; scenario: ResolvedScenario; options: RiskSliceOptions };

export type RiskReply =
  | { type: 'progress'; job: number; done: number; total: number }
  | { type: 'risk'; job: number; result: RiskReport; elapsedMs: number }
  | { type: 'riskSlice'; job: number; result: FirstDays; elapsedMs: number }
  | { type: 'error'; job: number; message: string };
