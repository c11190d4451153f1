/** The Analysis page's helpers (web/lib/analysis-*.ts) against src/analysis directly. */
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { METRICS } from '../../src/analysis/metrics.ts';
import { PARAMETER_RANGES } from '../../src/analysis/ranges.ts';
import { ensembleMetricValues, tornado } from '../../src/analysis/sensitivity.ts';
import { parseMetric } from '../../src/analysis/metrics.ts';
import { stressGrid } from '../../src/analysis/stress.ts';
import { tornadoUnit } from '../../src/analysis/sensitivity.ts';
import { stressCell } from '../../src/analysis/stress.ts';
import { estimatedSeconds, stressFromCells } from '../../src/analysis/units.ts';
import { metricStats, tornadoFromEnsembles, tornadoPlan } from '../../src/analysis/tornado.ts';
import { runRisk } from '../../web/lib/risk-core.ts';
import { runRiskSlice } from '../../src/risk/slices.ts';
import { mergeFirstDays } from '../../src/risk/probabilities.ts';
import { riskMap } from '../../src/risk/map.ts';
import { compileExpression } from '../../sim/expr.ts';
import { cellVerdict, defaultMetric, flatTornadoExplanation, metricChoices, parseNumberList } from '../../web/lib/analysis-metrics.ts';
import { workerCountForWork } from '../../web/lib/worker-job.ts';
import { formatMetric, tornadoChart, tornadoTickLabel } from '../../web/lib/analysis-charts.ts';
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

  it('runs the same tornado as src/analysis/sensitivity.ts unit by unit, in any order and cloned as workers send them; rows sorted by swing', () => {
    const o = { paths: 3, seed: 'w', days: 60, params: ['impactLaw', 'dailyVolumeUsd', 'premium.kappa'] };
    const plan = tornadoPlan(resolved, 'terminalPrice:BTC', o.params);
    expect(plan.total).toBe(7);
    // The workers finish in any order: here last unit first, each through a structured clone.
    const parts = new Array(plan.total);
    for (const u of [6, 2, 4, 0, 5, 1, 3]) parts[u] = structuredClone(tornadoUnit(resolved, 'terminalPrice:BTC', o, u));
    const mine = tornadoFromEnsembles(resolved, plan, o, parts);
    expect(mine).toEqual(tornado(resolved, 'terminalPrice:BTC', o));
    for (let i = 1; i < mine.rows.length; i++) expect(mine.rows[i - 1].swing).toBeGreaterThanOrEqual(mine.rows[i].swing);
    const spec = tornadoChart(mine, null);
    expect(spec.data.labels).toEqual(mine.rows.map((r) => r.label));
    expect(spec.data.datasets[0].data).toEqual(mine.rows.map((r) => [mine.base, r.metricLow]));
    expect(() => tornadoUnit(resolved, 'terminalPrice:BTC', o, 7)).toThrow(/not one of 0\.\.6/);
    expect(() => tornadoFromEnsembles(resolved, plan, o, parts.slice(1))).toThrow(/expected 7 ensembles/);
    expect(() => tornadoPlan(resolved, 'terminalPrice:XYZ')).toThrow(/unknown coin "XYZ"/);
  });

  it('covers every documented range by default', () => {
    const plan = tornadoPlan(resolved, 'pNotice:AAA');
    expect(plan.total).toBe(1 + 2 * PARAMETER_RANGES.length);
    const o = { paths: 1, seed: 'w', days: 20 };
    const r = tornadoFromEnsembles(resolved, plan, o, Array.from({ length: plan.total }, (_, u) => tornadoUnit(resolved, 'pNotice:AAA', o, u)));
    expect(r.rows.map((x) => x.parameter).sort()).toEqual(PARAMETER_RANGES.map((x) => x.id).sort());
  });

  it('runs the same stress grid as src/analysis/stress.ts, cell by cell in any order', () => {
    const o = { company: 'AAA', drawdowns: [0.2, 0.6], mnavs: [0.5, 1.5], declineDays: 30, days: 60 };
    const parts = new Array(4);
    for (const u of [3, 1, 0, 2]) parts[u] = structuredClone(stressCell(resolved, o, u));
    expect(stressFromCells(parts)).toEqual(stressGrid(resolved, o));
    expect(() => stressCell(resolved, { ...o, company: 'ZZZ' }, 0)).toThrow(/unknown company/);
    expect(() => stressCell(resolved, o, 4)).toThrow(/not one of the grid's 4/);
    expect(() => stressFromCells([])).toThrow(/at least one cell/);
  });

  it('starts as many analysis workers as the estimated compute is worth: a short job on one', () => {
    const one = { companies: [{}], horizonDays: 365 }, six = { companies: Array(6).fill({}), horizonDays: 730 }, ten = { companies: Array(10).fill({}), horizonDays: 730 };
    const jobs = {
      fgnxTornado: { type: 'tornado' as const, scenario: one, options: { paths: 100 } }, // the page's default on FGNX: 29 ensembles
      contagionTornado: { type: 'tornado' as const, scenario: six, options: { paths: 100 } },
      wargameTornado: { type: 'tornado' as const, scenario: ten, options: { paths: 100 } },
      smallTornado: { type: 'tornado' as const, scenario: one, options: { paths: 8, days: 180 } },
      wargameGrid: { type: 'stress' as const, scenario: ten, options: {} }, // the page's default 3 x 3 grid (9 cells), or 4 x 4
    };
    expect(estimatedSeconds(jobs.fgnxTornado, 29)).toBeCloseTo(29 * 100 * 365 * 0.35e-6, 12);
    expect(workerCountForWork(29, estimatedSeconds(jobs.fgnxTornado, 29), 8)).toBe(1);
    expect(workerCountForWork(29, estimatedSeconds(jobs.smallTornado, 29), 8)).toBe(1);
    expect(workerCountForWork(29, estimatedSeconds(jobs.contagionTornado, 29), 2)).toBe(2); // ~4.4 s: one per 2.5 s
    expect(workerCountForWork(29, estimatedSeconds(jobs.contagionTornado, 29), 16)).toBe(2);
    expect(workerCountForWork(29, estimatedSeconds(jobs.wargameTornado, 29), 16)).toBe(3); // ~7.4 s
    expect(workerCountForWork(29, 60, 16)).toBe(4); // at most 4 whatever the work
    expect(workerCountForWork(9, estimatedSeconds(jobs.wargameGrid, 9), 8)).toBe(1); // ~2.3 s: a second worker's start-up would eat its gain
    expect(workerCountForWork(16, estimatedSeconds(jobs.wargameGrid, 16), 8)).toBe(2);
    expect(workerCountForWork(2, 100, 8)).toBe(2); // never more workers than units
    expect(workerCountForWork(0, 0, 8)).toBe(1);
  });

  it('computes the risk odds as dat-sim risk does (riskMap with paths, seed and horizon), with progress after each path', () => {
    const seen: [number, number][] = [];
    const o = { paths: 12, seed: 'odds', days: 200, deterministic: false };
    expect(resolved.horizonDays).not.toBe(200);
    const mine = runRisk(resolved, o, compileExpression, (d, t) => seen.push([d, t]));
    expect(mine).toEqual(riskMap(resolved, { ...o, compileRule: compileExpression }));
    expect(mine).not.toEqual(riskMap(resolved, { paths: 12, seed: 'odds', compileRule: compileExpression }));
    expect(mine.paths).toBe(12);
    expect(mine.days).toBe(200);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, k) => [k + 1, 12]));
    for (const c of mine.companies) {
      expect(c.listing!.map((l) => l.step).at(-1)).toBe('listingLost');
      for (const t of c.triggers) expect(t.odds!.withinHorizon.paths).toBe(12);
    }
    // The report crosses to the page by structured clone, as a worker sends it.
    expect(structuredClone(mine)).toEqual(mine);
    // By slices (the app's workers), cloned as the workers send them, merged: the same report.
    const slices = [[0, 5], [5, 9], [9, 12]].map(([a, b]) => structuredClone(runRiskSlice(resolved, { ...o, start: a, end: b }, compileExpression)));
    expect(runRisk(resolved, { ...o, firstDays: mergeFirstDays(slices) }, compileExpression)).toEqual(mine);
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

