/**
 * Rich text (segments.ts) as Lit templates, and the styles that go with it.
 * Glossary terms become links to "#/glossary/<id>"; the teaching view
 * intercepts them to show the definition beside the text. Lit escapes every
 * string, so data from a scenario file can never inject markup.
 */
import { css, html, type TemplateResult } from 'lit';
import type { Rich, Segment } from './segments.ts';

function seg(s: Segment): TemplateResult | string {
  if (typeof s === 'string') return s;
  switch (s.t) {
    case 'term':
      return html`<a class="term" href=${`#/glossary/${s.id}`} data-term=${s.id}>${s.text}</a>`;
    case 'num':
      return html`<span class="num">${s.text}</span>`;
    case 'code':
      return html`<code>${s.text}</code>`;
    default:
      return html`<span class="data">${s.text}</span>`;
  }
}

export function renderRich(r: Rich | null | undefined): (TemplateResult | string)[] {
  return (r ?? []).map(seg);
}

export const richStyles = css`
  a.term {
    color: inherit;
    text-decoration: underline dotted var(--accent);
    text-decoration-thickness: 2px;
    text-underline-offset: 3px;
    cursor: help;
  }
  a.term:hover {
    color: var(--accent);
  }
  .num {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    white-space: nowrap;
  }
  code {
    font-family: var(--mono);
    font-size: 0.88em;
    background: var(--bg);
    border: 1px solid var(--border);
    border-radius: 3px;
    padding: 0 3px;
  }
`;
