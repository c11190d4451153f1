/**
 * Benchmark section (d), the package as a user gets it (issue: package):
 * `npm pack` (dist/ rebuilt first), install the tarball in a fresh folder,
 * then the install size (target < 15 MB) and the CPU time of
 * `dat-sim --help` from that install (target < 0.3 s; median of 5 runs,
 * user + system, by bash's `time`), and the CPU time of a plain Node script
 * that imports the library (`import 'dat-sim'`, no target; measured the same
 * way, minus an empty script's).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function bytes(p: string): number {
  const st = statSync(p);
  return st.isDirectory() ? readdirSync(p).reduce((s, n) => s + bytes(join(p, n)), 0) : st.size;
}

export function packageFigures(root: string): { installMb: number; installDuMb: number; helpCpuSeconds: number; importCpuSeconds: number; targets: { installMb: number; helpCpuSeconds: number }; meetsTargets: boolean } {
  execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/build-lib.ts')], { cwd: root, stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'dat-sim-bench-pack-'));
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }))[0].filename as string;
    const app = join(dir, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), '{"name":"bench-consumer","version":"1.0.0","private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed)], { cwd: app, stdio: 'ignore' });
    const installMb = bytes(join(app, 'node_modules')) / 1e6;
    const installDuMb = Number(execFileSync('du', ['-sm', join(app, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
    const bin = join(app, 'node_modules/dat-sim/bin/dat-sim.mjs');
    /** Median of 5 runs of `node <args>` in the consumer folder: user + system CPU seconds. */
    const cpuSeconds = (...nodeArgs: string[]) => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; { time node "$@" >/dev/null; } 2>&1', 'bash', ...nodeArgs], { cwd: app, encoding: 'utf8' });
        const [u, s] = r.stdout.trim().split(/\s+/).map(Number);
        runs.push(u + s);
      }
      return runs.sort((a, b) => a - b)[2];
    };
    const helpCpuSeconds = cpuSeconds(bin, '--help');
    writeFileSync(join(app, 'import.mjs'), "await import('dat-sim');\n");
    writeFileSync(join(app, 'empty.mjs'), '\n');
    const importCpuSeconds = Math.max(0, Math.round((cpuSeconds('import.mjs') - cpuSeconds('empty.mjs')) * 100) / 100);
    const targets = { installMb: 15, helpCpuSeconds: 0.3 };
    return { installMb: Math.round(installMb * 10) / 10, installDuMb, helpCpuSeconds, importCpuSeconds, targets, meetsTargets: installMb < targets.installMb && helpCpuSeconds < targets.helpCpuSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
