/**
 * End-to-end test support: the BUILT app (web/dist/) served by a tiny static
 * server on 127.0.0.1 and a free port, Debian's Chromium driven by
 * playwright-core, and page helpers that read the app's test hook
 * (window.__datDebug, documented in web/lib/debug.ts).
 *
 * If web/dist/ is missing or older than the sources, it is rebuilt first
 * (`vite build`), so a stale bundle is never tested.
 */
import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'web', 'dist');
export const RESULTS = join(ROOT, 'test-results');
export const CHROMIUM = process.env.DAT_CHROMIUM ?? '/usr/bin/chromium';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist/ when it is missing or older than web/, src/, sim/, scenarios/ or docs/ (the methodology page bundles docs/*.md). */
export function ensureBuilt(): void {
  const index = join(DIST, 'index.html');
  const sources = Math.max(...['web', 'src', 'sim', 'scenarios', 'docs'].map((d) => newestMtime(join(ROOT, d))), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // NODE_ENV must be production: Vitest sets it to "test", and a build inheriting that resolves
  // Lit's development exports (dev-mode warnings, bigger bundle).
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** Serves web/dist/ on 127.0.0.1 at a free port. */
export async function serveDist(): Promise<{ server: Server; url: string }> {
  const root = DIST;
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0].split('#')[0]);
    const rel = normalize(urlPath === '/' ? '/index.html' : urlPath).replace(/^([/\\])+/, '');
    const file = join(root, rel);
    if (!file.startsWith(root + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Installs Chromium when missing (scripts/ensure-chromium.mjs) and launches it headless. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) execFileSync(process.execPath, [join(ROOT, 'scripts/ensure-chromium.mjs')], { stdio: 'inherit' });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface Harness {
  browser: Browser;
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  ensureBuilt();
  const { server, url } = await serveDist();
  const browser = await launchBrowser();
  return {
    browser,
    server,
    url,
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/**
 * The test file's harness: started before its tests (test-results/ created), closed after them.
 * `set` receives it: `let h: Harness; useHarness((x) => (h = x));`.
 */
export function useHarness(set: (h: Harness) => void): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    h = await startHarness();
    set(h);
  });
  afterAll(async () => {
    await h?.close();
  });
}

/** A page that records console errors and uncaught exceptions (the tests assert there are none). */
export async function openPage(h: Harness, opts: { hash?: string; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await h.browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, colorScheme: opts.colorScheme ?? 'light', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // A request the browser aborts (net::ERR_ABORTED) is one a reload or a navigation cut short,
  // e.g. the Analysis page's worker script while a test reloads the page: not an app error.
  // A missing file is a 404 response, not a failed request, and the tests see it in the page.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    if (why !== 'net::ERR_ABORTED') errors.push(`requestfailed: ${r.url()} ${why}`);
  });
  flushChartsBeforeScreenshots(page);
  await page.goto(h.url + (opts.hash ?? ''));
  await waitForRun(page);
  return { page, context, errors };
}

/**
 * Charts scrolled out of view apply a new spec only when seen or when the page is idle
 * (web/components/dat-chart.ts); a full-page screenshot does not scroll, so the page's
 * screenshot first applies them (the debug hook's flushCharts), and shows every chart up to date.
 */
export function flushChartsBeforeScreenshots(page: Page): void {
  const screenshot = page.screenshot.bind(page);
  page.screenshot = (async (options?: Parameters<Page['screenshot']>[0]) => {
    await page.evaluate(() => window.__datDebug?.flushCharts());
    return screenshot(options);
  }) as Page['screenshot'];
}

/** Waits until the app has run a path (the status line carries the timings) and shown the view its URL holds. */
export async function waitForRun(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => {
    const s = window.__datDebug?.state() as { timings?: { totalMs?: number }; urlRestored?: boolean } | null;
    return !!s && Number.isFinite(s.timings?.totalMs) && s.urlRestored !== false;
  }, undefined, { timeout });
}

