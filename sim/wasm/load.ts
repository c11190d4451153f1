/**
 * The markets kernel's compiled WebAssembly module (sim/wasm/markets-kernel.ts, built from
 * wasm/markets.ts), compiled once, synchronously, on first use; null where WebAssembly is
 * missing or refuses it (e.g. a browser's main thread that forbids synchronous compilation of
 * modules over 4 KB), and the caller falls back to JavaScript. No Node or DOM API: the bytes are
 * decoded here, and WebAssembly is read from globalThis through the few members used.
 */
import { MARKETS_KERNEL_BASE64 } from './markets-kernel.ts';

/** The members of the WebAssembly namespace the engine uses (sim/tsconfig.json has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 (RFC 4648, with padding) to bytes. */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const val = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) val[B64.charCodeAt(i)] = i;
  let n = s.length;
  while (n > 0 && s[n - 1] === '=') n--;
  const out = new Uint8Array((n * 3) >> 2);
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i), v = c < 128 ? val[c] : -1;
    if (v < 0) throw new Error(`decodeBase64: not base64 at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** The kernel compiled with `api` (the WebAssembly namespace), or null when it is missing or refuses. */
export function loadKernel(api: WasmApi | undefined): { api: WasmApi; module: object } | null {
  if (!api || typeof api.Module !== 'function' || typeof api.Instance !== 'function') return null;
  try {
    return { api, module: new api.Module(decodeBase64(MARKETS_KERNEL_BASE64)) };
  } catch {
    return null; // refused (size limit on a browser's main thread, a CSP without wasm-unsafe-eval): JavaScript
  }
}

let cached: { api: WasmApi; module: object } | null | undefined;

/** globalThis.WebAssembly and the compiled kernel, once per realm, or null (no WebAssembly, or it failed to compile). */
export function marketsKernel(): { api: WasmApi; module: object } | null {
  if (cached === undefined) cached = loadKernel((globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly);
  return cached;
}
