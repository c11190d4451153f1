/**
 * The worker thread of `dat-sim risk --workers W` (src/risk/threads.ts): runs one slice of the
 * odds' Monte Carlo (src/risk/slices.ts, the function the app's risk workers run) and hands its
 * first days back (transferred). mathjs is loaded only for a scenario with user rules.
 */
import { parentPort } from 'node:worker_threads';
import type { ResolvedScenario } from '../../sim/index.ts';
import { usesRules } from '../uses-rules.ts';
import { firstDaysBuffers, runRiskSlice, type RiskSliceOptions } from './slices.ts';

export type RiskThreadRequest = { scenarioJson: string } & RiskSliceOptions;

const port = parentPort!;
port.on('message', async (msg: RiskThreadRequest) => {
  try {
    const scenario = JSON.parse(msg.scenarioJson) as ResolvedScenario;
    const compileRule = usesRules(scenario) ? (await import('../rules.ts')).compileExpression : undefined;
    const days = runRiskSlice(scenario, msg, compileRule);
    port.postMessage({ days }, firstDaysBuffers(days));
  } catch (e) {
    const err = e as Error;
    port.postMessage({ error: { name: err.name ?? 'Error', message: err.message ?? String(e) } });
  }
});
