import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { simulate, simulateTyped } from '../../src/simulate.ts';
import { runEnsemble } from '../../src/batch/mc.ts';
import { summarize, summarizeTyped } from '../../src/batch/ensemble.ts';
import { ensembleCsv, exportName, seriesCsv, summaryJson } from '../../web/lib/export.ts';
import type { EnsembleResult } from '../../web/lib/ensemble-types.ts';
import type { Settings } from '../../web/lib/share.ts';
import { TEST_SCENARIO } from './fixtures.ts';

const SETTINGS: Settings = { seed: 'web', horizonDays: 120, paths: 8, company: 'AAA', deterministic: false, view: 'single' };

function parseCsv(text: string): string[][] {
  // Enough of RFC 4180 for these files: CRLF rows, no quoted fields expected in numeric tables.
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n').map((r) => r.split(','));
}

describe('exports', () => {
  const resolved = resolveScenario(TEST_SCENARIO);
  const result = simulate(resolved, { seed: 'web' });

  it('writes the path as CSV: one row per day, market and company columns', () => {
    const rows = parseCsv(seriesCsv(result));
    const header = rows[0];
    expect(header.slice(0, 2)).toEqual(['day', 'date']);
    for (const col of ['BTC.price', 'BTC.counterfactualPrice', 'ETH.liquidationsUsd', 'AAA.stockPrice', 'AAA.ltv', 'BBB.mnav', 'BBB.listingState']) expect(header).toContain(col);
    expect(rows).toHaveLength(1 + 120);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    const i = header.indexOf('BTC.price');
    expect(Number(rows[1][i])).toBeCloseTo(result.markets.BTC.price[0], 6);
    expect(rows[120][1]).toBe(result.dates[119]);
  });

  it('writes ensemble bands as CSV with one column per series and quantile', async () => {
    const r = await runEnsemble(resolved, { paths: 6, seed: 'web', days: 30, workers: 1 });
    const e: EnsembleResult = { summary: summarizeTyped(r.state), eventDays: r.state.events, requested: 6, cancelled: false, elapsedMs: 1, workers: 1 };
    const rows = parseCsv(ensembleCsv(e));
    expect(rows[0]).toContain('BTC.price.q05');
    expect(rows[0]).toContain('AAA.stockPrice.q50');
    expect(rows[0]).toContain('BBB.mnav.q95');
    expect(rows).toHaveLength(31);
    const j = rows[0].indexOf('BTC.price.q05'), k = rows[0].indexOf('BTC.price.q95'), m = rows[0].indexOf('AAA.stockPrice.q50');
    for (const r of rows.slice(1)) expect(Number(r[j])).toBeLessThanOrEqual(Number(r[k]));
    // The cells are the summary's bands (dat-sim mc's), day by day.
    expect(Number(rows[30][m])).toBe(e.summary.bands!.companies.AAA.stockPrice.q50[29]);
    expect(Number(rows[30][m])).toBe(summarize(r.state).bands!.companies.AAA.stockPrice.q50[29]);
    const json = JSON.parse(summaryJson(simulateTyped(resolved, { seed: 'web' }), SETTINGS, e));
    expect(json.settings).toEqual(SETTINGS);
    expect(json.path.summary.companies.AAA).toBeTruthy();
    expect(json.ensemble.paths).toBe(6);
    expect(json.ensemble.kind).toBe('dat-sim-ensemble');
    expect(json.ensemble.bands).toBeUndefined();
    expect(json.ensemble.companies.BBB.events.notice.probability).toBe(e.summary.companies.BBB.events.notice.probability);
  });

  it('makes safe file names', () => {
    expect(exportName('fgnx', '1', 'series', 'csv')).toBe('fgnx-seed1-series.csv');
    expect(exportName('../evil id', 'a/b', 'x y', 'json')).toBe('evil-id-seeda-b-x-y.json');
  });
});
