/**
 * A chart as an image for reports: PNG at 2x the chart's CSS size, SVG at 1x,
 * each with a header drawn on it (the chart's title; the scenario, seed and
 * date range) and the last date on the x axis.
 *
 * Both redraw the chart's own Chart.js config into an offscreen chart of the
 * same CSS size (so the image does not depend on the screen's pixel ratio):
 * the PNG on a canvas at devicePixelRatio 2, the SVG into an svgcanvas
 * context (a canvas-2D API that records SVG; loaded on first use, so it is
 * not in the first load). The offscreen x axis gets a tick on its last day,
 * and Chart.js pads the plot so that label fits.
 */
import { Chart } from './chart-setup.ts';
import { recordExport } from './debug.ts';

/** Who and what an exported chart shows (the header). */
export interface ExportInfo {
  /** Scenario name (or id); '' = not known. */
  scenario: string;
  /** '' = not known. */
  seed: string;
  /** The run's dates by day index (gives the date range of a day axis). */
  dates?: readonly string[];
  /** Overrides the chart's heading as the image title. */
  title?: string;
  /** One more fact for the header, e.g. "500 paths". */
  detail?: string;
}

/** Pixel ratio of exported PNGs. */
export const PNG_SCALE = 2;

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const TITLE_PX = 15;
const LINE_PX = 12;
const PAD = 10;

/**
 * The header's lines: the title, then "scenario · seed S · from to to ·
 * detail" wrapped at the " · " separators so no line is wider than
 * `maxWidth` (as `measure` gives it; a part wider than that is broken
 * between words; a single word wider than that keeps a line of its own).
 */
export function headerLines(title: string, info: ExportInfo, range: [string, string] | null, measure: (s: string) => number = () => 0, maxWidth = Infinity): string[] {
  const parts = [info.scenario, info.seed ? `seed ${info.seed}` : ''].filter(Boolean);
  if (range) parts.push(range[0] === range[1] ? range[0] : `${range[0]} to ${range[1]}`);
  if (info.detail) parts.push(info.detail);
  // A part wider than the line is broken between its words.
  const pieces = parts.flatMap((p) => (measure(p) <= maxWidth ? [{ text: p, sep: ' · ' }] : p.split(' ').map((w, k) => ({ text: w, sep: k ? ' ' : ' · ' }))));
  const lines: string[] = [];
  for (const { text, sep } of pieces) {
    const joined = lines.length ? `${lines[lines.length - 1]}${sep}${text}` : '';
    if (lines.length && measure(joined) <= maxWidth) lines[lines.length - 1] = joined;
    else lines.push(text);
  }
  return [info.title || title, ...lines];
}

/** Height (CSS px) of the header band above the chart for `lines` lines (title included). */
export const headerHeight = (lines: number): number => PAD + TITLE_PX + (lines - 1) * (6 + LINE_PX) + PAD;

