/**
 * The engine in lockstep (sim/lockstep-engine.ts: markets in the WebAssembly kernel, hosted;
 * companies in JavaScript) against PathRun one path at a time (record 'summary'): for every saved
 * scenario, every path's closes and company figures of every day, its end state (market totals,
 * company view, milestones, events) equal by Object.is, K in {4, 9} over 200 days, and contagion
 * and sqns over 730 days at K = 32; simulate()'s pair (the path in full record and its
 * counterfactual as two lanes: every series, event, close and total); a path that fails throws
 * PathRun's error, in path order; a kernel instance taken over; the fallback (null below
 * WASM_MIN_PATHS).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/node/files.ts';
import { compileExpression } from '../sim/expr.ts';
import { PathRun, dayCloses, prepareModel, type Model } from '../sim/index.ts';
import { EngineLockstep, MAX_ENGINE_LOCKSTEP_PATHS, createEngineLockstep } from '../sim/lockstep-engine.ts';
import { WASM_MIN_PATHS } from '../sim/lockstep-markets-wasm.ts';
import { marketsKernel } from '../sim/wasm/load.ts';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const model = (file: string, days: number): Model => prepareModel(loadScenarioFile(join(DIR, file)), { days, compileRule: compileExpression });

function kernel() {
  const k = marketsKernel();
  if (!k) throw new Error('Node has WebAssembly: the kernel must compile');
  return k;
}

function same(what: string, a: unknown, b: unknown): void {
  if (typeof a === 'number' || typeof b === 'number') {
    if (!Object.is(a, b)) throw new Error(`${what}: serial ${a}, lockstep ${b}`);
    return;
  }
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    if (x.length !== y.length) throw new Error(`${what}: length ${x.length} vs ${y.length}`);
    for (let i = 0; i < x.length; i++) same(`${what}[${i}]`, x[i], y[i]);
    return;
  }
  if (a && typeof a === 'object') {
    for (const k of Object.keys(a)) same(`${what}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    return;
  }
  if (a !== b) throw new Error(`${what}: serial ${String(a)}, lockstep ${String(b)}`);
}

/** Every figure equal (Object.is); returns the milestones reached and companies that sold (so the comparison is not vacuous), and closes that moved. */
function compare(m: Model, seed: string, start: number, K: number, reuse?: EngineLockstep): { events: number; moved: number; ls: EngineLockstep } {
  const serial = Array.from({ length: K }, (_, p) => new PathRun(m, seed, start + p, { record: 'summary' }));
  const ls = new EngineLockstep(m, seed, start, K, kernel(), reuse);
  const a = dayCloses(m), b = dayCloses(m);
  for (let t = 0; t < m.days; t++) {
    ls.step();
    for (let p = 0; p < K; p++) {
      serial[p].step();
      serial[p].readCloses(a);
      ls.readCloses(start + p, b);
      same(`${m.scenario.id} path ${start + p} day ${t} closes`, a, b);
    }
  }
  let events = 0, moved = 0;
  for (let p = 0; p < K; p++) {
    const s = serial[p], l = ls.path(start + p), tag = `${m.scenario.id} path ${start + p}`;
    for (let k = 0; k < m.markets.length; k++) {
      same(`${tag} market ${k} totals`, s.marketTotals(k), l.marketTotals(k));
      for (const f of ['f', 'T', 'P', 'peak', 'oi', 'soi', 'g', 'rPrev', 'minClose', 'totalLiquidationsUsd', 'totalShortLiquidationsUsd', 'totalCompanyUsd'] as const) {
        same(`${tag} market ${k} ${f}`, s.mk[k][f], l.mk[k][f]);
      }
      if (s.mk[k].P !== m.markets[k].params.price0) moved++;
    }
    for (let i = 0; i < m.companies.length; i++) {
      same(`${tag} company ${i}`, s.companyView(i), l.companyView(i));
      same(`${tag} company ${i} milestones`, s.milestones[i], l.milestones[i]);
    }
    expect(JSON.stringify(l.events)).toBe(JSON.stringify(s.events));
    // Milestones reached and coins sold: the comparison saw the companies act.
    for (let i = 0; i < m.companies.length; i++) {
      events += Object.values(s.milestones[i]).filter((d) => d >= 0).length + (s.companyView(i).coinsSold > 0 ? 1 : 0);
    }
  }
  return { events, moved, ls };
}

describe('EngineLockstep equals PathRun, bit for bit', () => {
  for (const file of FILES) {
    it(`${file}: K = 4 from path 0 and K = 9 from path 7 (200 days)`, () => {
      const m = model(file, 200);
      const r1 = compare(m, 'lock', 0, 4), r2 = compare(m, 'lock', 7, 9);
      expect(r1.moved + r2.moved).toBeGreaterThan(0); // a price path, not the start price
    });
  }

  for (const file of ['contagion.json', 'sqns.json']) {
    it(`${file}: K = 32, 730 days, with events`, () => {
      const r = compare(model(file, 730), 'year2', 100, 32);
      expect(r.events).toBeGreaterThan(0);
    });
  }
});

