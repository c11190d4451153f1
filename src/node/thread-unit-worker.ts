/**
 * The thread side of src/node/thread-units.ts: `prepare` turns the job into what every unit reads
 * (it may load modules), `run` computes one unit and names the buffers to transfer. Units arrive one
 * at a time; a unit that arrives while the job is being prepared waits for it. An error is posted
 * back with its name and message.
 */
import { parentPort } from 'node:worker_threads';
import type { UnitReply, UnitRequest } from './thread-units.ts';

export function serveUnits<J, S, R>(prepare: (job: J) => S | Promise<S>, run: (state: S, unit: number) => { result: R; transfer?: ArrayBuffer[] }): void {
  const port = parentPort;
  if (!port) throw new Error('serveUnits: not in a worker thread');
  let ready: Promise<S> | null = null;
  const fail = (e: unknown) => {
    const err = e as Error;
    port.postMessage({ error: { name: err?.name ?? 'Error', message: err?.message ?? String(e) } } satisfies UnitReply<R>);
  };
  port.on('message', async (msg: UnitRequest<J>) => {
    try {
      if ('job' in msg) {
        ready = Promise.resolve().then(() => prepare(msg.job));
        ready.catch(() => {}); // reported when the first unit awaits it
        return;
      }
      if (!ready) throw new Error('a worker thread got a unit before its job');
      const { result, transfer } = run(await ready, msg.unit);
      port.postMessage({ unit: msg.unit, result } satisfies UnitReply<R>, transfer ?? []);
    } catch (e) {
      fail(e);
    }
  });
}
