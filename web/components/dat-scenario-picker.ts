/**
 * <dat-scenario-picker>: choose a saved scenario, one opened this session,
 * or the template; open a JSON file (dropping one anywhere on the page works
 * too, handled by <dat-app>).
 *
 * Fires `scenario-select` {key} and `scenario-file` {name, text}.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { SavedScenario } from '../lib/saved-scenarios.ts';
import { baseStyles } from '../lib/ui-styles.ts';

export interface OpenedScenario {
  key: string;
  name: string;
}

@customElement('dat-scenario-picker')
export class DatScenarioPicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
      }
      label {
        font-weight: 600;
        font-size: 0.85rem;
      }
      select {
        flex: 1 1 200px;
        min-width: 0;
        max-width: 100%;
      }
      .hint {
        font-size: 0.72rem;
        color: var(--muted);
      }
    `,
  ];

  @property({ attribute: false }) saved: readonly SavedScenario[] = [];
  @property({ attribute: false }) opened: readonly OpenedScenario[] = [];
  /** Key of the scenario on screen: "saved:<file>", an opened one's key ("file:<name>", "builder", "opened:<n>"), "template" or "link". */
  @property() selected = '';

  @query('input[type=file]') private fileInput!: HTMLInputElement;

  private onSelect(e: Event): void {
    const key = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent('scenario-select', { detail: { key }, bubbles: true, composed: true }));
  }

  private async onFile(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    input.value = '';
    this.dispatchEvent(new CustomEvent('scenario-file', { detail: { name: file.name, text }, bubbles: true, composed: true }));
  }

  override render() {
    return html`<div class="row">
      <label for="scenario">Scenario</label>
      <select id="scenario" @change=${this.onSelect} .value=${this.selected}>
        ${this.saved.length
          ? html`<optgroup label="Saved scenarios">
              ${this.saved.map((s) => html`<option value=${`saved:${s.file}`} ?selected=${this.selected === `saved:${s.file}`}>${s.name}</option>`)}
            </optgroup>`
          : nothing}
        ${this.opened.length
          ? html`<optgroup label="Opened this session">
              ${this.opened.map((s) => html`<option value=${s.key} ?selected=${this.selected === s.key}>${s.name}</option>`)}
            </optgroup>`
          : nothing}
        ${this.selected === 'link' ? html`<option value="link" selected>From the shared link</option>` : nothing}
        <option value="template" ?selected=${this.selected === 'template'}>New from template…</option>
      </select>
      <button class="btn" @click=${() => this.fileInput.click()} aria-describedby="drop-hint">Open JSON…</button>
      <input class="visually-hidden" type="file" accept=".json,application/json" tabindex="-1" aria-hidden="true" @change=${this.onFile} />
      <span class="hint" id="drop-hint">or drop a scenario .json file on the page</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-scenario-picker': DatScenarioPicker;
  }
}
