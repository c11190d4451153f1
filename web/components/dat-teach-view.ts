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
 * scenario the simulator has open (`file`, `settings`). The whole path is
 * traced up front (web/lib/teaching/trace.ts), so the scrubber can go
 * anywhere. Lazy-loaded with the lessons (see dat-app).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ResolvedScenario } from '../../sim/index.ts';
import { LESSONS, lessonById, type Lesson, type Look } from '../lessons/index.ts';
import type { Theme } from '../lib/chart-setup.ts';
import type { ChartSpec } from '../lib/chart-specs.ts';
import { setTeachGetter } from '../lib/debug.ts';
import { hasRules } from '../lib/params.ts';
import { loadExpr, prepareFor, resolveFile } from '../lib/runner.ts';
import { SAVED_SCENARIOS, type ScenarioData } from '../lib/saved-scenarios.ts';
import { teachCharts, withDay, TEACH_CHARTS } from '../lib/teaching/charts.ts';
import { dayFigures } from '../lib/teaching/figures.ts';
import { FORCES, forceShares, runForces, scenarioWithout, type ForceId, type ForceRuns } from '../lib/teaching/forces.ts';
import { glossaryEntry } from '../lib/teaching/glossary.ts';
import { interestDays, nextInterest } from '../lib/teaching/interest.ts';
import { lessonFile, runLesson, type RenderedStep } from '../lib/teaching/lesson-run.ts';
import { LINKS, NODES, type LinkId } from '../lib/teaching/loop.ts';
import { renderRich, richStyles } from '../lib/teaching/render.ts';
import { plain, termsOf } from '../lib/teaching/segments.ts';
import { dayStory, LINK_RULES, type DayStory } from '../lib/teaching/story.ts';
import { dayEvents, nextBusinessDay, prepareTeachingModel, traceRun, traceScenario, type TeachingTrace } from '../lib/teaching/trace.ts';
import { baseStyles } from '../lib/ui-styles.ts';
import type { DatChart } from './dat-chart.ts';
import { entryStyles, renderEntry } from './dat-glossary.ts';
import './dat-chart.ts';
import './dat-forces-panel.ts';
import './dat-loop-diagram.ts';
import './dat-loop-gain.ts';

export interface TeachSettings {
  seed: string;
  horizonDays: number;
  deterministic: boolean;
  company: string | null;
}

const SPEEDS = [1, 2, 5, 10, 30];

const CHART_TITLES: Record<string, (coin: string, t: string) => string> = {
  'teach-coin': (c, t) => `${c} price, without treasury trading, and ${t}'s cost basis`,
  'teach-stock': (_c, t) => `${t} stock and equity NAV per share`,
  'teach-mnav': (_c, t) => `${t} mNAV`,
  'teach-coins': (c, t) => `${t} ${c} held and sold`,
  'teach-debt': (_c, t) => `${t} debt and LTV`,
  'teach-flows': (c) => `Net flows into ${c} by source`,
  'teach-gain': (c) => `${c} loop gain, both impact laws`,
};

const PANEL_NAMES: Record<string, string> = { diagram: 'the loop diagram', chain: 'the day, link by link', captions: 'the captions', gain: 'the loop-gain meter', forces: 'the forces panel' };

interface Base {
  key: string;
  resolved: ResolvedScenario;
  trace: TeachingTrace;
  forces: ForceRuns;
  lesson: Lesson | null;
  steps: RenderedStep[];
  name: string;
  seed: string;
  deterministic: boolean;
  compileRule?: import('../../sim/index.ts').RuleCompiler;
  /** Free mode: the lesson whose variant this scenario has (or could have). */
  variantOf?: Lesson | null;
}

/** The lesson with a variant on the simulator's saved scenario (the one focused on `company` first), if any. */
export function lessonForScenario(file: ScenarioData, company: string | null): Lesson | undefined {
  const id = (file as { id?: unknown }).id;
  const on = LESSONS.filter((l) => l.variant && l.scenario === `${String(id)}.json`);
  return on.find((l) => l.ticker === company) ?? on[0];
}

