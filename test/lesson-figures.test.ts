/**
 * Issue 14, deliverable 9: every figure on a lesson step comes from one
 * computation (web/lib/teaching/figures.ts), and the diagram, the day's
 * chain, the lesson text and the charts agree on it, for every step of
 * every lesson.
 *
 * For each step: every number tagged with a figure ("day:<key>" or
 * "win:<from>:<to>:<key>") in the step text, the diagram's link details and
 * the chain carries exactly that figure's value and text; the diagram's link
 * labels show the same text; and the figures themselves are recomputed here
 * independently from the charts' own datasets (the stock, NAV and coin
 * series the teaching charts draw) and the event log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkExpression, compileExpression } from '../sim/expr.ts';
import type { Theme } from '../web/lib/chart-setup.ts';
import { LESSONS } from '../web/lessons/index.ts';
import { teachCharts } from '../web/lib/teaching/charts.ts';
import { dayFigures, figFormat, windowFigures } from '../web/lib/teaching/figures.ts';
import { runLesson, type LessonRun } from '../web/lib/teaching/lesson-run.ts';
import { LINK_IDS } from '../web/lib/teaching/loop.ts';
import { plain, type Rich, type Segment } from '../web/lib/teaching/segments.ts';
import { dayStory } from '../web/lib/teaching/story.ts';

const ROOT = join(import.meta.dirname, '..');
const theme = new Proxy({ dark: false } as Theme, { get: (_t, k) => (k === 'dark' ? false : k === 'band' ? '1, 2, 3' : '#123456') });

let runs: LessonRun[] | null = null;
function allLessons(): LessonRun[] {
  runs ??= LESSONS.map((l) => runLesson(l, JSON.parse(readFileSync(join(ROOT, 'scenarios', l.scenario), 'utf8')), { compileRule: compileExpression, checkExpression }));
  return runs;
}

type Num = Extract<Segment, { t: 'num' }>;
const keyedNums = (r: Rich): Num[] => r.filter((s): s is Num => typeof s !== 'string' && s.t === 'num' && !!s.key);
const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b;
const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** y values of a chart dataset whose label matches. */
function dataset(spec: { data: { datasets: Record<string, unknown>[] } }, re: RegExp): (number | null)[] {
  const sets = spec.data.datasets as { label?: string; data: { y: number | null }[] }[];
  const d = sets.find((x) => re.test(x.label ?? ''));
  if (!d) throw new Error(`no dataset ${re}; have ${sets.map((x) => x.label).join(', ')}`);
  return d.data.map((p) => p.y);
}

