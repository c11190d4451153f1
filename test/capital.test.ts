/**
 * Capital actions (docs/model.md 3.2-3.4, sim/capital.ts) on hand-made paths:
 * an ATM programme used by `accumulate`, preferred issuance, the USD reserve,
 * buybacks funded from cash, and the bad inputs refused before any run.
 *
 * Every case runs in deterministic mode on a flat coin that cannot move
 * (price $100,000, impactY 0, mu 0, equity index mu 0), so each day is
 * arithmetic; the expected figures come from small python3 scripts written
 * from docs/model.md (quoted in the comments), not from the engine.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { atmRoomUsd, buybackCashPart, preferenceFor, preferredRoomUsd, reserveTargetUsd, stockImpact } from '../sim/capital.ts';
import { ScenarioError, resolveScenario } from '../src/resolve.ts';
import { seriesCsv } from '../src/output/series-csv.ts';
import { close, companyFile, marketFile, run, scenarioFile, type Json } from './reference/scenarios.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A flat market: the coin stays at $100,000 whatever anyone trades. */
function flat(companies: Json[], horizonDays = 10): Json {
  return scenarioFile({
    horizonDays,
    markets: { BTC: marketFile({ impactY: 0 }) },
    equityIndex: { name: 'idx', mu: 0, sigma: 0.2 },
    companies,
  });
}
const det = { deterministic: true, counterfactual: false } as const;
const near = (a: number, b: number, rel = 1e-9) => expect(close(a, b, rel, 1e-6), `${a} vs ${b}`).toBe(true);

describe('formulas (sim/capital.ts)', () => {
  it('reserve target: 6 months of $100,000/day of interest = 6 x 365/12 x 100,000 = $18.25M', () => {
    near(reserveTargetUsd(6, 100_000), 18_250_000);
    expect(reserveTargetUsd(0, 100_000)).toBe(0);
  });
  it('ATM room: min(shelf, cap x ADV) - issued today, floored at 0', () => {
    near(atmRoomUsd(20e6, 0.1, 75e6, 0), 7.5e6);
    near(atmRoomUsd(5e6, 0.1, 75e6, 0), 5e6);
    near(atmRoomUsd(20e6, 0.1, 75e6, 2.5e6), 5e6);
    expect(atmRoomUsd(20e6, 0.1, 75e6, 9e6)).toBe(0);
  });
  it('preferred room: min(shelf, daily cap; 0 = none) - issued today', () => {
    near(preferredRoomUsd(50e6, 10e6, 0), 10e6);
    near(preferredRoomUsd(50e6, 0, 0), 50e6);
    near(preferredRoomUsd(4e6, 10e6, 1e6), 3e6);
  });
  it('ATM price impact: 10% of ADV moves the log premium by 0.7 x (1/sqrt(252)) x sqrt(0.1) = 0.0139443338', () => {
    // python3: 0.7*(1/math.sqrt(252))*math.sqrt(0.1) = 0.013944333775567928
    near(stockImpact(7.5e6, 0.7, 1 / Math.sqrt(252), 75e6), 0.013944333775567928, 1e-12);
  });
  it('buyback cash part: min(fraction x B, free cash), nothing from negative free cash', () => {
    near(buybackCashPart(10e6, 1, 37e6), 10e6);
    near(buybackCashPart(10e6, 0.5, 37e6), 5e6);
    near(buybackCashPart(10e6, 1, 1.5e6), 1.5e6);
    expect(buybackCashPart(10e6, 1, -3)).toBe(0);
    // A rounding residual of free cash (2^-28 USD, seen after cash was spent down to the floor) is not spent.
    expect(buybackCashPart(10e6, 1, 3.725290298461914e-9)).toBe(0);
    expect(buybackCashPart(10e6, 1, 0.99)).toBe(0);
    near(buybackCashPart(10e6, 1, 1), 1);
    expect(buybackCashPart(10e6, 0, 37e6)).toBe(0);
  });
  it('preferred sold at 80% of its preference: $10M raised adds $12.5M of preference', () => {
    near(preferenceFor(10e6, 0.8), 12.5e6);
  });
});

