/**
 * Scenario file -> ResolvedScenario: validate the file (zod), fill every object
 * from the defaults table with one merge (src/presets/defaults.ts `DEFAULTS`,
 * src/presets/fill.ts `fillDefaults`: market presets are a layer of it), compute
 * the genuinely derived values (each commented where it is computed), then check
 * what a schema cannot: references between objects,
 * ordering of dates, a positive semi-definite correlation matrix, and rule
 * expressions. Every problem is reported with its field path; nothing runs
 * until all of them are fixed.
 *
 * Pure (no Node, no DOM): the web app resolves dropped files with it too.
 */
import { z } from 'zod';
import type {
  CompanyParams,
  CorrelationEntry,
  InstrumentParams,
  ListingRuleSet,
  MarketParams,
  PolicyParams,
  ResolvedScenario,
} from '../sim/index.ts';
import { cholesky } from '../sim/index.ts';
import { dateToOrdinal } from '../sim/index.ts';
import { scriptLevel } from '../sim/index.ts';
import { CAPITAL_DEFAULTS, DEFAULTS, MARKET_PRESETS } from './presets/defaults.ts';
import { fillDefaults, layerDefaults } from './presets/fill.ts';
import { LISTING_RULE_PRESETS } from './presets/listing-rules.ts';
import { exchangeHolidays, type HolidayCalendarId } from '../sim/index.ts';
import { ScenarioFileSchema, type CompanyFile, type MarketFile, type ScenarioFile } from './schema.ts';
import { checkSplitPolicy, resolveCapitalActions, resolveHolderTerms } from './resolve-actions.ts';

export interface ScenarioIssue {
  /** Field path, e.g. "companies[0].debt[1].principalUsd". Empty for the whole file. */
  path: string;
  message: string;
}

/** A scenario that cannot run, with every problem found. */
export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];
  readonly file: string | undefined;
  constructor(issues: ScenarioIssue[], file?: string) {
    const lines = issues.map((i) => `${i.path || '(root)'}: ${i.message}`);
    // A name longer than any file name is shown cut (a script that passed text where a path goes).
    const shown = file && file.length > 200 ? `${file.slice(0, 80)}... (a name of ${file.length} characters)` : file;
    super(`invalid scenario${shown ? ` ${shown}` : ''}:\n  ${lines.join('\n  ')}`);
    this.name = 'ScenarioError';
    this.issues = issues;
    this.file = file;
  }
}

export interface ResolveOptions {
  /** File name for messages. */
  file?: string;
  /**
   * Checks one rule expression; returns null when fine, else a message.
   * Pass sim/expr.ts's checkExpression; the web app loads it (and mathjs)
   * only when a scenario has rules.
   */
  checkExpression?: (source: string, path: string) => string | null;
}

