/**
 * Capital actions (sim/actions.ts; docs/model.md 3 "Holder and lender
 * behaviour", 4 "Dated actions", "reverseSplit", "Split notice") on hand-made
 * paths. Expected figures come from test/worked/capital_actions.py, which
 * applies the stated rules by hand without the engine; its output is quoted
 * next to each assertion.
 *
 * Set-up shared by the cases: deterministic mode, BTC impact switched off
 * (impactY 0, no leverage, no ETF flow), so every trade fills at the pre-trade
 * price; the premium is frozen (kappa 0, no index, drawdown, leverage,
 * announcement or signal terms), so S = exp(pi0) (A - D) / N.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { companyFile, marketFile, resolve, run, scenarioFile, close, type Json } from './reference/scenarios.ts';
import { ScenarioError } from '../src/resolve.ts';
import type { SimEvent } from '../sim/events.ts';

const FROZEN = { kappa: 0, indexBeta: 0, drawdownSensitivity: 0, leveragePenalty: 0, saleAnnouncementPenalty: 0, reverseSplitPenalty: 0.1 };
const FLAT = marketFile({ impactY: 0 });
/** 100,000 on 2025-11-02 to 60,000 on 2025-11-22, log-linear (test/worked/capital_actions.py PATH). */
const FALLING = marketFile({ impactY: 0, scriptedPath: [{ date: '2025-11-02', price: 100_000 }, { date: '2025-11-22', price: 60_000 }] });

/**
 * The worked examples (test/worked/capital_actions.py) count business days
 * without exchange holidays and take a split on the day it is decided: the
 * cases run with no holiday calendar on Nasdaq CM minus its split notice lag.
 * The lag itself, and how it combines with splitNoticeDays, is tested below
 * on the preset as practised.
 */
const NO_LAG = { nolag: { preset: 'nasdaq-cm', name: 'Nasdaq CM without the split notice lag', splitNoticeCalendarDays: 0, splitNoticeBusinessDays: 0 } };
function co(ticker: string, over: Json = {}): Json {
  return companyFile(ticker, { saleSignalImpact: 0, premium: FROZEN, ...over });
}
function sim(market: Json, companies: Json[], over: Json = {}) {
  const cos = companies.map((c) => (c.exchange === 'nasdaq-cm' ? { ...c, exchange: 'nolag' } : c));
  return run(scenarioFile({ horizonDays: 30, holidayCalendar: 'none', listingRules: NO_LAG, markets: { BTC: market }, companies: cos, ...over }), { deterministic: true, counterfactual: false });
}
/** The same on Nasdaq CM as practised (split notice lag on), still without holidays. */
function simPractised(market: Json, companies: Json[]) {
  return run(scenarioFile({ horizonDays: 30, holidayCalendar: 'none', markets: { BTC: market }, companies }), { deterministic: true, counterfactual: false });
}
const ev = (r: { events: SimEvent[] }, ticker: string, kind: string) => r.events.filter((e) => e.company === ticker && e.kind === kind);

