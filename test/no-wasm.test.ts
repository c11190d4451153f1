/**
 * Without WebAssembly the engine falls back to JavaScript (PathRun one path at a time, the
 * JavaScript markets lockstep) and gives the same numbers: the built CLI (bin/dat-sim.mjs) run
 * under `node --no-expose-wasm` (WebAssembly undefined, in the worker threads too) prints the
 * same `run` and `mc` output, byte for byte, as with WebAssembly (simulate()'s and the
 * ensembles' engine lockstep, sim/lockstep-engine.ts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from './batch-fixture.ts';

function cli(args: string[], flags: string[] = []): string {
  const r = spawnSync(process.execPath, [...flags, CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`dat-sim ${args.join(' ')} ${flags.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const NO_WASM = ['--no-expose-wasm'];
const scenario = (id: string) => join(ROOT, 'scenarios', `${id}.json`);

describe('without WebAssembly, the same numbers', () => {
  it('--no-expose-wasm removes WebAssembly (so the comparisons below are not vacuous)', () => {
    const probe = (flags: string[]) => spawnSync(process.execPath, [...flags, '-e', 'process.stdout.write(typeof WebAssembly)'], { encoding: 'utf8' }).stdout;
    expect(probe([])).toBe('object');
    expect(probe(NO_WASM)).toBe('undefined');
  });

  it('dat-sim run (simulate() with its counterfactual): contagion and sqns', () => {
    for (const id of ['contagion', 'sqns']) {
      const args = ['run', scenario(id), '--seed', 'nowasm', '--days', '300'];
      const withWasm = cli(args), without = cli(args, NO_WASM);
      expect(JSON.parse(withWasm).counterfactual).not.toBeNull();
      expect(without).toBe(withWasm);
    }
  }, 60_000);

  it('dat-sim mc (bands and counterfactual) on 1 and 2 workers: contagion', () => {
    const args = (w: number) => ['mc', scenario('contagion'), '--paths', '40', '--days', '150', '--seed', 'nowasm', '--workers', String(w)];
    const withWasm = cli(args(2));
    expect(JSON.parse(withWasm).paths).toBe(40);
    expect(cli(args(1), NO_WASM)).toBe(withWasm);
    expect(cli(args(2), NO_WASM)).toBe(withWasm);
  }, 120_000);
});