/** obj[key] only when key is the object's own property (never Object.prototype's `constructor`, `__proto__`...). */
function own<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function zodIssues(error: z.ZodError): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const issue of error.issues) {
    // Report the most specific branch of a discriminated union when zod gives one.
    let message = issue.message;
    if (issue.code === 'invalid_union' && 'note' in issue && issue.note) message += ` (${String(issue.note)})`;
    if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling against scenarios/scenario.schema.json`;
    out.push({ path: formatPath(issue.path), message });
  }
  return out;
}

/** Parse and resolve a scenario object (already JSON-parsed). Throws ScenarioError. */
export function resolveScenario(input: unknown, options: ResolveOptions = {}): ResolvedScenario {
  const parsed = ScenarioFileSchema.safeParse(input);
  if (!parsed.success) throw new ScenarioError(zodIssues(parsed.error), options.file);
  const issues: ScenarioIssue[] = [];
  const resolved = resolveParsed(parsed.data as ScenarioFile, issues, options);
  if (issues.length) throw new ScenarioError(issues, options.file);
  return resolved;
}

/** Parse JSON text and resolve it. Throws ScenarioError with a JSON syntax message when the text is not JSON. */
export function resolveScenarioText(text: string, options: ResolveOptions = {}): ResolvedScenario {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }], options.file);
  }
  return resolveScenario(data, options);
}

function resolveParsed(file: ScenarioFile, issues: ScenarioIssue[], options: ResolveOptions): ResolvedScenario {
  const startOrd = dateToOrdinal(file.startDate);
  const top = fillDefaults(DEFAULTS.scenario, { description: file.description, horizonDays: file.horizonDays, seed: file.seed, equityIndex: file.equityIndex });
  const horizonDays = top.horizonDays;

  const markets: MarketParams[] = [];
  for (const [coin, m] of Object.entries(file.markets)) {
    const market = resolveMarket(coin, m, startOrd, issues);
    if (market) markets.push(market);
  }
  const coins = new Set(markets.map((m) => m.coin));

  // Listing rule sets: built-ins plus the scenario's own (which may start from a preset).
  const listingRules: Record<string, ListingRuleSet> = Object.create(null);
  const used = new Set(file.companies.map((c) => c.exchange));
  for (const [id, rs] of Object.entries(file.listingRules ?? {})) {
    const base = rs.preset ? own(LISTING_RULE_PRESETS, rs.preset) : undefined;
    if (rs.preset && !base) {
      issues.push({ path: `listingRules.${id}.preset`, message: `unknown rule set "${rs.preset}"; expected one of ${Object.keys(LISTING_RULE_PRESETS).join(', ')}` });
      continue;
    }
    // The preset is a layer under the file's fields (fillDefaults drops the `preset` field itself).
    const merged = { ...fillDefaults(base ?? {}, rs), id } as Partial<ListingRuleSet>;
    const required: (keyof ListingRuleSet)[] = ['name', 'source', 'minPrice', 'trigger', 'cure', 'periodDays', 'periodMonths', 'secondPeriodDays', 'pennyPrice', 'pennyDays', 'reverseSplitLookbackDays', 'cumulativeSplitLimit', 'cumulativeSplitWindowDays', 'delistDelayDays'];
    const missing = required.filter((k) => merged[k] === undefined);
    if (missing.length) {
      issues.push({ path: `listingRules.${id}`, message: `missing ${missing.join(', ')} (give them, or start from a "preset")` });
      continue;
    }
    listingRules[id] = merged as ListingRuleSet;
  }
  for (const id of used) {
    const preset = own(LISTING_RULE_PRESETS, id);
    if (!own(listingRules, id) && preset) listingRules[id] = preset;
  }

  const tickers = new Set<string>();
  const companies: CompanyParams[] = [];
  file.companies.forEach((c, i) => {
    const path = `companies[${i}]`;
    if (tickers.has(c.ticker)) issues.push({ path: `${path}.ticker`, message: `duplicate ticker "${c.ticker}"` });
    tickers.add(c.ticker);
    if (!coins.has(c.coin)) {
      issues.push({ path: `${path}.coin`, message: `unknown coin "${c.coin}"; expected one of the scenario's markets: ${[...coins].join(', ') || '(none)'}` });
    }
    if (!own(listingRules, c.exchange)) {
      issues.push({ path: `${path}.exchange`, message: `unknown exchange "${c.exchange}"; expected one of ${[...new Set([...Object.keys(LISTING_RULE_PRESETS), ...Object.keys(file.listingRules ?? {})])].join(', ')}` });
    }
    companies.push(resolveCompany(c, path, startOrd, issues, options));
    // Capital actions (src/resolve-actions.ts): dated actions and the reverseSplit policy, against the horizon and the exchange.
    const company = companies[companies.length - 1];
    const rules = own(listingRules, c.exchange);
    company.policies.forEach((p, j) => checkSplitPolicy(p, `${path}.policies[${j}]`, rules, issues));
    company.actions = resolveCapitalActions(c, company, path, startOrd, horizonDays, rules, issues);
  });

  const correlations = resolveCorrelations(file.correlations ?? {}, [...coins], issues);

  const holidays = resolveHolidays(file, listingRules, startOrd, horizonDays);
  return {
    schemaVersion: file.schemaVersion,
    id: file.id,
    name: file.name,
    description: top.description,
    startDate: file.startDate,
    horizonDays,
    seed: String(top.seed), // a numeric seed is kept as its decimal text
    holidays,
    markets,
    equityIndex: top.equityIndex,
    correlations,
    companies,
    listingRules,
  };
}

/**
 * Stock holidays: the built-in calendar (file `holidayCalendar`, else the one
 * the companies' rule sets keep when they agree, else 'us'; sim/holidays.ts)
 * over the year before the start to two years past the horizon (rules count
 * business days before the start and past the horizon), plus the file's own.
 */
