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
import { stressGrid, StressError } from '../analysis/stress.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import { checkOut, emit } from './basic.ts';
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

export const sensitivityCommand: Command = {
  summary: 'One-at-a-time sensitivity (tornado) of a metric over the documented parameter ranges',
  usage:
    'dat-sim sensitivity <scenario.json> --metric <name:SUBJECT> [--paths N] [--seed S] [--days N] [--params id,id] [--deterministic] [--format json|csv] [--out FILE]\n\n' +
    `Metrics: ${metricList()}\n` +
    METRICS.map((m) => `  ${m.name.padEnd(22)}${m.description} (${m.unit})`).join('\n') +
    `\n\nParameters (src/analysis/ranges.ts, justified in docs/calibration.md): ${PARAMETER_RANGES.map((r) => r.id).join(', ')}\n` +
    `Every variation runs the same seed and paths 0..N-1 (common random numbers); default --paths ${DEFAULT_SENSITIVITY_PATHS}.`,
  run(args) {
    const { values, positionals } = parse(args, {
      metric: { type: 'string' },
      paths: { type: 'string' },
      seed: { type: 'string' },
      days: { type: 'string' },
      params: { type: 'string' },
      deterministic: { type: 'boolean' },
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
    checkOut(values.out);
    const scenario = loadScenarioFile(file, { checkExpression });
    let result;
    try {
      result = tornado(scenario, values.metric, { paths, seed: values.seed ?? scenario.seed, days, deterministic: values.deterministic, params });
    } catch (e) {
      if (e instanceof MetricError) throw new UsageError(e.message);
      throw e;
    }
    if (format === 'json') {
      const rows = result.rows.map((r) => ({ ...r, metricLow: fmt(r.metricLow), metricBase: fmt(r.metricBase), metricHigh: fmt(r.metricHigh), swing: fmt(r.swing) }));
      emit(JSON.stringify({ ...result, base: fmt(result.base), rows }, null, 2) + '\n', values.out);
    } else {
      emit(toCsv(['parameter', 'label', 'low', 'high', 'metric_low', 'metric_base', 'metric_high', 'swing'],
        result.rows.map((r) => [r.parameter, r.label, r.lowValue, r.highValue, r.metricLow, r.metricBase, r.metricHigh, r.swing])), values.out);
    }
  },
};

export const stressCommand: Command = {
  summary: 'Coin drawdown x ending mNAV stress grid for one company, with the spiral switched on',
  usage:
    'dat-sim stress <scenario.json> --company TICKER [--drawdowns 0.1,0.2,...] [--mnavs 0.5,1,...] [--decline-days N] [--days N] [--format json|csv] [--out FILE]\n\n' +
    'For each cell the company\'s coin falls by the drawdown over --decline-days (default 90) on a scripted path and then stays flat (other coins flat, noise off); ' +
    'the company\'s premium is set so its basic mNAV is the target at the end of the decline; every company runs its policies. ' +
    'Reports the stock at the end of the decline vs the listing minimum, the listing state, covenant breaches, insolvency, coins sold, and the self-inflicted extra drawdown (vs companies off).',
  run(args) {
    const { values, positionals } = parse(args, {
      company: { type: 'string' },
      drawdowns: { type: 'string' },
      mnavs: { type: 'string' },
      'decline-days': { type: 'string' },
      days: { type: 'string' },
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
    checkOut(values.out);
    const scenario = loadScenarioFile(file, { checkExpression });
    let result;
    try {
      result = stressGrid(scenario, { company: values.company, drawdowns, mnavs, declineDays, days });
    } catch (e) {
      if (e instanceof StressError) throw new UsageError(e.message);
      throw e;
    }
    if (format === 'json') emit(JSON.stringify(result, null, 2) + '\n', values.out);
    else {
      const cols = ['drawdown', 'targetMnav', 'mnavDay', 'mnav', 'mnavAtStart', 'mnavAtDeclineEnd', 'stockPriceAtDeclineEnd', 'minPrice', 'belowMinPriceAtDeclineEnd', 'listingState', 'noticeDay', 'delistedDay', 'covenantBreach', 'firstCovenantBreachDay', 'insolvent', 'insolventDay', 'coinsSold', 'coinDrawdownAtDeclineEnd', 'selfInflictedDrawdownAtDeclineEnd', 'selfInflictedDrawdown'] as const;
      emit(toCsv(['company', ...cols], result.cells.map((c) => [result.company, ...cols.map((k) => c[k])])), values.out);
    }
  },
};
