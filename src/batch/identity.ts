/**
 * Identities that decide whether two partial results belong to one run:
 * a hash of the resolved scenario (what the engine actually ran, with every
 * default filled in) and the engine's identity (package version plus a hash of
 * the sources that produce the numbers). Node-side (node:crypto, node:fs).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResolvedScenario } from '../../sim/index.ts';
import { canonicalJson } from './canonical.ts';
import { builtIdentity, packageRoot, packageVersion } from '../node/package-info.ts';

export { canonicalJson };

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 (hex, first 32 digits) of the resolved scenario's canonical JSON. */
export function scenarioHash(scenario: ResolvedScenario): string {
  return sha256(canonicalJson(scenario)).slice(0, 32);
}

let engineId: { version: string; sourceHash: string; v8: string } | undefined;

/**
 * The package version, a hash of the engine sources, the path summary and
 * the ensemble statistics, and the V8 version: partials from builds that could
 * give different numbers refuse to merge.
 */
export function engineIdentity(): { version: string; sourceHash: string; v8: string } {
  if (engineId) return engineId;
  // The built package carries the hash computed from its sources at build time (the same function).
  const sourceHash = builtIdentity()?.sourceHash ?? engineSourceHash(packageRoot());
  // V8's Math.exp/log/... are fdlibm ports and agree across platforms, but only
  // the same V8 is certain to give the same last bits.
  engineId = { version: packageVersion(), sourceHash, v8: process.versions.v8 };
  return engineId;
}

/** Hash of the sources that produce the numbers: sim/*.ts and the summary/ensemble code, under `root`. */
export function engineSourceHash(root: URL): string {
  const files: string[] = [];
  const simDir = fileURLToPath(new URL('sim/', root));
  for (const f of readdirSync(simDir).filter((f) => f.endsWith('.ts')).sort()) files.push(`sim/${f}`);
  files.push('src/simulate.ts', 'src/summary.ts', 'src/batch/ensemble.ts', 'src/batch/sketch.ts', 'src/batch/runner.ts');
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f + '\0');
    h.update(readFileSync(new URL(f, root)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}
