/**
 * `window.__datDebug`: a small read-only hook for the end-to-end tests
 * (test/e2e) and for poking at the app from the console. It exposes plain
 * copies, never live objects:
 *
 *   __datDebug.charts()      -> ids of the charts on screen, e.g. ["coin", "stock", ...]
 *   __datDebug.chart(id)     -> { type, datasets: [{ label, data: (number|null)[] }],
 *                                 annotations: { [id]: { type, xMin, xMax, yMin, yMax, label } } }
 *   __datDebug.state()       -> { scenarioKey, scenarioId, settings, issues, timings, ensemble }
 *   __datDebug.ensemble()    -> the app's last ensemble: { summary (what `dat-sim mc --format json`
 *                               writes), requested, cancelled, workers, bandArrays (the form the
 *                               bands arrived in from the worker: array types, buffer count) } or null
 *   __datDebug.drawTimes()   -> { [chart id]: ms of its last update + draw }
 *   __datDebug.flushCharts() -> applies the specs that off-screen charts hold back (they update when
 *                               seen or when the page is idle); returns how many were pending
 *   __datDebug.pendingCharts() -> ids of the charts holding a spec back now
 *   __datDebug.exports()     -> the chart images exported so far (lib/export-image.ts ExportRecord:
 *                               kind, header lines, CSS and pixel size, the x axis's last tick)
 *   __datDebug.teach()       -> the teaching view's state (null when not shown): lesson, step,
 *                               day, focus company, lit links, captions with the event indices
 *                               they narrate, the day's events and market figures, loop gains,
 *                               force shares (web/lib/teach-debug.ts, teachDebugState)
 *
 * Chart ids: single path "coin", "stock", "mnav", "coins", "debt", "flows";
 * ensemble "fan-coin", "fan-stock", "fan-mnav", "hist-notice", "hist-forced" (first forced sale), "hist-delisted" (listing lost: delisted or insolvent);
 * compare "cmp-coin", "cmp-coinDiff", "cmp-stock", "cmp-stockDiff"; teaching "teach-coin",
 * "teach-stock", "teach-mnav", "teach-coins", "teach-debt", "teach-flows", "teach-gain".
 */
import type { Chart } from 'chart.js';

const charts = new Map<string, Chart>();
const drawMs = new Map<string, number>();
let stateGetter: () => unknown = () => null;
let teachGetter: (() => unknown) | null = null;
let ensembleGetter: () => unknown = () => null;
const exported: unknown[] = [];

/** Facts about a chart image just exported (lib/export-image.ts), for the tests. */
export function recordExport(record: unknown): void {
  exported.push(record);
}

/** A chart's spec held back while off screen (web/components/dat-chart.ts): whether one is, and apply it now (returns whether one was). */
export interface PendingSpec {
  pending(): boolean;
  flush(): boolean;
}
const flushers = new Map<string, PendingSpec>();

/**
 * A chart for the hook: `chart` null while it is not built yet (a chart first rendered out of view
 * builds its Chart.js object when seen or idle; reading it through the hook builds it).
 */
export function registerChart(id: string, chart: Chart | null, held?: PendingSpec): void {
  if (chart) charts.set(id, chart);
  else charts.delete(id);
  if (held) flushers.set(id, held);
  else flushers.delete(id);
}

/** Forgets a chart (destroyed), or one never built (`chart` null: only if `held` is still its entry). */
export function unregisterChart(id: string, chart: Chart | null, held?: PendingSpec): void {
  if (chart) {
    if (charts.get(id) !== chart) return;
    charts.delete(id);
    flushers.delete(id);
  } else if (held && flushers.get(id) === held) flushers.delete(id);
}

/** Last update-and-draw time of a chart (ms), for the perf status and tests. */
export function recordChartDraw(id: string, ms: number): void {
  drawMs.set(id, ms);
}

export function setStateGetter(fn: () => unknown): void {
  stateGetter = fn;
}

/** The ensemble controller registers its last result. */
export function setEnsembleGetter(fn: () => unknown): void {
  ensembleGetter = fn;
}

/** The teaching view registers its state while it is on screen (null when it leaves). */
export function setTeachGetter(fn: (() => unknown) | null): void {
  teachGetter = fn;
}

function plainAnnotations(chart: Chart): Record<string, Record<string, unknown>> {
  const a = (chart.options.plugins as { annotation?: { annotations?: Record<string, Record<string, unknown>> } } | undefined)?.annotation?.annotations ?? {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, v] of Object.entries(a)) {
    const label = v.label as { content?: unknown; display?: unknown } | undefined;
    out[id] = { type: v.type, xMin: v.xMin, xMax: v.xMax, yMin: v.yMin, yMax: v.yMax, label: label?.display ? label.content : undefined };
  }
  return out;
}

const api = {
  version: 1,
  charts: (): string[] => [...charts.keys()].sort(),
  chart: (id: string) => {
    flushers.get(id)?.flush();
    const c = charts.get(id);
    if (!c) return null;
    return {
      type: (c.config as { type?: string }).type,
      datasets: c.data.datasets.map((d) => ({
        label: d.label,
        data: (d.data as unknown[]).map((p) => (p && typeof p === 'object' ? ((p as { y: number | null }).y ?? null) : (p as number | null))),
      })),
      annotations: plainAnnotations(c),
      /** Event-marker label boxes as drawn (px), chart-setup.ts markerPlugin. */
      markers: JSON.parse(JSON.stringify((c as unknown as { $datMarkerBoxes?: unknown[] }).$datMarkerBoxes ?? [])),
      /** y axis type and range as drawn. */
      y: c.scales.y ? { type: c.scales.y.type, min: c.scales.y.min, max: c.scales.y.max } : null,
    };
  },
  state: () => JSON.parse(JSON.stringify(stateGetter() ?? null)),
  ensemble: () => JSON.parse(JSON.stringify(ensembleGetter() ?? null)),
  drawTimes: (): Record<string, number> => Object.fromEntries(drawMs),
  /** Applies every chart's held-back spec (charts off screen update when seen or idle); returns how many were pending. */
  flushCharts: (): number => {
    let n = 0;
    for (const f of flushers.values()) n += f.flush() ? 1 : 0;
    return n;
  },
  /** Ids of the charts holding a spec back now (without applying it). */
  pendingCharts: (): string[] => [...flushers].filter(([, f]) => f.pending()).map(([id]) => id).sort(),
  exports: () => JSON.parse(JSON.stringify(exported)),
  teach: () => (teachGetter ? JSON.parse(JSON.stringify(teachGetter() ?? null)) : null),
};

declare global {
  interface Window {
    __datDebug?: typeof api;
  }
}

export function installDebugHook(): void {
  window.__datDebug = api;
}
