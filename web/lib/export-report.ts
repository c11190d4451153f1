/**
 * A one-page HTML report of a run, as one self-contained file that opens
 * offline: title, scenario, seed, horizon, the end-of-path figures (the same
 * cells as the app's summary table, components/dat-summary-table.ts), the
 * single-path charts as inline SVG (web/lib/export-image.ts) and the events
 * table (lib/events.ts). No scripts, no external requests: styles are inline,
 * images are inline SVG, and a Content-Security-Policy forbids any fetch.
 *
 * `reportHtml` is pure (tested in Node); `renderReportCharts` draws the
 * charts offscreen in the page through <dat-chart>.
 */
import type { SimResultTyped } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import '../components/dat-chart.ts';
import type { Theme } from './chart-setup.ts';
import { singleCharts } from './chart-specs.ts';
import { describeGroup, groupEvents, MARKER_KINDS } from './events.ts';
import type { ExportInfo } from './export-image.ts';
import { DISCRETIONARY_LISTING_NOTE, coinsSoldText, compact, netSold, selfInflicted, usd } from './format.ts';

export interface Table {
  caption: string;
  headers: string[];
  /** First cell of each row is its header (coin or ticker). */
  rows: string[][];
}

const when = (d: number | null, dates: readonly string[]) => (d === null ? 'never' : `${dates[d] ?? ''} (day ${d})`);

/** The end-of-path figures as the app's summary table shows them (same formatting, same order). */
export function summaryTables(r: SimResultTyped): Table[] {
  const s = r.summary;
  return [
    {
      caption: 'Markets',
      headers: ['Coin', 'Start', 'End', 'Low', 'Without treasuries', 'Self-inflicted drop', 'Treasuries net sold', 'Liquidations'],
      rows: Object.entries(s.markets).map(([coin, m]) => [
        coin,
        usd(m.startPrice, 4),
        usd(m.terminalPrice, 4),
        usd(m.minPrice, 4),
        usd(m.counterfactualTerminalPrice, 4),
        selfInflicted(m.selfInflictedDrawdown),
        netSold(m.companyNetSoldUsd),
        usd(m.liquidationsUsd),
      ]),
    },
    {
      caption: 'Companies',
      headers: ['Ticker', 'Stock', 'mNAV', 'Listing', 'Notice', 'Delisted', 'Coins held', 'Coins sold', 'Realized P&L', 'Unrealized P&L', 'Debt', 'Loss if coin halves'],
      rows: Object.entries(s.companies).map(([t, c]) => [
        t,
        usd(c.terminalStockPrice, 3),
        c.terminalMnav === null ? '–' : compact(c.terminalMnav, 3),
        `${c.insolvent ? 'insolvent' : c.listingState}${c.listingDiscretionary ? '†' : ''}`,
        when(c.noticeDay, r.dates),
        when(c.delistedDay, r.dates),
        compact(c.coinsHeld),
        coinsSoldText(c),
        usd(c.realizedPnlUsd),
        usd(c.unrealizedPnlUsd),
        usd(c.debtUsd),
        `${usd(c.unrealizedLossIfCoinHalvesUsd)} (${compact(c.lossIfHalvesVsFtxHole, 2)}× FTX)`,
      ]),
    },
  ];
}

export interface ReportEvent {
  date: string;
  lastDate: string | null;
  company: string;
  text: string;
  key: boolean;
}

/** The event log as the timeline folds it (every company). */
export function reportEvents(r: SimResultTyped): ReportEvent[] {
  return groupEvents(r.events).map((g) => ({
    date: g.firstDate,
    lastDate: g.count > 1 ? g.lastDate : null,
    company: g.company,
    text: describeGroup(g, r.companies[g.company]?.coin),
    key: MARKER_KINDS.has(g.kind),
  }));
}

export interface ReportInput {
  scenarioName: string;
  scenarioId: string;
  description?: string;
  seed: string;
  path: number;
  deterministic: boolean;
  dates: readonly string[];
  ticker: string;
  tables: Table[];
  /** Charts as standalone SVG documents (chartSvg). */
  charts: { heading: string; svg: string }[];
  events: ReportEvent[];
  /** When the report was made (ISO). */
  generated: string;
  /** Page colours (the app's theme). */
  colours: { bg: string; fg: string; muted: string; border: string; panel: string };
  caveat?: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

/** A standalone SVG document as inline SVG in HTML: no XML prolog, no namespace declarations (the HTML parser puts <svg> in the SVG namespace). */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/g, '')
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
}

