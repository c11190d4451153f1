/**
 * Chart configurations built from simulation results: plain data, so a view
 * rebuilds them on every run and <dat-chart> applies them with one
 * `update('none')`. x is the day index on a linear axis (with `parsing:
 * false`, the fast path for 730-point series); ticks and tooltips show dates.
 */
import type { SimResultTyped } from '../../src/simulate.ts';
import type { ListingRuleSet } from '../../sim/index.ts';
import { LISTING_STATE_NAMES, ListingState } from '../../sim/index.ts';
import type { Theme } from './chart-setup.ts';
import { MARKER_KINDS, MARKER_LABELS } from './events.ts';
import { alignCalendars, logByDefault, minPriceLine, shift } from './chart-layout.ts';
import { exact, compact, usd, pct } from './format.ts';
import { bandsOf, type EnsembleResult } from './ensemble-types.ts';
import type { Histogram } from './ensemble-types.ts';

export interface Pt {
  x: number;
  y: number | null;
}

/** A Chart.js configuration (kept loose: Chart.js's generics do not model mixed `parsing: false` data well). */
export interface ChartSpec {
  type: 'line' | 'bar';
  data: { labels?: string[]; datasets: Record<string, unknown>[] };
  options: Record<string, unknown>;
  /** A price chart with a log/linear toggle; `default` = log (the series span more than 10×, chart-layout.ts logByDefault). */
  logScale?: { default: boolean };
}

/** mNAV axes never go above this (a company with almost no coins left has an mNAV in the hundreds). */
export const MNAV_CEILING = 10;

/** The marker-label plugin's options (chart-setup.ts markerPlugin). */
function markerOpts(theme: Theme, markers: { day: number; label: string }[]): Record<string, unknown> {
  return { markers, color: theme.marker, bg: theme.panel };
}

/** Box annotations over the days on which the company holds no coins (mNAV and LTV undefined there). */
function noCoinBoxes(noCoins: (t: number) => boolean, n: number, theme: Theme): Annotations {
  const out: Annotations = {};
  let s = -1;
  for (let t = 0; t <= n; t++) {
    const none = t < n && noCoins(t);
    if (none && s < 0) s = t;
    if (!none && s >= 0) {
      out[`noCoins-${s}`] = {
        type: 'box', xMin: s, xMax: t - 1, backgroundColor: 'rgba(128,128,128,0.12)', borderWidth: 0, drawTime: 'beforeDatasetsDraw',
        label: { display: true, content: 'no coins held', position: { x: 'center', y: 'center' }, color: theme.muted, font: { size: 11, weight: 'bold' } },
      };
      s = -1;
    }
  }
  return out;
}

export type Annotations = Record<string, Record<string, unknown>>;

type YFormat = 'usd' | 'num' | 'pct' | 'ratio' | 'coins';

const fmtAxis = (f: YFormat) => (v: number | string) => {
  const n = Number(v);
  if (f === 'usd') return usd(n, 3);
  if (f === 'pct') return pct(n, 0);
  if (f === 'ratio') return compact(n, 3);
  return compact(n, 3);
};
const fmtTip = (f: YFormat) => (v: number | null) => {
  if (v === null || v === undefined) return '–';
  if (f === 'usd') return `${v < 0 ? '−' : ''}$${exact(Math.abs(v))}`;
  if (f === 'pct') return pct(v, 2);
  return exact(v);
};

/**
 * An axis cap for series that explode at the end (mNAV or LTV as the coins
 * run out): null when the data's own maximum is fine, else twice the 90th
 * percentile of the finite values (at least `floor`).
 */
export function robustMax(a: ArrayLike<number | null>, floor: number): number | null {
  const v: number[] = [];
  for (let t = 0; t < a.length; t++) {
    const x = a[t];
    if (x !== null && Number.isFinite(x)) v.push(x);
  }
  if (!v.length) return null;
  v.sort((x, y) => x - y);
  const max = v[v.length - 1];
  const cap = Math.max(floor, 2 * v[Math.floor(0.9 * (v.length - 1))]);
  return max > cap ? Number(cap.toPrecision(2)) : null;
}

