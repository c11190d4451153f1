import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { SimEvent } from '../../sim/events.ts';
import { compileExpression } from '../../sim/expr.ts';
import { loadScenarioFile } from '../../src/node/files.ts';
import { simulateTyped } from '../../src/simulate.ts';
import { describeGroup, FOLDED_KINDS, groupEvents } from '../../web/lib/events.ts';

const ev = (day: number, kind: SimEvent['kind'], extra: Record<string, string | number | boolean> = {}, company = 'AAA'): SimEvent => ({
  day,
  date: `2026-01-${String(day + 1).padStart(2, '0')}`,
  company,
  kind,
  ...extra,
});

describe('event timeline grouping', () => {
  it('folds daily routine events into runs and keeps listing events single', () => {
    const g = groupEvents([
      ev(0, 'coinSale', { reason: 'buyback', coins: 10, usd: 100, forced: false }),
      ev(1, 'coinSale', { reason: 'buyback', coins: 5, usd: 40, forced: false }),
      ev(1, 'buyback', { usd: 140, shares: 50 }),
      ev(3, 'notice', { close: 0.8 }),
      ev(4, 'coinSale', { reason: 'buyback', coins: 1, usd: 9, forced: false }),
      ev(20, 'coinSale', { reason: 'buyback', coins: 2, usd: 18, forced: false }),
      ev(20, 'coinSale', { reason: 'funding', coins: 3, usd: 27, forced: true }),
      ev(2, 'coinSale', { reason: 'buyback', coins: 7, usd: 70, forced: false }, 'BBB'),
    ]);
    const sales = g.filter((x) => x.kind === 'coinSale' && x.company === 'AAA' && x.reason === 'buyback');
    expect(sales.map((s) => [s.firstDay, s.lastDay, s.count, s.totals.coins, s.totals.usd])).toEqual([
      [0, 4, 3, 16, 149],
      [20, 20, 1, 2, 18],
    ]);
    expect(g.filter((x) => x.kind === 'notice')).toHaveLength(1);
    expect(g.find((x) => x.reason === 'funding')!.count).toBe(1);
    expect(g.find((x) => x.company === 'BBB')!.totals.coins).toBe(7);
    // sorted by first day
    expect(g.map((x) => x.firstDay)).toEqual([...g.map((x) => x.firstDay)].sort((a, b) => a - b));
    expect(describeGroup(sales[0], 'BTC')).toBe('sold 16 BTC for $149 (buyback) ×3 days');
    expect(describeGroup(g.find((x) => x.kind === 'notice')!)).toBe('deficiency notice (close $0.800)');
  });

  it('on a 10-company path (~6,000 events) every event is in one group, the runs add up, and a folded kind starts a new run exactly after a gap of more than 4 days', () => {
    const r = simulateTyped(loadScenarioFile(join(import.meta.dirname, '../../scenarios/wargame-ten.json')), { seed: 'groups', compileRule: compileExpression });
    const events = r.events;
    expect(events.length).toBeGreaterThan(3000);
    const groups = groupEvents(events);
    expect(groups.length).toBeLessThan(events.length / 5);
    const keyOf = (company: string, kind: string, reason: unknown) => JSON.stringify([company, kind, typeof reason === 'string' ? reason : null]);
    // Counts and sums per company, kind and reason: the events' against the groups'.
    // Expected runs: a folded kind starts a new run after a gap of more than 4 days, any other kind at every event.
    const raw = new Map<string, { n: number; usd: number; coins: number; runs: number; last: number }>();
    for (const e of events) {
      const k = keyOf(e.company, e.kind, e.reason);
      const x = raw.get(k) ?? { n: 0, usd: 0, coins: 0, runs: 0, last: -Infinity };
      if (!FOLDED_KINDS.has(e.kind) || e.day - x.last > 4) x.runs++;
      x.last = e.day;
      x.n++;
      if (typeof e.usd === 'number') x.usd += e.usd;
      if (typeof e.coins === 'number') x.coins += e.coins;
      raw.set(k, x);
    }
    const folded = new Map<string, { n: number; usd: number; coins: number; runs: number }>();
    let multi = 0;
    for (const g of groups) {
      const k = keyOf(g.company, g.kind, g.reason);
      const x = folded.get(k) ?? { n: 0, usd: 0, coins: 0, runs: 0 };
      if (g.count > 1) multi++;
      expect(g.lastDay).toBeGreaterThanOrEqual(g.firstDay);
      x.runs++;
      x.n += g.count;
      x.usd += g.totals.usd ?? 0;
      x.coins += g.totals.coins ?? 0;
      folded.set(k, x);
    }
    expect(multi).toBeGreaterThan(10);
    expect([...folded.keys()].sort()).toEqual([...raw.keys()].sort());
    for (const [k, x] of raw) {
      const y = folded.get(k)!;
      expect(y.n, k).toBe(x.n);
      expect(y.runs, `${k}: runs`).toBe(x.runs);
      expect(y.usd, k).toBeCloseTo(x.usd, Math.max(0, 6 - Math.ceil(Math.log10(Math.abs(x.usd) + 1))));
      expect(y.coins, k).toBeCloseTo(x.coins, Math.max(0, 6 - Math.ceil(Math.log10(Math.abs(x.coins) + 1))));
    }
    // Sorted by first day, then company.
    for (let i = 1; i < groups.length; i++) {
      const a = groups[i - 1], b = groups[i];
      expect(a.firstDay < b.firstDay || (a.firstDay === b.firstDay && a.company.localeCompare(b.company) <= 0)).toBe(true);
    }
  });
});
