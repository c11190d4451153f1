/** Node-side file helpers: read scenario files, write outputs atomically. */
import { readFileSync, writeFileSync } from 'node:fs';
import { writeFileSafe } from './safe-write.ts';
import { assertRunnable } from '../runnable.ts';
import type { ResolvedScenario, RuleCompiler } from '../../sim/index.ts';
import { resolveScenarioText, ScenarioError, type ResolveOptions } from '../resolve.ts';
import { usesRules } from '../uses-rules.ts';

/** Does the scenario have user rules (the only part that needs mathjs)? One copy: src/uses-rules.ts. */
export { usesRules };

/** The name `-` stands for standard input in messages. */
export const STDIN_NAME = '<stdin>';

/**
 * Is this string a scenario's JSON text rather than a file name? Its first non-blank character is
 * `{` (no file name a user types starts so): loadScenario and sweep take either.
 */
export function isScenarioText(source: string): boolean {
  return /^\s*\{/.test(source);
}

/** A scenario file's text (`-`: standard input); a ScenarioError naming the file when it cannot be read. */
export function readScenarioText(file: string): string {
  try {
    // `-` reads the scenario from standard input (fd 0), e.g. `cat s.json | dat-sim run -`.
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, expected a .json file' : err.code === 'ENAMETOOLONG' ? 'the name is too long for a file name' : err.message;
    throw new ScenarioError([{ path: '', message: why }], file === '-' ? STDIN_NAME : file);
  }
}

/**
 * Read and resolve a scenario file; every problem is a ScenarioError naming
 * the file and field. Rule expressions are checked when `checkExpression` is
 * given (the library passes it; the CLI uses loadScenarioFileLazy).
 */
export function loadScenarioFile(file: string, options: Pick<ResolveOptions, 'checkExpression'> = {}): ResolvedScenario {
  const name = file === '-' ? STDIN_NAME : file;
  return assertRunnable(resolveScenarioText(readScenarioText(file), { file: name, ...options }), name);
}

/**
 * The CLI's loader: loads the rule compiler (and mathjs, ~100 MB and a second
 * of start-up) only when the scenario has user rules, and then checks them.
 */
export async function loadScenarioFileLazy(file: string): Promise<{ scenario: ResolvedScenario; compileRule?: RuleCompiler }> {
  const text = readScenarioText(file);
  if (file === '-') file = STDIN_NAME;
  const plain = resolveScenarioText(text, { file });
  if (!usesRules(plain)) return { scenario: assertRunnable(plain, file) };
  const { checkExpression, compileExpression } = await import('../rules.ts');
  return { scenario: assertRunnable(resolveScenarioText(text, { file, checkExpression }), file), compileRule: compileExpression };
}

/**
 * Write a file so that readers never see half of it: a temporary file beside
 * it, every write checked, fsync, then rename over the target. A failure
 * removes the temporary file and leaves any previous target untouched
 * (src/node/safe-write.ts). Returns the bytes written.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): number {
  return writeFileSafe(file, data);
}

export { writeFileSync };
