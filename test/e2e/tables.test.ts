/**
 * Wide tables fit their screen: the ensemble view's "Probabilities by the
 * horizon" table (contagion, 200 paths) and the Analysis page's tornado table
 * (#tornado-table, six columns), at a 1280x800 desktop (light) and a 390x844
 * phone (dark); on the phone also the selected company's "first events by the
 * horizon" table (#ensemble-events, four columns).
 *
 * For each table: its scroll container (the .table-wrap around it) does not
 * scroll sideways (scrollWidth <= clientWidth), the table is no wider than
 * that container, and every header cell lies inside the viewport
 * horizontally (at 1280 px the column headers; on a phone, where each row is
 * a card and the column headers are visually hidden, every row header and
 * data cell). Before the fix the probabilities table was wider than its
 * container at 1280 px (974 > 888 px: its last column cut off behind a
 * scroll) and at 390 px, and the tornado table scrolled sideways on a phone
 * (863 > 344 px): these assertions failed there.
 *
 * On a phone both tables are laid out one card per row (stackedTableStyles in
 * web/lib/ui-styles.ts): the row's name is the card's title, every figure
 * shows its column's name (data-label, drawn by td::before), and the tables
 * keep their semantics (explicit roles table / row / rowheader / cell) and
 * their test hooks. Screenshots: test-results/tables-*.png (DAT_SHOTS overrides the folder).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appState, openPage, RESULTS, useHarness, type Harness } from './helpers.ts';

let h: Harness;
useHarness((x) => (h = x));

const SHOTS = process.env.DAT_SHOTS ?? RESULTS;
mkdirSync(SHOTS, { recursive: true });

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Fit {
  wrapScroll: number;
  wrapClient: number;
  tableWidth: number;
  viewport: number;
  /** Header cells (text, left, right) outside [0, viewport]. */
  outside: { text: string; left: number; right: number }[];
  headers: number;
}

/** Measures the table `tableSel` inside the shadow root of `host`. */
function fit(page: Page, host: string, tableSel: string, headerSel: string): Promise<Fit> {
  return page.evaluate(
    ({ host, tableSel, headerSel }) => {
      const root = document.querySelector(host)!.shadowRoot!;
      const table = root.querySelector(tableSel) as HTMLTableElement;
      if (!table) throw new Error(`no ${tableSel} in ${host}`);
      const wrap = table.closest('.table-wrap') as HTMLElement;
      const vw = document.documentElement.clientWidth;
      const cells = [...table.querySelectorAll(headerSel)] as HTMLElement[];
      const outside = cells
        .map((c) => ({ text: (c.textContent ?? '').trim(), r: c.getBoundingClientRect() }))
        .filter((c) => c.r.width > 0 && (c.r.left < -0.5 || c.r.right > vw + 0.5))
        .map((c) => ({ text: c.text, left: Math.round(c.r.left), right: Math.round(c.r.right) }));
      return { wrapScroll: wrap.scrollWidth, wrapClient: wrap.clientWidth, tableWidth: table.getBoundingClientRect().width, viewport: vw, outside, headers: cells.filter((c) => c.getBoundingClientRect().width > 0).length };
    },
    { host, tableSel, headerSel },
  );
}

function expectFits(f: Fit, what: string, minHeaders: number): void {
  expect(f.headers, `${what}: visible header cells`).toBeGreaterThanOrEqual(minHeaders);
  expect(f.wrapScroll, `${what}: container scrollWidth vs clientWidth`).toBeLessThanOrEqual(f.wrapClient);
  expect(f.tableWidth, `${what}: table width vs container`).toBeLessThanOrEqual(f.wrapClient + 0.5);
  expect(f.outside, `${what}: header cells outside the ${f.viewport}-px viewport`).toEqual([]);
}

/** Two frames: a resize, a theme re-render or a scroll settles (and is painted before a screenshot). */
const frames = (page: Page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(null)))));

async function setTheme(page: Page, scheme: 'light' | 'dark', viewport: { width: number; height: number }): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize(viewport);
  await frames(page);
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await frames(page);
}

/** A phone card (the table's first body row): each figure's drawn label, the column headers, and the roles of table, row and cells. */
function cardOf(page: Page, table: string) {
  return page.locator(`${table} tbody tr`).first().evaluate((tr) => ({
    labels: [...tr.querySelectorAll('td')].map((c) => getComputedStyle(c, '::before').content.replace(/^"|"$/g, '')),
    heads: [...tr.closest('table')!.querySelectorAll('thead th')].map((th) => th.textContent!.trim()),
    roles: [tr.closest('table')!.getAttribute('role'), tr.getAttribute('role'), ...[...tr.children].map((c) => c.getAttribute('role'))],
  }));
}

