import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { LISTING_RULE_PRESETS } from '../../src/presets/listing-rules.ts';
import { MARKET_DEFAULTS, MARKET_PRESETS, PREMIUM_DEFAULTS, POLICY_DEFAULTS } from '../../src/presets/defaults.ts';
import type { ScenarioFile } from '../../src/schema.ts';
import { allFields, buildGroups, deleteIn, fromSlider, keyStep, getIn, hasRules, resolvedValue, setIn, sliderScale, toSlider, type FieldDesc } from '../../web/lib/params.ts';
import { TEMPLATE_SCENARIO } from '../../web/lib/template.ts';
import { TEST_SCENARIO } from './fixtures.ts';

describe('parameter panel model (from the schema metadata)', () => {
  const groups = buildGroups(TEST_SCENARIO as unknown as ScenarioFile, Object.keys(LISTING_RULE_PRESETS));
  const fields = allFields(groups);
  const byId = new Map(fields.map((f) => [f.id, f]));

  it('shows a capital block (atm, preferredProgram, reserve) only for a company that declares it: their fields are required', () => {
    expect(fields.some((f) => /\.(atm|preferredProgram|reserve)\./.test(f.id))).toBe(false);
    expect(byId.has('companies[0].buybackCashFraction')).toBe(true);
    const file = structuredClone(TEST_SCENARIO) as unknown as ScenarioFile;
    file.companies[0].atm = { shelfUsd: 1e8 };
    const ids = new Set(allFields(buildGroups(file, Object.keys(LISTING_RULE_PRESETS))).map((f) => f.id));
    expect(ids.has('companies[0].atm.maxAdvFraction')).toBe(true);
    expect(ids.has('companies[0].reserve.targetMonths')).toBe(false);
  });

  it('covers the market fields, impact first, with units, ranges and defaults', () => {
    const m = groups.find((g) => g.id === 'markets.BTC')!;
    expect(m.fields.slice(0, 5).map((f) => f.key)).toEqual(['sigma', 'impactLaw', 'impactY', 'lambdaPerBillion', 'dailyVolumeUsd']);
    const sigma = byId.get('markets.BTC.sigma')!;
    expect(sigma).toMatchObject({ kind: 'number', unit: '1/sqrt(year)', min: 0, max: 2, step: 0.01 });
    expect(byId.get('markets.BTC.impactLaw')).toMatchObject({ kind: 'enum', options: ['sqrt', 'linear'], defaultText: 'sqrt' });
    expect(byId.get('markets.BTC.impactY')!.defaultText).toBe(String(MARKET_DEFAULTS.impactY));
    for (const id of ['markets.BTC.leverage.openInterestUsd', 'markets.BTC.leverage.meanLiquidationDistance', 'markets.ETH.etfFlow.chase', 'markets.BTC.halfLifeDays']) expect(byId.has(id), id).toBe(true);
  });

  it('covers each company: balance sheet, premium, stock, debt and policy parameters', () => {
    for (const id of [
      'companies[0].coins',
      'companies[0].cashUsd',
      'companies[0].stockPrice0',
      'companies[0].exchange',
      'companies[0].premium.kappa',
      'companies[0].premium.noticePenalty',
      'companies[0].stock.turnover',
      'companies[0].debt[0].principalUsd',
      'companies[0].debt[0].covenantLtv',
      'companies[0].policies[0].trigger',
      'companies[0].policies[1].reverseSplitRatio',
      'companies[1].policies[0].maxAdvFraction',
      'equityIndex.sigma',
    ])
      expect(byId.has(id), id).toBe(true);
    expect(byId.get('companies[0].exchange')!.options).toContain('nasdaq-cm');
    expect(byId.get('companies[0].quietDays')!.integer).toBe(true);
    expect(fields.some((f) => f.key === 'ticker' || f.key === 'sources')).toBe(false);
  });

  it('reads effective values from the resolved scenario (markets keyed by coin in the file)', () => {
    const r = resolveScenario(TEST_SCENARIO);
    expect(resolvedValue(r, ['markets', 'ETH', 'sigma'])).toBe(MARKET_PRESETS.ETH.sigma);
    expect(resolvedValue(r, ['markets', 'BTC', 'leverage', 'openInterestUsd'])).toBe(MARKET_PRESETS.BTC.leverage.openInterestUsd);
    expect(resolvedValue(r, ['companies', 1, 'premium', 'kappa'])).toBe(PREMIUM_DEFAULTS.kappa);
    expect(resolvedValue(r, ['companies', 0, 'policies', 1, 'reverseSplitRatio'])).toBe(POLICY_DEFAULTS.defendListing.reverseSplitRatio);
  });

  it('sets and deletes by path without touching the original (copy-on-write)', () => {
    const orig = structuredClone(TEST_SCENARIO);
    const a = setIn(TEST_SCENARIO, ['markets', 'BTC', 'leverage', 'openInterestUsd'], 5e9);
    expect(getIn(a, ['markets', 'BTC', 'leverage', 'openInterestUsd'])).toBe(5e9);
    expect(TEST_SCENARIO).toEqual(orig);
    expect(a.companies).toBe(TEST_SCENARIO.companies); // untouched branches are shared
    const b = setIn(a, ['companies', 1, 'premium', 'kappa'], 4);
    expect(Array.isArray(b.companies)).toBe(true);
    expect(getIn(b, ['companies', 1, 'premium', 'kappa'])).toBe(4);
    const c = deleteIn(b, ['companies', 1, 'premium', 'kappa']);
    expect(getIn(c, ['companies', 1, 'premium'])).toEqual({});
    expect(getIn(b, ['companies', 1, 'premium', 'kappa'])).toBe(4);
    expect(deleteIn(c, ['nope', 'x'])).toBe(c);
  });

  it('maps sliders linearly within the metadata range and logarithmically over decades', () => {
    const sigma = byId.get('markets.BTC.sigma')!;
    const s = sliderScale(sigma, 0.5)!;
    expect(s).toMatchObject({ kind: 'linear', lo: 0, hi: 2, step: 0.01 });
    expect(fromSlider(s, toSlider(s, 0.5))).toBe(0.5);
    const vol = sliderScale(byId.get('markets.BTC.dailyVolumeUsd')!, 20e9)!;
    expect(vol.kind).toBe('log');
    expect(fromSlider(vol, toSlider(vol, 20e9)) / 20e9).toBeCloseTo(1, 2);
    const coins = sliderScale(byId.get('companies[0].coins')!, 2264)!;
    expect(coins).toMatchObject({ kind: 'log', lo: 226.4, hi: 22640 });
    const quiet: FieldDesc = byId.get('companies[0].quietDays')!;
    expect(Number.isInteger(fromSlider(sliderScale(quiet, 30)!, 333, true))).toBe(true);
    expect(sliderScale(byId.get('companies[0].cashUsd')!, 0)).toBeNull();
  });

  it('detects rules policies (mathjs is loaded only then)', () => {
    expect(hasRules(TEST_SCENARIO)).toBe(false);
    expect(hasRules(TEMPLATE_SCENARIO)).toBe(false);
    expect(hasRules({ companies: [{ policies: [{ kind: 'rules', rules: [] }] }] })).toBe(true);
    expect(hasRules(null)).toBe(false);
  });

  it('the template scenario resolves', () => {
    expect(() => resolveScenario(TEMPLATE_SCENARIO)).not.toThrow();
  });
});

