/**
 * <dat-glossary>: every term the captions and lessons use, with its
 * definition, the engine's formula, a worked example computed by the
 * engine's own functions, and where the specification fixes it. Each entry
 * has the anchor "#/glossary/<id>"; `term` scrolls to one and marks it.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { GLOSSARY, type GlossaryEntry } from '../lib/teaching/glossary.ts';
import { renderRich, richStyles } from '../lib/teaching/render.ts';
import { parseTerms } from '../lib/teaching/segments.ts';
import { baseStyles } from '../lib/ui-styles.ts';

/** One entry's contents (also used by the teaching view's side panel). */
export function renderEntry(g: GlossaryEntry) {
  return html`<p class="body">${renderRich(parseTerms(g.body, (id) => GLOSSARY.find((x) => x.id === id)?.term.replace(/ \(.*\)$/, '') ?? id))}</p>
    ${g.formula ? html`<p class="formula"><span class="k">Formula</span> <code>${g.formula}</code></p>` : nothing}
    ${g.example ? html`<p class="example"><span class="k">Example</span> ${g.example()}</p>` : nothing}
    ${g.ref ? html`<p class="ref">${g.ref}</p>` : nothing}`;
}

export const entryStyles = [
  richStyles,
  css`
    .body {
      margin: 4px 0;
      max-width: 80ch;
    }
    .formula,
    .example {
      margin: 4px 0;
      font-size: 0.88rem;
    }
    .formula code {
      white-space: normal;
      overflow-wrap: anywhere;
    }
    .k {
      font-size: 0.72rem;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--muted);
      margin-right: 4px;
    }
    .ref {
      margin: 2px 0;
      font-size: 0.75rem;
      color: var(--muted);
    }
  `,
];

@customElement('dat-glossary')
export class DatGlossary extends LitElement {
  static override styles = [
    baseStyles,
    ...entryStyles,
    css`
      :host {
        display: block;
        max-width: 900px;
      }
      h2 {
        font-size: 1.15rem;
        margin: 4px 0 4px;
      }
      .intro {
        color: var(--muted);
        margin: 0 0 8px;
      }
      input[type='search'] {
        width: min(100%, 360px);
        padding: 5px 8px;
        border: 1px solid var(--border);
        border-radius: 4px;
        background: var(--bg);
        color: var(--fg);
        font: inherit;
      }
      dl {
        margin: 10px 0;
      }
      .entry {
        background: var(--panel);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: 6px 12px;
        margin: 0 0 8px;
        scroll-margin-top: 12px;
      }
      .entry.focus {
        border-color: var(--focus);
        box-shadow: 0 0 0 3px color-mix(in srgb, var(--focus) 40%, transparent);
      }
      dt {
        font-weight: 700;
        font-size: 1rem;
      }
      dt a {
        color: inherit;
        text-decoration: none;
      }
      dd {
        margin: 0;
      }
      nav.index {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 10px;
        font-size: 0.82rem;
        margin: 6px 0;
      }
      nav.index a {
        color: var(--accent);
      }
    `,
  ];

  /** Id of the entry to scroll to and mark. */
  @property() term = '';
  @state() private query = '';

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('term') && this.term) {
      const el = this.renderRoot.querySelector(`#g-${CSS.escape(this.term)}`);
      el?.scrollIntoView({ block: 'start' });
    }
  }

  override render() {
    const q = this.query.trim().toLowerCase();
    const list = [...GLOSSARY].sort((a, b) => a.term.localeCompare(b.term)).filter((g) => !q || g.term.toLowerCase().includes(q) || g.body.toLowerCase().includes(q));
    return html`<h2 id="glossary-title">Glossary</h2>
      <p class="intro">Every term the captions and lessons use. Formulas are the ones the engine applies; examples are computed with the engine's own functions.</p>
      <label>Find a term <input type="search" .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} /></label>
      <nav class="index" aria-label="Terms">${list.map((g) => html`<a href=${`#/glossary/${g.id}`}>${g.term.replace(/ \(.*\)$/, '')}</a>`)}</nav>
      <dl>
        ${list.map(
          (g) => html`<div class=${`entry ${this.term === g.id ? 'focus' : ''}`} id=${`g-${g.id}`} data-term-id=${g.id}>
            <dt><a href=${`#/glossary/${g.id}`}>${g.term}</a></dt>
            <dd>${renderEntry(g)}</dd>
          </div>`,
        )}
      </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-glossary': DatGlossary;
  }
}