/** Measures header text (facts line font) for wrapping. */
function factsMeasure(): (s: string) => number {
  const m = document.createElement('canvas').getContext('2d')!;
  m.font = `${LINE_PX}px ${FONT}`;
  return (s) => m.measureText(s).width;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * First and last date of a linear x axis: as the axis labels them (its tick
 * callback, whatever its day numbering), else from `dates` by day index; null
 * when the axis is not a date axis.
 */
export function chartDateRange(chart: Chart, dates: readonly string[] | undefined): [string, string] | null {
  const x = chart.scales?.x as unknown as { type?: string; min?: number; max?: number; options?: { ticks?: { callback?: (this: unknown, v: number, i: number, t: unknown[]) => unknown } } } | undefined;
  if (!x || x.type !== 'linear' || !Number.isFinite(x.min) || !Number.isFinite(x.max)) return null;
  const cb = x.options?.ticks?.callback;
  const label = (v: number) => (cb ? cb.call(x, v, 0, []) : null);
  const a = label(x.min!), b = label(x.max!);
  if (typeof a === 'string' && typeof b === 'string' && ISO_DATE.test(a) && ISO_DATE.test(b)) return [a, b];
  if (!dates?.length) return null;
  const at = (v: number) => dates[Math.min(dates.length - 1, Math.max(0, Math.round(v)))];
  return [at(x.min!), at(x.max!)];
}

type Cfg = { type: string; data: { labels?: unknown[]; datasets: Record<string, unknown>[] }; options: Record<string, unknown> };

/** The chart's config for an offscreen copy: fixed size, no events, a tick on the last day. */
function copyConfig(chart: Chart, dpr: number, forSvg: boolean): Cfg {
  const cfg = chart.config as unknown as Cfg;
  const o = cfg.options;
  const scales = { ...((o.scales as Record<string, Record<string, unknown>>) ?? {}) };
  if (scales.x?.type === 'linear' && typeof scales.x.max === 'number') {
    scales.x = {
      ...scales.x,
      afterBuildTicks: (scale: { ticks: { value: number }[]; min: number; max: number }) => {
        const t = scale.ticks;
        if (!t.length) return;
        const step = t.length > 1 ? t[1].value - t[0].value : scale.max - scale.min;
        while (t.length > 1 && t[t.length - 1].value !== scale.max && scale.max - t[t.length - 1].value < 0.6 * step) t.pop();
        if (t[t.length - 1].value !== scale.max) t.push({ value: scale.max });
      },
    };
  }
  return {
    type: cfg.type,
    data: {
      ...cfg.data,
      // Own arrays (Chart.js patches the arrays it draws); lines without Path2D for svgcanvas (a segment option makes Chart.js draw them point by point).
      datasets: cfg.data.datasets.map((d) => ({ ...d, data: [...(d.data as unknown[])], ...(forSvg ? { segment: d.segment ?? {} } : {}) })),
    },
    options: {
      ...o,
      scales,
      responsive: false,
      maintainAspectRatio: false,
      animation: false,
      devicePixelRatio: dpr,
      events: [],
      layout: { padding: { top: 4, right: 8, bottom: 2, left: 4 } },
    },
  };
}

/** Facts about an export for tests (web/lib/debug.ts `exports()`). */
export interface ExportRecord {
  kind: 'png' | 'svg';
  title: string;
  /** Title, then the facts line(s). */
  header: string[];
  /** CSS size of the chart (without the header) and of the whole image in pixels. */
  cssWidth: number;
  cssHeight: number;
  pixelWidth: number;
  pixelHeight: number;
  /** The x axis's last tick label and its right edge (px from the left of the chart). */
  lastTick: string | null;
  lastTickRight: number | null;
}

/** Draws the chart's config into a fresh offscreen chart on `canvas`; returns it (destroy it after use). */
function drawCopy(chart: Chart, canvas: HTMLCanvasElement, w: number, h: number, dpr: number, forSvg: boolean): { copy: Chart; lastTick: string | null; lastTickRight: number | null } {
  canvas.width = w;
  canvas.height = h;
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const copy = new Chart(canvas, copyConfig(chart, dpr, forSvg) as unknown as ConstructorParameters<typeof Chart>[1]) as unknown as Chart;
  const x = copy.scales.x as unknown as { ticks: { value: number; label?: string | string[] }[]; getPixelForValue(v: number): number; options: { ticks: { font?: { size?: number } } } } | undefined;
  const last = x?.ticks.at(-1);
  let lastTick: string | null = null, lastTickRight: number | null = null;
  if (x && last && typeof last.label === 'string' && last.label) {
    lastTick = last.label;
    const m = document.createElement('canvas').getContext('2d')!;
    m.font = `${x.options.ticks.font?.size ?? Chart.defaults.font.size ?? 11}px ${Chart.defaults.font.family}`;
    lastTickRight = x.getPixelForValue(last.value) + m.measureText(last.label).width / 2;
  }
  return { copy, lastTick, lastTickRight };
}

/** A hidden box in the page for offscreen charts (Chart.js measures its canvas). */
function offscreenHolder(w: number, h: number): HTMLDivElement {
  const holder = document.createElement('div');
  holder.setAttribute('aria-hidden', 'true');
  holder.style.cssText = `position:fixed;left:-100000px;top:0;width:${w}px;height:${h}px;overflow:hidden;pointer-events:none;`;
  document.body.append(holder);
  return holder;
}

export interface ChartImageInput {
  chart: Chart;
  /** The chart's heading on screen. */
  title: string;
  info: ExportInfo;
  /** CSS size of the chart (default: its canvas's CSS size). */
  width?: number;
  height?: number;
  /** Page colours. */
  background: string;
  foreground: string;
  muted: string;
}

function sizeOf(i: ChartImageInput): [number, number] {
  return [Math.round(i.width ?? i.chart.width), Math.round(i.height ?? i.chart.height)];
}

/** The chart as a PNG data URL at PNG_SCALE x its CSS size, header band included. */
export function chartPng(i: ChartImageInput): { url: string; record: ExportRecord } {
  const [w, h] = sizeOf(i);
  const holder = offscreenHolder(w, h);
  const src = document.createElement('canvas');
  holder.append(src);
  try {
    const { copy, lastTick, lastTickRight } = drawCopy(i.chart, src, w, h, PNG_SCALE, false);
    const header = headerLines(i.title, i.info, chartDateRange(copy, i.info.dates), factsMeasure(), w - 2 * PAD);
    const top = headerHeight(header.length);
    const out = document.createElement('canvas');
    out.width = w * PNG_SCALE;
    out.height = (h + top) * PNG_SCALE;
    const ctx = out.getContext('2d')!;
    ctx.scale(PNG_SCALE, PNG_SCALE);
    ctx.fillStyle = i.background;
    ctx.fillRect(0, 0, w, h + top);
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = i.foreground;
    ctx.font = `600 ${TITLE_PX}px ${FONT}`;
    ctx.fillText(header[0], PAD, PAD + TITLE_PX, w - 2 * PAD);
    ctx.fillStyle = i.muted;
    ctx.font = `${LINE_PX}px ${FONT}`;
    header.slice(1).forEach((line, k) => ctx.fillText(line, PAD, PAD + TITLE_PX + (k + 1) * (6 + LINE_PX), w - 2 * PAD));
    ctx.drawImage(src, 0, top, w, h);
    copy.destroy();
    const record: ExportRecord = { kind: 'png', title: header[0], header, cssWidth: w, cssHeight: h, pixelWidth: out.width, pixelHeight: out.height, lastTick, lastTickRight };
    recordExport(record);
    return { url: out.toDataURL('image/png'), record };
  } finally {
    holder.remove();
  }
}

type SvgContext = CanvasRenderingContext2D & { getSvg(): SVGSVGElement; canvas: unknown };

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * On a canvas, text does not touch the current path: a stroke() or fill()
 * after fillText() still paints the path begun before it. svgcanvas makes
 * the text its current element (and logs an error on the next stroke), so
 * the path is made current again after each text.
 */
function keepPathAcrossText(ctx: SvgContext): void {
  const c = ctx as unknown as Record<string, unknown> & { __currentElement?: Element };
  for (const k of ['fillText', 'strokeText'] as const) {
    const draw = c[k] as (...a: unknown[]) => void;
    c[k] = function (this: typeof c, ...a: unknown[]) {
      const path = this.__currentElement;
      draw.apply(this, a);
      if (path?.nodeName === 'path') this.__currentElement = path;
    };
  }
}

/** The chart as a standalone SVG document (text stays text: titles, ticks, labels), header band included. */
export async function chartSvg(i: ChartImageInput): Promise<{ svg: string; record: ExportRecord }> {
  const { Context } = (await import('svgcanvas')) as unknown as { Context: new (o: { width: number; height: number }) => SvgContext };
  const [w, h] = sizeOf(i);
  const holder = offscreenHolder(w, h);
  const canvas = document.createElement('canvas');
  holder.append(canvas);
  const ctx = new Context({ width: w, height: h });
  // Chart.js asks the canvas for its context and checks that it points back.
  ctx.canvas = canvas;
  keepPathAcrossText(ctx);
  canvas.getContext = (() => ctx) as unknown as HTMLCanvasElement['getContext'];
  try {
    const { copy, lastTick, lastTickRight } = drawCopy(i.chart, canvas, w, h, 1, true);
    const header = headerLines(i.title, i.info, chartDateRange(copy, i.info.dates), factsMeasure(), w - 2 * PAD);
    const top = headerHeight(header.length);
    // Take the drawing before destroy() clears the context.
    const inner = ctx.getSvg().cloneNode(true) as SVGSVGElement;
    copy.destroy();
    inner.setAttribute('x', '0');
    inner.setAttribute('y', String(top));
    inner.setAttribute('width', String(w));
    inner.setAttribute('height', String(h));
    const svg = document.createElementNS(SVG_NS, 'svg');
    const H = h + top;
    for (const [k, v] of Object.entries({ width: w, height: H, viewBox: `0 0 ${w} ${H}`, 'font-family': FONT })) svg.setAttribute(k, String(v));
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = `${header[0]} (${header.slice(1).join(' · ')})`;
    const bg = document.createElementNS(SVG_NS, 'rect');
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: w, height: H, fill: i.background })) bg.setAttribute(k, String(v));
    const text = (s: string, y: number, size: number, fill: string, weight = '400') => {
      const t = document.createElementNS(SVG_NS, 'text');
      for (const [k, v] of Object.entries({ x: PAD, y, 'font-size': size, 'font-weight': weight, fill })) t.setAttribute(k, String(v));
      t.textContent = s;
      return t;
    };
    svg.append(title, bg, text(header[0], PAD + TITLE_PX, TITLE_PX, i.foreground, '600'), ...header.slice(1).map((line, k) => text(line, PAD + TITLE_PX + (k + 1) * (6 + LINE_PX), LINE_PX, i.muted)), inner);
    const record: ExportRecord = { kind: 'svg', title: header[0], header, cssWidth: w, cssHeight: h, pixelWidth: w, pixelHeight: H, lastTick, lastTickRight };
    recordExport(record);
    return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`, record };
  } finally {
    holder.remove();
  }
}
