/**
 * dat-sim mc: Monte Carlo ensembles, on every core, optionally as one shard
 * of a larger run (a partial result for `dat-sim merge`).
 */
import { loadScenarioFileLazy } from '../node/files.ts';
import { MAX_HORIZON_DAYS } from '../presets/defaults.ts';
import { abandonAllStreams } from '../batch/atomic-stream.ts';
import { summaryCsv } from '../batch/format.ts';
import { MAX_PATHS, monteCarlo, type MonteCarloOptions } from '../batch/mc.ts';
import { encodePartial, runShard } from '../batch/partial.ts';
import { progressBar } from '../batch/progress.ts';
import { parseShard, shardFileName } from '../batch/shard.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import { checkBinaryOut, checkOut, emit } from './basic.ts';
import type { Command } from './main.ts';

/** A path count: a whole number, also written as 1e6 or 2.5e5. */
export function pathsFlag(value: string | undefined, max = MAX_PATHS): number {
  if (value === undefined) throw new UsageError('--paths is required (the number of simulated paths, e.g. --paths 10000)');
  const v = value.trim().replace(/_/g, '');
  if (!/^\d+(\.\d+)?(e\d+)?$/i.test(v)) throw new UsageError(`--paths expects a whole number of paths (e.g. 10000 or 1e6), got "${value}"`);
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--paths expects a whole number of paths, got ${value}`);
  if (n < 1) throw new UsageError(`--paths expects at least 1 path, got ${value}`);
  if (n > max) throw new UsageError(`--paths ${value} is too many: at most ${max.toExponential(0)} per run (bin counts are 32-bit); split the study into runs with different --seed`);
  return n;
}

export function workersFlag(value: string | undefined): number | undefined {
  return intFlag(value, '--workers', 1, 1024);
}

export function seedFlag(value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError('--seed expects a non-empty value');
  return value;
}

export { checkOut } from './basic.ts';

/**
 * Run `body` with Ctrl-C (SIGINT) and SIGTERM wired to an AbortSignal. On
 * abort every temporary output file is removed and the process exits 128 +
 * the signal number, as a shell reports a process killed by it: 130 for
 * SIGINT, 143 for SIGTERM.
 */
export async function withInterrupt<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let code = 130;
  const onInt = () => ac.abort();
  const onTerm = () => {
    code = 143;
    ac.abort();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await body(ac.signal);
  } catch (e) {
    if (ac.signal.aborted) {
      abandonAllStreams();
      process.stderr.write('\ninterrupted: no output written\n');
      process.exit(code);
    }
    abandonAllStreams();
    throw e;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

export const mcCommand: Command = {
  summary: 'Monte Carlo ensemble: event probabilities, quantiles, fan-chart bands, counterfactual (all cores)',
  usage:
    'dat-sim mc <scenario.json|-> --paths N [--seed S] [--workers W] [--days N] [--deterministic] [--format json|csv|parquet] [--out FILE]\n' +
    '           [--shard k/n|auto] [--no-bands] [--no-counterfactual] [--record summary|full]\n\n' +
    '  --paths N            paths to simulate (1 to 1e9; 1e6 is accepted)\n' +
    '  --workers W          worker threads (default: all cores, capped by a container CPU limit\n' +
    '                       (cgroup cpu.max)); the result does not depend on it\n' +
    '  --shard k/n          run only the k-th of n slices of the paths (k from 0) and write a partial\n' +
    '                       result for `dat-sim merge`; "auto" reads the index from Kubernetes, Slurm or\n' +
    '                       AWS Batch (README: scale-out). --out may contain {k} and {n}.\n' +
    '  --no-bands           skip the per-day quantile bands (less memory, 5-10% faster)\n' +
    '  --no-counterfactual  skip the companies-off run per path (about a fifth less time on contagion,\n' +
    '                       less with fewer companies; no self-inflicted drawdown)\n' +
    '  --record full        also output every path\'s daily series (small ensembles only); with --format\n' +
    '                       parquet the output is those series (one row per path and day), not the summary\n' +
    '  --format parquet     the summary (long form, as csv) as a typed Parquet file',
  async run(args) {
    const { values, positionals } = parse(args, {
      paths: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      days: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      shard: { type: 'string' },
      record: { type: 'string' },
      deterministic: { type: 'boolean' },
      'no-bands': { type: 'boolean' },
      'no-counterfactual': { type: 'boolean' },
    }, 'mc');
    if (positionals.length !== 1) throw new UsageError(`mc expects exactly one <scenario.json>, got ${positionals.length}`);
    const paths = pathsFlag(values.paths);
    const format = oneOf(values.format, '--format', ['json', 'csv', 'parquet'] as const, 'json');
    const record = oneOf(values.record, '--record', ['summary', 'full'] as const, 'summary');
    checkBinaryOut(format, values.out);
    const days = intFlag(values.days, '--days', 1, MAX_HORIZON_DAYS);
    const workers = workersFlag(values.workers);
    const seed = seedFlag(values.seed);
    const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
    if (shard && values.format !== undefined && format !== 'json') throw new UsageError(`--shard writes a partial result (JSON) for dat-sim merge; --format ${format} applies to the merged summary (dat-sim merge --format ${format})`);
    if (shard && record === 'full') throw new UsageError('--shard holds counts only; --record full cannot be combined with it');
    if (record === 'full' && format === 'csv') throw new UsageError('--record full needs --format json or parquet (the series of every path do not fit one CSV table; use dat-sim run --path I --format csv for one path)');
    const out = shard && values.out ? shardFileName(values.out, shard) : values.out;
    checkOut(out);
    const { scenario } = await loadScenarioFileLazy(positionals[0]);
    const bar = progressBar(shard ? `mc ${scenario.id} shard ${shard.index}/${shard.count}` : `mc ${scenario.id}`, 'paths');
    const opts: MonteCarloOptions = {
      paths,
      seed,
      workers,
      days,
      deterministic: values.deterministic,
      bands: !values['no-bands'],
      counterfactual: !values['no-counterfactual'],
      record,
      onProgress: (d, n) => bar.update(d, n),
    };
    await withInterrupt(async (signal) => {
      try {
        if (shard) {
          const partial = await runShard(scenario, { ...opts, signal, shard });
          bar.done();
          emit(encodePartial(partial), out);
          return;
        }
        const result = await monteCarlo(scenario, { ...opts, signal });
        bar.done();
        if (format === 'parquet') {
          const pq = await import('../output/parquet.ts');
          emit(record === 'full' ? pq.pathsSeriesParquet(result.pathResults ?? []) : pq.summaryParquet(result), out);
        } else emit(format === 'json' ? JSON.stringify(result) + '\n' : summaryCsv(result), out);
      } finally {
        bar.done();
      }
    });
  },
};
