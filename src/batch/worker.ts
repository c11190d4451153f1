/**
 * The worker side of the ensemble pool (src/batch/pool.ts). Holds one
 * prepared model and one EnsembleState per job; runs path slices into it as
 * tasks arrive; hands the counts back on `flush` (the buffers are transferred,
 * not copied).
 */
import { parentPort } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { prepareModel, type Model } from '../../sim/engine.ts';
import type { SimResult } from '../simulate.ts';
import type { ResolvedScenario } from '../../sim/types.ts';
import { EnsembleState } from './ensemble.ts';
import { runPaths } from './runner.ts';
import type { JobSpec, ToMain, ToWorker } from './protocol.ts';

const port = parentPort!;
const jobs = new Map<number, { spec: JobSpec; model: Model; state: EnsembleState }>();

function post(msg: ToMain, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

// mathjs (the rule compiler) takes ~1 s and ~110 MB to load: only scenarios with user rules pay for it.
const hasRules = (s: ResolvedScenario) => s.companies.some((c) => c.policies.some((p) => p.kind === 'rules'));

// Messages are handled one at a time, in order (a job's set-up may await the rule compiler).
let chain: Promise<void> = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  chain = chain.then(() => handle(msg));
});

async function handle(msg: ToWorker): Promise<void> {
  try {
    switch (msg.type) {
      case 'job': {
        const s = msg.spec;
        // The scenario travels as JSON text, parsed once per job.
        const scenario = JSON.parse(s.scenarioJson) as ResolvedScenario;
        const compileRule = hasRules(scenario) ? (await import('../rules.ts')).compileExpression : undefined;
        const model = prepareModel(scenario, { days: s.days, deterministic: s.deterministic, compileRule });
        jobs.set(s.jobId, { spec: s, model, state: new EnsembleState(s.meta) });
        break;
      }
      case 'task': {
        const job = jobs.get(msg.jobId);
        if (!job) throw new Error(`worker: unknown job ${msg.jobId}`);
        const out: SimResult[] | undefined = job.spec.run.full ? [] : undefined;
        runPaths(job.model, job.spec.run, msg.start, msg.end, job.state, out);
        post({ type: 'done', jobId: msg.jobId, taskId: msg.taskId, start: msg.start, end: msg.end, results: out });
        break;
      }
      case 'flush': {
        const job = jobs.get(msg.jobId);
        if (!job) throw new Error(`worker: unknown job ${msg.jobId}`);
        jobs.delete(msg.jobId);
        const b = job.state.buffers();
        const h = getHeapStatistics();
        const stats = { heapUsedBytes: h.used_heap_size, heapTotalBytes: h.total_heap_size, externalBytes: h.external_memory };
        post({ type: 'state', jobId: msg.jobId, buffers: b, stats }, [b.events.buffer, b.terminal.buffer, b.extrema.buffer, b.bands.buffer] as ArrayBuffer[]);
        break;
      }
    }
  } catch (e) {
    const err = e as Error;
    post({ type: 'error', jobId: 'jobId' in msg ? msg.jobId : msg.spec.jobId, name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack ?? '' });
  }
}
