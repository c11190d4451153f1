/** Messages between the Analysis page and web/analysis.worker.ts (structured-cloned). */
import type { ResolvedScenario } from '../../sim/index.ts';
import type { SensitivityOptions, TornadoResult } from '../../src/analysis/sensitivity.ts';
import type { StressOptions, StressResult } from '../../src/analysis/stress.ts';
import type { RiskReport } from '../../src/risk/map.ts';

/** The risk map's Monte Carlo odds (`dat-sim risk --paths N --seed S`). */
export interface RiskOddsOptions {
  paths: number;
  seed: string;
}

export type AnalysisRequest =
  | { type: 'tornado'; job: number; scenario: ResolvedScenario; metric: string; options: SensitivityOptions }
  | { type: 'stress'; job: number; scenario: ResolvedScenario; options: StressOptions }
  | { type: 'risk'; job: number; scenario: ResolvedScenario; options: RiskOddsOptions };

export type AnalysisReply =
  | { type: 'progress'; job: number; done: number; total: number }
  | { type: 'tornado'; job: number; result: TornadoResult; elapsedMs: number }
  | { type: 'stress'; job: number; result: StressResult; elapsedMs: number }
  | { type: 'risk'; job: number; result: RiskReport; elapsedMs: number }
  | { type: 'error'; job: number; message: string };
