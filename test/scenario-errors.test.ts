/**
 * Bad scenario files are refused with a ScenarioError whose message names the
 * field path (STYLE.md "Every bad input gets a message that names the file,
 * the field path and what was expected"), by the library and by the CLI.
 * The bad files are a valid scenario with one field corrupted (fast-check).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScenarioError } from '../src/resolve.ts';
import { companyFile, marketFile, resolve, run, scenarioFile, type Json } from './reference/scenarios.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function valid(): Json {
  return scenarioFile({
    horizonDays: 30,
    holidays: ['2025-12-25'],
    markets: {
      BTC: marketFile({ scriptedPath: [{ date: '2025-11-02', price: 100_000 }, { date: '2025-11-20', price: 90_000 }], scheduledFlows: [{ startDate: '2025-11-04', days: 2, usdPerDay: 5e8, label: 'ETF' }] }),
      ETH: marketFile({ price0: 3000, peakPrice: 4000, dailyVolumeUsd: 10e9 }),
    },
    correlations: { 'BTC/ETH': 0.8, 'BTC/INDEX': 0.5, 'ETH/INDEX': 0.4 },
    companies: [
      companyFile('AAA', {
        coins: 3000, stockPrice0: 5, cashUsd: 10e6,
        debt: [{ kind: 'convertible', id: 'cv', principalUsd: 100e6, couponRate: 0.02, maturityDate: '2027-06-30', conversionPrice: 20, putDate: null, collateralCoins: 1000, covenantLtv: 0.8, liquidationLtv: 0.9, targetLtv: 0.5 }],
        policies: [{ kind: 'deleverage', trigger: 0.5, repayFraction: 0.5 }, { kind: 'rules', rules: [{ when: 'mnav < 0.8', action: 'sellCoins', amount: 'min(0.02 * coins, 50)' }] }],
      }),
      companyFile('EEE', { coin: 'ETH', exchange: 'nyse', coins: 20_000, stockPrice0: 3 }),
    ],
  });
}

type Obj = Record<string, unknown>;
/** The object at a dotted/bracketed path ("companies[0].debt[0]"), '' = root. */
function at(root: Json, path: string): Obj {
  let o: unknown = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) o = (o as Obj)[part];
  return o as Obj;
}
function set(root: Json, path: string, value: unknown): void {
  const i = path.lastIndexOf('.') > path.lastIndexOf('[') ? path.lastIndexOf('.') : path.lastIndexOf('[');
  const parent = i < 0 ? '' : path.slice(0, i);
  const key = path.slice(i + 1).replace(']', '');
  at(root, parent)[key] = value;
}

interface Corruption { label: string; path: string; value?: unknown; apply?: (s: Json) => void; key?: string }

