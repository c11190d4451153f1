/**
 * DayViewController: what <dat-teach-view> draws for the day on screen (a Lit
 * reactive controller): the day's story (teaching/story.ts: the diagram's
 * figures, the chain link by link, the captions, the loop gains) and the
 * charts' specs (teaching/charts.ts) with the day's markers; a click on a
 * chart picks its day. Both are memoized: the story per (force off, company,
 * day, run), the charts without markers per (force off, company, run, theme),
 * so stepping a day re-derives only the markers. With a force switched off the
 * coin chart also carries the run with every force.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Theme } from './chart-setup.ts';
import type { ChartSpec } from './chart-specs.ts';
import { teachCharts, withDay } from './teaching/charts.ts';
import type { ForceId } from './teaching/forces.ts';
import { dayStory, type DayStory } from './teaching/story.ts';
import { nextBusinessDay, type TeachingTrace } from './teaching/trace.ts';
import type { TeachBase } from './teach-run-controller.ts';

/** What the day's views are derived from. */
export interface DayViewSource {
  base: TeachBase | null;
  /** The run on screen (the base run, or the run with `off` switched off). */
  trace: TeachingTrace | null;
  off: ForceId | null;
  day: number;
  ticker: string;
  theme: Theme | null;
}

export class DayViewController implements ReactiveController {
  private storyCache: { key: string; story: DayStory } | null = null;
  private chartCache: { key: string; specs: Record<string, ChartSpec> } | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly source: () => DayViewSource,
    /** A click on a chart picks its day. */
    private readonly onChartDay: (day: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The day's story for the focus company (null while nothing is loaded or the company is not in the run). */
  story(): DayStory | null {
    const { trace: t, ticker, day, off, base } = this.source();
    if (!t || !ticker || !t.result.companies[ticker]) return null;
    const key = `${off}:${ticker}:${day}:${t.days}:${base?.key}`;
    if (this.storyCache?.key === key) return this.storyCache.story;
    const story = dayStory(t, day, ticker);
    this.storyCache = { key, story };
    return story;
  }

  /** The charts' specs by id, with the day's markers ({} without a theme or a run). */
  charts(): Record<string, ChartSpec> {
    const { trace: t, base: b, theme, ticker, day, off } = this.source();
    if (!t || !b || !theme || !t.result.companies[ticker]) return {};
    const key = `${off}:${ticker}:${b.key}:${theme.dark}:${theme.price}`;
    if (this.chartCache?.key !== key) {
      const label = off ? 'with every force' : '';
      this.chartCache = { key, specs: teachCharts(t, b.resolved, ticker, theme, off ? b.trace : undefined, label || undefined) };
    }
    const nb = nextBusinessDay(t, day);
    const out: Record<string, ChartSpec> = {};
    for (const [id, spec] of Object.entries(this.chartCache.specs)) out[id] = withDay(spec, id, theme, day, `day ${day}`, nb, this.onChartDay);
    return out;
  }
}