describe('lesson figures: one computation per step, shown the same everywhere', () => {
  it('every step of every lesson: the text, the diagram, the chain and the charts agree on each figure', { timeout: 120_000 }, () => {
    let checked = 0, windows = 0;
    for (const run of allLessons()) {
      const t = run.trace;
      for (const st of run.steps) {
        const where = `${run.lesson.id}/${st.id} (day ${st.day}, ${st.ticker})`;
        const F = dayFigures(t, st.day, st.ticker);
        const story = dayStory(t, st.day, st.ticker);
        const rich: Rich[] = [st.text, story.delay, ...LINK_IDS.map((id) => story.links[id].detail), ...story.chain.map((c) => c.rich)];
        for (const r of rich) {
          for (const s of keyedNums(r)) {
            const [kind, ...rest] = s.key!.split(':');
            let v: number;
            let key: string;
            if (kind === 'day') {
              key = rest[0];
              v = ((F as unknown as Record<string, number | null>)[key]) ?? NaN;
            } else {
              expect(kind, where).toBe('win');
              key = rest[2];
              const W = windowFigures(t, st.ticker, Number(rest[0]), Number(rest[1]));
              v = ((W as unknown as Record<string, number | null>)[key]) ?? NaN;
              windows++;
            }
            expect(same(s.value, v), `${where}: ${s.key} shows ${s.value}, the figure is ${v}`).toBe(true);
            expect(s.text, `${where}: ${s.key}`).toBe((figFormat(key)!(v) as Num).text);
            checked++;
          }
        }
        // The diagram's labels are the same texts.
        const txt = (k: Parameters<typeof figFormat>[0]) => (figFormat(k)!((F as unknown as Record<string, number>)[k] ?? NaN) as Num).text;
        if (story.links['nav-stock'].active) expect(story.links['nav-stock'].label, where).toBe(`stock ${txt('stockChange')}`);
        if (story.links['price-nav'].active) expect(story.links['price-nav'].label, where).toBe(`NAV ${txt('navChange')}`);
        if (story.links['price-liq'].active) expect(story.links['price-liq'].label, where).toBe(`drop ${txt('coinDay')}`);
        expect(story.nodes.price.sub, where).toBe(txt('coinDay'));
        expect(story.nodes.price.value, where).toBe(txt('coinClose'));

        // The figures against the charts' own data (what the teaching charts draw) and the event log.
        const specs = teachCharts(t, run.resolved, st.ticker, theme);
        const stock = dataset(specs['teach-stock'], /stock$/);
        const nav = dataset(specs['teach-stock'], /NAV per share/);
        const coin = dataset(specs['teach-coin'], / price$/);
        const d = st.day;
        const split = (a: number, b: number) => t.events.filter((e) => e.company === st.ticker && e.kind === 'reverseSplit' && e.day > a && e.day <= b).reduce((x, e) => x * (e.ratio as number), 1);
        const prevCoin = d > 0 ? coin[d - 1]! : t.model.markets[t.model.companies.find((c) => c.params.ticker === st.ticker)!.market].params.price0;
        expect(close(F.coinDay, coin[d]! / prevCoin - 1), `${where}: coin day`).toBe(true);
        expect(F.coinClose, where).toBe(coin[d]);
        expect(F.stock, where).toBe(stock[d]);
        expect(F.nav, where).toBe(nav[d]);
        let pb = -1;
        for (let x = d - 1; x >= 0; x--) if (t.business[x]) { pb = x; break; }
        if (t.business[d] && pb >= 0 && stock[pb]! > 0) expect(close(F.stockChange, stock[d]! / (stock[pb]! * split(pb, d)) - 1), `${where}: stock change`).toBe(true);
        if (d > 0 && nav[d - 1]! > 0) expect(close(F.navChange, nav[d]! / (nav[d - 1]! * split(d - 1, d)) - 1), `${where}: NAV change`).toBe(true);
        if (F.nextBiz >= 0 && t.business[d] && stock[d]! > 0) expect(close(F.stockNextChange, stock[F.nextBiz]! / (stock[d]! * split(d, F.nextBiz)) - 1), `${where}: next stock change`).toBe(true);
        // The day's coin sales (diagram and chain) are the event log's.
        const sales = t.events.filter((e) => e.day === d && e.company === st.ticker && e.kind === 'coinSale');
        expect(close(F.soldCoins, sales.reduce((a, e) => a + (e.coins as number), 0)), where).toBe(true);
        if (sales.length) expect(plain(story.chain[0].rich), where).toContain(`sold ${txt('soldCoins')}`);
      }
    }
    // The lessons do quote figures this way (not a vacuous pass): day figures and windows.
    expect(checked).toBeGreaterThan(200);
    expect(windows).toBeGreaterThan(10);
  });

  it('a window\'s stock change is NAV per share\'s change times the premium\'s change, exactly (worked: SQNS up to its clock)', () => {
    const sqns = allLessons().find((r) => r.lesson.id === 'sqns')!;
    const st = sqns.steps.find((s) => s.id === 'faster')!;
    const W = windowFigures(sqns.trace, 'SQNS', 0, st.day);
    // (1 + stock) = (1 + nav) * ratioTo / ratioFrom, with ratio = stock / NAV per share: e.g. 0.126 = 0.210 * 0.598 (−87.4% = −79.0% and −40.2%).
    expect((1 + W.navChange) * (1 + W.ratioChange)).toBeCloseTo(1 + W.stockChange, 12);
    // The step shows the compression: the stock falls further than the coin, and the premium shrinks.
    expect(W.stockChange).toBeLessThan(W.coinChange);
    expect(W.ratioChange).toBeLessThan(0);
    // FGNX's first month is the opposite case, and the lesson says so (its premium rose).
    const fgnx = allLessons().find((r) => r.lesson.id === 'fgnx')!;
    const p = fgnx.steps.find((s) => s.id === 'premium')!;
    const Wf = windowFigures(fgnx.trace, 'FGNX', 0, p.day);
    expect(Wf.ratioChange).toBeGreaterThan(0);
    expect(plain(p.text)).toContain('rose from');
  });
});

describe('events of interest (free step mode)', () => {
  it('keeps listing events, splits, forced and defensive sales and the first sale of each reason; skips routine repeats (hand-made log)', async () => {
    const { interestDays, nextInterest } = await import('../web/lib/teaching/interest.ts');
    const ev = (day: number, kind: string, reason?: string, company = 'AAA') => ({ day, date: '', company, kind, ...(reason ? { reason } : {}) });
    // Day 1: first buyback sale (kept); 2, 3: routine buybacks (skipped); 4: first funding sale (kept); 5: routine funding (skipped);
    // 6: notice (kept); 7: defendListing sale (kept); 8: another company's notice (not AAA's); 9: splitDecided (kept);
    // 10: stopLoss sale (kept, every time); 11: stopLoss again (kept); 12: a buyback event alone (not a sale: skipped).
    const events = [
      ev(1, 'coinSale', 'buyback'), ev(1, 'buyback'), ev(2, 'coinSale', 'buyback'), ev(3, 'coinSale', 'buyback'), ev(4, 'coinSale', 'funding'), ev(5, 'coinSale', 'funding'),
      ev(6, 'notice'), ev(7, 'coinSale', 'defendListing'), ev(8, 'notice', undefined, 'BBB'), ev(9, 'splitDecided'), ev(10, 'coinSale', 'stopLoss'), ev(11, 'coinSale', 'stopLoss'), ev(12, 'buyback'),
    ];
    const days = interestDays({ events } as never, 'AAA');
    expect(days).toEqual([1, 4, 6, 7, 9, 10, 11]);
    expect(nextInterest(days, 1, 1)).toBe(4);
    expect(nextInterest(days, 4, -1)).toBe(1);
    expect(nextInterest(days, 11, 1)).toBe(-1);
    expect(nextInterest(days, 1, -1)).toBe(-1);
  });
});
