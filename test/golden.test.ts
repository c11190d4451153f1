/**
 * Golden snapshots of every saved scenario (scenarios/*.json, the JSON Schema
 * excepted): path 0 of seed "1" over 120 days, every number rounded to 6
 * significant digits, in test/__snapshots__/golden/<id>.json. A new scenario
 * file is covered as soon as it is saved. After an intended change of the
 * engine or of a scenario, review the diff and regenerate with
 *   npx vitest run --project unit test/golden.test.ts -u
 *
 * Plus the product checks of the saved scenarios (what each one is for).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/node/files.ts';
import { simulate, type SimResult } from '../src/simulate.ts';
import { compileExpression } from '../sim/expr.ts';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const DAYS = 120;

const results = new Map<string, SimResult>();
function result(file: string): SimResult {
  if (!results.has(file)) results.set(file, simulate(loadScenarioFile(join(DIR, file)), { seed: '1', days: DAYS, compileRule: compileExpression }));
  return results.get(file)!;
}

/** 6 significant digits; non-finite numbers as strings (JSON has none). */
function round(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? (v === 0 ? 0 : Number(v.toPrecision(6))) : String(v);
  if (Array.isArray(v)) return v.map(round);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
  return v;
}

/** JSON with arrays of plain values on one line (one series per line keeps diffs readable). */
function format(v: unknown, indent = ''): string {
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return JSON.stringify(v);
  const inner = indent + '  ';
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => inner + format(x, inner)).join(',\n')}\n${indent}]` : '[]';
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (!entries.length) return '{}';
    if (entries.every(([, x]) => x === null || typeof x !== 'object')) return JSON.stringify(v);
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

describe('golden snapshots of the saved scenarios (seed "1", 120 days)', () => {
  it('there are saved scenarios', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  it.each(FILES)('%s', async (file) => {
    const r = result(file);
    await expect(format(round(r)) + '\n').toMatchFileSnapshot(`__snapshots__/golden/${r.scenario.id}.json`);
  });
});

const has = (id: string) => FILES.includes(`${id}.json`);

describe('product checks of the saved scenarios', () => {
  it.runIf(has('sqns'))('sqns: a BTC sale for deleverage within 30 days, near debt/NAV 0.55, then a repayment (55% -> ~39%)', () => {
    const r = result('sqns.json');
    const sale = r.events.find((e) => e.company === 'SQNS' && e.kind === 'coinSale' && e.reason === 'deleverage');
    expect(sale, 'no deleverage sale').toBeDefined();
    const t = sale!.day;
    expect(t).toBeLessThan(30);
    expect(r.companies.SQNS.coin).toBe('BTC');
    // The trigger ratio on that day: (convertible + loan principal) / (coins x P_pre), before the day's trades.
    const debtBefore = t === 0 ? 189e6 : r.companies.SQNS.debtUsd[t - 1];
    const coinsBefore = t === 0 ? 3234 : r.companies.SQNS.coins[t - 1];
    const ratio = debtBefore / (coinsBefore * r.markets.BTC.preTradePrice[t]);
    expect(ratio).toBeGreaterThan(0.55);
    expect(ratio).toBeLessThan(0.6);
    const rep = r.events.find((e) => e.company === 'SQNS' && e.kind === 'repayment' && e.day >= t);
    expect(rep, 'no repayment after the sale').toBeDefined();
    expect(rep!.usd as number).toBeCloseTo(189e6 / 2, -3);
    const after = r.companies.SQNS.debtUsd[t] / (r.companies.SQNS.coins[t] * r.markets.BTC.price[t]);
    expect(after).toBeGreaterThan(0.34);
    expect(after).toBeLessThan(0.44);
  });

  it.runIf(has('fgnx'))('fgnx: ETH sold to buy back stock', () => {
    const r = result('fgnx.json');
    const sales = r.events.filter((e) => e.company === 'FGNX' && e.kind === 'coinSale' && e.reason === 'buyback');
    expect(sales.length).toBeGreaterThan(0);
    expect(r.companies.FGNX.coin).toBe('ETH');
    expect(r.events.some((e) => e.company === 'FGNX' && e.kind === 'buyback')).toBe(true);
  });

  it.runIf(has('bmnr'))('bmnr: holds (no coin sale) and shows a negative unrealized P&L', () => {
    const r = result('bmnr.json');
    expect(r.events.filter((e) => e.kind === 'coinSale')).toEqual([]);
    expect(r.summary.companies.BMNR.unrealizedPnlUsd).toBeLessThan(0);
    expect(r.summary.companies.BMNR.coinsSold).toBe(0);
  });

  it.runIf(has('contagion'))('contagion: several treasuries share the coin markets and the counterfactual differs', () => {
    const r = result('contagion.json');
    expect(Object.keys(r.companies).length).toBeGreaterThan(1);
    expect(r.counterfactual).not.toBeNull();
    expect(r.markets.BTC.price).not.toEqual(r.counterfactual!.markets.BTC.price);
  });
});