function resolveHolidays(file: ScenarioFile, listingRules: Record<string, ListingRuleSet>, startOrd: number, horizonDays: number): string[] {
  const kept = new Set(file.companies.map((c) => (own(listingRules, c.exchange)?.holidayCalendar ?? 'us')));
  const calendar: HolidayCalendarId = file.holidayCalendar ?? (kept.size === 1 ? [...kept][0] : 'us');
  const year = (o: number) => new Date(o * 86_400_000).getUTCFullYear();
  const builtIn = exchangeHolidays(calendar, year(startOrd) - 1, year(startOrd + horizonDays) + 2);
  return [...new Set([...builtIn, ...(file.holidays ?? [])])].sort();
}

function resolveMarket(coin: string, m: MarketFile, startOrd: number, issues: ScenarioIssue[]): MarketParams | null {
  const path = `markets.${coin}`;
  const presetName = m.preset ?? (own(MARKET_PRESETS, coin) ? coin : undefined);
  const preset = presetName ? own(MARKET_PRESETS, presetName) : undefined;
  if (m.preset && !preset) {
    issues.push({ path: `${path}.preset`, message: `unknown market preset "${m.preset}"; expected one of ${Object.keys(MARKET_PRESETS).join(', ')}` });
    return null;
  }
  const script = m.scriptedPath ?? [];
  for (let i = 1; i < script.length; i++) {
    if (dateToOrdinal(script[i].date) <= dateToOrdinal(script[i - 1].date)) {
      issues.push({ path: `${path}.scriptedPath[${i}].date`, message: `dates must increase; ${script[i].date} is not after ${script[i - 1].date}` });
    }
  }
  (m.scheduledFlows ?? []).forEach((f, i) => {
    if (dateToOrdinal(f.startDate) + f.days - 1 < startOrd) {
      issues.push({ path: `${path}.scheduledFlows[${i}]`, message: `ends before the scenario starts (${f.startDate} + ${f.days} days); it would have no effect: remove it or move startDate` });
    }
  });
  (m.liquidityShocks ?? []).forEach((l, i) => {
    if (dateToOrdinal(l.startDate) + l.days - 1 < startOrd) {
      issues.push({ path: `${path}.liquidityShocks[${i}]`, message: `ends before the scenario starts (${l.startDate} + ${l.days} days); it would have no effect: remove it or move startDate` });
    }
  });
  // Without an explicit price0, a scripted path sets it: its level on the day before the start.
  // The table's market entry with the preset laid over it (a preset's `source` is documentation), then the file's fields.
  const { source: _source, ...presetValues } = preset ?? { source: '' };
  const f = fillDefaults(layerDefaults(DEFAULTS.market, preset ? presetValues : undefined), m);
  // Derived: without an explicit price0, a scripted path sets it (its level on the day before the start), else the preset.
  let price0 = m.price0;
  if (price0 === undefined && script.length) price0 = scriptLevel(script, startOrd - 1);
  price0 ??= preset?.price0;
  const { sigma, dailyVolumeUsd } = f;
  const missing: string[] = [];
  if (price0 === undefined) missing.push('price0');
  if (sigma === undefined) missing.push('sigma');
  if (dailyVolumeUsd === undefined) missing.push('dailyVolumeUsd');
  if (missing.length) {
    issues.push({ path, message: `market "${coin}" has no preset, so it needs ${missing.join(', ')} (presets: ${Object.keys(MARKET_PRESETS).join(', ')})` });
    return null;
  }
  // Derived: the running peak is the coin's known high (preset), the start price, or a scripted point before the start.
  let peakPrice = Math.max(preset?.peakPrice ?? 0, price0!);
  for (const p of script) if (dateToOrdinal(p.date) < startOrd) peakPrice = Math.max(peakPrice, p.price);
  const market = {
    coin,
    ...f,
    price0: price0!,
    peakPrice: m.peakPrice ?? peakPrice,
    sigma: sigma!,
    dailyVolumeUsd: dailyVolumeUsd!,
    // Derived: the impact law's volatility is the file's sigma when the file sets one, else the preset's impactVol, else sigma.
    impactVol: m.impactVol ?? (m.sigma !== undefined ? m.sigma : (preset?.impactVol ?? sigma!)),
    // Derived: a flow or shock without a label is named by its position.
    scheduledFlows: f.scheduledFlows.map((x, i) => ({ ...x, label: x.label ?? `flow ${i + 1}` })),
    liquidityShocks: f.liquidityShocks.map((x, i) => ({ ...x, label: x.label ?? `liquidity shock ${i + 1}` })),
  } as MarketParams;
  return market;
}

