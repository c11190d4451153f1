/**
 * Output that cannot lose data (src/node/safe-write.ts), through the real
 * executable (bin/dat-sim.mjs, the built dist/):
 *
 * - onto a full file system (a 64 KiB tmpfs) every way of writing (run --out,
 *   mc --out, sweep --out streamed, stdout redirected to a file) exits 1 with
 *   a message, keeps the previous file and leaves no temporary file;
 * - --out onto anything but a regular file or a new name is refused (exit 2)
 *   and the thing is left as it was; a missing folder is exit 2 for every command;
 * - a SIGKILLed sweep leaves a recognisable temporary file, and the next
 *   write to that target removes it;
 * - stdout: a closed pipe (`| head`) ends quietly with exit 0; /dev/full exits 1.
 *
 * The tmpfs is mounted in a private mount namespace (`unshare --mount`); a
 * non-root user gets one through a user namespace (`unshare --map-root-user`).
 * Where neither works the test FAILS with the reason: it never skips.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchScenarioFile, CLI, ROOT, tempDir } from './batch-fixture.ts';

const tmp = tempDir('dat-sim-safe-out-');
afterAll(() => tmp.cleanup());
const SCEN = join(tmp.dir, 'fixture.json');
writeFileSync(SCEN, JSON.stringify(batchScenarioFile(30)));
const SQNS = join(ROOT, 'scenarios/sqns.json');

function cli(args: string[], opts: { input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: tmp.dir, encoding: 'utf8', input: opts.input, maxBuffer: 256 << 20 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Run a bash script with a fresh 64 KiB tmpfs mounted at $SMALL, in a private mount namespace. */
function withTinyFs(script: string): { status: number | null; stdout: string; stderr: string } {
  const root = process.getuid?.() === 0;
  const args = root ? ['--mount', '--propagation', 'private'] : ['--mount', '--map-root-user'];
  const body = `set -u\nSMALL=$(mktemp -d)\nERRD=$(mktemp -d)\ntrap 'umount "$SMALL"; rm -rf "$SMALL" "$ERRD"' EXIT\nmount -t tmpfs -o size=64k tmpfs "$SMALL" || { echo "cannot mount a tmpfs" >&2; exit 97; }\n${script}`;
  const r = spawnSync('unshare', [...args, 'bash', '-c', body], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CLI, SQNS, SCEN }, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? String(r.error) : '') };
}

