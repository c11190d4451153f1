/** The single-path commands: run, validate, resolve, list, schema. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadScenarioFileLazy, writeFileAtomic } from '../node/files.ts';
import { checkOutTarget, writeStdout } from '../node/safe-write.ts';
import { scenariosDir } from '../node/package-info.ts';
import { simulate } from '../simulate.ts';
import { seriesCsv } from '../output/series-csv.ts';
import { scenarioJsonSchema } from '../schema.ts';
import { ScenarioError } from '../resolve.ts';
import { MAX_HORIZON_DAYS } from '../presets/defaults.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import type { Command } from './main.ts';
import { MAX_PATH_INDEX } from '../run-options.ts';

/** The saved scenarios folder of this package. */
export const SCENARIOS_DIR = scenariosDir();

/** Print to stdout, or write safely to --out (src/node/safe-write.ts); every byte is checked either way. */
export function emit(data: string | Uint8Array, out: string | undefined): void {
  if (out) {
    const bytes = writeFileAtomic(out, data);
    process.stderr.write(`wrote ${out} (${bytes} bytes)\n`);
  } else {
    writeStdout(data);
  }
}

/** Refuse a bad --out before any work is done (exit 2 saying what is allowed). */
export function checkOut(out: string | undefined): void {
  if (out !== undefined) checkOutTarget(out);
}

/** Parquet is binary: refuse to print it on a terminal. */
export function checkBinaryOut(format: string, out: string | undefined): void {
  if (format === 'parquet' && out === undefined && process.stdout.isTTY) throw new UsageError('--format parquet writes a binary file: give --out FILE.parquet or redirect stdout');
}

function onlyOne(positionals: string[], command: string, what = '<scenario.json>'): string {
  if (positionals.length !== 1) throw new UsageError(`${command} expects exactly one ${what}, got ${positionals.length}`);
  return positionals[0];
}

export const runCommand: Command = {
  summary: 'Simulate one path of a scenario (with its counterfactual) and print it',
  usage: 'dat-sim run <scenario.json|-> [--seed S] [--path I] [--days N] [--format json|csv|parquet] [--deterministic] [--out FILE]',
  async run(args) {
    const { values, positionals } = parse(args, {
      seed: { type: 'string' },
      path: { type: 'string' },
      days: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      deterministic: { type: 'boolean' },
    }, 'run');
    const file = onlyOne(positionals, 'run');
    const format = oneOf(values.format, '--format', ['json', 'csv', 'parquet'] as const, 'json');
    const days = intFlag(values.days, '--days', 1, MAX_HORIZON_DAYS);
    const path = intFlag(values.path, '--path', 0, MAX_PATH_INDEX);
    checkBinaryOut(format, values.out);
    if (values.seed !== undefined && values.seed.trim() === '') throw new UsageError('--seed expects a non-empty value');
    checkOut(values.out);
    const { scenario, compileRule } = await loadScenarioFileLazy(file);
    const result = simulate(scenario, { seed: values.seed, path, days, deterministic: values.deterministic, compileRule });
    if (format === 'parquet') emit((await import('../output/parquet.ts')).seriesParquet(result), values.out);
    else emit(format === 'json' ? JSON.stringify(result) + '\n' : seriesCsv(result), values.out);
  },
};

export const validateCommand: Command = {
  summary: 'Check scenario files; print every problem with its field path',
  usage: 'dat-sim validate <files...>',
  async run(args) {
    const { positionals } = parse(args, {}, 'validate');
    if (!positionals.length) throw new UsageError('validate expects one or more scenario files');
    let bad = 0, checked = 0;
    for (const file of positionals) {
      // The generated JSON Schema sits beside the scenarios, so `validate scenarios/*.json` meets it.
      if (file.endsWith('.schema.json')) {
        process.stderr.write(`skip ${file} (the JSON Schema, not a scenario)\n`);
        continue;
      }
      checked++;
      try {
        await loadScenarioFileLazy(file);
        writeStdout(`ok ${file}\n`);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        bad++;
        process.stderr.write(`${e.message}\n`);
      }
    }
    if (bad) throw new UsageError(`${bad} of ${checked} scenario file(s) invalid`);
  },
};

export const resolveCommand: Command = {
  summary: 'Print the scenario with every default filled in (exactly what the engine runs)',
  usage: 'dat-sim resolve <scenario.json|-> [--out FILE]',
  async run(args) {
    const { values, positionals } = parse(args, { out: { type: 'string' } }, 'resolve');
    checkOut(values.out);
    const { scenario } = await loadScenarioFileLazy(onlyOne(positionals, 'resolve'));
    emit(JSON.stringify(scenario, null, 2) + '\n', values.out);
  },
};

/** A scenario's tickers for `list`, in at most 30 characters: "WG1,WG2,WG3,... (+7)" past that. */
export function tickerList(tickers: readonly string[]): string {
  const all = tickers.join(',');
  if (all.length <= 30) return all || '-';
  let shown = '';
  for (let k = 0; k < tickers.length; k++) {
    const next = shown ? `${shown},${tickers[k]}` : tickers[k];
    if (`${next},... (+${tickers.length - k - 1})`.length > 30) return `${shown},... (+${tickers.length - k})`;
    shown = next;
  }
  return all;
}

export const listCommand: Command = {
  summary: 'List the saved scenarios, one line each',
  usage: 'dat-sim list',
  async run(args) {
    parse(args, {}, 'list');
    const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
    // Columns as wide as their widest cell (two spaces between), so a long ticker list never runs into the name.
    const rows: string[][] = [];
    for (const f of files) {
      const full = join(SCENARIOS_DIR, f);
      try {
        const { scenario: s } = await loadScenarioFileLazy(full);
        rows.push([relative(process.cwd(), full), s.startDate, `${s.horizonDays}d`, tickerList(s.companies.map((c) => c.ticker)), s.name]);
      } catch (e) {
        rows.push([relative(process.cwd(), full), `INVALID: ${(e as Error).message.split('\n')[1]?.trim() ?? ''}`]);
      }
    }
    const width = [0, 1, 2, 3].map((k) => Math.max(...rows.map((r) => (r.length > 2 ? r[k].length : 0))));
    for (const r of rows) {
      const cells = r.length > 2 ? [r[0].padEnd(width[0]), r[1], r[2].padStart(width[2]), r[3].padEnd(width[3]), r[4]] : [r[0].padEnd(width[0]), r[1]];
      writeStdout(`${cells.join('  ')}\n`);
    }
  },
};

export const schemaCommand: Command = {
  summary: 'Print the JSON Schema of scenario files (for editor completion)',
  usage: 'dat-sim schema [--out FILE]',
  run(args) {
    const { values } = parse(args, { out: { type: 'string' } }, 'schema');
    checkOut(values.out);
    emit(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n', values.out);
  },
};
