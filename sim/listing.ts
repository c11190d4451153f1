/**
 * Exchange listing-rule state machine (MODEL.md sections 6 and 11, "Listing").
 *
 *   compliant -> deficient (notice) -> [secondPeriod] -> determination -> delisted
 *
 * One class serves every exchange: the differences (threshold, trigger, cure,
 * period length, second period, $0.10 fast path, reverse-split limits) are all
 * fields of a `ListingRuleSet`, so there is no per-exchange branch here.
 * The presets with their rule numbers live in src/presets/listing-rules.ts.
 *
 * Conventions fixed here (each also stated where it is applied):
 * - The notice day's own close belongs to the time before the compliance
 *   period: cure and $0.10 counts start with the first close after the notice.
 * - A period expires on the first business day whose ordinal is after its
 *   deadline; that day's close is not tested against the expired period. When
 *   a second period follows, that close is the second period's first close and
 *   the cure and $0.10 runs carry on across the change (one continuous
 *   deficiency).
 * - Reverse splits are recorded before the day's close (engine step 8 before
 *   step 9); stored closes before the split are multiplied by the ratio, so the
 *   30-close averages compare like with like (split-adjusted, as exchanges and
 *   data vendors quote them).
 * - A regain resets the run counters (below, at-or-above, $0.10) but keeps the
 *   split-adjusted close history: an average trigger may fire again as soon as
 *   the average is back below the minimum.
 *
 * Pure: no DOM or Node imports. `onClose` allocates nothing except the event
 * objects it emits, which are rare.
 */
import type { ListingRuleSet } from './types.ts';
import type { TradingCalendar } from './calendar.ts';
import { addMonths, ordinalToDate, weekday } from './calendar.ts';
import type { EventSink, EventKind } from './events.ts';
import { ListingState, type ListingStateCode } from './listing-state.ts';

/** Why a delisting determination was made (the `reason` figure of the event). */
export type DeterminationReason = 'periodExpired' | 'pennyStock' | 'reverseSplitLookback' | 'cumulativeSplit';

/** Window of the `average` figure in events when no rule uses an average. */
const DEFAULT_AVERAGE_DAYS = 30;

export class ListingClock {
  /** Current listing state, read by the engine every day. */
  state: ListingStateCode = ListingState.compliant;

  private readonly rules: ListingRuleSet;
  private readonly calendar: TradingCalendar;
  private readonly sink: EventSink;
  private readonly ticker: string;

  /** Closes in the window that the rule's averages read (trigger or cure); 0 when none does. */
  private readonly averageDays: number;
  /** Window of the `average` figure reported in events. */
  private readonly figureAverageDays: number;

  // ---- mutable state (everything below is copied by copyFrom) ----
  /** Ring buffer of the most recent simulated closes, split-adjusted (USD). */
  private closes: Float64Array;
  /** Index the next close is written to. */
  private closeHead = 0;
  /** Number of closes stored (at most closes.length). */
  private closeCount = 0;
  /** Consecutive business-day closes below minPrice (trigger `consecutiveBelow`). */
  private belowRunDays = 0;
  /** Consecutive closes at or above minPrice inside a period (cure `consecutiveAtOrAbove`). */
  private aboveRunDays = 0;
  /** Consecutive closes at or below pennyPrice inside a period ($0.10 fast path). */
  private pennyRunDays = 0;
  /** Day ordinal of the current period's deadline (NaN outside a period). */
  private deadlineOrdinal = NaN;
  /**
   * Day index of the current period's last trading day (last business day on or
   * before the deadline); Infinity when that day lies past the horizon.
   */
  private lastTradingDayIndex = -1;
  /** Business days left until delisting while in `determination`. */
  private delistCountdownDays = 0;
  /** Reason of the determination, repeated on the `delisted` event. */
  private determinationReason: DeterminationReason = 'periodExpired';
  /** Reverse splits: day ordinals and ratios (r: 1-for-r), oldest first. */
  private splitOrdinals: number[] = [];
  private splitRatios: number[] = [];

