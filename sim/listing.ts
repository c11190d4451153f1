/**
 * Exchange listing-rule state machine (docs/model.md §6 and §11, "Listing").
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
 * Procedure around the counting (issue 11; docs/model.md 5, each optional in
 * the rule set, so a bare rule set keeps the plain counting):
 * - The letter (Nasdaq) or the receipt of the notice (NYSE) comes
 *   `noticeLagBusinessDays` business days after the test day; the period runs
 *   from it, and with `rollDeadline` a deadline on a weekend or holiday moves
 *   to the next business day.
 * - After a determination with a hearing procedure (`hearingRequestDays` > 0):
 *   without a stay, suspension (the `delisted` event) on the
 *   `suspensionBusinessDays`-th business day after the request period; with a
 *   stay (the company requests a hearing and the reason allows one), the
 *   clock keeps testing the cure until the panel's exception ends, then
 *   suspension on the next business day.
 * - Closes before the start and a notice already received come from the
 *   company's `listing` settings (a clock that starts mid-story).
 *
 * Pure: no DOM or Node imports. `onClose` allocates nothing except the event
 * objects it emits, which are rare.
 */
import type { CompanyListingSettings, ListingRuleSet } from './types.ts';
import type { TradingCalendar } from './calendar.ts';
import { addBusinessDays, addMonths, dateToOrdinal, isBusinessOrdinal, ordinalToDate, rollToBusinessDay, weekday } from './calendar.ts';
import type { EventSink, EventKind } from './events.ts';
import { ListingState, type ListingStateCode } from './listing-state.ts';

/** Why a delisting determination was made (the `reason` figure of the event). */
export type DeterminationReason = 'periodExpired' | 'pennyStock' | 'reverseSplitLookback' | 'cumulativeSplit' | 'noIntentToCure' | 'meetingCureFailed';

/** Default calendar days from a determination to the panel's decision when it grants no exception. */
export const DEFAULT_HEARING_DECISION_DAYS = 45;

/**
 * Earliest market effective date (day ordinal) of a reverse split decided on
 * day ordinal `decidedOrdinal`: at least `splitNoticeCalendarDays` calendar
 * days (Nasdaq 5250(e)(7): 10) and `splitNoticeBusinessDays` business days
 * (5250(b)(4): 2) later, on a business day. With neither set: the same day.
 * Worked example (test/listing.test.ts): decided Fri 2026-06-26 -> +10 days
 * Mon 2026-07-06 (2 business days: Tue 2026-06-30) -> Mon 2026-07-06.
 */
export function earliestSplitEffectiveOrdinal(rules: ListingRuleSet, decidedOrdinal: number, holidays: ReadonlySet<number>): number {
  const calendarDays = rules.splitNoticeCalendarDays ?? 0, businessDays = rules.splitNoticeBusinessDays ?? 0;
  if (calendarDays <= 0 && businessDays <= 0) return decidedOrdinal;
  const byCalendar = decidedOrdinal + calendarDays;
  const byBusiness = addBusinessDays(decidedOrdinal, businessDays, holidays);
  return rollToBusinessDay(Math.max(byCalendar, byBusiness), holidays);
}

/** Window of the `average` figure in events when no rule uses an average. */
const DEFAULT_AVERAGE_DAYS = 30;

export class ListingClock {
  /** Current listing state, read by the engine every day. */
  state: ListingStateCode = ListingState.compliant;

  private readonly rules: ListingRuleSet;
  private readonly calendar: TradingCalendar;
  private readonly sink: EventSink;
  private readonly ticker: string;

  /** Closes in the span that the rule's averages read (trigger or cure); 0 when none does. */
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
  /** Closes below `lowBar` among the last `lowWindow` stored closes (see `triggered`). */
  private lowCount = 0;
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
  /** Ordinal of the letter / receipt of notice once the test failed (NaN = none pending). */
  private pendingNoticeOrdinal = NaN;
  /** Ordinal of the test day that failed (for the notice's figures). */
  private testOrdinal = NaN;
  /** Ordinal by which the intent to cure is due when the company does not state it (NaN = none). */
  private intentDueOrdinal = NaN;
  /** NYSE shareholder-vote path: 0 unused, 1 period extended to the meeting, 2 waiting for the price to exceed, 3 holding above. */
  private meetingStage = 0;
  /** Closes above the minimum in meeting stage 3. */
  private meetingHoldCount = 0;
  /** Ordinal of the suspension after a determination with a hearing procedure (NaN = none). */
  private suspensionOrdinal = NaN;
  /** A hearing request stays the suspension (the clock keeps testing the cure). */
  private stayed = false;

