/**
 * dat-sim risk: the coin price at which each treasury's triggers fire, with
 * and without the other treasuries' sales, coverage and runway, and (with
 * --paths) the Monte Carlo odds of each trigger and the listing outlook (src/risk).
 * Self-contained: registered with one line in src/cli/main.ts.
 */
import { loadScenarioFileLazy } from '../node/files.ts';
import { checkOut, emit } from './basic.ts';
import { riskMap, RiskInputError } from '../risk/map.ts';
import { riskCsv, riskMarkdown } from '../risk/format.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import type { Command } from './main.ts';
import { MAX_HORIZON_DAYS } from '../presets/defaults.ts';

/** Monte Carlo paths for the odds when --paths is not given. */
export const DEFAULT_RISK_PATHS = 100;

export const riskCommand: Command = {
  summary: 'Risk map: coin prices at which each trigger fires (and with the spiral), coverage, runway, odds',
  usage:
    'dat-sim risk <scenario.json> [--company T] [--format json|csv|table] [--paths N] [--seed S] [--days N] [--deterministic] [--no-spiral] [--out FILE]\n\n' +
    'Trigger prices are solved on today\'s balance sheet with only the coin price changed, by bracketing and bisection in (0, today\'s price].\n' +
    `--paths N runs N Monte Carlo paths for the odds within 90 days, 1 year and the horizon (default ${DEFAULT_RISK_PATHS}; 0 skips them),\n` +
    '--days N sets the horizon (default the scenario\'s horizonDays, as for run and mc),\n' +
    'and each company\'s listing outlook from the same paths (notice, determination, hearing stay, delisting, listing lost: delisted or insolvent; odds and median date).',
  run(args) {
    const { values, positionals } = parse(args, {
      company: { type: 'string' },
      format: { type: 'string' },
      paths: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      deterministic: { type: 'boolean' },
      'no-spiral': { type: 'boolean' },
      out: { type: 'string' },
    }, 'risk');
    if (positionals.length !== 1) throw new UsageError(`risk expects exactly one <scenario.json>, got ${positionals.length}`);
    const format = oneOf(values.format, '--format', ['json', 'csv', 'table'] as const, 'json');
    const paths = intFlag(values.paths, '--paths', 0, 100_000) ?? DEFAULT_RISK_PATHS;
    const days = intFlag(values.days, '--days', 1, MAX_HORIZON_DAYS);
    if (values.seed !== undefined && values.seed.trim() === '') throw new UsageError('--seed expects a non-empty value');
    checkOut(values.out);
    return loadScenarioFileLazy(positionals[0]).then(({ scenario, compileRule }) => {
      let report;
      try {
        report = riskMap(scenario, { company: values.company, paths, seed: values.seed, days, deterministic: values.deterministic === true, noSpiral: values['no-spiral'] === true, compileRule });
      } catch (e) {
        if (e instanceof RiskInputError) throw new UsageError(`--company: ${e.message}`);
        throw e;
      }
      const text = format === 'json' ? JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n' : format === 'csv' ? riskCsv(report) : riskMarkdown(report);
      emit(text, values.out);
    });
  },
};