describe('dated raise, repay, buy and sell', () => {
  // A: 1,000 BTC, $40M cash, 100M shares at $1. Day 2 (Wed 2025-11-05): raise a $50M convertible at 10%
  // into coins; day 9 (Wed 2025-11-12): repay $45M of it.
  const r = sim(FLAT, [co('RAIS', {
    coins: 1000, cashUsd: 40e6, sharesOutstanding: 100e6, stockPrice0: 1,
    actions: [
      { kind: 'raise', date: '2025-11-05', instrument: 'convertible', id: 'cb26', usd: 50e6, rate: 0.1, maturityDate: '2027-11-05', conversionPrice: 5, useOfProceeds: 'coins' },
      { kind: 'repay', date: '2025-11-12', instrument: 'cb26', usd: 45e6 },
    ],
  })]);
  const c = r.companies.RAIS;

  it('the raise creates the instrument that day and buys coins with the proceeds', () => {
    // python: day 2 close: H=1500.000000 cash=40000000.00 debt=50000000 S=1.000000000000
    expect(c.debtUsd[1]).toBe(0);
    expect(close(c.coins[2], 1500)).toBe(true);
    expect(close(c.cashUsd[2], 40e6)).toBe(true);
    expect(c.debtUsd[2]).toBe(50e6);
    expect(close(c.stockPrice[2], 1.0)).toBe(true);
    expect(ev(r, 'RAIS', 'raise')).toMatchObject([{ day: 2, instrument: 'cb26', kind: 'raise', instrumentKind: 'convertible', usd: 50e6, useOfProceeds: 'coins' }]);
    expect(ev(r, 'RAIS', 'coinPurchase')[0]).toMatchObject({ day: 2 });
    expect(close(ev(r, 'RAIS', 'coinPurchase')[0].coins as number, 500)).toBe(true);
  });

  it('the coupon accrues from the next day; the repay is paid from cash, then coins', () => {
    // python: day 9 cash before the repay: 39904109.589041; coins sold 50.958904110, H=1449.041095890, debt=5000000
    expect(close(c.cashUsd[8], 40e6 - (6 * 50e6 * 0.1) / 365, 1e-12)).toBe(true); // days 3..8
    expect(close(c.cashUsd[8] - (50e6 * 0.1) / 365, 39904109.589041, 1e-12)).toBe(true);
    expect(close(c.coins[9], 1449.04109589, 1e-9)).toBe(true);
    expect(close(c.debtUsd[9], 5e6)).toBe(true);
    expect(Math.abs(c.cashUsd[9])).toBeLessThan(1e-6);
    const sale = ev(r, 'RAIS', 'coinSale').find((e) => e.day === 9)!;
    expect(sale).toMatchObject({ reason: 'action', forced: false });
    expect(close(sale.coins as number, 50.95890411, 1e-9)).toBe(true);
    expect(ev(r, 'RAIS', 'repayment')).toMatchObject([{ day: 9, instrument: 'cb26', usd: 45e6, remainingUsd: 5e6, reason: 'redemption' }]);
    // python: day 9 close S=0.999315068493
    expect(close(c.stockPrice[9], 0.999315068493, 1e-9)).toBe(true);
  });

  it('after the repay the smaller coupon is funded by forced coin sales', () => {
    // python: coupon 1369.863013699 USD/day -> funding sale 0.013698630137 coins/day
    const day10 = ev(r, 'RAIS', 'coinSale').find((e) => e.day === 10)!;
    expect(day10).toMatchObject({ reason: 'funding', forced: true });
    expect(close(day10.coins as number, 0.013698630137, 1e-9)).toBe(true);
  });

  it('buyCoins is capped by cash; sellCoins by unpledged coins', () => {
    const r2 = sim(FLAT, [co('TRAD', {
      coins: 1000, cashUsd: 30e6, debt: [{ kind: 'loan', id: 'ln', principalUsd: 10e6, rate: 0, maturityDate: '2027-01-01', collateralCoins: 400 }],
      actions: [
        { kind: 'buyCoins', date: '2025-11-04', coins: 1000 }, // $100M wanted, $30M there: 300 coins
        { kind: 'sellCoins', date: '2025-11-06', coins: 2000 }, // 1,300 held, 400 pledged: 900 sold
      ],
    })]);
    const t = r2.companies.TRAD;
    expect(close(t.coins[1], 1300)).toBe(true);
    expect(Math.abs(t.cashUsd[1])).toBeLessThan(1e-6);
    expect(close(t.coins[3], 400)).toBe(true);
    expect(close(t.cashUsd[3], 90e6)).toBe(true);
    expect(ev(r2, 'TRAD', 'coinSale')).toMatchObject([{ day: 3, reason: 'action', forced: false }]);
  });

  it('a common-stock raise issues at the log midpoint with one stock impact; a weekend date moves to Monday', () => {
    // 10,000 BTC, no debt, 100M shares at $10: E = $1B, exp(pi0) = 1, S = $10, ADV = 0.05 x $1B = $50M.
    // $20M raised: dpi = 0.7 x 1/sqrt(252) x sqrt(20/50) = 0.0278887...; fill = 10 exp(-dpi/2).
    const r3 = sim(FLAT, [co('COMN', { actions: [{ kind: 'raise', date: '2025-11-08', instrument: 'common', usd: 20e6 }] })]);
    const dpi = 0.7 / Math.sqrt(252) * Math.sqrt(20 / 50);
    expect(dpi).toBeCloseTo(0.0278887, 6);
    const iss = ev(r3, 'COMN', 'issuance');
    expect(iss).toHaveLength(1);
    expect(iss[0].day).toBe(7); // Saturday 2025-11-08 -> Monday 2025-11-10
    expect(close(iss[0].price as number, 10 * Math.exp(-dpi / 2), 1e-12)).toBe(true);
    expect(close(r3.companies.COMN.shares[7], 100e6 + 20e6 / (10 * Math.exp(-dpi / 2)), 1e-12)).toBe(true);
    expect(close(r3.companies.COMN.cashUsd[7], 20e6)).toBe(true);
    // With an ATM programme ($8M shelf, 10% of the $50M ADV: $5M a day) the dated raise is not bounded by it
    // (docs/model.md "Known limits"): the whole $20M is issued that day and draws the shelf down, to no less than 0.
    const r4 = sim(FLAT, [co('COMA', { atm: { shelfUsd: 8e6, maxAdvFraction: 0.1 }, actions: [{ kind: 'raise', date: '2025-11-08', instrument: 'common', usd: 20e6 }] })]);
    expect(ev(r4, 'COMA', 'issuance')).toMatchObject([{ day: 7, usd: 20e6, shelfLeftUsd: 0 }]);
    expect(r4.companies.COMA.shares[7]).toBe(r3.companies.COMN.shares[7]);
  });
});

