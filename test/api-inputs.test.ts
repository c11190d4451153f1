/**
 * A script's bad arguments to the package's functions get an error naming the argument and what
 * was expected (the CLI's flags get the same bounds: src/cli/args.ts intFlag), before any work:
 * no TypeError from deep in the engine, no run of a billion days that ends out of memory.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backtest, loadScenario, monteCarlo, riskMap, savedScenario, simulate, sweep, ModelError, prepareModel, type Outcomes, type ResolvedScenario } from '../src/index.ts';
import { MAX_HORIZON_DAYS } from '../sim/index.ts';

const FILE = savedScenario('sqns');
const TEXT = readFileSync(FILE, 'utf8');
const sc = loadScenario(FILE);
/** Outcomes with nothing to score (a well-formed argument). */
const NONE: Outcomes = { outcomesVersion: 1, coinPrices: [], events: [], figures: [] };

describe('loadScenario', () => {
  it("takes a file's JSON text as it takes the file: the same run", () => {
    const a = simulate(loadScenario(TEXT), { days: 40 }), b = simulate(sc, { days: 40 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(() => loadScenario('  \n{ "id": 3 ')).toThrow(/invalid scenario:\n {2}\(root\): not valid JSON/);
    // A bad field in the text is named as in a file (and the message does not repeat the text).
    const bad = (() => {
      try {
        loadScenario(TEXT.replace('"coins": 3234', '"coins": -5'));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(bad?.name).toBe('ScenarioError');
    expect(bad?.message).toBe('invalid scenario:\n  companies[0].coins: Too small: expected number to be >=0');
  });

  it('a name too long for a file is shown cut, once', () => {
    const name = `scenarios/${'x'.repeat(5000)}`;
    expect(() => loadScenario(name)).toThrow(`invalid scenario ${name.slice(0, 80)}... (a name of 5010 characters):\n  (root): the name is too long for a file name`);
  });
});

describe('a scenario that was not loaded', () => {
  const raw = JSON.parse(TEXT) as ResolvedScenario;
  const fileObject = /^scenario: expected a resolved scenario \(what loadScenario or resolveScenario returns\), got a scenario file's object \(its markets keyed by coin\): pass it to loadScenario/;

  it("simulate, monteCarlo, riskMap and backtest name it (a file's object, undefined)", async () => {
    expect(() => simulate(raw)).toThrow(fileObject);
    expect(() => simulate(raw)).toThrow(ModelError);
    expect(() => simulate(undefined as unknown as ResolvedScenario)).toThrow('scenario: expected a resolved scenario (what loadScenario or resolveScenario returns), got undefined');
    expect(() => prepareModel(null as unknown as ResolvedScenario)).toThrow(/got null$/);
    await expect(monteCarlo(raw, { paths: 4, days: 10, workers: 1 })).rejects.toThrow(fileObject);
    expect(() => riskMap(raw)).toThrow(fileObject);
    expect(() => backtest(raw, NONE)).toThrow(fileObject);
  });
});

describe('run options', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
    return 'no error';
  };

  it('days: a whole number from 1 to MAX_HORIZON_DAYS (3650), as --days; a billion days is refused at once', async () => {
    expect(MAX_HORIZON_DAYS).toBe(3650);
    const t0 = performance.now();
    expect(err(() => simulate(sc, { days: 1e9 }))).toBe('ModelError: days: expected a whole number of days from 1 to 3650, got 1000000000');
    expect(performance.now() - t0).toBeLessThan(1000); // before: 2 minutes, then out of memory
    expect(err(() => simulate(sc, { days: 3651 }))).toBe('ModelError: days: expected a whole number of days from 1 to 3650, got 3651');
    expect(err(() => simulate(sc, { days: 0 }))).toBe('ModelError: days: expected a whole number of days from 1 to 3650, got 0');
    expect(err(() => simulate(sc, { days: 1.5 }))).toBe('ModelError: days: expected a whole number of days from 1 to 3650, got 1.5');
    expect(err(() => simulate(sc, { days: '30' as unknown as number }))).toBe('ModelError: days: expected a whole number of days from 1 to 3650, got "30" (a string)');
    expect(err(() => riskMap(sc, { days: 1e6 }))).toBe('ModelError: days: expected a whole number of days from 1 to 3650, got 1000000');
    // Every entry: the engine's ModelError (a sweep names its grid point first).
    await expect(monteCarlo(sc, { paths: 4, days: 1e9 })).rejects.toMatchObject({ name: 'ModelError', message: 'days: expected a whole number of days from 1 to 3650, got 1000000000' });
    await expect(sweep(FILE, { set: { 'markets.BTC.impactLaw': ['sqrt'] }, paths: 2, days: 1e9 }).next()).rejects.toMatchObject({ name: 'ModelError', message: 'grid point 0 (markets.BTC.impactLaw=sqrt): days: expected a whole number of days from 1 to 3650, got 1000000000' });
    // The bound itself runs.
    expect(prepareModel(sc, { days: MAX_HORIZON_DAYS }).days).toBe(3650);
  });

  it('path: a whole number from 0 to 2^31 - 1, as --path', () => {
    const msg = (v: string) => `ModelError: path: expected a whole number from 0 to 2147483647, got ${v}`;
    expect(err(() => simulate(sc, { path: -1, days: 10 }))).toBe(msg('-1'));
    expect(err(() => simulate(sc, { path: 1.5, days: 10 }))).toBe(msg('1.5'));
    expect(err(() => simulate(sc, { path: NaN, days: 10 }))).toBe(msg('NaN'));
    expect(err(() => simulate(sc, { path: 2 ** 31, days: 10 }))).toBe(msg('2147483648'));
    expect(simulate(sc, { path: 2 ** 31 - 1, days: 10 }).path).toBe(2 ** 31 - 1);
  });

  it('seed: a non-empty string or a finite number, as --seed', async () => {
    const expected = 'seed: expected a non-empty string or a finite number, got';
    expect(err(() => simulate(sc, { seed: {} as unknown as string, days: 10 }))).toBe(`ModelError: ${expected} an object`);
    expect(err(() => simulate(sc, { seed: ' ', days: 10 }))).toBe(`ModelError: ${expected} " " (a string)`);
    expect(err(() => simulate(sc, { seed: Infinity, days: 10 }))).toBe(`ModelError: ${expected} Infinity`);
    await expect(monteCarlo(sc, { paths: 4, days: 10, seed: '' })).rejects.toMatchObject({ name: 'BatchError', message: `${expected} "" (a string)` });
    const points = sweep(FILE, { set: { 'markets.BTC.impactLaw': ['sqrt'] }, paths: 2, days: 5, seed: {} as unknown as string });
    await expect(points.next()).rejects.toMatchObject({ name: 'BatchError', message: `${expected} an object` });
    expect(err(() => riskMap(sc, { paths: 2, seed: [] as unknown as string }))).toBe(`UsageError: ${expected} an array`);
    expect(err(() => backtest(sc, NONE, { seed: null as unknown as string }))).toBe(`RangeError: ${expected} null`);
    // A number seed is the same seed as its text (the CLI's --seed 7).
    expect(JSON.stringify(simulate(sc, { seed: 7, days: 30 }).summary)).toBe(JSON.stringify(simulate(sc, { seed: '7', days: 30 }).summary));
  });

  it("riskMap's paths: 0 (no odds) or 1 to 100,000; backtest's 1 to 100,000, as the CLI's --paths", () => {
    const risk = (v: string) => `UsageError: paths: expected 0 (no odds) or a whole number from 1 to 100000, got ${v}`;
    expect(err(() => riskMap(sc, { paths: -3 }))).toBe(risk('-3'));
    expect(err(() => riskMap(sc, { paths: 2.5 }))).toBe(risk('2.5'));
    expect(err(() => riskMap(sc, { paths: 1e12 }))).toBe(risk('1000000000000'));
    const kept = (v: string) => `RangeError: paths must be a whole number from 1 to 100000 (a figure is kept for each path), got ${v}`;
    expect(err(() => backtest(sc, NONE, { paths: 0 }))).toBe(kept('0'));
    expect(err(() => backtest(sc, NONE, { paths: 1e12 }))).toBe(kept('1000000000000'));
  });

  it("backtest's outcomes: what loadOutcomes or parseOutcomes returns", () => {
    expect(err(() => backtest(sc, null as never))).toBe('OutcomesError: invalid outcomes file:\n  (root): expected outcomes from loadOutcomes or parseOutcomes, got null');
    expect(err(() => backtest(sc, { coinPrices: [] } as never))).toBe('OutcomesError: invalid outcomes file:\n  (root): expected outcomes from loadOutcomes or parseOutcomes, got an object');
  });
});
