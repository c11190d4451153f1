/**
 * Vitest global set-up: the tests that start the CLI (bin/dat-sim.mjs) or pack
 * the package need dist/ built from the current sources. Rebuilds it when it
 * is missing or older than any source (a second or so with esbuild, plus tsc).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

export function libIsStale(): boolean {
  const built = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(built) || !existsSync(join(ROOT, 'dist', 'types', 'src', 'index.d.ts'))) return true;
  const sources = ['src', 'sim', 'scripts/build-lib.ts', 'package.json', 'tsconfig.build.json'].map((p) => newest(join(ROOT, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export default function setup(): void {
  if (!libIsStale()) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/build-lib.ts')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building dist/ failed (npm run build:lib):\n${r.stdout}${r.stderr}`);
}
