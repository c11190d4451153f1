/**
 * The value the defaults table gives a field a scenario file leaves out, read through the
 * same merge the resolver uses (src/presets/fill.ts on src/presets/defaults.ts `DEFAULTS`,
 * a market's preset laid under it). For the web app's placeholders when no resolved
 * scenario is at hand. Pure (no Node, no DOM).
 *
 * Undefined for a field that is derived from others (price0, peakPrice, impactVol, ids,
 * labels, a reserve's fundWith and initialUsd: src/resolve.ts computes them) and for
 * a path the file does not reach.
 */
import { DEFAULTS, MARKET_PRESETS } from './defaults.ts';
import { fillDefaults, layerDefaults } from './fill.ts';

type Obj = Record<string | number, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null;

/** Fields the resolver derives from other fields: the table's value there is not the one that runs. */
const DERIVED: Record<string, readonly string[]> = {
  market: ['price0', 'peakPrice', 'impactVol'],
};

export function effectiveDefault(file: unknown, path: readonly (string | number)[]): unknown {
  const f = isObj(file) ? file : {};
  let filled: unknown;
  let rest: readonly (string | number)[];
  if (path[0] === 'markets' && typeof path[1] === 'string') {
    const m = isObj(f.markets) && isObj(f.markets[path[1]]) ? (f.markets[path[1]] as Obj) : {};
    if (typeof path[2] === 'string' && DERIVED.market.includes(path[2])) return undefined;
    const name = typeof m.preset === 'string' ? m.preset : path[1];
    const preset = Object.hasOwn(MARKET_PRESETS, name) ? MARKET_PRESETS[name] : undefined;
    filled = fillDefaults(layerDefaults(DEFAULTS.market, preset), m);
    rest = path.slice(2);
  } else if (path[0] === 'companies' && typeof path[1] === 'number') {
    const cos = Array.isArray(f.companies) ? f.companies : [];
    if (path[1] >= cos.length) return undefined;
    filled = fillDefaults(DEFAULTS.company, cos[path[1]]);
    rest = path.slice(2);
  } else {
    filled = fillDefaults(DEFAULTS.scenario, f);
    rest = path;
  }
  let cur = filled;
  for (const k of rest) {
    if (!isObj(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}
