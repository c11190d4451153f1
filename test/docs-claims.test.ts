/**
 * Behaviour the docs state, held by tests (issue: package, item 8). Other
 * claims have their own tests: every JSON series is a CSV column
 * (output-parquet.test.ts), outputs cannot lose data (cli-safe-out.test.ts),
 * the packed package and the README's library block (package.test.ts),
 * Node and Chromium bit-identical (e2e/identity.test.ts).
 */
import { spawnSync } from 'node:child_process';
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

describe('docs/methodology.md: figures it quotes, as the code and the generated calibration report give them', () => {
  const text = readFileSync(join(ROOT, 'docs/methodology.md'), 'utf8').replace(/\s+/g, ' ');
  const calibration = readFileSync(join(ROOT, 'docs/calibration.md'), 'utf8');

  it("the replay's double count: the coins' shortfall on Nov 21 and the premium fit's figure count (docs/calibration.md, checked current by calibration.test.ts)", () => {
    const m = /the simulated coins end below the real ones \(about (\d+)% for bitcoin and (\d+)% for ether by November 21/.exec(text);
    const c = /BTC closes Nov 21 at \$[\d,]+ \(-([\d.]+)%\) and ETH at \$[\d,]+ \(-([\d.]+)%\)/.exec(calibration);
    expect(m && c).toBeTruthy();
    expect(Number(m![1])).toBe(Math.round(Number(c![1])));
    expect(Number(m![2])).toBe(Math.round(Number(c![2])));
    const fit = /to the (\d+) reported stock prices and mNAVs of the window\), with the premium levels of the (\d+) companies/.exec(text);
    const cal = /with (\d+) figures and \d+ fitted numbers \(2 shared \+ (\d+) levels\)/.exec(calibration);
    expect(fit && cal).toBeTruthy();
    expect([fit![1], fit![2]]).toEqual([cal![1], cal![2]]);
  });

  it('deterministic mode overstates a trickle of trades: contagion, 730 days, BTC against its counterfactual', () => {
    const m = /leaves bitcoin (\d+)% above its counterfactual in deterministic mode, against about (\d+)% on noisy paths \(the median of 20\)/.exec(text);
    expect(m).not.toBeNull();
    const sc = loadScenario(savedScenario('contagion'));
    const det = simulate(sc, { deterministic: true, days: 730 }).summary.markets.BTC.selfInflictedDrawdown!;
    const noisy = Array.from({ length: 20 }, (_, p) => simulate(sc, { seed: 1, path: p, days: 730 }).summary.markets.BTC.selfInflictedDrawdown!).sort((a, b) => a - b);
    // selfInflictedDrawdown = 1 - terminal / counterfactual terminal: negative = above the counterfactual.
    expect(Math.round(-det * 100)).toBe(Number(m![1]));
    expect(Math.round(-noisy[10] * 100)).toBe(Number(m![2]));
    expect(noisy[19]).toBeLessThan(0); // above on every one of the 20 paths
  });

  it("a listing clock carries the closes before the start: KindlyMD's notice in the BTC-halves stress", () => {
    const m = /KindlyMD's (\d+) closes in the two stresses that start on 2025-11-22, which bring its notice forward from (\S+) to (\S+) on the deterministic path/.exec(text);
    expect(m).not.toBeNull();
    const notice = (file: string, keep: boolean) => {
      const raw = JSON.parse(readFileSync(join(ROOT, 'scenarios', file), 'utf8'));
      const naka = raw.companies.find((c: { ticker: string }) => c.ticker === 'NAKA');
      expect(naka.listing.closesBeforeStart, file).toHaveLength(Number(m![1]));
      expect(raw.startDate).toBe('2025-11-22');
      if (!keep) delete naka.listing.closesBeforeStart;
      return simulate(loadScenario(raw), { deterministic: true, counterfactual: false }).events.find((e) => e.company === 'NAKA' && e.kind === 'notice')?.date;
    };
    expect(notice('stress-btc-halves-by-march-2026.json', false)).toBe(m![2]);
    expect(notice('stress-btc-halves-by-march-2026.json', true)).toBe(m![3]);
    notice('stress-depth-collapse.json', true); // the other stress carries the same closes
  });

  it('the flywheel runaway on wargame-ten with twice the stock turnover: past $10 trillion on path 16 before the run stops on day 700', async () => {
    expect(text).toContain('with twice the stock turnover it passes $10 trillion on path 16 before the run stops on day 700');
    const { withParameter } = await import('../src/analysis/ranges.ts');
    const doubled = withParameter(loadScenario(savedScenario('wargame-ten')), 'stock.turnover', 2);
    const r = simulate(doubled, { path: 16, days: 700, counterfactual: false });
    expect(Math.max(...r.markets.BTC.price)).toBeGreaterThan(1e13);
    // Days 0-699 run; day 700 stops it (test/sensitivity.test.ts, with the linear law's overflow on day 530 of path 0).
  });
});

