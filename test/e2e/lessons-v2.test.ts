/**
 * Issue 14, deliverables 6 and 9 in the browser: on every step of every
 * lesson the rendered diagram, the step's text and the charts show the same
 * figures; the simulator's first screen on a phone holds a chart; lesson
 * pages on a phone stay short; free step mode jumps to events of interest
 * and runs the lesson's scenario variant.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonById } from '../../web/lessons/index.ts';
import { appState, chart, openPage, RESULTS, ROOT, useHarness, waitTeachState, type Harness } from './helpers.ts';

let h: Harness;
useHarness((x) => (h = x));

interface Teach {
  status: string;
  lessonId: string | null;
  step: number | null;
  stepCount: number;
  day: number;
  ticker: string;
  business: boolean;
  stepText: string | null;
  stepFigures: { key: string; text: string; value: number }[];
  figures: Record<string, number | null | boolean | string | string[]> | null;
  links: { id: string; active: boolean; label: string }[];
  lessons: { id: string; steps: number }[];
  variantLesson: string | null;
  variantApplied: boolean;
  interestDays: number[];
  dayEvents: { kind: string; reason?: string; company: string }[];
  eventDays: number[];
  mode: string;
}

const waitTeach = (page: Page, pred: string, timeout = 60_000) => waitTeachState<Teach>(page, pred, timeout);

/** "+2.2%" / "−8.4%" -> 0.022 / -0.084 (null for "–"). */
const pctOf = (s: string): number | null => {
  const m = /([+−-])?(<)?([0-9.]+)%/.exec(s);
  return m ? (m[1] === '−' || m[1] === '-' ? -1 : 1) * Number(m[3]) / 100 : null;
};