describe('ATM programme used by accumulate (docs/model.md 3.2)', () => {
  // 10,000 BTC at $100k, 100M shares at $15 (mNAV 1.5), no debt, no cash. ATM shelf $20M,
  // cap 10% of ADV = 0.05 x S x N. accumulate with mnavThreshold 1. python3 (/tmp/cap/ex1.py):
  //   pi += 2 (pi0 - pi)/252 each business day; S = e^pi H P / N; u = min(shelf, 0.1 ADV)
  //   dpi = 0.7/sqrt(252) sqrt(u/ADV); fill = S e^{-dpi/2}; N += u/fill; pi -= dpi; H += u/P
  // day 0: S 15, ADV 75M, u 7.5M, dpi 0.0139443338, fill 14.8957812342, shares 503498.264515
  //        close S 14.8285671428, H 10075
  // day 1: S 14.8302083010, ADV 74524390.712248, u 7452439.071225, shares 506033.369538, shelf left 5047560.928775
  // day 2: u 5047560.928775 (the rest of the shelf), dpi 0.0115124861, shares 346238.189361; H 10200
  //        close S 14.5169392156, N 101355769.823414; no issuance afterwards (shelf 0)
  const r = run(flat([companyFile('ACC', {
    coins: 10_000, stockPrice0: 15, saleSignalImpact: 0,
    premium: { indexBeta: 0 },
    atm: { shelfUsd: 20e6, maxAdvFraction: 0.1 },
    policies: [{ kind: 'accumulate', mnavThreshold: 1 }],
  })], 8), det);
  const c = r.companies.ACC;
  const iss = r.events.filter((e) => e.kind === 'issuance');

  it('issues min(shelf, 10% of ADV) a day at the square-root impact, until the shelf is used up', () => {
    expect(iss.map((e) => e.day)).toEqual([0, 1, 2]);
    near(iss[0].usd as number, 7.5e6);
    near(iss[0].price as number, 14.8957812342, 1e-10);
    near(iss[0].shares as number, 503498.264515, 1e-10);
    near(iss[1].usd as number, 7452439.071225, 1e-10);
    near(iss[1].shares as number, 506033.369538, 1e-10);
    near(iss[2].usd as number, 5047560.928775, 1e-10);
    near(iss[2].shares as number, 346238.189361, 1e-10);
    near(iss[2].shelfLeftUsd as number, 0);
  });
  it('buys coins with the proceeds; closing prices and share counts match the worked example', () => {
    near(c.coins[0], 10075); near(c.coins[2], 10200); near(c.coins[7], 10200);
    near(c.stockPrice[0], 14.8285671428, 1e-10);
    near(c.stockPrice[1], 14.6592166013, 1e-10);
    near(c.stockPrice[2], 14.5169392156, 1e-10);
    near(c.shares[7], 101355769.823414, 1e-10);
    const cap = c.capital!;
    near(cap.atmShelfLeftUsd[1], 5047560.928775, 1e-10);
    near(cap.atmProceedsUsd[7], 20e6);
    near(cap.sharesIssued[7], 101355769.823414 - 100e6, 1e-9);
    expect(r.events.filter((e) => e.kind === 'coinPurchase').length).toBe(3);
    // The purchase spends exactly the proceeds (USD-sized at P_exec): no cash dust, no funding sale.
    expect(r.events.some((e) => e.kind === 'coinSale')).toBe(false);
    expect(c.cashUsd.every((x) => x === 0)).toBe(true);
  });
  it('the mNAV threshold is the company\'s choice: at mNAV 0.9 a threshold of 0.8 issues, 1 does not', () => {
    const at = (threshold: number) => run(flat([companyFile('LOW', {
      coins: 10_000, stockPrice0: 9, saleSignalImpact: 0, premium: { indexBeta: 0 },
      atm: { shelfUsd: 20e6, maxAdvFraction: 0.1 },
      policies: [{ kind: 'accumulate', mnavThreshold: threshold }],
    })], 3), det);
    expect(at(0.8).events.filter((e) => e.kind === 'issuance').length).toBeGreaterThan(0);
    expect(at(1).events.filter((e) => e.kind === 'issuance').length).toBe(0);
  });
  it('the programme also caps funding-order issuance: a $50M bill with a $7.5M room sells coins for the rest', () => {
    // Same company with a $50M loan maturing on day 0 and no cash; fundingOrder atm then coins.
    // Room = min(shelf 20M, 0.1 x 75M) = 7.5M; the remaining 42.5M is 425 coins at $100k.
    const f = run(flat([companyFile('FUN', {
      coins: 10_000, stockPrice0: 15, saleSignalImpact: 0, premium: { indexBeta: 0 },
      debt: [{ kind: 'loan', id: 'ln', principalUsd: 50e6, rate: 0, maturityDate: '2025-11-03' }],
      fundingOrder: ['cash', 'atm', 'coins'],
      atm: { shelfUsd: 20e6, maxAdvFraction: 0.1 },
    })], 2), det);
    const e0 = f.events.filter((e) => e.day === 0);
    near(e0.find((e) => e.kind === 'issuance')!.usd as number, 7.5e6);
    near(e0.find((e) => e.kind === 'coinSale' && e.reason === 'funding')!.coins as number, 425);
    // Without the programme (v1) the whole $50M is issued.
    const v1 = run(flat([companyFile('FUN', {
      coins: 10_000, stockPrice0: 15, saleSignalImpact: 0, premium: { indexBeta: 0 },
      debt: [{ kind: 'loan', id: 'ln', principalUsd: 50e6, rate: 0, maturityDate: '2025-11-03' }],
      fundingOrder: ['cash', 'atm', 'coins'],
    })], 2), det);
    near(v1.events.find((e) => e.kind === 'issuance')!.usd as number, 50e6);
    expect(v1.events.some((e) => e.kind === 'coinSale')).toBe(false);
    expect(v1.companies.FUN.capital).toBeUndefined();
  });
});

