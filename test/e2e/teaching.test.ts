/**
 * Teaching mode in a real browser: the Lessons entry on the start page,
 * each lesson walked through step by step (captions and lit links checked
 * against the event log and the day's market figures the page itself ran),
 * stepping and the scrubber synced with the charts, the glossary, the forces
 * toggles, teaching mode on the simulator's scenario, the methodology page,
 * phone width, and no console errors. Screenshots go to test-results/.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { useHarness, chart, DIST, openPage, RESULTS, waitTeachState, type Harness } from './helpers.ts';

let h: Harness;

useHarness((x) => (h = x));

interface Caption {
  id: string;
  kind: string;
  company: string;
  text: string;
  rule: string;
  terms: string[];
  events: number[];
}
interface DayEvent {
  index: number;
  day: number;
  company: string;
  kind: string;
  reason?: string;
  coins?: number;
}
interface MarketFig {
  coin: string;
  liquidationsUsd: number;
  companyFlowUsd: number;
  scheduledFlowUsd: number;
  etfFlowUsd: number;
  etfChaseUsd: number;
  impact: number;
  signal: number;
  close: number;
  prevClose: number;
  preTradePrice: number;
}
interface ForceRow {
  id: string;
  fallWithout: number;
  share: number | null;
}
interface Teach {
  status: string;
  error: string;
  mode: string;
  lessonId: string | null;
  step: number | null;
  stepCount: number;
  stepId: string | null;
  stepDay: number | null;
  stepTitle: string | null;
  stepText: string | null;
  stepTerms: string[];
  look: { links?: string[]; charts?: string[]; panel?: string } | null;
  days: number;
  day: number;
  date: string;
  business: boolean;
  ticker: string;
  coin: string;
  off: string | null;
  companyTrading: boolean;
  playing: boolean;
  speed: number;
  litLinks: string[];
  links: { id: string; active: boolean; label: string }[];
  chain: { text: string; link: string | null; delayed: boolean }[];
  captions: Caption[];
  dayEvents: DayEvent[];
  market: MarketFig[];
  gains: { coin: string; gainSqrt: number; gainLinear: number }[];
  forces: Record<string, { fallAll: number; fallNone: number; rows: ForceRow[]; interaction: number | null }> | null;
  glossaryOpen: string | null;
  lessons: { id: string; title: string; steps: number }[];
  startPrice: Record<string, number>;
  fundingOrder: string[];
}

const teach = (page: Page) => page.evaluate(() => window.__datDebug!.teach()) as Promise<Teach | null>;

const waitTeach = (page: Page, pred: string, timeout = 60_000) => waitTeachState<Teach>(page, pred, timeout);

/** Charts on screen carry the selected day's marker. */
async function waitMarkers(page: Page, day: number): Promise<void> {
  await page.waitForFunction(
    (d) => {
      const ids = window.__datDebug!.charts().filter((c) => c.startsWith('teach-'));
      return ids.length >= 5 && ids.every((id) => (window.__datDebug!.chart(id)?.annotations as Record<string, { xMin?: number }>).selected?.xMin === d);
    },
    day,
    { timeout: 20_000 },
  );
}

/** The lit links drawn in the diagram's SVG. */
function drawnActive(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const d = document.querySelector('dat-app dat-teach-view')!.shadowRoot!.querySelector('dat-loop-diagram')!.shadowRoot!;
    return [...d.querySelectorAll('g.link[data-active="1"]')].map((g) => g.getAttribute('data-link')!).sort();
  });
}