/** key=value lines printed by a tiny-fs script. */
const kv = (text: string) => Object.fromEntries(text.trim().split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

describe('writes onto a full file system (64 KiB tmpfs)', () => {
  it('run/mc/sweep --out and a stdout redirect exit 1 with a message, keep the previous file, leave no temporary file', () => {
    const r = withTinyFs(`
echo '{"previous": true}' > "$SMALL/x.json"
node "$CLI" run "$SQNS" --days 200 --out "$SMALL/x.json" 2>"$ERRD/run.err"; echo run=$?
echo runmsg=$(head -c 300 "$ERRD/run.err")
echo runkept=$(cat "$SMALL/x.json")
# mc: fill the disk so only a little is left, then write a summary bigger than that.
head -c 40000 /dev/zero > "$SMALL/fill" 2>/dev/null
echo 'old summary' > "$SMALL/mc.json"
node "$CLI" mc "$SCEN" --paths 8 --workers 1 --out "$SMALL/mc.json" 2>"$ERRD/mc.err"; echo mc=$?
echo mckept=$(cat "$SMALL/mc.json")
echo 'old sweep' > "$SMALL/s.csv"
node "$CLI" sweep "$SCEN" --set markets.BTC.sigma=0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.2,1.3,1.4 --paths 4 --workers 1 --format ndjson --out "$SMALL/s.csv" 2>"$ERRD/sweep.err"; echo sweep=$?
echo sweepmsg=$(head -c 300 "$ERRD/sweep.err")
echo sweepkept=$(cat "$SMALL/s.csv")
node "$CLI" run "$SQNS" --days 200 > "$SMALL/stdout.json" 2>"$ERRD/stdout.err"; echo stdout=$?
echo stdoutmsg=$(head -c 300 "$ERRD/stdout.err")
rm -f "$SMALL/stdout.json" "$SMALL/fill"
echo files=$(ls -A "$SMALL" | tr '\\n' ' ')
`);
    expect(r.status, r.stderr).toBe(0);
    const o = kv(r.stdout);
    expect(o.run).toBe('1');
    expect(o.runmsg).toMatch(/cannot write .*x\.json: no space left on the device \(ENOSPC\).*previous x\.json is unchanged/);
    expect(o.runkept).toBe('{"previous": true}');
    expect(o.mc).toBe('1');
    expect(o.mckept).toBe('old summary');
    expect(o.sweep).toBe('1');
    expect(o.sweepmsg).toMatch(/ENOSPC/);
    expect(o.sweepkept).toBe('old sweep');
    expect(o.stdout).toBe('1');
    expect(o.stdoutmsg).toMatch(/cannot write to stdout: no space left on the device/);
    // Only the previous files: no temporary file left behind by any of the failures.
    expect(o.files.trim().split(' ').sort()).toEqual(['mc.json', 's.csv', 'x.json']);
  });
});

describe('--out targets', () => {
  it('a FIFO, a folder, a dangling link and (as root) a device node are refused with exit 2 and left as they were', () => {
    const d = tempDir('dat-sim-targets-');
    try {
      const fifo = join(d.dir, 'fifo');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const r1 = cli(['run', SQNS, '--days', '5', '--out', fifo]);
      expect(r1.code).toBe(2);
      expect(r1.stderr).toMatch(/not a regular file .*expected a regular file or a new file name/);
      expect(statSync(fifo).isFIFO()).toBe(true);
      const r2 = cli(['run', SQNS, '--days', '5', '--out', d.dir]);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toMatch(/is a folder/);
      spawnSync('ln', ['-s', join(d.dir, 'nothing'), join(d.dir, 'dangling')]);
      expect(cli(['run', SQNS, '--days', '5', '--out', join(d.dir, 'dangling')]).code).toBe(2);
      if (process.getuid?.() === 0) {
        const dev = join(d.dir, 'null-dev');
        expect(spawnSync('mknod', [dev, 'c', '1', '3']).status).toBe(0);
        const r3 = cli(['mc', SCEN, '--paths', '2', '--out', dev]);
        expect(r3.code).toBe(2);
        expect(statSync(dev).isCharacterDevice()).toBe(true);
      }
      // A link to a regular file: the file it points at is replaced, the link stays.
      writeFileSync(join(d.dir, 'real.json'), 'old');
      spawnSync('ln', ['-s', 'real.json', join(d.dir, 'link.json')]);
      expect(cli(['run', SQNS, '--days', '5', '--out', join(d.dir, 'link.json')]).code).toBe(0);
      expect(JSON.parse(readFileSync(join(d.dir, 'real.json'), 'utf8')).dates).toHaveLength(5);
      expect(readdirSync(d.dir).sort()).toEqual(['dangling', 'fifo', 'link.json', 'null-dev', 'real.json'].filter((f) => f !== 'null-dev' || process.getuid?.() === 0));
    } finally {
      d.cleanup();
    }
  });

  it('a missing folder is exit 2, naming it, for every command that writes', () => {
    const out = '/no/such/dir/x.json';
    for (const args of [['run', SQNS], ['resolve', SQNS], ['schema'], ['mc', SCEN, '--paths', '2'], ['sweep', SCEN, '--set', 'markets.BTC.sigma=0.5', '--paths', '2'], ['merge', SCEN]]) {
      const r = cli([...args, '--out', out]);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/the folder \/no\/such\/dir does not exist/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('a SIGKILLed sweep leaves a recognisable temporary file; the next write to that target removes it', async () => {
    const d = tempDir('dat-sim-kill-');
    try {
      const target = join(d.dir, 'out.csv');
      const child = spawn(process.execPath, [CLI, 'sweep', SCEN, '--set', 'markets.BTC.sigma=0.3,0.4,0.5,0.6,0.7,0.8', '--paths', '20000', '--workers', '1', '--out', target], { stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      const t0 = Date.now();
      while (!d.files().some((f) => f.endsWith('.tmp')) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      await exited;
      const left = d.files();
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(new RegExp(`^\\.out\\.csv\\.dat-sim-.+-${child.pid}-[0-9a-f]{8}\\.tmp$`));
      const r = cli(['run', SQNS, '--days', '3', '--format', 'csv', '--out', target]);
      expect(r.code, r.stderr).toBe(0);
      expect(d.files()).toEqual(['out.csv']);
    } finally {
      d.cleanup();
    }
  });
});

describe('stdout', () => {
  it('a closed pipe (| head -1) ends quietly with exit 0 for run, mc and sweep', () => {
    for (const args of [['run', SQNS, '--format', 'csv'], ['mc', SCEN, '--paths', '20', '--format', 'csv'], ['sweep', SCEN, '--set', 'markets.BTC.sigma=0.3,0.5,0.7,0.9', '--paths', '10']]) {
      const r = spawnSync('bash', ['-c', 'node "$CLI" "$@" 2>"$ERR" | head -c 10 >/dev/null; echo ${PIPESTATUS[0]}', '_', ...args], { encoding: 'utf8', env: { ...process.env, CLI, ERR: join(tmp.dir, 'pipe.err') } });
      expect(r.stdout.trim(), args[0]).toBe('0');
      expect(readFileSync(join(tmp.dir, 'pipe.err'), 'utf8')).not.toMatch(/EPIPE|Error/);
    }
  });

  it('a full device (/dev/full) exits 1 with a message', () => {
    const r = spawnSync('bash', ['-c', 'node "$CLI" run "$SQNS" --days 30 > /dev/full'], { encoding: 'utf8', env: { ...process.env, CLI, SQNS } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot write to stdout: no space left on the device \(ENOSPC\)/);
  });
});

describe('CLI habits', () => {
  it('--version prints the package version; the top-level help gives every command a one-line description', async () => {
    const v = cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const h = cli(['--help']);
    expect(h.code).toBe(0);
    const { COMMANDS, SUMMARIES } = await import('../src/cli/main.ts');
    for (const [name, get] of Object.entries(COMMANDS)) {
      const summary = (await get()).summary;
      expect(SUMMARIES[name] ?? summary, name).toBe(summary);
      expect(h.stdout).toContain(`  ${name.padEnd(12)}${summary}\n`);
    }
  });

  it('- reads the scenario from stdin; errors name <stdin>', () => {
    const r = cli(['run', '-', '--days', '4'], { input: readFileSync(SQNS, 'utf8') });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).dates).toHaveLength(4);
    const bad = cli(['validate', '-'], { input: '{"schemaVersion": 1}' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/<stdin>/);
  });

  // Every command whose usage says <scenario.json|-> reads standard input: the same output as the file.
  it.each([
    ['resolve', [] as string[]],
    ['risk', ['--days', '30', '--format', 'csv']],
    ['sensitivity', ['--metric', 'terminalPrice:BTC', '--paths', '2', '--days', '20', '--params', 'impactY', '--workers', '1']],
    ['stress', ['--company', 'SQNS', '--days', '40', '--decline-days', '20', '--drawdowns', '0.2', '--mnavs', '1', '--workers', '1']],
    ['backtest', [join(ROOT, 'scenarios/outcomes/replay-2025.json'), '--paths', '3']],
  ])('%s - reads the scenario from stdin: the same output as the file', (command, args) => {
    const file = command === 'backtest' ? join(ROOT, 'scenarios/replay-2025.json') : SQNS;
    const fromFile = cli([command, file, ...args]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const fromStdin = cli([command, '-', ...args], { input: readFileSync(file, 'utf8') });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout.length).toBeGreaterThan(100);
    // backtest names its scenario file in its heading; the rest is the same bytes.
    expect(fromStdin.stdout.replaceAll('<stdin>', file)).toBe(fromFile.stdout);
    const help = cli([command, '--help']);
    expect(help.stdout + help.stderr).toContain(`dat-sim ${command} <scenario.json|->`);
  });

  it('usage errors say what is allowed', () => {
    const r = cli(['run', SQNS, '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option --bogus; run accepts --seed VALUE, .*--out VALUE, --deterministic, --help/);
    const f = cli(['run', SQNS, '--format', 'xml']);
    expect(f.stderr).toMatch(/--format expects one of json, csv/);
    expect(cli(['frobnicate']).stderr).toMatch(/expected one of run, validate, .*--version/);
  });

  it('SIGTERM ends a batch run with exit 143 and no output file', async () => {
    const d = tempDir('dat-sim-term-');
    try {
      const child = spawn(process.execPath, [CLI, 'mc', SCEN, '--paths', '1000000', '--workers', '1', '--out', join(d.dir, 'o.json')], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DAT_SIM_PROGRESS: '1' } });
      let progress = false;
      child.stderr.on('data', () => (progress = true));
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      const t0 = Date.now();
      while (!progress && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(d.files()).toEqual([]);
    } finally {
      d.cleanup();
    }
  });
});