describe('holder puts and amendments', () => {
  const loan = (over: Json = {}) => ({ kind: 'loan', id: 'ln', principalUsd: 60e6, rate: 0, maturityDate: '2027-06-30', collateralCoins: 1000, ...over });

  it('LTV trigger: paid at par from cash, then the released collateral (forced funding sale)', () => {
    // python: put day 11 (2025-11-14) P=73602.192282 LTV=0.815193109606; funding sale 747.260350472 coins; H after 752.739649528
    const r = sim(FALLING, [co('PUTC', { coins: 1500, cashUsd: 5e6, debt: [loan({ holderPut: { ltvAbove: 0.8 } })] })]);
    expect(ev(r, 'PUTC', 'holderPut')).toMatchObject([{ day: 11, instrument: 'ln', trigger: 'ltv', usd: 60e6, settled: 'cash' }]);
    expect(ev(r, 'PUTC', 'holderPut')[0].ltv).toBeCloseTo(0.815193109606, 10);
    expect(ev(r, 'PUTC', 'repayment')).toMatchObject([{ day: 11, usd: 60e6, remainingUsd: 0, reason: 'put' }]);
    const sale = ev(r, 'PUTC', 'coinSale');
    expect(sale).toMatchObject([{ day: 11, reason: 'funding', forced: true }]);
    expect(close(sale[0].coins as number, 747.260350472, 1e-9)).toBe(true);
    expect(close(r.companies.PUTC.coins[11], 752.739649528, 1e-9)).toBe(true);
    expect(r.companies.PUTC.debtUsd[10]).toBe(60e6);
    expect(r.companies.PUTC.debtUsd[11]).toBe(0);
  });

  it('stock-price and date triggers; a partial put releases the pledge pro rata', () => {
    // python: put day 11 (2025-11-14) step-4 S=5.831925097; date trigger: 2025-11-08 (Sat) -> day 7
    const r = sim(FALLING, [
      co('PUTS', { coins: 1500, cashUsd: 5e6, sharesOutstanding: 10e6, stockPrice0: 10, debt: [loan({ collateralCoins: 0, holderPut: { stockBelowUsd: 6 } })] }),
      co('PUTD', { coins: 1500, cashUsd: 40e6, debt: [loan({ holderPut: { date: '2025-11-08', fraction: 0.5 } })] }),
    ]);
    expect(ev(r, 'PUTS', 'holderPut')).toMatchObject([{ day: 11, trigger: 'stockPrice', usd: 60e6 }]);
    expect(ev(r, 'PUTD', 'holderPut')).toMatchObject([{ day: 7, trigger: 'date', usd: 30e6, settled: 'cash' }]);
    // $30M from $40M cash: no sale; the pledge halves to 500 coins, so 1,000 are free.
    expect(ev(r, 'PUTD', 'coinSale')).toHaveLength(0);
    expect(close(r.companies.PUTD.cashUsd[7], 10e6)).toBe(true);
    expect(r.companies.PUTD.debtUsd[7]).toBe(30e6);
    expect(r.companies.PUTD.collateralLtv[7]).toBeCloseTo(30e6 / (500 * r.markets.BTC.price[7]), 12);
    // The put fires once.
    expect(ev(r, 'PUTD', 'holderPut')).toHaveLength(1);
  });

  it('triggers that hold on the same day: the date is named first, then the LTV, then the stock price (docs/model.md 3)', () => {
    // The LTV first exceeds 0.8 on Fri 2025-11-14 (day 11, case A above); with a put date that same day both hold.
    const both = { coins: 1500, cashUsd: 5e6, sharesOutstanding: 10e6, stockPrice0: 10 };
    const r = sim(FALLING, [
      co('DTLV', { ...both, debt: [loan({ holderPut: { ltvAbove: 0.8, date: '2025-11-14' } })] }),
      co('LVST', { ...both, debt: [loan({ holderPut: { ltvAbove: 0.8, stockBelowUsd: 6 } })] }),
    ]);
    expect(ev(r, 'DTLV', 'holderPut')).toMatchObject([{ day: 11, trigger: 'date' }]);
    expect(ev(r, 'LVST', 'holderPut')).toMatchObject([{ day: 11, trigger: 'ltv' }]);
  });

  it('amendment instead of default: collateral sold in equal USD increments each business day to the sale end', () => {
    const r = sim(FALLING, [co('AMND', {
      coins: 1000, cashUsd: 5e6,
      debt: [loan({ holderPut: { ltvAbove: 0.8 }, amendment: { saleEndDate: '2025-11-28', newMaturityDate: '2026-06-30' } })],
    })]);
    expect(ev(r, 'AMND', 'holderPut')).toMatchObject([{ day: 11, settled: 'amendment' }]);
    expect(ev(r, 'AMND', 'amendment')).toMatchObject([{ day: 11, instrument: 'ln', cause: 'ltv', principalUsd: 60e6, saleEndDate: '2025-11-28', newMaturityDate: '2026-06-30' }]);
    expect(ev(r, 'AMND', 'insolvent')).toHaveLength(0);
    // python (day, coins sold, principal after):
    const expected: [number, number, number][] = [
      [11, 74.10846451, 54545454.545455], [14, 80.01015789, 49090909.090909], [15, 82.080041041, 43636363.636364],
      [16, 84.203472595, 38181818.181818], [17, 86.381837864, 32727272.727273], [18, 88.616557997, 27272727.272727],
      [21, 90.909090909, 21818181.818182], [22, 90.909090909, 16363636.363636], [23, 90.909090909, 10909090.909091],
      [24, 90.909090909, 5454545.454545], [25, 90.909090909, 0],
    ];
    const sales = ev(r, 'AMND', 'coinSale');
    expect(sales.map((e) => e.day)).toEqual(expected.map((x) => x[0]));
    for (const [day, coins, principal] of expected) {
      const s = sales.find((e) => e.day === day)!;
      expect(s).toMatchObject({ reason: 'amendment', forced: true });
      expect(close(s.coins as number, coins, 1e-8)).toBe(true);
      expect(close(r.companies.AMND.debtUsd[day], principal, 1e-9, 1e-3)).toBe(true);
    }
    // python: pledge left 50.054013557 coins after the schedule; the cash never moved (fills at P_pre).
    expect(close(r.companies.AMND.coins[25], 50.054013557, 1e-8)).toBe(true);
    expect(close(r.companies.AMND.cashUsd[29], 5e6)).toBe(true);
    expect(ev(r, 'AMND', 'repayment').every((e) => e.reason === 'amendment')).toBe(true);
  });

  it("mode 'ifShort' pays when the company can; 'always' amends anyway; the end day can be amended too", () => {
    const r = sim(FALLING, [
      co('RICH', { coins: 1000, cashUsd: 70e6, debt: [loan({ holderPut: { ltvAbove: 0.8 }, amendment: { saleEndDate: '2025-11-28', newMaturityDate: '2026-06-30' } })] }),
      co('ALWS', { coins: 1000, cashUsd: 70e6, debt: [loan({ holderPut: { ltvAbove: 0.8 }, amendment: { mode: 'always', saleEndDate: '2025-11-28', newMaturityDate: '2026-06-30' } })] }),
      co('ENDD', { coins: 1000, cashUsd: 0, debt: [loan({ collateralCoins: 500, principalUsd: 20e6, maturityDate: '2025-11-10', amendment: { saleEndDate: '2025-11-21', newMaturityDate: '2026-03-31' } })] }),
    ]);
    expect(ev(r, 'RICH', 'holderPut')).toMatchObject([{ day: 11, settled: 'cash' }]);
    expect(ev(r, 'RICH', 'amendment')).toHaveLength(0);
    expect(ev(r, 'ALWS', 'amendment')).toHaveLength(1);
    // ENDD: $20M due Monday 2025-11-10 (day 7) with 500 free coins x ~$81.9k = ~$41M: it can pay, so no amendment...
    expect(ev(r, 'ENDD', 'repayment')).toMatchObject([{ day: 7, reason: 'maturity', usd: 20e6 }]);
    const r2 = sim(FALLING, [co('ENDD', { coins: 500, cashUsd: 0, debt: [loan({ collateralCoins: 500, principalUsd: 20e6, maturityDate: '2025-11-10', amendment: { saleEndDate: '2025-11-21', newMaturityDate: '2026-03-31' } })] })]);
    // ...but with every coin pledged it cannot: amended on its end day, then sold down by 2025-11-21 (day 18).
    expect(ev(r2, 'ENDD', 'amendment')).toMatchObject([{ day: 7, cause: 'endDay' }]);
    expect(ev(r2, 'ENDD', 'repayment').map((e) => e.day)).toEqual([7, 8, 9, 10, 11, 14, 15, 16, 17, 18]);
    expect(r2.companies.ENDD.debtUsd[18]).toBeLessThan(1e-3);
    expect(ev(r2, 'ENDD', 'insolvent')).toHaveLength(0);
  });

  it('without an amendment the same put forces the collateral out in one day', () => {
    // The put releases the pledge; (60M - 5M) / P = 747.260350472 coins go the same day (python, case B).
    const r = sim(FALLING, [co('FIRE', { coins: 1000, cashUsd: 5e6, debt: [loan({ holderPut: { ltvAbove: 0.8 } })] })]);
    const sales = ev(r, 'FIRE', 'coinSale');
    expect(sales).toMatchObject([{ day: 11, reason: 'funding', forced: true }]);
    expect(close(sales[0].coins as number, 747.260350472, 1e-9)).toBe(true);
  });
});

