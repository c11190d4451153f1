/**
 * Behaviour the docs state, held by tests (issue: package, item 8). Other
 * claims have their own tests: every JSON series is a CSV column
 * (output-parquet.test.ts), outputs cannot lose data (cli-safe-out.test.ts),
 * the packed package and the README's library block (package.test.ts),
 * Node and Chromium bit-identical (e2e/identity.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, monteCarlo, savedScenario, simulate } from '../src/index.ts';
import { cgroupCpuLimit, defaultWorkers } from '../src/batch/pool.ts';

const ROOT = join(import.meta.dirname, '..');
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

describe('docs/scenarios.md', () => {
  it('states how many scenarios ship', () => {
    const text = readFileSync(join(ROOT, 'docs/scenarios.md'), 'utf8');
    const m = /^(\w+) scenarios ship in `scenarios\/`/m.exec(text);
    expect(m).not.toBeNull();
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
    expect(WORDS.indexOf(m![1].toLowerCase())).toBe(files.length);
  });
});

describe('docs/methodology.md and docs/model.md: deterministic mode', () => {
  it('a deterministic forward run with the default presets and no company trading stays nearly flat (within 5% a year, not +19%)', () => {
    for (const coin of ['BTC', 'ETH']) {
      const sc = loadScenario({ schemaVersion: 1, id: 'flat', name: 'flat', startDate: '2025-12-01', horizonDays: 365, markets: { [coin]: {} }, companies: [] });
      const r = simulate(sc, { deterministic: true });
      const p = r.markets[coin].price;
      const p0 = sc.markets[0].price0;
      // Nearly flat over a year (the claim it replaced said +19%).
      expect(Math.abs(p[364] / p0 - 1)).toBeLessThan(0.05);
      expect(Math.max(...p) / Math.min(...p) - 1).toBeLessThan(0.05);
    }
  });
});

describe('README scale-out: the default worker count follows a container CPU limit', () => {
  it('reads cgroup v2 cpu.max and v1 cfs quota; no limit means all cores', () => {
    const fs = (files: Record<string, string>) => (f: string) => files[f];
    expect(cgroupCpuLimit(fs({ '/sys/fs/cgroup/cpu.max': '400000 100000\n' }))).toBe(4);
    expect(cgroupCpuLimit(fs({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }))).toBe(1.5);
    expect(cgroupCpuLimit(fs({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBeUndefined();
    expect(cgroupCpuLimit(fs({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '200000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBe(2);
    expect(cgroupCpuLimit(fs({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }))).toBeUndefined();
    expect(cgroupCpuLimit(fs({}))).toBeUndefined();
    expect(defaultWorkers(32, 4)).toBe(4);
    expect(defaultWorkers(32, 1.5)).toBe(2);
    expect(defaultWorkers(2, 4)).toBe(2);
    expect(defaultWorkers(32, undefined)).toBe(32);
    expect(defaultWorkers(8, 0.25)).toBe(1);
  });
});

describe('docs/methodology.md: suspensions alone understate the loss of the listing', () => {
  it("states contagion's SQNS figures as mc computes them (200 paths of seed 1, 730 days)", async () => {
    const text = readFileSync(join(ROOT, 'docs/methodology.md'), 'utf8').replace(/\s+/g, ' ');
    const m = /SQNS is suspended on ([\d.]+)% of paths but loses its listing on ([\d.]+)%/.exec(text);
    expect(m).not.toBeNull();
    const s = await monteCarlo(loadScenario(savedScenario('contagion')), { paths: 200, seed: '1', workers: 1, counterfactual: false, bands: false });
    const ev = s.companies.SQNS.events;
    expect(s.days).toBe(730);
    expect(Number(m![1])).toBe(Number((ev.delisting.probability * 100).toFixed(1)));
    expect(Number(m![2])).toBe(Number((ev.listingLost.probability * 100).toFixed(1)));
    expect(ev.listingLost.probability).toBeGreaterThan(ev.delisting.probability);
  });
});
