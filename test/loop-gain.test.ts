import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../src/resolve.ts';
import { PathRun, prepareModel } from '../sim/engine.ts';
import { measureLoopGain } from '../sim/loop-gain.ts';

// One BTC market, leverage only (no companies, no ETF, no noise), scripted to
// fall 5% over two days. For a linear impact law and the exponential
// liquidation law, the open-loop gain has a closed form:
//   G = d(impact)/d(drop) = lambda/1e9 * dL/dx = lambda/1e9 * (OI/m) * exp(-x/m)
// and the cascade's fixed point amplifies a small shock by G/(1-G).
function scenario(law: 'linear' | 'sqrt') {
  return resolveScenario({
    schemaVersion: 1, id: 'lg', name: 'loop gain', startDate: '2025-11-03', horizonDays: 5,
    markets: {
      BTC: {
        price0: 100_000, sigma: 0, jumpsPerYear: 0, impactLaw: law, lambdaPerBillion: 0.034, dailyVolumeUsd: 20e9,
        // The long book alone (the closed forms below are the long side's; the short side is tested below).
        etfFlow: { aumUsd: 0, flowVolUsd: 0 }, leverage: { openInterestUsd: 10e9, meanLiquidationDistance: 0.2, shortOpenInterestUsd: 0 },
        scriptedPath: [{ date: '2025-11-02', price: 100_000 }, { date: '2025-11-04', price: 95_000 }],
      },
    },
    companies: [],
  });
}

describe('loop gain (docs/model.md §9)', () => {
  it('agrees with the finite-difference derivative of the cascade under the linear law', () => {
    const model = prepareModel(scenario('linear'), { deterministic: true });
    const run = new PathRun(model, '1', 0, { record: 'summary' });
    const before = new PathRun(model, '1', 0, { record: 'summary' });
    let rising = 0;
    for (let t = 0; t < 3; t++) {
      before.copyFrom(run);
      run.step();
      const d = run.marketDay(0);
      if (d.rise > 1e-6) rising++;
      // A day that rose by more than the shock stays a rise when shocked: the long book adds nothing.
      const analytic = d.rise > 1e-6 ? 0 : (0.034 / 1e9) * (d.openInterestBeforeUsd / 0.2) * Math.exp(-d.drop / 0.2);
      const [g] = measureLoopGain(model, before, run.draws, 1e-6);
      expect(g.gain).toBeCloseTo(analytic, 5);
      expect(g.gainLinear).toBe(g.gain);
      // The full re-run (cascade at its fixed point) amplifies by G/(1-G).
      if (d.drop > 0) expect(g.closedLoop).toBeCloseTo(analytic / (1 - analytic), 3);
    }
    expect(rising).toBe(1); // day 2: past the script, the preset's drift lifts the price
  });

  it('measures a smaller gain for the 1% shock than the derivative (concave liquidation law)', () => {
    const model = prepareModel(scenario('linear'), { deterministic: true });
    const run = new PathRun(model, '1', 0, { record: 'summary' });
    const before = new PathRun(model, '1', 0, { record: 'summary' });
    before.copyFrom(run);
    run.step();
    const [small] = measureLoopGain(model, before, run.draws, 1e-6);
    const [onePct] = measureLoopGain(model, before, run.draws, 0.01);
    expect(onePct.gain).toBeLessThan(small.gain);
    expect(onePct.gain).toBeGreaterThan(0.9 * small.gain);
  });

  it('short book on a rising day: G = lambda/1e9 * (Sh/m) * exp(-x/m), x the rise (fewer forced buys when the price is lower)', () => {
    const s = scenario('linear');
    const m = s.markets[0];
    m.leverage = { ...m.leverage, openInterestUsd: 0, targetOpenInterestUsd: 0, shortOpenInterestUsd: 10e9, shortTargetOpenInterestUsd: 10e9, shortMeanLiquidationDistance: 0.2 };
    m.scriptedPath = [{ date: '2025-11-02', price: 100_000 }, { date: '2025-11-04', price: 105_000 }];
    const model = prepareModel(s, { deterministic: true });
    const run = new PathRun(model, '1', 0, { record: 'summary' });
    const before = new PathRun(model, '1', 0, { record: 'summary' });
    for (let t = 0; t < 2; t++) {
      before.copyFrom(run);
      run.step();
      const d = run.marketDay(0);
      expect(d.rise).toBeGreaterThan(0);
      expect(d.shortLiquidationsUsd).toBeGreaterThan(0);
      const analytic = (0.034 / 1e9) * (d.shortOpenInterestBeforeUsd / 0.2) * Math.exp(-d.rise / 0.2);
      const [g] = measureLoopGain(model, before, run.draws, 1e-6);
      expect(g.gain).toBeCloseTo(analytic, 5);
      expect(g.extraLiquidationsUsd).toBeGreaterThan(0);
      expect(g.closedLoop).toBeCloseTo(analytic / (1 - analytic), 3);
    }
  });

  it('leaves the measured run untouched', () => {
    const model = prepareModel(scenario('sqrt'), { deterministic: true });
    const a = new PathRun(model, '1', 0, { record: 'summary' });
    const b = new PathRun(model, '1', 0, { record: 'summary' });
    const before = new PathRun(model, '1', 0, { record: 'summary' });
    for (let t = 0; t < 4; t++) {
      before.copyFrom(a);
      a.step();
      b.step();
      measureLoopGain(model, before, a.draws, 0.01);
      expect(a.marketDay(0)).toEqual(b.marketDay(0));
    }
  });
});
