/**
 * dat-sim mc / sweep / merge as a user runs them: identical output for any
 * worker count and for merged shards; bad input exits 2 and leaves no file
 * (not even a temporary one); NDJSON rows stream in grid order; Ctrl-C
 * leaves nothing behind. A few cases run the real command in a child process
 * (bin/dat-sim.mjs); the many refusal cases call the same `main()` in this
 * process, since every child pays ~1.3 s of start-up.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { batchScenarioFile, CLI, ROOT, tempDir } from './batch-fixture.ts';

const tmp = tempDir('dat-sim-cli-batch-');
afterAll(() => tmp.cleanup());
const SCEN = join(tmp.dir, 'fixture.json');
writeFileSync(SCEN, JSON.stringify(batchScenarioFile(40)));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: tmp.dir, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** main() in this process, with stdout and stderr captured. */
async function inProcess(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '', stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
  }
}

/** Run main() with --out in a fresh folder and return the folder's files afterwards (to prove nothing was left). */
async function inEmptyDir(args: (dir: string) => string[]) {
  const d = tempDir('dat-sim-cli-out-');
  try {
    const r = await inProcess(args(d.dir));
    return { ...r, files: d.files() };
  } finally {
    d.cleanup();
  }
}
const t = (f: string) => join(tmp.dir, f);

