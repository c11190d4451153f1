/**
 * Ensembles, shards and sweeps through the library: the same bytes for any
 * worker count, shard split and merge order; full mode agrees with summary
 * mode and with single-path simulate(); sweeps check paths and values before
 * running and yield points in grid order.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../src/index.ts';
import { monteCarlo, runEnsemble, checkPaths } from '../src/batch/mc.ts';
import { decodePartial, encodePartial, mergePartials, runShard, summarizePartials } from '../src/batch/partial.ts';
import { summarize } from '../src/batch/ensemble.ts';
import { summaryCsv } from '../src/batch/format.ts';
import { applySets, gridTuples, parseSetFlag, prepareSweep, resolveSetPath, splitValues, sweep, type SweepPoint } from '../src/batch/sweep.ts';
import { BatchError } from '../src/batch/errors.ts';
import { batchScenarioFile } from './batch-fixture.ts';

const FILE = batchScenarioFile(60);
const SCENARIO = loadScenario(FILE);
const OPTS = { paths: 96, seed: 'batch' } as const;

describe('monteCarlo', () => {
  it('gives the same JSON serially and on 2 workers, and it is a plausible ensemble', async () => {
    const serial = await monteCarlo(SCENARIO, { ...OPTS, workers: 1 });
    const pooled = await monteCarlo(SCENARIO, { ...OPTS, workers: 2 });
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(serial));

    expect(serial.paths).toBe(96);
    expect(serial.days).toBe(60);
    const aaa = serial.companies.AAA;
    for (const ev of Object.values(aaa.events)) {
      expect(ev.probability).toBe(ev.count / 96);
      expect(ev.ci95[0]).toBeLessThanOrEqual(ev.probability);
      expect(ev.ci95[1]).toBeGreaterThanOrEqual(ev.probability);
      if (ev.day) expect(ev.day.min).toBeLessThanOrEqual(ev.day.q50);
    }
    // Something happens in this fixture: a stop-loss seller and a listing under $1.
    expect(serial.companies.CCC.events.anySale.count).toBeGreaterThan(0);
    expect(serial.companies.BBB.events.notice.count).toBeGreaterThan(0);
    const sd = serial.markets.ETH.terminal.selfInflictedDrawdown;
    expect(sd.n).toBe(96);
    expect(sd.q05! <= sd.q50! && sd.q50! <= sd.q95!).toBe(true);
    // Bands: 60 days, ordered quantiles.
    const b = serial.bands!.markets.BTC.price;
    expect(b.q50).toHaveLength(60);
    for (let t = 0; t < 60; t++) expect(b.q05[t]! <= b.q50[t]! && b.q50[t]! <= b.q95[t]!).toBe(true);
    expect(serial.bands!.dates[0]).toBe('2025-11-24');
  });

  it('is reproducible from the seed and differs between seeds', async () => {
    const a = await monteCarlo(SCENARIO, { paths: 20, seed: 'x', workers: 1 });
    const b = await monteCarlo(SCENARIO, { paths: 20, seed: 'x', workers: 1 });
    const c = await monteCarlo(SCENARIO, { paths: 20, seed: 'y', workers: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('terminal figures match single-path simulate() for the same paths', async () => {
    const r = await monteCarlo(SCENARIO, { paths: 5, seed: 'sim', workers: 1, record: 'full' });
    expect(r.pathResults).toHaveLength(5);
    const sims = [0, 1, 2, 3, 4].map((path) => simulate(SCENARIO, { seed: 'sim', path }));
    for (let i = 0; i < 5; i++) expect(JSON.stringify(r.pathResults![i])).toBe(JSON.stringify(sims[i]));
    const prices = sims.map((s) => s.summary.markets.BTC.terminalPrice);
    expect(r.markets.BTC.terminal.price.min).toBe(Math.min(...prices));
    expect(r.markets.BTC.terminal.price.max).toBe(Math.max(...prices));
    const notices = sims.filter((s) => s.summary.companies.BBB.noticeDay !== null).length;
    expect(r.companies.BBB.events.notice.count).toBe(notices);
    const sid = sims.map((s) => s.summary.markets.ETH.selfInflictedDrawdown!).sort((a, b) => a - b);
    expect(Math.abs(r.markets.ETH.terminal.selfInflictedDrawdown.q50! - sid[2])).toBeLessThanOrEqual(Math.abs(sid[2]) / 257 + 1e-9);
  });

  it('full mode gives the same summary as summary mode, on workers too', async () => {
    const full = await monteCarlo(SCENARIO, { paths: 40, seed: 'f', workers: 2, record: 'full' });
    const summ = await monteCarlo(SCENARIO, { paths: 40, seed: 'f', workers: 1 });
    const { pathResults, ...rest } = full;
    expect(pathResults!.map((p) => p.path)).toEqual([...Array(40).keys()]);
    expect(JSON.stringify(rest)).toBe(JSON.stringify(summ));
  });

  it('without bands or counterfactual', async () => {
    const r = await monteCarlo(SCENARIO, { paths: 10, workers: 1, bands: false, counterfactual: false });
    expect(r.bands).toBeUndefined();
    expect(r.markets.BTC.terminal.selfInflictedDrawdown.n).toBe(0);
    expect(r.markets.BTC.terminal.selfInflictedDrawdown.q50).toBeNull();
  });

  it('refuses bad path counts, and caps full mode by memory', () => {
    for (const bad of [0, -1, 1.5, NaN, 2e9, '10']) expect(checkPaths(bad), String(bad)).not.toBeNull();
    expect(checkPaths(1e9)).toBeNull();
    return expect(runEnsemble(SCENARIO, { paths: 100_000, record: 'full', workers: 1 })).rejects.toThrow(/capped at \d+ paths/);
  });

  it('aborts', async () => {
    const ac = new AbortController();
    const p = monteCarlo(SCENARIO, { paths: 5000, workers: 2, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    const ac2 = new AbortController();
    const p2 = monteCarlo(SCENARIO, { paths: 5000, workers: 1, signal: ac2.signal, onProgress: () => ac2.abort() });
    await expect(p2).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('shards and merge', () => {
  it('shards merged in any order equal the single run, through the file format', async () => {
    const single = summarize((await runEnsemble(SCENARIO, { ...OPTS, workers: 1 })).state);
    const parts = [];
    for (let k = 0; k < 3; k++) {
      const p = await runShard(SCENARIO, { ...OPTS, workers: k === 1 ? 2 : 1, shard: { index: k, count: 3 } });
      parts.push({ partial: decodePartial(encodePartial(p), `part${k}`), file: `part${k}` });
    }
    expect(JSON.stringify(summarizePartials(parts))).toBe(JSON.stringify(single));
    expect(JSON.stringify(summarizePartials([parts[2], parts[0], parts[1]]))).toBe(JSON.stringify(single));
    // Staged: (0+1) as a partial, then + 2.
    const ab = mergePartials([parts[0], parts[1]]);
    expect(ab.ranges).toEqual([[0, 64]]);
    const staged = summarizePartials([{ partial: decodePartial(encodePartial(ab)), file: 'ab' }, parts[2]]);
    expect(JSON.stringify(staged)).toBe(JSON.stringify(single));
    expect(summaryCsv(staged)).toBe(summaryCsv(single));
  });

  it('refuses missing and overlapping shards and partials of other runs', async () => {
    const p = (await Promise.all([0, 1].map((k) => runShard(SCENARIO, { paths: 20, workers: 1, shard: { index: k, count: 2 } })))).map((partial, k) => ({ partial, file: `p${k}` }));
    expect(() => summarizePartials([p[0]])).toThrow(/missing: paths 10\.\.19/);
    expect(() => mergePartials([p[0], p[0]])).toThrow(/overlap/);
    const otherSeed = { partial: await runShard(SCENARIO, { paths: 20, seed: 'other', workers: 1, shard: { index: 1, count: 2 } }), file: 'q' };
    expect(() => mergePartials([p[0], otherSeed])).toThrow(/different runs: their seed differ/);
    const otherDays = { partial: await runShard(SCENARIO, { paths: 20, days: 30, workers: 1, shard: { index: 1, count: 2 } }), file: 'd' };
    expect(() => mergePartials([p[0], otherDays])).toThrow(/their days differ/);
    const other = loadScenario({ ...FILE, markets: { BTC: { sigma: 0.71 }, ETH: { sigma: 0.9 } } });
    const otherScenario = { partial: await runShard(other, { paths: 20, workers: 1, shard: { index: 1, count: 2 } }), file: 's' };
    expect(() => mergePartials([p[0], otherScenario])).toThrow(/resolved scenario \(hash\) differ/);
    // Damaged or foreign files.
    expect(() => decodePartial('{"kind":"something"}', 'x.json')).toThrow(BatchError);
    expect(() => decodePartial('not json', 'x.json')).toThrow(/not valid JSON/);
    // An object where its text belongs (a script that parsed the file itself): said, not "[object Object]" is not JSON.
    expect(() => decodePartial({} as unknown as string)).toThrow("partial: expected the text of a partial result (encodePartial's, or a file dat-sim mc --shard wrote), got an object");
    const text = JSON.parse(encodePartial(p[0].partial));
    text.formatVersion = 99;
    expect(() => decodePartial(JSON.stringify(text), 'v.json')).toThrow(/format version 99/);
  });
});

describe('sweep', () => {
  it('parses --set values: numbers, text, JSON lists, top-level commas only', () => {
    expect(parseSetFlag('markets.BTC.sigma=0.4,0.6, 1e-1')).toEqual({ path: 'markets.BTC.sigma', values: [0.4, 0.6, 0.1] });
    expect(parseSetFlag('markets.BTC.impactLaw=sqrt,linear').values).toEqual(['sqrt', 'linear']);
    expect(parseSetFlag('companies.AAA.fundingOrder=["coins","atm"],["cash"]').values).toEqual([['coins', 'atm'], ['cash']]);
    expect(splitValues('{"a":1,"b":2},"x,y",3')).toEqual(['{"a":1,"b":2}', '"x,y"', '3']);
    expect(() => parseSetFlag('novalue')).toThrow(BatchError);
    expect(() => parseSetFlag('a.b=')).toThrow(BatchError);
    expect(() => parseSetFlag('a.b=1,,2')).toThrow(BatchError);
  });

  it('resolves tickers, indices, kinds and ids; creates optional sub-objects only', () => {
    expect(resolveSetPath(FILE, 'companies.BBB.coins')).toEqual(['companies', 1, 'coins']);
    expect(resolveSetPath(FILE, 'companies[0].premium.kappa')).toEqual(['companies', 0, 'premium', 'kappa']);
    expect(resolveSetPath(FILE, 'companies.AAA.policies[0].trigger')).toEqual(['companies', 0, 'policies', 0, 'trigger']);
    expect(resolveSetPath(FILE, 'companies.BBB.policies.defendListing.reverseSplitRatio')).toEqual(['companies', 1, 'policies', 1, 'reverseSplitRatio']);
    expect(resolveSetPath(FILE, 'companies.AAA.debt.convertible.principalUsd')).toEqual(['companies', 0, 'debt', 0, 'principalUsd']);
    expect(resolveSetPath(FILE, 'markets.ETH.leverage.openInterestUsd')).toEqual(['markets', 'ETH', 'leverage', 'openInterestUsd']);
    expect(() => resolveSetPath(FILE, 'companies.ZZZ.coins')).toThrow(/no entry "ZZZ"/);
    expect(() => resolveSetPath(FILE, 'companies[3].coins')).toThrow(/index 3 is out of range/);
    expect(() => resolveSetPath(FILE, 'markets.XRP.sigma')).toThrow(/markets has no "XRP"/);
    expect(() => resolveSetPath(FILE, 'markets..sigma')).toThrow(/empty segment/);
    const edited = applySets(FILE, [[['companies', 0, 'premium', 'kappa'], 3]]) as typeof FILE & { companies: { premium?: { kappa: number } }[] };
    expect(edited.companies[0].premium).toEqual({ kappa: 3 });
    expect((FILE.companies as { premium?: unknown }[])[0].premium).toBeUndefined();
  });

  it('grids: Cartesian with the first --set slowest, or zipped', () => {
    const sets = [{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }];
    expect(gridTuples(sets, false)).toEqual([[1, 'x'], [1, 'y'], [1, 'z'], [2, 'x'], [2, 'y'], [2, 'z']]);
    expect(() => gridTuples(sets, true)).toThrow(/same length/);
    expect(gridTuples([sets[0], { path: 'c', values: [5, 6] }], true)).toEqual([[1, 5], [2, 6]]);
  });

  it('a grid over 100,000 points is refused before it is built or any value is checked (1,000^3 ran out of memory)', async () => {
    const vals = (n: number, base: number) => Array.from({ length: n }, (_, i) => base + i * 1e-4);
    const t0 = performance.now();
    await expect(prepareSweep(FILE, { set: { 'markets.BTC.sigma': vals(1000, 0.3), 'markets.BTC.impactY': vals(1000, 0.5), 'markets.ETH.sigma': vals(1000, 0.4) } }))
      .rejects.toThrow('the grid has 1000000000 points (1000 x 1000 x 1000 values); at most 100000 (each point is a whole ensemble)');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(() => gridTuples([{ path: 'a', values: vals(400, 0) }, { path: 'b', values: vals(400, 0) }], false)).toThrow('the grid has 160000 points (400 x 400 values)');
    await expect(prepareSweep(FILE, { set: { 'markets.BTC.sigma': vals(100_001, 0.3), 'markets.ETH.sigma': vals(100_001, 0.4) }, zip: true }))
      .rejects.toThrow('the grid has 100001 points (100001 zipped with 100001 values)');
  });

  it('refuses unknown fields, wrong types and bad values before running anything', async () => {
    const prep = (set: Record<string, unknown[]>) => expect(prepareSweep(FILE, { set })).rejects;
    await prep({ 'markets.BTC.sigmaa': [0.5] }).toThrow(/unknown --set path "markets.BTC.sigmaa": markets.BTC has no field "sigmaa"/);
    await prep({ 'companies.CCC.policies[0].trigger': [0.5] }).toThrow(/has no field "trigger"/); // stopLoss has no trigger
    await prep({ 'markets.BTC.sigma': [0.5, 'high'] }).toThrow(/wrong type/);
    await prep({ 'companies.AAA.coins': [-5] }).toThrow(/companies\[0\]\.coins/);
    await prep({ 'companies.AAA.debt[0].maturityDate': ['2020-01-01'] }).toThrow(/grid point 0 .*matures before the scenario starts/s);
  });

  it('yields points in grid order, equal to monteCarlo on the edited scenario, on 1 or 2 workers', async () => {
    const set = { 'markets.ETH.sigma': [0.5, 1.2], 'companies.CCC.policies[0].maxLoss': [0.05, 0.3] };
    const opts = { set, paths: 40, seed: 's', bands: false };
    const rows1: SweepPoint[] = [];
    for await (const p of sweep(FILE, { ...opts, workers: 1 })) rows1.push(p);
    const rows2: SweepPoint[] = [];
    for await (const p of sweep(FILE, { ...opts, workers: 2 })) rows2.push(p);
    expect(rows1.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(rows1.map((r) => r.params)).toEqual([
      { 'markets.ETH.sigma': 0.5, 'companies.CCC.policies[0].maxLoss': 0.05 },
      { 'markets.ETH.sigma': 0.5, 'companies.CCC.policies[0].maxLoss': 0.3 },
      { 'markets.ETH.sigma': 1.2, 'companies.CCC.policies[0].maxLoss': 0.05 },
      { 'markets.ETH.sigma': 1.2, 'companies.CCC.policies[0].maxLoss': 0.3 },
    ]);
    expect(JSON.stringify(rows2)).toBe(JSON.stringify(rows1));
    const edited = applySets(FILE, [[['markets', 'ETH', 'sigma'], 1.2], [['companies', 2, 'policies', 0, 'maxLoss'], 0.3]]);
    const direct = await monteCarlo(loadScenario(edited as object), { paths: 40, seed: 's', bands: false, workers: 1 });
    expect(JSON.stringify(rows1[3].summary)).toBe(JSON.stringify(direct));
    // A looser stop-loss sells less often.
    const sold = (r: SweepPoint) => r.summary.companies.CCC.events.anySale.count;
    expect(sold(rows1[0])).toBeGreaterThanOrEqual(sold(rows1[1]));
    expect(rows1[0].metrics.map(([k]) => k)).toContain('ETH.selfInflictedDrawdown.q50');
  });
});
