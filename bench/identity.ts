/**
 * Bit-identity check for restructuring work (issue 13: "results stay bit-identical"):
 * simulate() (path + counterfactual, full record) of every saved scenario under the
 * current tree and under another commit's sim/ and src/ trees (bench/baseline.ts),
 * compared number by number with Object.is (so -0 vs 0 and NaN placement count), and
 * every object's keys in order (the order JSON prints them).
 * Keys naming the engine build (engineHash, timings) are skipped.
 *
 *   npx tsx bench/identity.ts [--rev main] [--seeds 3] [--paths 2] [--days 730]
 *
 * Exit 0 and "identical: N results" when every number agrees; exit 1 and the first
 * differences (scenario, seed, path, key path, both values) otherwise.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileExpression } from '../src/rules.ts';
import { loadImpl } from './baseline.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const REV = opt('rev', 'main'), SEEDS = Number(opt('seeds', '3')), PATHS = Number(opt('paths', '2')), DAYS = Number(opt('days', '730'));
const SKIP = new Set(['engineHash', 'engine', 'elapsedMs', 'timings', 'sourceHash']);
const FILES = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();

const now = await loadImpl(ROOT, 'now');
const base = await loadImpl(ROOT, 'baseline', REV);
const compileNow = await compileExpression;
const compileBase = await base.compileExpression();

const diffs: string[] = [];
function compare(a: unknown, b: unknown, at: string): void {
  if (diffs.length >= 20) return;
  if (typeof a === 'number' || typeof b === 'number') {
    if (!Object.is(a, b)) diffs.push(`${at}: now ${String(a)} vs ${REV} ${String(b)}`);
    return;
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b) || Array.isArray(a) || Array.isArray(b)) {
    const x = Array.from(a as ArrayLike<unknown>), y = Array.from(b as ArrayLike<unknown>);
    if (x.length !== y.length) { diffs.push(`${at}: length ${x.length} vs ${y.length}`); return; }
    for (let i = 0; i < x.length && diffs.length < 20; i++) compare(x[i], y[i], `${at}[${i}]`);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    // Key order too: it is the order JSON prints (events are built as literals in emit's order).
    const ka = Object.keys(a).filter((k) => !SKIP.has(k)).join(), kb = Object.keys(b).filter((k) => !SKIP.has(k)).join();
    if (ka !== kb) { diffs.push(`${at}: keys ${ka} vs ${REV} ${kb}`); return; }
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!SKIP.has(k)) compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    return;
  }
  if (a !== b) diffs.push(`${at}: now ${JSON.stringify(a)} vs ${REV} ${JSON.stringify(b)}`);
}

let results = 0;
for (const file of FILES) {
  const text = readFileSync(join(ROOT, 'scenarios', file), 'utf8');
  const mNow = now.prepareModel(now.resolveScenarioText(text, { file }), { days: DAYS, compileRule: compileNow });
  const mBase = base.prepareModel(base.resolveScenarioText(text, { file }), { days: DAYS, compileRule: compileBase });
  for (let s = 1; s <= SEEDS; s++) for (let p = 0; p < PATHS; p++) {
    const opts = { seed: String(s), path: p };
    compare(now.runPrepared(mNow, opts), base.runPrepared(mBase, opts), `${file} seed ${s} path ${p}`);
    results++;
  }
}
if (diffs.length) {
  console.log(`DIFFERENT from ${REV}:\n  ${diffs.join('\n  ')}`);
  process.exit(1);
}
console.log(`identical: ${results} results (${FILES.length} scenarios x ${SEEDS} seeds x ${PATHS} paths, ${DAYS} days) against ${REV}`);