/** The day's captions and lit links against the event log and the market figures (story.ts LINK_RULES). */
function checkDay(t: Teach): void {
  const mine = t.dayEvents.filter((e) => e.company === t.ticker);
  const sales = mine.filter((e) => e.kind === 'coinSale');
  const reasons = new Set(sales.map((e) => e.reason));
  const lit = new Set(t.litLinks);
  const k = t.market.findIndex((m) => m.coin === t.coin);
  const md = t.market[k];
  const where = `${t.lessonId ?? t.mode} day ${t.day}`;
  // Captions narrate each event of the day exactly once.
  expect(t.captions.flatMap((c) => c.events).sort((a, b) => a - b), where).toEqual(t.dayEvents.map((e) => e.index).sort((a, b) => a - b));
  for (const c of t.captions) {
    const evs = t.dayEvents.filter((e) => c.events.includes(e.index));
    for (const e of evs) expect(e.company, where).toBe(c.company);
    if (evs.length) expect(c.text, where).toContain(c.company);
    expect(c.rule.length, where).toBeGreaterThan(0);
  }
  // Lit links.
  expect(lit.has('policy-sales'), `${where} policy-sales`).toBe(sales.length > 0);
  expect(lit.has('price-policy'), `${where} price-policy`).toBe(['deleverage', 'stopLoss', 'covenant', 'lenderLiquidation'].some((r) => reasons.has(r)));
  // A funding sale on a business day by a company that funds with ATM: the share window was shut.
  expect(lit.has('stock-policy'), `${where} stock-policy`).toBe(reasons.has('buyback') || mine.some((e) => e.kind === 'issuance') || (t.business && reasons.has('funding') && t.fundingOrder.includes('atm')));
  expect(lit.has('clock-policy'), `${where} clock-policy`).toBe(reasons.has('defendListing') || mine.some((e) => e.kind === 'reverseSplit'));
  expect(lit.has('sales-impact'), `${where} sales-impact`).toBe(Math.abs(md.companyFlowUsd) >= 1);
  expect(lit.has('price-liq'), `${where} price-liq`).toBe(md.liquidationsUsd >= 1);
  expect(lit.has('liq-impact'), `${where} liq-impact`).toBe(md.liquidationsUsd >= 1);
  expect(lit.has('etf-impact'), `${where} etf-impact`).toBe(Math.abs(md.scheduledFlowUsd - md.etfFlowUsd) >= 1);
  expect(lit.has('price-etf'), `${where} price-etf`).toBe(Math.abs(md.etfChaseUsd) >= 1);
  expect(lit.has('impact-price'), `${where} impact-price`).toBe(Math.abs(md.impact) > 1e-12 || md.signal > 0);
  expect(lit.has('news-price'), `${where} news-price`).toBe(Math.abs(md.preTradePrice / md.prevClose - 1) > 1e-9);
  if (lit.has('nav-stock')) expect(t.business, where).toBe(true);
  // The chain starts with the focus company's sale when there is one, and crosses the one-day delay.
  if (sales.length) expect(t.chain[0].text, where).toContain(`${t.ticker} sold`);
  if (t.day < t.days - 1) expect(t.chain.some((c) => c.delayed), where).toBe(true);
  // Lit links show their number.
  for (const l of t.links) if (l.active) expect(l.label.length, `${where} ${l.id}`).toBeGreaterThan(0);
}

const LESSON_IDS = ['fgnx', 'rules', 'dollar', 'sqns', 'bmnr', 'contagion'];