describe('docs/methodology.md and docs/model.md §8: the two impact laws at the BTC preset', () => {
  it('a $1B sale: 0.32% at the peak and 0.49% at November 21 drawdown under the square-root law, 3.4% linear: seven to ten times apart', async () => {
    const { MARKET_PRESETS } = await import('../src/presets/defaults.ts');
    const { sqrtImpact, linearImpact } = await import('../sim/index.ts');
    const btc = MARKET_PRESETS.BTC;
    const dd = 1 - 84000 / 126080; // Nov 21 close against the Oct 6 peak (facts §13)
    const liq = Math.max(btc.minLiquidityFraction, 1 - btc.liquidityDrawdownSensitivity * dd);
    const atPeak = sqrtImpact(1e9, btc.impactY, btc.impactVol / Math.sqrt(365), btc.dailyVolumeUsd);
    const nov21 = sqrtImpact(1e9, btc.impactY, btc.impactVol / Math.sqrt(365), btc.dailyVolumeUsd * liq);
    const lin = linearImpact(1e9, btc.lambdaPerBillion);
    expect((atPeak * 100).toFixed(2)).toBe('0.32');
    expect((nov21 * 100).toFixed(2)).toBe('0.49');
    expect(Math.round(liq * 100)).toBe(43);
    expect((lin * 100).toFixed(1)).toBe('3.4');
    expect(Math.floor(lin / nov21)).toBe(6); // 6.9: "seven"
    expect(Math.round(lin / nov21)).toBe(7);
    expect(Math.round(lin / atPeak)).toBe(10); // 10.5: "ten"
    const methodology = readFileSync(join(ROOT, 'docs/methodology.md'), 'utf8').replace(/\s+/g, ' ');
    const model = readFileSync(join(ROOT, 'docs/model.md'), 'utf8').replace(/\s+/g, ' ');
    expect(methodology).toContain('disagrees by a factor of seven to ten');
    expect(methodology).toContain('selling $1B of bitcoin costs 0.32% at the peak and about 0.5% a third below it');
    expect(model).toContain('gives 0.32% for a $1B BTC sale at the peak, and 0.49% at November 21, 2025\'s drawdown');
    expect(model).toContain('thinned to 43% of `V`); Citi\'s regression of 2025 ETF flows gives 3.4% per $1B');
    // "Half of the impact is permanent; the rest fades with a half-life of a few days."
    expect(methodology).toContain('Half of the impact is permanent; the rest fades with a half-life of a few days');
    expect(btc.permanentFraction).toBe(0.5);
    expect(btc.halfLifeDays).toBe(5);
  });
});

describe('docs/methodology.md "Saved scenarios": the library scenarios use the default parameters; only the replay carries the fitted ones', () => {
  // What the calibration fits (docs/calibration.md section 1): open interest at risk, the ETF chase, the premium's
  // reversion speed, drawdown sensitivity and volatility. A file that sets one of them no longer uses the defaults.
  const FITTED = ['openInterestUsd', 'chase', 'kappa', 'drawdownSensitivity', 'premiumVol'];
  const setKeys = (v: unknown, out = new Set<string>()): Set<string> => {
    if (Array.isArray(v)) v.forEach((x) => setKeys(x, out));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k !== 'sources') { out.add(k); setKeys(x, out); } }
    return out;
  };
  it('no saved scenario but replay-2025 sets a fitted parameter, and the replay sets each', () => {
    const text = readFileSync(join(ROOT, 'docs/methodology.md'), 'utf8').replace(/\s+/g, ' ');
    expect(text).toContain('The library scenarios use the default parameters; only the replay carries the fitted ones.');
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const keys = setKeys(JSON.parse(readFileSync(join(ROOT, 'scenarios', f), 'utf8')));
      const fitted = FITTED.filter((k) => keys.has(k));
      expect(fitted, f).toEqual(f === 'replay-2025.json' ? FITTED : []);
    }
  });
});

