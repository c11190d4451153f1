/**
 * Does a WebAssembly kernel pay for the markets-only counterfactual? (issue 13, item 3, optional part.)
 * `npm run bench:wasm` (= `tsx bench/wasm/bench.ts`).
 *
 * Compares MarketsLockstep (sim/lockstep-markets.ts, JavaScript) with WasmMarketsLockstep
 * (sim/lockstep-markets-wasm.ts: the same day in AssemblyScript, wasm/markets.ts, as built into
 * sim/wasm/markets-kernel.ts by `npm run build:wasm`):
 *   overhead  one call from JavaScript into the kernel (a trivial export), and constructing one
 *             object (instance + memory + seeding) vs the JavaScript one, in microseconds.
 *   speed     contagion (2 coins) and sqns (1 coin), 730 days, one core: CPU ns per
 *             market-path-day, JS and WASM in interleaved batches in one process (median and
 *             fastest of 10 batches), at K = 1, 64 and 500; the whole counterfactual (construct,
 *             seed, run), as bench/bench.ts section 1b.
 *   identity  every saved scenario, K = 64 paths x 730 days (paths 0..63 and 1000..1063): every
 *             path's every market figure (close, peak, minClose, liquidations, short
 *             liquidations) equal by Object.is; and a failing case (sqns with a daily volatility
 *             of 400): the same finiteness error on the same paths. Exit 1 on any difference.
 *             Last: its failing paths (NaN prices, thrown errors) leave the JavaScript lockstep's
 *             JIT feedback slower (K = 1: ~650 -> ~1300 ns), which would flatter WebAssembly.
 * Flags: --paths N (per side and K, default 4000), --k 1,64,500 (the K list), --skip-identity, --skip-speed,
 * --wasm FILE (another build of the kernel, a .wasm file, instead of sim/wasm/markets-kernel.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadScenarioFile } from '../../src/node/files.ts';
import { compileExpression } from '../../sim/expr.ts';
import { MarketsLockstep, prepareModel, type Model } from '../../sim/index.ts';
import { WasmMarketsLockstep } from '../../sim/lockstep-markets-wasm.ts';
import { decodeBase64, marketsKernel, type WasmApi } from '../../sim/wasm/load.ts';
import { MARKETS_KERNEL_BASE64 } from '../../sim/wasm/markets-kernel.ts';

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const DAYS = 730;
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name: string) => args.includes(`--${name}`);
const FIELDS = ['close', 'peak', 'minClose', 'liquidationsUsd', 'companyNetSoldUsd', 'shortLiquidationsUsd'] as const;

const found = opt('wasm', '') ? { api: WebAssembly as unknown as WasmApi, module: new WebAssembly.Module(readFileSync(opt('wasm', ''))) } : marketsKernel();
if (!found) throw new Error('bench/wasm/bench.ts: no WebAssembly kernel (WebAssembly missing or the module did not compile)');
const kernel: { api: WasmApi; module: object } = found;
const module = kernel.module as WebAssembly.Module;
const model = (file: string): Model => prepareModel(loadScenarioFile(join(DIR, file)), { days: DAYS, compileRule: compileExpression });
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (a: number[]) => {
  const v = [...a].sort((x, y) => x - y);
  return (v[(v.length - 1) >> 1] + v[v.length >> 1]) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Every path's every figure, and the finiteness errors: returns [values compared, differences, paths failed, liquidation USD]. */
function identity(m: Model, seed: string, start: number, K: number): [number, number, number, number] {
  const js = new MarketsLockstep(m, seed, start, K).run();
  const wa = new WasmMarketsLockstep(m, seed, start, K, kernel).run();
  let n = 0, diff = 0, failed = 0, liq = 0;
  for (let p = start; p < start + K; p++) {
    let ea: unknown = null, eb: unknown = null;
    try { js.path(p); } catch (e) { ea = e; }
    try { wa.path(p); } catch (e) { eb = e; }
    if (ea || eb) {
      failed++;
      n++;
      if (String(ea) !== String(eb)) {
        diff++;
        if (diff <= 5) console.log(`  ${m.scenario.id} path ${p}: JS ${String(ea)} | WASM ${String(eb)}`);
      }
    }
    for (let k = 0; k < m.markets.length; k++) {
      const a = js.marketTotals(p, k), b = wa.marketTotals(p, k);
      liq += a.liquidationsUsd + a.shortLiquidationsUsd;
      for (const f of FIELDS) {
        n++;
        if (!Object.is(a[f], b[f])) {
          diff++;
          if (diff <= 5) console.log(`  ${m.scenario.id} path ${p} market ${k} ${f}: JS ${a[f]} WASM ${b[f]}`);
        }
      }
    }
  }
  return [n, diff, failed, liq];
}

