/**
 * The Analysis page in a real browser, on FGNX: the page is a lazy chunk,
 * a tornado (8 paths, 180 days) computed in the worker matches
 * src/analysis/sensitivity.ts run here in Node and is sorted by swing, cancel
 * stops a run while the page stays responsive, and a 2x2 stress grid matches
 * src/analysis/stress.ts cell by cell, all on one worker (too little work for two); on wargame-ten
 * the tornado and the grid run on several workers and match Node, and the variations whose runs
 * stop (a runaway BTC price) are listed, as are the grid's cells that stop. Screenshots:
 * test-results/analysis-1280x800.png, analysis-failed-variations-1280x800.png,
 * analysis-stopped-cells-1280x800.png.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { resolveScenario } from '../../src/resolve.ts';
import { PARAMETER_RANGES } from '../../src/analysis/ranges.ts';
import { tornado } from '../../src/analysis/sensitivity.ts';
import { stressGrid } from '../../src/analysis/stress.ts';
import { cellVerdict } from '../../web/lib/analysis-metrics.ts';
import { estimatedSeconds } from '../../src/analysis/units.ts';
import { workerCountForWork } from '../../web/lib/worker-job.ts';
import { useHarness, appState, DIST, openPage, pickScenario, RESULTS, ROOT, type Harness } from './helpers.ts';

let h: Harness;
const fgnx = resolveScenario(JSON.parse(readFileSync(join(ROOT, 'scenarios/fgnx.json'), 'utf8')));
const wargame = resolveScenario(JSON.parse(readFileSync(join(ROOT, 'scenarios/wargame-ten.json'), 'utf8')));

useHarness((x) => (h = x));

async function setInput(page: Page, selector: string, value: string): Promise<void> {
  const l = page.locator(selector);
  await l.fill(value);
  await l.dispatchEvent('change');
}

function status(page: Page, tag: string): Promise<string | null> {
  return page.locator(`${tag} section`).getAttribute('data-status');
}

async function waitStatus(page: Page, tag: string, want: string, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    ({ tag, want }) => document.querySelector(tag)?.shadowRoot?.querySelector('section')?.getAttribute('data-status') === want,
    { tag, want },
    { timeout },
  );
}

describe('analysis page', () => {
  it('is not in the first load', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    for (const f of initial) {
      const text = readFileSync(join(DIST, f), 'utf8');
      expect(text.includes('dat-analysis-tornado'), f).toBe(false);
      expect(text.includes('Stress grid: coin drawdown'), f).toBe(false);
    }
  });

  it('runs a tornado and a stress grid for FGNX in a worker, matching the CLI computations', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/analysis' });
    expect((await appState<{ route: { page: string }; scenarioId: string }>(page)).route.page).toBe('analysis');
    await page.locator('dat-analysis-tornado #tornado-run').waitFor({ timeout: 30_000 });
    await expect(page.locator('#nav-analysis').getAttribute('aria-current')).resolves.toBe('page');

    // Metric picker: every metric for ETH and FGNX.
    const options = await page.locator('#tornado-metric option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toContain('selfInflictedDrawdown:ETH');
    expect(options).toContain('pDelisting:FGNX');
    expect(options.every((o) => o.endsWith(':ETH') || o.endsWith(':FGNX'))).toBe(true);
    expect(await page.locator('dat-analysis-tornado section').innerText()).toContain('common random numbers');

    // Cancel: a bigger run, stopped; the page answers while the worker computes.
    await setInput(page, '#tornado-paths', '400');
    await page.locator('#tornado-run').click();
    await waitStatus(page, 'dat-analysis-tornado', 'running');
    const t0 = Date.now();
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(null))));
    const frameMs = Date.now() - t0;
    expect(frameMs).toBeLessThan(1000);
    await page.locator('#tornado-cancel').click();
    await waitStatus(page, 'dat-analysis-tornado', 'cancelled');

    // The small tornado.
    const metric = 'selfInflictedDrawdown:ETH';
    await page.locator('#tornado-metric').selectOption(metric);
    await setInput(page, '#tornado-paths', '8');
    await setInput(page, '#tornado-days', '180');
    const tt = Date.now();
    await page.locator('#tornado-run').click();
    await waitStatus(page, 'dat-analysis-tornado', 'done');
    const tornadoMs = Date.now() - tt;
    // 29 ensembles of 8 paths x 180 days: too little work to start a second worker (web/lib/worker-job.ts).
    expect(await page.locator('dat-analysis-tornado section').getAttribute('data-workers')).toBe('1');
    const rows = await page.locator('#tornado-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ parameter: tr.getAttribute('data-parameter')!, swing: Number(tr.getAttribute('data-swing')) })),
    );
    expect(rows).toHaveLength(PARAMETER_RANGES.length);
    const finite = rows.filter((r) => Number.isFinite(r.swing));
    for (let i = 1; i < finite.length; i++) expect(finite[i - 1].swing).toBeGreaterThanOrEqual(finite[i].swing);
    expect(rows.slice(0, finite.length)).toEqual(finite); // undefined swings (if any) last
    const ref = tornado(fgnx, metric, { paths: 8, seed: fgnx.seed, days: 180 });
    expect(rows.map((r) => r.parameter)).toEqual(ref.rows.map((r) => r.parameter));
    rows.forEach((r, i) => expect(r.swing).toBeCloseTo(ref.rows[i].swing, 12));
    expect(await page.locator('dat-chart[chart-id="tornado"] canvas').count()).toBe(1);
    const dump = (await page.evaluate(() => window.__datDebug!.chart('tornado'))) as { type: string; datasets: unknown[] } | null;
    expect(dump?.type).toBe('bar');
    expect(dump?.datasets).toHaveLength(2);

    // The 2x2 stress grid.
    await page.locator('#stress-company').selectOption('FGNX');
    await setInput(page, '#stress-drawdowns', '30%, 60%');
    await setInput(page, '#stress-mnavs', '0.5, 2');
    await setInput(page, '#stress-decline', '60');
    await setInput(page, '#stress-days', '180');
    const ts = Date.now();
    await page.locator('#stress-run').click();
    await waitStatus(page, 'dat-analysis-stress', 'done');
    const stressMs = Date.now() - ts;
    const cells = await page.locator('#stress-table td[data-verdict]').evaluateAll((tds) =>
      tds.map((td) => ({
        drawdown: Number(td.getAttribute('data-drawdown')),
        mnav: Number(td.getAttribute('data-mnav')),
        verdict: td.getAttribute('data-verdict'),
        listing: td.getAttribute('data-listing'),
        insolvent: td.getAttribute('data-insolvent') === 'true',
        covenant: td.getAttribute('data-covenant') === 'true',
        selfInflicted: Number(td.getAttribute('data-self-inflicted')),
        text: (td as HTMLElement).innerText,
      })),
    );
    expect(cells.map((c) => [c.drawdown, c.mnav])).toEqual([[0.3, 0.5], [0.3, 2], [0.6, 0.5], [0.6, 2]]);
    const sref = stressGrid(fgnx, { company: 'FGNX', drawdowns: [0.3, 0.6], mnavs: [0.5, 2], declineDays: 60, days: 180 });
    cells.forEach((c, i) => {
      const r = sref.cells[i];
      if ('failure' in r) throw new Error(`FGNX cell ${i} stopped: ${r.failure}`);
      expect(c.verdict).toBe(cellVerdict(r));
      expect(c.listing).toBe(r.listingState);
      expect(c.insolvent).toBe(r.insolvent);
      expect(c.covenant).toBe(r.covenantBreach);
      expect(c.selfInflicted).toBeCloseTo(r.selfInflictedDrawdown, 12);
      expect(c.text).toContain('self-inflicted');
      expect(c.text).toContain(`listing: ${r.listingState}`);
    });
    expect(await page.locator('#stress-table thead th').count()).toBe(3);
    expect(await page.locator('#stress-table tbody th').allInnerTexts()).toEqual(['−30%', '−60%']);

    await page.locator('#analysis-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'analysis-1280x800.png') });
    await page.screenshot({ path: join(RESULTS, 'analysis-1280x800-full.png'), fullPage: true });
    writeFileSync(join(RESULTS, 'analysis-perf.json'), `${JSON.stringify({ tornadoMs, tornadoPaths: 8, tornadoDays: 180, stressMs, stressCells: 4, frameDuringRunMs: frameMs }, null, 2)}\n`);
    expect(await status(page, 'dat-analysis-stress')).toBe('done');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs the tornado and the grid of wargame-ten on several workers, matching Node, and lists the variations whose runs stopped', async () => {
    const { page, context, errors } = await openPage(h);
    await pickScenario(page, 'saved:wargame-ten.json');
    await page.evaluate(() => (location.hash = '#/analysis'));
    // The page opens on WG1's stock-price tornado over 100 paths x 730 days (29 ensembles, ~7.4 s of one
    // worker's compute): one worker per 2.5 s of it, as the cores allow (2 on 2 cores, 3 from 3).
    await waitStatus(page, 'dat-analysis-tornado', 'done', 180_000);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency || 2);
    const tornadoWorkers = workerCountForWork(29, estimatedSeconds({ type: 'tornado', scenario: wargame, options: { paths: 100, days: 730 } }, 29), cores);
    expect(tornadoWorkers).toBe(Math.min(3, cores));
    expect(await page.locator('dat-analysis-tornado section').getAttribute('data-workers')).toBe(String(tornadoWorkers));
    expect(await page.locator('#tornado-summary').innerText()).toContain(`on ${tornadoWorkers} worker`);
    // Two variations run away on some path (test/sensitivity.test.ts checks these against the engine):
    // their rows have no value, sort last, and the note says which figure, day and path.
    const failed = await page.locator('#tornado-failures li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-parameter'), (li as HTMLElement).innerText]));
    expect(failed).toEqual([
      ['impactLaw', 'impact law (square-root vs linear) = linear: markets.BTC.price would be Infinity on day 530 (2027-05-06) of path 0, outside what the model can carry.'],
      ['stock.turnover', 'stock turnover (ADV / market cap) = x2: markets.BTC.price would be 0 on day 700 (2027-10-23) of path 16, outside what the model can carry.'],
    ]);
    const rows = () => page.locator('#tornado-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({ parameter: tr.getAttribute('data-parameter')!, swing: Number(tr.getAttribute('data-swing')), failed: tr.getAttribute('data-failed') })));
    expect((await rows()).slice(-2).map((r) => [r.failed, r.swing])).toEqual([['high', NaN], ['high', NaN]]);
    await page.locator('#tornado-failures').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'analysis-failed-variations-1280x800.png') });

    // One path: every row against src/analysis/sensitivity.ts here in Node (path 16's failure is not in it).
    await setInput(page, '#tornado-paths', '1');
    await page.locator('#tornado-run').click();
    await waitStatus(page, 'dat-analysis-tornado', 'done');
    const ref = tornado(wargame, 'terminalStockPrice:WG1', { paths: 1, seed: '1', days: 730 });
    const got = await rows();
    expect(got.map((r) => r.parameter)).toEqual(ref.rows.map((r) => r.parameter));
    got.forEach((r, i) => (Number.isNaN(ref.rows[i].swing) ? expect(r.swing).toBeNaN() : expect(r.swing).toBeCloseTo(ref.rows[i].swing, 9)));
    expect(got.filter((r) => r.failed).map((r) => r.parameter)).toEqual(['impactLaw']);

    // A 3 x 4 grid (90-day decline, 730 days, ten companies: ~3 s of one worker's compute) on two workers where
    // there are two cores; at an 80% fall the companies' flows run BTC away (test/sensitivity.test.ts checks one
    // such cell against the engine): those cells say so, the rest of the grid stands.
    await setInput(page, '#stress-drawdowns', '40%, 60%, 80%');
    await setInput(page, '#stress-mnavs', '0.5, 1, 1.5, 2');
    await page.locator('#stress-run').click();
    await waitStatus(page, 'dat-analysis-stress', 'done', 180_000);
    expect(await page.locator('dat-analysis-stress section').getAttribute('data-workers')).toBe(String(Math.min(2, cores)));
    const cells = await page.locator('#stress-table td[data-verdict]').evaluateAll((tds) => tds.map((td) => ({ verdict: td.getAttribute('data-verdict'), listing: td.getAttribute('data-listing'), selfInflicted: Number(td.getAttribute('data-self-inflicted')), failure: td.getAttribute('data-failure') })));
    const sref = stressGrid(wargame, { company: 'WG1', drawdowns: [0.4, 0.6, 0.8], mnavs: [0.5, 1, 1.5, 2], declineDays: 90, days: 730 });
    expect(cells).toHaveLength(12);
    const stoppedRef = sref.cells.filter((c) => 'failure' in c);
    expect(stoppedRef.length).toBeGreaterThan(0);
    cells.forEach((c, i) => {
      const r = sref.cells[i];
      expect(c.verdict).toBe(cellVerdict(r));
      if ('failure' in r) return expect(c.failure).toBe(r.failure);
      expect(c.listing).toBe(r.listingState);
      expect(c.selfInflicted).toBeCloseTo(r.selfInflictedDrawdown, 12);
    });
    expect(await page.locator('#stress-failures li').count()).toBe(stoppedRef.length);
    expect(await page.locator('dat-analysis-stress .legend').innerText()).toContain('run stopped');
    await page.locator('#stress-failures').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'analysis-stopped-cells-1280x800.png') });

    // Cancel stops every worker of the job (each holds a unit; the next job starts fresh ones).
    const analysisWorkers = () => page.workers().filter((w) => w.url().includes('analysis.worker')).length;
    await setInput(page, '#tornado-paths', '100');
    await page.locator('#tornado-run').click();
    await waitStatus(page, 'dat-analysis-tornado', 'running');
    // The tornado's workers (kept from its first run) and the grid's (kept warm since it finished).
    expect(analysisWorkers()).toBe(tornadoWorkers + Math.min(2, cores));
    await page.locator('#tornado-cancel').click();
    await waitStatus(page, 'dat-analysis-tornado', 'cancelled');
    await expect.poll(analysisWorkers, { timeout: 10_000 }).toBe(Math.min(2, cores));
    expect(errors).toEqual([]);
    await context.close();
  });
});
