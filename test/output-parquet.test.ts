/**
 * Outputs for analysts: every CSV has typed columns (the seed in its own
 * column, so `value` is numeric), and `--format parquet` writes per-path
 * series, ensemble summaries and sweep tables that DuckDB reads back with the
 * right types and the same numbers as the JSON/CSV outputs.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { batchScenarioFile, tempDir } from './batch-fixture.ts';

const tmp = tempDir('dat-sim-parquet-');
const SCEN = join(tmp.dir, 'fixture.json');
writeFileSync(SCEN, JSON.stringify({ ...batchScenarioFile(30), seed: 'text-seed' }));
const f = (name: string) => join(tmp.dir, name);
let db: DuckDBConnection;

beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => {
  db?.closeSync();
  tmp.cleanup();
});

async function cli(args: string[]): Promise<string> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(args);
    if (code !== 0) throw new Error(`dat-sim ${args.join(' ')}: exit ${code}`);
    return stdout;
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Column name -> DuckDB type of a query's result. */
async function types(sql: string): Promise<Record<string, string>> {
  const r = await db.runAndReadAll(`DESCRIBE ${sql}`);
  return Object.fromEntries(r.getRowObjects().map((o) => [String(o.column_name), String(o.column_type)]));
}
const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJson();

describe('run: the series of one path', () => {
  it('--format parquet: INTEGER day, DATE date, DOUBLE figures, VARCHAR listing state; the same numbers as the JSON', async () => {
    await cli(['run', SCEN, '--format', 'parquet', '--out', f('run.parquet')]);
    const json = JSON.parse(await cli(['run', SCEN]));
    const t = await types(`SELECT * FROM '${f('run.parquet')}'`);
    expect(t.day).toBe('INTEGER');
    expect(t.date).toBe('DATE');
    expect(t['BTC.price']).toBe('DOUBLE');
    expect(t['BTC.transientImpact']).toBe('DOUBLE');
    expect(t['AAA.listingState']).toBe('VARCHAR');
    expect(t['AAA.logPremium']).toBe('DOUBLE');
    const r = await rows(`SELECT day, CAST(date AS VARCHAR) AS date, "BTC.price" AS p, "AAA.shares" AS n FROM '${f('run.parquet')}' ORDER BY day`);
    expect(r).toHaveLength(30);
    expect(r.map((x) => x.date)).toEqual(json.dates);
    expect(r.map((x) => Number(x.p))).toEqual(json.markets.BTC.price);
    expect(r.map((x) => Number(x.n))).toEqual(json.companies.AAA.shares);
  });

  it('--format csv: every JSON series is a column, each with one type (DuckDB sniffs DOUBLE, DATE, VARCHAR)', async () => {
    writeFileSync(f('run.csv'), await cli(['run', SCEN, '--format', 'csv']));
    const t = await types(`SELECT * FROM read_csv('${f('run.csv')}')`);
    const json = JSON.parse(await cli(['run', SCEN]));
    // A column of whole numbers (a flow that stayed 0) is sniffed as BIGINT: numeric all the same.
    for (const k of Object.keys(json.markets.BTC)) expect(['DOUBLE', 'BIGINT'], k).toContain(t[`BTC.${k}`]);
    for (const [k, v] of Object.entries(json.companies.AAA)) if (Array.isArray(v)) expect(k === 'listingState' ? ['VARCHAR'] : ['DOUBLE', 'BIGINT'], k).toContain(t[`AAA.${k}`]);
    expect(t.date).toBe('DATE');
  });
});

