/**
 * <dat-builder>: the scenario builder page (#/builder). Start from a blank
 * scenario, the template, a saved scenario or the simulator's current one;
 * edit the scenario's settings, markets (with scripted path points, flows and
 * liquidity shocks), companies, their debt and policies; every edit is
 * validated by the CLI's resolver (src/resolve.ts, through
 * web/lib/builder.ts) and each problem shows at its field with its path. A
 * live status says "Valid" or "N problems" (each a link to its field).
 *
 * Save writes the JSON `dat-sim validate` reads; "Run this scenario" fires
 * `builder-run` {fileName, text} for the app to open it like an uploaded
 * file. The draft lives in this module while the page is left and come back
 * to (not in the URL).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ScenarioFileSchema } from '../../src/schema.ts';
import { builderFields } from '../lib/builder-fields.ts';
import { blankDraft, draftFileName, draftText, ownerOf, setField, templateDraft, validateDraft, type Draft, type Validation } from '../lib/builder.ts';
import { downloadText } from '../lib/download.ts';
import { hasRules } from '../lib/params.ts';
import { loadExpr } from '../lib/runner.ts';
import { SAVED_SCENARIOS } from '../lib/saved-scenarios.ts';
import { baseStyles } from '../lib/ui-styles.ts';
import { builderStyles, domId, fieldRow, sectionIssues, type BuilderContext, type BuilderEditDetail, type BuilderPreviewDetail } from './dat-builder-field.ts';
import './dat-builder-companies.ts';
import './dat-builder-markets.ts';

/** The draft kept while the page is away (module scope: one per tab). */
let kept: { draft: Draft; source: string; history: Draft[] } | null = null;

const SCENARIO_MAIN = ['id', 'name', 'description', 'startDate', 'horizonDays', 'seed'];

/** Depth-first search through open shadow roots. */
function deepQuery(root: ParentNode, selector: string): HTMLElement | null {
  const hit = root.querySelector<HTMLElement>(selector);
  if (hit) return hit;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const inner = deepQuery(el.shadowRoot, selector);
      if (inner) return inner;
    }
  }
  return null;
}

function deepPaths(root: ParentNode, out: Set<string>): Set<string> {
  for (const el of root.querySelectorAll('[data-path]')) out.add(el.getAttribute('data-path')!);
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) deepPaths(el.shadowRoot, out);
  return out;
}

@customElement('dat-builder')
export class DatBuilder extends LitElement {
  static override styles = [
    baseStyles,
    builderStyles,
    css`
      :host {
        display: block;
        max-width: 1100px;
      }
      h2 {
        margin: 0 0 4px;
        font-size: 1.25rem;
      }
      .intro {
        margin: 0 0 10px;
        color: var(--muted);
        font-size: 0.9rem;
      }
      .bar {
        position: sticky;
        top: 0;
        z-index: 2;
        display: flex;
        flex-wrap: wrap;
        gap: 6px 8px;
        align-items: center;
        padding: 8px 10px;
        margin-bottom: 10px;
        background: var(--panel);
        border: 1px solid var(--border);
        border-radius: var(--radius);
      }
      .status {
        font-weight: 600;
        margin-right: auto;
      }
      .status.ok {
        color: var(--ok);
      }
      .status.bad {
        color: var(--error-fg);
      }
      .problems {
        margin: 0 0 10px;
        padding: 6px 10px;
        border-radius: var(--radius);
        background: var(--error-bg);
        color: var(--error-fg);
      }
      .problems ul {
        margin: 4px 0 0;
        padding-left: 1.2em;
      }
      .problems button {
        all: unset;
        cursor: pointer;
        text-decoration: underline;
        color: inherit;
        font-size: 0.85rem;
        word-break: break-word;
      }
      .problems button:focus-visible {
        outline: 3px solid var(--focus);
      }
      .problems code {
        font-family: var(--mono);
      }
      .card {
        margin-bottom: 12px;
      }
      .start {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
      }
      .start select {
        min-height: 32px;
        max-width: 100%;
      }
    `,
  ];

  /** The simulator's scenario as edited (a starting point). */
  @property({ attribute: false }) current: Draft | null = null;

