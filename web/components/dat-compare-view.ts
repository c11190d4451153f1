/**
 * <dat-compare-view>: two runs with the same seed and horizon side by side:
 * A (the scenario as loaded, a pinned parameter set, or another saved
 * scenario) against B (what is on screen now), with their difference.
 * Fires `compare-ref` {key} and `compare-pin`.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SimResultTyped } from '../../src/simulate.ts';
import type { ScenarioIssue } from '../../src/resolve.ts';
import type { Theme } from '../lib/chart-setup.ts';
import { compareCharts, type ChartSpec } from '../lib/chart-specs.ts';
import { minPriceLine } from '../lib/chart-layout.ts';
import type { ListingRuleSet } from '../../sim/index.ts';
import { SELF_INFLICTED_TITLE, compact, selfInflicted, usd } from '../lib/format.ts';
import { baseStyles, chartGridStyles } from '../lib/ui-styles.ts';
import './dat-chart.ts';

export interface CompareOption {
  key: string;
  /** For the picker. */
  label: string;
  /** For legends and headings, e.g. "as loaded". */
  short: string;
}

@customElement('dat-compare-view')
export class DatCompareView extends LitElement {
  static override styles = [
    baseStyles,
    chartGridStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      .bar select {
        flex: 1 1 220px;
        max-width: 100%;
      }
      .sides {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr));
        gap: 10px;
        margin-bottom: 10px;
      }
      .side h3 {
        margin: 0 0 4px;
        font-size: 0.9rem;
      }
      .side.a h3 {
        color: var(--c-price);
      }
      .side.b h3 {
        color: var(--c-b-text, var(--c-b));
      }
      .note {
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
      td.neg {
        color: var(--c-cost);
      }
    `,
  ];

  @property({ attribute: false }) a: SimResultTyped | null = null;
  @property({ attribute: false }) b: SimResultTyped | null = null;
  @property({ attribute: false }) labels = { a: 'A', b: 'B' };
  @property({ attribute: false }) options: CompareOption[] = [];
  @property() refKey = 'baseline';
  @property() ticker = '';
  @property({ attribute: false }) theme: Theme | null = null;
  @property({ attribute: false }) issues: ScenarioIssue[] = [];
  @property({ type: Boolean }) identical = false;
  /** What B changes against A ("markets.ETH.sigma: 0.9 → 0.5"), so a shared A/B says what it compares. */
  @property({ attribute: false }) differences: string[] = [];
  @property({ attribute: false }) fileBase = 'chart';
  /** Listing rule sets of the current scenario (B): the stock chart's minimum-price line. */
  @property({ attribute: false }) listingRules: Record<string, ListingRuleSet> = {};

  private specs: Record<string, ChartSpec> = {};
  private tickers: { a: string | null; b: string | null; coin: string } = { a: null, b: null, coin: '' };

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const { a, b, theme } = this;
    this.specs = {};
    if (!a || !b || !theme) return;
    const tb = b.companies[this.ticker] ? this.ticker : (Object.keys(b.companies)[0] ?? null);
    const ta = tb && a.companies[tb] ? tb : (Object.keys(a.companies)[0] ?? null);
    const coin = tb ? b.companies[tb].coin : Object.keys(b.markets)[0];
    this.tickers = { a: ta, b: tb, coin };
    const minLine = tb ? minPriceLine(this.listingRules[b.companies[tb].exchange]) : null;
    this.specs = compareCharts(a, b, coin, ta, tb, theme, this.labels, minLine);
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await Promise.all([...(this.renderRoot?.querySelectorAll('dat-chart') ?? [])].map((c) => (c as LitElement).updateComplete));
    return done;
  }

  private side(r: SimResultTyped, ticker: string | null, coin: string, cls: string, title: string) {
    const m = r.summary.markets[coin] ?? Object.values(r.summary.markets)[0];
    const c = ticker ? r.summary.companies[ticker] : undefined;
    return html`<div class="card side ${cls}">
      <h3>${title}</h3>
      <div class="muted">${r.scenario.name}</div>
      <div class="table-wrap">
        <table>
          <tbody>
            <tr><th scope="row">${coin} at horizon</th><td>${usd(m?.terminalPrice, 4)}</td></tr>
            <tr><th scope="row">${coin} low</th><td>${usd(m?.minPrice, 4)}</td></tr>
            <tr><th scope="row" title=${SELF_INFLICTED_TITLE}>Self-inflicted drop</th><td>${selfInflicted(m?.selfInflictedDrawdown)}</td></tr>
            ${c
              ? html`<tr><th scope="row">${ticker} stock at horizon</th><td>${usd(c.terminalStockPrice, 3)}</td></tr>
                  <tr><th scope="row">${ticker} listing</th><td>${c.insolvent ? 'insolvent' : c.listingState}</td></tr>
                  <tr><th scope="row">First notice</th><td>${c.noticeDay === null ? 'never' : `day ${c.noticeDay}`}</td></tr>
                  <tr><th scope="row">Delisted</th><td>${c.delistedDay === null ? 'never' : `day ${c.delistedDay}`}</td></tr>
                  <tr><th scope="row">Coins sold</th><td>${compact(c.coinsSold)} (${usd(c.coinsSoldUsd)})</td></tr>
                  <tr><th scope="row">Of them forced</th><td>${compact(c.forcedCoinsSold)} (${usd(c.forcedCoinsSoldUsd)})</td></tr>
                  <tr><th scope="row">Realized P&amp;L</th><td>${usd(c.realizedPnlUsd)}</td></tr>`
              : nothing}
          </tbody>
        </table>
      </div>
    </div>`;
  }

  override render() {
    const { a, b } = this;
    const s = this.specs;
    const chart = (id: string, heading: string, note = '') =>
      s[id] ? html`<dat-chart chart-id=${`cmp-${id}`} .heading=${heading} .note=${note} .spec=${s[id]} .fileBase=${this.fileBase}></dat-chart>` : nothing;
    const { a: ta, b: tb, coin } = this.tickers;
    return html`
      <div class="bar">
        <label for="ref">A (reference):</label>
        <select id="ref" @change=${(e: Event) => this.dispatchEvent(new CustomEvent('compare-ref', { detail: { key: (e.target as HTMLSelectElement).value }, bubbles: true, composed: true }))}>
          ${this.options.map((o) => html`<option value=${o.key} ?selected=${o.key === this.refKey}>${o.label}</option>`)}
        </select>
        <button class="btn" @click=${() => this.dispatchEvent(new CustomEvent('compare-pin', { bubbles: true, composed: true }))}>Pin current parameters as A</button>
      </div>
      <p class="muted">B is what is on screen now. Both run with the same seed and horizon, so they share every random shock (docs/model.md §3).</p>
      ${this.differences.length ? html`<p class="muted differences">B differs from A in: ${this.differences.join('; ')}.</p>` : nothing}
      ${this.issues.length ? html`<p class="error" role="alert">A cannot run: ${this.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}</p>` : nothing}
      ${a && b && a.dates[0] !== b.dates[0]
        ? html`<p class="muted start-dates">A starts on ${a.dates[0]}, B on ${b.dates[0]}: the charts put both on calendar dates, and the differences cover only the days both runs have. The shared random shocks are matched by run day, not by date.</p>`
        : nothing}
      ${this.identical ? html`<p class="note" role="status">A and B are identical: change a parameter, or pick another reference, to see a difference.</p>` : nothing}
      ${a && b
        ? html`<div class="sides">
              ${this.side(a, ta, coin, 'a', `A (${this.labels.a})`)} ${this.side(b, tb, coin, 'b', `B (${this.labels.b} parameters)`)}
            </div>
            <div class="grid">
              ${chart('coin', `${coin} price: A vs B`)} ${chart('coinDiff', `${coin} price difference`, 'B / A − 1, day by day')}
              ${chart('stock', `Stock: A (${ta}) vs B (${tb})`)} ${chart('stockDiff', 'Stock price difference', 'B / A − 1, day by day')}
            </div>
            ${!s.coin ? html`<p class="note">A has no ${coin} market, so the coin prices cannot be compared.</p>` : nothing}`
        : html`<p class="muted">Running…</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-compare-view': DatCompareView;
  }
}
