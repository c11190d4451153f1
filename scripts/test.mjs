#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it.
//   1. type-check the project, and the engine alone with no DOM/Node types;
//   2. make sure Debian's chromium is there for the browser tests (installs it when missing);
//   3. build the web app (the end-to-end tests run against the built files);
//   4. run every Vitest project (unit + e2e);
//   5. print one closing line "N passed, N failed, N skipped" for CI.
// Stops at the first failing step with its exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
function step(title, cmd, args) {
  process.stderr.write(`\n=== ${title}: ${[cmd, ...args].join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stderr.write(`\n${title} failed (exit ${r.status ?? r.signal}).\n`);
    process.exit(r.status || 1);
  }
}

step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('typecheck engine (pure)', bin('tsc'), ['-p', 'sim/tsconfig.json', '--noEmit']);
if (existsSync('scripts/ensure-chromium.mjs')) step('chromium', process.execPath, ['scripts/ensure-chromium.mjs']);
step('build web app', bin('vite'), ['build', '--logLevel', 'warn']);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const vitest = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit', env: process.env });
let passed = 0, failed = 0, skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests; failed = r.numFailedTests; skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  if (!r.numTotalTests) failed = Math.max(failed, 1), process.stderr.write('no test ran\n');
} else {
  failed = 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(vitest.status !== 0 ? vitest.status || 1 : failed > 0 ? 1 : 0);
