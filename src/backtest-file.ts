/** Node-side: read an outcomes file (JSON, or CSV when the name ends in .csv). */
import { readFileSync } from 'node:fs';
import { OutcomesError, parseOutcomes, type Outcomes } from './backtest-outcomes.ts';

/** Read and parse an outcomes file; a missing or unreadable file is an OutcomesError naming it. */
export function loadOutcomes(file: string): Outcomes {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, expected a .json or .csv outcomes file' : err.message;
    throw new OutcomesError([{ path: '', message: why }], file);
  }
  return parseOutcomes(text, file);
}
