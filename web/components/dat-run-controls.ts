/**
 * <dat-run-controls>: seed, horizon, number of paths, deterministic mode, and
 * the ensemble's run / cancel buttons with a progress bar.
 *
 * Fires `settings-change` {partial Settings}, `ensemble-run`, `ensemble-cancel`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { MAX_PATHS, type Settings } from '../lib/share.ts';
import { baseStyles } from '../lib/ui-styles.ts';

@customElement('dat-run-controls')
export class DatRunControls extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 0.95rem;
        margin: 8px 0 4px;
      }
      .grid {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 4px 8px;
        align-items: center;
        font-size: 0.85rem;
      }
      .grid input[type='number'],
      .grid input[type='text'] {
        width: 100%;
        font-family: var(--mono);
      }
      .buttons {
        display: flex;
        gap: 6px;
        margin-top: 8px;
        flex-wrap: wrap;
        align-items: center;
      }
      progress {
        width: 100%;
        height: 10px;
        accent-color: var(--accent);
        margin-top: 6px;
      }
      .progress-text {
        font-size: 0.75rem;
        color: var(--muted);
      }
      .check {
        display: flex;
        gap: 6px;
        align-items: center;
        grid-column: 1 / -1;
      }
    `,
  ];

  @property({ attribute: false }) settings!: Settings;
  @property({ type: Boolean }) running = false;
  @property({ type: Number }) done = 0;
  @property({ type: Number }) total = 0;

  private change(partial: Partial<Settings>): void {
    this.dispatchEvent(new CustomEvent('settings-change', { detail: partial, bubbles: true, composed: true }));
  }

  private int(e: Event, min: number, max: number): number | null {
    const v = Number((e.target as HTMLInputElement).value);
    if (!Number.isInteger(v) || v < min || v > max) {
      (e.target as HTMLInputElement).setCustomValidity(`expected a whole number from ${min} to ${max}`);
      (e.target as HTMLInputElement).reportValidity();
      return null;
    }
    (e.target as HTMLInputElement).setCustomValidity('');
    return v;
  }

  override render() {
    const s = this.settings;
    if (!s) return nothing;
    return html`
      <h2>Run</h2>
      <div class="grid">
        <label for="seed">Seed</label>
        <input id="seed" type="text" maxlength="64" .value=${s.seed} @change=${(e: Event) => {
          const v = (e.target as HTMLInputElement).value.trim();
          if (v) this.change({ seed: v });
        }} />
        <label for="horizon">Horizon (days)</label>
        <input id="horizon" type="number" min="1" max="3650" step="1" .value=${String(s.horizonDays)} @change=${(e: Event) => {
          const v = this.int(e, 1, 3650);
          if (v !== null) this.change({ horizonDays: v });
        }} />
        <label for="paths">Paths (ensemble)</label>
        <input id="paths" type="number" min="1" max=${MAX_PATHS} step="1" .value=${String(s.paths)} @change=${(e: Event) => {
          const v = this.int(e, 1, MAX_PATHS);
          if (v !== null) this.change({ paths: v });
        }} />
        <label class="check"
          ><input id="deterministic" type="checkbox" .checked=${s.deterministic} @change=${(e: Event) => this.change({ deterministic: (e.target as HTMLInputElement).checked })} />
          Deterministic (all noise off, impact kept)</label
        >
      </div>
      <div class="buttons">
        <button class="btn primary" id="run-ensemble" @click=${() => this.dispatchEvent(new CustomEvent('ensemble-run', { bubbles: true, composed: true }))} ?disabled=${this.running}>
          Run ensemble (${s.paths} paths)
        </button>
        <button class="btn" id="cancel-ensemble" @click=${() => this.dispatchEvent(new CustomEvent('ensemble-cancel', { bubbles: true, composed: true }))} ?disabled=${!this.running}>
          Cancel
        </button>
      </div>
      ${this.running
        ? html`<progress max=${this.total} .value=${this.done} aria-label="Ensemble progress"></progress>
            <div class="progress-text" aria-live="polite">${this.done} of ${this.total} paths</div>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-run-controls': DatRunControls;
  }
}
