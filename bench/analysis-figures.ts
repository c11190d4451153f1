/**
 * Benchmark section (f): `dat-sim sensitivity` and `dat-sim stress` as a user runs them (the built
 * package, bin/dat-sim.mjs; dist/ rebuilt first), wall time of the whole command on one thread
 * (`--workers 1`: the previous versions' in-process run) and with the default thread count
 * (src/analysis/units.ts: one per ~4 s of estimated work, up to the cores), alternating, median of
 * `rounds`; and whether the two outputs are byte-identical.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AnalysisFigure {
  command: string;
  oneThreadS: number;
  defaultS: number;
  defaultThreads: number;
  identical: boolean;
}

export function analysisFigures(root: string, quick: boolean, rounds: number): AnalysisFigure[] {
  execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/build-lib.ts')], { cwd: root, stdio: 'ignore' });
  const paths = quick ? '10' : '100';
  const cases = [
    { command: `sensitivity wargame-ten --paths ${paths}`, args: ['sensitivity', 'scenarios/wargame-ten.json', '--metric', 'terminalStockPrice:WG1', '--paths', paths] },
    { command: `sensitivity contagion --paths ${paths}`, args: ['sensitivity', 'scenarios/contagion.json', '--metric', 'terminalStockPrice:MSTR', '--paths', paths] },
    { command: 'stress contagion (5 x 5 cells)', args: ['stress', 'scenarios/contagion.json', '--company', 'MSTR'] },
    { command: 'stress wargame-ten (5 x 5 cells)', args: ['stress', 'scenarios/wargame-ten.json', '--company', 'WG1'] },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'dat-sim-bench-analysis-'));
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  try {
    return cases.map((c, k) => {
      const time = (workers: string[], out: string) => {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [join(root, 'bin/dat-sim.mjs'), ...c.args, ...workers, '--out', out], { cwd: root, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`dat-sim ${c.args.join(' ')} ${workers.join(' ')} failed (${r.status}):\n${r.stderr}`);
        return (performance.now() - t0) / 1000;
      };
      const one: number[] = [], def: number[] = [];
      const a = join(dir, `${k}-one.out`), b = join(dir, `${k}-default.out`);
      for (let r = 0; r < rounds; r++) {
        if (r % 2) { def.push(time([], b)); one.push(time(['--workers', '1'], a)); }
        else { one.push(time(['--workers', '1'], a)); def.push(time([], b)); }
      }
      return { command: c.command, oneThreadS: Math.round(median(one) * 100) / 100, defaultS: Math.round(median(def) * 100) / 100, defaultThreads: defaultThreadsOf(root, c.args), identical: readFileSync(a, 'utf8') === readFileSync(b, 'utf8') };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The thread count the command picks by default here (src/cli/sensitivity.ts defaultAnalysisThreads, run by the sources). */
function defaultThreadsOf(root: string, args: string[]): number {
  const code = `
    import { readFileSync } from 'node:fs';
    import { resolveScenario } from './src/resolve.ts';
    import { tornadoPlan } from './src/analysis/tornado.ts';
    import { DEFAULT_SENSITIVITY_PATHS, defaultAnalysisThreads } from './src/cli/sensitivity.ts';
    const args = ${JSON.stringify(args)};
    const flag = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
    const s = resolveScenario(JSON.parse(readFileSync(args[1], 'utf8')));
    const threads = args[0] === 'sensitivity'
      ? defaultAnalysisThreads({ type: 'tornado', scenario: s, options: { paths: Number(flag('--paths') ?? DEFAULT_SENSITIVITY_PATHS) } }, tornadoPlan(s, flag('--metric')).total)
      : defaultAnalysisThreads({ type: 'stress', scenario: s, options: {} }, 25); // the default 5 x 5 grid
    console.log(threads);`;
  return Number(execFileSync(join(root, 'node_modules/.bin/tsx'), ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' }).trim());
}
