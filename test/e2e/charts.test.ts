/**
 * Charts near $1 (issue 14, deliverable 1), in headless Chromium: the
 * log/linear toggle, event labels that never overlap (from the label boxes
 * the marker plugin drew, in px), the venue minimum-price line (none for
 * Metaplanet, "assumed" for NYSE American), the mNAV axis clipped with a
 * "no coins held" state, and Compare with the $1 line on one calendar.
 * Screenshots (desktop and phone, light and dark) go to test-results/.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useHarness, appState, chart, openPage, pickScenario as pick, RESULTS, type Harness } from './helpers.ts';

let h: Harness;

useHarness((x) => (h = x));

interface Box { label: string; x0: number; x1: number; y0: number; y1: number; shown: boolean }
interface Dump { datasets: { label: string; data: (number | null)[] }[]; annotations: Record<string, { type: string; yMin?: number; label?: string; xMin?: number; xMax?: number }>; markers: Box[]; y: { type: string; min: number; max: number } | null }

const dump = (page: Page, id: string) => chart(page, id) as unknown as Promise<Dump | null>;

async function horizon(page: Page, days: number): Promise<void> {
  // Through the element (on a phone the run controls are folded away).
  await page.locator('#horizon').evaluate((el, d) => {
    (el as HTMLInputElement).value = String(d);
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, days);
  await page.waitForFunction((d) => (window.__datDebug!.chart('stock') as { datasets: { data: unknown[] }[] } | null)?.datasets[0].data.length === d, days, { timeout: 30_000 });
}

function overlaps(boxes: Box[]): string[] {
  const shown = boxes.filter((b) => b.shown);
  const bad: string[] = [];
  for (let i = 0; i < shown.length; i++)
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i], b = shown[j];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) bad.push(`${a.label}[${a.x0.toFixed(0)}-${a.x1.toFixed(0)}] x ${b.label}[${b.x0.toFixed(0)}-${b.x1.toFixed(0)}]`);
    }
  return bad;
}

describe('charts near $1', () => {
  it('toggles the price axes between log and linear; log by default when the series span more than 10x', async () => {
    const { page, context, errors } = await openPage(h);
    await pick(page, 'saved:naka.json');
    await horizon(page, 730);
    for (const id of ['coin', 'stock']) {
      const d = (await dump(page, id))!;
      const vals = d.datasets[0].data.filter((v): v is number => v !== null && v > 0);
      const span = Math.max(...vals) / Math.min(...vals);
      expect(d.y!.type, `${id} spans ${span.toFixed(1)}x`).toBe(span > 10 ? 'logarithmic' : 'linear');
    }
    const btn = page.locator('dat-chart[chart-id="stock"] button.log');
    const was = (await dump(page, 'stock'))!.y!.type;
    await btn.click();
    await page.waitForFunction((w) => (window.__datDebug!.chart('stock') as unknown as Dump).y!.type !== w, was);
    expect(await btn.getAttribute('aria-pressed')).toBe(was === 'logarithmic' ? 'false' : 'true');
    // The choice survives a re-run (a new horizon).
    const now = (await dump(page, 'stock'))!.y!.type;
    await horizon(page, 365);
    expect((await dump(page, 'stock'))!.y!.type).toBe(now);
    // Non-price charts have no toggle.
    expect(await page.locator('dat-chart[chart-id="mnav"] button.log').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('never overlaps event labels on the scenarios with many events (730 days)', async () => {
    const { page, context, errors } = await openPage(h);
    let total = 0;
    for (const f of ['naka.json', 'sqns.json', 'stress-depth-collapse.json']) {
      await pick(page, `saved:${f}`);
      await horizon(page, 730);
      const companies = await page.locator('#company option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)).catch(() => [] as string[]);
      for (const t of companies.length ? companies : ['']) {
        if (t) {
          await page.locator('#company').selectOption(t);
          await page.waitForTimeout(50);
        }
        const d = (await dump(page, 'stock'))!;
        const events = Object.keys(d.annotations).filter((k) => k.startsWith('event-')).length;
        expect(d.markers.length, `${f} ${t}`).toBe(events);
        expect(overlaps(d.markers), `${f} ${t}`).toEqual([]);
        total += d.markers.filter((m) => m.shown).length;
      }
      await page.locator('dat-single-view').screenshot({ path: join(RESULTS, `charts-events-${f.replace('.json', '')}-730d.png`) });
    }
    expect(total).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('draws the minimum-price line only where the venue has one, with the venue rule', async () => {
    const { page, context, errors } = await openPage(h);
    await pick(page, 'saved:metaplanet.json');
    const mp = (await dump(page, 'stock'))!;
    expect(mp.annotations.minPrice).toBeUndefined();
    expect(JSON.stringify(mp.annotations)).not.toMatch(/\$0\.00/);
    const note = await page.locator('dat-chart[chart-id="stock"] .note').innerText();
    expect(note).toMatch(/no minimum-price line/);
    expect(note).not.toMatch(/\$0\.00/);
    await pick(page, 'saved:bmnr.json');
    const bm = (await dump(page, 'stock'))!;
    expect(bm.annotations.minPrice).toMatchObject({ yMin: 0.2 });
    expect(bm.annotations.minPrice.label).toMatch(/NYSE American: discretionary rule, level assumed/);
    await pick(page, 'saved:fgnx.json');
    expect((await dump(page, 'stock'))!.annotations.minPrice.label).toMatch(/^\$1\.00 minimum \(Nasdaq/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('clips the mNAV axis and marks the days without coins', async () => {
    const { page, context, errors } = await openPage(h);
    await pick(page, 'saved:stress-depth-collapse.json');
    await horizon(page, 730);
    const companies = await page.locator('#company option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const t of companies) {
      await page.locator('#company').selectOption(t);
      await page.waitForTimeout(50);
      const d = (await dump(page, 'mnav'))!;
      expect(d.y!.max, t).toBeLessThanOrEqual(10);
      const boxes = Object.entries(d.annotations).filter(([k]) => k.startsWith('noCoins-'));
      for (const [, b] of boxes) {
        expect(b.label).toBe('no coins held');
        // No mNAV value is drawn inside a no-coins box.
        expect(d.datasets[0].data.slice(b.xMin!, b.xMax! + 1).every((v) => v === null), t).toBe(true);
      }
      if (boxes.length) {

        await page.locator('dat-chart[chart-id="mnav"]').screenshot({ path: join(RESULTS, `charts-mnav-no-coins-${t}.png`) });
      }
    }
    expect(errors).toEqual([]);
    await context.close();

  });

  it('compare: the $1 line on the stock chart, and two start dates on one calendar', async () => {
    const { page, context, errors } = await openPage(h);
    await pick(page, 'saved:fgnx.json');
    await page.locator('#tab-compare').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as { compare: { hasA: boolean } }).compare.hasA);
    await page.locator('dat-compare-view select#ref').selectOption('saved:bmnr.json');
    await page.waitForFunction(() => {
      const s = window.__datDebug!.state() as { compare: { ref: string; hasA: boolean } };
      const c = window.__datDebug!.chart('cmp-coin') as { datasets: { data: (number | null)[] }[] } | null;
      return s.compare.ref === 'saved:bmnr.json' && s.compare.hasA && !!c && c.datasets[0].data[0] === null;
    });
    const s = await appState<{ settings: { horizonDays: number } }>(page);
    const coin = (await dump(page, 'cmp-coin'))!;
    // FGNX (B) starts 2025-10-21, BMNR (A) 2025-11-17: 27 days later (Oct 21 + 27 = Nov 17).
    const a = coin.datasets[0].data, b = coin.datasets[1].data;
    const firstA = a.findIndex((v) => v !== null);
    expect(firstA).toBe(27);
    expect(b[0]).not.toBeNull();
    expect(a.length).toBe(27 + s.settings.horizonDays);
    expect(b.filter((v) => v !== null).length).toBe(s.settings.horizonDays);
    expect(await page.locator('dat-compare-view p.start-dates').innerText()).toMatch(/A starts on 2025-11-17, B on 2025-10-21/);
    const stock = (await dump(page, 'cmp-stock'))!;
    expect(stock.annotations.minPrice).toMatchObject({ yMin: 1 });
    expect(stock.annotations.minPrice.label).toMatch(/\$1\.00 minimum/);
    // The difference chart is defined only where both runs have a day.
    const diff = (await dump(page, 'cmp-coinDiff'))!.datasets[0].data;
    expect(diff.slice(0, 27).every((v) => v === null)).toBe(true);
    expect(diff[27]).not.toBeNull();
    await page.screenshot({ path: join(RESULTS, 'charts-compare-1280x800.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('screenshots: desktop and phone, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const)
      for (const [w, hgt] of [[1280, 800], [390, 844]] as const) {
        const { page, context, errors } = await openPage(h, { viewport: { width: w, height: hgt }, colorScheme });
        await pick(page, 'saved:sqns.json');
        await horizon(page, 730);
        await page.locator('dat-chart[chart-id="stock"]').scrollIntoViewIfNeeded();
        await page.locator('dat-chart[chart-id="stock"]').screenshot({ path: join(RESULTS, `charts-stock-${w}x${hgt}-${colorScheme}.png`) });
        await page.locator('dat-chart[chart-id="mnav"]').screenshot({ path: join(RESULTS, `charts-mnav-${w}x${hgt}-${colorScheme}.png`) });
        expect(overlaps((await dump(page, 'stock'))!.markers)).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      }
  });
});
