/**
 * RunController: the simulator's runs on <dat-app> (a Lit reactive
 * controller). A parameter or settings edit re-resolves the edited file and
 * re-runs one path on the main thread (a 365-day path takes a few ms), at most
 * once per animation frame while a slider moves; an edit that cannot run
 * leaves its issues (field paths) and the last valid run on screen. Each run
 * and each finished ensemble is timed (`timings`, the status line and the
 * tests read them). Ensembles themselves run in EnsembleController's workers;
 * this records which file and settings the last one ran with, to flag it stale.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ScenarioIssue } from '../../src/resolve.ts';
import type { SimResultTyped } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { EnsembleController } from './ensemble-controller.ts';
import { hasRules } from './params.ts';
import { prepareFor, resolveFile, runSingle } from './runner.ts';
import type { ScenarioData } from './saved-scenarios.ts';
import type { Settings } from './share.ts';
import type { TeachRunInfo } from './teach-run-controller.ts';

export interface Timings {
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

export const NO_TIMINGS: Timings = { runSeq: 0, ensembleSeq: 0, runMs: NaN, drawMs: NaN, totalMs: NaN, ensembleMs: NaN, ensemblePaths: 0, ensembleDays: 0, workers: 0 };

/** What a run reads: the file as edited and the settings. */
export interface RunSource {
  file: ScenarioData | null;
  settings: Settings;
}

export interface RunHooks {
  /** After a valid run, before the redraw (Compare re-runs its A). */
  ran(): void;
  /** Resolves once the host and its view have drawn the run. */
  drawn(): Promise<unknown>;
}

/** What an ensemble's figures depend on (the view tab and the path count's display aside, everything it ran with). */
export function ensembleKey(file: ScenarioData | null, s: Settings): string {
  return JSON.stringify([file, s.seed, s.horizonDays, s.deterministic, s.paths]);
}

/** Whether a settings change needs a re-run of the single path (seed, horizon or the deterministic switch changed). */
export function needsRerun(before: Settings, after: Settings): boolean {
  return after.seed !== before.seed || after.horizonDays !== before.horizonDays || after.deterministic !== before.deterministic;
}

export class RunController implements ReactiveController {
  /** The last scenario that resolved, and its run. */
  resolved: ResolvedScenario | null = null;
  result: SimResultTyped | null = null;
  /** Why the current edits cannot run (the charts keep the last valid run). */
  issues: ScenarioIssue[] = [];
  timings: Timings = NO_TIMINGS;
  private frame = 0;
  /** ensembleKey() of the last ensemble started. */
  private lastEnsemble = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => RunSource,
    private readonly hooks: RunHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  /** A scenario was opened: its resolved form shows until its first run. */
  opened(resolved: ResolvedScenario): void {
    this.resolved = resolved;
    this.host.requestUpdate();
  }

