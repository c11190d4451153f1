/**
 * The pure parts of the chart and report exports (web/lib/export-image.ts
 * headerLines, web/lib/export-report.ts): header wrapping, the report's
 * summary cells against the path summary, its events against the event log,
 * escaping, and a page with nothing to fetch. The browser side (PNG size,
 * SVG content, the report opened offline) is test/e2e/export.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { simulateTyped } from '../../src/simulate.ts';
import { headerLines, headerHeight } from '../../web/lib/export-image.ts';
import { escapeHtml, inlineSvg, reportEvents, reportHtml, summaryTables } from '../../web/lib/export-report.ts';
import { groupEvents } from '../../web/lib/events.ts';
import { compact, exact, netSold, pct, selfInflicted, usd } from '../../web/lib/format.ts';
import { readFileSync } from 'node:fs';
import { resolveScenarioText } from '../../src/resolve.ts';
import { TEST_SCENARIO } from './fixtures.ts';

describe('chart image header', () => {
  const info = { scenario: 'A long scenario name', seed: '7', detail: '500 paths' };
  it('puts title, scenario, seed, date range and detail on the header', () => {
    expect(headerLines('FGNX stock price', info, ['2025-10-21', '2026-10-20'])).toEqual(['FGNX stock price', 'A long scenario name · seed 7 · 2025-10-21 to 2026-10-20 · 500 paths']);
    expect(headerLines('x', { ...info, title: 'Own title', detail: undefined }, null)).toEqual(['Own title', 'A long scenario name · seed 7']);
  });
  it('wraps the facts at the separators when they are wider than the image', () => {
    // One unit per character: "A long scenario name · seed 7" is 29 wide; a limit of 30 keeps it,
    // the date range (24) and "500 paths" (9) join on the next line (24 + 3 + 9 = 36 > 30: no).
    const lines = headerLines('T', info, ['2025-10-21', '2026-10-20'], (s) => s.length, 30);
    expect(lines).toEqual(['T', 'A long scenario name · seed 7', '2025-10-21 to 2026-10-20', '500 paths']);
    // Unknown scenario and seed (a chart outside the simulator): the title alone.
    expect(headerLines('T', { scenario: '', seed: '' }, null)).toEqual(['T']);
    expect(headerHeight(1)).toBe(35);
    // A part wider than the limit is broken between words: at 12, "A long scenario" (15) and
    // "scenario name" (13) do not fit, nor "name · seed 7" (13) or "seed 7 · 500 paths" (18).
    expect(headerLines('T', info, null, (s) => s.length, 12)).toEqual(['T', 'A long', 'scenario', 'name', 'seed 7', '500 paths']);
    // 10 + 15 + (lines - 1) x (6 + 12) + 10 px.
    expect(headerHeight(2)).toBe(53);
    expect(headerHeight(4)).toBe(89);
  });
});

describe('one minus sign', () => {
  it('every formatter writes U+2212 for a negative value, none for one that rounds to zero', () => {
    expect([pct(-0.0322), pct(-0.0322, 2), pct(0.0322), pct(-0.0004), pct(-0.0004, 2)]).toEqual(['−3.2%', '−3.22%', '3.2%', '0.0%', '−0.04%']);
    expect([compact(-5), compact(-37e6), compact(-0.0123), compact(-Infinity), compact(-1.5e-9)]).toEqual(['−5', '−37M', '−0.0123', '−∞', '−1.50e-9']);
    expect([exact(-1234.5), exact(-3.14159), exact(-0.012345)]).toEqual(['−1,235', '−3.14', '−0.01235']);
    expect(usd(-14.4e9)).toBe('−$14.4B');
    // No hyphen-minus is left in front of a digit.
    for (const s of [pct(-0.5), compact(-2e3), exact(-2e3), usd(-2e3)]) expect(s).not.toMatch(/-\d/);
  });
});

describe('the treasuries\' effect on the coin, signed in words', () => {
  it('says "lifted" and "net bought" for negative values, nothing for positive or rounding-to-zero ones', () => {
    expect(selfInflicted(0.0123)).toBe('1.23%');
    expect(selfInflicted(-0.0322)).toBe('−3.22% (lifted)');
    // Rounds to zero: no sign, no word.
    expect(selfInflicted(-0.00001)).toBe('0.00%');
    expect(selfInflicted(0)).toBe('0.00%');
    expect(selfInflicted(null)).toBe('–');
    expect(netSold(2.5e9)).toBe('$2.5B');
    expect(netSold(-14.4e9)).toBe('−$14.4B (net bought)');
    expect(netSold(0)).toBe('$0');
    expect(netSold(undefined)).toBe('–');
  });
  it('marks a net buyer\'s market row in the report (mstr buys bitcoin with preferreds and the ATM)', () => {
    const text = readFileSync(new URL('../../scenarios/mstr.json', import.meta.url), 'utf8');
    const r = simulateTyped(resolveScenarioText(text, { file: 'mstr.json' }), { seed: '1', days: 200 });
    const m = r.summary.markets.BTC;
    expect(m.companyNetSoldUsd).toBeLessThan(0);
    const row = summaryTables(r)[0].rows[0];
    expect(row[6]).toMatch(/^−\$[\d.]+[kMB]? \(net bought\)$/);
    // Net buying of $4.1B over 200 days leaves bitcoin higher than without the treasuries (same shocks).
    expect(m.selfInflictedDrawdown).toBeLessThan(-0.0001);
    expect(row[5]).toBe(`−${(-m.selfInflictedDrawdown! * 100).toFixed(2)}% (lifted)`);
  });
});

describe('HTML report', () => {
  const resolved = resolveScenario(TEST_SCENARIO);
  const result = simulateTyped(resolved, { seed: 'web', days: 200 });

  it('has the summary figures of the path, formatted as the app formats them', () => {
    const [markets, companies] = summaryTables(result);
    expect(markets.rows.map((r) => r[0])).toEqual(Object.keys(result.summary.markets));
    expect(companies.rows.map((r) => r[0])).toEqual(Object.keys(result.summary.companies));
    expect(markets.rows.every((r) => r.length === markets.headers.length)).toBe(true);
    expect(companies.rows.every((r) => r.length === companies.headers.length)).toBe(true);
    const aaa = result.summary.companies.AAA;
    const row = companies.rows.find((r) => r[0] === 'AAA')!;
    // $ with 3 significant digits, trailing zeros trimmed (format.ts usd), for a price in (0, 1000): 0.247584 -> "$0.248".
    expect(aaa.terminalStockPrice).toBeGreaterThan(0);
    expect(aaa.terminalStockPrice).toBeLessThan(1000);
    expect(row[1]).toBe(`$${Number(aaa.terminalStockPrice.toPrecision(3))}`.replace(/\.0+$/, ''));
    expect(row[4]).toBe(aaa.noticeDay === null ? 'never' : `${result.dates[aaa.noticeDay]} (day ${aaa.noticeDay})`);
  });

  it('lists every event group of the log, in order', () => {
    const ev = reportEvents(result);
    const groups = groupEvents(result.events);
    expect(ev).toHaveLength(groups.length);
    ev.forEach((e, i) => {
      expect(e.date).toBe(groups[i].firstDate);
      expect(e.company).toBe(groups[i].company);
      expect(e.lastDate).toBe(groups[i].count > 1 ? groups[i].lastDate : null);
    });
  });

  it('escapes text, inlines SVG without namespaces, and has nothing to fetch', () => {
    expect(escapeHtml(`<b a="1">&'`)).toBe('&lt;b a=&quot;1&quot;&gt;&amp;&#39;');
    const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10"><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><text>t</text></svg></svg>';
    expect(inlineSvg(svg)).toBe('<svg width="10"><svg><text>t</text></svg></svg>');
    const html = reportHtml({
      scenarioName: 'Name <with> tags',
      scenarioId: 'web-test',
      description: 'see https://example.com/x',
      seed: 'web',
      path: 0,
      deterministic: false,
      dates: result.dates,
      ticker: 'AAA',
      tables: summaryTables(result),
      charts: [{ heading: 'AAA stock price', svg }],
      events: reportEvents(result),
      generated: '2026-12-05 14:00 UTC',
      colours: { bg: '#fff', fg: '#000', muted: '#666', border: '#ddd', panel: '#fff' },
    });
    expect(html).toContain('<h1>Name &lt;with&gt; tags</h1>');
    expect(html).toContain(`<dt>Horizon</dt><dd>200 days, ${result.dates[0]} to ${result.dates[199]}</dd>`);
    expect(html).toContain('<figure aria-label="AAA stock price"><svg width="10">');
    // A URL in the scenario's own text stays text: no attribute, style or script can fetch it.
    expect(html).not.toMatch(/\b(src|href|srcset|action)\s*=|<(script|link|iframe|object|embed|base)\b|url\((?!#)|@import/i);
    expect(html.match(/https?:\/\//g)).toEqual(['https://']);
  });
});
