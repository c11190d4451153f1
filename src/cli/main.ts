/**
 * dat-sim: the command-line driver. Data goes to stdout (or --out, written
 * atomically), messages to stderr. Exit codes: 0 success, 2 bad input or
 * usage, 1 an unexpected failure.
 */
import { ScenarioError } from '../resolve.ts';
import { ModelError } from '../../sim/engine.ts';
import { UsageError } from './args.ts';
import { runCommand, validateCommand, resolveCommand, listCommand, schemaCommand } from './basic.ts';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<void> | void;
}

/** Commands by name. Batch commands live in their own modules and are loaded on demand. */
export const COMMANDS: Record<string, () => Promise<Command> | Command> = {
  run: () => runCommand,
  validate: () => validateCommand,
  resolve: () => resolveCommand,
  list: () => listCommand,
  schema: () => schemaCommand,
  mc: async () => (await import('./mc.ts')).mcCommand,
  sweep: async () => (await import('./sweep.ts')).sweepCommand,
  merge: async () => (await import('./merge.ts')).mergeCommand,
  sensitivity: async () => (await import('./sensitivity.ts')).sensitivityCommand,
  stress: async () => (await import('./sensitivity.ts')).stressCommand,
  risk: async () => (await import('./risk.ts')).riskCommand,
  backtest: async () => (await import('./backtest.ts')).backtestCommand,
};

function help(): string {
  const lines = ['dat-sim: the DAT death-spiral simulator', '', 'Usage: dat-sim <command> [options]', '', 'Commands:'];
  for (const [name, get] of Object.entries(COMMANDS)) {
    const c = get();
    if (c instanceof Promise) lines.push(`  ${name}`);
    else lines.push(`  ${name.padEnd(12)}${c.summary}`);
  }
  lines.push('', 'Run "dat-sim <command> --help" for its options. README.md documents every command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const get = COMMANDS[name];
  if (!get) {
    process.stderr.write(`dat-sim: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  const cmd = await get();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
    return 0;
  }
  try {
    await cmd.run(rest);
    return 0;
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof UsageError || e instanceof ModelError || (e as Error)?.name === 'ExprError') {
      process.stderr.write(`dat-sim ${name}: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`dat-sim ${name}: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
