/**
 * <dat-teach-view>'s reactive controllers (web/lib/teach-*-controller.ts)
 * outside the browser, on a fake Lit host: the run (free mode, the variant
 * switch, a force switched off, a load overtaken by a newer one), the stepper
 * (clamping, playback, events of interest), the lesson's pages (step
 * clamping, the teach-step event, focus on a new step) and the day's views
 * (memoized story, chart markers). The e2e suite (test/e2e/teaching.test.ts)
 * drives them in the real app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { LESSONS } from '../../web/lessons/index.ts';
import type { Theme } from '../../web/lib/chart-setup.ts';
import type { ScenarioData } from '../../web/lib/saved-scenarios.ts';
import { DayViewController } from '../../web/lib/teach-day-controller.ts';
import { LessonStepController, stepIndex, type TeachStepDetail } from '../../web/lib/teach-lesson-controller.ts';
import { lessonForScenario, TeachRunController, teachSourceKey, type TeachBase, type TeachRunInfo, type TeachSource } from '../../web/lib/teach-run-controller.ts';
import { clampDay, StepperController } from '../../web/lib/teach-stepper-controller.ts';
import { interestDays } from '../../web/lib/teaching/interest.ts';
import { lessonFile } from '../../web/lib/teaching/lesson-run.ts';
import { dayStory } from '../../web/lib/teaching/story.ts';
import { traceScenario, type TeachingTrace } from '../../web/lib/teaching/trace.ts';
import { fakeLitHost } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');
const scenarioFile = (f: string) => JSON.parse(readFileSync(join(ROOT, 'scenarios', f), 'utf8')) as ScenarioData;
const theme = new Proxy({ dark: false } as Theme, { get: (_t, k) => (k === 'dark' ? false : k === 'band' ? '1, 2, 3' : '#123456') });

/** A stand-in for the LitElement host: counts update requests, records the events it dispatches and the elements focused. */
function fakeHost() {
  const events: CustomEvent[] = [];
  const focused: string[] = [];
  return Object.assign(fakeLitHost(), {
    step: 0,
    events,
    focused,
    dispatchEvent(e: Event) {
      events.push(e as CustomEvent);
      return true;
    },
    renderRoot: { querySelector: (sel: string) => ({ focus: () => focused.push(sel) }) },
  });
}

