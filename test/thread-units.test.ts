/**
 * src/node/thread-units.ts, the worker-thread dispatcher behind `dat-sim risk`, `sensitivity` and
 * `stress --workers W`: a thread's error rejects the whole run with the thread's error name and
 * message, and every thread stops (the run settles). The byte-for-byte equality of the outputs on
 * 1 and 2 threads is tested with each command (test/risk-cli.test.ts, test/sensitivity.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { unitsOnThreads } from '../src/node/thread-units.ts';
import { riskFirstDaysOnThreads } from '../src/risk/threads.ts';
import type { RiskThreadJob } from '../src/risk/worker.ts';
import { loadScenarioFile } from '../src/node/files.ts';
import { ROOT } from './batch-fixture.ts';
import { join } from 'node:path';

const RISK_WORKER = new URL('../src/risk/worker.mjs', import.meta.url);

describe('units on worker threads', () => {
  it("a job a thread cannot prepare rejects with that thread's error (its name kept), on every thread", async () => {
    const job: RiskThreadJob = { scenarioJson: '{ not json', seed: 's', slices: [[0, 1], [1, 2]] };
    const run = unitsOnThreads(RISK_WORKER, job, [0, 1], 2, 'a risk worker thread');
    await expect(run).rejects.toMatchObject({ name: 'SyntaxError' });
    await expect(run).rejects.toThrow(/JSON/);
  });

  it('a unit that fails on its thread rejects the run; units that succeed come back in unit order', async () => {
    const scenario = loadScenarioFile(join(ROOT, 'scenarios/sqns.json'));
    // A horizon the engine refuses: each thread's first unit fails; the engine's ModelError comes back as one.
    const bad: RiskThreadJob = { scenarioJson: JSON.stringify(scenario), seed: 's', days: -5, slices: [[0, 1], [1, 2]] };
    const run = unitsOnThreads(RISK_WORKER, bad, [1, 0], 2, 'a risk worker thread');
    await expect(run).rejects.toMatchObject({ name: 'ModelError', message: 'days: expected a whole number of days from 1 to 3650, got -5' });
    // The same paths on 1 and 2 threads: the same first days, slice by slice in path order.
    const one = await riskFirstDaysOnThreads(scenario, { paths: 4, seed: 'units', days: 60 }, 1);
    const two = await riskFirstDaysOnThreads(scenario, { paths: 4, seed: 'units', days: 60 }, 2);
    expect(two).toEqual(one);
  });
});
