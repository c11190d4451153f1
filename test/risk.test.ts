/**
 * The risk map (src/risk): every trigger on a company built so the answer is
 * known in closed form (worked in the comments, checked with python3), and
 * the engine run from a coin price just above and just below the reported
 * price crosses it. The coin is shocked on day 0 by a one-step scripted path
 * (day -1 at $100k, day 0 at P), so the company starts from today's balance
 * sheet and premium, exactly what the risk map assumes. Premium: kappa = 252
 * makes the log premium equal its target on day 0 (kappa/252 = 1), no noise,
 * no index loading, no leverage penalty unless a test says so.
 */
import { describe, expect, it } from 'vitest';
import { riskMap, solveTrigger, coverage, runway, RiskContext, triggerOdds, triggerInstances, type RiskReport, type TriggerResult } from '../src/risk/index.ts';
import { wilson } from '../src/batch/stats.ts';
import { compileExpression } from '../sim/expr.ts';
import type { SimResult } from '../src/simulate.ts';
import { close, companyFile, marketFile, resolve, run, scenarioFile, type Json } from './reference/scenarios.ts';

const START = '2025-11-03'; // a Monday
const PREM = { kappa: 252, premiumVol: 0, indexBeta: 0, drawdownSensitivity: 0, leveragePenalty: 0, saleAnnouncementPenalty: 0 };

function co(ticker: string, over: Json = {}): Json {
  const { premium, ...rest } = over;
  return companyFile(ticker, { saleSignalImpact: 0, coins: 1000, premium: { ...PREM, ...(premium ?? {}) }, ...rest });
}
function file(companies: Json[], market: Json = {}, over: Json = {}): Json {
  return scenarioFile({ startDate: START, horizonDays: 60, equityIndex: { name: 'idx', mu: 0, sigma: 0.2 }, markets: { BTC: marketFile({ impactY: 0, ...market }) }, companies, ...over });
}
function report(f: Json, opts: Parameters<typeof riskMap>[1] = {}): RiskReport {
  return riskMap(resolve(f), { deterministic: true, compileRule: compileExpression, ...opts });
}
function trig(rep: RiskReport, ticker: string, id: string): TriggerResult {
  const t = rep.companies.find((c) => c.ticker === ticker)!.triggers.find((x) => x.id === id);
  if (!t) throw new Error(`no trigger ${id} for ${ticker}`);
  return t;
}
/** The scenario with the coin shocked to P on day 0 (a two-point scripted path from today's $100k). */
function runAt(f: Json, p: number, options: { days?: number; deterministic?: boolean } = {}): SimResult {
  const g = structuredClone(f);
  g.markets.BTC.scriptedPath = [{ date: '2025-11-02', price: 100_000 }, { date: START, price: p }];
  return run(g, { deterministic: options.deterministic ?? true, counterfactual: false, days: options.days ?? 3 });
}
const EPS = 1e-6;
/** The engine shows the trigger just below the price and not just above it. */
function expectCrosses(f: Json, price: number, shows: (r: SimResult) => boolean, options: { days?: number; deterministic?: boolean } = {}): void {
  expect(shows(runAt(f, price * (1 - EPS), options)), `fires just below ${price}`).toBe(true);
  expect(shows(runAt(f, price * (1 + EPS), options)), `does not fire just above ${price}`).toBe(false);
}
const sale = (ticker: string, reason: string, day?: number) => (r: SimResult) =>
  r.events.some((e) => e.company === ticker && e.kind === 'coinSale' && e.reason === reason && (day === undefined || e.day === day));
const event = (ticker: string, kind: string, day = 0) => (r: SimResult) => r.events.some((e) => e.company === ticker && e.kind === kind && e.day === day);

describe('covenant and lender liquidation', () => {
  // Loan $50M on 1,000 pledged coins; covenant LTV 0.8, liquidation LTV 0.9, target 0.5.
  // Covenant: 50e6 / (1000 P) > 0.8  <=>  P < 62,500; it sells x = (50e6 - 0.5*1000*62,500) / (62,500*0.5) = 600 coins.
  // Lender:   50e6 / (1000 P) > 0.9  <=>  P < 55,555.56; it sells min(1000, 50e6/55,555.56) = 900 coins.
  const f = file([co('COV', { cashUsd: 0, debt: [{ kind: 'loan', id: 'ln', principalUsd: 50e6, rate: 0, maturityDate: '2030-01-01', collateralCoins: 1000, covenantLtv: 0.8, liquidationLtv: 0.9, targetLtv: 0.5 }] })]);
  const rep = report(f);
  it('solves the closed forms', () => {
    const cov = trig(rep, 'COV', 'covenant:ln'), liq = trig(rep, 'COV', 'lenderLiquidation:ln');
    expect(cov.status).toBe('solved');
    expect(close(cov.triggerCoinPrice!, 62_500, 1e-9)).toBe(true);
    expect(cov.distancePct!).toBeCloseTo(37.5, 6);
    expect(cov.coinsSold).toBeCloseTo(600, 3);
    expect(cov.forced).toBe(true);
    expect(close(liq.triggerCoinPrice!, 50e6 / 900, 1e-9)).toBe(true);
    expect(liq.coinsSold).toBeCloseTo(900, 3);
  });
  it('the engine crosses at both prices', () => {
    expectCrosses(f, 62_500, event('COV', 'marginCall'));
    expectCrosses(f, 50e6 / 900, event('COV', 'collateralLiquidation'));
  });
});

