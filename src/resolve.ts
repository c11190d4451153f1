/**
 * Scenario file -> ResolvedScenario: validate the file (zod), expand presets,
 * fill defaults, then check what a schema cannot: references between objects,
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
  LeverageParams,
  ListingRuleSet,
  MarketParams,
  PolicyParams,
  ResolvedScenario,
} from '../sim/types.ts';
import { cholesky } from '../sim/math.ts';
import { dateToOrdinal } from '../sim/calendar.ts';
import { scriptLevel } from '../sim/engine.ts';
import {
  CAPITAL_DEFAULTS,
  COMPANY_DEFAULTS,
  DEBT_DEFAULTS,
  DEFAULT_CORRELATIONS,
  EQUITY_INDEX_DEFAULT,
  MARKET_DEFAULTS,
  MARKET_PRESETS,
  POLICY_DEFAULTS,
  PREMIUM_DEFAULTS,
  SCENARIO_DEFAULTS,
  STOCK_DEFAULTS,
} from './presets/defaults.ts';
import { LISTING_RULE_PRESETS } from './presets/listing-rules.ts';
import { exchangeHolidays, type HolidayCalendarId } from '../sim/holidays.ts';
import { ScenarioFileSchema, type CompanyFile, type MarketFile, type ScenarioFile } from './schema.ts';
import { checkSplitPolicy, resolveCapitalActions, resolveHolderTerms } from './resolve-actions.ts';
import { CAPITAL_ACTION_DEFAULTS } from './presets/defaults.ts';

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
    super(`invalid scenario${file ? ` ${file}` : ''}:\n  ${lines.join('\n  ')}`);
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
  const horizonDays = file.horizonDays ?? SCENARIO_DEFAULTS.horizonDays;

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
    const { preset: _preset, ...rest } = rs;
    const merged = { ...(base ?? {}), ...rest, id } as Partial<ListingRuleSet>;
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
    description: file.description ?? SCENARIO_DEFAULTS.description,
    startDate: file.startDate,
    horizonDays,
    seed: String(file.seed ?? SCENARIO_DEFAULTS.seed),
    holidays,
    markets,
    equityIndex: { ...EQUITY_INDEX_DEFAULT, ...(file.equityIndex ?? {}) },
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
  let price0 = m.price0;
  if (price0 === undefined && script.length) price0 = scriptLevel(script, startOrd - 1);
  price0 ??= preset?.price0;
  const sigma = m.sigma ?? preset?.sigma;
  const dailyVolumeUsd = m.dailyVolumeUsd ?? preset?.dailyVolumeUsd;
  const missing: string[] = [];
  if (price0 === undefined) missing.push('price0');
  if (sigma === undefined) missing.push('sigma');
  if (dailyVolumeUsd === undefined) missing.push('dailyVolumeUsd');
  if (missing.length) {
    issues.push({ path, message: `market "${coin}" has no preset, so it needs ${missing.join(', ')} (presets: ${Object.keys(MARKET_PRESETS).join(', ')})` });
    return null;
  }
  const base = preset ?? { ...MARKET_DEFAULTS, peakPrice: undefined, impactVol: undefined };
  const leverageBase = preset?.leverage ?? MARKET_DEFAULTS.leverage;
  const lev = { ...leverageBase, ...(m.leverage ?? {}) };
  if (m.leverage?.openInterestUsd !== undefined && m.leverage.targetOpenInterestUsd === undefined) {
    lev.targetOpenInterestUsd = m.leverage.openInterestUsd;
  }
  resolveShortSide(lev, m.leverage ?? {}, leverageBase);
  // Running peak: the coin's known high (preset), the start price, or a scripted point before the start.
  let peakPrice = Math.max(preset?.peakPrice ?? 0, price0!);
  for (const p of script) if (dateToOrdinal(p.date) < startOrd) peakPrice = Math.max(peakPrice, p.price);
  const market: MarketParams = {
    coin,
    price0: price0!,
    peakPrice: m.peakPrice ?? peakPrice,
    mu: m.mu ?? base.mu,
    sigma: sigma!,
    jumpsPerYear: m.jumpsPerYear ?? base.jumpsPerYear,
    jumpMean: m.jumpMean ?? base.jumpMean,
    jumpStd: m.jumpStd ?? base.jumpStd,
    impactLaw: m.impactLaw ?? base.impactLaw,
    impactVol: m.impactVol ?? (m.sigma !== undefined ? m.sigma : (preset?.impactVol ?? sigma!)),
    impactY: m.impactY ?? base.impactY,
    lambdaPerBillion: m.lambdaPerBillion ?? base.lambdaPerBillion,
    dailyVolumeUsd: dailyVolumeUsd!,
    minLiquidityFraction: m.minLiquidityFraction ?? base.minLiquidityFraction,
    liquidityDrawdownSensitivity: m.liquidityDrawdownSensitivity ?? base.liquidityDrawdownSensitivity,
    permanentFraction: m.permanentFraction ?? base.permanentFraction,
    halfLifeDays: m.halfLifeDays ?? base.halfLifeDays,
    leverage: lev,
    etfFlow: { ...(preset?.etfFlow ?? MARKET_DEFAULTS.etfFlow), ...(m.etfFlow ?? {}) },
    scheduledFlows: (m.scheduledFlows ?? []).map((f, i) => ({ startDate: f.startDate, days: f.days, usdPerDay: f.usdPerDay, label: f.label ?? `flow ${i + 1}` })),
    liquidityShocks: (m.liquidityShocks ?? []).map((l, i) => ({ startDate: l.startDate, days: l.days, volumeFraction: l.volumeFraction, label: l.label ?? `liquidity shock ${i + 1}` })),
    scriptedPath: script.map((p) => ({ date: p.date, price: p.price })),
  };
  return market;
}

function resolveCompany(c: CompanyFile, path: string, startOrd: number, issues: ScenarioIssue[], options: ResolveOptions): CompanyParams {
  const debt: InstrumentParams[] = (c.debt ?? []).map((d, j): InstrumentParams => {
    const id = d.id ?? `${d.kind}${j + 1}`;
    if (d.kind === 'preferred') return { kind: 'preferred', id, liquidationPreferenceUsd: d.liquidationPreferenceUsd, dividendRate: d.dividendRate };
    const dpath = `${path}.debt[${j}]`;
    const collateral = {
      collateralCoins: d.collateralCoins ?? DEBT_DEFAULTS.collateralCoins,
      covenantLtv: d.covenantLtv ?? DEBT_DEFAULTS.covenantLtv,
      liquidationLtv: d.liquidationLtv ?? DEBT_DEFAULTS.liquidationLtv,
      targetLtv: d.targetLtv ?? DEBT_DEFAULTS.targetLtv,
    };
    if (collateral.collateralCoins > c.coins) issues.push({ path: `${dpath}.collateralCoins`, message: `pledges ${collateral.collateralCoins} coins but the company holds ${c.coins}` });
    if (collateral.covenantLtv > 0 && collateral.targetLtv >= collateral.covenantLtv) issues.push({ path: `${dpath}.targetLtv`, message: `expected a target LTV below the covenant LTV (${collateral.covenantLtv})` });
    if (collateral.liquidationLtv > 0 && collateral.covenantLtv > 0 && collateral.liquidationLtv < collateral.covenantLtv) issues.push({ path: `${dpath}.liquidationLtv`, message: `expected the liquidation LTV to be at or above the covenant LTV (${collateral.covenantLtv})` });
    if (dateToOrdinal(d.maturityDate) < startOrd) issues.push({ path: `${dpath}.maturityDate`, message: `matures before the scenario starts (${d.maturityDate}); remove it or move startDate` });
    const holder = resolveHolderTerms(d, dpath, startOrd, issues);
    if (d.kind === 'convertible') {
      return { kind: 'convertible', id, principalUsd: d.principalUsd, couponRate: d.couponRate ?? DEBT_DEFAULTS.couponRate, maturityDate: d.maturityDate, conversionPrice: d.conversionPrice, putDate: d.putDate ?? null, ...collateral, ...holder };
    }
    return { kind: 'loan', id, principalUsd: d.principalUsd, rate: d.rate ?? DEBT_DEFAULTS.loanRate, maturityDate: d.maturityDate, ...collateral, ...holder };
  });
  (c.priorReverseSplits ?? []).forEach((r, k) => {
    if (dateToOrdinal(r.date) >= startOrd) issues.push({ path: `${path}.priorReverseSplits[${k}].date`, message: `expected a date before startDate; a split during the run is a policy action (defendListing or a rule)` });
  });
  if (c.listing?.noticeDate && dateToOrdinal(c.listing.noticeDate) >= startOrd) issues.push({ path: `${path}.listing.noticeDate`, message: `expected a date before startDate (a notice already received)` });
  const pledged = debt.reduce((s, d) => s + (d.kind === 'preferred' ? 0 : d.collateralCoins), 0);
  if (pledged > c.coins + 1e-9) issues.push({ path: `${path}.debt`, message: `instruments pledge ${pledged} coins in all but the company holds ${c.coins}` });

  const policies: PolicyParams[] = (c.policies ?? [{ kind: 'hold' }]).map((p, j): PolicyParams => {
    switch (p.kind) {
      case 'hold':
        return { kind: 'hold' };
      case 'buybackBelowNav':
        return { ...POLICY_DEFAULTS.buybackBelowNav, ...stripUndefined(p), kind: 'buybackBelowNav' };
      case 'deleverage':
        return { ...POLICY_DEFAULTS.deleverage, ...stripUndefined(p), kind: 'deleverage' };
      case 'defendListing':
        return { ...POLICY_DEFAULTS.defendListing, ...stripUndefined(p), kind: 'defendListing' };
      case 'stopLoss':
        return { ...POLICY_DEFAULTS.stopLoss, ...stripUndefined(p), kind: 'stopLoss' };
      case 'issueAboveNav':
        return { ...POLICY_DEFAULTS.issueAboveNav, ...stripUndefined(p), kind: 'issueAboveNav' };
      case 'accumulate':
        if (!c.atm && !c.preferredProgram) issues.push({ path: `${path}.policies[${j}]`, message: 'accumulate raises money through the company\'s `atm` or `preferredProgram`: declare at least one of them' });
        return { ...POLICY_DEFAULTS.accumulate, ...stripUndefined(p), kind: 'accumulate' };
      case 'reverseSplit':
        return { ...POLICY_DEFAULTS.reverseSplit, ...stripUndefined(p), kind: 'reverseSplit' };
      case 'rules': {
        p.rules.forEach((r, k) => {
          if (!options.checkExpression) return;
          for (const field of ['when', 'amount'] as const) {
            const fpath = `${path}.policies[${j}].rules[${k}].${field}`;
            const msg = options.checkExpression(r[field], fpath);
            if (msg) issues.push({ path: fpath, message: msg.startsWith(`${fpath}: `) ? msg.slice(fpath.length + 2) : msg });
          }
        });
        return { kind: 'rules', rules: p.rules.map((r) => ({ when: r.when, action: r.action, amount: r.amount })) };
      }
    }
  });

  const capital = resolveCapital(c, debt, path, issues);
  return {
    ticker: c.ticker,
    name: c.name,
    coin: c.coin,
    exchange: c.exchange,
    coins: c.coins,
    costBasisUsd: c.costBasisUsd,
    cashUsd: c.cashUsd ?? COMPANY_DEFAULTS.cashUsd,
    otherAssetsUsd: c.otherAssetsUsd ?? COMPANY_DEFAULTS.otherAssetsUsd,
    sharesOutstanding: c.sharesOutstanding,
    stockPrice0: c.stockPrice0,
    opexUsdPerYear: c.opexUsdPerYear ?? COMPANY_DEFAULTS.opexUsdPerYear,
    buybackAuthorizationUsd: c.buybackAuthorizationUsd ?? COMPANY_DEFAULTS.buybackAuthorizationUsd,
    saleSignalImpact: c.saleSignalImpact ?? COMPANY_DEFAULTS.saleSignalImpact,
    quietDays: c.quietDays ?? COMPANY_DEFAULTS.quietDays,
    saleAnnouncementMinFraction: c.saleAnnouncementMinFraction ?? COMPANY_DEFAULTS.saleAnnouncementMinFraction,
    priorReverseSplits: (c.priorReverseSplits ?? []).map((r) => ({ date: r.date, ratio: r.ratio })),
    ...(c.listing ? { listing: { ...stripUndefined(c.listing), ...(c.listing.closesBeforeStart ? { closesBeforeStart: [...c.listing.closesBeforeStart] } : {}) } } : {}),
    premium: { ...PREMIUM_DEFAULTS, ...stripUndefined(c.premium ?? {}) },
    stock: { ...STOCK_DEFAULTS, ...stripUndefined(c.stock ?? {}) },
    debt,
    fundingOrder: [...(c.fundingOrder ?? COMPANY_DEFAULTS.fundingOrder)],
    policies,
    ...capital,
    actions: [], // filled by resolveCapitalActions
    splitNoticeDays: c.splitNoticeDays ?? CAPITAL_ACTION_DEFAULTS.splitNoticeDays,
  };
}

/** Capital programmes (docs/model.md 3.2-3.4): defaults and the checks a schema cannot make. */
function resolveCapital(c: CompanyFile, debt: InstrumentParams[], path: string, issues: ScenarioIssue[]): Pick<CompanyParams, 'atm' | 'preferredProgram' | 'reserve' | 'buybackCashFraction' | 'buybackMinCashUsd'> {
  const cd = CAPITAL_DEFAULTS;
  const atm = c.atm ? { shelfUsd: c.atm.shelfUsd, maxAdvFraction: c.atm.maxAdvFraction ?? cd.atm.maxAdvFraction, minMnav: c.atm.minMnav ?? cd.atm.minMnav } : null;
  const pp = c.preferredProgram;
  const preferredProgram = pp
    ? { id: pp.id ?? cd.preferredProgram.id, shelfUsd: pp.shelfUsd, dividendRate: pp.dividendRate, pricePerPreference: pp.pricePerPreference ?? cd.preferredProgram.pricePerPreference, maxUsdPerDay: pp.maxUsdPerDay ?? cd.preferredProgram.maxUsdPerDay }
    : null;
  if (preferredProgram && debt.some((d) => d.id === preferredProgram.id)) {
    issues.push({ path: `${path}.preferredProgram.id`, message: `"${preferredProgram.id}" is already the id of an instrument in debt; expected a new id for the programme's preferred` });
  }
  let reserve: CompanyParams['reserve'] = null;
  if (c.reserve) {
    // Default sources: free cash, then the ATM when the company has a programme.
    const fundWith = [...(c.reserve.fundWith ?? (atm ? cd.reserve.fundWith : (['cash'] as const)))];
    fundWith.forEach((src, k) => {
      if (src === 'atm' && !atm) issues.push({ path: `${path}.reserve.fundWith[${k}]`, message: 'funds the reserve with "atm" but the company has no `atm` programme: declare one or remove "atm"' });
      if (src === 'preferred' && !preferredProgram) issues.push({ path: `${path}.reserve.fundWith[${k}]`, message: 'funds the reserve with "preferred" but the company has no `preferredProgram`: declare one or remove "preferred"' });
    });
    // Target at the start: months x 365/12 x (interest + dividends per day) on the starting principals.
    let annual = 0;
    for (const d of debt) annual += d.kind === 'preferred' ? d.liquidationPreferenceUsd * d.dividendRate : d.principalUsd * (d.kind === 'convertible' ? d.couponRate : d.rate);
    const target0 = (c.reserve.targetMonths * annual) / 12;
    const cash = c.cashUsd ?? COMPANY_DEFAULTS.cashUsd;
    const initialUsd = c.reserve.initialUsd ?? Math.max(0, Math.min(cash, target0));
    if (initialUsd > Math.max(cash, 0)) issues.push({ path: `${path}.reserve.initialUsd`, message: `expected at most the company's cash (${cash} USD): the reserve is part of cashUsd` });
    reserve = { targetMonths: c.reserve.targetMonths, initialUsd, fundWith, maxFundingUsdPerDay: c.reserve.maxFundingUsdPerDay ?? cd.reserve.maxFundingUsdPerDay };
  }
  return {
    atm,
    preferredProgram,
    reserve,
    buybackCashFraction: c.buybackCashFraction ?? cd.buybackCashFraction,
    buybackMinCashUsd: c.buybackMinCashUsd ?? cd.buybackMinCashUsd,
  };
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && k !== 'kind') out[k] = v;
  return out as { [K in keyof T]-?: Exclude<T[K], undefined> };
}

