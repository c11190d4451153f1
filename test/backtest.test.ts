/**
 * dat-sim backtest: scores computed by hand on a tiny case, CSV and JSON
 * outcomes parsing the same, bad outcomes files refused (library and CLI).
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtest, backtestTable, brierScore, quantileSorted } from '../src/backtest.ts';
import { OutcomesError, parseOutcomes, parseOutcomesCsv, parseOutcomesJson, checkOutcomesAgainst, type Outcomes } from '../src/backtest-outcomes.ts';
import { loadOutcomes } from '../src/backtest-file.ts';
import { loadScenario, backtest as backtestLib } from '../src/index.ts';
import { simulate } from '../src/simulate.ts';
import { companyFile, marketFile, resolve, scenarioFile } from './reference/scenarios.ts';

import { main } from '../src/cli/main.ts';

/** The CLI in-process (main() is what bin/dat-sim.mjs calls): exit status, stdout, stderr. */
async function cli(...args: string[]) {
  let stdout = '', stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { status: await main(args), stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('scores by hand', () => {
  it('Brier score: mean of (p - o)^2', () => {
    // (0.75-1)^2 = 0.0625, (0.25-1)^2 = 0.5625, (1-0)^2 = 1, (0-0)^2 = 0 -> 1.625 / 4 = 0.40625
    expect(brierScore([{ probability: 0.75, occurred: true }, { probability: 0.25, occurred: true }, { probability: 1, occurred: false }, { probability: 0, occurred: false }])).toBe(0.40625);
  });

  it('quantiles (type 7): [1, 2, 3, 4] gives 1.3 at 10% and 3.7 at 90%', () => {
    // h = (n-1) q = 0.3 -> 1 + 0.3 (2 - 1); h = 2.7 -> 3 + 0.7 (4 - 3)
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 15);
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 15);
    expect(quantileSorted([5], 0.9)).toBe(5);
  });

  // A tiny stochastic case: one BTC market, a company with a stop-loss (sells 10% a day once
  // BTC is 3% below its cost), 4 paths over 10 days. The test runs the 4 paths one by one with
  // simulate() and scores them by hand; backtest() must give the same numbers.
  const file = scenarioFile({
    startDate: '2025-11-03', horizonDays: 20, seed: 'a',
    markets: { BTC: marketFile({ sigma: 0.8 }) },
    companies: [companyFile('AAA', { costBasisUsd: 100_000, policies: [{ kind: 'stopLoss', maxLoss: 0.03, fractionPerDay: 0.1 }] })],
  });
  const scenario = resolve(file);
  const outcomes: Outcomes = {
    outcomesVersion: 1,
    coinPrices: [{ coin: 'BTC', date: '2025-11-12', price: 95_000, source: 'hand-made' }],
    events: [
      { ticker: 'AAA', kind: 'coinSale', date: '2025-11-12', occurred: true, source: 'hand-made' },
      { ticker: 'AAA', kind: 'coinSale', date: '2025-11-12', from: '2025-11-08', coins: 2500, occurred: false, source: 'hand-made' },
      { ticker: 'AAA', kind: 'notice', date: '2025-11-12', occurred: false, source: 'hand-made' },
    ],
    figures: [
      { ticker: 'AAA', kind: 'coins', date: '2025-11-12', value: 9_000, source: 'hand-made' },
      { ticker: 'AAA', kind: 'stockPrice', date: '2025-11-07', value: 10, source: 'hand-made' },
    ],
  };

  it('a 4-path backtest equals the same 4 paths scored by hand', () => {
    const r = backtest(scenario, outcomes, { paths: 4 });
    expect(r.days).toBe(10); // Nov 3 .. Nov 12
    const runs = [0, 1, 2, 3].map((path) => simulate(scenario, { seed: 'a', path, days: 10, counterfactual: false }));
    const sales = runs.map((x) => x.events.filter((e) => e.company === 'AAA' && e.kind === 'coinSale'));
    const any = sales.map((s) => s.length > 0);
    const late = sales.map((s) => s.filter((e) => e.day >= 5).reduce((a, e) => a + (e.coins as number), 0) >= 2500);
    // The case must exercise both answers, or it checks nothing.
    expect(any.some(Boolean) && !any.every(Boolean) && late.some(Boolean) && !late.every(Boolean)).toBe(true);
    const p0 = any.filter(Boolean).length / 4, p1 = late.filter(Boolean).length / 4;
    expect(r.rows[0].probability).toBe(p0);
    expect(r.rows[0].brier).toBe((p0 - 1) ** 2);
    expect(r.rows[1].probability).toBe(p1);
    expect(r.rows[1].brier).toBe(p1 ** 2);
    expect(r.rows[2].probability).toBe(0);
    expect(r.summary.brier).toBeCloseTo(((p0 - 1) ** 2 + p1 ** 2 + 0) / 3, 15);
    expect(r.summary.eventHits).toBe((p0 >= 0.5 ? 1 : 0) + (p1 < 0.5 ? 1 : 0) + 1);
    // Bands: sort the 4 values, p10 = v0 + 0.3 (v1 - v0), p90 = v2 + 0.7 (v3 - v2).
    const band = (vals: number[]) => {
      const v = [...vals].sort((a, b) => a - b);
      return { p10: v[0] + 0.3 * (v[1] - v[0]), p90: v[2] + 0.7 * (v[3] - v[2]) };
    };
    const coins = band(runs.map((x) => x.companies.AAA.coins[9]));
    const stock = band(runs.map((x) => x.companies.AAA.stockPrice[4]));
    const btc = band(runs.map((x) => x.markets.BTC.price[9]));
    const fig = r.rows.filter((x) => x.type !== 'event');
    expect(fig[0].band!.p10).toBeCloseTo(coins.p10, 9);
    expect(fig[0].band!.p90).toBeCloseTo(coins.p90, 9);
    expect(fig[1].band!.p10).toBeCloseTo(stock.p10, 12);
    expect(fig[1].band!.p90).toBeCloseTo(stock.p90, 12);
    expect(fig[2].band!.p10).toBeCloseTo(btc.p10, 6);
    const inside = [9_000 >= coins.p10 && 9_000 <= coins.p90, 10 >= stock.p10 && 10 <= stock.p90, 95_000 >= btc.p10 && 95_000 <= btc.p90];
    expect(fig.map((x) => x.hit)).toEqual(inside);
    expect(r.summary.coverage).toBe(inside.filter(Boolean).length / 3);
    // Same seed and path count: identical result.
    expect(backtest(scenario, outcomes, { paths: 4 })).toEqual(r);
    expect(backtestTable(r)).toContain(`Brier score ${r.summary.brier!.toFixed(3)}`);
  });

  it('--drive-coins replays the realized prices: with no flows the coin hits them exactly, and coin rows are not scored', () => {
    const quiet = resolve(scenarioFile({ startDate: '2025-11-03', horizonDays: 20, markets: { BTC: marketFile() }, companies: [companyFile('AAA')] }));
    const o: Outcomes = { outcomesVersion: 1, coinPrices: [{ coin: 'BTC', date: '2025-11-06', price: 90_000, source: 'x' }, { coin: 'BTC', date: '2025-11-10', price: 80_000, source: 'x' }], events: [], figures: [{ ticker: 'AAA', kind: 'mnav', date: '2025-11-10', value: 1, source: 'x' }] };
    const r = backtest(quiet, o, { paths: 3, coins: 'drive' });
    const coinRows = r.rows.filter((x) => x.type === 'coinPrice');
    expect(coinRows.map((x) => x.hit)).toEqual([null, null]);
    expect(coinRows[0].band!.p10).toBeCloseTo(90_000, 6);
    expect(coinRows[1].band!.p90).toBeCloseTo(80_000, 6);
    expect(r.summary.figures).toBe(1);
    // Not driven, the stochastic coin is not pinned to those prices.
    const free = backtest(quiet, o, { paths: 3 });
    expect(free.rows.filter((x) => x.type === 'coinPrice')[0].band!.p90 - free.rows.filter((x) => x.type === 'coinPrice')[0].band!.p10).toBeGreaterThan(100);
  });
});

