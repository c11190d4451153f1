/**
 * Builds the npm package into dist/ (run by `npm run build:lib`, and by npm
 * itself on `prepare` (npm ci / npm install in a checkout) and `prepack`):
 *
 *   dist/index.js, sim.js, cli.js, worker.js, risk-worker.js, analysis-worker.js ES modules for Node 20+ (esbuild; shared chunks beside them)
 *   dist/types/**.d.ts                         declarations (tsc -p tsconfig.build.json)
 *   dist/THIRD-PARTY-LICENSES.txt              licences of the code bundled in
 *
 * mathjs, seedrandom and hyparquet-writer are bundled (tree-shaken), so a
 * library install pulls only zod (whose types the API exposes). The package
 * version and the engine source hash are baked in (src/node/package-info.ts).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineSourceHash } from '../src/batch/identity.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
process.chdir(ROOT);
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; dependencies?: Record<string, string> };

rmSync(DIST, { recursive: true, force: true });
const identity = { version: pkg.version, sourceHash: engineSourceHash(pathToFileURL(ROOT + '/')) };
const result = await build({
  entryPoints: { index: 'src/index.ts', sim: 'sim/index.ts', cli: 'src/cli/main.ts', worker: 'src/batch/worker.ts', 'risk-worker': 'src/risk/worker.ts', 'analysis-worker': 'src/analysis/worker.ts' },
  outdir: DIST,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Runtime dependencies stay imports; everything else (mathjs, seedrandom, hyparquet-writer) is bundled.
  external: Object.keys(pkg.dependencies ?? {}),
  define: { __DAT_SIM_BUILD__: JSON.stringify(identity) },
  // CommonJS code bundled into ES modules may call require() for Node built-ins.
  banner: { js: "import { createRequire as __datSimCreateRequire } from 'node:module'; const require = __datSimCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

// The licences of every package whose code was bundled in.
const bundled = new Set<string>();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) bundled.add(m[1]);
}
let notices = 'dat-sim bundles the following packages; their licences follow.\n';
for (const name of [...bundled].sort()) {
  const dir = join(ROOT, 'node_modules', name);
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string };
  const file = readdirSync(dir).find((f) => /^(licen[sc]e|copying)/i.test(f));
  notices += `\n==== ${name}@${meta.version} (${meta.license ?? 'see below'})\n\n${file ? readFileSync(join(dir, file), 'utf8').trim() : '(no licence file in the package)'}\n`;
}
writeFileSync(join(DIST, 'THIRD-PARTY-LICENSES.txt'), notices);

const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const f of ['index.js', 'sim.js', 'cli.js', 'worker.js', 'risk-worker.js', 'analysis-worker.js', 'types/src/index.d.ts', 'types/sim/index.d.ts']) {
  if (!existsSync(join(DIST, f))) throw new Error(`build-lib: dist/${f} was not produced`);
}
process.stderr.write(`built dist/ (dat-sim ${identity.version}, engine ${identity.sourceHash}; bundled ${[...bundled].sort().join(', ')})\n`);