  // ---- resolved settings (constant) ----
  private readonly cureDays: number;
  private readonly noticeLagDays: number;
  private readonly requestsHearing: boolean;
  private readonly panelExceptionDays: number;
  private readonly hearingDecisionDays: number;
  private readonly qualifiesForSecondPeriod: boolean;
  private readonly statesIntentToCure: boolean;
  private readonly meetingOrdinal: number;
  private readonly pennyAnyTime: boolean;
  /**
   * The averageBelow trigger's window (0: no such trigger, or no shortcut) and the bar
   * minPrice * (1 + 1e-9): when none of the window's closes is below the bar, the computed
   * average is at least minPrice (below), so the trigger cannot fire and the sum is skipped.
   */
  private readonly lowWindow: number;
  private readonly lowBar: number;

  constructor(rules: ListingRuleSet, calendar: TradingCalendar, sink: EventSink, ticker: string, settings: CompanyListingSettings = {}) {
    assertDays('trigger.days', rules.trigger.days);
    assertDays('cure.days', rules.cure.days);
    if (rules.pennyPrice > 0) assertDays('pennyDays', rules.pennyDays);
    if (settings.cureDays !== undefined) assertDays('cureDays', settings.cureDays);
    this.rules = rules;
    this.calendar = calendar;
    this.sink = sink;
    this.ticker = ticker;
    this.cureDays = settings.cureDays ?? rules.cure.days;
    this.noticeLagDays = rules.noticeLagBusinessDays ?? 0;
    this.requestsHearing = settings.requestsHearing ?? true;
    const maxPanel = rules.maxPanelExceptionDays ?? 0;
    this.panelExceptionDays = Math.min(maxPanel, Math.max(0, settings.panelExceptionDays ?? maxPanel));
    this.hearingDecisionDays = settings.hearingDecisionDays ?? DEFAULT_HEARING_DECISION_DAYS;
    this.qualifiesForSecondPeriod = settings.qualifiesForSecondPeriod ?? true;
    this.statesIntentToCure = settings.statesIntentToCure ?? true;
    this.meetingOrdinal = settings.annualMeetingDate ? dateToOrdinal(settings.annualMeetingDate) : NaN;
    this.pennyAnyTime = rules.pennyPrice > 0 && rules.pennyRule === 'anyTime';
    const triggerAverage = rules.trigger.kind === 'averageBelow' ? rules.trigger.days : 0;
    const cureAverage = rules.cure.kind === 'consecutiveAtOrAbove' ? 0 : rules.cure.days;
    this.averageDays = Math.max(triggerAverage, cureAverage);
    this.figureAverageDays = triggerAverage || cureAverage || DEFAULT_AVERAGE_DAYS;
    this.closes = new Float64Array(Math.max(this.averageDays, this.figureAverageDays));
    this.lowWindow = triggerAverage > 0 && triggerAverage <= 100_000 && rules.minPrice > 0 ? triggerAverage : 0;
    this.lowBar = rules.minPrice * (1 + 1e-9);
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
    this.countLow();
    this.splitOrdinals.push(this.calendar.startOrdinal + t);
    this.splitRatios.push(ratio);
  }

