/**
 * <dat-event-timeline>: the path's events in day order (routine trading
 * folded into runs). Choosing one fires `event-select` {id, day, label}; the
 * charts then mark that day. Choosing it again clears the mark.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { describeGroup, MARKER_KINDS, type EventGroup } from '../lib/events.ts';
import { baseStyles } from '../lib/ui-styles.ts';

@customElement('dat-event-timeline')
export class DatEventTimeline extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        gap: 8px;
        align-items: baseline;
        flex-wrap: wrap;
        margin-bottom: 4px;
      }
      h2 {
        font-size: 0.95rem;
        margin: 0;
        flex: 1;
      }
      label {
        font-size: 0.8rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 320px;
        overflow-y: auto;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--panel);
      }
      li button {
        display: grid;
        grid-template-columns: 6.2em 4.8em minmax(0, 1fr);
        gap: 6px;
        width: 100%;
        text-align: left;
        border: none;
        border-bottom: 1px solid var(--border);
        background: transparent;
        padding: 4px 8px;
        cursor: pointer;
        font-size: 0.8rem;
      }
      li button:hover {
        background: var(--bg);
      }
      li button[aria-pressed='true'] {
        background: var(--accent);
        color: var(--accent-fg);
      }
      .date {
        font-family: var(--mono);
      }
      .co {
        font-weight: 600;
      }
      .key {
        font-weight: 600;
      }
      .empty {
        padding: 8px;
        color: var(--muted);
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ attribute: false }) groups: EventGroup[] = [];
  @property({ attribute: false }) coinOf: Record<string, string> = {};
  @property() ticker = '';
  @property() selected: string | null = null;
  @state() private all = false;

  private pick(g: EventGroup): void {
    const same = this.selected === g.id;
    const label = `${g.company} ${g.kind}`;
    this.dispatchEvent(new CustomEvent('event-select', { detail: same ? null : { id: g.id, day: g.firstDay, label }, bubbles: true, composed: true }));
  }

  override render() {
    const shown = this.all ? this.groups : this.groups.filter((g) => g.company === this.ticker);
    return html`
      <div class="head">
        <h2 id="tl-title">Events</h2>
        <label><input type="checkbox" .checked=${this.all} @change=${(e: Event) => (this.all = (e.target as HTMLInputElement).checked)} /> all companies</label>
      </div>
      ${shown.length
        ? html`<ol aria-labelledby="tl-title">
            ${shown.map(
              (g) => html`<li>
                <button aria-pressed=${this.selected === g.id ? 'true' : 'false'} @click=${() => this.pick(g)} data-day=${g.firstDay} data-kind=${g.kind}>
                  <span class="date">${g.firstDate}</span><span class="co">${g.company}</span
                  ><span class=${MARKER_KINDS.has(g.kind) ? 'key' : ''}>${describeGroup(g, this.coinOf[g.company])}${g.count > 1 ? html` <span class="muted">to ${g.lastDate}</span>` : nothing}</span>
                </button>
              </li>`,
            )}
          </ol>`
        : html`<div class="empty">No events for ${this.all ? 'any company' : this.ticker} on this path.</div>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-event-timeline': DatEventTimeline;
  }
}
