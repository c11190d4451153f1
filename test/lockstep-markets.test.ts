/**
 * The markets-only counterfactual in lockstep (sim/lockstep-markets.ts) against the serial
 * engine: for every saved scenario, K paths stepped together give, for every path and market,
 * exactly (Object.is) the close and running totals of
 * PathRun(model, seed, p, { record: 'summary', companyTrading: false, marketsOnly: true }).
 * K in {1, 3, 64}, a start offset > 0, 120 days; contagion also at 730 days. Plus the
 * finiteness check (the same error, on the same path) and the read-out's bounds.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { AleaStreams } from '../sim/alea.ts';
import { loadScenarioFile } from '../src/node/files.ts';
import { compileExpression } from '../sim/expr.ts';
import { MarketsLockstep, PathRun, prepareModel, type Model } from '../sim/index.ts';
import { runPaths, type PathRunSpec } from '../src/batch/runner.ts';
import { EnsembleState, ensembleMeta } from '../src/batch/ensemble.ts';
import { engineIdentity } from '../src/batch/identity.ts';
import { summarizePath } from '../src/summary.ts';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const FIELDS = ['close', 'peak', 'minClose', 'liquidationsUsd', 'companyNetSoldUsd', 'shortLiquidationsUsd'] as const;

function model(file: string, days: number): Model {
  return prepareModel(loadScenarioFile(join(DIR, file)), { days, compileRule: compileExpression });
}

/** Every path's every market read-out equal bit for bit; returns the number of values compared that moved off their start. */
function compare(m: Model, seed: string, start: number, K: number): number {
  const ls = new MarketsLockstep(m, seed, start, K).run();
  expect(ls.t).toBe(m.days);
  let moved = 0;
  for (let p = start; p < start + K; p++) {
    const serial = new PathRun(m, seed, p, { record: 'summary', companyTrading: false, marketsOnly: true }).run();
    const view = ls.path(p);
    for (let k = 0; k < m.markets.length; k++) {
      const a = serial.marketTotals(k), b = view.marketTotals(k), c = ls.marketTotals(p, k);
      for (const f of FIELDS) {
        // Object.is: bit-identical (tells 0 from -0; NaN equals NaN).
        if (!Object.is(a[f], b[f]) || !Object.is(a[f], c[f])) throw new Error(`${m.scenario.id} path ${p} market ${k} ${f}: serial ${a[f]} lockstep ${b[f]} / ${c[f]}`);
      }
      if (a.close !== m.markets[k].params.price0) moved++;
    }
  }
  return moved;
}

describe('MarketsLockstep equals PathRun marketsOnly, bit for bit', () => {
  for (const file of FILES) {
    it(`${file}: K = 1, 3, 64 from path 5 (120 days)`, () => {
      const m = model(file, 120);
      let moved = 0;
      for (const K of [1, 3, 64]) moved += compare(m, 'lock', 5, K);
      // The comparison is not vacuous: the closes moved (a price path, not the start price).
      expect(moved).toBeGreaterThan(0);
    });
  }

  it('contagion.json over 730 days, 24 paths from 1000, liquidations included', () => {
    const m = model('contagion.json', 730);
    expect(compare(m, 'long', 1000, 24)).toBe(24 * m.markets.length);
    const ls = new MarketsLockstep(m, 'long', 1000, 24).run();
    let liq = 0;
    for (let p = 1000; p < 1024; p++) for (let k = 0; k < m.markets.length; k++) liq += ls.marketTotals(p, k).liquidationsUsd + ls.marketTotals(p, k).shortLiquidationsUsd;
    expect(liq).toBeGreaterThan(0); // the cascade solver ran on these paths
  });

  it('keeps each path independent of its neighbours (a path alone equals the same path in a batch)', () => {
    const m = model('contagion.json', 120);
    const alone = new MarketsLockstep(m, 's', 9, 1).run().marketTotals(9, 0);
    const batch = new MarketsLockstep(m, 's', 7, 5).run().marketTotals(9, 0);
    for (const f of FIELDS) expect(Object.is(alone[f], batch[f])).toBe(true);
  });
});

