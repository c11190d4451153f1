/**
 * LessonStepController: a lesson's pages in <dat-teach-view> (a Lit reactive
 * controller). The step shown is the host's `step` property (from the URL
 * `#/lesson/<id>/<n>`, see url-state.ts) kept within the lesson's steps;
 * arriving on a step places the stepper on that step's day and company.
 * Previous/Next and the dots do not change the step themselves: they fire
 * `teach-step` {lessonId, step} (bubbling, composed), and the app shows that
 * step through the URL. When the step changes after the first render, focus
 * moves to the step's title (#step-title), so a screen reader reads the new
 * page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RenderedStep } from './teaching/lesson-run.ts';
import type { TeachBase } from './teach-run-controller.ts';

/** The `teach-step` event's detail. */
export interface TeachStepDetail {
  lessonId: string;
  step: number;
}

export interface LessonStepHost extends ReactiveControllerHost, EventTarget {
  /** Step index within the lesson (0-based), as asked. */
  step: number;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** `step` kept within a lesson of `count` steps. */
export function stepIndex(step: number, count: number): number {
  return Math.max(0, Math.min(count - 1, step));
}

export class LessonStepController implements ReactiveController {
  /** The step index rendered last (undefined before the first render). */
  private shown: number | undefined;

  constructor(
    private readonly host: LessonStepHost,
    private readonly base: () => TeachBase | null,
    /** Places the stepper on a day and company. */
    private readonly place: (day: number, ticker: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The step index shown, within the lesson. */
  get index(): number {
    return stepIndex(this.host.step, this.base()?.steps.length ?? 1);
  }

  /** The step shown (null in free mode and while nothing is loaded). */
  get current(): RenderedStep | null {
    const b = this.base();
    if (!b?.lesson || !b.steps.length) return null;
    return b.steps[this.index];
  }

  /** Moves the stepper to the current step's day and company. */
  apply(): void {
    const st = this.current;
    if (st) this.place(st.day, st.ticker);
  }

  /** Asks the app for step `i` (kept within the lesson). */
  go(i: number): void {
    const b = this.base();
    if (!b?.lesson) return;
    const detail: TeachStepDetail = { lessonId: b.lesson.id, step: stepIndex(i, b.steps.length) };
    this.host.dispatchEvent(new CustomEvent('teach-step', { detail, bubbles: true, composed: true }));
  }

  hostUpdated(): void {
    const step = this.host.step;
    if (this.shown !== undefined && step !== this.shown && this.base()?.lesson) {
      (this.host.renderRoot.querySelector('#step-title') as HTMLElement | null)?.focus({ preventScroll: true });
    }
    this.shown = step;
  }
}