  constructor(rules: ListingRuleSet, calendar: TradingCalendar, sink: EventSink, ticker: string) {
    assertDays('trigger.days', rules.trigger.days);
    assertDays('cure.days', rules.cure.days);
    if (rules.pennyPrice > 0) assertDays('pennyDays', rules.pennyDays);
    this.rules = rules;
    this.calendar = calendar;
    this.sink = sink;
    this.ticker = ticker;
    const triggerAverage = rules.trigger.kind === 'averageBelow' ? rules.trigger.days : 0;
    const cureAverage = rules.cure.kind === 'consecutiveAtOrAbove' ? 0 : rules.cure.days;
    this.averageDays = Math.max(triggerAverage, cureAverage);
    this.figureAverageDays = triggerAverage || cureAverage || DEFAULT_AVERAGE_DAYS;
    this.closes = new Float64Array(Math.max(this.averageDays, this.figureAverageDays));
  }

  /** True from the notice through the second period to (and including) the determination. */
  get underNotice(): boolean {
    return this.state === ListingState.deficient || this.state === ListingState.secondPeriod || this.state === ListingState.determination;
  }

  get delisted(): boolean {
    return this.state === ListingState.delisted;
  }

  /**
   * Calendar days from day `t` to the current compliance period's deadline
   * (0 on the days after the deadline before the period expires on the next
   * business day); Infinity when not in a period.
   */
  daysLeft(t: number): number {
    if (this.state !== ListingState.deficient && this.state !== ListingState.secondPeriod) return Infinity;
    return Math.max(0, this.deadlineOrdinal - (this.calendar.startOrdinal + t));
  }

  /**
   * A 1-for-`ratio` reverse split on day `t` (shares / ratio, price * ratio).
   * Call it before `onClose(t)` of the same day. Stored closes are multiplied by
   * `ratio` so later averages are split-adjusted; the split is kept for the
   * look-back tests (Nasdaq 5810(c)(3)(A)(iv), NYSE 802.01C as amended Jan 2025).
   */
  recordReverseSplit(t: number, ratio: number): void {
    if (!(ratio > 0) || !Number.isFinite(ratio)) throw new RangeError(`reverse split ratio must be a positive number, got ${ratio}`);
    const closes = this.closes;
    for (let i = 0; i < closes.length; i++) closes[i] *= ratio;
    this.splitOrdinals.push(this.calendar.startOrdinal + t);
    this.splitRatios.push(ratio);
  }

  /**
   * The closing stock price of business day `t` (MODEL.md 8, step 9). Advances
   * the counters and emits `notice`, `secondPeriod`, `regained`,
   * `determination`, `delisted`. Calls on non-business days are ignored (the
   * listing counters do not change on them, MODEL.md 2).
   */
  onClose(t: number, close: number): void {
    if (this.state === ListingState.delisted) return;
    if (this.calendar.isBusinessDay[t] !== 1) return;
    const ordinal = this.calendar.startOrdinal + t;
    const minPrice = this.rules.minPrice;

    this.closes[this.closeHead] = close;
    this.closeHead = (this.closeHead + 1) % this.closes.length;
    if (this.closeCount < this.closes.length) this.closeCount++;
    this.belowRunDays = close < minPrice ? this.belowRunDays + 1 : 0;

    switch (this.state) {
      case ListingState.compliant:
        if (this.triggered()) this.giveNotice(t, ordinal, close);
        return;
      case ListingState.deficient:
      case ListingState.secondPeriod:
        this.onCloseInPeriod(t, ordinal, close);
        return;
      case ListingState.determination:
        if (--this.delistCountdownDays <= 0) this.delist(t, close);
        return;
    }
  }

  /** Deep copy of all mutable state from a clock built with the same rules and calendar. */
  copyFrom(other: ListingClock): void {
    this.state = other.state;
    if (this.closes.length !== other.closes.length) this.closes = new Float64Array(other.closes.length);
    this.closes.set(other.closes);
    this.closeHead = other.closeHead;
    this.closeCount = other.closeCount;
    this.belowRunDays = other.belowRunDays;
    this.aboveRunDays = other.aboveRunDays;
    this.pennyRunDays = other.pennyRunDays;
    this.deadlineOrdinal = other.deadlineOrdinal;
    this.lastTradingDayIndex = other.lastTradingDayIndex;
    this.delistCountdownDays = other.delistCountdownDays;
    this.determinationReason = other.determinationReason;
    copyArray(this.splitOrdinals, other.splitOrdinals);
    copyArray(this.splitRatios, other.splitRatios);
  }