describe('funding sales (docs/model.md 3 "Obligations"): unpledged coins first, then pledged coins above what keeps each instrument at its targetLtv', () => {
  it('a $10M maturity with no cash and every coin pledged: 100 BTC released from the $20M loan at targetLtv 0.5 and sold', () => {
    // 1,000 BTC at a flat $100,000, all pledged to loan A ($20M, targetLtv 0.5: it needs 400 BTC, 600 are surplus);
    // unsecured loan B ($10M) due Tue 2025-11-04 (day 1); cash 0. Funding: 10M / 100,000 = 100 BTC from A's surplus.
    const r = sim(FLAT, [co('FUND', {
      coins: 1000, cashUsd: 0,
      debt: [
        { kind: 'loan', id: 'a', principalUsd: 20e6, rate: 0, maturityDate: '2027-06-30', collateralCoins: 1000, covenantLtv: 0.65, liquidationLtv: 0.85, targetLtv: 0.5 },
        { kind: 'loan', id: 'b', principalUsd: 10e6, rate: 0, maturityDate: '2025-11-04' },
      ],
    })]);
    const sales = ev(r, 'FUND', 'coinSale');
    expect(sales).toMatchObject([{ day: 1, reason: 'funding', forced: true }]);
    expect(close(sales[0].coins as number, 100, 1e-12)).toBe(true);
    expect(close(r.companies.FUND.coins[1], 900, 1e-12)).toBe(true);
    expect(r.companies.FUND.debtUsd[1]).toBe(20e6);
    expect(close(r.companies.FUND.collateralLtv[1], 20e6 / (900 * 100_000), 1e-12)).toBe(true); // the pledge is now 900
    expect(ev(r, 'FUND', 'insolvent')).toHaveLength(0);
  });
});

