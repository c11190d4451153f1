/**
 * One mechanism fills defaults (issue 13, deliverable 5): the defaults table
 * (src/presets/defaults.ts `DEFAULTS`, shaped like the scenario file) and one
 * merge function (src/presets/fill.ts `fillDefaults`) that src/resolve.ts applies once
 * per object. The audit below walks the zod schema (src/schema.ts) and holds the claim
 * that a new parameter needs only the schema and the table: every optional field has
 * exactly one entry in the table, or is named in NOT_IN_TABLE with the reason (derived
 * from other fields, a preset's, file-only). A field added to the schema with neither
 * fails the audit with its path; so does a table entry the schema does not have.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CompanySchema, ScenarioFileSchema } from '../src/schema.ts';
import { DEFAULTS, LEVERAGE_FOLLOWS, MARKET_PRESETS } from '../src/presets/defaults.ts';
import { effectiveDefault } from '../src/presets/effective-default.ts';
import { fillDefaults, follows, isFollows, isOrNull, isPerKind, layerDefaults, orNull, perKind } from '../src/presets/fill.ts';
import { resolveScenario } from '../src/resolve.ts';
import { usesRules } from '../src/uses-rules.ts';
import { usesRules as filesUsesRules } from '../src/node/files.ts';
import { usesRules as coreUsesRules } from '../src/batch/worker-core.ts';
import { hasRules, resolvedValue } from '../web/lib/params.ts';

/**
 * Optional fields with no table entry, by schema path (`*` = any key or index, `<kind>` = an
 * element of that kind), each with the reason. A path here AND in the table fails the audit.
 */
const NOT_IN_TABLE: Record<string, string> = {
  '$schema': 'file-only (editor hint)',
  'sources': 'file-only (citations)',
  'holidayCalendar': 'derived: the calendar the companies\' exchanges keep, else "us" (resolveHolidays)',
  'holidays': 'derived: added to the built-in calendar (resolveHolidays)',
  'listingRules': 'derived: the built-in rule sets of the companies\' exchanges',
  'listingRules.*.*': 'from the built-in rule set named by `preset`; required without one (resolve lists the missing fields)',
  'markets.*.preset': 'file-only: names the preset layered under the market',
  'markets.*.sources': 'file-only (citations)',
  'markets.*.price0': 'derived: the scripted path at startDate-1, else the preset\'s; required without either',
  'markets.*.peakPrice': 'derived: max(preset peak, price0, scripted points before the start)',
  'markets.*.sigma': 'the preset\'s; required without one',
  'markets.*.dailyVolumeUsd': 'the preset\'s; required without one',
  'markets.*.impactVol': 'derived: the file\'s sigma when set, else the preset\'s impactVol, else sigma',
  'markets.*.scheduledFlows.*.label': 'derived: "flow <n>"',
  'markets.*.liquidityShocks.*.label': 'derived: "liquidity shock <n>"',
  'companies.*.sources': 'file-only (citations)',
  'companies.*.listing': 'optional block kept as given: the listing procedure (sim/listing.ts) reads each setting\'s default from the exchange\'s rule set',
  'companies.*.listing.*': 'defaulted in sim/listing.ts from the company\'s rule set (cure days, panel exception) or true',
  'companies.*.debt.<convertible>.id': 'derived: kind and position ("convertible1")',
  'companies.*.debt.<loan>.id': 'derived: kind and position ("loan2")',
  'companies.*.debt.<preferred>.id': 'derived: kind and position ("preferred3")',
  'companies.*.debt.<convertible>.sources': 'file-only (citations)',
  'companies.*.debt.<loan>.sources': 'file-only (citations)',
  'companies.*.debt.<preferred>.sources': 'file-only (citations)',
  'companies.*.atm.sources': 'file-only (citations)',
  'companies.*.preferredProgram.sources': 'file-only (citations)',
  'companies.*.reserve.sources': 'file-only (citations)',
  'companies.*.reserve.initialUsd': 'derived: min(cashUsd, the target at the start)',
  'companies.*.reserve.fundWith': 'derived: ["cash", "atm"] with an atm programme, else ["cash"]',
  'companies.*.actions.<raise>.id': 'derived: "<instrument>-<date>"',
};

