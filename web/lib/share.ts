/**
 * Share links: the whole scenario file plus the run settings in the URL
 * fragment, versioned and compressed:
 *
 *   #dat1=<base64url(deflate-raw(UTF-8 JSON of {v: 1, scenario, settings}))>
 *
 * Compression is the platform's CompressionStream (browsers and Node >= 20),
 * so no dependency. Decoding never throws: it returns issues with field paths
 * ("settings.seed", or "" for the link as a whole), which the app shows inline.
 * The scenario itself is validated by the resolver (src/resolve.ts) afterwards.
 */
import { z } from 'zod';

export const SHARE_VERSION = 1;
export const SHARE_KEY = `dat${SHARE_VERSION}`;

export const VIEWS = ['single', 'ensemble', 'compare', 'risk'] as const;
export type ViewName = (typeof VIEWS)[number];

/** Largest ensemble the UI runs (paths). */
export const MAX_PATHS = 5000;

export const SettingsSchema = z
  .object({
    seed: z.string().min(1).max(64).regex(/\S/), // not all blank: the engine refuses a blank seed, as the CLI's --seed
    horizonDays: z.number().int().min(1).max(3650),
    paths: z.number().int().min(1).max(MAX_PATHS),
    company: z.string().max(16).nullable(),
    deterministic: z.boolean(),
    view: z.enum(VIEWS),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export interface SharePayload {
  v: typeof SHARE_VERSION;
  scenario: unknown;
  settings: Settings;
}

export interface ShareIssue {
  path: string;
  message: string;
}

export type DecodeResult = { ok: true; payload: SharePayload } | { ok: false; issues: ShareIssue[] };

// ---------------------------------------------------------------------------
// base64url

export function bytesToBase64Url(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlToBytes(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const blob = new Blob([bytes as BlobPart]);
  const out = await new Response(blob.stream().pipeThrough(stream)).arrayBuffer();
  return new Uint8Array(out);
}

export async function deflate(text: string): Promise<Uint8Array> {
  return pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
}

export async function inflate(bytes: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
}

// ---------------------------------------------------------------------------

/** The fragment (without "#") for a scenario and its settings. */
export async function encodeShare(scenario: unknown, settings: Settings): Promise<string> {
  const payload: SharePayload = { v: SHARE_VERSION, scenario, settings };
  return `${SHARE_KEY}=${bytesToBase64Url(await deflate(JSON.stringify(payload)))}`;
}

/** Whether a fragment looks like a share link at all (any version). */
export function isShareFragment(fragment: string): boolean {
  return /^#?dat\d+=/.test(fragment);
}

/** Decode and check a fragment ("#dat1=..." or "dat1=..."). */
export async function decodeShare(fragment: string): Promise<DecodeResult> {
  const f = fragment.replace(/^#/, '');
  const m = /^dat(\d+)=(.*)$/s.exec(f);
  if (!m) return fail('', 'the link has no scenario in it (expected "#dat1=...")');
  if (Number(m[1]) !== SHARE_VERSION) return fail('', `share link version ${m[1]} is not supported by this version of the app (it reads version ${SHARE_VERSION})`);
  let bytes: Uint8Array;
  try {
    bytes = base64UrlToBytes(m[2]);
  } catch {
    return fail('', 'the link is damaged: its data is not base64url text (was it cut short or edited?)');
  }
  let text: string;
  try {
    text = await inflate(bytes);
  } catch {
    return fail('', 'the link is damaged: its data could not be decompressed (was it cut short?)');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail('', `the link is damaged: not valid JSON (${(e as Error).message})`);
  }
  if (!data || typeof data !== 'object') return fail('', 'expected an object with "v", "scenario" and "settings"');
  const d = data as Record<string, unknown>;
  const issues: ShareIssue[] = [];
  if (d.v !== SHARE_VERSION) issues.push({ path: 'v', message: `expected ${SHARE_VERSION}` });
  if (!d.scenario || typeof d.scenario !== 'object' || Array.isArray(d.scenario)) issues.push({ path: 'scenario', message: 'expected a scenario object' });
  const s = SettingsSchema.safeParse(d.settings);
  if (!s.success) {
    for (const i of s.error.issues) issues.push({ path: ['settings', ...i.path.map(String)].join('.'), message: i.message });
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, payload: { v: SHARE_VERSION, scenario: d.scenario, settings: s.data! } };
}

function fail(path: string, message: string): DecodeResult {
  return { ok: false, issues: [{ path, message }] };
}