describe('pledged coins (docs/model.md 3 "Pledged coins"): a voluntary repayment of f first releases f of the pledge', () => {
  it('Sequans: 3,234 BTC pledged for $189M; deleveraging half releases 1,617, of which 970 are sold, leaving 1,617 pledged for $94.5M', () => {
    // BTC flat at 94.5e6 / 970 = $97,422.68: debt / coin value = 189e6 / (3,234 x 97,422.68) = 0.5999 > 0.55 on day 0.
    const P = 94.5e6 / 970;
    const r = sim(marketFile({ impactY: 0, price0: P, peakPrice: P }), [co('SQNS', {
      coins: 3234, cashUsd: 0, sharesOutstanding: 14.3e6, stockPrice0: 7.1,
      debt: [{ kind: 'convertible', id: 'deb', principalUsd: 189e6, couponRate: 0, maturityDate: '2028-07-07', conversionPrice: 21, collateralCoins: 3234 }],
      policies: [{ kind: 'deleverage', trigger: 0.55, repayFraction: 0.5 }],
    })]);
    const sale = ev(r, 'SQNS', 'coinSale');
    expect(sale).toMatchObject([{ day: 0, reason: 'deleverage' }]);
    expect(close(sale[0].coins as number, 970, 1e-12)).toBe(true);
    const c = r.companies.SQNS;
    expect(close(c.coins[0], 3234 - 970, 1e-12)).toBe(true);
    expect(c.debtUsd[0]).toBe(94.5e6);
    expect(close(c.collateralLtv[0], 94.5e6 / (1617 * P), 1e-12)).toBe(true); // 1,617 pledged: 0.5999 as before
    expect(close(c.debtUsd[0] / (c.coins[0] * P), 94.5e6 / (2264 * P), 1e-12)).toBe(true); // debt / coin value 0.428
  });
});

