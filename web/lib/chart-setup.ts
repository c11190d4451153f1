/**
 * Chart.js, registered once with only what the app uses (tree-shaken), the
 * annotation plugin (which draws nothing until registered), and a small
 * plugin that paints the panel colour behind each chart so PNG exports are
 * not transparent. Theme colours come from the CSS custom properties in
 * web/styles.css.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { layoutMarkers, type MarkerBox } from './chart-layout.ts';

export interface Theme {
  dark: boolean;
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  panel: string;
  price: string;
  counterfactual: string;
  cost: string;
  stock: string;
  nav: string;
  mnav: string;
  coins: string;
  sold: string;
  debt: string;
  ltv: string;
  company: string;
  scheduled: string;
  etf: string;
  liq: string;
  line1: string;
  marker: string;
  selected: string;
  /** "r, g, b" of the fan-chart bands. */
  band: string;
  b: string;
}

const VARS: Record<Exclude<keyof Theme, 'dark'>, string> = {
  fg: '--fg',
  muted: '--muted',
  grid: '--grid',
  bg: '--bg',
  panel: '--panel',
  price: '--c-price',
  counterfactual: '--c-counterfactual',
  cost: '--c-cost',
  stock: '--c-stock',
  nav: '--c-nav',
  mnav: '--c-mnav',
  coins: '--c-coins',
  sold: '--c-sold',
  debt: '--c-debt',
  ltv: '--c-ltv',
  company: '--c-company',
  scheduled: '--c-scheduled',
  etf: '--c-etf',
  liq: '--c-liq',
  line1: '--c-line1',
  marker: '--c-marker',
  selected: '--c-selected',
  band: '--c-band',
  b: '--c-b',
};

/** Colours of the current theme, read from the CSS custom properties. */
export function readTheme(el: Element = document.documentElement): Theme {
  const cs = getComputedStyle(el);
  const t = { dark: cs.getPropertyValue('color-scheme').trim() === 'dark' } as Theme;
  for (const [k, v] of Object.entries(VARS)) (t as unknown as Record<string, string>)[k] = cs.getPropertyValue(v).trim() || '#888';
  return t;
}

const backgroundPlugin: Plugin = {
  id: 'datBackground',
  beforeDraw(chart, _args, options: { color?: string }) {
    if (!options?.color) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Event-marker labels (the dashed lines are annotations): each label in stacked lanes at
 * the top of the plot, laid out from the measured text widths
 * (chart-layout.ts, layoutMarkers) so that no two labels overlap. The boxes
 * drawn are kept on the chart (`$datMarkerBoxes`) for the test hook.
 */
export interface MarkerOptions {
  markers?: { day: number; label: string }[];
  color?: string;
  bg?: string;
  /** The selected day's label box at the top of the plot (chart-specs.ts selectedAnnotation): marker labels go below it there. */
  avoid?: { day: number; label: string };
  /** A strip beside a day's line that another label takes (the teaching chart's rotated delay label): pixels dx0..dx1 from the line. */
  column?: { day: number; dx0: number; dx1: number };
}

/** Lanes of 13 px the selected day's box takes at the top of the plot: 10 px text and 6 px padding each side, drawn ~8 px below the top. */
const SELECTED_BOX_LANES = 3;
const markerPlugin: Plugin = {
  id: 'datMarkers',
  afterDatasetsDraw(chart, _args, options: MarkerOptions) {
    const list = options?.markers ?? [];
    const x = chart.scales.x;
    const store = chart as unknown as { $datMarkerBoxes?: MarkerBox[] };
    if (!list.length || !x) {
      store.$datMarkerBoxes = [];
      return;
    }
    const { ctx, chartArea: area } = chart;
    ctx.save();
    ctx.font = `10px ${Chart.defaults.font.family}`;
    const measured = list
      .map((m) => ({ day: m.day, label: m.label, x: x.getPixelForValue(m.day), width: ctx.measureText(m.label).width + 4 }))
      .filter((m) => m.x >= area.left - 0.5 && m.x <= area.right + 0.5);
    const maxLanes = Math.max(1, Math.min(6, Math.floor(area.height / 2 / 13)));
    let avoid: { x0: number; x1: number; lanes: number } | undefined;
    if (options.avoid) {
      const ax = x.getPixelForValue(options.avoid.day), half = ctx.measureText(options.avoid.label).width / 2 + 6;
      avoid = { x0: ax - half, x1: ax + half, lanes: SELECTED_BOX_LANES };
    }
    const cx = options.column ? x.getPixelForValue(options.column.day) : 0;
    const column = options.column ? { x0: cx + options.column.dx0, x1: cx + options.column.dx1 } : undefined;
    const boxes = layoutMarkers(measured, area, 13, maxLanes, avoid, column);
    ctx.textBaseline = 'middle';
    for (const b of boxes) {
      if (!b.shown) continue;
      ctx.fillStyle = options.bg ?? 'rgba(255,255,255,0.85)';
      ctx.fillRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      ctx.fillStyle = options.color ?? '#888';
      ctx.fillText(b.label, b.x0 + 2, (b.y0 + b.y1) / 2);
    }
    ctx.restore();
    store.$datMarkerBoxes = boxes;
  },
};

let registered = false;

export function registerCharts(): void {
  if (registered) return;
  Chart.register(LineController, BarController, LineElement, PointElement, BarElement, LinearScale, LogarithmicScale, CategoryScale, markerPlugin, Filler, Tooltip, Legend, annotationPlugin, backgroundPlugin);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
  Chart.defaults.font.size = 11;
  registered = true;
}

export { Chart };
