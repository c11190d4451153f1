import { readFileSync } from 'node:fs';
import { resolveScenarioText } from '../src/resolve.ts';
import { prepare, runPrepared } from '../src/simulate.ts';
const file = process.argv[2] ?? 'fgnx.json';
const model = prepare(resolveScenarioText(readFileSync('scenarios/' + file, 'utf8'), { file }), { days: 730 });
for (let i = 0; i < 200; i++) runPrepared(model, { seed: String(i) });
const t0 = performance.now();
for (let i = 0; i < 1000; i++) runPrepared(model, { seed: String(i) });
console.log(file, ((performance.now() - t0) / 1000).toFixed(3), 'ms/path');
