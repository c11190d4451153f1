/**
 * dat-sim risk: the coin price at which each treasury's triggers fire, with
 * and without the other treasuries' sales, coverage and runway, and (with
 * --paths) the Monte Carlo odds of each trigger and the listing outlook (src/risk).
 * Self-contained: registered with one line in src/cli/main.ts.
 */
import { loadScenarioFileLazy } from '../node/files.ts';
import { checkOut, emit } from './basic.ts';
import { checkRiskCompany, riskMap, RiskInputError } from '../risk/map.ts';
import { riskCsv, riskMarkdown } from '../risk/format.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import type { Command } from './main.ts';
import { MAX_HORIZON_DAYS } from '../presets/defaults.ts';
import { defaultWorkers } from '../batch/pool.ts';
import { riskFirstDaysOnThreads } from '../risk/threads.ts';
import { workersFlag } from './mc.ts';
import { MAX_KEPT_PATHS } from '../run-options.ts';

/** Monte Carlo paths for the odds when --paths is not given. */
export const DEFAULT_RISK_PATHS = 100;

/** Paths a worker thread is worth starting for (fewer run in the process): a thread costs ~0.1-0.3 s to start. */
const PATHS_PER_THREAD = 250;

/** Threads for `paths` paths without --workers: the cores (as mc), one per PATHS_PER_THREAD paths. */
export function defaultRiskWorkers(paths: number, cores = defaultWorkers()): number {
  return Math.max(1, Math.min(cores, Math.ceil(paths / PATHS_PER_THREAD)));
}

export const riskCommand: Command = {
  summary: 'Risk map: coin prices at which each trigger fires (and with the spiral), coverage, runway, odds',
  usage:
    'dat-sim risk <scenario.json|-> [--company T] [--format json|csv|table] [--paths N] [--seed S] [--days N] [--workers W] [--deterministic] [--no-spiral] [--out FILE]\n\n' +
    'Trigger prices are solved on today\'s balance sheet with only the coin price changed, by bracketing and bisection in (0, today\'s price].\n' +
    `--paths N runs N Monte Carlo paths for the odds within 90 days, 1 year and the horizon (default ${DEFAULT_RISK_PATHS}; 0 skips them),\n` +
    'and each company\'s listing outlook from the same paths (notice, determination, hearing stay, delisting, listing lost: delisted or insolvent; odds and median date).\n' +
    '--days N sets the horizon (default the scenario\'s horizonDays, as for run and mc).\n' +
    `--workers W runs the paths on W worker threads (default one per ${PATHS_PER_THREAD} paths, up to the cores; the same numbers whatever W).`,
  run(args) {
    const { values, positionals } = parse(args, {
      company: { type: 'string' },
      format: { type: 'string' },
      paths: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      workers: { type: 'string' },
      deterministic: { type: 'boolean' },
      'no-spiral': { type: 'boolean' },
      out: { type: 'string' },
    }, 'risk');
    if (positionals.length !== 1) throw new UsageError(`risk expects exactly one <scenario.json>, got ${positionals.length}`);
    const format = oneOf(values.format, '--format', ['json', 'csv', 'table'] as const, 'json');
    const paths = intFlag(values.paths, '--paths', 0, MAX_KEPT_PATHS) ?? DEFAULT_RISK_PATHS;
    const days = intFlag(values.days, '--days', 1, MAX_HORIZON_DAYS);
    const workers = workersFlag(values.workers) ?? defaultRiskWorkers(paths);
    if (values.seed !== undefined && values.seed.trim() === '') throw new UsageError('--seed expects a non-empty value');
    checkOut(values.out);
    return loadScenarioFileLazy(positionals[0]).then(async ({ scenario, compileRule }) => {
      const seed = values.seed ?? scenario.seed, deterministic = values.deterministic === true;
      let report;
      try {
        checkRiskCompany(scenario, values.company);
        // Several threads: the paths run there, the map and the report here (from their first days).
        const firstDays = workers > 1 && paths > 1 ? await riskFirstDaysOnThreads(scenario, { paths, seed, days, deterministic }, Math.min(workers, paths)) : undefined;
        report = riskMap(scenario, { company: values.company, paths, seed, days, firstDays, deterministic: values.deterministic === true, noSpiral: values['no-spiral'] === true, compileRule });
      } catch (e) {
        if (e instanceof RiskInputError) throw new UsageError(`--company: ${e.message}`);
        throw e;
      }
      const text = format === 'json' ? JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n' : format === 'csv' ? riskCsv(report) : riskMarkdown(report);
      emit(text, values.out);
    });
  },
};
