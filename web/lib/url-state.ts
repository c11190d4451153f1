/**
 * The view in the URL: what the app shows, written into the hash as the
 * user works, read back on load, on Back/Forward and from shared links.
 * Pure (no DOM, no history); the controller that drives it is
 * url-state-controller.ts.
 *
 *   #/sim?s=fgnx.json&e=<edits>&seed=77&h=200&n=321&det=1&view=compare&co=FGNX&ref=pinned&pin=<edits>
 *
 * The path is the page (lib/routes.ts); the simulator, teaching mode on the
 * simulator's scenario (#/teach) and the analysis page (#/analysis) carry the
 * query, the lessons, glossary and methodology pages do not (a lesson's step
 * is its path, #/lesson/<id>/<n>).
 *
 * | key  | holds |
 * |------|-------|
 * | s    | saved scenario file ("fgnx.json") or "template"; with f, a hint: the saved file f was taken from |
 * | f    | a whole scenario file (uploaded, or embedded by Share): base64url(deflate-raw(JSON)) |
 * | e    | parameter edits against the scenario as loaded: packed list of [path, value] (set) and [path] (delete) |
 * | seed, h, n, det | seed, horizon days, ensemble paths, deterministic (1) |
 * | view | single, ensemble, compare, risk |
 * | co   | the company in focus (ticker) |
 * | ref  | the compare reference A: absent = the scenario as loaded, "pinned", or a saved file |
 * | pin  | the pinned parameters (while a pin exists, whatever ref shows) as edits against the scenario as loaded; empty = pinned as loaded |
 *
 * Old share links (#dat1=..., web/lib/share.ts) still decode. Decoding never
 * throws: each problem comes back as an issue naming the URL key, and the
 * caller falls back to a working view for that part.
 */
import { parseRoute, routeHash, type Route } from './routes.ts';
import { base64UrlToBytes, bytesToBase64Url, decodeShare, deflate, inflate, isShareFragment, MAX_PATHS, SettingsSchema, VIEWS, type Settings, type ShareIssue, type ViewName } from './share.ts';

export type ScenarioData = Record<string, unknown>;
export type DiffPath = (string | number)[];
/** [path, value] sets, [path] deletes. */
export type DiffOp = [DiffPath, unknown] | [DiffPath];

/** What defines a simulator view (the app's side of the URL). */
export interface ViewSnapshot {
  route: Route;
  /** "saved:<file>", "template", or an opened file's key ("file:<name>", "builder", "opened:<n>"). */
  scenarioKey: string;
  /** The scenario as loaded. */
  baseline: ScenarioData | null;
  /** The scenario as edited. */
  file: ScenarioData | null;
  settings: Settings;
  /** "baseline", "pinned" or "saved:<file>". */
  compareRef: string;
  pinned: ScenarioData | null;
}

export type ScenarioRef = { kind: 'saved'; file: string } | { kind: 'template' } | { kind: 'file'; data: ScenarioData; hint: string | null };

/** A simulator view as read from a URL (before the saved scenario is fetched). */
export interface UrlSim {
  scenario: ScenarioRef | null;
  edits: DiffOp[];
  settings: Partial<Settings>;
  /** "baseline", "pinned" or "saved:<file>". */
  compareRef: string;
  pinned: DiffOp[] | null;
}

export interface DecodedUrl {
  route: Route;
  /** null: the URL says nothing about the simulator (keep what is on screen). */
  sim: UrlSim | null;
  /** Problems, each naming the URL key at fault; the rest of the URL still applies. */
  issues: ShareIssue[];
  /** The URL was an old share link (#dat1=). */
  legacy: boolean;
}

/** What each URL key holds, for messages ("h (horizon)"). */
export const URL_KEY_LABELS: Readonly<Record<string, string>> = {
  s: 'scenario',
  f: 'scenario file',
  e: 'edits',
  seed: 'seed',
  h: 'horizon',
  n: 'paths',
  det: 'deterministic',
  view: 'tab',
  co: 'company',
  ref: 'compare reference',
  pin: 'pinned parameters',
};

/** Pages whose URL carries the simulator's view. */
const SIM_PAGES = new Set<Route['page']>(['sim', 'teach', 'analysis']);
const FILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.json$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