  @state() private ctx: BuilderContext = { draft: blankDraft(), issues: [], resolved: null };
  @state() private source = '';
  @state() private startKey = 'template';
  @state() private history: Draft[] = [];
  @state() private message = '';
  private seq = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (kept) {
      this.source = kept.source;
      this.history = kept.history;
      void this.apply(kept.draft, undefined, false);
    } else void this.start('template', false);
  }

  /** Validates with the CLI's resolver (the rule checker loaded first when there are rules); null when a newer validation started meanwhile. */
  private async validate(draft: Draft): Promise<Validation | null> {
    const seq = ++this.seq;
    const check = hasRules(draft) ? (await loadExpr()).checkExpression : undefined;
    return seq === this.seq ? validateDraft(draft, check) : null;
  }

  /** Stores an edited draft (undoable unless record is false), validates it and shows it. */
  private async apply(draft: Draft, focus?: string, record = true): Promise<void> {
    clearTimeout(this.previewTimer);
    if (record && draft !== this.ctx.draft) this.history = [...this.history.slice(-49), this.ctx.draft];
    // Show the edit at once; the issues follow (at once unless the rule compiler must load).
    this.ctx = { ...this.ctx, draft };
    const v = await this.validate(draft);
    if (!v) return;
    this.ctx = { draft, issues: v.issues, resolved: v.resolved ?? this.ctx.resolved };
    kept = { draft, source: this.source, history: this.history };
    if (focus) void this.focusLater(`#${focus}`);
  }

  private async focusLater(selector: string): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const el = deepQuery(this.renderRoot, selector);
      if (el) {
        el.focus();
        el.scrollIntoView({ block: 'nearest' });
        return;
      }
    }
  }

  private async start(key: string, record = true): Promise<void> {
    let draft: Draft | null = null;
    let source = '';
    this.message = '';
    if (key === 'blank') [draft, source] = [blankDraft(), 'a blank scenario'];
    else if (key === 'template') [draft, source] = [templateDraft(), 'the template'];
    else if (key === 'current' && this.current) [draft, source] = [structuredClone(this.current), "the simulator's scenario"];
    else if (key.startsWith('saved:')) {
      const s = SAVED_SCENARIOS.find((x) => `saved:${x.file}` === key);
      if (!s) return;
      try {
        draft = structuredClone(await s.load());
        source = s.file;
      } catch (e) {
        this.message = `${s.file} could not be fetched: ${(e as Error).message}`;
        return;
      }
    }
    if (!draft) return;
    this.source = source;
    await this.apply(draft, undefined, record);
  }

  /**
   * While a box is being typed in: the status and the field's message follow the typed value once
   * typing pauses (150 ms: a ten-company scenario re-validates and redraws in ~130 ms); the draft
   * takes the value when the box is left (change).
   */
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private onPreview = (e: CustomEvent<BuilderPreviewDetail>): void => {
    e.stopPropagation();
    const p = e.detail;
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(async () => {
      const draft = this.ctx.draft;
      const v = await this.validate(setField(draft, p.path, p.value));
      if (v && this.ctx.draft === draft) this.ctx = { draft, issues: v.issues, resolved: this.ctx.resolved };
    }, 150);
  };

  private onEdit = (e: CustomEvent<BuilderEditDetail>): void => {
    e.stopPropagation();
    this.message = '';
    void this.apply(e.detail.draft, e.detail.focus);
  };

  private undo(): void {
    const prev = this.history[this.history.length - 1];
    if (!prev) return;
    this.history = this.history.slice(0, -1);
    void this.apply(prev, undefined, false);
  }

  private save(): void {
    const d = this.ctx.draft;
    downloadText(draftFileName(d), draftText(d), 'application/json');
    this.message = this.ctx.issues.length
      ? `Saved ${draftFileName(d)} with ${this.ctx.issues.length} problem(s): dat-sim validate will list them.`
      : `Saved ${draftFileName(d)}.`;
  }

  private run(): void {
    if (this.ctx.issues.length) {
      this.message = 'Fix the problems listed first: a scenario runs only when it is valid.';
      void this.goTo(this.ctx.issues[0].path);
      return;
    }
    const d = this.ctx.draft;
    this.dispatchEvent(new CustomEvent('builder-run', { detail: { fileName: draftFileName(d), text: draftText(d) }, bubbles: true, composed: true }));
  }

  /** Focuses the field of an issue path, else the deepest section holding it. */
  private async goTo(path: string): Promise<void> {
    const shown = deepPaths(this.renderRoot, new Set());
    const owner = ownerOf(path, shown);
    // Open folded settings on the way, so the field can take focus.
    const el = deepQuery(this.renderRoot, `[data-path="${CSS.escape(owner)}"]`);
    let node: Node | null = el;
    while (node) {
      if (node instanceof HTMLDetailsElement) node.open = true;
      node = node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode;
    }
    if (el) {
      if (!el.matches('input, select, button') && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
      el.focus();
      el.scrollIntoView({ block: 'center' });
    }
  }

  private renderStart() {
    return html`<div class="card start">
      <label for="start-from">Start from</label>
      <select id="start-from" @change=${(e: Event) => (this.startKey = (e.target as HTMLSelectElement).value)}>
        <option value="blank" ?selected=${this.startKey === 'blank'}>Blank: one BTC market, no companies</option>
        <option value="template" ?selected=${this.startKey === 'template'}>Template: a small made-up BTC treasury</option>
        ${this.current ? html`<option value="current" ?selected=${this.startKey === 'current'}>The simulator's scenario, with your edits</option>` : nothing}
        ${SAVED_SCENARIOS.map((s) => html`<option value=${`saved:${s.file}`} ?selected=${this.startKey === `saved:${s.file}`}>Saved: ${s.name}</option>`)}
      </select>
      <button class="btn" id="start" @click=${() => this.start(this.startKey)}>Start</button>
      <span class="muted">Now editing: ${this.source || '…'} (Undo brings back the previous draft)</span>
    </div>`;
  }

  override render() {
    const ctx = this.ctx;
    const n = ctx.issues.length;
    const { fields } = builderFields(ScenarioFileSchema, [], { first: SCENARIO_MAIN });
    const main = fields.filter((f) => SCENARIO_MAIN.includes(f.key));
    return html`<div @builder-edit=${this.onEdit} @builder-preview=${this.onPreview}>
      <h2 id="builder-title">Scenario builder</h2>
      <p class="intro">
        Build a scenario field by field. Each edit is checked by the same schema and resolver as <code>dat-sim validate</code>: a problem shows next to its field with the
        field's path and what was expected. Empty boxes take the default shown in grey. Amounts accept 80M, 1.5e9 or 80,000,000.
      </p>
      ${this.renderStart()}
      <div class="bar" role="group" aria-label="Builder status and actions">
        <span class="status ${n ? 'bad' : 'ok'}" id="builder-status" role="status" aria-live="polite" data-problems=${n}>${n ? `${n} problem${n === 1 ? '' : 's'}` : 'Valid: ready to run and save'}</span>
        ${n ? html`<button class="btn small" id="builder-first-problem" @click=${() => this.goTo(ctx.issues[0].path)}>Go to the first</button>` : nothing}
        <button class="btn" id="builder-undo" ?disabled=${this.history.length === 0} @click=${this.undo}>Undo</button>
        <button class="btn" id="builder-save" @click=${this.save}>Save JSON</button>
        <button class="btn ${n ? '' : 'primary'}" id="builder-run" aria-disabled=${n ? 'true' : 'false'} @click=${this.run}>Run this scenario</button>
        ${this.message ? html`<span class="muted" id="builder-message" role="status">${this.message}</span>` : nothing}
      </div>
      ${n
        ? html`<div class="problems" id="builder-problems">
            <strong>${n} problem${n === 1 ? '' : 's'} to fix before the scenario runs:</strong>
            <ul>
              ${ctx.issues.map((i) => html`<li><button @click=${() => this.goTo(i.path)}><code>${i.path || '(file)'}</code>: ${i.message}</button></li>`)}
            </ul>
          </div>`
        : nothing}
      <section class="card" aria-labelledby="scenario-h" data-path="">
        <h3 id="scenario-h">Scenario</h3>
        ${sectionIssues(ctx, '')}
        <div class="fields">${main.map((f) => fieldRow(ctx, f, { context: 'Scenario', onCommit: (p, v) => this.apply(setField(ctx.draft, p, v)) }))}</div>
      </section>
      <dat-builder-markets class="card" .ctx=${ctx}></dat-builder-markets>
      <dat-builder-companies class="card" .ctx=${ctx}></dat-builder-companies>
    </div>`;
  }
}

/** DOM id of a field, for tests and links ("companies[0].coins" -> "f-companies-0-coins"). */
export { domId };

declare global {
  interface HTMLElementTagNameMap {
    'dat-builder': DatBuilder;
  }
}
