/**
 * simulate()'s counterfactual (src/simulate.ts marketsCounterfactual: MarketsLockstepCloses
 * with one path) against what it replaced, a full-record PathRun with the companies
 * switched off (`{ record: 'full', companyTrading: false, marketsOnly: true }`):
 * - for every saved scenario, 2 seeds x 2 paths over 730 days (and two deterministic runs), every market's close on
 *   every day equal by Object.is (same bits, -0 and NaN placement included), and the
 *   summary's counterfactual terminal price and self-inflicted drawdown too;
 * - the series of path p in a K-path MarketsLockstepCloses equal path p run alone;
 * - a path that leaves the finite range throws PathRun's error (the same message);
 * - typedResultFromRuns still takes a PathRun counterfactual (the teaching view's).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/node/files.ts';
import { compileExpression } from '../sim/expr.ts';
import { PathRun, prepareModel, type Model } from '../sim/index.ts';
import { MarketsLockstepCloses } from '../sim/index.ts';
import { marketsCounterfactual, runPreparedTyped, typedResultFromRuns } from '../src/simulate.ts';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const CF = { record: 'full', companyTrading: false, marketsOnly: true } as const;

function model(file: string, days: number): Model {
  return prepareModel(loadScenarioFile(join(DIR, file)), { days, compileRule: compileExpression });
}

/** Throws at the first element that differs (Object.is); returns how many days the close moved off the day before. */
function sameSeries(where: string, a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new Error(`${where}: length ${a.length} vs ${b.length}`);
  let moves = 0;
  for (let t = 0; t < a.length; t++) {
    if (!Object.is(a[t], b[t])) throw new Error(`${where}[${t}]: lockstep ${a[t]} vs PathRun ${b[t]}`);
    if (t > 0 && a[t] !== a[t - 1]) moves++;
  }
  return moves;
}

describe('simulate() counterfactual: the lockstep closes equal the full-record PathRun, bit for bit', () => {
  for (const file of FILES) {
    it(`${file}: 2 seeds x 2 paths, 730 days, every market and day`, () => {
      const m = model(file, 730);
      let moves = 0;
      for (const seed of ['1', 'cf']) {
        for (const path of [0, 3]) {
          const serial = new PathRun(m, seed, path, CF).run();
          const cf = marketsCounterfactual(m, seed, path);
          expect(cf.marketSeries.length).toBe(m.markets.length);
          m.markets.forEach((mk, k) => {
            moves += sameSeries(`${file} seed ${seed} path ${path} ${mk.params.coin}`, cf.marketSeries[k].price, serial.marketSeries[k].price);
            expect(Object.is(cf.marketTotals(k).close, serial.marketTotals(k).close)).toBe(true);
          });
          // Through runPreparedTyped: the same series, keyed by coin, and the summary's counterfactual figures.
          const typed = runPreparedTyped(m, { seed, path });
          const old = typedResultFromRuns(m, seed, path, new PathRun(m, seed, path, { record: 'full' }).run(), serial);
          expect(Object.keys(typed.counterfactual!.markets)).toEqual(Object.keys(old.counterfactual!.markets));
          for (const coin of Object.keys(old.counterfactual!.markets)) sameSeries(`${file} typed ${coin}`, typed.counterfactual!.markets[coin].price, old.counterfactual!.markets[coin].price);
          expect(typed.summary).toEqual(old.summary);
          for (const coin of Object.keys(old.summary.markets)) {
            expect(Object.is(typed.summary.markets[coin].counterfactualTerminalPrice, old.summary.markets[coin].counterfactualTerminalPrice)).toBe(true);
            expect(Object.is(typed.summary.markets[coin].selfInflictedDrawdown, old.summary.markets[coin].selfInflictedDrawdown)).toBe(true);
          }
        }
      }
      // Not vacuous: the counterfactual prices moved day to day.
      expect(moves).toBeGreaterThan(100);
    });
  }

  it('deterministic runs (every noise term zero) too: sqns, contagion', () => {
    for (const file of ['sqns.json', 'contagion.json']) {
      const m = prepareModel(loadScenarioFile(join(DIR, file)), { days: 365, deterministic: true, compileRule: compileExpression });
      const serial = new PathRun(m, '1', 0, CF).run();
      const cf = marketsCounterfactual(m, '1', 0);
      let moves = 0;
      m.markets.forEach((mk, k) => (moves += sameSeries(`${file} deterministic ${mk.params.coin}`, cf.marketSeries[k].price, serial.marketSeries[k].price)));
      expect(moves).toBeGreaterThan(0);
    }
  });

  it('path p of a K-path lockstep has the series of path p alone (contagion, paths 4..8)', () => {
    const m = model('contagion.json', 200);
    const batch = new MarketsLockstepCloses(m, 'k', 4, 5).run();
    for (let p = 4; p < 9; p++) {
      const alone = marketsCounterfactual(m, 'k', p);
      for (let k = 0; k < m.markets.length; k++) {
        const s = batch.closeSeries(p, k);
        expect(s.length).toBe(200);
        sameSeries(`path ${p} market ${k}`, s, alone.marketSeries[k].price);
      }
    }
    expect(() => batch.closeSeries(9, 0)).toThrow(/outside 4..8/);
  });

  it('a path that leaves the finite range throws the full-record PathRun’s error', () => {
    const m = model('sqns.json', 60);
    // A daily volatility no market has: exp overflows or underflows within days on most paths.
    m.markets[0].volDaily = 400;
    let failed = 0;
    for (let p = 0; p < 6; p++) {
      let serialError: Error | null = null;
      try {
        new PathRun(m, 'x', p, CF).run();
      } catch (e) {
        serialError = e as Error;
      }
      if (serialError) {
        failed++;
        expect(() => marketsCounterfactual(m, 'x', p)).toThrow(serialError.message);
      } else {
        expect(() => marketsCounterfactual(m, 'x', p)).not.toThrow();
      }
    }
    expect(failed).toBeGreaterThan(0);
  });
});
