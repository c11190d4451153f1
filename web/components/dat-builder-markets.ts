/**
 * <dat-builder-markets>: the scenario's coin markets in the builder: add a
 * coin (a preset's name starts from the preset), remove one, edit the main
 * settings (preset, prices, volatility, volume, impact) with the rest folded,
 * and each market's scripted path points, flows and liquidity shocks
 * (<dat-builder-path>). Fields come from src/schema.ts MarketSchema.
 */
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { MARKET_PRESETS } from '../../src/presets/defaults.ts';
import { MarketSchema } from '../../src/schema.ts';
import { builderFields } from '../lib/builder-fields.ts';
import { addMarket, marketCoins, MARKET_LISTS, removeMarket } from '../lib/builder.ts';
import { BuilderSection, fieldRow, sectionIssues } from './dat-builder-field.ts';
import './dat-builder-path.ts';

const MAIN = ['preset', 'price0', 'peakPrice', 'sigma', 'mu', 'dailyVolumeUsd', 'impactLaw', 'impactY', 'lambdaPerBillion'];

@customElement('dat-builder-markets')
export class DatBuilderMarkets extends BuilderSection {
  @state() private newCoin = '';

  private addCoin(): void {
    const coin = this.newCoin.trim().toUpperCase();
    if (!coin) return;
    this.newCoin = '';
    this.edit(addMarket(this.ctx.draft, coin));
  }

  override render() {
    if (!this.ctx) return nothing;
    const coins = marketCoins(this.ctx.draft);
    const presets = Object.keys(MARKET_PRESETS);
    return html`<section aria-labelledby="markets-h">
      <h3 id="markets-h">Markets <span class="muted">(${coins.length})</span></h3>
      ${sectionIssues(this.ctx, 'markets')}
      ${coins.map((coin) => {
        const base = ['markets', coin];
        const { fields, groups } = builderFields(MarketSchema, base, { first: MAIN, groups: ['leverage', 'etfFlow'] });
        const row = (f: (typeof fields)[number]) =>
          fieldRow(this.ctx, f, { context: `Market ${coin}`, options: f.key === 'preset' ? presets : undefined, onCommit: this.commit });
        return html`<div class="item" data-path=${`markets.${coin}`}>
          <div class="item-head">
            <h4 class="title">Market ${coin}</h4>
            <button class="btn small" aria-label=${`Remove market ${coin}`} @click=${() => this.edit(removeMarket(this.ctx.draft, coin))}>Remove</button>
          </div>
          ${sectionIssues(this.ctx, `markets.${coin}`)}
          <div class="fields">${fields.filter((f) => MAIN.includes(f.key)).map(row)}</div>
          <details class="more">
            <summary>More ${coin} market settings (jumps, liquidity, leverage, ETF flow)</summary>
            <div class="fields">${fields.filter((f) => !MAIN.includes(f.key)).map(row)}</div>
            ${groups.map((g) => html`<h4>${g.title}</h4>${sectionIssues(this.ctx, g.id)}<div class="fields">${g.fields.map((f) => fieldRow(this.ctx, f, { context: `Market ${coin} ${g.title}`, onCommit: this.commit }))}</div>`)}
          </details>
          ${MARKET_LISTS.map((w) => html`<dat-builder-path .ctx=${this.ctx} .coin=${coin} .which=${w}></dat-builder-path>`)}
        </div>`;
      })}
      <div class="add">
        <label for="new-coin">New market (coin code)</label>
        <input
          id="new-coin"
          type="text"
          list="coin-presets"
          placeholder="ETH"
          .value=${this.newCoin}
          @input=${(e: Event) => (this.newCoin = (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.addCoin()}
        />
        <datalist id="coin-presets">${presets.map((p) => html`<option value=${p}></option>`)}</datalist>
        <button class="btn" id="add-market" @click=${this.addCoin}>Add market</button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-builder-markets': DatBuilderMarkets;
  }
}
