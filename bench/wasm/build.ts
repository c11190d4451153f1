/**
 * Builds the AssemblyScript kernel bench/wasm/kernel/markets.ts into bench/wasm/build/markets.wasm
 * (git-ignored) with the `assemblyscript` devDependency's compiler: -O3, the stub runtime (the
 * kernel allocates nothing), no assertions. `npx tsx bench/wasm/build.ts`; bench/wasm/bench.ts
 * calls it when the .wasm is missing or older than its source.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const KERNEL_SOURCE = join(HERE, 'kernel', 'markets.ts');
export const KERNEL_WASM = join(HERE, 'build', 'markets.wasm');
export const ASC_FLAGS = ['-O3', '--runtime', 'stub', '--noAssert'];

/** Compiles the kernel (always); returns the .wasm path. Throws with the compiler's output on failure. */
export function buildKernel(): string {
  mkdirSync(join(HERE, 'build'), { recursive: true });
  const asc = createRequire(import.meta.url).resolve('assemblyscript/bin/asc.js');
  const r = spawnSync(process.execPath, [asc, KERNEL_SOURCE, ...ASC_FLAGS, '-o', KERNEL_WASM, '-t', KERNEL_WASM.replace(/\.wasm$/, '.wat')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench/wasm/build.ts: asc failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return KERNEL_WASM;
}

/** The .wasm, rebuilt when missing or older than the kernel's source. */
export function kernelWasm(): string {
  if (!existsSync(KERNEL_WASM) || statSync(KERNEL_WASM).mtimeMs < statSync(KERNEL_SOURCE).mtimeMs) buildKernel();
  return KERNEL_WASM;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = buildKernel();
  console.log(`${out}: ${statSync(out).size} bytes`);
}