type Z = { _zod: { def: Record<string, unknown> & { type: string } }; meta(): Record<string, unknown> | undefined };

function unwrap(s: Z): { inner: Z; optional: boolean; meta: Record<string, unknown> } {
  let cur = s, optional = false, meta = { ...(s.meta() ?? {}) };
  for (;;) {
    const t = cur._zod.def.type;
    if (t !== 'optional' && t !== 'nullable' && t !== 'default') break;
    if (t !== 'nullable') optional = true;
    cur = cur._zod.def.innerType as Z;
    meta = { ...meta, ...(cur.meta() ?? {}) };
  }
  return { inner: cur, optional, meta };
}

/** A table entry without its marker (the entry an orNull or follows stands for). */
const bare = (e: unknown): unknown => (isOrNull(e) || isFollows(e) ? e.entry : e);

/** Every problem with the table against the schema, one line each, with the field's schema path. */
let checked = 0;
function audit(schema: Z, table: unknown): string[] {
  const problems: string[] = [];
  checked = 0;
  const walk = (s: Z, entry: unknown, path: string): void => {
    const { inner } = unwrap(s);
    const def = inner._zod.def;
    if (def.type === 'object') {
      const shape = def.shape as Record<string, Z>;
      const e = bare(entry) as Record<string, unknown> | undefined;
      for (const [key, field] of Object.entries(shape)) {
        const p = path ? `${path}.${key}` : key;
        const { optional, meta } = unwrap(field);
        const has = e !== undefined && Object.hasOwn(e, key);
        if (optional) checked++;
        const why = NOT_IN_TABLE[p] ?? NOT_IN_TABLE[p.replace(/\.[^.]+$/, '.*')];
        if (has && !optional && !(typeof e[key] === 'object' && e[key] !== null)) problems.push(`${p}: the table has a default for a required field`);
        if (has && why) problems.push(`${p}: has a table entry and is listed as not in the table (${why}): keep one`);
        if (optional && !has && !why) problems.push(`${p}: optional field without a default: add it to DEFAULTS in src/presets/defaults.ts or state why it has none in NOT_IN_TABLE`);
        if (has && meta.default !== undefined && (typeof meta.default !== 'string' || typeof bare(e[key]) === 'string')) {
          const value = isPerKind(e[key]) ? (e[key] as { absent: unknown }).absent : bare(e[key]);
          if (JSON.stringify(value) !== JSON.stringify(meta.default)) problems.push(`${p}: the schema says default ${JSON.stringify(meta.default)}, the table ${JSON.stringify(value)}`);
        }
        walk(field, has ? e[key] : undefined, p);
      }
      if (e !== undefined && typeof e === 'object') {
        for (const key of Object.keys(e)) if (!Object.hasOwn(shape, key)) problems.push(`${path ? `${path}.` : ''}${key}: table entry for a field the schema does not have`);
      }
    } else if (def.type === 'array') {
      const el = unwrap(def.element as Z).inner;
      if (el._zod.def.type === 'union') {
        const kinds = isPerKind(entry) ? (entry.kinds as Record<string, unknown>) : undefined;
        for (const opt of el._zod.def.options as Z[]) {
          const kind = ((unwrap(opt).inner._zod.def.shape as Record<string, Z>).kind._zod.def.values as string[])[0];
          if (entry !== undefined && !kinds?.[kind]) problems.push(`${path}.<${kind}>: the table has no entry for this kind`);
          walk(opt, kinds?.[kind], `${path}.<${kind}>`);
        }
      } else walk(el, entry, `${path}.*`);
    } else if (def.type === 'record') {
      walk(def.valueType as Z, entry, `${path}.*`);
    }
  };
  walk(schema, table, '');
  return problems;
}