/** Largest finite value of a series, at least 0. */
function finiteMax(a: ArrayLike<number>): number {
  let mx = 0;
  for (let t = 0; t < a.length; t++) if (Number.isFinite(a[t]) && a[t] > mx) mx = a[t];
  return mx;
}

/**
 * {x, y} points of a day series, read straight from the run's typed arrays
 * (SimResultTyped: no number[] copy first); non-finite values and nulls are
 * gaps. Chart.js boxes a series into points either way: handed a Float64Array
 * with day-index labels it parses it into its own {x, y} objects, which
 * measured the same as these with `parsing: false`, interleaved in Chromium
 * (test/e2e/typed-result.test.ts, 3 lines x 730 days), so the documented
 * fast path stays.
 */
export function series(a: ArrayLike<number | null>, scale = 1): Pt[] {
  const out = new Array<Pt>(a.length);
  for (let t = 0; t < a.length; t++) {
    const v = a[t];
    out[t] = { x: t, y: v === null || !Number.isFinite(v) ? null : v * scale };
  }
  return out;
}

/** Days per bar in the flows chart: daily up to 180 days, weekly up to 1,260, then about 180 bars. */
export function flowBucketDays(days: number): number {
  if (days <= 180) return 1;
  if (days <= 1260) return 7;
  return Math.ceil(days / 180);
}

/** Averages of consecutive `bucket`-day blocks, each placed at its block's centre day. */
export function bucketAverage(a: ArrayLike<number>, bucket: number): Pt[] {
  if (bucket <= 1) return series(a);
  const out: Pt[] = [];
  for (let s = 0; s < a.length; s += bucket) {
    const e = Math.min(a.length, s + bucket);
    let sum = 0;
    for (let t = s; t < e; t++) sum += a[t];
    out.push({ x: s + (e - s - 1) / 2, y: sum / (e - s) });
  }
  return out;
}

function constant(n: number, v: number): Pt[] {
  const out = new Array<Pt>(n);
  for (let t = 0; t < n; t++) out[t] = { x: t, y: v };
  return out;
}

/** True when a null sits between two values (then the line must break there). */
function hasInteriorGap(data: Pt[]): boolean {
  let seen = false, gap = false;
  for (const p of data) {
    if (p.y === null) gap = seen;
    else if (gap) return true;
    else seen = true;
  }
  return false;
}

export function line(label: string, data: Pt[], color: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // spanGaps skips Chart.js's line segmentation (its performance guide); only safe without interior gaps.
  return { type: 'line', label, data, borderColor: color, backgroundColor: color, borderWidth: 1.6, pointRadius: 0, pointHoverRadius: 3, tension: 0, spanGaps: !hasInteriorGap(data), ...extra };
}

interface BaseOpts {
  theme: Theme;
  dates: readonly string[];
  yTitle: string;
  yFormat: YFormat;
  annotations?: Annotations;
  y1?: { title: string; format: YFormat; min?: number; max?: number };
  stacked?: boolean;
  beginAtZero?: boolean;
  legend?: boolean;
}

