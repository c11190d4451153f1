/** dat-sim merge: combine the partial results of a sharded `dat-sim mc` run. */
import { readFileSync } from 'node:fs';
import { summarize } from '../batch/ensemble.ts';
import { BatchError } from '../batch/errors.ts';
import { summaryCsv } from '../batch/format.ts';
import { decodePartial, encodePartial, mergePartials } from '../batch/partial.ts';
import { oneOf, parse, UsageError } from './args.ts';
import { checkBinaryOut, checkOut, emit } from './basic.ts';
import type { Command } from './main.ts';

export const mergeCommand: Command = {
  summary: 'Merge the partial results of a sharded mc run into its summary (exact: the same bytes as one run)',
  usage:
    'dat-sim merge <partials...> [--out FILE] [--format json|csv|parquet] [--partial]\n\n' +
    '  Every shard of the run must be given once. Partials of different runs (scenario, seed, paths,\n' +
    '  days, options, dat-sim version) are refused.\n' +
    '  --partial   write a merged partial instead (merge in stages; shards may still be missing)',
  async run(args) {
    const { values, positionals } = parse(args, { out: { type: 'string' }, format: { type: 'string' }, partial: { type: 'boolean' } }, 'merge');
    if (!positionals.length) throw new UsageError('merge expects one or more partial result files (written by dat-sim mc --shard k/n --out FILE)');
    const format = oneOf(values.format, '--format', ['json', 'csv', 'parquet'] as const, 'json');
    if (values.partial && format !== 'json') throw new UsageError(`--partial writes a partial result (JSON); drop --format ${format}`);
    checkBinaryOut(format, values.out);
    checkOut(values.out);
    const parts = positionals.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new BatchError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a folder, expected a partial result file' : err.message}`);
      }
      return { partial: decodePartial(text, file), file };
    });
    const merged = mergePartials(parts, { complete: !values.partial });
    const data = values.partial
      ? encodePartial(merged)
      : format === 'json'
        ? JSON.stringify(summarize(merged.state)) + '\n'
        : format === 'csv'
          ? summaryCsv(summarize(merged.state))
          : (await import('../output/parquet.ts')).summaryParquet(summarize(merged.state));
    emit(data, values.out);
  },
};
