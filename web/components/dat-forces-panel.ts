/**
 * <dat-forces-panel>: the four forces of the sell-off (treasury selling,
 * leverage liquidations, ETF outflows, premium compression), each one's
 * share of the coin's fall up to the day shown, and toggles that switch one
 * off at a time (the teaching view then shows that run). Definitions in
 * web/lib/teaching/forces.ts; fires `force-toggle` with {id} (null = all on).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { pct as pctRaw } from '../lib/format.ts';

const pct = (v: number, d: number) => pctRaw(v, d).replace(/^-/, '−');
import { FORCES, forceShares, type ForceId, type ForceRuns } from '../lib/teaching/forces.ts';
import { richStyles } from '../lib/teaching/render.ts';
import { baseStyles } from '../lib/ui-styles.ts';

@customElement('dat-forces-panel')
export class DatForcesPanel extends LitElement {
  static override styles = [
    baseStyles,
    richStyles,
    css`
      :host {
        display: block;
      }
      table {
        width: 100%;
        margin: 4px 0 8px;
      }
      caption {
        text-align: left;
        font-weight: 700;
        padding: 2px 0 4px;
      }
      tr.off td {
        background: var(--warn-bg);
      }
      td.share {
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .shbar {
        display: inline-block;
        height: 8px;
        background: var(--c-company);
        vertical-align: middle;
        margin-right: 6px;
        border-radius: 2px;
      }
      .btn[aria-pressed='true'] {
        background: var(--warn-bg);
        border-color: var(--warn-fg);
        color: var(--warn-fg);
        font-weight: 700;
      }
      .def {
        font-size: 0.8rem;
        color: var(--muted);
        margin: 4px 0;
        max-width: 90ch;
      }
      td.what {
        white-space: normal;
        text-align: left;
        min-width: 11em;
      }
      .how {
        display: block;
        font-size: 0.74rem;
        color: var(--muted);
        line-height: 1.25;
      }
    `,
  ];

  @property({ attribute: false }) runs: ForceRuns | null = null;
  @property({ type: Number }) day = 0;
  @property() dateLabel = '';
  /** Coins in display order (the focus coin first). */
  @property({ attribute: false }) coins: string[] = [];
  /** The force switched off in the view (null: all on). */
  @property({ attribute: false }) off: ForceId | null = null;

  private toggle(id: ForceId): void {
    this.dispatchEvent(new CustomEvent('force-toggle', { detail: { id: this.off === id ? null : id }, bubbles: true, composed: true }));
  }

  override render() {
    const runs = this.runs;
    if (!runs) return html`<p class="muted">Running the scenario once per force…</p>`;
    const coins = this.coins.length ? this.coins : runs.coins;
    return html`
      ${coins.map((coin) => {
        const f = forceShares(runs, coin, this.day);
        const w = (v: number | null) => (v === null ? 0 : Math.max(0, Math.min(1, v)) * 80);
        return html`<div class="table-wrap">
          <table data-coin=${coin} data-fall-all=${f.fallAll} data-fall-none=${f.fallNone}>
            <caption>
              ${coin}: fall so far ${pct(f.fallAll, 1)} (deepest close up to ${this.dateLabel || `day ${this.day}`} below the start)
            </caption>
            <thead>
              <tr><th>Force (how it is switched off)</th><th>fall with it off</th><th>share of the fall</th><th></th></tr>
            </thead>
            <tbody>
              ${FORCES.map((x) => {
                const r = f.rows.find((y) => y.id === x.id)!;
                return html`<tr class=${this.off === x.id ? 'off' : ''} data-force=${x.id} data-share=${r.share ?? ''} data-fall-without=${r.fallWithout}>
                  <td class="what"><a class="term" href=${`#/glossary/${x.term}`} data-term=${x.term}>${x.label}</a><span class="how">${x.off}</span></td>
                  <td>${pct(r.fallWithout, 1)}</td>
                  <td class="share"><span class="shbar" style=${`width:${w(r.share)}px`}></span>${r.share === null ? 'n/a' : pct(r.share, 1)}</td>
                  <td>
                    <button class="btn small" aria-pressed=${this.off === x.id ? 'true' : 'false'} @click=${() => this.toggle(x.id)} aria-label=${`${this.off === x.id ? 'Switch back on' : 'Switch off'}: ${x.label}`}>
                      ${this.off === x.id ? 'switched off' : 'switch off'}
                    </button>
                  </td>
                </tr>`;
              })}
              <tr data-force="none">
                <td class="what">All four off<span class="how">what no toggle removes: macro, news, the replayed path</span></td>
                <td>${pct(f.fallNone, 1)}</td>
                <td class="share">${f.exogenousShare === null ? 'n/a' : pct(f.exogenousShare, 1)}</td>
                <td></td>
              </tr>
              <tr data-force="interaction">
                <td class="what">Interaction<span class="how">100% minus the rest: forces amplifying (+) or overlapping (−) each other</span></td>
                <td></td>
                <td class="share">${f.interaction === null ? 'n/a' : pct(f.interaction, 1)}</td>
                <td></td>
              </tr>
            </tbody>
          </table>
        </div>`;
      })}
      <p class="def">
        <strong>Definitions.</strong> Fall so far D(t) = 1 − (lowest close from day 0 to day t) / (close before day 0). Share of a force = (D with every force − D with that force
        alone off) / D with every force, on the same seed (same random numbers). The system is nonlinear (square-root impact, the liquidation cascade, policy thresholds), so the
        shares need not add up to 100%. Premium compression works on the stocks, not on the coin: its share here counts only the coins companies sell because their
        stock fell (buybacks, bills paid in coins when mNAV is below 1), so it is often 0%. The stock side is in the lessons (stock = NAV per share × the premium).
      </p>
      ${this.off ? html`<p class="def"><strong>The charts, the diagram and the captions now show the run without ${FORCES.find((x) => x.id === this.off)?.label.toLowerCase()}.</strong></p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-forces-panel': DatForcesPanel;
  }
}
