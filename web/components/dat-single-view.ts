/**
 * <dat-single-view>: one path of the scenario: coin price against the
 * no-trading counterfactual and the cost basis, the stock with the listing
 * minimum and the listing events, mNAV, coins, debt and LTV against the
 * covenants, and net flows into the coin market by source; the event
 * timeline and the end-of-path table. Its updateComplete waits for every
 * chart to be redrawn, so the app can time "re-run + redraw".
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SimResultTyped } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { Theme } from '../lib/chart-setup.ts';
import { singleCharts, type ChartSpec } from '../lib/chart-specs.ts';
import { minPriceLine } from '../lib/chart-layout.ts';
import { groupEvents, type EventGroup } from '../lib/events.ts';
import { baseStyles, chartGridStyles } from '../lib/ui-styles.ts';
import type { DatChart } from './dat-chart.ts';
import './dat-chart.ts';
import './dat-event-timeline.ts';
import './dat-summary-table.ts';

export interface SelectedEvent {
  id: string;
  day: number;
  label: string;
}

@customElement('dat-single-view')
export class DatSingleView extends LitElement {
  static override styles = [
    baseStyles,
    chartGridStyles,
    css`
      :host {
        display: block;
      }
      .below {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 12px;
        margin-top: 12px;
      }
    `,
  ];

  @property({ attribute: false }) result: SimResultTyped | null = null;
  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  @property() ticker = '';
  @property({ attribute: false }) theme: Theme | null = null;
  @property({ attribute: false }) selected: SelectedEvent | null = null;
  @property({ attribute: false }) fileBase = 'chart';

  private specs: Record<string, ChartSpec> = {};
  private groups: EventGroup[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    const r = this.result, res = this.resolved;
    if (!r || !res || !this.theme || !r.companies[this.ticker]) return;
    if (changed.has('result')) this.groups = groupEvents(r.events);
    const company = res.companies.find((c) => c.ticker === this.ticker);
    const covenants = (company?.debt ?? [])
      .filter((d): d is Extract<typeof d, { kind: 'convertible' | 'loan' }> => d.kind !== 'preferred')
      .filter((d) => d.covenantLtv > 0 || d.liquidationLtv > 0)
      .map((d) => ({ id: d.id, covenantLtv: d.covenantLtv, liquidationLtv: d.liquidationLtv }));
    this.specs = singleCharts({
      result: r,
      ticker: this.ticker,
      listingRules: res.listingRules,
      covenants,
      theme: this.theme,
      selectedDay: this.selected?.day ?? null,
      selectedLabel: this.selected?.label,
    });
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const charts = [...(this.renderRoot?.querySelectorAll('dat-chart') ?? [])] as DatChart[];
    await Promise.all(charts.map((c) => c.updateComplete));
    return done;
  }

  override render() {
    const r = this.result;
    if (!r || !this.resolved) return html`<p class="muted">Loading…</p>`;
    const c = r.companies[this.ticker];
    if (!c) return html`<p class="muted">No company ${this.ticker} in this scenario.</p>`;
    const coin = c.coin;
    const rules = this.resolved.listingRules[c.exchange];
    const minLine = minPriceLine(rules);
    const s = this.specs;
    const chart = (id: string, heading: string, note = '') =>
      s[id] ? html`<dat-chart chart-id=${id} .heading=${heading} .note=${note} .spec=${s[id]} .fileBase=${this.fileBase}></dat-chart>` : nothing;
    const coinOf = Object.fromEntries(Object.entries(r.companies).map(([t, x]) => [t, x.coin]));
    return html`
      <div class="grid">
        ${chart('coin', `${coin} price`, `with treasury trading, without it (same seed), and ${this.ticker}'s cost basis`)}
        ${chart('stock', `${this.ticker} stock price`, `${minLine ? minLine.label : `${rules?.name ?? c.exchange}: no minimum-price line`}; shaded: listing clock`)}
        ${chart('mnav', `${this.ticker} mNAV`, 'market cap / value of coins held; below 1 the stock is worth less than its coins')}
        ${chart('coins', `${this.ticker} ${coin} held and sold`)}
        ${chart('debt', `${this.ticker} debt and LTV`, 'LTV = debt / value of all coins held. Covenant and lender-liquidation LTVs are tested per instrument on its pledged coins, so they can trigger below these lines.')}
        ${chart('flows', `Net flows into ${coin} by source`, 'USD per day; positive = sold into the market')}
      </div>
      <div class="below">
        <dat-event-timeline .groups=${this.groups} .coinOf=${coinOf} ticker=${this.ticker} .selected=${this.selected?.id ?? null}></dat-event-timeline>
        <dat-summary-table .result=${r}></dat-summary-table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-single-view': DatSingleView;
  }
}