let exitCode = 0;
// Speed first: the identity section's failing case (NaN prices, thrown errors) leaves the JavaScript
// lockstep's JIT feedback slower (K = 1: ~650 -> ~1300 ns), which would flatter WebAssembly.
if (!flag('skip-speed')) {
  const paths = Number(opt('paths', '4000')), rounds = 10;
  // Call overhead: a trivial export (offsetOf), and one object's construction.
  {
    const m = model('sqns.json');
    const kx = new WebAssembly.Instance(module, { env: { abort() {} } }).exports as unknown as { offsetOf(r: number): number };
    let s = 0;
    for (let i = 0; i < 1e6; i++) s += kx.offsetOf(i & 7);
    const N = 5e6, c0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) s += kx.offsetOf(i & 7);
    const callNs = Number(process.hrtime.bigint() - c0) / N;
    const construct = (mk: () => unknown) => {
      for (let i = 0; i < 200; i++) mk();
      const v: number[] = [];
      for (let r = 0; r < 5; r++) {
        const c1 = process.hrtime.bigint();
        for (let i = 0; i < 500; i++) mk();
        v.push(Number(process.hrtime.bigint() - c1) / 500 / 1000);
      }
      return median(v);
    };
    const jsUs = construct(() => new MarketsLockstep(m, 'o', 0, 1)), waUs = construct(() => new WasmMarketsLockstep(m, 'o', 0, 1, kernel));
    const js64 = construct(() => new MarketsLockstep(m, 'o', 0, 64)), wa64 = construct(() => new WasmMarketsLockstep(m, 'o', 0, 64, kernel));
    console.log(`\noverhead: one JS -> WASM call (trivial export) ${r1(callNs)} ns (checksum ${s % 7}); the kernel is called once a day for all K paths and markets`);
    console.log(`  construct one object (sqns, 730 days), JS | WASM: K = 1 ${r1(jsUs)} | ${r1(waUs)} us, K = 64 ${r1(js64)} | ${r1(wa64)} us (WASM: instance, memory, parameters and series copied in)`);
    console.log(`  module decode + compile (once per process): ${(() => { const c = process.hrtime.bigint(); new WebAssembly.Module(decodeBase64(MARKETS_KERNEL_BASE64)); return r1(Number(process.hrtime.bigint() - c) / 1e6); })()} ms`);
  }
  console.log(`\nspeed: CPU ns per market-path-day, 730 days, ${paths} paths per side and K, ${rounds} interleaved batches (median | fastest); whole counterfactual (construct + seed + run)`);
  for (const id of ['contagion', 'sqns']) {
    const m = model(`${id}.json`), nM = m.markets.length;
    const runJs = (seed: string, from: number, to: number, K: number) => {
      for (let p = from; p < to; p += K) new MarketsLockstep(m, seed, p, Math.min(K, to - p)).run();
    };
    const runWa = (seed: string, from: number, to: number, K: number) => {
      for (let p = from; p < to; p += K) new WasmMarketsLockstep(m, seed, p, Math.min(K, to - p), kernel).run();
    };
    runJs('warm', 0, 1000, 500); runWa('warm', 0, 1000, 500); runJs('warm', 0, 200, 1); runWa('warm', 0, 200, 1);
    for (const K of opt('k', '1,64,500').split(',').map(Number)) {
      const per = Math.max(K, Math.round(paths / rounds));
      const js: number[] = [], wa: number[] = [];
      const ns = (ms: number) => (ms * 1e6) / (per * DAYS * nM);
      for (let r = 0; r < rounds; r++) {
        let c0 = cpuMs();
        runJs('bench', r * per, (r + 1) * per, K);
        js.push(ns(cpuMs() - c0));
        c0 = cpuMs();
        runWa('bench', r * per, (r + 1) * per, K);
        wa.push(ns(cpuMs() - c0));
      }
      const mj = median(js), mw = median(wa);
      console.log(`  ${id.padEnd(10)} ${nM} coin(s)  K = ${String(K).padStart(3)}  JS ${r1(mj)} | WASM ${r1(mw)} ns  (x${(mj / mw).toFixed(2)})   fastest JS ${r1(Math.min(...js))} | WASM ${r1(Math.min(...wa))} ns  (x${(Math.min(...js) / Math.min(...wa)).toFixed(2)})`);
    }
  }
}
if (!flag('skip-identity')) {
  console.log(`identity: MarketsLockstep (JS) vs WasmMarketsLockstep, every saved scenario, K = 64 x ${DAYS} days, seed "wasm", paths 0..63 and 1000..1063, Object.is on every figure`);
  let total = 0, totalDiff = 0;
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort()) {
    const m = model(file);
    let n = 0, diff = 0, failed = 0, liq = 0;
    for (const start of [0, 1000]) {
      const [a, b, c, d] = identity(m, 'wasm', start, 64);
      n += a; diff += b; failed += c; liq += d;
    }
    total += n; totalDiff += diff;
    console.log(`  ${file.padEnd(42)} ${String(m.markets.length)} market(s)  ${n} values  ${diff} different  ${failed} paths failed the finiteness check  liquidations ${liq.toExponential(2)} USD`);
  }
  {
    // The finiteness check: a daily volatility no market has (as test/lockstep-markets.test.ts), so most paths fail.
    const m = model('sqns.json');
    m.markets[0].volDaily = 400;
    const [n, diff, failed] = identity(m, 'wasm', 0, 64);
    total += n; totalDiff += diff;
    console.log(`  ${'sqns.json, volDaily = 400'.padEnd(42)} 1 market(s)  ${n} values  ${diff} different  ${failed} paths failed the finiteness check (same error, same day)`);
    if (failed === 0) { console.log('  the failing case did not fail: the check is vacuous'); totalDiff++; }
  }
  console.log(`  ${totalDiff === 0 ? 'IDENTICAL' : 'DIFFERENT'}: ${total} values, ${totalDiff} differences`);
  if (totalDiff) exitCode = 1;
}

process.exit(exitCode);