describe('analysis default and flat results', () => {
  it('computes the spread of a metric across paths', () => {
    // [1, 2, NaN, 4]: n = 3, mean = 7/3 = 2.33333; squared deviations 1.77778 + 0.11111 + 2.77778 = 4.66667;
    // sd = sqrt(4.66667 / 2) = 1.52753; se = 1.52753 / sqrt(3) = 0.88192 (python3: statistics.stdev([1,2,4])).
    const s = metricStats([1, 2, NaN, 4]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(2.333333, 6);
    expect(s.sd).toBeCloseTo(1.527525, 6);
    expect(s.se).toBeCloseTo(0.881917, 6);
    expect([s.min, s.max]).toEqual([1, 4]);
    const one = metricStats([5]);
    expect([one.n, one.mean, Number.isNaN(one.sd), Number.isNaN(one.se)]).toEqual([1, 5, true, true]);
    expect(Number.isNaN(metricStats([NaN]).mean)).toBe(true);
  });

  it("gives the tornado's base with its spread, the mean of the per-path values", () => {
    const o = { paths: 4, seed: 'w', days: 60, params: ['premium.kappa'] };
    const r = tornado(resolved, 'terminalStockPrice:AAA', o);
    const values = ensembleMetricValues(resolved, parseMetric('terminalStockPrice:AAA', resolved), o);
    expect(values).toHaveLength(4);
    expect(r.baseStats).toEqual(metricStats(values));
    expect(r.base).toBe(r.baseStats.mean);
    expect(r.baseStats.sd).toBeGreaterThan(0);
    // The chart shades base ± 1.96 s.e.
    const band = (tornadoChart(r, null).options.plugins as { annotation: { annotations: Record<string, { xMin: number; xMax: number }> } }).annotation.annotations.baseBand;
    expect(band.xMin).toBeCloseTo(r.base - 1.96 * r.baseStats.se, 12);
    expect(band.xMax).toBeCloseTo(r.base + 1.96 * r.baseStats.se, 12);
  });

  it('opens on the focus company\'s stock price (the first coin without companies)', () => {
    expect(defaultMetric(resolved, 'BBB')).toBe('terminalStockPrice:BBB');
    expect(defaultMetric(resolved, null)).toBe(`terminalStockPrice:${resolved.companies[0].ticker}`);
    expect(defaultMetric({ markets: resolved.markets, companies: [] }, null)).toBe(`terminalPrice:${resolved.markets[0].coin}`);
    expect(metricChoices(resolved).map((c) => c.id)).toContain(defaultMetric(resolved, 'AAA'));
  });

  it('explains a tornado without spread and says nothing when there is spread', () => {
    const rows = (v: number) => Array.from({ length: 14 }, () => ({ metricLow: v, metricHigh: v }));
    const flat = (metric: string, v: number) => flatTornadoExplanation({ metric, paths: 20, days: 365, base: v, rows: rows(v) });
    expect(flat('pDelisting:FGNX', 0)).toMatch(/^No path reached a delisting \(or froze insolvent\) in 20 paths of 365 days, at the base or at either end of any of the 14 ranges: the share is 0% everywhere/);
    expect(flat('pDelisting:FGNX', 0)).toContain('try a longer horizon (Days), more paths');
    expect(flat('pNotice:FGNX', 0)).toContain('30 business days');
    expect(flat('pInsolvent:FGNX', 0)).toMatch(/^No path became insolvent/);
    expect(flat('pNotice:X', 1)).toMatch(/^Every path got a notice .* 100% everywhere/);
    expect(flat('coinsSold:FGNX', 0)).toMatch(/^FGNX sold no coins/);
    expect(flat('liquidations:ETH', 0)).toMatch(/^No long ETH position was liquidated/);
    expect(flat('terminalMnav:FGNX', NaN)).toMatch(/^terminalMnav:FGNX is undefined on every path/);
    expect(flat('terminalStockPrice:FGNX', 2.5)).toMatch(/^terminalStockPrice:FGNX is the same \(2\.5\)/);
    // Spread anywhere (one bar) -> no explanation; a value within 1e-12 relative counts as equal.
    const r = rows(0);
    r[5] = { metricLow: 0, metricHigh: 0.05 };
    expect(flatTornadoExplanation({ metric: 'pDelisting:FGNX', paths: 20, days: 365, base: 0, rows: r })).toBeNull();
    expect(flatTornadoExplanation({ metric: 'terminalPrice:ETH', paths: 2, days: 9, base: 100, rows: [{ metricLow: 100 + 1e-11, metricHigh: 100 }] })).not.toBeNull();
  });

  it('fits parameter names to the chart: two lines on a wide chart, cut on a phone', () => {
    const long = 'long and short open interest at risk (and their rebuild targets)'; // 64 characters
    // The last space at or before 36 is after "risk" (index 36 is the space before "(and").
    expect(tornadoTickLabel(long, 1200)).toEqual(['long and short open interest at risk', '(and their rebuild targets)']);
    expect(tornadoTickLabel('premium volatility', 1200)).toBe('premium volatility');
    expect(tornadoTickLabel(long, 340)).toBe('long and short open…');
    expect(tornadoTickLabel('ETF flow chase', 340)).toBe('ETF flow chase');
    // The chart starts at the values, not at 0, and reaches over the shaded interval.
    const r = tornado(resolved, 'terminalStockPrice:AAA', { paths: 4, seed: 'w', days: 60, params: ['premium.kappa'] });
    const x = (tornadoChart(r, null).options.scales as { x: { beginAtZero: boolean; suggestedMin: number; suggestedMax: number } }).x;
    expect(x.beginAtZero).toBe(false);
    expect(x.suggestedMin).toBeCloseTo(r.base - 1.96 * r.baseStats.se, 12);
    expect(x.suggestedMax).toBeCloseTo(r.base + 1.96 * r.baseStats.se, 12);
  });
});