export function baseOptions(o: BaseOpts): Record<string, unknown> {
  const { theme, dates } = o;
  const n = dates.length;
  const tipY = fmtTip(o.yFormat);
  const tipY1 = o.y1 ? fmtTip(o.y1.format) : tipY;
  const scales: Record<string, unknown> = {
    x: {
      type: 'linear',
      min: 0,
      max: Math.max(1, n - 1),
      stacked: o.stacked === true,
      offset: false,
      ticks: { color: theme.muted, maxTicksLimit: 6, maxRotation: 0, includeBounds: false, autoSkipPadding: 12, callback: (v: number) => dates[Math.round(v)] ?? '' },
      grid: { color: theme.grid },
    },
    y: {
      type: 'linear',
      stacked: o.stacked === true,
      beginAtZero: o.beginAtZero ?? false,
      title: { display: true, text: o.yTitle, color: theme.muted },
      ticks: { color: theme.muted, callback: fmtAxis(o.yFormat) },
      grid: { color: theme.grid },
    },
  };
  if (o.y1) {
    scales.y1 = {
      type: 'linear',
      position: 'right',
      min: o.y1.min,
      max: o.y1.max,
      title: { display: true, text: o.y1.title, color: theme.muted },
      ticks: { color: theme.muted, callback: fmtAxis(o.y1.format) },
      grid: { drawOnChartArea: false, color: theme.grid },
    };
  }
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'index', intersect: false },
    scales,
    plugins: {
      // Dataset order, whatever the drawing `order` says (the counterfactual is drawn on top but listed second).
      legend: { display: o.legend !== false, labels: { color: theme.fg, boxWidth: 12, boxHeight: 2, font: { size: 11 }, sort: (a: { datasetIndex: number }, b: { datasetIndex: number }) => a.datasetIndex - b.datasetIndex } },
      tooltip: {
        itemSort: (a: { datasetIndex: number }, b: { datasetIndex: number }) => a.datasetIndex - b.datasetIndex,
        callbacks: {
          title: (items: { parsed: { x: number } }[]) => (items.length ? `${dates[Math.round(items[0].parsed.x)] ?? ''} (day ${Math.round(items[0].parsed.x)})` : ''),
          label: (item: { dataset: { label?: string; yAxisID?: string }; parsed: { y: number | null } }) =>
            `${item.dataset.label ?? ''}: ${(item.dataset.yAxisID === 'y1' ? tipY1 : tipY)(item.parsed.y)}`,
        },
      },
      annotation: { clip: true, annotations: o.annotations ?? {} },
      datBackground: { color: theme.panel },
    },
  };
}

/** Vertical line marking the event chosen in the timeline (shown on every chart). */
export function selectedAnnotation(theme: Theme, day: number | null, label?: string): Annotations {
  if (day === null) return {};
  return {
    selected: {
      type: 'line',
      xMin: day,
      xMax: day,
      borderColor: theme.selected,
      borderWidth: 2,
      label: { display: !!label, content: label ?? '', position: 'end', backgroundColor: theme.selected, color: '#fff', font: { size: 10 } },
    },
  };
}

export function hLine(id: string, y: number, color: string, text: string, yScaleID = 'y', dash = [6, 4], bg = 'rgba(0,0,0,0)'): Annotations {
  return {
    [id]: {
      type: 'line',
      yMin: y,
      yMax: y,
      yScaleID,
      borderColor: color,
      borderWidth: 1.5,
      borderDash: dash,
      label: { display: true, content: text, position: 'start', backgroundColor: bg, color, font: { size: 10, weight: 'bold' }, yAdjust: -8, padding: 2 },
    },
  };
}

export interface SingleChartsInput {
  result: SimResultTyped;
  /** Focus company ticker. */
  ticker: string;
  listingRules: Record<string, ListingRuleSet>;
  /** Covenant and liquidation LTVs of the focus company's collateralized instruments. */
  covenants: { id: string; covenantLtv: number; liquidationLtv: number }[];
  theme: Theme;
  selectedDay: number | null;
  selectedLabel?: string;
}

const STATE_COLORS: Record<string, string> = {
  deficient: 'rgba(224, 161, 6, 0.13)',
  secondPeriod: 'rgba(208, 120, 26, 0.16)',
  determination: 'rgba(192, 57, 43, 0.16)',
  delisted: 'rgba(110, 110, 110, 0.2)',
};
const STATE_LABELS: Record<string, string> = { deficient: 'notice period', secondPeriod: '2nd period', determination: 'determination', delisted: 'OTC' };

