/**
 * Write every saved scenario (the calibration replay and the library: all of
 * scenarios/*.json except the schema) from scripts/calibration/scenarios.ts.
 * They are forecasts made on 2025-11-21 (docs/forecasts-2025-11-21.md);
 * test/scenario-consistency.test.ts checks the files equal this output.
 *
 *   npx tsx scripts/calibration/fit.ts --write       (fit; writes fitted.json)
 *   npx tsx scripts/calibration/build-scenarios.ts   (writes the scenario files)
 *   npx tsx scripts/calibration/report.ts            (writes docs/calibration.md)
 *
 * Every file is resolved (validated) before it is written.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveScenario } from '../../src/resolve.ts';
import { checkExpression } from '../../src/rules.ts';
import { writeFileAtomic } from '../../src/node/files.ts';
import type { ScenarioFile } from '../../src/schema.ts';
import { libraryScenarios, replayScenario, type Fitted } from './scenarios.ts';

export const FITTED_JSON = fileURLToPath(new URL('./fitted.json', import.meta.url));
export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export function readFitted(): Fitted {
  return JSON.parse(readFileSync(FITTED_JSON, 'utf8')) as Fitted;
}

export function allBuilt(f: Fitted): ScenarioFile[] {
  return [replayScenario(f), ...libraryScenarios()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const s of allBuilt(readFitted())) {
    resolveScenario(s, { checkExpression, file: `${s.id}.json` });
    const file = `${SCENARIOS_DIR}${s.id}.json`;
    writeFileAtomic(file, JSON.stringify(s, null, 2) + '\n');
    process.stderr.write(`wrote scenarios/${s.id}.json\n`);
  }
}
