/** Node-side file helpers: read scenario files, write outputs atomically. */
import { readFileSync, renameSync, rmSync, writeFileSync, openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { ResolvedScenario } from '../../sim/types.ts';
import { resolveScenarioText, ScenarioError, type ResolveOptions } from '../resolve.ts';
import type { RuleCompiler } from '../../sim/engine.ts';

/** Does the scenario have user rules (the only part that needs mathjs)? */
export function usesRules(s: ResolvedScenario): boolean {
  return s.companies.some((c) => c.policies.some((p) => p.kind === 'rules'));
}

function readScenarioText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, expected a .json file' : err.message;
    throw new ScenarioError([{ path: '', message: why }], file);
  }
}

/**
 * Read and resolve a scenario file; every problem is a ScenarioError naming
 * the file and field. Rule expressions are checked when `checkExpression` is
 * given (the library passes it; the CLI uses loadScenarioFileLazy).
 */
export function loadScenarioFile(file: string, options: Pick<ResolveOptions, 'checkExpression'> = {}): ResolvedScenario {
  return resolveScenarioText(readScenarioText(file), { file, ...options });
}

/**
 * The CLI's loader: loads the rule compiler (and mathjs, ~100 MB and a second
 * of start-up) only when the scenario has user rules, and then checks them.
 */
export async function loadScenarioFileLazy(file: string): Promise<{ scenario: ResolvedScenario; compileRule?: RuleCompiler }> {
  const text = readScenarioText(file);
  const plain = resolveScenarioText(text, { file });
  if (!usesRules(plain)) return { scenario: plain };
  const { checkExpression, compileExpression } = await import('../rules.ts');
  return { scenario: resolveScenarioText(text, { file, checkExpression }), compileRule: compileExpression };
}

/**
 * Write a file so that readers never see half of it: write a temporary file
 * beside it, fsync, then rename over the target. A failure removes the
 * temporary file and leaves any previous target untouched.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      if (typeof data === 'string') writeSync(fd, data);
      else writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export { writeFileSync };
