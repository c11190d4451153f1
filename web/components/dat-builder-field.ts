/**
 * One form row of the scenario builder (a template function, rendered inside
 * each builder section's shadow root so label and input share it), the
 * builder's shared styles, and the edit event the sections send up.
 *
 * A row shows the label, the input, the unit, a readable form of a large
 * number ("= 80M"), the effective value as a placeholder when the file leaves
 * the field out (what the resolver's defaults fill), and the resolver's
 * issues at exactly this path: "path: what was expected", tied to the input
 * with aria-invalid and aria-describedby.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { ScenarioIssue } from '../../src/resolve.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { BuilderField } from '../lib/builder-fields.ts';
import { inputValue, issuesAt, moveAt, removeAt, setField, type Draft } from '../lib/builder.ts';
import { compact } from '../lib/format.ts';
import { getIn, resolvedValue, type Path } from '../lib/params.ts';
import { baseStyles } from '../lib/ui-styles.ts';

/** What every builder section receives. */
export interface BuilderContext {
  draft: Draft;
  issues: readonly ScenarioIssue[];
  resolved: ResolvedScenario | null;
}

/** The event a section sends with the edited draft (and a field to focus after the re-render). */
export type BuilderEditDetail = { draft: Draft; focus?: string };

export function fireEdit(el: HTMLElement, draft: Draft, focus?: string): void {
  el.dispatchEvent(new CustomEvent<BuilderEditDetail>('builder-edit', { detail: { draft, focus }, bubbles: true, composed: true }));
}

/** The event an input sends while typing: the app validates the draft with this value, without storing it yet. */
export type BuilderPreviewDetail = { path: Path; value: unknown };

