/**
 * <dat-export-bar>: share link and downloads. Fires `export` {what} with
 * what = "share" | "scenario" | "csv" | "summary" | "ensemble-csv" | "report"; the app
 * does the work (web/lib/export-run.ts) and hands back `shareUrl` / `message`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles } from '../lib/ui-styles.ts';

@customElement('dat-export-bar')
export class DatExportBar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .row .btn {
        font-size: 0.85rem;
        padding: 3px 8px;
      }
      .row {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
        align-items: center;
      }
      .share {
        display: flex;
        gap: 6px;
        align-items: center;
        margin-top: 6px;
      }
      .share input {
        flex: 1;
        min-width: 0;
        font-family: var(--mono);
        font-size: 0.75rem;
      }
      .msg {
        font-size: 0.78rem;
        color: var(--ok);
      }
    `,
  ];

  @property() shareUrl = '';
  @property() message = '';
  @property({ type: Boolean }) hasEnsemble = false;

  private fire(what: string): void {
    this.dispatchEvent(new CustomEvent('export', { detail: { what }, bubbles: true, composed: true }));
  }

  override render() {
    return html`<div class="row" role="group" aria-label="Share and export">
        <button class="btn" id="share" @click=${() => this.fire('share')}>Share link</button>
        <button class="btn" @click=${() => this.fire('scenario')}>Scenario JSON</button>
        <button class="btn" @click=${() => this.fire('csv')}>Series CSV</button>
        <button class="btn" @click=${() => this.fire('summary')}>Summary JSON</button>
        <button class="btn" ?disabled=${!this.hasEnsemble} @click=${() => this.fire('ensemble-csv')}>Ensemble CSV</button>
        <button class="btn" id="export-report" @click=${() => this.fire('report')} title="One HTML file with the run's figures, charts and events; opens offline">HTML report</button>
        ${this.message ? html`<span class="msg" role="status">${this.message}</span>` : nothing}
      </div>
      ${this.shareUrl
        ? html`<div class="share">
            <label for="share-url" class="visually-hidden">Share link</label>
            <input id="share-url" type="text" readonly .value=${this.shareUrl} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-export-bar': DatExportBar;
  }
}
