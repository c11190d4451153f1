/**
 * StepperController: where <dat-teach-view> stands in the run (a Lit reactive
 * controller): the day and the focus company, and playback. Step a day,
 * play/pause at SPEEDS days a second (playing from the last day starts over;
 * it stops on the last day), jump to the previous or next event of interest
 * of the focus company (teaching/interest.ts), or pick a day (the scrubber,
 * a chart click). Every move clamps to the run's days and, except a tick of
 * playback, stops it. Leaving the page stops the timer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { interestDays, nextInterest } from './teaching/interest.ts';
import type { TeachingTrace } from './teaching/trace.ts';

/** Playback speeds offered (days per second). */
export const SPEEDS = [1, 2, 5, 10, 30];

/** `d` rounded and kept within a run of `days` days (day 0 when the run is empty). */
export function clampDay(d: number, days: number): number {
  return Math.max(0, Math.min(days - 1, Math.round(d)));
}

export class StepperController implements ReactiveController {
  day = 0;
  /** The focus company. */
  ticker = '';
  playing = false;
  /** Days per second. */
  speed = 5;
  private timer: ReturnType<typeof setInterval> | 0 = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The run on screen. */
    private readonly trace: () => TeachingTrace | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  /** Places the view on a day and company (a lesson step, a new run), playback stopped. */
  place(day: number, ticker: string): void {
    this.stop();
    this.day = day;
    this.ticker = ticker;
    this.host.requestUpdate();
  }

  setTicker(ticker: string): void {
    this.ticker = ticker;
    this.host.requestUpdate();
  }

  setDay(d: number): void {
    const t = this.trace();
    if (!t) return;
    this.day = clampDay(d, t.days);
    this.host.requestUpdate();
  }

  /** A user's pick of a day (buttons, scrubber, a chart click): playback stops. */
  pick(d: number): void {
    this.stop();
    this.setDay(d);
  }

  play(): void {
    const t = this.trace();
    if (!t) return;
    if (this.day >= t.days - 1) this.day = 0;
    this.playing = true;
    this.host.requestUpdate();
    this.restartTimer();
  }

  togglePlay(): void {
    if (this.playing) this.stop();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.host.requestUpdate();
    this.restartTimer();
  }

  stop(): void {
    if (this.playing) this.host.requestUpdate();
    this.playing = false;
    clearInterval(this.timer);
    this.timer = 0;
  }

  /**
   * Next (dir 1) or previous (-1) day with an event of interest of the focus company (teaching/interest.ts:
   * listing events, splits, forced and defensive sales, the first sale of each reason; not every routine funding sale).
   * Nothing happens when there is none that way.
   */
  jumpEvent(dir: 1 | -1): void {
    const t = this.trace();
    if (!t) return;
    const d = nextInterest(interestDays(t, this.ticker), this.day, dir);
    if (d >= 0) this.pick(d);
  }

  private restartTimer(): void {
    clearInterval(this.timer);
    if (!this.playing) return;
    this.timer = setInterval(() => {
      const t = this.trace();
      if (!t || this.day >= t.days - 1) {
        this.stop();
        return;
      }
      this.day += 1;
      this.host.requestUpdate();
    }, 1000 / this.speed);
  }
}
