/**
 * dat-sim backtest: score a dated forecast (a scenario) against an outcomes
 * file of what really happened (src/backtest-outcomes.ts documents the format).
 */
import { loadScenarioFileLazy } from '../node/files.ts';
import { backtest, backtestTable } from '../backtest.ts';
import { loadOutcomes } from '../backtest-file.ts';
import { emit } from './basic.ts';
import { seedFlag, checkOut } from './mc.ts';
import { intFlag, oneOf, parse, UsageError } from './args.ts';
import type { Command } from './main.ts';
import { MAX_KEPT_PATHS } from '../run-options.ts';

export const backtestCommand: Command = {
  summary: 'Score a scenario (a forecast made on its start date) against an outcomes file of realized events and figures: probabilities, 10-90% bands, Brier score, band coverage',
  usage: [
    'dat-sim backtest <scenario.json|-> <outcomes.json|outcomes.csv> [--drive-coins | --free-coins] [--paths N] [--seed S] [--format table|json] [--out FILE]',
    '',
    '  <outcomes>      what really happened after the forecast date (JSON or CSV; README.md "Backtest"):',
    '                  coinPrices {coin, date, price}; events {ticker, kind, date, [from], [coins], [occurred]}',
    '                  with kind coinSale|coinPurchase|buyback|notice|reverseSplit|delisting; figures',
    '                  {ticker, kind, date, value} with kind stockPrice|mnav|coins; every row has a source.',
    '                  Every ticker and coin must be in the scenario, every date inside its horizon.',
    '  --drive-coins   replay the outcomes\' dated coin prices (a scripted path; coin prices are then not scored)',
    '  --free-coins    drop the scenario\'s scripted coin paths (coins stochastic from the start)',
    '  --paths N       simulated paths (default 500)',
    '  --seed S        seed (default: the scenario\'s)',
    '  --format F      table (default, readable) or json',
    '',
    'Per outcome: the model\'s probability (events, over their period) or 10-90% band (figures), hit or miss;',
    'overall: the Brier score of the events and the band coverage of the figures (nominal 80%).',
  ].join('\n'),
  async run(args) {
    const { values, positionals } = parse(args, {
      'drive-coins': { type: 'boolean' },
      'free-coins': { type: 'boolean' },
      paths: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    }, 'backtest');
    if (positionals.length !== 2) throw new UsageError(`backtest expects <scenario.json> <outcomes file>, got ${positionals.length} argument(s)`);
    if (values['drive-coins'] && values['free-coins']) throw new UsageError('--drive-coins and --free-coins exclude each other');
    const format = oneOf(values.format, '--format', ['table', 'json'] as const, 'table');
    const paths = intFlag(values.paths, '--paths', 1, MAX_KEPT_PATHS) ?? 500;
    const seed = seedFlag(values.seed);
    checkOut(values.out);
    const [scenarioFile, outcomesFile] = positionals;
    // Both files are read and checked before any simulation.
    const { scenario, compileRule } = await loadScenarioFileLazy(scenarioFile);
    const outcomes = loadOutcomes(outcomesFile);
    const result = backtest(scenario, outcomes, {
      paths, seed, compileRule, file: outcomesFile,
      coins: values['drive-coins'] ? 'drive' : values['free-coins'] ? 'free' : 'scenario',
    });
    emit(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : backtestTable(result), values.out);
  },
};
