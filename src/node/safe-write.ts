/**
 * Output that cannot lose data (README "Outputs"):
 *
 * - `--out` goes only onto a regular file (a symbolic link to one is followed)
 *   or a new name in an existing folder; anything else (a device, a FIFO, a
 *   folder, a missing folder) is refused before any work, exit 2.
 * - The data goes to a temporary file beside the target, named
 *   `.<name>.dat-sim-<host>-<pid>-<random>.tmp`; every write is checked for
 *   the bytes it wrote, the file is fsynced, then renamed over the target and
 *   the folder fsynced. Any failure (ENOSPC, EIO, ...) removes the temporary
 *   file, leaves the previous target as it was, and exits non-zero.
 * - A run killed outright (SIGKILL, power loss) may leave its temporary file;
 *   the next write to the same target removes the ones whose process is gone.
 * - stdout: a file or device is written with checked writes too; a reader
 *   that went away (EPIPE) ends the command quietly with exit 0; any other
 *   stdout error exits 1 with a message.
 */
import { closeSync, fstatSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync, fchmodSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A failed or refused output. `exitCode` 2: the target is not allowed (usage);
 * 1: the write itself failed (disk full, I/O error). The message names the file.
 */
export class OutputError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2) {
    super(message);
    this.name = 'OutputError';
    this.exitCode = exitCode;
  }
}

const TEMP_MARK = '.dat-sim-';
const host = () => hostname().replace(/[^A-Za-z0-9.]/g, '_');

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOSPC') return 'no space left on the device (ENOSPC)';
  if (err?.code === 'EDQUOT') return 'disk quota exceeded (EDQUOT)';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return `permission denied (${err.code})`;
  if (err?.code === 'EROFS') return 'read-only file system (EROFS)';
  return err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? e);
}

/**
 * Check an --out target before any work: returns the path to write (a symlink
 * resolved to the regular file it points at), or throws OutputError (exit 2)
 * saying what is allowed.
 */
export function checkOutTarget(out: string): string {
  if (out.trim() === '') throw new OutputError('--out expects a file name', 2);
  let target = resolve(out);
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new OutputError(`--out ${out}: ${describe(e)}`, 2);
  }
  if (st?.isSymbolicLink()) {
    try {
      target = realpathSync(target);
      st = statSync(target);
    } catch {
      throw new OutputError(`--out ${out} is a symbolic link to nothing; expected a regular file or a new file name`, 2);
    }
  }
  if (st && st.isDirectory()) throw new OutputError(`--out ${out} is a folder; expected a regular file or a new file name in an existing folder`, 2);
  if (st && !st.isFile()) throw new OutputError(`--out ${out} is not a regular file (a device, FIFO or socket); expected a regular file or a new file name`, 2);
  const dir = dirname(target);
  let d;
  try {
    d = statSync(dir);
  } catch {
    throw new OutputError(`--out ${out}: the folder ${dir} does not exist; create it first or choose another file`, 2);
  }
  if (!d.isDirectory()) throw new OutputError(`--out ${out}: ${dir} is not a folder`, 2);
  return target;
}

/** The temporary file for `target`: beside it, hidden, recognisable, unique. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}${TEMP_MARK}${host()}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A day: temporary files of another host older than this are taken as abandoned. */
const FOREIGN_STALE_MS = 24 * 3600 * 1000;

/**
 * Remove temporary files left beside `target` by earlier runs that died
 * (SIGKILL, a crash): this host's whose process is gone, and other hosts'
 * (a shared folder) older than a day. Returns the names removed.
 */