describe('wide tables fit the screen', () => {
  it('ensemble: "Probabilities by the horizon" (contagion, 200 paths) fits at 1280 px and on a phone', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/sim?s=contagion.json&n=200&view=ensemble', viewport: DESKTOP, colorScheme: 'light' });
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as { ensemble: { status: string } }).ensemble.status === 'done', undefined, { timeout: 60_000 });
    expect((await appState<{ ensemble: { paths: number } }>(page)).ensemble.paths).toBe(200);
    const table = '.table-wrap[aria-label="Probabilities by the horizon"] table';
    await scrollTo(page, `dat-ensemble-view ${table}`);
    const desk = await fit(page, 'dat-ensemble-view', table, 'thead th');
    await page.screenshot({ path: join(SHOTS, 'tables-ensemble-1280x800-light.png') });
    expectFits(desk, 'probabilities table at 1280', 9);

    await setTheme(page, 'dark', PHONE);
    await scrollTo(page, `dat-ensemble-view ${table}`);
    // On a phone each row is a card: its ticker, then every figure after its column's name.
    const phone = await fit(page, 'dat-ensemble-view', table, 'tbody th, tbody td');
    await page.screenshot({ path: join(SHOTS, 'tables-ensemble-390x844-dark.png') });
    expectFits(phone, 'probabilities table at 390', 9 * 6);
    const card = await cardOf(page, `dat-ensemble-view ${table}`);
    expect(card.labels).toEqual(card.heads.slice(1));
    expect(card.roles).toEqual(['table', 'row', 'rowheader', 'cell', 'cell', 'cell', 'cell', 'cell', 'cell', 'cell', 'cell']);

    // The selected company's "first events by the horizon" table: the same cards on a phone (before: 4 columns, 712 > 374 px).
    const events = '#ensemble-events';
    await scrollTo(page, `dat-ensemble-view ${events}`);
    const ev = await fit(page, 'dat-ensemble-view', events, 'tbody th, tbody td');
    await page.screenshot({ path: join(SHOTS, 'tables-ensemble-events-390x844-dark.png') });
    expectFits(ev, 'first-events table at 390', 9 * 4);
    const evCard = await cardOf(page, `dat-ensemble-view ${events}`);
    expect(evCard.labels).toEqual(evCard.heads.slice(1));
    expect(evCard.roles).toEqual(['table', 'row', 'rowheader', 'cell', 'cell', 'cell']);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('tornado table: six columns at 1280 px; on a phone no sideways scroll, every figure labelled, table semantics kept', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/analysis', viewport: DESKTOP, colorScheme: 'light' });
    await page.locator('dat-analysis-tornado #tornado-run').waitFor({ timeout: 30_000 });
    // A small run (the page's own 100-path run restarts with these).
    for (const [sel, v] of [['#tornado-paths', '4'], ['#tornado-days', '60']] as const) {
      await page.locator(sel).fill(v);
      await page.locator(sel).dispatchEvent('change');
    }
    await page.locator('#tornado-run').click();
    await page.waitForFunction(() => {
      const s = document.querySelector('dat-analysis-tornado')?.shadowRoot?.querySelector('section');
      return s?.getAttribute('data-status') === 'done' && s.querySelector('#tornado-summary')?.textContent?.includes('4 paths');
    }, undefined, { timeout: 60_000 });
    const rows = page.locator('#tornado-table tbody tr[data-parameter][data-swing]');
    expect(await rows.count()).toBeGreaterThan(3);

    await scrollTo(page, '#tornado-table');
    const desk = await fit(page, 'dat-analysis-tornado', '#tornado-table', 'thead th');
    await page.screenshot({ path: join(SHOTS, 'tables-tornado-1280x800-light.png') });
    expectFits(desk, 'tornado table at 1280', 6);

    await setTheme(page, 'dark', PHONE);
    await scrollTo(page, '#tornado-table');
    // On a phone the column headers give way to each figure's own label (td::before from data-label).
    const phone = await fit(page, 'dat-analysis-tornado', '#tornado-table', 'tbody td');
    await page.screenshot({ path: join(SHOTS, 'tables-tornado-390x844-dark.png') });
    expectFits(phone, 'tornado table at 390', 6 * (await rows.count()));
    const first = await page.locator('#tornado-table tbody tr').first().evaluate((tr) => {
      const cells = [...tr.querySelectorAll('td')];
      return {
        labels: cells.map((c) => getComputedStyle(c, '::before').content.replace(/^"|"$/g, '')),
        roles: [tr.closest('table')!.getAttribute('role'), tr.getAttribute('role'), ...cells.map((c) => c.getAttribute('role'))],
        heads: [...tr.closest('table')!.querySelectorAll('thead th')].map((th) => th.textContent!.trim()),
      };
    });
    // Every figure is labelled with its column, in the column order; the parameter's name is the card's title.
    expect(first.labels).toEqual(['none', ...first.heads.slice(1)]);
    expect(first.heads).toEqual(['Parameter', 'Low end', 'High end', 'Metric at low', 'Metric at high', 'Swing']);
    // A table under display:block loses its implied roles in some browsers: they are explicit.
    expect(first.roles).toEqual(['table', 'row', 'cell', 'cell', 'cell', 'cell', 'cell', 'cell']);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
