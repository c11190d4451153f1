/**
 * dat-sim risk as a user runs it (one real child process, the rest through
 * main() in this process), and README.md's risk-map tables are current.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { CLI, ROOT } from './batch-fixture.ts';
import { defaultRiskWorkers } from '../src/cli/risk.ts';

async function inProcess(args: string[]) {
  let stdout = '', stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const SQNS = join(ROOT, 'scenarios', 'sqns.json');

describe('dat-sim risk', () => {
  it('prints JSON with trigger prices below today\'s price (child process)', () => {
    const r = spawnSync(process.execPath, [CLI, 'risk', SQNS, '--paths', '0'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const rep = JSON.parse(r.stdout);
    const c = rep.companies[0];
    expect(c.ticker).toBe('SQNS');
    const solved = c.triggers.filter((t: { status: string }) => t.status === 'solved');
    expect(solved.length).toBeGreaterThanOrEqual(3);
    for (const t of solved) {
      expect(t.triggerCoinPrice).toBeGreaterThan(0);
      expect(t.triggerCoinPrice).toBeLessThan(c.coinPrice0);
      expect(t.distancePct).toBeCloseTo(((c.coinPrice0 - t.triggerCoinPrice) / c.coinPrice0) * 100, 9);
    }
    // Sorted: firing today first, then by distance.
    const d = solved.map((t: { distancePct: number }) => t.distancePct);
    expect(d).toEqual([...d].sort((a: number, b: number) => a - b));
  });

  it('--no-spiral skips the fixed point: no trigger carries a spiral result, the isolated figures are the same', async () => {
    const CONTAGION = join(ROOT, 'scenarios', 'contagion.json');
    const withIt = JSON.parse((await inProcess(['risk', CONTAGION, '--paths', '0'])).stdout);
    const without = JSON.parse((await inProcess(['risk', CONTAGION, '--paths', '0', '--no-spiral'])).stdout);
    type T = { kind: string; triggerCoinPrice: number | null; spiral?: unknown };
    const triggers = (rep: { companies: { triggers: T[] }[] }) => rep.companies.flatMap((c) => c.triggers);
    expect(triggers(withIt).filter((t) => t.spiral !== undefined).length).toBeGreaterThan(5);
    expect(triggers(without).filter((t) => t.spiral !== undefined)).toEqual([]);
    expect(triggers(without).map((t) => [t.kind, t.triggerCoinPrice])).toEqual(triggers(withIt).map((t) => [t.kind, t.triggerCoinPrice]));
  });

  it('CSV has one row per trigger, with odds when --paths is given', async () => {
    const r = await inProcess(['risk', SQNS, '--format', 'csv', '--paths', '4']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0].startsWith('scenario,company,coin,coinPrice0,trigger,kind')).toBe(true);
    const json = JSON.parse((await inProcess(['risk', SQNS, '--paths', '4'])).stdout);
    const listing = lines.filter((l) => l.includes(',listing,'));
    expect(lines.length - 1 - listing.length).toBe(json.companies[0].triggers.length);
    // The listing outlook: one row per step, as in the JSON (SQNS is on the NYSE: no hearing stay in its rule set).
    expect(json.companies[0].listing.map((l: { step: string }) => l.step)).toEqual(['notice', 'determination', 'delisting', 'listingLost']);
    expect(listing.length).toBe(4);
    expect(lines[0]).toContain('medianFirstDay,medianFirstDate,note');
    expect(json.companies[0].listing[0].withinHorizon.paths).toBe(4);
    expect(json.paths).toBe(4);
    const odds = json.companies[0].triggers[0].odds;
    expect(odds.within90Days.paths).toBe(4);
    expect(odds.within90Days.lo).toBeLessThanOrEqual(odds.within90Days.p);
  });

  it('table format is Markdown with coverage and runway', async () => {
    const r = await inProcess(['risk', SQNS, '--format', 'table', '--paths', '0']);
    expect(r.stdout).toContain('| trigger | coin price | distance |');
    expect(r.stdout).toContain('Coverage: secured-debentures-2028 (secured)');
    const o = await inProcess(['risk', SQNS, '--format', 'table', '--paths', '4']);
    expect(o.stdout).toContain('Listing outlook (SQNS; nyse: cure 30 days; no hearing stay):');
    expect(o.stdout).toContain('| listing step | P(90 d) | P(1 y) | P(horizon) | median date |');
    expect(o.stdout).toContain('| listing: delisted / suspended |');
  });

  it('--days sets the horizon of the odds (as for run and mc); a bad value exits 2 naming the flag', async () => {
    const json = JSON.parse((await inProcess(['risk', SQNS, '--paths', '6', '--days', '45'])).stdout);
    expect(json.days).toBe(45);
    // Within 45 days, nothing can be counted later than day 44.
    for (const t of json.companies[0].triggers) if (t.odds?.medianFirstDay !== null && t.odds) expect(t.odds.medianFirstDay).toBeLessThan(45);
    expect(JSON.parse((await inProcess(['risk', SQNS, '--paths', '0'])).stdout).days).toBe(365);
    const table = await inProcess(['risk', SQNS, '--format', 'table', '--paths', '3', '--days', '45']);
    expect(table.stdout).toContain('Odds over 3 Monte Carlo paths (seed');
    expect(table.stdout).toContain('within a horizon of 45 days.');
    for (const bad of ['0', '-3', '1.5', 'x']) {
      const r = await inProcess(['risk', SQNS, '--days', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain('--days');
    }
  });

  it('--workers W runs the paths on W threads with the same report, byte for byte (a scenario with user rules: the threads load the compiler)', async () => {
    const CONTAGION = join(ROOT, 'scenarios', 'contagion.json');
    const args = ['risk', CONTAGION, '--paths', '24', '--days', '200', '--seed', 'threads'];
    const one = await inProcess([...args, '--workers', '1']);
    const three = await inProcess([...args, '--workers', '3']);
    expect(one.code).toBe(0);
    expect(three.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    const rep = JSON.parse(one.stdout);
    expect(rep.paths).toBe(24);
    // Something fires on these paths (else the comparison is of zeros).
    expect(rep.companies.some((c: { listing: { withinHorizon: { count: number } }[] }) => c.listing.some((l) => l.withinHorizon.count > 0))).toBe(true);
    for (const bad of ['0', '-1', 'x']) {
      const r = await inProcess(['risk', SQNS, '--workers', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain('--workers');
    }
    // Without --workers: one thread per 250 paths, up to the cores (the default 100 paths stay in the process).
    expect([defaultRiskWorkers(100, 8), defaultRiskWorkers(251, 8), defaultRiskWorkers(1000, 8), defaultRiskWorkers(1000, 2), defaultRiskWorkers(5000, 8)]).toEqual([1, 2, 4, 2, 8]);
    // An unknown company is refused before any thread starts.
    const c = await inProcess(['risk', SQNS, '--company', 'NOPE', '--paths', '600', '--workers', '2']);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('unknown company "NOPE"');
  }, 120_000);

  it('bad input exits 2 with a message', async () => {
    const a = await inProcess(['risk', SQNS, '--company', 'NOPE', '--paths', '0']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('unknown company "NOPE"; expected one of SQNS');
    const b = await inProcess(['risk', SQNS, '--format', 'xml']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--format expects one of json, csv, table');
    const c = await inProcess(['risk', join(ROOT, 'scenarios', 'missing.json')]);
    expect(c.code).toBe(2);
  });

  it('the library\'s riskMap compiles user rules itself and reports them as triggers', async () => {
    const { loadScenario, riskMap } = await import('../src/index.ts');
    const rep = riskMap(loadScenario(join(ROOT, 'scenarios', 'replay-2025.json')));
    const rules = rep.companies.flatMap((c) => c.triggers.filter((t) => t.kind === 'rule'));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules[0].label).toMatch(/^rule (buyback|sellCoins|repayDebt|reverseSplit) when /);
  });

  it('README.md risk-map tables are current (scripts/risk/readme.ts --check)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/risk/readme.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toContain('README.md risk-map tables are current');
    expect(r.status).toBe(0);
  }, 60_000);
});
