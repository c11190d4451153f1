/**
 * The ensemble worker's message handler, shared by the CLI's worker threads
 * (src/batch/worker.ts) and the web app's Web Workers (web/ensemble.worker.ts).
 * Pure: no Node, no DOM. It holds one prepared model and one EnsembleState per
 * job, runs path slices into it as tasks arrive, and hands the counts back on
 * `flush` (the buffers are transferred, not copied). Both drivers therefore run
 * the same code on the same messages, so `dat-sim mc` and the app agree to the
 * byte for the same scenario, seed and path count.
 */
import { prepareModel, type Model, type RuleCompiler, type ResolvedScenario } from '../../sim/index.ts';
import type { SimResult } from '../simulate.ts';
import { EnsembleState, type EnsembleBuffers } from './ensemble.ts';
import { runPaths } from './runner.ts';
import { usesRules } from '../uses-rules.ts';

/** Does a scenario use `rules` policies (the one copy is src/uses-rules.ts). */
export { usesRules };
import type { JobSpec, ToMain, ToWorker, WorkerStats } from './protocol.ts';

export interface WorkerHost {
  post(msg: ToMain, transfer: ArrayBuffer[]): void;
  /** The rule compiler (mathjs), loaded only for scenarios with user rules. */
  loadRuleCompiler(): Promise<RuleCompiler>;
  /** Memory figures reported with a flushed state (Node: V8 heap statistics). */
  stats?(): WorkerStats;
}

/** The transferable buffers of a state. */
export function transferables(b: EnsembleBuffers): ArrayBuffer[] {
  return [b.events.buffer, b.terminal.buffer, b.extrema.buffer, b.bands.buffer] as ArrayBuffer[];
}

const NO_STATS: WorkerStats = { heapUsedBytes: 0, heapTotalBytes: 0, externalBytes: 0 };

export class EnsembleWorkerCore {
  private readonly jobs = new Map<number, { spec: JobSpec; model: Model; state: EnsembleState }>();
  // Messages are handled one at a time, in order (a job's set-up may await the rule compiler).
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly host: WorkerHost) {}

  /** Queue a message; handled after the ones before it. */
  receive(msg: ToWorker): Promise<void> {
    this.chain = this.chain.then(() => this.handle(msg));
    return this.chain;
  }

  private async handle(msg: ToWorker): Promise<void> {
    try {
      switch (msg.type) {
        case 'job': {
          const s = msg.spec;
          // The scenario travels as JSON text, parsed once per job.
          const scenario = JSON.parse(s.scenarioJson) as ResolvedScenario;
          const compileRule = usesRules(scenario) ? await this.host.loadRuleCompiler() : undefined;
          const model = prepareModel(scenario, { days: s.days, deterministic: s.deterministic, compileRule });
          this.jobs.set(s.jobId, { spec: s, model, state: new EnsembleState(s.meta) });
          break;
        }
        case 'task': {
          const job = this.jobs.get(msg.jobId);
          if (!job) throw new Error(`worker: unknown job ${msg.jobId}`);
          const out: SimResult[] | undefined = job.spec.run.full ? [] : undefined;
          runPaths(job.model, job.spec.run, msg.start, msg.end, job.state, out);
          this.host.post({ type: 'done', jobId: msg.jobId, taskId: msg.taskId, start: msg.start, end: msg.end, results: out }, []);
          break;
        }
        case 'flush': {
          const job = this.jobs.get(msg.jobId);
          if (!job) throw new Error(`worker: unknown job ${msg.jobId}`);
          this.jobs.delete(msg.jobId);
          const b = job.state.buffers();
          this.host.post({ type: 'state', jobId: msg.jobId, buffers: b, stats: this.host.stats?.() ?? NO_STATS }, transferables(b));
          break;
        }
      }
    } catch (e) {
      const err = e as Error & { path?: unknown };
      this.host.post(
        { type: 'error', jobId: 'jobId' in msg ? msg.jobId : msg.spec.jobId, name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack ?? '', path: typeof err?.path === 'string' ? err.path : undefined },
        [],
      );
    }
  }
}
