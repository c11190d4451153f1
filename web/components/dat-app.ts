/**
 * <dat-app>: the whole simulator page. Owns the state (scenario file being
 * edited, the scenario as loaded, run settings, last valid run) and wires the
 * elements together:
 *
 * - a parameter edit re-resolves and re-runs one path on the main thread (a
 *   365-day path takes a few ms), at most once per animation frame while a
 *   slider moves; a file, link or edit that cannot run shows the resolver's
 *   field paths inline and leaves the last valid run on screen;
 * - ensembles run in Web Workers (EnsembleController);
 * - the URL holds the view (UrlStateController, web/lib/url-state*.ts):
 *   written as the user works, restored on load, Back/Forward and links.
 *
 * Renders into light DOM so the page stylesheet (web/styles.css) lays it out
 * and the skip link can reach #main.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ScenarioIssue } from '../../src/resolve.ts';
import type { SimResult } from '../../src/simulate.ts';
import { LISTING_RULE_PRESETS } from '../../src/presets/listing-rules.ts';
import type { ResolvedScenario } from '../../sim/types.ts';
import { readTheme, type Theme } from '../lib/chart-setup.ts';
import { setStateGetter } from '../lib/debug.ts';
import { EnsembleController, EnsembleStatus } from '../lib/ensemble-controller.ts';
import { chartExportInfo, runExport, type ExportContext } from '../lib/export-run.ts';
import type { ExportInfo } from '../lib/export-image.ts';
import { buildGroups, deleteIn, getIn, hasRules, setIn, type FieldGroup, type Path } from '../lib/params.ts';
import { prepareFor, resolveFile, runSingle } from '../lib/runner.ts';
import { defaultScenario, SAVED_SCENARIOS, type ScenarioData } from '../lib/saved-scenarios.ts';
import { LESSON_LINKS, routeHash, type Page, type Route } from '../lib/routes.ts';
import { VIEWS, type Settings, type ShareIssue, type ViewName } from '../lib/share.ts';
import { TEMPLATE_SCENARIO } from '../lib/template.ts';
import { applyDiff, type ViewSnapshot } from '../lib/url-state.ts';
import { UrlStateController, type RestoreTarget } from '../lib/url-state-controller.ts';
import { CompareController } from '../lib/url-state-compare.ts';
import type { SelectedEvent } from './dat-single-view.ts';
import './dat-compare-view.ts';
import './dat-ensemble-view.ts';
import './dat-export-bar.ts';
import './dat-impact-note.ts';
import './dat-issues.ts';
import './dat-param-panel.ts';
import './dat-run-controls.ts';
import './dat-scenario-picker.ts';
import './dat-single-view.ts';
import './dat-risk-view.ts';

type ThemeMode = 'auto' | 'light' | 'dark';

const VIEW_LABELS: Record<ViewName, string> = { single: 'Single path', ensemble: 'Ensemble', compare: 'Compare', risk: 'Risk' };

interface Timings {
  /** Counts single-path re-runs, so tests can wait for the next one whatever its duration. */
  runSeq: number;
  runMs: number;
  drawMs: number;
  totalMs: number;
  /** Counts finished ensembles (what tests wait on). */
  ensembleSeq: number;
  ensembleMs: number;
  ensemblePaths: number;
  ensembleDays: number;
  workers: number;
}