describe('preferred issuance (docs/model.md 3.2)', () => {
  // 10,000 BTC, $1M cash, mNAV 1. Programme: $50M shelf, $10M/day, 10% dividend, sold at 80% of
  // the preference. accumulate (preferred threshold 0). python3:
  //   day 0-4 (Mon-Fri): raise 10M -> preference += 12.5M, buy 100 BTC at $100k
  //   dividends per day on the preference outstanding at the start of the day: 12.5M x 0.1/365 = 3424.657534...
  //   days 1..9 carry 1,2,3,4,5,5,5,5,5 tranches: 35 x 3424.657534 = 119863.013699
  //   cash at day 9 = 1,000,000 - 119,863.013699 = 880,136.986301
  const r = run(flat([companyFile('PRF', {
    coins: 10_000, stockPrice0: 10, cashUsd: 1e6, saleSignalImpact: 0, premium: { indexBeta: 0 },
    preferredProgram: { id: 'strc', shelfUsd: 50e6, dividendRate: 0.1, pricePerPreference: 0.8, maxUsdPerDay: 10e6 },
    policies: [{ kind: 'accumulate' }],
  })], 10), det);
  const c = r.companies.PRF;

  it('raises $10M a day for five business days, adding $12.5M of preference each, and stops at the shelf', () => {
    const ev = r.events.filter((e) => e.kind === 'preferredIssuance');
    expect(ev.map((e) => e.day)).toEqual([0, 1, 2, 3, 4]);
    for (const e of ev) { near(e.usd as number, 10e6); near(e.preferenceUsd as number, 12.5e6); expect(e.instrument).toBe('strc'); }
    near(c.capital!.preferredUsd[4], 62.5e6);
    near(c.capital!.preferredUsd[9], 62.5e6);
    near(c.capital!.preferredProceedsUsd[9], 50e6);
    near(c.coins[9], 10_500);
  });
  it('dividends become an obligation from the next day: cash falls by 35 tranche-days of $3,424.66', () => {
    near(c.cashUsd[0], 1e6);
    near(c.cashUsd[1], 1e6 - 3424.657534246575, 1e-12);
    near(c.cashUsd[9], 880136.986301, 1e-11);
    // the preference is a senior claim: in deterministic mode E = A - D
    near(c.navPerShare[9] * c.shares[9], 10_500 * 100_000 + c.cashUsd[9] - 62.5e6, 1e-9);
  });
});

