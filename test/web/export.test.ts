import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { prepare, simulate } from '../../src/simulate.ts';
import { ensembleStats, runChunk, seriesSpecs } from '../../web/lib/ensemble-core.ts';
import { ensembleCsv, exportName, seriesCsv, summaryJson } from '../../web/lib/export.ts';
import { dayBands, toDayMajor, BAND_QUANTILES } from '../../web/lib/quantiles.ts';
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

  it('writes ensemble bands as CSV with one column per series and quantile', () => {
    const model = prepare(resolved, { days: 30 });
    const chunk = runChunk(model, 'web', 0, 6);
    const specs = seriesSpecs(resolved);
    const bands = chunk.series.map((s) => dayBands(toDayMajor([{ from: 0, to: 6, data: s }], 6, 30), 6, 30));
    const e: EnsembleResult = {
      scenarioId: 'web-test',
      seed: 'web',
      paths: 6,
      days: 30,
      dates: result.dates.slice(0, 30),
      quantiles: [...BAND_QUANTILES],
      series: specs.map((s, k) => ({ ...s, bands: bands[k] })),
      ...ensembleStats(resolved, [chunk]),
      elapsedMs: 1,
      workers: 1,
    };
    const rows = parseCsv(ensembleCsv(e));
    expect(rows[0]).toContain('BTC.price.q05');
    expect(rows[0]).toContain('AAA.stockPrice.q50');
    expect(rows[0]).toContain('BBB.mnav.q95');
    expect(rows).toHaveLength(31);
    const j = rows[0].indexOf('BTC.price.q05'), k = rows[0].indexOf('BTC.price.q95');
    for (const r of rows.slice(1)) expect(Number(r[j])).toBeLessThanOrEqual(Number(r[k]));
    const json = JSON.parse(summaryJson(result, SETTINGS, e));
    expect(json.settings).toEqual(SETTINGS);
    expect(json.path.summary.companies.AAA).toBeTruthy();
    expect(json.ensemble.paths).toBe(6);
    expect(json.ensemble.companies.BBB.pNotice).toBeGreaterThanOrEqual(0);
  });

  it('makes safe file names', () => {
    expect(exportName('fgnx', '1', 'series', 'csv')).toBe('fgnx-seed1-series.csv');
    expect(exportName('../evil id', 'a/b', 'x y', 'json')).toBe('evil-id-seeda-b-x-y.json');
  });
});

describe('ensemble inner loop', () => {
  const resolved = resolveScenario(TEST_SCENARIO);
  const model = prepare(resolved, { days: 60 });

  it('gives the same numbers however the paths are split (MODEL.md 3)', () => {
    const whole = runChunk(model, 's', 0, 6);
    const a = runChunk(model, 's', 0, 2), b = runChunk(model, 's', 2, 6);
    whole.series.forEach((s, k) => expect([...s]).toEqual([...a.series[k], ...b.series[k]]));
    expect([...whole.milestones]).toEqual([...a.milestones, ...b.milestones]);
    expect([...whole.terminals]).toEqual([...a.terminals, ...b.terminals]);
  });

  it('records the same closes as a full run of that path', () => {
    const chunk = runChunk(model, 's', 3, 4);
    const full = simulate(resolved, { seed: 's', path: 3, days: 60, counterfactual: false });
    const specs = seriesSpecs(resolved);
    const k = specs.findIndex((s) => s.key === 'BTC.price');
    const j = specs.findIndex((s) => s.key === 'BBB.stockPrice');
    for (let t = 0; t < 60; t++) {
      expect(chunk.series[k][t]).toBeCloseTo(Math.fround(full.markets.BTC.price[t]), 0);
      expect(chunk.series[k][t]).toBe(Math.fround(full.markets.BTC.price[t]));
      expect(chunk.series[j][t]).toBe(Math.fround(full.companies.BBB.stockPrice[t]));
    }
    const st = ensembleStats(resolved, [chunk]);
    expect(st.companies.AAA.noticeDays[0]).toBe(full.summary.companies.AAA.noticeDay);
    expect(st.markets.BTC.terminalPrice[2]).toBe(full.summary.markets.BTC.terminalPrice);
  });
});