describe('README: the CLI as it documents it', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const flat = readme.replace(/\s+/g, ' ');
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/dat-sim.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("'Event kinds:' lists every kind the engine emits, and no other", async () => {
    const { EVENT_KINDS } = await import('../sim/events.ts');
    const m = /Event kinds: (.*?)\. CSV output/.exec(flat);
    expect(m).not.toBeNull();
    const listed = [...m![1].matchAll(/`([a-zA-Z]+)`/g)].map((x) => x[1]).filter((k) => k !== 'reserve' && k !== 'fromCashUsd');
    expect([...listed].sort()).toEqual([...EVENT_KINDS].sort());
  });

  it("the synopses of mc, sweep and merge name the flags and formats of the command's own usage", async () => {
    const { COMMANDS } = await import('../src/cli/main.ts');
    const blocks = [...readme.matchAll(/```text\n(dat-sim (mc|sweep|merge) [\s\S]*?)```/g)];
    expect(blocks.map((b) => b[2]).sort()).toEqual(['mc', 'merge', 'sweep']);
    const flags = (t: string) => [...new Set(t.match(/--[a-z][a-z-]*/g))].sort();
    for (const [, text, name] of blocks) {
      const usage = (await COMMANDS[name]()).usage.split('\n\n')[0];
      expect(flags(text), name).toEqual(flags(usage));
      expect(/--format ([a-z|]+)/.exec(text)?.[1], name).toBe(/--format ([a-z|]+)/.exec(usage)?.[1]);
      expect(text.split(' ')[2], name).toBe(usage.split(' ')[2]); // <scenario.json|-> or <partials...>
    }
  });

  it('dat-sim list: one line per saved scenario with its file, start date, horizon, companies and name', () => {
    expect(flat).toContain('One line per saved scenario in `scenarios/`: file, start date, horizon, companies, name.');
    const r = cli(['list']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
    expect(lines).toHaveLength(files.length);
    files.forEach((f, i) => {
      const s = JSON.parse(readFileSync(join(ROOT, 'scenarios', f), 'utf8'));
      const cells = lines[i].split(/\s{2,}/);
      const tickers = s.companies.map((c: { ticker: string }) => c.ticker);
      expect(cells.slice(0, 3), f).toEqual([`scenarios/${f}`, s.startDate, `${s.horizonDays}d`]);
      // The tickers, all of them in up to 30 characters, else the first ones and how many more.
      const more = /^(.*),\.\.\. \(\+(\d+)\)$/.exec(cells[3]);
      if (more) expect([...more[1].split(','), ...new Array(Number(more[2])).fill('?')].length, f).toBe(tickers.length);
      expect(more ? tickers.join(',').startsWith(`${more[1]},`) : cells[3] === tickers.join(','), f).toBe(true);
      expect(cells[3].length, f).toBeLessThanOrEqual(30);
      expect(lines[i].endsWith(s.name), f).toBe(true);
    });
  });

  it('the defaults the option tables give: risk --paths 100, sensitivity --paths 50, stress --decline-days 90; the bounds of --days and --path', async () => {
    expect(readme).toContain('| `--paths N` | Monte Carlo paths for the odds (0 skips them) | 100 |');
    expect(JSON.parse(cli(['risk', 'scenarios/sqns.json', '--days', '30']).stdout).paths).toBe(100);
    expect(readme).toContain('| `--paths N` | paths per variation | 50 |');
    const sens = JSON.parse(cli(['sensitivity', 'scenarios/sqns.json', '--metric', 'terminalPrice:BTC', '--params', 'impactY', '--days', '20', '--workers', '1']).stdout);
    expect(sens.paths).toBe(50);
    expect(flat).toContain('the coin falls by the drawdown over `--decline-days` (default 90)');
    const { stressGrid } = await import('../src/analysis/stress.ts');
    const sc = loadScenario(savedScenario('sqns'));
    const o = { company: 'SQNS', drawdowns: [0.3], mnavs: [1], days: 120 };
    expect(JSON.stringify(stressGrid(sc, o))).toBe(JSON.stringify(stressGrid(sc, { ...o, declineDays: 90 })));
    // | `--days N` | horizon override (1..3650) | and --path from 0 to 2^31 - 1, refused past them with exit 2.
    expect(readme).toContain('| `--days N` | horizon override (1..3650) |');
    const days = cli(['run', 'scenarios/sqns.json', '--days', '3651']);
    expect([days.code, days.stderr.trim()]).toEqual([2, 'dat-sim run: --days expects a whole number from 1 to 3650, got 3651']);
    const path = cli(['run', 'scenarios/sqns.json', '--path', '2147483648']);
    expect([path.code, path.stderr.trim()]).toEqual([2, 'dat-sim run: --path expects a whole number from 0 to 2147483647, got 2147483648']);
  });

  it("CSV cells: text starting with = + - @ is prefixed with ', negative numbers stay numbers, null is empty", async () => {
    expect(flat).toContain("text cells starting with `= + - @` are prefixed with `'`");
    expect(flat).toContain('empty where the JSON has `null`');
    const { csvCell } = await import('../src/output/csv.ts');
    expect(['=1+1', '+x', '-x', '@SUM(A1)', 'ok'].map(csvCell)).toEqual(["'=1+1", "'+x", "'-x", "'@SUM(A1)", 'ok']);
    expect([csvCell(-3), csvCell(null), csvCell(undefined)]).toEqual(['-3', '', '']);
  });
});

