import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { resolveScenario } from '../src/resolve.ts';
import { main } from '../src/cli/main.ts';
import { MetricError, parseMetric } from '../src/analysis/metrics.ts';
import { ensembleMetric, ensembleMetricValues, tornado } from '../src/analysis/sensitivity.ts';
import { summarizePath } from '../src/summary.ts';
import { PARAMETER_RANGES, withParameter } from '../src/analysis/ranges.ts';
import { stressGrid, stressedScenario, StressError, type StressCell, type StressGridCell } from '../src/analysis/stress.ts';
import { prepare, runPath } from '../src/analysis/run.ts';
import { simulate } from '../src/simulate.ts';
import { monteCarlo } from '../src/batch/mc.ts';
import { NonFiniteError } from '../sim/index.ts';

/** A small two-company scenario: one holder without obligations, one seller. */
const FILE = {
  // No exchange holidays: with the US calendar the stress grid's 20% / 0.5x cell has no exact solution (the
  // seller's mNAV at the decline's end jumps from 0.469 at a $10.75 start to 0.613 at $11, its buyback and
  // deleverage switching), so the "lands on the target" check below could not hold there.
  schemaVersion: 1, id: 'sens-test', name: 'sensitivity test', startDate: '2025-11-22', horizonDays: 90, seed: 't', holidayCalendar: 'none',
  markets: { BTC: { preset: 'BTC' } },
  companies: [
    { ticker: 'HOLD', name: 'holder', coin: 'BTC', exchange: 'nasdaq-cm', coins: 10000, costBasisUsd: 90000, sharesOutstanding: 1e8, stockPrice0: 9, policies: [{ kind: 'hold' }] },
    { ticker: 'SELL', name: 'seller', coin: 'BTC', exchange: 'nasdaq-cm', coins: 20000, costBasisUsd: 110000, sharesOutstanding: 5e7, stockPrice0: 20, cashUsd: 1e7, opexUsdPerYear: 2e7,
      debt: [{ kind: 'convertible', principalUsd: 8e8, maturityDate: '2028-01-01', conversionPrice: 60 }],
      policies: [{ kind: 'deleverage', trigger: 0.45, repayFraction: 0.5 }, { kind: 'buybackBelowNav' }], buybackAuthorizationUsd: 1e8 },
  ],
};
const S = resolveScenario(FILE);
const opts = { paths: 6, seed: 'crn', days: 60 };

