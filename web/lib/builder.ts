/**
 * The scenario builder's model: pure, copy-on-write edits of a scenario FILE
 * (the JSON `dat-sim validate` reads), and its validation by the CLI's own
 * resolver (src/resolve.ts). No rule is restated here: a value the schema
 * refuses is kept in the draft as typed and reported at its field path.
 *
 * New objects carry only the fields the schema requires; everything optional
 * is left out so the resolver fills it from src/presets/defaults.ts (the form
 * shows those effective values). The required fields start from the app's
 * template scenario (web/lib/template.ts) or from the scenario itself (its
 * start date, the coin's price), never from a second table of defaults.
 */
import { resolveScenario, ScenarioError, type ScenarioIssue } from '../../src/resolve.ts';
import { MARKET_PRESETS, SCENARIO_DEFAULTS, SCHEMA_VERSION } from '../../src/presets/defaults.ts';
import type { CompanyFile, ScenarioFile } from '../../src/schema.ts';
import { dateToOrdinal, isValidIsoDate, ordinalToDate, type ResolvedScenario } from '../../sim/index.ts';
import type { BuilderField } from './builder-fields.ts';
import { deleteIn, getIn, setIn, type Path } from './params.ts';
import { TEMPLATE_SCENARIO } from './template.ts';
import { toIssues } from './runner.ts';

export type Draft = Record<string, unknown>;
type Obj = Record<string, unknown>;

export const INSTRUMENT_KINDS = ['convertible', 'loan', 'preferred'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];
export const POLICY_KINDS = ['hold', 'buybackBelowNav', 'deleverage', 'defendListing', 'stopLoss', 'issueAboveNav', 'reverseSplit', 'accumulate', 'rules'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];
/** Lists of a market the builder edits, each a list of objects with a date. */
export const MARKET_LISTS = ['scriptedPath', 'scheduledFlows', 'liquidityShocks'] as const;
export type MarketList = (typeof MARKET_LISTS)[number];

const TEMPLATE_COMPANY = (TEMPLATE_SCENARIO.companies as CompanyFile[])[0];
const TEMPLATE_CONVERTIBLE = (TEMPLATE_COMPANY.debt ?? [])[0] as { principalUsd: number; conversionPrice: number };

// ---------------------------------------------------------------------------
// Starting points

/** The app's template (one made-up BTC treasury), as a fresh copy. */
export function templateDraft(): Draft {
  return structuredClone(TEMPLATE_SCENARIO);
}

/** An empty scenario: the template's start date, one market on the BTC preset, no companies. */
export function blankDraft(): Draft {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: 'my-scenario',
    name: 'My scenario',
    startDate: TEMPLATE_SCENARIO.startDate,
    horizonDays: SCENARIO_DEFAULTS.horizonDays,
    seed: SCENARIO_DEFAULTS.seed,
    markets: { BTC: { preset: 'BTC' } },
    companies: [],
  };
}

// ---------------------------------------------------------------------------
// Values

/**
 * What the user typed into a number box: a number when it reads as one ("80M", "1.5e9",
 * "80,000,000", "$2.20", "-5"), undefined for an empty box (the field is left out and takes
 * its default), else the text itself, which the schema then reports as "expected number".
 */
export function parseNumberInput(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const m = /^([-+−]?)\$?\s*((?:\d[\d,_]*)?\.?\d*(?:e[-+]?\d+)?)\s*([kmbt])?$/i.exec(t.replace(/\s+/g, ''));
  if (!m || !/\d/.test(m[2])) return text;
  const digits = m[2].replace(/[,_]/g, '');
  const mult = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[(m[3] ?? '').toLowerCase() as 'k'] ?? 1;
  const v = Number(digits) * mult * (m[1] === '-' || m[1] === '−' ? -1 : 1);
  if (!Number.isFinite(v)) return text;
  // Round away the binary noise of the multiplication (0.07 * 1e9 = 70000000.00000001).
  return mult === 1 ? v : Number(v.toPrecision(15));
}

/**
 * The value stored for what was typed into (or picked for) a field: numbers through
 * parseNumberInput; an empty optional box or "(default)" choice is undefined (the field is left
 * out); a whole-number seed stays a number, as in the saved scenarios; other text as typed.
 */