describe('reverseSplit policy, exchange limits and the split notice', () => {
  // SPLT: 100 BTC, no debt, 10M shares at $1.20: S = 1.2 P / 100,000 with the premium frozen.
  // python: first business day with S < 1: day 7 (2025-11-10) S=0.978231732, ceil(5/S)=6
  const policy = { kind: 'reverseSplit', belowPriceUsd: 1, targetPriceUsd: 5, ratio: 50 };
  const splt = (ticker: string, over: Json = {}) => co(ticker, { coins: 100, sharesOutstanding: 10e6, stockPrice0: 1.2, policies: [policy], ...over });

  it('splits on the first business day below the price, at ceil(target / S)', () => {
    const r = sim(FALLING, [splt('SPLT')]);
    expect(ev(r, 'SPLT', 'reverseSplit')).toMatchObject([{ day: 7, ratio: 6 }]);
    expect(close(r.companies.SPLT.shares[7], 10e6 / 6)).toBe(true);
    // The close: exp(pi0 - 0.1) x E / (N / 6).
    const E = 100 * r.markets.BTC.preTradePrice[7];
    expect(close(r.companies.SPLT.stockPrice[7], (1.2 * Math.exp(-0.1) * E) / (10e6 / 6), 1e-9)).toBe(true);
    // minDaysBetween (default 365): no second split although S later dips again.
    expect(ev(r, 'SPLT', 'reverseSplit')).toHaveLength(1);
  });

  it("caps the ratio so the exchange's cumulative limit is not reached (prior 1-for-50 on nasdaq-cm: at most 4)", () => {
    // python: cap with a prior 1-for-50: largest whole r with 50 r < 250 = 4
    const r = sim(FALLING, [splt('CAPD', { priorReverseSplits: [{ date: '2024-09-29', ratio: 50 }] })]);
    expect(ev(r, 'CAPD', 'reverseSplit')).toMatchObject([{ day: 7, ratio: 4 }]);
    // A prior 1-for-125 leaves no room (125 x 2 = 250): no split at all.
    const r2 = sim(FALLING, [splt('NONE', { priorReverseSplits: [{ date: '2024-09-29', ratio: 125 }] })]);
    expect(ev(r2, 'NONE', 'reverseSplit')).toHaveLength(0);
    // A split 200 days ago and minDaysBetween 365: none either.
    const r3 = sim(FALLING, [splt('RCNT', { priorReverseSplits: [{ date: '2025-04-17', ratio: 2 }] })]);
    expect(ev(r3, 'RCNT', 'reverseSplit')).toHaveLength(0);
  });

  it('splitNoticeDays: decided on day d, effective on the first business day on or after d + n; 0 keeps v1', () => {
    // python: notice 10 days: decided day 7, effective day 17 (2025-11-20)
    const r = sim(FALLING, [splt('NOTC', { splitNoticeDays: 10 })]);
    expect(ev(r, 'NOTC', 'splitDecided')).toMatchObject([{ day: 7, ratio: 6, noticeDays: 10, earliestEffectiveDate: '2025-11-20' }]);
    expect(ev(r, 'NOTC', 'reverseSplit')).toMatchObject([{ day: 17, ratio: 6 }]);
    expect(r.companies.NOTC.shares[16]).toBe(10e6);
    expect(close(r.companies.NOTC.shares[17], 10e6 / 6)).toBe(true);
    // Without a notice (default 0) the same policy splits on the day it decides (v1 behaviour).
    expect(ev(sim(FALLING, [splt('SAME')]), 'SAME', 'reverseSplit')).toMatchObject([{ day: 7 }]);
  });

  it('daysBeforeDeadline: splits under a notice once fewer calendar days than that are left', () => {
    // A short rule set: notice after 2 closes below $1, 20 calendar days to cure, no second period.
    // Flat BTC, S = $0.50: closes below $1 on Mon 11-03 and Tue 11-04 -> notice on 11-04 (day 1), deadline 11-24.
    // daysLeft(t) = 21 - t: below 15 from day 7 (Mon 11-10), which splits 1-for-10: S = 0.5 x 10 x exp(-0.1) = 4.52,
    // and ten closes at or above $1 (days 7-11, 14-18) regain compliance on day 18, before the deadline.
    const rules = { fast: { preset: 'nasdaq-cm', name: 'fast test rules', trigger: { kind: 'consecutiveBelow', days: 2 }, periodDays: 20, secondPeriodDays: 0, noticeLagBusinessDays: 0, splitNoticeCalendarDays: 0, splitNoticeBusinessDays: 0 } };
    const r = sim(FLAT, [co('DEAD', { exchange: 'fast', stockPrice0: 0.5, policies: [{ kind: 'reverseSplit', daysBeforeDeadline: 15, ratio: 10 }] })], { listingRules: rules });
    expect(ev(r, 'DEAD', 'notice')).toMatchObject([{ day: 1, deadline: '2025-11-24' }]);
    expect(ev(r, 'DEAD', 'reverseSplit')).toMatchObject([{ day: 7, ratio: 10 }]);
    expect(close(r.companies.DEAD.stockPrice[7], 0.5 * 10 * Math.exp(-0.1))).toBe(true);
    expect(ev(r, 'DEAD', 'regained')).toMatchObject([{ day: 18 }]);
  });

  it("a convertible raised after a split keeps its own conversion price; an earlier one's scales", () => {
    // 1-for-4 on Wed 11-05 (day 2); a $10M convertible at $30 raised on Fri 11-07 (day 4); both mature
    // Mon 11-17 (day 14) with S about $10 x 4 x exp(-0.1) = $36.19: the old one (conversion price 4 x $20 = $80)
    // is repaid in cash, the new one ($30) converts into 10M / 30 shares.
    const r = sim(FLAT, [co('CONV', {
      cashUsd: 30e6,
      debt: [{ kind: 'convertible', id: 'old', principalUsd: 10e6, couponRate: 0, maturityDate: '2025-11-17', conversionPrice: 20 }],
      actions: [
        { kind: 'reverseSplit', date: '2025-11-05', ratio: 4 },
        { kind: 'raise', date: '2025-11-07', instrument: 'convertible', id: 'new', usd: 10e6, rate: 0, maturityDate: '2025-11-17', conversionPrice: 30 },
      ],
    })]);
    expect(ev(r, 'CONV', 'repayment')).toMatchObject([{ day: 14, instrument: 'old', reason: 'maturity' }]);
    const conv = ev(r, 'CONV', 'conversion');
    expect(conv).toMatchObject([{ day: 14, instrument: 'new', conversionPrice: 30 }]);
    expect(close(conv[0].shares as number, 10e6 / 30)).toBe(true);
  });

  it("on Nasdaq CM as practised the exchange's notice lag applies too, and the later of the two lags wins", () => {
    // Decided Mon 2025-11-10 (day 7): 5250(e)(7) 10 calendar days -> Thu 11-20 (day 17), 5250(b)(4) two business
    // days -> Wed 11-12; the later is Thu 11-20 (a business day, no holiday in 2025-11-10..20).
    const r = simPractised(FALLING, [splt('EXCH', { exchange: 'nasdaq-cm' })]);
    expect(ev(r, 'EXCH', 'splitDecided')).toMatchObject([{ day: 7, ratio: 6, noticeDays: 10, earliestEffectiveDate: '2025-11-20' }]);
    expect(ev(r, 'EXCH', 'reverseSplit')).toMatchObject([{ day: 17, ratio: 6 }]);
    // With splitNoticeDays 14 the company's own lag is the later one: day 21 (Mon 11-24).
    const r2 = simPractised(FALLING, [splt('LONG', { exchange: 'nasdaq-cm', splitNoticeDays: 14 })]);
    expect(ev(r2, 'LONG', 'reverseSplit')).toMatchObject([{ day: 21, ratio: 6 }]);
  });

  it('splitNoticeDays applies to defendListing and dated splits too; a dated split is taken at its ratio', () => {
    const r = sim(FALLING, [co('DATD', { actions: [{ kind: 'reverseSplit', date: '2025-11-05', ratio: 3 }], splitNoticeDays: 5 })]);
    expect(ev(r, 'DATD', 'splitDecided')).toMatchObject([{ day: 2, ratio: 3 }]);
    expect(ev(r, 'DATD', 'reverseSplit')).toMatchObject([{ day: 7, ratio: 3 }]); // day 2 + 5 = Sunday -> Monday day 7
  });
});