export interface ChartDump {
  type: string;
  datasets: { label: string; data: (number | null)[] }[];
  annotations: Record<string, { type: string; xMin?: number; xMax?: number; yMin?: number; yMax?: number; label?: string }>;
}

export function chart(page: Page, id: string): Promise<ChartDump | null> {
  return page.evaluate((cid) => window.__datDebug!.chart(cid) as unknown as ChartDump | null, id);
}

export function appState<T = Record<string, unknown>>(page: Page): Promise<T> {
  return page.evaluate(() => window.__datDebug!.state()) as Promise<T>;
}

/** How many single-path runs the app has made (the status line's run counter). */
export async function runSeq(page: Page): Promise<number> {
  return (await appState<{ timings: { runSeq: number } }>(page)).timings.runSeq;
}

/** Opens a scenario from the picker ("saved:fgnx.json") and waits for its run (nothing when it is already open). */
export async function pickScenario(page: Page, key: string): Promise<void> {
  if ((await appState<{ scenarioKey: string }>(page)).scenarioKey === key) return;
  const before = await runSeq(page);
  await page.locator('dat-scenario-picker select').selectOption(key);
  await page.waitForFunction(([k, t]) => {
    const s = window.__datDebug!.state() as { scenarioKey: string; timings: { runSeq: number } };
    return s.scenarioKey === k && s.timings.runSeq > (t as number);
  }, [key, before] as const, { timeout: 30_000 });
}

/** Sets a parameter through its field's number box (the field found by its path id, e.g. "markets.BTC.sigma"). */
export async function setParam(page: Page, pathId: string, value: number | string): Promise<void> {
  await page.evaluate(
    ({ pathId, value }) => {
      const panel = document.querySelector('dat-param-panel')!;
      const fields = [...panel.shadowRoot!.querySelectorAll('dat-param-field')] as (HTMLElement & { field: { id: string } })[];
      const f = fields.find((x) => x.field.id === pathId);
      if (!f) throw new Error(`no field ${pathId}; have ${fields.map((x) => x.field.id).join(', ')}`);
      const input = f.shadowRoot!.querySelector('input[type=number], input[type=text], select') as HTMLInputElement;
      input.value = String(value);
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { pathId, value },
  );
}

/** The element focused, through shadow roots: "tag#id[aria-label]" for the test log. */
export function focusedDescription(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    const label = el.getAttribute('aria-label') ?? (el.id ? el.id : '') ?? '';
    const text = (el.textContent ?? '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[${label}]${el.getAttribute('type') ? `(${el.getAttribute('type')})` : ''} ${text}`;
  });
}

export function savedScenarioFiles(): string[] {
  const dir = join(ROOT, 'scenarios');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .filter((f) => {
      try {
        const d = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        return d && typeof d === 'object' && 'schemaVersion' in d && 'companies' in d;
      } catch {
        return false;
      }
    })
    .sort();
}

export interface AxeFinding {
  rule: string;
  impact: string;
  target: string;
  html: string;
}

/** axe-core (node_modules/axe-core, injected once per page) on the whole document: the findings of impact "serious" or "critical". */
export async function axeSerious(page: Page): Promise<AxeFinding[]> {
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!has) await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const a = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[]; html: string }[] }[] }> } }).axe;
    const r = await a.run(document, { resultTypes: ['violations'] });
    const out: AxeFinding[] = [];
    for (const v of r.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      for (const n of v.nodes) out.push({ rule: v.id, impact: v.impact, target: JSON.stringify(n.target), html: n.html.slice(0, 160) });
    }
    return out;
  });
}

/** Waits until the teaching view is ready and `pred` (a JS expression over `t`, the teach() hook's state) holds; returns that state. */
export async function waitTeachState<T>(page: Page, pred: string, timeout = 60_000): Promise<T> {
  await page.waitForFunction(
    (p) => {
      const t = window.__datDebug?.teach() as { status?: string } | null;
      // eslint-disable-next-line no-new-func
      return !!t && t.status === 'ready' && new Function('t', `return ${p}`)(t);
    },
    pred,
    { timeout },
  );
  return (await page.evaluate(() => window.__datDebug!.teach())) as T;
}