export function inputValue(f: Pick<BuilderField, 'kind' | 'key' | 'required'>, raw: string): unknown {
  if (f.kind === 'number') return parseNumberInput(raw);
  if (f.kind === 'boolean') return raw === '' ? undefined : raw === 'true';
  if (raw === '' && !f.required) return undefined;
  if (f.key === 'seed' && /^-?\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  return f.kind === 'enum' || f.kind === 'date' ? raw.trim() : raw;
}

/** Copy-on-write set; undefined removes the field (so the resolver's default applies). */
export function setField(d: Draft, path: Path, value: unknown): Draft {
  return value === undefined ? deleteIn(d, path) : setIn(d, path, value);
}

/** `date` + n calendar days (an invalid date comes back unchanged). */
export function addDays(date: string, n: number): string {
  return isValidIsoDate(date) ? ordinalToDate(dateToOrdinal(date) + n) : date;
}

function list(d: Draft, path: Path): Obj[] {
  const v = getIn(d, path);
  return Array.isArray(v) ? (v as Obj[]) : [];
}

function startDate(d: Draft): string {
  return typeof d.startDate === 'string' && isValidIsoDate(d.startDate) ? d.startDate : String(TEMPLATE_SCENARIO.startDate);
}

/** `base`, or `base2`, `base3`... whichever is not taken. */
export function uniqueName(base: string, taken: readonly unknown[]): string {
  const set = new Set(taken.map(String));
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}${i}`)) return `${base}${i}`;
}

/** Appends to a list (created when absent). */
export function appendAt(d: Draft, path: Path, item: unknown): Draft {
  return setIn(d, path, [...list(d, path), item]);
}

/** Removes item i of a list; an emptied optional list of a market or company is left out. */
export function removeAt(d: Draft, path: Path, i: number): Draft {
  const next = list(d, path).filter((_x, k) => k !== i);
  // `companies` is required and a rules policy needs its list (the schema says so if emptied).
  if (next.length === 0 && !(path.length === 1 && path[0] === 'companies') && path[path.length - 1] !== 'rules') return deleteIn(d, path);
  return setIn(d, path, next);
}

/** Moves item i of a list by `by` places (clamped), for keyboard reordering. */
export function moveAt(d: Draft, path: Path, i: number, by: number): Draft {
  const items = [...list(d, path)];
  const j = Math.min(items.length - 1, Math.max(0, i + by));
  if (i < 0 || i >= items.length || j === i) return d;
  const [x] = items.splice(i, 1);
  items.splice(j, 0, x);
  return setIn(d, path, items);
}

// ---------------------------------------------------------------------------
// Markets

/** The coin's price the day before the start: the file's price0, else the resolved one, else its preset's. */
export function coinPrice(d: Draft, coin: string, resolved?: ResolvedScenario | null): number | undefined {
  const m = (getIn(d, ['markets', coin]) ?? {}) as Obj;
  if (typeof m.price0 === 'number') return m.price0;
  const r = resolved?.markets.find((x) => x.coin === coin)?.price0;
  if (r !== undefined) return r;
  const preset = typeof m.preset === 'string' ? m.preset : coin;
  return Object.hasOwn(MARKET_PRESETS, preset) ? MARKET_PRESETS[preset].price0 : undefined;
}

export function marketCoins(d: Draft): string[] {
  const m = d.markets;
  return m && typeof m === 'object' && !Array.isArray(m) ? Object.keys(m) : [];
}

/**
 * Adds a market. A coin with a preset starts from it ({preset}); any other coin needs the three
 * numbers no default supplies (price0, sigma, dailyVolumeUsd), which start from the BTC preset's
 * volatility and volume and a $1 price, for the user to set.
 */
export function addMarket(d: Draft, coin: string): Draft {
  if (marketCoins(d).includes(coin)) return d;
  const market = Object.hasOwn(MARKET_PRESETS, coin) ? { preset: coin } : { price0: 1, sigma: MARKET_PRESETS.BTC.sigma, dailyVolumeUsd: MARKET_PRESETS.BTC.dailyVolumeUsd };
  return setIn(d, ['markets', coin], market);
}

export function removeMarket(d: Draft, coin: string): Draft {
  return deleteIn(d, ['markets', coin]);
}

/**
 * A new item for a market list: a scripted point 30 days after the last one (or the start) at the
 * last point's price (or the coin's price); a flow of $100M a day for 10 days; a liquidity shock
 * halving volume for 5 days, both from the start (or 30 days after the last one).
 */
export function newMarketItem(d: Draft, coin: string, which: MarketList, resolved?: ResolvedScenario | null): Obj {
  const items = list(d, ['markets', coin, which]);
  const last = items[items.length - 1];
  const lastDate = last && typeof (last.date ?? last.startDate) === 'string' ? String(last.date ?? last.startDate) : undefined;
  const date = lastDate && isValidIsoDate(lastDate) ? addDays(lastDate, 30) : addDays(startDate(d), which === 'scriptedPath' ? 30 : 0);
  if (which === 'scriptedPath') {
    const price = typeof last?.price === 'number' ? last.price : coinPrice(d, coin, resolved) ?? 1;
    return { date, price };
  }
  if (which === 'scheduledFlows') return { startDate: date, days: 10, usdPerDay: 100e6, label: 'selling' };
  return { startDate: date, days: 5, volumeFraction: 0.5, label: 'depth halves' };
}

export function addMarketItem(d: Draft, coin: string, which: MarketList, resolved?: ResolvedScenario | null): Draft {
  return appendAt(d, ['markets', coin, which], newMarketItem(d, coin, which, resolved));
}

// ---------------------------------------------------------------------------
// Companies

export function companyList(d: Draft): CompanyFile[] {
  return list(d, ['companies']) as CompanyFile[];
}

/**
 * A new company on the first market: the template company's required fields (exchange, shares,
 * stock price), a new ticker, and a treasury worth as much as the template's (2,000 BTC at $110k =
 * $220M) bought at the coin's current price. Every optional field is left to its default.
 */
export function newCompany(d: Draft, resolved?: ResolvedScenario | null): CompanyFile {
  const coin = marketCoins(d)[0] ?? TEMPLATE_COMPANY.coin;
  const n = companyList(d).length + 1;
  const ticker = uniqueName('NEWCO', companyList(d).map((c) => c.ticker));
  const price = coinPrice(d, coin, resolved);
  const valueUsd = TEMPLATE_COMPANY.coins * TEMPLATE_COMPANY.costBasisUsd;
  const costBasisUsd = price ? Number(price.toPrecision(3)) : TEMPLATE_COMPANY.costBasisUsd;
  return {
    ticker,
    name: `New company ${n} (made up)`,
    coin,
    exchange: TEMPLATE_COMPANY.exchange,
    coins: Number((valueUsd / costBasisUsd).toPrecision(3)),
    costBasisUsd,
    sharesOutstanding: TEMPLATE_COMPANY.sharesOutstanding,
    stockPrice0: TEMPLATE_COMPANY.stockPrice0,
  };
}

export function addCompany(d: Draft, resolved?: ResolvedScenario | null): Draft {
  return appendAt(d, ['companies'], newCompany(d, resolved));
}

/**
 * A new instrument of a kind, with the fields its schema requires: the template convertible's
 * principal (and conversion price), maturing three years after the start; a preferred's dividend
 * rate (required, no default) starts at 10%.
 */
export function newInstrument(d: Draft, ci: number, kind: InstrumentKind): Obj {
  const taken = list(d, ['companies', ci, 'debt']).map((x) => x.id);
  const id = uniqueName(kind, taken);
  const maturityDate = addDays(startDate(d), 3 * 365);
  const principalUsd = TEMPLATE_CONVERTIBLE.principalUsd;
  if (kind === 'convertible') return { kind, id, principalUsd, maturityDate, conversionPrice: TEMPLATE_CONVERTIBLE.conversionPrice };
  if (kind === 'loan') return { kind, id, principalUsd, maturityDate };
  return { kind, id, liquidationPreferenceUsd: principalUsd, dividendRate: 0.1 };
}

export function addInstrument(d: Draft, ci: number, kind: InstrumentKind): Draft {
  return appendAt(d, ['companies', ci, 'debt'], newInstrument(d, ci, kind));
}

/**
 * A new policy: its kind only (every setting takes its default), but one starter rule for `rules`
 * and, for `reverseSplit`, the one trigger it needs (both default triggers are off, which the
 * resolver refuses): split below $1, the usual minimum bid price.
 */
export function newPolicy(kind: PolicyKind): Obj {
  if (kind === 'rules') return { kind, rules: [newRule()] };
  if (kind === 'reverseSplit') return { kind, belowPriceUsd: 1 };
  return { kind };
}

/** A starter rule (the saved scenarios' "buy back below NAV" rule, docs/model.md rule variables). */
export function newRule(): Obj {
  return { when: 'mnav < 1', action: 'buyback', amount: '0.05 * advUsd' };
}

export function addPolicy(d: Draft, ci: number, kind: PolicyKind): Draft {
  return appendAt(d, ['companies', ci, 'policies'], newPolicy(kind));
}

// ---------------------------------------------------------------------------
// Validation (the CLI's resolver)

export interface Validation {
  issues: ScenarioIssue[];
  resolved: ResolvedScenario | null;
}

/**
 * Validates a draft exactly as `dat-sim validate` does (resolveScenario); `checkExpression`
 * (sim/expr.ts) checks rule expressions when given, as the CLI does.
 */
export function validateDraft(d: Draft, checkExpression?: (source: string, path: string) => string | null): Validation {
  try {
    return { issues: [], resolved: resolveScenario(d, { checkExpression }) };
  } catch (e) {
    return { issues: e instanceof ScenarioError ? e.issues : toIssues(e), resolved: null };
  }
}

/** The issues reported at exactly this field path. */
export function issuesAt(issues: readonly ScenarioIssue[], id: string): ScenarioIssue[] {
  return issues.filter((i) => i.path === id);
}

/**
 * Where an issue is shown when its path has no field on screen: the deepest path in `shown` equal to
 * `path` or a prefix of it at a "." or "[" boundary ('' = the whole file), e.g. "companies[0].debt"
 * under its company.
 */
export function ownerOf(path: string, shown: ReadonlySet<string>): string {
  let p = path;
  while (p) {
    if (shown.has(p)) return p;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return '';
}

/** The file as saved: the draft as JSON, two-space indented, with a final newline. */
export function draftText(d: Draft): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

/** A file name for the draft ("<id>.json", "scenario.json" when the id is not usable). */
export function draftFileName(d: Draft): string {
  const id = typeof d.id === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(d.id) ? d.id : 'scenario';
  return `${id}.json`;
}

export type { ScenarioFile };
