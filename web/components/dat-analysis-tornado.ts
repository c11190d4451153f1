/**
 * <dat-analysis-tornado>: the one-at-a-time sensitivity tornado of the
 * scenario on screen (src/analysis/sensitivity.ts, `dat-sim sensitivity`),
 * computed in web/analysis.worker.ts with progress and cancel. Every
 * variation runs the same seed and path indices (common random numbers) and
 * each parameter moves across its documented range (src/analysis/ranges.ts,
 * docs/calibration.md).
 *
 * Test hooks: `#tornado-table tbody tr[data-parameter][data-swing]` in the
 * order shown (largest swing first), `section[data-status]`. On a narrow
 * screen (container under 560 px) the table is one card per row
 * (stackedTableStyles), so a phone reads it without sideways scrolling.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { Theme } from '../lib/chart-setup.ts';
import type { TornadoResult } from '../../src/analysis/tornado.ts';
import { AnalysisController, AnalysisStatus } from '../lib/analysis-controller.ts';
import { formatMetric, tornadoChart } from '../lib/analysis-charts.ts';
import { DEFAULT_TORNADO_PATHS, defaultMetric, flatTornadoExplanation, metricChoices } from '../lib/analysis-metrics.ts';
import { baseStyles, stackedTableStyles } from '../lib/ui-styles.ts';
import { analysisStyles } from './dat-analysis-styles.ts';
import './dat-chart.ts';

/** The tornado table's columns; on a narrow screen each row is a card and every figure carries its column's name. */
const TORNADO_COLUMNS = ['Parameter', 'Low end', 'High end', 'Metric at low', 'Metric at high', 'Swing'] as const;

@customElement('dat-analysis-tornado')
export class DatAnalysisTornado extends LitElement {
  static override styles = [
    baseStyles,
    analysisStyles,
    stackedTableStyles,
    css`
      .base {
        font-size: 0.88rem;
        margin: 4px 0;
      }
      .flat {
        border-left: 4px solid var(--accent);
        background: var(--bg);
        padding: 8px 10px;
        margin: 8px 0;
      }
    `,
  ];

  /** The scenario as the simulator last resolved it. */
  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  /** Seed and horizon (days) the simulator uses; the form starts from them. */
  @property({ attribute: false }) seed = '1';
  @property({ attribute: false }) horizonDays = 365;
  /** Ticker the simulator focuses on (picks the default metric). */
  @property({ attribute: false }) ticker: string | null = null;
  @property({ attribute: false }) theme: Theme | null = null;
  /** Scenario name for exported images. */
  @property({ attribute: false }) name = '';

  @state() private metric = '';
  /** Paths per variation (the base and 28 variations each run this many). */
  @state() private paths = DEFAULT_TORNADO_PATHS;
  @state() private days = 365;
  @state() private runSeed = '1';