@customElement('dat-teach-view')
export class DatTeachView extends LitElement {
  static override styles = [
    baseStyles,
    richStyles,
    ...entryStyles,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 1.1rem;
        margin: 2px 0 4px;
      }
      h3 {
        font-size: 0.95rem;
        margin: 0 0 4px;
      }
      .lesson-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 12px;
      }
      .lesson-head h2 {
        flex: 1 1 320px;
      }
      .stepnav {
        display: flex;
        gap: 6px;
        align-items: center;
        flex-wrap: wrap;
      }
      .step {
        border-left: 4px solid var(--accent);
        margin: 6px 0 10px;
      }
      .step h3 {
        font-size: 1.02rem;
      }
      .step p {
        margin: 4px 0;
        max-width: 95ch;
        line-height: 1.5;
      }
      .dots {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
      }
      .dots a {
        display: inline-block;
        width: 22px;
        height: 22px;
        line-height: 22px;
        text-align: center;
        border-radius: 50%;
        border: 1px solid var(--border);
        font-size: 0.75rem;
        color: var(--fg);
        text-decoration: none;
      }
      .dots a[aria-current='step'] {
        background: var(--accent);
        color: var(--accent-fg);
        border-color: var(--accent);
      }
      .look {
        font-size: 0.85rem;
        display: flex;
        flex-wrap: wrap;
        gap: 4px 8px;
        align-items: center;
      }
      .chip {
        border: 1px solid var(--focus);
        border-radius: 999px;
        padding: 0 8px;
        background: transparent;
        font-size: 0.8rem;
        cursor: pointer;
      }
      .variant {
        font-size: 0.8rem;
        color: var(--muted);
      }
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 1.3fr) minmax(300px, 1fr);
        gap: 10px;
        align-items: start;
      }
      .grid2 {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1.6fr);
        gap: 10px;
        margin-top: 10px;
        align-items: start;
      }
      .card.looking {
        border-color: var(--focus);
        box-shadow: 0 0 0 3px color-mix(in srgb, var(--focus) 35%, transparent);
      }
      .stepper {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 8px;
        margin-top: 8px;
      }
      .stepper input[type='range'] {
        flex: 1 1 200px;
        min-width: 160px;
        accent-color: var(--c-selected);
      }
      .daylabel {
        font-variant-numeric: tabular-nums;
        font-weight: 700;
        min-width: 15em;
      }
      .weekend {
        color: var(--muted);
        font-weight: 400;
      }
      ol.chain {
        margin: 4px 0 8px;
        padding-left: 1.3em;
      }
      ol.chain li {
        margin: 3px 0;
        line-height: 1.4;
      }
      ol.chain li.delayed {
        list-style-type: '⇢ ';
        color: var(--fg);
        border-top: 1px dashed var(--border);
        padding-top: 3px;
      }
      .delay {
        font-size: 0.85rem;
        background: var(--warn-bg);
        color: var(--warn-fg);
        border-radius: 4px;
        padding: 4px 8px;
        margin: 6px 0;
      }
      ul.captions {
        list-style: none;
        margin: 4px 0;
        padding: 0;
      }
      ul.captions li {
        border-top: 1px solid var(--border);
        padding: 6px 0;
      }
      .cap-company {
        font-size: 0.72rem;
        font-weight: 700;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
      }
      .rule {
        font-size: 0.8rem;
        color: var(--muted);
        margin-top: 2px;
        /* Rule sources carry long unbroken citations ("5810(c)(3)(A)(iii)/…"): wrap them on a phone. */
        overflow-wrap: anywhere;
      }
      .rule .k {
        font-weight: 700;
      }
      .rule > summary {
        cursor: pointer;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr));
        gap: 10px;
        margin-top: 10px;
      }
      .chartwrap.looking dat-chart {
        outline: 3px solid var(--focus);
        outline-offset: 2px;
        border-radius: var(--radius);
      }
      .banner {
        background: var(--warn-bg);
        color: var(--warn-fg);
        border: 1px solid var(--warn-fg);
        border-radius: var(--radius);
        padding: 6px 10px;
        margin: 6px 0;
        display: flex;
        flex-wrap: wrap;
        gap: 6px 12px;
        align-items: center;
      }
      .gloss {
        position: fixed;
        right: 12px;
        bottom: 12px;
        width: min(420px, calc(100vw - 24px));
        max-height: min(70vh, 560px);
        overflow: auto;
        background: var(--panel);
        border: 2px solid var(--accent);
        border-radius: var(--radius);
        box-shadow: 0 8px 30px rgba(0, 0, 0, 0.25);
        padding: 8px 12px;
        z-index: 40;
      }
      .gloss header {
        display: flex;
        align-items: baseline;
        gap: 8px;
      }
      .gloss header h3 {
        flex: 1;
        font-size: 1rem;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 10px;
        align-items: center;
        font-size: 0.85rem;
      }
      details.more {
        margin-top: 12px;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: 6px 10px;
        background: var(--panel);
      }
      details.more > summary {
        cursor: pointer;
        font-weight: 700;
        padding: 4px 0;
      }
      .more-grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr));
        gap: 10px;
        margin-top: 8px;
        align-items: start;
      }
      .status {
        font-size: 0.75rem;
        color: var(--muted);
        font-family: var(--mono);
        margin-top: 8px;
      }
      @media (max-width: 900px) {
        .grid,
        .grid2 {
          grid-template-columns: minmax(0, 1fr);
        }
        .daylabel {
          min-width: 0;
          flex: 1 1 100%;
        }
      }
    `,
  ];

  /** Lesson id ('' = teach the simulator's scenario). */
  @property() lessonId = '';
  /** Step index within the lesson (0-based). */
  @property({ type: Number }) step = 0;
  /** The simulator's scenario and settings (free mode). */
  @property({ attribute: false }) file: ScenarioData | null = null;
  @property({ attribute: false }) settings: TeachSettings | null = null;
  @property({ attribute: false }) theme: Theme | null = null;

  @state() private base: Base | null = null;
  @state() private error = '';
  @state() private loading = false;
  @state() private day = 0;
  @state() private ticker = '';
  @state() private playing = false;
  @state() private speed = 5;
  @state() private off: ForceId | null = null;
  @state() private alt: TeachingTrace | null = null;
  @state() private glossaryId: string | null = null;
  /** Free mode: apply the variant of the lesson on this scenario. */
  @state() private useVariant = true;
  /** "More about this day" unfolded (kept while stepping). */
  @state() private moreOpen = false;

  @query('.gloss') private glossEl!: HTMLElement | null;

  private loadKey = '';
  private timer = 0;
  private lastGlossTrigger: HTMLElement | null = null;
  private storyCache: { key: string; story: DayStory } | null = null;
  private chartCache: { key: string; specs: Record<string, ChartSpec> } | null = null;
  private readonly altCache = new Map<string, TeachingTrace>();

  override connectedCallback(): void {
    super.connectedCallback();
    setTeachGetter(() => this.debugState());
    this.addEventListener('click', this.onClick);
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    setTeachGetter(null);
    this.removeEventListener('click', this.onClick);
    window.removeEventListener('keydown', this.onKey);
  }

  // -------------------------------------------------------------------------
  // Loading

  private sourceKey(): string {
    if (this.lessonId) return `lesson:${this.lessonId}`;
    const s = this.settings;
    return `free:${JSON.stringify([this.file, s?.seed, s?.horizonDays, s?.deterministic, this.useVariant])}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lessonId') || changed.has('file') || changed.has('settings') || (changed as Map<PropertyKey, unknown>).has('useVariant')) {
      const key = this.sourceKey();
      if (key !== this.loadKey) {
        this.loadKey = key;
        void this.load(key);
      } else if (!this.lessonId && changed.has('settings') && this.settings?.company && this.base) {
        this.ticker = this.settings.company;
      }
    }
    if (changed.has('step') && this.base?.lesson && this.base.key === this.loadKey) this.applyStep();
  }

  private async load(key: string): Promise<void> {
    this.stop();
    this.loading = true;
    this.error = '';
    this.off = null;
    this.alt = null;
    this.altCache.clear();
    try {
      // Let the "preparing" state paint before the (synchronous) runs.
      await new Promise((r) => setTimeout(r, 0));
      const base = this.lessonId ? await this.loadLesson(key) : await this.loadFree(key);
      if (key !== this.loadKey) return;
      this.base = base;
      if (base.lesson) this.applyStep();
      else {
        const tickers = base.resolved.companies.map((c) => c.ticker);
        this.ticker = this.settings?.company && tickers.includes(this.settings.company) ? this.settings.company : (tickers[0] ?? '');
        this.day = 0;
      }
    } catch (e) {
      if (key === this.loadKey) this.error = (e as Error).message;
    } finally {
      if (key === this.loadKey) this.loading = false;
    }
  }

  private async loadLesson(key: string): Promise<Base> {
    const lesson = lessonById(this.lessonId);
    if (!lesson) throw new Error(`There is no lesson "${this.lessonId}". Lessons: ${LESSONS.map((l) => l.id).join(', ')}.`);
    const saved = SAVED_SCENARIOS.find((s) => s.file === lesson.scenario);
    if (!saved) throw new Error(`The lesson's scenario ${lesson.scenario} is not in this build.`);
    const data = await saved.load();
    const expr = hasRules(data) ? await loadExpr() : null;
    const run = runLesson(lesson, data, { compileRule: expr?.compileExpression, checkExpression: expr?.checkExpression });
    return { key, resolved: run.resolved, trace: run.trace, forces: run.forces, lesson, steps: run.steps, name: run.resolved.name, seed: lesson.settings.seed, deterministic: lesson.settings.deterministic, compileRule: expr?.compileExpression };
  }

  private async loadFree(key: string): Promise<Base> {
    if (!this.file || !this.settings) throw new Error('No scenario is open in the simulator.');
    // The same scenario variant as the lesson on this scenario (issue 14), labelled and switchable.
    const lesson = lessonForScenario(this.file, this.settings.company);
    const file = lesson?.variant && this.useVariant ? (lessonFile(lesson, this.file) as ScenarioData) : this.file;
    await prepareFor(file);
    const expr = hasRules(file) ? await loadExpr() : null;
    const r = resolveFile(file);
    if (!r.ok) throw new Error(`The scenario cannot run: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    const s = this.settings;
    const o = { seed: s.seed, days: s.horizonDays, deterministic: s.deterministic, compileRule: expr?.compileExpression };
    const trace = traceScenario(r.resolved, o);
    const forces = runForces(r.resolved, o);
    return { key, resolved: r.resolved, trace, forces, lesson: null, steps: [], name: r.resolved.name, seed: s.seed, deterministic: s.deterministic, compileRule: expr?.compileExpression, variantOf: lesson?.variant ? lesson : null };
  }

  private applyStep(): void {
    const b = this.base;
    if (!b?.lesson) return;
    const i = Math.max(0, Math.min(b.steps.length - 1, this.step));
    const st = b.steps[i];
    this.stop();
    this.day = st.day;
    this.ticker = st.ticker;
  }

  /** The run on screen: the base run, or the run with one force switched off. */
  private get trace(): TeachingTrace | null {
    return this.alt ?? this.base?.trace ?? null;
  }

  private setForceOff(id: ForceId | null): void {
    const b = this.base;
    if (!b) return;
    this.off = id;
    if (!id) {
      this.alt = null;
      return;
    }
    let t = this.altCache.get(id);
    if (!t) {
      const model = prepareTeachingModel(scenarioWithout(b.resolved, id === 'treasury' ? [] : [id]), { seed: b.seed, days: b.trace.days, deterministic: b.deterministic, compileRule: b.compileRule });
      t = traceRun(model, b.seed, id !== 'treasury');
      this.altCache.set(id, t);
    }
    this.alt = t;
  }

  // -------------------------------------------------------------------------
  // Stepping

  private setDay(d: number): void {
    const t = this.trace;
    if (!t) return;
    this.day = Math.max(0, Math.min(t.days - 1, Math.round(d)));
  }

  private play(): void {
    const t = this.trace;
    if (!t) return;
    if (this.day >= t.days - 1) this.day = 0;
    this.playing = true;
    this.restartTimer();
  }

  private restartTimer(): void {
    clearInterval(this.timer);
    if (!this.playing) return;
    this.timer = window.setInterval(() => {
      const t = this.trace;
      if (!t || this.day >= t.days - 1) {
        this.stop();
        return;
      }
      this.day += 1;
    }, 1000 / this.speed);
  }

  private stop(): void {
    this.playing = false;
    clearInterval(this.timer);
    this.timer = 0;
  }

  /**
   * Next (dir 1) or previous (-1) day with an event of interest of the focus company (web/lib/teaching/interest.ts:
   * listing events, splits, forced and defensive sales, the first sale of each reason; not every routine funding sale).
   */
  private jumpEvent(dir: 1 | -1): void {
    const t = this.trace;
    if (!t) return;
    const d = nextInterest(interestDays(t, this.ticker), this.day, dir);
    if (d >= 0) {
      this.stop();
      this.setDay(d);
    }
  }

  /** A click on a chart picks its day. */
  private readonly onChartDay = (d: number): void => {
    this.stop();
    this.setDay(d);
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.glossaryId) {
      this.closeGlossary();
      e.preventDefault();
    }
  };

  // -------------------------------------------------------------------------
  // Glossary side panel

  private readonly onClick = (e: MouseEvent): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    for (const el of e.composedPath()) {
      if (!(el instanceof Element)) continue;
      const id = (el as HTMLElement).dataset?.term;
      if (id && glossaryEntry(id)) {
        e.preventDefault();
        this.lastGlossTrigger = el as HTMLElement;
        this.glossaryId = id;
        void this.updateComplete.then(() => (this.glossEl?.querySelector('h3') as HTMLElement | null)?.focus());
        return;
      }
      if (el === this) return;
    }
  };

  private closeGlossary(): void {
    this.glossaryId = null;
    this.lastGlossTrigger?.focus?.();
  }

  // -------------------------------------------------------------------------
  // Derived views

  private story(): DayStory | null {
    const t = this.trace;
    if (!t || !this.ticker || !t.result.companies[this.ticker]) return null;
    const key = `${this.off}:${this.ticker}:${this.day}:${t.days}:${this.base?.key}`;
    if (this.storyCache?.key === key) return this.storyCache.story;
    const story = dayStory(t, this.day, this.ticker);
    this.storyCache = { key, story };
    return story;
  }

  private charts(): Record<string, ChartSpec> {
    const t = this.trace, b = this.base;
    if (!t || !b || !this.theme || !t.result.companies[this.ticker]) return {};
    const key = `${this.off}:${this.ticker}:${b.key}:${this.theme.dark}:${this.theme.price}`;
    if (this.chartCache?.key !== key) {
      const label = this.off ? 'with every force' : '';
      this.chartCache = { key, specs: teachCharts(t, b.resolved, this.ticker, this.theme, this.off ? b.trace : undefined, label || undefined) };
    }
    const nb = nextBusinessDay(t, this.day);
    const out: Record<string, ChartSpec> = {};
    for (const [id, spec] of Object.entries(this.chartCache.specs)) out[id] = withDay(spec, id, this.theme, this.day, `day ${this.day}`, nb, this.onChartDay);
    return out;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const charts = [...(this.renderRoot?.querySelectorAll('dat-chart') ?? [])] as DatChart[];
    await Promise.all(charts.map((c) => c.updateComplete));
    return done;
  }

  private currentStep(): RenderedStep | null {
    const b = this.base;
    if (!b?.lesson || !b.steps.length) return null;
    return b.steps[Math.max(0, Math.min(b.steps.length - 1, this.step))];
  }

  private goStep(i: number): void {
    const b = this.base;
    if (!b?.lesson) return;
    const n = Math.max(0, Math.min(b.steps.length - 1, i));
    this.dispatchEvent(new CustomEvent('teach-step', { detail: { lessonId: b.lesson.id, step: n }, bubbles: true, composed: true }));
  }

  private scrollToEl(sel: string): void {
    const el = this.renderRoot.querySelector(sel) as HTMLElement | null;
    const fold = el?.closest('details');
    if (fold && !fold.open) fold.open = true;
    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }

  // -------------------------------------------------------------------------
  // Test hook (web/lib/debug.ts: __datDebug.teach())

  private debugState(): unknown {
    const b = this.base, t = this.trace;
    const story = this.story();
    const st = this.currentStep();
    const evs = t ? dayEvents(t, this.day).map((x) => ({ index: x.index, ...x.event })) : [];
    return {
      status: this.error ? 'error' : this.loading || !b ? 'loading' : 'ready',
      error: this.error,
      mode: this.lessonId ? 'lesson' : 'free',
      lessonId: b?.lesson?.id ?? null,
      variantLesson: b?.variantOf?.id ?? null,
      variantApplied: !!b?.variantOf && this.useVariant,
      interestDays: t ? interestDays(t, this.ticker) : [],
      eventDays: t ? [...new Set(t.events.filter((e) => e.company === this.ticker).map((e) => e.day))].sort((a, b) => a - b) : [],
      scenarioId: b?.resolved.id ?? null,
      seed: b?.seed ?? null,
      deterministic: b?.deterministic ?? null,
      step: st ? Math.max(0, Math.min((b?.steps.length ?? 1) - 1, this.step)) : null,
      stepCount: b?.steps.length ?? 0,
      stepId: st?.id ?? null,
      stepDay: st?.day ?? null,
      stepTitle: st?.title ?? null,
      stepText: st ? plain(st.text) : null,
      stepTerms: st ? termsOf(st.text) : [],
      stepFigures: st ? st.text.filter((x): x is Extract<typeof x, { t: 'num' }> => typeof x !== 'string' && x.t === 'num' && !!x.key).map((x) => ({ key: x.key, text: x.text, value: x.value })) : [],
      figures: t && this.ticker && t.result.companies[this.ticker] ? dayFigures(t, this.day, this.ticker) : null,
      look: st?.look ?? null,
      days: t?.days ?? 0,
      day: this.day,
      date: t?.dates[this.day] ?? null,
      business: t ? t.business[this.day] === 1 : null,
      ticker: this.ticker,
      coin: story?.coin ?? null,
      off: this.off,
      companyTrading: t?.companyTrading ?? null,
      playing: this.playing,
      speed: this.speed,
      litLinks: story ? LINKS.filter((l) => story.links[l.id].active).map((l) => l.id) : [],
      links: story ? LINKS.map((l) => ({ id: l.id, active: story.links[l.id].active, label: story.links[l.id].label, detail: plain(story.links[l.id].detail) })) : [],
      nodes: story ? NODES.map((n) => story.nodes[n.id]) : [],
      chain: story ? story.chain.map((c) => ({ text: plain(c.rich), link: c.link ?? null, delayed: !!c.delayed })) : [],
      delay: story ? plain(story.delay) : null,
      captions: story ? story.captions.map((c) => ({ id: c.id, kind: c.kind, company: c.company, text: plain(c.text), rule: plain(c.rule), ref: c.ref, terms: [...termsOf(c.text), ...termsOf(c.rule)], events: c.events })) : [],
      dayEvents: evs,
      market: t ? t.market[this.day].map((m) => ({ ...m })) : [],
      gains: story?.gains ?? [],
      forces: b ? Object.fromEntries(b.forces.coins.map((c) => [c, forceShares(b.forces, c, this.day)])) : null,
      startPrice: b?.forces.startPrice ?? {},
      fundingOrder: b?.resolved.companies.find((c) => c.ticker === this.ticker)?.fundingOrder ?? [],
      glossaryOpen: this.glossaryId,
      lessons: LESSONS.map((l) => ({ id: l.id, title: l.title, steps: l.steps.length })),
      linkRules: LINK_RULES,
    };
  }

  // -------------------------------------------------------------------------
  // Render

  private renderLessonHead(b: Base) {
    const l = b.lesson!;
    const st = this.currentStep()!;
    const i = Math.max(0, Math.min(b.steps.length - 1, this.step));
    const look = st.look;
    const chips: { label: string; target: string }[] = [];
    for (const id of look.links ?? []) {
      const l0 = LINKS.find((x) => x.id === id)!;
      chips.push({ label: `${NODES.find((n) => n.id === l0.from)!.label} → ${NODES.find((n) => n.id === l0.to)!.label}`, target: 'dat-loop-diagram' });
    }
    if (look.panel) chips.push({ label: PANEL_NAMES[look.panel], target: `#panel-${look.panel}` });
    const coin = b.trace.result.companies[this.ticker]?.coin ?? '';
    for (const c of look.charts ?? []) chips.push({ label: `chart: ${CHART_TITLES[c]?.(coin, this.ticker) ?? c}`, target: `#wrap-${c}` });
    return html`<div class="lesson-head">
        <h2 id="lesson-title">Lesson: ${l.title}</h2>
        <div class="stepnav">
          <button class="btn" id="step-prev" ?disabled=${i === 0} @click=${() => this.goStep(i - 1)}>◀ Previous</button>
          <span aria-live="polite">Step ${i + 1} of ${b.steps.length}</span>
          <button class="btn primary" id="step-next" ?disabled=${i === b.steps.length - 1} @click=${() => this.goStep(i + 1)}>Next ▶</button>
        </div>
      </div>
      <nav class="dots" aria-label="Lesson steps">
        ${b.steps.map((s, k) => html`<a href=${`#/lesson/${l.id}/${k + 1}`} aria-current=${k === i ? 'step' : 'false'} title=${s.title} aria-label=${`Step ${k + 1}: ${s.title}`}>${k + 1}</a>`)}
      </nav>
      <section class="card step" id="step" aria-labelledby="step-title" data-step=${st.id}>
        <h3 id="step-title" tabindex="-1">${i + 1}. ${st.title}</h3>
        <p id="step-text">${renderRich(st.text)}</p>
        ${chips.length
          ? html`<div class="look"><strong>Look at:</strong> ${chips.map((c) => html`<button class="chip" @click=${() => this.scrollToEl(c.target)}>${c.label}</button>`)}
              ${st.day !== this.day ? html`<button class="btn small" id="step-day" @click=${() => this.setDay(st.day)}>back to this step's day (${st.day})</button>` : nothing}</div>`
          : nothing}
        <details class="variant" id="run-note">
          <summary>About this run: ${b.name} · ${b.deterministic ? 'deterministic mode' : `seed ${b.seed}`} · ${b.trace.days} days${l.variant ? ' · a labelled variant' : ''}</summary>
          ${l.variant ? html`Variant: ${l.variant.note.replace(/\.$/, '')}. ` : nothing}Every number above comes from this run.
        </details>
      </section>`;
  }

  private renderFreeHead(b: Base) {
    return html`<div class="lesson-head">
        <h2>Teaching mode: ${b.name}</h2>
        <a class="btn" href="#/lessons">Lessons</a>
        <a class="btn" href="#">Back to the simulator</a>
      </div>
      <p class="variant">${b.deterministic ? 'Deterministic mode' : `Seed ${b.seed}`}, ${b.trace.days} days, the parameters as edited in the simulator. Step through the days and watch each link of the loop; "event ▶" jumps to the next event of interest (a listing event, a split, a forced or defensive sale, the first sale of each kind).</p>
      ${b.variantOf
        ? html`<p class="variant" id="free-variant" data-lesson=${b.variantOf.id} data-applied=${this.useVariant ? '1' : '0'}>
            ${this.useVariant ? html`With the variant of the lesson "${b.variantOf.title}": ${b.variantOf.variant!.note}` : html`As saved, without the variant of the lesson "${b.variantOf.title}".`}
            <button class="btn small" id="toggle-variant" @click=${() => (this.useVariant = !this.useVariant)}>${this.useVariant ? 'Use the scenario as saved' : "Use the lesson's variant"}</button>
          </p>`
        : nothing}`;
  }

  private renderStepper(t: TeachingTrace, story: DayStory | null) {
    const last = t.days - 1;
    return html`<div class="stepper" role="group" aria-label="Step through the days">
      <button class="btn" id="day-first" @click=${() => (this.stop(), this.setDay(0))} aria-label="First day">⇤ first</button>
      <button class="btn" id="day-prev-event" @click=${() => this.jumpEvent(-1)} aria-label="Previous event of interest of ${this.ticker} (listing, split, forced sale)">◀ event</button>
      <button class="btn" id="day-prev" @click=${() => (this.stop(), this.setDay(this.day - 1))} aria-label="Previous day" ?disabled=${this.day === 0}>◀ day</button>
      <button class="btn primary" id="play" aria-pressed=${this.playing ? 'true' : 'false'} @click=${() => (this.playing ? this.stop() : this.play())}>${this.playing ? 'Pause' : '▶ Play'}</button>
      <button class="btn" id="day-next" @click=${() => (this.stop(), this.setDay(this.day + 1))} aria-label="Next day" ?disabled=${this.day === last}>day ▶</button>
      <button class="btn" id="day-next-event" @click=${() => this.jumpEvent(1)} aria-label="Next event of interest of ${this.ticker} (listing, split, forced sale)">event ▶</button>
      <label>Speed
        <select id="speed" @change=${(e: Event) => ((this.speed = Number((e.target as HTMLSelectElement).value)), this.restartTimer())}>
          ${SPEEDS.map((s) => html`<option value=${s} ?selected=${s === this.speed}>${s} day${s > 1 ? 's' : ''}/s</option>`)}
        </select>
      </label>
      <input id="scrubber" type="range" min="0" max=${last} .value=${String(this.day)} aria-label="Day" aria-valuetext=${`day ${this.day}, ${story?.dateLabel ?? ''}`}
        @input=${(e: Event) => (this.stop(), this.setDay(Number((e.target as HTMLInputElement).value)))} />
      <span class="daylabel" id="daylabel" aria-live="off">Day ${this.day} · ${story?.dateLabel ?? t.dates[this.day]} ${story && !story.business ? html`<span class="weekend">(no stock trading)</span>` : nothing}</span>
    </div>`;
  }

  private renderChain(story: DayStory) {
    return html`<section class=${`card ${this.lookPanel() === 'chain' ? 'looking' : ''}`} id="panel-chain" aria-labelledby="day-title">
      <h3 id="day-title">${story.dateLabel}: link by link</h3>
      <ol class="chain" id="chain">
        ${story.chain.map((c) => html`<li class=${c.delayed ? 'delayed' : ''} data-link=${c.link ?? ''}>${renderRich(c.rich)}</li>`)}
      </ol>
      <div class="delay" id="delay-note">${renderRich(story.delay)}</div>
    </section>`;
  }

  private renderCaptions(story: DayStory) {
    const focus = story.captions.filter((c) => c.company === story.ticker);
    const others = story.captions.filter((c) => c.company !== story.ticker);
    const cap = (c: (typeof story.captions)[number]) => html`<li data-caption=${c.id} data-kind=${c.kind} data-events=${c.events.join(',')}>
      <span class="cap-company">${c.company}</span>
      <div>${renderRich(c.text)}</div>
      <details class="rule"><summary><span class="k">Rule</span></summary>${renderRich(c.rule)} <span class="ref">(${c.ref})</span></details>
    </li>`;
    return html`<section class=${`card ${this.lookPanel() === 'captions' ? 'looking' : ''}`} id="panel-captions" aria-labelledby="cap-title">
      <h3 id="cap-title">What happened (from the event log)</h3>
      ${story.captions.length ? html`<ul class="captions" id="captions">${focus.map(cap)}${others.map(cap)}</ul>` : html`<p class="muted" id="captions-empty">No events today: no company acted, and no market flow was large enough to narrate.</p>`}
    </section>`;
  }

  private lookPanel(): string | null {
    return this.currentStep()?.look.panel ?? null;
  }

  /**
   * The page under the lesson's text. It leads with what the step points at: the diagram (with the stepper), the
   * panel the step names (or the day's events), and the step's charts. Everything else (the day link by link, the
   * loop gain, the forces table, the other charts) is folded into "More about this day" (issue 14: a step page led
   * with ~110 words of lesson under ~1,340 words and 7 charts).
   */
  private renderBody(b: Base, story: DayStory | null, specs: Record<string, ChartSpec>, look: Look | undefined, coin: string, coins: string[]) {
    const t = this.trace!;
    // Without a named panel the day's chain leads (short); the captions can run to a dozen companies' events.
    const lead = look?.panel && look.panel !== 'diagram' ? look.panel : 'chain';
    const panels: Record<string, () => unknown> = {
      chain: () => (story ? this.renderChain(story) : nothing),
      captions: () => (story ? this.renderCaptions(story) : nothing),
      gain: () => html`<section class=${`card ${look?.panel === 'gain' ? 'looking' : ''}`} id="panel-gain" aria-labelledby="gain-title">
        <h3 id="gain-title"><a class="term" href="#/glossary/loop-gain" data-term="loop-gain">Loop gain</a> on ${story?.dateLabel ?? ''}</h3>
        <dat-loop-gain .gains=${story?.gains ?? []} .dateLabel=${story?.dateLabel ?? ''}></dat-loop-gain>
      </section>`,
      forces: () => html`<section class=${`card ${look?.panel === 'forces' ? 'looking' : ''}`} id="panel-forces" aria-labelledby="forces-title">
        <h3 id="forces-title">The four forces: <a class="term" href="#/glossary/force-share" data-term="force-share">share of the fall</a></h3>
        <dat-forces-panel .runs=${b.forces} .day=${this.day} .dateLabel=${story?.dateLabel ?? ''} .coins=${coins} .off=${this.off} @force-toggle=${(e: CustomEvent<{ id: ForceId | null }>) => this.setForceOff(e.detail.id)}></dat-forces-panel>
      </section>`,
    };
    const chartIds = TEACH_CHARTS.filter((id) => specs[id]);
    const leadCharts = chartIds.filter((id) => (look?.charts as string[] | undefined)?.includes(id) ?? (id === 'teach-coin' || id === 'teach-stock'));
    const restCharts = chartIds.filter((id) => !leadCharts.includes(id));
    const chartEl = (id: string) => html`<div class=${`chartwrap ${look?.charts?.includes(id as never) ? 'looking' : ''}`} id=${`wrap-${id}`}>
      <dat-chart chart-id=${id} .heading=${CHART_TITLES[id](coin, this.ticker)} .spec=${specs[id]} .fileBase=${`teach-${b.resolved.id}`} style="--chart-height: 210px"></dat-chart>
    </div>`;
    const rest = (['chain', 'captions', 'gain', 'forces'] as const).filter((p) => p !== lead);
    return html`<div class="grid">
        <section class=${`card ${look?.panel === 'diagram' || (look?.links?.length ?? 0) > 0 ? 'looking' : ''}`} id="panel-diagram" aria-labelledby="diagram-title">
          <h3 id="diagram-title">The loop on day ${this.day} for ${this.ticker}</h3>
          <dat-loop-diagram .story=${story} .highlight=${(look?.links ?? []) as LinkId[]}></dat-loop-diagram>
          ${this.renderStepper(t, story)}
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
    if (this.error) return html`<div class="card" role="alert"><h2>This cannot be shown</h2><p>${this.error}</p><p><a href="#/lessons">Lessons</a> · <a href="#">Simulator</a></p></div>`;
    const b = this.base;
    if (!b || this.loading) return html`<p class="muted" id="teach-loading">Preparing the run: every day is stepped once, with its loop gain, and once more per force…</p>`;
    const t = this.trace!;
    const story = this.story();
    const specs = this.charts();
    const st = this.currentStep();
    const look = st?.look;
    const coin = story?.coin ?? '';
    const coins = [...new Set([coin, ...b.forces.coins].filter(Boolean))];
    const tickers = b.resolved.companies.map((c) => c.ticker);
    const gloss = this.glossaryId ? glossaryEntry(this.glossaryId) : undefined;
    return html`
      ${b.lesson ? this.renderLessonHead(b) : this.renderFreeHead(b)}
      ${this.off
        ? html`<div class="banner" role="status" id="force-banner">
            <span>Showing the run <strong>without ${FORCES.find((f) => f.id === this.off)?.label.toLowerCase()}</strong> (same seed). The dotted grey line on the coin chart is the run with every force.</span>
            <button class="btn small" @click=${() => this.setForceOff(null)}>Switch it back on</button>
          </div>`
        : nothing}
      <div class="toolbar">
        <label>Company
          <select id="teach-company" @change=${(e: Event) => (this.ticker = (e.target as HTMLSelectElement).value)}>
            ${tickers.map((x) => html`<option value=${x} ?selected=${x === this.ticker}>${x} (${b.resolved.companies.find((c) => c.ticker === x)?.coin})</option>`)}
          </select>
        </label>
        <a href="#/glossary" id="glossary-link">Glossary</a>
        <a href="#/methodology">Methodology</a>
      </div>
      ${this.renderBody(b, story, specs, look, coin, coins)}
      <p class="status" id="teach-status" data-trace-ms=${t.elapsedMs.toFixed(1)} data-forces-ms=${b.forces.elapsedMs.toFixed(1)}>
        traced ${t.days} days with loop gains in ${t.elapsedMs.toFixed(0)} ms; forces (${FORCES.length + 2} runs) in ${b.forces.elapsedMs.toFixed(0)} ms
      </p>
      ${gloss
        ? html`<aside class="gloss" role="dialog" aria-labelledby="gloss-title" aria-modal="false">
            <header>
              <h3 id="gloss-title" tabindex="-1">${gloss.term}</h3>
              <button class="btn small" id="gloss-close" @click=${() => this.closeGlossary()} aria-label="Close the definition">✕</button>
            </header>
            ${renderEntry(gloss)}
            <p><a href=${`#/glossary/${gloss.id}`} id="gloss-open">Open the full glossary</a></p>
          </aside>`
        : nothing}
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('step') && this.base?.lesson && changed.get('step') !== undefined) {
      (this.renderRoot.querySelector('#step-title') as HTMLElement | null)?.focus({ preventScroll: true });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-teach-view': DatTeachView;
  }
}
