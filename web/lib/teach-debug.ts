/**
 * The teaching view's state for the test hook (web/lib/debug.ts:
 * `__datDebug.teach()`): plain data read from <dat-teach-view>'s controllers,
 * the run's own figures next to what the page shows (the e2e suite checks one
 * against the other).
 */
import { LESSONS } from '../lessons/index.ts';
import { dayFigures } from './teaching/figures.ts';
import { forceShares } from './teaching/forces.ts';
import { interestDays } from './teaching/interest.ts';
import { LINKS, NODES } from './teaching/loop.ts';
import { plain, termsOf } from './teaching/segments.ts';
import { LINK_RULES } from './teaching/story.ts';
import { dayEvents } from './teaching/trace.ts';
import type { DayViewController } from './teach-day-controller.ts';
import type { GlossaryPanelController } from './teach-glossary-controller.ts';
import type { LessonStepController } from './teach-lesson-controller.ts';
import type { TeachRunController } from './teach-run-controller.ts';
import type { StepperController } from './teach-stepper-controller.ts';

export interface TeachParts {
  lessonId: string;
  run: TeachRunController;
  stepper: StepperController;
  lesson: LessonStepController;
  views: DayViewController;
  glossary: GlossaryPanelController;
}

export function teachDebugState({ lessonId, run, stepper, lesson, views, glossary }: TeachParts): unknown {
  const b = run.base, t = run.trace;
  const { day, ticker } = stepper;
  const story = views.story();
  const st = lesson.current;
  const evs = t ? dayEvents(t, day).map((x) => ({ index: x.index, ...x.event })) : [];
  return {
    status: run.error ? 'error' : run.loading || !b ? 'loading' : 'ready',
    error: run.error,
    mode: lessonId ? 'lesson' : 'free',
    lessonId: b?.lesson?.id ?? null,
    variantLesson: b?.variantOf?.id ?? null,
    variantApplied: !!b?.variantOf && run.useVariant,
    interestDays: t ? interestDays(t, ticker) : [],
    eventDays: t ? [...new Set(t.events.filter((e) => e.company === ticker).map((e) => e.day))].sort((a, b) => a - b) : [],
    scenarioId: b?.resolved.id ?? null,
    seed: b?.seed ?? null,
    deterministic: b?.deterministic ?? null,
    step: st ? lesson.index : null,
    stepCount: b?.steps.length ?? 0,
    stepId: st?.id ?? null,
    stepDay: st?.day ?? null,
    stepTitle: st?.title ?? null,
    stepText: st ? plain(st.text) : null,
    stepTerms: st ? termsOf(st.text) : [],
    stepFigures: st ? st.text.filter((x): x is Extract<typeof x, { t: 'num' }> => typeof x !== 'string' && x.t === 'num' && !!x.key).map((x) => ({ key: x.key, text: x.text, value: x.value })) : [],
    figures: t && ticker && t.result.companies[ticker] ? dayFigures(t, day, ticker) : null,
    look: st?.look ?? null,
    days: t?.days ?? 0,
    day,
    date: t?.dates[day] ?? null,
    business: t ? t.business[day] === 1 : null,
    ticker,
    coin: story?.coin ?? null,
    off: run.off,
    companyTrading: t?.companyTrading ?? null,
    playing: stepper.playing,
    speed: stepper.speed,
    litLinks: story ? LINKS.filter((l) => story.links[l.id].active).map((l) => l.id) : [],
    links: story ? LINKS.map((l) => ({ id: l.id, active: story.links[l.id].active, label: story.links[l.id].label, detail: plain(story.links[l.id].detail) })) : [],
    nodes: story ? NODES.map((n) => story.nodes[n.id]) : [],
    chain: story ? story.chain.map((c) => ({ text: plain(c.rich), link: c.link ?? null, delayed: !!c.delayed })) : [],
    delay: story ? plain(story.delay) : null,
    captions: story ? story.captions.map((c) => ({ id: c.id, kind: c.kind, company: c.company, text: plain(c.text), rule: plain(c.rule), ref: c.ref, terms: [...termsOf(c.text), ...termsOf(c.rule)], events: c.events })) : [],
    dayEvents: evs,
    market: t ? t.market[day].map((m) => ({ ...m })) : [],
    gains: story?.gains ?? [],
    forces: b ? Object.fromEntries(b.forces.coins.map((c) => [c, forceShares(b.forces, c, day)])) : null,
    startPrice: b?.forces.startPrice ?? {},
    fundingOrder: b?.resolved.companies.find((c) => c.ticker === ticker)?.fundingOrder ?? [],
    glossaryOpen: glossary.id,
    lessons: LESSONS.map((l) => ({ id: l.id, title: l.title, steps: l.steps.length })),
    linkRules: LINK_RULES,
  };
}