describe('setPolicy', () => {
  it('changes a policy from its date and can switch it off', () => {
    // stopLoss latches on day 0 (P = 100k < K (1 - 0.1) with K = 200k) and sells 1% of the 10,000 trigger-day
    // coins each business day: 100 coins; from Mon 2025-11-10 (day 7) 3%: 300 coins; off from Mon 2025-11-17 (day 14).
    const r = sim(FLAT, [co('POLC', {
      coins: 10_000, costBasisUsd: 200_000,
      policies: [{ kind: 'hold' }, { kind: 'stopLoss', maxLoss: 0.1, fractionPerDay: 0.01 }],
      actions: [
        { kind: 'setPolicy', date: '2025-11-10', policy: 1, settings: { fractionPerDay: 0.03 } },
        { kind: 'setPolicy', date: '2025-11-17', policy: 1, enabled: false },
      ],
    })]);
    const sold = new Map(ev(r, 'POLC', 'coinSale').map((e) => [e.day, e.coins as number]));
    expect([...sold.keys()]).toEqual([0, 1, 2, 3, 4, 7, 8, 9, 10, 11]);
    for (const d of [0, 1, 2, 3, 4]) expect(close(sold.get(d)!, 100)).toBe(true);
    for (const d of [7, 8, 9, 10, 11]) expect(close(sold.get(d)!, 300)).toBe(true);
    expect(ev(r, 'POLC', 'policyChange')).toMatchObject([{ day: 7, policy: 1, enabled: true }, { day: 14, policy: 1, enabled: false }]);
  });
});

describe('defaults leave v1 unchanged', () => {
  it('no actions, no holder terms: resolved fields are empty and a run has no capital-action events', () => {
    const s = resolve(scenarioFile({ companies: [companyFile('PLAIN', { debt: [{ kind: 'loan', principalUsd: 1e6, maturityDate: '2027-01-01' }] })] }));
    expect(s.companies[0].actions).toEqual([]);
    expect(s.companies[0].splitNoticeDays).toBe(0);
    expect(s.companies[0].debt[0]).toMatchObject({ holderPut: null, amendment: null });
  });
});

describe('README', () => {
  it('the "Capital actions" example resolves and runs', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = readme.split('### Capital actions')[1].split('```jsonc')[1].split('```')[0];
    const fields = JSON.parse(`{${block.replace(/\/\/[^\n]*/g, '')}}`);
    const file = scenarioFile({ startDate: '2025-11-21', horizonDays: 365, companies: [co('READ', { coins: 3000, cashUsd: 10e6, ...fields })] });
    const r = run(file, { deterministic: true, counterfactual: false });
    expect(ev(r, 'READ', 'raise')).toHaveLength(2);
    expect(ev(r, 'READ', 'policyChange')).toHaveLength(2);
    expect(ev(r, 'READ', 'repayment').some((e) => e.reason === 'redemption' && e.instrument === 'notes')).toBe(true);
  });
});

