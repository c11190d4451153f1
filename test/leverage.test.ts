/**
 * Two-sided leverage (docs/model.md §12, docs/model.md 2.4): worked examples computed apart from the
 * engine (python3 bisection, the steps in the comment), and how the leverage
 * fields of a scenario file resolve (v1 files keep working).
 */
import { describe, expect, it } from 'vitest';
import { resolveScenario, ScenarioError } from '../src/resolve.ts';
import { MARKET_PRESETS } from '../src/presets/defaults.ts';
import { marketFile, run, scenarioFile } from './reference/scenarios.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('a two-day cascade with both books (deterministic, square-root law)', () => {
  // Longs L = $10B (mean distance 0.2, target $12B, rebuild 10%/day); shorts Sh = $6B (mean
  // distance 0.1, target $5B, rebuild 20%/day). Day 0: $2B sold. Day 1: $3B bought.
  // Independent computation (python3, bisection on each side's fixed point):
  //   sd = 0.5/sqrt(365); imp(q, v) = sign(q) 0.7 sd sqrt(|q|/v)
  //   day 0: ell = bisect(e - L(1 - exp(-imp(2e9 + e, 20e9)/0.2))) = 306262722.37213033
  //          close = 1e5 exp(-imp(2e9 + ell)) = 99379.8298931287; shorts untouched, rebuild:
  //          Sh = 6e9 + 0.2 (5e9 - 6e9) = 5.8e9; L = (L - ell) + 0.1 (12e9 - (L - ell)) = 9924363549.865084
  //   day 1: transient decays 2^(-1/5): pre-trade 99419.8535586259 (above the close: x > 0 before any flow),
  //          dd = 1 - pre/1e5, V = 20e9 (1 - dd); rise x = ln(pre/close0) - imp(-3e9 - ells, V)
  //          ells = bisect(e - Sh(1 - exp(-x(e)/0.1))) = 447581798.0180268 (forced buys)
  //          close = 100181.15732628154 (without the shorts' buys: 100129.83977683149)
  //          Sh = (5.8e9 - ells) + 0.2 (5e9 - (5.8e9 - ells)) = 5281934561.585579; L rebuilds to 10131927194.878574
  const r = run(scenarioFile({
    horizonDays: 2,
    markets: {
      BTC: marketFile({
        leverage: { openInterestUsd: 10e9, meanLiquidationDistance: 0.2, targetOpenInterestUsd: 12e9, rebuildPerDay: 0.1,
          shortOpenInterestUsd: 6e9, shortMeanLiquidationDistance: 0.1, shortTargetOpenInterestUsd: 5e9, shortRebuildPerDay: 0.2 },
        scheduledFlows: [{ startDate: '2025-11-03', days: 1, usdPerDay: 2e9 }, { startDate: '2025-11-04', days: 1, usdPerDay: -3e9 }],
      }),
    },
  }), { deterministic: true, counterfactual: false });
  const m = r.markets.BTC;

  it('day 0 (down): longs are sold, shorts are not, both books rebuild', () => {
    expect(rel(m.liquidationsUsd[0], 306262722.37213033)).toBeLessThan(1e-9);
    expect(m.shortLiquidationsUsd[0]).toBe(0);
    expect(rel(m.price[0], 99379.8298931287)).toBeLessThan(1e-12);
    expect(rel(m.openInterestUsd[0], 9924363549.865084)).toBeLessThan(1e-12);
    expect(rel(m.shortOpenInterestUsd[0], 5.8e9)).toBeLessThan(1e-15);
  });

  it('day 1 (up): shorts are bought in the same flow and amplify the rise; longs are not sold', () => {
    expect(rel(m.preTradePrice[1], 99419.8535586259)).toBeLessThan(1e-12);
    expect(m.liquidationsUsd[1]).toBe(0);
    expect(rel(m.shortLiquidationsUsd[1], 447581798.0180268)).toBeLessThan(1e-9);
    expect(rel(m.price[1], 100181.15732628154)).toBeLessThan(1e-12);
    expect(m.price[1]).toBeGreaterThan(100129.83977683149); // the close without the forced buys
    expect(rel(m.shortOpenInterestUsd[1], 5281934561.585579)).toBeLessThan(1e-9);
    expect(rel(m.openInterestUsd[1], 10131927194.878574)).toBeLessThan(1e-12);
  });
});