const dir = mkdtempSync(join(tmpdir(), 'dat-sens-'));
const scenarioFile = join(dir, 'scenario.json');
writeFileSync(scenarioFile, JSON.stringify(FILE));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sensitivity (tornado)', () => {
  it('common random numbers: a parameter that does not enter the metric leaves it exactly unchanged', () => {
    // Linear-law lambda under the square-root law: nothing moves.
    const m = parseMetric('selfInflictedDrawdown:BTC', S);
    const base = ensembleMetric(S, m, opts);
    expect(base).toBeGreaterThan(0);
    expect(ensembleMetric(withParameter(S, 'lambdaPerBillion', 1.5), m, opts)).toBe(base);
    // The holder's premium does not reach the coin when it never trades: liquidations are identical.
    const noSeller = resolveScenario({ ...FILE, companies: [FILE.companies[0]] });
    const liq = parseMetric('liquidations:BTC', noSeller);
    const l0 = ensembleMetric(noSeller, liq, opts);
    expect(l0).toBeGreaterThan(0);
    for (const id of ['premium.kappa', 'premium.drawdownSensitivity', 'premium.premiumVol', 'stock.turnover']) {
      const r = PARAMETER_RANGES.find((x) => x.id === id)!;
      expect(ensembleMetric(withParameter(noSeller, id, r.low), liq, opts), id).toBe(l0);
      expect(ensembleMetric(withParameter(noSeller, id, r.high), liq, opts), id).toBe(l0);
    }
  });

  it('the same seed gives the same tornado; rows are sorted by swing', () => {
    const params = ['impactY', 'lambdaPerBillion', 'dailyVolumeUsd', 'premium.kappa', 'leverage.openInterestUsd'];
    const a = tornado(S, 'coinsSold:SELL', { ...opts, params });
    const b = tornado(S, 'coinsSold:SELL', { ...opts, params });
    expect(b).toEqual(a);
    expect(a.rows.map((r) => r.parameter).sort()).toEqual([...params].sort());
    for (let i = 1; i < a.rows.length; i++) expect(a.rows[i - 1].swing).toBeGreaterThanOrEqual(a.rows[i].swing);
    for (const r of a.rows) expect(r.metricBase).toBe(a.base);
    expect(a.rows.find((r) => r.parameter === 'lambdaPerBillion')!.swing).toBe(0);
  });

  it('withParameter copies the scenario and scales or sets every market and company', () => {
    const before = JSON.stringify(S);
    const v = withParameter(S, 'dailyVolumeUsd', 2);
    expect(v.markets[0].dailyVolumeUsd).toBe(2 * S.markets[0].dailyVolumeUsd);
    expect(withParameter(S, 'premium.kappa', 7).companies.every((c) => c.premium.kappa === 7)).toBe(true);
    expect(withParameter(S, 'impactLaw', 'linear').markets[0].impactLaw).toBe('linear');
    expect(JSON.stringify(S)).toBe(before);
    expect(() => withParameter(S, 'nope', 1)).toThrow(/unknown parameter/);
  });

  it("a counterfactual metric runs its counterfactuals in lockstep with the same bits as one PathRun per path", () => {
    const metric = parseMetric('selfInflictedDrawdown:BTC', S);
    const o = { paths: 7, seed: 'cf', days: 60 };
    const got = ensembleMetricValues(S, metric, o);
    const model = prepare(S, { days: o.days });
    for (let i = 0; i < o.paths; i++) {
      const run = runPath(model, { seed: o.seed, path: i, record: 'summary' });
      const cf = runPath(model, { seed: o.seed, path: i, record: 'summary', companyTrading: false, marketsOnly: true });
      expect(Object.is(got[i], metric.def.read(summarizePath(model, run, cf), metric.subject))).toBe(true);
    }
    expect(new Set(got).size).toBeGreaterThan(1); // the paths differ: not one value repeated
  });

  it('refuses unknown metrics and subjects, naming the choices', () => {
    expect(() => parseMetric('nope:BTC', S)).toThrow(MetricError);
    expect(() => parseMetric('nope:BTC', S)).toThrow(/selfInflictedDrawdown:<COIN>.*pDelisting:<TICKER>/);
    expect(() => parseMetric('pDelisting:ZZZ', S)).toThrow(/HOLD, SELL/);
    expect(() => parseMetric('terminalPrice:ETH', S)).toThrow(/BTC/);
    expect(() => parseMetric('pNotice', S)).toThrow(/needs a ticker/);
  });
});

/** A cell that ran (the test fails on a stopped one). */
function ran(c: StressGridCell): StressCell {
  if ('failure' in c) throw new Error(`the cell ${c.drawdown} x ${c.targetMnav} stopped: ${c.failure}`);
  return c;
}

