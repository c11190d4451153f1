/**
 * The scale-out files say what they do: the Kubernetes Indexed Job passes
 * --workers from the pod's CPU limit (downward API) and a shard count equal
 * to its completions; the Dockerfile's entry point is the packed package's
 * bin; the README's Slurm recipe creates its log folder before submitting.
 * (Docker, a cluster and Slurm are not run here: scripts/slurm-smoke.sh runs
 * the Slurm recipe on a one-node cluster, as root, outside npm test.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

describe('k8s/mc-indexed-job.yaml', () => {
  const y = read('k8s/mc-indexed-job.yaml');
  it('is an Indexed Job whose DAT_SIM_SHARD_COUNT equals its completions', () => {
    expect(y).toMatch(/completionMode: Indexed/);
    const completions = /completions: (\d+)/.exec(y)![1];
    expect(y).toMatch(new RegExp(`name: DAT_SIM_SHARD_COUNT\\s+value: "${completions}"`));
    expect(y).toMatch(/"--shard", "auto"/);
  });
  it('passes --workers from limits.cpu through the downward API, with CPU and memory limits set', () => {
    expect(y).toMatch(/"--workers", "\$\(DAT_SIM_WORKERS\)"/);
    expect(y).toMatch(/name: DAT_SIM_WORKERS\s+valueFrom:\s+resourceFieldRef:\s+containerName: shard\s+resource: limits\.cpu\s+divisor: "1"/);
    expect(y).toMatch(/limits: \{ cpu: "\d+", memory: "\d+[GM]i" \}/);
  });
  it('uses the image the Dockerfile builds, whose entry point runs the installed package', () => {
    const image = /image: (\S+)/.exec(y)![1];
    expect(read('Dockerfile')).toContain(`docker build -t ${image} .`);
    expect(read('Dockerfile')).toMatch(/ENTRYPOINT \["node", "\/app\/node_modules\/dat-sim\/bin\/dat-sim\.mjs"\]/);
    expect(read('k8s/merge-job.yaml')).toContain(`image: ${image}`);
    expect(JSON.parse(read('package.json')).bin['dat-sim']).toBe('./bin/dat-sim.mjs');
  });
});

describe("README's Slurm recipe", () => {
  it('creates logs/ before sbatch opens --output=logs/...', () => {
    const r = read('README.md');
    const recipe = r.slice(r.indexOf('#### Recipe: a million paths on Slurm'), r.indexOf('On AWS Batch'));
    expect(recipe).toMatch(/#SBATCH --output=logs\//);
    const submit = recipe.slice(recipe.lastIndexOf('```bash'));
    expect(submit.indexOf('mkdir -p logs')).toBeGreaterThan(-1);
    expect(submit.indexOf('mkdir -p logs')).toBeLessThan(submit.indexOf('sbatch'));
  });
});