// ---------------------------------------------------------------------------
// Edits as a diff against the scenario as loaded

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The edits that turn `base` into `next`: objects key by key, arrays of equal length item by item, anything else replaced whole. */
export function diffScenario(base: unknown, next: unknown, path: DiffPath = [], out: DiffOp[] = []): DiffOp[] {
  if (same(base, next)) return out;
  if (isPlainObject(base) && isPlainObject(next)) {
    for (const k of Object.keys(base)) if (!(k in next) || next[k] === undefined) out.push([[...path, k]]);
    for (const k of Object.keys(next)) if (next[k] !== undefined) diffScenario(base[k], next[k], [...path, k], out);
    return out;
  }
  if (Array.isArray(base) && Array.isArray(next) && base.length === next.length) {
    for (let i = 0; i < next.length; i++) diffScenario(base[i], next[i], [...path, i], out);
    return out;
  }
  out.push([path, next]);
  return out;
}

/** One line per difference, "markets.ETH.sigma: 0.9 → 0.5", at most `max` (then "and N more"). */
export function describeDiff(base: unknown, next: unknown, max = 6): string[] {
  const ops = diffScenario(base, next);
  const show = (v: unknown) => {
    const t = v === undefined ? '(default)' : JSON.stringify(v);
    return t.length > 40 ? `${t.slice(0, 39)}…` : t;
  };
  const id = (p: DiffPath) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
  const getIn = (o: unknown, p: DiffPath) => p.reduce<unknown>((c, k) => (c !== null && typeof c === 'object' ? (c as Record<string | number, unknown>)[k] : undefined), o);
  const lines = ops.slice(0, max).map((op) => `${id(op[0])}: ${show(getIn(base, op[0]))} → ${op.length === 1 ? '(default)' : show(op[1])}`);
  if (ops.length > max) lines.push(`and ${ops.length - max} more`);
  return lines;
}

/** Checks the shape of a decoded edit list; the message names what is wrong. */
export function checkDiff(ops: unknown): string | null {
  if (!Array.isArray(ops)) return 'expected a list of edits';
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as unknown;
    if (!Array.isArray(op) || op.length < 1 || op.length > 2) return `edit ${i + 1}: expected [path, value] or [path]`;
    const p = op[0] as unknown;
    if (!Array.isArray(p) || p.length === 0) return `edit ${i + 1}: expected a non-empty path`;
    for (const k of p) {
      if (typeof k === 'number' ? !Number.isInteger(k) || k < 0 || k > 100_000 : typeof k !== 'string') return `edit ${i + 1}: path element ${JSON.stringify(k)} is not a key or an index`;
      if (typeof k === 'string' && FORBIDDEN_KEYS.has(k)) return `edit ${i + 1}: path element "${k}" is not allowed`;
    }
  }
  return null;
}

function setPath(obj: unknown, path: DiffPath, value: unknown): unknown {
  if (path.length === 0) return structuredClone(value);
  const [k, ...rest] = path;
  const src = (obj !== null && typeof obj === 'object' ? obj : typeof k === 'number' ? [] : {}) as Record<string | number, unknown>;
  const copy = (Array.isArray(src) ? [...src] : { ...src }) as Record<string | number, unknown>;
  copy[k] = setPath(src[k], rest, value);
  return copy;
}

function deletePath(obj: unknown, path: DiffPath): unknown {
  if (obj === null || typeof obj !== 'object') return obj;
  const [k, ...rest] = path;
  if (!(k in obj)) return obj;
  const src = obj as Record<string | number, unknown>;
  const copy = (Array.isArray(src) ? [...src] : { ...src }) as Record<string | number, unknown>;
  if (rest.length === 0) delete copy[k];
  else copy[k] = deletePath(src[k], rest);
  return copy;
}

/** `base` with the edits applied (copy on write; `base` is not changed). */
export function applyDiff<T>(base: T, ops: readonly DiffOp[]): T {
  let out: unknown = base;
  for (const op of ops) out = op.length === 1 ? deletePath(out, op[0]) : setPath(out, op[0], op[1]);
  return out as T;
}

// ---------------------------------------------------------------------------
// Packed JSON (the same codec as share links)

export async function packJson(value: unknown): Promise<string> {
  return bytesToBase64Url(await deflate(JSON.stringify(value)));
}

/** Never throws: the message says what is wrong with the packed text. */
export async function unpackJson(text: string): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let bytes: Uint8Array;
  try {
    bytes = base64UrlToBytes(text);
  } catch {
    return { ok: false, message: 'not base64url text (was the link cut short or edited?)' };
  }
  let json: string;
  try {
    json = await inflate(bytes);
  } catch {
    return { ok: false, message: 'its data could not be decompressed (was the link cut short?)' };
  }
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch (e) {
    return { ok: false, message: `not valid JSON (${(e as Error).message})` };
  }
}