/** The report page (one file: inline styles, inline SVG, no scripts, CSP without any source). */
export function reportHtml(i: ReportInput): string {
  const first = i.dates[0] ?? '', last = i.dates[i.dates.length - 1] ?? '';
  const days = i.dates.length;
  const c = i.colours;
  const table = (t: Table) => `<table>
<caption>${escapeHtml(t.caption)}</caption>
<thead><tr>${t.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${t.rows.map((r) => `<tr><th scope="row">${escapeHtml(r[0])}</th>${r.slice(1).map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
  const events = i.events.length
    ? `<table class="events">
<thead><tr><th scope="col">Date</th><th scope="col">Company</th><th scope="col">Event</th></tr></thead>
<tbody>
${i.events.map((e) => `<tr${e.key ? ' class="key"' : ''}><td class="date">${escapeHtml(e.date)}${e.lastDate ? ` to ${escapeHtml(e.lastDate)}` : ''}</td><td>${escapeHtml(e.company)}</td><td>${escapeHtml(e.text)}</td></tr>`).join('\n')}
</tbody>
</table>`
    : '<p class="muted">No events on this path.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="DAT death-spiral simulator (web)">
<title>${escapeHtml(`${i.scenarioName}: seed ${i.seed}, ${first} to ${last}`)}</title>
<style>
body { margin: 0 auto; max-width: 980px; padding: 16px 20px 40px; background: ${c.bg}; color: ${c.fg}; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 4px; }
h2 { font-size: 1.1rem; margin: 22px 0 8px; }
.muted, caption { color: ${c.muted}; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0; }
dl.facts dt { color: ${c.muted}; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 0.85rem; }
caption { text-align: left; font-weight: 600; padding: 2px 0; }
th, td { border-bottom: 1px solid ${c.border}; padding: 3px 8px; text-align: left; vertical-align: top; }
td.date { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
tr.key td { font-weight: 600; }
.wrap { overflow-x: auto; }
figure { margin: 0 0 12px; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; border: 1px solid ${c.border}; border-radius: 6px; background: ${c.panel}; }
@media print { body { max-width: none; } .wrap { overflow: visible; } }
</style>
</head>
<body>
<header>
<h1>${escapeHtml(i.scenarioName)}</h1>
${i.description ? `<p class="muted">${escapeHtml(i.description)}</p>` : ''}
<dl class="facts">
<dt>Scenario</dt><dd>${escapeHtml(i.scenarioId)}</dd>
<dt>Seed</dt><dd>${escapeHtml(i.seed)} (path ${i.path}${i.deterministic ? ', noise off' : ''})</dd>
<dt>Horizon</dt><dd>${days} days, ${escapeHtml(first)} to ${escapeHtml(last)}</dd>
<dt>Company shown</dt><dd>${escapeHtml(i.ticker)}</dd>
<dt>Made</dt><dd>${escapeHtml(i.generated)}</dd>
</dl>
<p class="muted">One simulated path of the scenario as it was run in the app (with any edits made there); another seed gives another path.</p>
</header>
<section id="summary">
<h2>At the horizon (${escapeHtml(last)})</h2>
<div class="wrap">
${i.tables.map(table).join('\n')}
</div>
${i.caveat ? `<p class="muted">† ${escapeHtml(i.caveat)}</p>` : ''}
</section>
<section id="charts">
<h2>Charts</h2>
${i.charts.map((ch) => `<figure aria-label="${escapeHtml(ch.heading)}">${inlineSvg(ch.svg)}</figure>`).join('\n')}
</section>
<section id="events">
<h2>Events</h2>
<div class="wrap">
${events}
</div>
</section>
</body>
</html>
`;
}

/** What the app knows about the run on screen. */
export interface RunContext {
  result: SimResultTyped;
  resolved: ResolvedScenario;
  scenarioName: string;
  description?: string;
  ticker: string;
  theme: Theme;
}

/** The chart ids and headings of the report (the single-path view's, in its order). */
function chartList(r: SimResultTyped, ticker: string): [string, string][] {
  const coin = r.companies[ticker]?.coin ?? 'coin';
  return [
    ['coin', `${coin} price`],
    ['stock', `${ticker} stock price`],
    ['mnav', `${ticker} mNAV`],
    ['coins', `${ticker} ${coin} held and sold`],
    ['debt', `${ticker} debt and LTV`],
    ['flows', `Net flows into ${coin} by source`],
  ];
}

/** Draws the single-path charts offscreen (as <dat-chart> would on screen) and returns them as SVG. */
export async function renderReportCharts(ctx: RunContext, info: ExportInfo, width = 900): Promise<{ heading: string; svg: string }[]> {
  const r = ctx.result;
  const company = ctx.resolved.companies.find((c) => c.ticker === ctx.ticker);
  const covenants = (company?.debt ?? [])
    .filter((d): d is Extract<typeof d, { kind: 'convertible' | 'loan' }> => d.kind !== 'preferred')
    .filter((d) => d.covenantLtv > 0 || d.liquidationLtv > 0)
    .map((d) => ({ id: d.id, covenantLtv: d.covenantLtv, liquidationLtv: d.liquidationLtv }));
  const specs = singleCharts({ result: r, ticker: ctx.ticker, listingRules: ctx.resolved.listingRules, covenants, theme: ctx.theme, selectedDay: null });
  const holder = document.createElement('div');
  holder.setAttribute('aria-hidden', 'true');
  holder.style.cssText = `position:fixed;left:-100000px;top:0;width:${width}px;pointer-events:none;`;
  document.body.append(holder);
  try {
    const out: { heading: string; svg: string }[] = [];
    for (const [id, heading] of chartList(r, ctx.ticker)) {
      if (!specs[id]) continue;
      const el = document.createElement('dat-chart');
      el.heading = heading;
      el.spec = specs[id];
      el.exportInfo = info;
      el.style.setProperty('--chart-height', '260px');
      holder.append(el);
      await el.updateComplete;
      const svg = await el.exportImage('svg');
      if (svg) out.push({ heading, svg });
    }
    return out;
  } finally {
    holder.remove();
  }
}

/** The whole report of the run on screen. */
export async function runReport(ctx: RunContext): Promise<string> {
  const r = ctx.result;
  const info: ExportInfo = { scenario: ctx.scenarioName, seed: r.seed, dates: r.dates };
  const charts = await renderReportCharts(ctx, info);
  const t = ctx.theme;
  return reportHtml({
    scenarioName: ctx.scenarioName,
    scenarioId: r.scenario.id,
    description: ctx.description,
    seed: r.seed,
    path: r.path,
    deterministic: r.deterministic,
    dates: r.dates,
    ticker: ctx.ticker,
    tables: summaryTables(r),
    charts,
    events: reportEvents(r),
    generated: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    colours: { bg: t.bg, fg: t.fg, muted: t.muted, border: t.grid, panel: t.panel },
    caveat: Object.values(r.summary.companies).some((c) => c.listingDiscretionary) ? DISCRETIONARY_LISTING_NOTE : undefined,
  });
}
