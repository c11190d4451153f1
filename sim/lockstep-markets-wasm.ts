/**
 * MarketsLockstep (sim/lockstep-markets.ts) with its day in WebAssembly: the same public API
 * (t, done, run, step, marketTotals, path), the state in the kernel's linear memory
 * (wasm/markets.ts, built into sim/wasm/markets-kernel.ts), Float64Array views on it here, no
 * copying per day. Bit-identical to MarketsLockstep (test/lockstep-markets-wasm.test.ts; the
 * kernel does the same IEEE-754 operations in the same order). The
 * seeding (seedrandom's alea, a string hash per path) and the finiteness check stay in
 * JavaScript, as in MarketsLockstep; the kernel returns how many closes of the day are not
 * finite and positive, and only then does this side look at them. The model's market parameters
 * and day series are copied into the kernel's memory at construction (MarketsLockstep reads them
 * each day; the same unless the model is changed during a run).
 *
 * One WebAssembly instance per object (its own memory), from the one compiled module
 * (sim/wasm/load.ts). `createMarketsLockstep` gives this where WebAssembly is available and the
 * JavaScript MarketsLockstep otherwise: same numbers either way.
 */
import { AleaStreams } from './alea.ts';
import { LockstepBase, MarketsLockstep, type MarketTotals } from './lockstep-markets.ts';
import { marketsKernel, type WasmApi, type WasmMemory } from './wasm/load.ts';
import type { Model } from './model.ts';

/** What a driver uses of a markets-only lockstep: MarketsLockstep, or WasmMarketsLockstep. */
export type MarketsLockstepLike = LockstepBase;

/** Below this many paths the JavaScript lockstep: a WebAssembly instance costs ~0.1-0.2 ms to set up (bench/wasm/bench.ts). */
export const WASM_MIN_PATHS = 4;

/**
 * The markets-only counterfactual of paths start..start+K-1 in lockstep: in WebAssembly where it
 * is available, `wasm` is not false and K >= WASM_MIN_PATHS; else in JavaScript. Same numbers, bit for bit.
 */
export function createMarketsLockstep(model: Model, seed: string, start: number, K: number, wasm = true): MarketsLockstepLike {
  const kernel = wasm && K >= WASM_MIN_PATHS ? marketsKernel() : null;
  if (kernel) return new WasmMarketsLockstep(model, seed, start, K, kernel);
  return new MarketsLockstep(model, seed, start, K);
}

type Region = 'R_PRM' | 'R_CHOL' | 'R_SCRIPT' | 'R_SCHED' | 'R_VOLF' | 'R_AC' | 'R_A0' | 'R_A1' | 'R_A2' | 'R_DRAWS' | 'R_CORR' | 'R_F' | 'R_T' | 'R_P' | 'R_PEAK' | 'R_OI' | 'R_SOI' | 'R_G' | 'R_RPREV' | 'R_MIN' | 'R_TOTL' | 'R_TOTS' | 'R_PPRE' | 'R_DD' | 'R_PEXEC' | 'R_QC' | 'R_SIG' | 'R_TOTC' | 'R_LIQ' | 'R_SLIQ';

type Param = 'P_DECAY' | 'P_SCRIPT_DAYS' | 'P_DRIFT' | 'P_VOL' | 'P_JUMP_PROB' | 'P_JUMP_MEAN' | 'P_JUMP_STD' | 'P_FLOWS' | 'P_PHI' | 'P_CHASE' | 'P_AUM' | 'P_FLOW_VOL'
  | 'P_LIQ_SENS' | 'P_MIN_LIQ' | 'P_DAILY_VOL' | 'P_PERM' | 'P_REBUILD' | 'P_TARGET_OI' | 'P_SHORT_REBUILD' | 'P_SHORT_TARGET_OI' | 'P_MD' | 'P_SHORT_MD' | 'P_LINEAR' | 'P_LAMBDA_PB' | 'P_Y' | 'P_SD';

/** What JavaScript uses of the kernel's exports (wasm/markets.ts). */
export type KernelExports = { [r in Region | Param]: { value: number } } & {
  memory: WasmMemory;
  NPARAM: { value: number };
  configure(K: number, nM: number, nA: number, D: number, days: number, hosted: number): number;
  offsetOf(r: number): number;
  step(t: number): number;
  pre(t: number): void;
  post(t: number): number;
};

/** A kernel instance and Float64Array views on its regions (no copy: the kernel's state itself). */
export interface KernelMarkets {
  kx: KernelExports;
  region(r: Region, n: number): Float64Array;
}

/**
 * A kernel instance for K paths of `model` (hosted: the main engine's markets, else the
 * markets-only counterfactual): the market parameters and day series copied in, each path's
 * markets at their day -1 state and its random stream at `aleaState(p)` (AleaStreams.state).
 * A new instance, or `reuse` (an instance of the same kernel) laid out afresh and zeroed: an
 * instance's memory is only given back when it is garbage-collected.
 */
