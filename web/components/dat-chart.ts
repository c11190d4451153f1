/**
 * <dat-chart>: one Chart.js chart. Give it a `spec` (web/lib/chart-specs.ts);
 * every new spec is applied with one `update('none')`. The chart is created
 * in firstUpdated, destroyed on disconnect and re-created on reconnect
 * (STYLE.md); the canvas sits in a relatively positioned box so responsive
 * resizing works. A PNG button exports the chart with its background.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Chart, registerCharts } from '../lib/chart-setup.ts';
import type { ChartSpec } from '../lib/chart-specs.ts';
import { recordChartDraw, registerChart, unregisterChart } from '../lib/debug.ts';
import { downloadUrl } from '../lib/download.ts';
import { baseStyles } from '../lib/ui-styles.ts';

/** Tick steps in days for date axes. */
const DAY_STEPS = [1, 7, 14, 30, 61, 91, 122, 182, 365, 730, 1461];

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

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-create after a reconnect (firstUpdated does not run again).
    if (this.hasUpdated && !this.chart) this.create();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroy();
  }

  protected override firstUpdated(): void {
    this.create();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has('spec') || !this.spec) return;
    if (!this.chart) {
      this.create();
      return;
    }
    if ((this.chart.config as { type?: string }).type !== this.spec.type) {
      this.destroy();
      this.create();
      return;
    }
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
    if (this.chartId) registerChart(this.chartId, chart);
  }

  private destroy(): void {
    if (!this.chart) return;
    if (this.chartId) unregisterChart(this.chartId, this.chart);
    this.chart.destroy();
    this.chart = null;
  }

  /** The chart as a PNG data URL (with the panel colour behind it). */
  toPng(): string | null {
    return this.chart ? this.chart.toBase64Image('image/png', 1) : null;
  }

  private savePng(): void {
    const url = this.toPng();
    if (url) downloadUrl(`${this.fileBase}-${this.chartId || 'chart'}.png`, url);
  }

  override render() {
    return html`<figure>
      <figcaption>
        <span class="title">${this.heading}${this.note ? html`<span class="note">${this.note}</span>` : ''}</span>
        ${this.spec?.logScale
          ? html`<button class="btn small log" aria-pressed=${this.logScale ? 'true' : 'false'} @click=${this.toggleLog} title="Switch the price axis between log and linear" aria-label=${`Log scale on the ${this.heading} chart`}>log scale ${this.logScale ? 'on' : 'off'}</button>`
          : ''}
        <button class="btn small" @click=${this.savePng} aria-label=${`Download the ${this.heading} chart as PNG`}>PNG</button>
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
