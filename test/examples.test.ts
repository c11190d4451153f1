/**
 * The examples/ scripts run as a user runs them (tsx, importing 'dat-sim'
 * through the package's exports map), with small path counts, and print what
 * their comments promise.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './batch-fixture.ts';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function runExample(name: string, args: string[]) {
  const r = spawnSync(TSX, [join('examples', name), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, `${name}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('examples', () => {
  it('01-one-path: one path and its counterfactual', () => {
    const out = runExample('01-one-path.ts', ['7']);
    expect(out).toMatch(/^FG Nexus/);
    expect(out).toMatch(/seed 7, 365 days from 2025-10-21/);
    expect(out).toMatch(/ETH: \$[\d,.]+ -> \$[\d,.]+ \(counterfactual \$[\d,.]+\)/);
    expect(out).toMatch(/self-inflicted drawdown: -?\d+\.\d{3}%/);
    expect(out).toMatch(/FGNX stock: /);
  });

  it('02-ensemble: probabilities with intervals, quantiles, bands', () => {
    const out = runExample('02-ensemble.ts', ['48', '60']);
    expect(out).toMatch(/^48 paths x 60 days of "Contagion/);
    for (const t of ['MSTR', 'SQNS', 'FGNX', 'BMNR', 'SBET', 'ETHZ']) expect(out).toMatch(new RegExp(`^${t}\\s+\\d+\\.\\d% \\[`, 'm'));
    expect(out).toMatch(/^BTC: terminal price 5\/50\/95% \d+ \/ \d+ \/ \d+; self-inflicted drawdown median/m);
    expect(out).toMatch(/^BTC fan on 2026-01-18: \d+ \| \d+ \| \d+ \| \d+ \| \d+$/m);
  });

  it('03-sweep-impact-law: one row per grid point, in grid order', () => {
    const out = runExample('03-sweep-impact-law.ts', ['24']);
    const rows = out.trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(/\s+/).slice(0, 2).join(' '))).toEqual(['sqrt 0.004', 'sqrt 0.034', 'linear 0.004', 'linear 0.034']);
    // lambdaPerBillion does nothing under the square-root law.
    expect(rows[0].split(/\s+/).slice(2)).toEqual(rows[1].split(/\s+/).slice(2));
  });

  it('04-shards: merged shards equal the single run', () => {
    const out = runExample('04-shards.ts', ['30', '3']);
    expect(out).toMatch(/shard 0\/3: paths 0\.\.9,/);
    expect(out).toMatch(/merged equals single run: true/);
  });
});
