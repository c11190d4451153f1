/**
 * The worker thread of `dat-sim risk --workers W` (src/risk/threads.ts): the job (the scenario, the
 * run's settings and the path slices), then one slice at a time (src/node/thread-units.ts); it runs a
 * slice of the odds' Monte Carlo (src/risk/slices.ts, the function the app's risk workers run) and
 * hands its first days back (transferred). mathjs is loaded only for a scenario with user rules.
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { serveUnits } from '../node/thread-unit-worker.ts';
import { usesRules } from '../uses-rules.ts';
import type { FirstDays } from './probabilities.ts';
import { firstDaysBuffers, runRiskSlice, type RiskSliceOptions } from './slices.ts';

export type RiskThreadJob = { scenarioJson: string; slices: [number, number][] } & Omit<RiskSliceOptions, 'start' | 'end'>;

serveUnits<RiskThreadJob, { job: RiskThreadJob; scenario: ResolvedScenario; compileRule?: Parameters<typeof runRiskSlice>[2] }, FirstDays>(
  async (job) => {
    const scenario = JSON.parse(job.scenarioJson) as ResolvedScenario;
    return { job, scenario, compileRule: usesRules(scenario) ? (await import('../rules.ts')).compileExpression : undefined };
  },
  ({ job, scenario, compileRule }, unit) => {
    const [start, end] = job.slices[unit];
    const days = runRiskSlice(scenario, { seed: job.seed, days: job.days, deterministic: job.deterministic, start, end }, compileRule);
    return { result: days, transfer: firstDaysBuffers(days) };
  },
);
