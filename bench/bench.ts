/**
 * dat-sim benchmark (`npm run bench`): prints the figures and writes them as
 * JSON to bench/results/latest.json.
 *
 *   (a) one 730-day path of each saved scenario, after warm-up: CPU ms per path
 *       (engine alone in summary mode, and simulate(): full series + counterfactual)
 *       and ns per company-day. Target: < 2 ms a path.
 *   (b) scenarios/contagion.json, 730 days, summary mode: 10,000 paths on one
 *       worker and on all workers, then 100,000 (and 1,000,000 with --million)
 *       on all workers: wall time, path-days/s, company-path-days/s per core, ns
 *       per company-day, peak RSS. Each run is a fresh child process, so its
 *       peak RSS is its own. Targets: >= 10M company-path-days/s per core
 *       (~100 ns a company-day), < 3 s wall on 2 cores, RSS < 300 MB and flat.
 *       Measured twice: the engine alone (no counterfactual, no bands) and the
 *       default `dat-sim mc` (counterfactual + bands: about twice the work).
 *   (c) a 3x3x3 sweep x 1,000 paths of contagion (730 days).
 *   (d) the packed package installed in a fresh folder: install size (target
 *       < 15 MB) and `dat-sim --help` CPU time (target < 0.3 s) (bench/package-figures.ts).
 *
 * Flags: --quick (10x fewer paths everywhere, for a smoke run), --million,
 * --skip-b, --skip-c, --skip-d. Profile the engine with:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/bench.ts --child engine --scenario contagion --paths 3000
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PathRun, prepareModel } from '../sim/engine.ts';
import { resolveScenarioText } from '../src/resolve.ts';
import { runPrepared } from '../src/simulate.ts';
import { monteCarlo, usesRules } from '../src/batch/mc.ts';
import { WorkerPool } from '../src/batch/pool.ts';
import { runSweep, prepareSweep } from '../src/batch/sweep.ts';
import { engineIdentity } from '../src/batch/identity.ts';
import { packageFigures } from './package-figures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');
const DAYS = 730;
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

/**
 * Load a saved scenario without src/node/files.ts, which pulls in mathjs
 * (~110 MB, ~1 s) for rule checking even when no rule is used: the children
 * measure what the ensemble machinery itself costs. The saved scenarios have
 * no `rules` policies; one that had would fail here, loudly.
 */
function loadScenarioFile(file: string) {
  return resolveScenarioText(readFileSync(file, 'utf8'), { file });
}
const compileExpression = (_s: string, path: string): never => {
  throw new Error(`${path}: the benchmark does not load the rule compiler`);
};

const mb = (kb: number) => Math.round(kb / 102.4) / 10; // resourceUsage().maxRSS is in KiB
const round = (x: number, d = 3) => Number(x.toPrecision(d));

