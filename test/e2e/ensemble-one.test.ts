/**
 * One ensemble code in the app and in `dat-sim mc` (issue 13, item 5), and the
 * partial result after a cancel (issue 14, item 2).
 *
 * 1. The app runs an ensemble in its Web Workers (300 paths: 2 workers on this
 *    2-core machine; 50 paths: 1 worker); the same scenario, seed, horizon and
 *    path count go through monteCarlo() (the library call behind `dat-sim mc`)
 *    in Node, in-process: the summaries are equal, figure for figure (every
 *    event kind's count, probability and first-day quantiles and dates,
 *    terminal quantiles, the counterfactual, the bands), and so is the
 *    resolved scenario's hash.
 * 2. Cancel: slices of paths go out in path order and every slice handed out
 *    finishes, so the partial result is paths 0..n-1; the app labels it
 *    "partial: n of 5,000 paths, cancelled", and its figures and fan-chart
 *    median are monteCarlo(paths = n)'s. While a run is under way the previous
 *    bands are not on screen.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolveScenario } from '../../src/resolve.ts';
import { monteCarlo } from '../../src/batch/mc.ts';
import type { EnsembleSummary } from '../../src/batch/ensemble.ts';
import { appState, chart, openPage, useHarness, type Harness } from './helpers.ts';
import { hashFor, THREE_COMPANIES, THREE_SETTINGS } from './fixtures.ts';

let h: Harness;
useHarness((x) => (h = x));

const SHOTS = '/work/shots/one-ensemble';

interface AppEnsemble {
  summary: EnsembleSummary;
  /** How the bands reached the page: typed arrays over one transferred buffer. */
  bandArrays: { types: string[]; buffers: number };
  requested: number;
  cancelled: boolean;
  workers: number;
}

interface State {
  ensemble: { status: string; done: number; total: number; paths: number; requested: number; cancelled: boolean };
}

/** The summary without the engine identity (the app reports "web app", the CLI its package version and source hash). */
const figures = (s: EnsembleSummary) => JSON.stringify({ ...s, engine: null });

type Page = Awaited<ReturnType<typeof openPage>>['page'];
const appEnsemble = (page: Page) => page.evaluate(() => (window.__datDebug as unknown as { ensemble(): unknown }).ensemble()) as Promise<AppEnsemble | null>;

