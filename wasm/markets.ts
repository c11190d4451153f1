// AssemblyScript (not TypeScript; outside tsconfig.json's folders). Built by scripts/build-wasm.ts
// into sim/wasm/markets-kernel.ts (`npm run build:wasm`), loaded by sim/lockstep-markets-wasm.ts.
//
// One day of K paths' markets at once: the port of sim/market.ts (preTrade, clear with cascade /
// solveBook / impactOf), of sim/alea.ts's draws and of sim/math.ts normInv, detExp, detLog; and the
// Merton valuation (sim/valuation.ts mertonEquity, with sim/math.ts normCdf) on an instance of its own. The
// markets' two uses: the markets-only counterfactual (sim/lockstep-markets-wasm.ts: `step(t)`, the company terms
// at their counterfactual values), and the main engine's markets (sim/lockstep-engine.ts, hosted:
// `pre(t)`, then the companies' steps in JavaScript, which write their flow and signal into
// R_QC and R_SIG, then `post(t)`). The same IEEE-754
// operations in the same order as the JavaScript (WebAssembly has no fused multiply-add and
// Binaryen does not reassociate floats), so every number is bit-identical; bench/wasm/bench.ts
// checks it with Object.is on every saved scenario, test/lockstep-markets-wasm.test.ts too.
// solveBook2 and drawDay take two paths at a time (each path's chain of divisions, square roots
// and exponentials is serial; two independent chains overlap in the CPU): ~1.25x and ~1.15x.
//
// Memory: the state lives in this module's linear memory from __heap_base on, as regions of f64
// in a fixed order (offsetOf); the JavaScript side holds Float64Array views on them. `configure`
// sizes the regions and grows the memory; `step(t)` (or `post(t)`) returns how many closes of day t are
// not finite and positive (the JavaScript side then runs its finiteness check for that day).

// Per-market parameter block (f64 each), filled by the JavaScript side; exported, so the JavaScript
// side writes each by its name (sim/lockstep-markets-wasm.ts kernelMarkets, which checks it wrote them all).
export const P_DECAY: i32 = 0, P_SCRIPT_DAYS: i32 = 1, P_DRIFT: i32 = 2, P_VOL: i32 = 3, P_JUMP_PROB: i32 = 4, P_JUMP_MEAN: i32 = 5, P_JUMP_STD: i32 = 6,
  P_FLOWS: i32 = 7, P_PHI: i32 = 8, P_CHASE: i32 = 9, P_AUM: i32 = 10, P_FLOW_VOL: i32 = 11, P_LIQ_SENS: i32 = 12, P_MIN_LIQ: i32 = 13, P_DAILY_VOL: i32 = 14,
  P_PERM: i32 = 15, P_REBUILD: i32 = 16, P_TARGET_OI: i32 = 17, P_SHORT_REBUILD: i32 = 18, P_SHORT_TARGET_OI: i32 = 19, P_MD: i32 = 20, P_SHORT_MD: i32 = 21,
  P_LINEAR: i32 = 22, P_LAMBDA_PB: i32 = 23, P_Y: i32 = 24, P_SD: i32 = 25;
export const NPARAM: i32 = 26;

// Region indices (offsetOf), in memory order; exported, so the JavaScript side reads them from here.
export const R_PRM: i32 = 0, R_CHOL: i32 = 1, R_SCRIPT: i32 = 2, R_SCHED: i32 = 3, R_VOLF: i32 = 4, R_AC: i32 = 5, R_A0: i32 = 6, R_A1: i32 = 7,
  R_A2: i32 = 8, R_DRAWS: i32 = 9, R_RAW: i32 = 10, R_CORR: i32 = 11, R_F: i32 = 12, R_T: i32 = 13, R_P: i32 = 14, R_PEAK: i32 = 15,
  R_OI: i32 = 16, R_SOI: i32 = 17, R_G: i32 = 18, R_RPREV: i32 = 19, R_MIN: i32 = 20, R_TOTL: i32 = 21, R_TOTS: i32 = 22, R_SCR: i32 = 23,
  R_PPRE: i32 = 24, R_DD: i32 = 25, R_PEXEC: i32 = 26, R_QC: i32 = 27, R_SIG: i32 = 28, R_TOTC: i32 = 29, R_LIQ: i32 = 30, R_SLIQ: i32 = 31,
  R_END: i32 = 32;

// hosted = 1: the main engine's markets (sim/lockstep-engine.ts): the companies, stepped in JavaScript between
// `pre` and `post`, read each day's draws, P_pre, drawdown and the index normal, and write their flow and
// signal; the close's execution price, the day's liquidations and the companies' running flow are kept.
// 0: the markets-only counterfactual.
let K: i32 = 0, nM: i32 = 0, nA: i32 = 0, D: i32 = 0, days: i32 = 0, hosted: bool = false;
const offsets = memory.data(8 * 33); // byte offset of each region, u64 each

