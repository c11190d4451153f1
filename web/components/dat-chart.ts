/**
 * <dat-chart>: one Chart.js chart. Give it a `spec` (web/lib/chart-specs.ts);
 * every new spec is applied with one `update('none')`. The chart is created
 * in firstUpdated, destroyed on disconnect and re-created on reconnect
 * (STYLE.md); the canvas sits in a relatively positioned box so responsive
 * resizing works.
 *
 * A new spec is applied at once when any part of the chart is on screen; a
 * chart scrolled out of view (or in a hidden tab) keeps its spec pending and
 * applies the latest one when it comes into view, when the page is next idle
 * (within IDLE_MS), before an export or print, or when the test hook reads it
 * (web/lib/debug.ts). The same holds for building the chart: one first
 * rendered out of view (below the fold of a phone, in a hidden tab) creates its
 * Chart.js object at the first of those moments, so a first load draws only the
 * charts the user sees. A slider move then waits only for the charts the user
 * sees: each update costs 2-6 ms in Chart.js (its own pipeline, not the draw),
 * and the single view has six. The PNG and SVG buttons export the chart for reports
 * (web/lib/export-image.ts): 2x PNG or SVG with a header (title, scenario,
 * seed, date range). The header's facts come from `exportInfo`, or else from
 * whoever answers the bubbling `dat-export-info` event (the app).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Chart, registerCharts } from '../lib/chart-setup.ts';
import type { ChartSpec } from '../lib/chart-specs.ts';
import { recordChartDraw, registerChart, unregisterChart } from '../lib/debug.ts';
import { downloadText, downloadUrl } from '../lib/download.ts';
import { chartPng, chartSvg, type ExportInfo } from '../lib/export-image.ts';
import { baseStyles } from '../lib/ui-styles.ts';

/** Tick steps in days for date axes. */
const DAY_STEPS = [1, 7, 14, 30, 61, 91, 122, 182, 365, 730, 1461];

/** An off-screen chart's pending spec is applied at the latest this long after it arrived, when the page is busy (ms). */
const IDLE_MS = 250;

/** One observer for every chart: whether any part of it is in the viewport. */
const onScreen = new WeakMap<Element, (visible: boolean) => void>();
let observer: IntersectionObserver | null | undefined;
function visibilityObserver(): IntersectionObserver | null {
  if (observer === undefined) {
    observer = typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => {
          for (const e of entries) onScreen.get(e.target)?.(e.isIntersecting);
        })
      : null;
  }
  return observer;
}

/** Runs `fn` when the page is idle, within `timeout` ms (setTimeout where requestIdleCallback is missing). */
function whenIdle(fn: () => void, timeout: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout });
  else setTimeout(fn, 50);
}

