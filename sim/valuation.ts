/**
 * Valuation (docs/model.md §5.2): assets, senior claims and the Merton
 * equity value of a company at a coin price.
 */

import { K_PREFERRED } from './codes.ts';
import { DMath, normCdf } from './math.ts';
import type { PathRun } from './engine.ts';
import { marketsKernel } from './wasm/load.ts';

/**
 * The WebAssembly Merton valuation (wasm/markets.ts `merton`, a port of mertonEquity below with the
 * same operations in the same order: bit-identical, test/valuation-kernel.test.ts): the four inputs
 * and the result through a view on its instance's memory, so no double crosses a call. Made on the
 * first valuation, on an instance of the kernel of its own (one per realm: worker threads and the
 * browser's page and worker each make theirs); null without WebAssembly, and value() calls
 * mertonEquity in JavaScript.
 */
let MK: Float64Array | null | undefined;
let mertonKernel: () => void = () => {};
let expKernel: () => void = () => {};
function valuationKernel(): Float64Array | null {
  if (MK !== undefined) return MK;
  MK = null;
  const k = marketsKernel();
  if (k) {
    const x = new k.api.Instance(k.module, {}).exports as { memory: { buffer: ArrayBuffer }; mertonIn: () => number; merton: () => void; exp: () => void };
    MK = new Float64Array(x.memory.buffer, x.mertonIn(), 7); // the instance never grows its memory: the view stays valid
    mertonKernel = x.merton;
    expKernel = x.exp;
  }
  return MK;
}

/** e^x, sim/math.ts detExp (the same bits), in the kernel where it is loaded: the premium's e^pi (sim/premium.ts). */
export function expK(x: number): number {
  const mk = MK === undefined ? valuationKernel() : MK;
  if (mk === null) return DMath.exp(x);
  mk[5] = x;
  expKernel();
  return mk[6];
}

/** Whether value() runs the Merton valuation in WebAssembly here (tests, bench). */
export function valuationInWasm(): boolean {
  return valuationKernel() !== null;
}

/**
 * Merton equity value (docs/model.md §5.2): a call on assets A struck at senior
 * claims D, E = A*Phi(d1) - D*Phi(d2). No claims: E = max(A, 0); zero asset
 * volatility: E = max(A - D, 0).
 */
export function mertonEquity(A: number, D: number, s: number, tau: number): number {
  if (D <= 0) return A > 0 ? A : 0;
  if (A <= 0) return 0;
  if (s <= 0 || tau <= 0) return A > D ? A - D : 0;
  const sq = s * Math.sqrt(tau);
  const d1 = (DMath.log(A / D) + 0.5 * s * s * tau) / sq;
  const e = A * normCdf(d1) - D * normCdf(d1 - sq);
  return e > 0 ? e : 0;
}

/** Assets, senior claims and Merton equity of company i at coin price p (sets c.A, c.D, c.E). */
export function value(run: PathRun, i: number, p: number): void {
  const c = run.co[i], pc = run.model.companies[i];
  const coinValue = c.H * p;
  const A = coinValue + c.cash + pc.params.otherAssetsUsd;
  let D = 0, tauNum = 0;
  const ord = run.model.calendar.startOrdinal + run.t;
  const principal = c.principal, kind = pc.instrKind, maturityOrd = c.act.maturityOrd;
  for (let j = 0; j < principal.length; j++) {
    const pr = principal[j];
    if (pr <= 0) continue;
    D += pr;
    if (kind[j] === K_PREFERRED) tauNum += pr * 10;
    else {
      const y = (maturityOrd[j] - ord) / 365;
      if (y > 0) tauNum += pr * y;
    }
  }
  c.A = A;
  c.D = D;
  if (D <= 0) {
    c.E = A > 0 ? A : 0;
    return;
  }
  let tau = tauNum / D;
  if (tau < 0.25) tau = 0.25;
  const sigmaCoin = run.model.markets[pc.market].assetVol;
  const s = A > 0 ? (sigmaCoin * coinValue) / A : 0;
  const mk = MK === undefined ? valuationKernel() : MK;
  if (mk === null) {
    c.E = mertonEquity(A, D, s, tau);
    return;
  }
  mk[0] = A;
  mk[1] = D;
  mk[2] = s;
  mk[3] = tau;
  mertonKernel();
  c.E = mk[4];
}
