/**
 * <dat-builder-instruments>: one company's debt in the scenario builder:
 * add a convertible, a loan or a preferred (each kind src/schema.ts
 * InstrumentSchema has), remove, reorder, edit every field, with the holder
 * put and the amendment folded. Fires `builder-edit`.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { InstrumentSchema } from '../../src/schema.ts';
import { builderFields, schemaDescription } from '../lib/builder-fields.ts';
import { addInstrument, INSTRUMENT_KINDS, moveAt, removeAt, setField, type InstrumentKind } from '../lib/builder.ts';
import { getIn, optionFor, pathId, type Path, type ZodLike } from '../lib/params.ts';
import { baseStyles } from '../lib/ui-styles.ts';
import { builderStyles, domId, fieldRow, fireEdit, sectionIssues, type BuilderContext } from './dat-builder-field.ts';

const KIND_HINT: Record<InstrumentKind, string> = {
  convertible: 'Convertible note: principal, coupon, maturity, conversion price; may be secured by coins.',
  loan: 'Loan: principal, interest, maturity; may be secured by coins with covenant and liquidation LTVs.',
  preferred: 'Preferred stock: a senior liquidation preference paying a dividend.',
};

@customElement('dat-builder-instruments')
export class DatBuilderInstruments extends LitElement {
  static override styles = [baseStyles, builderStyles];

  @property({ attribute: false }) ctx!: BuilderContext;
  /** Index of the company in `companies`. */
  @property({ type: Number }) company = 0;
  @state() private kind: InstrumentKind = 'convertible';

  override render() {
    if (!this.ctx) return nothing;
    const base: Path = ['companies', this.company, 'debt'];
    const items = (getIn(this.ctx.draft, base) as { kind?: string; id?: string }[] | undefined) ?? [];
    const ticker = String(getIn(this.ctx.draft, ['companies', this.company, 'ticker']) ?? `company ${this.company + 1}`);
    const edit = (d: BuilderContext['draft'], focus?: string) => fireEdit(this, d, focus);
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
        const commit = (path: Path, v: unknown) => edit(setField(this.ctx.draft, path, v));
        return html`<div class="item" data-path=${pathId(p)}>
          <div class="item-head">
            <span class="title">${i + 1}. ${name}</span>
            <button class="btn small" aria-label=${`Move ${ticker} ${name} up`} ?disabled=${i === 0} @click=${() => edit(moveAt(this.ctx.draft, base, i, -1))}>↑</button>
            <button class="btn small" aria-label=${`Move ${ticker} ${name} down`} ?disabled=${i === items.length - 1} @click=${() => edit(moveAt(this.ctx.draft, base, i, 1))}>↓</button>
            <button class="btn small" aria-label=${`Remove ${ticker} ${name}`} @click=${() => edit(removeAt(this.ctx.draft, base, i))}>Remove</button>
          </div>
          ${opt ? html`<p class="kind-desc">${KIND_HINT[ins.kind as InstrumentKind] ?? schemaDescription(opt)}</p>` : nothing}
          ${sectionIssues(this.ctx, pathId(p))}
          <div class="fields">${fields.map((f) => fieldRow(this.ctx, f, { context, onCommit: commit }))}</div>
          ${groups.length
            ? html`<details class="more">
                <summary>Holder put and amendment</summary>
                ${groups.map(
                  (g) => html`<h4>${g.title}</h4>
                    ${g.description ? html`<p class="kind-desc">${g.description}</p>` : nothing} ${sectionIssues(this.ctx, g.id)}
                    <div class="fields">${g.fields.map((f) => fieldRow(this.ctx, f, { context: `${context} ${g.title}`, onCommit: commit }))}</div>`,
                )}
              </details>`
            : nothing}
        </div>`;
      })}
      <div class="add">
        <label for="kind">New instrument<span class="visually-hidden"> for ${ticker}</span></label>
        <select id="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as InstrumentKind)}>
          ${INSTRUMENT_KINDS.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${k}</option>`)}
        </select>
        <button
          class="btn"
          id="add-instrument"
          aria-label=${`Add instrument to ${ticker}`}
          @click=${() => edit(addInstrument(this.ctx.draft, this.company, this.kind), domId(pathId([...base, items.length, 'id'])))}
        >
          Add instrument
        </button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-builder-instruments': DatBuilderInstruments;
  }
}