  // ---------------------------------------------------------------- internals

  /** Deficiency test while compliant (Nasdaq 5550(a)(2)/5450(a)(1); NYSE 802.01C; NYSE American 1003(f)(v)). */
  private triggered(): boolean {
    const trigger = this.rules.trigger;
    if (trigger.kind === 'consecutiveBelow') return this.belowRunDays >= trigger.days;
    // averageBelow: needs `days` simulated closes (MODEL.md 11).
    return this.closeCount >= trigger.days && this.average(trigger.days) < this.rules.minPrice;
  }

  /** A notice, or a determination when a reverse-split fast path applies (tested only here). */
  private giveNotice(t: number, ordinal: number, close: number): void {
    const reason = this.splitFastPath(ordinal);
    if (reason !== null) {
      this.determine(t, close, reason);
      return;
    }
    const rules = this.rules;
    this.state = ListingState.deficient;
    this.aboveRunDays = 0;
    this.pennyRunDays = 0;
    this.setDeadline(rules.periodMonths > 0 ? addMonths(ordinal, rules.periodMonths) : ordinal + rules.periodDays);
    this.emit(t, 'notice', close, { deadline: ordinalToDate(this.deadlineOrdinal), minPrice: rules.minPrice, belowDays: this.belowRunDays });
  }

  /**
   * Reverse-split fast paths (Nasdaq 5810(c)(3)(A)(iv), NYSE 802.01C, NYSE
   * American 1003(f)(v), as amended Jan 2025): a split within the look-back
   * (inclusive), or a cumulative ratio within the window at or above the limit.
   */
  private splitFastPath(ordinal: number): DeterminationReason | null {
    const { reverseSplitLookbackDays, cumulativeSplitLimit, cumulativeSplitWindowDays } = this.rules;
    let cumulativeRatio = 1;
    for (let i = 0; i < this.splitOrdinals.length; i++) {
      const ageDays = ordinal - this.splitOrdinals[i];
      if (ageDays < 0) continue;
      if (reverseSplitLookbackDays > 0 && ageDays <= reverseSplitLookbackDays) return 'reverseSplitLookback';
      if (ageDays <= cumulativeSplitWindowDays) cumulativeRatio *= this.splitRatios[i];
    }
    if (cumulativeSplitLimit > 0 && cumulativeRatio >= cumulativeSplitLimit) return 'cumulativeSplit';
    return null;
  }

  private onCloseInPeriod(t: number, ordinal: number, close: number): void {
    const rules = this.rules;
    // "A period expires on the first business day after its deadline" (MODEL.md 11).
    if (ordinal > this.deadlineOrdinal) {
      if (this.state === ListingState.deficient && rules.secondPeriodDays > 0) {
        // Nasdaq 5810(c)(3)(A)(ii): Capital Market issuers get a second 180 days.
        this.state = ListingState.secondPeriod;
        this.setDeadline(this.deadlineOrdinal + rules.secondPeriodDays);
        this.emit(t, 'secondPeriod', close, { deadline: ordinalToDate(this.deadlineOrdinal) });
      } else {
        this.determine(t, close, 'periodExpired');
        return;
      }
    }

    this.aboveRunDays = close >= rules.minPrice ? this.aboveRunDays + 1 : 0;
    if (rules.pennyPrice > 0) {
      // Nasdaq 5810(c)(3)(A)(iii): <= $0.10 for 10 consecutive business days during a period.
      this.pennyRunDays = close <= rules.pennyPrice ? this.pennyRunDays + 1 : 0;
      if (this.pennyRunDays >= rules.pennyDays) {
        this.determine(t, close, 'pennyStock');
        return;
      }
    }

    if (this.cured(t, close)) {
      this.state = ListingState.compliant;
      this.deadlineOrdinal = NaN;
      this.lastTradingDayIndex = -1;
      this.belowRunDays = 0;
      this.aboveRunDays = 0;
      this.pennyRunDays = 0;
      this.emit(t, 'regained', close, null);
    }
  }

