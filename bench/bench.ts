/**
 * dat-sim benchmark (`npm run bench`): every engine figure is printed next to
 * the previous engine's, measured in the same run: "baseline | now | ratio",
 * ratio = baseline / now (> 1: now is faster or smaller). The baseline is the
 * sim/ and src/ trees of bench/baseline.ts BASELINE_COMMIT (main before issue
 * 13), extracted by `git archive` under node_modules/.cache and run by tsx;
 * `--baseline <rev>` compares with another commit. Figures go to
 * bench/results/latest.json. Not part of `npm test`: these are measurements,
 * not timed tests.
 *
 *   (1) scenarios/contagion.json (2 coins, 6 companies), one core, 10,000 paths
 *       x 730 days, summary mode, engine alone: CPU ns per company-path-day
 *       (issue 13 target <= 120). Both engines in one child process, in
 *       interleaved batches of 48 paths (median and fastest batch, and the
 *       median of each round's own ratios), so both see the same load; now both as PathRun one path at a time and as the engine
 *       lockstep (sim/lockstep-engine.ts, src/batch/runner.ts's groups of
 *       LOCKSTEP_GROUP paths, markets in WebAssembly), which the ensembles run.
 *  (1b) the markets-only counterfactual (companies switched off), now only:
 *       PathRun(..., { companyTrading: false, marketsOnly: true }) one path at a
 *       time vs MarketsLockstep (sim/lockstep-markets.ts, K paths in lockstep: the
 *       K random streams in typed arrays, then the same market step as PathRun
 *       for each path), on contagion (2 coins) and sqns (1 coin), 730 days,
 *       one core, rounds of 500 paths with the order rotated each round (median of the batches and of each round's own ratios): CPU ns per
 *       market-path-day; the same lockstep in WebAssembly (sim/lockstep-markets-wasm.ts, what
 *       the ensembles run; `npm run bench:wasm` has more of it); and the lockstep at K = 1, 8, 64, 500 (500 = a batch
 *       slice). Last, the WebAssembly figure per company-path-day: the markets' share of a
 *       day before any company step, the floor under (1)'s target. Profile one side with
 *         node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/bench.ts --child markets-one --side serial|lockstep --scenario contagion --paths 4000
 *   (2) simulate() with its counterfactual, one 730-day path of each saved
 *       scenario after warm-up: CPU ms per path, plain result (what the CLI
 *       prints), and now's typed result (what the app charts; targets < 1 ms
 *       for 1-company scenarios, < 3 ms for 10-company ones); and the engine
 *       alone in summary mode. Both engines in one child process, 15 short
 *       interleaved rounds per scenario in alternating order (median).
 *  (2b) simulate() plain vs typed result, now only: one 730-day path with its
 *       counterfactual of a 1-company (sqns) and a 10-company (wargame-ten)
 *       scenario, `runPrepared` (plain number[] series, what the CLI prints)
 *       and `runPreparedTyped` (the engine's Float64Arrays, what the web app
 *       charts) in one child process, 10 interleaved rounds (median): CPU ms
 *       per path, and the conversion `toPlainResult` alone.
 *   (3) memory: `monteCarlo` on contagion, 730 days, on all cores, at 10,000 and
 *       100,000 paths (and 1,000,000 with --million): peak RSS of the process
 *       (a fresh child per run), wall time, ns per company-path-day; engine only
 *       (no counterfactual, no bands) and the default `dat-sim mc`
 *       (counterfactual + bands).
 *   (c) a 3x3x3 sweep x 1,000 paths of contagion (730 days), now only.
 *   (e) the risk odds (`dat-sim risk --paths N`, the app's "Odds over N paths"): riskMap with
 *       60 paths minus riskMap without (the map alone), wall ms per path, over each scenario's own
 *       horizon, on sqns, mstr, contagion and wargame-ten; one fresh process per tree (median of 3
 *       runs in it), 3 rounds in alternating order (median).
 *   (d) the packed package installed in a fresh folder: install size (target
 *       < 15 MB), `dat-sim --help` CPU time (target < 0.3 s) and the CPU time of
 *       `import 'dat-sim'` in a plain script (bench/package-figures.ts).
 *   (f) `dat-sim sensitivity` and `dat-sim stress` from the built package, whole command, wall
 *       seconds: on one thread (--workers 1, how earlier versions ran) and with the default thread
 *       count, alternating, median of 3 rounds (1 with --quick), and whether both outputs are the
 *       same bytes (bench/analysis-figures.ts).
 *
 * Flags: --quick (10x fewer paths everywhere, for a smoke run), --million,
 * --skip-1, --skip-1b, --skip-2, --skip-2b, --skip-3, --skip-c, --skip-d, --skip-e, --skip-f, --baseline <rev>.
 * Profile either engine with (--impl baseline for the previous one):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/bench.ts --child engine --impl now --scenario contagion --paths 3000
 * and read the profile with `npx tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { packageFigures } from './package-figures.ts';
import { analysisFigures } from './analysis-figures.ts';
import { BASELINE_COMMIT, loadImpl, type Impl, type ImplName } from './baseline.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');
const DAYS = 730;
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const IMPLS: ImplName[] = ['baseline', 'now'];
const BASELINE = opt('baseline', BASELINE_COMMIT);

/** The tree this child measures (--impl now|baseline). */
async function childImpl(): Promise<Impl> {
  const name = opt('impl', 'now');
  if (name !== 'now' && name !== 'baseline') throw new Error(`--impl: expected now or baseline, got ${name}`);
  return loadImpl(ROOT, name, BASELINE);
}

