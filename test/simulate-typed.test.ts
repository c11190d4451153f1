/**
 * The typed result (src/simulate.ts SimResultTyped) against the plain one:
 * - every series equals the plain result's element for element (Object.is:
 *   same bits, -0 included), mNAV / EV mNAV non-finite exactly where the
 *   plain result has null, listing-state codes naming the plain states;
 * - toPlainResult(runPreparedTyped(...)) is runPrepared(...) (same JSON);
 * - the typed arrays are the PathRun's own recorded arrays (no copy), and the
 *   plain ones are copies (a write to one does not reach the other).
 * The plain result itself is held bit-identical to before by the goldens
 * (test/golden.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadScenarioFile } from '../src/node/files.ts';
import { prepare, runPrepared, runPreparedTyped, toPlainResult, typedResultFromRuns, type SimResult, type SimResultTyped } from '../src/simulate.ts';
import { PathRun } from '../sim/engine.ts';
import { LISTING_STATE_NAMES } from '../sim/listing-state.ts';
import { compileExpression } from '../sim/expr.ts';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const model = (file: string, days = 365) => prepare(loadScenarioFile(join(DIR, file)), { days, compileRule: compileExpression });

/** Compares one typed series with its plain copy; `nullable`: non-finite typed values are null in the plain one. */
function sameSeries(where: string, t: ArrayLike<number>, p: readonly (number | null)[], nullable = false): void {
  expect(p.length, where).toBe(t.length);
  for (let k = 0; k < t.length; k++) {
    const v = t[k];
    const want = nullable && !Number.isFinite(v) ? null : v;
    if (!Object.is(p[k], want)) throw new Error(`${where}[${k}]: plain ${p[k]}, typed ${v}`);
  }
}

function sameResult(t: SimResultTyped, p: SimResult): void {
  expect(p.dates).toEqual([...t.dates]);
  expect(Object.keys(p.markets)).toEqual(Object.keys(t.markets));
  for (const coin of Object.keys(t.markets)) {
    const keys = Object.keys(p.markets[coin]) as (keyof SimResult['markets'][string])[];
    expect(keys.length).toBe(13);
    for (const k of keys) {
      expect(t.markets[coin][k], `${coin}.${k}`).toBeInstanceOf(Float64Array);
      sameSeries(`markets.${coin}.${k}`, t.markets[coin][k], p.markets[coin][k]);
    }
  }
  expect(Object.keys(p.companies)).toEqual(Object.keys(t.companies));
  for (const ticker of Object.keys(t.companies)) {
    const tc = t.companies[ticker], pc = p.companies[ticker];
    expect([tc.coin, tc.exchange, tc.costBasisUsd]).toEqual([pc.coin, pc.exchange, pc.costBasisUsd]);
    for (const k of Object.keys(pc) as (keyof typeof pc)[]) {
      if (k === 'coin' || k === 'exchange' || k === 'costBasisUsd' || k === 'capital') continue;
      if (k === 'listingState') {
        expect(tc.listingState).toBeInstanceOf(Int8Array);
        expect(Array.from(tc.listingState, (c) => LISTING_STATE_NAMES[c])).toEqual(pc.listingState);
      } else sameSeries(`companies.${ticker}.${k}`, tc[k], pc[k], k === 'mnav' || k === 'evMnav');
    }
    expect(!!tc.capital).toBe(!!pc.capital);
    if (tc.capital && pc.capital) for (const k of Object.keys(pc.capital) as (keyof typeof pc.capital)[]) sameSeries(`companies.${ticker}.capital.${k}`, tc.capital[k], pc.capital[k]);
  }
  expect(!!t.counterfactual).toBe(!!p.counterfactual);
  if (t.counterfactual && p.counterfactual) for (const coin of Object.keys(t.markets)) sameSeries(`counterfactual.${coin}.price`, t.counterfactual.markets[coin].price, p.counterfactual.markets[coin].price);
  expect(p.events).toEqual(t.events);
  expect(p.summary).toEqual(t.summary);
  expect([p.seed, p.path, p.deterministic, p.scenario]).toEqual([t.seed, t.path, t.deterministic, t.scenario]);
}