describe('the long/short mix is a parameter', () => {
  // A sell-off (-40%/yr drift, $2B/day of redemptions for 5 days) with a crowded long book.
  const selloff = (shortOpenInterestUsd: number) => run(scenarioFile({
    horizonDays: 10,
    markets: { BTC: marketFile({ mu: -0.4, leverage: { openInterestUsd: 10e9, meanLiquidationDistance: 0.1, targetOpenInterestUsd: 10e9, rebuildPerDay: 0.05, shortOpenInterestUsd, shortTargetOpenInterestUsd: shortOpenInterestUsd }, scheduledFlows: [{ startDate: '2025-11-03', days: 5, usdPerDay: 2e9 }] }) },
  }), { deterministic: true, counterfactual: false }).markets.BTC;
  const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);

  it('with longs 5x the shorts, the sell-off liquidates longs, and a rebound after it liquidates shorts', () => {
    const m = selloff(2e9);
    expect(sum(m.liquidationsUsd.slice(0, 5))).toBeGreaterThan(1e9);
    expect(sum(m.shortLiquidationsUsd.slice(0, 5))).toBe(0);
    // After the redemptions stop, the transient impact decays: the price rebounds and shorts are bought in.
    expect(m.price[5]).toBeGreaterThan(m.price[4]);
    expect(m.shortLiquidationsUsd[5]).toBeGreaterThan(0);
    expect(m.liquidationsUsd[5]).toBe(0);
  });

  it('the short book only changes the up days (the sell-off is the same with or without it)', () => {
    const a = selloff(2e9), b = selloff(0);
    for (let t = 0; t < 5; t++) expect(a.price[t]).toBe(b.price[t]);
    expect(a.price[5]).toBeGreaterThan(b.price[5]);
  });
});

describe('leverage fields in a scenario file', () => {
  const file = (leverage?: Record<string, number>) => ({
    schemaVersion: 1, id: 'l', name: 'l', startDate: '2025-11-21', horizonDays: 5,
    markets: { BTC: { preset: 'BTC', ...(leverage ? { leverage } : {}) } },
    companies: [{ ticker: 'Z', name: 'Z', exchange: 'nasdaq-cm', coin: 'BTC', coins: 1, costBasisUsd: 1, sharesOutstanding: 1e6, stockPrice0: 1, policies: [{ kind: 'hold' }] }],
  });
  const lev = (l?: Record<string, number>) => resolveScenario(file(l)).markets[0].leverage;

  it('no leverage object: the preset, a balanced book', () => {
    const p = MARKET_PRESETS.BTC.leverage;
    expect(lev()).toEqual(p);
    expect(p.shortOpenInterestUsd).toBe(p.openInterestUsd);
    expect(p.shortMeanLiquidationDistance).toBe(p.meanLiquidationDistance);
  });

  it('a v1 leverage object (long fields only): the short side mirrors the long fields it sets', () => {
    const l = lev({ openInterestUsd: 7e9, meanLiquidationDistance: 0.1 });
    expect(l).toMatchObject({ openInterestUsd: 7e9, targetOpenInterestUsd: 7e9, shortOpenInterestUsd: 7e9, shortTargetOpenInterestUsd: 7e9, meanLiquidationDistance: 0.1, shortMeanLiquidationDistance: 0.1, shortRebuildPerDay: MARKET_PRESETS.BTC.leverage.shortRebuildPerDay });
    // leverage off in v1 terms switches off both books
    expect(lev({ openInterestUsd: 0, targetOpenInterestUsd: 0 })).toMatchObject({ openInterestUsd: 0, targetOpenInterestUsd: 0, shortOpenInterestUsd: 0, shortTargetOpenInterestUsd: 0 });
  });

  it('short fields set explicitly win; v1 long-only is shortOpenInterestUsd 0', () => {
    expect(lev({ openInterestUsd: 7e9, shortOpenInterestUsd: 0 })).toMatchObject({ openInterestUsd: 7e9, shortOpenInterestUsd: 0, shortTargetOpenInterestUsd: 0 });
    expect(lev({ shortOpenInterestUsd: 1e9, shortTargetOpenInterestUsd: 2e9, shortMeanLiquidationDistance: 0.05, shortRebuildPerDay: 0.3 })).toMatchObject({
      openInterestUsd: MARKET_PRESETS.BTC.leverage.openInterestUsd, shortOpenInterestUsd: 1e9, shortTargetOpenInterestUsd: 2e9, shortMeanLiquidationDistance: 0.05, shortRebuildPerDay: 0.3 });
  });

  it('bad short fields are refused with their path', () => {
    expect(() => resolveScenario(file({ shortOpenInterestUsd: -1 }), { file: 'x.json' })).toThrow(ScenarioError);
    try { resolveScenario(file({ shortMeanLiquidationDistance: 0 }), { file: 'x.json' }); expect.unreachable(); } catch (e) {
      expect(String((e as Error).message)).toContain('markets.BTC.leverage.shortMeanLiquidationDistance');
    }
  });
});