/**
 * Load a saved scenario without src/node/files.ts, which pulls in mathjs
 * (~110 MB, ~1 s) for rule checking even when no rule is used: the children
 * measure what the ensemble machinery itself costs. The saved scenarios have
 * no `rules` policies; one that had would fail here, loudly.
 */
function loadScenarioFile(impl: Impl, file: string) {
  return impl.resolveScenarioText(readFileSync(file, 'utf8'), { file });
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
  const impl = await childImpl();
  const paths = Number(opt('paths', '10000'));
  const workers = Number(opt('workers', String(availableParallelism())));
  const full = opt('mode', 'engine') === 'mc';
  const scenario = loadScenarioFile(impl, join(SCENARIOS, 'contagion.json'));
  const pool = workers > 1 ? new impl.WorkerPool(workers) : undefined;
  const rss0 = process.resourceUsage().maxRSS;
  const c0 = cpuMs(), t0 = performance.now();
  const r = await impl.monteCarlo(scenario, { paths, days: DAYS, workers, pool, bands: full, counterfactual: full, seed: 'bench' });
  const wallMs = performance.now() - t0, cpu = cpuMs() - c0;
  await pool?.close();
  const companies = scenario.companies.length;
  return {
    impl: impl.name,
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
  const { prepareSweep, runSweep } = await import('../src/batch/sweep.ts');
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

/** (1) The engine alone on one core, in this process (also the --cpu-prof entry). */
async function childEngine(): Promise<object> {
  const impl = await childImpl();
  const id = opt('scenario', 'contagion');
  const paths = Number(opt('paths', '3000'));
  const scenario = loadScenarioFile(impl, join(SCENARIOS, `${id}.json`));
  const compileRule = impl.usesRules(scenario) ? await impl.compileExpression() : compileExpression;
  const model = impl.prepareModel(scenario, { days: DAYS, compileRule });
  const nC = Math.max(1, model.companies.length);
  for (let i = 0; i < 300; i++) new impl.PathRun(model, 'warm', i, { record: 'summary' }).run();
  const c0 = cpuMs();
  for (let i = 0; i < paths; i++) new impl.PathRun(model, 'bench', i, { record: 'summary' }).run();
  const cpu = cpuMs() - c0;
  return { impl: impl.name, scenario: id, paths, companies: nC, msPerPath: round(cpu / paths), nsPerCompanyDay: round((cpu * 1e6) / (paths * DAYS * nC)), peakRssMb: mb(process.resourceUsage().maxRSS) };
}

/**
 * (1) Both engines in one process, interleaved: the paths run in rounds of one 48-path batch
 * per side (baseline, now as PathRun, now as the engine lockstep; the order reversed every other
 * round), so all see the same machine load (a shared machine moves sequential runs by tens of
 * percent); CPU ns per company-path-day, median and minimum over the batches, and the median of
 * each round's own ratios. Same seed and paths.
 */
async function childEngineBoth(): Promise<object> {
  const id = opt('scenario', 'contagion');
  const paths = Number(opt('paths', '10000'));
  // Many short rounds (48 paths a side, in an order that alternates): the machine's speed drifts by
  // tens of percent over seconds, and a short round's batches see the same speed.
  const per = 48, rounds = Math.max(10, Math.round(paths / per));
  const sides = await Promise.all(IMPLS.map(async (name) => {
    const impl = await loadImpl(ROOT, name, BASELINE);
    const scenario = loadScenarioFile(impl, join(SCENARIOS, `${id}.json`));
    const compileRule = impl.usesRules(scenario) ? await impl.compileExpression() : compileExpression;
    return { impl, model: impl.prepareModel(scenario, { days: DAYS, compileRule }), ns: [] as number[] };
  }));
  const nC = Math.max(1, sides[0].model.companies.length);
  // Now's engine lockstep (sim/lockstep-engine.ts, in src/batch/runner.ts's groups): what the ensembles run.
  const { createEngineLockstep } = await import('../sim/index.ts');
  const { eachPath, LOCKSTEP_GROUP } = await import('../src/batch/runner.ts');
  const now = sides[IMPLS.indexOf('now')], lockstepNs: number[] = [];
  if (!createEngineLockstep(now.model, 'probe', 0, 4)) throw new Error('bench (1): WebAssembly is not available here');
  const lockstep = (seed: string, from: number, to: number) => eachPath(now.model, seed, from, to, () => {});
  for (const s of sides) for (let i = 0; i < 300; i++) new s.impl.PathRun(s.model, 'warm', i, { record: 'summary' }).run();
  lockstep('warm', 0, 304);
  const batches: (() => void)[] = [
    ...sides.map((s) => () => {
      const r = s.ns.length, c0 = cpuMs();
      for (let i = r * per; i < (r + 1) * per; i++) new s.impl.PathRun(s.model, 'bench', i, { record: 'summary' }).run();
      s.ns.push(((cpuMs() - c0) * 1e6) / (per * DAYS * nC));
    }),
    () => {
      const r = lockstepNs.length, c0 = cpuMs();
      lockstep('bench', r * per, (r + 1) * per);
      lockstepNs.push(((cpuMs() - c0) * 1e6) / (per * DAYS * nC));
    },
  ];
  for (let r = 0; r < rounds; r++) for (const b of r % 2 ? [...batches].reverse() : batches) b();
  const out: Record<string, object> = {};
  const row = (ns: number[]) => {
    const v = [...ns].sort((a, b) => a - b);
    const median = (v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2;
    return { scenario: id, paths: per * rounds, companies: nC, nsPerCompanyDay: round(median), nsPerCompanyDayMin: round(v[0]), msPerPath: round((median * DAYS * nC) / 1e6) };
  };
  for (const s of sides) out[s.impl.name] = row(s.ns);
  out.lockstep = { ...row(lockstepNs), K: LOCKSTEP_GROUP };
  // The median of the per-round ratios: the batches of one round run back to back, so a drift of the
  // machine's speed between rounds (this shared machine moves by tens of percent) cancels in them.
  const base = sides[IMPLS.indexOf('baseline')].ns, nowNs = now.ns;
  const paired = (a: number[], b: number[]) => {
    const r = a.map((x, i) => x / b[i]).sort((x, y) => x - y);
    return round((r[(r.length - 1) >> 1] + r[r.length >> 1]) / 2);
  };
  out.paired = { nowVsBaseline: paired(base, nowNs), lockstepVsBaseline: paired(base, lockstepNs), lockstepVsNow: paired(nowNs, lockstepNs) };
  return out;
}


/** (1b) The counterfactual's model and its two engines (now only): serial PathRun marketsOnly, and the lockstep. */
async function marketsSides(id: string) {
  const impl = await childImpl();
  const { MarketsLockstep, WasmMarketsLockstep, createMarketsLockstep } = await import('../sim/index.ts');
  const scenario = loadScenarioFile(impl, join(SCENARIOS, `${id}.json`));
  const compileRule = impl.usesRules(scenario) ? await impl.compileExpression() : compileExpression;
  const model = impl.prepareModel(scenario, { days: DAYS, compileRule });
  const cfOptions = { record: 'summary', companyTrading: false, marketsOnly: true };
  const serial = (seed: string, from: number, to: number) => {
    for (let p = from; p < to; p++) new impl.PathRun(model, seed, p, cfOptions).run();
  };
  const lockstep = (seed: string, from: number, to: number, K: number) => {
    for (let p = from; p < to; p += K) new MarketsLockstep(model, seed, p, Math.min(K, to - p)).run();
  };
  // What the ensembles run (src/batch/runner.ts): the WebAssembly lockstep, or the JavaScript one where it cannot.
  const wasm = (seed: string, from: number, to: number, K: number) => {
    for (let p = from; p < to; p += K) {
      const ls = createMarketsLockstep(model, seed, p, Math.min(K, to - p));
      if (K >= 4 && !(ls instanceof WasmMarketsLockstep)) throw new Error('bench (1b): WebAssembly is not available here');
      ls.run();
    }
  };
  return { model, serial, lockstep, wasm };
}

/**
 * (1b) Short rounds in one process, the order rotated each round so that all sides see the same
 * machine (its speed drifts by tens of percent over seconds): serial vs the JavaScript lockstep
 * vs its WebAssembly kernel (K = 500) on the same 500 paths a round, the median of the batches and
 * of each round's own ratios; then the lockstep at K = 1, 8, 64, 500, likewise. CPU ns per
 * market-path-day.
 */
async function childMarketsBoth(): Promise<object> {
  const id = opt('scenario', 'contagion');
  const paths = Number(opt('paths', '10000'));
  const { model, serial, lockstep, wasm } = await marketsSides(id);
  const nM = model.markets.length, per = Math.min(500, paths), rounds = Math.max(6, Math.round(paths / per));
  const ns = (ms: number, n: number) => (ms * 1e6) / (n * DAYS * nM);
  const median = (a: number[]) => {
    const v = [...a].sort((x, y) => x - y);
    return (v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2;
  };
  serial('warm', 0, 300);
  lockstep('warm', 0, 1000, 500);
  wasm('warm', 0, 1000, 500);
  const run: Record<string, (seed: string, from: number, to: number) => void> = {
    serial, lockstep: (s, a, b) => lockstep(s, a, b, 500), wasm: (s, a, b) => wasm(s, a, b, 500),
  };
  const names = Object.keys(run);
  const sides: Record<string, number[]> = { serial: [], lockstep: [], wasm: [] };
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const c0 = cpuMs();
      run[name]('bench', r * per, (r + 1) * per);
      sides[name].push(ns(cpuMs() - c0, per));
    }
  }
  const ratio = (a: string, b: string) => round(median(sides[a].map((x, r) => x / sides[b][r])));
  const Ks = [1, 8, 64, 500], byKns: number[][] = Ks.map(() => []);
  const perK = Math.min(500, per), roundsK = Math.max(4, Math.round(rounds / 2));
  for (let r = 0; r < roundsK; r++) {
    for (let i = 0; i < Ks.length; i++) {
      const at = (i + r) % Ks.length, c0 = cpuMs();
      lockstep('k', r * perK, (r + 1) * perK, Ks[at]);
      byKns[at].push(ns(cpuMs() - c0, perK));
    }
  }
  const byK: Record<string, number> = {};
  Ks.forEach((K, i) => { byK[`K${K}`] = round(median(byKns[i])); });
  return {
    scenario: id, markets: nM, companies: model.companies.length, paths: per * rounds, rounds,
    serialNs: round(median(sides.serial)), serialNsMin: round(Math.min(...sides.serial)),
    lockstepNs: round(median(sides.lockstep)), lockstepNsMin: round(Math.min(...sides.lockstep)),
    wasmNs: round(median(sides.wasm)), wasmNsMin: round(Math.min(...sides.wasm)),
    ratios: { serialOverLockstep: ratio('serial', 'lockstep'), serialOverWasm: ratio('serial', 'wasm'), lockstepOverWasm: ratio('lockstep', 'wasm') },
    byK,
  };
}

/** (1b) One side alone (the --cpu-prof entry): --side serial|lockstep, --k for the lockstep. */
async function childMarketsOne(): Promise<object> {
  const id = opt('scenario', 'contagion'), side = opt('side', 'lockstep');
  const paths = Number(opt('paths', '4000')), K = Number(opt('k', '500'));
  const { model, serial, lockstep } = await marketsSides(id);
  const run = side === 'serial' ? (s: string, n: number) => serial(s, 0, n) : (s: string, n: number) => lockstep(s, 0, n, K);
  run('warm', 500);
  const c0 = cpuMs();
  run('bench', paths);
  const cpu = cpuMs() - c0;
  return { scenario: id, side, K: side === 'serial' ? 1 : K, paths, nsPerMarketDay: round((cpu * 1e6) / (paths * DAYS * model.markets.length)) };
}

/** (2) One path of each saved scenario: simulate() with counterfactual, and the engine alone. */
async function childScenarios(): Promise<Record<ImplName, object[]>> {
  const quick = flag('quick');
  const impls = await Promise.all(IMPLS.map((name) => loadImpl(ROOT, name, BASELINE)));
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  const out: Record<ImplName, object[]> = { baseline: [], now: [] };
  const { runPreparedTyped } = await import('../src/simulate.ts');
  // Per round: engine paths, simulate() paths. Short rounds in alternating order: the machine's speed drifts over seconds.
  const rounds = quick ? 7 : 15, n = quick ? 15 : 34, m = quick ? 6 : 14;
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  for (const f of files) {
    const sides = [];
    for (const impl of impls) {
      let scenario;
      try {
        scenario = loadScenarioFile(impl, join(SCENARIOS, f));
      } catch {
        continue; // a scenario the baseline cannot read (newer fields): "not in the baseline"
      }
      const compileRule = impl.usesRules(scenario) ? await impl.compileExpression() : compileExpression;
      const model = impl.prepareModel(scenario, { days: DAYS, compileRule });
      for (let i = 0; i < 100; i++) new impl.PathRun(model, 'warm', i, { record: 'summary' }).run();
      for (let i = 0; i < 30; i++) impl.runPrepared(model, { seed: 'warm', path: i });
      sides.push({ impl, scenario, model, engine: [] as number[], simulate: [] as number[], typed: [] as number[] });
    }
    // Interleaved: each round runs both engines, so both see the same machine load.
    for (let r = 0; r < rounds; r++) {
      for (const s of r % 2 ? [...sides].reverse() : sides) {
        let c0 = cpuMs();
        for (let i = r * n; i < (r + 1) * n; i++) new s.impl.PathRun(s.model, 'bench', i, { record: 'summary' }).run();
        s.engine.push((cpuMs() - c0) / n);
        c0 = cpuMs();
        for (let i = r * m; i < (r + 1) * m; i++) s.impl.runPrepared(s.model, { seed: 'bench', path: i });
        s.simulate.push((cpuMs() - c0) / m);
        if (s.impl.name !== 'now') continue;
        // The app's slider path: the typed result (no copy into plain arrays).
        c0 = cpuMs();
        for (let i = r * m; i < (r + 1) * m; i++) runPreparedTyped(s.model, { seed: 'bench', path: i });
        s.typed.push((cpuMs() - c0) / m);
      }
    }
    for (const s of sides) {
      const nC = Math.max(1, s.model.companies.length), engineMs = median(s.engine);
      out[s.impl.name].push({
        scenario: s.scenario.id,
        companies: s.model.companies.length,
        markets: s.model.markets.length,
        engineMsPerPath: round(engineMs),
        engineNsPerCompanyDay: round((engineMs * 1e6) / (DAYS * nC)),
        simulateMsPerPath: round(median(s.simulate)),
        ...(s.typed.length ? { simulateTypedMsPerPath: round(median(s.typed)) } : {}),
        // Issue 13's targets are for the 1-company and the 10-company scenarios; the others have none.
        ...(s.model.companies.length === 1 ? { simulateTargetMs: 1 } : s.model.companies.length >= 10 ? { simulateTargetMs: 3 } : {}),
      });
    }
  }
  return out;
}

/** (2b) runPrepared (plain) vs runPreparedTyped (typed) vs toPlainResult alone, interleaved rounds, now only. */
async function childTyped(): Promise<object[]> {
  const impl = await childImpl();
  const { runPreparedTyped, toPlainResult } = await import('../src/simulate.ts');
  const quick = flag('quick');
  const rounds = 10, per = quick ? 10 : 40;
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const out: object[] = [];
  for (const f of ['sqns.json', 'wargame-ten.json']) {
    const model = impl.prepareModel(loadScenarioFile(impl, join(SCENARIOS, f)), { days: DAYS, compileRule: compileExpression });
    for (let i = 0; i < 50; i++) {
      impl.runPrepared(model, { seed: 'warm', path: i });
      toPlainResult(runPreparedTyped(model, { seed: 'warm', path: i }));
    }
    const plain: number[] = [], typed: number[] = [], convert: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let c0 = cpuMs();
      for (let i = 0; i < per; i++) impl.runPrepared(model, { seed: 'bench', path: r * per + i });
      plain.push((cpuMs() - c0) / per);
      c0 = cpuMs();
      let last = runPreparedTyped(model, { seed: 'bench', path: r * per });
      for (let i = 1; i < per; i++) last = runPreparedTyped(model, { seed: 'bench', path: r * per + i });
      typed.push((cpuMs() - c0) / per);
      // The copy alone, of one result (results are not kept: both sides allocate as the app and the CLI do).
      c0 = cpuMs();
      for (let i = 0; i < per; i++) toPlainResult(last);
      convert.push((cpuMs() - c0) / per);
    }
    out.push({ scenario: model.scenario.id, companies: model.companies.length, plainMsPerPath: round(median(plain)), typedMsPerPath: round(median(typed)), toPlainMsPerPath: round(median(convert)) });
  }
  return out;
}

/**
 * (e) The risk odds of one tree: riskMap with paths minus riskMap without, per scenario. One tree per
 * process: with both in one process, whichever ran first was faster (their event objects' many shapes
 * share the process's property caches), so the parent alternates fresh children instead.
 */
async function childRisk(): Promise<object[]> {
  const impl = await childImpl();
  const paths = flag('quick') ? 8 : 60;
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const out: object[] = [];
  for (const f of RISK_SCENARIOS) {
    const scenario = loadScenarioFile(impl, join(SCENARIOS, f));
    const compileRule = impl.usesRules(scenario) ? await impl.compileExpression() : compileExpression;
    // Warm-up as long as a measured run: the optimizing compiler's threads count in the process's CPU time.
    impl.riskMap(scenario, { paths, seed: 'warm', compileRule });
    const ms: number[] = [];
    // Wall time, on one thread: CPU time would add the garbage collector's and the compiler's helper threads.
    for (let r = 0; r < 3; r++) {
      let w0 = performance.now();
      impl.riskMap(scenario, { paths: 0, compileRule });
      const map = performance.now() - w0;
      w0 = performance.now();
      impl.riskMap(scenario, { paths, seed: `bench-${r}`, compileRule });
      ms.push((performance.now() - w0 - map) / paths);
    }
    out.push({ scenario: scenario.id, companies: scenario.companies.length, days: scenario.horizonDays, paths, msPerPath: median(ms) });
  }
  return out;
}
const RISK_SCENARIOS = ['sqns.json', 'mstr.json', 'contagion.json', 'wargame-ten.json'];

function runChild(childArgs: string[]): unknown {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const extra = flag('quick') ? ['--quick'] : [];
  const r = spawnSync(tsx, [fileURLToPath(import.meta.url), '--child', ...childArgs, '--baseline', BASELINE, ...extra], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bench child ${childArgs.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Run one child per tree, baseline first. */
function bothChildren<T>(childArgs: string[]): Record<ImplName, T> {
  const out = {} as Record<ImplName, T>;
  for (const impl of IMPLS) out[impl] = runChild([...childArgs, '--impl', impl]) as T;
  return out;
}

/** "baseline | now | ratio" (ratio = baseline / now). */
function cmp(base: number, now: number, unit: string, w = 8): string {
  const f = (x: number) => String(round(x)).padStart(w);
  return `${f(base)} | ${f(now)} ${unit.padEnd(6)}| ${(base / now).toFixed(2).padStart(5)}x`;
}

async function main(): Promise<void> {
  if (flag('child')) {
    const kind = args[args.indexOf('--child') + 1];
    const r = kind === 'mc' ? await childMc() : kind === 'sweep' ? await childSweep() : kind === 'scenarios' ? await childScenarios() : kind === 'engine-both' ? await childEngineBoth() : kind === 'typed' ? await childTyped() : kind === 'markets-both' ? await childMarketsBoth() : kind === 'markets-one' ? await childMarketsOne() : kind === 'risk' ? await childRisk() : await childEngine();
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
    engine: (await import('../src/batch/identity.ts')).engineIdentity(),
    baseline: BASELINE,
    quick,
    targets: { nsPerCompanyDay: 120, simulateMs1Company: 1, simulateMs10Companies: 3, memory: 'flat in paths' },
  };

  log(`dat-sim bench: ${W} cores, ${(results.machine as { model: string }).model}, node ${process.version}${quick ? ' (quick)' : ''}`);
  log(`columns: baseline (${BASELINE.slice(0, 12)}) | now | ratio = baseline/now`);

  if (!flag('skip-1')) {
    const paths = Math.round(10_000 * scale);
    log(`\n(1) contagion.json, one core, ${paths} paths x ${DAYS} days, summary mode, engine alone (target <= 120 ns)`);
    const r = runChild(['engine-both', '--scenario', 'contagion', '--paths', String(paths)]) as Record<ImplName | 'lockstep' | 'paired', Record<string, number>>;
    results.engine1core = r;
    log(`  now = PathRun, one path at a time (simulate(), the teaching view):`);
    log(`  ns per company-path-day, median of the interleaved batches  ${cmp(r.baseline.nsPerCompanyDay, r.now.nsPerCompanyDay, 'ns')}`);
    log(`  ns per company-path-day, fastest batch                      ${cmp(r.baseline.nsPerCompanyDayMin, r.now.nsPerCompanyDayMin, 'ns')}`);
    log(`  ms per path (median)                                        ${cmp(r.baseline.msPerPath, r.now.msPerPath, 'ms')}`);
    log(`  now = the engine lockstep, ${r.lockstep.K} paths at a time, markets in WebAssembly (what the ensembles run):`);
    log(`  ns per company-path-day, median of the interleaved batches  ${cmp(r.baseline.nsPerCompanyDay, r.lockstep.nsPerCompanyDay, 'ns')}`);
    log(`  ns per company-path-day, fastest batch                      ${cmp(r.baseline.nsPerCompanyDayMin, r.lockstep.nsPerCompanyDayMin, 'ns')}`);
    log(`  PathRun | lockstep (now), median                            ${cmp(r.now.nsPerCompanyDay, r.lockstep.nsPerCompanyDay, 'ns')}`);
    log(`  median of the rounds' own ratios (robust to the machine's drift): baseline/PathRun ${r.paired.nowVsBaseline}x, baseline/lockstep ${r.paired.lockstepVsBaseline}x, PathRun/lockstep ${r.paired.lockstepVsNow}x`);
  }

  if (!flag('skip-1b')) {
    const paths = Math.round(10_000 * scale);
    log(`\n(1b) markets-only counterfactual, one core, ${paths} paths x ${DAYS} days: PathRun (serial) vs MarketsLockstep (K = 500) vs its WebAssembly kernel, CPU ns per market-path-day, now only`);
    const rows: Record<string, Record<string, number | string | Record<string, number>>> = {};
    for (const id of ['contagion', 'sqns']) {
      const r = runChild(['markets-both', '--impl', 'now', '--scenario', id, '--paths', String(paths)]) as Record<string, number | string | Record<string, number>>;
      rows[id] = r;
      const k = r.byK as Record<string, number>;
      const q = r.ratios as Record<string, number>;
      log(`  ${id.padEnd(10)} ${String(r.markets)} coin(s)  serial | lockstep, median of ${r.rounds} rotated rounds of 500 paths  ${cmp(Number(r.serialNs), Number(r.lockstepNs), 'ns')}   fastest ${cmp(Number(r.serialNsMin), Number(r.lockstepNsMin), 'ns')}   median of the rounds' ratios ${q.serialOverLockstep}x`);
      log(`  ${''.padEnd(10)}            JS lockstep | WebAssembly lockstep (what ensembles run)  ${cmp(Number(r.lockstepNs), Number(r.wasmNs), 'ns')}   fastest ${cmp(Number(r.lockstepNsMin), Number(r.wasmNsMin), 'ns')}   median of the rounds' ratios ${q.lockstepOverWasm}x`);
      log(`  ${''.padEnd(10)} lockstep by K: ${Object.entries(k).map(([n, v]) => `${n.slice(1)}: ${v} ns`).join(', ')}`);
      // The floor under (1)'s target: the markets' share of a day, before any company step.
      const nC = Number(r.companies);
      if (nC > 0) log(`  ${''.padEnd(10)} the markets alone (WebAssembly, median) = ${Math.round((Number(r.wasmNs) * Number(r.markets)) / nC)} ns per company-path-day (${String(r.markets)} market(s) for ${nC} companies; (1)'s target of 120 ns is for the whole day)`);
    }
    results.marketsLockstep = rows;
  }

  if (!flag('skip-2')) {
    log(`\n(2) one ${DAYS}-day path per saved scenario, CPU ms after warm-up, both engines in one process, median of ${flag('quick') ? 7 : 15} interleaved rounds (simulate(): full series + counterfactual, plain result; targets < 1 ms for 1 company, < 3 ms for 10)`);
    const r = runChild(['scenarios']) as Record<ImplName, Record<string, number | string>[]>;
    results.scenarios = r;
    log(`  ${'scenario'.padEnd(32)}co  simulate() ms/path: base |      now        | ratio    engine alone ms/path: base |      now        | ratio   now typed (the app)`);
    for (const now of r.now) {
      const base = r.baseline.find((b) => b.scenario === now.scenario);
      if (!base) {
        log(`  ${String(now.scenario).padEnd(32)} (not in the baseline)`);
        continue;
      }
      const target = Number(now.simulateTargetMs);
      const miss = !(target > 0) ? '' : Number(now.simulateTypedMsPerPath) < target ? `  (meets < ${target} ms)` : `  (misses < ${target} ms)`;
      log(`  ${String(now.scenario).padEnd(32)}${String(now.companies).padStart(2)}  ${cmp(Number(base.simulateMsPerPath), Number(now.simulateMsPerPath), 'ms')}      ${cmp(Number(base.engineMsPerPath), Number(now.engineMsPerPath), 'ms')}   ${String(now.simulateTypedMsPerPath).padStart(6)} ms${miss}`);
    }
  }

  if (!flag('skip-2b')) {
    log(`\n(2b) simulate() plain vs typed result, ms per path (now only; one ${DAYS}-day path + counterfactual, CPU ms, median of 10 interleaved rounds)`);
    const r = runChild(['typed', '--impl', 'now']) as Record<string, number | string>[];
    results.typedResult = r;
    log(`  ${'scenario'.padEnd(32)}co  plain (runPrepared) | typed (runPreparedTyped) | ratio   toPlainResult alone`);
    for (const x of r) log(`  ${String(x.scenario).padEnd(32)}${String(x.companies).padStart(2)}  ${cmp(Number(x.plainMsPerPath), Number(x.typedMsPerPath), 'ms')}   ${String(x.toPlainMsPerPath).padStart(8)} ms`);
  }

  if (!flag('skip-3')) {
    log(`\n(3) contagion.json, ${DAYS} days, monteCarlo on ${W} workers (each run a fresh process): peak RSS, wall, ns per company-path-day`);
    const n10k = Math.round(10_000 * scale), n100k = Math.round(100_000 * scale);
    const runs: [number, string][] = [[n10k, 'engine'], [n100k, 'engine'], [n10k, 'mc'], [n100k, 'mc']];
    if (flag('million')) runs.push([Math.round(1_000_000 * scale), 'engine'], [Math.round(1_000_000 * scale), 'mc']);
    const b: Record<ImplName, Record<string, number | string>>[] = [];
    for (const [paths, mode] of runs) {
      const r = bothChildren<Record<string, number | string>>(['mc', '--paths', String(paths), '--workers', String(W), '--mode', mode]);
      b.push(r);
      const label = `${mode === 'mc' ? 'mc default' : 'engine only'} ${String(paths).padStart(7)} paths`;
      log(`  ${label.padEnd(26)} peak RSS ${cmp(Number(r.baseline.peakRssMb), Number(r.now.peakRssMb), 'MB', 6)}   wall ${cmp(Number(r.baseline.wallMs) / 1000, Number(r.now.wallMs) / 1000, 's', 6)}   ${cmp(Number(r.baseline.nsPerCompanyDay), Number(r.now.nsPerCompanyDay), 'ns', 6)}`);
    }
    results.memory = b;
  }

  if (!flag('skip-c')) {
    log('\n(c) 3x3x3 sweep x 1,000 paths of contagion.json (730 days), now only');
    const c = runChild(['sweep', '--paths', String(Math.round(1000 * scale))]) as Record<string, unknown>;
    results.c = c;
    log(`  ${c.points} points x ${c.pathsPerPoint} paths on ${c.workers} workers: ${(Number(c.wallMs) / 1000).toFixed(1)} s wall, ${c.pointsPerSec} points/s, ${Number(c.pathDaysPerSec).toExponential(2)} path-days/s, peak RSS ${c.peakRssMb} MB`);
  }

  if (!flag('skip-e')) {
    const rounds = flag('quick') ? 1 : 3;
    log(`\n(e) the risk odds (dat-sim risk --paths N): riskMap with paths minus riskMap without, wall ms per path over the scenario's horizon; ${rounds} round(s) of one fresh process per tree, in alternating order (median)`);
    const per: Record<ImplName, Record<string, number | string>[][]> = { baseline: [], now: [] };
    for (let r = 0; r < rounds; r++) {
      for (const impl of r % 2 ? [...IMPLS].reverse() : IMPLS) per[impl].push(runChild(['risk', '--impl', impl]) as Record<string, number | string>[]);
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const rows = per.now[0].map((x, k) => ({ scenario: x.scenario, companies: x.companies, days: x.days, paths: x.paths, baselineMsPerPath: round(median(per.baseline.map((b) => Number(b[k].msPerPath)))), nowMsPerPath: round(median(per.now.map((n) => Number(n[k].msPerPath)))) }));
    results.riskOdds = rows;
    for (const x of rows) log(`  ${String(x.scenario).padEnd(32)}${String(x.companies).padStart(2)} co ${String(x.days).padStart(4)} days  ${cmp(x.baselineMsPerPath, x.nowMsPerPath, 'ms')}`);
  }

  if (!flag('skip-d')) {
    log('\n(d) the packed package in a fresh folder (targets: install < 15 MB, --help < 0.3 s CPU)');
    const d = packageFigures(ROOT);
    results.d = d;
    log(`  install ${d.installMb} MB (du ${d.installDuMb} MB), dat-sim --help ${d.helpCpuSeconds.toFixed(2)} s CPU (median of 5)${d.meetsTargets ? '' : '  (misses a target)'}; import 'dat-sim' in a plain script ${d.importCpuSeconds.toFixed(2)} s CPU (median of 5, minus an empty script's)`);
  }

  if (!flag('skip-f')) {
    const rounds = flag('quick') ? 1 : 3;
    log(`\n(f) dat-sim sensitivity / stress from the built package, whole command, wall s: one thread (--workers 1, as before) | default threads | ratio; median of ${rounds} alternating round(s)`);
    const f = analysisFigures(ROOT, flag('quick'), rounds);
    results.f = f;
    for (const x of f) log(`  ${x.command.padEnd(40)} ${cmp(x.oneThreadS, x.defaultS, 's')}   default ${x.defaultThreads} thread(s)${x.identical ? ', same bytes' : ', OUTPUTS DIFFER'}`);
    if (f.some((x) => !x.identical)) process.exitCode = 1;
  }

  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  log(`\nwrote bench/results/latest.json`);
}

await main();