describe('uncovered put and mNAV = 1', () => {
  // Convertible $30M put today (day 0), conversion price $50; cash $10M; 1,000 coins; 10M shares at $12.
  // Deterministic equity is intrinsic: E0 = 100M + 10M - 30M = 80M, so exp(pi0) = 12*10M/80M = 1.5.
  // mNAV(P) = 1.5 (1000 P - 20M) / (1000 P) = 1  <=>  P = 20M*1.5 / (1000*0.5) = 60,000. Below it ATM is
  // closed (docs/model.md §5.4), the stock 1.5*(60M-20M)/10M = $6 is below the conversion price, and the
  // company sells (30M - 10M)/60,000 = 333.33 coins to pay the put.
  const f = file([co('PUT', { cashUsd: 10e6, sharesOutstanding: 10e6, stockPrice0: 12, fundingOrder: ['cash', 'atm', 'coins'],
    debt: [{ kind: 'convertible', id: 'cv', principalUsd: 30e6, couponRate: 0, maturityDate: '2030-01-01', putDate: START, conversionPrice: 50 }] })]);
  const rep = report(f);
  it('solves the closed form', () => {
    const put = trig(rep, 'PUT', 'uncoveredRedemption:cv');
    expect(close(put.triggerCoinPrice!, 60_000, 1e-9)).toBe(true);
    expect(put.coinsSold).toBeCloseTo(20e6 / 60_000, 3);
    expect(put.date).toBe(START);
    expect(close(trig(rep, 'PUT', 'mnavBelowOne').triggerCoinPrice!, 60_000, 1e-9)).toBe(true);
  });
  it('the engine sells coins for the put below it and issues stock above it', () => {
    expectCrosses(f, 60_000, sale('PUT', 'funding', 0));
    expect(event('PUT', 'issuance')(runAt(f, 60_000 * (1 + EPS)))).toBe(true);
  });
  // mNAV alone (no put): a $20M loan due in 2030, no cash, the same 1.5 premium: mNAV = 1 at 60,000 again.
  const g = file([co('NAV', { cashUsd: 0, sharesOutstanding: 10e6, stockPrice0: 12, debt: [{ kind: 'loan', id: 'ln', principalUsd: 20e6, rate: 0, maturityDate: '2030-01-01' }] })]);
  it('mNAV = 1: closed form and the engine\'s day-0 mNAV crosses 1', () => {
    expect(close(trig(report(g), 'NAV', 'mnavBelowOne').triggerCoinPrice!, 60_000, 1e-9)).toBe(true);
    expectCrosses(g, 60_000, (r) => (r.companies.NAV.mnav[0] as number) < 1);
  });
});

describe('stock below $1 and $0.10 with the premium law at its target', () => {
  // No debt, 1,000 coins, 100M shares at $2: exp(pi0) = 2. Drawdown sensitivity 1 with the peak at $100k:
  // target = pi0 - (1 - x), x = P/100k, so S = 2 exp(x - 1) * 1000 P / 100M = 2 x exp(x - 1).
  // S = 1 <=> x e^x = e/2 <=> x = W(e/2) = 0.685077 -> P = 68,507.69 (Newton in python3);
  // S = 0.1 <=> x = W(e/20) -> P = 12,048.64.
  const f = file([co('PNY', { sharesOutstanding: 100e6, stockPrice0: 2, premium: { drawdownSensitivity: 1 } })]);
  const rep = report(f);
  it('solves W(e/2) and W(e/20)', () => {
    expect(close(trig(rep, 'PNY', 'stockBelowMin').triggerCoinPrice!, 68_507.69421545939, 1e-9)).toBe(true);
    expect(close(trig(rep, 'PNY', 'stockBelowPenny').triggerCoinPrice!, 12_048.63700998183, 1e-9)).toBe(true);
  });
  it('the engine\'s day-0 close crosses $1 and $0.10 (checks premiumTarget against step 4)', () => {
    expectCrosses(f, trig(rep, 'PNY', 'stockBelowMin').triggerCoinPrice!, (r) => r.companies.PNY.stockPrice[0] < 1);
    expectCrosses(f, trig(rep, 'PNY', 'stockBelowPenny').triggerCoinPrice!, (r) => r.companies.PNY.stockPrice[0] < 0.1);
  });
  // The size term measured from the start (premium v2, sim/premium.ts): no debt, 1,000 coins, 100M shares at $2,
  // sizePenalty 0.5, sizeRefUsd 1e9, penaltiesFromStart. pi0 = ln 2; penalty0 = 0.5 ln(1e9 / 1e8); at x = P/100k
  // target = ln 2 - 0.5 ln(1e9 / (1e8 x)) + 0.5 ln 10 = ln 2 + 0.5 ln x, so S = 2 sqrt(x) * 1000 P / 100M = 2 x^1.5.
  // S = 1 <=> x = 0.5^(2/3) -> P = 62,996.0525 (python3: 1e5 * 0.5 ** (2/3)).
  const z = file([co('SIZ', { sharesOutstanding: 100e6, stockPrice0: 2, premium: { sizePenalty: 0.5, sizeRefUsd: 1e9, penaltiesFromStart: true } })]);
  it('with the size term of the premium law: the closed form, and the engine crosses it (one premium target for both)', () => {
    const t = trig(report(z), 'SIZ', 'stockBelowMin');
    expect(close(t.triggerCoinPrice!, 62_996.05249474366, 1e-9)).toBe(true);
    expectCrosses(z, t.triggerCoinPrice!, (r) => r.companies.SIZ.stockPrice[0] < 1);
  });
  // Merton equity (not deterministic): $40M loan due 2027-11-03 (tau = 730/365 = 2 on day 0), sigma 0.5,
  // 1,000 coins, 100M shares at $2. python3 (erf-based Phi, bisection): E0 = 61,972,523.9 at tau 731/365,
  // exp(pi0) = 3.2272366, and S = 1 at P = 66,052.161.
  const m = file([co('MRT', { sharesOutstanding: 100e6, stockPrice0: 2, debt: [{ kind: 'loan', id: 'ln', principalUsd: 40e6, rate: 0, maturityDate: '2027-11-03' }] })]);
  it('with Merton equity: the python value, and the (noise-free on day 0) engine crosses it', () => {
    const t = trig(report(m, { deterministic: false }), 'MRT', 'stockBelowMin');
    expect(close(t.triggerCoinPrice!, 66_052.1610872273, 1e-8)).toBe(true);
    expectCrosses(m, t.triggerCoinPrice!, (r) => r.companies.MRT.stockPrice[0] < 1, { deterministic: false, days: 1 });
  });
});