export function kernelMarkets(kernel: { api: WasmApi; module: object }, model: Model, K: number, hosted: boolean, aleaState: (p: number) => [number, number, number, number], reuse?: KernelExports): KernelMarkets {
  const kx = reuse ?? (new kernel.api.Instance(kernel.module, {}).exports as unknown as KernelExports); // the kernel imports nothing
  const nM = model.markets.length, days = model.days;
  const end = kx.configure(K, nM, model.nAssets, model.drawsPerDay, days, hosted ? 1 : 0);
  const buf = kx.memory.buffer; // the kernel grows its memory in configure only
  const first = kx.offsetOf(kx.R_PRM.value);
  if (reuse) new Float64Array(buf, first, (end - first) / 8).fill(0); // a new instance's memory is zero
  const region = (r: Region, n: number) => new Float64Array(buf, kx.offsetOf(kx[r].value), n);
  const NP = kx.NPARAM.value;
  const prm = region('R_PRM', nM * NP);
  region('R_CHOL', model.nAssets * model.nAssets).set(model.chol);
  const script = region('R_SCRIPT', nM * days), sched = region('R_SCHED', nM * days), volf = region('R_VOLF', nM * days);
  const f = region('R_F', nM * K), P = region('R_P', nM * K), peak = region('R_PEAK', nM * K), oi = region('R_OI', nM * K), soi = region('R_SOI', nM * K);
  for (let k = 0; k < nM; k++) {
    const pm = model.markets[k], p = pm.params, ef = p.etfFlow, lev = p.leverage;
    // Each parameter at the kernel's own index for its name; every one of the NPARAM slots written once.
    const values: Record<Param, number> = {
      P_DECAY: pm.decay, P_SCRIPT_DAYS: pm.scriptDays, P_DRIFT: pm.drift, P_VOL: pm.volDaily, P_JUMP_PROB: pm.jumpProb, P_JUMP_MEAN: pm.jumpMean, P_JUMP_STD: pm.jumpStd,
      P_FLOWS: ef.aumUsd > 0 || pm.flowVolUsd > 0 ? 1 : 0, P_PHI: ef.phi, P_CHASE: ef.chase, P_AUM: ef.aumUsd, P_FLOW_VOL: pm.flowVolUsd,
      P_LIQ_SENS: p.liquidityDrawdownSensitivity, P_MIN_LIQ: p.minLiquidityFraction, P_DAILY_VOL: p.dailyVolumeUsd, P_PERM: p.permanentFraction,
      P_REBUILD: lev.rebuildPerDay, P_TARGET_OI: lev.targetOpenInterestUsd, P_SHORT_REBUILD: lev.shortRebuildPerDay, P_SHORT_TARGET_OI: lev.shortTargetOpenInterestUsd,
      P_MD: lev.meanLiquidationDistance, P_SHORT_MD: lev.shortMeanLiquidationDistance, P_LINEAR: pm.isLinear ? 1 : 0, P_LAMBDA_PB: p.lambdaPerBillion, P_Y: p.impactY, P_SD: pm.impactSd,
    };
    const written = new Uint8Array(NP);
    for (const name of Object.keys(values) as Param[]) {
      const at = kx[name].value;
      written[at]++;
      prm[k * NP + at] = values[name];
    }
    if (written.some((w) => w !== 1)) throw new Error(`kernelMarkets: the kernel's ${NP} market parameters and the ${Object.keys(values).length} written here differ (wasm/markets.ts P_*)`);
    script.set(pm.scriptR.subarray(0, days), k * days);
    sched.set(pm.scheduledUsd.subarray(0, days), k * days);
    volf.set(pm.volumeFactor.subarray(0, days), k * days);
    f.fill(pm.logPrice0, k * K, (k + 1) * K);
    P.fill(p.price0, k * K, (k + 1) * K);
    peak.fill(p.peakPrice, k * K, (k + 1) * K);
    oi.fill(lev.openInterestUsd, k * K, (k + 1) * K);
    soi.fill(lev.shortOpenInterestUsd, k * K, (k + 1) * K);
  }
  const ac = region('R_AC', K), a0 = region('R_A0', K), a1 = region('R_A1', K), a2 = region('R_A2', K);
  for (let p = 0; p < K; p++) [ac[p], a0[p], a1[p], a2[p]] = aleaState(p); // the kernel steps the streams; this seeds them
  region('R_MIN', nM * K).fill(Infinity);
  return { kx, region };
}

export class WasmMarketsLockstep extends LockstepBase {
  private readonly kx: KernelExports;
  private readonly P: Float64Array;
  private readonly peak: Float64Array;
  private readonly minClose: Float64Array;
  private readonly totL: Float64Array;
  private readonly totS: Float64Array;

  /** `kernel`: the WebAssembly API and the compiled kernel (sim/wasm/load.ts marketsKernel()). */
  constructor(model: Model, seed: string, start: number, K: number, kernel: { api: WasmApi; module: object }) {
    super('WasmMarketsLockstep', model, start, K);
    const alea = new AleaStreams(seed, start, K);
    const { kx, region } = kernelMarkets(kernel, model, K, false, (p) => alea.state(p));
    const n = model.markets.length * K;
    this.kx = kx;
    this.P = region('R_P', n); this.peak = region('R_PEAK', n); this.minClose = region('R_MIN', n); this.totL = region('R_TOTL', n); this.totS = region('R_TOTS', n);
  }

  step(): void {
    const bad = this.kx.step(this.t);
    if (bad > 0 || this.t === 0) this.check();
    this.t++;
  }

  protected closeOf(k: number, p: number): number {
    return this.P[k * this.K + p];
  }

  marketTotals(path: number, k: number): Readonly<MarketTotals> {
    const j = k * this.K + this.index(path);
    return { close: this.P[j], peak: this.peak[j], minClose: this.minClose[j], liquidationsUsd: this.totL[j], companyNetSoldUsd: 0, shortLiquidationsUsd: this.totS[j] };
  }
}
