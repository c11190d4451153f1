/**
 * docs/model.md §10: invariants that hold on every path, checked on
 * scenario variations generated with fast-check (coins, debt, policies,
 * flows, leverage, seeds). Runs are stochastic unless a test says otherwise.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PathRun, prepareModel } from '../sim/engine.ts';
import { compileExpression } from '../sim/expr.ts';
import type { SimResult } from '../src/simulate.ts';
import type { SimEvent } from '../sim/events.ts';
import { close, companyFile, marketFile, resolve, run, scenarioFile, type Json } from './reference/scenarios.ts';

const START = '2025-11-03';
const RUNS = 60;

// ---------------------------------------------------------------------------
// Generators

const arbMarket = (opts: { leverage: boolean; chase: boolean }) =>
  fc.record({
    mu: fc.double({ min: -1.5, max: 0.5, noNaN: true }),
    sigma: fc.double({ min: 0.2, max: 1, noNaN: true }),
    jumpsPerYear: fc.constantFrom(0, 6),
    impactLaw: fc.constantFrom('sqrt', 'linear'),
    lambdaPerBillion: fc.double({ min: 0.005, max: 0.06, noNaN: true }),
    dailyVolumeUsd: fc.double({ min: 5e9, max: 40e9, noNaN: true }),
    peakPrice: fc.double({ min: 100_000, max: 130_000, noNaN: true }),
    oi: opts.leverage ? fc.double({ min: 0, max: 8e9, noNaN: true }) : fc.constant(0),
    chase: opts.chase ? fc.constantFrom(0, 0.05) : fc.constant(0),
    flowVolUsd: fc.constantFrom(0, 2e8),
    flow: fc.record({ day: fc.integer({ min: 0, max: 40 }), days: fc.integer({ min: 1, max: 5 }), usd: fc.double({ min: -1e9, max: 2e9, noNaN: true }) }),
  }).map((m) => marketFile({
    mu: m.mu, sigma: m.sigma, impactVol: m.sigma, jumpsPerYear: m.jumpsPerYear, jumpMean: -0.05, jumpStd: 0.05,
    impactLaw: m.impactLaw, lambdaPerBillion: m.lambdaPerBillion, dailyVolumeUsd: m.dailyVolumeUsd, peakPrice: m.peakPrice,
    leverage: { openInterestUsd: m.oi, meanLiquidationDistance: 0.12, targetOpenInterestUsd: m.oi, rebuildPerDay: 0.05 },
    etfFlow: { aumUsd: m.chase > 0 ? 50e9 : 0, phi: 0.5, chase: m.chase, flowVolUsd: m.flowVolUsd },
    scheduledFlows: [{ startDate: addDays(START, m.flow.day), days: m.flow.days, usdPerDay: m.flow.usd }],
  }));

const arbPolicy = fc.oneof(
  fc.constant({ kind: 'hold' }),
  fc.record({ kind: fc.constant('deleverage'), trigger: fc.double({ min: 0.2, max: 0.7, noNaN: true }), repayFraction: fc.double({ min: 0.1, max: 0.6, noNaN: true }) }),
  fc.record({ kind: fc.constant('stopLoss'), maxLoss: fc.double({ min: 0, max: 0.4, noNaN: true }), fractionPerDay: fc.double({ min: 0.01, max: 0.3, noNaN: true }) }),
  fc.record({ kind: fc.constant('buybackBelowNav'), navDiscountThreshold: fc.double({ min: 0.5, max: 1.5, noNaN: true }), maxAdvFraction: fc.double({ min: 0.05, max: 0.5, noNaN: true }), maxPriceUsd: fc.constantFrom(0, 5) }),
  fc.record({ kind: fc.constant('defendListing'), maxAdvFraction: fc.constant(0.25), reverseSplitRatio: fc.constantFrom(10, 20), reverseSplitDaysLeft: fc.constant(30) }),
  fc.record({ kind: fc.constant('issueAboveNav'), mnavThreshold: fc.double({ min: 1, max: 2, noNaN: true }), maxAdvFraction: fc.constant(0.1) }),
);

function arbCompany(ticker: string, opts: { buys: boolean }) {
  const policy = opts.buys ? arbPolicy : arbPolicy.filter((p) => p.kind !== 'issueAboveNav');
  return fc.record({
    coins: fc.double({ min: 100, max: 50_000, noNaN: true }),
    costBasisUsd: fc.double({ min: 50_000, max: 130_000, noNaN: true }),
    cashUsd: fc.double({ min: 0, max: 100e6, noNaN: true }),
    mnav0: fc.double({ min: 0.2, max: 2.5, noNaN: true }),
    sharesOutstanding: fc.double({ min: 5e6, max: 500e6, noNaN: true }),
    opexUsdPerYear: fc.double({ min: 0, max: 80e6, noNaN: true }),
    debtShare: fc.double({ min: 0, max: 0.9, noNaN: true }),
    pledged: fc.constantFrom(0, 0.6, 0.8, 1),
    covenant: fc.constantFrom(0, 0.55, 0.65, 0.8),
    liquidation: fc.constantFrom(0, 0.75, 0.9),
    kind: fc.constantFrom('convertible', 'loan'),
    maturityDay: fc.integer({ min: 5, max: 200 }),
    putDay: fc.option(fc.integer({ min: 1, max: 100 })),
    convPriceRel: fc.double({ min: 0.3, max: 3, noNaN: true }),
    preferred: fc.boolean(),
    authorization: fc.constantFrom(0, 20e6, 1e9),
    fundingOrder: fc.constantFrom(['cash', 'atm', 'coins'], ['cash', 'coins'], ['cash', 'coins', 'atm']),
    policies: fc.array(policy, { minLength: 1, maxLength: 3 }),
  }).map((c) => {
    const coinValue = c.coins * 100_000;
    const stockPrice0 = (c.mnav0 * coinValue) / c.sharesOutstanding;
    const debt: Json[] = [];
    if (c.debtShare > 0.05) {
      const principalUsd = c.debtShare * coinValue;
      const collateral = {
        collateralCoins: c.pledged * c.coins,
        covenantLtv: c.covenant,
        liquidationLtv: c.liquidation && c.covenant ? Math.max(c.liquidation, c.covenant) : c.liquidation,
        targetLtv: c.covenant ? c.covenant - 0.2 : 0.3,
      };
      const maturityDate = addDays(START, c.maturityDay);
      debt.push(c.kind === 'convertible'
        ? { kind: 'convertible', id: 'cv', principalUsd, couponRate: 0.03, maturityDate, conversionPrice: stockPrice0 * c.convPriceRel, putDate: c.putDay === null ? null : addDays(START, c.putDay), ...collateral }
        : { kind: 'loan', id: 'ln', principalUsd, rate: 0.08, maturityDate, ...collateral });
    }
    if (c.preferred) debt.push({ kind: 'preferred', id: 'pf', liquidationPreferenceUsd: 0.1 * coinValue, dividendRate: 0.1 });
    return companyFile(ticker, {
      coins: c.coins, costBasisUsd: c.costBasisUsd, cashUsd: c.cashUsd, sharesOutstanding: c.sharesOutstanding, stockPrice0,
      opexUsdPerYear: c.opexUsdPerYear, buybackAuthorizationUsd: c.authorization, fundingOrder: c.fundingOrder, debt, policies: c.policies,
    });
  });
}

const arbScenario = (opts: { leverage: boolean; chase: boolean; buys: boolean }) =>
  fc.record({
    market: arbMarket(opts),
    companies: fc.oneof(fc.tuple(arbCompany('AAA', opts)), fc.tuple(arbCompany('AAA', opts), arbCompany('BBB', opts))),
    days: fc.integer({ min: 30, max: 120 }),
    seed: fc.string({ minLength: 1, maxLength: 6 }),
  }).map((s) => ({
    file: scenarioFile({ horizonDays: s.days, markets: { BTC: s.market }, companies: s.companies, seed: s.seed }),
    seed: s.seed,
  }));

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// Reconciliation of the balance sheet with the event log

/** Lines describing every day where a company's series and its event log disagree. */
function reconcile(file: Json, r: SimResult): string[] {
  const out: string[] = [];
  const byDay = new Map<string, SimEvent[]>();
  for (const e of r.events) {
    const k = `${e.company}|${e.day}`;
    if (!byDay.has(k)) byDay.set(k, []);
    byDay.get(k)!.push(e);
  }
  for (const cf of file.companies as Json[]) {
    const s = r.companies[cf.ticker];
    const principal = new Map<string, { usd: number; rate: number; preferred: boolean }>();
    for (const d of cf.debt as Json[]) {
      principal.set(d.id, d.kind === 'preferred'
        ? { usd: d.liquidationPreferenceUsd, rate: d.dividendRate, preferred: true }
        : { usd: d.principalUsd, rate: d.kind === 'loan' ? d.rate : d.couponRate, preferred: false });
    }
    let coins = cf.coins, cash = cf.cashUsd, shares = cf.sharesOutstanding, insolvent = false;
    for (let t = 0; t < r.dates.length; t++) {
      const ev = byDay.get(`${cf.ticker}|${t}`) ?? [];
      if (!insolvent) {
        cash -= cf.opexUsdPerYear / 365;
        for (const p of principal.values()) cash -= (p.usd * p.rate) / 365;
      }
      let split = 1;
      // One stock impact per day for all buybacks and one for all issuance (docs/model.md §11 "Policies").
      if (ev.filter((e) => e.kind === 'buyback').length > 1) out.push(`${cf.ticker} day ${t}: several buyback trades`);
      if (ev.filter((e) => e.kind === 'issuance').length > 1) out.push(`${cf.ticker} day ${t}: several issuance trades`);
      for (const e of ev) {
        const n = (k: string) => e[k] as number;
        switch (e.kind) {
          case 'coinSale':
            if (!close(n('usd'), n('coins') * n('price'), 1e-12)) out.push(`${cf.ticker} day ${t}: sale proceeds ${n('usd')} != coins x price`);
            if (n('price') !== r.markets.BTC.executionPrice[t]) out.push(`${cf.ticker} day ${t}: sale at ${n('price')}, execution price ${r.markets.BTC.executionPrice[t]}`);
            coins -= n('coins'); cash += n('usd'); break;
          case 'coinPurchase':
            if (n('price') !== r.markets.BTC.executionPrice[t]) out.push(`${cf.ticker} day ${t}: purchase not at the execution price`);
            coins += n('coins'); cash -= n('usd'); break;
          case 'repayment': principal.get(e.instrument as string)!.usd -= n('usd'); cash -= n('usd'); break;
          case 'conversion': principal.get(e.instrument as string)!.usd -= n('principalUsd'); shares += n('shares'); break;
          case 'buyback': cash -= n('usd'); shares -= n('shares'); break;
          case 'issuance': cash += n('usd'); shares += n('shares'); break;
          case 'reverseSplit': split = n('ratio'); break;
          case 'insolvent': insolvent = true; break;
        }
      }
      shares /= split;
      let debt = 0;
      for (const p of principal.values()) {
        if (p.usd < 1e-6) p.usd = 0;
        if (!p.preferred) debt += p.usd;
      }
      const scale = cf.coins * 100_000;
      if (!close(s.coins[t], coins, 1e-9, 1e-9)) out.push(`${cf.ticker} day ${t}: coins ${s.coins[t]}, events give ${coins}`);
      if (!close(s.cashUsd[t], cash, 1e-9, 1e-9 * scale)) out.push(`${cf.ticker} day ${t}: cash ${s.cashUsd[t]}, events give ${cash}`);
      if (!close(s.debtUsd[t], debt, 1e-9, 1e-9 * scale)) out.push(`${cf.ticker} day ${t}: debt ${s.debtUsd[t]}, events give ${debt}`);
      if (!close(s.shares[t], shares, 1e-9)) out.push(`${cf.ticker} day ${t}: shares ${s.shares[t]}, events give ${shares}`);
      coins = s.coins[t]; cash = s.cashUsd[t]; shares = s.shares[t]; // no drift of rounding from day to day
      if (out.length > 5) return out;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------

describe('the generated scenarios', () => {
  it('exercise every kind of trade and obligation (so the properties below are not vacuous)', () => {
    // Same fast-check seed as the reconciliation property below, so these are the scenarios it checks.
    const seen = new Set<string>();
    for (const { file } of fc.sample(arbScenario({ leverage: true, chase: true, buys: true }), { numRuns: RUNS, seed: 20251121 })) {
      for (const e of run(file, { counterfactual: false }).events) seen.add(e.kind === 'coinSale' ? `coinSale/${e.reason}` : e.kind);
    }
    for (const k of ['coinSale/funding', 'coinSale/deleverage', 'coinSale/stopLoss', 'coinSale/buyback', 'coinSale/covenant', 'coinSale/lenderLiquidation',
      'repayment', 'buyback', 'issuance', 'coinPurchase', 'marginCall', 'collateralLiquidation', 'conversion', 'notice']) {
      expect(seen, k).toContain(k);
    }
  });
});

describe('balance sheet (docs/model.md §10)', () => {
  it('coins and shares never go negative; cash, coins, debt and shares reconcile with the event log every day', () => {
    fc.assert(
      fc.property(arbScenario({ leverage: true, chase: true, buys: true }), ({ file }) => {
        const r = run(file, { counterfactual: false });
        for (const [tk, c] of Object.entries(r.companies)) {
          for (let t = 0; t < r.dates.length; t++) {
            expect(c.coins[t], `${tk} coins day ${t}`).toBeGreaterThanOrEqual(0);
            expect(c.shares[t], `${tk} shares day ${t}`).toBeGreaterThan(0);
            expect(Number.isFinite(c.cashUsd[t]), `${tk} cash day ${t}`).toBe(true);
          }
        }
        for (const e of r.events) if (e.kind === 'coinSale' || e.kind === 'coinPurchase') expect(e.coins as number).toBeGreaterThan(0);
        expect(reconcile(file, r)).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20251121 },
    );
  });

  it('a company cannot sell more coins than it holds, nor pledged coins for buybacks or stop-losses', () => {
    fc.assert(
      fc.property(arbScenario({ leverage: true, chase: true, buys: false }), ({ file }) => {
        const r = run(file, { counterfactual: false });
        for (const cf of file.companies as Json[]) {
          const c = r.companies[cf.ticker];
          const pledged0 = (cf.debt as Json[]).reduce((s, d) => s + (d.collateralCoins ?? 0), 0);
          for (const e of r.events) {
            if (e.company !== cf.ticker || e.kind !== 'coinSale') continue;
            const before = e.day === 0 ? cf.coins : c.coins[e.day - 1];
            expect(e.coins as number).toBeLessThanOrEqual(before * (1 + 1e-12));
            // Voluntary sales never eat into the starting pledge while nothing was repaid.
            if ((e.reason === 'buyback' || e.reason === 'stopLoss') && !r.events.some((x) => x.company === cf.ticker && x.day <= e.day && (x.kind === 'repayment' || x.kind === 'marginCall' || x.kind === 'collateralLiquidation' || x.kind === 'conversion'))) {
              expect(c.coins[e.day]).toBeGreaterThanOrEqual(pledged0 * (1 - 1e-12));
            }
          }
        }
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });
});

describe('counterfactual (docs/model.md §9, 10)', () => {
  it('with every company on hold and no obligations the coin path equals the counterfactual exactly', () => {
    const arbHolder = (tk: string) => fc.record({
      coins: fc.double({ min: 1, max: 600_000, noNaN: true }),
      cashUsd: fc.double({ min: 0, max: 1e9, noNaN: true }),
      mnav0: fc.double({ min: 0.1, max: 3, noNaN: true }),
    }).map((c) => companyFile(tk, { coins: c.coins, cashUsd: c.cashUsd, stockPrice0: (c.mnav0 * c.coins * 100_000) / 100e6, policies: [{ kind: 'hold' }] }));
    fc.assert(
      fc.property(arbMarket({ leverage: true, chase: true }), fc.array(arbHolder('H'), { minLength: 1, maxLength: 3 }), fc.string({ minLength: 1 }), (market, cos, seed) => {
        const companies = cos.map((c, i) => ({ ...c, ticker: `H${i}` }));
        const r = run(scenarioFile({ horizonDays: 90, markets: { BTC: market }, companies }), { seed });
        const cf = r.counterfactual!.markets.BTC.price;
        expect(r.markets.BTC.price.every((p, t) => p === cf[t])).toBe(true);
        expect(r.summary.markets.BTC.selfInflictedDrawdown).toBe(0);
        expect(r.events.filter((e) => e.kind !== 'notice' && e.kind !== 'secondPeriod' && e.kind !== 'regained' && e.kind !== 'determination' && e.kind !== 'delisted')).toEqual([]);
      }),
      { numRuns: RUNS, seed: 11 },
    );
  });
});

describe('more selling never raises a close (docs/model.md §10)', () => {
  it('on the same day, from the same state (PathRun.copyFrom, extra company sale through a rule)', () => {
    fc.assert(
      fc.property(arbScenario({ leverage: true, chase: true, buys: true }), fc.integer({ min: 0, max: 29 }), fc.double({ min: 1e-3, max: 0.2, noNaN: true }), ({ file, seed }, day, frac) => {
        // Model B = model A plus a rule that sells `frac` of the free coins on day `day` (a business day or not:
        // rules run on business days, so a weekend day simply adds nothing).
        const extra = { kind: 'rules', rules: [{ when: `day == ${day}`, action: 'sellCoins', amount: `${frac} * coins` }] };
        const fileB = { ...file, companies: (file.companies as Json[]).map((c, i) => (i === 0 ? { ...c, policies: [...c.policies, extra] } : c)) };
        const a = prepareModel(resolve(file), {});
        const b = prepareModel(resolve(fileB), { compileRule: compileExpression });
        const runA = new PathRun(a, seed, 0), runB = new PathRun(b, seed, 0);
        for (let t = 0; t < day; t++) runA.step();
        runB.copyFrom(runA);
        runA.drawDay();
        runB.draws.set(runA.draws);
        runA.advance(0);
        runB.advance(0);
        const ca = runA.marketDay(0).close, cb = runB.marketDay(0).close;
        expect(cb).toBeLessThanOrEqual(ca * (1 + 1e-12));
        expect(runB.marketDay(0).companyFlowUsd).toBeGreaterThanOrEqual(runA.marketDay(0).companyFlowUsd);
      }),
      { numRuns: RUNS, seed: 3 },
    );
  });

  it('on the same day, a larger scheduled sale (two scenarios differing only in its size)', () => {
    fc.assert(
      fc.property(arbScenario({ leverage: true, chase: true, buys: true }), fc.integer({ min: 0, max: 29 }), fc.double({ min: 1e6, max: 3e9, noNaN: true }), ({ file, seed }, day, extraUsd) => {
        const m = file.markets.BTC;
        const fileB = { ...file, markets: { BTC: { ...m, scheduledFlows: [...m.scheduledFlows, { startDate: addDays(START, day), days: 1, usdPerDay: extraUsd }] } } };
        const ra = run(file, { seed, counterfactual: false, days: day + 1 }), rb = run(fileB, { seed, counterfactual: false, days: day + 1 });
        for (let t = 0; t < day; t++) expect(rb.markets.BTC.price[t]).toBe(ra.markets.BTC.price[t]);
        expect(rb.markets.BTC.price[day]).toBeLessThan(ra.markets.BTC.price[day]);
      }),
      { numRuns: RUNS, seed: 5 },
    );
  });

  it('over a whole path, with leverage and ETF chasing off', () => {
    fc.assert(
      fc.property(arbScenario({ leverage: false, chase: false, buys: false }), fc.integer({ min: 0, max: 29 }), fc.double({ min: 1e7, max: 3e9, noNaN: true }), ({ file, seed }, day, extraUsd) => {
        const m = file.markets.BTC;
        const fileB = { ...file, markets: { BTC: { ...m, scheduledFlows: [...m.scheduledFlows, { startDate: addDays(START, day), days: 1, usdPerDay: extraUsd }] } } };
        const pa = run(file, { seed, counterfactual: false }).markets.BTC.price;
        const pb = run(fileB, { seed, counterfactual: false }).markets.BTC.price;
        const raised = pb.map((p, t) => [t, p / pa[t] - 1]).filter(([, d]) => d > 1e-12);
        expect(raised).toEqual([]);
      }),
      { numRuns: RUNS, seed: 9 },
    );
  });
});

describe('buybacks and NAV per share (docs/model.md §10)', () => {
  // A company without debt (E = A) in a market that cannot move (impactY 0, no drift, no signal),
  // deterministic: E/N changes only through buybacks. Below E/N a buyback raises it, above lowers it.
  it('a buyback below equity NAV raises NAV per share and one above lowers it', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 1.8, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 200e6, noNaN: true }), fc.boolean(),
        (mnav0, advFrac, cashUsd, viaRule) => {
          const navPerShare0 = (10_000 * 100_000 + cashUsd) / 100e6;
          const policy = viaRule
            ? { kind: 'rules', rules: [{ when: 'true', action: 'buyback', amount: `${advFrac} * advUsd` }] }
            : { kind: 'buybackBelowNav', navDiscountThreshold: 2, maxAdvFraction: advFrac, maxPriceUsd: 0 };
          const r = run(scenarioFile({
            horizonDays: 20, markets: { BTC: marketFile({ impactY: 0 }) },
            companies: [companyFile('BB', { coins: 10_000, cashUsd, stockPrice0: mnav0 * navPerShare0, buybackAuthorizationUsd: 1e12, saleSignalImpact: 0, policies: [policy] })],
          }), { deterministic: true, counterfactual: false });
          const nav = r.companies.BB.navPerShare;
          const buys = r.events.filter((e) => e.kind === 'buyback');
          expect(buys.length).toBeGreaterThan(0);
          for (const b of buys) {
            const before = b.day === 0 ? navPerShare0 : nav[b.day - 1];
            const fill = b.price as number;
            if (fill < before * (1 - 1e-9)) expect(nav[b.day]).toBeGreaterThan(before);
            else if (fill > before * (1 + 1e-9)) expect(nav[b.day]).toBeLessThan(before);
          }
        },
      ),
      { numRuns: RUNS, seed: 13 },
    );
  });
});