describe('lessons: figures agree on every step (rendered)', () => {
  it('the diagram\'s labels, the step text\'s figures and the charts\' data agree, every step of every lesson', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/lesson/fgnx/1', viewport: { width: 1280, height: 900 } });
    let t = await waitTeach(page, `t.lessonId === 'fgnx'`);
    const lessons = t.lessons;
    // Unfold "More about this day" (it stays open while stepping): every chart is drawn.
    await page.locator('dat-teach-view #more > summary').click();
    let steps = 0, figures = 0;
    for (const l of lessons) {
      for (let k = 0; k < l.steps; k++) {
        await page.evaluate((hash) => (location.hash = hash), `#/lesson/${l.id}/${k + 1}`);
        t = await waitTeach(page, `t.lessonId === '${l.id}' && t.step === ${k}`);
        const where = `${l.id} step ${k + 1} (day ${t.day})`;
        const F = t.figures!;
        // Every figure the step's text quotes is the figure the diagram reads, and is on screen as shown.
        const shown = (await page.locator('dat-teach-view #step-text').innerText()).replace(/\s+/g, ' ');
        for (const f of t.stepFigures) {
          expect(shown, `${where}: ${f.key}`).toContain(f.text);
          const [kind, key] = f.key.split(':');
          if (kind === 'day') {
            const v = F[key] as number | null;
            expect(v === null ? Number.isNaN(f.value) || f.value === null : Object.is(f.value, v) || f.value === v, `${where}: ${f.key} ${f.value} vs ${v}`).toBe(true);
          }
          figures++;
        }
        // The diagram drawn on screen: the stock link's label is the day's stock change, and the charts' data give the same change.
        const label = await page.evaluate(() => {
          const d = document.querySelector('dat-app dat-teach-view')!.shadowRoot!.querySelector('dat-loop-diagram')!.shadowRoot!;
          const g = d.querySelector('g[data-link="nav-stock"][data-active="1"] .pill text');
          const p = d.querySelector('g[data-node="price"] text.sub');
          return { stock: g?.textContent ?? null, coin: p?.textContent ?? null };
        });
        const stockChart = await chart(page, 'teach-stock');
        const coinChart = await chart(page, 'teach-coin');
        expect(stockChart?.datasets.map((d) => d.label), where).toContain(`${t.ticker} stock`);
        const stock = stockChart!.datasets.find((d) => / stock$/.test(d.label))!.data as unknown as ({ y: number } | number)[];
        const y = (p: { y: number } | number) => (typeof p === 'number' ? p : p.y);
        expect(y(stock[t.day]), `${where}: stock chart vs figures`).toBe(F.stock);
        const coin = coinChart!.datasets.find((d) => / price$/.test(d.label))!.data as unknown as ({ y: number } | number)[];
        expect(y(coin[t.day]), `${where}: coin chart vs figures`).toBe(F.coinClose);
        if (t.day > 0) expect(Math.abs(y(coin[t.day]) / y(coin[t.day - 1]) - 1 - (F.coinDay as number)), `${where}: coin change`).toBeLessThan(1e-9);
        expect(pctOf(label.coin!)! - (F.coinDay as number), `${where}: diagram coin ${label.coin}`).toBeCloseTo(0, 2);
        if (label.stock) {
          // The label is the stock chart's change from the last business day (no split inside these one-day windows on these runs unless the figures say so).
          const change = pctOf(label.stock)!;
          expect(change - (F.stockChange as number), `${where}: diagram ${label.stock} vs figure ${F.stockChange}`).toBeCloseTo(0, 2);
          const prev = F.prevBiz as number;
          if (prev >= 0 && y(stock[prev]) > 0 && !t.dayEvents.some((e) => e.kind === 'reverseSplit')) {
            expect(change - (y(stock[t.day]) / y(stock[prev]) - 1), `${where}: diagram vs stock chart`).toBeCloseTo(0, 2);
          }
        }
        steps++;
      }
    }
    expect(steps).toBeGreaterThanOrEqual(45);
    expect(figures).toBeGreaterThan(40);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

describe('phone (390 x 844)', () => {
  it('the simulator\'s first screen shows a chart without scrolling', async () => {
    const { page, context, errors } = await openPage(h, { viewport: { width: 390, height: 844 } });
    await page.waitForFunction(() => window.__datDebug!.charts().includes('coin'));
    const box = await page.locator('dat-chart canvas').first().boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    expect(box!.width).toBeGreaterThan(250);
    await page.screenshot({ path: join(RESULTS, 'phone-first-screen-390x844.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lesson pages stay short and the loop reads top to bottom (vertical loop with the day\'s figures)', async () => {
    const heights: Record<string, number> = {};
    const { page, context, errors } = await openPage(h, { hash: '#/lesson/fgnx/1', viewport: { width: 390, height: 844 } });
    let t = await waitTeach(page, `t.lessonId === 'fgnx'`);
    for (const l of t.lessons) {
      for (let k = 0; k < l.steps; k++) {
        await page.evaluate((hash) => (location.hash = hash), `#/lesson/${l.id}/${k + 1}`);
        t = await waitTeach(page, `t.lessonId === '${l.id}' && t.step === ${k}`);
        await page.waitForTimeout(50);
        heights[`${l.id}/${k + 1}`] = await page.evaluate(() => document.documentElement.scrollHeight);
      }
    }
    writeFileSync(join(RESULTS, 'lesson-heights-390x844.json'), `${JSON.stringify(heights, null, 2)}\n`);
    // Before this change a step page was 5,100-5,400 px at 390 px (10,500 px in the report).
    for (const [k, v] of Object.entries(heights)) expect(v, k).toBeLessThan(5000);
    // The vertical loop is shown (the SVG is folded), its nodes carry the figures at a readable size.
    const v = await page.evaluate(() => {
      const d = document.querySelector('dat-app dat-teach-view')!.shadowRoot!.querySelector('dat-loop-diagram')!.shadowRoot!;
      const ol = d.querySelector('ol.vloop') as HTMLElement;
      const svg = d.querySelector('svg') as SVGElement;
      const val = d.querySelector('[data-vnode="price"] .vval') as HTMLElement;
      return { shown: ol.getBoundingClientRect().height > 100, svgShown: svg.getBoundingClientRect().height > 0, font: parseFloat(getComputedStyle(val).fontSize), text: val.textContent };
    });
    expect(v.shown).toBe(true);
    expect(v.svgShown).toBe(false);
    expect(v.font).toBeGreaterThanOrEqual(13);
    expect(v.text).toMatch(/\$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

describe('free step mode', () => {
  it('runs the lesson\'s variant of the scenario, labelled, and "event" jumps only to events of interest', async () => {
    const { page, context, errors } = await openPage(h);
    await page.locator('#teach-this').click();
    let t = await waitTeach(page, `t.mode === 'free'`);
    expect(t.ticker).toBe('FGNX');
    expect(t.variantLesson).toBe('fgnx');
    expect(t.variantApplied).toBe(true);
    expect(await page.locator('dat-teach-view #free-variant').innerText()).toContain('stop-loss');
    const days = t.interestDays;
    expect(days.length).toBeGreaterThan(2);
    // Routine sales are skipped: the jumps visit a strict subset of the days on which FGNX has events.
    const eventDays = (await page.evaluate(() => (window.__datDebug!.teach() as { eventDays: number[] }).eventDays));
    expect(days.every((d) => eventDays.includes(d))).toBe(true);
    expect(days.length).toBeLessThan(eventDays.length);
    const seen = new Set<string>();
    let stopLoss = 0;
    const ahead = days.filter((d) => d > t.day);
    for (const d of ahead.slice(0, 6)) {
      await page.locator('dat-teach-view #day-next-event').click();
      t = await waitTeach(page, `t.day === ${d}`);
      const mine = t.dayEvents.filter((e) => e.company === 'FGNX');
      const interesting = mine.some((e) => e.kind !== 'coinSale' && e.kind !== 'buyback' && e.kind !== 'coinPurchase') || mine.some((e) => e.kind === 'coinSale' && (!['funding', 'buyback'].includes(String(e.reason)) || !seen.has(String(e.reason))));
      expect(interesting, `day ${d}`).toBe(true);
      for (const e of mine) if (e.kind === 'coinSale') seen.add(String(e.reason));
      stopLoss += mine.filter((e) => e.reason === 'stopLoss').length;
    }
    expect(stopLoss).toBeGreaterThan(0);
    // Going back walks the same days.
    await page.locator('dat-teach-view #day-prev-event').click();
    t = await waitTeach(page, `t.day === ${ahead[Math.min(ahead.length, 6) - 2]}`);
    // The variant can be switched off: the saved scenario has no stop-loss, so no stop-loss sale is of interest then.
    await page.locator('dat-teach-view #toggle-variant').click();
    t = await waitTeach(page, `t.mode === 'free' && t.variantApplied === false`);
    expect(t.variantLesson).toBe('fgnx');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('the status line names the run on screen', () => {
  it('on a lesson page it names the lesson\'s scenario, seed, horizon and variant; back in the simulator, the simulator\'s run', async () => {
    // What the SQNS lesson runs, read from its definition and its saved scenario (not hard-coded).
    const lesson = lessonById('sqns')!;
    const file = JSON.parse(readFileSync(join(ROOT, 'scenarios', lesson.scenario), 'utf8')) as { id: string; horizonDays: number };
    const days = lesson.settings.horizonDays ?? file.horizonDays;
    const { page, context, errors } = await openPage(h, { hash: '#/lesson/sqns/4' });
    const sim = await appState<{ scenarioId: string; settings: { seed: string } }>(page);
    // The test means something only if the simulator's run differs from the lesson's.
    expect(sim.scenarioId === file.id && sim.settings.seed === lesson.settings.seed).toBe(false);
    await waitTeach(page, `t.lessonId === 'sqns' && t.step === 3`);
    const status = page.locator('#status');
    // The teaching view reports its run after it renders: wait (briefly) for the line to name it.
    await expect.poll(() => status.innerText(), { timeout: 5_000 }).toContain(`${file.id} · seed ${lesson.settings.seed} · ${days} days`);
    const text = await status.innerText();
    expect(text).toContain(`lesson ${lesson.id}: `);
    expect(text).toContain('labelled variant');
    expect(text).not.toContain(`${sim.scenarioId} · seed ${sim.settings.seed}`);
    expect(await status.getAttribute('data-run')).toBe('lesson');
    expect(await status.getAttribute('data-scenario')).toBe(file.id);
    expect(await status.getAttribute('data-seed')).toBe(lesson.settings.seed);
    expect(await status.getAttribute('data-days')).toBe(String(days));
    // Free teaching mode: the simulator's scenario and settings, with the lesson's variant on it named.
    await page.evaluate(() => (location.hash = '#/teach'));
    await waitTeach(page, `t.mode === 'free' && t.status === 'ready'`);
    await expect.poll(() => status.innerText(), { timeout: 5_000 }).toContain(`teaching mode: ${sim.scenarioId} · seed ${sim.settings.seed}`);
    const free = await status.innerText();
    const variantOf = LESSONS.find((l) => l.variant && l.scenario === `${sim.scenarioId}.json`);
    expect(variantOf).toBeDefined();
    expect(free).toContain(`variant of lesson ${variantOf!.id}`);
    // The lessons list shows no run: the line names the simulator's run as such.
    await page.evaluate(() => (location.hash = '#/lessons'));
    await expect.poll(() => status.innerText(), { timeout: 5_000 }).toContain(`simulator: ${sim.scenarioId} · seed ${sim.settings.seed}`);
    // Back in the simulator: its own run again.
    await page.evaluate(() => (location.hash = '#'));
    await page.waitForFunction(() => (window.__datDebug?.state() as { route?: { page?: string } } | null)?.route?.page === 'sim');
    await expect.poll(() => status.innerText(), { timeout: 5_000 }).toContain(`${sim.scenarioId} · seed ${sim.settings.seed}`);
    const back = await status.innerText();
    expect(back).not.toContain('simulator: ');
    expect(back).not.toContain(`seed ${lesson.settings.seed} · ${days} days`);
    expect(await status.getAttribute('data-scenario')).toBe(sim.scenarioId);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