describe('dat-sim mc', () => {
  it('--workers 1 and --workers 2 print identical JSON; csv is long format', async () => {
    const a = cli(['mc', SCEN, '--paths', '64', '--workers', '1', '--seed', 'c']);
    const b = cli(['mc', SCEN, '--paths', '64', '--workers', '2', '--seed', 'c']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.kind).toBe('dat-sim-ensemble');
    expect(j.paths).toBe(64);
    expect(a.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const c = await inProcess(['mc', SCEN, '--paths', '8', '--workers', '1', '--format', 'csv', '--no-bands']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.split('\r\n')[0]).toBe('section,entity,metric,statistic,day,date,value,seed');
    expect(c.stdout).toContain('company,AAA,insolvency,probability,');
  });

  it('two shards merged equal the single run, byte for byte', async () => {
    const single = t('single.json');
    expect((await inProcess(['mc', SCEN, '--paths', '50', '--workers', '1', '--out', single])).code).toBe(0);
    for (const k of [0, 1]) {
      const r = await inProcess(['mc', SCEN, '--paths', '50', '--workers', String(k + 1), '--shard', `${k}/2`, '--out', t('part-{k}-of-{n}.json')]);
      expect(r.code, r.stderr).toBe(0);
    }
    const merged = await inProcess(['merge', t('part-1-of-2.json'), t('part-0-of-2.json')]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(readFileSync(single, 'utf8'));
    // --shard auto from a Kubernetes Indexed Job's environment gives the same partial.
    const auto = await inProcess(['mc', SCEN, '--paths', '50', '--workers', '1', '--shard', 'auto', '--out', t('auto-{k}.json')], { JOB_COMPLETION_INDEX: '1', DAT_SIM_SHARD_COUNT: '2' });
    expect(auto.code, auto.stderr).toBe(0);
    expect(readFileSync(t('auto-1.json'), 'utf8')).toBe(readFileSync(t('part-1-of-2.json'), 'utf8'));
  });

  it.each([
    ['--paths 0', ['--paths', '0'], /at least 1 path/],
    ['--paths -5', ['--paths=-5'], /whole number/],
    ['--paths 1.5', ['--paths', '1.5'], /whole number/],
    ['--paths 2e9', ['--paths', '2e9'], /too many/],
    ['--paths abc', ['--paths', 'abc'], /whole number/],
    ['no --paths', [], /--paths is required/],
    ['--record full too large', ['--paths', '1e6', '--record', 'full'], /capped at \d+ paths/],
    ['--shard 2/2', ['--paths', '10', '--shard', '2/2'], /out of range/],
    ['--shard 1-2', ['--paths', '10', '--shard', '1-2'], /expects k\/n/],
    ['--shard auto without env', ['--paths', '10', '--shard', 'auto'], /no shard index/],
    ['--workers 0', ['--paths', '10', '--workers', '0'], /--workers/],
    ['--days 0', ['--paths', '10', '--days', '0'], /--days/],
    ['--format xml', ['--paths', '10', '--format', 'xml'], /--format/],
  ])('refuses %s with exit 2 and writes nothing', async (_name, args, message) => {
    const r = await inEmptyDir((dir) => ['mc', SCEN, ...args, '--out', join(dir, 'out.json')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.files).toEqual([]);
  });

  it('a missing scenario file is exit 2', async () => {
    const r = await inProcess(['mc', t('nope.json'), '--paths', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });

  it('Ctrl-C stops the run, exits 130 and leaves no output or temporary file', async () => {
    const d = tempDir('dat-sim-cli-int-');
    // DAT_SIM_PROGRESS=1 prints progress lines although stderr is a pipe: the first one says the run is under way.
    const interrupt = async (args: string[], ready: () => boolean) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DAT_SIM_PROGRESS: '1' } });
      let progress = false;
      child.stderr.on('data', () => (progress = true));
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      const t0 = Date.now();
      while (!(progress && ready()) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      return exited;
    };
    try {
      // A sweep streams into a temporary file beside --out: wait until it exists too.
      const sweepCode = await interrupt(['sweep', SCEN, '--set', 'markets.BTC.sigma=0.3,0.4,0.5,0.6,0.7,0.8', '--paths', '5000', '--workers', '2', '--out', join(d.dir, 'out.csv')], () => d.files().some((f) => f.endsWith('.tmp')));
      expect(sweepCode).toBe(130);
      expect(d.files()).toEqual([]);
      const mcCode = await interrupt(['mc', SCEN, '--paths', '1000000', '--workers', '2', '--out', join(d.dir, 'out.json')], () => true);
      expect(mcCode).toBe(130);
      expect(d.files()).toEqual([]);
    } finally {
      d.cleanup();
    }
  });
});

describe('dat-sim merge', () => {
  it('refuses partials of different runs, overlaps and gaps (exit 2, no output)', async () => {
    const mk = async (name: string, args: string[]) => expect((await inProcess(['mc', SCEN, '--workers', '1', '--no-bands', ...args, '--out', t(name)])).code).toBe(0);
    await mk('m0.json', ['--paths', '30', '--shard', '0/3']);
    await mk('m1.json', ['--paths', '30', '--shard', '1/3']);
    await mk('m2.json', ['--paths', '30', '--shard', '2/3']);
    await mk('m2-seed.json', ['--paths', '30', '--shard', '2/3', '--seed', 'other']);
    await mk('m2-days.json', ['--paths', '30', '--shard', '2/3', '--days', '20']);
    const cases: [string[], RegExp][] = [
      [['m0.json', 'm1.json', 'm2-seed.json'], /different runs: their seed differ/],
      [['m0.json', 'm1.json', 'm2-days.json'], /their days differ/],
      [['m0.json', 'm1.json', 'm1.json', 'm2.json'], /overlap/],
      [['m0.json', 'm2.json'], /missing: paths 10\.\.19/],
      [['m0.json', 'fixture.json'], /not a dat-sim partial/],
      [['m0.json', 'nothere.json'], /no such file/],
    ];
    for (const [files, message] of cases) {
      const out = t('merged-bad.json');
      const r = await inProcess(['merge', ...files.map(t), '--out', out]);
      expect(r.code, files.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    expect((await inProcess(['merge', t('m0.json'), t('m2.json'), '--partial', '--out', t('m02.json')])).code).toBe(0);
    const r = await inProcess(['merge', t('m02.json'), t('m1.json'), '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('section,entity')).toBe(true);
  });
});

describe('dat-sim sweep', () => {
  it('streams NDJSON rows in grid order; CSV has one row per point', async () => {
    const r = cli(['sweep', SCEN, '--set', 'markets.ETH.sigma=0.5,0.9,1.3', '--set', 'companies.CCC.policies[0].maxLoss=0.05,0.3', '--paths', '12', '--workers', '2', '--format', 'ndjson', '--no-counterfactual']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.point)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows.map((x) => x.params['markets.ETH.sigma'])).toEqual([0.5, 0.5, 0.9, 0.9, 1.3, 1.3]);
    expect(rows[0].metrics['CCC.notice.p']).toBeTypeOf('number');
    const c = await inProcess(['sweep', SCEN, '--set', 'companies.AAA.coins=500,1500', '--set', 'markets.BTC.sigma=0.4,0.8', '--zip', '--paths', '8', '--workers', '1', '--out', t('sweep.csv')]);
    expect(c.code, c.stderr).toBe(0);
    const lines = readFileSync(join(tmp.dir, 'sweep.csv'), 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].startsWith('point,companies.AAA.coins,markets.BTC.sigma,AAA.notice.p,')).toBe(true);
    expect(lines[2].startsWith('1,1500,0.8,')).toBe(true);
  });

  it('reads the scenario from standard input (-), as run does; the library takes the JSON text', async () => {
    const args = ['--set', 'markets.ETH.sigma=0.5,0.9', '--paths', '6', '--workers', '1', '--format', 'ndjson', '--no-counterfactual'];
    const fromFile = cli(['sweep', SCEN, ...args]);
    const fromStdin = spawnSync(process.execPath, [CLI, 'sweep', '-', ...args], { cwd: tmp.dir, encoding: 'utf8', input: readFileSync(SCEN) });
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const bad = spawnSync(process.execPath, [CLI, 'sweep', '-', ...args], { cwd: tmp.dir, encoding: 'utf8', input: '{"id": ' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/invalid scenario <stdin>:\n {2}\(root\): not valid JSON/);
    const { sweep } = await import('../src/batch/sweep.ts');
    const rows: string[] = [];
    for await (const p of sweep(readFileSync(SCEN, 'utf8'), { set: { 'markets.ETH.sigma': [0.5, 0.9] }, paths: 6, workers: 1, counterfactual: false })) rows.push(JSON.stringify(p.metrics));
    expect(rows).toEqual(fromFile.stdout.trim().split('\n').map((l) => JSON.stringify(Object.entries(JSON.parse(l).metrics))));
  });

  it.each([
    ['an unknown path', ['--set', 'markets.BTC.sigmaa=0.5'], /unknown --set path/],
    ['an unknown company', ['--set', 'companies.XYZ.coins=5'], /no entry "XYZ"/],
    ['a wrong type', ['--set', 'markets.BTC.sigma=0.5,high'], /wrong type/],
    ['a value out of range', ['--set', 'markets.BTC.sigma=-1'], /markets\.BTC\.sigma/],
    ['--zip with unequal lists', ['--set', 'markets.BTC.sigma=0.5,0.6', '--set', 'markets.ETH.sigma=1', '--zip'], /same length/],
    ['no --set', [], /--set/],
    ['--format json', ['--set', 'markets.BTC.sigma=0.5', '--format', 'json'], /--format/],
  ])('refuses %s with exit 2 before running, leaving no file', async (_name, args, message) => {
    const r = await inEmptyDir((dir) => ['sweep', SCEN, '--paths', '10', ...args, '--out', join(dir, 'out.csv')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.files).toEqual([]);
  });
});
