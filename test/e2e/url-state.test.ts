/**
 * The view in the URL (web/lib/url-state*.ts) in a real browser: every view
 * survives a reload with the same figures, Back walks edits and tab changes
 * in order, a shared link reproduces the sender's A and B, a broken link says
 * which part is wrong and still opens a working view, and a slider drag
 * makes one history entry.
 */
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appState, chart, openPage, setParam, useHarness, waitForRun, type Harness } from './helpers.ts';
import { THREE_COMPANIES } from './fixtures.ts';
import { packJson } from '../../web/lib/url-state.ts';

let h: Harness;

useHarness((x) => (h = x));

const SHOTS = '/work/shots/web-state';

interface State {
  scenarioKey: string;
  scenarioId: string;
  settings: { seed: string; horizonDays: number; paths: number; company: string; deterministic: boolean; view: string };
  issues: { path: string; message: string }[];
  loadProblem: { heading: string; issues: { path: string; message: string }[] } | null;
  compare: { ref: string; hasA: boolean; pinned: boolean };
  route: { page: string; lessonId?: string; step?: number };
  urlRestored: boolean;
}

/** Waits until the URL's query holds `part` (the controller writes it a moment after the change). */
async function urlHas(page: Page, part: string | RegExp): Promise<string> {
  const src = typeof part === 'string' ? part : part.source;
  const isRe = typeof part !== 'string';
  try {
    await page.waitForFunction(({ src, isRe }) => (isRe ? new RegExp(src).test(location.hash) : location.hash.includes(src)), { src, isRe }, { timeout: 10_000 });
  } catch (e) {
    throw new Error(`the URL never held ${String(part)}; it holds ${await page.evaluate(() => location.hash)}`, { cause: e });
  }
  return page.evaluate(() => location.hash);
}

/** Waits for the view a Back/Forward/reload restores. */
async function restored(page: Page, check: (s: State) => boolean): Promise<State> {
  await waitForRun(page);
  await page.waitForFunction(`(${check.toString()})(window.__datDebug.state()) && window.__datDebug.state().urlRestored`);
  return appState<State>(page);
}

/** Waits until no re-run has happened for 400 ms (edits are re-run on the next animation frame, and written to the URL WRITE_MS later). */
async function settle(page: Page): Promise<void> {
  let seq = -1;
  for (;;) {
    const now = (await appState<{ timings: { runSeq: number } }>(page)).timings.runSeq;
    if (now === seq) return;
    seq = now;
    await page.waitForTimeout(400);
  }
}

const data = async (page: Page, id: string) => (await chart(page, id))?.datasets.map((d) => d.data) ?? null;
const fieldValue = (page: Page, pathId: string) =>
  page.evaluate((id) => {
    const panel = document.querySelector('dat-param-panel')!.shadowRoot!;
    const f = [...panel.querySelectorAll('dat-param-field')].find((x) => (x as unknown as { field: { id: string } }).field.id === id)!;
    return (f.shadowRoot!.querySelector('input[type=number], select') as HTMLInputElement).value;
  }, pathId);
const setSetting = async (page: Page, id: string, value: string) => {
  await page.locator(`#${id}`).fill(value);
  await page.locator(`#${id}`).dispatchEvent('change');
};
const sideTexts = (page: Page) => page.locator('dat-compare-view .side').allInnerTexts();

