/**
 * <dat-builder-policies>: one company's management policies in the scenario
 * builder: add any kind src/schema.ts PolicySchema has (with its one-line
 * description from the schema), remove, reorder (order matters: policies run
 * in order each business day), edit each setting; a `rules` policy edits its
 * rules (when / action / amount). Fires `builder-edit`.
 */
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PolicySchema } from '../../src/schema.ts';
import { builderFields, schemaDescription } from '../lib/builder-fields.ts';
import { addPolicy, appendAt, newRule, POLICY_KINDS, type PolicyKind } from '../lib/builder.ts';
import { getIn, optionFor, pathId, shapeOf, unwrap, type Path, type ZodLike } from '../lib/params.ts';
import { CompanyListSection, domId, fieldRow, itemHead, kindPicker, sectionIssues } from './dat-builder-field.ts';

const option = (kind: string) => optionFor(PolicySchema as unknown as ZodLike, kind);
/** The schema of one rule {when, action, amount}: the element of the rules policy's `rules` list. */
const RULE_SCHEMA = unwrap(shapeOf(option('rules')!).rules).inner._zod.def.element!;

@customElement('dat-builder-policies')
export class DatBuilderPolicies extends CompanyListSection {
  @state() private kind: PolicyKind = 'defendListing';

  override render() {
    if (!this.ctx) return nothing;
    const base: Path = ['companies', this.company, 'policies'];
    const items = (getIn(this.ctx.draft, base) as { kind?: string; rules?: unknown[] }[] | undefined) ?? [];
    const ticker = this.ticker();
    return html`<section aria-labelledby="h">
      <h4 id="h">Policies <span class="muted">(${items.length ? items.length : 'none: holds'})</span></h4>
      ${sectionIssues(this.ctx, pathId(base))}
      ${items.map((pol, i) => {
        const p: Path = [...base, i];
        const opt = option(String(pol.kind));
        const name = `${i + 1}. ${pol.kind}`;
        const context = `${ticker} policy ${name}`;
        const { fields } = opt && pol.kind !== 'rules' ? builderFields(opt, p) : { fields: [] };
        const rules = pol.kind === 'rules' && Array.isArray(pol.rules) ? pol.rules : [];
        return html`<div class="item" data-path=${pathId(p)}>
          ${itemHead(this, this.ctx, base, i, items.length, `${ticker} policy ${name}`, name)}
          ${opt ? html`<p class="kind-desc">${schemaDescription(opt)}</p>` : nothing} ${sectionIssues(this.ctx, pathId(p))}
          ${fields.length ? html`<div class="fields">${fields.map((f) => fieldRow(this.ctx, f, { context, onCommit: this.commit }))}</div>` : nothing}
          ${pol.kind === 'rules'
            ? html`${sectionIssues(this.ctx, pathId([...p, 'rules']))}
                ${rules.map((_r, k) => {
                  const rp: Path = [...p, 'rules', k];
                  return html`<div class="item" data-path=${pathId(rp)}>
                    ${itemHead(this, this.ctx, [...p, 'rules'], k, rules.length, `${ticker} policy ${i + 1} rule ${k + 1}`, `Rule ${k + 1}`)}
                    ${sectionIssues(this.ctx, pathId(rp))}
                    <div class="fields">${builderFields(RULE_SCHEMA, rp).fields.map((f) => fieldRow(this.ctx, f, { context: `${context} rule ${k + 1}`, onCommit: this.commit }))}</div>
                  </div>`;
                })}
                <button class="btn small" aria-label=${`Add a rule to ${ticker} policy ${i + 1}`} @click=${() => this.edit(appendAt(this.ctx.draft, [...p, 'rules'], newRule()))}>Add rule</button>`
            : nothing}
        </div>`;
      })}
      ${kindPicker({
        what: 'policy',
        ticker,
        kinds: POLICY_KINDS,
        current: this.kind,
        pick: (k) => (this.kind = k as PolicyKind),
        add: () => {
          const first = builderFields(option(this.kind), [...base, items.length]).fields[0];
          this.edit(addPolicy(this.ctx.draft, this.company, this.kind), first ? domId(first.id) : undefined);
        },
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-builder-policies': DatBuilderPolicies;
  }
}