/** The annotation plugin's scriptable-option context, as far as the band labels read it. */
type BandContext = { chart: { scales: { x?: { min: number; max: number } }; chartArea?: { width: number } } };

/**
 * Which listing-state band labels to print (the plugin's scriptable `display`, resolved with the chart
 * laid out): each label centred on its band at about 5.5 px a character (10 px font), kept left to
 * right while it clears the one before it and the plot's edges; a long horizon on a phone leaves the
 * crowded ones out rather than print them over each other. One decision per plot width and x range.
 */
function bandLabelLayout(bands: readonly { start: number; end: number; text: string }[]): (k: number) => (ctx: BandContext) => boolean {
  let key = '', shown: boolean[] = [];
  const decide = (ctx: BandContext): boolean[] => {
    const x = ctx.chart.scales.x, w = ctx.chart.chartArea?.width;
    if (!x || !w || !(x.max > x.min)) return bands.map((b) => b.end - b.start > 25);
    const k = `${x.min}:${x.max}:${w}`;
    if (k === key) return shown;
    let right = -Infinity;
    shown = bands.map((b) => {
      const centre = (((b.start + b.end) / 2 - x.min) / (x.max - x.min)) * w, half = (b.text.length * 5.5) / 2;
      const fits = centre - half >= Math.max(0, right + 6) && centre + half <= w;
      if (fits) right = centre + half;
      return fits;
    });
    key = k;
    return shown;
  };
  return (k) => (ctx) => decide(ctx)[k];
}

