/**
 * The markets-only counterfactual in WebAssembly (sim/lockstep-markets-wasm.ts, kernel
 * wasm/markets.ts built into sim/wasm/markets-kernel.ts) against the JavaScript lockstep
 * (sim/lockstep-markets.ts, itself compared with PathRun in test/lockstep-markets.test.ts): for
 * every saved scenario, every path's every market figure equal by Object.is, K in {1, 3, 64} over
 * 120 days and contagion over 730; the same finiteness error on the same paths; the fallback;
 * the base64 decoder; and the generated module is what the kernel's source builds to.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/node/files.ts';
import { compileExpression } from '../sim/expr.ts';
import { MarketsLockstep, WasmMarketsLockstep, createMarketsLockstep, prepareModel, type Model } from '../sim/index.ts';
import { WASM_MIN_PATHS, kernelMarkets, type KernelExports } from '../sim/lockstep-markets-wasm.ts';
import { decodeBase64, loadKernel, marketsKernel, type WasmApi } from '../sim/wasm/load.ts';
import { MARKETS_KERNEL_BASE64 } from '../sim/wasm/markets-kernel.ts';
import { buildKernelBytes } from '../scripts/build-wasm.ts';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const FIELDS = ['close', 'peak', 'minClose', 'liquidationsUsd', 'companyNetSoldUsd', 'shortLiquidationsUsd'] as const;
const model = (file: string, days: number): Model => prepareModel(loadScenarioFile(join(DIR, file)), { days, compileRule: compileExpression });

function kernel() {
  const k = marketsKernel();
  if (!k) throw new Error('Node has WebAssembly: the kernel must compile');
  return k;
}

/** Every figure equal (Object.is); returns [closes that moved off the start price, liquidation USD]. */
function compare(m: Model, seed: string, start: number, K: number): [number, number] {
  const js = new MarketsLockstep(m, seed, start, K).run();
  const wa = new WasmMarketsLockstep(m, seed, start, K, kernel()).run();
  expect(wa.t).toBe(m.days);
  let moved = 0, liq = 0;
  for (let p = start; p < start + K; p++) {
    for (let k = 0; k < m.markets.length; k++) {
      const a = js.marketTotals(p, k), b = wa.path(p).marketTotals(k);
      for (const f of FIELDS) {
        if (!Object.is(a[f], b[f])) throw new Error(`${m.scenario.id} path ${p} market ${k} ${f}: JS ${a[f]} WASM ${b[f]}`);
      }
      if (a.close !== m.markets[k].params.price0) moved++;
      liq += a.liquidationsUsd + a.shortLiquidationsUsd;
    }
  }
  return [moved, liq];
}