const NUMERIC_FIELDS = [
  'horizonDays', 'markets.BTC.price0', 'markets.BTC.sigma', 'markets.BTC.dailyVolumeUsd', 'markets.BTC.halfLifeDays', 'markets.ETH.impactY',
  'markets.BTC.leverage.openInterestUsd', 'markets.BTC.etfFlow.phi', 'markets.BTC.scheduledFlows[0].usdPerDay', 'markets.BTC.scriptedPath[1].price',
  'equityIndex.sigma', 'correlations.BTC/ETH', 'companies[0].coins', 'companies[0].costBasisUsd', 'companies[1].sharesOutstanding', 'companies[0].stockPrice0',
  'companies[0].premium.kappa', 'companies[1].stock.turnover', 'companies[0].debt[0].principalUsd', 'companies[0].debt[0].conversionPrice',
  'companies[0].policies[0].trigger', 'companies[0].opexUsdPerYear',
];
const POSITIVE_FIELDS = [
  'markets.BTC.price0', 'markets.ETH.dailyVolumeUsd', 'markets.BTC.halfLifeDays', 'markets.BTC.peakPrice', 'markets.BTC.scriptedPath[0].price',
  'markets.BTC.leverage.meanLiquidationDistance', 'companies[0].sharesOutstanding', 'companies[1].stockPrice0', 'companies[0].debt[0].conversionPrice',
  'companies[0].stock.turnover', 'markets.BTC.scheduledFlows[0].days', 'horizonDays',
];
const NON_NEGATIVE_FIELDS = [
  'markets.BTC.sigma', 'markets.ETH.impactVol', 'markets.BTC.leverage.openInterestUsd', 'markets.BTC.etfFlow.aumUsd', 'companies[0].coins',
  'companies[1].costBasisUsd', 'companies[0].opexUsdPerYear', 'companies[0].debt[0].principalUsd', 'companies[0].debt[0].collateralCoins',
  'companies[0].premium.noticePenalty', 'companies[0].buybackAuthorizationUsd', 'equityIndex.sigma',
];
const OBJECTS = ['', 'markets.BTC', 'markets.BTC.leverage', 'markets.BTC.etfFlow', 'markets.BTC.scheduledFlows[0]', 'equityIndex', 'companies[0]', 'companies[1].premium', 'companies[0].stock', 'companies[0].debt[0]', 'companies[0].policies[0]', 'companies[0].policies[1].rules[0]'];
const DATE_FIELDS = ['startDate', 'companies[0].debt[0].maturityDate', 'markets.BTC.scheduledFlows[0].startDate', 'holidays[0]', 'markets.BTC.scriptedPath[1].date'];
const BAD_DATES = ['2025-02-30', '2025-13-01', '2025-00-10', '25-01-01', '2025/01/01', 'tomorrow', '', '2025-1-3', '2025-11-031'];
const RULE_FIELDS = ['companies[0].policies[1].rules[0].when', 'companies[0].policies[1].rules[0].amount'];
const BAD_RULES = ['import("x")', 'constructor', 'evaluate("1+1")', 'coins.constructor', '__proto__', 'x = 1', 'f(x) = x', 'coins; 1', '"text"', 'parse("1")', 'createUnit("x")', 'coins[1]', 'price to USD', 'this', 'process.exit(1)', 'mnav <'];
/** Names that exist on every JS object: a lookup table must not mistake them for presets or exchanges (tested apart, below). */
const PROTO_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

const wrongValue = fc.constantFrom<unknown>('12', true, null, [], {}, [1, 2], 'NaN');
const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ path: fc.constantFrom(...NUMERIC_FIELDS), value: wrongValue }).map((c) => ({ label: 'wrong type', ...c })),
  fc.record({ path: fc.constantFrom(...POSITIVE_FIELDS), value: fc.oneof(fc.constant(0), fc.double({ min: -1e12, max: -1e-9, noNaN: true })) }).map((c) => ({ label: 'zero or negative', ...c })),
  fc.record({ path: fc.constantFrom(...NON_NEGATIVE_FIELDS), value: fc.double({ min: -1e12, max: -1e-9, noNaN: true }) }).map((c) => ({ label: 'negative', ...c })),
  fc.record({ path: fc.constantFrom('companies[0].coin', 'companies[1].coin'), value: fc.stringMatching(/^[A-Z][A-Z0-9]{1,5}$/).filter((c) => c !== 'BTC' && c !== 'ETH') }).map((c) => ({ label: 'unknown coin', ...c })),
  fc.record({ path: fc.constantFrom('companies[0].exchange', 'companies[1].exchange'), value: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,12}$/).filter((x) => !['nasdaq-cm', 'nasdaq-gm', 'nyse', 'nyse-american'].includes(x) && !PROTO_NAMES.has(x)) }).map((c) => ({ label: 'unknown exchange', ...c })),
  fc.record({ path: fc.constantFrom(...OBJECTS), key: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/) }).map((c) => ({
    label: 'unknown field', path: c.path, key: `x${c.key}`, apply: (s: Json) => { at(s, c.path)[`x${c.key}`] = 1; },
  })),
  fc.record({ path: fc.constantFrom(...DATE_FIELDS), value: fc.constantFrom(...BAD_DATES) }).map((c) => ({ label: 'bad date', ...c })),
  fc.constantFrom(
    { BTC_ETH: 0.99, BTC_INDEX: 0.99, ETH_INDEX: -0.99 }, { BTC_ETH: 0.9, BTC_INDEX: 0.9, ETH_INDEX: 0 }, { BTC_ETH: -0.9, BTC_INDEX: 0.8, ETH_INDEX: 0.8 },
  ).map((c) => ({ label: 'correlations not PSD', path: 'correlations', value: { 'BTC/ETH': c.BTC_ETH, 'BTC/INDEX': c.BTC_INDEX, 'ETH/INDEX': c.ETH_INDEX } })),
  fc.record({ path: fc.constantFrom(...RULE_FIELDS), value: fc.constantFrom(...BAD_RULES) }).map((c) => ({ label: 'rule outside the whitelist', ...c })),
);

