/**
 * Parameter sweeps: edit fields of a scenario FILE (before presets and
 * defaults are resolved) over a grid, run an ensemble at every point, and
 * yield one summary per point in grid order as points finish.
 *
 * Field paths: `markets.BTC.sigma`, `companies.FGNX.coins` (a ticker in place
 * of an index), `companies[0].premium.kappa`, `companies.SQNS.policies[0].trigger`,
 * `correlations.BTC/ETH`. Array elements can also be named by their `id` or
 * `kind` when that is unique (`companies.SQNS.debt.convertible1.principalUsd`,
 * `companies.SQNS.policies.deleverage.trigger`). Optional sub-objects that the
 * file omits (premium, stock, leverage, etfFlow, equityIndex, correlations) are
 * created; anything else must exist, and the scenario schema (strict) refuses
 * unknown fields and wrong types. Every grid point is resolved and prepared
 * before any simulation runs, so a bad value stops the sweep with the usual
 * field-path message.
 */
import { isScenarioText, readScenarioText, STDIN_NAME } from '../node/files.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import { formatPath, resolveScenario, ScenarioError } from '../resolve.ts';
import { ScenarioFileSchema } from '../schema.ts';
import { summarize, type EnsembleSummary } from './ensemble.ts';
import { abortError, BatchError } from './errors.ts';
import { sweepMetrics } from './format.ts';
import { checkPaths, prepareEnsembleModel, runEnsemble, usesRules, type EnsembleRun, type MonteCarloOptions } from './mc.ts';
import { defaultWorkers, WorkerPool } from './pool.ts';

export interface SetSpec {
  /** Field path in the scenario file, as the user wrote it. */
  path: string;
  values: unknown[];
}

export interface SweepOptions extends Omit<MonteCarloOptions, 'shard' | 'record' | 'onProgress' | 'pool'> {
  /** Fields to vary: a list of {path, values}, or an object path -> values. */
  set: SetSpec[] | Record<string, unknown[]>;
  /** Pair the lists element by element (all the same length) instead of taking the Cartesian product. */
  zip?: boolean;
  /** Per-day bands at every point (default false: sweeps report terminal figures). */
  bands?: boolean;
  /** Points finished so far, of all points. */
  onProgress?: (pointsDone: number, points: number) => void;
  /** File name for messages when `scenarioFile` is an object. */
  file?: string;
}

export interface SweepPoint {
  /** 0-based position in the grid. */
  index: number;
  /** The value of each --set path at this point, keyed by the path as given. */
  params: Record<string, unknown>;
  summary: EnsembleSummary;
  /** Flat outcome metrics (src/batch/format.ts sweepMetrics), in a fixed order. */
  metrics: [string, number | null][];
}

export interface PreparedSweep {
  sets: (SetSpec & { segments: (string | number)[] })[];
  points: { index: number; params: Record<string, unknown>; scenario: ResolvedScenario }[];
}

/** Optional sub-objects a --set path may create when the file omits them. */
const CREATABLE = new Set(['premium', 'stock', 'leverage', 'etfFlow', 'equityIndex', 'correlations']);

type Token = { key: string } | { index: number };

