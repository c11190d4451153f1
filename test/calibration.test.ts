import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenSection, gridScan, linSpace, logSpace } from '../src/analysis/optimize.ts';
import { loadScenarioFile } from '../src/node/files.ts';
import { cloneScenario, prepare, runPath, RunView } from '../src/analysis/run.ts';
import { BTC_PATH, ETH_PATH, OI_DECLINE, REPLAY_DAYS, round3 } from '../scripts/calibration/scenarios.ts';
import { MARKET_PRESETS } from '../src/presets/defaults.ts';

describe('calibration report', () => {
  it('docs/calibration.md is current (scripts/calibration/report.ts --check regenerates and compares)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/calibration/report.ts', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toContain('docs/calibration.md is current');
    expect(r.status).toBe(0);
  });

  it('replay-2025.json carries the values of scripts/calibration/fitted.json (rounded to 3 digits)', () => {
    const fitted = JSON.parse(readFileSync('scripts/calibration/fitted.json', 'utf8'));
    const s = loadScenarioFile('scenarios/replay-2025.json');
    const btc = s.markets.find((m) => m.coin === 'BTC')!;
    expect(btc.leverage.openInterestUsd).toBe(round3(fitted.octOpenInterestUsd.BTC));
    expect(btc.etfFlow.chase).toBe(round3(fitted.chase.BTC));
    for (const c of s.companies) {
      expect(c.premium.kappa, c.ticker).toBe(round3(fitted.premium.kappa));
      if (fitted.stockPrice0[c.ticker] !== undefined) expect(c.stockPrice0, c.ticker).toBe(round3(fitted.stockPrice0[c.ticker]));
    }
  });

  it('the BTC and ETH presets carry the fitted November open interest (0.65x October, 3 digits) on both books', () => {
    const fitted = JSON.parse(readFileSync('scripts/calibration/fitted.json', 'utf8'));
    for (const coin of ['BTC', 'ETH'] as const) {
      const l = MARKET_PRESETS[coin].leverage;
      const nov = round3(OI_DECLINE * fitted.octOpenInterestUsd[coin]);
      expect(l.openInterestUsd, coin).toBe(nov);
      expect(l.targetOpenInterestUsd, coin).toBe(nov);
      expect(l.meanLiquidationDistance, coin).toBe(fitted.meanLiquidationDistance);
      expect([l.shortOpenInterestUsd, l.shortTargetOpenInterestUsd, l.shortMeanLiquidationDistance, l.shortRebuildPerDay], coin)
        .toEqual([l.openInterestUsd, l.targetOpenInterestUsd, l.meanLiquidationDistance, l.rebuildPerDay]);
    }
  });

  it('the pinned replay (impact off) follows the reported points exactly', () => {
    const s = cloneScenario(loadScenarioFile('scenarios/replay-2025.json'));
    for (const m of s.markets) { m.impactY = 0; m.lambdaPerBillion = 0; }
    for (const c of s.companies) c.saleSignalImpact = 0;
    const model = prepare(s, { days: REPLAY_DAYS, deterministic: true });
    const v = new RunView(model, runPath(model));
    for (const [coin, path] of [['BTC', BTC_PATH], ['ETH', ETH_PATH]] as const) {
      for (const p of path) expect(v.market(coin).price[v.day(p.date)] / p.price, `${coin} ${p.date}`).toBeCloseTo(1, 10);
    }
  });
});

describe('optimizers', () => {
  it('golden section finds an interior minimum and a minimum at an end', () => {
    const a = goldenSection((x) => (x - 2.3) ** 2, 0, 5, 60);
    expect(a.x).toBeCloseTo(2.3, 6);
    const b = goldenSection((x) => x, 1, 4, 20);
    expect(b.x).toBe(1);
    expect(() => goldenSection((x) => x, 2, 1)).toThrow(RangeError);
  });

  it('grid scan, lin and log spacing', () => {
    expect(gridScan((x) => Math.abs(x - 3), [1, 2, 3, 4]).best.x).toBe(3);
    expect(linSpace(0, 1, 3)).toEqual([0, 0.5, 1]);
    const l = logSpace(1, 100, 3);
    expect(l[1]).toBeCloseTo(10, 12);
  });
});