describe('web app: the view in the URL', () => {
  it('every simulator view survives a reload: scenario, edits, seed, horizon, paths, company, tab, compare pins', async () => {
    const { page, context, errors } = await openPage(h);
    await page.locator('dat-scenario-picker select').selectOption('saved:contagion.json');
    await page.waitForFunction(() => (window.__datDebug!.state() as State).scenarioKey === 'saved:contagion.json');
    await settle(page);
    await urlHas(page, 's=contagion.json');
    await setParam(page, 'markets.ETH.sigma', 0.95);
    await setSetting(page, 'seed', '77');
    await setSetting(page, 'horizon', '200');
    await setSetting(page, 'paths', '123');
    await page.locator('#company').selectOption('BMNR');
    await urlHas(page, /e=.*seed=77&h=200&n=123&view=single&co=BMNR$/);
    const check = async (label: string, ids: string[]) => {
      await settle(page);
      const before = await appState<State>(page);
      const figures = await Promise.all(ids.map((id) => data(page, id)));
      const hash = await page.evaluate(() => location.hash);
      await page.reload();
      const after = await restored(page, () => true);
      expect(await page.evaluate(() => location.hash), label).toBe(hash);
      for (const k of ['scenarioKey', 'settings', 'compare', 'route'] as const) expect(after[k], `${label}: ${k}`).toEqual(before[k]);
      expect(after.loadProblem, label).toBeNull();
      expect(await fieldValue(page, 'markets.ETH.sigma'), label).toBe('0.95');
      for (let i = 0; i < ids.length; i++) {
        expect(figures[i], `${label}: ${ids[i]} drawn`).not.toBeNull();
        expect(await data(page, ids[i]), `${label}: ${ids[i]}`).toEqual(figures[i]);
      }
    };
    await check('single', ['coin', 'stock', 'mnav']);
    // Compare with a pinned A, then B edited further.
    await page.locator('#tab-compare').click();
    await page.locator('dat-compare-view button', { hasText: 'Pin current parameters' }).click();
    await urlHas(page, 'ref=pinned');
    await setParam(page, 'markets.ETH.sigma', 0.5);
    await setParam(page, 'markets.ETH.sigma', 0.95); // B back to 0.95 (the field checked after reload), A pinned at 0.95 too...
    await setParam(page, 'companies[3].cashUsd', 1e6); // ...so B differs from A by BMNR's cash.
    await urlHas(page, /e=.*view=compare&co=BMNR&ref=pinned&pin=/);
    await page.waitForFunction(() => (window.__datDebug!.state() as State).compare.hasA);
    expect((await appState<State>(page)).compare).toEqual({ ref: 'pinned', hasA: true, pinned: true });
    await check('compare', ['cmp-coin', 'cmp-stock', 'cmp-stockDiff']);
    expect(await fieldValue(page, 'companies[3].cashUsd')).toBe('1000000');
    // A saved scenario as A.
    await page.locator('dat-compare-view select#ref').selectOption('saved:bmnr.json');
    await urlHas(page, 'ref=bmnr.json');
    await page.waitForFunction(() => (window.__datDebug!.state() as State).compare.ref === 'saved:bmnr.json' && (window.__datDebug!.state() as State).compare.hasA);
    await check('compare with a saved A', ['cmp-coin', 'cmp-stock']);
    await page.locator('#tab-risk').click();
    await urlHas(page, 'view=risk');
    await check('risk', []);
    await page.locator('#tab-ensemble').click();
    await urlHas(page, 'view=ensemble');
    await check('ensemble', []);
    // Deterministic mode.
    await page.locator('#tab-single').click();
    await page.locator('#deterministic').check();
    await urlHas(page, 'det=1');
    await check('deterministic', ['coin']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the analysis page, teaching mode and a lesson step survive a reload', async () => {
    const { page, context, errors } = await openPage(h);
    await page.locator('dat-scenario-picker select').selectOption('saved:bmnr.json');
    await page.waitForFunction(() => (window.__datDebug!.state() as State).scenarioKey === 'saved:bmnr.json');
    await settle(page);
    await setParam(page, 'markets.ETH.sigma', 0.95);
    await setSetting(page, 'seed', '77');
    await urlHas(page, /s=bmnr\.json&e=.*seed=77/);
    // The analysis page and teaching mode keep the simulator's view.
    for (const [nav, pageName] of [
      ['#nav-analysis', 'analysis'],
      ['#teach-this', 'teach'],
    ] as const) {
      await page.locator(nav).click();
      const hash = await urlHas(page, new RegExp(`^#/${pageName}\\?s=bmnr\\.json&e=.*seed=77`));
      // The page's lazy chunk has arrived (a reload would abort its request).
      await page.waitForFunction((c) => (window.__datDebug!.state() as { chunks: Record<string, boolean> }).chunks[c], pageName === 'teach' ? 'teaching' : 'analysis');
      await page.reload();
      const a = await restored(page, (s) => s.route.page !== 'sim');
      expect(a.route.page).toBe(pageName);
      expect(await page.evaluate(() => location.hash)).toBe(hash);
      expect(a.scenarioKey).toBe('saved:bmnr.json');
      expect(a.settings).toMatchObject({ seed: '77', company: 'BMNR' });
      await page.locator('#nav-sim').click();
      await restored(page, (s) => s.route.page === 'sim');
      expect(await fieldValue(page, 'markets.ETH.sigma')).toBe('0.95');
    }
    // A lesson step is its route.
    await page.evaluate(() => (location.hash = '#/lesson/dollar/3'));
    await page.waitForFunction(() => (window.__datDebug!.teach() as { step?: number } | null)?.step === 2, undefined, { timeout: 30_000 });
    await page.reload();
    await page.waitForFunction(() => (window.__datDebug!.teach() as { step?: number; lesson?: string } | null)?.step === 2, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => location.hash)).toBe('#/lesson/dollar/3');
    // The skip link (#main) scrolls; it does not leave the lesson.
    await page.locator('a.skip-link').focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => location.hash)).toBe('#/lesson/dollar/3');
    expect((await appState<State>(page)).route).toEqual({ page: 'lesson', lessonId: 'dollar', step: 2 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Back walks edits, tab changes and scenario switches in order; Forward returns', async () => {
    const { page, context, errors } = await openPage(h);
    const len0 = await page.evaluate(() => history.length);
    const coin0 = await data(page, 'coin');
    await setParam(page, 'markets.ETH.sigma', 0.9);
    await urlHas(page, 'e=');
    await page.waitForTimeout(700); // the edit settles (EDIT_SETTLE_MS)
    await page.locator('#tab-compare').click();
    await urlHas(page, 'view=compare');
    await setSetting(page, 'seed', '77');
    await urlHas(page, 'seed=77');
    await page.waitForTimeout(700);
    await page.locator('dat-scenario-picker select').selectOption('saved:bmnr.json');
    await page.waitForFunction(() => (window.__datDebug!.state() as State).scenarioKey === 'saved:bmnr.json');
    await settle(page);
    await urlHas(page, 's=bmnr.json');
    expect(await page.evaluate(() => history.length)).toBe(len0 + 4);

    await page.goBack();
    let s = await restored(page, (x) => x.scenarioKey === 'saved:fgnx.json');
    expect(s.settings).toMatchObject({ seed: '77', view: 'compare' });
    expect(await fieldValue(page, 'markets.ETH.sigma')).toBe('0.9');
    await page.goBack();
    s = await restored(page, (x) => x.settings.seed === '1');
    expect(s.settings.view).toBe('compare');
    await page.goBack();
    s = await restored(page, (x) => x.settings.view === 'single');
    expect(await fieldValue(page, 'markets.ETH.sigma')).toBe('0.9');
    await page.goBack();
    await restored(page, () => true);
    await page.waitForFunction(async () => !location.hash.includes('e='));
    await page.waitForFunction((c) => JSON.stringify((window.__datDebug!.chart('coin') as { datasets: { data: unknown }[] }).datasets.map((d) => d.data)) === c, JSON.stringify(coin0));
    expect(await fieldValue(page, 'markets.ETH.sigma')).not.toBe('0.9');
    await page.goForward();
    await restored(page, (x) => x.settings.view === 'single');
    await page.waitForFunction(() => location.hash.includes('e='));
    expect(await fieldValue(page, 'markets.ETH.sigma')).toBe('0.9');
    // Back and Forward wrote no entries of their own.
    expect(await page.evaluate(() => history.length)).toBe(len0 + 4);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a slider drag makes one history entry, and the URL holds where it stopped', async () => {
    const { page, context, errors } = await openPage(h);
    const len0 = await page.evaluate(() => history.length);
    const box = await page.evaluate(() => {
      const panel = document.querySelector('dat-param-panel')!.shadowRoot!;
      const f = [...panel.querySelectorAll('dat-param-field')].find((x) => (x as unknown as { field: { id: string } }).field.id === 'markets.ETH.sigma')!;
      const r = f.shadowRoot!.querySelector('input[type=range]')!;
      r.scrollIntoView({ block: 'center' });
      const b = r.getBoundingClientRect();
      return { x: b.x, y: b.y + b.height / 2, w: b.width };
    });
    const seq0 = (await appState<{ timings: { runSeq: number } }>(page)).timings.runSeq;
    await page.mouse.move(box.x + box.w * 0.2, box.y);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(box.x + box.w * (0.2 + (0.6 * i) / 40), box.y);
      await page.waitForTimeout(i === 20 ? 800 : 15); // a pause longer than EDIT_SETTLE_MS mid-drag: still one entry
    }
    await page.mouse.up();
    const finalValue = await fieldValue(page, 'markets.ETH.sigma');
    await urlHas(page, 'e=');
    await page.waitForTimeout(400);
    const runs = (await appState<{ timings: { runSeq: number } }>(page)).timings.runSeq - seq0;
    expect(runs).toBeGreaterThan(5); // it really re-ran as the slider moved...
    expect(await page.evaluate(() => history.length)).toBe(len0 + 1); // ...but made one entry
    await page.reload();
    await restored(page, () => true);
    expect(await fieldValue(page, 'markets.ETH.sigma')).toBe(finalValue);
    await page.goBack();
    await restored(page, () => true);
    await page.waitForFunction(() => !location.hash.includes('e='));
    expect(await fieldValue(page, 'markets.ETH.sigma')).not.toBe(finalValue);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a shared link reproduces the sender's A and B (as loaded vs edited, and pinned vs edited)", async () => {
    const { page, context, errors } = await openPage(h);
    await setParam(page, 'markets.ETH.sigma', 0.9);
    await page.locator('#tab-compare').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as State).compare.hasA);
    // The link box keeps the last link until the new one is made (asynchronously: compression),
    // so each share waits for a link other than the one before (the state changed in between).
    let lastLink = '';
    const share = async () => {
      await page.locator('#share').click();
      await page.waitForFunction((prev) => {
        const v = (document.querySelector('dat-export-bar')!.shadowRoot!.querySelector('#share-url') as HTMLInputElement | null)?.value ?? '';
        return /#\/sim\?/.test(v) && v !== prev;
      }, lastLink);
      lastLink = await page.locator('#share-url').inputValue();
      return lastLink;
    };
    const receive = async (url: string, tag: string) => {
      const sender = { sides: await sideTexts(page), coin: await data(page, 'cmp-coin'), stock: await data(page, 'cmp-stock'), state: await appState<State>(page) };
      expect(sender.coin![0], 'A and B differ for the sender').not.toEqual(sender.coin![1]);
      const r = await openPage(h, { hash: url.slice(url.indexOf('#')) });
      await r.page.waitForFunction(() => (window.__datDebug!.state() as State).compare.hasA);
      const s = await appState<State>(r.page);
      expect(s.settings, tag).toEqual(sender.state.settings);
      expect(s.compare, tag).toEqual(sender.state.compare);
      expect(s.loadProblem, tag).toBeNull();
      expect(await sideTexts(r.page), tag).toEqual(sender.sides);
      // What B changes against A is spelled out, the same for both.
      const diffs = await r.page.locator('dat-compare-view .differences').innerText();
      expect(diffs, tag).toBe(await page.locator('dat-compare-view .differences').innerText());
      expect(diffs, tag).toMatch(/^B differs from A in: markets\.ETH\.sigma: (\(default\) → 0\.9|0\.9 → 0\.5)\.$/);
      expect(await data(r.page, 'cmp-coin'), tag).toEqual(sender.coin);
      expect(await data(r.page, 'cmp-stock'), tag).toEqual(sender.stock);
      expect(await r.page.locator('dat-compare-view .note', { hasText: 'identical' }).count(), tag).toBe(0);
      expect(r.errors).toEqual([]);
      return r;
    };
    const r1 = await receive(await share(), 'as loaded vs edited');
    await r1.context.close();
    // Pin sigma 0.9 as A, then B at 0.5.
    await page.locator('dat-compare-view button', { hasText: 'Pin current parameters' }).click();
    await setParam(page, 'markets.ETH.sigma', 0.5);
    await page.waitForFunction(() => (window.__datDebug!.state() as State).compare.ref === 'pinned');
    await page.waitForFunction(() => {
      const c = window.__datDebug!.chart('cmp-coin') as { datasets: { data: unknown }[] } | null;
      return !!c && JSON.stringify(c.datasets[0].data) !== JSON.stringify(c.datasets[1].data);
    });
    const r2 = await receive(await share(), 'pinned vs edited');
    expect(await r2.page.locator('dat-compare-view select#ref').inputValue()).toBe('pinned');
    for (const [scheme, vp, name] of [
      ['light', { width: 1280, height: 800 }, 'compare-restored-desktop-light'],
      ['dark', { width: 1280, height: 800 }, 'compare-restored-desktop-dark'],
      ['light', { width: 390, height: 844 }, 'compare-restored-phone-light'],
      ['dark', { width: 390, height: 844 }, 'compare-restored-phone-dark'],
    ] as const) {
      const url = r2.page.url();
      const shot = await openPage(h, { hash: url.slice(url.indexOf('#')), viewport: vp, colorScheme: scheme });
      await shot.page.waitForFunction(() => (window.__datDebug!.state() as State).compare.hasA);
      expect(await sideTexts(shot.page)).toEqual(await sideTexts(page));
      await shot.page.evaluate(() => document.querySelector('#views')!.scrollIntoView({ block: 'start' }));
      mkdirSync(SHOTS, { recursive: true });
      await shot.page.screenshot({ path: `${SHOTS}/${name}.png` });
      expect(shot.errors).toEqual([]);
      await shot.context.close();
    }
    await r2.context.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an uploaded file lives in the URL and survives a reload', async () => {
    const { page, context, errors } = await openPage(h);
    await page.locator('dat-scenario-picker input[type=file]').setInputFiles({ name: 'three.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(THREE_COMPANIES)) });
    const hash = await urlHas(page, /^#\/sim\?f=[\w-]+&seed=7&h=730&n=500&view=single&co=AAA$/);
    const stock = await data(page, 'stock');
    await page.reload();
    const s = await restored(page, (x) => x.scenarioId === 'e2e-three');
    expect(s.loadProblem).toBeNull();
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(await data(page, 'stock')).toEqual(stock);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a broken or tampered link names what is wrong and still opens a working view', async () => {
    // Unknown scenario, a bad horizon, damaged edits: the default scenario opens, the good keys apply.
    const { page, context, errors } = await openPage(h, { hash: '#/sim?s=nope.json&e=@@@&h=abc&seed=42&view=compare&co=ZZZ' });
    let s = await appState<State>(page);
    expect(s.scenarioId).toBe('fgnx');
    expect(s.loadProblem!.issues.map((i) => i.path)).toEqual(['s', 'e', 'h', 'co']);
    const text = (await page.locator('dat-issues .box').allInnerTexts()).join('\n');
    expect(text).toMatch(/no saved scenario named "nope\.json"/);
    expect(s.loadProblem!.heading).toBe('Part of the link could not be used (s: scenario; e: edits; h: horizon; co: company); the default scenario is shown instead.');
    expect(text).toMatch(/horizon in days: a whole number from 1 to 3650, got "abc"/);
    expect(text).toMatch(/no company "ZZZ" in this scenario; FGNX is shown/);
    expect(s.settings).toMatchObject({ seed: '42', view: 'compare', horizonDays: 365 });
    await page.waitForFunction(() => (window.__datDebug!.state() as State).compare.hasA);
    // The URL now holds the working view, and the app still responds.
    await urlHas(page, /^#\/sim\?s=fgnx\.json&seed=42&h=365&n=500&view=compare&co=FGNX$/);
    await page.locator('#tab-single').click();
    const before = await data(page, 'coin');
    await setParam(page, 'markets.ETH.sigma', 0.9);
    await page.waitForFunction((b) => JSON.stringify((window.__datDebug!.chart('coin') as { datasets: { data: unknown }[] }).datasets.map((d) => d.data)) !== b, JSON.stringify(before));
    await page.screenshot({ path: `${SHOTS}/broken-link-desktop.png` });
    await context.close();

    // Edits that make the scenario invalid: named on the field, the scenario as loaded still drawn.
    const e = await packJson([[['companies', 0, 'coins'], -5]]);
    const r = await openPage(h, { hash: `#/sim?s=bmnr.json&e=${e}` });
    s = await appState<State>(r.page);
    expect(s.scenarioId).toBe('bmnr');
    expect(s.issues.map((i) => i.path)).toEqual(['companies[0].coins']);
    expect((await chart(r.page, 'stock'))!.datasets[0].data.length).toBe(365);
    // A damaged embedded file: the default opens and the message names f.
    const t = await openPage(h, { hash: '#/sim?f=AAAAAAAA&view=risk' });
    s = await appState<State>(t.page);
    expect(s.scenarioId).toBe('fgnx');
    expect(s.settings.view).toBe('risk');
    expect(s.loadProblem!.heading).toMatch(/Part of the link could not be used \(f: scenario file\); the default scenario is shown instead/);
    expect(s.loadProblem!.issues[0].message).toMatch(/could not be decompressed/);
    expect([...errors, ...r.errors, ...t.errors]).toEqual([]);
    await r.context.close();
    await t.context.close();
  });
});