function resolveCompany(c: CompanyFile, path: string, startOrd: number, issues: ScenarioIssue[], options: ResolveOptions): CompanyParams {
  // Every field the file leaves out, from the defaults table (debt and policies by kind, absent programmes null).
  const f = fillDefaults(DEFAULTS.company, c);
  const debt = (f.debt as unknown as WithOptionalId<InstrumentParams>[]).map((d, j): InstrumentParams => {
    // Derived: an instrument without an id is named by its kind and position.
    const inst = { ...d, id: d.id ?? `${d.kind}${j + 1}` } as InstrumentParams;
    if (inst.kind === 'preferred') return inst;
    const dpath = `${path}.debt[${j}]`;
    const collateral = inst;
    if (collateral.collateralCoins > c.coins) issues.push({ path: `${dpath}.collateralCoins`, message: `pledges ${collateral.collateralCoins} coins but the company holds ${c.coins}` });
    if (collateral.covenantLtv > 0 && collateral.targetLtv >= collateral.covenantLtv) issues.push({ path: `${dpath}.targetLtv`, message: `expected a target LTV below the covenant LTV (${collateral.covenantLtv})` });
    if (collateral.liquidationLtv > 0 && collateral.covenantLtv > 0 && collateral.liquidationLtv < collateral.covenantLtv) issues.push({ path: `${dpath}.liquidationLtv`, message: `expected the liquidation LTV to be at or above the covenant LTV (${collateral.covenantLtv})` });
    if (dateToOrdinal(inst.maturityDate) < startOrd) issues.push({ path: `${dpath}.maturityDate`, message: `matures before the scenario starts (${inst.maturityDate}); remove it or move startDate` });
    return { ...inst, ...resolveHolderTerms(inst, dpath, startOrd, issues) };
  });
  (c.priorReverseSplits ?? []).forEach((r, k) => {
    if (dateToOrdinal(r.date) >= startOrd) issues.push({ path: `${path}.priorReverseSplits[${k}].date`, message: `expected a date before startDate; a split during the run is a policy action (defendListing or a rule)` });
  });
  if (c.listing?.noticeDate && dateToOrdinal(c.listing.noticeDate) >= startOrd) issues.push({ path: `${path}.listing.noticeDate`, message: `expected a date before startDate (a notice already received)` });
  const pledged = debt.reduce((s, d) => s + (d.kind === 'preferred' ? 0 : d.collateralCoins), 0);
  if (pledged > c.coins + 1e-9) issues.push({ path: `${path}.debt`, message: `instruments pledge ${pledged} coins in all but the company holds ${c.coins}` });

  const policies = f.policies as unknown as PolicyParams[];
  policies.forEach((p, j) => {
    if (p.kind === 'accumulate' && !c.atm && !c.preferredProgram) issues.push({ path: `${path}.policies[${j}]`, message: 'accumulate raises money through the company\'s `atm` or `preferredProgram`: declare at least one of them' });
    if (p.kind !== 'rules' || !options.checkExpression) return;
    p.rules.forEach((r, k) => {
      for (const field of ['when', 'amount'] as const) {
        const fpath = `${path}.policies[${j}].rules[${k}].${field}`;
        const msg = options.checkExpression!(r[field], fpath);
        if (msg) issues.push({ path: fpath, message: msg.startsWith(`${fpath}: `) ? msg.slice(fpath.length + 2) : msg });
      }
    });
  });

  return {
    ...f,
    debt,
    policies,
    ...resolveCapital(c, f as unknown as CompanyParams, debt, path, issues),
    actions: [], // filled by resolveCapitalActions
  } as CompanyParams;
}

type WithOptionalId<T> = T extends unknown ? Omit<T, 'id'> & { id?: string } : never;