export function offsetOf(r: i32): usize {
  return <usize>load<u64>(offsets + (<usize>r << 3));
}

/**
 * Lays out the regions for K paths, nMarkets markets, nAssets assets, D draws a day, nDays days, hosted (1) or
 * markets-only (0); grows memory. Returns the end.
 */
export function configure(k: i32, nMarkets: i32, nAssets: i32, drawsPerDay: i32, nDays: i32, host: i32): usize {
  K = k; nM = nMarkets; nA = nAssets; D = drawsPerDay; days = nDays; hosted = host != 0;
  let at: usize = (__heap_base + 15) & ~(<usize>15);
  for (let r = 0; r < R_END; r++) {
    let n: i32 = 0;
    if (r == R_PRM) n = nM * NPARAM;
    else if (r == R_CHOL) n = nA * nA;
    else if (r <= R_VOLF) n = nM * days;
    else if (r <= R_A2) n = K;
    else if (r == R_DRAWS) n = (hosted ? D : 4 * nM) * K; // hosted: the companies' and the index's draws too
    else if (r == R_RAW || r == R_CORR) n = nA * K; // hosted: the index's normal too (row nM)
    else if (r == R_SCR) n = NSCRATCH * K;
    else n = nM * K;
    store<u64>(offsets + (<usize>r << 3), <u64>at);
    at += ((<usize>n << 3) + 15) & ~(<usize>15);
  }
  store<u64>(offsets + (<usize>R_END << 3), <u64>at);
  const need = <i32>((at + 0xffff) >> 16) - memory.size();
  if (need > 0 && memory.grow(need) < 0) unreachable();
  return at;
}

// ---------------------------------------------------------------------------------------------
// sim/math.ts, ported.

// @ts-ignore: decorator
@inline function pow2(k: i32): f64 {
  return reinterpret<f64>(<i64>(k + 1023) << 52); // 2^k exactly, k in [-1022, 1023]
}

const LN2HI: f64 = 6.93147180369123816490e-1, LN2LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+0;
const P1: f64 = 1.66666666666666019037e-1, P2: f64 = -2.77777777770155933842e-3, P3: f64 = 6.61375632143793436117e-5, P4: f64 = -1.65339022054652515390e-6, P5: f64 = 4.13813679705723846039e-8;
const O_THRESHOLD: f64 = 7.09782712893383973096e+2, U_THRESHOLD: f64 = -7.45133219101941108420e+2;
const TWO_M1000: f64 = 9.33263618503218878990e-302;
const HX_BIG: f64 = 709.7822265625, HX_REDUCE: f64 = 0.3465735912322998, HX_ONE: f64 = 1.0397205352783203, HX_TINY: f64 = 3.725290298461914e-9;

