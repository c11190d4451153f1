/**
 * Partial results: one shard's EnsembleState as a JSON file that another
 * machine can merge. The counts are stored exactly (little-endian typed arrays,
 * deflated, base64), so merging every shard gives the single run's state bit
 * for bit, hence the same summary byte for byte.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { describeValue, type ResolvedScenario } from '../../sim/index.ts';
import { EnsembleState, ENSEMBLE_FORMAT_VERSION, summarize, type EnsembleBuffers, type EnsembleMeta, type EnsembleSummary } from './ensemble.ts';
import { BatchError } from './errors.ts';
import { canonicalJson } from './identity.ts';
import { runEnsemble, type MonteCarloOptions } from './mc.ts';
import type { Shard } from './shard.ts';

export const PARTIAL_KIND = 'dat-sim-partial';

export interface PartialResult {
  /** Path ranges [start, end) this partial holds, sorted, not overlapping. */
  ranges: [number, number][];
  state: EnsembleState;
}

const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function encodeArray(a: Uint32Array | Float64Array): string {
  let buf = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (!LE) {
    buf = Buffer.from(buf);
    if (a instanceof Float64Array) buf.swap64();
    else buf.swap32();
  }
  return deflateSync(buf).toString('base64');
}

function decodeArray<T extends Uint32Array | Float64Array>(text: unknown, Ctor: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, what: string): T {
  if (typeof text !== 'string') throw new Error(`${what} is missing`);
  const raw = inflateSync(Buffer.from(text, 'base64'));
  if (raw.byteLength % Ctor.BYTES_PER_ELEMENT) throw new Error(`${what} has ${raw.byteLength} bytes, not a whole number of entries`);
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  const b = Buffer.from(copy.buffer);
  if (!LE) {
    if (Ctor.BYTES_PER_ELEMENT === 8) b.swap64();
    else b.swap32();
  }
  return new Ctor(copy.buffer);
}

/** The partial file's JSON text. */
export function encodePartial(p: PartialResult): string {
  const s = p.state;
  return (
    JSON.stringify({
      kind: PARTIAL_KIND,
      formatVersion: ENSEMBLE_FORMAT_VERSION,
      meta: s.meta,
      ranges: p.ranges,
      count: s.count,
      data: { encoding: 'little-endian, zlib deflate, base64', events: encodeArray(s.events), terminal: encodeArray(s.terminal), extrema: encodeArray(s.extrema), bands: encodeArray(s.bands) },
    }) + '\n'
  );
}

/** Parse a partial file's text; `file` names it in messages. */
export function decodePartial(text: string, file = 'partial'): PartialResult {
  let j: Record<string, unknown>;
  if (typeof text !== 'string') throw new BatchError(`${file}: expected the text of a partial result (encodePartial's, or a file dat-sim mc --shard wrote), got ${describeValue(text)}`);
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new BatchError(`${file}: not a partial result (not valid JSON: ${(e as Error).message})`);
  }
  if (!j || j.kind !== PARTIAL_KIND) throw new BatchError(`${file}: not a dat-sim partial result (expected "kind": "${PARTIAL_KIND}"; write one with dat-sim mc --shard k/n)`);
  if (j.formatVersion !== ENSEMBLE_FORMAT_VERSION) throw new BatchError(`${file}: partial format version ${String(j.formatVersion)}, this dat-sim reads version ${ENSEMBLE_FORMAT_VERSION}; re-run the shard with this version`);
  const meta = j.meta as EnsembleMeta;
  if (!meta || typeof meta !== 'object' || !Number.isInteger(meta.paths) || !Number.isInteger(meta.days) || !meta.sketches || !Array.isArray(meta.markets) || !Array.isArray(meta.companies)) {
    throw new BatchError(`${file}: damaged partial result: "meta" is missing or incomplete`);
  }
  const ranges = j.ranges as [number, number][];
  if (!Array.isArray(ranges) || !ranges.every((r) => Array.isArray(r) && r.length === 2 && Number.isInteger(r[0]) && Number.isInteger(r[1]) && 0 <= r[0] && r[0] <= r[1] && r[1] <= meta.paths)) {
    throw new BatchError(`${file}: "ranges" is not a list of [start, end) path ranges within 0..${meta?.paths}`);
  }
  const data = (j.data ?? {}) as Record<string, unknown>;
  try {
    const buffers: EnsembleBuffers = {
      count: j.count as number,
      events: decodeArray(data.events, Uint32Array, 'events'),
      terminal: decodeArray(data.terminal, Uint32Array, 'terminal'),
      extrema: decodeArray(data.extrema, Float64Array, 'extrema'),
      bands: decodeArray(data.bands, Uint32Array, 'bands'),
    };
    const covered = ranges.reduce((s, [a, b]) => s + b - a, 0);
    if (buffers.count !== covered) throw new Error(`it counts ${buffers.count} paths but its ranges cover ${covered}`);
    return { ranges, state: new EnsembleState(meta, buffers) };
  } catch (e) {
    if (e instanceof BatchError) throw e;
    throw new BatchError(`${file}: damaged partial result: ${(e as Error).message}`);
  }
}