/** Capital programmes (docs/model.md 3.2-3.4): the reserve's derived fields and the checks a schema cannot make. */
function resolveCapital(c: CompanyFile, f: CompanyParams, debt: InstrumentParams[], path: string, issues: ScenarioIssue[]): Pick<CompanyParams, 'reserve'> {
  const { atm, preferredProgram } = f;
  if (preferredProgram && debt.some((d) => d.id === preferredProgram.id)) {
    issues.push({ path: `${path}.preferredProgram.id`, message: `"${preferredProgram.id}" is already the id of an instrument in debt; expected a new id for the programme's preferred` });
  }
  let reserve: CompanyParams['reserve'] = null;
  if (c.reserve) {
    // Derived: default sources are free cash, then the ATM when the company has a programme.
    const fundWith = [...(c.reserve.fundWith ?? (atm ? CAPITAL_DEFAULTS.reserve.fundWith : (['cash'] as const)))];
    fundWith.forEach((src, k) => {
      if (src === 'atm' && !atm) issues.push({ path: `${path}.reserve.fundWith[${k}]`, message: 'funds the reserve with "atm" but the company has no `atm` programme: declare one or remove "atm"' });
      if (src === 'preferred' && !preferredProgram) issues.push({ path: `${path}.reserve.fundWith[${k}]`, message: 'funds the reserve with "preferred" but the company has no `preferredProgram`: declare one or remove "preferred"' });
    });
    // Derived: the reserve at the start is the target (months x 365/12 x interest and dividends per day
    // on the starting principals), capped by the cash.
    let annual = 0;
    for (const d of debt) annual += d.kind === 'preferred' ? d.liquidationPreferenceUsd * d.dividendRate : d.principalUsd * (d.kind === 'convertible' ? d.couponRate : d.rate);
    const target0 = (c.reserve.targetMonths * annual) / 12;
    const cash = f.cashUsd;
    const initialUsd = c.reserve.initialUsd ?? Math.max(0, Math.min(cash, target0));
    if (initialUsd > Math.max(cash, 0)) issues.push({ path: `${path}.reserve.initialUsd`, message: `expected at most the company's cash (${cash} USD): the reserve is part of cashUsd` });
    reserve = { ...f.reserve!, initialUsd, fundWith };
  }
  return { reserve };
}

/** Builds the full correlation list over (coins..., INDEX) and checks it is positive semi-definite. */
function resolveCorrelations(given: Record<string, number>, coins: string[], issues: ScenarioIssue[]): CorrelationEntry[] {
  const assets = [...coins, 'INDEX'];
  const known = new Set(assets);
  const value = new Map<string, number>();
  const key = (a: string, b: string) => (a < b ? `${a}/${b}` : `${b}/${a}`);
  for (const [pair, rho] of Object.entries(DEFAULTS.scenario.correlations)) {
    const [a, b] = pair.split('/');
    if (known.has(a) && known.has(b)) value.set(key(a, b), rho);
  }
  for (const [pair, rho] of Object.entries(given)) {
    const [a, b] = pair.split('/');
    const bad = [a, b].filter((x) => !known.has(x));
    if (bad.length) {
      issues.push({ path: `correlations.${pair}`, message: `unknown asset ${bad.map((x) => `"${x}"`).join(' and ')}; expected coins of this scenario (${coins.join(', ')}) or INDEX` });
      continue;
    }
    if (a === b) {
      issues.push({ path: `correlations.${pair}`, message: 'a correlation pairs two different assets' });
      continue;
    }
    if (Object.hasOwn(given, `${b}/${a}`) && a > b) {
      issues.push({ path: `correlations.${pair}`, message: `given twice, as ${pair} and ${b}/${a}: keep one` });
      continue;
    }
    value.set(key(a, b), rho);
  }
  const n = assets.length;
  const m = new Float64Array(n * n);
  const entries: CorrelationEntry[] = [];
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const rho = value.get(key(assets[i], assets[j])) ?? 0;
      m[i * n + j] = m[j * n + i] = rho;
      entries.push({ a: assets[i], b: assets[j], rho });
    }
  }
  if (!cholesky(m, n)) {
    issues.push({ path: 'correlations', message: `the correlation matrix over (${assets.join(', ')}) is not positive semi-definite; lower the largest correlations or make them consistent (e.g. if A~B and B~C are high, A~C cannot be very low)` });
  }
  return entries;
}
