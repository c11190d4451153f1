/**
 * Where the package is and what it is, both when run from the TypeScript
 * sources (tests, tsx) and from the built bundle (dist/, what npm installs).
 * The build (scripts/build-lib.ts) bakes the version and the engine source
 * hash in as __DAT_SIM_BUILD__, so the installed package needs no sources.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

declare const __DAT_SIM_BUILD__: { version: string; sourceHash: string } | undefined;

/** The baked-in build identity, or undefined when running from sources. */
export function builtIdentity(): { version: string; sourceHash: string } | undefined {
  return typeof __DAT_SIM_BUILD__ === 'object' ? __DAT_SIM_BUILD__ : undefined;
}

/**
 * The package's root folder URL (with a trailing slash). Sources live two
 * levels down (src/node/); every bundled file sits directly in dist/.
 */
export function packageRoot(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? '../../' : '../', import.meta.url);
}

/** The saved scenarios shipped with the package. */
export function scenariosDir(): string {
  return fileURLToPath(new URL('scenarios/', packageRoot()));
}

let version: string | undefined;
/** The package version (package.json). */
export function packageVersion(): string {
  version ??= builtIdentity()?.version ?? (JSON.parse(readFileSync(new URL('package.json', packageRoot()), 'utf8')) as { version: string }).version;
  return version;
}