/** Builds the full correlation list over (coins..., INDEX) and checks it is positive semi-definite. */
function resolveCorrelations(given: Record<string, number>, coins: string[], issues: ScenarioIssue[]): CorrelationEntry[] {
  const assets = [...coins, 'INDEX'];
  const known = new Set(assets);
  const value = new Map<string, number>();
  const key = (a: string, b: string) => (a < b ? `${a}/${b}` : `${b}/${a}`);
  for (const [pair, rho] of Object.entries(DEFAULT_CORRELATIONS)) {
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

/**
 * Short side of a market's leverage (docs/model.md 2.4). The long fields keep v1's names and
 * meaning. A short field the file leaves out mirrors the matching long field when the file sets
 * that one (a v1 file that sizes its long book gets a balanced book of the same size; set the
 * short fields to 0 for v1's long-only market), and otherwise takes the preset's value.
 */
function resolveShortSide(
  lev: LeverageParams,
  given: Partial<LeverageParams>,
  base: LeverageParams,
): void {
  lev.shortOpenInterestUsd = given.shortOpenInterestUsd ?? (given.openInterestUsd !== undefined ? lev.openInterestUsd : base.shortOpenInterestUsd);
  lev.shortTargetOpenInterestUsd = given.shortTargetOpenInterestUsd
    ?? (given.shortOpenInterestUsd !== undefined ? given.shortOpenInterestUsd
      : given.targetOpenInterestUsd !== undefined || given.openInterestUsd !== undefined ? lev.targetOpenInterestUsd
        : base.shortTargetOpenInterestUsd);
  lev.shortMeanLiquidationDistance = given.shortMeanLiquidationDistance ?? (given.meanLiquidationDistance !== undefined ? lev.meanLiquidationDistance : base.shortMeanLiquidationDistance);
  lev.shortRebuildPerDay = given.shortRebuildPerDay ?? (given.rebuildPerDay !== undefined ? lev.rebuildPerDay : base.shortRebuildPerDay);
}