/** The table as the schema is shaped: scenario fields at the root, markets and companies by key. */
const TABLE = { ...DEFAULTS.scenario, markets: DEFAULTS.market, companies: DEFAULTS.company };
// The market entry stands for every key of `markets`, the company entry for every element of `companies`.
const SCHEMA = ScenarioFileSchema as unknown as Z;
/** 207 optional fields on 2026-12-05; a floor, so a new field needs no edit here. */
const EXPECTED_OPTIONAL_FIELDS = 207;
function auditTable(schema: Z = SCHEMA, table: unknown = TABLE): string[] {
  return audit(schema, table);
}

describe('the defaults table against the schema', () => {
  it('every optional field has exactly one default entry or a stated reason', () => {
    expect(auditTable()).toEqual([]);
    // The walk reaches every level: scenario, markets, leverage, companies, debt, policies and actions by kind, holder terms.
    expect(checked).toBeGreaterThanOrEqual(EXPECTED_OPTIONAL_FIELDS);
  });

  it('a field added to the schema without a default fails the audit, naming its path', () => {
    const wider = ScenarioFileSchema.extend({
      companies: z.array(CompanySchema.extend({ newKnob: z.number().optional(), premium: CompanySchema.shape.premium.unwrap().extend({ newTerm: z.number().optional() }).optional() })),
    });
    const problems = auditTable(wider as unknown as Z);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['companies.*.newKnob', 'companies.*.premium.newTerm']);
  });

  it('a default without a schema field, or that disagrees with the schema\'s stated default, fails too', () => {
    const table = { ...TABLE, companies: { ...DEFAULTS.company, strayKnob: 1, quietDays: 31 } };
    expect(auditTable(SCHEMA, table).sort()).toEqual([
      'companies.*.quietDays: the schema says default 30, the table 31',
      'companies.*.strayKnob: table entry for a field the schema does not have',
    ]);
  });

  it('with the schema field, a table entry is all a new parameter needs to be filled', () => {
    // What src/resolve.ts does with a company: one fillDefaults over the table entry.
    const table = { ...DEFAULTS.company, newKnob: 7, premium: { ...DEFAULTS.company.premium, newTerm: 0.5 } };
    const filled = fillDefaults(table, { ticker: 'X', premium: { kappa: 3 } }) as Record<string, unknown> & { premium: Record<string, unknown> };
    expect(filled.newKnob).toBe(7);
    expect(filled.premium).toMatchObject({ newTerm: 0.5, kappa: 3, premiumVol: DEFAULTS.company.premium.premiumVol });
    expect(fillDefaults(table, { newKnob: 2 }).newKnob).toBe(2);
  });
});

