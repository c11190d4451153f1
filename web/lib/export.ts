/**
 * What the Export buttons write: the path's series as CSV (the same table as
 * `dat-sim run --format csv`), the ensemble's bands as CSV, and summaries as
 * JSON. Pure: the DOM part (Blob + <a download>) is in download.ts.
 */
import { seriesCsv } from '../../src/output/series-csv.ts';
import { toCsv, type Cell } from '../../src/output/csv.ts';
import type { SimResultTyped } from '../../src/simulate.ts';
import type { Settings } from './share.ts';
import { bandSeries, type EnsembleResult } from './ensemble-types.ts';

export { seriesCsv };

/** The ensemble's per-day bands, one column per series and quantile (e.g. "BTC.price.q50"). */
export function ensembleCsv(e: EnsembleResult): string {
  const header = ['day', 'date'];
  const cols: Float64Array[] = [];
  for (const s of bandSeries(e)) {
    for (const [q, values] of Object.entries(s.bands)) {
      header.push(`${s.key}.${q}`);
      cols.push(values);
    }
  }
  // NaN in the typed bands is null in dat-sim mc's JSON: an empty cell, as before.
  const rows: Cell[][] = (e.summary.bands?.dates ?? []).map((date, t) => [t, date, ...cols.map((c) => (c[t] === c[t] ? c[t] : null))]);
  return toCsv(header, rows);
}

/** The run's summary with the settings that produced it (and the ensemble's, when there is one). */
export function summaryJson(result: SimResultTyped | null, settings: Settings, ensemble: EnsembleResult | null): string {
  const out = {
    generatedBy: 'DAT death-spiral simulator (web)',
    scenario: result?.scenario ?? null,
    settings,
    path: result ? { seed: result.seed, path: result.path, deterministic: result.deterministic, summary: result.summary } : null,
    // The ensemble as `dat-sim mc --format json` writes it (bands left out: they are in the ensemble CSV).
    ensemble: ensemble
      ? {
          ...ensemble.summary,
          bands: undefined,
          requested: ensemble.requested,
          cancelled: ensemble.cancelled,
          elapsedMs: Math.round(ensemble.elapsedMs),
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
