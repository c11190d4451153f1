/**
 * Bounded inputs, finite outputs (issue: package, item 4). From the saved
 * scenarios, 2,400 mutated ones (fixed seed): one to three numeric fields set
 * to extreme, tiny, negative, fractional or huge values, or a scheduled flow
 * or rule added with such numbers. Each must either be refused by
 * loadScenario (what `validate` and `run` both call) with every issue naming
 * a field path, or run (60 days, with its counterfactual) to finite, positive
 * coin prices, finite non-negative stock prices, holdings and share counts.
 * A run may also stop with a ModelError naming the day and series (the
 * engine's last guard); the test counts those and holds them rare.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate, ScenarioError } from '../src/index.ts';
import { ModelError } from '../sim/engine.ts';

const DIR = join(import.meta.dirname, '..', 'scenarios');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const BASES = FILES.map((f) => ({ file: f, json: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Record<string, unknown> }));
const CASES = 2_400;

const NASTY = [0, -0, -1, 1, 0.5, 2, 1e-300, 5e-324, -1e-300, 1e308, -1e308, 1e15, -1e15, 1e9, 1e12, 1e13, 36_501, 1e6, 3.7, -3.7, 0.999999, 1.000001, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER];

/** Every numeric leaf of a JSON value, as [parent, key] pairs. */
function numericLeaves(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => (typeof x === 'number' ? out.push([v, i]) : numericLeaves(x, out)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) typeof x === 'number' ? out.push([v as Record<string, unknown>, k]) : numericLeaves(x, out);
  return out;
}

function mutate(rng: () => number): { name: string; json: Record<string, unknown> } {
  const base = BASES[Math.floor(rng() * BASES.length)];
  const json = structuredClone(base.json);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rng() * a.length)];
  const value = () => (rng() < 0.7 ? pick(NASTY) : (rng() < 0.5 ? -1 : 1) * 10 ** (rng() * 40 - 20));
  const edits: string[] = [];
  const n = 1 + Math.floor(rng() * 3);
  for (let e = 0; e < n; e++) {
    const r = rng();
    const markets = json.markets as Record<string, Record<string, unknown>>;
    if (r < 0.12) {
      const coin = pick(Object.keys(markets));
      const flows = ((markets[coin].scheduledFlows as unknown[]) ??= []);
      flows.push({ startDate: json.startDate, days: Math.abs(Math.round(value())) || 1, usdPerDay: value() });
      edits.push(`markets.${coin}.scheduledFlows+`);
    } else if (r < 0.18 && (json.companies as unknown[]).length) {
      const co = pick(json.companies as Record<string, unknown>[]);
      co.policies = [{ kind: 'rules', rules: [{ when: 'true', action: pick(['sellCoins', 'buyCoins', 'buyback', 'issue', 'repayDebt', 'reverseSplit']), amount: String(value()) }] }];
      edits.push(`${co.ticker}.rules`);
    } else {
      const leaves = numericLeaves(json);
      const [parent, key] = pick(leaves);
      (parent as Record<string, unknown>)[key as string] = value();
      edits.push(String(key));
    }
  }
  return { name: `${base.file}[${edits.join(',')}]`, json };
}

describe('fuzzed scenarios: refused with a field path, or finite', () => {
  it(`${CASES} mutations of the saved scenarios`, () => {
    const rng = seedrandom.alea('fuzz-bounds-1');
    let refused = 0, ran = 0;
    const stopped: string[] = [];
    for (let c = 0; c < CASES; c++) {
      const { name, json } = mutate(() => rng.double());
      let sc;
      try {
        sc = loadScenario(json);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw new Error(`${name}: refused without a ScenarioError: ${(e as Error).stack}`);
        for (const i of e.issues) expect(i.path, `${name}: ${i.message}`).toMatch(/^[A-Za-z$]/);
        refused++;
        continue;
      }
      let r;
      try {
        r = simulate(sc, { seed: `f${c}`, days: 60 });
      } catch (e) {
        if (!(e instanceof ModelError)) throw new Error(`${name}: run failed without a ModelError: ${(e as Error).stack}`);
        expect(e.message, name).toMatch(/^(markets|companies)\.[A-Z0-9.]+\.\w+: on day \d+ \(\d{4}-\d\d-\d\d\)/);
        stopped.push(`${name}: ${e.message.slice(0, 80)}`);
        continue;
      }
      ran++;
      for (const [coin, m] of Object.entries(r.markets)) {
        for (const p of m.price) if (!(p > 0 && p < Infinity)) throw new Error(`${name}: ${coin} price ${p}`);
      }
      for (const m of Object.values(r.counterfactual?.markets ?? {})) for (const p of m.price) if (!(p > 0 && p < Infinity)) throw new Error(`${name}: counterfactual price ${p}`);
      for (const [t, co] of Object.entries(r.companies)) {
        for (let d = 0; d < co.stockPrice.length; d++) {
          const s = co.stockPrice[d], h = co.coins[d], n = co.shares[d];
          if (!(s >= 0 && s < Infinity) || !(h >= 0 && h < Infinity) || !(n > 0 && n < Infinity)) throw new Error(`${name}: ${t} day ${d}: stock ${s}, coins ${h}, shares ${n}`);
        }
      }
    }
    // Both outcomes are exercised, and the engine's last-resort stop stays rare (a handful of rule amounts like 1e308).
    expect(refused).toBeGreaterThan(CASES * 0.2);
    expect(ran).toBeGreaterThan(CASES * 0.2);
    expect(stopped.length, stopped.join("\n")).toBeLessThan(CASES * 0.05);
    console.log(`fuzz: ${refused} refused with a field path, ${ran} ran finite, ${stopped.length} stopped by the engine naming day and series`);
  }, 120_000);
});
