/**
 * Charts off screen hold a new spec back (web/components/dat-chart.ts): a parameter edit redraws
 * the charts the user sees, and each chart out of view applies the latest spec when it scrolls
 * into view, when the page is idle, before a print or an export, or when the test hook reads it.
 * The same for building a chart: on a first load, the charts below the fold are built when seen
 * or idle, with the data they would have had if built at once.
 * The page's requestIdleCallback is replaced by a queue the test runs itself, so which charts
 * are pending at each moment is deterministic.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chart, openPage, pickScenario, runSeq, setParam, useHarness, waitForRun, type Harness } from './helpers.ts';

let h: Harness;
useHarness((x) => (h = x));

const SINGLE = ['coin', 'stock', 'mnav', 'coins', 'debt', 'flows'];

/** Holds the page's idle callbacks in window.__idle until the test runs them. */
async function holdIdle(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __idle: (() => void)[]; requestIdleCallback: (fn: () => void) => number };
    w.__idle = [];
    w.requestIdleCallback = (fn) => w.__idle.push(fn);
  });
}

const runIdle = (page: Page) => page.evaluate(() => (window as unknown as { __idle: (() => void)[] }).__idle.splice(0).forEach((f) => f()));
const pending = (page: Page) => page.evaluate(() => window.__datDebug!.pendingCharts());

const chartEl = (page: Page, id: string) => page.locator(`dat-chart[chart-id="${id}"]`).first();

/** Which single-path charts have some part inside the viewport (locators reach into shadow roots). */
async function onScreen(page: Page): Promise<string[]> {
  const vp = page.viewportSize()!;
  const out: string[] = [];
  for (const id of SINGLE) {
    const b = await chartEl(page, id).boundingBox();
    if (b && b.height > 0 && b.y + b.height > 0 && b.y < vp.height && b.x + b.width > 0 && b.x < vp.width) out.push(id);
  }
  return out;
}

async function scrollTo(page: Page, id: string | null): Promise<void> {
  if (id !== null) return chartEl(page, id).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.scrollingElement?.scrollTo(0, 0);
  });
}

/** Two animation frames: the intersection observer has reported the new layout. */
const settle = (page: Page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));

async function edit(page: Page, value: number): Promise<void> {
  const before = await runSeq(page);
  await setParam(page, 'markets.BTC.sigma', value);
  await page.waitForFunction((t) => (window.__datDebug!.state() as { timings: { runSeq: number } }).timings.runSeq > t, before, { timeout: 30_000 });
}

describe('charts off screen', () => {
  it('an edit redraws the charts on screen; the others apply its spec when seen, idle, printed or read', async () => {
    const { page, context, errors } = await openPage(h);
    await pickScenario(page, 'saved:sqns.json');
    await holdIdle(page);
    await scrollTo(page, null);
    await settle(page);
    const seen = await onScreen(page);
    const hidden = SINGLE.filter((id) => !seen.includes(id));
    expect(seen.length, 'charts on the first screen').toBeGreaterThan(0);
    expect(hidden.length, 'charts below the first screen (1280 x 800)').toBeGreaterThan(0);

    // An edit: exactly the charts out of view hold it back.
    await edit(page, 0.61);
    expect(await pending(page)).toEqual([...hidden].sort());

    // The page goes idle: every one applies it.
    await runIdle(page);
    expect(await pending(page)).toEqual([]);

    // Two edits while out of view, then the chart scrolls into view: it shows the latest (the
    // same data as when the same two edits are made with the chart on screen).
    const last = hidden[hidden.length - 1];
    await edit(page, 0.62);
    await edit(page, 0.63);
    expect(await pending(page)).toContain(last);
    await scrollTo(page, last);
    await page.waitForFunction((id) => !window.__datDebug!.pendingCharts().includes(id), last, { timeout: 5_000 });
    const shownLate = await chart(page, last);
    await edit(page, 0.62);
    await edit(page, 0.63);
    expect(await pending(page), 'a chart on screen applies an edit at once').not.toContain(last);
    expect(await chart(page, last)).toEqual(shownLate);
    const first = (await onScreen(page)).includes(SINGLE[0]) ? null : SINGLE[0];
    expect(first, 'the first chart is out of view once the last is scrolled to').toBe(SINGLE[0]);

    // Print applies what is held back.
    await edit(page, 0.64);
    expect(await pending(page)).toContain(SINGLE[0]);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await pending(page)).toEqual([]);

    // So does an export of a chart out of view (its PNG button), and reading it through the test hook.
    await edit(page, 0.65);
    expect(await pending(page)).toContain(SINGLE[0]);
    await chartEl(page, SINGLE[0]).evaluate((el) => (el as unknown as { exportImage(kind: string): Promise<string | null> }).exportImage('png'));
    expect(await pending(page)).not.toContain(SINGLE[0]);
    const held = (await pending(page))[0];
    if (held) {
      await chart(page, held);
      expect(await pending(page)).not.toContain(held);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a first load builds only the charts on screen; the others are built when seen or idle, with the same data', async () => {
    const phone = { width: 390, height: 844 };
    const context = await h.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The idle queue is held from the first script on, so nothing is built behind the test's back.
    await page.addInitScript(() => {
      const w = window as unknown as { __idle: (() => void)[]; requestIdleCallback: (fn: () => void) => number };
      w.__idle = [];
      w.requestIdleCallback = (fn) => w.__idle.push(fn);
    });
    await page.goto(h.url);
    await waitForRun(page);
    await settle(page);
    const built = (id: string) => chartEl(page, id).evaluate((el) => (el.shadowRoot!.querySelector('canvas') as HTMLCanvasElement).style.width !== '');
    const seen = await onScreen(page);
    const hidden = SINGLE.filter((id) => !seen.includes(id));
    expect(seen.length, "charts on a phone's first screen").toBeGreaterThan(0);
    expect(hidden.length, "charts below a phone's first screen").toBeGreaterThanOrEqual(3);
    expect(await pending(page)).toEqual([...hidden].sort());
    for (const id of seen) expect(await built(id), `${id} is built`).toBe(true);
    for (const id of hidden) expect(await built(id), `${id} is not built yet`).toBe(false);

    // The same page with a screen tall enough for all six: nothing is held back, nothing deferred.
    const tall = await h.browser.newContext({ viewport: { width: 390, height: 6000 } });
    const ref = await tall.newPage();
    await ref.goto(h.url);
    await waitForRun(ref);
    expect(await ref.evaluate(() => window.__datDebug!.pendingCharts())).toEqual([]);

    // Scrolled into view: built without a flush, showing what the chart built at once shows.
    await scrollTo(page, hidden[0]);
    await page.waitForFunction((id) => !window.__datDebug!.pendingCharts().includes(id), hidden[0], { timeout: 5_000 });
    expect(await built(hidden[0])).toBe(true);
    expect(await chart(page, hidden[0])).toEqual(await chart(ref, hidden[0]));
    // The page goes idle: the rest are built.
    await runIdle(page);
    expect(await pending(page)).toEqual([]);
    for (const id of SINGLE) {
      expect(await built(id), `${id} built after idle`).toBe(true);
      expect(await chart(page, id), id).toEqual(await chart(ref, id));
    }
    expect(errors).toEqual([]);
    await tall.close();
    await context.close();
  });
});