describe('USD reserve (docs/model.md 3.3)', () => {
  // A $365M loan at 10%: $100,000 of interest a day. Target 6 months = 6 x 365/12 x 100,000 = $18.25M.
  // $10M of cash, all of it the initial reserve. Refilled by coin sales at $100k. python3:
  //   day 0 (Mon): interest -> cash 9.9M, reserve drawn to 9.9M; refill 8.35M = 83.5 BTC -> 18.25M
  //   days 1-4: draw 100k, refill 1 BTC; days 5-6 (weekend): drawn to 18.15M, 18.05M, no refill
  //   day 7 (Mon): drawn to 17.95M, refill 300k = 3 BTC; coins 10,000 - 83.5 - 4 - 3 = 9,909.5
  const loan = { kind: 'loan', id: 'ln', principalUsd: 365e6, rate: 0.1, maturityDate: '2030-01-01' };
  const r = run(flat([companyFile('RES', {
    coins: 10_000, stockPrice0: 10, cashUsd: 10e6, saleSignalImpact: 0, premium: { indexBeta: 0, saleAnnouncementPenalty: 0 },
    debt: [loan], reserve: { targetMonths: 6, fundWith: ['coins'] },
  })], 8), det);
  const c = r.companies.RES;

  it('refills to months x 365/12 x daily interest by selling coins, on business days', () => {
    const sales = r.events.filter((e) => e.kind === 'coinSale');
    expect(sales.every((e) => e.reason === 'reserve' && e.forced === false)).toBe(true);
    expect(sales.map((e) => e.day)).toEqual([0, 1, 2, 3, 4, 7]);
    near(sales[0].coins as number, 83.5);
    near(sales[1].coins as number, 1);
    near(sales[5].coins as number, 3);
    near(c.coins[7], 9909.5);
    const fund = r.events.filter((e) => e.kind === 'reserveFunding');
    near(fund[0].usd as number, 8.35e6);
    expect(fund[0].source).toBe('coins');
    near(fund[0].targetUsd as number, 18.25e6);
  });
  it('the CSV export carries the capital series of the companies that have them', () => {
    const lines = seriesCsv(r).trim().split('\n');
    const head = lines[0].split(','), row5 = lines[6].split(',');
    const k = head.indexOf('RES.reserveUsd');
    expect(k).toBeGreaterThan(0);
    near(Number(row5[k]), 18.15e6);
    expect(head).toContain('RES.atmShelfLeftUsd');
  });
  it('is drawn on the weekend before anything is sold, and is part of cash', () => {
    const res = c.capital!.reserveUsd;
    near(res[0], 18.25e6); near(res[4], 18.25e6); near(res[5], 18.15e6); near(res[6], 18.05e6); near(res[7], 18.25e6);
    for (let t = 0; t < 8; t++) expect(res[t]).toBeLessThanOrEqual(c.cashUsd[t] + 1e-6);
  });
  it('when it cannot be refilled it runs down, reserveDepleted, and only then is anything sold', () => {
    // $250k of cash = 2.5 days of interest; the reserve can only be refilled by ATM issuance, which
    // needs mNAV > 5 (never). Days 0 and 1 are paid from it (150k, 50k left); on day 2 it pays its
    // last 50k (reserveDepleted) and the other 50k is the first funding sale: 0.5 BTC at $100k.
    const d = run(flat([companyFile('DEP', {
      coins: 10_000, stockPrice0: 10, cashUsd: 250e3, saleSignalImpact: 0, premium: { indexBeta: 0 },
      debt: [loan], atm: { shelfUsd: 100e6, minMnav: 5 }, reserve: { targetMonths: 6, fundWith: ['atm'] },
    })], 5), det);
    near(d.companies.DEP.capital!.reserveUsd[0], 150e3);
    near(d.companies.DEP.capital!.reserveUsd[1], 50e3);
    expect(d.events.filter((e) => e.kind === 'reserveDepleted').map((e) => e.day)).toEqual([2]);
    const sales = d.events.filter((e) => e.kind === 'coinSale');
    expect(sales[0].day).toBe(2);
    expect(sales[0].reason).toBe('funding');
    near(sales[0].coins as number, 0.5);
    expect(sales.slice(1).map((e) => e.day)).toEqual([3, 4]);
    expect(d.events.some((e) => e.kind === 'issuance')).toBe(false);
  });
  it('a reserve funded by the ATM issues for it first; accumulate gets the rest of the day\'s room', () => {
    // mNAV 1.5 (S $15), ADV 75M, room 7.5M. Target 18.25M, no cash: day 0 issues 7.5M, all to the reserve,
    // and accumulate finds no room left.
    const a = run(flat([companyFile('MIX', {
      coins: 10_000, stockPrice0: 15, saleSignalImpact: 0, premium: { indexBeta: 0, leveragePenalty: 0 },
      debt: [loan], atm: { shelfUsd: 1e9, maxAdvFraction: 0.1 }, reserve: { targetMonths: 6, fundWith: ['atm'] },
      policies: [{ kind: 'accumulate' }],
    })], 1), det);
    const iss = a.events.filter((e) => e.kind === 'issuance');
    expect(iss.length).toBe(1);
    near(iss[0].usd as number, 7.5e6, 1e-6);
    expect(a.events.some((e) => e.kind === 'coinPurchase')).toBe(false);
    // The empty reserve could not pay the day's interest (step 5 comes first): a 1 BTC funding
    // sale did; the 7.5M issued in step 6 all went to the reserve.
    near(a.companies.MIX.capital!.reserveUsd[0], 7.5e6, 1e-6);
    near(a.events.find((e) => e.kind === 'coinSale' && e.reason === 'funding')!.coins as number, 1);
  });
});

