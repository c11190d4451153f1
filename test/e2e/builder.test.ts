/**
 * The scenario builder (#/builder, web/components/dat-builder*.ts) in headless Chromium:
 *
 * 1. Round trip. Starting from the blank scenario, a company, a convertible, a policy and two
 *    scripted path points are added by clicking and typing; a negative daily volume shows an
 *    inline error naming the field path and what was expected (and the status counts it); fixed,
 *    the status says valid. Save is captured as a download; `dat-sim validate` accepts the file and
 *    `dat-sim run --format json` on it gives the same numbers the app shows after "Run this
 *    scenario" for the same seed (coin and stock series as charted, the summary table's figures).
 * 2. axe-core: no serious or critical finding on the builder page (with an error shown and every
 *    section open), desktop light and dark, phone dark; no sideways scroll on a 390-px phone;
 *    keyboard: adding a company moves focus to its first field. Screenshots go to test-results/
 *    (and /work/shots/web-builder/ when that folder exists).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { compact, usd } from '../../web/lib/format.ts';
import { appState, axeSerious, chart, focusedDescription, openPage, RESULTS, ROOT, useHarness, waitForRun, type Harness } from './helpers.ts';

let h: Harness;
useHarness((x) => (h = x));

const SHOTS = '/work/shots/web-builder';

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(RESULTS, `builder-${name}.png`), fullPage });
  if (existsSync(SHOTS)) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

async function openBuilder(page: Page): Promise<void> {
  await page.locator('#nav-builder').click();
  await page.locator('#builder-status').waitFor();
}

/** The status line's problem count once it settles on `n`. */
async function expectProblems(page: Page, n: number): Promise<void> {
  await expect.poll(() => page.locator('#builder-status').getAttribute('data-problems'), { timeout: 10_000 }).toBe(String(n));
}

