import { UsageError } from '../cli/args.ts';

/**
 * A bad batch input (path count, shard spec, --set path, incompatible
 * partials). A UsageError, so the CLI prints it without a stack and exits 2.
 */
export class BatchError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'BatchError';
  }
}

/** The error an aborted run rejects with (like fetch's). */
export function abortError(signal?: AbortSignal): Error {
  const r = signal?.reason;
  if (r instanceof Error) return r;
  const e = new Error('the run was aborted');
  e.name = 'AbortError';
  return e;
}
