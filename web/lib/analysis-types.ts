/**
 * Messages between the Analysis page (web/lib/analysis-controller.ts) and its workers
 * (web/analysis.worker.ts), structured-cloned: each request is one unit of a job, an ensemble of
 * the tornado (src/analysis/tornado.ts plan order) or a cell of the stress grid (drawdown-major).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import type { SensitivityOptions, TornadoEnsemble, TornadoResult } from '../../src/analysis/tornado.ts';
import type { StressOptions, StressResult } from '../../src/analysis/stress.ts';

export type AnalysisRequest =
  | { type: 'tornado'; job: number; unit: number; scenario: ResolvedScenario; metric: string; options: SensitivityOptions }
  | { type: 'stress'; job: number; unit: number; scenario: ResolvedScenario; options: StressOptions };

export type AnalysisReply =
  | { type: 'tornado'; job: number; unit: number; result: TornadoEnsemble }
  | { type: 'stress'; job: number; unit: number; result: StressResult }
  | { type: 'error'; job: number; message: string };

/** A job as the page starts it (the controller cuts it into units). */
export type AnalysisJob =
  | { type: 'tornado'; scenario: ResolvedScenario; metric: string; options: SensitivityOptions }
  | { type: 'stress'; scenario: ResolvedScenario; options: StressOptions };

/** A finished job: the assembled result, the wall time from start to result and the workers it ran on. */
export type AnalysisDone =
  | { type: 'tornado'; result: TornadoResult; elapsedMs: number; workers: number }
  | { type: 'stress'; result: StressResult; elapsedMs: number; workers: number };
