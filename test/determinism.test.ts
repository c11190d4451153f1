/**
 * docs/model.md §3 and 10: the same scenario and seed give bit-identical results
 * (JSON text equality), in one process and in another; seeds differ; path i
 * of a seed depends on nothing but the seed and i.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { PathRun, prepareModel } from '../sim/engine.ts';
import { compileExpression } from '../sim/expr.ts';
import { runPrepared } from '../src/simulate.ts';
import { companyFile, marketFile, resolve, run, scenarioFile } from './reference/scenarios.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Everything stochastic at once: two coins (correlated), jumps, ETF noise and chase, leverage,
// premium noise, index, debt with a covenant, several policies and a user rule.
const FILE = scenarioFile({
  horizonDays: 150,
  markets: {
    BTC: marketFile({ sigma: 0.6, impactVol: 0.6, mu: -0.3, jumpsPerYear: 8, jumpMean: -0.05, jumpStd: 0.06, peakPrice: 126_080,
      leverage: { openInterestUsd: 5e9, meanLiquidationDistance: 0.12, targetOpenInterestUsd: 5e9, rebuildPerDay: 0.05 },
      etfFlow: { aumUsd: 100e9, phi: 0.5, chase: 0.05, flowVolUsd: 3e8 } }),
    ETH: marketFile({ price0: 3000, peakPrice: 4900, sigma: 0.8, impactVol: 0.8, dailyVolumeUsd: 10e9, jumpsPerYear: 4, jumpMean: -0.07, jumpStd: 0.07,
      etfFlow: { aumUsd: 15e9, phi: 0.5, chase: 0.1, flowVolUsd: 1e8 } }),
  },
  correlations: { 'BTC/ETH': 0.8, 'BTC/INDEX': 0.5, 'ETH/INDEX': 0.4 },
  companies: [
    companyFile('AAA', { coins: 3234, costBasisUsd: 116_900, cashUsd: 15e6, sharesOutstanding: 14.3e6, stockPrice0: 7.1, opexUsdPerYear: 80e6,
      debt: [{ kind: 'convertible', id: 'cv', principalUsd: 189e6, couponRate: 0.02, maturityDate: '2028-07-07', conversionPrice: 21, collateralCoins: 3234, covenantLtv: 0.9, targetLtv: 0.6 }],
      policies: [{ kind: 'deleverage', trigger: 0.55, repayFraction: 0.5 }, { kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 }],
      buybackAuthorizationUsd: 10e6 }),
    companyFile('EEE', { coin: 'ETH', coins: 40_000, costBasisUsd: 3800, cashUsd: 5e6, sharesOutstanding: 80e6, stockPrice0: 1.5, opexUsdPerYear: 10e6,
      policies: [{ kind: 'defendListing', maxAdvFraction: 0.25, reverseSplitRatio: 10, reverseSplitDaysLeft: 30 },
        { kind: 'rules', rules: [{ when: 'mnav < 0.8 and drawdown > 0.3', action: 'sellCoins', amount: 'min(0.02 * coins, 500)' }] }] }),
  ],
});

const json = (seed: string, path = 0) => JSON.stringify(run(FILE, { seed, path }));

describe('determinism (docs/model.md §3, 10)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'dat-det-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the same scenario and seed give bit-identical results twice in one process', () => {
    const a = json('42'), b = json('42');
    expect(a.length).toBeGreaterThan(10_000);
    expect(b).toBe(a);
    // and from a fresh resolve + prepare (nothing cached in the resolved scenario or the model)
    expect(JSON.stringify(run(JSON.parse(JSON.stringify(FILE)), { seed: '42' }))).toBe(a);
  });

  it('the same in a child process (npx tsx)', () => {
    const file = join(tmp, 'scenario.json');
    writeFileSync(file, JSON.stringify(FILE));
    const child = spawnSync('npx', ['tsx', 'test/reference/determinism-child.ts', file, '42', '3'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toBe(json('42', 3));
  });

  it('different seeds, and different paths of one seed, differ', () => {
    const a = run(FILE, { seed: '1' }), b = run(FILE, { seed: '2' }), c = run(FILE, { seed: '1', path: 1 });
    expect(b.markets.BTC.price).not.toEqual(a.markets.BTC.price);
    expect(c.markets.BTC.price).not.toEqual(a.markets.BTC.price);
    expect(b.companies.AAA.stockPrice).not.toEqual(a.companies.AAA.stockPrice);
    // a numeric seed is its decimal string
    expect(JSON.stringify(run(FILE, { seed: 7 }))).toBe(json('7'));
  });

  it('path i of a seed does not depend on how many paths ran before it, nor on the model being reused', () => {
    const model = prepareModel(resolve(FILE), { compileRule: compileExpression });
    const inSequence = [0, 1, 2, 3, 4, 5].map((path) => JSON.stringify(runPrepared(model, { seed: 'abc', path })));
    const alone = JSON.stringify(runPrepared(prepareModel(resolve(FILE), { compileRule: compileExpression }), { seed: 'abc', path: 5 }));
    expect(inSequence[5]).toBe(alone);
    expect(JSON.stringify(runPrepared(model, { seed: 'abc', path: 2 }))).toBe(inSequence[2]);
    // Interleaved stepping of several paths gives the same paths as one after another.
    const runs = [0, 1, 2].map((i) => new PathRun(model, 'abc', i));
    while (!runs[0].done) for (const r of runs) r.step();
    runs.forEach((r, i) => expect(JSON.stringify(Array.from(r.marketSeries[0].price))).toBe(JSON.stringify(JSON.parse(inSequence[i]).markets.BTC.price)));
  });

  it('path i draws from alea("<seed>:<i>"), the same count every day', () => {
    const model = prepareModel(resolve(FILE), { compileRule: compileExpression });
    const r = new PathRun(model, 'xyz', 4);
    const rng = seedrandom.alea('xyz:4');
    // 4 per coin (price shock, jump uniform, jump size, ETF noise), 1 for the index, 1 per company
    expect(model.drawsPerDay).toBe(2 * 4 + 1 + 2);
    for (let t = 0; t < 30; t++) {
      r.step();
      for (let k = 0; k < model.drawsPerDay; k++) expect(r.draws[k]).toBe(rng());
    }
  });

  it('summary mode (no series, no events) and events mode (every event, no series) end in the same state as full mode', () => {
    const model = prepareModel(resolve(FILE), { compileRule: compileExpression });
    for (const path of [0, 1, 2]) {
      const full = new PathRun(model, 's', path, { record: 'full' }).run();
      const summary = new PathRun(model, 's', path, { record: 'summary' }).run();
      const events = new PathRun(model, 's', path, { record: 'events' }).run();
      expect(summary.events).toEqual([]);
      expect(full.events.length).toBeGreaterThan(0);
      expect(events.events).toEqual(full.events);
      expect(events.companySeries).toEqual([]);
      for (const run of [summary, events]) {
        expect(run.milestones).toEqual(full.milestones);
        for (let k = 0; k < 2; k++) expect(run.marketTotals(k)).toEqual(full.marketTotals(k));
        for (let i = 0; i < 2; i++) expect(run.companyView(i)).toEqual(full.companyView(i));
      }
    }
  });
});
