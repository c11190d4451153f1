/**
 * Chart specs on a real run (TEST_SCENARIO), with the company's holdings
 * edited after the run to reach the states under test: the mNAV axis is
 * clipped at MNAV_CEILING and days without coins are shaded "no coins held"
 * with no mNAV or LTV drawn; the stock chart carries the venue line and
 * one marker per listing event; price charts say when they open on log.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { simulateTyped } from '../../src/simulate.ts';
import { MNAV_CEILING, singleCharts } from '../../web/lib/chart-specs.ts';
import type { Theme } from '../../web/lib/chart-setup.ts';
import { TEST_SCENARIO } from './fixtures.ts';
import { teachCharts, withDay } from '../../web/lib/teaching/charts.ts';
import { traceScenario } from '../../web/lib/teaching/trace.ts';

const theme = new Proxy({ dark: false } as Theme, { get: (t, k) => (k === 'dark' ? false : k === 'band' ? '1, 2, 3' : '#123456') });

describe('single-path chart specs', () => {
  const resolved = resolveScenario(TEST_SCENARIO);
  const result = simulateTyped(resolved, { seed: 'web' });
  const input = { result, ticker: 'AAA', listingRules: resolved.listingRules, covenants: [], theme, selectedDay: null };

  it('clips mNAV at the ceiling and shades the days without coins', () => {
    const r = structuredClone(result);
    const c = r.companies.AAA;
    const n = r.dates.length;
    // Days 60-79: the coins almost gone, mNAV 500 (what a market cap over a few coins gives); from day 80: no coins.
    for (let t = 60; t < 80; t++) c.mnav[t] = 500;
    for (let t = 80; t < n; t++) {
      c.coins[t] = 0;
      c.mnav[t] = Infinity; // what the engine records with no coins (the plain result's null)
    }
    const specs = singleCharts({ ...input, result: r });
    const y = (specs.mnav.options.scales as Record<string, { max?: number }>).y;
    expect(y.max).toBeLessThanOrEqual(MNAV_CEILING);
    const ann = (specs.mnav.options.plugins as { annotation: { annotations: Record<string, { xMin: number; xMax: number; label: { content: string } }> } }).annotation.annotations;
    expect(ann['noCoins-80']).toMatchObject({ xMin: 80, xMax: n - 1 });
    expect(ann['noCoins-80'].label.content).toBe('no coins held');
    const mnav = (specs.mnav.data.datasets[0].data as { y: number | null }[]).map((p) => p.y);
    expect(mnav.slice(80).every((v) => v === null)).toBe(true);
    expect(mnav[79]).toBe(500);
    const ltv = (specs.debt.data.datasets[1].data as { y: number | null }[]).map((p) => p.y);
    expect(ltv.slice(80).every((v) => v === null)).toBe(true);
    expect(Object.keys((specs.debt.options.plugins as { annotation: { annotations: object } }).annotation.annotations)).toContain('noCoins-80');
    // The unedited run holds coins throughout: no shading.
    const plain = singleCharts(input);
    expect(Object.keys((plain.mnav.options.plugins as { annotation: { annotations: object } }).annotation.annotations).filter((k) => k.startsWith('noCoins-'))).toEqual([]);
  });

  it('puts one marker per listing event on the stock chart and the Nasdaq line', () => {
    const specs = singleCharts(input);
    const plugins = specs.stock.options.plugins as { datMarkers: { markers: { day: number; label: string }[] }; annotation: { annotations: Record<string, { yMin?: number; label: { content: string } }> } };
    const kinds = new Set(['notice', 'secondPeriod', 'regained', 'determination', 'delisted', 'reverseSplit', 'insolvent']);
    const events = result.events.filter((e) => e.company === 'AAA' && kinds.has(e.kind));
    expect(events.length).toBeGreaterThan(0);
    expect(plugins.datMarkers.markers.map((m) => m.day)).toEqual(events.map((e) => e.day));
    expect(plugins.annotation.annotations.minPrice.yMin).toBe(1);
    expect(plugins.annotation.annotations.minPrice.label.content).toBe('$1.00 minimum (Nasdaq Capital Market)');
    // logScale.default follows the rule on the stock series itself.
    const s = result.companies.AAA.stockPrice.filter((v) => v > 0);
    expect(specs.stock.logScale!.default).toBe(Math.max(...s) / Math.min(...s) > 10);
    expect(specs.mnav.logScale).toBeUndefined();
    // With an event selected, its day's box is what the marker labels keep clear of (chart-setup.ts markerPlugin).
    expect((plugins.datMarkers as { avoid?: unknown }).avoid).toBeUndefined();
    const picked = singleCharts({ ...input, selectedDay: events[0].day, selectedLabel: 'notice' });
    expect((picked.stock.options.plugins as { datMarkers: { avoid?: unknown } }).datMarkers.avoid).toEqual({ day: events[0].day, label: 'notice' });
  });
});

describe('teaching stock chart: the minimum-price label keeps off the day markers', () => {
  const resolved = resolveScenario(TEST_SCENARIO);
  const trace = traceScenario(resolved, { seed: 'web', days: 200 });
  const spec = teachCharts(trace, resolved, 'AAA', theme)['teach-stock'];
  type Label = { position: unknown; content: unknown };
  const ann = (s: typeof spec) => (s.options.plugins as { annotation: { annotations: Record<string, { label: Label }> } }).annotation.annotations;
  // The plugin's scriptable options get the chart: its x scale (days) and plot width.
  const resolve = (v: unknown, width: number) => (typeof v === 'function' ? v({ chart: { scales: { x: { min: 0, max: 199 } }, chartArea: { width } } }) : v);

  it('sits at the right while the markers are in the left half, at the left otherwise; short on a phone-wide plot', () => {
    const long = ann(spec).minPrice.label.content as string;
    expect(long).toMatch(/^\$1\.00 minimum \(.+\)$/);
    const early = ann(withDay(spec, 'teach-stock', theme, 0, 'day 0', 1)).minPrice.label;
    const late = ann(withDay(spec, 'teach-stock', theme, 150, 'day 150', 151)).minPrice.label;
    expect([resolve(early.position, 800), resolve(late.position, 800)]).toEqual(['end', 'start']);
    // The delay marker counts too: a selected day just left of the middle whose close lands right of it.
    expect(resolve(ann(withDay(spec, 'teach-stock', theme, 98, 'day 98', 101)).minPrice.label.position, 800)).toBe('start');
    expect([resolve(early.content, 800), resolve(early.content, 300)]).toEqual([long, '$1.00 minimum']);
    // The rotated delay label, short, sits low on its line, just above the bands' labels at the foot and
    // away from the day's box and the marker lanes at the top (long, "close reaches stock", at the foot it
    // ran under the box; mid-height it met the "notice" label); other charts keep their labels as built.
    expect(ann(withDay(spec, 'teach-stock', theme, 0, 'day 0', 1)).delay.label).toMatchObject({ position: 'start', yAdjust: -12, xAdjust: 7, content: 'close → stock' });
    const mnav = teachCharts(trace, resolved, 'AAA', theme)['teach-mnav'];
    expect(ann(withDay(mnav, 'teach-mnav', theme, 0, 'day 0', 1)).minPrice).toBeUndefined();
    expect(ann(spec).minPrice.label.position).toBe('start');
  });

  it("keeps the event markers' labels clear of the day's box", () => {
    const markers = (x: typeof spec) => (x.options.plugins as { datMarkers?: { markers: unknown[]; avoid?: unknown } }).datMarkers;
    expect(markers(spec)?.avoid).toBeUndefined();
    const day = withDay(spec, 'teach-stock', theme, 120, 'day 120', 121);
    expect(markers(day)?.avoid).toEqual({ day: 120, label: 'day 120' });
    expect(markers(day)?.markers).toBe(markers(spec)?.markers); // the markers themselves are shared, not copied
    // ... and of the rotated delay label's strip beside its line (the stock chart only, which draws the label).
    expect((markers(day) as { column?: unknown }).column).toEqual({ day: 121, dx0: 1, dx1: 14 });
    const mnav = teachCharts(trace, resolved, 'AAA', theme)['teach-mnav'];
    expect((markers(withDay(mnav, 'teach-mnav', theme, 120, 'day 120', 121)) as { column?: unknown } | undefined)?.column).toBeUndefined();
  });
});

describe('listing-state band labels', () => {
  const resolved = resolveScenario(TEST_SCENARIO);
  const result = simulateTyped(resolved, { seed: 'web', days: 730 });
  const r = structuredClone(result);
  const c = r.companies.AAA;
  // A story like FGNX's: 160 days of notice, 35 of determination, then OTC to the end (codes of LISTING_STATE_NAMES).
  c.listingState.fill(0);
  c.listingState.fill(1, 440, 600);
  c.listingState.fill(3, 600, 635);
  c.listingState.fill(4, 635);
  const specs = singleCharts({ result: r, ticker: 'AAA', listingRules: resolved.listingRules, covenants: [], theme, selectedDay: null });
  const ann = (specs.stock.options.plugins as { annotation: { annotations: Record<string, { xMin: number; xMax: number; label?: { display: unknown; content: string } }> } }).annotation.annotations;
  const bands = Object.entries(ann).filter(([k]) => k.startsWith('state-')).map(([, a]) => a);
  const shown = (width: number) => bands.filter((b) => (b.label!.display as (ctx: unknown) => boolean)({ chart: { scales: { x: { min: 0, max: 729 } }, chartArea: { width } } }));

  it('prints every label on a wide plot, none over another on a phone-wide one', () => {
    expect(bands.map((b) => b.label!.content)).toEqual(['notice period', 'determination', 'OTC']);
    expect(shown(1150).map((b) => b.label!.content)).toEqual(['notice period', 'determination', 'OTC']);
    const narrow = shown(270);
    expect(narrow.length).toBeGreaterThan(0);
    expect(narrow.length).toBeLessThan(3);
    // The shown labels, centred on their bands at 5.5 px a character, do not overlap.
    const extent = (b: (typeof bands)[number], w: number) => {
      const centre = ((b.xMin + b.xMax) / 2 / 729) * w, half = (b.label!.content.length * 5.5) / 2;
      return [centre - half, centre + half];
    };
    for (let k = 1; k < narrow.length; k++) expect(extent(narrow[k], 270)[0]).toBeGreaterThanOrEqual(extent(narrow[k - 1], 270)[1]);
  });
});
