/**
 * <dat-builder-instruments>: one company's debt in the scenario builder:
 * add a convertible, a loan or a preferred (each kind src/schema.ts
 * InstrumentSchema has), remove, reorder, edit every field, with the holder
 * put and the amendment folded. Fires `builder-edit`.
 */
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { InstrumentSchema } from '../../src/schema.ts';
import { builderFields, schemaDescription } from '../lib/builder-fields.ts';
import { addInstrument, INSTRUMENT_KINDS, type InstrumentKind } from '../lib/builder.ts';
import { getIn, optionFor, pathId, type Path, type ZodLike } from '../lib/params.ts';
import { CompanyListSection, domId, fieldRow, itemHead, kindPicker, sectionIssues } from './dat-builder-field.ts';

const KIND_HINT: Record<InstrumentKind, string> = {
  convertible: 'Convertible note: principal, coupon, maturity, conversion price; may be secured by coins.',
  loan: 'Loan: principal, interest, maturity; may be secured by coins with covenant and liquidation LTVs.',
  preferred: 'Preferred stock: a senior liquidation preference paying a dividend.',
};

@customElement('dat-builder-instruments')
export class DatBuilderInstruments extends CompanyListSection {
  @state() private kind: InstrumentKind = 'convertible';

  override render() {
    if (!this.ctx) return nothing;
    const base: Path = ['companies', this.company, 'debt'];
    const items = (getIn(this.ctx.draft, base) as { kind?: string; id?: string }[] | undefined) ?? [];
    const ticker = this.ticker();
    return html`<section aria-labelledby="h">
      <h4 id="h">Debt instruments <span class="muted">(${items.length})</span></h4>
      ${sectionIssues(this.ctx, pathId(base))}
      ${items.map((ins, i) => {
        const p: Path = [...base, i];
        const opt = optionFor(InstrumentSchema as unknown as ZodLike, String(ins.kind));
        const kind = String(ins.kind ?? 'instrument');
        const name = ins.id ? (String(ins.id).includes(kind) ? String(ins.id) : `${ins.id} (${kind})`) : kind;
        const context = `${ticker} ${ins.id ?? `debt ${i + 1}`}`;
        const { fields, groups } = opt ? builderFields(opt, p, { first: ['id'], groups: ['holderPut', 'amendment'] }) : { fields: [], groups: [] };
        return html`<div class="item" data-path=${pathId(p)}>
          ${itemHead(this, this.ctx, base, i, items.length, `${ticker} ${name}`, `${i + 1}. ${name}`)}
          ${opt ? html`<p class="kind-desc">${KIND_HINT[ins.kind as InstrumentKind] ?? schemaDescription(opt)}</p>` : nothing}
          ${sectionIssues(this.ctx, pathId(p))}
          <div class="fields">${fields.map((f) => fieldRow(this.ctx, f, { context, onCommit: this.commit }))}</div>
          ${groups.length
            ? html`<details class="more">
                <summary>Holder put and amendment</summary>
                ${groups.map(
                  (g) => html`<h4>${g.title}</h4>
                    ${g.description ? html`<p class="kind-desc">${g.description}</p>` : nothing} ${sectionIssues(this.ctx, g.id)}
                    <div class="fields">${g.fields.map((f) => fieldRow(this.ctx, f, { context: `${context} ${g.title}`, onCommit: this.commit }))}</div>`,
                )}
              </details>`
            : nothing}
        </div>`;
      })}
      ${kindPicker({
        what: 'instrument',
        ticker,
        kinds: INSTRUMENT_KINDS,
        current: this.kind,
        pick: (k) => (this.kind = k as InstrumentKind),
        add: () => this.edit(addInstrument(this.ctx.draft, this.company, this.kind), domId(pathId([...base, items.length, 'id']))),
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-builder-instruments': DatBuilderInstruments;
  }
}