function corrupt(c: Corruption): Json {
  const s = valid();
  if (c.apply) c.apply(s);
  else set(s, c.path, c.value);
  return s;
}

function refusal(s: Json): ScenarioError {
  try {
    resolve(s);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw new Error(`expected a ScenarioError, got ${(e as Error).name}: ${(e as Error).message}`);
  }
  throw new Error('the corrupted scenario was accepted');
}

describe('corrupted scenario files are refused with the field path', () => {
  it('the uncorrupted scenario is valid and runs', () => {
    expect(() => run(valid(), { days: 30 })).not.toThrow();
  });

  it('one corrupted field: a ScenarioError naming it', () => {
    fc.assert(
      fc.property(corruption, (c) => {
        const e = refusal(corrupt(c));
        const shown = c.path || '(root)';
        if (c.key) {
          // unknown field: reported on the object that holds it, with the field's name
          expect(e.issues.some((i) => i.path === c.path && i.message.includes(`"${c.key}"`)), JSON.stringify(e.issues)).toBe(true);
          expect(e.message).toContain(`${shown}: `);
          expect(e.message).toContain(c.key);
        } else {
          expect(e.issues.some((i) => i.path === c.path), `${c.label} at ${c.path}: ${JSON.stringify(e.issues)}`).toBe(true);
          expect(e.message).toContain(`${shown}: `);
        }
      }),
      { numRuns: 150, seed: 1 },
    );
  });

  it.each([
    ['a non-PSD matrix from the issue', { 'BTC/ETH': 0.99, 'BTC/INDEX': 0.99, 'ETH/INDEX': -0.99 }, 'correlations'],
    ['an unknown asset', { 'BTC/DOGE': 0.5 }, 'correlations.BTC/DOGE'],
    ['a self-pair', { 'ETH/ETH': 0.5 }, 'correlations.ETH/ETH'],
    ['a correlation above 1', { 'BTC/ETH': 1.5 }, 'correlations.BTC/ETH'],
  ])('correlations: %s', (_what, correlations, path) => {
    const e = refusal({ ...valid(), correlations });
    expect(e.issues.map((i) => i.path)).toContain(path);
  });

  it('cross-field checks name the field: pledge above holdings, target above covenant, unordered script, maturity before start, duplicate ticker', () => {
    const cases: [(s: Json) => void, string][] = [
      [(s) => (s.companies[0].debt[0].collateralCoins = 5000), 'companies[0].debt[0].collateralCoins'],
      [(s) => (s.companies[0].debt[0].targetLtv = 0.85), 'companies[0].debt[0].targetLtv'],
      [(s) => (s.markets.BTC.scriptedPath[1].date = '2025-11-01'), 'markets.BTC.scriptedPath[1].date'],
      [(s) => (s.companies[0].debt[0].maturityDate = '2024-01-01'), 'companies[0].debt[0].maturityDate'],
      [(s) => (s.companies[1].ticker = 'AAA'), 'companies[1].ticker'],
      [(s) => (s.companies[0].policies[1].rules[0].action = 'launchRocket'), 'companies[0].policies[1].rules[0].action'],
      [(s) => (s.companies[0].policies[0] = { kind: 'yolo' }), 'companies[0].policies[0].kind'],
      [(s) => (s.markets.BTC.preset = 'DOGE'), 'markets.BTC.preset'],
    ];
    for (const [f, path] of cases) {
      const s = valid();
      f(s);
      expect(refusal(s).issues.map((i) => i.path)).toContain(path);
    }
  });

  // BUG (src/resolve.ts, resolveParsed): `listingRules` is a plain `{}` and
  // LISTING_RULE_PRESETS a plain object literal, so `listingRules[c.exchange]`
  // and `LISTING_RULE_PRESETS[id]` find Object.prototype members for the
  // exchange names below: the file is accepted (`dat-sim validate` says ok) and
  // the engine then crashes in `new ListingClock` with "TypeError: Cannot read
  // properties of undefined (reading 'days')" (CLI exit 1, "unexpected error",
  // instead of exit 2 with the field path).
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('exchange "%s" is an unknown exchange', (name) => {
    const s = valid();
    s.companies[1].exchange = name;
    expect(refusal(s).issues.map((i) => i.path)).toContain('companies[1].exchange');
  });

  // BUG (src/resolve.ts, resolveMarket): `MARKET_PRESETS[presetName]` finds
  // Object.prototype.toString for `"preset": "toString"`, so the unknown-preset
  // check passes; a market giving only price0, sigma and dailyVolumeUsd then
  // resolves with mu, impactLaw, halfLifeDays... undefined and every price is NaN.
  it.each(['toString', 'constructor', 'valueOf'])('market preset "%s" is an unknown preset', (name) => {
    const s = valid();
    s.markets.ETH = { preset: name, price0: 3000, sigma: 0.7, dailyVolumeUsd: 10e9 };
    expect(refusal(s).issues.map((i) => i.path)).toContain('markets.ETH.preset');
  });
});

