/**
 * Work cut into independent units on Node worker threads, the one pattern behind `dat-sim risk`,
 * `sensitivity` and `stress --workers W` (src/risk/threads.ts, src/analysis/threads.ts). The parent
 * posts the job once to each thread, then hands each thread its next unit as it finishes one; the
 * thread side is `serveUnits` (src/node/thread-unit-worker.ts). A unit's result does not depend on
 * the thread that ran it, so the results, put back in unit order, are the in-process ones.
 */
import { Worker } from 'node:worker_threads';

/** Parent to thread: the job first, then one unit at a time. */
export type UnitRequest<J> = { job: J } | { unit: number };
/** Thread to parent: a unit's result, or the error that stopped it. */
export type UnitReply<R> = { unit: number; result: R } | { error: { name: string; message: string } };

/**
 * Units `order` (each unit once; handed out in that order) of `job` on min(workers, units) threads
 * started from `entry`; the results in unit order. The first error of a thread rejects with its name
 * and message (a ModelError stays one, for the CLI's exit code), and every thread is stopped.
 * `what` names the threads in the message when one exits before its unit is done.
 */
export async function unitsOnThreads<J, R>(entry: URL, job: J, order: readonly number[], workers: number, what: string): Promise<R[]> {
  const units = order.length;
  const out = new Array<R>(units);
  const threads: Worker[] = [];
  let next = 0;
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, units)) }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(entry);
      threads.push(w);
      let busy = -1;
      const give = () => {
        if (next >= units) {
          busy = -1;
          return resolve();
        }
        busy = order[next++];
        w.postMessage({ unit: busy } satisfies UnitRequest<J>);
      };
      w.on('message', (m: UnitReply<R>) => {
        if ('error' in m) {
          const e = new Error(m.error.message);
          e.name = m.error.name;
          return reject(e);
        }
        out[m.unit] = m.result;
        give();
      });
      w.once('error', reject);
      w.once('exit', (code) => (busy >= 0 ? reject(new Error(`${what} exited before its unit ${busy} was done (code ${code})`)) : undefined));
      w.postMessage({ job } satisfies UnitRequest<J>);
      give();
    })));
    return out;
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
