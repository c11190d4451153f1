/**
 * Accessibility in a real browser: axe-core (node_modules/axe-core/axe.min.js,
 * injected with page.addScriptTag) on every page (simulator's four views,
 * lessons list, a lesson step, glossary, methodology, analysis), at 1280×800
 * and on a 390-px phone, in light and dark: no finding of impact "serious" or
 * "critical" except the listed ALLOWANCES. Also: every slider and number box
 * has a unique accessible name, a slider's arrow key moves a sensible step and
 * updates its number box, and a skip link reaches the view tabs in a few Tab
 * presses. Findings are written to test-results/a11y.json.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useHarness, axeSerious as axe, focusedDescription, openPage, RESULTS, type AxeFinding as Finding, type Harness } from './helpers.ts';

let h: Harness;

useHarness((x) => (h = x));

/**
 * Findings allowed for now, each naming the rule and the element, inside files this
 * change does not own (charts and lessons are other engineers' work). Empty unless listed.
 */
const ALLOWANCES: { rule: string; target: RegExp; why: string }[] = [
  // None: the compare view's B heading now uses --c-b-text (5.1:1 on white).
];

const settle = (page: Page, ms = 400) => page.waitForTimeout(ms);

async function waitFor(page: Page, tag: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((t) => { const e = document.querySelector(t); return !!e && (!e.shadowRoot || e.shadowRoot.childElementCount > 0); }, tag, { timeout });
}

async function goHash(page: Page, hash: string, tag: string, ms = 300): Promise<void> {
  await page.evaluate((hh) => (location.hash = hh), hash);
  await waitFor(page, tag);
  await settle(page, ms);
}

/** Each page as a name and a way to reach it from a loaded simulator. */
const PAGES: { name: string; go(page: Page): Promise<void> }[] = [
  { name: 'sim-single', go: async () => {} },
  ...(['ensemble', 'compare', 'risk'] as const).map((v) => ({
    name: `sim-${v}`,
    go: async (page: Page) => {
      await page.locator(`#tab-${v}`).click();
      await settle(page, 800);
    },
  })),
  { name: 'lessons', go: (page: Page) => goHash(page, '#/lessons', 'dat-lessons-page') },
  { name: 'lesson-step', go: (page: Page) => goHash(page, '#/lesson/fgnx/2', 'dat-teach-view', 1000) },
  { name: 'glossary', go: (page: Page) => goHash(page, '#/glossary', 'dat-glossary') },
  { name: 'methodology', go: (page: Page) => goHash(page, '#/methodology', 'dat-methodology') },
  { name: 'analysis', go: (page: Page) => goHash(page, '#/analysis', 'dat-analysis-view') },
];

const MODES = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' as const },
  { name: 'desktop-dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' as const },
  { name: 'phone-light', viewport: { width: 390, height: 844 }, colorScheme: 'light' as const },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark' as const },
];

describe('accessibility', () => {
  it('axe-core: no serious or critical findings on any page, desktop and phone, light and dark', async () => {
    const all: Record<string, Finding[]> = {};
    for (const mode of MODES) {
      const { page, context, errors } = await openPage(h, { viewport: mode.viewport, colorScheme: mode.colorScheme });
      for (const p of PAGES) {
        await p.go(page);
        const found = await axe(page);
        if (mode.name === 'desktop-light' || mode.name === 'phone-dark') await page.screenshot({ path: join(RESULTS, `a11y-${mode.name}-${p.name}.png`) });
        all[`${mode.name}/${p.name}`] = found;
        expect(errors, `${mode.name}/${p.name}`).toEqual([]);
      }
      await context.close();
    }
    writeFileSync(join(RESULTS, 'a11y.json'), JSON.stringify(all, null, 2));
    const counts: Record<string, number> = {};
    const left: string[] = [];
    for (const [where, fs] of Object.entries(all)) {
      for (const f of fs) {
        counts[f.rule] = (counts[f.rule] ?? 0) + 1;
        if (!ALLOWANCES.some((a) => a.rule === f.rule && a.target.test(f.target))) left.push(`${where}: ${f.rule} (${f.impact}) ${f.target} ${f.html}`);
      }
    }
    console.log('axe serious/critical by rule:', JSON.stringify(counts));
    expect(left).toEqual([]);
  }, 240_000);

  it('gives every slider and number box a unique name; arrow keys move a sensible step and update the box; a skip link reaches the view tabs', async () => {
    const { page, context, errors } = await openPage(h);
    // Skip links: Tab, Tab, Enter lands on the selected view tab.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedDescription(page)).toMatch(/^a#skip-views/);
    await page.keyboard.press('Enter');
    expect(await focusedDescription(page)).toMatch(/^button#tab-single/);
    const names = await page.evaluate(() => {
      const panel = document.querySelector('dat-param-panel')!;
      return [...panel.shadowRoot!.querySelectorAll('dat-param-field')].flatMap((f) =>
        [...f.shadowRoot!.querySelectorAll('input, select')].map((el) => el.getAttribute('aria-label') ?? ''),
      );
    });
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((n) => n === '')).toEqual([]);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    expect(dupes).toEqual([]);
    // Volatility σ appears in more than one group; each name says which.
    expect(names.filter((n) => /Volatility σ slider$/.test(n)).length).toBeGreaterThan(1);

    // An arrow key on a slider moves the value by a visible step and the number box shows it.
    const field = page.locator('dat-param-field').filter({ has: page.locator('label', { hasText: 'Volatility σ' }) }).first();
    const box = field.locator('input[type=number]');
    const before = Number(await box.inputValue());
    await field.locator('input[type=range]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await box.inputValue())).not.toBe(before);
    const after = Number(await box.inputValue());
    expect(after).toBeGreaterThan(before);
    // At least ~0.5 % of the value (a 1/1000-of-the-range step would be far smaller on a log scale).
    expect(after / before - 1).toBeGreaterThan(0.005);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Number(await box.inputValue())).not.toBe(after);
    expect(Number(await box.inputValue())).toBeLessThan(after);

    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
