/** Messages between the ensemble pool and its worker threads. */
import type { SimResult } from '../simulate.ts';
import type { EnsembleBuffers, EnsembleMeta } from './ensemble.ts';
import type { PathRunSpec } from './runner.ts';

export interface JobSpec {
  jobId: number;
  /** The resolved scenario as JSON text. */
  scenarioJson: string;
  days: number;
  deterministic: boolean;
  run: PathRunSpec;
  meta: EnsembleMeta;
}

export type ToWorker =
  | { type: 'job'; spec: JobSpec }
  | { type: 'task'; jobId: number; taskId: number; start: number; end: number }
  | { type: 'flush'; jobId: number };

export type ToMain =
  | { type: 'done'; jobId: number; taskId: number; start: number; end: number; results?: SimResult[] }
  | { type: 'state'; jobId: number; buffers: EnsembleBuffers; stats: WorkerStats }
  | { type: 'error'; jobId: number; name: string; message: string; stack: string; /** Field path of a scenario error (ModelError), when there is one. */ path?: string };

/** A worker's memory at the end of a job (for benchmarks). */
export interface WorkerStats {
  /** V8 heap in use (bytes). */
  heapUsedBytes: number;
  /** Peak V8 heap (bytes): total heap size at its largest as V8 reports it. */
  heapTotalBytes: number;
  /** Typed-array and other off-heap memory (bytes). */
  externalBytes: number;
}
