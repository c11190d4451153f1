/**
 * <dat-issues>: why a file, a link or an edit cannot run, one line per
 * field path (from ScenarioError.issues). The last valid run stays on screen
 * meanwhile; `dismissible` adds a close button (fires `issues-dismiss`).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ScenarioIssue } from '../../src/resolve.ts';
import { baseStyles } from '../lib/ui-styles.ts';

@customElement('dat-issues')
export class DatIssues extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .box {
        background: var(--error-bg);
        color: var(--error-fg);
        border: 1px solid currentColor;
        border-radius: var(--radius);
        padding: 6px 10px;
        margin: 6px 0;
        font-size: 0.85rem;
      }
      .head {
        display: flex;
        gap: 8px;
        align-items: baseline;
      }
      strong {
        flex: 1;
      }
      ul {
        margin: 4px 0 0;
        padding-left: 18px;
      }
      code {
        font-family: var(--mono);
        font-weight: 600;
      }
      button {
        color: inherit;
      }
    `,
  ];

  @property({ attribute: false }) issues: ScenarioIssue[] = [];
  @property() heading = '';
  @property({ type: Boolean }) dismissible = false;

  override render() {
    if (!this.issues.length) return nothing;
    const shown = this.issues.slice(0, 12);
    return html`<div class="box" role="alert">
      <div class="head">
        <strong>${this.heading}</strong>
        ${this.dismissible
          ? html`<button class="btn small" aria-label="Dismiss this message" @click=${() => this.dispatchEvent(new CustomEvent('issues-dismiss', { bubbles: true, composed: true }))}>
              ✕
            </button>`
          : nothing}
      </div>
      <ul>
        ${shown.map((i) => html`<li><code>${i.path || '(whole file)'}</code>: ${i.message}</li>`)}
        ${this.issues.length > shown.length ? html`<li>… and ${this.issues.length - shown.length} more</li>` : nothing}
      </ul>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-issues': DatIssues;
  }
}