describe('buybacks funded from cash first (docs/model.md 3.4)', () => {
  // FGNX-like: 10,000 BTC, $37M cash, S $8 (mNAV 0.8), buybackBelowNav 25% of ADV. python3 (/tmp/cap/ex5.py):
  //   B = 0.25 x 0.05 x S x N; cash part = min(f B, cash - minCash); coins = (B - cash part)/P
  // f = 1, minCash 5M: days 0-2 paid from cash (10M, 10122574.601164, 10242667.064028),
  //   day 3: 1634758.334808 from cash + 87.2537839310 BTC; day 4: 104.7484361411 BTC; cash stays 5M
  // f = 0.5: day 0 5M cash + 50 BTC; day 1 5061287.300582 + 50.6128730058 BTC
  const fgnx = (over: Json) => run(flat([companyFile('FGX', {
    coins: 10_000, stockPrice0: 8, cashUsd: 37e6, buybackAuthorizationUsd: 200e6, saleSignalImpact: 0,
    premium: { indexBeta: 0, saleAnnouncementPenalty: 0 },
    policies: [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 }],
    ...over,
  })], 8), det);

  it('cash first, then coins: no coin sold until free cash above the floor is spent', () => {
    const r = fgnx({ buybackCashFraction: 1, buybackMinCashUsd: 5e6 });
    const bb = r.events.filter((e) => e.kind === 'buyback');
    near(bb[0].usd as number, 10e6); near(bb[0].fromCashUsd as number, 10e6);
    near(bb[1].usd as number, 10122574.601164, 1e-10);
    near(bb[2].fromCashUsd as number, 10242667.064028, 1e-10);
    near(bb[3].fromCashUsd as number, 1634758.334808, 1e-9);
    const sales = r.events.filter((e) => e.kind === 'coinSale');
    expect(sales[0].day).toBe(3);
    near(sales[0].coins as number, 87.2537839310, 1e-10);
    near(sales[1].coins as number, 104.7484361411, 1e-10);
    near(r.companies.FGX.cashUsd[4], 5e6, 1e-9);
    near(r.companies.FGX.cashUsd[7], 5e6, 1e-9);
  });
  it('no buyback under $1: a rule sized cashUsd - floor + 0.5 buys back once, not $0.50 every day after', () => {
    // Day 0: a = 32M + 0.5, free cash 32M pays 32M, $0.50 of coins is sold. Then cash = the 5M floor and
    // the rule asks $0.50 a day: under MIN_BUYBACK_USD, no trade. (The same pattern with a rounding
    // residual of 2^-28 USD made a 4e-9 USD buyback and coin sale every day on SBET's saved scenario.)
    const r = fgnx({
      buybackCashFraction: 1, buybackMinCashUsd: 5e6,
      policies: [{ kind: 'rules', rules: [{ when: 'mnav < 1', action: 'buyback', amount: 'max(0, cashUsd - 5e6 + 0.5)' }] }],
    });
    const bb = r.events.filter((e) => e.kind === 'buyback');
    expect(bb.map((e) => e.day)).toEqual([0]);
    near(bb[0].usd as number, 32e6 + 0.5);
    near(bb[0].fromCashUsd as number, 32e6);
    expect(r.events.filter((e) => e.kind === 'coinSale').map((e) => e.day)).toEqual([0]);
    for (let t = 0; t < 8; t++) near(r.companies.FGX.cashUsd[t], 5e6, 1e-12);
  });
  it('free cash under $1 pays nothing: a $1,000 buyback after cash was spent to 40 cents above the floor sells coins for all of it', () => {
    // Day 0: 32M - 0.4 from cash (free cash 32M), leaving 5M + 0.4. Day 1: $1,000, free cash 0.4 < $1: all from coins.
    const r = fgnx({
      buybackCashFraction: 1, buybackMinCashUsd: 5e6,
      policies: [{ kind: 'rules', rules: [
        { when: 'day == 0', action: 'buyback', amount: '32e6 - 0.4' },
        { when: 'day == 1', action: 'buyback', amount: '1000' },
      ] }],
    });
    const bb = r.events.filter((e) => e.kind === 'buyback');
    expect(bb.map((e) => e.day)).toEqual([0, 1]);
    near(bb[0].fromCashUsd as number, 32e6 - 0.4);
    expect(bb[1].fromCashUsd).toBeUndefined();
    near(r.events.find((e) => e.kind === 'coinSale' && e.day === 1)!.coins as number, 1000 / 100_000);
    near(r.companies.FGX.cashUsd[1], 5e6 + 0.4, 1e-12);
  });
  it('the split is a setting: half from cash, half from coins', () => {
    const r = fgnx({ buybackCashFraction: 0.5 });
    const s = r.events.filter((e) => e.kind === 'coinSale');
    near(s[0].coins as number, 50); near(s[1].coins as number, 50.6128730058, 1e-10);
    near(r.events.filter((e) => e.kind === 'buyback')[1].fromCashUsd as number, 5061287.300582, 1e-10);
  });
  it('v1 (no setting) funds buybacks coin for coin and keeps the $37M of cash', () => {
    const r = fgnx({});
    const s = r.events.filter((e) => e.kind === 'coinSale');
    expect(s[0].day).toBe(0);
    near(s[0].coins as number, 100);
    near(r.companies.FGX.cashUsd[7], 37e6, 1e-9);
    expect(r.events.some((e) => e.kind === 'buyback' && e.fromCashUsd !== undefined)).toBe(false);
  });
});

