/**
 * <dat-impact-note>: says plainly that impact calibration is uncertain
 * (docs/model.md §4.3): the square-root law gives about 0.4% for a $1B BTC sale
 * (Y = 0.7, sigma 50%, V = $20B), a regression of 2025 ETF flows about 3.4%
 * per $1B: a factor of ~8 that decides whether the coin-side spiral runs
 * away. With a `market`, it also shows both laws at that market's settings.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { linearImpact, sqrtImpact, type MarketParams } from '../../sim/index.ts';
import { pct } from '../lib/format.ts';
import { baseStyles } from '../lib/ui-styles.ts';

/** Price drop (fraction) from selling `usd` under each law, at the market's current settings (no drawdown thinning). */
export function impactOfSale(m: MarketParams, usd = 1e9): { sqrt: number; linear: number } {
  const sqrtLog = sqrtImpact(usd, m.impactY, m.impactVol / Math.sqrt(365), m.dailyVolumeUsd);
  const linLog = linearImpact(usd, m.lambdaPerBillion);
  return { sqrt: 1 - Math.exp(-sqrtLog), linear: 1 - Math.exp(-linLog) };
}

@customElement('dat-impact-note')
export class DatImpactNote extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .note {
        background: var(--warn-bg);
        color: var(--warn-fg);
        border-radius: var(--radius);
        padding: 6px 10px;
        font-size: 0.8rem;
        margin: 4px 0 6px;
      }
      strong {
        font-weight: 650;
      }
      .figures {
        font-size: 0.8rem;
        color: var(--muted, inherit);
        margin: 4px 0 6px;
      }
    `,
  ];

  @property({ attribute: false }) market: MarketParams | null = null;
  /** Short form inside the parameter panel. */
  @property({ type: Boolean }) compact = false;

  override render() {
    const m = this.market;
    const at = m ? impactOfSale(m) : null;
    const ratio = at && at.sqrt > 0 ? at.linear / at.sqrt : NaN;
    const apart = Number.isFinite(ratio) ? html` (≈${ratio.toFixed(1)}× apart)` : nothing;
    const law = m ? (m.impactLaw === 'sqrt' ? 'square-root' : 'linear') : '';
    // The compact form sits in the parameter panel, next to the main note: figures only, no second warning.
    if (this.compact) {
      return m && at
        ? html`<div class="figures">Selling $1B of ${m.coin} at these settings: square-root law ${pct(at.sqrt, 2)}, linear law ${pct(at.linear, 2)}${apart}. Active: ${law}.</div>`
        : nothing;
    }
    // With a market, its own figures; the published bitcoin calibration only without one or for bitcoin.
    if (m && at && m.coin !== 'BTC') {
      return html`<div class="note" role="note">
        <strong>Impact calibration is uncertain.</strong> Selling <strong>$1B of ${m.coin}</strong> at this scenario's settings moves the price
        <strong>${pct(at.sqrt, 2)}</strong> under the square-root law and <strong>${pct(at.linear, 2)}</strong> under the linear law${apart}, and that gap
        decides whether the coin-side spiral can run away. Active law: <strong>${law}</strong>. Switch the market's impact law to see both (docs/model.md §4.3).
      </div>`;
    }
    return html`<div class="note" role="note">
      <strong>Impact calibration is uncertain.</strong> For BTC, the square-root law (Y = 0.7, σ = 50%, V = $20B/day) gives about
      <strong>0.4% per $1B</strong> sold; a regression of 2025 ETF flows gives about <strong>3.4% per $1B</strong> (linear law): roughly
      <strong>8× apart</strong>, and that gap decides whether the coin-side spiral can run away. Switch the market's impact law to see both (docs/model.md §4.3).
      ${m && at
        ? html`<br />Here (${m.coin}, active law: ${law}): $1B sold moves the price ${pct(at.sqrt, 2)} (square-root) or ${pct(at.linear, 2)} (linear).`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-impact-note': DatImpactNote;
  }
}