/** CPU time (user + system, all threads of this process) in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

// ---------------------------------------------------------------------------
// Child-process measurements (a fresh process each, so peak RSS is the run's own)
// ---------------------------------------------------------------------------

async function childMc(): Promise<object> {
  const paths = Number(opt('paths', '10000'));
  const workers = Number(opt('workers', String(availableParallelism())));
  const full = opt('mode', 'engine') === 'mc';
  const scenario = loadScenarioFile(join(SCENARIOS, 'contagion.json'));
  const pool = workers > 1 ? new WorkerPool(workers) : undefined;
  const rss0 = process.resourceUsage().maxRSS;
  const c0 = cpuMs(), t0 = performance.now();
  const r = await monteCarlo(scenario, { paths, days: DAYS, workers, pool, bands: full, counterfactual: full, seed: 'bench' });
  const wallMs = performance.now() - t0, cpu = cpuMs() - c0;
  await pool?.close();
  const companies = scenario.companies.length;
  return {
    paths: r.paths,
    workers,
    mode: full ? 'mc default (counterfactual + bands)' : 'engine only (no counterfactual, no bands)',
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpu),
    pathDaysPerSec: round((paths * DAYS) / (wallMs / 1000)),
    companyPathDaysPerSecPerCore: round((paths * DAYS * companies) / (cpu / 1000)),
    nsPerCompanyDay: round((cpu * 1e6) / (paths * DAYS * companies)),
    msPerPathCpu: round(cpu / paths),
    peakRssMb: mb(process.resourceUsage().maxRSS),
    rssBeforeRunMb: mb(rss0),
    workerHeapMb: pool ? pool.workerStats.map((s) => round(s.heapUsedBytes / 1048576)) : [],
    workerExternalMb: pool ? pool.workerStats.map((s) => round(s.externalBytes / 1048576)) : [],
  };
}

async function childSweep(): Promise<object> {
  const paths = Number(opt('paths', '1000'));
  const workers = availableParallelism();
  const set = {
    'markets.BTC.sigma': [0.4, 0.6, 0.8],
    'markets.BTC.impactY': [0.35, 0.7, 1.4],
    'companies.SQNS.policies[0].trigger': [0.4, 0.55, 0.7],
  };
  const prepared = await prepareSweep(join(SCENARIOS, 'contagion.json'), { set, days: DAYS });
  const c0 = cpuMs(), t0 = performance.now();
  let points = 0;
  for await (const _p of runSweep(prepared, { paths, days: DAYS, workers, seed: 'bench' })) points++;
  const wallMs = performance.now() - t0, cpu = cpuMs() - c0;
  return {
    grid: '3x3x3: markets.BTC.sigma x markets.BTC.impactY x companies.SQNS.policies[0].trigger',
    points,
    pathsPerPoint: paths,
    workers,
    mode: 'counterfactual on, bands off (sweep default)',
    wallMs: Math.round(wallMs),
    pointsPerSec: round(points / (wallMs / 1000)),
    pathDaysPerSec: round((points * paths * DAYS) / (wallMs / 1000)),
    cpuMs: Math.round(cpu),
    peakRssMb: mb(process.resourceUsage().maxRSS),
  };
}

/** Engine only, in this process (for --cpu-prof). */
function childEngine(): object {
  const id = opt('scenario', 'contagion');
  const paths = Number(opt('paths', '3000'));
  const model = prepareModel(loadScenarioFile(join(SCENARIOS, `${id}.json`)), { days: DAYS, compileRule: compileExpression });
  for (let i = 0; i < 300; i++) new PathRun(model, 'warm', i, { record: 'summary' }).run();
  const c0 = cpuMs();
  for (let i = 0; i < paths; i++) new PathRun(model, 'bench', i, { record: 'summary' }).run();
  const cpu = cpuMs() - c0;
  return { scenario: id, paths, msPerPath: round(cpu / paths), nsPerCompanyDay: round((cpu * 1e6) / (paths * DAYS * model.companies.length)) };
}