/** Run one shard of an ensemble into a partial result. */
export async function runShard(scenario: ResolvedScenario, options: MonteCarloOptions & { shard: Pick<Shard, 'index' | 'count'> }): Promise<PartialResult> {
  if (options.record === 'full') throw new BatchError('shards hold counts only: --record full cannot be combined with --shard');
  const r = await runEnsemble(scenario, options);
  return { ranges: r.range[1] > r.range[0] ? [r.range] : [], state: r.state };
}

const IDENTITY_FIELDS: [string, (m: EnsembleMeta) => unknown][] = [
  ['engine version', (m) => m.engine.version],
  ['engine sources (hash)', (m) => m.engine.sourceHash],
  ['V8 version (Math functions)', (m) => m.engine.v8],
  ['scenario id', (m) => m.scenario.id],
  ['resolved scenario (hash)', (m) => m.scenario.hash],
  ['seed', (m) => m.seed],
  ['paths', (m) => m.paths],
  ['days', (m) => m.days],
  ['deterministic', (m) => m.deterministic],
  ['counterfactual', (m) => m.counterfactual],
  ['bands', (m) => m.bands],
  ['sketch layout', (m) => m.sketches],
  ['markets', (m) => m.markets],
  ['companies', (m) => m.companies],
  ['band start values', (m) => m.bandRefs],
  ['dates', (m) => m.dates],
  ['scenario', (m) => m.scenario],
];

/**
 * Merge partials of one run. Refuses partials of different runs (scenario,
 * seed, days, versions...) and overlapping path ranges; with `complete`, also
 * refuses a set that misses paths.
 */
export function mergePartials(parts: { partial: PartialResult; file: string }[], options: { complete?: boolean } = {}): PartialResult {
  if (!parts.length) throw new BatchError('merge expects one or more partial results');
  const first = parts[0];
  for (const p of parts.slice(1)) {
    for (const [what, get] of IDENTITY_FIELDS) {
      const a = canonicalJson(get(first.partial.state.meta)), b = canonicalJson(get(p.partial.state.meta));
      if (a !== b) {
        const show = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);
        throw new BatchError(`${first.file} and ${p.file} come from different runs: their ${what} differ (${show(a)} vs ${show(b)}); only shards of one run (same scenario, seed, paths, days, options and dat-sim version) can be merged`);
      }
    }
  }
  const owned: { range: [number, number]; file: string }[] = [];
  for (const p of parts) for (const r of p.partial.ranges) if (r[1] > r[0]) owned.push({ range: r, file: p.file });
  owned.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  for (let i = 1; i < owned.length; i++) {
    const prev = owned[i - 1], cur = owned[i];
    if (cur.range[0] < prev.range[1]) {
      const what = prev.file === cur.file ? `${cur.file} twice` : `both ${prev.file} and ${cur.file}`;
      throw new BatchError(`shards overlap: paths ${cur.range[0]}..${Math.min(prev.range[1], cur.range[1]) - 1} are in ${what}; merge each shard once`);
    }
  }
  const ranges: [number, number][] = [];
  for (const { range } of owned) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === range[0]) last[1] = range[1];
    else ranges.push([range[0], range[1]]);
  }
  const meta = first.partial.state.meta;
  if (options.complete) {
    const missing: string[] = [];
    let at = 0;
    for (const [a, b] of ranges) {
      if (a > at) missing.push(`${at}..${a - 1}`);
      at = b;
    }
    if (at < meta.paths) missing.push(`${at}..${meta.paths - 1}`);
    if (missing.length) {
      throw new BatchError(`shards are missing: paths ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more range(s)` : ''} of 0..${meta.paths - 1} are in none of the ${parts.length} partial(s); merge every shard of the run (or pass --partial to write a merged partial)`);
    }
  }
  const state = new EnsembleState(meta);
  for (const p of parts) state.merge(p.partial.state);
  return { ranges, state };
}

/** The summary of a complete set of partials: the same bytes as the single run's. */
export function summarizePartials(parts: { partial: PartialResult; file: string }[]): EnsembleSummary {
  return summarize(mergePartials(parts, { complete: true }).state);
}
