/** Messages between the Analysis page and web/analysis.worker.ts (structured-cloned). */
import type { ResolvedScenario } from '../../sim/index.ts';
import type { SensitivityOptions, TornadoResult } from '../../src/analysis/sensitivity.ts';
import type { StressOptions, StressResult } from '../../src/analysis/stress.ts';

export type AnalysisRequest =
  | { type: 'tornado'; job: number; scenario: ResolvedScenario; metric: string; options: SensitivityOptions }
  | { type: 'stress'; job: number; scenario: ResolvedScenario; options: StressOptions };

export type AnalysisReply =
  | { type: 'progress'; job: number; done: number; total: number }
  | { type: 'tornado'; job: number; result: TornadoResult; elapsedMs: number }
  | { type: 'stress'; job: number; result: StressResult; elapsedMs: number }
  | { type: 'error'; job: number; message: string };