@customElement('dat-app')
export class DatApp extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** "saved:<file>", "opened:<n>" (files and links opened this session) or "template". */
  @state() private scenarioKey = '';
  /** The scenario file as edited (what Share and Download write). */
  @state() private file: ScenarioData | null = null;
  /** The scenario as loaded (reset target, compare reference). */
  @state() private baseline: ScenarioData | null = null;
  /** Last scenario that resolved, and its run. */
  @state() private resolved: ResolvedScenario | null = null;
  @state() private result: SimResult | null = null;
  /** Why the current edits cannot run (the charts keep the last valid run). */
  @state() private issues: ScenarioIssue[] = [];
  /** Why a file or a link could not be opened. */
  @state() private loadProblem: { heading: string; issues: ScenarioIssue[] } | null = null;
  @state() private settings: Settings = { seed: '1', horizonDays: 365, paths: 500, company: null, deterministic: false, view: 'single' };
  @state() private groups: FieldGroup[] = [];
  @state() private selected: SelectedEvent | null = null;
  @state() private themeMode: ThemeMode = 'auto';
  @state() private theme: Theme | null = null;
  @state() private timings: Timings = { runSeq: 0, ensembleSeq: 0, runMs: NaN, drawMs: NaN, totalMs: NaN, ensembleMs: NaN, ensemblePaths: 0, ensembleDays: 0, workers: 0 };
  @state() private session: { key: string; name: string; data: ScenarioData }[] = [];
  @state() private shareUrl = '';
  @state() private exportMessage = '';
  @state() private dragging = false;
  @state() private paramsOpen = false;
  /** The page shown (hash routes, web/lib/routes.ts). */
  @state() private route: Route = { page: 'sim' };
  /** Lazy chunks loaded so far (teaching: lessons, teaching mode, glossary; methodology; analysis). */
  @state() private chunks: { teaching: boolean; methodology: boolean; analysis: boolean } = { teaching: false, methodology: false, analysis: false };
  @state() private chunkError = '';

  private readonly ensemble = new EnsembleController(this);
  /** The view in the URL (web/lib/url-state-controller.ts). */
  private readonly url = new UrlStateController(this);
  /** Compare's reference A and pin (web/lib/url-state-compare.ts). */
  private readonly compare = new CompareController(this, () => ({ scenarioKey: this.scenarioKey, baseline: this.baseline, file: this.file, settings: this.settings }));
  /** Settings + scenario the last ensemble ran with (to flag it stale). */
  private ensembleKey = '';
  /** Edits per scenario, so switching scenarios loses nothing. */
  private readonly edits = new Map<string, ScenarioData>();
  private sessionCount = 0;
  private runFrame = 0;
  private mql: MediaQueryList | null = null;
  private teachSettingsKey = '';
  private teachSettings: { seed: string; horizonDays: number; deterministic: boolean; company: string | null } | null = null;

  // -------------------------------------------------------------------------
  // Lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    let mode: ThemeMode = 'auto';
    try {
      const t = localStorage.getItem('dat-theme');
      if (t === 'light' || t === 'dark') mode = t;
    } catch {
      /* storage may be unavailable */
    }
    this.applyTheme(mode, false);
    this.mql = window.matchMedia('(prefers-color-scheme: dark)');
    this.mql.addEventListener('change', this.onSystemTheme);
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
    this.addEventListener('dat-export-info', this.onExportInfo);
    setStateGetter(() => this.debugState());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.mql?.removeEventListener('change', this.onSystemTheme);
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
  }

  protected override firstUpdated(): void {
    void this.url.start();
  }

  // -------------------------------------------------------------------------
  // The view in the URL (UrlStateHost, web/lib/url-state-controller.ts)

  urlSnapshot(): ViewSnapshot {
    return { route: this.route, scenarioKey: this.scenarioKey, baseline: this.baseline, file: this.file, settings: this.settings, compareRef: this.compare.ref, pinned: this.compare.pinned };
  }

  hasScenario(): boolean {
    return this.file !== null;
  }

  loadDefaultView(): Promise<void> {
    return this.loadDefault();
  }

  showUrlProblem(heading: string, issues: ShareIssue[]): void {
    this.loadProblem = this.loadProblem ? { ...this.loadProblem, issues: [...issues, ...this.loadProblem.issues] } : { heading, issues };
  }

  /** Shows a view read from the URL: its scenario (loaded only when it is not the one on screen), edits, settings and compare pins. */
  async restoreView(t: RestoreTarget): Promise<boolean> {
    const sc = t.scenario;
    if (sc && !(JSON.stringify(sc.data) === JSON.stringify(this.baseline) && (sc.key === null || sc.key === this.scenarioKey))) {
      const known = sc.key ?? this.session.find((x) => JSON.stringify(x.data) === JSON.stringify(sc.data))?.key;
      const key = known ?? `opened:${++this.sessionCount}`;
      const instead = this.file ? 'the previous scenario stays on screen' : 'the default scenario is shown instead';
      // Loaded as it is first (a run to fall back on), then the edits.
      const ok = await this.loadData(key, sc.data, { source: sc.source, settings: t.settings, clearProblem: true, heading: `${sc.source}'s scenario is invalid; ${instead}.`, file: sc.data });
      if (!ok) return false;
      if (!known) this.session = [...this.session, { key, name: `Link: ${String(sc.data.name ?? sc.data.id ?? 'scenario')}`, data: sc.data }];
    } else {
      const s = { ...this.settings, ...t.settings };
      if (!s.company || !this.resolved?.companies.some((c) => c.ticker === s.company)) s.company = this.resolved?.companies[0]?.ticker ?? null;
      if (s.company !== this.settings.company) this.selected = null;
      this.settings = s;
    }
    if (!this.baseline) return false;
    const file = applyDiff(this.baseline, t.edits);
    if (JSON.stringify(file) !== JSON.stringify(this.file)) this.file = file;
    await this.compare.restore(t.compareRef, t.pinned ? applyDiff(this.baseline, t.pinned) : null);
    await this.runNow();
    return true;
  }

  /** Shows a page; loads its lazy chunk the first time. */
  showRoute(r: Route): void {
    this.route = r;
    if (r.page === 'builder') void import('./dat-builder.ts').catch((e: Error) => (this.chunkError = `This page could not be loaded: ${e.message}`));
    else if (r.page === 'methodology') void this.loadChunk('methodology');
    else if (r.page === 'analysis') void this.loadChunk('analysis');
    else if (r.page !== 'sim') void this.loadChunk('teaching');
    if (r.page !== 'sim') window.scrollTo({ top: 0 });
  }

  private async loadChunk(which: 'teaching' | 'methodology' | 'analysis'): Promise<void> {
    if (this.chunks[which]) return;
    try {
      if (which === 'teaching') await import('../teaching.ts');
      else if (which === 'analysis') await import('./dat-analysis-view.ts');
      else await import('../methodology.ts');
      this.chunks = { ...this.chunks, [which]: true };
      this.chunkError = '';
    } catch (e) {
      this.chunkError = `This page could not be loaded: ${(e as Error).message}`;
    }
  }

  private async loadDefault(): Promise<void> {
    const d = await defaultScenario();
    await this.loadData(d.key, d.data, { source: d.key, clearProblem: false });
  }

  private onTeachStep(e: CustomEvent<{ lessonId: string; step: number }>): void {
    location.hash = routeHash({ page: 'lesson', lessonId: e.detail.lessonId, step: e.detail.step });
  }

  /** The simulator's settings as teaching mode reads them (a stable object while they do not change). */
  private teachSettingsNow() {
    const s = this.settings;
    const key = JSON.stringify([s.seed, s.horizonDays, s.deterministic, s.company]);
    if (key !== this.teachSettingsKey) {
      this.teachSettingsKey = key;
      this.teachSettings = { seed: s.seed, horizonDays: s.horizonDays, deterministic: s.deterministic, company: s.company };
    }
    return this.teachSettings;
  }

  // -------------------------------------------------------------------------
  // Loading scenarios

  private async loadData(
    key: string,
    data: ScenarioData,
    opts: { source: string; settings?: Partial<Settings>; clearProblem: boolean; heading?: string; file?: ScenarioData },
  ): Promise<boolean> {
    try {
      await prepareFor(data);
    } catch (e) {
      this.loadProblem = { heading: 'The rule compiler could not be loaded.', issues: [{ path: '', message: (e as Error).message }] };
      return false;
    }
    const r = resolveFile(data, opts.source);
    if (!r.ok) {
      this.loadProblem = { heading: opts.heading ?? `${opts.source} cannot be opened; the previous scenario stays on screen.`, issues: r.issues };
      return false;
    }
    if (this.file && this.scenarioKey) this.edits.set(this.scenarioKey, this.file);
    const base = structuredClone(data);
    const edited = opts.file ?? this.edits.get(key);
    if (edited) await prepareFor(edited);
    this.scenarioKey = key;
    this.baseline = base;
    this.file = edited ?? base;
    this.resolved = r.resolved;
    const tickers = r.resolved.companies.map((c) => c.ticker);
    const s = { ...this.settings, seed: r.resolved.seed, horizonDays: r.resolved.horizonDays, ...(opts.settings ?? {}) };
    if (!s.company || !tickers.includes(s.company)) s.company = tickers[0] ?? null;
    this.settings = s;
    this.groups = buildGroups(this.file as never, this.exchanges(this.file));
    this.selected = null;
    this.compare.reset();
    this.ensemble.cancel();
    this.ensemble.reset();
    if (opts.clearProblem) this.loadProblem = null;
    await this.runNow();
    return true;
  }

  private exchanges(file: ScenarioData | null): string[] {
    const own = Object.keys((file?.listingRules as object | undefined) ?? {});
    return [...Object.keys(LISTING_RULE_PRESETS), ...own];
  }

  private async onScenarioSelect(e: CustomEvent<{ key: string }>): Promise<void> {
    const key = e.detail.key;
    if (key === this.scenarioKey) return;
    if (key === 'template') {
      await this.loadData('template', TEMPLATE_SCENARIO, { source: 'The template', clearProblem: true });
      return;
    }
    if (key.startsWith('saved:')) {
      const s = SAVED_SCENARIOS.find((x) => `saved:${x.file}` === key);
      if (!s) return;
      let data: ScenarioData;
      try {
        data = await s.load();
      } catch (err) {
        this.loadProblem = { heading: `${s.file} could not be fetched; the previous scenario stays on screen.`, issues: [{ path: '', message: (err as Error).message }] };
        return;
      }
      await this.loadData(key, data, { source: s.file, clearProblem: true });
      return;
    }
    const o = this.session.find((x) => x.key === key);
    if (o) await this.loadData(key, o.data, { source: o.name, clearProblem: true });
  }

  /** A file opened or dropped: bad JSON or a bad scenario shows the field paths; nothing on screen changes. */
  private async loadFile(name: string, text: string): Promise<void> {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      this.loadProblem = { heading: `${name} cannot be opened; nothing changed.`, issues: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
      return;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      this.loadProblem = { heading: `${name} cannot be opened; nothing changed.`, issues: [{ path: '', message: 'expected a scenario object ({"schemaVersion": 1, ...})' }] };
      return;
    }
    const key = `opened:${++this.sessionCount}`;
    const ok = await this.loadData(key, data as ScenarioData, { source: name, clearProblem: true, heading: `${name} is not a valid scenario; the previous scenario stays on screen.` });
    if (ok) this.session = [...this.session, { key, name: `${name}: ${String((data as ScenarioData).name ?? '')}`, data: data as ScenarioData }];
  }

  /** "Run this scenario" in the builder: back to the simulator, with the built file opened as if uploaded. */
  private readonly onBuilderRun = (e: CustomEvent<{ fileName: string; text: string }>): void => {
    location.hash = '#';
    void this.loadFile(e.detail.fileName, e.detail.text);
  };

  private readonly onDragOver = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private readonly onDragLeave = (e: DragEvent): void => {
    if (e.relatedTarget === null) this.dragging = false;
  };

  private readonly onDrop = async (e: DragEvent): Promise<void> => {
    const f = e.dataTransfer?.files?.[0];
    this.dragging = false;
    if (!f) return;
    e.preventDefault();
    await this.loadFile(f.name, await f.text());
  };

  // -------------------------------------------------------------------------
  // Running

  private scheduleRun(): void {
    if (this.runFrame) return;
    this.runFrame = requestAnimationFrame(() => {
      this.runFrame = 0;
      void this.runNow();
    });
  }

  /** Resolve + simulate + redraw, timed; on failure the issues show and the last run stays. */
  private async runNow(): Promise<void> {
    if (!this.file) return;
    const t0 = performance.now();
    if (hasRules(this.file)) await prepareFor(this.file);
    const r = resolveFile(this.file);
    if (!r.ok) {
      this.issues = r.issues;
      return;
    }
    const ran = runSingle(r.resolved, this.settings);
    if (!ran.ok) {
      this.issues = ran.issues;
      return;
    }
    const t1 = performance.now();
    this.issues = [];
    this.resolved = r.resolved;
    this.result = ran.result;
    if (this.settings.view === 'compare') this.compare.compute();
    await this.updateComplete;
    const view = this.querySelector('dat-single-view, dat-compare-view, dat-ensemble-view') as LitElement | null;
    if (view) await view.updateComplete;
    const t2 = performance.now();
    this.timings = { ...this.timings, runSeq: this.timings.runSeq + 1, runMs: t1 - t0, drawMs: t2 - t1, totalMs: t2 - t0 };
  }

  private onParamChange(e: CustomEvent<{ path: Path; value: unknown }>): void {
    if (!this.file) return;
    this.file = setIn(this.file, e.detail.path, e.detail.value);
    this.scheduleRun();
  }

  private onParamReset(e: CustomEvent<{ path: Path }>): void {
    if (!this.file) return;
    const base = getIn(this.baseline, e.detail.path);
    this.file = base === undefined ? deleteIn(this.file, e.detail.path) : setIn(this.file, e.detail.path, structuredClone(base));
    this.scheduleRun();
  }

  private onResetAll(): void {
    if (!this.baseline) return;
    this.file = structuredClone(this.baseline);
    this.edits.delete(this.scenarioKey);
    this.scheduleRun();
  }

  private onSettings(e: CustomEvent<Partial<Settings>>): void {
    const before = this.settings;
    this.settings = { ...before, ...e.detail };
    const s = this.settings;
    if (s.seed !== before.seed || s.horizonDays !== before.horizonDays || s.deterministic !== before.deterministic) this.scheduleRun();
    if (s.company !== before.company) this.selected = null;
    if (s.view === 'compare' && before.view !== 'compare') this.compare.compute();
  }

  private setView(view: ViewName): void {
    if (view === this.settings.view) return;
    this.onSettings(new CustomEvent('settings-change', { detail: { view } }));
  }

  private onTabKey(e: KeyboardEvent): void {
    const i = VIEWS.indexOf(this.settings.view);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % VIEWS.length;
    else if (e.key === 'ArrowLeft') next = (i + VIEWS.length - 1) % VIEWS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = VIEWS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    this.setView(VIEWS[next]);
    void this.updateComplete.then(() => (this.querySelector(`#tab-${VIEWS[next]}`) as HTMLElement | null)?.focus());
  }

  // -------------------------------------------------------------------------
  // Ensemble

  private currentKey(): string {
    const s = this.settings;
    return JSON.stringify([this.file, s.seed, s.horizonDays, s.deterministic, s.paths]);
  }

  private async runEnsemble(): Promise<void> {
    if (!this.resolved || !this.file) return;
    if (this.settings.view !== 'ensemble') this.setView('ensemble');
    if (this.issues.length) {
      this.ensemble.fail('the current parameters cannot run (see the message above); fix or reset them first');
      return;
    }
    const s = this.settings;
    this.ensembleKey = this.currentKey();
    const res = await this.ensemble.start({ scenario: this.resolved, seed: s.seed, days: s.horizonDays, deterministic: s.deterministic, paths: s.paths, hasRules: hasRules(this.file) });
    if (res) this.timings = { ...this.timings, ensembleSeq: this.timings.ensembleSeq + 1, ensembleMs: res.elapsedMs, ensemblePaths: res.summary.paths, ensembleDays: res.summary.days, workers: res.workers };
  }

  // -------------------------------------------------------------------------
  // Theme

  private applyTheme(mode: ThemeMode, save = true): void {
    this.themeMode = mode;
    const root = document.documentElement;
    if (mode === 'auto') delete root.dataset.theme;
    else root.dataset.theme = mode;
    if (save) {
      try {
        if (mode === 'auto') localStorage.removeItem('dat-theme');
        else localStorage.setItem('dat-theme', mode);
      } catch {
        /* storage may be unavailable */
      }
    }
    this.theme = readTheme();
  }

  private readonly onSystemTheme = (): void => {
    if (this.themeMode === 'auto') this.theme = readTheme();
  };

  private cycleTheme(): void {
    const order: ThemeMode[] = ['auto', 'light', 'dark'];
    this.applyTheme(order[(order.indexOf(this.themeMode) + 1) % order.length]);
  }

  // -------------------------------------------------------------------------
  // Share and export

  private exportContext(): ExportContext {
    return { file: this.file, settings: this.settings, result: this.result, resolved: this.resolved, ensemble: this.ensemble.result, theme: this.theme };
  }

  /** A chart of the simulator's views asks for its export header facts (web/lib/export-run.ts). */
  private onExportInfo = (e: Event): void => {
    if (this.route.page === 'sim') (e as CustomEvent<{ info: ExportInfo | null }>).detail.info ??= chartExportInfo(this.exportContext());
  };

  private async onExport(e: CustomEvent<{ what: string }>): Promise<void> {
    this.exportMessage = '';
    switch (e.detail.what) {
      case 'share': {
        if (!this.file) return;
        const url = `${location.origin}${location.pathname}${location.search}${await this.url.shareHash()}`;
        this.shareUrl = url;
        try {
          await navigator.clipboard.writeText(url);
          this.exportMessage = 'Link copied to the clipboard.';
        } catch {
          this.exportMessage = 'Link ready: copy it from the box below.';
        }
        break;
      }
      default:
        this.exportMessage = await runExport(e.detail.what, this.exportContext());
    }
  }

  // -------------------------------------------------------------------------
  // Test hook (web/lib/debug.ts)

  private debugState(): unknown {
    const t = this.timings;
    return {
      scenarioKey: this.scenarioKey,
      scenarioId: this.file?.id ?? null,
      settings: this.settings,
      issues: this.issues,
      loadProblem: this.loadProblem,
      themeMode: this.themeMode,
      selected: this.selected,
      timings: t,
      companies: this.resolved?.companies.map((c) => c.ticker) ?? [],
      ensemble: { status: this.ensemble.status, done: this.ensemble.done, total: this.ensemble.total, paths: this.ensemble.result?.summary.paths ?? 0, requested: this.ensemble.result?.requested ?? 0, cancelled: this.ensemble.result?.cancelled ?? false, elapsedMs: this.ensemble.result?.elapsedMs ?? null },
      compare: { ref: this.compare.ref, hasA: this.compare.a !== null, pinned: this.compare.pinned !== null },
      urlRestored: !this.url.restoring,
      route: this.route,
      chunks: this.chunks,
    };
  }

  // -------------------------------------------------------------------------

  private renderStatus() {
    const t = this.timings;
    const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
    const r = this.result;
    const nC = r ? Object.keys(r.companies).length : 0;
    return html`<div
      class="status-line"
      id="status"
      data-run-ms=${ms(t.runMs)}
      data-draw-ms=${ms(t.drawMs)}
      data-total-ms=${ms(t.totalMs)}
      data-days=${r?.dates.length ?? 0}
      data-companies=${nC}
      data-ensemble-ms=${ms(t.ensembleMs)}
      data-ensemble-paths=${t.ensemblePaths}
    >
      ${r ? `${r.scenario.id} · seed ${r.seed} · ${r.dates.length} days · ${nC} compan${nC === 1 ? 'y' : 'ies'}` : 'loading'} · re-run ${ms(t.runMs)} ms + redraw
      ${ms(t.drawMs)} ms = ${ms(t.totalMs)} ms
      ${t.ensemblePaths ? ` · ensemble ${t.ensemblePaths} paths × ${t.ensembleDays} days: ${ms(t.ensembleMs)} ms (${t.workers} worker${t.workers > 1 ? 's' : ''})` : ''}
    </div>`;
  }

  private renderView() {
    const s = this.settings;
    const ticker = s.company ?? '';
    const fileBase = `${String(this.file?.id ?? 'scenario')}-seed${s.seed}`;
    if (s.view === 'ensemble') {
      const ens = this.ensemble;
      return html`<dat-ensemble-view
        .ensemble=${ens.result}
        .resolved=${this.resolved}
        .single=${this.result}
        .ticker=${ticker}
        .theme=${this.theme}
        .status=${ens.status}
        .done=${ens.done}
        .total=${ens.total}
        .paths=${s.paths}
        .stale=${ens.result !== null && this.ensembleKey !== this.currentKey()}
        .error=${ens.error}
        .selected=${this.selected}
        .fileBase=${fileBase}
        @ensemble-run=${() => this.runEnsemble()}
        @ensemble-cancel=${() => this.ensemble.cancel()}
      ></dat-ensemble-view>`;
    }
    if (s.view === 'risk') {
      return html`<dat-risk-view
        .resolved=${this.resolved}
        .result=${this.result}
        .ensemble=${this.ensemble.result}
        .ticker=${ticker}
        .theme=${this.theme}
        .file=${this.file}
        .fileBase=${fileBase}
      ></dat-risk-view>`;
    }
    if (s.view === 'compare') {
      return html`<dat-compare-view
        .a=${this.compare.a}
        .b=${this.result}
        .labels=${{ a: this.compare.label(), b: 'current' }}
        .options=${this.compare.options()}
        .refKey=${this.compare.ref}
        .ticker=${ticker}
        .theme=${this.theme}
        .issues=${this.compare.issues}
        .listingRules=${this.resolved?.listingRules ?? {}}
        .identical=${this.compare.identical()}
        .differences=${this.compare.differences()}
        .fileBase=${fileBase}
        @compare-ref=${(e: CustomEvent<{ key: string }>) => this.compare.setRef(e.detail.key)}
        @compare-pin=${() => this.compare.pin()}
      ></dat-compare-view>`;
    }
    return html`<dat-single-view
      .result=${this.result}
      .resolved=${this.resolved}
      .ticker=${ticker}
      .theme=${this.theme}
      .selected=${this.selected}
      .fileBase=${fileBase}
      @event-select=${(e: CustomEvent<SelectedEvent | null>) => (this.selected = e.detail)}
    ></dat-single-view>`;
  }

  /** The second skip link: focus the selected view tab (past the parameters and the toolbar). */
  private skipToViews = (e: Event): void => {
    e.preventDefault();
    (this.querySelector('.tabs [aria-selected="true"]') as HTMLElement | null)?.focus();
  };

  override render() {
    const themeLabel = { auto: 'Theme: auto', light: 'Theme: light', dark: 'Theme: dark' }[this.themeMode];
    const page = this.route.page;
    const nav = (p: Page, href: string, label: string, id: string) =>
      html`<a href=${href} id=${id} aria-current=${page === p || (p === 'lessons' && (page === 'lesson' || page === 'teach')) ? 'page' : 'false'}>${label}</a>`;
    return html`
      ${page === 'sim' ? html`<a class="skip-link-views" href="#views" id="skip-views" @click=${this.skipToViews}>Skip to the view tabs</a>` : nothing}
      <header class="app-header">
        <h1><a href="#" class="home">DAT death-spiral simulator</a></h1>
        <nav class="app-nav" aria-label="Pages">
          ${nav('sim', '#', 'Simulator', 'nav-sim')} ${nav('lessons', '#/lessons', 'Lessons', 'nav-lessons')} ${nav('glossary', '#/glossary', 'Glossary', 'nav-glossary')}
          ${nav('methodology', '#/methodology', 'Methodology', 'nav-methodology')} ${nav('analysis', '#/analysis', 'Analysis', 'nav-analysis')}
          ${nav('builder', '#/builder', 'Builder', 'nav-builder')}
        </nav>
        ${page === 'sim'
          ? html`<dat-scenario-picker
              .saved=${SAVED_SCENARIOS}
              .opened=${this.session.map(({ key, name }) => ({ key, name }))}
              .selected=${this.scenarioKey}
              @scenario-select=${this.onScenarioSelect}
              @scenario-file=${(e: CustomEvent<{ name: string; text: string }>) => this.loadFile(e.detail.name, e.detail.text)}
            ></dat-scenario-picker>`
          : html`<span class="spacer"></span>`}
        <button class="btn" id="theme-toggle" @click=${this.cycleTheme} aria-label=${`${themeLabel} (click to change)`}>${themeLabel}</button>
      </header>
      ${page === 'sim' ? this.renderSimBody() : html`<main id="main" class="page" tabindex="-1">${this.renderPage()}</main>`}
      ${this.renderStatus()} ${this.dragging ? html`<div class="drop-overlay" aria-hidden="true">Drop a scenario .json file to open it</div>` : nothing}
    `;
  }

  private renderPage() {
    if (this.chunkError) return html`<dat-issues .issues=${[{ path: '', message: this.chunkError }]} heading="This page could not be loaded."></dat-issues>`;
    const r = this.route;
    // The scenario builder (web/components/dat-builder.ts): its chunk loads in showRoute; a built scenario opens like an uploaded file.
    if (r.page === 'builder') return html`<dat-builder .current=${this.file} @builder-run=${this.onBuilderRun}></dat-builder>`;
    const ready = r.page === 'methodology' ? this.chunks.methodology : r.page === 'analysis' ? this.chunks.analysis : this.chunks.teaching;
    if (!ready) return html`<p class="muted" id="page-loading">Loading…</p>`;
    switch (r.page) {
      case 'lessons':
        return html`<dat-lessons-page .current=${String(this.file?.name ?? '')}></dat-lessons-page>`;
      case 'lesson':
        return html`<dat-teach-view .lessonId=${r.lessonId ?? ''} .step=${r.step ?? 0} .theme=${this.theme} @teach-step=${this.onTeachStep}></dat-teach-view>`;
      case 'teach':
        return this.file
          ? html`<dat-teach-view .lessonId=${''} .file=${this.file} .settings=${this.teachSettingsNow()} .theme=${this.theme}></dat-teach-view>`
          : html`<p class="muted">Loading the scenario…</p>`;
      case 'glossary':
        return html`<dat-glossary .term=${r.target ?? ''}></dat-glossary>`;
      case 'methodology':
        return html`<dat-methodology .anchor=${r.target ?? ''}></dat-methodology>`;
      case 'analysis':
        return html`<dat-analysis-view
          .resolved=${this.resolved}
          .name=${String(this.file?.name ?? this.file?.id ?? '')}
          .seed=${this.settings.seed}
          .horizonDays=${this.settings.horizonDays}
          .ticker=${this.settings.company}
          .theme=${this.theme}
        ></dat-analysis-view>`;
      default:
        return nothing;
    }
  }

  private renderLessonsCallout() {
    return html`<aside class="lessons-callout" aria-labelledby="callout-title">
      <strong id="callout-title">New to treasury companies and mNAV?</strong>
      <span>Follow the spiral link by link:</span>
      ${LESSON_LINKS.map((l) => html`<a class="btn small" href=${`#/lesson/${l.id}/1`} data-lesson=${l.id} title=${l.title}>${l.label}</a>`)}
      <a class="btn small primary" href="#/lessons" id="callout-lessons">All lessons</a>
    </aside>`;
  }

  private renderSimBody() {
    const s = this.settings;
    const f = this.file;
    const res = this.resolved;
    const focusCompany = res?.companies.find((c) => c.ticker === s.company);
    const focusMarket = res?.markets.find((m) => m.coin === focusCompany?.coin) ?? res?.markets[0] ?? null;
    const running = this.ensemble.status === EnsembleStatus.running || this.ensemble.status === EnsembleStatus.cancelling;
    return html`
      <div class="app-body">
        <aside class="sidebar ${this.paramsOpen ? '' : 'collapsed'}" aria-label="Run settings and parameters">
          <button class="btn mobile-params-toggle" aria-expanded=${this.paramsOpen ? 'true' : 'false'} aria-controls="sidebar-content" @click=${() => (this.paramsOpen = !this.paramsOpen)}>
            ${this.paramsOpen ? 'Hide' : 'Show'} run settings and parameters
          </button>
          <div class="sidebar-content" id="sidebar-content">
            <dat-run-controls
              .settings=${s}
              ?running=${running}
              .done=${this.ensemble.done}
              .total=${this.ensemble.total}
              @settings-change=${this.onSettings}
              @ensemble-run=${() => this.runEnsemble()}
              @ensemble-cancel=${() => this.ensemble.cancel()}
            ></dat-run-controls>
            <dat-param-panel
              .groups=${this.groups}
              .file=${f}
              .baseline=${this.baseline}
              .resolved=${res}
              .issues=${this.issues}
              @param-change=${this.onParamChange}
              @param-reset=${this.onParamReset}
              @param-reset-all=${this.onResetAll}
            ></dat-param-panel>
          </div>
        </aside>
        <main id="main" tabindex="-1">
          ${this.loadProblem
            ? html`<dat-issues .issues=${this.loadProblem.issues} heading=${this.loadProblem.heading} dismissible @issues-dismiss=${() => (this.loadProblem = null)}></dat-issues>`
            : nothing}
          <dat-issues .issues=${this.issues} heading="These parameters cannot run; the charts show the last valid run. Fix the field(s) below or reset them."></dat-issues>
          ${this.renderLessonsCallout()}
          <div class="scenario-head">
            <h2 class="scenario-name">${f ? String(f.name ?? f.id) : 'Loading…'}</h2>
            ${f?.description ? html`<details class="about"><summary>About this scenario</summary><p>${String(f.description)}</p></details>` : nothing}
          </div>
          <dat-impact-note .market=${focusMarket}></dat-impact-note>
          <div class="toolbar">
            <label for="company">Company</label>
            <select id="company" @change=${(e: Event) => this.onSettings(new CustomEvent('settings-change', { detail: { company: (e.target as HTMLSelectElement).value } }))}>
              ${(res?.companies ?? []).map((c) => html`<option value=${c.ticker} ?selected=${c.ticker === s.company}>${c.ticker} — ${c.name}</option>`)}
            </select>
            <a class="btn" href="#/teach" id="teach-this" title="Step through this scenario day by day and watch each link of the loop">Step through the loop</a>
            <dat-export-bar .shareUrl=${this.shareUrl} .message=${this.exportMessage} ?hasEnsemble=${this.ensemble.result !== null} @export=${this.onExport}></dat-export-bar>
          </div>
          <div class="tabs" id="views" role="tablist" aria-label="Views" @keydown=${this.onTabKey}>
            ${VIEWS.map(
              (v) => html`<button
                role="tab"
                id=${`tab-${v}`}
                aria-selected=${s.view === v ? 'true' : 'false'}
                aria-controls="view-panel"
                tabindex=${s.view === v ? '0' : '-1'}
                @click=${() => this.setView(v)}
              >
                ${VIEW_LABELS[v]}
              </button>`,
            )}
          </div>
          <section id="view-panel" role="tabpanel" aria-labelledby=${`tab-${s.view}`}>${this.renderView()}</section>
        </main>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-app': DatApp;
  }
}
