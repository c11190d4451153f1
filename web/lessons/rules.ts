/**
 * Lesson: the exchange's $1 rules on their normal path. Nakamoto / KindlyMD
 * (scenarios/naka.json, a forecast made on 2025-11-21) with a labelled
 * variant: management defends the listing (policy defendListing) and the run
 * lasts two years. With seed 1 (scripts/lessons/find-dollar-seed.ts lists
 * NAKA's seeds: most go notice -> reverse split -> cure) the stock gets its
 * notice, a reverse split is announced, takes effect, and ten closes at $1
 * or more regain compliance before the deadline.
 */
import { data, int, longDate, num, price, tx, type Rich } from '../lib/teaching/segments.ts';
import { defendListingVariant } from './dollar-variant.ts';
import type { Lesson, LessonContext } from './types.ts';

const T = 'NAKA';
const at = (c: LessonContext, kind: string) => c.first({ kind, company: T });
const dayOf = (c: LessonContext, kind: string) => Math.max(0, at(c, kind)?.day ?? 0);
const rulesOf = (c: LessonContext) => c.trace.model.scenario.listingRules[c.company().params.exchange];
const none = (what: string): Rich => tx`On this path ${data(T)} ${data(what)}.`;

export const rulesLesson: Lesson = {
  id: 'rules',
  title: 'The exchange\'s rules: the notice, the compliance period, a reverse split, the cure',
  summary:
    'The normal way a stock under a dollar stays listed: the count of closes, the letter, the compliance period, the reverse split announced days ahead, and the run of closes at a dollar that cures it. Plus the limits: no second chance soon after a split, and the penny rule.',
  scenario: 'naka.json',
  variant: defendListingVariant(
    T,
    'NAKA defends its listing (policy defendListing, default settings: a reverse split when time runs short): a what-if, since by 2025-11-21 management had announced no reverse split. Two years instead of the saved horizon, so the listing clock has time to run.',
  ),
  settings: { seed: '1', deterministic: false, horizonDays: 730 },
  ticker: T,
  steps: [
    {
      id: 'count',
      title: 'Counting closes below a dollar',
      day: (c) => {
        const n = at(c, 'notice');
        return n ? Math.max(0, c.trace.dates.indexOf(String(n.testDate))) : 0;
      },
      text: (c) => {
        const n = at(c, 'notice');
        const r = rulesOf(c);
        if (!n) return none('never closed below a dollar long enough to count');
        return tx`${data(r.name)} counts business days with a close below ${price(r.minPrice)}. On ${data(longDate(String(n.testDate)))} ${data(T)} reaches ${int(n.belowDays as number)} in a row, over the ${int(r.trigger.days)} the rule allows: the [[listing-clock]] starts.`;
      },
      look: { links: ['stock-clock'], charts: ['teach-stock'] },
    },
    {
      id: 'letter',
      title: 'The letter and the compliance period',
      day: (c) => dayOf(c, 'notice'),
      text: (c) => {
        const n = at(c, 'notice');
        const r = rulesOf(c);
        if (!n) return none('never received a notice');
        return tx`The letter, a [[deficiency-notice]], comes on ${data(longDate(c.date(n.day)))}. It gives ${int(r.periodDays)} calendar days, to ${data(longDate(String(n.deadline)))}: the [[compliance-period]]. To cure, the stock must close at ${price(r.minPrice)} or more for ${int(r.cure.days)} business days in a row before then. The stock closed at ${price(n.close as number)}.`;
      },
      look: { links: ['stock-clock', 'clock-policy'], charts: ['teach-stock'] },
    },
    {
      id: 'decide',
      title: 'Deciding a reverse split, days ahead',
      day: (c) => dayOf(c, 'splitDecided'),
      text: (c) => {
        const s = at(c, 'splitDecided');
        if (!s) return none('never decided a reverse split');
        const n = at(c, 'notice');
        return tx`On ${data(longDate(c.date(s.day)))}, with the stock still below ${price(rulesOf(c).minPrice)} and ${int(Math.round((Date.parse(String(n?.deadline)) - Date.parse(c.date(s.day))) / 864e5))} days left, management decides a one-for-${num(s.ratio as number)} [[reverse-split]]. The exchange must hear of it ${int(s.noticeDays as number)} calendar days ahead, so the earliest it can take effect is ${data(longDate(String(s.earliestEffectiveDate)))}.`;
      },
      look: { links: ['clock-policy'], panel: 'captions', charts: ['teach-stock'] },
    },
    {
      id: 'split',
      title: 'The split takes effect',
      day: (c) => dayOf(c, 'reverseSplit'),
      text: (c) => {
        const e = at(c, 'reverseSplit');
        if (!e) return none('never split');
        const s = c.company().series;
        const d = e.day;
        return tx`On ${data(longDate(c.date(d)))} every ${num(e.ratio as number)} shares become one: ${int(e.sharesAfter as number)} shares after. The stock closes at ${price(s.stockPrice[d])}, against ${price(s.stockPrice[Math.max(0, d - 1)])} the day before. Nothing else changed: the same coins, the same debt, the same [[mnav|mNAV]] (${num(s.mnav[d] ?? NaN)}).`;
      },
      look: { links: ['stock-clock'], charts: ['teach-stock', 'teach-mnav'] },
    },
    {
      id: 'cure',
      title: 'Closes at a dollar: cured, and the limits',
      day: (c) => dayOf(c, 'regained'),
      text: (c) => {
        const e = at(c, 'regained');
        const r = rulesOf(c);
        const n = at(c, 'notice');
        const limits = tx` The limits: a new deficiency within ${int(r.reverseSplitLookbackDays)} days of this split gets no compliance period, nor does one after ${num(r.cumulativeSplitLimit)}-for-one in total over ${int(r.cumulativeSplitWindowDays)} days; and during a period, ${int(r.pennyDays)} closes at or below ${price(r.pennyPrice)} end it at once (the spiral lesson shows that path).`;
        if (!e) return tx`${none('did not regain compliance')}${limits}`;
        return tx`On ${data(longDate(c.date(e.day)))} ${data(T)} has closed at ${price(r.minPrice)} or more for ${int(r.cure.days)} business days in a row: it has [[regained|regained compliance]], before the ${data(longDate(String(n?.deadline)))} deadline.${limits}`;
      },
      look: { links: ['stock-clock'], panel: 'captions', charts: ['teach-stock'] },
    },
  ],
};