describe('stress grid', () => {
  it('lands the basic mNAV on the target at the end of the decline and reports the spiral', () => {
    const g = stressGrid(S, { company: 'SELL', drawdowns: [0.2, 0.6], mnavs: [0.5, 2], declineDays: 30, days: 60 });
    const r = { ...g, cells: g.cells.map(ran) };
    expect(r.cells).toHaveLength(4);
    for (const c of r.cells) {
      expect(Math.abs(c.mnav! / c.targetMnav - 1)).toBeLessThan(0.01);
      expect(c.belowMinPriceAtDeclineEnd).toBe(c.stockPriceAtDeclineEnd < 1);
      expect(c.coinDrawdownAtDeclineEnd).toBeGreaterThanOrEqual(c.drawdown - 1e-9);
      expect(Number.isFinite(c.selfInflictedDrawdown)).toBe(true);
    }
    // A deeper fall makes the seller deleverage: it sells more and the coin falls further than scripted.
    const deep = r.cells.find((c) => c.drawdown === 0.6 && c.targetMnav === 0.5)!;
    const shallow = r.cells.find((c) => c.drawdown === 0.2 && c.targetMnav === 0.5)!;
    expect(deep.coinsSold).toBeGreaterThan(shallow.coinsSold);
    expect(deep.selfInflictedDrawdownAtDeclineEnd).toBeGreaterThan(0);
    expect(stressGrid(S, { company: 'SELL', drawdowns: [0.2], mnavs: [0.5], declineDays: 30, days: 60 }).cells[0]).toEqual(r.cells[0]);
  });

  it('its counterfactual runs markets-only: every market series equals the full counterfactual bit for bit', () => {
    // stressGrid reads only the counterfactual's coin price; the markets-only run skips the companies' steps.
    for (const drawdown of [0.2, 0.6]) {
      const model = prepare(stressedScenario(S, 'SELL', drawdown, 30, 60), { days: 60, deterministic: true });
      const full = runPath(model, { record: 'full', companyTrading: false });
      const only = runPath(model, { record: 'full', companyTrading: false, marketsOnly: true });
      expect(only.companySeries).toHaveLength(0);
      expect(only.marketSeries.map((m) => m.coin)).toEqual(full.marketSeries.map((m) => m.coin));
      let compared = 0;
      full.marketSeries.forEach((m, k) => {
        for (const [key, a] of Object.entries(m)) {
          if (typeof a === 'string') continue;
          const b = (only.marketSeries[k] as unknown as Record<string, Float64Array>)[key];
          for (let t = 0; t < a.length; t++) if (!Object.is(a[t], b[t])) throw new Error(`${m.coin}.${key}[${t}]: ${a[t]} vs ${b[t]}`);
          compared += a.length;
        }
      });
      expect(compared).toBe(13 * 60);
      // The scripted fall shows in the counterfactual's price (with the companies off, nothing adds to it).
      expect(only.marketSeries[0].price[59]).toBeLessThan(only.marketSeries[0].price[0]);
    }
  });

  it('refuses bad input', () => {
    expect(() => stressGrid(S, { company: 'NOPE', drawdowns: [0.1], mnavs: [1] })).toThrow(StressError);
    expect(() => stressGrid(S, { company: 'SELL', drawdowns: [1.2], mnavs: [1] })).toThrow(/\[0, 1\)/);
    expect(() => stressGrid(S, { company: 'SELL', drawdowns: [0.1], mnavs: [0] })).toThrow(/> 0/);
    expect(() => stressGrid(S, { company: 'SELL', drawdowns: [0.1], mnavs: [1], declineDays: 100, days: 50 })).toThrow(/fit in the horizon/);
  });
});