describe('ensembles: the app and dat-sim mc report the same figures', () => {
  it('same scenario, seed, horizon and paths: equal summaries (app with 2 workers and with 1, library in-process)', async () => {
    const settings = { ...THREE_SETTINGS, horizonDays: 120, paths: 300, view: 'ensemble' as const };
    const { page, context, errors } = await openPage(h, { hash: await hashFor(THREE_COMPANIES, settings) });
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as State).ensemble.status === 'done', undefined, { timeout: 60_000 });
    const app = (await appEnsemble(page))!;
    expect(app.cancelled).toBe(false);
    expect(app.workers).toBeGreaterThanOrEqual(1);
    const cli = await monteCarlo(resolveScenario(THREE_COMPANIES), { paths: 300, seed: '7', days: 120, workers: 1 });
    expect(app.summary.scenario.hash).toBe(cli.scenario.hash);
    // The worker handed the bands over as Float64Arrays on one buffer (transferred, not copied).
    expect(app.bandArrays).toEqual({ types: ['Float64Array'], buffers: 1 });
    expect(app.summary.paths).toBe(300);
    // Named figures first (readable failures), then everything.
    for (const t of ['AAA', 'BBB', 'CCC']) {
      for (const ev of ['notice', 'determination', 'delisting', 'insolvency', 'forcedSale', 'anySale', 'reverseSplit', 'secondPeriod', 'hearingStay'] as const) {
        expect(app.summary.companies[t].events[ev], `${t} ${ev}`).toEqual(cli.companies[t].events[ev]);
      }
      expect(app.summary.companies[t].terminal).toEqual(cli.companies[t].terminal);
    }
    expect(app.summary.companies.AAA.events.anySale.day?.medianDate).toBe(cli.companies.AAA.events.anySale.day?.medianDate);
    expect(app.summary.markets).toEqual(cli.markets);
    expect(figures(app.summary)).toBe(figures(cli));
    // What the page shows is that summary: the events table and the fan chart's median.
    const row = page.locator('#ensemble-events tr[data-event="notice"] td[data-stat="probability"]');
    expect(Number(await row.getAttribute('data-value'))).toBe(cli.companies.AAA.events.notice.probability);
    const fan = await chart(page, 'fan-coin');
    expect(fan!.datasets.find((d) => d.label === 'median')!.data).toEqual(cli.bands!.markets.BTC.price.q50);
    // The app's pool: one worker per 50 paths, at most the cores (2 here): 300 paths ran on 2 workers
    // (when the browser reports 2 or more cores), 50 paths run on 1; both equal the library's run.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(app.workers).toBe(Math.min(4, cores, 6));
    await page.locator('#paths').fill('50');
    await page.locator('#paths').dispatchEvent('change');
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => {
      const e = (window.__datDebug!.state() as State).ensemble;
      return e.status === 'done' && e.paths === 50;
    }, undefined, { timeout: 60_000 });
    const one = (await appEnsemble(page))!;
    expect(one.workers).toBe(1);
    const cli50 = await monteCarlo(resolveScenario(THREE_COMPANIES), { paths: 50, seed: '7', days: 120, workers: 1 });
    expect(figures(one.summary)).toBe(figures(cli50));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a cancelled ensemble keeps its finished paths (0..n-1) as a labelled partial result', async () => {
    const settings = { ...THREE_SETTINGS, horizonDays: 365, paths: 60, view: 'ensemble' as const };
    const { page, context, errors } = await openPage(h, { hash: await hashFor(THREE_COMPANIES, settings) });
    // A first, complete ensemble: its bands are on screen.
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as State).ensemble.status === 'done', undefined, { timeout: 60_000 });
    expect(await chart(page, 'fan-coin')).not.toBeNull();
    // A big one: while it runs, the old bands leave the screen.
    await page.locator('#paths').fill('5000');
    await page.locator('#paths').dispatchEvent('change');
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => {
      const e = (window.__datDebug!.state() as State).ensemble;
      return e.status === 'running' && e.done > 0;
    }, undefined, { timeout: 60_000 });
    expect(await chart(page, 'fan-coin')).toBeNull();
    await page.locator('#ensemble-cancel').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as State).ensemble.status === 'cancelled', undefined, { timeout: 60_000 });
    const app = (await appEnsemble(page))!;
    const n = app.summary.paths;
    expect(app.cancelled).toBe(true);
    expect(app.requested).toBe(5000);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(5000);
    // Slices of 50 paths (src/batch/runner.ts planSlices with WEB_MAX_SLICE): the prefix is whole slices.
    expect(n % 50).toBe(0);
    const label = page.locator('#ensemble-partial');
    await expect.poll(() => label.innerText()).toContain(`partial: ${n.toLocaleString('en-US')} of 5,000 paths, cancelled`);
    expect(await page.locator('dat-ensemble-view dat-chart[chart-id="fan-coin"]').getAttribute('chart-id')).toBe('fan-coin');
    // Exactly the finished paths: the summary of dat-sim mc --paths n with the same seed.
    const cli = await monteCarlo(resolveScenario(THREE_COMPANIES), { paths: n, seed: '7', days: 365, workers: 1 });
    expect(figures(app.summary)).toBe(figures(cli));
    const fan = await chart(page, 'fan-coin');
    expect(fan!.datasets.find((d) => d.label === 'median')!.data).toEqual(cli.bands!.markets.BTC.price.q50);
    expect((await appState<State>(page)).ensemble).toMatchObject({ paths: n, requested: 5000, cancelled: true });
    // The export says so too, and holds the partial bands.
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator('dat-export-bar button', { hasText: 'Ensemble CSV' }).click()]);
    expect(d.suggestedFilename()).toBe(`e2e-three-seed7-ensemble-${n}-of-5000-partial.csv`);
    const rows = readFileSync((await d.path())!, 'utf8').trim().split('\r\n').map((r) => r.split(','));
    const col = rows[0].indexOf('BTC.price.q50');
    expect(rows.slice(1).map((r) => Number(r[col]))).toEqual(cli.bands!.markets.BTC.price.q50);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'partial-1280x800.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
