/**
 * What the Export buttons write: the path's series as CSV (the same table as
 * `dat-sim run --format csv`), the ensemble's bands as CSV, and summaries as
 * JSON. Pure: the DOM part (Blob + <a download>) is in download.ts.
 */
import { seriesCsv } from '../../src/output/series-csv.ts';
import { toCsv, type Cell } from '../../src/output/csv.ts';
import type { SimResult } from '../../src/simulate.ts';
import type { Settings } from './share.ts';
import type { EnsembleResult } from './ensemble-types.ts';

export { seriesCsv };

/** The ensemble's per-day bands, one column per series and quantile (e.g. "BTC.price.q50"). */
export function ensembleCsv(e: EnsembleResult): string {
  const header = ['day', 'date'];
  const cols: ArrayLike<number>[] = [];
  for (const s of e.series) {
    e.quantiles.forEach((q, j) => {
      header.push(`${s.key}.q${String(Math.round(q * 100)).padStart(2, '0')}`);
      cols.push(s.bands[j]);
    });
  }
  const rows: Cell[][] = e.dates.map((date, t) => [t, date, ...cols.map((c) => (Number.isNaN(c[t]) ? null : c[t]))]);
  return toCsv(header, rows);
}

/** The run's summary with the settings that produced it (and the ensemble's, when there is one). */
export function summaryJson(result: SimResult | null, settings: Settings, ensemble: EnsembleResult | null): string {
  const out = {
    generatedBy: 'DAT death-spiral simulator (web)',
    scenario: result?.scenario ?? null,
    settings,
    path: result ? { seed: result.seed, path: result.path, deterministic: result.deterministic, summary: result.summary } : null,
    ensemble: ensemble
      ? {
          paths: ensemble.paths,
          seed: ensemble.seed,
          days: ensemble.days,
          elapsedMs: Math.round(ensemble.elapsedMs),
          companies: ensemble.companies,
          markets: ensemble.markets,
        }
      : null,
  };
  return JSON.stringify(out, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}

/** "fgnx-seed1-series.csv": safe file names from the scenario id. */
export function exportName(scenarioId: string, seed: string, what: string, ext: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';
  return `${clean(scenarioId)}-seed${clean(seed)}-${clean(what)}.${ext}`;
}
