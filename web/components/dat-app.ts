/**
 * <dat-app>: the whole simulator page. Renders and wires; the state lives in
 * Lit reactive controllers (web/lib/*-controller.ts), one per concern:
 *
 * - ScenarioController: the scenario open (saved, template, a file or a
 *   link), as loaded and as edited, its parameter groups, load problems;
 * - RunController: the single-path run (re-run on edit, once per frame while
 *   a slider moves; a file or edit that cannot run shows the resolver's field
 *   paths inline and leaves the last valid run on screen) and the timings;
 * - EnsembleController: ensembles in Web Workers;
 * - CompareController (url-state-compare.ts): Compare's reference A and pin;
 * - UrlStateController: the view in the URL, written as the user works,
 *   restored on load, Back/Forward and links;
 * - PageController: the page shown (hash routes) and its lazy chunk;
 * - ThemeController, FileDropController, ExportController: the theme button,
 *   a file dropped on the page, the export bar and Share.
 *
 * The app itself keeps the run settings (seed, horizon, paths, company,
 * view tab), the selected event and the mobile sidebar toggle.
 *
 * Renders into light DOM so the page stylesheet (web/styles.css) lays it out
 * and the skip link can reach #main.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ResolvedScenario } from '../../sim/index.ts';
import { setStateGetter } from '../lib/debug.ts';
import { EnsembleController, EnsembleStatus } from '../lib/ensemble-controller.ts';
import { ExportController } from '../lib/export-controller.ts';
import { FileDropController } from '../lib/file-drop-controller.ts';
import { PageController } from '../lib/page-controller.ts';
import type { Path } from '../lib/params.ts';
import { LESSON_LINKS, routeHash, type Page, type Route } from '../lib/routes.ts';
import { needsRerun, renderTeachStatus, RunController } from '../lib/run-controller.ts';
import { SAVED_SCENARIOS } from '../lib/saved-scenarios.ts';
import { openedSettings, ScenarioController, withCompany } from '../lib/scenario-controller.ts';
import { VIEWS, type Settings, type ShareIssue, type ViewName } from '../lib/share.ts';
import { ThemeController } from '../lib/theme-controller.ts';
import { tabKeyTarget, VIEW_LABELS } from '../lib/view-tabs.ts';
import type { ViewSnapshot } from '../lib/url-state.ts';
import type { TeachRunInfo } from '../lib/teach-run-controller.ts';
import { UrlStateController, type RestoreTarget } from '../lib/url-state-controller.ts';
import { applyDiff } from '../lib/url-state.ts';
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

@customElement('dat-app')
export class DatApp extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  @state() private settings: Settings = { seed: '1', horizonDays: 365, paths: 500, company: null, deterministic: false, view: 'single' };
  @state() private selected: SelectedEvent | null = null;
  @state() private paramsOpen = false;

  private readonly scenario = new ScenarioController(this);
  private readonly run = new RunController(this, () => ({ file: this.scenario.file, settings: this.settings }), {
    ran: () => {
      if (this.settings.view === 'compare') this.compare.compute();
    },
    drawn: async () => {
      await this.updateComplete;
      await (this.querySelector('dat-single-view, dat-compare-view, dat-ensemble-view') as LitElement | null)?.updateComplete;
    },
  });
  private readonly ensemble = new EnsembleController(this);
  /** The view in the URL (web/lib/url-state-controller.ts). */
  private readonly url = new UrlStateController(this);
  /** Compare's reference A and pin (web/lib/url-state-compare.ts). */
  private readonly compare = new CompareController(this, () => ({ scenarioKey: this.scenario.key, baseline: this.scenario.baseline, file: this.scenario.file, settings: this.settings }));
  private readonly page = new PageController(this);
  private readonly theming = new ThemeController(this);
  private readonly drop = new FileDropController(this, (name, text) => this.scenario.openFile(name, text));
  private readonly exports = new ExportController(this, {
    context: () => (this.page.route.page === 'sim' ? { file: this.scenario.file, settings: this.settings, result: this.run.result, resolved: this.run.resolved, ensemble: this.ensemble.result, theme: this.theming.theme } : null),
    shareHash: () => this.url.shareHash(),
  });
  /** The run the teaching view shows (its `teach-run` report), for the status line on lesson and teaching pages. */
  @state() private teachRun: TeachRunInfo | null = null;
  private teachSettingsKey = '';
  private teachSettings: { seed: string; horizonDays: number; deterministic: boolean; company: string | null } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    setStateGetter(() => this.debugState());
  }

  protected override firstUpdated(): void {
    void this.url.start();
  }

  // -------------------------------------------------------------------------
  // The view in the URL (UrlStateHost, web/lib/url-state-controller.ts)

  urlSnapshot(): ViewSnapshot {
    const sc = this.scenario;
    return { route: this.page.route, scenarioKey: sc.key, baseline: sc.baseline, file: sc.file, settings: this.settings, compareRef: this.compare.ref, pinned: this.compare.pinned };
  }

  hasScenario(): boolean {
    return this.scenario.file !== null;
  }

  loadDefaultView(): Promise<void> {
    return this.scenario.openDefault();
  }

  showUrlProblem(heading: string, issues: ShareIssue[]): void {
    this.scenario.addProblem(heading, issues);
  }

  /** Shows a view read from the URL: its scenario (loaded only when it is not the one on screen), edits, settings and compare pins. */
  async restoreView(t: RestoreTarget): Promise<boolean> {
    const opened = t.scenario ? await this.scenario.openLinked(t.scenario, t.settings) : 'same';
    if (opened === 'failed') return false;
    if (opened === 'same') {
      const s = withCompany({ ...this.settings, ...t.settings }, this.run.resolved);
      if (s.company !== this.settings.company) this.selected = null;
      this.settings = s;
    }
    if (!this.scenario.applyEdits(t.edits)) return false;
    await this.compare.restore(t.compareRef, t.pinned ? applyDiff(this.scenario.baseline!, t.pinned) : null);
    await this.run.now();
    return true;
  }

  showRoute(r: Route): void {
    // Another page's teaching view reports its own run; until then the status line says it is being prepared.
    const was = this.page.route;
    if (r.page !== was.page || r.lessonId !== was.lessonId) this.teachRun = null;
    this.page.show(r);
  }

  /** ScenarioHost: a scenario was opened (web/lib/scenario-controller.ts). */
  async scenarioOpened(resolved: ResolvedScenario, settings: Partial<Settings> | undefined): Promise<void> {
    this.run.opened(resolved);
    this.settings = openedSettings(this.settings, resolved, settings);
    this.selected = null;
    this.compare.reset();
    this.ensemble.cancel();
    this.ensemble.reset();
    await this.run.now();
  }

  // -------------------------------------------------------------------------
  // Settings and views

  private setSettings(s: Settings): void {
    const before = this.settings;
    this.settings = s;
    if (needsRerun(before, s)) this.run.schedule();
    if (s.company !== before.company) this.selected = null;
    if (s.view === 'compare' && before.view !== 'compare') this.compare.compute();
  }

  private onSettings(e: CustomEvent<Partial<Settings>>): void {
    this.setSettings({ ...this.settings, ...e.detail });
  }

  private setView(view: ViewName): void {
    if (view !== this.settings.view) this.setSettings({ ...this.settings, view });
  }

  private onTabKey(e: KeyboardEvent): void {
    const next = tabKeyTarget(e.key, VIEWS.indexOf(this.settings.view), VIEWS.length);
    if (next < 0) return;
    e.preventDefault();
    this.setView(VIEWS[next]);
    void this.updateComplete.then(() => (this.querySelector(`#tab-${VIEWS[next]}`) as HTMLElement | null)?.focus());
  }

  private runEnsemble(): void {
    if (!this.run.resolved || !this.scenario.file) return;
    this.setView('ensemble');
    void this.run.ensemble(this.ensemble);
  }

  private edited(ok: boolean): void {
    if (ok) this.run.schedule();
  }

  private readonly onTeachRun = (e: CustomEvent<TeachRunInfo>): void => {
    this.teachRun = e.detail;
  };

  /** The status line: the run on screen (a lesson's or teaching mode's run on those pages, else the simulator's, named so on pages that show no run). */
  private renderStatus() {
    const r = this.page.route;
    if (r.page !== 'lesson' && r.page !== 'teach') return this.run.renderStatus(r.page !== 'sim' && r.page !== 'analysis');
    const lessonId = r.page === 'lesson' ? (r.lessonId ?? '') : '';
    const t = this.teachRun;
    return renderTeachStatus(t && t.lessonId === lessonId ? t : null, lessonId);
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

  /** "Run this scenario" in the builder: back to the simulator, with the built file opened under the builder's one picker entry (replaced on every run). */
  private readonly onBuilderRun = (e: CustomEvent<{ fileName: string; text: string }>): void => {
    location.hash = '#';
    void this.scenario.openFile(e.detail.fileName, e.detail.text, 'builder');
  };

  // -------------------------------------------------------------------------
  // Test hook (web/lib/debug.ts)

  private debugState(): unknown {
    const sc = this.scenario;
    const ens = this.ensemble;
    return {
      scenarioKey: sc.key,
      scenarioId: sc.file?.id ?? null,
      settings: this.settings,
      issues: this.run.issues,
      loadProblem: sc.problem,
      themeMode: this.theming.mode,
      selected: this.selected,
      timings: this.run.timings,
      companies: this.run.resolved?.companies.map((c) => c.ticker) ?? [],
      ensemble: { status: ens.status, done: ens.done, total: ens.total, paths: ens.result?.summary.paths ?? 0, requested: ens.result?.requested ?? 0, cancelled: ens.result?.cancelled ?? false, elapsedMs: ens.result?.elapsedMs ?? null },
      compare: { ref: this.compare.ref, hasA: this.compare.a !== null, pinned: this.compare.pinned !== null },
      urlRestored: !this.url.restoring,
      route: this.page.route,
      chunks: this.page.chunks,
    };
  }

  // -------------------------------------------------------------------------

  private renderView() {
    const s = this.settings;
    const ticker = s.company ?? '';
    const fileBase = `${String(this.scenario.file?.id ?? 'scenario')}-seed${s.seed}`;
    if (s.view === 'ensemble') {
      const ens = this.ensemble;
      return html`<dat-ensemble-view
        .ensemble=${ens.result}
        .resolved=${this.run.resolved}
        .single=${this.run.result}
        .ticker=${ticker}
        .theme=${this.theming.theme}
        .status=${ens.status}
        .done=${ens.done}
        .total=${ens.total}
        .paths=${s.paths}
        .stale=${this.run.ensembleStale(ens)}
        .error=${ens.error}
        .selected=${this.selected}
        .fileBase=${fileBase}
        @ensemble-run=${() => this.runEnsemble()}
        @ensemble-cancel=${() => this.ensemble.cancel()}
      ></dat-ensemble-view>`;
    }
    if (s.view === 'risk') {
      return html`<dat-risk-view
        .resolved=${this.run.resolved}
        .result=${this.run.result}
        .ensemble=${this.ensemble.result}
        .ticker=${ticker}
        .theme=${this.theming.theme}
        .file=${this.scenario.file}
        .fileBase=${fileBase}
        .seed=${s.seed}
        .paths=${s.paths}
        .days=${s.horizonDays}
        .deterministic=${s.deterministic}
      ></dat-risk-view>`;
    }
    if (s.view === 'compare') {
      return html`<dat-compare-view
        .a=${this.compare.a}
        .b=${this.run.result}
        .labels=${{ a: this.compare.label(), b: 'current' }}
        .options=${this.compare.options()}
        .refKey=${this.compare.ref}
        .ticker=${ticker}
        .theme=${this.theming.theme}
        .issues=${this.compare.issues}
        .listingRules=${this.run.resolved?.listingRules ?? {}}
        .identical=${this.compare.identical()}
        .differences=${this.compare.differences()}
        .fileBase=${fileBase}
        @compare-ref=${(e: CustomEvent<{ key: string }>) => this.compare.setRef(e.detail.key)}
        @compare-pin=${() => this.compare.pin()}
      ></dat-compare-view>`;
    }
    return html`<dat-single-view
      .result=${this.run.result}
      .resolved=${this.run.resolved}
      .ticker=${ticker}
      .theme=${this.theming.theme}
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
    const themeLabel = { auto: 'Theme: auto', light: 'Theme: light', dark: 'Theme: dark' }[this.theming.mode];
    const page = this.page.route.page;
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
        <div class="header-tools ${page === 'sim' ? 'with-picker' : ''}">
        ${page === 'sim'
          ? html`<dat-scenario-picker
              .saved=${SAVED_SCENARIOS}
              .opened=${this.scenario.session.map(({ key, name }) => ({ key, name }))}
              .selected=${this.scenario.key}
              @scenario-select=${(e: CustomEvent<{ key: string }>) => this.scenario.select(e.detail.key)}
              @scenario-file=${(e: CustomEvent<{ name: string; text: string }>) => this.scenario.openFile(e.detail.name, e.detail.text)}
            ></dat-scenario-picker>`
          : html`<span class="spacer"></span>`}
        <button class="btn" id="theme-toggle" @click=${() => this.theming.cycle()} aria-label=${`${themeLabel} (click to change)`}>${themeLabel}</button>
        </div>
      </header>
      ${page === 'sim' ? this.renderSimBody() : html`<main id="main" class="page" tabindex="-1">${this.renderPage()}</main>`}
      ${this.renderStatus()} ${this.drop.dragging ? html`<div class="drop-overlay" aria-hidden="true">Drop a scenario .json file to open it</div>` : nothing}
    `;
  }

  private renderPage() {
    if (this.page.error) return html`<dat-issues .issues=${[{ path: '', message: this.page.error }]} heading="This page could not be loaded."></dat-issues>`;
    const r = this.page.route;
    // The scenario builder (web/components/dat-builder.ts): its chunk loads in showRoute; a built scenario opens like an uploaded file.
    if (r.page === 'builder') return html`<dat-builder .current=${this.scenario.file} @builder-run=${this.onBuilderRun}></dat-builder>`;
    if (!this.page.ready) return html`<p class="muted" id="page-loading">Loading…</p>`;
    switch (r.page) {
      case 'lessons':
        return html`<dat-lessons-page .current=${String(this.scenario.file?.name ?? '')}></dat-lessons-page>`;
      case 'lesson':
        return html`<dat-teach-view .lessonId=${r.lessonId ?? ''} .step=${r.step ?? 0} .theme=${this.theming.theme} @teach-step=${this.onTeachStep} @teach-run=${this.onTeachRun}></dat-teach-view>`;
      case 'teach':
        return this.scenario.file
          ? html`<dat-teach-view .lessonId=${''} .file=${this.scenario.file} .settings=${this.teachSettingsNow()} .theme=${this.theming.theme} @teach-run=${this.onTeachRun}></dat-teach-view>`
          : html`<p class="muted">Loading the scenario…</p>`;
      case 'glossary':
        return html`<dat-glossary .term=${r.target ?? ''}></dat-glossary>`;
      case 'methodology':
        return html`<dat-methodology .anchor=${r.target ?? ''}></dat-methodology>`;
      case 'analysis':
        return html`<dat-analysis-view
          .resolved=${this.run.resolved}
          .name=${String(this.scenario.file?.name ?? this.scenario.file?.id ?? '')}
          .seed=${this.settings.seed}
          .horizonDays=${this.settings.horizonDays}
          .ticker=${this.settings.company}
          .theme=${this.theming.theme}
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
    const f = this.scenario.file;
    const res = this.run.resolved;
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
              .groups=${this.scenario.groups}
              .file=${f}
              .baseline=${this.scenario.baseline}
              .resolved=${res}
              .issues=${this.run.issues}
              @param-change=${(e: CustomEvent<{ path: Path; value: unknown }>) => this.edited(this.scenario.setParam(e.detail.path, e.detail.value))}
              @param-reset=${(e: CustomEvent<{ path: Path }>) => this.edited(this.scenario.resetParam(e.detail.path))}
              @param-reset-all=${() => this.edited(this.scenario.resetAll())}
            ></dat-param-panel>
          </div>
        </aside>
        <main id="main" tabindex="-1">
          ${this.scenario.problem
            ? html`<dat-issues .issues=${this.scenario.problem.issues} heading=${this.scenario.problem.heading} dismissible @issues-dismiss=${() => this.scenario.dismissProblem()}></dat-issues>`
            : nothing}
          <dat-issues .issues=${this.run.issues} heading="These parameters cannot run; the charts show the last valid run. Fix the field(s) below or reset them."></dat-issues>
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
            <dat-export-bar .shareUrl=${this.exports.shareUrl} .message=${this.exports.message} ?hasEnsemble=${this.ensemble.result !== null} @export=${(e: CustomEvent<{ what: string }>) => this.exports.run(e.detail.what)}></dat-export-bar>
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
