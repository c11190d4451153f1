import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../sim/events.ts';
import { describeGroup, groupEvents } from '../../web/lib/events.ts';

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
});
