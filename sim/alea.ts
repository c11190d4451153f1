/**
 * The random streams of K paths (docs/model.md §3): path i of seed s draws from
 * seedrandom's alea seeded with "<s>:<i>". seedrandom seeds the state (its Mash of
 * the seed string); the draws are alea's own arithmetic on that state kept in typed
 * arrays, the same doubles as seedrandom's `next()`. PathRun holds K = 1, the
 * markets-only lockstep (sim/lockstep-markets.ts) K paths.
 */
import seedrandom from 'seedrandom';

export class AleaStreams {
  readonly K: number;
  // alea state per path (seedrandom's Alea: c, s0, s1, s2).
  private readonly c: Float64Array;
  private readonly s0: Float64Array;
  private readonly s1: Float64Array;
  private readonly s2: Float64Array;

  /** Paths start..start+K-1 of `seed`. */
  constructor(seed: string, start: number, K: number) {
    this.K = K;
    this.c = new Float64Array(K); this.s0 = new Float64Array(K); this.s1 = new Float64Array(K); this.s2 = new Float64Array(K);
    for (let p = 0; p < K; p++) {
      const st = seedrandom.alea(`${seed}:${start + p}`, { state: true }).state();
      this.c[p] = st.c; this.s0[p] = st.s0; this.s1[p] = st.s1; this.s2[p] = st.s2;
    }
  }

  /** Path p's alea state (c, s0, s1, s2), for a kernel that steps the streams itself (sim/lockstep-markets-wasm.ts). */
  state(p: number): [number, number, number, number] {
    return [this.c[p], this.s0[p], this.s1[p], this.s2[p]];
  }

  /**
   * Step 1: each path draws `count` uniforms (the day's full count, so the stream never
   * shifts); the first `keep` go to out[i*K + p], with 0 (which alea can in principle
   * return) replaced by 1e-12.
   */
  draw(out: Float64Array, count: number, keep: number): void {
    const K = this.K, ac = this.c, a0 = this.s0, a1 = this.s1, a2 = this.s2;
    for (let p = 0; p < K; p++) {
      let c = ac[p], s0 = a0[p], s1 = a1[p], s2 = a2[p];
      for (let i = 0; i < count; i++) {
        // seedrandom's Alea.next: t = 2091639 s0 + c 2^-32; s0 = s1; s1 = s2; s2 = t - (c = t | 0).
        const x = 2091639 * s0 + c * 2.3283064365386963e-10;
        s0 = s1;
        s1 = s2;
        c = x | 0;
        s2 = x - c;
        if (i < keep) out[i * K + p] = s2 <= 0 ? 1e-12 : s2;
      }
      ac[p] = c; a0[p] = s0; a1[p] = s1; a2[p] = s2;
    }
  }
}
