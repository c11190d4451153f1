/**
 * dat-sim sensitivity: one-at-a-time tornado over the documented parameter
 * ranges (src/analysis/ranges.ts), with common random numbers.
 * dat-sim stress: coin drawdown x ending mNAV grid for one company, with the
 * spiral switched on (src/analysis/stress.ts).
 */
import { loadScenarioFile } from '../node/files.ts';
import { checkExpression } from '../rules.ts';
import { MAX_HORIZON_DAYS } from '../presets/defaults.ts';
import { toCsv } from '../output/csv.ts';
import { MetricError, metricList, METRICS } from '../analysis/metrics.ts';
import { PARAMETER_RANGES } from '../analysis/ranges.ts';
import { tornado } from '../analysis/sensitivity.ts';
import { tornadoFromEnsembles, tornadoPlan } from '../analysis/tornado.ts';
import { checkStress, stressGrid, StressError } from '../analysis/stress.ts';
import { estimatedSeconds, SECONDS_PER_THREAD, stressFromCells, unitWorkers } from '../analysis/units.ts';
import { stressOnThreads, tornadoOnThreads } from '../analysis/threads.ts';
import { defaultWorkers } from '../batch/pool.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import { checkOut, emit } from './basic.ts';
import { workersFlag } from './mc.ts';
import type { Command } from './main.ts';

/** Paths per variation when --paths is not given. */
export const DEFAULT_SENSITIVITY_PATHS = 50;

