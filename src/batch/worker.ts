/**
 * The worker side of the ensemble pool (src/batch/pool.ts): the shared
 * handler (src/batch/worker-core.ts, the same one the web app's workers run)
 * on a Node worker thread, reporting V8 heap figures with each flushed state.
 */
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { EnsembleWorkerCore } from './worker-core.ts';
import type { ToWorker } from './protocol.ts';

const port = parentPort!;
const core = new EnsembleWorkerCore({
  post: (msg, transfer) => port.postMessage(msg, transfer),
  // mathjs (the rule compiler) takes ~1 s and ~110 MB to load: only scenarios with user rules pay for it.
  loadRuleCompiler: async () => (await import('../rules.ts')).compileExpression,
  stats: () => {
    const h = getHeapStatistics();
    return { heapUsedBytes: h.used_heap_size, heapTotalBytes: h.total_heap_size, externalBytes: h.external_memory };
  },
});
port.on('message', (msg: ToWorker) => void core.receive(msg));
