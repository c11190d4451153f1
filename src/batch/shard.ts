/**
 * Shards: the k-th of n contiguous slices of a run's path indices, given as
 * "k/n" (k from 0) or read from the environment of a batch system ("auto").
 */
import { BatchError } from './errors.ts';

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
  /** Where the numbers came from, for messages. */
  source: string;
}

/** Upper limit on the shard count (a sanity bound, far above any real array job). */
export const MAX_SHARDS = 1_000_000;

/** Paths [start, end) of shard k of n: floor(k*N/n) .. floor((k+1)*N/n). Shards differ in size by at most one path. */
export function shardRange(index: number, count: number, paths: number): [number, number] {
  return [Math.floor((index * paths) / count), Math.floor(((index + 1) * paths) / count)];
}

const WHOLE = /^\d+$/;

function check(index: number, count: number, source: string): Shard {
  if (!(count >= 1 && count <= MAX_SHARDS)) throw new BatchError(`${source}: the shard count must be from 1 to ${MAX_SHARDS}, got ${count}`);
  if (!(index >= 0 && index < count)) throw new BatchError(`${source}: shard index ${index} is out of range: expected 0 to ${count - 1} (shards count from 0)`);
  return { index, count, source };
}

/**
 * "k/n" with 0 <= k < n, or "auto" (see `shardFromEnv`).
 */
export function parseShard(spec: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const s = spec.trim();
  if (s === 'auto') return shardFromEnv(env);
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) throw new BatchError(`--shard expects k/n (e.g. 0/4 for the first of 4 shards, k from 0) or "auto", got "${spec}"`);
  return check(Number(m[1]), Number(m[2]), `--shard ${s}`);
}

function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  if (!WHOLE.test(v.trim())) throw new BatchError(`--shard auto: ${name}="${v}" is not a whole number`);
  return Number(v.trim());
}

/**
 * The shard of this process from its batch system's environment, first match wins:
 * 1. DAT_SIM_SHARD_INDEX and DAT_SIM_SHARD_COUNT (any system; set them yourself).
 * 2. Kubernetes Indexed Job: JOB_COMPLETION_INDEX, with DAT_SIM_SHARD_COUNT set
 *    to the Job's `completions` (Kubernetes does not expose the count).
 * 3. Slurm job array: SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of
 *    SLURM_ARRAY_TASK_COUNT (the array must be contiguous: --array=0-99 or 1-100, no step).
 * 4. AWS Batch array job: AWS_BATCH_JOB_ARRAY_INDEX, with DAT_SIM_SHARD_COUNT set
 *    to the array size (AWS Batch does not expose it).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): Shard {
  const count = envInt(env, 'DAT_SIM_SHARD_COUNT');
  const generic = envInt(env, 'DAT_SIM_SHARD_INDEX');
  if (generic !== undefined) {
    if (count === undefined) throw new BatchError('--shard auto: DAT_SIM_SHARD_INDEX is set but DAT_SIM_SHARD_COUNT is not');
    return check(generic, count, 'DAT_SIM_SHARD_INDEX/DAT_SIM_SHARD_COUNT');
  }
  const k8s = envInt(env, 'JOB_COMPLETION_INDEX');
  if (k8s !== undefined) {
    if (count === undefined) throw new BatchError('--shard auto: JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set but DAT_SIM_SHARD_COUNT is not: set it to the Job\'s spec.completions');
    return check(k8s, count, 'JOB_COMPLETION_INDEX/DAT_SIM_SHARD_COUNT');
  }
  const slurmId = envInt(env, 'SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const n = envInt(env, 'SLURM_ARRAY_TASK_COUNT');
    const min = envInt(env, 'SLURM_ARRAY_TASK_MIN') ?? 0;
    const max = envInt(env, 'SLURM_ARRAY_TASK_MAX');
    const step = envInt(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
    if (n === undefined) throw new BatchError('--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not');
    if (step !== 1 || (max !== undefined && max - min + 1 !== n)) {
      throw new BatchError(`--shard auto: the Slurm array must be contiguous with step 1 (e.g. --array=0-${n - 1}); got min ${min}, max ${max ?? '?'}, count ${n}, step ${step}`);
    }
    return check(slurmId - min, n, 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT');
  }
  const aws = envInt(env, 'AWS_BATCH_JOB_ARRAY_INDEX');
  if (aws !== undefined) {
    if (count === undefined) throw new BatchError('--shard auto: AWS_BATCH_JOB_ARRAY_INDEX is set but DAT_SIM_SHARD_COUNT is not: set it to the array size');
    return check(aws, count, 'AWS_BATCH_JOB_ARRAY_INDEX/DAT_SIM_SHARD_COUNT');
  }
  throw new BatchError('--shard auto: found no shard index in the environment; expected DAT_SIM_SHARD_INDEX, JOB_COMPLETION_INDEX (Kubernetes), SLURM_ARRAY_TASK_ID (Slurm) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch)');
}

/** Fill {k}/{index} and {n}/{count} in an output file name. */
export function shardFileName(template: string, shard: Shard): string {
  return template.replace(/\{(k|index)\}/g, String(shard.index)).replace(/\{(n|count)\}/g, String(shard.count));
}