describe('bad input is refused before any simulation', () => {
  const bad = (over: Json, market: Json = FLAT) => {
    try {
      resolve({ ...scenarioFile({ horizonDays: 30, markets: { BTC: market }, companies: [co('BADD', over)] }) });
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as Error).message;
    }
    throw new Error('expected a ScenarioError');
  };

  it('unknown action kind', () => {
    expect(bad({ actions: [{ kind: 'dividend', date: '2025-11-05', usd: 1 }] })).toMatch(/companies\[0\]\.actions\[0\]\.kind: .*'raise' \| 'repay' \| 'buyCoins' \| 'sellCoins' \| 'reverseSplit' \| 'setPolicy'/);
  });

  it('actions dated outside the horizon', () => {
    expect(bad({ actions: [{ kind: 'sellCoins', date: '2025-12-03', coins: 1 }] })).toMatch(/companies\[0\]\.actions\[0\]\.date: expected a date within the horizon, 2025-11-03 to 2025-12-02/);
    expect(bad({ actions: [{ kind: 'sellCoins', date: '2025-11-02', coins: 1 }] })).toMatch(/actions\[0\]\.date: expected a date within the horizon/);
  });

  it("split ratios outside the exchange's limits", () => {
    expect(bad({ actions: [{ kind: 'reverseSplit', date: '2025-11-05', ratio: 250 }] })).toMatch(/actions\[0\]\.ratio: expected a ratio that keeps the cumulative reverse splits within 730 days below Nasdaq Capital Market's limit of 250/);
    expect(bad({ priorReverseSplits: [{ date: '2025-01-05', ratio: 50 }], actions: [{ kind: 'reverseSplit', date: '2025-11-05', ratio: 5 }] })).toMatch(/actions\[0\]\.ratio: .*brings it to 250/);
    expect(bad({ exchange: 'nyse', policies: [{ kind: 'reverseSplit', belowPriceUsd: 1, ratio: 200 }] })).toMatch(/policies\[0\]\.ratio: expected a ratio below NYSE's cumulative reverse-split limit of 200/);
    expect(bad({ actions: [{ kind: 'reverseSplit', date: '2025-11-05', ratio: 1 }] })).toMatch(/actions\[0\]\.ratio/);
  });

  it('other checks: repay of an unknown instrument, a raise missing its terms, setPolicy on a missing policy or a wrong field', () => {
    expect(bad({ actions: [{ kind: 'repay', date: '2025-11-05', instrument: 'nope' }] })).toMatch(/actions\[0\]\.instrument: unknown instrument "nope"/);
    expect(bad({ actions: [{ kind: 'raise', date: '2025-11-05', instrument: 'convertible', usd: 1e6 }] })).toMatch(/actions\[0\]: a convertible raise needs maturityDate, conversionPrice/);
    expect(bad({ actions: [{ kind: 'setPolicy', date: '2025-11-05', policy: 3 }] })).toMatch(/actions\[0\]\.policy: expected the index of one of the company's 1 policies/);
    expect(bad({ policies: [{ kind: 'stopLoss' }], actions: [{ kind: 'setPolicy', date: '2025-11-05', policy: 0, settings: { fractionPerDay: 2 } }] })).toMatch(/actions\[0\]\.settings\.fractionPerDay/);
    expect(bad({ debt: [{ kind: 'loan', principalUsd: 1e6, maturityDate: '2027-01-01', holderPut: {} }] })).toMatch(/debt\[0\]\.holderPut: expected at least one trigger/);
    expect(bad({ debt: [{ kind: 'loan', principalUsd: 1e6, maturityDate: '2027-01-01', holderPut: { date: '2025-10-01' } }] })).toMatch(/debt\[0\]\.holderPut\.date: expected a date on or after startDate \(2025-11-03\)/);
    expect(bad({ debt: [{ kind: 'loan', principalUsd: 1e6, maturityDate: '2027-01-01', amendment: { saleEndDate: '2026-03-01', newMaturityDate: '2026-01-01' } }] })).toMatch(/amendment\.newMaturityDate: expected a date on or after saleEndDate/);
    expect(bad({ policies: [{ kind: 'stopLoss' }], actions: [{ kind: 'setPolicy', date: '2025-11-05', policy: 0, settings: { bogus: 1 } }] })).toMatch(/actions\[0\]\.settings: unknown field\(s\) "bogus" for a "stopLoss" policy/);
  });

  it('the CLI refuses such a file with exit 2, the file name and the field path, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dat-capital-'));
    try {
      const file = scenarioFile({ horizonDays: 30, companies: [co('CLIX', { actions: [{ kind: 'reverseSplit', date: '2026-01-05', ratio: 10 }] })] });
      writeFileSync(join(dir, 'late.json'), JSON.stringify(file));
      const p = spawnSync(process.execPath, [new URL('../bin/dat-sim.mjs', import.meta.url).pathname, 'run', 'late.json', '--out', 'out.json'], { cwd: dir, encoding: 'utf8' });
      expect(p.status, p.stderr).toBe(2);
      expect(p.stderr).toContain('late.json');
      expect(p.stderr).toContain('companies[0].actions[0].date: expected a date within the horizon');
      expect(existsSync(join(dir, 'out.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