describe('WasmMarketsLockstep equals MarketsLockstep, bit for bit', () => {
  for (const file of FILES) {
    it(`${file}: K = 1, 3, 64 from path 5 (120 days)`, () => {
      const m = model(file, 120);
      let moved = 0;
      for (const K of [1, 3, 64]) moved += compare(m, 'lock', 5, K)[0];
      expect(moved).toBeGreaterThan(0); // a price path, not the start price
    });
  }

  it('contagion.json over 730 days, 24 paths from 1000, liquidations included', () => {
    const m = model('contagion.json', 730);
    const [moved, liq] = compare(m, 'long', 1000, 24);
    expect(moved).toBe(24 * m.markets.length);
    expect(liq).toBeGreaterThan(0); // the cascade solver ran
  });

  it('a path whose price leaves the finite range throws the same error on the same path', () => {
    const m = model('sqns.json', 60);
    m.markets[0].volDaily = 400; // as test/lockstep-markets.test.ts: exp overflows or underflows within days
    const js = new MarketsLockstep(m, 'x', 0, 9).run(), wa = new WasmMarketsLockstep(m, 'x', 0, 9, kernel()).run();
    let failed = 0;
    for (let p = 0; p < 9; p++) {
      let err: unknown = null;
      try { js.path(p); } catch (e) { err = e; }
      if (err) {
        failed++;
        expect(() => wa.path(p)).toThrow((err as Error).message);
      } else {
        expect(() => wa.path(p)).not.toThrow();
      }
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('refuses paths outside its range and K < 1', () => {
    const m = model('sqns.json', 5);
    const wa = new WasmMarketsLockstep(m, 'x', 10, 3, kernel());
    expect(() => wa.path(9)).toThrow(/outside 10..12/);
    expect(() => wa.marketTotals(13, 0)).toThrow(/outside 10..12/);
    expect(() => new WasmMarketsLockstep(m, 'x', 0, 0, kernel())).toThrow(/K >= 1/);
  });
});

describe('createMarketsLockstep', () => {
  it('uses WebAssembly from WASM_MIN_PATHS paths, JavaScript below or when told, same numbers', () => {
    const m = model('contagion.json', 60);
    const K = WASM_MIN_PATHS;
    expect(createMarketsLockstep(m, 's', 0, K)).toBeInstanceOf(WasmMarketsLockstep);
    expect(createMarketsLockstep(m, 's', 0, K - 1)).toBeInstanceOf(MarketsLockstep);
    const js = createMarketsLockstep(m, 's', 0, K, false);
    expect(js).toBeInstanceOf(MarketsLockstep);
    const wa = createMarketsLockstep(m, 's', 0, K).run();
    js.run();
    for (let p = 0; p < K; p++) for (const f of FIELDS) expect(Object.is(js.marketTotals(p, 1)[f], wa.marketTotals(p, 1)[f])).toBe(true);
  });
});

describe('the kernel module', () => {
  it('loads with the WebAssembly API, and is null (JavaScript then) without it or when compiling throws', () => {
    const k = loadKernel(WebAssembly as unknown as WasmApi);
    expect(k).not.toBeNull();
    expect(marketsKernel()).not.toBeNull();
    expect(loadKernel(undefined)).toBeNull();
    const refusing = {
      Module: class { constructor() { throw new RangeError('WebAssembly.Compile is disallowed on the main thread'); } },
      Instance: WebAssembly.Instance,
    } as unknown as WasmApi;
    expect(loadKernel(refusing)).toBeNull();
  });

  it('decodeBase64: RFC 4648 examples', () => {
    // RFC 4648 section 10: "f" = "Zg==", "fo" = "Zm8=", "foo" = "Zm9v", "foobar" = "Zm9vYmFy".
    const text = (s: string) => String.fromCharCode(...decodeBase64(s));
    expect(text('')).toBe('');
    expect(text('Zg==')).toBe('f');
    expect(text('Zm8=')).toBe('fo');
    expect(text('Zm9v')).toBe('foo');
    expect(text('Zm9vYmFy')).toBe('foobar');
    expect(Array.from(decodeBase64('/+8='))).toEqual([0xff, 0xef]);
    expect(() => decodeBase64('Zm9*')).toThrow(/not base64 at 3/);
  });

  it('kernelMarkets writes each market parameter at the kernel\'s index for its name, and refuses a kernel with one it does not know', () => {
    const k = kernel(), m = model('contagion.json', 30);
    const kx = new k.api.Instance(k.module, {}).exports as unknown as KernelExports;
    const { region } = kernelMarkets(k, m, 4, false, () => [1, 0.5, 0.25, 0.125], kx);
    const NP = kx.NPARAM.value, prm = region('R_PRM', m.markets.length * NP);
    for (let j = 0; j < m.markets.length; j++) {
      const pm = m.markets[j];
      expect(prm[j * NP + kx.P_DECAY.value]).toBe(pm.decay);
      expect(prm[j * NP + kx.P_DAILY_VOL.value]).toBe(pm.params.dailyVolumeUsd);
      expect(prm[j * NP + kx.P_SD.value]).toBe(pm.impactSd);
      expect(prm[j * NP + kx.P_MD.value]).toBe(pm.params.leverage.meanLiquidationDistance);
    }
    // A kernel with a 27th parameter (NPARAM 27) that this side does not write: refused, not run with a 0 there.
    const newer = Object.create(kx, { NPARAM: { value: { value: NP + 1 } } }) as KernelExports;
    expect(() => kernelMarkets(k, m, 4, false, () => [1, 0.5, 0.25, 0.125], newer)).toThrow(/kernel's 27 market parameters and the 26 written here differ/);
  });

  it('sim/wasm/markets-kernel.ts is what wasm/markets.ts builds to (else: npm run build:wasm)', () => {
    const built = buildKernelBytes();
    const shipped = decodeBase64(MARKETS_KERNEL_BASE64);
    expect(Array.from(shipped.subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    expect(shipped.length).toBe(built.length);
    expect(Buffer.from(shipped).equals(Buffer.from(built))).toBe(true);
  }, 30_000);
});
