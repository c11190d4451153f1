/**
 * The Analysis page opens on a result that says something (issue 14,
 * deliverable 3): on FGNX it runs, unasked, the tornado of FGNX's mean stock
 * price at the horizon over 100 paths, shows the base with its standard error
 * and 95% interval (shaded on the chart), and the bars have spread; the base
 * is the one src/analysis/sensitivity.ts computes here in Node. A metric that
 * is 0 in every variation (pDelisting over 20 paths) gets a plain
 * explanation instead of a chart. Screenshots: desktop, phone, dark.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { resolveScenario } from '../../src/resolve.ts';
import { ensembleMetricValues, tornado } from '../../src/analysis/sensitivity.ts';
import { metricStats } from '../../src/analysis/tornado.ts';
import { parseMetric } from '../../src/analysis/metrics.ts';
import { useHarness, openPage, RESULTS, ROOT, type Harness } from './helpers.ts';

let h: Harness;
useHarness((x) => (h = x));

const SHOTS = process.env.DAT_SHOTS ?? join(RESULTS, 'shots');
mkdirSync(SHOTS, { recursive: true });
const fgnx = resolveScenario(JSON.parse(readFileSync(join(ROOT, 'scenarios/fgnx.json'), 'utf8')));

async function waitDone(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('dat-analysis-tornado')?.shadowRoot?.querySelector('section')?.getAttribute('data-status') === 'done', undefined, { timeout });
}

const base = (page: Page) =>
  page.locator('dat-analysis-tornado #tornado-base').evaluate((el) => ({
    mean: Number(el.getAttribute('data-mean')),
    se: Number(el.getAttribute('data-se')),
    sd: Number(el.getAttribute('data-sd')),
    n: Number(el.getAttribute('data-n')),
    text: (el as HTMLElement).innerText,
  }));

const swings = (page: Page) => page.locator('#tornado-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({ parameter: tr.getAttribute('data-parameter')!, swing: Number(tr.getAttribute('data-swing')) })));

describe('analysis opens on a result', () => {
  it('runs the stock-price tornado over 100 paths with its standard error, with spread', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/analysis' });
    const t0 = Date.now();
    await waitDone(page);
    const ms = Date.now() - t0;
    expect(await page.locator('#tornado-metric').inputValue()).toBe('terminalStockPrice:FGNX');
    expect(await page.locator('#tornado-paths').inputValue()).toBe('100');
    const b = await base(page);
    // The base against Node (the rows against Node are test/e2e/analysis.test.ts's, on fewer paths).
    const ref = metricStats(ensembleMetricValues(fgnx, parseMetric('terminalStockPrice:FGNX', fgnx), { paths: 100, seed: fgnx.seed, days: fgnx.horizonDays }));
    expect(b.n).toBe(100);
    expect(b.mean).toBeCloseTo(ref.mean, 10);
    expect(b.se).toBeCloseTo(ref.se, 10);
    expect(b.sd).toBeGreaterThan(0);
    expect(b.se).toBeCloseTo(b.sd / 10, 10); // sd / sqrt(100)
    expect(b.text).toContain('s.e.');
    expect(b.text).toContain('95% interval');
    const rows = await swings(page);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].swing).toBeGreaterThanOrEqual(rows[i].swing);
    expect(rows.filter((r) => r.swing > 0).length).toBeGreaterThanOrEqual(8);
    expect(await page.locator('dat-analysis-tornado #tornado-flat').count()).toBe(0);
    // The 95% interval is shaded behind the bars: base ± 1.96 s.e.
    const dump = (await page.evaluate(() => window.__datDebug!.chart('tornado'))) as { annotations: Record<string, { type: string; xMin: number; xMax: number }> } | null;
    expect(dump?.annotations.baseBand.type).toBe('box');
    expect(dump!.annotations.baseBand.xMin).toBeCloseTo(b.mean - 1.96 * b.se, 10);
    expect(dump!.annotations.baseBand.xMax).toBeCloseTo(b.mean + 1.96 * b.se, 10);
    console.log(`analysis default: terminalStockPrice:FGNX base ${b.mean.toFixed(3)} se ${b.se.toFixed(3)} sd ${b.sd.toFixed(3)}; ${rows.filter((r) => r.swing > 0).length} of ${rows.length} bars > 0; ${ms} ms from page load to result`);
    await page.locator('#analysis-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'analysis-default-1280x800.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains a metric that is 0 in every variation instead of drawing an empty chart', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/analysis' });
    // Run replaces the default run, whether or not it has finished.
    await page.locator('dat-analysis-tornado #tornado-run').waitFor({ timeout: 30_000 });
    await page.locator('#tornado-metric').selectOption('pDelisting:FGNX');
    await page.locator('#tornado-paths').fill('20');
    await page.locator('#tornado-paths').dispatchEvent('change');
    await page.locator('#tornado-run').click();
    await page.waitForFunction(() => document.querySelector('dat-analysis-tornado')?.shadowRoot?.querySelector('#tornado-summary')?.textContent?.includes('pDelisting:FGNX'), undefined, { timeout: 60_000 });
    await waitDone(page);
    const ref = tornado(fgnx, 'pDelisting:FGNX', { paths: 20, seed: fgnx.seed, days: fgnx.horizonDays });
    // The premise: every variation is 0 (this is what the page used to show as a blank chart).
    expect([ref.base, ...ref.rows.flatMap((r) => [r.metricLow, r.metricHigh])].every((v) => v === 0)).toBe(true);
    const flat = await page.locator('dat-analysis-tornado #tornado-flat').innerText();
    expect(flat).toContain('No path reached a delisting');
    expect(flat).toContain('in 20 paths of 365 days');
    expect(flat).toContain('longer horizon');
    expect(await page.locator('dat-analysis-tornado dat-chart[chart-id="tornado"]').count()).toBe(0);
    expect(await page.locator('dat-analysis-tornado #tornado-flat').getAttribute('role')).toBe('status');
    await page.locator('dat-analysis-tornado #tornado-flat').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'analysis-flat-1280x800.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('looks right on a phone and in dark mode', async () => {
    for (const [name, opts] of [
      ['analysis-default-390x844', { viewport: { width: 390, height: 844 } }],
      ['analysis-default-dark-1280x800', { colorScheme: 'dark' as const }],
    ] as const) {
      const { page, context, errors } = await openPage(h, { hash: '#/analysis', ...opts });
      await waitDone(page);
      const tornadoBox = await page.locator('dat-analysis-tornado dat-chart').boundingBox();
      const vw = page.viewportSize()!.width;
      expect(tornadoBox!.x + tornadoBox!.width).toBeLessThanOrEqual(vw); // no sideways scroll
      await page.locator('dat-analysis-tornado #tornado-base').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
      await page.locator('dat-analysis-tornado dat-chart').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(SHOTS, `${name}-chart.png`) });
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
