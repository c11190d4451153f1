/**
 * sim/derived.ts: the one definition of mNAV, EV mNAV, NAV per share, LTV,
 * debt totals and average daily volume, checked on hand-made numbers and
 * against the engine's own recorded series (which today still computes them
 * inline; after the lockstep engine lands it calls these).
 */
import { describe, expect, it } from 'vitest';
import { averageDailyVolumeUsd, coinValueUsd, debtUsd, evMnav, finiteOrNull, ltv, mnav, navPerShare, seniorUsd } from '../sim/derived.ts';
import { resolveScenario } from '../src/resolve.ts';
import { simulate } from '../src/simulate.ts';
import { TEST_SCENARIO } from './web/fixtures.ts';

describe('derived figures', () => {
  it('computes them on a hand-made company', () => {
    // 1,000 coins at $50,000 = $50M of coins; 10M shares at $4 = $40M market cap.
    // A $20M convertible, a $5M preferred (senior $25M), $3M cash; Merton equity $28M; turnover 2%/day.
    // By hand: mNAV 40/50 = 0.8; EV mNAV (40 + 25 - 3)/50 = 1.24; NAV/share 28M/10M = 2.8;
    // debt 20M (preferred excluded); LTV 20/50 = 0.4; ADV 0.02 * 4 * 10M = $800,000.
    expect(coinValueUsd(1000, 50_000)).toBe(50e6);
    expect(mnav(4, 10e6, 1000, 50_000)).toBeCloseTo(0.8, 15);
    const principal = [20e6, 5e6], preferred = [false, true];
    expect(debtUsd(principal, preferred)).toBe(20e6);
    expect(debtUsd(principal, Uint8Array.from([0, 1]))).toBe(20e6);
    expect(seniorUsd(principal)).toBe(25e6);
    expect(evMnav(4, 10e6, seniorUsd(principal), 3e6, 1000, 50_000)).toBeCloseTo(1.24, 15);
    expect(navPerShare(28e6, 10e6)).toBeCloseTo(2.8, 15);
    expect(ltv(debtUsd(principal, preferred), 1000, 50_000)).toBeCloseTo(0.4, 15);
    expect(averageDailyVolumeUsd(0.02, 4, 10e6)).toBeCloseTo(800_000, 6);
  });

  it('has a stated value with no coins: mNAV and EV mNAV +Infinity (null in JSON), LTV 0', () => {
    expect(mnav(4, 10e6, 0, 50_000)).toBe(Infinity);
    expect(evMnav(4, 10e6, 25e6, 3e6, 0, 50_000)).toBe(Infinity);
    expect(ltv(20e6, 0, 50_000)).toBe(0);
    expect(finiteOrNull(Infinity)).toBeNull();
    expect(finiteOrNull(NaN)).toBeNull();
    expect(finiteOrNull(1.5)).toBe(1.5);
  });

  it('agrees with the series the engine records, day by day', () => {
    const r = simulate(resolveScenario(TEST_SCENARIO), { seed: 'derived', days: 90, counterfactual: false });
    for (const t of ['AAA', 'BBB']) {
      const c = r.companies[t], P = r.markets[c.coin].price;
      for (let d = 0; d < 90; d++) {
        const m = mnav(c.stockPrice[d], c.shares[d], c.coins[d], P[d]);
        expect(c.mnav[d]).toBe(finiteOrNull(m));
        expect(c.ltv[d]).toBe(ltv(c.debtUsd[d], c.coins[d], P[d]));
      }
      // The path summary's terminal mNAV is the same function at the horizon.
      expect(r.summary.companies[t].terminalMnav).toBe(c.mnav[89]);
    }
  });
});
