/**
 * TeachRunController: the run <dat-teach-view> teaches (a Lit reactive
 * controller). In a lesson (`lessonId`) it fetches the lesson's scenario and
 * runs it with the lesson's variant and settings (teaching/lesson-run.ts); in
 * free mode it runs the simulator's scenario with its settings, with the
 * variant of the lesson on that scenario applied or not (`useVariant`). Either
 * way the whole path is traced up front (teaching/trace.ts) with its forces
 * runs, so the scrubber can go anywhere. A source whose key did not change is
 * not run again; a load overtaken by a newer one is dropped. After each
 * render it reports the run on screen to the app (`teach-run`, `info()`), whose
 * status line then names that run, not the simulator's.
 *
 * One force switched off (`off`): the whole view shows that run, same seed
 * (`trace` is then the run without it, `base.trace` the run with every force);
 * each force's run is traced once per load and kept.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResolvedScenario, RuleCompiler } from '../../sim/index.ts';
import { LESSONS, lessonById, type Lesson } from '../lessons/index.ts';
import { hasRules } from './params.ts';
import { loadExpr, prepareFor, resolveFile } from './runner.ts';
import { SAVED_SCENARIOS, type ScenarioData } from './saved-scenarios.ts';
import { FORCES, runForces, scenarioWithout, type ForceId, type ForceRuns } from './teaching/forces.ts';
import { lessonFile, runLesson, type RenderedStep } from './teaching/lesson-run.ts';
import { prepareTeachingModel, traceRun, traceScenario, type TeachingTrace } from './teaching/trace.ts';

/** The simulator's run settings teaching mode reads in free mode. */
export interface TeachSettings {
  seed: string;
  horizonDays: number;
  deterministic: boolean;
  company: string | null;
}

/** What the view is asked to teach (its properties). */
export interface TeachSource {
  /** Lesson id ('' = teach the simulator's scenario). */
  lessonId: string;
  file: ScenarioData | null;
  settings: TeachSettings | null;
}

/** A traced run and what it came from. */
export interface TeachBase {
  key: string;
  resolved: ResolvedScenario;
  trace: TeachingTrace;
  forces: ForceRuns;
  lesson: Lesson | null;
  steps: RenderedStep[];
  name: string;
  seed: string;
  deterministic: boolean;
  compileRule?: RuleCompiler;
  /** Free mode: the lesson whose variant this scenario has (or could have). */
  variantOf?: Lesson | null;
}

/** The run on screen as the app's status line names it (the `teach-run` event's detail; web/lib/run-controller.ts renders it). */
export interface TeachRunInfo {
  mode: 'lesson' | 'free';
  /** The lesson taught (lesson mode), or '' in free mode. */
  lessonId: string;
  /** False while the run is being prepared (the other fields are then empty). */
  ready: boolean;
  scenarioId: string;
  seed: string;
  deterministic: boolean;
  days: number;
  companies: number;
  /** The lesson whose variant of the scenario runs (a lesson's own, or free mode's switch when on); '' for none. */
  variantOf: string;
  /** Free mode: a lesson has a variant on this scenario but the scenario runs as saved. */
  asSaved: boolean;
  /** The force switched off, as its label reads ('' for none). */
  off: string;
}

export interface TeachRunHooks {
  /** A load starts: playback stops. */
  loading(): void;
  /** A load finished and is the one on screen: place the day and the company. */
  loaded(base: TeachBase): void;
}

/** The lesson with a variant on the simulator's saved scenario (the one focused on `company` first), if any. */
export function lessonForScenario(file: ScenarioData, company: string | null): Lesson | undefined {
  const id = (file as { id?: unknown }).id;
  const on = LESSONS.filter((l) => l.variant && l.scenario === `${String(id)}.json`);
  return on.find((l) => l.ticker === company) ?? on[0];
}

/** What a run depends on: a lesson is its id; free mode is the file, the seed, horizon and mode, and the variant switch (not the company: it only moves the focus). */
export function teachSourceKey(src: TeachSource, useVariant: boolean): string {
  if (src.lessonId) return `lesson:${src.lessonId}`;
  const s = src.settings;
  return `free:${JSON.stringify([src.file, s?.seed, s?.horizonDays, s?.deterministic, useVariant])}`;
}

export class TeachRunController implements ReactiveController {
  base: TeachBase | null = null;
  error = '';
  loading = false;
  /** Free mode: apply the variant of the lesson on this scenario. */
  useVariant = true;
  /** The force switched off, and the run without it. */
  off: ForceId | null = null;
  alt: TeachingTrace | null = null;
  private loadKey = '';
  /** The last `teach-run` reported (JSON), so a host update that changed nothing reports nothing. */
  private reported = '';
  private readonly altCache = new Map<string, TeachingTrace>();