  /** Re-runs at the next animation frame (many edits in one frame run once). */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      void this.now();
    });
  }

  private setIssues(issues: ScenarioIssue[]): void {
    this.issues = issues;
    this.host.requestUpdate();
  }

  /** Resolve + simulate + redraw, timed; on failure the issues show and the last run stays. */
  async now(): Promise<void> {
    const { file, settings } = this.source();
    if (!file) return;
    const t0 = performance.now();
    if (hasRules(file)) await prepareFor(file);
    const r = resolveFile(file);
    if (!r.ok) return this.setIssues(r.issues);
    const ran = runSingle(r.resolved, settings);
    if (!ran.ok) return this.setIssues(ran.issues);
    const t1 = performance.now();
    this.issues = [];
    this.resolved = r.resolved;
    this.result = ran.result;
    this.hooks.ran();
    this.host.requestUpdate();
    await this.hooks.drawn();
    const t2 = performance.now();
    this.timings = { ...this.timings, runSeq: this.timings.runSeq + 1, runMs: t1 - t0, drawMs: t2 - t1, totalMs: t2 - t0 };
    this.host.requestUpdate();
  }

  /** Whether the ensemble on screen ran with other parameters or settings than the current ones. */
  ensembleStale(ens: EnsembleController): boolean {
    const { file, settings } = this.source();
    return ens.result !== null && this.lastEnsemble !== ensembleKey(file, settings);
  }

  /** Runs an ensemble of the current parameters (an error when they cannot run), timed. */
  async ensemble(ens: EnsembleController): Promise<void> {
    const { file, settings: s } = this.source();
    if (!this.resolved || !file) return;
    if (this.issues.length) {
      ens.fail('the current parameters cannot run (see the message above); fix or reset them first');
      return;
    }
    this.lastEnsemble = ensembleKey(file, s);
    const res = await ens.start({ scenario: this.resolved, seed: s.seed, days: s.horizonDays, deterministic: s.deterministic, paths: s.paths, hasRules: hasRules(file) });
    if (!res) return;
    this.timings = { ...this.timings, ensembleSeq: this.timings.ensembleSeq + 1, ensembleMs: res.elapsedMs, ensemblePaths: res.summary.paths, ensembleDays: res.summary.days, workers: res.workers };
    this.host.requestUpdate();
  }

  /** The status line under the page: the run's scenario, seed and size, and how long the last run, redraw and ensemble took; `simulatorNamed` on a page that shows no run of its own (it says whose run it is). */
  renderStatus(simulatorNamed = false) {
    const t = this.timings;
    const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
    const r = this.result;
    const nC = r ? Object.keys(r.companies).length : 0;
    return html`<div
      class="status-line"
      id="status"
      data-run="sim"
      data-scenario=${r?.scenario.id ?? ''}
      data-seed=${r?.seed ?? ''}
      data-run-ms=${ms(t.runMs)}
      data-draw-ms=${ms(t.drawMs)}
      data-total-ms=${ms(t.totalMs)}
      data-days=${r?.dates.length ?? 0}
      data-companies=${nC}
      data-ensemble-ms=${ms(t.ensembleMs)}
      data-ensemble-paths=${t.ensemblePaths}
    >
      ${simulatorNamed ? 'simulator: ' : ''}${r ? runLabel(r.scenario.id, `seed ${r.seed}`, r.dates.length, nC) : 'loading'} · re-run ${ms(t.runMs)} ms + redraw
      ${ms(t.drawMs)} ms = ${ms(t.totalMs)} ms
      ${t.ensemblePaths ? ` · ensemble ${t.ensemblePaths} paths × ${t.ensembleDays} days: ${ms(t.ensembleMs)} ms (${t.workers} worker${t.workers > 1 ? 's' : ''})` : ''}
    </div>`;
  }
}

/** "fgnx · seed 1 · 365 days · 3 companies": the run a status line names. */
function runLabel(scenarioId: string, seed: string, days: number, companies: number): string {
  return `${scenarioId} · ${seed} · ${days} days · ${companies} compan${companies === 1 ? 'y' : 'ies'}`;
}

/**
 * The status line on a lesson page or in teaching mode: the run on screen there
 * (the lesson's scenario, seed, horizon and variant, or the simulator's scenario
 * as teaching mode runs it), not the simulator's run. `info` is what the teaching
 * view last reported (`teach-run`), null while its run is not on screen yet. The
 * timings are the view's own (its "traced … in … ms" line), not repeated here.
 */
export function renderTeachStatus(info: TeachRunInfo | null, lessonId: string) {
  const where = lessonId ? `lesson ${lessonId}` : 'teaching mode';
  const i = info?.ready ? info : null;
  const extra = !i ? '' : `${i.variantOf ? (lessonId ? ' · labelled variant' : ` · variant of lesson ${i.variantOf}`) : i.asSaved ? ' · as saved' : ''}${i.off ? ` · without ${i.off}` : ''}`;
  return html`<div class="status-line" id="status" data-run=${lessonId ? 'lesson' : 'teach'} data-scenario=${i?.scenarioId ?? ''} data-seed=${i?.seed ?? ''} data-days=${i?.days ?? 0} data-companies=${i?.companies ?? 0} data-deterministic=${i?.deterministic ? '1' : '0'} data-variant=${i?.variantOf ?? ''}>
    ${where}: ${i ? html`${runLabel(i.scenarioId, i.deterministic ? 'deterministic' : `seed ${i.seed}`, i.days, i.companies)}${extra}` : 'preparing the run'}
  </div>`;
}