let fgnxTrace: TeachingTrace | null = null;
/** FG Nexus with the fgnx lesson's variant (a stop-loss), seed 1, 365 days: free mode's run of fgnx.json (its events of interest start 0, 31, 34, 35 in the app). */
function fgnx(): TeachingTrace {
  fgnxTrace ??= traceScenario(resolveScenario(lessonFile(LESSONS.find((l) => l.id === 'fgnx')!, scenarioFile('fgnx.json'))), { seed: '1', days: 365 });
  return fgnxTrace;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('pure helpers', () => {
  it('clampDay rounds and keeps a day within the run', () => {
    expect([clampDay(-3, 10), clampDay(0, 10), clampDay(4.4, 10), clampDay(4.6, 10), clampDay(9, 10), clampDay(12, 10)]).toEqual([0, 0, 4, 5, 9, 9]);
  });

  it('stepIndex keeps a lesson step within the lesson', () => {
    expect([stepIndex(-1, 5), stepIndex(0, 5), stepIndex(3, 5), stepIndex(4, 5), stepIndex(99, 5)]).toEqual([0, 0, 3, 4, 4]);
  });

  it('teachSourceKey: a lesson is its id; free mode changes with the file, seed, horizon, mode and variant switch, not the company', () => {
    const file = scenarioFile('fgnx.json');
    const settings = { seed: '1', horizonDays: 365, deterministic: false, company: 'FGNX' };
    const free = (s: Partial<typeof settings>, f: ScenarioData = file, v = true) => teachSourceKey({ lessonId: '', file: f, settings: { ...settings, ...s } }, v);
    expect(teachSourceKey({ lessonId: 'fgnx', file, settings }, true)).toBe('lesson:fgnx');
    expect(teachSourceKey({ lessonId: 'fgnx', file: null, settings: null }, false)).toBe('lesson:fgnx');
    const k = free({});
    expect(free({ company: 'OTHER' })).toBe(k);
    for (const other of [free({ seed: '2' }), free({ horizonDays: 730 }), free({ deterministic: true }), free({}, file, false), free({}, { ...file, name: 'edited' })]) expect(other).not.toBe(k);
  });

  it('lessonForScenario: the first lesson with a variant on that saved scenario; none for a scenario no lesson uses', () => {
    // LESSONS lists fgnx before dollar; both have a variant on fgnx.json.
    expect(lessonForScenario(scenarioFile('fgnx.json'), 'FGNX')?.id).toBe('fgnx');
    expect(lessonForScenario(scenarioFile('contagion.json'), 'MSTR')?.id).toBe('contagion');
    expect(lessonForScenario(scenarioFile('bmnr.json'), null)).toBeUndefined(); // the bmnr lesson has no variant
    expect(lessonForScenario({ name: 'no id' } as ScenarioData, null)).toBeUndefined();
  });
});

describe('StepperController', () => {
  it('clamps the day to the run, and a pick stops playback', () => {
    const host = fakeHost();
    const s = new StepperController(host, fgnx);
    s.setDay(400);
    expect(s.day).toBe(364);
    s.setDay(-5);
    expect(s.day).toBe(0);
    s.play();
    expect(s.playing).toBe(true);
    s.pick(120.4);
    expect([s.day, s.playing]).toEqual([120, false]);
  });

  it('does nothing without a run', () => {
    const s = new StepperController(fakeHost(), () => null);
    s.setDay(5);
    s.play();
    s.jumpEvent(1);
    expect([s.day, s.playing]).toEqual([0, false]);
  });

  it('plays speed days a second, stops on the last day, and starts over from the last day', () => {
    vi.useFakeTimers();
    const s = new StepperController(fakeHost(), fgnx);
    s.setSpeed(10);
    s.play();
    vi.advanceTimersByTime(1000);
    expect(s.day).toBe(10);
    s.setSpeed(30); // the timer restarts at the new speed
    vi.advanceTimersByTime(1000);
    expect(s.day).toBe(40);
    s.setDay(362);
    vi.advanceTimersByTime(1000);
    expect([s.day, s.playing]).toEqual([364, false]);
    s.play();
    expect([s.day, s.playing]).toEqual([0, true]);
    s.hostDisconnected();
    vi.advanceTimersByTime(1000);
    expect([s.day, s.playing]).toEqual([0, false]);
  });

  it('"event" jumps walk the focus company\'s days of interest both ways, each a day with one of its events, and stop playback', () => {
    const t = fgnx();
    const s = new StepperController(fakeHost(), fgnx);
    s.place(0, 'FGNX');
    const forward: number[] = [];
    for (;;) {
      const before = s.day;
      s.play();
      s.jumpEvent(1);
      if (s.day === before) break;
      expect(s.playing).toBe(false);
      forward.push(s.day);
    }
    // The days of interest (teaching/interest.ts) after day 0, in order; the app's free mode shows the same first ones.
    expect(forward).toEqual(interestDays(t, 'FGNX').filter((d) => d > 0));
    expect(forward.slice(0, 3)).toEqual([31, 34, 35]);
    // The run's own event log: each visited day has an event of FGNX.
    for (const d of forward) expect(t.events.some((e) => e.day === d && e.company === 'FGNX')).toBe(true);
    const back: number[] = [];
    for (;;) {
      const before = s.day;
      s.jumpEvent(-1);
      if (s.day === before) break;
      back.push(s.day);
    }
    expect(back).toEqual([...forward.slice(0, -1)].reverse().concat([0]));
  });
});

describe('LessonStepController', () => {
  const lesson = LESSONS.find((l) => l.id === 'fgnx')!;
  const steps = [0, 1, 2].map((k) => ({ id: `s${k}`, title: `Step ${k}`, day: 10 * k + 3, ticker: k === 2 ? 'OTHER' : 'FGNX', text: [], look: {} }));
  const base = { key: 'lesson:fgnx', lesson, steps } as unknown as TeachBase;

  it('shows the step asked for, kept within the lesson, and places the stepper on its day and company', () => {
    const host = fakeHost();
    const placed: [number, string][] = [];
    const c = new LessonStepController(host as never, () => base, (d, t) => placed.push([d, t]));
    host.step = 7;
    expect([c.index, c.current?.id]).toEqual([2, 's2']);
    c.apply();
    host.step = 1;
    c.apply();
    expect(placed).toEqual([[23, 'OTHER'], [13, 'FGNX']]);
  });

  it('Previous/Next ask the app for a step within the lesson (teach-step, bubbling and composed)', () => {
    const host = fakeHost();
    const c = new LessonStepController(host as never, () => base, () => {});
    c.go(-1);
    c.go(9);
    c.go(1);
    expect(host.events.map((e) => e.detail as TeachStepDetail)).toEqual([{ lessonId: 'fgnx', step: 0 }, { lessonId: 'fgnx', step: 2 }, { lessonId: 'fgnx', step: 1 }]);
    expect(host.events.every((e) => e.type === 'teach-step' && e.bubbles && e.composed)).toBe(true);
  });

  it('free mode has no step and asks for none', () => {
    const host = fakeHost();
    const c = new LessonStepController(host as never, () => ({ ...base, lesson: null, steps: [] }), () => {});
    c.go(1);
    expect([c.current, host.events.length]).toEqual([null, 0]);
  });

  it('focus moves to the step title when the step changes after the first render, not on it', () => {
    const host = fakeHost();
    const c = new LessonStepController(host as never, () => base, () => {});
    host.step = 1;
    c.hostUpdated();
    c.hostUpdated();
    expect(host.focused).toEqual([]);
    host.step = 2;
    c.hostUpdated();
    expect(host.focused).toEqual(['#step-title']);
  });
});

describe('TeachRunController (free mode)', () => {
  const settings = { seed: '1', horizonDays: 120, deterministic: false, company: 'FGNX' };

  function controller(src: TeachSource) {
    const host = fakeHost();
    const loaded: TeachBase[] = [];
    let stops = 0;
    const c = new TeachRunController(host, () => src, { loading: () => stops++, loaded: (b) => loaded.push(b) });
    const done = () => vi.waitFor(() => expect(c.loading).toBe(false));
    return { host, c, loaded, done, stops: () => stops };
  }

  it('runs the simulator\'s scenario with the lesson\'s variant, switchable, and does not run the same source twice', async () => {
    const src: TeachSource = { lessonId: '', file: scenarioFile('fgnx.json'), settings };
    const { c, loaded, done, stops } = controller(src);
    expect(c.sync()).toBe(true);
    expect([c.loading, stops()]).toEqual([true, 1]);
    await done();
    expect(c.error).toBe('');
    const withVariant = c.base!;
    expect([withVariant.variantOf?.id, withVariant.trace.days, withVariant.seed, c.current]).toEqual(['fgnx', 120, '1', true]);
    expect(c.sync()).toBe(false);
    src.settings = { ...settings, company: 'OTHER' }; // the company only moves the focus
    expect(c.sync()).toBe(false);
    c.toggleVariant();
    await done();
    expect(loaded.length).toBe(2);
    // The variant (a stop-loss) changes FGNX's path: the run as saved differs.
    const asSaved = c.base!;
    expect(c.useVariant).toBe(false);
    expect(asSaved.trace.result.companies.FGNX.coins).not.toEqual(withVariant.trace.result.companies.FGNX.coins);
  });

  it('one force off shows that run (kept per force) and back on shows the base run; a new load switches it back on', async () => {
    const src: TeachSource = { lessonId: '', file: scenarioFile('fgnx.json'), settings };
    const { c, done } = controller(src);
    c.sync();
    await done();
    const base = c.base!;
    expect(c.trace).toBe(base.trace);
    c.setForceOff('leverage');
    const alt = c.trace!;
    expect(c.off).toBe('leverage');
    expect(alt).not.toBe(base.trace);
    expect(alt.result.markets.ETH.price).not.toEqual(base.trace.result.markets.ETH.price);
    c.setForceOff(null);
    expect([c.off, c.trace]).toEqual([null, base.trace]);
    c.setForceOff('leverage');
    expect(c.trace).toBe(alt);
    src.settings = { ...settings, seed: '2' };
    c.sync();
    expect([c.off, c.alt]).toEqual([null, null]);
    await done();
    expect(c.base!.seed).toBe('2');
  });

  it('reports the run on screen to the app (teach-run) once per change: not ready while loading, then scenario, seed, days, variant, force off', async () => {
    const src: TeachSource = { lessonId: '', file: scenarioFile('fgnx.json'), settings };
    const { host, c, done } = controller(src);
    const reports = () => host.events.filter((e) => e.type === 'teach-run').map((e) => e.detail as TeachRunInfo);
    c.sync();
    c.hostUpdated();
    c.hostUpdated();
    expect(reports().map((r) => [r.mode, r.ready])).toEqual([['free', false]]);
    await done();
    c.hostUpdated();
    const r = reports()[1];
    expect(host.events.every((e) => e.bubbles && e.composed)).toBe(true);
    expect([r.ready, r.scenarioId, r.seed, r.deterministic, r.days, r.companies, r.variantOf, r.asSaved, r.off]).toEqual([true, 'fgnx', '1', false, 120, c.base!.resolved.companies.length, 'fgnx', false, '']);
    c.hostUpdated();
    expect(reports().length).toBe(2);
    c.setForceOff('leverage');
    c.hostUpdated();
    expect(reports()[2].off).toBe('leverage liquidations');
    c.toggleVariant();
    await done();
    c.hostUpdated();
    const last = reports().at(-1)!;
    expect([last.ready, last.variantOf, last.asSaved, last.off]).toEqual([true, '', true, '']);
  });

  it('a lesson reports the lesson\'s own scenario, seed and horizon, and its variant', async () => {
    const lesson = LESSONS.find((l) => l.id === 'sqns')!;
    // The app fetches the lesson's saved scenario (/scenarios/<file>); here it is read from scenarios/.
    vi.stubGlobal('fetch', async (url: string) => new Response(readFileSync(join(ROOT, String(url)), 'utf8')));
    onTestFinished(() => void vi.unstubAllGlobals());
    const { host, c, done } = controller({ lessonId: 'sqns', file: scenarioFile('fgnx.json'), settings });
    c.sync();
    await done();
    expect(c.error).toBe('');
    c.hostUpdated();
    const r = host.events.at(-1)!.detail as TeachRunInfo;
    const file = scenarioFile(lesson.scenario) as { id: string; horizonDays: number };
    expect([r.mode, r.lessonId, r.scenarioId, r.seed, r.days, r.variantOf]).toEqual(['lesson', 'sqns', file.id, lesson.settings.seed, lesson.settings.horizonDays ?? file.horizonDays, lesson.variant ? 'sqns' : '']);
  }, 30_000);

  it('a load overtaken by a newer source is dropped', async () => {
    const src: TeachSource = { lessonId: '', file: scenarioFile('fgnx.json'), settings };
    const { c, loaded, done } = controller(src);
    c.sync();
    src.settings = { ...settings, horizonDays: 60 };
    c.sync();
    await done();
    expect(loaded.map((b) => b.trace.days)).toEqual([60]);
  });

  it('says what is wrong: no scenario open, an unknown lesson', async () => {
    const a = controller({ lessonId: '', file: null, settings: null });
    a.c.sync();
    await a.done();
    expect(a.c.error).toBe('No scenario is open in the simulator.');
    const b = controller({ lessonId: 'nope', file: null, settings: null });
    b.c.sync();
    await b.done();
    expect(b.c.error).toBe(`There is no lesson "nope". Lessons: ${LESSONS.map((l) => l.id).join(', ')}.`);
    expect(b.c.base).toBeNull();
  });
});

describe('DayViewController', () => {
  it('derives the day\'s story once per day and company, and the charts with the day\'s marker; a chart click picks a day', () => {
    const t = fgnx();
    const base = { key: 'k', trace: t, resolved: resolveScenario(scenarioFile('fgnx.json')) } as unknown as TeachBase;
    const src = { base, trace: t, off: null, day: 31, ticker: 'FGNX', theme: null as Theme | null };
    const picked: number[] = [];
    const v = new DayViewController(fakeHost(), () => src, (d) => picked.push(d));
    const s31 = v.story()!;
    expect(v.story()).toBe(s31);
    expect(s31.dateLabel).toBe(dayStory(t, 31, 'FGNX').dateLabel);
    src.day = 34;
    expect(v.story()).not.toBe(s31);
    expect(v.story()!.dateLabel).toBe(dayStory(t, 34, 'FGNX').dateLabel);
    src.ticker = 'NOPE';
    expect(v.story()).toBeNull();
    expect(v.charts()).toEqual({});
    src.ticker = 'FGNX';
    expect(v.charts()).toEqual({}); // no theme yet
    src.theme = theme;
    const specs = v.charts();
    expect(Object.keys(specs).sort()).toEqual(['teach-coin', 'teach-coins', 'teach-debt', 'teach-flows', 'teach-gain', 'teach-mnav', 'teach-stock']);
    const ann = (id: string) => ((specs[id].options.plugins as { annotation: { annotations: Record<string, { xMin?: number }> } }).annotation.annotations);
    expect(Object.values(ann('teach-coin')).some((a) => a.xMin === 34)).toBe(true);
    // The stock chart also marks the next business day, where day 34's close reaches the stock.
    expect(ann('teach-stock').delay.xMin).toBeGreaterThan(34);
    const onClick = specs['teach-coin'].options.onClick as (e: { x: number }, els: unknown, chart: unknown) => void;
    onClick({ x: 5 }, [], { scales: { x: { getValueForPixel: () => 200.3 } } });
    expect(picked).toEqual([200]);
  });
});