  private cured(t: number, close: number): boolean {
    const cure = this.rules.cure;
    const minPrice = this.rules.minPrice;
    switch (cure.kind) {
      case 'consecutiveAtOrAbove':
        // Nasdaq 5810(c)(3)(A): at or above $1.00 for 10 consecutive business days.
        return this.aboveRunDays >= cure.days;
      case 'monthEndCloseAndAverage': {
        // NYSE 802.01C: on a month's last trading day (and the period's last
        // trading day, MODEL.md 11), close and 30-day average both >= $1.00.
        const testDay = this.calendar.isMonthEndTradingDay[t] === 1 || t === this.lastTradingDayIndex;
        return testDay && close >= minPrice && this.closeCount >= cure.days && this.average(cure.days) >= minPrice;
      }
      case 'averageAtOrAbove':
        // NYSE American practice: the 30-day average back at or above the threshold.
        return this.closeCount >= cure.days && this.average(cure.days) >= minPrice;
    }
  }

  /** Delisting determination; with delistDelayDays = 0 the delisting follows the same day. */
  private determine(t: number, close: number, reason: DeterminationReason): void {
    this.state = ListingState.determination;
    this.determinationReason = reason;
    this.deadlineOrdinal = NaN;
    this.lastTradingDayIndex = -1;
    this.emit(t, 'determination', close, { reason });
    this.delistCountdownDays = this.rules.delistDelayDays;
    if (this.delistCountdownDays <= 0) this.delist(t, close);
  }

  private delist(t: number, close: number): void {
    this.state = ListingState.delisted;
    this.emit(t, 'delisted', close, { reason: this.determinationReason });
  }

  private setDeadline(deadlineOrdinal: number): void {
    this.deadlineOrdinal = deadlineOrdinal;
    this.lastTradingDayIndex = this.findLastTradingDayIndex(deadlineOrdinal);
  }

  /**
   * Last business day on or before the deadline, as a day index. Past the
   * horizon the calendar has no holiday flags, so any weekday there counts
   * and the answer is Infinity (never reached in the simulation).
   */
  private findLastTradingDayIndex(deadlineOrdinal: number): number {
    const cal = this.calendar;
    const lastIndex = cal.days - 1;
    const deadlineIndex = deadlineOrdinal - cal.startOrdinal;
    for (let k = deadlineIndex; k > lastIndex; k--) {
      const w = weekday(cal.startOrdinal + k);
      if (w !== 0 && w !== 6) return Infinity;
    }
    for (let k = Math.min(deadlineIndex, lastIndex); k >= 0; k--) {
      if (cal.isBusinessDay[k] === 1) return k;
    }
    return -1;
  }

  /** Mean of the last `days` stored closes, summed oldest first (deterministic order). */
  private average(days: number): number {
    const n = Math.min(days, this.closeCount);
    if (n === 0) return NaN;
    const cap = this.closes.length;
    let i = (this.closeHead - n + cap) % cap;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += this.closes[i];
      i = i + 1 === cap ? 0 : i + 1;
    }
    return sum / n;
  }

  private emit(
    t: number,
    kind: EventKind,
    close: number,
    figures: Record<string, string | number | boolean> | null,
  ): void {
    const averageDays = Math.min(this.figureAverageDays, this.closeCount);
    this.sink.push({
      day: t,
      date: this.calendar.dates[t],
      company: this.ticker,
      kind,
      close,
      average: this.average(averageDays),
      averageDays,
      ...figures,
    });
  }
}

function assertDays(name: string, days: number): void {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`listing rule ${name} must be a positive integer, got ${days}`);
}

/** Copy `from` into `to` in place (no allocation unless `to` must grow). */
function copyArray(to: number[], from: readonly number[]): void {
  to.length = from.length;
  for (let i = 0; i < from.length; i++) to[i] = from[i];
}
