/**
 * The premium law's v2 terms (docs/model.md section 3, sim/premium.ts): the
 * size term, penalties measured from the start, and the sale-announcement
 * threshold. Worked examples computed with python3 (one-liners in comments).
 */
import { describe, expect, it } from 'vitest';
import { balanceSheetPenalty, premiumTarget } from '../sim/premium.ts';
import { PREMIUM_DEFAULTS, COMPANY_DEFAULTS, PREMIUM_CROSS_SECTION_FIT } from '../src/presets/defaults.ts';
import { fitCrossSection, ols3 } from '../scripts/calibration/premium-fit.ts';
import { fittedPremiumSettings } from '../scripts/calibration/premium-report.ts';
import { companyFile, marketFile, run, scenarioFile } from './reference/scenarios.ts';

describe('balance-sheet penalty', () => {
  it('worked example: leverage and size terms', () => {
    // python3 -c "import math;D,A,V=189e6,403.3e6,403.3e6;print(1.5*(D/A-0.2)+0.25*math.log(1e9/V))" -> 0.6299693013548011
    const pp = { ...PREMIUM_DEFAULTS, leveragePenalty: 1.5, leverageFree: 0.2, sizePenalty: 0.25, sizeRefUsd: 1e9 };
    expect(balanceSheetPenalty(pp, 189e6, 403.3e6, 403.3e6)).toBeCloseTo(0.6299693013548011, 14);
    // Above the reference size and below the free leverage: nothing.
    expect(balanceSheetPenalty(pp, 10e6, 2e9, 2e9)).toBe(0);
  });

  it('with sizePenalty 0 it is v1\'s leverage term exactly', () => {
    const pp = { ...PREMIUM_DEFAULTS }; // leveragePenalty 1, leverageFree 0.2, sizePenalty 0
    expect(PREMIUM_DEFAULTS.sizePenalty).toBe(0);
    expect(PREMIUM_DEFAULTS.penaltiesFromStart).toBe(false);
    expect(balanceSheetPenalty(pp, 60, 100, 80)).toBe(1 * (60 / 100 - 0.2));
    expect(balanceSheetPenalty(pp, 60, 0, 0)).toBe(0);
  });
});

describe('premium target (docs/methodology.md "Companies": it falls with the drawdown, under a notice, after delisting, with leverage)', () => {
  it('worked example: each term on its own, then together', () => {
    const pp = { ...PREMIUM_DEFAULTS, drawdownSensitivity: 1.2, noticePenalty: 0.15, otcPenalty: 0.6, leveragePenalty: 1, leverageFree: 0.2, sizePenalty: 0 };
    const base = premiumTarget(0.3, pp, 0, 0, 1e9, 1e9, 0, false, false);
    expect(base).toBe(0.3);
    expect(premiumTarget(0.3, pp, 0.25, 0, 1e9, 1e9, 0, false, false)).toBeCloseTo(0.3 - 1.2 * 0.25, 15); // drawdown
    expect(premiumTarget(0.3, pp, 0, 0, 1e9, 1e9, 0, true, false)).toBeCloseTo(0.3 - 0.15, 15); // under a notice
    expect(premiumTarget(0.3, pp, 0, 0, 1e9, 1e9, 0, false, true)).toBeCloseTo(0.3 - 0.6, 15); // delisted (OTC)
    expect(premiumTarget(0.3, pp, 0, 5e8, 1e9, 1e9, 0, false, false)).toBeCloseTo(0.3 - (0.5 - 0.2), 15); // leverage 50% against 20% free
    // python3 -c "print(0.3-1.2*0.25-0.15-0.6-(0.5-0.2)+0.1)" -> -0.95 (penalty0 0.1: measured from the start)
    expect(premiumTarget(0.3, pp, 0.25, 5e8, 1e9, 1e9, 0.1, true, true)).toBeCloseTo(-0.95, 14);
    // The defaults penalize a notice and the OTC market (a premium that falls there), the OTC more.
    expect(PREMIUM_DEFAULTS.noticePenalty).toBeGreaterThan(0);
    expect(PREMIUM_DEFAULTS.otcPenalty).toBeGreaterThan(PREMIUM_DEFAULTS.noticePenalty);
  });
});

