/**
 * dat-sim sweep: an ensemble at every point of a parameter grid, one output
 * row per point, streamed in grid order as points finish.
 */
import { MAX_HORIZON_DAYS } from '../presets/defaults.ts';
import { sinkFor, type Sink } from '../batch/atomic-stream.ts';
import { progressBar } from '../batch/progress.ts';
import { parseSetFlag, prepareSweep, runSweep, type SweepPoint } from '../batch/sweep.ts';
import { csvRow, type Cell } from '../output/csv.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import { checkOut, pathsFlag, seedFlag, withInterrupt, workersFlag } from './mc.ts';
import { checkBinaryOut } from './basic.ts';
import type { Command } from './main.ts';

/** A sweep row as NDJSON: {"point":0,"params":{...},"metrics":{...}}. */
export function ndjsonRow(p: SweepPoint): string {
  return JSON.stringify({ point: p.index, params: p.params, metrics: Object.fromEntries(p.metrics) }) + '\n';
}

/** Sweep rows as a typed Parquet table: point (INT32), one column per --set, the metrics (DOUBLE). */
export async function sweepParquet(points: SweepPoint[], setPaths: string[]): Promise<Uint8Array> {
  const { parquetTable, columnOf } = await import('../output/parquet.ts');
  const metricNames = points[0]?.metrics.map(([k]) => k) ?? [];
  return parquetTable([
    { name: 'point', type: 'INT32', data: points.map((p) => p.index) },
    ...setPaths.map((path) => columnOf(path, points.map((p) => p.params[path]))),
    ...metricNames.map((k, j) => ({ name: k, type: 'DOUBLE' as const, data: points.map((p) => p.metrics[j][1]) })),
  ]);
}

const cell = (v: unknown): Cell => (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : JSON.stringify(v));

export const sweepCommand: Command = {
  summary: 'Parameter sweep: an ensemble per grid point, one CSV/NDJSON row each, streamed in grid order',
  usage:
    'dat-sim sweep <scenario.json|-> --set <field.path>=a,b,c [--set ...] [--zip] --paths N [--seed S] [--workers W] [--days N]\n' +
    '              [--deterministic] [--no-counterfactual] [--format csv|ndjson|parquet] [--out FILE]\n\n' +
    '  --set path=v1,v2   a field of the scenario FILE and its values: markets.BTC.sigma=0.4,0.6,\n' +
    '                     companies.FGNX.coins=..., companies[0].premium.kappa=..., companies.SQNS.policies[0].trigger=...\n' +
    '                     (values are JSON: numbers, true/false, "text", [lists]; bare words are text)\n' +
    '  --zip              pair the --set lists element by element instead of the Cartesian product\n' +
    '                     (the first --set varies slowest)\n' +
    '  --format parquet   one typed row per point, written when the last point is done\n' +
    '  Every point uses the same seed (common random numbers).',
  async run(args) {
    const { values, positionals } = parse(args, {
      set: { type: 'string', multiple: true },
      zip: { type: 'boolean' },
      paths: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      days: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      deterministic: { type: 'boolean' },
      'no-counterfactual': { type: 'boolean' },
    }, 'sweep');
    if (positionals.length !== 1) throw new UsageError(`sweep expects exactly one <scenario.json>, got ${positionals.length}`);
    if (!values.set?.length) throw new UsageError('sweep expects at least one --set <field.path>=<v1>,<v2>,...');
    const paths = pathsFlag(values.paths);
    const format = oneOf(values.format, '--format', ['csv', 'ndjson', 'parquet'] as const, 'csv');
    checkBinaryOut(format, values.out);
    const days = intFlag(values.days, '--days', 1, MAX_HORIZON_DAYS);
    const workers = workersFlag(values.workers);
    const seed = seedFlag(values.seed);
    checkOut(values.out);
    const sets = values.set.map(parseSetFlag);
    // Every path, value and grid point is checked here, before anything runs or any file is opened.
    const prepared = await prepareSweep(positionals[0], { set: sets, zip: values.zip, days, deterministic: values.deterministic });
    const bar = progressBar(`sweep ${prepared.points.length} points`, 'points');
    await withInterrupt(async (signal) => {
      let sink: Sink | undefined;
      try {
        sink = sinkFor(values.out);
        let header = false;
        const points: SweepPoint[] = [];
        for await (const p of runSweep(prepared, {
          paths,
          seed,
          workers,
          days,
          deterministic: values.deterministic,
          counterfactual: !values['no-counterfactual'],
          signal,
          onProgress: (d, n) => bar.update(d, n),
        })) {
          if (format === 'ndjson') {
            sink.write(ndjsonRow(p));
            continue;
          }
          if (format === 'parquet') {
            points.push(p);
            continue;
          }
          if (!header) {
            sink.write(csvRow(['point', ...sets.map((s) => s.path), ...p.metrics.map(([k]) => k)]));
            header = true;
          }
          sink.write(csvRow([p.index, ...sets.map((s) => cell(p.params[s.path])), ...p.metrics.map(([, v]) => v)]));
        }
        if (format === 'parquet') sink.write(await sweepParquet(points, sets.map((s) => s.path)));
        bar.done();
        sink.commit();
        if (values.out) process.stderr.write(`wrote ${values.out} (${prepared.points.length} points)\n`);
      } catch (e) {
        bar.done();
        sink?.abort();
        throw e;
      }
    });
  },
};
