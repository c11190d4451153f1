/**
 * Scenario-file builders shared by the engine tests (formulas, invariants,
 * determinism, errors). Every field the engine reads is written out, so a
 * test does not depend on presets that colleagues may recalibrate.
 */
import { resolveScenario } from '../../src/resolve.ts';
import { simulate, type SimResult, type SimulateOptions } from '../../src/simulate.ts';
import { checkExpression, compileExpression } from '../../sim/expr.ts';
import type { ResolvedScenario } from '../../sim/types.ts';

export type Json = Record<string, any>;

export function marketFile(over: Json = {}): Json {
  return {
    price0: 100_000, peakPrice: 100_000, mu: 0, sigma: 0.5, jumpsPerYear: 0, jumpMean: 0, jumpStd: 0,
    impactLaw: 'sqrt', impactVol: 0.5, impactY: 0.7, lambdaPerBillion: 0.034, dailyVolumeUsd: 20e9,
    minLiquidityFraction: 0.3, liquidityDrawdownSensitivity: 1, permanentFraction: 0.5, halfLifeDays: 5,
    leverage: { openInterestUsd: 0, meanLiquidationDistance: 0.2, targetOpenInterestUsd: 0, rebuildPerDay: 0.05 },
    etfFlow: { aumUsd: 0, phi: 0, chase: 0, flowVolUsd: 0 },
    scheduledFlows: [], scriptedPath: [],
    ...over,
  };
}

export const PREMIUM = {
  kappa: 2, premiumVol: 0.6, indexBeta: 1, drawdownSensitivity: 1, noticePenalty: 0.2, otcPenalty: 0.7,
  leveragePenalty: 1, leverageFree: 0.2, reverseSplitPenalty: 0.1, saleAnnouncementPenalty: 0.1,
};
export const STOCK = { impactY: 0.7, impactVol: 1, turnover: 0.05 };

export function companyFile(ticker: string, over: Json = {}): Json {
  const { premium, stock, ...rest } = over;
  return {
    ticker, name: `${ticker} Inc.`, coin: 'BTC', exchange: 'nasdaq-cm',
    coins: 10_000, costBasisUsd: 90_000, cashUsd: 0, otherAssetsUsd: 0, sharesOutstanding: 100e6, stockPrice0: 10,
    opexUsdPerYear: 0, buybackAuthorizationUsd: 0, saleSignalImpact: 0.002, quietDays: 30,
    premium: { ...PREMIUM, ...(premium ?? {}) },
    stock: { ...STOCK, ...(stock ?? {}) },
    debt: [], fundingOrder: ['cash', 'coins'], policies: [{ kind: 'hold' }],
    ...rest,
  };
}

export function scenarioFile(over: Json = {}): Json {
  return {
    schemaVersion: 1, id: 'test', name: 'test scenario', startDate: '2025-11-03', horizonDays: 60, seed: '1',
    holidays: [],
    markets: { BTC: marketFile() },
    equityIndex: { name: 'idx', mu: 0.08, sigma: 0.2 },
    companies: [],
    ...over,
  };
}

export function resolve(file: Json): ResolvedScenario {
  return resolveScenario(file, { checkExpression });
}

/** Resolve and simulate with the mathjs rule compiler. */
export function run(file: Json, options: SimulateOptions = {}): SimResult {
  return simulate(resolve(file), { compileRule: compileExpression, ...options });
}

/** |a - b| <= rel * max(|a|, |b|) + abs. */
export function close(a: number, b: number, rel = 1e-9, abs = 0): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}
