/**
 * The worker thread of `dat-sim sensitivity|stress --workers W` (src/analysis/threads.ts): first
 * the job (the scenario, metric and options), then one unit at a time, the functions the app's
 * analysis workers run (src/analysis/sensitivity.ts tornadoUnit, stress.ts stressCell). The
 * tornado's values are transferred. mathjs is loaded with the analyses (src/analysis/run.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { ResolvedScenario } from '../../sim/index.ts';
import { tornadoUnit } from './sensitivity.ts';
import { stressCell, type StressOptions, type StressResult } from './stress.ts';
import type { SensitivityOptions, TornadoEnsemble } from './tornado.ts';

export type AnalysisThreadJob =
  | { kind: 'tornado'; scenarioJson: string; metric: string; options: SensitivityOptions }
  | { kind: 'stress'; scenarioJson: string; options: StressOptions };

export type AnalysisThreadReply = { unit: number; result: TornadoEnsemble | StressResult } | { error: { name: string; message: string } };

const port = parentPort!;
let job: AnalysisThreadJob | null = null;
let scenario: ResolvedScenario | null = null;

port.on('message', (msg: { job: AnalysisThreadJob } | { unit: number }) => {
  try {
    if ('job' in msg) {
      job = msg.job;
      scenario = JSON.parse(job.scenarioJson) as ResolvedScenario;
      return;
    }
    if (!job || !scenario) throw new Error('an analysis worker thread got a unit before its job');
    if (job.kind === 'tornado') {
      const result = tornadoUnit(scenario, job.metric, job.options, msg.unit);
      port.postMessage({ unit: msg.unit, result } satisfies AnalysisThreadReply, 'values' in result ? [result.values.buffer as ArrayBuffer] : []);
    } else {
      port.postMessage({ unit: msg.unit, result: stressCell(scenario, job.options, msg.unit) } satisfies AnalysisThreadReply);
    }
  } catch (e) {
    const err = e as Error;
    port.postMessage({ error: { name: err.name ?? 'Error', message: err.message ?? String(e) } } satisfies AnalysisThreadReply);
  }
});