@customElement('dat-chart')
export class DatChart extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      figure {
        margin: 0;
        background: var(--panel);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: 6px 8px 8px;
      }
      figcaption {
        display: flex;
        align-items: baseline;
        gap: 8px;
        font-size: 0.88rem;
        font-weight: 600;
        margin-bottom: 2px;
      }
      figcaption .title {
        flex: 1;
        min-width: 0;
      }
      .note {
        font-weight: 400;
        font-size: 0.78rem;
        color: var(--muted);
        display: block;
      }
      .box {
        position: relative;
        height: var(--chart-height, 240px);
        width: 100%;
      }
    `,
  ];

  /** Id used by the test hook and the PNG file name, e.g. "stock". */
  @property({ attribute: 'chart-id' }) chartId = '';
  @property() heading = '';
  @property() note = '';
  /** Base of the exported PNG's file name. */
  @property({ attribute: false }) fileBase = 'chart';
  @property({ attribute: false }) spec: ChartSpec | null = null;
  /** Header facts of exported images; null = ask the page (`dat-export-info` event). */
  @property({ attribute: false }) exportInfo: ExportInfo | null = null;

  /** The user's log/linear choice (null = the spec's default: log when the series span more than 10×). */
  @state() private userLog: boolean | null = null;

  @query('canvas') private canvas!: HTMLCanvasElement;

  /** Whether the y axis is drawn on a log scale now. */
  get logScale(): boolean {
    return !!this.spec?.logScale && (this.userLog ?? this.spec.logScale.default);
  }

  /** Sets the y axis type of a price chart (log: no zero baseline; ticks at 1, 2, 5 × 10^k). */
  private applyScale(spec: ChartSpec): void {
    if (!spec.logScale) return;
    const y = (spec.options.scales as Record<string, Record<string, unknown>> | undefined)?.y;
    if (!y) return;
    if (!('linearTicks' in y)) y.linearTicks = (y.ticks as Record<string, unknown>)?.callback;
    const fmt = y.linearTicks as ((v: number) => string) | undefined;
    if (this.logScale) {
      y.type = 'logarithmic';
      y.beginAtZero = false;
      y.ticks = {
        ...(y.ticks as object),
        // Chart.js places log ticks at 1..9 × 10^k; only 1, 2 and 5 get a label, so none may be skipped.
        autoSkip: false,
        callback: (v: number) => {
          const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
          return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) && fmt ? fmt(v) : '';
        },
      };
    } else {
      y.type = 'linear';
      y.ticks = { ...(y.ticks as object), callback: fmt };
    }
  }

  private toggleLog(): void {
    this.userLog = !this.logScale;
    if (!this.spec || !this.chart) return;
    this.applyScale(this.spec);
    this.chart.options = this.spec.options as unknown as Chart['options'];
    this.chart.update('none');
  }
  private chart: Chart | null = null;
  /** Whether any part of the chart is in the viewport (true until the observer says otherwise). */
  private visible = true;
  /** A spec that arrived while off screen and is not applied yet. */
  private pending = false;
  /** Rendered out of view and not built yet: the chart is created when seen, idle, printed, exported or read by the hook. */
  private createPending = false;
  private idleQueued = false;
  private readonly flushPending = (): void => {
    this.idleQueued = false;
    if (this.createPending) this.create();
    else if (this.pending) this.apply();
  };
  /** What the test hook sees of a held spec or a chart not built yet. */
  private readonly held = { pending: () => this.pending || this.createPending, flush: () => this.flush() };

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-create after a reconnect (firstUpdated does not run again).
    if (this.hasUpdated && !this.chart) this.createOrDefer();
    const io = visibilityObserver();
    if (io) {
      onScreen.set(this, (v) => {
        this.visible = v;
        if (v && (this.pending || this.createPending)) this.flushPending();
      });
      io.observe(this);
    }
    window.addEventListener('beforeprint', this.flushPending);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    visibilityObserver()?.unobserve(this);
    onScreen.delete(this);
    window.removeEventListener('beforeprint', this.flushPending);
    this.destroy();
  }

  /** Applies a pending spec now (exports, print, the test hook); returns whether one was pending. */
  flush(): boolean {
    const was = this.pending || this.createPending;
    this.flushPending();
    return was;
  }

  protected override firstUpdated(): void {
    this.createOrDefer();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('spec') || !this.spec) return;
    if (!this.chart) {
      // Not built yet: built now if on screen, else later from the latest spec.
      if (!this.createPending) this.createOrDefer();
      return;
    }
    if ((this.chart.config as { type?: string }).type !== this.spec.type) {
      this.destroy();
      this.create();
      return;
    }
    if (this.visible) {
      this.apply();
      return;
    }
    this.pending = true;
    this.queueIdle();
  }

  private queueIdle(): void {
    if (this.idleQueued) return;
    this.idleQueued = true;
    whenIdle(this.flushPending, IDLE_MS);
  }

  /** Whether no part of the chart is in the viewport now (or it has no box: a hidden tab). */
  private offScreen(): boolean {
    const r = this.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return true;
    return r.bottom <= 0 || r.right <= 0 || r.top >= window.innerHeight || r.left >= window.innerWidth;
  }

  /** Builds the chart when it is on screen; else marks it to be built when seen or idle (see the file's comment). */
  private createOrDefer(): void {
    if (!this.spec || !this.canvas) return;
    if (!this.offScreen()) {
      this.create();
      return;
    }
    this.createPending = true;
    if (this.chartId) registerChart(this.chartId, null, this.held);
    this.queueIdle();
  }

  /** The current spec into the chart: one update('none'). */
  private apply(): void {
    this.pending = false;
    if (!this.spec || !this.chart) return;
    const t0 = performance.now();
    this.applyScale(this.spec);
    this.fitTicks(this.spec, this.chart.width);
    this.chart.data = this.spec.data as unknown as Chart['data'];
    this.chart.options = this.spec.options as unknown as Chart['options'];
    this.chart.update('none');
    if (this.chartId) recordChartDraw(this.chartId, performance.now() - t0);
  }

  /**
   * About one date label per 110 px, on whole-period steps (a week, a month,
   * a quarter...), so narrow (phone) charts do not overlap their x labels.
   */
  private fitTicks(spec: ChartSpec, width = this.getBoundingClientRect().width): void {
    const x = (spec.options.scales as Record<string, { type?: string; max?: number; ticks?: Record<string, unknown> }> | undefined)?.x;
    if (!x || x.type !== 'linear' || !x.ticks) return;
    const days = (x.max ?? 0) + 1;
    const apply = (ticks: Record<string, unknown>, w: number) => {
      const target = Math.max(2, Math.min(7, Math.floor((w || 600) / 110)));
      ticks.stepSize = DAY_STEPS.find((d) => days / d <= target) ?? Math.ceil(days / target);
      ticks.maxTicksLimit = target + 2;
    };
    apply(x.ticks, width);
    spec.options.onResize = (chart: Chart, size: { width: number }) => {
      const ticks = (chart.options.scales?.x as { ticks?: Record<string, unknown> } | undefined)?.ticks;
      if (ticks) apply(ticks, size.width);
    };
  }

  private create(): void {
    if (!this.spec || !this.canvas) return;
    registerCharts();
    this.applyScale(this.spec);
    this.fitTicks(this.spec);
    const chart = new Chart(this.canvas, { type: this.spec.type, data: this.spec.data, options: this.spec.options } as unknown as ConstructorParameters<typeof Chart>[1]) as unknown as Chart;
    this.chart = chart;
    this.pending = false;
    this.createPending = false;
    if (this.chartId) registerChart(this.chartId, chart, this.held);
  }

  private destroy(): void {
    if (this.createPending) {
      this.createPending = false;
      if (this.chartId) unregisterChart(this.chartId, null, this.held);
    }
    if (!this.chart) return;
    if (this.chartId) unregisterChart(this.chartId, this.chart);
    this.chart.destroy();
    this.chart = null;
  }

  /** The header facts: `exportInfo`, or the page's answer to `dat-export-info`. */
  private info(): ExportInfo {
    if (this.exportInfo) return this.exportInfo;
    const detail: { info: ExportInfo | null } = { info: null };
    this.dispatchEvent(new CustomEvent('dat-export-info', { detail, bubbles: true, composed: true }));
    return detail.info ?? { scenario: '', seed: '' };
  }

  /** The chart as an image for reports (2x PNG data URL or SVG text) with its header; null before the chart exists. */
  async exportImage(kind: 'png' | 'svg'): Promise<string | null> {
    this.flush();
    if (!this.chart) return null;
    const cs = getComputedStyle(this);
    const input = {
      chart: this.chart,
      title: this.heading,
      info: this.info(),
      background: cs.getPropertyValue('--panel').trim() || '#fff',
      foreground: cs.getPropertyValue('--fg').trim() || '#222',
      muted: cs.getPropertyValue('--muted').trim() || '#666',
    };
    return kind === 'png' ? chartPng(input).url : (await chartSvg(input)).svg;
  }

  private async save(kind: 'png' | 'svg'): Promise<void> {
    const out = await this.exportImage(kind);
    if (!out) return;
    const name = `${this.fileBase}-${this.chartId || 'chart'}.${kind}`;
    if (kind === 'png') downloadUrl(name, out);
    else downloadText(name, out, 'image/svg+xml');
  }

  override render() {
    return html`<figure>
      <figcaption>
        <span class="title">${this.heading}${this.note ? html`<span class="note">${this.note}</span>` : ''}</span>
        ${this.spec?.logScale
          ? html`<button class="btn small log" aria-pressed=${this.logScale ? 'true' : 'false'} @click=${this.toggleLog} title="Switch the price axis between log and linear" aria-label=${`Log scale on the ${this.heading} chart`}>log scale ${this.logScale ? 'on' : 'off'}</button>`
          : ''}
        <button class="btn small png" @click=${() => this.save('png')} aria-label=${`Download the ${this.heading} chart as PNG`} title="PNG at twice the size on screen, with title, scenario, seed and dates">PNG</button>
        <button class="btn small svg" @click=${() => this.save('svg')} aria-label=${`Download the ${this.heading} chart as SVG`} title="SVG (vector, for reports), with title, scenario, seed and dates">SVG</button>
      </figcaption>
      <div class="box"><canvas role="img" aria-label=${this.heading}></canvas></div>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-chart': DatChart;
  }
}