describe('fillDefaults', () => {
  it('fills left-out fields deeply, keeps the file\'s, and shares nothing with the table', () => {
    const table = { a: 1, nested: { b: 2, c: [1, 2] }, list: [] as number[] };
    const out = fillDefaults(table, { nested: { b: 5 }, extra: 'x', a: undefined });
    expect(out).toEqual({ a: 1, nested: { b: 5, c: [1, 2] }, list: [], extra: 'x' });
    out.nested.c.push(3);
    expect(table.nested.c).toEqual([1, 2]);
    // Arrays replace, never merge.
    expect(fillDefaults(table, { nested: { c: [9] } }).nested.c).toEqual([9]);
  });

  it('drops file-only fields (sources, preset, $schema)', () => {
    expect(fillDefaults({ a: 1 }, { sources: { a: 'x' }, preset: 'BTC', $schema: 's', b: 2 })).toEqual({ a: 1, b: 2 });
  });

  it('does not merge tagged objects of different kinds', () => {
    const table = { trigger: { kind: 'consecutiveBelow', days: 30 } };
    expect(fillDefaults(table, { trigger: { kind: 'averageBelow', days: 20 } })).toEqual({ trigger: { kind: 'averageBelow', days: 20 } });
    expect(fillDefaults(table, { trigger: { kind: 'consecutiveBelow' } })).toEqual({ trigger: { kind: 'consecutiveBelow', days: 30 } });
  });

  it('perKind fills each element from its kind; a left-out array is the stated one', () => {
    const table = { policies: perKind({ hold: {}, stopLoss: { maxLoss: 0.3, fractionPerDay: 0.05 } }, [{ kind: 'hold' }]) };
    expect(fillDefaults(table, {}).policies).toEqual([{ kind: 'hold' }]);
    expect(fillDefaults(table, { policies: [{ kind: 'stopLoss', maxLoss: 0.5 }, { kind: 'hold' }] }).policies).toEqual([
      { maxLoss: 0.5, fractionPerDay: 0.05, kind: 'stopLoss' },
      { kind: 'hold' },
    ]);
    expect(fillDefaults(table, { policies: [] }).policies).toEqual([]);
  });

  it('orNull: null when left out, filled when given', () => {
    const table = { atm: orNull({ maxAdvFraction: 0.1, minMnav: 1 }) };
    expect(fillDefaults(table, {}).atm).toBeNull();
    expect(fillDefaults(table, { atm: { shelfUsd: 5 } }).atm).toEqual({ maxAdvFraction: 0.1, minMnav: 1, shelfUsd: 5 });
  });

  it('follows: the short book copies the long fields the file sets, else keeps the table\'s', () => {
    // Table (preset): long 10, short 10, targets 10/10. Hand-worked cases of docs/model.md 2.4:
    const lev = follows({ openInterestUsd: 10, targetOpenInterestUsd: 10, shortOpenInterestUsd: 10, shortTargetOpenInterestUsd: 10, meanLiquidationDistance: 0.12, shortMeanLiquidationDistance: 0.12, rebuildPerDay: 0.05, shortRebuildPerDay: 0.05 }, LEVERAGE_FOLLOWS);
    const f = (g: object) => fillDefaults({ lev }, { lev: g }).lev;
    // Only the long size: its target, the short size and the short target all follow it (4).
    expect(f({ openInterestUsd: 4 })).toMatchObject({ openInterestUsd: 4, targetOpenInterestUsd: 4, shortOpenInterestUsd: 4, shortTargetOpenInterestUsd: 4 });
    // Long size 4 and target 6: the short size follows the size (4), the short target the long target (6).
    expect(f({ openInterestUsd: 4, targetOpenInterestUsd: 6 })).toMatchObject({ shortOpenInterestUsd: 4, shortTargetOpenInterestUsd: 6 });
    // A short size of its own (3): the short target follows it (3), not the long (4).
    expect(f({ openInterestUsd: 4, shortOpenInterestUsd: 3 })).toMatchObject({ targetOpenInterestUsd: 4, shortTargetOpenInterestUsd: 3 });
    // Only the short size: the long book keeps the table's.
    expect(f({ shortOpenInterestUsd: 0 })).toMatchObject({ openInterestUsd: 10, targetOpenInterestUsd: 10, shortOpenInterestUsd: 0, shortTargetOpenInterestUsd: 0 });
    // Distance and rebuild pair one to one.
    expect(f({ meanLiquidationDistance: 0.3, shortRebuildPerDay: 0.2 })).toMatchObject({ shortMeanLiquidationDistance: 0.3, rebuildPerDay: 0.05, shortRebuildPerDay: 0.2 });
    expect(f({})).toEqual(lev.entry);
  });

  it('layerDefaults lays a preset over an entry and keeps its markers', () => {
    const layered = layerDefaults(DEFAULTS.market, MARKET_PRESETS.ETH);
    expect(isFollows(layered.leverage)).toBe(true);
    const m = fillDefaults(layered, { leverage: { openInterestUsd: 1e9 } });
    expect(m.leverage).toMatchObject({ openInterestUsd: 1e9, shortOpenInterestUsd: 1e9, meanLiquidationDistance: MARKET_PRESETS.ETH.leverage.meanLiquidationDistance });
    expect(m.sigma).toBe(MARKET_PRESETS.ETH.sigma);
    expect(m.mu).toBe(MARKET_PRESETS.ETH.mu);
    expect(fillDefaults(DEFAULTS.market, {}).mu).toBe(0);
  });
});