describe('CLI: dat-sim sensitivity and stress', () => {
  const out = join(dir, 'out.json');
  it('exit 0 and a sorted tornado in JSON; CSV has a header row', async () => {
    expect(await main(['sensitivity', scenarioFile, '--metric', 'coinsSold:SELL', '--paths', '2', '--days', '30', '--params', 'impactY,premium.kappa', '--out', out])).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.metric).toBe('coinsSold:SELL');
    expect(j.rows).toHaveLength(2);
    // The base's spread across the 2 paths (mean = base; se = sd / sqrt(2)).
    expect(j.baseStats.n).toBe(2);
    expect(j.baseStats.mean).toBe(j.base);
    expect(j.baseStats.se).toBeCloseTo(j.baseStats.sd / Math.SQRT2, 12);
    const csv = join(dir, 'out.csv');
    expect(await main(['sensitivity', scenarioFile, '--metric', 'pNotice:HOLD', '--paths', '1', '--days', '20', '--params', 'impactY', '--format', 'csv', '--out', csv])).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('parameter,label,low,high,metric_low,metric_base,metric_high,swing,failure_low,failure_high');
  });

  it('--workers: the same bytes on 1 and 2 threads (sensitivity, stress); bad values exit 2', async () => {
    const a = join(dir, 'w1.json'), b = join(dir, 'w2.json');
    const args = ['sensitivity', scenarioFile, '--metric', 'coinsSold:SELL', '--paths', '3', '--days', '40', '--params', 'impactY,premium.kappa,stock.turnover'];
    expect(await main([...args, '--workers', '1', '--out', a])).toBe(0);
    expect(await main([...args, '--workers', '2', '--out', b])).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(JSON.parse(readFileSync(a, 'utf8')).rows).toHaveLength(3);
    const sargs = ['stress', scenarioFile, '--company', 'SELL', '--drawdowns', '0.2,0.5', '--mnavs', '0.8,1.5', '--decline-days', '20', '--days', '40', '--format', 'csv'];
    expect(await main([...sargs, '--workers', '1', '--out', a])).toBe(0);
    expect(await main([...sargs, '--workers', '2', '--out', b])).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(readFileSync(a, 'utf8').trim().split('\r\n')).toHaveLength(5);
    expect(await main([...args, '--workers', '0'])).toBe(2);
    expect(await main([...sargs, '--workers', 'many'])).toBe(2);
    // An unknown company or metric is refused before a thread starts.
    expect(await main(['stress', scenarioFile, '--company', 'NOPE', '--workers', '2'])).toBe(2);
    expect(await main(['sensitivity', scenarioFile, '--metric', 'nope:BTC', '--workers', '2'])).toBe(2);
  });

  it('exit 2 on usage errors: bad metric, no metric, bad flags, unknown parameter', async () => {
    expect(await main(['sensitivity', scenarioFile, '--metric', 'nope:BTC', '--paths', '1'])).toBe(2);
    expect(await main(['sensitivity', scenarioFile, '--paths', '1'])).toBe(2);
    expect(await main(['sensitivity', scenarioFile, '--metric', 'coinsSold:SELL', '--paths', '0'])).toBe(2);
    expect(await main(['sensitivity', scenarioFile, '--metric', 'coinsSold:SELL', '--format', 'xml'])).toBe(2);
    expect(await main(['sensitivity', scenarioFile, '--metric', 'coinsSold:SELL', '--params', 'bogus'])).toBe(2);
    expect(await main(['sensitivity', join(dir, 'missing.json'), '--metric', 'coinsSold:SELL'])).toBe(2);
  });

  it('stress: exit 0 with a grid, exit 2 on bad input', async () => {
    expect(await main(['stress', scenarioFile, '--company', 'SELL', '--drawdowns', '0.3', '--mnavs', '0.8,1.2', '--decline-days', '20', '--days', '40', '--out', out])).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).cells).toHaveLength(2);
    expect(await main(['stress', scenarioFile, '--company', 'NOPE'])).toBe(2);
    expect(await main(['stress', scenarioFile])).toBe(2);
    expect(await main(['stress', scenarioFile, '--company', 'SELL', '--drawdowns', 'a,b'])).toBe(2);
    expect(await main(['stress', scenarioFile, '--company', 'SELL', '--drawdowns', '1.5'])).toBe(2);
  });
});

