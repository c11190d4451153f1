/**
 * <dat-ensemble-view>: many paths of one scenario, run in Web Workers: fan
 * charts (5-95, 25-75, median) of the coin, the stock and mNAV, histograms
 * of the time to a deficiency notice and to delisting, and per-company
 * probabilities. Fires `ensemble-run` / `ensemble-cancel`.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SimResult } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/types.ts';
import type { Theme } from '../lib/chart-setup.ts';
import { minPriceLine } from '../lib/chart-layout.ts';
import { fanChart, histogramChart, selectedAnnotation, type ChartSpec } from '../lib/chart-specs.ts';
import type { EnsembleResult } from '../lib/ensemble-types.ts';
import { DISCRETIONARY_LISTING_NOTE, compact, pct, usd } from '../lib/format.ts';
import { histogram } from '../lib/quantiles.ts';
import { baseStyles } from '../lib/ui-styles.ts';
import type { SelectedEvent } from './dat-single-view.ts';
import './dat-chart.ts';

const BIN_DAYS = 30;

@customElement('dat-ensemble-view')
export class DatEnsembleView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 400px), 1fr));
        gap: 10px;
      }
      .bar {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      progress {
        flex: 1 1 160px;
        height: 12px;
        accent-color: var(--accent);
      }
      .stale {
        background: var(--warn-bg);
        color: var(--warn-fg);
        padding: 4px 8px;
        border-radius: var(--radius);
        font-size: 0.85rem;
      }
      .error {
        background: var(--error-bg);
        color: var(--error-fg);
        padding: 4px 8px;
        border-radius: var(--radius);
      }
      h2 {
        font-size: 0.95rem;
        margin: 12px 0 4px;
      }
    `,
  ];

  @property({ attribute: false }) ensemble: EnsembleResult | null = null;
  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  @property({ attribute: false }) single: SimResult | null = null;
  @property() ticker = '';
  @property({ attribute: false }) theme: Theme | null = null;
  @property() status = 'idle';
  @property({ type: Number }) done = 0;
  @property({ type: Number }) total = 0;
  @property({ type: Number }) paths = 0;
  @property({ type: Boolean }) stale = false;
  @property() error: string | null = null;
  @property({ attribute: false }) selected: SelectedEvent | null = null;
  @property({ attribute: false }) fileBase = 'chart';

  private specs: Record<string, ChartSpec> = {};

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!(changed.has('ensemble') || changed.has('ticker') || changed.has('theme') || changed.has('selected') || changed.has('single'))) return;
    const e = this.ensemble, theme = this.theme;
    this.specs = {};
    if (!e || !theme) return;
    const st = e.companies[this.ticker];
    if (!st) return;
    const coin = st.coin;
    const sel = selectedAnnotation(theme, this.selected?.day ?? null, this.selected?.label);
    const sameRun = this.single && this.single.dates.length === e.days && this.single.seed === e.seed;
    const rules = this.resolved?.listingRules[this.resolved.companies.find((c) => c.ticker === this.ticker)?.exchange ?? ''];
    const minLine = minPriceLine(rules);
    const one = (id: string, y: number, text: string) => ({
      [id]: { type: 'line', yMin: y, yMax: y, borderColor: theme.line1, borderWidth: 1.5, borderDash: [6, 4], label: { display: true, content: text, position: 'start', backgroundColor: 'rgba(0,0,0,0)', color: theme.line1, font: { size: 10, weight: 'bold' }, yAdjust: -8 } },
    });
    const specs: Record<string, ChartSpec | null> = {
      'fan-coin': fanChart(e, `${coin}.price`, theme, `${coin} (USD)`, 'usd', { path: sameRun ? this.single!.markets[coin]?.price : undefined, annotations: sel }),
      'fan-stock': fanChart(e, `${this.ticker}.stockPrice`, theme, 'USD per share', 'usd', {
        path: sameRun ? this.single!.companies[this.ticker]?.stockPrice : undefined,
        annotations: { ...(minLine ? one('minPrice', minLine.price, minLine.label) : {}), ...sel },
      }),
      'fan-mnav': fanChart(e, `${this.ticker}.mnav`, theme, 'mNAV', 'ratio', { annotations: { ...one('mnavOne', 1, 'mNAV 1.0'), ...sel } }),
      'hist-notice': histogramChart(histogram(st.noticeDays, BIN_DAYS, e.days), 'first deficiency notice', theme.mnav, theme, BIN_DAYS, e.days),
      'hist-delisted': histogramChart(histogram(st.delistedDays, BIN_DAYS, e.days), 'delisted', theme.line1, theme, BIN_DAYS, e.days),
    };
    for (const [k, v] of Object.entries(specs)) if (v) this.specs[k] = v;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await Promise.all([...(this.renderRoot?.querySelectorAll('dat-chart') ?? [])].map((c) => (c as LitElement).updateComplete));
    return done;
  }

  private fire(name: string): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  /** The company's listing rule is a discretionary standard (NYSE American): its results carry a caveat. */
  private discretionary(ticker: string): boolean {
    const r = this.resolved;
    return r?.listingRules[r.companies.find((c) => c.ticker === ticker)?.exchange ?? '']?.discretionary === true;
  }

  override render() {
    const e = this.ensemble;
    const running = this.status === 'running';
    const s = this.specs;
    const chart = (id: string, heading: string, note = '') =>
      s[id] ? html`<dat-chart chart-id=${id} .heading=${heading} .note=${note} .spec=${s[id]} .fileBase=${this.fileBase}></dat-chart>` : nothing;
    const st = e?.companies[this.ticker];
    return html`
      <div class="bar">
        <button class="btn primary" @click=${() => this.fire('ensemble-run')} ?disabled=${running}>${e ? 'Re-run' : 'Run'} ensemble (${this.paths} paths)</button>
        <button class="btn" id="ensemble-cancel" @click=${() => this.fire('ensemble-cancel')} ?disabled=${!running}>Cancel</button>
        ${running
          ? html`<progress id="ensemble-progress" max=${this.total} .value=${this.done} aria-label="Ensemble progress"></progress>
              <span aria-live="polite">${this.done} / ${this.total}</span>`
          : nothing}
        ${this.status === 'cancelled' ? html`<span class="muted" role="status">Cancelled.</span>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">Ensemble failed: ${this.error}</p>` : nothing}
      ${e && this.stale ? html`<p class="stale" role="status">The parameters changed since this ensemble ran; re-run it to update.</p>` : nothing}
      ${!e
        ? html`<p class="muted">Run many paths of this scenario (same seed, path i uses its own random stream) to see the spread of outcomes.</p>`
        : html`
            <p class="muted">
              ${e.paths} paths, seed ${e.seed}, ${e.days} days: ${Math.round(e.elapsedMs)} ms with ${e.workers} worker${e.workers > 1 ? 's' : ''}.
            </p>
            <div class="grid">
              ${chart('fan-coin', `${st?.coin ?? ''} price: fan of ${e.paths} paths`, 'bands 5–95% and 25–75%, median; dashed: the single path')}
              ${chart('fan-stock', `${this.ticker} stock: fan`)}
              ${chart('fan-mnav', `${this.ticker} mNAV: fan`)}
              ${chart('hist-notice', `${this.ticker}: time to a deficiency notice`, st ? `${pct(st.pNotice, 1)} of paths get one within the horizon` : '')}
              ${chart('hist-delisted', `${this.ticker}: time to delisting`, st ? `${pct(st.pDelisted, 1)} of paths are delisted within the horizon` : '')}
            </div>
            <h2>Probabilities by the horizon</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Ticker</th>
                    <th scope="col">Notice</th>
                    <th scope="col">Determination</th>
                    <th scope="col">Delisted</th>
                    <th scope="col">Insolvent</th>
                    <th scope="col">Stock at horizon: median [5–95%]</th>
                    <th scope="col">Coins sold: median [5–95%]</th>
                  </tr>
                </thead>
                <tbody>
                  ${Object.values(e.companies).map(
                    (c) => html`<tr>
                      <th scope="row">${c.ticker}${this.discretionary(c.ticker) ? html`<sup class="caveat" title=${DISCRETIONARY_LISTING_NOTE}>†</sup>` : nothing}</th>
                      <td>${pct(c.pNotice)}</td>
                      <td>${pct(c.pDetermination)}</td>
                      <td>${pct(c.pDelisted)}</td>
                      <td>${pct(c.pInsolvent)}</td>
                      <td>${usd(c.terminalStock[2])} [${usd(c.terminalStock[0])}–${usd(c.terminalStock[4])}]</td>
                      <td>${compact(c.coinsSold[2])} [${compact(c.coinsSold[0])}–${compact(c.coinsSold[4])}]</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
              ${Object.values(e.companies).some((c) => this.discretionary(c.ticker)) ? html`<p class="muted caveat-note">† ${DISCRETIONARY_LISTING_NOTE}</p>` : nothing}
            </div>
          `}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-ensemble-view': DatEnsembleView;
  }
}