describe('equity wiped out', () => {
  // $20M loan, $5M cash, 1,000 coins: A - D = 1000 P + 5M - 20M <= 0 <=> P <= 15,000. Deterministic equity is
  // intrinsic, so the engine's stock is 0 below and positive above.
  const f = file([co('WIP', { cashUsd: 5e6, debt: [{ kind: 'loan', id: 'ln', principalUsd: 20e6, rate: 0, maturityDate: '2030-01-01' }] })]);
  it('closed form and engine', () => {
    const t = trig(report(f), 'WIP', 'equityWipedOut');
    expect(close(t.triggerCoinPrice!, 15_000, 1e-9)).toBe(true);
    expectCrosses(f, 15_000, (r) => r.companies.WIP.stockPrice[0] === 0 && r.companies.WIP.bookNavPerShare[0] <= 0);
  });
});

describe('policy triggers', () => {
  it('stop-loss: cost 90,000, maxLoss 0.3 -> 63,000; sells 0.1 x 1,000 = 100 coins', () => {
    const f = file([co('STP', { costBasisUsd: 90_000, policies: [{ kind: 'stopLoss', maxLoss: 0.3, fractionPerDay: 0.1 }] })]);
    const t = trig(report(f), 'STP', 'stopLoss');
    expect(close(t.triggerCoinPrice!, 63_000, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(100, 9);
    expectCrosses(f, 63_000, sale('STP', 'stopLoss', 0));
  });
  it('deleverage: $30M debt / (1,000 P) > 0.5 -> 60,000; repays half, selling 15M/60,000 = 250 coins', () => {
    const f = file([co('DLV', { debt: [{ kind: 'loan', id: 'ln', principalUsd: 30e6, rate: 0, maturityDate: '2030-01-01' }], policies: [{ kind: 'deleverage', trigger: 0.5, repayFraction: 0.5 }] })]);
    const t = trig(report(f), 'DLV', 'deleverage');
    expect(close(t.triggerCoinPrice!, 60_000, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(250, 6);
    expectCrosses(f, 60_000, sale('DLV', 'deleverage', 0));
  });
  it('defend listing: stock 2 x 1000 P / 100M < $1 -> 50,000; buys back 0.25 x ADV (0.05 x $1 x 100M) = $1.25M = 25 coins after the notice', () => {
    const f = file([co('DEF', { sharesOutstanding: 100e6, stockPrice0: 2, buybackAuthorizationUsd: 10e6, policies: [{ kind: 'defendListing', maxAdvFraction: 0.25, reverseSplitRatio: 10, reverseSplitDaysLeft: 30 }] })]);
    const t = trig(report(f), 'DEF', 'defendListing');
    expect(close(t.triggerCoinPrice!, 50_000, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(25, 3);
    // 30 business days below $1 bring the notice (nasdaq-cm), then the policy buys back: 60 days suffice.
    expectCrosses(f, 50_000, sale('DEF', 'defendListing'), { days: 60 });
  });
  it('buyback below NAV: exp(ln 2 - (1 - x)) < 1 -> x < 1 - ln 2 -> 30,685.28', () => {
    const f = file([co('BBK', { sharesOutstanding: 100e6, stockPrice0: 2, buybackAuthorizationUsd: 10e6, premium: { drawdownSensitivity: 1 }, policies: [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 }] })]);
    const t = trig(report(f), 'BBK', 'buybackBelowNav');
    expect(close(t.triggerCoinPrice!, 30_685.28194400547, 1e-9)).toBe(true);
    expectCrosses(f, t.triggerCoinPrice!, sale('BBK', 'buyback', 0));
  });
  it('user rule: sellCoins 50 when price < 70000 and mnav < 3 -> 70,000 (mNAV is 2 there), 50 coins', () => {
    const f = file([co('RUL', { sharesOutstanding: 100e6, stockPrice0: 2, policies: [{ kind: 'rules', rules: [{ when: 'price < 70000 and mnav < 3', action: 'sellCoins', amount: '50' }] }] })]);
    const t = trig(report(f), 'RUL', 'rule:0');
    expect(close(t.triggerCoinPrice!, 70_000, 1e-9)).toBe(true);
    expect(t.coinsSold).toBe(50);
    expectCrosses(f, 70_000, sale('RUL', 'rule', 0));
  });
  it('issuance stops: mNAV 2 exp(x - 1) <= 1.5 -> x <= 1 + ln 0.75 -> 71,231.79', () => {
    const f = file([co('ISS', { sharesOutstanding: 100e6, stockPrice0: 2, premium: { drawdownSensitivity: 1 }, policies: [{ kind: 'issueAboveNav', mnavThreshold: 1.5, maxAdvFraction: 0.1 }] })]);
    const t = trig(report(f), 'ISS', 'issuanceStops');
    expect(close(t.triggerCoinPrice!, 71_231.79275482192, 1e-9)).toBe(true);
    const issues = event('ISS', 'issuance');
    expect(issues(runAt(f, t.triggerCoinPrice! * (1 + EPS)))).toBe(true);
    expect(issues(runAt(f, t.triggerCoinPrice! * (1 - EPS)))).toBe(false);
  });
});

describe('the spiral: another treasury\'s sale on the same coin', () => {
  // Linear impact, 1 log unit per $1B, all permanent. A: $30M loan, deleverage above 0.5 -> fires below 60,000 and
  // sells half the debt's worth, $15M whatever the price -> the coin falls by exp(-0.015). B: stop-loss at
  // 0.7 x 80,000 = 56,000 alone. With A's sale, B sees P exp(-0.015), so it fires below 56,000 e^0.015 = 56,846.33:
  // the spiral brings it (56,846.33 - 56,000) / 100,000 = 0.846 percentage points closer.
  const f = file([
    co('AAA', { debt: [{ kind: 'loan', id: 'ln', principalUsd: 30e6, rate: 0, maturityDate: '2030-01-01' }], policies: [{ kind: 'deleverage', trigger: 0.5, repayFraction: 0.5 }] }),
    co('BBB', { costBasisUsd: 80_000, policies: [{ kind: 'stopLoss', maxLoss: 0.3, fractionPerDay: 0.1 }] }),
  ], { impactLaw: 'linear', lambdaPerBillion: 1, permanentFraction: 1 });
  const rep = report(f);
  const b = trig(rep, 'BBB', 'stopLoss');
  it('fixed point in closed form', () => {
    expect(close(b.triggerCoinPrice!, 56_000, 1e-9)).toBe(true);
    expect(close(b.spiral!.triggerCoinPrice!, 56_000 * Math.exp(0.015), 1e-9)).toBe(true);
    expect(b.spiral!.closerPct!).toBeCloseTo((56_000 * Math.exp(0.015) - 56_000) / 1000, 6);
    expect(b.spiral!.othersCoinsSold).toBeGreaterThan(0);
    // A's own trigger is not moved: B sells only below 56,000.
    expect(trig(rep, 'AAA', 'deleverage').spiral!.closerPct).toBe(0);
  });
  it('the ladder puts A first and says its sale reaches B', () => {
    const rows = rep.ladder.BTC;
    expect(rows[0].ticker).toBe('AAA');
    expect(rows[0].impactPct).toBeCloseTo((1 - Math.exp(-0.015)) * 100, 9);
    expect(rows[0].reachesNext).toBeNull(); // 60,000 e^-0.015 = 59,107 is still above B's 56,000
  });
  it('the engine: A sells on day 0, B\'s stop-loss fires on day 1 just below the spiral price, not above', () => {
    expectCrosses(f, b.spiral!.triggerCoinPrice!, sale('BBB', 'stopLoss', 1));
  });
});

describe('solver', () => {
  it('a non-monotone trigger says so and gives every bracket', () => {
    const s = solveTrigger((p) => p > 30 && p < 60, 100);
    expect(s.monotone).toBe(false);
    expect(s.crossings.length).toBe(2);
    expect(close(s.triggerCoinPrice!, 60, 1e-9)).toBe(true);
    expect(s.crossings[1][0]).toBeLessThan(30);
    expect(s.crossings[1][1]).toBeGreaterThan(30);
  });
  it('mNAV of a company with cash is not monotone: it rises again at very low coin prices', () => {
    // No debt, $50M cash, 1,000 coins, 100M shares at $1.20: E0 = 150M, exp(pi0) = 0.8; drawdown sensitivity 1:
    // mNAV = 0.8 e^(x-1) (1 + 0.5/x), x = P/100k: 1.2 at x = 1, 0.970 at x = 0.5, 15.2 at x = 0.01.
    const rep = report(file([co('CSH', { cashUsd: 50e6, sharesOutstanding: 100e6, stockPrice0: 1.2, premium: { drawdownSensitivity: 1 } })]));
    const t = trig(rep, 'CSH', 'mnavBelowOne');
    expect(t.monotone).toBe(false);
    expect(t.brackets.length).toBe(2);
    expect(t.note).toContain('not monotone');
    const mnav = (x: number) => 0.8 * Math.exp(x - 1) * (1 + 0.5 / x);
    const x = t.triggerCoinPrice! / 100_000;
    expect(mnav(x)).toBeCloseTo(1, 9);
  });
  it('fires today / never', () => {
    expect(solveTrigger(() => true, 100).status).toBe('firesToday');
    expect(solveTrigger(() => false, 100).status).toBe('none');
  });
  it('a company with no triggers in range says "none within (0, today\'s price]"', () => {
    // No debt, 10 shares at 1.5 x NAV: mNAV stays 1.5, the stock is 150 P >= $15 down to the grid floor 0.1.
    const rep = report(file([co('SAFE', { sharesOutstanding: 10, stockPrice0: 1.5e7 })]));
    expect(rep.companies[0].message).toBe("none within (0, today's price]");
    expect(rep.companies[0].triggers.every((t) => t.status === 'none')).toBe(true);
  });
});

describe('coverage and runway', () => {
  // Secured loan $50M on 1,000 of 2,000 coins at 8%; unsecured convertible $20M at 0%; preferred $30M at 10%.
  // At $100k: secured 1000*100k/50M = 2.0x (1x at 50,000); unsecured 200M/70M = 2.857x (1x at 35,000);
  // preferred 200M/100M = 2.0x (1x at 50,000). Interest + dividends 4M + 3M = 7M a year = 583,333 a month:
  // $7M of cash pays 12 months, 7 with $5M opex ($1M a month in all).
  const f = file([co('COVR', { coins: 2000, cashUsd: 7e6, opexUsdPerYear: 5e6, sharesOutstanding: 10e6, stockPrice0: 20, debt: [
    { kind: 'loan', id: 'sec', principalUsd: 50e6, rate: 0.08, maturityDate: '2030-01-01', collateralCoins: 1000 },
    { kind: 'convertible', id: 'cv', principalUsd: 20e6, couponRate: 0, maturityDate: '2030-01-01', conversionPrice: 100 },
    { kind: 'preferred', id: 'pf', liquidationPreferenceUsd: 30e6, dividendRate: 0.1 },
  ] })]);
  const ctx = new RiskContext(resolve(f), { deterministic: true });
  it('coverage by seniority', () => {
    const rows = coverage(ctx.companies[0], 100_000);
    expect(rows.map((r) => [r.instrument, r.seniority])).toEqual([['sec', 'secured'], ['cv', 'unsecured'], ['pf', 'preferred']]);
    expect(rows[0].coverage).toBeCloseTo(2, 12);
    expect(rows[0].breakEvenCoinPrice).toBeCloseTo(50_000, 6);
    expect(rows[1].coverage).toBeCloseTo(200 / 70, 12);
    expect(rows[1].breakEvenCoinPrice).toBeCloseTo(35_000, 6);
    expect(rows[2].coverage).toBeCloseTo(2, 12);
  });
  it('runway', () => {
    const r = runway(ctx.companies[0]);
    expect(r.monthlyFinancingUsd).toBeCloseTo(7e6 / 12, 6);
    expect(r.monthsFinancing!).toBeCloseTo(12, 9);
    expect(r.monthsWithOpex!).toBeCloseTo(7, 9);
  });
});

describe('odds over a Monte Carlo', () => {
  it('Wilson interval worked example: 3/10 -> [0.10779, 0.60322] (python3, z = 1.95996)', () => {
    const [lo, hi] = wilson(3, 10);
    expect(lo).toBeCloseTo(0.10779126740630099, 10);
    expect(hi).toBeCloseTo(0.6032218525388546, 10);
  });
  it('a scripted fall crosses the stop-loss on day 67 on every path', () => {
    // The coin falls log-linearly from $100k (day -1) to $50k (day 100): P_t = 100k 0.5^((t+1)/101) < 63,000
    // <=> t + 1 > 101 ln(0.63)/ln(0.5) = 67.33 -> day 67: inside a year, not inside 90 days? 67 < 90: inside both.
    const f = file([co('ODD', { costBasisUsd: 90_000, policies: [{ kind: 'stopLoss', maxLoss: 0.3, fractionPerDay: 0.1 }] })], {
      scriptedPath: [{ date: '2025-11-02', price: 100_000 }, { date: '2026-02-11', price: 50_000 }, { date: '2026-05-22', price: 50_000 }],
    }, { horizonDays: 200 });
    const ctx = new RiskContext(resolve(f));
    const list = triggerInstances(ctx, 0);
    const odds = triggerOdds(ctx, [list], 10);
    const stop = odds[0][list.findIndex((t) => t.id === 'stopLoss')];
    expect(stop.within90Days.count).toBe(10);
    expect(stop.medianFirstDay).toBe(67);
    expect(stop.within90Days.lo).toBeCloseTo(wilson(10, 10)[0], 12);
    const wiped = odds[0][list.findIndex((t) => t.id === 'equityWipedOut')];
    expect(wiped.withinHorizon.count).toBe(0);
    expect(wiped.withinHorizon.hi).toBeCloseTo(0.2775, 4);
  });
});

describe('holder puts (docs/model.md 3, sim/actions.ts)', () => {
  // Secured: $50M loan on 1,000 of 2,000 coins, put 50% when the LTV 50M / (1000 P) > 0.8 <=> P < 62,500.
  // $25M due, $5M cash (no costs) -> need $20M; funding order cash, coins: sellable = 1,000 unpledged + the
  // released half of the pledge, 500 (the other 500 stay: the remaining $25M at target 0.5 keeps
  // 25M / (0.5 x 62,500) = 800 > 500, no excess) -> sells 20M / 62,500 = 320 coins.
  const sec = file([co('PLT', { coins: 2000, cashUsd: 5e6, debt: [{ kind: 'loan', id: 'ln', principalUsd: 50e6, rate: 0, maturityDate: '2030-01-01', collateralCoins: 1000, targetLtv: 0.5,
    holderPut: { ltvAbove: 0.8, fraction: 0.5 } }] })]);
  it('LTV put: 62,500, 320 coins, and the engine puts just below, not above', () => {
    const t = trig(report(sec), 'PLT', 'holderPut:ltv:ln');
    expect(t.kind).toBe('holderPut');
    expect(t.forced).toBe(true);
    expect(close(t.triggerCoinPrice!, 62_500, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(320, 4);
    expectCrosses(sec, 62_500, (r) => r.events.some((e) => e.company === 'PLT' && e.kind === 'holderPut' && e.trigger === 'ltv' && e.day === 0));
    const below = runAt(sec, 62_500 * (1 - EPS));
    const sold = below.events.filter((e) => e.company === 'PLT' && e.kind === 'coinSale' && e.reason === 'funding' && e.day === 0);
    expect(sold.length).toBe(1);
    expect(sold[0].coins as number).toBeCloseTo(20e6 / (62_500 * (1 - EPS)), 3);
  });
  // Unsecured: the company LTV 30M / (1000 P) > 0.5 <=> P < 60,000.
  it('LTV put on an unsecured note reads the company LTV: 60,000', () => {
    const f = file([co('ULT', { debt: [{ kind: 'convertible', id: 'cv', principalUsd: 30e6, couponRate: 0, maturityDate: '2030-01-01', conversionPrice: 50, holderPut: { ltvAbove: 0.5 } }] })]);
    const t = trig(report(f), 'ULT', 'holderPut:ltv:cv');
    expect(close(t.triggerCoinPrice!, 60_000, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(30e6 / 60_000, 4); // no cash: all $30M from coins, 500
    expectCrosses(f, 60_000, (r) => r.events.some((e) => e.company === 'ULT' && e.kind === 'holderPut' && e.trigger === 'ltv' && e.day === 0));
  });
  // Stock put: $20M convertible, no cash, 10M shares at $12: E0 = 100M - 20M = 80M, exp(pi0) = 1.5;
  // S = 1.5 (1000 P - 20M) / 10M < $5 <=> P < 20M/1000 + 5 x 10M / 1.5 / 1000 = 53,333.33. There mNAV =
  // 50M / 53.33M = 0.9375 < 1, so the ATM is shut and the whole $20M comes from coins: 375.
  const stk = file([co('SPT', { sharesOutstanding: 10e6, stockPrice0: 12, fundingOrder: ['cash', 'atm', 'coins'],
    debt: [{ kind: 'convertible', id: 'cv', principalUsd: 20e6, couponRate: 0, maturityDate: '2030-01-01', conversionPrice: 50, holderPut: { stockBelowUsd: 5 } }] })]);
  it('stock put: 53,333.33, 375 coins, and the engine\'s step-4 stock crosses it', () => {
    const t = trig(report(stk), 'SPT', 'holderPut:stockPrice:cv');
    expect(close(t.triggerCoinPrice!, 160_000 / 3, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(20e6 / (160_000 / 3), 4);
    expectCrosses(stk, 160_000 / 3, (r) => r.events.some((e) => e.company === 'SPT' && e.kind === 'holderPut' && e.trigger === 'stockPrice' && e.day === 0));
  });
  // Date put (today) of half a $30M convertible: $15M due, $10M cash -> $5M to fund. 10M shares at $12:
  // E = 1000 P + 10M - 30M, exp(pi0) = 1.5, mNAV = 1 at P = 60,000 (as for the put/maturity trigger above);
  // below it the ATM is shut and 5M / 60,000 = 83.33 coins are sold; above it the ATM issues the $5M.
  const dat = file([co('DPT', { cashUsd: 10e6, sharesOutstanding: 10e6, stockPrice0: 12, fundingOrder: ['cash', 'atm', 'coins'],
    debt: [{ kind: 'convertible', id: 'cv', principalUsd: 30e6, couponRate: 0, maturityDate: '2030-01-01', conversionPrice: 50, holderPut: { date: START, fraction: 0.5 } }] })]);
  it('date put: listed with its date, 60,000, 83.33 coins; the engine funds it with coins below and issuance above', () => {
    const t = trig(report(dat), 'DPT', 'holderPut:date:cv');
    expect(t.date).toBe(START);
    expect(t.withinHorizon).toBe(true);
    expect(close(t.triggerCoinPrice!, 60_000, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(5e6 / 60_000, 4);
    expectCrosses(dat, 60_000, sale('DPT', 'funding', 0));
    expect(event('DPT', 'issuance')(runAt(dat, 60_000 * (1 + EPS)))).toBe(true);
    expect(event('DPT', 'holderPut')(runAt(dat, 60_000 * (1 + EPS)))).toBe(true);
  });
});

describe('the uncovered put respects the ATM programme (shelf and daily cap)', () => {
  // The put/maturity example above ($30M put today, $10M cash, exp(pi0) = 1.5, mNAV 1 at 60,000) with an ATM
  // programme: turnover 0.5, cap 0.4 x ADV -> room = 0.2 x S N = 0.3 (1000 P - 20M). It covers the $20M need
  // while 0.3 (1000 P - 20M) >= 20M <=> P >= 86,666.67: below that the ATM issues its room and coins pay the rest.
  const base = (shelfUsd: number) => file([co('ATM', { cashUsd: 10e6, sharesOutstanding: 10e6, stockPrice0: 12, fundingOrder: ['cash', 'atm', 'coins'], stock: { turnover: 0.5 },
    atm: { shelfUsd, maxAdvFraction: 0.4 },
    debt: [{ kind: 'convertible', id: 'cv', principalUsd: 30e6, couponRate: 0, maturityDate: '2030-01-01', putDate: START, conversionPrice: 50 }] })]);
  it('daily cap: 86,666.67 (not the mNAV price 60,000), and the engine crosses it', () => {
    const f = base(1e9);
    const t = trig(report(f), 'ATM', 'uncoveredRedemption:cv');
    expect(close(t.triggerCoinPrice!, 260_000 / 3, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeLessThan(1e-3); // the room only just falls short there
    expectCrosses(f, 260_000 / 3, sale('ATM', 'funding', 0));
    // At 70,000 the room is 0.3 x 50M = 15M: coins pay 5M / 70,000 = 71.43.
    const ctx = new RiskContext(resolve(f), { deterministic: true });
    const inst = triggerInstances(ctx, 0).find((x) => x.id === 'uncoveredRedemption:cv')!;
    expect(inst.coinsSold(ctx.at(0, 70_000))).toBeCloseTo(5e6 / 70_000, 6);
  });
  it('shelf: $15M left fires today and sells (20M - 15M) / 100,000 = 50 coins; the engine sells 50', () => {
    const f = base(15e6);
    const t = trig(report(f), 'ATM', 'uncoveredRedemption:cv');
    expect(t.status).toBe('firesToday');
    expect(t.coinsSold).toBeCloseTo(50, 6);
    const r = runAt(f, 100_000);
    const sold = r.events.filter((e) => e.company === 'ATM' && e.kind === 'coinSale' && e.reason === 'funding' && e.day === 0);
    expect(sold.length).toBe(1);
    expect(sold[0].coins as number).toBeCloseTo(50, 6);
  });
});

describe('runway with a USD reserve and a preferred programme', () => {
  // $60M loan at 10% ($6M a year) and $12M preferred at 10% ($1.2M): $600,000 a month; the preferred programme's
  // preferred (outstanding 0 today, docs/model.md 3.2) adds nothing yet. Cash $6M of which a $3M reserve
  // (earmarked cash, part of it): 6M / 600k = 10 months, the reserve alone 5; $1.2M opex ($100k a month) -> 6M / 700k = 8.571.
  const f = file([co('RSV', { coins: 2000, cashUsd: 6e6, opexUsdPerYear: 1.2e6, sharesOutstanding: 10e6, stockPrice0: 20,
    reserve: { targetMonths: 5, initialUsd: 3e6, fundWith: ['cash'] },
    preferredProgram: { id: 'prefAtm', shelfUsd: 50e6, dividendRate: 0.12 },
    debt: [
      { kind: 'loan', id: 'ln', principalUsd: 60e6, rate: 0.1, maturityDate: '2030-01-01' },
      { kind: 'preferred', id: 'pf', liquidationPreferenceUsd: 12e6, dividendRate: 0.1 },
    ] })]);
  it('months of financing from cash and the reserve', () => {
    const ctx = new RiskContext(resolve(f), { deterministic: true });
    const c = ctx.companies[0];
    expect(c.instruments.map((x) => [x.id, x.kind])).toEqual([['ln', 'loan'], ['pf', 'preferred'], ['prefAtm', 'preferred']]);
    const r = runway(c);
    expect(r.monthlyFinancingUsd).toBeCloseTo(600_000, 6);
    expect(r.reserveUsd).toBe(3e6);
    expect(r.freeCashUsd).toBe(3e6);
    expect(r.monthsFinancing!).toBeCloseTo(10, 9);
    expect(r.monthsReserve!).toBeCloseTo(5, 9);
    expect(r.monthsWithOpex!).toBeCloseTo(6e6 / 700_000, 9);
    // The engine's own reserve target at 5 months is the same $3M (5 x 365/12 x 7.2M / 365).
    expect(5 * (365 / 12) * (7.2e6 / 365)).toBeCloseTo(3e6, 6);
  });
  it('the programme\'s outstanding preference counts once issued (coverage and runway read every instrument slot)', () => {
    const ctx = new RiskContext(resolve(f), { deterministic: true });
    const c = { ...ctx.companies[0], principalUsd: [60e6, 12e6, 10e6] };
    // + $10M at 12% = $100k a month: 700k -> 6M / 700k months.
    expect(runway(c).monthsFinancing!).toBeCloseTo(6e6 / 700_000, 9);
    const pref = coverage(c, 100_000).filter((x) => x.seniority === 'preferred');
    expect(pref.map((x) => x.instrument)).toEqual(['pf', 'prefAtm']);
    expect(pref[1].coverage).toBeCloseTo(200e6 / 82e6, 12);
  });
});

describe('listing outlook over the Monte Carlo', () => {
  // The stock starts at $0.50 on nasdaq-cm (no debt, 100M shares, 1,000 coins at a flat $100k: exp(pi0) = 0.5)
  // and stays there on every path (flat scripted coin, no premium noise): the notice follows 30 business days
  // below $1 and the letter lag; the determination the 180 days; with a hearing stay, the suspension later.
  const f = file([co('LST', { sharesOutstanding: 100e6, stockPrice0: 0.5 })], {
    scriptedPath: [{ date: '2025-11-02', price: 100_000 }, { date: '2027-06-30', price: 100_000 }],
  }, { horizonDays: 540 });
  const rep = report(f, { paths: 5, noSpiral: true });
  const single = run(f, { deterministic: true, counterfactual: false });
  const firstDay = (pred: (e: Json) => boolean) => single.events.find((e) => e.company === 'LST' && pred(e))?.day ?? null;
  it('every step with the engine\'s own first day and date, p = 5/5 with the Wilson interval', () => {
    const list = rep.companies[0].listing!;
    expect(list.map((l) => l.step)).toEqual(['notice', 'determination', 'hearingStay', 'delisting', 'listingLost']);
    const want = { notice: firstDay((e) => e.kind === 'notice'), determination: firstDay((e) => e.kind === 'determination'),
      hearingStay: firstDay((e) => e.kind === 'determination' && e.hearingStay === true), delisting: firstDay((e) => e.kind === 'delisted'),
      listingLost: firstDay((e) => e.kind === 'delisted' || e.kind === 'insolvent') };
    for (const l of list) {
      expect(l.medianFirstDay, l.step).toBe(want[l.step]);
      if (l.medianFirstDay === null) continue;
      expect(l.withinHorizon.count).toBe(5);
      expect(l.withinHorizon.lo).toBeCloseTo(wilson(5, 5)[0], 12);
      expect(l.within90Days.count).toBe(l.medianFirstDay < 90 ? 5 : 0);
      expect(l.within1Year.count).toBe(l.medianFirstDay < 365 ? 5 : 0);
      expect(l.medianFirstDate).toBe(single.events.find((e) => e.company === 'LST' && e.day === l.medianFirstDay)!.date);
    }
    // 30 business days below $1 from Monday 2025-11-03 end on Friday 2025-12-12 (no holidays in this calendar):
    // the notice cannot come before that, and comes within 90 days.
    const notice = list.find((l) => l.step === 'notice')!;
    expect(notice.medianFirstDate! >= '2025-12-12').toBe(true);
    expect(notice.within90Days.count).toBe(5);
    expect(list.find((l) => l.step === 'delisting')!.withinHorizon.count).toBe(5);
  });
});

describe('holder put with an amendment (docs/model.md 3)', () => {
  // $60M loan on all 1,000 coins, put when 60M / (1000 P) > 0.8 <=> P < 75,000; $5M cash and no free coins cannot
  // pay it, so the loan is amended and the schedule sells 60M / n / P on day 0, n = 11 business days from Monday
  // 2025-11-03 to Monday 2025-11-17 inclusive: 60M / 11 / 75,000 = 72.727 coins (python3).
  const f = file([co('AMD', { cashUsd: 5e6, debt: [{ kind: 'loan', id: 'ln', principalUsd: 60e6, rate: 0, maturityDate: '2030-01-01', collateralCoins: 1000,
    holderPut: { ltvAbove: 0.8 }, amendment: { saleEndDate: '2025-11-17', newMaturityDate: '2026-06-01' } }] })]);
  it('75,000 and the schedule\'s first-day sale; the engine amends just below, not above', () => {
    const t = trig(report(f), 'AMD', 'holderPut:ltv:ln');
    expect(close(t.triggerCoinPrice!, 75_000, 1e-9)).toBe(true);
    expect(t.coinsSold).toBeCloseTo(60e6 / 11 / 75_000, 6);
    expectCrosses(f, 75_000, sale('AMD', 'amendment', 0));
    const below = runAt(f, 75_000 * (1 - EPS));
    const q = below.events.find((e) => e.company === 'AMD' && e.kind === 'coinSale' && e.reason === 'amendment' && e.day === 0)!;
    expect(q.coins as number).toBeCloseTo(60e6 / 11 / (75_000 * (1 - EPS)), 4);
  });
});
