/**
 * <dat-param-field>: one scenario parameter: a labelled slider (when the
 * schema metadata or the scenario's value gives a range), an exact number
 * box, the unit, help text with the schema default, a reset button, and the
 * resolver's message when this field is the one at fault.
 *
 * Fires `param-change` {path, value} (on every slider move, and when the
 * number box is committed) and `param-reset` {path}.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fromSlider, keyStep, sliderScale, toSlider, SLIDER_STEPS, type FieldDesc, type SliderScale } from '../lib/params.ts';
import { compact } from '../lib/format.ts';
import { baseStyles } from '../lib/ui-styles.ts';

let uid = 0;

@customElement('dat-param-field')
export class DatParamField extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 4px 0 6px;
        border-bottom: 1px dashed var(--border);
      }
      .top {
        display: flex;
        align-items: baseline;
        gap: 6px;
      }
      label {
        flex: 1;
        font-size: 0.85rem;
        font-weight: 500;
        min-width: 0;
      }
      .unit {
        color: var(--muted);
        font-weight: 400;
        font-size: 0.75rem;
      }
      .controls {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      input[type='range'] {
        flex: 1;
        min-width: 0;
        accent-color: var(--accent);
      }
      input[type='number'],
      input[type='text'] {
        width: 9.5em;
        font-family: var(--mono);
        font-size: 0.8rem;
      }
      input[type='text'].wide {
        flex: 1;
        width: auto;
      }
      select {
        flex: 1;
      }
      .fmt {
        font-family: var(--mono);
        font-size: 0.75rem;
        color: var(--muted);
        min-width: 3.5em;
        text-align: right;
      }
      .modified label::after {
        content: ' •';
        color: var(--accent);
      }
      .help {
        font-size: 0.72rem;
        color: var(--muted);
        margin-top: 1px;
      }
      .error {
        font-size: 0.78rem;
        background: var(--error-bg);
        color: var(--error-fg);
        padding: 2px 6px;
        border-radius: 4px;
        margin-top: 3px;
      }
      .reset {
        padding: 0 6px;
        line-height: 1.4;
      }
    `,
  ];

  @property({ attribute: false }) field!: FieldDesc;
  /** The value shown: the file's value, else the value the engine runs (defaults filled in). */
  @property({ attribute: false }) value: unknown;
  /** The loaded scenario's value (for the slider range and reset). */
  @property({ attribute: false }) baseline: unknown;
  /** The groups the field sits in ("Market BTC"): makes its accessible name unique ("Market BTC: Volatility σ"). */
  @property({ attribute: false }) context = '';
  @property({ type: Boolean }) modified = false;
  @property() error = '';

  private readonly uid = ++uid;
  private scale: SliderScale | null = null;
  private scaleFor: unknown = Symbol('none');

  private emit(value: unknown): void {
    this.dispatchEvent(new CustomEvent('param-change', { detail: { path: this.field.path, value }, bubbles: true, composed: true }));
  }

  private onSlider(e: Event): void {
    if (!this.scale) return;
    this.emit(fromSlider(this.scale, Number((e.target as HTMLInputElement).value), this.field.integer));
  }

  /** Arrow keys move one sensible step (keyStep), Page Up/Down ten, Home/End to the ends; the number box follows. */
  private onSliderKey(e: KeyboardEvent): void {
    if (!this.scale || typeof this.value !== 'number') return;
    const dir = { ArrowRight: 1, ArrowUp: 1, PageUp: 10, ArrowLeft: -1, ArrowDown: -1, PageDown: -10 }[e.key];
    let next: number;
    if (dir !== undefined) next = keyStep(this.scale, this.value, dir, this.field.integer);
    else if (e.key === 'Home' || e.key === 'End') next = fromSlider(this.scale, e.key === 'Home' ? 0 : SLIDER_STEPS, this.field.integer);
    else return;
    e.preventDefault();
    if (next !== this.value) this.emit(next);
  }

  private onNumber(e: Event): void {
    const el = e.target as HTMLInputElement;
    // An empty or unparsable box sends NaN on purpose: the resolver names the field and the last valid run stays.
    this.emit(el.value.trim() === '' ? NaN : Number(el.value));
  }

  private onReset(): void {
    this.dispatchEvent(new CustomEvent('param-reset', { detail: { path: this.field.path }, bubbles: true, composed: true }));
  }

  override render() {
    const f = this.field;
    if (!f) return nothing;
    const id = `f${this.uid}`;
    const name = `${this.context ? `${this.context}: ` : ''}${f.label}${f.unit ? ` (${f.unit})` : ''}`;
    const help = [f.description, f.defaultText !== undefined ? `default ${f.defaultText}` : '', f.min !== undefined && f.max !== undefined ? `range ${f.min}–${f.max}` : '']
      .filter(Boolean)
      .join(' · ');
    if (this.scaleFor !== this.baseline) {
      this.scale = sliderScale(f, typeof this.baseline === 'number' ? this.baseline : this.value);
      this.scaleFor = this.baseline;
    }
    const v = this.value;
    let control;
    if (f.kind === 'number') {
      const num = typeof v === 'number' ? v : NaN;
      control = html`
        ${this.scale
          ? html`<input
              type="range"
              min="0"
              max=${SLIDER_STEPS}
              step="1"
              .value=${String(toSlider(this.scale, num))}
              aria-label=${`${this.context ? `${this.context}: ` : ''}${f.label} slider`}
              aria-describedby=${`${id}-help`}
              aria-valuetext=${Number.isFinite(num) ? `${num}${f.unit ? ` ${f.unit}` : ''}` : 'invalid'}
              @input=${this.onSlider}
              @keydown=${this.onSliderKey}
            />`
          : nothing}
        <input id=${id} type="number" step="any" aria-label=${name} .value=${Number.isFinite(num) ? String(num) : ''} aria-describedby=${`${id}-help`} aria-invalid=${this.error ? 'true' : 'false'} @change=${this.onNumber} />
        <span class="fmt" aria-hidden="true">${Number.isFinite(num) ? compact(num) : ''}</span>
      `;
    } else if (f.kind === 'enum') {
      control = html`<select id=${id} aria-label=${name} aria-describedby=${`${id}-help`} @change=${(e: Event) => this.emit((e.target as HTMLSelectElement).value)}>
        ${(f.options ?? []).map((o) => html`<option value=${o} ?selected=${o === v}>${o}</option>`)}
      </select>`;
    } else {
      control = html`<input
        id=${id}
        class="wide"
        type="text"
        aria-label=${name}
        .value=${typeof v === 'string' ? v : ''}
        aria-describedby=${`${id}-help`}
        aria-invalid=${this.error ? 'true' : 'false'}
        @change=${(e: Event) => this.emit((e.target as HTMLInputElement).value)}
      />`;
    }
    return html`<div class=${this.modified ? 'modified' : ''}>
      <div class="top">
        <label for=${id}>${f.label} ${f.unit ? html`<span class="unit">(${f.unit})</span>` : nothing}</label>
        <button class="btn small reset" ?disabled=${!this.modified} @click=${this.onReset} aria-label=${`Reset ${f.label} to the scenario's value`} title="Reset to the scenario's value">↺</button>
      </div>
      <div class="controls">${control}</div>
      <div class="help" id=${`${id}-help`}>${help}</div>
      ${this.error ? html`<div class="error" role="alert">${f.id}: ${this.error}</div>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-param-field': DatParamField;
  }
}