export function removeStaleTemps(target: string): string[] {
  const dir = dirname(target);
  const prefix = `.${basename(target)}${TEMP_MARK}`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const me = host();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(.*)-(\d+)-[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const [, h, pidText] = m;
    const pid = Number(pidText);
    const full = join(dir, name);
    let stale: boolean;
    if (h === me) stale = pid !== process.pid && !alive(pid);
    else {
      try {
        stale = Date.now() - lstatSync(full).mtimeMs > FOREIGN_STALE_MS;
      } catch {
        stale = false;
      }
    }
    if (stale) {
      rmSync(full, { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** Write all of `buf` to `fd`, checking the count of every write (a short write is retried, an error thrown). */
export function writeAll(fd: number, buf: Uint8Array): number {
  let off = 0;
  while (off < buf.length) {
    const n = writeSync(fd, buf, off, buf.length - off);
    if (n <= 0) throw Object.assign(new Error('the write wrote nothing'), { code: 'EIO' });
    off += n;
  }
  return off;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some file systems cannot fsync a folder; the rename is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const open = new Set<SafeFile>();

/** Remove every temporary file still open (the CLI calls it on SIGINT/SIGTERM). */
export function abandonAllOutputs(): void {
  for (const f of [...open]) f.abort();
}

/**
 * A file written in pieces that appears only when complete: write(), then
 * commit() (fsync, rename over the target) or abort() (remove the temporary file).
 */
export class SafeFile {
  /** What the user asked for (--out). */
  readonly file: string;
  /** The path renamed over at the end (a symlink's destination). */
  readonly target: string;
  readonly tmp: string;
  private fd: number | null;
  bytes = 0;

  constructor(file: string) {
    this.file = file;
    this.target = checkOutTarget(file);
    removeStaleTemps(this.target);
    this.tmp = tempPathFor(this.target);
    try {
      this.fd = openSync(this.tmp, 'wx', 0o644);
    } catch (e) {
      throw new OutputError(`cannot write ${file}: ${describe(e)}`, 1);
    }
    open.add(this);
    // Keep the permissions of the file being replaced.
    try {
      fchmodSync(this.fd, statSync(this.target).mode & 0o7777);
    } catch {
      /* a new file */
    }
  }

  write(data: string | Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.file}: write after close`);
    try {
      this.bytes += writeAll(this.fd, typeof data === 'string' ? Buffer.from(data) : data);
    } catch (e) {
      this.abort();
      throw new OutputError(`cannot write ${this.file}: ${describe(e)}; nothing was written and any previous ${basename(this.file)} is unchanged`, 1);
    }
  }

  /** fsync, close, rename over the target, fsync the folder. */
  commit(): void {
    if (this.fd === null) throw new Error(`${this.file}: already closed`);
    try {
      fsyncSync(this.fd);
      if (fstatSync(this.fd).size !== this.bytes) throw Object.assign(new Error(`the file holds ${fstatSync(this.fd).size} bytes, ${this.bytes} were written`), { code: 'EIO' });
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp, this.target);
      open.delete(this);
    } catch (e) {
      this.abort();
      throw new OutputError(`cannot write ${this.file}: ${describe(e)}; nothing was written and any previous ${basename(this.file)} is unchanged`, 1);
    }
    fsyncDir(dirname(this.target));
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

/** Write a whole file safely (see the top of this file). */
export function writeFileSafe(file: string, data: string | Uint8Array): number {
  const f = new SafeFile(file);
  f.write(data);
  f.commit();
  return f.bytes;
}

// ---- stdout ----

let stdoutKind: 'file' | 'stream' | undefined;
let stdoutError: Error | undefined;
let checkedStdout = false;

/**
 * Called by the dat-sim executable (not by code that embeds main(), e.g. tests
 * that capture process.stdout.write): when stdout is a file or device, write
 * it with checked synchronous writes (Node's own stream ignores short writes).
 */
export function useCheckedStdout(): void {
  checkedStdout = true;
  stdoutKind = undefined;
}

function kind(): 'file' | 'stream' {
  if (!checkedStdout) return 'stream';
  if (stdoutKind) return stdoutKind;
  try {
    const st = fstatSync(1);
    // Files and devices (a redirect, /dev/full) get checked synchronous writes; pipes, sockets and TTYs go through the stream.
    stdoutKind = st.isFile() || (st.isCharacterDevice() && !process.stdout.isTTY) ? 'file' : 'stream';
  } catch {
    stdoutKind = 'stream';
  }
  return stdoutKind;
}

/**
 * Install the stdout policy once: EPIPE (the reader went away, e.g. `| head`)
 * exits 0 quietly; any other error is remembered for flushStdout().
 */
export function guardStdout(): void {
  if ((process.stdout as { __datSimGuard?: boolean }).__datSimGuard) return;
  (process.stdout as { __datSimGuard?: boolean }).__datSimGuard = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      abandonAllOutputs();
      process.exit(0);
    }
    stdoutError ??= e;
  });
}

/** Write to stdout, checking every byte when stdout is a file or device. Throws OutputError on failure. */
export function writeStdout(data: string | Uint8Array): void {
  if (stdoutError) throw new OutputError(`cannot write to stdout: ${describe(stdoutError)}`, 1);
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  if (kind() === 'file') {
    try {
      writeAll(1, buf);
    } catch (e) {
      stdoutError = e as Error;
      throw new OutputError(`cannot write to stdout: ${describe(e)}`, 1);
    }
  } else {
    process.stdout.write(buf);
  }
}

/** Wait until stdout has taken everything; throws OutputError if any write to it failed. */
export async function flushStdout(): Promise<void> {
  const out = process.stdout;
  if (kind() === 'stream' && !out.destroyed && out.writableLength > 0) {
    await new Promise<void>((res) => {
      const done = () => {
        out.off('drain', done);
        out.off('error', done);
        out.off('close', done);
        res();
      };
      out.on('drain', done);
      out.on('error', done);
      out.on('close', done);
    });
  }
  if (stdoutError) throw new OutputError(`cannot write to stdout: ${describe(stdoutError)}`, 1);
}