describe('AleaStreams (sim/alea.ts): the one alea of PathRun and the lockstep', () => {
  it('draws the doubles of seedrandom.alea("<seed>:<path>") for every path, keeping the first `keep` of each day at out[i*K + p]', () => {
    const K = 5, start = 40, count = 9, keep = 4, days = 300;
    const streams = new AleaStreams('a', start, K);
    const refs = Array.from({ length: K }, (_, p) => seedrandom.alea(`a:${start + p}`));
    const out = new Float64Array(keep * K);
    let distinct = 0;
    for (let day = 0; day < days; day++) {
      streams.draw(out, count, keep);
      for (let p = 0; p < K; p++) {
        for (let i = 0; i < count; i++) {
          const u = refs[p]();
          if (i < keep && !Object.is(out[i * K + p], u)) throw new Error(`day ${day} path ${start + p} draw ${i}: ${out[i * K + p]} vs seedrandom ${u}`);
        }
      }
      if (out[0] !== out[1]) distinct++;
    }
    expect(distinct).toBe(days); // the paths' streams differ
  });
});

describe('MarketsLockstep checks and bounds', () => {
  it('a path whose price leaves the finite range throws PathRun’s error when read, and only that path', () => {
    const m = model('sqns.json', 60);
    // A daily volatility no market has: exp overflows or underflows within days on most paths.
    m.markets[0].volDaily = 400;
    const ls = new MarketsLockstep(m, 'x', 0, 8).run();
    let failed = 0;
    for (let p = 0; p < 8; p++) {
      let serialError: unknown = null;
      try {
        new PathRun(m, 'x', p, { record: 'summary', companyTrading: false, marketsOnly: true }).run();
      } catch (e) {
        serialError = e;
      }
      if (serialError) {
        failed++;
        expect(() => ls.path(p)).toThrow((serialError as Error).message);
      } else {
        expect(() => ls.path(p)).not.toThrow();
      }
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('refuses paths outside its range and K < 1', () => {
    const m = model('sqns.json', 5);
    const ls = new MarketsLockstep(m, 'x', 10, 3);
    expect(() => ls.path(9)).toThrow(/outside 10..12/);
    expect(() => ls.marketTotals(13, 0)).toThrow(/outside 10..12/);
    expect(() => new MarketsLockstep(m, 'x', 0, 0)).toThrow(/K >= 1/);
  });
});

describe('runPaths with the lockstep counterfactual', () => {
  const CF = { record: 'summary', companyTrading: false, marketsOnly: true } as const;
  const spec: PathRunSpec = { seed: 'r', counterfactual: true, bands: false, full: false };
  const state = (m: Model) => new EnsembleState(ensembleMeta(m, { seed: 'r', paths: 12, counterfactual: true, bands: false, scenarioHash: 'test', engine: engineIdentity() }));
  /** The runner before the lockstep: per path, the run, then its counterfactual alone. */
  function serialPaths(m: Model, start: number, end: number, st: EnsembleState): void {
    for (let p = start; p < end; p++) {
      const run = new PathRun(m, 'r', p, { record: 'summary' }).run();
      const cf = new PathRun(m, 'r', p, CF).run();
      st.addPath(summarizePath(m, run, cf), Int32Array.from(run.milestones, (x) => x.reverseSplitDay));
    }
  }

  it('fills the ensemble state exactly as one counterfactual PathRun per path (contagion, paths 3..15)', () => {
    const m = model('contagion.json', 120);
    const a = state(m), b = state(m);
    runPaths(m, spec, 3, 15, a);
    serialPaths(m, 3, 15, b);
    expect(a.count).toBe(12);
    expect(Array.from(a.terminal)).toEqual(Array.from(b.terminal));
    expect(Array.from(a.extrema)).toEqual(Array.from(b.extrema));
    expect(Array.from(a.events)).toEqual(Array.from(b.events));
  });

  it('fails with the error the serial runs gave first, in path order, naming that path', () => {
    const m = model('sqns.json', 60);
    m.markets[0].volDaily = 400;
    let expected = '';
    let failed = -1;
    for (let p = 0; p < 8 && failed < 0; p++) {
      try {
        serialPaths(m, p, p + 1, state(m));
      } catch (e) {
        expected = (e as Error).message;
        failed = p;
      }
    }
    expect(expected).toMatch(/^markets\.\w+\.price: on day \d+ \(\d{4}-\d\d-\d\d\) the run would produce /);
    // The ensemble's message is the serial one with the path named after the date.
    expect(() => runPaths(m, spec, 0, 8, state(m))).toThrow(expected.replace(/^(.*? on day \d+ \([^)]*\))/, `$1 of path ${failed}`));
  });
});