/** A DOM id for a field path ("companies[0].coins" -> "f-companies-0-coins"). */
export function domId(id: string): string {
  return `f-${id.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

function shownValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The effective value of a field the file leaves out, for the placeholder. */
function effective(ctx: BuilderContext, f: BuilderField): string {
  // With no resolved scenario (the draft has problems) the defaults table gives the value (src/presets/effective-default.ts).
  const r = resolvedValue(ctx.resolved, f.path, ctx.draft);
  if (typeof r === 'number') return `${compact(r, 4)} (default)`;
  if ((typeof r === 'string' && r !== '') || typeof r === 'boolean') return `${r} (default)`;
  if (f.defaultText) return `${f.defaultText === 'null' ? 'none' : f.defaultText} (default)`;
  return f.required ? 'required' : '';
}

export interface FieldOptions {
  /** Words naming what the field belongs to, for a unique accessible name ("NEWCO convertible"). */
  context: string;
  /** Choices replacing the schema's (a company's coin: the scenario's markets). */
  options?: readonly string[];
  onCommit(path: Path, value: unknown): void;
}

export function fieldRow(ctx: BuilderContext, f: BuilderField, o: FieldOptions): TemplateResult {
  const id = domId(f.id);
  const value = getIn(ctx.draft, f.path);
  const issues = issuesAt(ctx.issues, f.id);
  const errId = `${id}-err`;
  const helpId = `${id}-help`;
  const described = [issues.length ? errId : '', f.description ? helpId : ''].filter(Boolean).join(' ') || nothing;
  const commit = (e: Event) => o.onCommit(f.path, inputValue(f, (e.target as HTMLInputElement | HTMLSelectElement).value));
  const options = o.options ?? f.options;
  const invalid = issues.length ? 'true' : 'false';
  let control: TemplateResult;
  if (f.kind === 'enum' || f.kind === 'boolean' || options) {
    const opts = f.kind === 'boolean' ? ['true', 'false'] : [...(options ?? [])];
    const cur = shownValue(value);
    if (cur && !opts.includes(cur)) opts.push(cur);
    control = html`<select id=${id} data-path=${f.id} aria-invalid=${invalid} aria-describedby=${described} @change=${commit}>
      ${f.required && cur ? nothing : html`<option value="" ?selected=${cur === ''}>${effective(ctx, f) || '(none)'}</option>`}
      ${opts.map((v) => html`<option value=${v} ?selected=${v === cur}>${v}</option>`)}
    </select>`;
  } else {
    control = html`<input
      id=${id}
      data-path=${f.id}
      type="text"
      inputmode=${f.kind === 'number' ? 'decimal' : nothing}
      autocomplete="off"
      spellcheck="false"
      .value=${shownValue(value)}
      placeholder=${effective(ctx, f)}
      aria-invalid=${invalid}
      aria-describedby=${described}
      @change=${commit}
      @input=${(e: Event) =>
        e.target!.dispatchEvent(
          new CustomEvent<BuilderPreviewDetail>('builder-preview', { detail: { path: f.path, value: inputValue(f, (e.target as HTMLInputElement).value) }, bubbles: true, composed: true }),
        )}
    />`;
  }
  const big = typeof value === 'number' && Math.abs(value) >= 1e4 ? `= ${compact(value)}` : '';
  return html`<div class="row ${issues.length ? 'bad' : ''}">
    <label for=${id}><span class="visually-hidden">${o.context}: </span>${f.label}${f.required ? html`<span class="req" aria-hidden="true">*</span>` : nothing}</label>
    <div class="ctl">
      ${control}
      ${f.unit ? html`<span class="unit">${f.unit}</span>` : nothing}
      ${big ? html`<span class="big" aria-hidden="true">${big}</span>` : nothing}
    </div>
    ${f.description ? html`<span class="visually-hidden" id=${helpId}>${f.description}</span>` : nothing}
    ${issues.length
      ? html`<p class="err" id=${errId}>${issues.map((i) => html`<span><code>${i.path}</code>: ${i.message}</span>`)}</p>`
      : nothing}
  </div>`;
}

/**
 * The head of one item of a list at `base` (a company, an instrument, a policy, a rule, a path
 * point): its title, and move up / move down / remove buttons whose names say which item (`name`).
 */
export function itemHead(el: HTMLElement, ctx: BuilderContext, base: Path, i: number, n: number, name: string, title: TemplateResult | string = name): TemplateResult {
  return html`<div class="item-head">
    <div class="title">${title}</div>
    ${n > 1
      ? html`<button class="btn small" aria-label=${`Move ${name} up`} ?disabled=${i === 0} @click=${() => fireEdit(el, moveAt(ctx.draft, base, i, -1))}>↑</button>
          <button class="btn small" aria-label=${`Move ${name} down`} ?disabled=${i === n - 1} @click=${() => fireEdit(el, moveAt(ctx.draft, base, i, 1))}>↓</button>`
      : nothing}
    <button class="btn small" aria-label=${`Remove ${name}`} @click=${() => fireEdit(el, removeAt(ctx.draft, base, i))}>Remove</button>
  </div>`;
}

/** "New <what> [kind v] [Add <what>]": the kind picker and add button of a company's list (ids #kind, #add-<what>). */
export function kindPicker(o: { what: string; ticker: string; kinds: readonly string[]; current: string; pick(kind: string): void; add(): void }): TemplateResult {
  return html`<div class="add">
    <label for="kind">New ${o.what}<span class="visually-hidden"> for ${o.ticker}</span></label>
    <select id="kind" @change=${(e: Event) => o.pick((e.target as HTMLSelectElement).value)}>
      ${o.kinds.map((k) => html`<option value=${k} ?selected=${k === o.current}>${k}</option>`)}
    </select>
    <button class="btn" id=${`add-${o.what}`} aria-label=${`Add ${o.what} to ${o.ticker}`} @click=${o.add}>Add ${o.what}</button>
  </div>`;
}

/** Issues reported at a whole section (a company, a policy, a list), not at one field. */
export function sectionIssues(ctx: BuilderContext, id: string): TemplateResult | typeof nothing {
  const issues = issuesAt(ctx.issues, id);
  if (!issues.length) return nothing;
  return html`<p class="err section-err" data-path=${id} tabindex="-1">${issues.map((i) => html`<span><code>${i.path}</code>: ${i.message}</span>`)}</p>`;
}

export const builderStyles = css`
  :host {
    display: block;
  }
  h3,
  h4 {
    margin: 0;
    font-size: 1rem;
  }
  h4 {
    font-size: 0.92rem;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 420px), 1fr));
    gap: 6px 16px;
  }
  .row {
    display: grid;
    grid-template-columns: minmax(0, 10em) minmax(0, 1fr);
    align-items: center;
    gap: 2px 8px;
  }
  .row label {
    font-size: 0.85rem;
  }
  .req {
    color: var(--error-fg);
    margin-left: 2px;
  }
  .ctl {
    display: flex;
    align-items: center;
    gap: 6px;
    min-width: 0;
  }
  .ctl input,
  .ctl select {
    flex: 1 1 8em;
    min-width: 0;
    width: 100%;
    min-height: 32px;
    background: var(--panel);
    /* Below the builder's sticky status bar when focused from the problem list. */
    scroll-margin-top: 96px;
  }
  .unit,
  .big {
    font-size: 0.75rem;
    color: var(--muted);
    white-space: nowrap;
  }
  .row.bad input,
  .row.bad select {
    border-color: var(--error-fg);
    border-width: 2px;
  }
  .err {
    grid-column: 1 / -1;
    margin: 0;
    padding: 3px 6px;
    border-radius: 4px;
    background: var(--error-bg);
    color: var(--error-fg);
    font-size: 0.8rem;
    display: grid;
    gap: 2px;
  }
  .err code {
    font-family: var(--mono);
    font-size: 0.78rem;
    word-break: break-all;
  }
  .item {
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 8px 10px;
    margin: 8px 0;
    background: var(--panel);
  }
  .item-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin-bottom: 6px;
  }
  .item-head .title {
    font-weight: 600;
    margin-right: auto;
  }
  .kind-desc {
    margin: 0 0 6px;
    font-size: 0.8rem;
    color: var(--muted);
  }
  .add {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    margin: 6px 0;
  }
  .add select,
  .add input {
    min-height: 32px;
  }
  .btn {
    min-height: 32px;
  }
  .btn.small {
    min-height: 28px;
    min-width: 28px;
  }
  details.more > summary {
    cursor: pointer;
    font-size: 0.85rem;
    margin: 6px 0;
    color: var(--accent);
  }
  .muted {
    font-size: 0.8rem;
  }
  @media (max-width: 520px) {
    .row {
      grid-template-columns: 1fr;
    }
  }
`;

/** A builder section: the context it shows, its styles, and edits sent up as `builder-edit`. */
export class BuilderSection extends LitElement {
  static override styles = [baseStyles, builderStyles];

  @property({ attribute: false }) ctx!: BuilderContext;

  protected edit(draft: Draft, focus?: string): void {
    fireEdit(this, draft, focus);
  }

  /** Stores a field's value (undefined leaves it out). */
  protected readonly commit = (path: Path, value: unknown): void => this.edit(setField(this.ctx.draft, path, value));
}

/** A section of one company's lists (its debt, its policies). */
export class CompanyListSection extends BuilderSection {
  /** Index of the company in `companies`. */
  @property({ type: Number }) company = 0;

  /** The company's ticker, for the names of its controls. */
  protected ticker(): string {
    return String(getIn(this.ctx.draft, ['companies', this.company, 'ticker']) ?? `company ${this.company + 1}`);
  }
}
