/**
 * <dat-summary-table>: end-of-path figures (src/summary.ts) for every market
 * and company of one path, including the drawdown the treasuries caused
 * themselves (against the no-trading counterfactual).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SimResultTyped } from '../../src/simulate.ts';
import { DISCRETIONARY_LISTING_NOTE, NET_SOLD_TITLE, SELF_INFLICTED_TITLE, coinsSoldText, compact, netSold, selfInflicted, usd } from '../lib/format.ts';
import { baseStyles } from '../lib/ui-styles.ts';

const day = (d: number | null, dates: readonly string[]) => (d === null ? 'never' : `${dates[d] ?? ''} (day ${d})`);

@customElement('dat-summary-table')
export class DatSummaryTable extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 0.95rem;
        margin: 0 0 4px;
      }
      .wrap {
        display: grid;
        gap: 8px;
      }
      caption {
        text-align: left;
        font-weight: 600;
        font-size: 0.82rem;
        padding: 2px 0;
      }
    `,
  ];

  @property({ attribute: false }) result: SimResultTyped | null = null;

  override render() {
    const r = this.result;
    if (!r) return nothing;
    const s = r.summary;
    const markets = Object.entries(s.markets);
    const companies = Object.entries(s.companies);
    return html`<h2>At the horizon (${r.dates[r.dates.length - 1]})</h2>
      <div class="wrap">
        <div class="table-wrap" tabindex="0" role="region" aria-label="Markets at the horizon">
          <table>
            <caption>
              Markets
            </caption>
            <thead>
              <tr>
                <th scope="col">Coin</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Low</th>
                <th scope="col">Without treasuries</th>
                <th scope="col" title=${SELF_INFLICTED_TITLE}>Self-inflicted drop</th>
                <th scope="col" title=${NET_SOLD_TITLE}>Treasuries net sold</th>
                <th scope="col">Liquidations</th>
              </tr>
            </thead>
            <tbody>
              ${markets.map(
                ([coin, m]) => html`<tr>
                  <th scope="row">${coin}</th>
                  <td>${usd(m.startPrice, 4)}</td>
                  <td>${usd(m.terminalPrice, 4)}</td>
                  <td>${usd(m.minPrice, 4)}</td>
                  <td>${usd(m.counterfactualTerminalPrice, 4)}</td>
                  <td>${selfInflicted(m.selfInflictedDrawdown)}</td>
                  <td>${netSold(m.companyNetSoldUsd)}</td>
                  <td>${usd(m.liquidationsUsd)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Companies at the horizon">
          <table>
            <caption>
              Companies
            </caption>
            <thead>
              <tr>
                <th scope="col">Ticker</th>
                <th scope="col">Stock</th>
                <th scope="col">mNAV</th>
                <th scope="col">Listing</th>
                <th scope="col">Notice</th>
                <th scope="col">Delisted</th>
                <th scope="col">Coins held</th>
                <th scope="col" title="Coins sold over the path (proceeds in USD); of them, those sold for a forced reason: a funding gap, a covenant, a lender liquidation or an amendment schedule">Coins sold</th>
                <th scope="col">Realized P&amp;L</th>
                <th scope="col">Unrealized P&amp;L</th>
                <th scope="col">Debt</th>
                <th scope="col">Loss if coin halves</th>
              </tr>
            </thead>
            <tbody>
              ${companies.map(
                ([t, c]) => html`<tr>
                  <th scope="row">${t}</th>
                  <td>${usd(c.terminalStockPrice, 3)}</td>
                  <td>${c.terminalMnav === null ? '–' : compact(c.terminalMnav, 3)}</td>
                  <td title=${c.listingDiscretionary ? DISCRETIONARY_LISTING_NOTE : nothing}>${c.insolvent ? 'insolvent' : c.listingState}${c.listingDiscretionary ? html`<sup class="caveat">†</sup>` : nothing}</td>
                  <td>${day(c.noticeDay, r.dates)}</td>
                  <td>${day(c.delistedDay, r.dates)}</td>
                  <td>${compact(c.coinsHeld)}</td>
                  <td>${coinsSoldText(c)}</td>
                  <td>${usd(c.realizedPnlUsd)}</td>
                  <td>${usd(c.unrealizedPnlUsd)}</td>
                  <td>${usd(c.debtUsd)}</td>
                  <td title="Unrealized loss if the coin then halved, vs FTX's ~$8B hole">${usd(c.unrealizedLossIfCoinHalvesUsd)} (${compact(c.lossIfHalvesVsFtxHole, 2)}× FTX)</td>
                </tr>`,
              )}
            </tbody>
          </table>
          ${companies.some(([, c]) => c.listingDiscretionary) ? html`<p class="muted caveat-note">† ${DISCRETIONARY_LISTING_NOTE}</p>` : nothing}
        </div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-summary-table': DatSummaryTable;
  }
}
