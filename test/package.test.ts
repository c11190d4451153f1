/**
 * The package as a user gets it: `npm pack`, install the tarball in a fresh
 * folder, then use it from plain Node (a .mjs, no tsx), from a strict
 * TypeScript project (`tsc --noEmit`, skipLibCheck off) and through
 * `npx dat-sim`. The README's library block runs there as written.
 * dist/ is built by the global set-up (test/setup/build-lib.ts) from the
 * current sources; `npm pack --ignore-scripts` then packs exactly that.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
let dir = '';
let app = '';
let files: string[] = [];

function duBytes(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((s, n) => s + duBytes(join(p, n)), 0);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dat-sim-pack-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as { filename: string; files: { path: string }[] }[];
  files = packed[0].files.map((f) => f.path);
  app = join(dir, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed[0].filename)], { cwd: app, encoding: 'utf8' });
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships built JavaScript, declarations, the licence and the scenarios; no TypeScript sources', () => {
    for (const f of ['dist/index.js', 'dist/sim.js', 'dist/cli.js', 'dist/worker.js', 'dist/risk-worker.js', 'dist/analysis-worker.js', 'dist/types/src/index.d.ts', 'dist/types/sim/index.d.ts', 'bin/dat-sim.mjs', 'LICENSE', 'dist/THIRD-PARTY-LICENSES.txt', 'scenarios/fgnx.json', 'README.md']) expect(files).toContain(f);
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/dat-sim/package.json'), 'utf8'));
    expect(pkg.exports['.'].default).toBe('./dist/index.js');
    expect(pkg.exports['./sim'].default).toBe('./dist/sim.js');
    // mathjs is bundled as its parser and what the parser needs, not the whole library (sim/expr.ts):
    // none of its algebra, which the full instance would bring.
    const bundle = files.filter((f) => /^dist\/.*\.js$/.test(f)).map((f) => readFileSync(join(app, 'node_modules/dat-sim', f), 'utf8')).join('\n');
    expect(bundle).toContain('createParse');
    expect(bundle).not.toMatch(/createSimplify|createDerivative|createRationalize/);
  });

  it('a library install pulls no web-only or build-time packages (lit, chart.js, tsx, esbuild, typescript)', () => {
    const top = readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(top.sort()).toEqual(['dat-sim', 'zod']);
    const mb = duBytes(join(app, 'node_modules')) / 1e6;
    // Apparent size (du rounds up to blocks: ~11 MB); the target is under 15 MB.
    expect(mb).toBeLessThan(15);
  });

  it('plain Node (.mjs): both entries import; simulate, an ensemble on 2 worker threads running dist/worker.js, the engine lockstep', () => {
    writeFileSync(join(app, 'plain.mjs'), `
import * as api from 'dat-sim';
import * as sim from 'dat-sim/sim';
const sc = api.loadScenario(api.savedScenario('fgnx'));
const r = api.simulate(sc, { seed: '1', days: 30 });
const mc = await api.monteCarlo(sc, { paths: 40, seed: 's', workers: 2, days: 20 });
const mc1 = await api.monteCarlo(sc, { paths: 40, seed: 's', workers: 1, days: 20 });
const model = sim.prepareModel(sc, { days: 20 });
const ls = sim.createEngineLockstep(model, 's', 0, 4).run(), one = new sim.PathRun(model, 's', 2, { record: 'summary' }).run();
let bad; try { api.simulate(sc, { days: 1e9 }); } catch (e) { bad = { main: e instanceof api.ModelError, sim: e instanceof sim.ModelError, message: e.message }; }
console.log(JSON.stringify({ bad, n: r.markets.ETH.price.length, last: r.markets.ETH.price[29], sim: Object.keys(sim).length,
  phi: sim.normCdf(0), paths: mc.paths, same: JSON.stringify(mc) === JSON.stringify(mc1),
  lockstep: ls.path(2).marketTotals(0).close === one.marketTotals(0).close && ls.path(2).companyView(0).stockPrice === one.companyView(0).stockPrice }));
`);
    const out = JSON.parse(execFileSync(process.execPath, ['plain.mjs'], { cwd: app, encoding: 'utf8' }));
    expect(out.n).toBe(30);
    expect(out.last).toBeGreaterThan(0);
    expect(out.sim).toBeGreaterThan(10);
    expect(out.phi).toBe(0.5);
    expect(out.paths).toBe(40);
    expect(out.same).toBe(true);
    expect(out.lockstep).toBe(true); // the WebAssembly kernel travels in the package (dist/sim.js)
    // A bad option: one ModelError class whichever entry it is imported from, naming the option.
    expect(out.bad).toEqual({ main: true, sim: true, message: 'days: expected a whole number of days from 1 to 3650, got 1000000000' });
  });

  it('plain Node CommonJS (.cjs): require() gives both entries (Node 20.19 loads an ES module from require), the same run as import, an ensemble on threads', () => {
    const body = (load: string) => `${load}
const sc = api.loadScenario(api.savedScenario('fgnx'));
const r = api.simulate(sc, { seed: '1', days: 30 });
api.monteCarlo(sc, { paths: 20, seed: 's', workers: 2, days: 20 }).then((mc) => console.log(JSON.stringify({ run: JSON.stringify(r), paths: mc.paths, phi: sim.normCdf(0) })));
`;
    writeFileSync(join(app, 'plain.cjs'), body("const api = require('dat-sim');\nconst sim = require('dat-sim/sim');"));
    writeFileSync(join(app, 'plain-esm.mjs'), body("import * as api from 'dat-sim';\nimport * as sim from 'dat-sim/sim';"));
    const cjs = spawnSync(process.execPath, ['plain.cjs'], { cwd: app, encoding: 'utf8' });
    expect(cjs.stderr).toBe(''); // no warning either
    const esm = JSON.parse(execFileSync(process.execPath, ['plain-esm.mjs'], { cwd: app, encoding: 'utf8' }));
    const out = JSON.parse(cjs.stdout);
    expect(out.paths).toBe(20);
    expect(out.phi).toBe(0.5);
    expect(out.run.length).toBeGreaterThan(1000);
    expect(out.run).toBe(esm.run);
  });

  it('a strict TypeScript consumer type-checks against the declarations (skipLibCheck off)', () => {
    writeFileSync(join(app, 'consumer.ts'), `
import { loadScenario, savedScenario, simulate, monteCarlo, ScenarioError, ModelError, type SimResult, type ResolvedScenario, type EnsembleSummary } from 'dat-sim';
import { prepareModel, PathRun, normCdf, type Model } from 'dat-sim/sim';
const sc: ResolvedScenario = loadScenario(savedScenario('fgnx'));
const r: SimResult = simulate(sc, { seed: 1, days: 10 });
const m: Model = prepareModel(sc, { days: 5 });
const p: number = normCdf(0);
export async function f(): Promise<EnsembleSummary> { return monteCarlo(sc, { paths: 10 }); }
export const checks = [r.dates.length, m, p, PathRun, ScenarioError, ModelError];
`);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true },
      files: ['consumer.ts'],
    }));
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: app, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it('npx dat-sim: --version, run, and a scenario from stdin', () => {
    const v = execFileSync('npx', ['--no-install', 'dat-sim', '--version'], { cwd: app, encoding: 'utf8' });
    expect(v.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const csv = execFileSync('npx', ['--no-install', 'dat-sim', 'run', 'node_modules/dat-sim/scenarios/fgnx.json', '--days', '10', '--format', 'csv'], { cwd: app, encoding: 'utf8' });
    expect(csv.trim().split('\r\n')).toHaveLength(11);
    const json = execFileSync('npx', ['--no-install', 'dat-sim', 'run', '-', '--days', '5'], { cwd: app, encoding: 'utf8', input: readFileSync(join(ROOT, 'scenarios/fgnx.json')) });
    expect(JSON.parse(json).dates).toHaveLength(5);
  });

  it('npx dat-sim risk: the odds on 2 worker threads (dist/risk-worker.js) equal the odds in the process, byte for byte', () => {
    const risk = (workers: string) => execFileSync('npx', ['--no-install', 'dat-sim', 'risk', 'node_modules/dat-sim/scenarios/fgnx.json', '--paths', '40', '--days', '120', '--workers', workers], { cwd: app, encoding: 'utf8' });
    const one = risk('1'), two = risk('2');
    expect(JSON.parse(two).companies[0].listing[0].withinHorizon.paths).toBe(40);
    expect(two).toBe(one);
  }, 120_000);

  it('npx dat-sim sensitivity: on 2 worker threads (dist/analysis-worker.js, which dat-sim stress uses too) the same bytes as in the process', () => {
    const run = (workers: string) => execFileSync('npx', ['--no-install', 'dat-sim', 'sensitivity', 'node_modules/dat-sim/scenarios/fgnx.json', '--metric', 'terminalStockPrice:FGNX', '--paths', '4', '--days', '60', '--params', 'impactY,premium.kappa', '--workers', workers], { cwd: app, encoding: 'utf8' });
    const one = run('1'), two = run('2');
    expect(JSON.parse(two).rows).toHaveLength(2);
    expect(two).toBe(one);
  }, 120_000);

  it("the README's library block runs as written in the fresh folder", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Library API'));
    const block = /```js\n([\s\S]*?)```/.exec(section)![1];
    writeFileSync(join(app, 'study.mjs'), block);
    const out = execFileSync(process.execPath, ['study.mjs'], { cwd: app, encoding: 'utf8' }).trim().split('\n');
    expect(Number(out[0])).toBeGreaterThan(0); // terminal BTC price
    expect(JSON.parse(out[1])).toHaveLength(2); // ci95
    const lost = Number(out[2]); // listingLost probability: a multiple of 1/400 in [0, 1]
    expect(lost >= 0 && lost <= 1 && Math.abs(lost * 400 - Math.round(lost * 400)) < 1e-9).toBe(true);
    expect(Number(out[4])).toBe(180); // one band value per day
    expect(out.slice(5)).toHaveLength(4); // 2 x 2 sweep points
  }, 120_000);
});
