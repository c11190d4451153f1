/**
 * "How much will this company be forced to sell?": the engine counts the coins sold for a forced
 * reason (sim/codes.ts FORCED_REASON: funding, covenant, lender liquidation, amendment schedule)
 * next to all coins sold. Checked against the event log, summed here independently (the
 * `coinSale` events with `forced: true`), on every saved scenario; and `mc`'s terminal
 * distribution of it against each path's summary.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveScenarioText } from '../src/resolve.ts';
import { simulate } from '../src/simulate.ts';
import { compileExpression } from '../sim/expr.ts';
import { monteCarlo } from '../src/batch/mc.ts';
import { eachPath } from '../src/batch/runner.ts';
import { prepare } from '../src/analysis/run.ts';
import { summarizePath } from '../src/summary.ts';

const DIR = new URL('../scenarios/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const load = (f: string) => resolveScenarioText(readFileSync(new URL(f, DIR), 'utf8'), { file: f });

describe('forced coins sold', () => {
  it('equals the forced coin sales of the event log, and all coins sold the sum of every sale, on every saved scenario', () => {
    let both = 0;
    for (const f of FILES) {
      const r = simulate(load(f), { seed: 'forced', days: 730, compileRule: compileExpression, counterfactual: false });
      for (const [ticker, c] of Object.entries(r.summary.companies)) {
        const sales = r.events.filter((e) => e.company === ticker && e.kind === 'coinSale') as unknown as { coins: number; usd: number; forced: boolean }[];
        const sum = (xs: typeof sales, k: 'coins' | 'usd') => xs.reduce((a, e) => a + e[k], 0);
        const forced = sales.filter((e) => e.forced);
        const tol = (v: number) => 1e-9 * Math.max(1, Math.abs(v));
        expect(Math.abs(c.forcedCoinsSold - sum(forced, 'coins')), `${f} ${ticker} forced coins`).toBeLessThanOrEqual(tol(c.forcedCoinsSold));
        expect(Math.abs(c.forcedCoinsSoldUsd - sum(forced, 'usd')), `${f} ${ticker} forced USD`).toBeLessThanOrEqual(tol(c.forcedCoinsSoldUsd));
        expect(Math.abs(c.coinsSold - sum(sales, 'coins')), `${f} ${ticker} coins`).toBeLessThanOrEqual(tol(c.coinsSold));
        expect(c.forcedCoinsSold).toBeLessThanOrEqual(c.coinsSold);
        if (c.forcedCoinsSold > 0 && c.forcedCoinsSold < c.coinsSold) both++;
      }
    }
    // Companies that sold both ways on this seed: the split is not trivially all or nothing.
    expect(both).toBeGreaterThan(0);
  });

  it("mc's terminal forcedCoinsSold has each path's value: count, minimum and maximum", async () => {
    const file = 'stress-depth-collapse.json', PATHS = 60, DAYS = 365, SEED = 'forced';
    const scenario = load(file);
    const s = await monteCarlo(scenario, { paths: PATHS, seed: SEED, days: DAYS, workers: 1, counterfactual: false, bands: false });
    const model = prepare(scenario, { days: DAYS });
    const values: Record<string, number[]> = {};
    eachPath(model, SEED, 0, PATHS, (_i, run) => {
      for (const [t, c] of Object.entries(summarizePath(model, run, null).companies)) (values[t] ??= []).push(c.forcedCoinsSold);
    });
    let some = 0;
    for (const [t, v] of Object.entries(values)) {
      const d = s.companies[t].terminal.forcedCoinsSold;
      expect(d.n, t).toBe(PATHS);
      expect(d.min, t).toBe(Math.min(...v));
      expect(d.max, t).toBe(Math.max(...v));
      if (Math.max(...v) > 0) some++;
    }
    expect(some).toBeGreaterThan(0);
  });
});