/** The single-path charts, keyed by chart id. */
export function singleCharts(i: SingleChartsInput): Record<string, ChartSpec> {
  const { result: r, theme } = i;
  const c = r.companies[i.ticker];
  const coin = c.coin;
  const m = r.markets[coin];
  const n = r.dates.length;
  const sel = selectedAnnotation(theme, i.selectedDay, i.selectedLabel);
  const dates = r.dates;
  const out: Record<string, ChartSpec> = {};

  // Coin price: with treasury trading, the counterfactual (companies switched off), and the cost basis.
  const coinSets = [line(`${coin} price`, series(m.price), theme.price)];
  const cf = r.counterfactual?.markets[coin]?.price;
  // Drawn on top (lower `order`), dashed, so the actual path shows through where they coincide.
  if (cf) coinSets.push(line('without treasury trading (counterfactual)', series(cf), theme.counterfactual, { borderDash: [5, 4], order: -1 }));
  coinSets.push(line(`${i.ticker} cost basis`, constant(n, c.costBasisUsd), theme.cost, { borderDash: [2, 3], borderWidth: 1.2 }));
  out.coin = { type: 'line', logScale: { default: logByDefault([m.price]) }, data: { datasets: coinSets }, options: baseOptions({ theme, dates, yTitle: `${coin} (USD)`, yFormat: 'usd', annotations: sel }) };

  // Stock with the exchange's minimum price, listing-state bands and event markers.
  const rules = i.listingRules[c.exchange];
  const minLine = minPriceLine(rules);
  const minPrice = minLine?.price ?? 0;
  const ann: Annotations = minLine ? hLine('minPrice', minLine.price, theme.line1, minLine.label, 'y', [6, 4], theme.panel) : {};
  let start = -1, state = 'compliant';
  const bands: { start: number; end: number; text: string }[] = [];
  const bandLabel = bandLabelLayout(bands);
  const flush = (end: number) => {
    if (state !== 'compliant' && start >= 0) {
      const text = STATE_LABELS[state] ?? state;
      ann[`state-${start}`] = {
        type: 'box',
        xMin: start,
        xMax: end,
        backgroundColor: STATE_COLORS[state] ?? 'rgba(128,128,128,0.1)',
        borderWidth: 0,
        drawTime: 'beforeDatasetsDraw',
        label: { display: bandLabel(bands.length), content: text, position: { x: 'center', y: 'end' }, color: theme.muted, font: { size: 10 } },
      };
      bands.push({ start, end, text });
    }
  };
  // Listing-state codes (Int8Array) named through LISTING_STATE_NAMES only where the state changes.
  for (let t = 0, code: number = ListingState.compliant; t < c.listingState.length; t++) {
    if (c.listingState[t] !== code) {
      code = c.listingState[t];
      flush(t);
      state = LISTING_STATE_NAMES[code];
      start = t;
    }
  }
  flush(n - 1);
  const markers: { day: number; label: string }[] = [];
  for (const e of r.events) {
    if (e.company !== i.ticker || !MARKER_KINDS.has(e.kind)) continue;
    markers.push({ day: e.day, label: MARKER_LABELS[e.kind] ?? e.kind });
    ann[`event-${e.kind}-${e.day}`] = {
      type: 'line',
      xMin: e.day,
      xMax: e.day,
      borderColor: theme.marker,
      borderWidth: 1.2,
      borderDash: [3, 3],
      // The label is drawn by the marker plugin, in lanes (chart-layout.ts layoutMarkers).
      label: { display: false, content: MARKER_LABELS[e.kind] ?? e.kind },
    };
  }
  Object.assign(ann, sel);
  // The axis fits the stock and the minimum price; NAV per share far above a deep discount is cut off
  // (otherwise it would squash the $1 region, which is the point of this chart).
  let stockMax = minPrice, navMax = 0;
  for (const v of c.stockPrice) if (Number.isFinite(v) && v > stockMax) stockMax = v;
  for (const v of c.navPerShare) if (Number.isFinite(v) && v > navMax) navMax = v;
  const stockOpts = baseOptions({ theme, dates, yTitle: 'USD per share', yFormat: 'usd', annotations: ann, beginAtZero: true });
  const navCut = navMax > stockMax * 1.6;
  if (navCut) (stockOpts.scales as Record<string, Record<string, unknown>>).y.max = Number((stockMax * 1.3).toPrecision(2));
  (stockOpts.plugins as Record<string, unknown>).datMarkers = { ...markerOpts(theme, markers), ...(i.selectedDay !== null && i.selectedDay !== undefined && i.selectedLabel ? { avoid: { day: i.selectedDay, label: i.selectedLabel } } : {}) };
  out.stock = {
    type: 'line',
    logScale: { default: logByDefault([c.stockPrice]) },
    data: {
      datasets: [
        line(`${i.ticker} stock`, series(c.stockPrice), theme.stock),
        line(navCut ? 'equity NAV per share (partly above the axis)' : 'equity NAV per share', series(c.navPerShare), theme.nav, { borderDash: [5, 4], borderWidth: 1.2 }),
      ],
    },
    options: stockOpts,
  };

  // mNAV with the 1.0 line. As coins run out mNAV shoots up; the axis is capped so the rest stays readable.
  // Below $1 of coins (float residue after selling out) mNAV and LTV mean nothing: leave gaps, shaded "no coins held".
  const noCoins = (t: number) => !(c.coins[t] * m.price[t] >= 1);
  const noCoinAnn = noCoinBoxes(noCoins, n, theme);
  const mnavOpts = baseOptions({ theme, dates, yTitle: 'mNAV', yFormat: 'ratio', beginAtZero: true, annotations: { ...noCoinAnn, ...hLine('mnavOne', 1, theme.line1, 'mNAV 1.0: stock worth its coins', 'y', [6, 4], theme.panel), ...sel } });
  // NaN marks a gap (series() draws non-finite values as gaps; the engine's own arrays stay untouched).
  const mnavShown = new Float64Array(n), ltvShown = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const none = noCoins(t);
    mnavShown[t] = none ? NaN : c.mnav[t];
    ltvShown[t] = none ? NaN : c.ltv[t];
  }
  // Room above the 1.0 line for its label, whatever the data.
  ((mnavOpts.scales as Record<string, Record<string, unknown>>).y).suggestedMax = 1.25;
  const mnavCap = robustMax(mnavShown, 1.5);
  const mnavTop = finiteMax(mnavShown);
  if (mnavCap !== null || mnavTop > MNAV_CEILING) ((mnavOpts.scales as Record<string, Record<string, unknown>>).y).max = Math.min(mnavCap ?? MNAV_CEILING, MNAV_CEILING);
  out.mnav = {
    type: 'line',
    data: { datasets: [line(`${i.ticker} mNAV (market cap / coin value)`, series(mnavShown), theme.mnav)] },
    options: mnavOpts,
  };

  // Coins held and sold.
  out.coins = {
    type: 'line',
    data: {
      datasets: [
        line(`${coin} held`, series(c.coins), theme.coins, { fill: false }),
        line(`${coin} sold (cumulative)`, series(c.coinsSold), theme.sold),
      ],
    },
    options: baseOptions({ theme, dates, yTitle: coin, yFormat: 'coins', beginAtZero: true, annotations: sel }),
  };

  // Debt and LTV with the covenant lines.
  const covAnn: Annotations = {};
  i.covenants.forEach((cv) => {
    if (cv.covenantLtv > 0) Object.assign(covAnn, hLine(`covenant-${cv.id}`, cv.covenantLtv, theme.ltv, `${cv.id} covenant LTV ${pct(cv.covenantLtv, 0)}`, 'y1'));
    if (cv.liquidationLtv > 0) Object.assign(covAnn, hLine(`liquidation-${cv.id}`, cv.liquidationLtv, theme.line1, `${cv.id} lender liquidation LTV ${pct(cv.liquidationLtv, 0)}`, 'y1', [2, 2]));
  });
  let maxLtv = robustMax(ltvShown, 0.1) ?? finiteMax(ltvShown);
  for (const cv of i.covenants) maxLtv = Math.max(maxLtv, cv.liquidationLtv, cv.covenantLtv);
  out.debt = {
    type: 'line',
    data: {
      datasets: [
        line('debt principal', series(c.debtUsd), theme.debt, { yAxisID: 'y' }),
        line('LTV (debt / coin value)', series(ltvShown), theme.ltv, { yAxisID: 'y1', borderDash: [4, 3] }),
      ],
    },
    options: baseOptions({ theme, dates, yTitle: 'USD', yFormat: 'usd', beginAtZero: true, y1: { title: 'LTV', format: 'pct', min: 0, max: Math.max(0.1, Math.min(5, maxLtv * 1.15)) }, annotations: { ...noCoinAnn, ...covAnn, ...sel } }),
  };

  // Net USD sold into the coin market, by source (positive = selling). Long horizons are drawn as
  // weekly averages: thousands of stacked bars cost Chart.js ~30 ms a redraw.
  const etfSold = m.etfFlowUsd.map((g) => -g);
  const bucket = flowBucketDays(n);
  const bar = (label: string, a: ArrayLike<number>, color: string) => ({
    type: 'bar',
    label,
    data: bucketAverage(a, bucket),
    backgroundColor: color,
    stack: 'q',
    barPercentage: 1,
    categoryPercentage: 1,
  });
  const flowOpts = baseOptions({ theme, dates, yTitle: bucket > 1 ? `USD/day sold into ${coin} (${bucket}-day avg)` : `USD/day sold into ${coin}`, yFormat: 'usd', stacked: true, annotations: sel });
  if (bucket > 1) {
    const tip = (flowOpts.plugins as { tooltip: { callbacks: Record<string, unknown> } }).tooltip.callbacks;
    tip.title = (items: { parsed: { x: number } }[]) => {
      if (!items.length) return '';
      const a = Math.round(items[0].parsed.x - (bucket - 1) / 2), b = Math.min(n - 1, a + bucket - 1);
      return `${dates[a]} – ${dates[b]} (average per day)`;
    };
  }
  out.flows = {
    type: 'bar',
    data: {
      datasets: [
        bar('treasury companies', m.companyFlowUsd, theme.company),
        bar('scheduled (ETF days, whales)', m.scheduledFlowUsd, theme.scheduled),
        bar('ETF flow (stochastic, sold)', etfSold, theme.etf),
        bar('liquidations', m.liquidationsUsd, theme.liq),
      ],
    },
    options: flowOpts,
  };
  return out;
}

