/**
 * Exports (issue 14, deliverable 4) in headless Chromium, through the buttons
 * and the browser's downloads: a chart's PNG is 2x its CSS size with a header
 * band that is not blank (title, scenario, seed, date range) and the run's
 * last date as the x axis's last label, inside the image; its SVG parses and
 * holds the header, the axis labels and each series as a path; the HTML
 * report parses, carries the summary table's cells exactly as the app shows
 * them, the six charts and the events, and loads with no request at all.
 * Screenshots of the exported PNG and the report: /work/shots/web-export/ and
 * test-results/.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { useHarness, openPage, RESULTS, type Harness } from './helpers.ts';

let h: Harness;
useHarness((x) => (h = x));

const SHOTS = process.env.DAT_SHOTS ?? join(RESULTS, 'shots');
mkdirSync(SHOTS, { recursive: true });

interface ExportRecord { kind: string; title: string; header: string[]; cssWidth: number; cssHeight: number; pixelWidth: number; pixelHeight: number; lastTick: string | null; lastTickRight: number | null }

async function download(page: Page, click: () => Promise<void>): Promise<{ d: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const path = await d.path();
  return { d, bytes: readFileSync(path!) };
}

const lastExport = (page: Page) => page.evaluate(() => (window.__datDebug as unknown as { exports(): unknown[] }).exports().at(-1)) as Promise<ExportRecord>;

/** A PNG's size from its IHDR chunk. */
function pngSize(b: Buffer): [number, number] {
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** The run's dates and the stock chart's live facts (CSS size of its canvas, y axis title, datasets). */
function stockChartFacts(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('dat-single-view')!.shadowRoot!.querySelector('dat-chart[chart-id="stock"]') as HTMLElement & { chart: { options: { scales: { y: { title: { text: string } } } }; data: { datasets: { label?: string; borderColor?: string; data: unknown[] }[] } } };
    const r = el.shadowRoot!.querySelector('canvas')!.getBoundingClientRect();
    return {
      width: r.width,
      height: r.height,
      yTitle: el.chart.options.scales.y.title.text,
      datasets: el.chart.data.datasets.map((d) => ({ label: d.label ?? '', colour: String(d.borderColor ?? ''), points: d.data.filter((v) => v !== null && v !== undefined).length })),
    };
  });
}

/**
 * Decodes a PNG in the page: the colour at (2, 2) (the background) and, per
 * band of rows [y0, y1), the pixels that differ from it clearly ("ink").
 */
function inkInBands(page: Page, png: Buffer, bands: [number, number][]): Promise<{ bg: number[]; counts: number[] }> {
  return page.evaluate(async ({ b64, bands }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const bg = [...ctx.getImageData(2, 2, 1, 1).data.slice(0, 3)];
    const counts = bands.map(([y0, y1]) => {
      const d = ctx.getImageData(0, y0, img.width, y1 - y0).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 120) n++;
      return n;
    });
    return { bg, counts };
  }, { b64: png.toString('base64'), bands });
}

const chartButton = (page: Page, id: string, cls: string) => page.locator(`dat-single-view dat-chart[chart-id="${id}"] button.${cls}`);