describe('bad capital input is refused before any run (file, field path, what was expected)', () => {
  const bad = (over: Json, policies: Json[] = [{ kind: 'hold' }]) =>
    scenarioFile({ companies: [companyFile('BAD', { ...over, policies })] });
  const refusal = (file: Json): ScenarioError => {
    try {
      resolveScenario(file, { file: 'cap.json' });
    } catch (e) {
      if (e instanceof ScenarioError) return e;
      throw e;
    }
    throw new Error('accepted');
  };
  it('an ATM cap above 100% of volume', () => {
    const e = refusal(bad({ atm: { shelfUsd: 1e8, maxAdvFraction: 1.5 } }));
    expect(e.message).toContain('cap.json');
    expect(e.issues.map((i) => i.path)).toEqual(['companies[0].atm.maxAdvFraction']);
    expect(e.issues[0].message).toMatch(/at most 1 \(100% of the stock's daily dollar volume\)/);
  });
  it('a negative reserve target', () => {
    const e = refusal(bad({ reserve: { targetMonths: -2 } }));
    expect(e.issues.map((i) => i.path)).toEqual(['companies[0].reserve.targetMonths']);
    expect(e.issues[0].message).toMatch(/0 or more months/);
  });
  it('accumulate without a programme; a reserve funded by a programme the company lacks; a reserve above cash', () => {
    expect(refusal(bad({}, [{ kind: 'accumulate' }])).issues.map((i) => i.path)).toEqual(['companies[0].policies[0]']);
    expect(refusal(bad({ reserve: { targetMonths: 3, fundWith: ['coins', 'preferred'] } })).issues.map((i) => i.path)).toEqual(['companies[0].reserve.fundWith[1]']);
    expect(refusal(bad({ cashUsd: 1e6, reserve: { targetMonths: 3, initialUsd: 2e6 } })).issues.map((i) => i.path)).toEqual(['companies[0].reserve.initialUsd']);
  });

  it('the CLI exits 2 naming the file and both fields, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dat-cap-'));
    try {
      writeFileSync(join(dir, 'cap.json'), JSON.stringify(bad({ atm: { shelfUsd: 1e8, maxAdvFraction: 2 }, reserve: { targetMonths: -1 } })));
      const p = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, [join(ROOT, 'bin/dat-sim.mjs'), 'run', 'cap.json', '--out', 'out.json'], { cwd: dir });
        let stdout = '', stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => done({ status, stdout, stderr }));
      });
      expect(p.status, p.stderr).toBe(2);
      expect(p.stderr).toContain('cap.json');
      expect(p.stderr).toContain('companies[0].atm.maxAdvFraction');
      expect(p.stderr).toContain('companies[0].reserve.targetMonths');
      expect(existsSync(join(dir, 'out.json'))).toBe(false);
      expect(readdirSync(dir)).toEqual(['cap.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});


describe('capital invariants on random stochastic paths (fast-check)', () => {
  // Random companies with every capital setting, on a noisy market with impact: the reserve is
  // part of cash, the ATM shelf only falls and accounts for every common issuance, each day's
  // issuance stays within its room, and the preference outstanding is proceeds / price.
  it('hold on 25 random scenarios', () => {
    fc.assert(
      fc.property(
        fc.record({
          mnav0: fc.double({ min: 0.6, max: 2.5, noNaN: true }),
          cashUsd: fc.double({ min: 0, max: 50e6, noNaN: true }),
          shelfUsd: fc.double({ min: 0, max: 300e6, noNaN: true }),
          maxAdvFraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
          prefShelf: fc.double({ min: 0, max: 200e6, noNaN: true }),
          price: fc.double({ min: 0.5, max: 1.2, noNaN: true }),
          prefPerDay: fc.constantFrom(0, 5e6),
          months: fc.double({ min: 0, max: 24, noNaN: true }),
          fundWith: fc.subarray(['cash', 'atm', 'preferred', 'coins'] as const, { minLength: 1 }),
          cashFraction: fc.double({ min: 0, max: 1, noNaN: true }),
          threshold: fc.double({ min: 0, max: 2, noNaN: true }),
          seed: fc.integer({ min: 0, max: 1e6 }),
        }),
        (g) => {
          const file = scenarioFile({
            horizonDays: 60, seed: String(g.seed),
            markets: { BTC: marketFile({ mu: -0.3, sigma: 0.6 }) },
            companies: [companyFile('CAP', {
              coins: 10_000, cashUsd: g.cashUsd, stockPrice0: (g.mnav0 * 1e9) / 100e6, buybackAuthorizationUsd: 50e6,
              debt: [{ kind: 'loan', id: 'ln', principalUsd: 200e6, rate: 0.08, maturityDate: '2028-01-01' },
                { kind: 'preferred', id: 'old', liquidationPreferenceUsd: 50e6, dividendRate: 0.1 }],
              atm: { shelfUsd: g.shelfUsd, maxAdvFraction: g.maxAdvFraction },
              preferredProgram: { id: 'new', shelfUsd: g.prefShelf, dividendRate: 0.09, pricePerPreference: g.price, maxUsdPerDay: g.prefPerDay },
              reserve: { targetMonths: g.months, fundWith: g.fundWith },
              buybackCashFraction: g.cashFraction,
              fundingOrder: ['cash', 'atm', 'coins'],
              policies: [{ kind: 'buybackBelowNav' }, { kind: 'accumulate', mnavThreshold: g.threshold }],
            })],
          });
          const r = run(file, { counterfactual: false });
          const c = r.companies.CAP, cap = c.capital!;
          for (let t = 0; t < r.dates.length; t++) {
            if (c.listingState[t] === 'delisted') break;
            expect(cap.reserveUsd[t]).toBeGreaterThanOrEqual(0);
            expect(cap.reserveUsd[t]).toBeLessThanOrEqual(Math.max(c.cashUsd[t], 0) + 1e-6);
            expect(cap.atmShelfLeftUsd[t]).toBeGreaterThanOrEqual(0);
            if (t > 0) expect(cap.atmShelfLeftUsd[t]).toBeLessThanOrEqual(cap.atmShelfLeftUsd[t - 1]);
            expect(close(g.shelfUsd - cap.atmShelfLeftUsd[t], cap.atmProceedsUsd[t], 1e-9, 1e-3)).toBe(true);
            expect(close(cap.preferredUsd[t], 50e6 + cap.preferredProceedsUsd[t] / g.price, 1e-9, 1e-3)).toBe(true);
            expect(cap.preferredProceedsUsd[t]).toBeLessThanOrEqual(g.prefShelf * (1 + 1e-12));
          }
          // Each day's common issuance within min(shelf, cap x ADV), ADV = 0.05 x S x N at the step-4
          // price, which the fill reveals: S = fill x e^{dpi/2}; checked as u <= cap x 0.05 x S x N_before.
          for (const e of r.events) {
            if (e.kind !== 'issuance') continue;
            const t = e.day, nBefore = t === 0 ? 100e6 : c.shares[t - 1];
            const u = e.usd as number, fill = e.price as number;
            const dpi = 0.7 * (1 / Math.sqrt(252)) * Math.sqrt(u / (0.05 * fill * nBefore)); // upper bound on dpi (fill < S)
            const sUpper = fill * Math.exp(dpi / 2);
            expect(u).toBeLessThanOrEqual(g.maxAdvFraction * 0.05 * sUpper * nBefore * (1 + 1e-9));
          }
        },
      ),
      { numRuns: 25, seed: 20261205 },
    );
  }, 20_000);
});
