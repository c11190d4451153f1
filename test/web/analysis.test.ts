/** The Analysis page's helpers (web/lib/analysis-*.ts) against src/analysis directly. */
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { METRICS } from '../../src/analysis/metrics.ts';
import { PARAMETER_RANGES } from '../../src/analysis/ranges.ts';
import { tornado } from '../../src/analysis/sensitivity.ts';
import { stressGrid } from '../../src/analysis/stress.ts';
import { runStress, runTornado } from '../../web/lib/analysis-core.ts';
import { cellVerdict, metricChoices, parseNumberList } from '../../web/lib/analysis-metrics.ts';
import { formatMetric, tornadoChart } from '../../web/lib/analysis-charts.ts';
import { parseRoute, routeHash } from '../../web/lib/routes.ts';
import { TEST_SCENARIO } from './fixtures.ts';

const resolved = resolveScenario(TEST_SCENARIO);

describe('analysis helpers', () => {
  it('has its own route', () => {
    expect(parseRoute('#/analysis')).toEqual({ page: 'analysis' });
    expect(routeHash({ page: 'analysis' })).toBe('#/analysis');
  });

  it('lists every metric for every coin and ticker of the scenario', () => {
    const ids = metricChoices(resolved).map((c) => c.id);
    const coins = METRICS.filter((m) => m.subject === 'coin').length, tickers = METRICS.length - coins;
    expect(ids).toHaveLength(coins * 2 + tickers * 2);
    expect(ids).toContain('selfInflictedDrawdown:BTC');
    expect(ids).toContain('pDelisting:BBB');
    expect(ids).not.toContain('pDelisting:BTC');
  });

  it('runs the same tornado as src/analysis/sensitivity.ts, with progress, rows sorted by swing', () => {
    const o = { paths: 3, seed: 'w', days: 60, params: ['impactLaw', 'dailyVolumeUsd', 'premium.kappa'] };
    const seen: [number, number][] = [];
    const mine = runTornado(resolved, 'terminalPrice:BTC', o, (d, t) => seen.push([d, t]));
    expect(mine).toEqual(tornado(resolved, 'terminalPrice:BTC', o));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => [d, 7]));
    for (let i = 1; i < mine.rows.length; i++) expect(mine.rows[i - 1].swing).toBeGreaterThanOrEqual(mine.rows[i].swing);
    const spec = tornadoChart(mine, null);
    expect(spec.data.labels).toEqual(mine.rows.map((r) => r.label));
    expect(spec.data.datasets[0].data).toEqual(mine.rows.map((r) => [mine.base, r.metricLow]));
  });

  it('covers every documented range by default', () => {
    const r = runTornado(resolved, 'pNotice:AAA', { paths: 1, seed: 'w', days: 20 });
    expect(r.rows.map((x) => x.parameter).sort()).toEqual(PARAMETER_RANGES.map((x) => x.id).sort());
  });

  it('runs the same stress grid as src/analysis/stress.ts, cell by cell', () => {
    const o = { company: 'AAA', drawdowns: [0.2, 0.6], mnavs: [0.5, 1.5], declineDays: 30, days: 60 };
    const seen: number[] = [];
    const mine = runStress(resolved, o, (d) => seen.push(d));
    expect(mine).toEqual(stressGrid(resolved, o));
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(() => runStress(resolved, { ...o, company: 'ZZZ' })).toThrow(/unknown company/);
  });

  it('reads a cell worst outcome first', () => {
    const c = { insolvent: false, listingState: 'compliant', noticeDay: null, delistedDay: null, covenantBreach: false };
    expect(cellVerdict(c)).toBe('ok');
    expect(cellVerdict({ ...c, covenantBreach: true })).toBe('covenant');
    expect(cellVerdict({ ...c, covenantBreach: true, noticeDay: 40, listingState: 'deficient' })).toBe('notice');
    expect(cellVerdict({ ...c, delistedDay: 200, listingState: 'delisted' })).toBe('delisted');
    expect(cellVerdict({ ...c, insolvent: true, delistedDay: 200 })).toBe('insolvent');
  });

  it('parses the grid inputs and formats metrics', () => {
    expect(parseNumberList('30%, 50 0.7', true)).toEqual([0.3, 0.5, 0.7]);
    expect(parseNumberList('0.5; 1,2')).toEqual([0.5, 1, 2]);
    expect(parseNumberList('1, x')).toBe('"x" is not a number');
    expect(parseNumberList(' ')).toBe('give at least one value');
    expect(formatMetric(0.123, 'probability')).toBe('12.3%');
    expect(formatMetric(NaN, 'USD')).toBe('–');
  });
});
