/**
 * <dat-builder-companies>: the scenario's treasury companies in the builder:
 * add one (the required fields start from the template company, every other
 * field is left to the resolver's defaults and shown as such), remove,
 * reorder, edit the balance sheet with the rest folded (premium, stock,
 * announcements), and each company's debt (<dat-builder-instruments>) and
 * policies (<dat-builder-policies>). Fields come from src/schema.ts
 * CompanySchema; the coin and exchange are chosen from the scenario's markets
 * and the listing rule sets.
 */
import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LISTING_RULE_PRESETS } from '../../src/presets/listing-rules.ts';
import { CompanySchema } from '../../src/schema.ts';
import { builderFields } from '../lib/builder-fields.ts';
import { addCompany, companyList, marketCoins } from '../lib/builder.ts';
import { pathId, type Path } from '../lib/params.ts';
import { BuilderSection, domId, fieldRow, itemHead, sectionIssues } from './dat-builder-field.ts';
import './dat-builder-instruments.ts';
import './dat-builder-policies.ts';

const MAIN = ['ticker', 'name', 'coin', 'exchange', 'coins', 'costBasisUsd', 'cashUsd', 'sharesOutstanding', 'stockPrice0', 'opexUsdPerYear', 'otherAssetsUsd', 'buybackAuthorizationUsd'];
/** Blocks kept as the file has them (edit them in the JSON): the builder does not show their fields. */
const KEPT = ['listing', 'atm', 'preferredProgram', 'reserve', 'priorReverseSplits', 'actions', 'fundingOrder'];

@customElement('dat-builder-companies')
export class DatBuilderCompanies extends BuilderSection {

  override render() {
    if (!this.ctx) return nothing;
    const companies = companyList(this.ctx.draft);
    const coins = marketCoins(this.ctx.draft);
    const exchanges = [...Object.keys(LISTING_RULE_PRESETS), ...Object.keys((this.ctx.draft.listingRules as object | undefined) ?? {})];
    return html`<section aria-labelledby="companies-h">
      <h3 id="companies-h">Companies <span class="muted">(${companies.length})</span></h3>
      ${sectionIssues(this.ctx, 'companies')}
      ${companies.map((c, i) => {
        const base: Path = ['companies', i];
        const { fields, groups } = builderFields(CompanySchema, base, { first: MAIN, groups: ['premium', 'stock'] });
        const ticker = String(c.ticker || `company ${i + 1}`);
        const row = (f: (typeof fields)[number]) =>
          fieldRow(this.ctx, f, { context: ticker, options: f.key === 'coin' ? coins : f.key === 'exchange' ? exchanges : undefined, onCommit: this.commit });
        const kept = KEPT.filter((k) => (c as Record<string, unknown>)[k] !== undefined);
        return html`<div class="item company" data-path=${pathId(base)}>
          ${itemHead(this, this.ctx, ['companies'], i, companies.length, `company ${ticker}`, html`<h4 class="title">${ticker} <span class="muted">${String(c.name ?? '')}</span></h4>`)}
          ${sectionIssues(this.ctx, pathId(base))}
          <div class="fields">${fields.filter((f) => MAIN.includes(f.key)).map(row)}</div>
          <details class="more">
            <summary>More ${ticker} settings (announcements, premium, stock)</summary>
            <div class="fields">${fields.filter((f) => !MAIN.includes(f.key)).map(row)}</div>
            ${groups.map((g) => html`<h4>${g.title}</h4>${sectionIssues(this.ctx, g.id)}<div class="fields">${g.fields.map((f) => fieldRow(this.ctx, f, { context: `${ticker} ${g.title}`, onCommit: this.commit }))}</div>`)}
          </details>
          ${kept.length ? html`<p class="kind-desc">Kept from the file as they are (edit them in the saved JSON): ${kept.join(', ')}.</p>` : nothing}
          <dat-builder-instruments .ctx=${this.ctx} .company=${i}></dat-builder-instruments>
          <dat-builder-policies .ctx=${this.ctx} .company=${i}></dat-builder-policies>
        </div>`;
      })}
      <div class="add">
        <button
          class="btn primary"
          id="add-company"
          ?disabled=${coins.length === 0}
          @click=${() => this.edit(addCompany(this.ctx.draft, this.ctx.resolved), domId(pathId(['companies', companies.length, 'ticker'])))}
        >
          Add company
        </button>
        ${coins.length === 0 ? html`<span class="muted">Add a market first: a company holds one of the scenario's coins.</span>` : nothing}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-builder-companies': DatBuilderCompanies;
  }
}