// ---------------------------------------------------------------------------
// Ensemble

/** A fan chart: 5-95 and 25-75 bands with the median, plus (optionally) the single path shown elsewhere. */
export function fanChart(e: EnsembleResult, key: string, theme: Theme, yTitle: string, yFormat: YFormat, extra: { path?: ArrayLike<number | null>; annotations?: Annotations } = {}): ChartSpec | null {
  const b = bandsOf(e, key);
  if (!b) return null;
  const { q05, q25, q50, q75, q95 } = b;
  const band = (a: number) => `rgba(${theme.band}, ${a})`;
  const datasets: Record<string, unknown>[] = [
    line('5th percentile', series(q05), band(0.35), { borderWidth: 0.8, fill: false }),
    line('95th percentile', series(q95), band(0.35), { borderWidth: 0.8, fill: '-1', backgroundColor: band(0.14) }),
    line('25th percentile', series(q25), band(0.6), { borderWidth: 0.8, fill: false }),
    line('75th percentile', series(q75), band(0.6), { borderWidth: 0.8, fill: '-1', backgroundColor: band(0.3) }),
    line('median', series(q50), band(1), { borderWidth: 2 }),
  ];
  if (extra.path) datasets.push(line('path shown in Single path', series(extra.path), theme.cost, { borderWidth: 1, borderDash: [3, 2] }));
  const options = baseOptions({ theme, dates: e.summary.bands!.dates, yTitle, yFormat, beginAtZero: yFormat !== 'usd', annotations: extra.annotations });
  const plugins = options.plugins as { legend: { labels: Record<string, unknown> } };
  // One legend entry per band (the tooltip still lists every quantile).
  plugins.legend.labels.filter = (item: { text: string }) => item.text !== '5th percentile' && item.text !== '25th percentile';
  // A series that explodes on some paths (mNAV as coins run out) must not flatten the rest.
  const cap = robustMax(q75, 1.5);
  const capHi = robustMax(q95, 1.5);
  if (yFormat === 'ratio' && (cap !== null || capHi !== null)) (options.scales as Record<string, Record<string, unknown>>).y.max = Math.min(MNAV_CEILING, Math.max(cap ?? 0, Math.min(capHi ?? Infinity, 4 * (cap ?? 1))));
  else if (yFormat === 'ratio' && Array.from(q95 as ArrayLike<number>).some((v) => v > MNAV_CEILING)) (options.scales as Record<string, Record<string, unknown>>).y.max = MNAV_CEILING;
  return { type: 'line', data: { datasets }, options, ...(yFormat === 'usd' ? { logScale: { default: logByDefault([q05, q95]) } } : {}) };
}