function onlyOne(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} expects exactly one <scenario.json>, got ${positionals.length}`);
  return positionals[0];
}

function numberList(value: string | undefined, flag: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const parts = value.split(',').map((x) => x.trim());
  const out = parts.map((x) => Number(x));
  if (!parts.length || parts.some((x) => x === '') || out.some((x) => !Number.isFinite(x))) throw new UsageError(`${flag} expects comma-separated numbers, e.g. 0.1,0.2,0.5, got "${value}"`);
  return out;
}

const fmt = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Threads `dat-sim sensitivity|stress` start without --workers for a job of `units` units: one per
 * SECONDS_PER_THREAD of estimated work (src/analysis/units.ts), up to the cores (as mc).
 */
export function defaultAnalysisThreads(job: Parameters<typeof estimatedSeconds>[0], units: number): number {
  return unitWorkers(units, estimatedSeconds(job, units), defaultWorkers(), SECONDS_PER_THREAD);
}

/** The --workers sentence of both commands' help. */
const WORKERS_HELP = '--workers W runs the units (the tornado\'s ensembles, the grid\'s cells) on W worker threads (default: one per ~4 s of estimated work, up to the cores: each thread first spends ~2 s loading and warming up the engine; the same output whatever W).';

export const sensitivityCommand: Command = {
  summary: 'One-at-a-time sensitivity (tornado) of a metric over the documented parameter ranges',
  usage:
    'dat-sim sensitivity <scenario.json|-> --metric <name:SUBJECT> [--paths N] [--seed S] [--days N] [--params id,id] [--deterministic] [--workers W] [--format json|csv] [--out FILE]\n\n' +
    `Metrics: ${metricList()}\n` +
    METRICS.map((m) => `  ${m.name.padEnd(22)}${m.description} (${m.unit})`).join('\n') +
    `\n\nParameters (src/analysis/ranges.ts, justified in docs/calibration.md): ${PARAMETER_RANGES.map((r) => r.id).join(', ')}\n` +
    `Every variation runs the same seed and paths 0..N-1 (common random numbers); default --paths ${DEFAULT_SENSITIVITY_PATHS}.\n` +
    'A variation whose run stops on some path (a figure leaves what the model can carry) has no value (null; lowFailure/highFailure say why) and is listed on stderr.\n' +
    WORKERS_HELP,
  async run(args) {
    const { values, positionals } = parse(args, {
      metric: { type: 'string' },
      paths: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      params: { type: 'string' },
      deterministic: { type: 'boolean' },
      workers: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    }, 'sensitivity');
    const file = onlyOne(positionals, 'sensitivity');
    if (!values.metric) throw new UsageError(`sensitivity needs --metric; expected one of ${metricList()}`);
    const format = oneOf(values.format, '--format', ['json', 'csv'] as const, 'json');
    const paths = intFlag(values.paths, '--paths', 1, 100_000) ?? DEFAULT_SENSITIVITY_PATHS;
    const days = intFlag(values.days, '--days', 1, MAX_HORIZON_DAYS);
    if (values.seed !== undefined && values.seed.trim() === '') throw new UsageError('--seed expects a non-empty value');
    const params = values.params?.split(',').map((x) => x.trim()).filter(Boolean);
    for (const p of params ?? []) if (!PARAMETER_RANGES.some((r) => r.id === p)) throw new UsageError(`--params: unknown parameter "${p}"; expected one of ${PARAMETER_RANGES.map((r) => r.id).join(', ')}`);
    const workersGiven = workersFlag(values.workers);
    checkOut(values.out);
    const scenario = loadScenarioFile(file, { checkExpression });
    const o = { paths, seed: values.seed ?? scenario.seed, days, deterministic: values.deterministic, params };
    let plan;
    try {
      plan = tornadoPlan(scenario, values.metric, params);
    } catch (e) {
      if (e instanceof MetricError) throw new UsageError(e.message);
      throw e;
    }
    const workers = workersGiven ?? defaultAnalysisThreads({ type: 'tornado', scenario, options: o }, plan.total);
    const result = workers > 1 ? tornadoFromEnsembles(scenario, plan, o, await tornadoOnThreads(scenario, values.metric, o, plan.total, workers)) : tornado(scenario, values.metric, o);
    if (format === 'json') {
      const rows = result.rows.map((r) => ({ ...r, metricLow: fmt(r.metricLow), metricBase: fmt(r.metricBase), metricHigh: fmt(r.metricHigh), swing: fmt(r.swing) }));
      emit(JSON.stringify({ ...result, base: fmt(result.base), rows }, null, 2) + '\n', values.out);
    } else {
      emit(toCsv(['parameter', 'label', 'low', 'high', 'metric_low', 'metric_base', 'metric_high', 'swing', 'failure_low', 'failure_high'],
        result.rows.map((r) => [r.parameter, r.label, r.lowValue, r.highValue, r.metricLow, r.metricBase, r.metricHigh, r.swing, r.lowFailure ?? '', r.highFailure ?? ''])), values.out);
    }
    // A variation whose run stopped has no value (null in JSON, empty in CSV): say so where a reader of the terminal sees it.
    const failed = result.rows.flatMap((r) => [...(r.lowFailure ? [`${r.parameter} = ${r.lowValue}: ${r.lowFailure}`] : []), ...(r.highFailure ? [`${r.parameter} = ${r.highValue}: ${r.highFailure}`] : [])]);
    if (failed.length) process.stderr.write(`dat-sim sensitivity: ${failed.length === 1 ? 'one variation' : `${failed.length} variations`} stopped before the horizon (no value; ${format === 'json' ? 'lowFailure/highFailure' : 'failure_low/failure_high'} say why):\n${failed.map((f) => `  ${f}\n`).join('')}`);
  },
};

export const stressCommand: Command = {
  summary: 'Coin drawdown x ending mNAV stress grid for one company, with the spiral switched on',
  usage:
    'dat-sim stress <scenario.json|-> --company TICKER [--drawdowns 0.1,0.2,...] [--mnavs 0.5,1,...] [--decline-days N] [--days N] [--workers W] [--format json|csv] [--out FILE]\n\n' +
    'For each cell the company\'s coin falls by the drawdown over --decline-days (default 90) on a scripted path and then stays flat (other coins flat, noise off); ' +
    'the company\'s premium is set so its basic mNAV is the target at the end of the decline; every company runs its policies. ' +
    'Reports the stock at the end of the decline vs the listing minimum, the listing state, covenant breaches, insolvency, coins sold, and the self-inflicted extra drawdown (vs companies off).\n' +
    WORKERS_HELP,
  async run(args) {
    const { values, positionals } = parse(args, {
      company: { type: 'string' },
      drawdowns: { type: 'string' },
      mnavs: { type: 'string' },
      'decline-days': { type: 'string' },
      days: { type: 'string' },
      workers: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    }, 'stress');
    const file = onlyOne(positionals, 'stress');
    if (!values.company) throw new UsageError('stress needs --company TICKER');
    const format = oneOf(values.format, '--format', ['json', 'csv'] as const, 'json');
    const drawdowns = numberList(values.drawdowns, '--drawdowns', [0.1, 0.2, 0.3, 0.5, 0.7]);
    const mnavs = numberList(values.mnavs, '--mnavs', [0.5, 0.75, 1, 1.5, 2]);
    const declineDays = intFlag(values['decline-days'], '--decline-days', 1, MAX_HORIZON_DAYS);
    const days = intFlag(values.days, '--days', 1, MAX_HORIZON_DAYS);
    if (drawdowns.length * mnavs.length > 400) throw new UsageError(`the grid has ${drawdowns.length * mnavs.length} cells; at most 400`);
    const workersGiven = workersFlag(values.workers);
    checkOut(values.out);
    const scenario = loadScenarioFile(file, { checkExpression });
    const o = { company: values.company, drawdowns, mnavs, declineDays, days };
    try {
      checkStress(scenario, o);
    } catch (e) {
      if (e instanceof StressError) throw new UsageError(e.message);
      throw e;
    }
    const cells = drawdowns.length * mnavs.length;
    const workers = workersGiven ?? defaultAnalysisThreads({ type: 'stress', scenario, options: o }, cells);
    const result = workers > 1 ? stressFromCells(await stressOnThreads(scenario, o, cells, workers)) : stressGrid(scenario, o);
    if (format === 'json') emit(JSON.stringify(result, null, 2) + '\n', values.out);
    else {
      const cols = ['drawdown', 'targetMnav', 'mnavDay', 'mnav', 'mnavAtStart', 'mnavAtDeclineEnd', 'stockPriceAtDeclineEnd', 'minPrice', 'belowMinPriceAtDeclineEnd', 'listingState', 'noticeDay', 'delistedDay', 'covenantBreach', 'firstCovenantBreachDay', 'insolvent', 'insolventDay', 'coinsSold', 'coinDrawdownAtDeclineEnd', 'selfInflictedDrawdownAtDeclineEnd', 'selfInflictedDrawdown'] as const;
      // A stopped cell has its drawdown and target, the rest empty, and the reason in `failure`.
      emit(toCsv(['company', ...cols, 'failure'], result.cells.map((c) => ('failure' in c ? [result.company, c.drawdown, c.targetMnav, ...cols.slice(2).map(() => ''), c.failure] : [result.company, ...cols.map((k) => c[k]), '']))), values.out);
    }
    const stopped = result.cells.flatMap((c) => ('failure' in c ? [`drawdown ${c.drawdown}, mNAV ${c.targetMnav}: ${c.failure}`] : []));
    if (stopped.length) process.stderr.write(`dat-sim stress: ${stopped.length === 1 ? 'one cell' : `${stopped.length} cells`} stopped before the horizon (no figures; ${format === 'json' ? '"failure"' : 'the failure column'} says why):\n${stopped.map((f) => `  ${f}\n`).join('')}`);
  },
};
