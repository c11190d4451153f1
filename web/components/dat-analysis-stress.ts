/**
 * <dat-analysis-stress>: the stress grid of src/analysis/stress.ts
 * (`dat-sim stress`) for one company of the scenario on screen: coin
 * drawdown (rows) x basic mNAV at the end of the decline (columns), computed
 * in web/analysis.worker.ts with progress and cancel. A cell is coloured by
 * its worst outcome (insolvent, delisted, listing notice, covenant breach,
 * none) and shows the listing state at the horizon, the breach and
 * insolvency days, and the coin's self-inflicted extra drawdown.
 *
 * Test hooks: `#stress-table td[data-drawdown][data-mnav][data-verdict]`,
 * `section[data-status]`.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { StressGridCell, StressResult } from '../../src/analysis/stress.ts';
import { AnalysisController, AnalysisStatus } from '../lib/analysis-controller.ts';
import { cellVerdict, parseNumberList, type Verdict } from '../lib/analysis-metrics.ts';
import { compact, pct } from '../lib/format.ts';
import { baseStyles } from '../lib/ui-styles.ts';
import { analysisStyles } from './dat-analysis-styles.ts';

const VERDICT_LABEL: Record<Verdict, string> = {
  stopped: 'run stopped',
  insolvent: 'insolvent',
  delisted: 'delisted',
  notice: 'listing notice',
  covenant: 'covenant breach',
  ok: 'no breach',
};

@customElement('dat-analysis-stress')
export class DatAnalysisStress extends LitElement {
  static override styles = [
    baseStyles,
    analysisStyles,
    css`
      td.cell {
        font-size: 0.8rem;
        line-height: 1.3;
        vertical-align: top;
        min-width: 9.5em;
        text-align: left;
      }
      td.cell strong {
        display: block;
      }
      .v-insolvent {
        background: rgba(192, 40, 30, 0.55);
      }
      .v-delisted {
        background: rgba(192, 40, 30, 0.32);
      }
      .v-notice {
        background: rgba(230, 126, 34, 0.3);
      }
      .v-covenant {
        background: rgba(241, 196, 15, 0.3);
      }
      .v-stopped {
        background: repeating-linear-gradient(45deg, rgba(127, 127, 127, 0.22) 0 6px, transparent 6px 12px);
      }
      .v-ok {
        background: rgba(39, 174, 96, 0.18);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        font-size: 0.8rem;
        margin: 6px 0;
      }
      .legend span {
        padding: 1px 8px;
        border-radius: var(--radius);
        border: 1px solid var(--border);
      }
      th[scope='row'] {
        white-space: nowrap;
      }
    `,
  ];

  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  /** Ticker the simulator focuses on (the default company). */
  @property({ attribute: false }) ticker: string | null = null;
  @property({ attribute: false }) horizonDays = 365;

  @state() private company = '';
  @state() private drawdowns = '30%, 50%, 70%';
  @state() private mnavs = '0.5, 1, 2';
  @state() private declineDays = 90;
  @state() private days = 365;
  @state() private inputError = '';

  private readonly job = new AnalysisController<'stress'>(this);
  private scenarioId = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('resolved') && this.resolved && this.resolved.id !== this.scenarioId) {
      this.scenarioId = this.resolved.id;
      this.job.reset();
      const tickers = this.resolved.companies.map((c) => c.ticker);
      this.company = this.ticker && tickers.includes(this.ticker) ? this.ticker : (tickers[0] ?? '');
      this.days = this.horizonDays;
    }
  }

  private run(): void {
    if (!this.resolved || !this.company) return;
    const d = parseNumberList(this.drawdowns, true), m = parseNumberList(this.mnavs);
    if (typeof d === 'string') return void (this.inputError = `Drawdowns: ${d}`);
    if (typeof m === 'string') return void (this.inputError = `mNAV targets: ${m}`);
    if (d.length * m.length > 100) return void (this.inputError = 'At most 100 cells.');
    this.inputError = '';
    this.job.start({ type: 'stress', scenario: this.resolved, options: { company: this.company, drawdowns: d, mnavs: m, declineDays: this.declineDays, days: this.days } });
  }

  private num(e: Event, min: number, max: number): number | null {
    const v = Math.round(Number((e.target as HTMLInputElement).value));
    return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : null;
  }

  private cell(c: StressGridCell) {
    const v = cellVerdict(c);
    if ('failure' in c)
      return html`<td class="cell v-stopped" data-drawdown=${String(c.drawdown)} data-mnav=${String(c.targetMnav)} data-verdict=${v} data-failure=${c.failure}>
        <strong>${VERDICT_LABEL[v]}</strong><span class="muted">no figures: see below the grid</span>
      </td>`;
    const day = (d: number | null) => (d === null ? '' : ` (day ${d + 1})`);
    return html`<td class="cell v-${v}" data-drawdown=${String(c.drawdown)} data-mnav=${String(c.targetMnav)} data-verdict=${v} data-listing=${c.listingState}
      data-insolvent=${String(c.insolvent)} data-covenant=${String(c.covenantBreach)} data-self-inflicted=${String(c.selfInflictedDrawdown)}>
      <strong>${VERDICT_LABEL[v]}</strong>
      listing: ${c.listingState}${c.delistedDay !== null ? day(c.delistedDay) : c.noticeDay !== null ? `, notice${day(c.noticeDay)}` : ''}<br />
      ${c.insolvent ? html`insolvent${day(c.insolventDay)}<br />` : nothing}
      ${c.covenantBreach ? html`covenant breach${day(c.firstCovenantBreachDay)}<br />` : nothing}
      self-inflicted: ${pct(c.selfInflictedDrawdown, 2)}<br />
      <span class="muted">mNAV ${c.mnav === null ? '–' : compact(c.mnav, 3)} · stock $${compact(c.stockPriceAtDeclineEnd, 3)}${c.belowMinPriceAtDeclineEnd ? ' < min' : ''}</span>
    </td>`;
  }

  /** Cells whose runs stopped (a day's figure left what the model can carry): which, and why. */
  private renderStopped(r: StressResult) {
    const stopped = r.cells.flatMap((c) => ('failure' in c ? [c] : []));
    if (!stopped.length) return nothing;
    return html`<div class="note failures" id="stress-failures" role="note">
      <p><strong>${stopped.length === 1 ? 'One cell' : `${stopped.length} cells`} stopped before the horizon</strong>: a run of the search for
        the starting price that puts ${r.company} at the target left what the model can carry, so ${stopped.length === 1 ? 'it has' : 'they have'} no figures.</p>
      <ul>${stopped.map((c) => html`<li data-drawdown=${String(c.drawdown)} data-mnav=${String(c.targetMnav)}>−${pct(c.drawdown, 0)} × ${compact(c.targetMnav, 3)}×: ${c.failure}.</li>`)}</ul>
      <p>There the companies' own flows drive the coin into a runaway the model does not bound (to zero or to overflow): read it as
        "unstable here", not as a value.</p>
    </div>`;
  }

  override render() {
    const s = this.resolved;
    if (!s) return html`<p class="muted">Loading the scenario…</p>`;
    const j = this.job;
    const running = j.status === AnalysisStatus.running;
    const r = j.reply?.result ?? null;
    const drawdowns = r ? [...new Set(r.cells.map((c) => c.drawdown))] : [];
    const mnavs = r ? [...new Set(r.cells.map((c) => c.targetMnav))] : [];
    const at = (d: number, m: number) => r!.cells.find((c) => c.drawdown === d && c.targetMnav === m)!;
    return html`<section aria-labelledby="stress-title" data-status=${j.status} data-elapsed-ms=${j.reply ? j.reply.elapsedMs.toFixed(0) : ''} data-workers=${j.reply ? String(j.reply.workers) : ''}>
      <h2 id="stress-title">Stress grid: coin drawdown × ending mNAV</h2>
      <p class="note">
        The company's coin falls by the drawdown over the decline, then stays flat; its premium is frozen so basic mNAV lands on the target at the end of the decline.
        Every company still runs its policies, so the coin ends lower than scripted: <em>self-inflicted</em> is that extra fall at the horizon against the same path
        with the companies not trading. Deterministic (no noise).
      </p>
      <form class="form" @submit=${(e: Event) => (e.preventDefault(), this.run())}>
        <label>Company
          <select id="stress-company" @change=${(e: Event) => (this.company = (e.target as HTMLSelectElement).value)}>
            ${s.companies.map((c) => html`<option value=${c.ticker} ?selected=${c.ticker === this.company}>${c.ticker} — ${c.name}</option>`)}
          </select>
        </label>
        <label>Coin drawdowns <input id="stress-drawdowns" type="text" .value=${this.drawdowns} @change=${(e: Event) => (this.drawdowns = (e.target as HTMLInputElement).value)} /></label>
        <label>Ending mNAVs <input id="stress-mnavs" type="text" .value=${this.mnavs} @change=${(e: Event) => (this.mnavs = (e.target as HTMLInputElement).value)} /></label>
        <label>Decline (days) <input id="stress-decline" type="number" min="1" max="3650" .value=${String(this.declineDays)} @change=${(e: Event) => (this.declineDays = this.num(e, 1, 3650) ?? this.declineDays)} /></label>
        <label>Horizon (days) <input id="stress-days" type="number" min="2" max="3650" .value=${String(this.days)} @change=${(e: Event) => (this.days = this.num(e, 2, 3650) ?? this.days)} /></label>
        <button class="btn primary" id="stress-run" type="submit" ?disabled=${!this.company}>${running ? 'Restart' : 'Run stress grid'}</button>
        ${running ? html`<button class="btn" id="stress-cancel" type="button" @click=${() => j.cancel()}>Cancel</button>` : nothing}
      </form>
      ${this.inputError ? html`<p class="error" role="alert">${this.inputError}</p>` : nothing}
      ${running
        ? html`<div class="progress"><progress max=${j.total || 1} .value=${j.done} aria-label="Stress grid progress"></progress>
            <span aria-live="polite">${j.total ? `${j.done} of ${j.total} cells` : 'starting…'}</span></div>`
        : nothing}
      ${j.status === AnalysisStatus.cancelled ? html`<p class="note">Cancelled.</p>` : nothing}
      ${j.error ? html`<p class="error" role="alert">${j.error}</p>` : nothing}
      ${r
        ? html`<p class="note" id="stress-summary">
              ${r.company} on ${r.coin} (start $${compact(r.startPrice, 4)}) · ${r.exchange} · decline ${r.declineDays} days · horizon ${r.days} days · ${(j.reply!.elapsedMs / 1000).toFixed(1)} s on ${j.reply!.workers} ${j.reply!.workers === 1 ? 'worker' : 'workers'}
            </p>
            <div class="legend" aria-label="Legend">
              ${(Object.keys(VERDICT_LABEL) as Verdict[]).filter((v) => v !== 'stopped' || r.cells.some((c) => 'failure' in c)).map((v) => html`<span class="v-${v}">${VERDICT_LABEL[v]}</span>`)}
            </div>
            <div class="table-wrap">
              <table id="stress-table">
                <caption class="visually-hidden">Outcome of ${r.company} by coin drawdown (rows) and basic mNAV at the end of the decline (columns)</caption>
                <thead><tr><th scope="col">Coin drawdown \\ mNAV</th>${mnavs.map((m) => html`<th scope="col">${compact(m, 3)}×</th>`)}</tr></thead>
                <tbody>
                  ${drawdowns.map((d) => html`<tr><th scope="row">−${pct(d, 0)}</th>${mnavs.map((m) => this.cell(at(d, m)))}</tr>`)}
                </tbody>
              </table>
            </div>
            ${this.renderStopped(r)}`
        : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-analysis-stress': DatAnalysisStress;
  }
}
