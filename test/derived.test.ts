/**
 * sim/derived.ts: the one definition of mNAV, EV mNAV, NAV per share, LTV,
 * debt totals, market cap and average daily volume, checked on hand-made
 * numbers, against the engine's recorded series and against the rule
 * variables the policies step hands a rule (both call these functions).
 */
import { describe, expect, it } from 'vitest';
import { averageDailyVolumeUsd, coinValueUsd, debtUsd, evMnav, finiteOrNull, ltv, marketCapUsd, mnav, navPerShare, seniorUsd, startDebtUsd, unrealizedLossUsd } from '../sim/derived.ts';
import { RULE_VARIABLE_ORDER } from '../sim/codes.ts';
import { PathRun, dayCloses } from '../sim/engine.ts';
import { prepare } from '../src/simulate.ts';
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
    // Market cap 4 * 10M = $40M; cost basis $60,000 a coin: unrealized loss 1000 * (60,000 - 50,000) = $10M.
    expect(marketCapUsd(4, 10e6)).toBe(40e6);
    expect(unrealizedLossUsd(1000, 60_000, 50_000)).toBe(10e6);
    expect(unrealizedLossUsd(1000, 40_000, 50_000)).toBe(-10e6);
    // Debt at the start from the parameters: $20M convertible + $7M loan; the $5M preferred is not debt.
    expect(startDebtUsd([
      { kind: 'convertible', principalUsd: 20e6 },
      { kind: 'preferred', liquidationPreferenceUsd: 5e6 },
      { kind: 'loan', principalUsd: 7e6 },
    ] as never)).toBe(27e6);
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

  it('are the rule variables the policies step hands a rule (sim/policies.ts rules())', () => {
    // A rule whose `when` records the variable vector and returns false (no action): the path is unchanged.
    const seen: Float64Array[] = [];
    const compileRule = (src: string) => (v: Float64Array) => (src === 'probe' && seen.push(Float64Array.from(v)), 0);
    const file = structuredClone(TEST_SCENARIO);
    file.companies[0].policies = [...file.companies[0].policies, { kind: 'rules', rules: [{ when: 'probe', action: 'sellCoins', amount: '0' }] }] as never;
    const model = prepare(resolveScenario(file), { days: 60, compileRule });
    new PathRun(model, 'rules', 0, { record: 'summary' }).run();
    expect(seen.length).toBeGreaterThan(30); // one per business day
    const at = (name: string) => RULE_VARIABLE_ORDER.indexOf(name as never);
    const [P, K, H, HP, D, N, S, M, NAVPS, LTV, U, MC, ADV] = ['price', 'costBasis', 'coins', 'coinValueUsd', 'debtUsd', 'shares', 'stockPrice', 'mnav', 'navPerShare', 'ltv', 'unrealizedLossUsd', 'marketCapUsd', 'advUsd'].map(at);
    expect(Math.min(P, K, H, HP, D, N, S, M, NAVPS, LTV, U, MC, ADV)).toBeGreaterThanOrEqual(0);
    // Day 0 by hand: 2,264 coins and the $94.5M convertible (no repayment before the first policies step).
    expect(seen[0][H]).toBe(2264);
    expect(seen[0][D]).toBe(94.5e6);
    const turnover = model.companies[0].params.stock.turnover;
    for (const v of seen) {
      expect(v[HP]).toBe(coinValueUsd(v[H], v[P]));
      expect(v[M]).toBe(mnav(v[S], v[N], v[H], v[P]));
      expect(v[LTV]).toBe(ltv(v[D], v[H], v[P]));
      expect(v[U]).toBe(unrealizedLossUsd(v[H], v[K], v[P]));
      expect(v[MC]).toBe(marketCapUsd(v[S], v[N]));
      expect(v[ADV]).toBe(averageDailyVolumeUsd(turnover, v[S], v[N]));
      expect(v[NAVPS]).toBeGreaterThan(0);
    }
  });
});

describe('PathRun read-outs for drivers', () => {
  it('readCloses fills the day view with the closes the summaries read, day by day', () => {
    const model = prepare(resolveScenario(TEST_SCENARIO), { days: 40 });
    const run = new PathRun(model, 'closes', 0, { record: 'summary' });
    const full = new PathRun(model, 'closes', 0, { record: 'full' });
    const day = dayCloses(model);
    expect([day.coinClose.length, day.stockPrice.length]).toEqual([2, 2]);
    while (!run.done) {
      run.step();
      full.step();
      run.readCloses(day);
      const t = run.t - 1;
      for (let k = 0; k < 2; k++) {
        expect(day.coinClose[k]).toBe(run.marketTotals(k).close);
        expect(day.coinClose[k]).toBe(full.marketSeries[k].price[t]);
      }
      for (let i = 0; i < 2; i++) {
        const v = run.companyView(i);
        expect([day.stockPrice[i], day.shares[i], day.coins[i]]).toEqual([v.stockPrice, v.shares, v.coins]);
        expect(day.stockPrice[i]).toBe(full.companySeries[i].stockPrice[t]);
      }
      // The day's draws: uniforms in (0, 1], the same for the same seed and day.
      expect(Array.from(run.dayDraws())).toEqual(Array.from(full.dayDraws()));
      expect(run.dayDraws().length).toBe(model.drawsPerDay);
    }
  });
});