describe('keyStep (a slider moved from the keyboard)', () => {
  it('moves a linear scale by its step, at least 1/100 of the range, and stays inside it', () => {
    // step 0.01 is finer than 3/100 = 0.03 -> niceStep(0.03) = 0.02; 0.5 + 0.02 = 0.52, ten steps = 0.7.
    const s = { kind: 'linear' as const, lo: 0, hi: 3, step: 0.01 };
    expect(keyStep(s, 0.5, 1)).toBe(0.52);
    expect(keyStep(s, 0.5, -1)).toBe(0.48);
    expect(keyStep(s, 0.5, 10)).toBe(0.7);
    expect(keyStep(s, 2.99, 10)).toBe(3);
    expect(keyStep(s, 0.01, -1)).toBe(0);
    // integer scale 0..90 step 1: niceStep(0.9) = 1.
    expect(keyStep({ kind: 'linear', lo: 0, hi: 90, step: 1 }, 30, 1, true)).toBe(31);
  });
  it('moves a log scale by 1/100 of its decades, 3 significant digits', () => {
    // 1e9..1e11: factor 100^(1/100) = 1.04713; 2e10 * 1.04713 = 2.0943e10 -> 2.09e10; 2e10 / 1.04713 = 1.90999e10 -> 1.91e10.
    const s = { kind: 'log' as const, lo: 1e9, hi: 1e11, step: 0 };
    expect(keyStep(s, 2e10, 1)).toBe(2.09e10);
    expect(keyStep(s, 2e10, -1)).toBe(1.91e10);
    expect(keyStep(s, 9.9e10, 10)).toBe(1e11);
  });
});