describe('exports', () => {
  it('saves a chart as a 2x PNG with a header and its last date, and as SVG with header, axis labels and series', async () => {
    const { page, context, errors } = await openPage(h);
    const state = (await page.evaluate(() => window.__datDebug!.state())) as { scenarioId: string; settings: { seed: string } };
    const name = (await page.locator('.scenario-name').first().innerText()).trim();
    const dates = await page.evaluate(() => {
      const s = document.querySelector('#status')!;
      return Number(s.getAttribute('data-days'));
    });
    const facts = await stockChartFacts(page);
    expect(facts.width).toBeGreaterThan(300);

    // PNG
    const png = await download(page, () => chartButton(page, 'stock', 'png').click());
    expect(png.d.suggestedFilename()).toBe(`${state.scenarioId}-seed${state.settings.seed}-stock.png`);
    const rec = await lastExport(page);
    const [w, hgt] = pngSize(png.bytes);
    expect(rec.kind).toBe('png');
    expect([w, hgt]).toEqual([rec.pixelWidth, rec.pixelHeight]);
    expect(rec.cssWidth).toBe(Math.round(facts.width));
    expect(rec.cssHeight).toBe(Math.round(facts.height));
    const header = (hgt / 2) - rec.cssHeight;
    expect(header).toBeGreaterThan(30);
    expect(w).toBe(2 * Math.round(facts.width));
    expect(hgt).toBe(2 * (Math.round(facts.height) + header));
    // Header text: title; scenario, seed, first to last date of the run.
    expect(rec.header[0]).toBe('FGNX stock price');
    const factsLine = rec.header.slice(1).join(' '); // lines break at " · " or between words
    expect(factsLine).toContain(name);
    expect(factsLine).toContain(`seed ${state.settings.seed}`);
    const csv = await page.evaluate(() => (document.querySelector('#status') as HTMLElement).innerText);
    expect(csv).toContain(`${dates} days`);
    const m = factsLine.match(/(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/);
    expect(m).not.toBeNull();
    const days = (Date.parse(m![2]) - Date.parse(m![1])) / 86_400_000 + 1;
    expect(days).toBeGreaterThanOrEqual(dates); // calendar days span at least the run's days
    // The last date is the x axis's last label, inside the image.
    expect(rec.lastTick).toBe(m![2]);
    expect(rec.lastTickRight!).toBeLessThanOrEqual(rec.cssWidth);
    // The header band is not blank: ink in the title row and in the facts row (device pixels).
    const ink = await inkInBands(page, png.bytes, [[2 * 8, 2 * 28], [2 * 30, 2 * 46], [2 * header, hgt]]);
    const [title, factsInk, plot] = ink.counts;
    expect(title).toBeGreaterThan(300);
    expect(factsInk).toBeGreaterThan(300);
    expect(plot).toBeGreaterThan(2000);
    writeFileSync(join(SHOTS, 'export-stock.png'), png.bytes);

    // SVG
    const svg = await download(page, () => chartButton(page, 'stock', 'svg').click());
    expect(svg.d.suggestedFilename()).toBe(`${state.scenarioId}-seed${state.settings.seed}-stock.svg`);
    const srec = await lastExport(page);
    expect(srec.kind).toBe('svg');
    const text = svg.bytes.toString('utf8');
    writeFileSync(join(SHOTS, 'export-stock.svg'), text);
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      const root = doc.documentElement;
      const paths = [...doc.querySelectorAll('path')].map((p) => ({ stroke: p.getAttribute('stroke') ?? '', segments: (p.getAttribute('d') ?? '').split(/[L]/).length - 1 }));
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        tag: root.tagName,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        texts: [...doc.querySelectorAll('text')].map((x) => x.textContent ?? ''),
        paths,
      };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.tag).toBe('svg');
    expect(parsed.width).toBe(Math.round(facts.width));
    expect(parsed.height).toBe(Math.round(facts.height) + header);
    expect(parsed.texts).toContain('FGNX stock price');
    for (const line of srec.header) expect(parsed.texts).toContain(line);
    expect(srec.header.length).toBeGreaterThan(2); // FGNX's long name wraps at 421 px
    expect(parsed.texts).toContain(facts.yTitle); // y axis title
    expect(parsed.texts).toContain(m![2]); // the last date on the x axis
    expect(parsed.texts.filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t)).length).toBeGreaterThanOrEqual(3); // date ticks
    // The stock price series is one stroked path through every day (Chart.js draws it point by point).
    const priced = facts.datasets[0];
    expect(priced.points).toBe(dates);
    const longest = Math.max(...parsed.paths.map((p) => p.segments));
    expect(longest).toBeGreaterThanOrEqual(dates - 1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a phone in dark mode: the buttons fit the chart header and the PNG has the dark panel behind the header', async () => {
    const { page, context, errors } = await openPage(h, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    const fits = await page.evaluate(() => {
      const el = document.querySelector('dat-single-view')!.shadowRoot!.querySelector('dat-chart[chart-id="stock"]')!;
      const fig = el.shadowRoot!.querySelector('figure')!.getBoundingClientRect();
      return [...el.shadowRoot!.querySelectorAll('figcaption button')].map((b) => {
        const r = b.getBoundingClientRect();
        return { text: (b as HTMLElement).innerText, inside: r.left >= fig.left && r.right <= fig.right };
      });
    });
    expect(fits.map((f) => f.text)).toEqual(expect.arrayContaining(['PNG', 'SVG']));
    expect(fits.every((f) => f.inside)).toBe(true);
    const png = await download(page, () => chartButton(page, 'stock', 'png').click());
    const rec = await lastExport(page);
    expect(pngSize(png.bytes)).toEqual([rec.pixelWidth, rec.pixelHeight]);
    expect(rec.pixelWidth).toBe(2 * rec.cssWidth);
    const { bg: corner } = await inkInBands(page, png.bytes, []);
    expect(corner[0] + corner[1] + corner[2]).toBeLessThan(3 * 80); // a dark background
    writeFileSync(join(SHOTS, 'export-stock-dark-phone.png'), png.bytes);
    await page.locator('dat-single-view dat-chart[chart-id="stock"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'sim-chart-buttons-390x844-dark.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('exports an ensemble fan chart as SVG with the path count in its header', async () => {
    const { page, context, errors } = await openPage(h);
    await page.locator('#paths').fill('40');
    await page.locator('#paths').dispatchEvent('change');
    await page.waitForFunction(() => (window.__datDebug!.state() as { settings: { paths: number } }).settings.paths === 40);
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as { ensemble: { status: string } }).ensemble.status === 'done', undefined, { timeout: 60_000 });
    const svg = await download(page, () => page.locator('dat-ensemble-view dat-chart[chart-id="fan-stock"] button.svg').click());
    const rec = await lastExport(page);
    expect(rec.header.slice(1).join(' · ')).toMatch(/seed 1 · \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} · 40 paths$/);
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, paths: doc.querySelectorAll('path').length, texts: [...doc.querySelectorAll('text')].map((x) => x.textContent) };
    }, svg.bytes.toString('utf8'));
    expect(parsed.error).toBeNull();
    expect(parsed.texts).toContain(rec.title);
    expect(parsed.paths).toBeGreaterThan(5); // bands, median, axes
    writeFileSync(join(SHOTS, 'export-fan-stock.svg'), svg.bytes);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('saves a one-page HTML report with the app\'s figures, the charts and the events, that loads nothing', async () => {
    const { page, context, errors } = await openPage(h);
    const name = (await page.locator('.scenario-name').first().innerText()).trim();
    const state = (await page.evaluate(() => window.__datDebug!.state())) as { scenarioId: string; settings: { seed: string; horizonDays: number } };
    const rep = await download(page, () => page.locator('dat-export-bar #export-report').click());
    expect(rep.d.suggestedFilename()).toBe(`${state.scenarioId}-seed${state.settings.seed}-report.html`);
    const html = rep.bytes.toString('utf8');
    writeFileSync(join(RESULTS, 'report.html'), html);
    copyFileSync(join(RESULTS, 'report.html'), join(SHOTS, 'report.html'));
    expect((await page.locator('dat-export-bar .msg').innerText()).trim()).toBe('Report saved: one HTML file, opens offline.');

    // Nothing to fetch: no scripts, stylesheets, frames or URLs; a CSP that allows no source.
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|base)\b/i);
    expect(html).not.toMatch(/\b(src|href|xlink:href|srcset|action)\s*=/i);
    expect(html).not.toMatch(/url\((?!#)|@import/i); // clip paths are url(#id) within the file
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);

    // The app's summary cells and events, as shown.
    await page.locator('dat-event-timeline input[type=checkbox]').check();
    const app = await page.evaluate(() => {
      const sv = document.querySelector('dat-single-view')!.shadowRoot!;
      const st = sv.querySelector('dat-summary-table')!.shadowRoot!;
      const tables = [...st.querySelectorAll('table')].map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
      const events = [...sv.querySelector('dat-event-timeline')!.shadowRoot!.querySelectorAll('li button')].map((b) => (b.textContent ?? '').replace(/\s+/g, ' ').trim());
      return { tables, events };
    });
    expect(app.tables).toHaveLength(2);
    expect(app.events.length).toBeGreaterThan(0);

    // Open the report offline in a fresh page and count requests.
    const off = await h.browser.newContext({ offline: true, viewport: { width: 1000, height: 800 } });
    const rp = await off.newPage();
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    rp.on('request', (r) => requests.push(r.url()));
    rp.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await rp.setContent(html, { waitUntil: 'load' });
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    const got = await rp.evaluate(() => {
      const clean = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
      const facts = Object.fromEntries([...document.querySelectorAll('dl.facts dt')].map((dt) => [clean(dt.textContent), clean(dt.nextElementSibling!.textContent)]));
      return {
        title: document.title,
        h1: clean(document.querySelector('h1')!.textContent),
        facts,
        tables: [...document.querySelectorAll('#summary table')].map((t) => [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => clean(c.textContent)))),
        events: [...document.querySelectorAll('#events tbody tr')].map((tr) => [...tr.children].map((c) => clean(c.textContent))),
        charts: [...document.querySelectorAll('#charts figure')].map((f) => ({ label: f.getAttribute('aria-label'), svg: !!f.querySelector('svg'), ns: f.querySelector('svg')?.namespaceURI, texts: [...f.querySelectorAll('text')].map((t) => t.textContent) })),
      };
    });
    expect(got.h1).toBe(name);
    expect(got.facts.Seed).toContain(state.settings.seed);
    expect(got.facts.Horizon).toMatch(new RegExp(`^${state.settings.horizonDays} days, \\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}$`));
    expect(got.tables).toEqual(app.tables);
    // Each timeline entry (date, company, text) is one row of the report, in order.
    expect(got.events.map((r) => `${r[0].split(' to ')[0]}${r[1]}${r[2]}`.replace(/\s+/g, ''))).toEqual(app.events.map((e) => e.replace(/ to \d{4}-\d{2}-\d{2}$/, '').replace(/\s+/g, '')));
    expect(got.charts.map((c) => c.label)).toEqual(['ETH price', 'FGNX stock price', 'FGNX mNAV', 'FGNX ETH held and sold', 'FGNX debt and LTV', 'Net flows into ETH by source']);
    for (const c of got.charts) {
      expect(c.ns).toBe('http://www.w3.org/2000/svg');
      expect(c.texts).toContain(c.label);
    }
    await rp.screenshot({ path: join(SHOTS, 'report-1000.png'), fullPage: true });
    await rp.screenshot({ path: join(RESULTS, 'export-report.png') });
    await off.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
