/**
 * Child process of test/determinism.test.ts: reads a scenario file (JSON) and
 * options from argv, simulates, and prints the result as JSON on stdout.
 *   npx tsx test/reference/determinism-child.ts <scenario.json> <seed> <path>
 */
import { readFileSync } from 'node:fs';
import { run } from './scenarios.ts';

const [file, seed, path] = process.argv.slice(2);
const result = run(JSON.parse(readFileSync(file, 'utf8')), { seed, path: Number(path) });
process.stdout.write(JSON.stringify(result));
