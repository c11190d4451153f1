/**
 * <dat-teach-view>: teaching mode. Steps one path of a scenario day by day
 * and shows the spiral link by link:
 *
 * - the causal-loop diagram (<dat-loop-diagram>) lit with the day's
 *   figures; the day's wave as a chain (today's sale -> impact -> close ->
 *   NAV -> [one-day delay] -> the next business day's stock, clock, policy);
 * - captions generated from the event log, each with its rule and glossary
 *   links (a click opens the definition beside the text);
 * - step / play / pause / speed / a day scrubber, synced with the app's
 *   charts through their selected-day marker (plus the day the close
 *   reaches the stock);
 * - the loop-gain meter per coin under both impact laws;
 * - the forces panel: each force's share of the fall, and toggles that
 *   switch one off (the whole view then shows that run, same seed).
 *
 * Two modes: a lesson (`lessonId`, `step`; web/lessons/*.ts), or the
 * scenario the simulator has open (`file`, `settings`). Lazy-loaded with the
 * lessons (see dat-app). The state lives in reactive controllers (web/lib/):
 * the run and the force switched off (teach-run-controller.ts), the day,
 * company and playback (teach-stepper-controller.ts), the lesson's pages
 * (teach-lesson-controller.ts), the day's story and charts
 * (teach-day-controller.ts) and the glossary panel
 * (teach-glossary-controller.ts); this element composes them and renders,
 * with its parts in dat-teach-parts.ts and its styles in dat-teach-styles.ts.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Look } from '../lessons/index.ts';
import type { Theme } from '../lib/chart-setup.ts';
import type { ChartSpec } from '../lib/chart-specs.ts';
import { setTeachGetter } from '../lib/debug.ts';
import { DayViewController } from '../lib/teach-day-controller.ts';
import { teachDebugState } from '../lib/teach-debug.ts';
import { GlossaryPanelController } from '../lib/teach-glossary-controller.ts';
import { LessonStepController } from '../lib/teach-lesson-controller.ts';
import { TeachRunController, type TeachBase, type TeachSettings } from '../lib/teach-run-controller.ts';
import { StepperController } from '../lib/teach-stepper-controller.ts';
import { TEACH_CHARTS } from '../lib/teaching/charts.ts';
import { FORCES, type ForceId } from '../lib/teaching/forces.ts';
import { glossaryEntry } from '../lib/teaching/glossary.ts';
import type { LinkId } from '../lib/teaching/loop.ts';
import { richStyles } from '../lib/teaching/render.ts';
import type { DayStory } from '../lib/teaching/story.ts';
import type { ScenarioData } from '../lib/saved-scenarios.ts';
import { baseStyles } from '../lib/ui-styles.ts';
import type { DatChart } from './dat-chart.ts';
import { entryStyles } from './dat-glossary.ts';
import { CHART_TITLES, PANEL_NAMES, renderCaptions, renderChain, renderFreeHead, renderGlossaryPanel, renderLessonHead, renderStepper } from './dat-teach-parts.ts';
import { teachStyles } from './dat-teach-styles.ts';
import './dat-chart.ts';
import './dat-forces-panel.ts';
import './dat-loop-diagram.ts';
import './dat-loop-gain.ts';

@customElement('dat-teach-view')
export class DatTeachView extends LitElement {
  static override styles = [baseStyles, richStyles, ...entryStyles, teachStyles];

  /** Lesson id ('' = teach the simulator's scenario). */
  @property() lessonId = '';
  /** Step index within the lesson (0-based). */
  @property({ type: Number }) step = 0;
  /** The simulator's scenario and settings (free mode). */
  @property({ attribute: false }) file: ScenarioData | null = null;
  @property({ attribute: false }) settings: TeachSettings | null = null;
  @property({ attribute: false }) theme: Theme | null = null;
  /** "More about this day" unfolded (kept while stepping). */
  @state() private moreOpen = false;

  private readonly stepper: StepperController = new StepperController(this, () => this.run.trace);
  private readonly run: TeachRunController = new TeachRunController(this, () => ({ lessonId: this.lessonId, file: this.file, settings: this.settings }), {
    loading: () => this.stepper.stop(),
    loaded: (b) => this.placeLoaded(b),
  });
  private readonly lesson = new LessonStepController(this, () => this.run.base, (day, ticker) => this.stepper.place(day, ticker));
  private readonly views = new DayViewController(
    this,
    () => ({ base: this.run.base, trace: this.run.trace, off: this.run.off, day: this.stepper.day, ticker: this.stepper.ticker, theme: this.theme }),
    (d) => this.stepper.pick(d),
  );
  private readonly glossary = new GlossaryPanelController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    setTeachGetter(() => teachDebugState({ lessonId: this.lessonId, run: this.run, stepper: this.stepper, lesson: this.lesson, views: this.views, glossary: this.glossary }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    setTeachGetter(null);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lessonId') || changed.has('file') || changed.has('settings')) {
      // Same run: a new company in the simulator's settings only moves the focus.
      if (!this.run.sync() && !this.lessonId && changed.has('settings') && this.settings?.company && this.run.base) this.stepper.setTicker(this.settings.company);
    }
    if (changed.has('step') && this.run.base?.lesson && this.run.current) this.lesson.apply();
  }

  /** A new run on screen: a lesson goes to its step; free mode to day 0 of the simulator's company (or the first). */
  private placeLoaded(b: TeachBase): void {
    if (b.lesson) return this.lesson.apply();
    const tickers = b.resolved.companies.map((c) => c.ticker);
    const co = this.settings?.company;
    this.stepper.place(0, co && tickers.includes(co) ? co : (tickers[0] ?? ''));
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const charts = [...(this.renderRoot?.querySelectorAll('dat-chart') ?? [])] as DatChart[];
    await Promise.all(charts.map((c) => c.updateComplete));
    return done;
  }

  private scrollToEl(sel: string): void {
    const el = this.renderRoot.querySelector(sel) as HTMLElement | null;
    const fold = el?.closest('details');
    if (fold && !fold.open) fold.open = true;
    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }

  /**
   * The page under the lesson's text. It leads with what the step points at: the diagram (with the stepper), the
   * panel the step names (or the day's events), and the step's charts. Everything else (the day link by link, the
   * loop gain, the forces table, the other charts) is folded into "More about this day" (issue 14: a step page led
   * with ~110 words of lesson under ~1,340 words and 7 charts).
   */
  private renderBody(b: TeachBase, story: DayStory | null, specs: Record<string, ChartSpec>, look: Look | undefined, coin: string, coins: string[]) {
    const { day, ticker } = this.stepper;
    // Without a named panel the day's chain leads (short); the captions can run to a dozen companies' events.
    const lead = look?.panel && look.panel !== 'diagram' ? look.panel : 'chain';
    const looking = (p: string) => (look?.panel === p ? 'looking' : '');
    const panels: Record<string, () => unknown> = {
      chain: () => (story ? renderChain(story, look?.panel === 'chain') : nothing),
      captions: () => (story ? renderCaptions(story, look?.panel === 'captions') : nothing),
      gain: () => html`<section class=${`card ${looking('gain')}`} id="panel-gain" aria-labelledby="gain-title">
        <h3 id="gain-title"><a class="term" href="#/glossary/loop-gain" data-term="loop-gain">Loop gain</a> on ${story?.dateLabel ?? ''}</h3>
        <dat-loop-gain .gains=${story?.gains ?? []} .dateLabel=${story?.dateLabel ?? ''}></dat-loop-gain>
      </section>`,
      forces: () => html`<section class=${`card ${looking('forces')}`} id="panel-forces" aria-labelledby="forces-title">
        <h3 id="forces-title">The four forces: <a class="term" href="#/glossary/force-share" data-term="force-share">share of the fall</a></h3>
        <dat-forces-panel .runs=${b.forces} .day=${day} .dateLabel=${story?.dateLabel ?? ''} .coins=${coins} .off=${this.run.off} @force-toggle=${(e: CustomEvent<{ id: ForceId | null }>) => this.run.setForceOff(e.detail.id)}></dat-forces-panel>
      </section>`,
    };
    const chartIds = TEACH_CHARTS.filter((id) => specs[id]);
    const leadCharts = chartIds.filter((id) => (look?.charts as string[] | undefined)?.includes(id) ?? (id === 'teach-coin' || id === 'teach-stock'));
    const restCharts = chartIds.filter((id) => !leadCharts.includes(id));
    const chartEl = (id: string) => html`<div class=${`chartwrap ${look?.charts?.includes(id as never) ? 'looking' : ''}`} id=${`wrap-${id}`}>
      <dat-chart chart-id=${id} .heading=${CHART_TITLES[id](coin, ticker)} .spec=${specs[id]} .fileBase=${`teach-${b.resolved.id}`} style="--chart-height: 210px"></dat-chart>
    </div>`;
    const rest = (['chain', 'captions', 'gain', 'forces'] as const).filter((p) => p !== lead);
    return html`<div class="grid">
        <section class=${`card ${look?.panel === 'diagram' || (look?.links?.length ?? 0) > 0 ? 'looking' : ''}`} id="panel-diagram" aria-labelledby="diagram-title">
          <h3 id="diagram-title">The loop on day ${day} for ${ticker}</h3>
          <dat-loop-diagram .story=${story} .highlight=${(look?.links ?? []) as LinkId[]}></dat-loop-diagram>
          ${renderStepper(this.run.trace!, story, this.stepper)}
        </section>
        <div>${panels[lead]()}</div>
      </div>
      <div class="charts">${repeat(leadCharts, (id) => id, chartEl)}</div>
      <details class="more" id="more" ?open=${this.moreOpen} @toggle=${(e: Event) => (this.moreOpen = (e.target as HTMLDetailsElement).open)}>
        <summary>More about this day: ${rest.map((p) => PANEL_NAMES[p]).join(', ')}${restCharts.length ? `, and ${restCharts.length} more chart${restCharts.length > 1 ? 's' : ''}` : ''}</summary>
        <div class="more-grid">${rest.map((p) => panels[p]())}</div>
        <div class="charts">${repeat(restCharts, (id) => id, chartEl)}</div>
      </details>`;
  }

  override render() {
    const { run, stepper } = this;
    if (run.error) return html`<div class="card" role="alert"><h2>This cannot be shown</h2><p>${run.error}</p><p><a href="#/lessons">Lessons</a> · <a href="#">Simulator</a></p></div>`;
    const b = run.base;
    if (!b || run.loading) return html`<p class="muted" id="teach-loading">Preparing the run: every day is stepped once, with its loop gain, and once more per force…</p>`;
    const t = run.trace!;
    const story = this.views.story();
    const st = this.lesson.current;
    const coin = story?.coin ?? '';
    const coins = [...new Set([coin, ...b.forces.coins].filter(Boolean))];
    const tickers = b.resolved.companies.map((c) => c.ticker);
    const gloss = this.glossary.id ? glossaryEntry(this.glossary.id) : undefined;
    return html`
      ${b.lesson
        ? renderLessonHead(b, st!, this.lesson.index, stepper.ticker, stepper.day, { go: (i) => this.lesson.go(i), scrollTo: (sel) => this.scrollToEl(sel), setDay: (d) => stepper.setDay(d) })
        : renderFreeHead(b, run.useVariant, () => run.toggleVariant())}
      ${run.off
        ? html`<div class="banner" role="status" id="force-banner">
            <span>Showing the run <strong>without ${FORCES.find((f) => f.id === run.off)?.label.toLowerCase()}</strong> (same seed). The dotted grey line on the coin chart is the run with every force.</span>
            <button class="btn small" @click=${() => run.setForceOff(null)}>Switch it back on</button>
          </div>`
        : nothing}
      <div class="toolbar">
        <label>Company
          <select id="teach-company" @change=${(e: Event) => stepper.setTicker((e.target as HTMLSelectElement).value)}>
            ${tickers.map((x) => html`<option value=${x} ?selected=${x === stepper.ticker}>${x} (${b.resolved.companies.find((c) => c.ticker === x)?.coin})</option>`)}
          </select>
        </label>
        <a href="#/glossary" id="glossary-link">Glossary</a>
        <a href="#/methodology">Methodology</a>
      </div>
      ${this.renderBody(b, story, this.views.charts(), st?.look, coin, coins)}
      <p class="status" id="teach-status" data-trace-ms=${t.elapsedMs.toFixed(1)} data-forces-ms=${b.forces.elapsedMs.toFixed(1)}>
        traced ${t.days} days with loop gains in ${t.elapsedMs.toFixed(0)} ms; forces (${FORCES.length + 2} runs) in ${b.forces.elapsedMs.toFixed(0)} ms
      </p>
      ${gloss ? renderGlossaryPanel(gloss, () => this.glossary.close()) : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-teach-view': DatTeachView;
  }
}