describe('outcomes files', () => {
  it('the shipped example parses the same from CSV and JSON, every row with a source', () => {
    const j = loadOutcomes('scenarios/outcomes/replay-2025.json');
    const c = loadOutcomes('scenarios/outcomes/replay-2025.csv');
    const { description: _d, ...jRest } = j;
    expect(c).toEqual(jRest);
    expect(j.events.length + j.figures.length + j.coinPrices.length).toBeGreaterThan(30);
    for (const row of [...j.events, ...j.figures, ...j.coinPrices]) expect(row.source).toMatch(/facts §\d+/);
    // The example fits the scenario it scores: a forecast made on 2025-10-06, scored to 2025-11-21.
    const s = loadScenario('scenarios/replay-2025.json');
    expect(s.startDate).toBe('2025-10-06');
    expect(() => checkOutcomesAgainst(j, s)).not.toThrow();
  });

  it('CSV: quoted cells with commas and quotes, CRLF or LF, optional columns', () => {
    const csv = 'section,date,subject,kind,value,source\n"event",2025-11-04,SQNS,coinSale,970,"a ""quoted"", source"\r\nfigure,2025-11-04,SQNS,mnav,0.37,x\n';
    const o = parseOutcomesCsv(csv, 'o.csv');
    expect(o.events).toEqual([{ ticker: 'SQNS', kind: 'coinSale', date: '2025-11-04', coins: 970, occurred: true, source: 'a "quoted", source' }]);
    expect(o.figures).toEqual([{ ticker: 'SQNS', kind: 'mnav', date: '2025-11-04', value: 0.37, source: 'x' }]);
    expect(parseOutcomesJson(JSON.stringify({ outcomesVersion: 1, events: o.events, figures: o.figures }))).toEqual(o);
  });

  const s = () => loadScenario('scenarios/replay-2025.json');
  const bad = (o: object) => {
    try {
      checkOutcomesAgainst(parseOutcomesJson(JSON.stringify({ outcomesVersion: 1, ...o }), 'bad.json'), s(), 'bad.json');
    } catch (e) {
      expect(e).toBeInstanceOf(OutcomesError);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };
  const ev = { ticker: 'SQNS', kind: 'coinSale', date: '2025-11-04', source: 'x' };

  it('refuses unknown tickers and coins, dates outside the scenario, unknown kinds, malformed rows', () => {
    expect(bad({ events: [{ ...ev, ticker: 'NOPE' }] })).toMatch(/bad\.json[\s\S]*events\[0\]\.ticker: unknown ticker "NOPE"; the scenario's companies are MSTR, SQNS/);
    expect(bad({ figures: [{ ticker: 'SQNS', kind: 'mnav', date: '2025-11-22', value: 1, source: 'x' }] })).toMatch(/figures\[0\]\.date: 2025-11-22 is outside the scenario replay-2025 \(2025-10-06 to 2025-11-21\)/);
    expect(bad({ events: [{ ...ev, date: '2025-10-05' }] })).toMatch(/events\[0\]\.date: 2025-10-05 is outside/);
    expect(bad({ coinPrices: [{ coin: 'SOL', date: '2025-11-04', price: 1, source: 'x' }] })).toMatch(/coinPrices\[0\]\.coin: unknown coin "SOL"; the scenario's markets are BTC, ETH/);
    expect(bad({ events: [{ ...ev, kind: 'bankruptcy' }] })).toMatch(/events\[0\]\.kind: .*coinSale/);
    expect(bad({ figures: [{ ticker: 'SQNS', kind: 'mnav', date: '2025-11-04', value: 'high', source: 'x' }] })).toMatch(/figures\[0\]\.value/);
    expect(bad({ events: [{ ...ev, source: undefined }] })).toMatch(/events\[0\]\.source/);
    expect(bad({ events: [{ ...ev, date: '2025-13-01' }] })).toMatch(/events\[0\]\.date: expected a calendar date/);
    expect(bad({ events: [{ ...ev, kind: 'notice', coins: 5 }] })).toMatch(/events\[0\]\.coins: a coin count applies to coinSale events only/);
    expect(bad({ events: [{ ...ev, from: '2025-11-10' }] })).toMatch(/events\[0\]\.from: 2025-11-10 is after/);
    expect(bad({})).toMatch(/no outcomes/);
    expect(() => parseOutcomesJson('{"outcomesVersion": 1,', 'x.json')).toThrow(/x\.json[\s\S]*not valid JSON/);
    expect(() => parseOutcomesJson('{"this is": "not an outcomes file"}', 'x.json')).toThrow(/outcomesVersion[\s\S]*unknown field/);
    expect(() => parseOutcomesCsv('section,date,subject,kind,value,source\nfigur,2025-11-04,SQNS,mnav,1,x\n', 'x.csv')).toThrow(/line 2, section: expected coinPrice, event or figure/);
    expect(() => parseOutcomesCsv('section,date,subject,kind,value,source\nfigure,2025-11-04,SQNS,mnav,abc,x\n', 'x.csv')).toThrow(/x\.csv[\s\S]*line 2, value/);
    expect(() => parseOutcomesCsv('date,subject\n', 'x.csv')).toThrow(/line 1: header lacks section/);
    expect(() => parseOutcomes('', 'x.csv')).toThrow(/empty file/);
    // Checks against the scenario name the CSV line too.
    const csv = parseOutcomesCsv('section,date,subject,kind,value,source\nfigure,2025-11-04,SQNS,mnav,1,x\nevent,2025-12-01,ZZZ,notice,,x\n', 'x.csv');
    expect(() => checkOutcomesAgainst(csv, s(), 'x.csv')).toThrow(/x\.csv:\n  line 3, subject: unknown ticker "ZZZ"[\s\S]*line 3, date: 2025-12-01 is outside/);
  });

  it('the CLI exits 2 before simulating, names the file, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-'));
    try {
      const f = join(dir, 'o.json'), out = join(dir, 'out.json');
      writeFileSync(f, JSON.stringify({ outcomesVersion: 1, events: [{ ...ev, ticker: 'ZZZ' }] }));
      const r = await cli('backtest', 'scenarios/replay-2025.json', f, '--format', 'json', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`invalid outcomes file ${f}`);
      expect(r.stderr).toContain('events[0].ticker: unknown ticker "ZZZ"');
      expect(existsSync(out)).toBe(false);
      const missing = await cli('backtest', 'scenarios/replay-2025.json', join(dir, 'none.csv'));
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('none.csv');
      expect((await cli('backtest', 'scenarios/replay-2025.json')).status).toBe(2);
      const help = await cli('backtest', '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(/outcomes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CLI scores the shipped example (JSON output, driven coins)', async () => {
    const r = await cli('backtest', 'scenarios/replay-2025.json', 'scenarios/outcomes/replay-2025.csv', '--drive-coins', '--paths', '20', '--format', 'json');
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.coins).toBe('drive');
    expect(res.rows.length).toBe(readFileSync('scenarios/outcomes/replay-2025.csv', 'utf8').trim().split('\n').length - 1);
    expect(res.summary.brier).toBeGreaterThanOrEqual(0);
    expect(res.summary.brier).toBeLessThanOrEqual(1);
  });
});

describe('README', () => {
  it('shows the real output of dat-sim backtest on the shipped example, and the --free-coins scores it quotes', () => {
    const readme = readFileSync('README.md', 'utf8');
    const s = loadScenario('scenarios/replay-2025.json');
    const o = loadOutcomes('scenarios/outcomes/replay-2025.json');
    const table = backtestTable(backtestLib(s, o, { paths: 200, file: 'scenarios/outcomes/replay-2025.json' }));
    expect(readme).toContain(table.trimEnd());
    const free = backtestLib(s, o, { paths: 200, coins: 'free' }).summary;
    expect(readme).toContain(`scores Brier ${free.brier!.toFixed(3)} and ${(100 * free.coverage!).toFixed(0)}% coverage`);
  }, 30_000);
});