  /**
   * The closing stock price of business day `t` (docs/model.md §8, step 9). Advances
   * the counters and emits `notice`, `secondPeriod`, `regained`,
   * `determination`, `delisted`. Calls on non-business days are ignored (the
   * listing counters do not change on them, docs/model.md §2).
   */
  onClose(t: number, close: number): void {
    if (this.state === ListingState.delisted) return;
    if (this.calendar.isBusinessDay[t] !== 1) return;
    const ordinal = this.calendar.startOrdinal + t;
    this.pushClose(close);

    if (this.pennyAnyTime && this.state !== ListingState.determination) {
      // SR-NASDAQ-2025-065 as proposed: <= $0.10 for 10 consecutive days at any time, no hearing stay.
      this.pennyRunDays = close <= this.rules.pennyPrice ? this.pennyRunDays + 1 : 0;
      if (this.pennyRunDays >= this.rules.pennyDays) {
        this.determine(t, ordinal, close, 'pennyStock', false);
        return;
      }
    }

    switch (this.state) {
      case ListingState.compliant:
        if (!Number.isNaN(this.pendingNoticeOrdinal)) {
          // The letter comes on its day whatever the closes in between (the deficiency is established).
          if (ordinal >= this.pendingNoticeOrdinal) this.giveNotice(t, ordinal, close);
          return;
        }
        if (this.triggered()) {
          this.testOrdinal = ordinal;
          if (this.noticeLagDays <= 0) this.giveNotice(t, ordinal, close);
          else this.pendingNoticeOrdinal = addBusinessDays(ordinal, this.noticeLagDays, this.calendar.holidaySet);
        }
        return;
      case ListingState.deficient:
      case ListingState.secondPeriod:
        this.onCloseInPeriod(t, ordinal, close);
        return;
      case ListingState.determination:
        this.onCloseInDetermination(t, ordinal, close);
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
    this.lowCount = other.lowCount;
    this.belowRunDays = other.belowRunDays;
    this.aboveRunDays = other.aboveRunDays;
    this.pennyRunDays = other.pennyRunDays;
    this.deadlineOrdinal = other.deadlineOrdinal;
    this.lastTradingDayIndex = other.lastTradingDayIndex;
    this.delistCountdownDays = other.delistCountdownDays;
    this.determinationReason = other.determinationReason;
    copyArray(this.splitOrdinals, other.splitOrdinals);
    copyArray(this.splitRatios, other.splitRatios);
    this.pendingNoticeOrdinal = other.pendingNoticeOrdinal;
    this.testOrdinal = other.testOrdinal;
    this.intentDueOrdinal = other.intentDueOrdinal;
    this.meetingStage = other.meetingStage;
    this.meetingHoldCount = other.meetingHoldCount;
    this.suspensionOrdinal = other.suspensionOrdinal;
    this.stayed = other.stayed;
  }

  /** Day index of the earliest market effective date of a reverse split decided on day `t` (may lie past the horizon). */
  earliestSplitDay(t: number): number {
    const cal = this.calendar;
    return earliestSplitEffectiveOrdinal(this.rules, cal.startOrdinal + t, cal.holidaySet) - cal.startOrdinal;
  }

  /**
   * The clock's state before the start (call once, after the prior reverse
   * splits, before the first close): `closes` are the business-day closes just
   * before the start, oldest first, counted toward the trigger and the
   * averages exactly like simulated closes (a trigger among them schedules
   * the letter, or gives the notice when the letter falls before the start);
   * `noticeDate` is a notice already received (the period runs from it; a
   * first period that ended before the start has become the second period
   * when there is one). No events are emitted for days before the start.
   */
  startMidStory(closes: readonly number[], noticeDate?: string): void {
    const cal = this.calendar, start = cal.startOrdinal, hol = cal.holidaySet;
    let ord = start - 1;
    const ordinals: number[] = new Array(closes.length);
    for (let k = closes.length - 1; k >= 0; k--) {
      while (!isBusinessOrdinal(ord, hol)) ord--;
      ordinals[k] = ord--;
    }
    let letter = noticeDate !== undefined ? dateToOrdinal(noticeDate) : NaN;
    for (let k = 0; k < closes.length; k++) {
      this.pushClose(closes[k]);
      if (Number.isNaN(letter) && Number.isNaN(this.pendingNoticeOrdinal) && this.triggered()) {
        this.testOrdinal = ordinals[k];
        this.pendingNoticeOrdinal = addBusinessDays(ordinals[k], this.noticeLagDays, hol);
      }
    }
    if (Number.isNaN(letter) && this.pendingNoticeOrdinal < start) letter = this.pendingNoticeOrdinal;
    if (Number.isNaN(letter)) return;
    this.pendingNoticeOrdinal = NaN;
    this.state = ListingState.deficient;
    this.setDeadline(this.periodDeadline(letter));
    if (this.rules.intentBusinessDays && !this.statesIntentToCure) this.intentDueOrdinal = addBusinessDays(letter, this.rules.intentBusinessDays, hol);
    if (this.deadlineOrdinal < start && this.rules.secondPeriodDays > 0 && this.qualifiesForSecondPeriod) {
      this.state = ListingState.secondPeriod;
      this.setDeadline(this.secondDeadline());
    }
  }

  // ---------------------------------------------------------------- internals

  /** Deficiency test while compliant (Nasdaq 5550(a)(2)/5450(a)(1); NYSE 802.01C; NYSE American 1003(f)(v)). */
  private triggered(): boolean {
    const trigger = this.rules.trigger;
    if (trigger.kind === 'consecutiveBelow') return this.belowRunDays >= trigger.days;
    // averageBelow: needs `days` simulated closes (docs/model.md §11).
    // No close of the window below lowBar = minPrice (1 + 1e-9): the sum of n closes >= lowBar, rounded
    // at each of its n - 1 additions and at the division, is >= minPrice (1 + 1e-9)(1 - (n + 1) 2^-53) > minPrice
    // for n <= 1e5, so the average is not below minPrice and need not be computed (same answer, bit for bit).
    if (this.lowWindow > 0 && this.lowCount === 0) return false;
    return this.closeCount >= trigger.days && this.average(trigger.days) < this.rules.minPrice;
  }

  /** A notice, or a determination when a reverse-split fast path applies (tested only here). */
  private giveNotice(t: number, ordinal: number, close: number): void {
    this.pendingNoticeOrdinal = NaN;
    const reason = this.splitFastPath(ordinal);
    if (reason !== null) {
      this.determine(t, ordinal, close, reason, true);
      return;
    }
    const rules = this.rules;
    this.state = ListingState.deficient;
    this.aboveRunDays = 0;
    if (!this.pennyAnyTime) this.pennyRunDays = 0;
    this.setDeadline(this.periodDeadline(ordinal));
    const figures: Record<string, string | number | boolean> = {
      deadline: ordinalToDate(this.deadlineOrdinal),
      minPrice: rules.minPrice,
      belowDays: this.belowRunDays,
      testDate: ordinalToDate(Number.isNaN(this.testOrdinal) ? ordinal : this.testOrdinal),
    };
    if (rules.intentBusinessDays) {
      const due = addBusinessDays(ordinal, rules.intentBusinessDays, this.calendar.holidaySet);
      figures.intentDeadline = ordinalToDate(due);
      if (!this.statesIntentToCure) this.intentDueOrdinal = due;
    }
    if (rules.discretionary) figures.discretionary = true;
    this.emit(t, 'notice', close, figures);
  }

  /** Deadline of a first period starting on the letter's day ordinal (rolled to a business day when the rule says so). */
  private periodDeadline(letterOrdinal: number): number {
    const rules = this.rules;
    const d = rules.periodMonths > 0 ? addMonths(letterOrdinal, rules.periodMonths) : letterOrdinal + rules.periodDays;
    return rules.rollDeadline ? rollToBusinessDay(d, this.calendar.holidaySet) : d;
  }

  /** Deadline of the second period: `secondPeriodDays` after the first deadline (rolled when the rule says so). */
  private secondDeadline(): number {
    const d = this.deadlineOrdinal + this.rules.secondPeriodDays;
    return this.rules.rollDeadline ? rollToBusinessDay(d, this.calendar.holidaySet) : d;
  }

  /**
   * Reverse-split fast paths (Nasdaq 5810(c)(3)(A)(iv), NYSE 802.01C, NYSE
   * American 1003(f)(v), as amended Jan 2025): a split within the look-back
   * (inclusive), or a cumulative ratio within the look-back at or above the limit.
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
    // NYSE 802.01C: no intent to cure within 10 business days -> suspension and delisting procedures.
    if (ordinal >= this.intentDueOrdinal) {
      this.determine(t, ordinal, close, 'noIntentToCure', true);
      return;
    }
    // "A period expires on the first business day after its deadline" (docs/model.md §11).
    if (ordinal > this.deadlineOrdinal) {
      if (this.state === ListingState.deficient && rules.secondPeriodDays > 0 && this.qualifiesForSecondPeriod) {
        // Nasdaq 5810(c)(3)(A)(ii): Capital Market issuers get a second 180 days; Global Market
        // issuers by transferring to the Capital Market (5810(c)(3)(A)(i)).
        this.state = ListingState.secondPeriod;
        this.setDeadline(this.secondDeadline());
        this.emit(t, 'secondPeriod', close, { deadline: ordinalToDate(this.deadlineOrdinal), transfer: rules.secondPeriodTransfer === true, path: rules.secondPeriodTransfer ? 'transferToCapitalMarket' : 'secondPeriod' });
      } else if (this.meetingStage === 0 && this.meetingOrdinal > this.deadlineOrdinal) {
        // NYSE 802.01C: a cure needing shareholder approval may take until the next annual meeting.
        this.meetingStage = 1;
        this.setDeadline(this.meetingOrdinal);
        this.emit(t, 'secondPeriod', close, { deadline: ordinalToDate(this.deadlineOrdinal), transfer: false, path: 'annualMeeting' });
      } else if (this.meetingStage === 1) {
        // After the meeting: the price must promptly exceed the minimum...
        this.meetingStage = 2;
        this.setDeadline(addBusinessDays(this.meetingOrdinal, rules.meetingPromptBusinessDays ?? 10, this.calendar.holidaySet));
      } else {
        const noStay = this.state === ListingState.secondPeriod && rules.noStayAfterSecondPeriod === true;
        this.determine(t, ordinal, close, this.meetingStage > 1 ? 'meetingCureFailed' : 'periodExpired', !noStay);
        return;
      }
    }
    if (this.meetingStage >= 2) {
      // ...and remain above it for the following 30 trading days (802.01C).
      if (this.meetingStage === 2) {
        if (close > rules.minPrice) {
          this.meetingStage = 3;
          this.meetingHoldCount = 0;
          this.deadlineOrdinal = Infinity;
          this.lastTradingDayIndex = -1;
        }
        return;
      }
      if (!(close > rules.minPrice)) {
        this.determine(t, ordinal, close, 'meetingCureFailed', true);
        return;
      }
      if (++this.meetingHoldCount >= (rules.meetingHoldDays ?? 30)) this.regain(t, close);
      return;
    }

    this.aboveRunDays = close >= rules.minPrice ? this.aboveRunDays + 1 : 0;
    if (rules.pennyPrice > 0 && !this.pennyAnyTime) {
      // Nasdaq 5810(c)(3)(A)(iii) (SR-NASDAQ-2020-001): <= $0.10 for 10 consecutive business days during a period; a hearing request stays.
      this.pennyRunDays = close <= rules.pennyPrice ? this.pennyRunDays + 1 : 0;
      if (this.pennyRunDays >= rules.pennyDays) {
        this.determine(t, ordinal, close, 'pennyStock', true);
        return;
      }
    }

    if (this.cured(t, close)) this.regain(t, close);
  }

  /** Determination with a hearing stay: the panel's exception runs, the cure is still tested; or the countdown to suspension. */
  private onCloseInDetermination(t: number, ordinal: number, close: number): void {
    if (!Number.isNaN(this.suspensionOrdinal)) {
      if (ordinal >= this.suspensionOrdinal) {
        this.delist(t, close);
        return;
      }
      if (this.stayed) {
        this.aboveRunDays = close >= this.rules.minPrice ? this.aboveRunDays + 1 : 0;
        if (this.cured(t, close)) this.regain(t, close);
      }
      return;
    }
    if (--this.delistCountdownDays <= 0) this.delist(t, close);
  }

  private regain(t: number, close: number): void {
    this.state = ListingState.compliant;
    this.deadlineOrdinal = NaN;
    this.lastTradingDayIndex = -1;
    this.belowRunDays = 0;
    this.aboveRunDays = 0;
    this.pennyRunDays = 0;
    this.intentDueOrdinal = NaN;
    this.meetingStage = 0;
    this.suspensionOrdinal = NaN;
    this.stayed = false;
    this.emit(t, 'regained', close, null);
  }

  /** Store a close in the ring buffer and advance the below-minimum run. */
  private pushClose(close: number): void {
    const closes = this.closes, cap = closes.length, w = this.lowWindow;
    if (w > 0) {
      // The close leaving the trigger's window (the w-th most recent) before it is overwritten.
      if (this.closeCount >= w && closes[this.closeHead >= w ? this.closeHead - w : this.closeHead - w + cap] < this.lowBar) this.lowCount--;
      if (close < this.lowBar) this.lowCount++;
    }
    closes[this.closeHead] = close;
    this.closeHead = this.closeHead + 1 === cap ? 0 : this.closeHead + 1;
    if (this.closeCount < cap) this.closeCount++;
    this.belowRunDays = close < this.rules.minPrice ? this.belowRunDays + 1 : 0;
  }

  private cured(t: number, close: number): boolean {
    const cure = this.rules.cure;
    const minPrice = this.rules.minPrice;
    switch (cure.kind) {
      case 'consecutiveAtOrAbove':
        // Nasdaq 5810(c)(3)(A): at or above $1.00 for 10 consecutive business days.
        // Staff may require up to 20 (5810(c)(3)(H)): the company's `cureDays`.
        return this.aboveRunDays >= this.cureDays;
      case 'monthEndCloseAndAverage': {
        // NYSE 802.01C: on a month's last trading day (and the period's last
        // trading day, docs/model.md §11), close and 30-day average both >= $1.00.
        const testDay = this.calendar.isMonthEndTradingDay[t] === 1 || t === this.lastTradingDayIndex;
        return testDay && close >= minPrice && this.closeCount >= cure.days && this.average(cure.days) >= minPrice;
      }
      case 'averageAtOrAbove':
        // NYSE American practice: the 30-day average back at or above the threshold.
        return this.closeCount >= cure.days && this.average(cure.days) >= minPrice;
    }
  }

  /**
   * Delisting determination. With a hearing procedure (Nasdaq 5815): a stay
   * when `stayAllowed` and the company requests a hearing (suspension the
   * business day after the panel's exception ends, or after its decision when
   * it grants none), else suspension on the `suspensionBusinessDays`-th
   * business day after the `hearingRequestDays` request period. Without one: after
   * `delistDelayDays` business days (0: the same day).
   */
  private determine(t: number, ordinal: number, close: number, reason: DeterminationReason, stayAllowed: boolean): void {
    const rules = this.rules, hol = this.calendar.holidaySet;
    this.state = ListingState.determination;
    this.determinationReason = reason;
    this.deadlineOrdinal = NaN;
    this.lastTradingDayIndex = -1;
    this.intentDueOrdinal = NaN;
    this.meetingStage = 0;
    const requestDays = rules.hearingRequestDays ?? 0;
    if (requestDays <= 0) {
      this.emit(t, 'determination', close, { reason });
      this.delistCountdownDays = rules.delistDelayDays;
      if (this.delistCountdownDays <= 0) this.delist(t, close);
      return;
    }
    this.stayed = stayAllowed && this.requestsHearing;
    const requestEnd = ordinal + requestDays;
    if (this.stayed) {
      const end = ordinal + (this.panelExceptionDays > 0 ? this.panelExceptionDays : this.hearingDecisionDays);
      this.suspensionOrdinal = addBusinessDays(end, 1, hol);
    } else {
      this.suspensionOrdinal = addBusinessDays(requestEnd, rules.suspensionBusinessDays ?? 0, hol);
    }
    this.emit(t, 'determination', close, {
      reason,
      hearingDeadline: ordinalToDate(requestEnd),
      hearingStay: this.stayed,
      panelExceptionDays: this.stayed ? this.panelExceptionDays : 0,
      suspensionDate: ordinalToDate(this.suspensionOrdinal),
    });
  }

  private delist(t: number, close: number): void {
    this.state = ListingState.delisted;
    this.suspensionOrdinal = NaN;
    this.stayed = false;
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

  /** Recount lowCount (after a reverse split scaled the stored closes). */
  private countLow(): void {
    const w = this.lowWindow;
    if (w === 0) return;
    const cap = this.closes.length, n = Math.min(w, this.closeCount);
    let i = (this.closeHead - n + cap) % cap, low = 0;
    for (let k = 0; k < n; k++) {
      if (this.closes[i] < this.lowBar) low++;
      i = i + 1 === cap ? 0 : i + 1;
    }
    this.lowCount = low;
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
