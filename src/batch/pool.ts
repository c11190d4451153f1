/**
 * A pool of worker threads running ensemble jobs. A job is a scenario plus a
 * list of path slices (tasks); tasks of every job wait in one FIFO queue and go
 * to whichever worker is idle, so the cores stay busy across the points of a
 * sweep. Each worker accumulates its tasks of a job into its own
 * EnsembleState and hands it back once the job's last task is done; the
 * caller merges the states by adding counts, so which worker ran which slice
 * never changes the result.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import type { SimResult } from '../simulate.ts';
import type { EnsembleBuffers } from './ensemble.ts';
import type { JobSpec, ToMain, ToWorker, WorkerStats } from './protocol.ts';

/**
 * The worker thread's entry: the built package (dist/) starts dist/worker.js
 * (plain JavaScript); from the TypeScript sources (tests, tsx) worker.mjs
 * registers tsx first, since worker threads do not inherit a loader.
 */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./worker.js', import.meta.url);

/**
 * CPUs allowed by a cgroup CPU quota (a container's CPU limit), or undefined
 * when there is none: cgroup v2 `cpu.max` ("400000 100000" = 4 CPUs, "max
 * 100000" = no limit), else cgroup v1 `cpu.cfs_quota_us` / `cpu.cfs_period_us`.
 * os.availableParallelism() ignores quotas, so a pod limited to 4 CPUs on a
 * 64-core node would otherwise start 64 workers (and their memory).
 */
export function cgroupCpuLimit(read: (file: string) => string | undefined = readText): number | undefined {
  const v2 = read('/sys/fs/cgroup/cpu.max')?.trim().split(/\s+/);
  if (v2 && v2.length === 2) {
    if (v2[0] === 'max') return undefined;
    const quota = Number(v2[0]), period = Number(v2[1]);
    if (quota > 0 && period > 0) return quota / period;
  }
  const q = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')?.trim()), per = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')?.trim());
  if (q > 0 && per > 0) return q / per;
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The number of workers "all cores" means here: the cores, capped by a cgroup CPU limit (rounded up). */
export function defaultWorkers(cores = availableParallelism(), limit = cgroupCpuLimit()): number {
  return Math.max(1, limit === undefined ? cores : Math.min(cores, Math.ceil(limit - 1e-9)));
}

interface Slot {
  worker: Worker;
  busy: boolean;
  jobs: Set<number>;
}

interface JobRun {
  spec: JobSpec;
  remaining: number;
  touched: Set<Slot>;
  states: EnsembleBuffers[];
  flushing: number;
  onTask?: (start: number, end: number, results?: SimResult[]) => void;
  resolve: (states: EnsembleBuffers[]) => void;
  reject: (e: Error) => void;
}

interface Task {
  jobId: number;
  taskId: number;
  start: number;
  end: number;
}

export class WorkerPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly jobs = new Map<number, JobRun>();
  private nextJob = 1;
  private nextTask = 1;
  private closed = false;
  private failure: Error | null = null;
  /** Each worker's memory when it last handed back a job (benchmarks read it). */
  readonly workerStats: WorkerStats[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size must be a whole number >= 1, got ${size}`);
    this.size = size;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, busy: false, jobs: new Set() };
    worker.on('message', (msg: ToMain) => this.onMessage(slot, msg));
    worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`a worker thread exited unexpectedly (code ${code})`));
    });
    return slot;
  }

  /**
   * Run one job: `slices` are [start, end) path ranges. Resolves with one
   * state per worker that took part (merge them). `onTask` is called as each
   * slice finishes (in completion order), with its full results in full mode.
   */
  run(spec: Omit<JobSpec, 'jobId'>, slices: readonly [number, number][], onTask?: JobRun['onTask']): Promise<EnsembleBuffers[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    const jobId = this.nextJob++;
    return new Promise((resolve, reject) => {
      const job: JobRun = { spec: { ...spec, jobId }, remaining: slices.length, touched: new Set(), states: [], flushing: 0, onTask, resolve, reject };
      this.jobs.set(jobId, job);
      if (slices.length === 0) {
        this.jobs.delete(jobId);
        resolve([]);
        return;
      }
      for (const [start, end] of slices) this.queue.push({ jobId, taskId: this.nextTask++, start, end });
      this.dispatch();
    });
  }

  private post(slot: Slot, msg: ToWorker): void {
    slot.worker.postMessage(msg);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || !this.queue.length) continue;
      const task = this.queue.shift()!;
      const job = this.jobs.get(task.jobId)!;
      if (!slot.jobs.has(task.jobId)) {
        this.post(slot, { type: 'job', spec: job.spec });
        slot.jobs.add(task.jobId);
        job.touched.add(slot);
      }
      slot.busy = true;
      this.post(slot, { type: 'task', jobId: task.jobId, taskId: task.taskId, start: task.start, end: task.end });
    }
  }

  private onMessage(slot: Slot, msg: ToMain): void {
    if (msg.type === 'error') {
      const e = new Error(msg.message);
      e.name = msg.name;
      e.stack = msg.stack;
      this.fail(e);
      return;
    }
    const job = this.jobs.get(msg.jobId);
    if (!job) return;
    if (msg.type === 'done') {
      slot.busy = false;
      job.remaining--;
      try {
        job.onTask?.(msg.start, msg.end, msg.results);
      } catch (e) {
        this.fail(e as Error);
        return;
      }
      if (job.remaining === 0) {
        job.flushing = job.touched.size;
        for (const s of job.touched) this.post(s, { type: 'flush', jobId: msg.jobId });
      }
      this.dispatch();
    } else if (msg.type === 'state') {
      slot.jobs.delete(msg.jobId);
      job.states.push(msg.buffers);
      this.workerStats[this.slots.indexOf(slot)] = msg.stats;
      if (--job.flushing === 0) {
        this.jobs.delete(msg.jobId);
        job.resolve(job.states);
      }
    }
  }

  private fail(e: Error): void {
    if (this.failure || this.closed) return;
    this.failure = e;
    for (const job of this.jobs.values()) job.reject(e);
    this.jobs.clear();
    this.queue.length = 0;
    void this.close();
  }

  /** Stop every worker; pending jobs are rejected with `reason`. */
  async destroy(reason: Error): Promise<void> {
    for (const job of this.jobs.values()) job.reject(reason);
    this.jobs.clear();
    this.queue.length = 0;
    await this.close();
  }

  /** Stop every worker. Jobs still running are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.jobs.size) {
      const e = new Error('the worker pool was closed before the job finished');
      for (const job of this.jobs.values()) job.reject(e);
      this.jobs.clear();
      this.queue.length = 0;
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