  private readonly job = new AnalysisController<'tornado'>(this);
  private scenarioId = '';
  /** Run once the defaults are set for a newly shown scenario (the page opens on a result). */
  private autoRun = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('resolved') && this.resolved && this.resolved.id !== this.scenarioId) {
      this.scenarioId = this.resolved.id;
      this.job.reset();
      this.metric = defaultMetric(this.resolved, this.ticker);
      this.days = this.horizonDays;
      this.runSeed = this.seed;
      this.autoRun = true;
    }
  }

  protected override updated(): void {
    if (!this.autoRun) return;
    this.autoRun = false;
    this.run();
  }

  private run(): void {
    if (!this.resolved || !this.metric) return;
    this.job.start({ type: 'tornado', scenario: this.resolved, metric: this.metric, options: { paths: this.paths, seed: this.runSeed, days: this.days } });
  }

  private num(e: Event, min: number, max: number): number | null {
    const v = Math.round(Number((e.target as HTMLInputElement).value));
    return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : null;
  }

  /** The base value with its spread across paths and the standard error of the mean. */
  private renderBase(r: TornadoResult, chart: boolean) {
    const b = r.baseStats, f = (v: number) => formatMetric(v, r.unit);
    const varies = b.n > 1 && b.sd > 0;
    const ci = varies ? html` ± ${f(b.se)} <abbr title="standard error of the mean over the paths">s.e.</abbr> (95% interval ${f(b.mean - 1.96 * b.se)} to ${f(b.mean + 1.96 * b.se)})` : nothing;
    const spread = varies ? html`; across paths: sd ${f(b.sd)}, from ${f(b.min)} to ${f(b.max)}` : b.n > 1 ? ', the same on every path' : nothing;
    return html`<p class="base" id="tornado-base" data-mean=${String(b.mean)} data-se=${String(b.se)} data-sd=${String(b.sd)} data-n=${String(b.n)}>
      <strong>Base ${f(b.mean)}</strong>${ci} over ${b.n} ${b.n === 1 ? 'path' : 'paths'}${spread}.${chart && varies ? ' The shaded band on the chart is that interval.' : ''}
      ${chart ? "Every bar runs the same paths as the base (common random numbers), so a bar's length reflects the parameter, not which paths were drawn." : ''}
    </p>`;
  }

  /** Variations whose runs stopped (a path's figure left what the model can carry): which, where, and what it means. */
  private renderFailures(r: TornadoResult) {
    const failed = r.rows.flatMap((x) => [
      ...(x.lowFailure ? [{ x, end: x.lowValue, why: x.lowFailure }] : []),
      ...(x.highFailure ? [{ x, end: x.highValue, why: x.highFailure }] : []),
    ]);
    if (!failed.length) return nothing;
    return html`<div class="note failures" id="tornado-failures" role="note">
      <p><strong>${failed.length === 1 ? 'One variation' : `${failed.length} variations`} stopped before the horizon</strong>: on some path a figure
        left what the model can carry, so ${failed.length === 1 ? 'its mean is undefined (– in the table) and its row sorts' : 'their means are undefined (– in the table) and their rows sort'} last.</p>
      <ul>${failed.map((f) => html`<li data-parameter=${f.x.parameter}>${f.x.label} = ${f.end}: ${f.why}.</li>`)}</ul>
      <p>That end of the range drives the scenario into a runaway the model does not bound (a coin price that overflows or collapses to
        zero, for example when issuing stock to buy coins keeps raising both): read it as "unstable here", not as a value.</p>
    </div>`;
  }

  override render() {
    const s = this.resolved;
    if (!s) return html`<p class="muted">Loading the scenario…</p>`;
    const choices = metricChoices(s);
    const chosen = choices.find((c) => c.id === this.metric);
    const j = this.job;
    const running = j.status === AnalysisStatus.running;
    const r = j.reply?.result ?? null;
    const flat = r ? flatTornadoExplanation(r) : null;
    return html`<section aria-labelledby="tornado-title" data-status=${j.status} data-elapsed-ms=${j.reply ? j.reply.elapsedMs.toFixed(0) : ''} data-workers=${j.reply ? String(j.reply.workers) : ''}>
      <h2 id="tornado-title">Sensitivity: tornado</h2>
      <p class="note">
        Each uncertain parameter moves to the low and the high end of its documented range (see
        <a href="#/methodology">Methodology</a>), one at a time, everything else at the scenario's values. Every variation runs the same seed and path indices
        (<strong>common random numbers</strong>), so a bar is the parameter's effect, not sampling noise. Small path counts are quick but rough.
      </p>
      <form class="form" @submit=${(e: Event) => (e.preventDefault(), this.run())}>
        <label>Metric
          <select id="tornado-metric" @change=${(e: Event) => (this.metric = (e.target as HTMLSelectElement).value)}>
            ${choices.map((c) => html`<option value=${c.id} ?selected=${c.id === this.metric}>${c.id} (${c.unit})</option>`)}
          </select>
        </label>
        <label>Paths <input id="tornado-paths" type="number" min="1" max="2000" .value=${String(this.paths)} @change=${(e: Event) => (this.paths = this.num(e, 1, 2000) ?? this.paths)} /></label>
        <label>Days <input id="tornado-days" type="number" min="2" max="3650" .value=${String(this.days)} @change=${(e: Event) => (this.days = this.num(e, 2, 3650) ?? this.days)} /></label>
        <label>Seed <input id="tornado-seed" type="text" .value=${this.runSeed} @change=${(e: Event) => (this.runSeed = (e.target as HTMLInputElement).value || '1')} /></label>
        <button class="btn primary" id="tornado-run" type="submit" ?disabled=${!this.metric}>${running ? 'Restart' : 'Run tornado'}</button>
        ${running ? html`<button class="btn" id="tornado-cancel" type="button" @click=${() => j.cancel()}>Cancel</button>` : nothing}
      </form>
      ${chosen ? html`<p class="note">${chosen.id}: ${chosen.description}.</p>` : nothing}
      ${running
        ? html`<div class="progress"><progress max=${j.total || 1} .value=${j.done} aria-label="Tornado progress"></progress>
            <span aria-live="polite">${j.total ? `${j.done} of ${j.total} variations` : 'starting…'} × ${this.paths} paths</span></div>`
        : nothing}
      ${j.status === AnalysisStatus.cancelled ? html`<p class="note">Cancelled.</p>` : nothing}
      ${j.error ? html`<p class="error" role="alert">${j.error}</p>` : nothing}
      ${r
        ? html`<p class="note" id="tornado-summary">
              ${r.metric} · ${r.paths} paths × ${r.days} days · seed ${r.seed} · ${(j.reply!.elapsedMs / 1000).toFixed(1)} s on ${j.reply!.workers} ${j.reply!.workers === 1 ? 'worker' : 'workers'}
            </p>
            ${this.renderBase(r, !flat)}
            ${flat
              ? html`<p class="flat" id="tornado-flat" role="status">${flat}</p>`
              : html`<dat-chart chart-id="tornado" heading=${`What moves ${r.metric}`} .spec=${tornadoChart(r, this.theme)} .fileBase=${`${r.scenario}-tornado`}
                  .exportInfo=${{ title: `What moves ${r.metric}`, scenario: this.name || r.scenario, seed: r.seed, detail: `${r.paths} paths × ${r.days} days, one parameter at a time` }}
                  style=${`--chart-height:${Math.max(200, 26 * r.rows.length + 70)}px`}></dat-chart>`}
            <div class="table-wrap stack-wrap">
              <table id="tornado-table" class="stack" role="table">
                <thead role="rowgroup"><tr role="row">${TORNADO_COLUMNS.map((c) => html`<th role="columnheader" scope="col">${c}</th>`)}</tr></thead>
                <tbody role="rowgroup">
                  ${r.rows.map((x) => {
                    const cells = [x.label, x.lowValue, x.highValue, formatMetric(x.metricLow, r.unit), formatMetric(x.metricHigh, r.unit), formatMetric(x.swing, r.unit)];
                    return html`<tr role="row" data-parameter=${x.parameter} data-swing=${String(x.swing)} data-failed=${x.lowFailure || x.highFailure ? (x.lowFailure ? (x.highFailure ? 'both' : 'low') : 'high') : nothing}>
                      ${cells.map((v, i) => html`<td role="cell" data-label=${i ? TORNADO_COLUMNS[i] : nothing}>${v}</td>`)}
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>
            ${this.renderFailures(r)}`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-analysis-tornado': DatAnalysisTornado;
  }
}
