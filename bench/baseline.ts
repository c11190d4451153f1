/**
 * The previous engine, for side-by-side figures in `npm run bench`: the sim/
 * and src/ trees of a fixed commit (default BASELINE_COMMIT, the engine before
 * issue 13's speed work; `--baseline <rev>` picks another) extracted with
 * `git archive` into node_modules/.cache/dat-sim-bench-baseline/<sha>/, where
 * tsx runs them and their bare imports (seedrandom, mathjs, tsx) resolve to
 * this checkout's node_modules. Nothing of it is in the repository's sources,
 * so tsc, vitest and the duplicate finder never see the copy.
 *
 * `loadImpl('now')` and `loadImpl('baseline')` give the same handful of entry
 * points from either tree, so every measurement is one function run twice.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** main at the start of issue 13's engine work ("One premium target ..."). */
export const BASELINE_COMMIT = 'e447024a3cbbd996d1473950a143194f58a67a89';

export type ImplName = 'now' | 'baseline';

/** The entry points the bench uses, loaded from one tree. Loose types: the two trees' signatures may differ in detail. */
export interface Impl {
  name: ImplName;
  /* eslint-disable @typescript-eslint/no-explicit-any */
  prepareModel: (scenario: any, options: any) => any;
  PathRun: new (model: any, seed: string, path: number, options: any) => { run(): unknown };
  runPrepared: (model: any, options: any) => unknown;
  resolveScenarioText: (text: string, options: { file: string }) => any;
  monteCarlo: (scenario: any, options: any) => Promise<{ paths: number }>;
  WorkerPool: new (n: number) => { close(): Promise<void>; workerStats: { heapUsedBytes: number; externalBytes: number }[] };
  usesRules: (scenario: unknown) => boolean;
  compileExpression: () => Promise<(source: string, path: string) => unknown>;
  /** src/risk's riskMap (the pure one: the rule compiler is an option). */
  riskMap: (scenario: any, options: any) => unknown;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

/** Extract (once) the baseline trees and return their root folder. */
export function baselineRoot(repoRoot: string, rev: string = BASELINE_COMMIT): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const dir = join(repoRoot, 'node_modules', '.cache', 'dat-sim-bench-baseline', sha);
  if (existsSync(join(dir, 'package.json'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const tar = execFileSync('git', ['archive', sha, 'sim', 'src'], { cwd: repoRoot, maxBuffer: 256 << 20 });
  execFileSync('tar', ['-x', '-C', tmp], { input: tar });
  // Under node_modules a folder without package.json is CommonJS to tsx, whose module
  // interop then reads every cross-file import through a getter (~10% of the engine's
  // time): mark the copy as ES modules, as the checkout's own package.json does.
  writeFileSync(join(tmp, 'package.json'), '{ "type": "module", "private": true }\n');
  renameSync(tmp, dir);
  return dir;
}

export async function loadImpl(repoRoot: string, name: ImplName, rev?: string): Promise<Impl> {
  const root = name === 'now' ? repoRoot : baselineRoot(repoRoot, rev);
  const mod = (p: string) => import(pathToFileURL(join(root, p)).href);
  const [sim, simulate, resolve, mc, pool, risk] = await Promise.all([
    mod('sim/index.ts'), mod('src/simulate.ts'), mod('src/resolve.ts'), mod('src/batch/mc.ts'), mod('src/batch/pool.ts'), mod('src/risk/index.ts'),
  ]);
  return {
    name,
    prepareModel: sim.prepareModel,
    PathRun: sim.PathRun,
    runPrepared: simulate.runPrepared,
    resolveScenarioText: resolve.resolveScenarioText,
    monteCarlo: mc.monteCarlo,
    WorkerPool: pool.WorkerPool,
    usesRules: mc.usesRules,
    compileExpression: async () => (await mod('src/rules.ts')).compileExpression,
    riskMap: risk.riskMap,
  };
}
