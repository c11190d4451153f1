/**
 * The Export buttons' work (components/dat-export-bar.ts fires `export`
 * {what}; the app hands over what it has): files of the scenario, the path,
 * the ensemble and the HTML report, and the header facts of exported chart
 * images (the answer to a chart's `dat-export-info` event). The share link
 * stays in the app (it writes the URL).
 */
import { toPlainResult, type SimResultTyped } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { Theme } from './chart-setup.ts';
import { downloadText } from './download.ts';
import { partialLabel, type EnsembleResult } from './ensemble-types.ts';
import { ensembleCsv, exportName, seriesCsv, summaryJson } from './export.ts';
import type { ExportInfo } from './export-image.ts';
import type { Settings } from './share.ts';

export interface ExportContext {
  file: Record<string, unknown> | null;
  settings: Settings;
  result: SimResultTyped | null;
  resolved: ResolvedScenario | null;
  ensemble: EnsembleResult | null;
  theme: Theme | null;
}

const nameOf = (c: ExportContext) => String(c.file?.name ?? c.file?.id ?? c.result?.scenario.name ?? 'scenario');

/** Header facts for a chart exported from the simulator's views (the ensemble's path count when it shows). */
export function chartExportInfo(c: ExportContext): ExportInfo {
  const ens = c.settings.view === 'ensemble' && c.ensemble ? c.ensemble : null;
  return {
    scenario: nameOf(c),
    seed: ens?.summary.seed ?? c.result?.seed ?? c.settings.seed,
    // Compare draws A and B on one calendar: its axis labels give the range.
    dates: c.settings.view === 'compare' ? undefined : (ens?.summary.bands?.dates ?? c.result?.dates),
    detail: ens ? (partialLabel(ens) ?? `${ens.summary.paths} paths`) : c.settings.view === 'compare' ? 'A vs B, same seed' : undefined,
  };
}

/** Does one export; returns a message for the bar ('' when there is nothing to say). */
export async function runExport(what: string, c: ExportContext): Promise<string> {
  const id = String(c.file?.id ?? 'scenario');
  const seed = c.settings.seed;
  switch (what) {
    case 'scenario':
      if (c.file) downloadText(`${id}.json`, `${JSON.stringify(c.file, null, 2)}\n`, 'application/json');
      return '';
    case 'csv':
      if (c.result) downloadText(exportName(id, seed, 'series', 'csv'), seriesCsv(toPlainResult(c.result)), 'text/csv');
      return '';
    case 'summary':
      downloadText(exportName(id, seed, 'summary', 'json'), summaryJson(c.result, c.settings, c.ensemble), 'application/json');
      return '';
    case 'ensemble-csv':
      if (c.ensemble) downloadText(exportName(id, seed, `ensemble-${c.ensemble.summary.paths}${c.ensemble.cancelled ? `-of-${c.ensemble.requested}-partial` : ''}`, 'csv'), ensembleCsv(c.ensemble), 'text/csv');
      return '';
    case 'report': {
      if (!c.result || !c.resolved || !c.theme) return 'No run to report yet.';
      const ticker = c.settings.company && c.result.companies[c.settings.company] ? c.settings.company : Object.keys(c.result.companies)[0];
      if (!ticker) return 'The report needs a company in the scenario.';
      try {
        const { runReport } = await import('./export-report.ts');
        const html = await runReport({ result: c.result, resolved: c.resolved, scenarioName: nameOf(c), description: c.file?.description ? String(c.file.description) : undefined, ticker, theme: c.theme });
        downloadText(exportName(id, seed, 'report', 'html'), html, 'text/html');
        return 'Report saved: one HTML file, opens offline.';
      } catch (e) {
        return `The report could not be made: ${(e as Error).message ?? String(e)}`;
      }
    }
    default:
      return '';
  }
}
