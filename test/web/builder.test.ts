/**
 * The scenario builder's pure model (web/lib/builder.ts, web/lib/builder-fields.ts): edits are
 * copy-on-write, new objects carry only what the schema requires, the resolver's defaults fill
 * the rest, and validation is the CLI's resolver (issue paths and messages as `dat-sim validate`).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkExpression } from '../../sim/expr.ts';
import { COMPANY_DEFAULTS, DEBT_DEFAULTS, MARKET_PRESETS, POLICY_DEFAULTS } from '../../src/presets/defaults.ts';
import { CompanySchema, ConvertibleSchema, MarketSchema } from '../../src/schema.ts';
import { builderFields } from '../../web/lib/builder-fields.ts';
import { parseRoute, routeHash } from '../../web/lib/routes.ts';
import {
  INSTRUMENT_KINDS,
  POLICY_KINDS,
  addCompany,
  addInstrument,
  addMarket,
  addMarketItem,
  addPolicy,
  blankDraft,
  draftFileName,
  draftText,
  inputValue,
  moveAt,
  ownerOf,
  parseNumberInput,
  removeAt,
  removeMarket,
  setField,
  templateDraft,
  validateDraft,
  type Draft,
} from '../../web/lib/builder.ts';

const ROOT = join(import.meta.dirname, '../..');
const valid = (d: Draft) => validateDraft(d, checkExpression);

describe('parseNumberInput', () => {
  it('reads numbers as people type them, leaves an empty box out and keeps other text for the schema to refuse', () => {
    expect(parseNumberInput('42')).toBe(42);
    expect(parseNumberInput(' -5 ')).toBe(-5);
    expect(parseNumberInput('−5')).toBe(-5); // typographic minus
    expect(parseNumberInput('1.5e9')).toBe(1.5e9);
    expect(parseNumberInput('80,000,000')).toBe(80e6);
    expect(parseNumberInput('80_000_000')).toBe(80e6);
    expect(parseNumberInput('80M')).toBe(80e6);
    expect(parseNumberInput('0.07b')).toBe(70e6); // 0.07 x 1e9 = 70000000.00000001 in binary; rounded
    expect(parseNumberInput('$2.20')).toBe(2.2);
    expect(parseNumberInput('2.5k')).toBe(2500);
    expect(parseNumberInput('.5')).toBe(0.5);
    expect(parseNumberInput('')).toBeUndefined();
    expect(parseNumberInput('   ')).toBeUndefined();
    expect(parseNumberInput('abc')).toBe('abc');
    expect(parseNumberInput('1.2.3')).toBe('1.2.3');
    expect(parseNumberInput('-')).toBe('-');
  });
});

describe('inputValue', () => {
  it('stores what a field\'s box or choice holds: numbers parsed, empty optional fields left out', () => {
    const num = { kind: 'number' as const, key: 'coins', required: true };
    expect(inputValue(num, '2.5k')).toBe(2500);
    expect(inputValue(num, '')).toBeUndefined();
    expect(inputValue({ kind: 'text', key: 'description', required: false }, '')).toBeUndefined();
    // A required text stays as typed, even empty: the schema then says what it expects.
    expect(inputValue({ kind: 'text', key: 'name', required: true }, '')).toBe('');
    expect(inputValue({ kind: 'date', key: 'startDate', required: true }, ' 2026-01-02 ')).toBe('2026-01-02');
    expect(inputValue({ kind: 'boolean', key: 'penaltiesFromStart', required: false }, 'false')).toBe(false);
    expect(inputValue({ kind: 'boolean', key: 'penaltiesFromStart', required: false }, '')).toBeUndefined();
    expect(inputValue({ kind: 'enum', key: 'impactLaw', required: false }, '')).toBeUndefined();
    // The seed: a whole number stays a number (as the saved scenarios write it), else text.
    expect(inputValue({ kind: 'text', key: 'seed', required: false }, '42')).toBe(42);
    expect(inputValue({ kind: 'text', key: 'seed', required: false }, 'abc')).toBe('abc');
  });
});

describe('starting points', () => {
  it('the blank draft and the template are valid scenarios', () => {
    expect(valid(blankDraft()).issues).toEqual([]);
    expect(valid(templateDraft()).issues).toEqual([]);
    // A fresh copy each time: editing one does not touch the next.
    const a = templateDraft();
    (a.companies as { ticker: string }[])[0].ticker = 'X';
    expect((templateDraft().companies as { ticker: string }[])[0].ticker).toBe('NEWCO');
  });

  it('every saved scenario validates unchanged (the builder can start from any of them)', () => {
    for (const f of ['fgnx.json', 'sqns.json', 'mstr.json', 'contagion.json']) {
      const d = JSON.parse(readFileSync(join(ROOT, 'scenarios', f), 'utf8'));
      expect(valid(d).issues, f).toEqual([]);
    }
  });
});

describe('companies', () => {
  it('a new company gets the required fields only; the resolver fills the rest from COMPANY_DEFAULTS', () => {
    const d = addCompany(blankDraft());
    const c = (d.companies as Record<string, unknown>[])[0];
    expect(Object.keys(c).sort()).toEqual(['coin', 'coins', 'costBasisUsd', 'exchange', 'name', 'sharesOutstanding', 'stockPrice0', 'ticker']);
    expect(c.ticker).toBe('NEWCO');
    expect(c.coin).toBe('BTC');
    // The template's treasury value (2,000 x $110k = $220M) bought at BTC's preset price $84,000:
    // 220e6 / 84000 = 2619.05 -> 2620 coins (3 significant digits).
    expect(c.costBasisUsd).toBe(84_000);
    expect(c.coins).toBe(2620);
    const v = valid(d);
    expect(v.issues).toEqual([]);
    const r = v.resolved!.companies[0];
    expect(r.cashUsd).toBe(COMPANY_DEFAULTS.cashUsd);
    expect(r.quietDays).toBe(COMPANY_DEFAULTS.quietDays);
    expect(r.policies).toEqual([{ kind: 'hold' }]);
  });

  it('tickers stay unique; removing a company keeps the list', () => {
    let d = addCompany(addCompany(blankDraft()));
    expect((d.companies as { ticker: string }[]).map((c) => c.ticker)).toEqual(['NEWCO', 'NEWCO2']);
    expect((d.companies as { name: string }[])[1].name).toBe('New company 2 (made up)');
    expect(valid(d).issues).toEqual([]);
    d = removeAt(removeAt(d, ['companies'], 0), ['companies'], 0);
    expect(d.companies).toEqual([]);
  });

  it('a company on an ETH market starts at the ETH price', () => {
    const d = addCompany(addMarket(removeMarket(blankDraft(), 'BTC'), 'ETH'));
    const c = (d.companies as Record<string, unknown>[])[0];
    expect(c.coin).toBe('ETH');
    expect(c.costBasisUsd).toBe(MARKET_PRESETS.ETH.price0);
    expect(c.coins).toBe(80_000); // 220e6 / 2750 = 80000
    expect(valid(d).issues).toEqual([]);
  });
});

describe('instruments and policies', () => {
  it('adds each instrument kind valid, with unique ids; defaults come from DEBT_DEFAULTS', () => {
    let d = addCompany(blankDraft());
    for (const k of INSTRUMENT_KINDS) d = addInstrument(d, 0, k);
    d = addInstrument(d, 0, 'convertible');
    const debt = (d.companies as { debt: Record<string, unknown>[] }[])[0].debt;
    expect(debt.map((x) => x.id)).toEqual(['convertible', 'loan', 'preferred', 'convertible2']);
    // Three years after the blank's start 2025-11-21: 2025-11-21 + 1095 days = 2028-11-20 (2028 is a leap year).
    expect(debt[0].maturityDate).toBe('2028-11-20');
    const v = valid(d);
    expect(v.issues).toEqual([]);
    const loan = v.resolved!.companies[0].debt[1];
    expect(loan.kind === 'loan' && loan.rate).toBe(DEBT_DEFAULTS.loanRate);
    d = removeAt(d, ['companies', 0, 'debt'], 1);
    expect((d.companies as { debt: { id: string }[] }[])[0].debt.map((x) => x.id)).toEqual(['convertible', 'preferred', 'convertible2']);
    // Emptied, the list is left out (the resolver's default is no debt).
    for (let i = 0; i < 3; i++) d = removeAt(d, ['companies', 0, 'debt'], 0);
    expect('debt' in (d.companies as object[])[0]).toBe(false);
  });

  it('adds each policy kind; the resolver fills POLICY_DEFAULTS and reports what a kind needs', () => {
    let d = addCompany(blankDraft());
    for (const k of POLICY_KINDS) d = addPolicy(d, 0, k);
    const v = valid(d);
    // accumulate raises through an ATM or preferred programme: the resolver says so at its path.
    const j = POLICY_KINDS.indexOf('accumulate');
    expect(v.issues).toEqual([{ path: `companies[0].policies[${j}]`, message: expect.stringContaining('atm') }]);
    d = setField(d, ['companies', 0, 'atm'], { shelfUsd: 1e8 });
    const ok = valid(d);
    expect(ok.issues).toEqual([]);
    const pol = ok.resolved!.companies[0].policies;
    expect(pol[POLICY_KINDS.indexOf('defendListing')]).toEqual({ kind: 'defendListing', ...POLICY_DEFAULTS.defendListing });
    expect(pol[POLICY_KINDS.indexOf('rules')]).toEqual({ kind: 'rules', rules: [{ when: 'mnav < 1', action: 'buyback', amount: '0.05 * advUsd' }] });
  });

  it('a bad rule expression is reported at its field by the expression checker', () => {
    let d = addPolicy(addCompany(blankDraft()), 0, 'rules');
    d = setField(d, ['companies', 0, 'policies', 0, 'rules', 0, 'when'], 'mnav <');
    const v = valid(d);
    expect(v.issues.map((i) => i.path)).toEqual(['companies[0].policies[0].rules[0].when']);
  });
});

describe('markets, path points and flows', () => {
  it('adds scripted points 30 days apart at the coin price, flows and shocks from the start', () => {
    let d = addMarketItem(blankDraft(), 'BTC', 'scriptedPath');
    d = addMarketItem(d, 'BTC', 'scriptedPath');
    d = addMarketItem(d, 'BTC', 'scheduledFlows');
    d = addMarketItem(d, 'BTC', 'liquidityShocks');
    const m = (d.markets as Record<string, Record<string, unknown>>).BTC;
    // 2025-11-21 + 30 = 2025-12-21, + 30 = 2026-01-20.
    expect(m.scriptedPath).toEqual([{ date: '2025-12-21', price: 84_000 }, { date: '2026-01-20', price: 84_000 }]);
    expect(m.scheduledFlows).toEqual([{ startDate: '2025-11-21', days: 10, usdPerDay: 100e6, label: 'selling' }]);
    expect(m.liquidityShocks).toEqual([{ startDate: '2025-11-21', days: 5, volumeFraction: 0.5, label: 'depth halves' }]);
    expect(valid(d).issues).toEqual([]);
    // Swap the points: the resolver says the dates must increase, at the second point's date.
    const swapped = moveAt(d, ['markets', 'BTC', 'scriptedPath'], 0, 1);
    expect(valid(swapped).issues).toEqual([{ path: 'markets.BTC.scriptedPath[1].date', message: expect.stringContaining('dates must increase') }]);
    expect(moveAt(d, ['markets', 'BTC', 'scriptedPath'], 0, -1)).toBe(d);
    // Emptied, a market list is left out.
    d = removeAt(removeAt(d, ['markets', 'BTC', 'scriptedPath'], 0), ['markets', 'BTC', 'scriptedPath'], 0);
    expect('scriptedPath' in (d.markets as Record<string, object>).BTC).toBe(false);
  });

  it('a coin without a preset starts with the three numbers the resolver needs', () => {
    const d = addMarket(blankDraft(), 'SOL');
    expect((d.markets as Record<string, unknown>).SOL).toEqual({ price0: 1, sigma: MARKET_PRESETS.BTC.sigma, dailyVolumeUsd: MARKET_PRESETS.BTC.dailyVolumeUsd });
    expect(valid(d).issues).toEqual([]);
    expect(addMarket(d, 'SOL')).toBe(d);
  });

  it('a bad value is kept as typed and reported at its field path, with what was expected', () => {
    const d = setField(blankDraft(), ['markets', 'BTC', 'dailyVolumeUsd'], parseNumberInput('-5'));
    expect((d.markets as Record<string, Record<string, unknown>>).BTC.dailyVolumeUsd).toBe(-5);
    const v = valid(d);
    expect(v.resolved).toBeNull();
    expect(v.issues).toHaveLength(1);
    expect(v.issues[0].path).toBe('markets.BTC.dailyVolumeUsd');
    expect(v.issues[0].message).toMatch(/expected number to be >=1/);
    const t = valid(setField(blankDraft(), ['markets', 'BTC', 'sigma'], parseNumberInput('lots')));
    expect(t.issues).toEqual([{ path: 'markets.BTC.sigma', message: expect.stringMatching(/expected number, received string/) }]);
    // Clearing the box leaves the field out: the preset applies again.
    expect(valid(setField(d, ['markets', 'BTC', 'dailyVolumeUsd'], parseNumberInput(''))).issues).toEqual([]);
  });
});

describe('issue placement and the saved file', () => {
  it('an issue shows at its field, else at the deepest section that contains it', () => {
    const shown = new Set(['companies[0]', 'companies[0].coins', 'markets.BTC']);
    expect(ownerOf('companies[0].coins', shown)).toBe('companies[0].coins');
    expect(ownerOf('companies[0].debt', shown)).toBe('companies[0]');
    expect(ownerOf('companies[0].debt[1].principalUsd', shown)).toBe('companies[0]');
    expect(ownerOf('companies[10].coins', shown)).toBe('');
    expect(ownerOf('markets.BTCX.sigma', shown)).toBe('');
  });

  it('saves JSON that reads back as the same draft, named after the id', () => {
    const d = addInstrument(addCompany(blankDraft()), 0, 'convertible');
    expect(JSON.parse(draftText(d))).toEqual(d);
    expect(draftText(d).endsWith('}\n')).toBe(true);
    expect(draftFileName(d)).toBe('my-scenario.json');
    expect(draftFileName(setField(d, ['id'], 'Bad Id'))).toBe('scenario.json');
  });
});

describe('builderFields (form model from the schema)', () => {
  it('lists a company\'s fields with units, defaults and required flags, in the order asked', () => {
    const { fields, groups } = builderFields(CompanySchema, ['companies', 0], { first: ['ticker', 'name'], groups: ['premium'] });
    const by = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(fields[0].key).toBe('ticker');
    expect(fields[1].key).toBe('name');
    expect(by.coins).toMatchObject({ id: 'companies[0].coins', kind: 'number', unit: 'coins', required: true });
    expect(by.cashUsd).toMatchObject({ kind: 'number', unit: 'USD', required: false, defaultText: String(COMPANY_DEFAULTS.cashUsd) });
    expect(by.quietDays).toMatchObject({ integer: true });
    expect(by.ticker).toMatchObject({ kind: 'text', required: true });
    expect('debt' in by || 'policies' in by || 'sources' in by).toBe(false);
    expect(groups.map((g) => g.key)).toEqual(['premium']);
    expect(groups[0].fields.find((f) => f.key === 'penaltiesFromStart')?.kind).toBe('boolean');
    // Computed once per schema, path and options (a form re-renders on every edit).
    expect(builderFields(CompanySchema, ['companies', 0], { first: ['ticker', 'name'], groups: ['premium'] }).fields).toBe(fields);
    expect(builderFields(CompanySchema, ['companies', 1], { first: ['ticker', 'name'], groups: ['premium'] }).fields[0].id).toBe('companies[1].ticker');
  });

  it('dates, nullable dates and enums come out with their kinds', () => {
    const conv = Object.fromEntries(builderFields(ConvertibleSchema, ['d']).fields.map((f) => [f.key, f]));
    expect(conv.maturityDate).toMatchObject({ kind: 'date', required: true, unit: 'YYYY-MM-DD' });
    expect(conv.putDate).toMatchObject({ kind: 'date', required: false });
    expect(conv.couponRate).toMatchObject({ unit: '1/year', defaultText: String(DEBT_DEFAULTS.couponRate) });
    const mk = Object.fromEntries(builderFields(MarketSchema, ['markets', 'BTC']).fields.map((f) => [f.key, f]));
    expect(mk.impactLaw).toMatchObject({ kind: 'enum', options: ['sqrt', 'linear'] });
    expect(mk.preset.kind).toBe('text');
    expect(mk.dailyVolumeUsd).toMatchObject({ unit: 'USD/day', required: false });
  });
});

describe('the builder route', () => {
  it('#/builder is the builder page and round-trips', () => {
    expect(parseRoute('#/builder')).toEqual({ page: 'builder' });
    expect(routeHash({ page: 'builder' })).toBe('#/builder');
  });
});
