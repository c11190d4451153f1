/**
 * The one mechanism that fills defaults: `fillDefaults(table, given)` merges a
 * parsed scenario object onto its entry of the defaults table
 * (src/presets/defaults.ts `DEFAULTS`), deeply. Pure (no Node, no DOM).
 *
 * Rules, applied at every level:
 * - a field the file leaves out (absent or `undefined`) takes the table's value (copied);
 * - a field the file sets wins; plain objects merge key by key; arrays and
 *   other values replace the table's;
 * - two tagged objects of different `kind` do not merge: the file's one wins;
 * - file-only fields (`sources`, `preset`, `$schema`) are not carried into the result;
 * - markers in the table add three shapes:
 *   `perKind(kinds, absent)`: an array of tagged objects, each element filled
 *     from the entry of its `kind` (a left-out array becomes `absent`);
 *   `orNull(entry)`: an optional block, `null` when left out, else filled from `entry`;
 *   `follows(entry, rules)`: a field the file leaves out takes the file's value of the
 *     first field its rule lists that the file sets, else the entry's value
 *     (the short leverage book copies the long one).
 *
 * `layerDefaults(table, preset)` puts a preset over a table entry and keeps the markers,
 * so the result is a table entry again (market presets per coin).
 */

const PER_KIND = Symbol('perKind');
const OR_NULL = Symbol('orNull');
const FOLLOWS = Symbol('follows');

/** Fields that document a file and never reach the resolved scenario. */
export const FILE_ONLY_FIELDS: readonly string[] = ['sources', 'preset', '$schema'];

export interface PerKind<K extends Record<string, object> = Record<string, object>> {
  readonly [PER_KIND]: true;
  readonly kinds: K;
  readonly absent: readonly { kind: string }[];
}
export interface OrNull<T extends object = object> {
  readonly [OR_NULL]: true;
  readonly entry: T;
}
export interface Follows<T extends object = object> {
  readonly [FOLLOWS]: true;
  readonly entry: T;
  readonly rules: { readonly [K in keyof T]?: readonly (keyof T & string)[] };
}

/** An array of tagged objects; each element is filled from `kinds[element.kind]`; left out: `absent`. */
export function perKind<K extends Record<string, object>>(kinds: K, absent: readonly { kind: keyof K & string }[] = []): PerKind<K> {
  return { [PER_KIND]: true, kinds, absent };
}
/** An optional block: null when the file leaves it out, else filled from `entry`. */
export function orNull<T extends object>(entry: T): OrNull<T> {
  return { [OR_NULL]: true, entry };
}
/** `entry` whose left-out fields first copy the file's value of the fields `rules` lists, in order. */
export function follows<T extends object>(entry: T, rules: Follows<T>['rules']): Follows<T> {
  return { [FOLLOWS]: true, entry, rules };
}

export const isPerKind = (x: unknown): x is PerKind => typeof x === 'object' && x !== null && PER_KIND in x;
export const isOrNull = (x: unknown): x is OrNull => typeof x === 'object' && x !== null && OR_NULL in x;
export const isFollows = (x: unknown): x is Follows => typeof x === 'object' && x !== null && FOLLOWS in x;

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isPerKind(x) && !isOrNull(x) && !isFollows(x);
}

/** Deep copy of plain data (objects, arrays, values), without undefined fields and file-only fields. */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (isPlain(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && !FILE_ONLY_FIELDS.includes(k)) out[k] = copy(x);
    return out;
  }
  return v;
}

/** The resolved shape of a table entry filled with a file object: markers become what they stand for. */
export type Filled<D> = D extends PerKind<infer K> ? Filled<K[keyof K]>[]
  : D extends OrNull<infer T> ? Filled<T> | null
    : D extends Follows<infer T> ? Filled<T>
      : D extends readonly (infer E)[] ? E[]
        : D extends object ? { -readonly [K in keyof D]: Filled<D[K]> }
          : D;

/**
 * Fill `given` (a parsed file object, or undefined when the file leaves it out) from the
 * table entry `table`. The result holds every field of the entry plus the file's other
 * fields, copied (the table and the file are never shared with the result).
 */
export function fillDefaults<D, G>(table: D, given: G | undefined): Filled<D> & Omit<G, keyof D> {
  return fill(table, given) as Filled<D> & Omit<G, keyof D>;
}

function fill(d: unknown, g: unknown): unknown {
  if (isPerKind(d)) {
    const list = g === undefined ? d.absent : g;
    if (!Array.isArray(list)) return copy(list);
    return list.map((e: { kind?: unknown }) => {
      const entry = typeof e?.kind === 'string' && Object.hasOwn(d.kinds, e.kind) ? d.kinds[e.kind] : undefined;
      return entry ? fill(entry, e) : copy(e);
    });
  }
  if (isOrNull(d)) return g === undefined || g === null ? null : fill(d.entry, g);
  if (isFollows(d)) {
    const out = fill(d.entry, g) as Record<string, unknown>;
    if (!isPlain(g)) return out;
    const file = g;
    for (const [field, sources] of Object.entries(d.rules) as [string, readonly string[]][]) {
      if (file[field] !== undefined) continue;
      const from = sources.find((s) => file[s] !== undefined);
      if (from !== undefined) out[field] = copy(file[from]);
    }
    return out;
  }
  if (isPlain(d)) {
    if (g === undefined) g = {};
    if (!isPlain(g)) return copy(g);
    if (typeof d.kind === 'string' && typeof g.kind === 'string' && d.kind !== g.kind) return copy(g);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(d)) out[k] = fill(d[k], g[k]);
    for (const [k, x] of Object.entries(g)) if (!Object.hasOwn(d, k) && x !== undefined && !FILE_ONLY_FIELDS.includes(k)) out[k] = copy(x);
    return out;
  }
  return copy(g === undefined ? d : g);
}

/**
 * A preset laid over a table entry: the preset's values replace the entry's, deeply, and
 * the markers stay, so the result fills a file like the entry does. Fields of the preset
 * the entry does not have are added.
 */
export function layerDefaults<D, P = object>(table: D, preset: P | undefined): D & Omit<P, keyof D> {
  return layer(table, preset) as D & Omit<P, keyof D>;
}

function layer(d: unknown, p: unknown): unknown {
  if (p === undefined) return d;
  if (isOrNull(d)) return orNull(layer(d.entry, p) as object);
  if (isFollows(d)) return follows(layer(d.entry, p) as object, d.rules);
  if (isPlain(d) && isPlain(p)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(d)) out[k] = layer(d[k], p[k]);
    for (const [k, x] of Object.entries(p)) if (!Object.hasOwn(d, k) && x !== undefined) out[k] = x;
    return out;
  }
  return p;
}

/** The table entry under a path of field names (a perKind's kinds by their `kind` name). Undefined when there is none. */
export function tableEntry(table: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = table;
  for (const k of path) {
    if (isOrNull(cur) || isFollows(cur)) cur = cur.entry;
    if (isPerKind(cur)) cur = cur.kinds;
    if (!isPlain(cur) || typeof k !== 'string' || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  if (isOrNull(cur) || isFollows(cur)) return cur.entry;
  return cur;
}
