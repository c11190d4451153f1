/**
 * <dat-methodology>: docs/methodology.md and docs/calibration.md, bundled at
 * build time with Vite's `?raw` (through import.meta.glob, so a file that
 * does not exist yet gives a "not written yet" note instead of a failed
 * build) and rendered by the app's own safe Markdown renderer
 * (web/lib/markdown.ts: every character escaped, only http(s), mailto and #
 * links). Lazy chunk: loaded the first time the page opens.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { renderMarkdown, type Heading } from '../lib/markdown.ts';
import { baseStyles } from '../lib/ui-styles.ts';

const DOCS = import.meta.glob<string>(['../../docs/methodology.md', '../../docs/calibration.md'], { query: '?raw', import: 'default', eager: true });

export const METHODOLOGY_DOCS = [
  { file: 'methodology.md', title: 'Methodology', prefix: 'm-' },
  { file: 'calibration.md', title: 'Calibration', prefix: 'c-' },
] as const;

interface Doc {
  file: string;
  title: string;
  html: string | null;
  headings: Heading[];
}

function load(): Doc[] {
  return METHODOLOGY_DOCS.map((d) => {
    const src = DOCS[`../../docs/${d.file}`];
    if (typeof src !== 'string' || !src.trim()) return { file: d.file, title: d.title, html: null, headings: [] };
    // The page has its own h2 per document: shift the documents' headings down one level.
    const r = renderMarkdown(src, { idPrefix: d.prefix, headingOffset: 1 });
    return { file: d.file, title: d.title, html: r.html, headings: r.headings };
  });
}

@customElement('dat-methodology')
export class DatMethodology extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        max-width: 1100px;
        line-height: 1.5;
      }
      nav.toc {
        font-size: 0.85rem;
        margin: 6px 0 12px;
      }
      nav.toc ul {
        margin: 2px 0;
        padding-left: 1.2em;
      }
      nav.toc a {
        color: var(--accent);
      }
      .doc {
        margin-bottom: 24px;
      }
      .doc {
        border-top: 2px solid var(--border);
        padding-top: 4px;
      }
      .src {
        font-family: var(--mono);
        font-size: 0.78rem;
        color: var(--muted);
        margin: 0;
      }
      .md h2 {
        font-size: 1.15rem;
      }
      .md h3 {
        font-size: 1.05rem;
        margin-top: 18px;
      }
      .md h4 {
        font-size: 0.95rem;
      }
      .md p,
      .md li {
        max-width: 95ch;
      }
      .md h2,
      .md h3,
      .md h4 {
        scroll-margin-top: 10px;
      }
      .md blockquote {
        margin: 8px 0;
        padding: 4px 12px;
        border-left: 4px solid var(--accent);
        background: var(--panel);
        color: var(--muted);
      }
      .md code {
        font-family: var(--mono);
        font-size: 0.88em;
        background: var(--panel);
        border: 1px solid var(--border);
        border-radius: 3px;
        padding: 0 3px;
      }
      .md pre {
        background: var(--panel);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: 8px 10px;
        overflow-x: auto;
      }
      .md pre code {
        border: none;
        padding: 0;
      }
      .md-table {
        overflow-x: auto;
        max-width: 100%;
        margin: 8px 0;
      }
      .md table td,
      .md table th {
        white-space: normal;
        text-align: left;
        vertical-align: top;
        min-width: 5em;
      }
      .md table th {
        background: var(--panel);
      }
      .md a {
        color: var(--accent);
        overflow-wrap: anywhere;
      }
      .md .md-link {
        text-decoration: underline dotted;
      }
      .missing {
        background: var(--warn-bg);
        color: var(--warn-fg);
        border-radius: var(--radius);
        padding: 8px 12px;
      }
    `,
  ];

  private readonly docs = load();

  /** A document ("methodology.md") or heading id to scroll to. */
  @property() anchor = '';

  protected override updated(changed: Map<string, unknown>): void {
    // Wide tables scroll sideways on a phone: keyboard users reach the scroll area (axe scrollable-region-focusable).
    this.renderRoot.querySelectorAll('.md-table:not([tabindex])').forEach((el, k) => {
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'region');
      const head = [...el.querySelectorAll('thead th')].map((th) => th.textContent?.trim()).filter(Boolean).slice(0, 3).join(', ');
      el.setAttribute('aria-label', `Table ${k + 1}${head ? `: ${head}` : ''}`);
    });
    if (changed.has('anchor') && this.anchor) {
      const id = this.anchor.endsWith('.md') ? `doc-${this.anchor}` : this.anchor;
      this.renderRoot.querySelector(`#${CSS.escape(id)}`)?.scrollIntoView({ block: 'start' });
    }
  }

  /** In-document links ("#2-fitting-procedure") point at this page's prefixed heading ids. */
  private onDocClick(e: MouseEvent, prefix: string): void {
    const a = (e.composedPath().find((x) => x instanceof HTMLAnchorElement) ?? null) as HTMLAnchorElement | null;
    const href = a?.getAttribute('href') ?? '';
    if (!href.startsWith('#') || href.startsWith('#/')) return;
    e.preventDefault();
    this.renderRoot.querySelector(`#${CSS.escape(prefix + href.slice(1))}`)?.scrollIntoView({ block: 'start' });
  }

  override render() {
    return html`<h2 id="methodology-title" style="font-size:1.3rem">Methodology and calibration</h2>
      <p class="muted">How the model works and how its parameters were fitted, from the project's documentation (docs/), as it was when this app was built.</p>
      <nav class="toc" aria-label="Contents">
        <ul>
          ${this.docs.map(
            (d) => html`<li>
              <a href=${`#/methodology/${d.file}`} @click=${(e: Event) => this.jump(e, `doc-${d.file}`)}>${d.title}</a>
              ${d.headings.length
                ? html`<ul>
                    ${d.headings.filter((h) => h.level === 3).map((h) => html`<li><a href=${`#/methodology/${h.id}`} @click=${(e: Event) => this.jump(e, h.id)}>${h.text}</a></li>`)}
                  </ul>`
                : nothing}
            </li>`,
          )}
        </ul>
      </nav>
      ${this.docs.map(
        (d) => html`<section class="doc" id=${`doc-${d.file}`} data-doc=${d.file} data-written=${d.html ? '1' : '0'}>
          <p class="src">docs/${d.file}</p>
          ${d.html ? html`<div class="md" @click=${(e: MouseEvent) => this.onDocClick(e, METHODOLOGY_DOCS.find((x) => x.file === d.file)!.prefix)}>${unsafeHTML(d.html)}</div>` : html`<h2>${d.title}</h2><p class="missing" role="note">docs/${d.file} is not written yet: the file did not exist when this app was built. Rebuild the app once it is there.</p>`}
        </section>`,
      )}`;
  }

  /** In-page jumps without touching the app's hash routes (the hash keeps pointing at this page). */
  private jump(e: Event, id: string): void {
    e.preventDefault();
    this.renderRoot.querySelector(`#${CSS.escape(id)}`)?.scrollIntoView({ block: 'start' });
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'dat-methodology': DatMethodology;
  }
}
