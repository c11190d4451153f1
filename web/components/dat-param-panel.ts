/**
 * <dat-param-panel>: the scenario's parameters, generated from the schema
 * metadata (web/lib/params.ts): one collapsible group per market, company
 * (with its debt and policies) and the equity index. Changes bubble up as
 * `param-change` / `param-reset` from the fields; "Reset all" fires
 * `param-reset-all`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ScenarioIssue } from '../../src/resolve.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import { getIn, resolvedValue, type FieldGroup } from '../lib/params.ts';
import { baseStyles } from '../lib/ui-styles.ts';
import './dat-param-field.ts';
import './dat-impact-note.ts';

@customElement('dat-param-panel')
export class DatParamPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        margin: 8px 0 4px;
      }
      h2 {
        font-size: 0.95rem;
        margin: 0;
        flex: 1;
      }
      details {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        margin: 6px 0;
        background: var(--panel);
      }
      details details {
        margin: 6px 0 6px 4px;
      }
      summary {
        cursor: pointer;
        padding: 5px 8px;
        font-weight: 600;
        font-size: 0.88rem;
      }
      summary .desc {
        font-weight: 400;
        color: var(--muted);
        font-size: 0.75rem;
        display: block;
      }
      .body {
        padding: 0 8px 6px;
      }
      .count {
        font-size: 0.75rem;
        color: var(--accent);
        font-weight: 400;
      }
    `,
  ];

  @property({ attribute: false }) groups: FieldGroup[] = [];
  @property({ attribute: false }) file: unknown = null;
  @property({ attribute: false }) baseline: unknown = null;
  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  @property({ attribute: false }) issues: ScenarioIssue[] = [];

  private modifiedCount(): number {
    let n = 0;
    const walk = (g: FieldGroup) => {
      for (const f of g.fields) if (!same(getIn(this.file, f.path), getIn(this.baseline, f.path))) n++;
      g.groups.forEach(walk);
    };
    this.groups.forEach(walk);
    return n;
  }

  private renderGroup(g: FieldGroup, depth: number, open: boolean, context = ''): unknown {
    const where = context ? `${context}, ${g.title}` : g.title;
    const issueFor = new Map(this.issues.map((i) => [i.path, i.message]));
    return html`<details ?open=${open} data-group=${g.id}>
      <summary>${g.title}${g.description ? html`<span class="desc">${g.description}</span>` : nothing}</summary>
      <div class="body">
        ${g.id.startsWith('markets.') && this.resolved
          ? html`<dat-impact-note compact .market=${this.resolved.markets.find((m) => `markets.${m.coin}` === g.id) ?? null}></dat-impact-note>`
          : nothing}
        ${repeat(
          g.fields,
          (f) => f.id,
          (f) => {
            const own = getIn(this.file, f.path);
            const base = getIn(this.baseline, f.path);
            const value = own !== undefined ? own : resolvedValue(this.resolved, f.path);
            return html`<dat-param-field
              .field=${f}
              .context=${where}
              .value=${value}
              .baseline=${base !== undefined ? base : resolvedValue(this.resolved, f.path)}
              ?modified=${!same(own, base)}
              error=${issueFor.get(f.id) ?? ''}
            ></dat-param-field>`;
          },
        )}
        ${g.groups.map((sub) => this.renderGroup(sub, depth + 1, false, where))}
      </div>
    </details>`;
  }

  private resetAll(): void {
    this.dispatchEvent(new CustomEvent('param-reset-all', { bubbles: true, composed: true }));
  }

  override render() {
    const n = this.modifiedCount();
    return html`
      <div class="head">
        <h2>Parameters ${n ? html`<span class="count">(${n} changed)</span>` : nothing}</h2>
        <button class="btn small" ?disabled=${n === 0} @click=${this.resetAll}>Reset all</button>
      </div>
      ${this.groups.map((g, i) => this.renderGroup(g, 0, i < 2))}
    `;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-param-panel': DatParamPanel;
  }
}