describe('a variation whose run stops (a figure leaves what the model can carry)', () => {
  // wargame-ten: ten treasuries issuing stock above 1.5x mNAV to buy BTC. At the linear impact law's end of
  // its range, or with twice the stock turnover, that flywheel runs away on some paths (BTC to Infinity, or to 0
  // after a blow-off) and the engine stops the path (sim/record.ts checkFinite).
  const wg = resolveScenario(JSON.parse(readFileSync(join(__dirname, '../scenarios/wargame-ten.json'), 'utf8')));
  const WHY_LAW = 'markets.BTC.price would be Infinity on day 530 (2027-05-06) of path 0, outside what the model can carry';

  it('is reported on its row (no value, the reason, sorted last) while the other rows stand', () => {
    const r = tornado(wg, 'terminalStockPrice:WG1', { paths: 1, seed: wg.seed, params: ['impactLaw', 'etfFlow.chase'] });
    const law = r.rows.find((x) => x.parameter === 'impactLaw')!;
    expect(r.rows.at(-1)).toBe(law);
    expect(law.metricHigh).toBeNaN();
    expect(law.swing).toBeNaN();
    expect(law.highFailure).toBe(WHY_LAW);
    expect(law.lowFailure).toBeUndefined();
    expect(law.metricLow).toBe(r.base); // sqrt is the scenario's own law
    const chase = r.rows.find((x) => x.parameter === 'etfFlow.chase')!;
    expect(Number.isFinite(chase.swing)).toBe(true);
    expect(chase.lowFailure ?? chase.highFailure).toBeUndefined();
    // Independently: the engine stops that path on that day with that figure.
    expect(() => simulate(withParameter(wg, 'impactLaw', 'linear'), { path: 0, counterfactual: false })).toThrow(/^markets\.BTC\.price: on day 530 \(2027-05-06\) the run would produce Infinity /);
    // The base's own failure has nothing to compare against: the tornado stops with the engine's error.
    expect(() => tornado(withParameter(wg, 'impactLaw', 'linear'), 'terminalStockPrice:WG1', { paths: 1, seed: wg.seed, params: ['etfFlow.chase'] })).toThrow(NonFiniteError);
  });

  it('an ensemble (mc) that meets such a path stops, naming it, in the process and from a worker thread', async () => {
    const doubled = withParameter(wg, 'stock.turnover', 2);
    for (const workers of [1, 2]) {
      const e = await monteCarlo(doubled, { paths: 20, seed: wg.seed, workers }).then(() => null, (x: Error) => x);
      expect(e?.message, `workers ${workers}`).toMatch(/^markets\.BTC\.price: on day 700 \(2027-10-23\) of path 16 the run would produce 0 /);
      expect(e?.name).toBe('ModelError'); // the CLI's exit 2
    }
  });

  it('names the first path in path order that failed', () => {
    const r = tornado(wg, 'terminalStockPrice:WG1', { paths: 17, seed: wg.seed, params: ['stock.turnover'] });
    expect(r.rows[0].highFailure).toBe('markets.BTC.price would be 0 on day 700 (2027-10-23) of path 16, outside what the model can carry');
    expect(Number.isFinite(r.rows[0].metricLow)).toBe(true);
    const doubled = withParameter(wg, 'stock.turnover', 2);
    for (let p = 0; p < 16; p++) expect(() => simulate(doubled, { path: p, counterfactual: false })).not.toThrow();
    expect(() => simulate(doubled, { path: 16, counterfactual: false })).toThrow(/on day 700 \(2027-10-23\) the run would produce 0 /);
  });

  it('a stress cell whose run stops has its drawdown, target and reason, the rest of the grid stands (CLI: exit 0, a failure column, stderr)', async () => {
    const o = { company: 'WG1', drawdowns: [0.3, 0.8], mnavs: [0.5, 1], declineDays: 90, days: 730 };
    const g = stressGrid(wg, o);
    expect(g.cells.map((c) => ('failure' in c ? 'stopped' : 'ran'))).toEqual(['ran', 'ran', 'stopped', 'stopped']);
    expect(g.cells[2]).toEqual({ drawdown: 0.8, targetMnav: 0.5, failure: 'markets.BTC.price would be 0 on day 280 (2026-08-29), outside what the model can carry' });
    expect(g.cells[3]).toEqual({ drawdown: 0.8, targetMnav: 1, failure: 'markets.BTC.price would be Infinity on day 104 (2026-03-06), outside what the model can carry' });
    // Independently, the search's first two trials (docs: a fixed point on the starting price): at the scenario's
    // own price the run finishes with mNAV m on its measure day; at price0 x 0.5 / m it stops on day 280.
    const s0 = stressedScenario(wg, 'WG1', 0.8, 90, 730);
    const price0 = s0.companies[0].stockPrice0;
    const first = runPath(prepare(s0, { days: 730, deterministic: true }), { record: 'full' });
    const mnav = first.companySeries[0].mnav;
    let d = 89; // the decline's last day, or the last day before it with an mNAV (stressGrid's measure day)
    while (d > 0 && !(Number.isFinite(mnav[d]) && mnav[d] > 0)) d--;
    const m = mnav[d];
    expect(m).toBeGreaterThan(0);
    const s1 = structuredClone(s0);
    s1.companies[0].stockPrice0 = Math.exp(Math.log(price0) - Math.log(m / 0.5));
    expect(() => runPath(prepare(s1, { days: 730, deterministic: true }), { record: 'full' })).toThrow(/^markets\.BTC\.price: on day 280 \(2026-08-29\) the run would produce 0 /);
    expect(ran(g.cells[0]).listingState).toBeTypeOf('string');
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
    try {
      const csv = join(dir, 'stress-stopped.csv');
      expect(await main(['stress', join(__dirname, '../scenarios/wargame-ten.json'), '--company', 'WG1', '--drawdowns', '0.3,0.8', '--mnavs', '0.5,1', '--format', 'csv', '--workers', '1', '--out', csv])).toBe(0);
      const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
      expect(lines[0].endsWith(',selfInflictedDrawdown,failure')).toBe(true);
      expect(lines[3]).toBe(`WG1,0.8,0.5${',' .repeat(18)},"markets.BTC.price would be 0 on day 280 (2026-08-29), outside what the model can carry"`);
      expect(lines[1].endsWith(',')).toBe(true);
      expect(stderr).toContain('dat-sim stress: 2 cells stopped before the horizon (no figures; the failure column says why):\n  drawdown 0.8, mNAV 0.5: markets.BTC.price would be 0 on day 280');
    } finally {
      err.mockRestore();
    }
  });

  it('CLI: exit 0, null with the reason in JSON, failure columns in CSV, one line per failure on stderr', async () => {
    const file = join(__dirname, '../scenarios/wargame-ten.json');
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
    try {
      const out = join(dir, 'failed.json'), csv = join(dir, 'failed.csv');
      expect(await main(['sensitivity', file, '--metric', 'terminalStockPrice:WG1', '--paths', '1', '--params', 'impactLaw', '--out', out])).toBe(0);
      const j = JSON.parse(readFileSync(out, 'utf8'));
      expect(j.rows[0]).toMatchObject({ parameter: 'impactLaw', metricHigh: null, swing: null, highFailure: WHY_LAW });
      expect(stderr).toContain(`one variation stopped before the horizon (no value; lowFailure/highFailure say why):\n  impactLaw = linear: ${WHY_LAW}\n`);
      expect(await main(['sensitivity', file, '--metric', 'terminalStockPrice:WG1', '--paths', '1', '--params', 'impactLaw', '--format', 'csv', '--out', csv])).toBe(0);
      const [head, row] = readFileSync(csv, 'utf8').split('\r\n');
      expect(head).toBe('parameter,label,low,high,metric_low,metric_base,metric_high,swing,failure_low,failure_high');
      expect(row.endsWith(`,,"${WHY_LAW}"`)).toBe(true); // quoted: the reason has a comma
      // The base itself at the linear law: nothing to compare against, exit 2 with the engine's message.
      const linear = JSON.parse(readFileSync(file, 'utf8'));
      linear.markets.BTC.impactLaw = 'linear';
      const linearFile = join(dir, 'wargame-linear.json');
      writeFileSync(linearFile, JSON.stringify(linear));
      stderr = '';
      expect(await main(['sensitivity', linearFile, '--metric', 'terminalStockPrice:WG1', '--paths', '1', '--params', 'etfFlow.chase', '--out', join(dir, 'never.json')])).toBe(2);
      expect(stderr).toContain('markets.BTC.price: on day 530 (2027-05-06) of path 0 the run would produce Infinity');
      expect(existsSync(join(dir, 'never.json'))).toBe(false);
      // mc on the same file: exit 2, the path named, no output file.
      stderr = '';
      expect(await main(['mc', linearFile, '--paths', '2', '--workers', '1', '--out', join(dir, 'never.json')])).toBe(2);
      expect(stderr).toContain('markets.BTC.price: on day 530 (2027-05-06) of path 0 the run would produce Infinity');
      expect(existsSync(join(dir, 'never.json'))).toBe(false);
      // On threads: the failure crosses from the thread with the same text, the run still exits 0, the base's failure 2.
      const threaded = join(dir, 'failed-threads.json');
      expect(await main(['sensitivity', file, '--metric', 'terminalStockPrice:WG1', '--paths', '1', '--params', 'impactLaw', '--workers', '2', '--out', threaded])).toBe(0);
      expect(readFileSync(threaded, 'utf8')).toBe(readFileSync(out, 'utf8'));
      stderr = '';
      expect(await main(['sensitivity', linearFile, '--metric', 'terminalStockPrice:WG1', '--paths', '1', '--params', 'etfFlow.chase', '--workers', '2', '--out', join(dir, 'never.json')])).toBe(2);
      expect(stderr).toContain('markets.BTC.price: on day 530 (2027-05-06) of path 0 the run would produce Infinity');
      expect(existsSync(join(dir, 'never.json'))).toBe(false);
    } finally {
      err.mockRestore();
    }
  });
});
