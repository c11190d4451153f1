/**
 * Streamed output that appears only when complete: rows go into a temporary
 * file beside the target, which is renamed over it at the end. A failure, an
 * abort or Ctrl-C removes the temporary file, so no half-written output is
 * ever left behind (the same guarantee as src/node/files.ts writeFileAtomic).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const open = new Set<AtomicStream>();

/** Remove every temporary file still open (called on SIGINT/SIGTERM by the CLI). */
export function abandonAllStreams(): void {
  for (const s of [...open]) s.abort();
}

export class AtomicStream {
  readonly file: string;
  readonly tmp: string;
  private fd: number | null;
  bytes = 0;

  constructor(file: string) {
    this.file = file;
    this.tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
    this.fd = openSync(this.tmp, 'w');
    open.add(this);
  }

  write(text: string): void {
    if (this.fd === null) throw new Error(`${this.file}: write after close`);
    this.bytes += writeSync(this.fd, text);
  }

  /** fsync, close and rename over the target. */
  commit(): void {
    if (this.fd === null) throw new Error(`${this.file}: already closed`);
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp, this.file);
      open.delete(this);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** Close and delete the temporary file; the target is left as it was. */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = null;
    }
    rmSync(this.tmp, { force: true });
    open.delete(this);
  }
}

/** Where a command writes: stdout, or an AtomicStream to --out. */
export interface Sink {
  write(text: string): void;
  commit(): void;
  abort(): void;
}

export function sinkFor(out: string | undefined): Sink {
  if (out) return new AtomicStream(out);
  return { write: (t) => void process.stdout.write(t), commit() {}, abort() {} };
}