describe('premium on a hand-made path', () => {
  // No debt, 10,000 BTC, 100M shares at $10: E = A = H P, pi0 = ln(10 * 100e6 / 1e9) = 0.
  // BTC scripted 100,000 (day -1) -> 80,000 (Mon Nov 3) -> 50,000 (Tue Nov 4); kappa 50/yr, no
  // drawdown or index loading, no noise. Size term 0.3 per ln(2e9 / V).
  const file = (premium: object) => scenarioFile({
    startDate: '2025-11-03', horizonDays: 3,
    markets: { BTC: marketFile({ scriptedPath: [{ date: '2025-11-02', price: 100_000 }, { date: '2025-11-03', price: 80_000 }, { date: '2025-11-04', price: 50_000 }] }) },
    companies: [companyFile('AAA', { premium: { kappa: 50, indexBeta: 0, drawdownSensitivity: 0, premiumVol: 0, sizePenalty: 0.3, sizeRefUsd: 2e9, ...premium } })],
  });

  it('penalties measured from the start: pi moves only as the coins lose value', () => {
    // python3: k=50/252; pen=lambda V:0.3*max(0,math.log(2e9/V)); pen0=pen(1e9)
    //   day 0: target = -(pen(8e8)-pen0) = -0.06694306539426295, pi = k*target = -0.013282354244893442
    //   day 1: target = -(pen(5e8)-pen0) = -0.2079441541679836,  pi = -0.051905727245506565
    const r = run(file({ penaltiesFromStart: true }), { deterministic: true });
    expect(r.markets.BTC.price[0]).toBeCloseTo(80_000, 6);
    expect(r.markets.BTC.price[1]).toBeCloseTo(50_000, 6);
    expect(r.companies.AAA.logPremium[0]).toBeCloseTo(-0.013282354244893442, 13);
    expect(r.companies.AAA.logPremium[1]).toBeCloseTo(-0.051905727245506565, 13);
    // The stock: exp(pi) E / N with E = 10,000 x 50,000.
    expect(r.companies.AAA.stockPrice[1]).toBeCloseTo(Math.exp(-0.051905727245506565) * 5e8 / 100e6, 12);
  });

  it('measured from zero (v1 style): the starting size is penalized too', () => {
    // day 0: target = -pen(8e8) = -0.27488721956224654, pi = -0.05454111499250923; day 1: -0.12623698668763977
    const r = run(file({ penaltiesFromStart: false }), { deterministic: true });
    expect(r.companies.AAA.logPremium[0]).toBeCloseTo(-0.05454111499250923, 13);
    expect(r.companies.AAA.logPremium[1]).toBeCloseTo(-0.12623698668763977, 13);
  });

  it('v1 settings: no size term, the premium stays at pi0 = 0', () => {
    const r = run(file({ sizePenalty: 0 }), { deterministic: true });
    expect(r.companies.AAA.logPremium.slice(0, 3)).toEqual([0, 0, 0]);
  });
});

describe('sale announcement threshold', () => {
  // A stop-loss sells a fixed fraction of the coins a day once BTC is 10% under cost; BTC falls
  // from 100,000 to 80,000 on day 0. The first sale is news only when it is at least
  // saleAnnouncementMinFraction of the coins held.
  const sale = (fractionPerDay: number, minFraction?: number) => {
    const r = run(scenarioFile({
      startDate: '2025-11-03', horizonDays: 3,
      markets: { BTC: marketFile({ scriptedPath: [{ date: '2025-11-02', price: 100_000 }, { date: '2025-11-03', price: 80_000 }] }) },
      companies: [companyFile('AAA', { costBasisUsd: 100_000, ...(minFraction === undefined ? {} : { saleAnnouncementMinFraction: minFraction }), policies: [{ kind: 'stopLoss', maxLoss: 0.1, fractionPerDay }] })],
    }), { deterministic: true });
    return r.events.filter((e) => e.kind === 'coinSale')[0];
  };

  it('default 1%: a 0.5% sale (a routine payment) is not news, a 2% sale is', () => {
    expect(COMPANY_DEFAULTS.saleAnnouncementMinFraction).toBe(0.01);
    expect(sale(0.005).announced).toBe(false);
    expect(sale(0.02).announced).toBe(true);
  });

  it('0 restores v1: every first sale after the quiet days is news', () => {
    expect(sale(0.005, 0).announced).toBe(true);
  });
});

describe('cross-section fit (scripts/calibration/premium-fit.ts)', () => {
  it('least squares recovers a known plane exactly', () => {
    // y = 0.5 - 2 x1 + 0.3 x2 on four points (no noise): a = 0.5, b1 = -2, b2 = 0.3, SSE 0.
    const x1 = [0, 1, 0, 2], x2 = [0, 0, 1, 3];
    const f = ols3(x1.map((v, i) => 0.5 - 2 * v + 0.3 * x2[i]), x1, x2)!;
    expect(f.a).toBeCloseTo(0.5, 12);
    expect(f.b1).toBeCloseTo(-2, 12);
    expect(f.b2).toBeCloseTo(0.3, 12);
    expect(f.sse).toBeLessThan(1e-20);
  });

  it('every row is dated on or before 2025-11-21 and has a source; the exported setting is the fit', () => {
    const fit = fitCrossSection(200);
    for (const r of fit.rows) {
      expect(r.date <= '2025-11-21').toBe(true);
      expect(r.source).toMatch(/facts §\d/);
    }
    // The Sequans row: A = V = 2,264 x 101,000 = 228.664e6, D = 94.5e6, s = 0.5, tau = 2.67.
    // python3 -c "import math;P=lambda x:0.5*math.erfc(-x/2**.5);A=228664000;D=94.5e6;s=.5;t=2.67;
    //   d1=(math.log(A/D)+s*s*t/2)/(s*t**.5);E=A*P(d1)-D*P(d1-s*t**.5);print(E,math.log(0.37*A/E))"
    //   -> 142259172.59044158 -0.5196491492715909
    expect(fit.rows[0].ticker).toBe('SQNS');
    expect(fit.rows[0].equityUsd).toBeCloseTo(142259172.59044158, 4);
    expect(fit.rows[0].logPremium).toBeCloseTo(-0.5196491492715909, 12);
    expect(fittedPremiumSettings(fitCrossSection().sizeOnly)).toEqual(PREMIUM_CROSS_SECTION_FIT);
  });
});