// ---------------------------------------------------------------------------
// Encode

/** Packs each object once (a file's packed text is reused while the same object is on screen). */
export class PackCache {
  private readonly map = new WeakMap<object, string>();
  async pack(obj: object): Promise<string> {
    let s = this.map.get(obj);
    if (s === undefined) {
      s = await packJson(obj);
      this.map.set(obj, s);
    }
    return s;
  }
}

export interface EncodeOptions {
  /** Embed the scenario file (f) even for a saved scenario, so the link does not depend on the recipient's copy of it (Share). */
  embed?: boolean;
  cache?: PackCache;
}

/** The hash ("#/sim?...") for a view. Pages without simulator state get their plain route. */
export async function encodeView(v: ViewSnapshot, opts: EncodeOptions = {}): Promise<string> {
  const r = v.route;
  if (!SIM_PAGES.has(r.page) || !v.baseline || !v.file) return routeHash(r);
  const cache = opts.cache ?? new PackCache();
  const q = new URLSearchParams();
  const key = v.scenarioKey;
  const saved = key.startsWith('saved:') ? key.slice(6) : null;
  if (saved) q.set('s', saved);
  else if (key === 'template' && !opts.embed) q.set('s', 'template');
  if (opts.embed || !(saved || key === 'template')) q.set('f', await cache.pack(v.baseline));
  const edits = diffScenario(v.baseline, v.file);
  if (edits.length) q.set('e', await packJson(edits));
  const s = v.settings;
  q.set('seed', s.seed);
  q.set('h', String(s.horizonDays));
  q.set('n', String(s.paths));
  if (s.deterministic) q.set('det', '1');
  q.set('view', s.view);
  if (s.company) q.set('co', s.company);
  if (v.compareRef === 'pinned') q.set('ref', 'pinned');
  else if (v.compareRef.startsWith('saved:')) q.set('ref', v.compareRef.slice(6));
  if (v.pinned) {
    // "pin=" (empty) is a pin of the scenario as loaded.
    const pin = diffScenario(v.baseline, v.pinned);
    q.set('pin', pin.length ? await packJson(pin) : '');
  }
  return `#/${r.page}?${q.toString()}`;
}

// ---------------------------------------------------------------------------
// Decode

function splitHash(hash: string): { path: string; query: string | null } {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const i = h.indexOf('?');
  return i < 0 ? { path: h, query: null } : { path: h.slice(0, i), query: h.slice(i + 1) };
}

const intIn = (text: string, min: number, max: number): number | null => {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
};

/**
 * Reads a hash. `savedFiles` are the saved scenario files the app has
 * (a name not among them is reported). Never throws.
 */
