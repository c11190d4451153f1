/**
 * The Risk view in a real browser: opened from a share link (three treasuries
 * on two coins), the focus company's trigger prices are the dashed lines of
 * the coin chart and the rows of its table (sorted by distance), every
 * company has a table, the multi-company ladder is there, the share link keeps
 * the view, the CSV export downloads, and screenshots (desktop and phone) are
 * written to test-results/ for a look. "Odds over N paths" runs the risk map's
 * Monte Carlo in analysis workers, a slice of the paths each: the odds shown are riskMap's in Node (what
 * `dat-sim risk --paths N --seed S` prints) for the same scenario, seed and paths.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useHarness, chart, openPage, setParam, RESULTS, type Harness } from './helpers.ts';
import { resolveScenario } from '../../src/resolve.ts';
import { riskMap } from '../../src/risk/map.ts';
import { hashFor, RULES_SCENARIO, THREE_COMPANIES, THREE_SETTINGS } from './fixtures.ts';
import { compileExpression } from '../../sim/expr.ts';

let h: Harness;
useHarness((x) => (h = x));

const RISK = { ...THREE_SETTINGS, horizonDays: 365, paths: 200, view: 'risk' as const };

describe('web app: Risk view', () => {
  it('shows trigger lines, tables per company and the ladder; keeps the view in the share link; exports CSV', async () => {
    const { page, context, errors } = await openPage(h, { hash: await hashFor(THREE_COMPANIES, RISK) });
    await page.locator('dat-risk-view table.risk-table').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('#tab-risk').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('dat-risk-view table.risk-table').count()).toBe(3);
    expect(await page.locator('dat-risk-view table.risk-ladder').count()).toBeGreaterThanOrEqual(1);

    // Focus company AAA: solved rows sorted by distance, the same prices as the chart's dashed lines.
    const rows = page.locator('dat-risk-view table.risk-table[data-ticker="AAA"] tbody tr[data-status="solved"]');
    const prices = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-price'))))) as number[];
    expect(prices.length).toBeGreaterThanOrEqual(2);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    await page.waitForFunction(() => !!window.__datDebug!.chart('risk-coin'));
    const c = await chart(page, 'risk-coin');
    const lines = Object.entries(c!.annotations).filter(([k]) => k.startsWith('risk-')).map(([, a]) => a.yMin!).sort((a, b) => b - a);
    expect(lines.length).toBe(prices.length);
    lines.forEach((y, k) => expect(y).toBeCloseTo(prices[k], 6));
    expect(c!.datasets[0].data.length).toBe(365);

    await page.screenshot({ path: join(RESULTS, 'risk-desktop.png'), fullPage: true });

    const [d] = await Promise.all([page.waitForEvent('download'), page.locator('#risk-csv').click()]);
    expect(d.suggestedFilename()).toMatch(/-risk\.csv$/);
    const csv = readFileSync((await d.path())!, 'utf8');
    expect(csv.startsWith('scenario,company,coin,coinPrice0,trigger')).toBe(true);
    expect(csv).toContain('AAA');

    // The ensemble's fan gets the same lines.
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as { ensemble: { status: string } }).ensemble.status === 'done', undefined, { timeout: 60_000 });
    await page.locator('#tab-risk').click();
    await page.waitForFunction(() => !!window.__datDebug!.chart('risk-fan'));
    const fan = await chart(page, 'risk-fan');
    expect(Object.keys(fan!.annotations).filter((k) => k.startsWith('risk-')).length).toBe(prices.length);

    await page.locator('#share').click();
    await page.locator('#share-url').waitFor();
    const url = await page.locator('#share-url').inputValue();
    expect(errors).toEqual([]);
    await context.close();

    const phone = await openPage(h, { hash: url.slice(url.indexOf('#')), viewport: { width: 390, height: 844 } });
    await phone.page.locator('dat-risk-view table.risk-table').first().waitFor({ timeout: 30_000 });
    expect(await phone.page.locator('#tab-risk').getAttribute('aria-selected')).toBe('true');
    // Wide tables scroll inside their box; the page itself does not scroll sideways.
    const o = await phone.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(o.scroll).toBeLessThanOrEqual(o.width);
    await phone.page.screenshot({ path: join(RESULTS, 'risk-phone.png'), fullPage: true });
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  }, 120_000);

  it('computes the odds in workers: the numbers of dat-sim risk for the same scenario, seed and paths; an edit clears them', async () => {
    const PATHS = 60;
    const { page, context, errors } = await openPage(h, { hash: await hashFor(THREE_COMPANIES, { ...RISK, paths: PATHS }) });
    await page.locator('dat-risk-view table.risk-table').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('dat-risk-view table.risk-listing').count()).toBe(0);
    await page.locator('#risk-odds').click();
    await page.locator('#risk-odds-done').waitFor({ timeout: 60_000 });
    // The run settings' horizon (365 days), not the scenario's own (730).
    expect(await page.locator('#risk-odds-done').innerText()).toContain(`--paths ${PATHS} --seed ${RISK.seed} --days ${RISK.horizonDays}`);
    // In slices on as many workers as the ensemble would use (60 paths: 2, where the browser has 2 cores or more).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency || 2);
    const workers = Math.min(4, cores, Math.ceil(PATHS / 50));
    expect(await page.locator('#risk-odds-done').innerText()).toContain(`on ${workers} worker${workers === 1 ? '' : 's'}`);

    expect(resolveScenario(THREE_COMPANIES).horizonDays).not.toBe(RISK.horizonDays);
    const ref = riskMap(resolveScenario(THREE_COMPANIES), { paths: PATHS, seed: RISK.seed, days: RISK.horizonDays });
    for (const c of ref.companies) {
      const shown = await page.locator(`dat-risk-view table.risk-listing[data-ticker="${c.ticker}"] tbody tr`).evaluateAll((trs) =>
        trs.map((tr) => ({ step: tr.getAttribute('data-step'), p: [...tr.querySelectorAll('td[data-p]')].map((td) => Number(td.getAttribute('data-p'))) })));
      expect(shown, c.ticker).toEqual(c.listing!.map((l) => ({ step: l.step, p: [l.within90Days.p, l.within1Year.p, l.withinHorizon.p] })));
      const triggers = await page.locator(`dat-risk-view table.risk-table[data-ticker="${c.ticker}"] tbody tr[data-id]`).evaluateAll((trs) =>
        trs.map((tr) => ({ id: tr.getAttribute('data-id'), p: [...tr.querySelectorAll('td[data-p]')].map((td) => Number(td.getAttribute('data-p'))) })));
      expect(triggers, c.ticker).toEqual(c.triggers.map((t) => ({ id: t.id, p: [t.odds!.within90Days.p, t.odds!.within1Year.p, t.odds!.withinHorizon.p] })));
    }
    // Something happens on these paths (else the comparison above is of zeros only).
    expect(ref.companies.some((c) => c.listing!.some((l) => l.withinHorizon.count > 0) || c.triggers.some((t) => t.odds!.withinHorizon.count > 0))).toBe(true);

    await page.screenshot({ path: join(RESULTS, 'risk-odds-desktop.png'), fullPage: true });
    // The export carries the odds.
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator('#risk-csv').click()]);
    const csv = readFileSync((await d.path())!, 'utf8');
    expect(csv).toContain('listing: lost (delisted or insolvent)');

    // Leaving the tab and coming back: the odds are still there (not recomputed).
    await page.locator('#tab-single').click();
    await page.locator('#tab-risk').click();
    await page.locator('#risk-odds-done').waitFor({ timeout: 10_000 });
    expect(await page.locator('dat-risk-view table.risk-listing').count()).toBe(3);

    // Another horizon: the odds were over 365 days, so they go and the button is back; the map is
    // recomputed at the new horizon.
    await page.locator('#horizon').fill('300');
    await page.locator('#horizon').dispatchEvent('change');
    await page.locator('#risk-odds').waitFor({ timeout: 30_000 });
    expect(await page.locator('dat-risk-view table.risk-listing').count()).toBe(0);
    await page.locator('#horizon').fill(String(RISK.horizonDays));
    await page.locator('#horizon').dispatchEvent('change');
    await page.locator('#risk-odds').waitFor({ timeout: 30_000 });

    // A parameter edit: the odds were for the previous scenario, so they go, and the button is back.
    await setParam(page, 'markets.BTC.sigma', 0.61);
    await page.locator('#risk-odds').waitFor({ timeout: 30_000 });
    expect(await page.locator('dat-risk-view table.risk-listing').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('computes the odds of a scenario with user rules: the risk worker loads the rule compiler for it', async () => {
    const PATHS = 60;
    const { page, context, errors } = await openPage(h, { hash: await hashFor(RULES_SCENARIO, { ...RISK, company: 'RULE', paths: PATHS }) });
    await page.locator('dat-risk-view table.risk-table').first().waitFor({ timeout: 30_000 });
    await page.locator('#risk-odds').click();
    await page.locator('#risk-odds-done').waitFor({ timeout: 60_000 });
    const ref = riskMap(resolveScenario(RULES_SCENARIO), { paths: PATHS, seed: RISK.seed, days: RISK.horizonDays, compileRule: compileExpression });
    const c = ref.companies[0];
    const shown = await page.locator('dat-risk-view table.risk-table[data-ticker="RULE"] tbody tr[data-id]').evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.getAttribute('data-id'), p: [...tr.querySelectorAll('td[data-p]')].map((td) => Number(td.getAttribute('data-p'))) })));
    expect(shown).toEqual(c.triggers.map((t) => ({ id: t.id, p: [t.odds!.within90Days.p, t.odds!.within1Year.p, t.odds!.withinHorizon.p] })));
    // The rule's own trigger is among them, and fires on some paths.
    expect(c.triggers.some((t) => t.kind === 'rule' && t.odds!.withinHorizon.count > 0)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('cancels the odds: every worker stops, the button is back, nothing half-done is shown', async () => {
    const { page, context, errors } = await openPage(h, { hash: await hashFor(THREE_COMPANIES, { ...RISK, paths: 5000 }) });
    await page.locator('dat-risk-view table.risk-table').first().waitFor({ timeout: 30_000 });
    await page.locator('#risk-odds').click();
    await page.locator('#risk-odds-progress').waitFor({ timeout: 10_000 });
    expect(await page.locator('#risk-odds-progress').innerText()).toMatch(/Odds: \d+ of 5000 paths/);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency || 2);
    const riskWorkers = () => page.workers().filter((w) => w.url().includes('risk.worker')).length;
    expect(riskWorkers()).toBe(Math.min(4, cores));
    await page.locator('#risk-odds-cancel').click();
    await page.locator('#risk-odds').waitFor({ timeout: 10_000 });
    await expect.poll(riskWorkers, { timeout: 10_000 }).toBe(0);
    expect(await page.locator('#risk-odds-done').count()).toBe(0);
    expect(await page.locator('dat-risk-view table.risk-listing').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