/** sim/math.ts detExp. */
// @ts-ignore: decorator
@inline function detExp(x: f64): f64 {
  const ax = Math.abs(x);
  if (!(ax < HX_BIG)) {
    if (x != x) return x + x;
    if (ax == Infinity) return x > 0 ? x : 0;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi: f64 = 0, lo: f64 = 0, k: i32 = 0;
  if (ax >= HX_REDUCE) {
    if (ax < HX_ONE) {
      if (x < 0) { hi = x + LN2HI; lo = -LN2LO; k = -1; } else { hi = x - LN2HI; lo = LN2LO; k = 1; }
    } else {
      k = <i32>(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
      hi = x - <f64>k * LN2HI;
      lo = <f64>k * LN2LO;
    }
    x = hi - lo;
  } else if (ax < HX_TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) return k <= 1023 ? y * pow2(k) : y * 2 * pow2(1023);
  return y * pow2(k + 1000) * TWO_M1000;
}

const LN2_HI: f64 = 6.93147180369123816490e-1, LN2_LO: f64 = 1.90821492927058770002e-10, TWO54: f64 = 1.80143985094819840000e+16;
const LG1: f64 = 6.666666666666735130e-1, LG2: f64 = 3.999999999940941908e-1, LG3: f64 = 2.857142874366239149e-1, LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1, LG6: f64 = 1.531383769920937332e-1, LG7: f64 = 1.479819860511658591e-1;
const MIN_NORMAL: f64 = 2.2250738585072014e-308;

/** sim/math.ts detLog. */
function detLog(x: f64): f64 {
  if (!(x >= MIN_NORMAL && x < Infinity)) {
    if (x == 0) return -Infinity;
    if (!(x > 0)) return NaN;
    if (x == Infinity) return x;
    return logNormal(x * TWO54, -54);
  }
  return logNormal(x, 0);
}

function logNormal(x: f64, k0: i32): f64 {
  const bits = reinterpret<i64>(x);
  let hx = <i32>(bits >>> 32);
  let k = k0 + ((hx >> 20) - 1023);
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  const hi = hx | (i0 ^ 0x3ff00000);
  k += i0 >> 20;
  const f = reinterpret<f64>((<i64>hi << 32) | (bits & 0xffffffff)) - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f == 0) return k == 0 ? 0 : <f64>k * LN2_HI + <f64>k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - R : <f64>k * LN2_HI - ((R - <f64>k * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k == 0 ? f - (hfsq - s * (hfsq + R)) : <f64>k * LN2_HI - ((hfsq - (s * (hfsq + R) + <f64>k * LN2_LO)) - f);
  }
  return k == 0 ? f - s * (f - R) : <f64>k * LN2_HI - ((s * (f - R) - <f64>k * LN2_LO) - f);
}

const P_HIGH: f64 = 1 - 0.02425;

/** sim/math.ts normInv. */
function normInv(p: f64): f64 {
  if (p < 0.02425 || p > P_HIGH) return normInvTail(p);
  const q = p - 0.5, r = q * q;
  return ((((((-39.69683028665376 * r + 220.9460984245205) * r + -275.9285104469687) * r + 138.357751867269) * r + -30.66479806614716) * r + 2.506628277459239) * q) /
    (((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) * r + -13.28068155288572) * r + 1);
}

function normInvTail(p: f64): f64 {
  const c1 = -0.007784894002430293, c2 = -0.3223964580411365, c3 = -2.400758277161838, c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 0.007784695709041462, d2 = 0.3224671290700398, d3 = 2.445134137142996, d4 = 3.754408661907416;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * detLog(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  const q = Math.sqrt(-2 * detLog(1 - p));
  return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
}

// ---------------------------------------------------------------------------------------------
// sim/math.ts normCdf and sim/valuation.ts mertonEquity, ported: the Merton valuation of
// sim/valuation.ts value() (steps 4 and 8, and record()'s close), on an instance of its own that
// never calls configure (sim/valuation.ts). Its numbers go through the four f64 at mertonIn() and
// the one after them, so no double crosses the call (a double crossing a JavaScript call V8 does not
// inline is boxed). ~1.2x on a 10-company simulate(), ~1.08x on an ensemble. `exp` likewise, for the
// premium's e^pi (sim/premium.ts via sim/valuation.ts expK).

const C0: f64 = 0.564188496988670089, C1: f64 = 8.88314979438837594, C2: f64 = 66.1191906371416295, C3: f64 = 298.635138197400131, C4: f64 = 881.95222124176909,
  C5: f64 = 1712.04761263407058, C6: f64 = 2051.07837782607147, C7: f64 = 1230.33935479799725, C8: f64 = 2.15311535474403846e-8;
const D0: f64 = 15.7449261107098347, D1: f64 = 117.693950891312499, D2: f64 = 537.181101862009858, D3: f64 = 1621.38957456669019, D4: f64 = 3290.79923573345963,
  D5: f64 = 4362.61909014324716, D6: f64 = 3439.36767414372164, D7: f64 = 1230.33935480374942;

/** sim/math.ts erfcLarge (its coefficient loop unrolled: the same operations in the same order). */
function erfcLarge(z: f64): f64 {
  const zi = 1 / (z * z);
  let xnum = 0.0163153871373020978 * zi, xden = zi;
  xnum = (xnum + 0.305326634961232344) * zi; xden = (xden + 2.56852019228982242) * zi;
  xnum = (xnum + 0.360344899949804439) * zi; xden = (xden + 1.87295284992346725) * zi;
  xnum = (xnum + 0.125781726111229246) * zi; xden = (xden + 0.527905102951428412) * zi;
  xnum = (xnum + 0.0160837851487422766) * zi; xden = (xden + 0.0605183413124413191) * zi;
  let r = (zi * (xnum + 6.58749161529837803e-4)) / (xden + 0.00233520497626869185);
  r = (0.564189583547756287 - r) / z;
  return r * detExp(-z * z);
}

/** sim/math.ts normCdf. */
// @ts-ignore: decorator
@inline function normCdf(x: f64): f64 {
  const z = Math.abs(x) / Math.SQRT2;
  let erfcZ: f64;
  if (z < 0.5) {
    const t = z * z;
    const xnum = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
    const xden = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    erfcZ = 1 - (z * xnum) / xden;
  } else if (z < 4) {
    const xnum = ((((((((C8 * z + C0) * z + C1) * z + C2) * z + C3) * z + C4) * z + C5) * z + C6) * z + C7);
    const xden = ((((((((z + D0) * z + D1) * z + D2) * z + D3) * z + D4) * z + D5) * z + D6) * z + D7);
    erfcZ = (xnum / xden) * detExp(-z * z);
  } else {
    erfcZ = erfcLarge(z);
  }
  return x >= 0 ? 1 - 0.5 * erfcZ : 0.5 * erfcZ;
}

/** Where merton() reads A, D, s, tau (f64 each) and writes E (the f64 after them). */
export function mertonIn(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** sim/valuation.ts mertonEquity of the four numbers at mertonIn(), into the fifth. */
export function merton(): void {
  const at = mertonIn();
  const A = load<f64>(at), D = load<f64>(at + 8), s = load<f64>(at + 16), tau = load<f64>(at + 24);
  let E: f64;
  if (D <= 0) E = A > 0 ? A : 0;
  else if (A <= 0) E = 0;
  else if (s <= 0 || tau <= 0) E = A > D ? A - D : 0;
  else {
    const sq = s * Math.sqrt(tau);
    const d1 = (detLog(A / D) + 0.5 * s * s * tau) / sq;
    const e = A * normCdf(d1) - D * normCdf(d1 - sq);
    E = e > 0 ? e : 0;
  }
  store<f64>(at + 32, E);
}

/** sim/math.ts detExp of the f64 at mertonIn() + 40, into the one after it (the premium's e^pi, sim/premium.ts). */
export function exp(): void {
  const at = mertonIn();
  store<f64>(at + 48, detExp(load<f64>(at + 40)));
}

// ---------------------------------------------------------------------------------------------
// sim/market.ts, ported (market k's parameters read from its block at `pb`).

// @ts-ignore: decorator
@inline function prm(pb: usize, i: i32): f64 {
  return load<f64>(pb + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function impactOf(pb: usize, q: f64, vEff: f64): f64 {
  if (prm(pb, P_LINEAR) != 0) return (prm(pb, P_LAMBDA_PB) * q) / 1e9;
  if (q == 0) return 0;
  const v = prm(pb, P_Y) * prm(pb, P_SD) * Math.sqrt(Math.abs(q) / vEff);
  return q > 0 ? v : -v;
}

const TOL: f64 = 1e-12; // sim/market.ts CASCADE_TOLERANCE

/**
 * sim/market.ts solveBook for two paths at once (scratch indices jA, jB; -1 = no lane), without
 * the iteration count (the counterfactual does not read it): the same iteration per lane, written
 * out twice (lane B is lane A's text with B for A), so that the two dependency chains overlap in
 * the CPU. Each lane's result goes to its S_RES slot.
 */
function solveBook2(pb: usize, scr: usize, K8: usize, jA: i32, jB: i32): void {
  const lin = prm(pb, P_LINEAR) != 0, lambda = prm(pb, P_LAMBDA_PB) / 1e9, tol = TOL, yS = prm(pb, P_Y) * prm(pb, P_SD);
  let eA: f64 = 0, heA: f64 = 0, IA: f64 = 0, nA: i32 = 1, loA: f64 = 0, hiA: f64 = 0, sLoA: f64 = 0, stepPrevA: f64 = NaN;
  let q0A: f64 = 0, bA: f64 = 0, LA: f64 = 0, mdA: f64 = 0, vEffA: f64 = 0, uStarA: f64 = 0;
  let doneA = true;
  if (jA >= 0) {
    const o = <usize>jA << 3;
    q0A = load<f64>(scr + o + S_Q0 * K8); bA = load<f64>(scr + o + S_B * K8); LA = load<f64>(scr + o + S_L * K8);
    mdA = load<f64>(scr + o + S_MD * K8); vEffA = load<f64>(scr + o + S_VEFF * K8);
    const x0 = load<f64>(scr + o + S_XZERO * K8);
    heA = LA * (1 - detExp(-x0 / mdA)); IA = x0 + bA; hiA = LA;
    const k: f64 = lin ? 0 : yS / Math.sqrt(vEffA);
    uStarA = (mdA / k) * (mdA / k);
    doneA = !(heA != 0 && nA < 10_000);
  }
  let eB: f64 = 0, heB: f64 = 0, IB: f64 = 0, nB: i32 = 1, loB: f64 = 0, hiB: f64 = 0, sLoB: f64 = 0, stepPrevB: f64 = NaN;
  let q0B: f64 = 0, bB: f64 = 0, LB: f64 = 0, mdB: f64 = 0, vEffB: f64 = 0, uStarB: f64 = 0;
  let doneB = true;
  if (jB >= 0) {
    const o = <usize>jB << 3;
    q0B = load<f64>(scr + o + S_Q0 * K8); bB = load<f64>(scr + o + S_B * K8); LB = load<f64>(scr + o + S_L * K8);
    mdB = load<f64>(scr + o + S_MD * K8); vEffB = load<f64>(scr + o + S_VEFF * K8);
    const x0 = load<f64>(scr + o + S_XZERO * K8);
    heB = LB * (1 - detExp(-x0 / mdB)); IB = x0 + bB; hiB = LB;
    const k: f64 = lin ? 0 : yS / Math.sqrt(vEffB);
    uStarB = (mdB / k) * (mdB / k);
    doneB = !(heB != 0 && nB < 10_000);
  }
  while (!(doneA && doneB)) {
    if (!doneA) do {
      const q = q0A + eA;
      let next: f64;
      if (!lin && q <= 0) {
        let step = heA, est: f64 = Infinity;
        const u = -q;
        if (u > 0 && u <= uStarA) {
          const slope = 1 - ((LA - (heA + eA)) * (IA / (2 * q))) / mdA;
          if (slope > 0 && eA + heA / slope <= -q0A) {
            step = heA / slope;
            est = step;
            stepPrevA = NaN;
          }
        }
        if (est == Infinity) {
          const ratio = heA / stepPrevA;
          if (ratio >= 0 && ratio < 1) est = (heA * ratio) / (1 - ratio);
          stepPrevA = heA;
        }
        next = eA + step;
        if (est <= 0.25 * tol * next) {
          const c = next + 2 * est + 0.25 * tol * next;
          const hc = LA * (1 - detExp(-(impactOf(pb, q0A + c, vEffA) - bA) / mdA)) - c;
          nA++;
          if (hc < 0) {
            eA = next;
            doneA = true;
            break;
          }
        }
      } else {
        const slope = 1 - ((LA - (heA + eA)) * (lin ? lambda : IA / (2 * q))) / mdA;
        if (heA > 0) {
          sLoA = slope;
          next = slope > 0 ? eA + heA / slope : eA + heA;
          if (slope > 0 && heA <= tol * slope * eA) {
            eA = next;
            doneA = true;
            break;
          }
        } else {
          if (sLoA > 0 && -heA <= tol * sLoA * eA) {
            doneA = true;
            break;
          }
          next = slope > 0 ? eA + heA / slope : 0.5 * (loA + hiA);
        }
        if (!(next > loA && next < hiA)) next = 0.5 * (loA + hiA);
      }
      IA = impactOf(pb, q0A + next, vEffA);
      heA = LA * (1 - detExp(-(IA - bA) / mdA)) - next;
      eA = next;
      nA++;
      if (heA > 0) loA = eA;
      else if (heA < 0) hiA = eA;
      if (hiA - loA <= tol * hiA) {
        doneA = true;
        break;
      }
      if (!(heA != 0 && nA < 10_000)) doneA = true;
    } while (false);
    if (!doneB) do {
      const q = q0B + eB;
      let next: f64;
      if (!lin && q <= 0) {
        let step = heB, est: f64 = Infinity;
        const u = -q;
        if (u > 0 && u <= uStarB) {
          const slope = 1 - ((LB - (heB + eB)) * (IB / (2 * q))) / mdB;
          if (slope > 0 && eB + heB / slope <= -q0B) {
            step = heB / slope;
            est = step;
            stepPrevB = NaN;
          }
        }
        if (est == Infinity) {
          const ratio = heB / stepPrevB;
          if (ratio >= 0 && ratio < 1) est = (heB * ratio) / (1 - ratio);
          stepPrevB = heB;
        }
        next = eB + step;
        if (est <= 0.25 * tol * next) {
          const c = next + 2 * est + 0.25 * tol * next;
          const hc = LB * (1 - detExp(-(impactOf(pb, q0B + c, vEffB) - bB) / mdB)) - c;
          nB++;
          if (hc < 0) {
            eB = next;
            doneB = true;
            break;
          }
        }
      } else {
        const slope = 1 - ((LB - (heB + eB)) * (lin ? lambda : IB / (2 * q))) / mdB;
        if (heB > 0) {
          sLoB = slope;
          next = slope > 0 ? eB + heB / slope : eB + heB;
          if (slope > 0 && heB <= tol * slope * eB) {
            eB = next;
            doneB = true;
            break;
          }
        } else {
          if (sLoB > 0 && -heB <= tol * sLoB * eB) {
            doneB = true;
            break;
          }
          next = slope > 0 ? eB + heB / slope : 0.5 * (loB + hiB);
        }
        if (!(next > loB && next < hiB)) next = 0.5 * (loB + hiB);
      }
      IB = impactOf(pb, q0B + next, vEffB);
      heB = LB * (1 - detExp(-(IB - bB) / mdB)) - next;
      eB = next;
      nB++;
      if (heB > 0) loB = eB;
      else if (heB < 0) hiB = eB;
      if (hiB - loB <= tol * hiB) {
        doneB = true;
        break;
      }
      if (!(heB != 0 && nB < 10_000)) doneB = true;
    } while (false);
  }
  if (jA >= 0) store<f64>(scr + (<usize>jA << 3) + S_RES * K8, eA);
  if (jB >= 0) store<f64>(scr + (<usize>jB << 3) + S_RES * K8, eB);
}

// ---------------------------------------------------------------------------------------------
// sim/lockstep-markets.ts MarketsLockstep.step, ported.

/** Day t for every path and market. Returns the number of closes that are not finite and positive. */
export function step(t: i32): i32 {
  drawDay();
  preTrade(t);
  return post(t);
}

/** Hosted: steps 1-2 of day t for every path (the draws, the pre-trade price); the companies' steps 3-6 follow in JavaScript. */
export function pre(t: i32): void {
  drawDay();
  preTrade(t);
}

/** Step 7 of day t for every path and market. Returns the number of closes that are not finite and positive. */
export function post(t: i32): i32 {
  let bad = 0;
  for (let k = 0; k < nM; k++) bad += clear(k, t);
  return bad;
}

/**
 * Step 1: every path draws D uniforms (seedrandom's Alea.next, as MarketsLockstep.drawDay), two
 * paths at a time so that their chains overlap. `c = x | 0` is Math.trunc here (f64.trunc):
 * the same number, as 0 <= x < 2^21.
 */
function drawDay(): void {
  const keep = hosted ? D : 4 * nM;
  const ac = offsetOf(R_AC), a0 = offsetOf(R_A0), a1 = offsetOf(R_A1), a2 = offsetOf(R_A2), d = offsetOf(R_DRAWS);
  let p = 0;
  for (; p + 1 < K; p += 2) {
    const o = <usize>p << 3, o2 = o + 8;
    let c = load<f64>(ac + o), s0 = load<f64>(a0 + o), s1 = load<f64>(a1 + o), s2 = load<f64>(a2 + o);
    let c2 = load<f64>(ac + o2), t0 = load<f64>(a0 + o2), t1 = load<f64>(a1 + o2), t2 = load<f64>(a2 + o2);
    for (let i = 0; i < D; i++) {
      const x = 2091639 * s0 + c * 2.3283064365386963e-10;
      const y = 2091639 * t0 + c2 * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = Math.trunc(x);
      s2 = x - c;
      t0 = t1;
      t1 = t2;
      c2 = Math.trunc(y);
      t2 = y - c2;
      if (i < keep) {
        const at = d + ((<usize>(i * K + p)) << 3);
        store<f64>(at, s2 <= 0 ? 1e-12 : s2);
        store<f64>(at + 8, t2 <= 0 ? 1e-12 : t2);
      }
    }
    store<f64>(ac + o, c); store<f64>(a0 + o, s0); store<f64>(a1 + o, s1); store<f64>(a2 + o, s2);
    store<f64>(ac + o2, c2); store<f64>(a0 + o2, t0); store<f64>(a1 + o2, t1); store<f64>(a2 + o2, t2);
  }
  for (; p < K; p++) {
    const o = <usize>p << 3;
    let c = load<f64>(ac + o), s0 = load<f64>(a0 + o), s1 = load<f64>(a1 + o), s2 = load<f64>(a2 + o);
    for (let i = 0; i < D; i++) {
      const x = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = Math.trunc(x);
      s2 = x - c;
      if (i < keep) store<f64>(d + ((<usize>(i * K + p)) << 3), s2 <= 0 ? 1e-12 : s2);
    }
    store<f64>(ac + o, c); store<f64>(a0 + o, s0); store<f64>(a1 + o, s1); store<f64>(a2 + o, s2);
  }
}

function preTrade(t: i32): void {
  const d = offsetOf(R_DRAWS), raw = offsetOf(R_RAW), corr = offsetOf(R_CORR), L = offsetOf(R_CHOL);
  const nI = hosted ? nA : nM; // the index's normal (row nM) only when the companies read it
  for (let k = 0; k < nI; k++) {
    const o = k * K, od = 4 * k * K;
    for (let p = 0; p < K; p++) store<f64>(raw + (<usize>(o + p) << 3), normInv(load<f64>(d + (<usize>(od + p) << 3))));
  }
  for (let i = 0; i < nI; i++) {
    for (let p = 0; p < K; p++) {
      let s: f64 = 0;
      for (let j = 0; j <= i; j++) s += load<f64>(L + (<usize>(i * nA + j) << 3)) * load<f64>(raw + (<usize>(j * K + p) << 3));
      store<f64>(corr + (<usize>(i * K + p) << 3), s);
    }
  }
  const f = offsetOf(R_F), T = offsetOf(R_T), pPre = offsetOf(R_PPRE), ddr = offsetOf(R_DD), peak = offsetOf(R_PEAK);
  for (let k = 0; k < nM; k++) {
    const pb = offsetOf(R_PRM) + (<usize>(k * NPARAM) << 3), o = k * K, od = 4 * k * K;
    const decay = prm(pb, P_DECAY), scripted = <f64>t < prm(pb, P_SCRIPT_DAYS), sr = load<f64>(offsetOf(R_SCRIPT) + (<usize>(k * days + t) << 3));
    const drift = prm(pb, P_DRIFT), vol = prm(pb, P_VOL), jp = prm(pb, P_JUMP_PROB), jm = prm(pb, P_JUMP_MEAN), js = prm(pb, P_JUMP_STD);
    for (let p = 0; p < K; p++) {
      const j = <usize>(o + p) << 3;
      store<f64>(T + j, load<f64>(T + j) * decay);
      let r: f64;
      if (scripted) {
        r = sr;
      } else {
        r = drift + vol * load<f64>(corr + j);
        if (load<f64>(d + (<usize>(od + K + p) << 3)) < jp) r += jm + js * normInv(load<f64>(d + (<usize>(od + 2 * K + p) << 3)));
      }
      const fj = load<f64>(f + j) + (r + 0);
      store<f64>(f + j, fj);
      const pp = detExp(fj - load<f64>(T + j));
      store<f64>(pPre + j, pp);
      const d0 = 1 - pp / load<f64>(peak + j);
      store<f64>(ddr + j, d0 > 0 ? d0 : 0);
    }
  }
}

// Scratch slots (region R_SCR, K each): the cascade's inputs per path, its result, the day's base flow.
const S_Q0: usize = 0, S_B: usize = 1, S_L: usize = 2, S_MD: usize = 3, S_XZERO: usize = 4, S_VEFF: usize = 5, S_RES: usize = 6, S_QBASE: usize = 7, S_SIDE: usize = 8;
export const NSCRATCH: i32 = 9;

/**
 * Step 7 for market k on every path, in three passes: the pre-trade price, flows and cascade
 * inputs per path; the cascades, two paths at a time (solveBook2); impact and close per path.
 */
function clear(k: i32, t: i32): i32 {
  const pb = offsetOf(R_PRM) + (<usize>(k * NPARAM) << 3), o = k * K, od = 4 * k * K, dr = offsetOf(R_DRAWS);
  const scr = offsetOf(R_SCR), K8 = <usize>K << 3;
  const flows = prm(pb, P_FLOWS) != 0;
  const qScheduled = load<f64>(offsetOf(R_SCHED) + (<usize>(k * days + t) << 3)), vDay = load<f64>(offsetOf(R_VOLF) + (<usize>(k * days + t) << 3));
  const f = offsetOf(R_F), T = offsetOf(R_T), P = offsetOf(R_P), peak = offsetOf(R_PEAK), oi = offsetOf(R_OI), soi = offsetOf(R_SOI);
  const g = offsetOf(R_G), rPrev = offsetOf(R_RPREV), minClose = offsetOf(R_MIN), totL = offsetOf(R_TOTL), totS = offsetOf(R_TOTS);
  const pf = prm(pb, P_PERM), phi = prm(pb, P_PHI), chase = prm(pb, P_CHASE), aum = prm(pb, P_AUM), flowVol = prm(pb, P_FLOW_VOL);
  const liqSens = prm(pb, P_LIQ_SENS), minLiq = prm(pb, P_MIN_LIQ), dailyVol = prm(pb, P_DAILY_VOL);
  const rebuild = prm(pb, P_REBUILD), targetOi = prm(pb, P_TARGET_OI), sRebuild = prm(pb, P_SHORT_REBUILD), sTargetOi = prm(pb, P_SHORT_TARGET_OI);
  const md = prm(pb, P_MD), smd = prm(pb, P_SHORT_MD);
  const qc = offsetOf(R_QC), sig = offsetOf(R_SIG), ddr = offsetOf(R_DD);
  for (let p = 0; p < K; p++) {
    const j = <usize>(o + p) << 3, sj = scr + (<usize>p << 3);
    const logPPre = load<f64>(f + j) - load<f64>(T + j);
    const dd = load<f64>(ddr + j);
    let gj: f64 = 0;
    if (flows) gj = phi * load<f64>(g + j) + chase * aum * load<f64>(rPrev + j) + flowVol * normInv(load<f64>(dr + (<usize>(od + 3 * K + p) << 3)));
    store<f64>(g + j, gj);
    const qBase = (hosted ? load<f64>(qc + j) : 0) + qScheduled + -gj;
    let liq = 1 - liqSens * dd;
    if (liq < minLiq) liq = minLiq;
    const vEff = dailyVol * liq * vDay;
    const base = logPPre - (hosted ? load<f64>(sig + j) : 0) - detLog(load<f64>(P + j));
    store<f64>(sj + S_QBASE * K8, qBase);
    store<f64>(sj + S_VEFF * K8, vEff);
    // sim/market.ts cascade: which book, if any, and its equation's inputs.
    const oi0 = load<f64>(oi + j), soi0 = load<f64>(soi + j);
    let side: f64 = 0;
    if (oi0 > 0 || soi0 > 0) {
      const x0 = impactOf(pb, qBase, vEff) - base;
      if (x0 > 0 && oi0 > 0) {
        side = 1;
        store<f64>(sj + S_Q0 * K8, qBase); store<f64>(sj + S_B * K8, base); store<f64>(sj + S_L * K8, oi0);
        store<f64>(sj + S_MD * K8, md); store<f64>(sj + S_XZERO * K8, x0);
      } else if (x0 < 0 && soi0 > 0) {
        side = -1;
        store<f64>(sj + S_Q0 * K8, -qBase); store<f64>(sj + S_B * K8, -base); store<f64>(sj + S_L * K8, soi0);
        store<f64>(sj + S_MD * K8, smd); store<f64>(sj + S_XZERO * K8, -x0);
      }
    }
    store<f64>(sj + S_SIDE * K8, side);
  }
  // The cascades, paired: the next two paths that need one.
  let pending: i32 = -1;
  for (let p = 0; p < K; p++) {
    if (load<f64>(scr + (<usize>p << 3) + S_SIDE * K8) == 0) continue;
    if (pending < 0) pending = p;
    else {
      solveBook2(pb, scr, K8, pending, p);
      pending = -1;
    }
  }
  if (pending >= 0) solveBook2(pb, scr, K8, pending, -1);
  let bad = 0;
  const totC = offsetOf(R_TOTC), pExec = offsetOf(R_PEXEC), pPre = offsetOf(R_PPRE), liqDay = offsetOf(R_LIQ), sliqDay = offsetOf(R_SLIQ);
  for (let p = 0; p < K; p++) {
    const j = <usize>(o + p) << 3, sj = scr + (<usize>p << 3);
    const side = load<f64>(sj + S_SIDE * K8);
    const res = load<f64>(sj + S_RES * K8);
    const ell: f64 = side > 0 ? res : 0, ells: f64 = side < 0 ? res : 0;
    const qBase = load<f64>(sj + S_QBASE * K8), vEff = load<f64>(sj + S_VEFF * K8), Pj = load<f64>(P + j);
    const I = impactOf(pb, qBase + ell - ells, vEff);
    let oij = load<f64>(oi + j) - ell;
    oij += rebuild * (targetOi - oij);
    store<f64>(oi + j, oij);
    let soij = load<f64>(soi + j) - ells;
    soij += sRebuild * (sTargetOi - soij);
    store<f64>(soi + j, soij);
    const fj = load<f64>(f + j) - (pf * I + (hosted ? load<f64>(sig + j) : 0));
    store<f64>(f + j, fj);
    const Tj = load<f64>(T + j) + (1 - pf) * I;
    store<f64>(T + j, Tj);
    const close = detExp(fj - Tj);
    store<f64>(P + j, close);
    store<f64>(rPrev + j, detLog(close / Pj));
    if (close > load<f64>(peak + j)) store<f64>(peak + j, close);
    if (close < load<f64>(minClose + j)) store<f64>(minClose + j, close);
    store<f64>(totL + j, load<f64>(totL + j) + ell);
    store<f64>(totS + j, load<f64>(totS + j) + ells);
    if (hosted) {
      store<f64>(totC + j, load<f64>(totC + j) + load<f64>(qc + j));
      store<f64>(pExec + j, load<f64>(pPre + j) * detExp(-I / 2));
      store<f64>(liqDay + j, ell);
      store<f64>(sliqDay + j, ells);
    }
    if (!(close > 0 && close < Infinity)) bad++;
  }
  return bad;
}