// ---------------------------------------------------------------------------
// The CLI

interface Proc { status: number | null; stdout: string; stderr: string }
function cli(args: string[], cwd: string): Promise<Proc> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin/dat-sim.mjs'), ...args], { cwd });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('dat-sim CLI on bad input (exit 2, the path on stderr, nothing written)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dat-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, s: Json) => (writeFileSync(join(dir, name), JSON.stringify(s, null, 1)), name);
  const negVolume = valid();
  negVolume.markets.ETH.dailyVolumeUsd = -5;
  const badRule = valid();
  badRule.companies[0].policies[1].rules[0].when = 'import("x")';
  const protoExchange = valid();
  protoExchange.companies[1].exchange = 'toString';
  write('bad.json', negVolume);
  write('rule.json', badRule);
  write('good.json', valid());
  write('proto.json', protoExchange);

  // All processes start at once (each loads tsx: about a second of CPU); the tests await their own.
  let procs: Record<string, Promise<Proc>>;
  beforeAll(() => {
    procs = {
      validate: cli(['validate', 'bad.json', 'rule.json'], dir),
      runOut: cli(['run', 'bad.json', '--out', 'X.json'], dir),
      daysNeg: cli(['run', 'good.json', '--days', '-3', '--out', 'D1.json'], dir),
      daysFrac: cli(['run', 'good.json', '--days', '1.5', '--out', 'D2.json'], dir),
      format: cli(['run', 'good.json', '--format', 'xml', '--out', 'D3.json'], dir),
      good: cli(['run', 'good.json', '--days', '5', '--out', 'ok.json'], dir),
      proto: cli(['validate', 'proto.json'], dir),
    };
  });

  it('validate bad.json rule.json: exit 2, each file and its field path on stderr', async () => {
    const validate = await procs.validate;
    expect(validate.status, validate.stderr).toBe(2);
    expect(validate.stderr).toContain('bad.json');
    expect(validate.stderr).toContain('markets.ETH.dailyVolumeUsd');
    expect(validate.stderr).toContain('rule.json');
    expect(validate.stderr).toContain('companies[0].policies[1].rules[0].when');
  });

  it('run bad.json --out X: exit 2 and no X; bad flags (--days -3, --days 1.5, --format xml): exit 2, nothing written', async () => {
    const [runOut, daysNeg, daysFrac, format, good] = await Promise.all([procs.runOut, procs.daysNeg, procs.daysFrac, procs.format, procs.good]);
    expect(runOut.status).toBe(2);
    expect(runOut.stderr).toContain('markets.ETH.dailyVolumeUsd');
    for (const p of [daysNeg, daysFrac, format]) {
      expect(p.status, p.stderr).toBe(2);
      expect(p.stdout).toBe('');
    }
    expect(daysNeg.stderr).toContain('--days');
    expect(daysFrac.stderr).toContain('--days');
    expect(format.stderr).toContain('--format');
    // the same file with good flags runs (so the refusals above are the flags')
    expect(good.status, good.stderr).toBe(0);
    // nothing else written, not even a temporary file
    expect(readdirSync(dir).sort()).toEqual(['bad.json', 'good.json', 'ok.json', 'proto.json', 'rule.json']);
    expect(existsSync(join(dir, 'X.json'))).toBe(false);
  });

  // BUG (src/resolve.ts, see above): the file is validated as ok and `run` fails with exit 1.
  it('validate refuses exchange "toString" with exit 2', async () => {
    const p = await procs.proto;
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('companies[1].exchange');
  });
});