export async function decodeUrl(hash: string, savedFiles: readonly string[]): Promise<DecodedUrl> {
  if (isShareFragment(hash)) return decodeLegacy(hash);
  const { path, query } = splitHash(hash);
  const route = parseRoute(`#${path}`);
  const issues: ShareIssue[] = [];
  if (!SIM_PAGES.has(route.page) || query === null || query === '') return { route, sim: null, issues, legacy: false };
  const q = new URLSearchParams(query);
  const sim: UrlSim = { scenario: null, edits: [], settings: {}, compareRef: 'baseline', pinned: null };
  const bad = (key: string, message: string) => issues.push({ path: key, message });

  // Scenario: s (saved file or template) and/or f (the file itself).
  const s = q.get('s');
  let hint: string | null = null;
  if (s !== null) {
    if (s === 'template') sim.scenario = { kind: 'template' };
    else if (FILE_RE.test(s) && savedFiles.includes(s)) {
      sim.scenario = { kind: 'saved', file: s };
      hint = s;
    } else bad('s', `no saved scenario named "${s.slice(0, 60)}" (expected one of ${savedFiles.join(', ')} or "template")`);
  }
  const f = q.get('f');
  if (f !== null) {
    const u = await unpackJson(f);
    if (!u.ok) bad('f', `the scenario in the link is damaged: ${u.message}`);
    else if (!isPlainObject(u.value)) bad('f', 'expected a scenario object');
    else sim.scenario = { kind: 'file', data: u.value, hint };
  }
  const unpackDiff = async (key: string): Promise<DiffOp[] | null> => {
    const t = q.get(key);
    if (t === null) return null;
    if (t === '') return [];
    const u = await unpackJson(t);
    if (!u.ok) {
      bad(key, `the edits are damaged: ${u.message}`);
      return null;
    }
    const why = checkDiff(u.value);
    if (why) {
      bad(key, why);
      return null;
    }
    return u.value as DiffOp[];
  };
  if (sim.scenario) sim.edits = (await unpackDiff('e')) ?? [];
  else if (q.has('e')) bad('e', 'the edits belong to the scenario that could not be opened, so they were left out');

  // Settings: each key checked on its own; a bad one is reported and left at its default.
  const seed = q.get('seed');
  if (seed !== null) {
    if (SettingsSchema.shape.seed.safeParse(seed).success) sim.settings.seed = seed;
    else bad('seed', 'expected 1 to 64 characters, not all blank');
  }
  const num = (key: string, field: 'horizonDays' | 'paths', max: number, what: string) => {
    const t = q.get(key);
    if (t === null) return;
    const n = intIn(t, 1, max);
    if (n === null) bad(key, `expected ${what}: a whole number from 1 to ${max}, got "${t.slice(0, 20)}"`);
    else sim.settings[field] = n;
  };
  num('h', 'horizonDays', 3650, 'the horizon in days');
  num('n', 'paths', MAX_PATHS, 'the number of ensemble paths');
  const det = q.get('det');
  if (det !== null) {
    if (det === '1' || det === '0') sim.settings.deterministic = det === '1';
    else bad('det', `expected 1 or 0, got "${det.slice(0, 20)}"`);
  }
  const view = q.get('view');
  if (view !== null) {
    if ((VIEWS as readonly string[]).includes(view)) sim.settings.view = view as ViewName;
    else bad('view', `expected one of ${VIEWS.join(', ')}, got "${view.slice(0, 20)}"`);
  }
  const co = q.get('co');
  if (co !== null) {
    if (co.length >= 1 && co.length <= 16) sim.settings.company = co;
    else bad('co', 'expected a ticker of 1 to 16 characters');
  }

  // Compare reference.
  const ref = q.get('ref');
  if (ref !== null) {
    if (ref === 'pinned') sim.compareRef = 'pinned';
    else if (FILE_RE.test(ref) && savedFiles.includes(ref)) sim.compareRef = `saved:${ref}`;
    else bad('ref', `expected "pinned" or a saved scenario file, got "${ref.slice(0, 60)}"`);
  }
  // The pinned parameters (whichever reference is shown: the picker offers them while they exist).
  if (sim.scenario) sim.pinned = await unpackDiff('pin');
  if (sim.compareRef === 'pinned' && !sim.pinned) {
    bad('ref', 'ref=pinned without the pinned parameters (pin=); A is the scenario as loaded');
    sim.compareRef = 'baseline';
  }
  if (!sim.scenario && !s && !f && issues.length === 0 && Object.keys(sim.settings).length === 0) return { route, sim: null, issues, legacy: false };
  return { route, sim, issues, legacy: false };
}

async function decodeLegacy(hash: string): Promise<DecodedUrl> {
  const route: Route = { page: 'sim' };
  const d = await decodeShare(hash);
  if (!d.ok) return { route, sim: null, issues: d.issues, legacy: true };
  const data = d.payload.scenario as ScenarioData;
  return { route, sim: { scenario: { kind: 'file', data, hint: null }, edits: [], settings: d.payload.settings, compareRef: 'baseline', pinned: null }, issues: [], legacy: true };
}

/** "#main", "#views": an element id of the page (a skip link), not a route, a view or a share link. */
export function isInPageAnchor(hash: string): boolean {
  return /^#[A-Za-z][\w-]*$/.test(hash) && !isShareFragment(hash);
}

// ---------------------------------------------------------------------------
// History

/** How a change between two snapshots enters the history: a new entry ("nav"), an edit (coalesced while it continues), or none. */
export type ChangeKind = 'nav' | 'edit' | null;

export function classifyChange(before: ViewSnapshot | null, after: ViewSnapshot): ChangeKind {
  if (!before) return 'nav';
  const r0 = before.route;
  const r1 = after.route;
  if (routeHash(r0) !== routeHash(r1)) return 'nav';
  if (before.scenarioKey !== after.scenarioKey || before.baseline !== after.baseline) return 'nav';
  const s0 = before.settings;
  const s1 = after.settings;
  if (s0.view !== s1.view || s0.company !== s1.company) return 'nav';
  if (before.compareRef !== after.compareRef || before.pinned !== after.pinned) return 'nav';
  if (before.file !== after.file || s0.seed !== s1.seed || s0.horizonDays !== s1.horizonDays || s0.paths !== s1.paths || s0.deterministic !== s1.deterministic) return 'edit';
  return null;
}
