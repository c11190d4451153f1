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
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';

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

let registered = false;

export function registerCharts(): void {
  if (registered) return;
  Chart.register(LineController, BarController, LineElement, PointElement, BarElement, LinearScale, CategoryScale, Filler, Tooltip, Legend, annotationPlugin, backgroundPlugin);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
  Chart.defaults.font.size = 11;
  registered = true;
}

export { Chart };