function tokenize(path: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const bad = (why: string) => new BatchError(`--set: cannot read the field path "${path}": ${why}`);
  while (i < path.length) {
    if (path[i] === '[') {
      const j = path.indexOf(']', i);
      if (j < 0) throw bad('a "[" without "]"');
      let inner = path.slice(i + 1, j).trim();
      if (/^\d+$/.test(inner)) out.push({ index: Number(inner) });
      else {
        if (/^(['"]).*\1$/.test(inner)) inner = inner.slice(1, -1);
        if (!inner) throw bad('empty brackets');
        out.push({ key: inner });
      }
      i = j + 1;
      if (path[i] === '.') i++;
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      const key = path.slice(i, j);
      if (!key) throw bad('an empty segment');
      out.push({ key });
      i = j < path.length && path[j] === '.' ? j + 1 : j;
      if (j < path.length && path[j] === '.' && i === path.length) throw bad('it ends with "."');
    }
  }
  if (!out.length) throw bad('it is empty');
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Resolve a field path against a scenario file object into concrete
 * segments (indices for array elements). Throws BatchError naming what is unknown.
 */
export function resolveSetPath(file: unknown, path: string): (string | number)[] {
  const tokens = tokenize(path);
  const segs: (string | number)[] = [];
  let cur: unknown = file;
  const where = () => formatPath(segs) || '(the file)';
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    const last = t === tokens.length - 1;
    if (Array.isArray(cur)) {
      let idx: number;
      if ('index' in tok || /^\d+$/.test(tok.key)) {
        idx = 'index' in tok ? tok.index : Number(tok.key);
        if (idx >= cur.length) throw new BatchError(`unknown --set path "${path}": ${where()} has ${cur.length} entr${cur.length === 1 ? 'y' : 'ies'}, so index ${idx} is out of range`);
      } else {
        // A ticker, id or kind in place of an index; tickers may contain dots (BRK.B).
        let key = tok.key, consumed = 0, matches: number[] = [];
        for (let extra = 0; t + extra < tokens.length; extra++) {
          if (extra > 0) {
            const nt = tokens[t + extra];
            if (!('key' in nt)) break;
            key += `.${nt.key}`;
          }
          matches = cur.flatMap((e, i) => (isObj(e) && (e.ticker === key || e.id === key || e.kind === key) ? [i] : []));
          if (matches.length) {
            consumed = extra;
            break;
          }
        }
        if (!matches.length) {
          const names = cur.map((e, i) => (isObj(e) ? String(e.ticker ?? e.id ?? e.kind ?? i) : String(i)));
          throw new BatchError(`unknown --set path "${path}": ${where()} has no entry "${tok.key}" (entries: ${names.join(', ') || 'none'})`);
        }
        if (matches.length > 1) throw new BatchError(`--set path "${path}": ${matches.length} entries of ${where()} match "${key}"; use an index, e.g. ${where()}[${matches[0]}]`);
        idx = matches[0];
        t += consumed;
      }
      segs.push(idx);
      cur = cur[idx];
      continue;
    }
    if (!('key' in tok)) throw new BatchError(`unknown --set path "${path}": ${where()} is not a list, so [${tok.index}] does not apply`);
    if (!isObj(cur)) throw new BatchError(`unknown --set path "${path}": ${where()} is ${cur === undefined ? 'missing' : `a ${typeof cur}`}, not an object`);
    const key = tok.key;
    segs.push(key);
    if (last) break;
    if (key in cur) {
      cur = cur[key];
    } else if (CREATABLE.has(key)) {
      cur = {};
    } else {
      throw new BatchError(`unknown --set path "${path}": ${formatPath(segs.slice(0, -1)) || '(the file)'} has no "${key}" (it has: ${Object.keys(cur).join(', ') || 'nothing'})`);
    }
  }
  return segs;
}

/** A deep copy of `file` with each [segments, value] set (creating optional sub-objects). */
export function applySets(file: unknown, edits: readonly [(string | number)[], unknown][]): unknown {
  const copy = structuredClone(file) as Record<string, unknown>;
  for (const [segs, value] of edits) {
    let cur: Record<string | number, unknown> = copy;
    for (let i = 0; i < segs.length - 1; i++) {
      const s = segs[i];
      if (cur[s] === undefined) cur[s] = {};
      cur = cur[s] as Record<string | number, unknown>;
    }
    cur[segs[segs.length - 1]] = structuredClone(value);
  }
  return copy;
}

/** Split on commas outside brackets, braces and quotes. */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0, quote = '', start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/** A value as JSON when it parses (numbers, true/false, null, "quoted", [..], {..}), else the bare text as a string. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (/^'.*'$/.test(text)) return text.slice(1, -1);
    return text;
  }
}

/** `path=a,b,c` from the command line. */
export function parseSetFlag(arg: string): SetSpec {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new BatchError(`--set expects <field.path>=<v1>,<v2>,..., e.g. markets.BTC.sigma=0.4,0.6; got "${arg}"`);
  const path = arg.slice(0, eq).trim();
  const raw = arg.slice(eq + 1);
  if (raw.trim() === '') throw new BatchError(`--set ${path}: no values after "="`);
  const parts = splitValues(raw);
  if (parts.some((p) => p === '')) throw new BatchError(`--set ${path}: an empty value in "${raw}"`);
  return { path, values: parts.map(parseValue) };
}

/** Throws BatchError when the grid of these lists (their product, or with --zip one list's length) has more than MAX_POINTS points. */
function checkGridSize(sets: readonly SetSpec[], zip: boolean): void {
  const lengths = sets.map((s) => (Array.isArray(s.values) ? s.values.length : 0));
  const points = zip ? Math.max(0, ...lengths) : lengths.reduce((n, k) => n * k, 1);
  if (points > MAX_POINTS) throw new BatchError(`the grid has ${points} points (${lengths.join(zip ? ' zipped with ' : ' x ')} values); at most ${MAX_POINTS} (each point is a whole ensemble)`);
}

/** Grid value tuples: Cartesian product with the first set varying slowest, or zipped lists. */
export function gridTuples(sets: readonly SetSpec[], zip: boolean): unknown[][] {
  if (!sets.length) return [[]];
  if (zip) {
    const n = sets[0].values.length;
    const bad = sets.find((s) => s.values.length !== n);
    if (bad) throw new BatchError(`--zip pairs the lists element by element, so they must have the same length: ${sets[0].path} has ${n}, ${bad.path} has ${bad.values.length}`);
    return Array.from({ length: n }, (_, i) => sets.map((s) => s.values[i]));
  }
  checkGridSize(sets, false); // counted before it is built: three lists of 1,000 values would make 1e9 tuples
  let out: unknown[][] = [[]];
  for (const s of sets) out = out.flatMap((prefix) => s.values.map((v) => [...prefix, v]));
  return out;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function readScenarioFile(source: string | object, file?: string): { data: unknown; file: string | undefined } {
  if (typeof source !== 'string') return { data: source, file };
  const text = isScenarioText(source) ? source : readScenarioText(source);
  const name = isScenarioText(source) ? file : source === '-' ? STDIN_NAME : source;
  try {
    return { data: JSON.parse(text), file: name };
  } catch (e) {
    throw new ScenarioError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }], name);
  }
}

/** Upper limit on grid points (a sanity bound: each point is a whole ensemble). */
export const MAX_POINTS = 100_000;

/**
 * Check every --set path and value and resolve every grid point, without
 * simulating anything. Throws BatchError (unknown path, wrong type) or
 * ScenarioError/ModelError (a value the scenario rejects) naming the point.
 */
export async function prepareSweep(scenarioFile: string | object, options: Pick<SweepOptions, 'set' | 'zip' | 'file' | 'days' | 'deterministic'>): Promise<PreparedSweep> {
  const { data: base, file } = readScenarioFile(scenarioFile, options.file);
  // mathjs (rule checking and compiling) only when the file, or an edit, brings user rules.
  const specs0: SetSpec[] = Array.isArray(options.set) ? options.set : Object.entries(options.set ?? {}).map(([path, values]) => ({ path, values }));
  const rulesMod = usesRules(base) || specs0.some((s) => JSON.stringify(s.values ?? []).includes('"rules"')) ? await import('../rules.ts') : undefined;
  const checkExpression = rulesMod?.checkExpression;
  const compileRule = rulesMod?.compileExpression;
  resolveScenario(base, { file, checkExpression }); // the unedited file must be valid first
  const specs: SetSpec[] = Array.isArray(options.set) ? options.set : Object.entries(options.set).map(([path, values]) => ({ path, values }));
  if (!specs.length) throw new BatchError('sweep expects at least one --set <field.path>=<values>');
  // The grid's size first: each value below is checked against the schema (a parse of the whole file).
  checkGridSize(specs, options.zip === true);
  const seen = new Set<string>();
  const sets = specs.map((s) => {
    if (!Array.isArray(s.values) || !s.values.length) throw new BatchError(`--set ${s.path}: expected one or more values`);
    const segments = resolveSetPath(base, s.path);
    const key = formatPath(segments);
    if (seen.has(key)) throw new BatchError(`--set ${s.path}: the field ${key} is set twice`);
    seen.add(key);
    // Schema check of each value alone: unknown fields and wrong types name the --set path.
    for (const v of s.values) {
      const r = ScenarioFileSchema.safeParse(applySets(base, [[segments, v]]));
      if (r.success) continue;
      for (const issue of r.error.issues) {
        const ip = formatPath(issue.path as (string | number)[]);
        const leaf = segments[segments.length - 1];
        if (issue.code === 'unrecognized_keys' && ip === formatPath(segments.slice(0, -1)) && issue.keys.includes(String(leaf))) {
          throw new BatchError(`unknown --set path "${s.path}": ${ip || 'the file'} has no field "${String(leaf)}" (check the spelling against scenarios/scenario.schema.json)`);
        }
        if (ip === key || ip.startsWith(`${key}.`) || ip.startsWith(`${key}[`)) {
          const kind = issue.code === 'invalid_type' ? 'has the wrong type' : 'is not allowed';
          throw new BatchError(`--set ${s.path}=${show(v)} ${kind}: ${ip}: ${issue.message}`);
        }
      }
    }
    return { ...s, segments };
  });
  const tuples = gridTuples(sets, options.zip === true);
  const points = tuples.map((values, index) => {
    const params: Record<string, unknown> = {};
    sets.forEach((s, j) => (params[s.path] = values[j]));
    const label = `grid point ${index} (${sets.map((s, j) => `${s.path}=${show(values[j])}`).join(', ')})`;
    const edited = applySets(base, sets.map((s, j) => [s.segments, values[j]] as [(string | number)[], unknown]));
    let scenario: ResolvedScenario;
    try {
      scenario = resolveScenario(edited, { file, checkExpression });
      prepareEnsembleModel(scenario, options, compileRule);
    } catch (e) {
      if (e instanceof ScenarioError) throw new ScenarioError(e.issues, `${file ?? 'scenario'}, ${label}`);
      if ((e as Error)?.name === 'ModelError') (e as Error).message = `${label}: ${(e as Error).message}`;
      throw e;
    }
    return { index, params, scenario };
  });
  return { sets, points };
}

/**
 * Run an ensemble at every grid point; yields points in grid order as they
 * finish. All points use the same seed (common random numbers), so
 * differences between points come from the parameters, not from noise.
 * Validation (prepareSweep) happens before the first simulation.
 */
export async function* sweep(scenarioFile: string | object, options: SweepOptions): AsyncGenerator<SweepPoint> {
  const err = checkPaths(options.paths);
  if (err) throw new BatchError(err);
  yield* runSweep(await prepareSweep(scenarioFile, options), options);
}

/** Run a prepared sweep (see `sweep`). */
export async function* runSweep(prepared: PreparedSweep, options: Omit<SweepOptions, 'set' | 'zip' | 'file'>): AsyncGenerator<SweepPoint> {
  const err = checkPaths(options.paths);
  if (err) throw new BatchError(err);
  const n = prepared.points.length;
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > 1024) throw new BatchError(`workers must be a whole number from 1 to 1024, got ${workers}`);
  const signal = options.signal;
  const useWorkers = Math.min(workers, Math.ceil((n * options.paths) / 32));
  const pool = useWorkers > 1 ? new WorkerPool(useWorkers) : undefined;
  const base: MonteCarloOptions = {
    paths: options.paths,
    seed: options.seed,
    days: options.days,
    deterministic: options.deterministic,
    counterfactual: options.counterfactual,
    bands: options.bands === true,
    workers: 1,
    signal,
    pool,
  };
  // Keep a few points in flight so the workers stay busy across point boundaries.
  const window = pool ? pool.size + 1 : 1;
  const inflight: Promise<EnsembleRun>[] = [];
  let next = 0, done = 0;
  const launch = () => {
    const p = runEnsemble(prepared.points[next++].scenario, base);
    p.catch(() => {}); // awaited in order below; this only marks it handled meanwhile
    inflight.push(p);
  };
  try {
    while (next < n && inflight.length < window) launch();
    for (let i = 0; i < n; i++) {
      const r = await inflight.shift()!;
      if (signal?.aborted) throw abortError(signal);
      if (next < n) launch();
      const summary = summarize(r.state);
      options.onProgress?.(++done, n);
      yield { index: i, params: prepared.points[i].params, summary, metrics: sweepMetrics(summary) };
    }
  } finally {
    if (pool) await pool.close();
  }
}
