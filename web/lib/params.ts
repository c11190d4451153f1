/**
 * The parameter panel's model, generated from the zod schema's field metadata
 * (src/schema.ts `.meta({description, unit, default, min, max, step})`): which
 * fields a scenario file has, how to label them, their slider ranges, and
 * copy-on-write get/set of values by path. Pure (no DOM).
 *
 * Paths address the scenario FILE (what users write and share), e.g.
 * ["companies", 0, "premium", "kappa"]; `resolvedValue` maps one onto the
 * resolved scenario to show the effective value of a field the file leaves out.
 */
import {
  CompanySchema,
  EquityIndexSchema,
  InstrumentSchema,
  MarketSchema,
  PolicySchema,
  type ScenarioFile,
} from '../../src/schema.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import { effectiveDefault } from '../../src/presets/effective-default.ts';
import { humanize } from './format.ts';

export type Path = (string | number)[];

export interface FieldDesc {
  /** Path as text, the same form as ScenarioError issue paths ("companies[0].premium.kappa"). */
  id: string;
  path: Path;
  key: string;
  label: string;
  kind: 'number' | 'enum' | 'text';
  description: string;
  unit?: string;
  /** The schema's stated default, as text ("2", "sigma", "preset"). */
  defaultText?: string;
  /** Slider range and step from the metadata (not hard limits). */
  min?: number;
  max?: number;
  step?: number;
  integer: boolean;
  options?: string[];
}

export interface FieldGroup {
  id: string;
  title: string;
  description?: string;
  fields: FieldDesc[];
  groups: FieldGroup[];
}

