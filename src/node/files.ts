/** Node-side file helpers: read scenario files, write outputs atomically. */
import { readFileSync, renameSync, rmSync, writeFileSync, openSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { ResolvedScenario } from '../../sim/types.ts';
import { resolveScenarioText, ScenarioError } from '../resolve.ts';
import { checkExpression } from '../rules.ts';

/** Read and resolve a scenario file; every problem is a ScenarioError naming the file and field. */
export function loadScenarioFile(file: string): ResolvedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, expected a .json file' : err.message;
    throw new ScenarioError([{ path: '', message: why }], file);
  }
  return resolveScenarioText(text, { file, checkExpression });
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