describe('effectiveDefault: the table value of a field a file leaves out (the web placeholders)', () => {
  const file = {
    schemaVersion: 1, id: 'x', name: 'x', startDate: '2025-11-21',
    markets: { BTC: { leverage: { openInterestUsd: 2e9 } }, XYZ: { price0: 1, sigma: 1, dailyVolumeUsd: 1e8 } },
    companies: [{ ticker: 'AAA', name: 'A', coin: 'BTC', exchange: 'nasdaq-cm', coins: 1, costBasisUsd: 1, sharesOutstanding: 1e6, stockPrice0: 1, policies: [{ kind: 'stopLoss' }], atm: { shelfUsd: 1 } }],
  };
  const resolved = resolveScenario(file);
  const cases: (string | number)[][] = [
    ['horizonDays'], ['seed'], ['equityIndex', 'sigma'],
    ['markets', 'BTC', 'mu'], ['markets', 'BTC', 'leverage', 'shortOpenInterestUsd'], ['markets', 'BTC', 'etfFlow', 'aumUsd'], ['markets', 'XYZ', 'halfLifeDays'],
    ['companies', 0, 'premium', 'kappa'], ['companies', 0, 'quietDays'], ['companies', 0, 'policies', 0, 'maxLoss'], ['companies', 0, 'atm', 'maxAdvFraction'],
  ];
  it.each(cases)('agrees with the resolver at %s', (...path) => {
    const fromResolved = path[0] === 'markets'
      ? (resolved.markets.find((m) => m.coin === path[1]) as unknown as Record<string, unknown>)
      : (resolved as unknown as Record<string, unknown>);
    let want: unknown = fromResolved;
    for (const k of path[0] === 'markets' ? path.slice(2) : path) want = (want as Record<string | number, unknown>)[k];
    expect(want).not.toBeUndefined();
    expect(effectiveDefault(file, path)).toEqual(path[0] === 'seed' ? '1' : want);
  });
  it('is undefined for derived fields and unknown paths', () => {
    expect(effectiveDefault(file, ['markets', 'BTC', 'impactVol'])).toBeUndefined();
    expect(effectiveDefault(file, ['companies', 0, 'nope'])).toBeUndefined();
    expect(effectiveDefault(file, ['companies', 3, 'quietDays'])).toBeUndefined();
  });
});

describe('one copy of "does this scenario use rules"', () => {
  it('the CLI loader, the ensemble workers and the web app call the same function', () => {
    expect(filesUsesRules).toBe(usesRules);
    expect(coreUsesRules).toBe(usesRules);
    expect(hasRules).toBe(usesRules);
  });
  it('answers for files and resolved scenarios alike', () => {
    const co = { ticker: 'AAA', name: 'A', coin: 'BTC', exchange: 'nasdaq-cm', coins: 1, costBasisUsd: 1, sharesOutstanding: 1e6, stockPrice0: 1 };
    const base = { schemaVersion: 1, id: 'x', name: 'x', startDate: '2025-11-21', markets: { BTC: {} } };
    const withRules = { ...base, companies: [co, { ...co, ticker: 'BBB', policies: [{ kind: 'hold' }, { kind: 'rules', rules: [{ when: 'true', action: 'sellCoins', amount: '1' }] }] }] };
    const without = { ...base, companies: [co] };
    expect(usesRules(withRules)).toBe(true);
    expect(usesRules(resolveScenario(withRules))).toBe(true);
    expect(usesRules(without)).toBe(false);
    expect(usesRules(resolveScenario(without))).toBe(false);
    expect(usesRules(null)).toBe(false);
    expect(usesRules({ companies: [{ policies: 'rules' }] })).toBe(false);
  });
});

describe('the web placeholders read the table when the draft does not resolve', () => {
  it('resolvedValue(null, path, file) is effectiveDefault(file, path)', () => {
    const draft = { markets: { ETH: {} }, companies: [{ premium: { kappa: 5 } }] };
    expect(resolvedValue(null, ['markets', 'ETH', 'sigma'], draft)).toBe(MARKET_PRESETS.ETH.sigma);
    expect(resolvedValue(null, ['companies', 0, 'premium', 'premiumVol'], draft)).toBe(DEFAULTS.company.premium.premiumVol);
    expect(resolvedValue(null, ['companies', 0, 'premium', 'kappa'], draft)).toBe(5);
    expect(resolvedValue(null, ['horizonDays'])).toBeUndefined();
  });
});