export function histogramChart(h: Histogram, label: string, color: string, theme: Theme, binWidth: number, horizonDays: number): ChartSpec {
  const labels = h.edges.map((e) => `${e}–${Math.max(e, Math.min(e + binWidth, horizonDays) - 1)}`);
  const share = h.counts.map((c) => (h.total ? c / h.total : 0));
  const top = Math.max(...share, 0);
  const digits = top < 0.01 ? 2 : top < 0.05 ? 1 : 0;
  return {
    type: 'bar',
    data: { labels, datasets: [{ label, data: share, backgroundColor: color }] },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'category', title: { display: true, text: 'day of first event', color: theme.muted }, ticks: { color: theme.muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 }, grid: { display: false } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'share of paths', color: theme.muted }, ticks: { color: theme.muted, callback: (v: number) => pct(v, digits) }, grid: { color: theme.grid } },
      },
      plugins: {
        legend: { display: true, labels: { color: theme.fg, boxWidth: 12 } },
        tooltip: { callbacks: { label: (it: { parsed: { y: number }; dataIndex: number }) => `${pct(it.parsed.y, 1)} of paths (${h.counts[it.dataIndex]} of ${h.total})` } },
        annotation: { annotations: {} },
        datBackground: { color: theme.panel },
      },
    },
  };
}