describe('README "Scenario format": the examples are scenarios the package takes', () => {
  it('the full example loads and runs; the capital blocks, added to its company, load and run too', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const part = readme.split('## Scenario format')[1];
    const blocks = [...part.matchAll(/```jsonc\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\/\/[^\n]*/g, ''));
    const example = JSON.parse(blocks[0]);
    const r = simulate(loadScenario(example), { days: 30 });
    expect(r.companies.ABCD.stockPrice).toHaveLength(30);
    expect(r.events.length).toBeGreaterThan(0); // its scheduled ETF redemptions and policies act
    const capital = JSON.parse(`{${blocks[1]}}`);
    const withCapital = structuredClone(example);
    Object.assign(withCapital.companies[0], capital);
    const c = simulate(loadScenario(withCapital), { days: 30 });
    expect(c.companies.ABCD.capital).toBeDefined(); // the capital series exist for a company with capital settings
  });
});

describe("README 'How well it reproduces late 2025': a copy of docs/calibration.md section 3 (generated, checked current by calibration.test.ts)", () => {
  it('every "value (rel%)" of the README table is a row of the report with that value and relative error; the report has 45 figures', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const report = readFileSync(join(ROOT, 'docs/calibration.md'), 'utf8').split('## 3. Model against the reported figures')[1].split('\n## ')[0];
    const rows = report.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(readme).toContain('From `docs/calibration.md` §3 (45 figures in all there)');
    expect(rows).toHaveLength(45);
    const table = readme.split('| Figure (date) | Reported | Model, pinned | Model, as built |')[1].split('\n\n')[0];
    let checked = 0;
    for (const line of table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('|---'))) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      for (const cell of cells.slice(2)) {
        const m = /^(\S+) \(([+-][\d.]+%)\)$/.exec(cell);
        if (!m) continue;
        const cellsOf = (row: string) => row.split('|').map((c) => c.trim());
        expect(rows.some((row) => cellsOf(row).includes(m[1]) && cellsOf(row).includes(m[2])), `${cells[0]}: ${cell}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("README 'Also exported': every name it lists is exported by the package's entry", () => {
  it("dat-sim exports each (and dat-sim/sim createEngineLockstep and PathRun)", async () => {
    const flat = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const para = flat.split('Also exported: ')[1].split('`dat-sim/sim` is the pure engine')[0];
    const names = [...para.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]).filter((n) => !['record', 'full', 'events', 'summary'].includes(n));
    expect(names.length).toBeGreaterThan(15);
    const api = await import('../src/index.ts');
    const sim = await import('../sim/index.ts');
    for (const n of names) expect(typeof (api as Record<string, unknown>)[n], n).toBe('function');
    expect(typeof sim.createEngineLockstep).toBe('function');
    expect(typeof sim.PathRun).toBe('function');
  });
});