describe("EngineLockstep.withCounterfactual equals simulate()'s two PathRuns, bit for bit", () => {
  /** Every recorded series and event of the path, and the counterfactual's closes and totals. */
  function comparePair(m: Model, seed: string, path: number, reuse?: EngineLockstep): EngineLockstep {
    const run = new PathRun(m, seed, path, { record: 'full' }).run();
    const cf = new PathRun(m, seed, path, { record: 'full', companyTrading: false, marketsOnly: true }).run();
    const ls = EngineLockstep.withCounterfactual(m, seed, path, kernel(), reuse).run();
    const l = ls.path(path), lc = ls.counterfactual(), tag = `${m.scenario.id} path ${path}`;
    same(`${tag} market series`, run.marketSeries, l.marketSeries);
    same(`${tag} company series`, run.companySeries, l.companySeries);
    expect(JSON.stringify(l.events)).toBe(JSON.stringify(run.events));
    for (let k = 0; k < m.markets.length; k++) {
      same(`${tag} counterfactual ${k} price`, cf.marketSeries[k].price, lc.marketSeries[k].price);
      expect(lc.marketSeries[k].coin).toBe(cf.marketSeries[k].coin);
      same(`${tag} counterfactual ${k} totals`, cf.marketTotals(k), lc.marketTotals(k));
      same(`${tag} market ${k} totals`, run.marketTotals(k), l.marketTotals(k));
    }
    return ls;
  }

  for (const file of FILES) {
    it(`${file}: paths 0 and 3 (400 days), the second on the first's kernel instance`, () => {
      const m = model(file, 400);
      comparePair(m, 'pair', 3, comparePair(m, 'pair', 0));
    });
  }

  it('sqns and wargame-ten over 730 days', () => {
    comparePair(model('sqns.json', 730), 'year', 1);
    comparePair(model('wargame-ten.json', 730), 'year', 2);
  });

  it("the counterfactual's failure is thrown by counterfactual(), after the path's own", () => {
    const m = model('sqns.json', 60);
    m.markets[0].scriptR[30] = Infinity;
    m.markets[0].scriptDays = 31;
    let pathError = '', cfError = '';
    try { new PathRun(m, 'f', 0, { record: 'full' }).run(); } catch (e) { pathError = (e as Error).message; }
    try { new PathRun(m, 'f', 0, { record: 'full', companyTrading: false, marketsOnly: true }).run(); } catch (e) { cfError = (e as Error).message; }
    expect(pathError).not.toBe('');
    expect(cfError).not.toBe('');
    const ls = EngineLockstep.withCounterfactual(m, 'f', 0, kernel()).run();
    expect(() => ls.path(0)).toThrow(pathError);
    expect(() => ls.counterfactual()).toThrow(cfError);
    expect(() => new EngineLockstep(m, 'f', 0, 4, kernel()).counterfactual()).toThrow(/no counterfactual lane/);
  });
});

describe('EngineLockstep: a kernel instance taken over', () => {
  it('a new lockstep on a used instance (other scenario, more paths, then fewer) gives the serial numbers', () => {
    const a = compare(model('sqns.json', 200), 'r', 0, 5);
    const b = compare(model('contagion.json', 150), 'r', 40, 12, a.ls); // more markets and paths: the memory grows
    const c = compare(model('fgnx.json', 300), 'r', 3, 4, b.ls);
    expect(b.ls.kx).toBe(a.ls.kx);
    expect(c.ls.kx).toBe(a.ls.kx);
    expect(a.moved * b.moved * c.moved).toBeGreaterThan(0);
  });
});

describe('EngineLockstep failures and fallback', () => {
  it('a path that fails throws the serial error when read, the others are unaffected', () => {
    const m = model('sqns.json', 60);
    // A market whose price is driven to Infinity on day 30: every path fails there, with PathRun's message.
    m.markets[0].scriptR[30] = Infinity;
    m.markets[0].scriptDays = 31;
    let serialError = '';
    try {
      new PathRun(m, 'f', 3, { record: 'summary' }).run();
    } catch (e) {
      serialError = (e as Error).message;
    }
    expect(serialError).toMatch(/not finite|finite/);
    const ls = new EngineLockstep(m, 'f', 2, 5, kernel()).run();
    expect(ls.failed(3)).toBe(true);
    expect(() => ls.path(3)).toThrow(serialError);
  });

  it(`createEngineLockstep: null below ${WASM_MIN_PATHS} paths, an EngineLockstep from there`, () => {
    const m = model('sqns.json', 10);
    expect(createEngineLockstep(m, 's', 0, WASM_MIN_PATHS - 1)).toBeNull();
    expect(createEngineLockstep(m, 's', 0, WASM_MIN_PATHS)).toBeInstanceOf(EngineLockstep);
    expect(() => new EngineLockstep(m, 's', 0, 0, kernel())).toThrow(/expected K from 1 to 10000 paths, got 0/);
    // A billion paths is refused before anything is allocated (it ended out of memory), 10,000 runs.
    const t0 = performance.now();
    expect(() => createEngineLockstep(m, 's', 0, 1e9)).toThrow('EngineLockstep: expected K from 1 to 10000 paths, got 1000000000');
    expect(performance.now() - t0).toBeLessThan(100);
    expect(createEngineLockstep(m, 's', 0, MAX_ENGINE_LOCKSTEP_PATHS)!.K).toBe(10_000);
    const ls = new EngineLockstep(m, 's', 10, 4, kernel());
    expect(() => ls.path(14)).toThrow(/outside 10..13/);
  });
});
