/**
 * <dat-builder-path>: one dated list of a market in the scenario builder:
 * scripted price path points, scheduled flows or liquidity shocks. Add,
 * remove, move up/down, edit each field (fields from src/schema.ts).
 * Fires `builder-edit` with the edited draft.
 */
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LiquidityShockSchema, ScheduledFlowSchema, ScriptPointSchema } from '../../src/schema.ts';
import { builderFields } from '../lib/builder-fields.ts';
import { addMarketItem, type MarketList } from '../lib/builder.ts';
import { getIn, pathId, type Path } from '../lib/params.ts';
import { BuilderSection, domId, fieldRow, itemHead, sectionIssues } from './dat-builder-field.ts';

const LISTS: Record<MarketList, { schema: unknown; title: string; item: string; add: string; hint: string }> = {
  scriptedPath: {
    schema: ScriptPointSchema,
    title: 'Scripted price path',
    item: 'Point',
    add: 'Add path point',
    hint: 'The coin follows these prices (log-linear between points); after the last point the random process takes over.',
  },
  scheduledFlows: { schema: ScheduledFlowSchema, title: 'Scheduled flows', item: 'Flow', add: 'Add flow', hint: 'Net USD sold into the coin each day (negative: bought), e.g. ETF redemptions.' },
  liquidityShocks: { schema: LiquidityShockSchema, title: 'Liquidity shocks', item: 'Shock', add: 'Add liquidity shock', hint: 'Days when spot depth collapses: daily volume times a fraction.' },
};

@customElement('dat-builder-path')
export class DatBuilderPath extends BuilderSection {
  @property() coin = '';
  @property() which: MarketList = 'scriptedPath';

  override render() {
    if (!this.ctx) return nothing;
    const spec = LISTS[this.which];
    const base: Path = ['markets', this.coin, this.which];
    const items = (getIn(this.ctx.draft, base) as unknown[] | undefined) ?? [];
    const context = `${this.coin} ${spec.item.toLowerCase()}`;
    return html`<section class="list" aria-labelledby="h">
      <h4 id="h">${spec.title} <span class="muted">(${items.length})</span></h4>
      <p class="kind-desc">${spec.hint}</p>
      ${sectionIssues(this.ctx, pathId(base))}
      ${items.map((_x, i) => {
        const p: Path = [...base, i];
        const { fields } = builderFields(spec.schema, p);
        const name = `${spec.item} ${i + 1}`;
        return html`<div class="item" data-path=${pathId(p)}>
          ${itemHead(this, this.ctx, base, i, items.length, `${this.coin} ${name}`, name)}
          ${sectionIssues(this.ctx, pathId(p))}
          <div class="fields">
            ${fields.map((f) => fieldRow(this.ctx, f, { context: `${context} ${i + 1}`, onCommit: this.commit }))}
          </div>
        </div>`;
      })}
      <div class="add">
        <button
          class="btn"
          id=${`add-${this.which}`}
          aria-label=${`${spec.add} to ${this.coin}`}
          @click=${() => {
            const d = addMarketItem(this.ctx.draft, this.coin, this.which, this.ctx.resolved);
            const first = builderFields(spec.schema, [...base, items.length]).fields[0];
            this.edit(d, first ? domId(first.id) : undefined);
          }}
        >
          ${spec.add}
        </button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-builder-path': DatBuilderPath;
  }
}