export function pathId(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

// ---------------------------------------------------------------------------
// zod introspection (zod 4: every schema has `_zod.def` with a `type`)

export interface ZodLike {
  _zod: { def: { type: string; innerType?: ZodLike; shape?: Record<string, ZodLike>; element?: ZodLike; options?: ZodLike[]; entries?: Record<string, string>; values?: unknown[] } };
  meta(): Record<string, unknown> | undefined;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: unknown;
}

interface Unwrapped {
  inner: ZodLike;
  meta: Record<string, unknown>;
}

/** Strip optional/nullable/default wrappers, merging the metadata found on every layer (inner wins). */
export function unwrap(s: ZodLike): Unwrapped {
  let meta: Record<string, unknown> = { ...(s.meta() ?? {}) };
  let cur = s;
  for (let i = 0; i < 8; i++) {
    const t = cur._zod.def.type;
    if ((t === 'optional' || t === 'nullable' || t === 'default' || t === 'prefault') && cur._zod.def.innerType) {
      cur = cur._zod.def.innerType;
      meta = { ...meta, ...(cur.meta() ?? {}) };
    } else break;
  }
  return { inner: cur, meta };
}

export function shapeOf(s: ZodLike): Record<string, ZodLike> {
  const inner = unwrap(s).inner;
  return inner._zod.def.shape ?? {};
}

export function optionFor(union: ZodLike, kind: string): ZodLike | undefined {
  const opts = unwrap(union).inner._zod.def.options ?? [];
  return opts.find((o) => {
    const lit = shapeOf(o).kind;
    return lit && (lit._zod.def.values ?? []).includes(kind);
  });
}

/** Friendlier labels for the fields people look for first. */
const LABELS: Record<string, string> = {
  sigma: 'Volatility σ',
  mu: 'Drift μ',
  impactLaw: 'Impact law',
  impactY: 'Impact prefactor Y',
  impactVol: 'Impact volatility',
  lambdaPerBillion: 'Linear λ per $1B',
  dailyVolumeUsd: 'Daily spot volume V',
  price0: 'Start price',
  peakPrice: 'Peak price',
  openInterestUsd: 'Long open interest at risk',
  targetOpenInterestUsd: 'Target long open interest',
  meanLiquidationDistance: 'Mean liquidation distance (longs)',
  rebuildPerDay: 'Long open interest rebuild',
  shortOpenInterestUsd: 'Short open interest at risk',
  shortTargetOpenInterestUsd: 'Target short open interest',
  shortMeanLiquidationDistance: 'Mean liquidation distance (shorts)',
  shortRebuildPerDay: 'Short open interest rebuild',
  aumUsd: 'ETF AUM',
  flowVolUsd: 'Flow noise',
  coins: 'Coins held',
  costBasisUsd: 'Cost basis',
  cashUsd: 'Cash',
  otherAssetsUsd: 'Other assets',
  sharesOutstanding: 'Shares outstanding',
  stockPrice0: 'Stock price (start)',
  opexUsdPerYear: 'Opex per year',
  buybackAuthorizationUsd: 'Buyback authorization',
  kappa: 'Mean reversion κ',
  premiumVol: 'Premium volatility',
  principalUsd: 'Principal',
  liquidationPreferenceUsd: 'Liquidation preference',
  covenantLtv: 'Covenant LTV',
  liquidationLtv: 'Liquidation LTV',
  targetLtv: 'Target LTV',
  navDiscountThreshold: 'NAV discount threshold',
  maxAdvFraction: 'Max share of ADV',
  maxPriceUsd: 'Max stock price',
};

export function fieldFrom(path: Path, key: string, s: ZodLike): FieldDesc | null {
  const { inner, meta } = unwrap(s);
  const t = inner._zod.def.type;
  const base = {
    id: pathId(path),
    path,
    key,
    label: LABELS[key] ?? humanize(key),
    description: typeof meta.description === 'string' ? meta.description : '',
    unit: typeof meta.unit === 'string' ? meta.unit : undefined,
    defaultText: meta.default === undefined ? undefined : typeof meta.default === 'string' ? meta.default : JSON.stringify(meta.default),
  };
  if (t === 'number') {
    return {
      ...base,
      kind: 'number',
      min: typeof meta.min === 'number' ? meta.min : undefined,
      max: typeof meta.max === 'number' ? meta.max : undefined,
      step: typeof meta.step === 'number' ? meta.step : undefined,
      integer: inner.isInt === true,
    };
  }
  if (t === 'enum') {
    const entries = inner._zod.def.entries ?? {};
    return { ...base, kind: 'enum', integer: false, options: Object.values(entries) };
  }
  return null;
}

/** Numeric and enum fields of an object schema, with nested objects as sub-groups. */
function describeObject(schema: ZodLike, basePath: Path, skip: ReadonlySet<string> = new Set()): { fields: FieldDesc[]; groups: FieldGroup[] } {
  const fields: FieldDesc[] = [];
  const groups: FieldGroup[] = [];
  for (const [key, s] of Object.entries(shapeOf(schema))) {
    if (skip.has(key)) continue;
    const path = [...basePath, key];
    const { inner, meta } = unwrap(s);
    if (inner._zod.def.type === 'object') {
      const sub = describeObject(inner, path);
      if (sub.fields.length || sub.groups.length) {
        groups.push({ id: pathId(path), title: humanize(key), description: typeof meta.description === 'string' ? meta.description : undefined, ...sub });
      }
      continue;
    }
    const f = fieldFrom(path, key, s);
    if (f) fields.push(f);
  }
  return { fields, groups };
}

const MARKET_GROUP_ORDER = ['sigma', 'impactLaw', 'impactY', 'lambdaPerBillion', 'dailyVolumeUsd'];

/** The whole panel for one scenario file. */
export function buildGroups(file: ScenarioFile, exchanges: readonly string[]): FieldGroup[] {
  const groups: FieldGroup[] = [];
  for (const coin of Object.keys(file.markets ?? {})) {
    const d = describeObject(MarketSchema as unknown as ZodLike, ['markets', coin], new Set(['preset', 'sources']));
    // Put the impact controls first: they decide whether the spiral runs away.
    d.fields.sort((a, b) => rank(a.key) - rank(b.key));
    groups.push({ id: `markets.${coin}`, title: `Market ${coin}`, fields: d.fields, groups: d.groups });
  }
  (file.companies ?? []).forEach((c, i) => {
    const base: Path = ['companies', i];
    // Capital blocks (docs/model.md 3.2-3.3) have required fields: shown only when the file declares them.
    const absentCapital = (['atm', 'preferredProgram', 'reserve'] as const).filter((k) => c[k] === undefined);
    const d = describeObject(CompanySchema as unknown as ZodLike, base, new Set(['ticker', 'name', 'coin', 'sources', ...absentCapital]));
    d.fields.unshift({
      id: pathId([...base, 'exchange']),
      path: [...base, 'exchange'],
      key: 'exchange',
      label: 'Exchange (listing rules)',
      kind: 'enum',
      description: 'Listing rule set the company is held to (docs/model.md §6)',
      integer: false,
      options: [...new Set([...exchanges, c.exchange])],
    });
    const sub: FieldGroup[] = [...d.groups];
    (c.debt ?? []).forEach((ins, j) => {
      const opt = optionFor(InstrumentSchema as unknown as ZodLike, ins.kind);
      if (!opt) return;
      const p: Path = [...base, 'debt', j];
      const dd = describeObject(opt, p, new Set(['kind', 'id', 'sources']));
      sub.push({ id: pathId(p), title: `Debt ${j + 1}: ${ins.kind}${ins.id ? ` (${ins.id})` : ''}`, fields: dd.fields, groups: dd.groups });
    });
    (c.policies ?? []).forEach((pol, j) => {
      const p: Path = [...base, 'policies', j];
      const opt = optionFor(PolicySchema as unknown as ZodLike, pol.kind);
      if (!opt) return;
      const description = typeof opt.meta()?.description === 'string' ? (opt.meta()!.description as string) : undefined;
      if (pol.kind === 'rules') {
        const fields: FieldDesc[] = [];
        pol.rules.forEach((_r, k) => {
          for (const key of ['when', 'action', 'amount'] as const) {
            const rp: Path = [...p, 'rules', k, key];
            fields.push({
              id: pathId(rp),
              path: rp,
              key,
              label: `Rule ${k + 1} ${key}`,
              kind: key === 'action' ? 'enum' : 'text',
              description: key === 'when' ? 'Boolean expression over the rule variables' : key === 'amount' ? 'Expression for the amount (coins, USD or ratio by action)' : 'What the rule does',
              integer: false,
              options: key === 'action' ? ['sellCoins', 'buyCoins', 'buyback', 'issue', 'repayDebt', 'reverseSplit'] : undefined,
            });
          }
        });
        sub.push({ id: pathId(p), title: `Policy ${j + 1}: rules`, description, fields, groups: [] });
        return;
      }
      const dd = describeObject(opt, p, new Set(['kind']));
      sub.push({ id: pathId(p), title: `Policy ${j + 1}: ${pol.kind}`, description, fields: dd.fields, groups: dd.groups });
    });
    groups.push({ id: pathId(base), title: `${c.ticker} (${c.coin})`, description: c.name, fields: d.fields, groups: sub });
  });
  const idx = describeObject(EquityIndexSchema as unknown as ZodLike, ['equityIndex'], new Set(['name']));
  groups.push({ id: 'equityIndex', title: 'Equity index', fields: idx.fields, groups: idx.groups });
  return groups;
}

function rank(key: string): number {
  const i = MARKET_GROUP_ORDER.indexOf(key);
  return i < 0 ? MARKET_GROUP_ORDER.length : i;
}

/** Every field of a group tree, depth first. */
export function allFields(groups: readonly FieldGroup[]): FieldDesc[] {
  const out: FieldDesc[] = [];
  const walk = (g: FieldGroup) => {
    out.push(...g.fields);
    g.groups.forEach(walk);
  };
  groups.forEach(walk);
  return out;
}

// ---------------------------------------------------------------------------
// Values by path

export function getIn(obj: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Copy-on-write set: returns a new root; creates plain objects for missing keys. */
export function setIn<T>(obj: T, path: readonly (string | number)[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [k, ...rest] = path;
  const src = (obj ?? (typeof k === 'number' ? [] : {})) as Record<string | number, unknown>;
  const copy = (Array.isArray(src) ? [...src] : { ...src }) as Record<string | number, unknown>;
  copy[k] = setIn(src[k], rest, value);
  return copy as T;
}

/** Copy-on-write delete of the last key; leaves parents in place. */
export function deleteIn<T>(obj: T, path: readonly (string | number)[]): T {
  if (path.length === 0) return obj;
  const [k, ...rest] = path;
  if (obj === null || typeof obj !== 'object' || !(k in (obj as object))) return obj;
  const src = obj as Record<string | number, unknown>;
  const copy = (Array.isArray(src) ? [...src] : { ...src }) as Record<string | number, unknown>;
  if (rest.length === 0) delete copy[k];
  else copy[k] = deleteIn(src[k], rest);
  return copy as T;
}

/**
 * The value the engine runs for a file path (markets are keyed by coin in the file, listed in the resolved scenario).
 * Without a resolved scenario (a draft that does not resolve yet), pass the `file` to read the defaults table
 * instead (src/presets/effective-default.ts: the same table and merge the resolver uses).
 */
export function resolvedValue(resolved: ResolvedScenario | null | undefined, path: readonly (string | number)[], file?: unknown): unknown {
  if (!resolved) return file === undefined ? undefined : effectiveDefault(file, path);
  if (path[0] === 'markets') {
    const m = resolved.markets.find((x) => x.coin === path[1]);
    return getIn(m, path.slice(2));
  }
  return getIn(resolved, path);
}

// ---------------------------------------------------------------------------
// Sliders

export interface SliderScale {
  kind: 'linear' | 'log';
  lo: number;
  hi: number;
  step: number;
}

export const SLIDER_STEPS = 1000;

/**
 * The slider range for a field: the metadata's min/max (log-scaled when it
 * spans three decades or more), else a decade either side of the scenario's
 * own value. Null when there is no sensible range (a zero without metadata).
 */
export function sliderScale(f: FieldDesc, baseline: unknown): SliderScale | null {
  if (f.kind !== 'number') return null;
  const v = typeof baseline === 'number' && Number.isFinite(baseline) ? baseline : undefined;
  if (f.min !== undefined && f.max !== undefined && f.max > f.min) {
    let lo = f.min, hi = f.max;
    if (v !== undefined) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (lo > 0 && hi / lo >= 1000) return { kind: 'log', lo, hi, step: 0 };
    return { kind: 'linear', lo, hi, step: f.step ?? (f.integer ? 1 : niceStep((hi - lo) / 200)) };
  }
  if (v === undefined) return null;
  if (f.integer) {
    const hi = Math.max(f.max ?? 0, v * 3, 90);
    return { kind: 'linear', lo: f.min ?? 0, hi, step: 1 };
  }
  if (v > 0) return { kind: 'log', lo: v / 10, hi: v * 10, step: 0 };
  if (f.min !== undefined && f.max !== undefined) return { kind: 'linear', lo: f.min, hi: f.max, step: niceStep((f.max - f.min) / 200) };
  return null;
}

export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** Value -> slider position 0..SLIDER_STEPS. */
export function toSlider(s: SliderScale, v: number): number {
  if (!Number.isFinite(v)) return 0;
  let x: number;
  if (s.kind === 'log') x = v <= s.lo ? 0 : (Math.log(v) - Math.log(s.lo)) / (Math.log(s.hi) - Math.log(s.lo));
  else x = (v - s.lo) / (s.hi - s.lo);
  return Math.round(Math.min(1, Math.max(0, x)) * SLIDER_STEPS);
}

/** Slider position -> value, rounded to the step (linear) or 3 significant digits (log). */
export function fromSlider(s: SliderScale, pos: number, integer = false): number {
  const x = Math.min(1, Math.max(0, pos / SLIDER_STEPS));
  let v: number;
  if (s.kind === 'log') {
    v = Math.exp(Math.log(s.lo) + x * (Math.log(s.hi) - Math.log(s.lo)));
    v = Number(v.toPrecision(3));
  } else {
    v = s.lo + x * (s.hi - s.lo);
    if (s.step > 0) v = Math.round(v / s.step) * s.step;
    v = Number(v.toPrecision(12));
  }
  return integer ? Math.round(v) : v;
}

/**
 * The value one keyboard step away from v (dir = +1/-1 for an arrow key, +10/-10 for Page Up/Down),
 * kept inside the slider's range: linear scales move by their step (at least 1/100 of the range
 * when the step is finer, so an arrow key visibly moves), log scales by 1/100 of the decades
 * (a factor (hi/lo)^(1/100)), rounded to 3 significant digits; a press changes the value until the
 * end of the range.
 */
export function keyStep(s: SliderScale, v: number, dir: number, integer = false): number {
  let next: number;
  if (s.kind === 'log') {
    const f = Math.pow(s.hi / s.lo, Math.abs(dir) / 100);
    // A log scale spans at least three decades (sliderScale), so f >= 1000^(1/100) ≈ 1.07: 3 digits always move.
    next = Number((dir > 0 ? v * f : v / f).toPrecision(3));
  } else {
    const step = Math.max(s.step > 0 ? s.step : 0, niceStep((s.hi - s.lo) / 100));
    next = Math.round(v / step) * step + dir * step;
    if (dir > 0 && next <= v) next += step;
    next = Number(next.toPrecision(12));
  }
  next = Math.min(s.hi, Math.max(s.lo, next));
  return integer ? Math.round(next) : next;
}

/** Whether the scenario has a `rules` policy (then sim/expr.ts and mathjs must be loaded): src/uses-rules.ts, the one copy. */
export { usesRules as hasRules } from '../../src/uses-rules.ts';
