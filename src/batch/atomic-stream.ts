/**
 * Streamed output that appears only when complete: rows go into a temporary
 * file beside the target, which is renamed over it at the end. A failure, an
 * abort or Ctrl-C removes the temporary file, so no half-written output is
 * ever left behind (src/node/safe-write.ts has the details).
 */
import { abandonAllOutputs, SafeFile, writeStdout } from '../node/safe-write.ts';

/** Remove every temporary file still open (called on SIGINT/SIGTERM by the CLI). */
export function abandonAllStreams(): void {
  abandonAllOutputs();
}

export { SafeFile as AtomicStream };

/** Where a command writes: stdout, or a SafeFile to --out. */
export interface Sink {
  write(text: string | Uint8Array): void;
  commit(): void;
  abort(): void;
}

export function sinkFor(out: string | undefined): Sink {
  if (out) return new SafeFile(out);
  return { write: (t) => writeStdout(t), commit() {}, abort() {} };
}