describe('mc: ensemble summaries and per-path series', () => {
  it('--format csv: the seed has its own column; value is numeric even for a text seed', async () => {
    writeFileSync(f('mc.csv'), await cli(['mc', SCEN, '--paths', '24', '--workers', '1', '--format', 'csv']));
    const t = await types(`SELECT * FROM read_csv('${f('mc.csv')}')`);
    expect(t.value).toBe('DOUBLE');
    expect(t.seed).toBe('VARCHAR');
    expect(t.day).toBe('BIGINT');
    const seeds = await rows(`SELECT DISTINCT seed FROM read_csv('${f('mc.csv')}')`);
    expect(seeds).toEqual([{ seed: 'text-seed' }]);
  });

  it('--format parquet: the same rows as the CSV, typed (VARCHAR keys, INTEGER day, DATE date, DOUBLE value)', async () => {
    await cli(['mc', SCEN, '--paths', '24', '--workers', '1', '--format', 'parquet', '--out', f('mc.parquet')]);
    const t = await types(`SELECT * FROM '${f('mc.parquet')}'`);
    expect(t).toEqual({ section: 'VARCHAR', entity: 'VARCHAR', metric: 'VARCHAR', statistic: 'VARCHAR', day: 'INTEGER', date: 'DATE', value: 'DOUBLE', seed: 'VARCHAR' });
    const q = (src: string) => `SELECT section, entity, metric, statistic, CAST(day AS INTEGER) AS day, CAST(date AS VARCHAR) AS date, value, seed FROM ${src} ORDER BY ALL`;
    const a = await rows(q(`'${f('mc.parquet')}'`));
    const b = await rows(q(`read_csv('${f('mc.csv')}')`));
    expect(a.length).toBeGreaterThan(500);
    expect(a).toEqual(b);
  });

  it('--record full --format parquet: one row per path and day, path 3 equal to `run --path 3`', async () => {
    await cli(['mc', SCEN, '--paths', '5', '--workers', '1', '--record', 'full', '--format', 'parquet', '--out', f('paths.parquet')]);
    const t = await types(`SELECT * FROM '${f('paths.parquet')}'`);
    expect(t.path).toBe('INTEGER');
    expect(t['ETH.price']).toBe('DOUBLE');
    const n = await rows(`SELECT count(*) AS n, count(DISTINCT path) AS paths FROM '${f('paths.parquet')}'`);
    expect(n).toEqual([{ n: '150', paths: '5' }]);
    const p3 = await rows(`SELECT "ETH.price" AS p FROM '${f('paths.parquet')}' WHERE path = 3 ORDER BY day`);
    const json = JSON.parse(await cli(['run', SCEN, '--path', '3']));
    expect(p3.map((x) => Number(x.p))).toEqual(json.markets.ETH.price);
  });
});

describe('sweep and merge', () => {
  it('sweep --format parquet: one typed row per point; the metrics equal the CSV', async () => {
    const args = ['sweep', SCEN, '--set', 'markets.BTC.sigma=0.4,0.8', '--set', 'markets.BTC.impactLaw=sqrt,linear', '--paths', '8', '--workers', '1'];
    await cli([...args, '--format', 'parquet', '--out', f('sweep.parquet')]);
    writeFileSync(f('sweep.csv'), await cli(args));
    const t = await types(`SELECT * FROM '${f('sweep.parquet')}'`);
    expect(t.point).toBe('INTEGER');
    expect(t['markets.BTC.sigma']).toBe('DOUBLE');
    expect(t['markets.BTC.impactLaw']).toBe('VARCHAR');
    expect(t['AAA.notice.p']).toBe('DOUBLE');
    const a = await rows(`SELECT * FROM '${f('sweep.parquet')}' ORDER BY point`);
    const b = await rows(`SELECT * FROM read_csv('${f('sweep.csv')}') ORDER BY point`);
    expect(a).toHaveLength(4);
    const key = (r: Record<string, unknown>) => [Number(r['markets.BTC.sigma']), r['markets.BTC.impactLaw'], Number(r['AAA.notice.p']), Number(r['BTC.price.q50'])];
    expect(a.map(key)).toEqual(b.map(key));
  });

  it('merge --format parquet gives the bytes of mc --format parquet', async () => {
    await cli(['mc', SCEN, '--paths', '24', '--workers', '1', '--shard', '0/2', '--out', f('p0.json')]);
    await cli(['mc', SCEN, '--paths', '24', '--workers', '1', '--shard', '1/2', '--out', f('p1.json')]);
    await cli(['merge', f('p0.json'), f('p1.json'), '--format', 'parquet', '--out', f('merged.parquet')]);
    expect(readFileSync(f('merged.parquet')).equals(readFileSync(f('mc.parquet')))).toBe(true);
  });
});