describe('runPreparedTyped', () => {
  // sqns: 1 company with capital settings; contagion: 2 coins, 6 companies, with and without the counterfactual.
  for (const [file, seed, counterfactual] of [['sqns.json', '3', true], ['contagion.json', '1', true], ['contagion.json', '2', false]] as const) {
    it(`${file} seed ${seed}${counterfactual ? '' : ' (no counterfactual)'}: typed series equal the plain ones element for element`, () => {
      const m = model(file);
      const t = runPreparedTyped(m, { seed, counterfactual });
      const p = runPrepared(m, { seed, counterfactual });
      sameResult(t, p);
      expect(p.counterfactual === null).toBe(!counterfactual);
      // The plain result is the typed one converted: same JSON, byte for byte.
      expect(JSON.stringify(toPlainResult(t))).toBe(JSON.stringify(p));
      if (file === 'sqns.json') expect(Object.values(t.companies).some((c) => c.capital)).toBe(true);
    });
  }

  it('hands out the PathRun\'s own arrays (no copy); the plain result copies them', () => {
    const m = model('contagion.json');
    const run = new PathRun(m, '5', 0, { record: 'full' }).run();
    const cf = new PathRun(m, '5', 0, { record: 'full', companyTrading: false, marketsOnly: true }).run();
    const t = typedResultFromRuns(m, '5', 0, run, cf);
    run.marketSeries.forEach((s, k) => {
      expect(t.markets[s.coin].price).toBe(s.price);
      expect(t.markets[s.coin].liquidationsUsd).toBe(s.liquidationsUsd);
      expect(t.counterfactual!.markets[s.coin].price).toBe(cf.marketSeries[k].price);
    });
    run.companySeries.forEach((s) => {
      const c = t.companies[s.ticker];
      expect(c.stockPrice).toBe(s.stockPrice);
      expect(c.mnav).toBe(s.mnav);
      expect(c.listingState).toBe(s.listingState);
      if (s.capital) expect(c.capital!.reserveUsd).toBe(s.capital.reserveUsd);
    });
    expect(t.dates).toBe(m.calendar.dates);
    // Same seed through runPreparedTyped: equal values, fresh arrays.
    const again = runPreparedTyped(m, { seed: '5' });
    sameResult(again, toPlainResult(t));
    expect(again.markets.BTC.price).not.toBe(t.markets.BTC.price);
    // The plain copy is independent of the run's arrays.
    const p = toPlainResult(t);
    const before = t.markets.BTC.price[3];
    p.markets.BTC.price[3] = -1;
    p.dates[0] = 'x';
    expect(t.markets.BTC.price[3]).toBe(before);
    expect(t.dates[0]).not.toBe('x');
  });

  it('is exported by the package entry (README, Library API)', async () => {
    const api = await import('../src/index.ts');
    expect(api.runPreparedTyped).toBe(runPreparedTyped);
    expect(api.toPlainResult).toBe(toPlainResult);
    const t = api.simulateTyped(loadScenarioFile(join(DIR, 'sqns.json')), { seed: 2, days: 30 });
    expect(t.markets.BTC.price).toBeInstanceOf(Float64Array);
    expect(toPlainResult(t)).toEqual(api.simulate(loadScenarioFile(join(DIR, 'sqns.json')), { seed: 2, days: 30 }));
    const sim = await import('../sim/index.ts');
    expect(sim.LISTING_STATE_NAMES[t.companies.SQNS.listingState[0]]).toBe('compliant');
  });

  it('turns non-finite mNAV and EV mNAV into null in the plain result, and only those', () => {
    const t = runPreparedTyped(model('sqns.json', 5), { seed: '1', counterfactual: false });
    const ticker = Object.keys(t.companies)[0];
    // A hand-made series: Infinity (no coins), NaN, -Infinity, then ordinary values (-0 kept as -0).
    t.companies[ticker] = { ...t.companies[ticker], mnav: Float64Array.of(Infinity, NaN, 1.25, -0, 2), evMnav: Float64Array.of(1, -Infinity, 0.5, 3, NaN) };
    const p = toPlainResult(t).companies[ticker];
    expect(p.mnav).toEqual([null, null, 1.25, -0, 2]);
    expect(Object.is(p.mnav[3], -0)).toBe(true);
    expect(p.evMnav).toEqual([1, null, 0.5, 3, null]);
  });
});