// ---------------------------------------------------------------------------
// Compare

/**
 * A/B charts on one calendar axis: two runs with different start dates are
 * placed on their own dates (chart-layout.ts alignCalendars), each series
 * null outside its run. The stock chart carries the venue's minimum-price line
 * (`minLine`, null when the venue has none).
 */
export function compareCharts(
  a: SimResultTyped,
  b: SimResultTyped,
  coin: string,
  tickerA: string | null,
  tickerB: string | null,
  theme: Theme,
  labels: { a: string; b: string },
  minLine: { price: number; label: string } | null = null,
): Record<string, ChartSpec> {
  const out: Record<string, ChartSpec> = {};
  const { dates, offA, offB } = alignCalendars(a.dates, b.dates);
  const n = dates.length;
  const A = (x: ArrayLike<number | null>) => shift(x, offA, n);
  const B = (x: ArrayLike<number | null>) => shift(x, offB, n);
  const ratio = (pa: (number | null)[], pb: (number | null)[]) => pa.map((v, t) => (v !== null && v > 0 && pb[t] !== null ? (pb[t] as number) / v - 1 : null));
  const ma = a.markets[coin], mb = b.markets[coin];
  if (ma && mb) {
    const pa = A(ma.price), pb = B(mb.price);
    out.coin = {
      type: 'line',
      logScale: { default: logByDefault([pa, pb]) },
      data: { datasets: [line(`A (${labels.a})`, series(pa), theme.price), line(`B (${labels.b})`, series(pb), theme.b)] },
      options: baseOptions({ theme, dates, yTitle: `${coin} (USD)`, yFormat: 'usd' }),
    };
    out.coinDiff = {
      type: 'line',
      data: { datasets: [line(`${coin}: B vs A (same calendar day)`, series(ratio(pa, pb)), theme.selected, { fill: 'origin', backgroundColor: 'rgba(225, 29, 116, 0.12)' })] },
      options: baseOptions({ theme, dates, yTitle: 'B / A − 1', yFormat: 'pct', annotations: hLine('zero', 0, theme.muted, '', 'y', [1, 0]) }),
    };
  }
  const ca = tickerA ? a.companies[tickerA] : undefined, cb = tickerB ? b.companies[tickerB] : undefined;
  if (ca && cb) {
    const sa = A(ca.stockPrice), sb = B(cb.stockPrice);
    out.stock = {
      type: 'line',
      logScale: { default: logByDefault([sa, sb]) },
      data: { datasets: [line(`A: ${tickerA} (${labels.a})`, series(sa), theme.price), line(`B: ${tickerB} (${labels.b})`, series(sb), theme.b)] },
      options: baseOptions({ theme, dates, yTitle: 'USD per share', yFormat: 'usd', beginAtZero: true, annotations: minLine ? hLine('minPrice', minLine.price, theme.line1, minLine.label, 'y', [6, 4], theme.panel) : {} }),
    };
    out.stockDiff = {
      type: 'line',
      data: { datasets: [line(`stock: B vs A (same calendar day)`, series(ratio(sa, sb)), theme.selected, { fill: 'origin', backgroundColor: 'rgba(225, 29, 116, 0.12)' })] },
      options: baseOptions({ theme, dates, yTitle: 'B / A − 1', yFormat: 'pct', annotations: hLine('zero', 0, theme.muted, '', 'y', [1, 0]) }),
    };
  }
  return out;
}