/** Types into a field's box (found by its DOM id) and leaves it with Tab, as a keyboard user does. */
async function type(page: Page, id: string, text: string): Promise<void> {
  const box = page.locator(`#${id}`);
  await box.fill(text);
  await box.press('Tab');
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/dat-sim.mjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function axe(page: Page): Promise<string[]> {
  return (await axeSerious(page)).map((f) => `${f.rule} (${f.impact}) ${f.target} ${f.html}`);
}

describe('scenario builder', () => {
  it('builds a scenario by clicking and typing, flags a bad value at its field, saves JSON the CLI validates, and the CLI run gives the app\'s numbers', async () => {
    const { page, context, errors } = await openPage(h);
    await openBuilder(page);
    await page.locator('#start-from').selectOption('blank');
    await page.locator('#start').click();
    await expect.poll(() => page.locator('dat-builder-companies .company').count()).toBe(0);
    await expectProblems(page, 0);

    // A company: focus lands on its ticker.
    await page.locator('#add-company').click();
    await expect.poll(() => focusedDescription(page)).toMatch(/^input#f-companies-0-ticker/);
    await type(page, 'f-companies-0-ticker', 'BLDR');
    // An optional field left out shows the resolver's default (COMPANY_DEFAULTS.cashUsd = 0) in grey.
    expect(await page.locator('#f-companies-0-cashUsd').inputValue()).toBe('');
    expect(await page.locator('#f-companies-0-cashUsd').getAttribute('placeholder')).toBe('0 (default)');
    await type(page, 'f-companies-0-cashUsd', '5M');

    // A convertible (the instrument picker starts on it).
    await page.locator('dat-builder-instruments #kind').selectOption('convertible');
    await page.locator('dat-builder-instruments #add-instrument').click();
    expect(await page.locator('#f-companies-0-debt-0-principalUsd').inputValue()).not.toBe('');
    await type(page, 'f-companies-0-debt-0-principalUsd', '50M');
    await type(page, 'f-companies-0-debt-0-couponRate', '0.04');

    // A policy.
    await page.locator('dat-builder-policies #kind').selectOption('buybackBelowNav');
    await page.locator('dat-builder-policies #add-policy').click();
    await type(page, 'f-companies-0-policies-0-maxAdvFraction', '0.1');

    // Two scripted path points: BTC falls to $70k, then $60k.
    await page.getByRole('button', { name: 'Add path point to BTC' }).click();
    await page.getByRole('button', { name: 'Add path point to BTC' }).click();
    // The second point's row drawn first: a fill racing that render can lose the first row's date.
    await page.locator('#f-markets-BTC-scriptedPath-1-date').waitFor();
    await type(page, 'f-markets-BTC-scriptedPath-0-date', '2025-12-15');
    await type(page, 'f-markets-BTC-scriptedPath-0-price', '70000');
    await type(page, 'f-markets-BTC-scriptedPath-1-date', '2026-02-01');
    await type(page, 'f-markets-BTC-scriptedPath-1-price', '60k');
    await expectProblems(page, 0);

    // A bad value: a negative daily volume. While it is typed the status already counts it (live);
    // the error sits next to the field, names its path and what was expected.
    await page.locator('#f-markets-BTC-dailyVolumeUsd').fill('-5');
    await expectProblems(page, 1);
    await page.locator('#f-markets-BTC-dailyVolumeUsd').press('Tab');
    await expectProblems(page, 1);
    expect(await page.locator('#builder-status').textContent()).toMatch(/1 problem/);
    const err = page.locator('#f-markets-BTC-dailyVolumeUsd-err');
    await expect.poll(() => err.textContent()).toMatch(/markets\.BTC\.dailyVolumeUsd: .*expected number to be >=1/);
    expect(await page.locator('#f-markets-BTC-dailyVolumeUsd').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-markets-BTC-dailyVolumeUsd').getAttribute('aria-describedby')).toContain('f-markets-BTC-dailyVolumeUsd-err');
    // Run refuses while it is invalid (aria-disabled, so still focusable: Enter explains why); the problem list links to the field.
    await page.locator('#builder-run').focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#builder-message').textContent()).toMatch(/Fix the problems/);
    expect((await appState<{ route: { page: string } }>(page)).route.page).toBe('builder');
    await page.locator('#builder-problems button').first().click();
    expect(await focusedDescription(page)).toMatch(/^input#f-markets-BTC-dailyVolumeUsd/);
    await page.locator('#start').focus();
    await page.locator('#builder-first-problem').click(); // in the sticky status bar
    expect(await focusedDescription(page)).toMatch(/^input#f-markets-BTC-dailyVolumeUsd/);
    await shot(page, 'desktop-error');

    // Fixed.
    await type(page, 'f-markets-BTC-dailyVolumeUsd', '30B');
    await expectProblems(page, 0);
    expect(await err.count()).toBe(0);
    expect(await page.locator('#builder-status').textContent()).toMatch(/Valid/);

    // Save: the download is the draft, and the CLI accepts it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#builder-save').click()]);
    expect(download.suggestedFilename()).toBe('my-scenario.json');
    const file = join(RESULTS, 'builder-my-scenario.json');
    await download.saveAs(file);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.markets.BTC.dailyVolumeUsd).toBe(30e9);
    expect(saved.markets.BTC.scriptedPath).toEqual([{ date: '2025-12-15', price: 70_000 }, { date: '2026-02-01', price: 60_000 }]);
    expect(saved.companies).toHaveLength(1);
    expect(saved.companies[0]).toMatchObject({ ticker: 'BLDR', cashUsd: 5e6, coin: 'BTC' });
    expect(saved.companies[0].debt).toEqual([{ kind: 'convertible', id: 'convertible', principalUsd: 50e6, maturityDate: '2028-11-20', conversionPrice: 10, couponRate: 0.04 }]);
    expect(saved.companies[0].policies).toEqual([{ kind: 'buybackBelowNav', maxAdvFraction: 0.1 }]);
    const v = cli(['validate', file]);
    expect(v.stderr + v.stdout).not.toMatch(/invalid/i);
    expect(v.status).toBe(0);
    const run = cli(['run', file, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      seed: string;
      dates: string[];
      markets: Record<string, { price: (number | null)[] }>;
      companies: Record<string, { stockPrice: (number | null)[]; coins: (number | null)[] }>;
      summary: { markets: Record<string, { startPrice: number; terminalPrice: number }>; companies: Record<string, { terminalStockPrice: number; terminalMnav: number | null; coinsHeld: number }> };
    };
    expect(out.seed).toBe('1');
    expect(out.dates).toHaveLength(365);
    // The scripted points drive the coin: with no price0, the path's level the day before the start
    // (flat before the first point: $70k) is the start price (docs/model.md section 2).
    expect(out.summary.markets.BTC.startPrice).toBe(70_000);

    // Run it in the app: back on the simulator with the built scenario, same seed.
    await page.locator('#builder-run').click();
    await page.waitForFunction(() => {
      const s = window.__datDebug?.state() as { scenarioId?: string; route?: { page: string }; companies?: string[] } | null;
      return s?.scenarioId === 'my-scenario' && s.route?.page === 'sim' && s.companies?.includes('BLDR');
    }, undefined, { timeout: 20_000 });
    await page.waitForFunction(() => (window.__datDebug?.chart('stock')?.datasets[0]?.label ?? '') === 'BLDR stock', undefined, { timeout: 20_000 });
    const st = await appState<{ settings: { seed: string; horizonDays: number; deterministic: boolean } }>(page);
    expect(st.settings).toMatchObject({ seed: '1', horizonDays: 365, deterministic: false });
    const stock = (await chart(page, 'stock'))!.datasets.find((d) => d.label === 'BLDR stock')!.data;
    const coin = (await chart(page, 'coin'))!.datasets.find((d) => d.label === 'BTC price')!.data;
    const held = (await chart(page, 'coins'))!.datasets.find((d) => d.label === 'BTC held')!.data;
    // The same numbers, day by day, as the CLI printed.
    expect(stock).toEqual(out.companies.BLDR.stockPrice);
    expect(coin).toEqual(out.markets.BTC.price);
    expect(held).toEqual(out.companies.BLDR.coins);
    // And the summary table's figures are the CLI summary's, formatted.
    const row = await page.locator('dat-summary-table tr', { hasText: 'BLDR' }).first().locator('td').allTextContents();
    const s = out.summary.companies.BLDR;
    expect(row[0]).toBe(usd(s.terminalStockPrice, 3));
    expect(row[1]).toBe(s.terminalMnav === null ? '–' : compact(s.terminalMnav, 3));
    expect(row[5]).toBe(compact(s.coinsHeld));
    const mrow = await page.locator('dat-summary-table tr', { hasText: 'BTC' }).first().locator('td').allTextContents();
    expect(mrow[0]).toBe(usd(70_000, 4));
    expect(mrow[1]).toBe(usd(out.summary.markets.BTC.terminalPrice, 4));
    // The built scenario is in the picker as the builder's draft, named by its file.
    expect(await page.locator('dat-scenario-picker').evaluate((el) => el.shadowRoot?.textContent ?? '')).toMatch(/Builder draft \(my-scenario\.json\)/);

    // Back in the builder, the draft is still there.
    await openBuilder(page);
    await expect.poll(() => page.locator('#f-companies-0-ticker').inputValue()).toBe('BLDR');
    writeFileSync(join(RESULTS, 'builder-cli-run.json'), JSON.stringify(out.summary, null, 2));
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  /** The picker's "Opened this session" entries ([value, label]) and the value selected. */
  async function pickerEntries(page: Page): Promise<{ opened: [string, string][]; selected: string }> {
    return page.locator('dat-scenario-picker').evaluate((el) => {
      const root = el.shadowRoot!;
      const opened = [...root.querySelectorAll('optgroup[label="Opened this session"] option')].map((o) => [(o as HTMLOptionElement).value, o.textContent ?? ''] as [string, string]);
      return { opened, selected: (root.querySelector('select') as HTMLSelectElement).value };
    });
  }

  /** "Run this scenario", then waits until the simulator charts `ticker`'s stock. */
  async function runDraft(page: Page, ticker: string): Promise<void> {
    await page.locator('#builder-run').click();
    await page.waitForFunction((t) => {
      const s = window.__datDebug?.state() as { route?: { page: string }; urlRestored?: boolean } | null;
      return s?.route?.page === 'sim' && s.urlRestored !== false && (window.__datDebug?.chart('stock')?.datasets[0]?.label ?? '') === `${t} stock`;
    }, ticker, { timeout: 20_000 });
  }

  it('running the draft again (after an edit) replaces its one picker entry, selected, charting the new draft; reload and Back keep the view', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/builder' });
    await page.locator('#builder-status').waitFor();
    await type(page, 'f-companies-0-ticker', 'ONE');
    await expectProblems(page, 0);
    await runDraft(page, 'ONE');
    const first = await pickerEntries(page);
    expect(first.opened).toHaveLength(1);
    expect(first.selected).toBe(first.opened[0][0]);

    // An edit in the builder, run again: still one entry for the builder's draft, selected, and the chart is the new draft's.
    await openBuilder(page);
    await type(page, 'f-companies-0-ticker', 'TWO');
    await expectProblems(page, 0);
    await runDraft(page, 'TWO');
    // The same draft run a third time (no edit) adds nothing either.
    await openBuilder(page);
    await runDraft(page, 'TWO');
    const after = await pickerEntries(page);
    expect(after.opened).toHaveLength(1);
    expect(after.opened[0][1]).toMatch(/^Builder draft/);
    expect(after.selected).toBe(after.opened[0][0]);
    expect((await appState<{ companies: string[] }>(page)).companies).toContain('TWO');
    expect((await appState<{ companies: string[] }>(page)).companies).not.toContain('ONE');
    await page.locator('dat-scenario-picker').screenshot({ path: join(RESULTS, 'builder-picker-after-runs.png') });
    if (existsSync('/work/shots/picker')) await page.screenshot({ path: '/work/shots/picker/header-after-two-runs.png' });

    // Reload restores the same view (the draft travels in the URL's f).
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/[?&]f=/);
    await page.reload();
    await waitForRun(page);
    await page.waitForFunction(() => (window.__datDebug?.chart('stock')?.datasets[0]?.label ?? '') === 'TWO stock', undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect((await pickerEntries(page)).opened).toHaveLength(1);

    // Back to the builder and Forward again: the same view, still one entry.
    await page.goBack();
    await page.waitForFunction(() => (window.__datDebug?.state() as { route?: { page: string } } | null)?.route?.page === 'builder', undefined, { timeout: 20_000 });
    await page.goForward();
    await page.waitForFunction(() => (window.__datDebug?.chart('stock')?.datasets[0]?.label ?? '') === 'TWO stock', undefined, { timeout: 20_000 });
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect((await pickerEntries(page)).opened).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  /** The builder on the template, with a path point, a flow, a rules policy and an error added, every fold open. */
  async function busyBuilder(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark') {
    const opened = await openPage(h, { hash: '#/builder', viewport, colorScheme });
    const { page } = opened;
    await page.locator('#builder-status').waitFor();
    await page.getByRole('button', { name: 'Add path point to BTC' }).click();
    await page.getByRole('button', { name: 'Add flow to BTC' }).click();
    await page.locator('dat-builder-policies #kind').selectOption('rules');
    await page.locator('dat-builder-policies #add-policy').click();
    await type(page, 'f-companies-0-coins', '-1');
    await expectProblems(page, 1);
    await page.evaluate(() => {
      const open = (root: ParentNode) => {
        for (const d of root.querySelectorAll('details')) d.open = true;
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) open(el.shadowRoot);
      };
      open(document);
    });
    await page.waitForTimeout(200);
    return opened;
  }

  it('has no serious or critical axe findings on the desktop, light and dark', async () => {
    const { page, context, errors } = await busyBuilder({ width: 1280, height: 800 }, 'light');
    const light = await axe(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'desktop');
    await shot(page, 'desktop-full', true);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200);
    const dark = await axe(page);
    await shot(page, 'desktop-dark');
    writeFileSync(join(RESULTS, 'builder-a11y-desktop.json'), JSON.stringify({ light, dark }, null, 2));
    expect({ light, dark }).toEqual({ light: [], dark: [] });
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('fits a 390-px phone (no sideways scroll) with no serious or critical axe findings, dark', async () => {
    const { page, context, errors } = await busyBuilder({ width: 390, height: 844 }, 'dark');
    const found = await axe(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'phone-dark');
    await shot(page, 'phone-dark-full', true);
    writeFileSync(join(RESULTS, 'builder-a11y-phone.json'), JSON.stringify(found, null, 2));
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('works from the keyboard (start blank, add a company, focus lands on its ticker) and starts from a saved or the simulator\'s scenario', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/builder' });
    await page.locator('#builder-status').waitFor();
    await page.locator('#start-from').focus();
    await page.keyboard.press('Home'); // Blank is the first option
    await page.keyboard.press('Tab');
    expect(await focusedDescription(page)).toMatch(/^button#start/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('dat-builder-companies .company').count()).toBe(0);
    await page.locator('#add-company').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedDescription(page)).toMatch(/^input#f-companies-0-ticker/);
    await page.keyboard.type('KEYB');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('dat-builder-companies h4.title').first().textContent()).toMatch(/KEYB/);
    await expectProblems(page, 0);
    // Undo takes the edit back.
    await page.locator('#builder-undo').click();
    await expect.poll(() => page.locator('#f-companies-0-ticker').inputValue()).toBe('NEWCO');
    // Other starting points: a saved scenario, and the simulator's scenario (FGNX on opening).
    for (const key of ['saved:sqns.json', 'current']) {
      await page.locator('#start-from').selectOption(key);
      await page.locator('#start').click();
      await expect.poll(() => page.locator('#f-companies-0-ticker').inputValue(), { message: key }).toBe(key === 'current' ? 'FGNX' : 'SQNS');
      await expectProblems(page, 0);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);
});