describe('teaching mode: lessons', () => {
  it('the start page shows a Lessons entry that lists the six lessons', async () => {
    const { page, context, errors } = await openPage(h);
    await expect(page.locator('#nav-lessons').isVisible()).resolves.toBe(true);
    await expect(page.locator('.lessons-callout').isVisible()).resolves.toBe(true);
    expect(await page.locator('.lessons-callout a[data-lesson]').count()).toBe(LESSON_IDS.length);
    await page.click('#callout-lessons');
    await page.waitForSelector('dat-lessons-page article[data-lesson]');
    const ids = await page.$$eval('dat-lessons-page', (els) => [...els[0].shadowRoot!.querySelectorAll('article[data-lesson]')].map((a) => a.getAttribute('data-lesson')));
    expect(ids).toEqual(LESSON_IDS);
    expect(await page.evaluate(() => location.hash)).toBe('#/lessons');
    await page.screenshot({ path: join(RESULTS, 'teaching-lessons-page.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const id of LESSON_IDS) {
    it(`walks through the ${id} lesson: every step's day, text, captions and lit links agree with the event log`, async () => {
      const { page, context, errors } = await openPage(h, { hash: `#/lesson/${id}/1`, viewport: { width: 1280, height: 900 } });
      let t = await waitTeach(page, `t.lessonId === '${id}' && t.step === 0`);
      expect(t.stepCount).toBeGreaterThanOrEqual(5);
      const mid = Math.floor(t.stepCount / 2);
      for (let k = 0; k < t.stepCount; k++) {
        if (k > 0) {
          await page.locator('dat-teach-view #step-next').click();
          t = await waitTeach(page, `t.step === ${k}`);
        }
        expect(t.day, `${id} step ${k}`).toBe(t.stepDay);
        expect(await page.evaluate(() => location.hash)).toBe(`#/lesson/${id}/${k + 1}`);
        // The step's text on screen is the one the lesson rendered from the run.
        const shown = (await page.locator('dat-teach-view #step-text').innerText()).replace(/\s+/g, ' ').trim();
        expect(shown).toBe(t.stepText!.replace(/\s+/g, ' ').trim());
        expect(t.stepTerms.length, `${id} step ${k} links glossary terms`).toBeGreaterThan(0);
        checkDay(t);
        expect(await drawnActive(page)).toEqual([...t.litLinks].sort());
        expect(await page.locator('dat-teach-view #captions > li').count().catch(() => 0)).toBe(t.captions.length);
        await waitMarkers(page, t.day);
        if (t.look?.links?.length) {
          const outlined = await page.evaluate(() => {
            const d = document.querySelector('dat-app dat-teach-view')!.shadowRoot!.querySelector('dat-loop-diagram')!.shadowRoot!;
            return [...d.querySelectorAll('g.link.look')].map((g) => g.getAttribute('data-link')!).sort();
          });
          expect(outlined).toEqual([...t.look.links].sort());
        }
        if (id === 'dollar') await page.screenshot({ path: join(RESULTS, `teaching-dollar-step${k + 1}-1280.png`), fullPage: true });
        if (k === mid) {
          await page.locator('dat-teach-view #panel-diagram').scrollIntoViewIfNeeded();
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(RESULTS, `teaching-${id}-step${k + 1}.png`) });
          await page.locator('dat-teach-view #panel-diagram').screenshot({ path: join(RESULTS, `teaching-${id}-diagram.png`) });
        }
      }
      // Numbers in the steps come from the run: the page's stepper can reach every quoted day.
      expect(t.step).toBe(t.stepCount - 1);
      await expect(page.locator('dat-teach-view #step-next').isDisabled()).resolves.toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('teaching mode: stepping, glossary, forces', () => {
  it('steps, plays, pauses, changes speed and scrubs, with every chart marking the day (and the day the close reaches the stock)', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/lesson/fgnx/1' });
    let t = await waitTeach(page, `t.lessonId === 'fgnx'`);
    expect(t.day).toBe(0);
    await page.locator('dat-teach-view #day-next').click();
    t = await waitTeach(page, 't.day === 1');
    await waitMarkers(page, 1);
    checkDay(t);
    await page.locator('dat-teach-view #day-prev').click();
    await waitTeach(page, 't.day === 0');
    // Next day with an event of the focus company.
    await page.locator('dat-teach-view #day-next-event').click();
    t = await waitTeach(page, 't.day > 0');
    expect(t.dayEvents.some((e) => e.company === 'FGNX')).toBe(true);
    // Play fast, then pause.
    await page.locator('dat-teach-view #speed').selectOption('30');
    const before = t.day;
    await page.locator('dat-teach-view #play').click();
    await waitTeach(page, `t.playing && t.day >= ${before + 5}`);
    await page.locator('dat-teach-view #play').click();
    t = await waitTeach(page, '!t.playing');
    const paused = t.day;
    await page.waitForTimeout(300);
    expect((await teach(page))!.day).toBe(paused);
    expect(t.speed).toBe(30);
    // The scrubber.
    await page.locator('dat-teach-view #scrubber').fill('120');
    t = await waitTeach(page, 't.day === 120');
    await waitMarkers(page, 120);
    checkDay(t);
    const stock = await chart(page, 'teach-stock');
    const nextBiz = stock!.annotations.delay?.xMin as number;
    expect(nextBiz).toBeGreaterThan(120);
    expect(nextBiz).toBeLessThanOrEqual(123);
    expect(await page.locator('dat-teach-view #daylabel').innerText()).toContain('Day 120');
    // The day's wave crosses the delay to that next business day.
    expect(t.chain.find((c) => c.delayed)!.text).toMatch(/next business day/);
    // "Back to this step's day".
    await page.locator('dat-teach-view #step-day').click();
    await waitTeach(page, 't.day === 0');
    // A click on a chart picks that day: charts and scrubber stay in sync both ways.
    // The coin chart is folded into "More about this day" on this step: unfold it.
    await page.locator('dat-teach-view #more > summary').click();
    const canvas = page.locator('dat-teach-view #wrap-teach-coin canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.6);
    t = await waitTeach(page, 't.day > 100');
    await waitMarkers(page, t.day);
    expect(await page.locator('dat-teach-view #scrubber').inputValue()).toBe(String(t.day));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a caption\'s glossary term beside the text, and the full glossary defines every required term', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/lesson/fgnx/2' });
    const t = await waitTeach(page, `t.lessonId === 'fgnx' && t.step === 1`);
    const termId = t.stepTerms[0];
    await page.locator(`dat-teach-view #step-text a.term[data-term="${termId}"]`).first().click();
    await waitTeach(page, `t.glossaryOpen === '${termId}'`);
    await expect(page.locator('dat-teach-view .gloss').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(RESULTS, 'teaching-glossary-panel.png') });
    // A term in a caption too.
    const capTerm = page.locator('dat-teach-view #captions a.term').first();
    const capId = await capTerm.getAttribute('data-term');
    await capTerm.click();
    await waitTeach(page, `t.glossaryOpen === '${capId}'`);
    await page.keyboard.press('Escape');
    await waitTeach(page, 't.glossaryOpen === null');
    // A node name in the diagram.
    await page.locator('dat-teach-view dat-loop-diagram g[data-node="nav"] a').click();
    await waitTeach(page, `t.glossaryOpen === 'nav'`);
    await page.locator('dat-teach-view #gloss-open').click();
    await page.waitForSelector('dat-glossary');
    expect(await page.evaluate(() => location.hash)).toBe('#/glossary/nav');
    const entries = await page.$$eval('dat-glossary', (els) => [...els[0].shadowRoot!.querySelectorAll('[data-term-id]')].map((e) => e.getAttribute('data-term-id')));
    for (const req of ['nav', 'mnav', 'cost-basis', 'merton', 'deficiency-notice', 'reverse-split', 'ltv', 'liquidation', 'market-impact', 'loop-gain']) expect(entries).toContain(req);
    const focused = await page.$$eval('dat-glossary', (els) => els[0].shadowRoot!.querySelector('.entry.focus')?.getAttribute('data-term-id'));
    expect(focused).toBe('nav');
    await page.screenshot({ path: join(RESULTS, 'teaching-glossary.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the forces toggles switch one force off at a time, and the fall shown matches each force\'s share', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/lesson/contagion/7' });
    let t = await waitTeach(page, `t.lessonId === 'contagion' && t.step === 6`);
    const coin = t.coin;
    const day = t.day;
    const f = t.forces![coin];
    const p0 = t.startPrice[coin];
    /** Fall so far of the coin chart's run, from its plotted closes: 1 - lowest close up to the day / the start price. */
    const fallShown = async (): Promise<number> => {
      const c = await chart(page, 'teach-coin');
      const p = c!.datasets[0].data as number[];
      let lo = Infinity;
      for (let d = 0; d <= day; d++) lo = Math.min(lo, p[d]);
      return Math.max(0, 1 - lo / p0);
    };
    const fallAllShown = await fallShown();
    expect(f.fallAll).toBeGreaterThan(0);
    expect(fallAllShown).toBeCloseTo(f.fallAll, 10);
    // The shares on screen are the definition's.
    const rows = await page.$$eval('dat-teach-view', (els) => {
      const fp = els[0].shadowRoot!.querySelector('dat-forces-panel')!.shadowRoot!;
      return [...fp.querySelectorAll('table')].map((tb) => ({
        coin: tb.getAttribute('data-coin'),
        fallAll: Number(tb.getAttribute('data-fall-all')),
        rows: [...tb.querySelectorAll('tr[data-force]')].filter((r) => r.hasAttribute('data-fall-without')).map((r) => ({ id: r.getAttribute('data-force'), share: Number(r.getAttribute('data-share')), fallWithout: Number(r.getAttribute('data-fall-without')) })),
      }));
    });
    const mine = rows.find((r) => r.coin === coin)!;
    for (const r of mine.rows) expect(r.share).toBeCloseTo((mine.fallAll - r.fallWithout) / mine.fallAll, 10);
    await page.locator('dat-teach-view #panel-forces').screenshot({ path: join(RESULTS, 'teaching-forces-panel.png') });

    // Switch leverage off: the whole view shows that run.
    await page.locator(`dat-teach-view dat-forces-panel table[data-coin="${coin}"] tr[data-force="leverage"] button`).click();
    t = await waitTeach(page, `t.off === 'leverage'`);
    await expect(page.locator('dat-teach-view #force-banner').isVisible()).resolves.toBe(true);
    expect(t.market.every((m) => m.liquidationsUsd === 0)).toBe(true);
    expect(t.litLinks).not.toContain('price-liq');
    await page.waitForFunction(() => window.__datDebug!.chart('teach-coin')?.datasets.some((d) => /with every force/.test(d.label ?? "")));
    const fallOff = await fallShown();
    const levRow = f.rows.find((r) => r.id === 'leverage')!;
    // The run on screen is the one the "fall with it off" column was computed from.
    expect(fallOff).toBeCloseTo(levRow.fallWithout, 10);
    expect(fallOff).not.toBeCloseTo(f.fallAll, 6);
    expect(levRow.share).toBeCloseTo((f.fallAll - fallOff) / f.fallAll, 8);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(RESULTS, 'teaching-forces-leverage-off.png') });
    await page.locator('dat-teach-view #wrap-teach-coin').scrollIntoViewIfNeeded();
    await page.locator('dat-teach-view #wrap-teach-coin').screenshot({ path: join(RESULTS, 'teaching-forces-leverage-off-coin.png') });

    // One at a time: treasury selling off replaces it (the counterfactual: no company trades).
    await page.locator(`dat-teach-view dat-forces-panel table[data-coin="${coin}"] tr[data-force="treasury"] button`).click();
    t = await waitTeach(page, `t.off === 'treasury'`);
    expect(t.companyTrading).toBe(false);
    expect(t.dayEvents).toEqual([]);
    const pressed = await page.$$eval('dat-teach-view', (els) => [...els[0].shadowRoot!.querySelector('dat-forces-panel')!.shadowRoot!.querySelectorAll('button[aria-pressed="true"]')].map((b) => b.closest('tr')!.getAttribute('data-force')));
    // One force off at a time (each coin's table shows the same toggle state).
    expect(new Set(pressed)).toEqual(new Set(['treasury']));
    // And back on.
    await page.locator('dat-teach-view #force-banner button').click();
    t = await waitTeach(page, 't.off === null');
    expect(t.companyTrading).toBe(true);
    // Shares depend on the day: scrub to an earlier day and they change.
    await page.locator('dat-teach-view #scrubber').fill('40');
    t = await waitTeach(page, 't.day === 40');
    expect(t.forces![coin].fallAll).not.toBe(f.fallAll);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('teaches the scenario open in the simulator (the "Step through the loop" button)', async () => {
    const { page, context, errors } = await openPage(h);
    await page.locator('#teach-this').click();
    const t = await waitTeach(page, `t.mode === 'free'`);
    expect(t.ticker).toBe('FGNX');
    expect(t.stepCount).toBe(0);
    checkDay(t);
    await page.locator('dat-teach-view #day-next-event').click();
    checkDay(await waitTeach(page, 't.day > 0'));
    // Back to the simulator: its charts are there again.
    await page.locator('#nav-sim').click();
    await page.waitForFunction(() => window.__datDebug!.charts().includes('coin'));
    expect(await teach(page)).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('methodology page, phone width, bundle', () => {
  it('renders docs/methodology.md and docs/calibration.md (or says one is not written yet), escaped', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/methodology' });
    await page.waitForSelector('dat-methodology');
    const docs = await page.$$eval('dat-methodology', (els) =>
      [...els[0].shadowRoot!.querySelectorAll('section[data-doc]')].map((s) => ({
        file: s.getAttribute('data-doc'),
        written: s.getAttribute('data-written') === '1',
        tables: s.querySelectorAll('table').length,
        headings: s.querySelectorAll('h3, h4').length,
        missing: s.querySelector('.missing')?.textContent ?? '',
        scripts: s.querySelectorAll('script, iframe, img').length,
      })),
    );
    expect(docs.map((d) => d.file)).toEqual(['methodology.md', 'calibration.md']);
    for (const d of docs) {
      expect(d.scripts).toBe(0);
      if (d.written) expect(d.headings).toBeGreaterThan(0);
      else expect(d.missing).toMatch(/not written yet/);
    }
    const cal = docs.find((d) => d.file === 'calibration.md')!;
    expect(cal.written).toBe(true);
    expect(cal.tables).toBeGreaterThan(3);
    // The contents jump within the page and leave the route alone.
    const firstToc = page.locator('dat-methodology nav.toc ul ul a').first();
    if (await firstToc.count()) {
      await firstToc.click();
      expect(await page.evaluate(() => location.hash)).toBe('#/methodology');
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(RESULTS, 'methodology-1280x800.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the $1 spiral lesson fits a phone too (steps 2 and 4)', async () => {
    for (const k of [2, 4]) {
      const { page, context, errors } = await openPage(h, { hash: `#/lesson/dollar/${k}`, viewport: { width: 390, height: 844 } });
      await waitTeach(page, `t.lessonId === 'dollar' && t.step === ${k - 1}`);
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(RESULTS, `teaching-dollar-step${k}-phone-390x844.png`) });
      await page.screenshot({ path: join(RESULTS, `teaching-dollar-step${k}-phone-390x844-full.png`), fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('fits a phone: a lesson at 390 px wide has no page-wide horizontal scroll', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#/lesson/fgnx/6', viewport: { width: 390, height: 844 } });
    await waitTeach(page, `t.lessonId === 'fgnx' && t.step === 5`);
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(RESULTS, 'teaching-phone-390x844.png') });
    await page.locator('dat-teach-view #panel-diagram').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(RESULTS, 'teaching-phone-390x844-diagram.png') });
    await page.screenshot({ path: join(RESULTS, 'teaching-phone-390x844-full.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps lessons, teaching mode and the methodology out of the first load (initial JS under 250 kB gzipped)', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const gz = initial.map((f) => ({ f, gzip: gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length }));
    const total = gz.reduce((a, x) => a + x.gzip, 0);
    for (const { f } of gz) {
      const text = readFileSync(join(DIST, f), 'utf8');
      // Lesson text, glossary definitions and the docs live in the lazy chunks.
      for (const marker of ['Cutting losses: the stop-loss', 'The ADS ratio change is a reverse split', 'shareholders own the assets only after the lenders are paid', 'Calibration report']) {
        expect(text.includes(marker), `${f} contains "${marker}"`).toBe(false);
      }
    }
    writeFileSync(join(RESULTS, 'bundle-teaching.json'), `${JSON.stringify({ initial: gz, totalGzipBytes: total, limitBytes: 250_000 }, null, 2)}\n`);
    expect(total).toBeLessThan(250_000);
  });
});
