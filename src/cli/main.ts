/**
 * dat-sim: the command-line driver. Data goes to stdout (or --out, written
 * safely), messages to stderr. Exit codes: 0 success (also when the reader of
 * stdout went away, e.g. `| head`), 2 bad input or usage, 1 an unexpected or
 * output failure, 130/143 interrupted by SIGINT/SIGTERM.
 *
 * Command modules load on demand, so `dat-sim --help` and `--version` load
 * none of them (start-up time is a target: README "Install").
 */
import { OutputError, flushStdout, guardStdout, useCheckedStdout, writeStdout } from '../node/safe-write.ts';
import { packageVersion } from '../node/package-info.ts';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<void> | void;
}

/**
 * Commands by name, each loaded when used. To add one: a module exporting a
 * Command, one line here, and its one-line description in SUMMARIES.
 */
export const COMMANDS: Record<string, () => Promise<Command> | Command> = {
  run: async () => (await import('./basic.ts')).runCommand,
  validate: async () => (await import('./basic.ts')).validateCommand,
  resolve: async () => (await import('./basic.ts')).resolveCommand,
  list: async () => (await import('./basic.ts')).listCommand,
  schema: async () => (await import('./basic.ts')).schemaCommand,
  mc: async () => (await import('./mc.ts')).mcCommand,
  sweep: async () => (await import('./sweep.ts')).sweepCommand,
  merge: async () => (await import('./merge.ts')).mergeCommand,
  sensitivity: async () => (await import('./sensitivity.ts')).sensitivityCommand,
  stress: async () => (await import('./sensitivity.ts')).stressCommand,
  risk: async () => (await import('./risk.ts')).riskCommand,
  backtest: async () => (await import('./backtest.ts')).backtestCommand,
};

/**
 * The top-level help's one-line descriptions (a test holds them equal to each
 * command's own summary). A command missing here is loaded to read its summary.
 */
export const SUMMARIES: Record<string, string> = {
  run: 'Simulate one path of a scenario (with its counterfactual) and print it',
  validate: 'Check scenario files; print every problem with its field path',
  resolve: 'Print the scenario with every default filled in (exactly what the engine runs)',
  list: 'List the saved scenarios, one line each',
  schema: 'Print the JSON Schema of scenario files (for editor completion)',
  mc: 'Monte Carlo ensemble: event probabilities, quantiles, fan-chart bands, counterfactual (all cores)',
  sweep: 'Parameter sweep: an ensemble per grid point, one CSV/NDJSON row each, streamed in grid order',
  merge: 'Merge the partial results of a sharded mc run into its summary (exact: the same bytes as one run)',
  sensitivity: 'One-at-a-time sensitivity (tornado) of a metric over the documented parameter ranges',
  stress: 'Coin drawdown x ending mNAV stress grid for one company, with the spiral switched on',
  risk: 'Risk map: coin prices at which each trigger fires (and with the spiral), coverage, runway, odds',
  backtest: 'Score a scenario (a forecast made on its start date) against an outcomes file of realized events and figures: probabilities, 10-90% bands, Brier score, band coverage',
};

export async function help(): Promise<string> {
  const lines = ['dat-sim: the DAT death-spiral simulator', '', 'Usage: dat-sim <command> [options]', '       dat-sim --version', '', 'Commands:'];
  for (const [name, get] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)}${SUMMARIES[name] ?? (await get()).summary}`);
  lines.push('', 'A scenario argument may be - to read the scenario from standard input.', 'Run "dat-sim <command> --help" for its options. README.md documents every command.');
  return lines.join('\n');
}

function isExpected(e: unknown): boolean {
  const name = (e as Error)?.name;
  return name === 'ScenarioError' || name === 'OutcomesError' || name === 'UsageError' || name === 'BatchError' || name === 'ModelError' || name === 'ExprError';
}

export async function main(argv: string[]): Promise<number> {
  guardStdout();
  const [name, ...rest] = argv;
  try {
    if (name === '--version' || name === '-v' || name === 'version') {
      writeStdout(`${packageVersion()}\n`);
      await flushStdout();
      return 0;
    }
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      writeStdout((await help()) + '\n');
      await flushStdout();
      return name ? 0 : 2;
    }
    const get = COMMANDS[name];
    if (!get) {
      process.stderr.write(`dat-sim: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')}, or --help, --version\n`);
      return 2;
    }
    const cmd = await get();
    if (rest.includes('--help') || rest.includes('-h')) {
      writeStdout(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
      await flushStdout();
      return 0;
    }
    await cmd.run(rest);
    await flushStdout();
    return 0;
  } catch (e) {
    const where = name && COMMANDS[name] ? `dat-sim ${name}` : 'dat-sim';
    if (e instanceof OutputError) {
      process.stderr.write(`${where}: ${e.message}\n`);
      return e.exitCode;
    }
    if (isExpected(e)) {
      process.stderr.write(`${where}: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`${where}: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

/** The dat-sim executable (bin/dat-sim.mjs): main() with every byte to a stdout file or device checked. */
export function cli(argv: string[]): Promise<number> {
  useCheckedStdout();
  return main(argv);
}