  constructor(
    private readonly host: ReactiveControllerHost & Pick<EventTarget, 'dispatchEvent'>,
    private readonly source: () => TeachSource,
    private readonly hooks: TeachRunHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** After each render: tells the app (`teach-run`, bubbling, composed) what run is on screen when that changed, for its status line. */
  hostUpdated(): void {
    const info = this.info();
    const key = JSON.stringify(info);
    if (key === this.reported) return;
    this.reported = key;
    this.host.dispatchEvent(new CustomEvent<TeachRunInfo>('teach-run', { detail: info, bubbles: true, composed: true }));
  }

  /** The run on screen: the base run, or the run with one force switched off. */
  get trace(): TeachingTrace | null {
    return this.alt ?? this.base?.trace ?? null;
  }

  /** Whether the run on screen is the one the source asks for (not one still being replaced). */
  get current(): boolean {
    return !!this.base && this.base.key === this.loadKey;
  }

  /** What the app's status line says of the run on screen. */
  info(): TeachRunInfo {
    const lessonId = this.source().lessonId;
    const mode = lessonId ? 'lesson' : 'free';
    const b = this.base, t = this.trace;
    if (!b || !t || this.loading || !this.current || this.error) {
      return { mode, lessonId, ready: false, scenarioId: '', seed: '', deterministic: false, days: 0, companies: 0, variantOf: '', asSaved: false, off: '' };
    }
    const variantOf = b.lesson?.variant ? b.lesson.id : b.variantOf && this.useVariant ? b.variantOf.id : '';
    return {
      mode,
      lessonId,
      ready: true,
      scenarioId: b.resolved.id,
      seed: b.seed,
      deterministic: b.deterministic,
      days: t.days,
      companies: b.resolved.companies.length,
      variantOf,
      asSaved: !!b.variantOf && !this.useVariant,
      off: this.off ? (FORCES.find((f) => f.id === this.off)?.label.toLowerCase() ?? this.off) : '',
    };
  }

  /** Runs the source when its key changed; true when it did (a load started). */
  sync(): boolean {
    const key = teachSourceKey(this.source(), this.useVariant);
    if (key === this.loadKey) return false;
    this.loadKey = key;
    void this.load(key);
    return true;
  }

  /** Free mode's switch between the scenario as saved and the lesson's variant on it. */
  toggleVariant(): void {
    this.useVariant = !this.useVariant;
    this.host.requestUpdate();
    this.sync();
  }

  setForceOff(id: ForceId | null): void {
    const b = this.base;
    if (!b) return;
    this.off = id;
    this.host.requestUpdate();
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

  private async load(key: string): Promise<void> {
    this.hooks.loading();
    this.loading = true;
    this.error = '';
    this.off = null;
    this.alt = null;
    this.altCache.clear();
    this.host.requestUpdate();
    try {
      // Let the "preparing" state paint before the (synchronous) runs.
      await new Promise((r) => setTimeout(r, 0));
      const src = this.source();
      const base = src.lessonId ? await this.loadLesson(key, src.lessonId) : await this.loadFree(key, src);
      if (key !== this.loadKey) return;
      this.base = base;
      this.hooks.loaded(base);
    } catch (e) {
      if (key === this.loadKey) this.error = (e as Error).message;
    } finally {
      if (key === this.loadKey) this.loading = false;
      this.host.requestUpdate();
    }
  }

  private async loadLesson(key: string, lessonId: string): Promise<TeachBase> {
    const lesson = lessonById(lessonId);
    if (!lesson) throw new Error(`There is no lesson "${lessonId}". Lessons: ${LESSONS.map((l) => l.id).join(', ')}.`);
    const saved = SAVED_SCENARIOS.find((s) => s.file === lesson.scenario);
    if (!saved) throw new Error(`The lesson's scenario ${lesson.scenario} is not in this build.`);
    const data = await saved.load();
    const expr = hasRules(data) ? await loadExpr() : null;
    const run = runLesson(lesson, data, { compileRule: expr?.compileExpression, checkExpression: expr?.checkExpression });
    return { key, resolved: run.resolved, trace: run.trace, forces: run.forces, lesson, steps: run.steps, name: run.resolved.name, seed: lesson.settings.seed, deterministic: lesson.settings.deterministic, compileRule: expr?.compileExpression };
  }

  private async loadFree(key: string, src: TeachSource): Promise<TeachBase> {
    if (!src.file || !src.settings) throw new Error('No scenario is open in the simulator.');
    // The same scenario variant as the lesson on this scenario (issue 14), labelled and switchable.
    const lesson = lessonForScenario(src.file, src.settings.company);
    const file = lesson?.variant && this.useVariant ? (lessonFile(lesson, src.file) as ScenarioData) : src.file;
    await prepareFor(file);
    const expr = hasRules(file) ? await loadExpr() : null;
    const r = resolveFile(file);
    if (!r.ok) throw new Error(`The scenario cannot run: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    const s = src.settings;
    const o = { seed: s.seed, days: s.horizonDays, deterministic: s.deterministic, compileRule: expr?.compileExpression };
    const trace = traceScenario(r.resolved, o);
    const forces = runForces(r.resolved, o);
    return { key, resolved: r.resolved, trace, forces, lesson: null, steps: [], name: r.resolved.name, seed: s.seed, deterministic: s.deterministic, compileRule: expr?.compileExpression, variantOf: lesson?.variant ? lesson : null };
  }
}