function runChild(childArgs: string[]): Record<string, unknown> {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [fileURLToPath(import.meta.url), '--child', ...childArgs], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bench child ${childArgs.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

// ---------------------------------------------------------------------------
// (a) one path of each saved scenario, in this process
// ---------------------------------------------------------------------------

async function perScenario(quick: boolean): Promise<object[]> {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  const out: object[] = [];
  for (const f of files) {
    const scenario = loadScenarioFile(join(SCENARIOS, f));
    // (a) runs in this process: load the rule compiler for the scenarios that need it.
    const compileRule = usesRules(scenario) ? (await import('../src/rules.ts')).compileExpression : compileExpression;
    const model = prepareModel(scenario, { days: DAYS, compileRule });
    const nC = Math.max(1, model.companies.length);
    const n = quick ? 100 : 500;
    for (let i = 0; i < 200; i++) new PathRun(model, 'warm', i, { record: 'summary' }).run();
    let c0 = cpuMs();
    for (let i = 0; i < n; i++) new PathRun(model, 'bench', i, { record: 'summary' }).run();
    const engineMs = (cpuMs() - c0) / n;
    for (let i = 0; i < 20; i++) runPrepared(model, { seed: 'warm', path: i });
    const m = quick ? 20 : 100;
    c0 = cpuMs();
    for (let i = 0; i < m; i++) runPrepared(model, { seed: 'bench', path: i });
    const fullMs = (cpuMs() - c0) / m;
    out.push({
      scenario: scenario.id,
      companies: model.companies.length,
      markets: model.markets.length,
      engineMsPerPath: round(engineMs),
      engineNsPerCompanyDay: round((engineMs * 1e6) / (DAYS * nC)),
      simulateMsPerPath: round(fullMs),
      targetMsPerPath: 2,
      meetsTarget: engineMs < 2,
    });
  }
  return out;
}

async function main(): Promise<void> {
  if (flag('child')) {
    const kind = args[args.indexOf('--child') + 1];
    const r = kind === 'mc' ? await childMc() : kind === 'sweep' ? await childSweep() : childEngine();
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const quick = flag('quick');
  const scale = quick ? 0.1 : 1;
  const W = availableParallelism();
  const log = (s: string) => process.stdout.write(s + '\n');
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: W, model: cpus()[0]?.model, memoryGb: round(totalmem() / 2 ** 30), node: process.version },
    engine: engineIdentity(),
    quick,
    targets: { msPerPath: 2, companyPathDaysPerSecPerCore: 1e7, nsPerCompanyDay: 100, wallSeconds10kOn2Cores: 3, peakRssMb: 300 },
  };

  log(`dat-sim bench: ${W} cores, ${results.machine && (results.machine as { model: string }).model}, node ${process.version}${quick ? ' (quick)' : ''}`);
  log('\n(a) one 730-day path per saved scenario (CPU time after warm-up; target < 2 ms)');
  const a = await perScenario(quick);
  results.a = a;
  for (const r of a as Record<string, number | string | boolean>[]) {
    log(`  ${String(r.scenario).padEnd(10)} ${r.companies} co  engine ${String(r.engineMsPerPath).padStart(6)} ms/path  ${String(r.engineNsPerCompanyDay).padStart(6)} ns/company-day  simulate() ${r.simulateMsPerPath} ms${r.meetsTarget ? '' : '  (misses target)'}`);
  }

  if (!flag('skip-b')) {
    log('\n(b) contagion.json, 730 days, summary mode (each run a fresh process)');
    const n10k = Math.round(10_000 * scale), n100k = Math.round(100_000 * scale);
    const runs: [number, number, string][] = [
      [n10k, 1, 'engine'],
      [n10k, W, 'engine'],
      [n100k, W, 'engine'],
      [n10k, 1, 'mc'],
      [n10k, W, 'mc'],
      [n100k, W, 'mc'],
    ];
    if (flag('million')) runs.push([Math.round(1_000_000 * scale), W, 'engine'], [Math.round(1_000_000 * scale), W, 'mc']);
    const b: Record<string, unknown>[] = [];
    for (const [paths, workers, mode] of runs) {
      const r = runChild(['mc', '--paths', String(paths), '--workers', String(workers), '--mode', mode]);
      b.push(r);
      log(`  ${String(r.mode).padEnd(42)} ${String(paths).padStart(7)} paths x ${workers} worker(s): ${(Number(r.wallMs) / 1000).toFixed(2).padStart(7)} s wall, ${Number(r.pathDaysPerSec).toExponential(2)} path-days/s, ${Number(r.companyPathDaysPerSecPerCore).toExponential(2)} company-path-days/s/core, ${r.nsPerCompanyDay} ns/company-day, peak RSS ${r.peakRssMb} MB`);
    }
    results.b = b;
  }

  if (!flag('skip-c')) {
    log('\n(c) 3x3x3 sweep x 1,000 paths of contagion.json (730 days)');
    const c = runChild(['sweep', '--paths', String(Math.round(1000 * scale))]);
    results.c = c;
    log(`  ${c.points} points x ${c.pathsPerPoint} paths on ${c.workers} workers: ${(Number(c.wallMs) / 1000).toFixed(1)} s wall, ${c.pointsPerSec} points/s, ${Number(c.pathDaysPerSec).toExponential(2)} path-days/s, peak RSS ${c.peakRssMb} MB`);
  }

  if (!flag('skip-d')) {
    log('\n(d) the packed package in a fresh folder (targets: install < 15 MB, --help < 0.3 s CPU)');
    const d = packageFigures(ROOT);
    results.d = d;
    log(`  install ${d.installMb} MB (du ${d.installDuMb} MB), dat-sim --help ${d.helpCpuSeconds.toFixed(2)} s CPU (median of 5)${d.meetsTargets ? '' : '  (misses a target)'}`);
  }

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  log(`\nwrote bench/results/latest.json`);
}

await main();
