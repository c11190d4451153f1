/**
 * Running a lesson: its scenario file (with the variant applied) resolved,
 * traced with the lesson's settings, the forces runs, and every step
 * rendered to plain data (day, focus company, rich text, what to look at).
 * The teaching view and the tests both use this. Pure (the caller fetches
 * the scenario file and, for `rules` scenarios, loads the rule compiler).
 */
import type { RuleCompiler, ResolvedScenario } from '../../../sim/index.ts';
import { resolveScenario } from '../../../src/resolve.ts';
import { LessonContext, type Lesson, type Look } from '../../lessons/types.ts';
import { runForces, type ForceRuns } from './forces.ts';
import type { Rich } from './segments.ts';
import { traceScenario, type TeachingTrace } from './trace.ts';

export interface RenderedStep {
  id: string;
  title: string;
  day: number;
  ticker: string;
  text: Rich;
  look: Look;
}

export interface LessonRun {
  lesson: Lesson;
  resolved: ResolvedScenario;
  trace: TeachingTrace;
  forces: ForceRuns;
  ctx: LessonContext;
  steps: RenderedStep[];
}

/** The lesson's scenario file with its variant applied. */
export function lessonFile(lesson: Lesson, file: Record<string, unknown>): Record<string, unknown> {
  return lesson.variant ? lesson.variant.apply(structuredClone(file)) : structuredClone(file);
}

export function runLesson(lesson: Lesson, file: Record<string, unknown>, opts: { compileRule?: RuleCompiler; checkExpression?: (source: string, path: string) => string | null } = {}): LessonRun {
  const resolved = resolveScenario(lessonFile(lesson, file), { file: lesson.scenario, checkExpression: opts.checkExpression });
  const s = lesson.settings;
  const o = { seed: s.seed, days: s.horizonDays, deterministic: s.deterministic, compileRule: opts.compileRule };
  const trace = traceScenario(resolved, o);
  const forces = runForces(resolved, o);
  const ctx = new LessonContext(trace, forces, lesson.ticker);
  const steps = lesson.steps.map((st) => {
    const ticker = st.ticker ?? lesson.ticker;
    const c = ticker === lesson.ticker ? ctx : new LessonContext(trace, forces, ticker);
    const day = Math.max(0, Math.min(trace.days - 1, Math.round(st.day(c))));
    return { id: st.id, title: st.title, day, ticker, text: st.text(c), look: st.look };
  });
  return { lesson, resolved, trace, forces, ctx, steps };
}
