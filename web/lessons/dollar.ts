/**
 * Lesson: the $1 spiral itself. FG Nexus (scenarios/fgnx.json, a forecast
 * made on 2025-11-21) with a labelled variant: management defends the
 * listing (policy defendListing) and the run lasts two years. With seed 5
 * (found by scripts/lessons/find-dollar-seed.ts) the stock falls below $1,
 * gets its deficiency notice, FGNX sells ether to buy back shares under the
 * notice, the ether price keeps falling, and the stock cannot hold: the
 * $0.10 rule ends the compliance period with a delisting determination.
 * test/teaching.test.ts checks the order of these events and the figures.
 */
import { forceShares } from '../lib/teaching/forces.ts';
import { fig, wfig } from '../lib/teaching/figures.ts';
import { data, int, longDate, num, pct, price, tx, usd, type Rich } from '../lib/teaching/segments.ts';
import { navBefore, nextBusinessDay } from '../lib/teaching/trace.ts';
import { defendListingVariant } from './dollar-variant.ts';
import type { Lesson, LessonContext } from './types.ts';

const T = 'FGNX';

export const dollarVariant = defendListingVariant(
  T,
  'FGNX defends its listing (policy defendListing, default settings: buybacks under a deficiency notice, paid by selling ether, and a reverse split when time runs short): a what-if, since management announced no such plan by 2025-11-21. Two years instead of the saved horizon, so the listing clock has time to run.',
);

/** Day of the first deficiency notice (-1 = none). */
export const noticeDay = (c: LessonContext) => c.first({ kind: 'notice', company: T })?.day ?? -1;
/** Day of the first coin sale to defend the listing, on or after the notice (-1 = none). */
export const defendDay = (c: LessonContext) => (noticeDay(c) < 0 ? -1 : c.first({ kind: 'coinSale', reason: 'defendListing', company: T, from: noticeDay(c) })?.day ?? -1);
/** Day of the delisting determination after the defence (-1 = none). */
export const determinationDay = (c: LessonContext) => (defendDay(c) < 0 ? -1 : c.first({ kind: 'determination', company: T, from: defendDay(c) })?.day ?? -1);
/** Coin sales to defend the listing, notice to determination. */
export const defendSales = (c: LessonContext) => {
  const to = determinationDay(c) >= 0 ? determinationDay(c) : c.last;
  return c.events({ kind: 'coinSale', reason: 'defendListing', company: T, from: Math.max(0, noticeDay(c)), to });
};

/** The buyback sentence: whether the fill was above or below NAV decides what it does to NAV per share. */
const buybackText = (shares: number, fill: number, nav: number): Rich =>
  fill > nav
    ? tx` and buys back ${int(shares)} shares at ${price(fill)}, above the ${price(nav)} of NAV each share held ([[buyback]]): each such buyback lowers NAV per share for the holders who stay. The aim is not NAV but the price: fewer shares on offer, a buyer in the market, a close back above the minimum.`
    : tx` and buys back ${int(shares)} shares at ${price(fill)}, below the ${price(nav)} of NAV each share held ([[buyback]]): NAV per share rises for the holders who stay, and the company hopes the price follows.`;

/** The defendListing policy's "split when fewer than N days remain". */
const splitDaysLeft = (c: LessonContext) => {
  const p = c.company().params.policies.find((x) => x.kind === 'defendListing');
  return p && p.kind === 'defendListing' ? p.reverseSplitDaysLeft : NaN;
};

const none = (what: string): Rich => tx`On this path ${data(T)} ${data(what)}.`;

export const dollarLesson: Lesson = {
  id: 'dollar',
  title: 'The $1 spiral: a notice, a defence paid in coins, and a stock that cannot hold',
  summary:
    'A stock sinks below one dollar and the exchange starts its clock. Management defends the listing the way these companies can: it sells coins to buy back stock. Those sales press on the coin, the coin presses on the stock, and the stock ends where the clock said it would. Then: how much of the coin\'s fall was the company\'s own doing?',
  scenario: 'fgnx.json',
  variant: dollarVariant,
  settings: { seed: '5', deterministic: false, horizonDays: 730 },
  ticker: T,
  steps: [
    {
      id: 'notice',
      title: 'Below a dollar: the notice',
      day: (c) => Math.max(0, noticeDay(c)),
      text: (c) => {
        const n = c.first({ kind: 'notice', company: T });
        if (!n) return none('never fell below a dollar long enough for a notice');
        const rules = c.trace.model.scenario.listingRules[c.company().params.exchange];
        return tx`${data(T)}'s stock closed below ${price(rules.minPrice)} for ${int(n.belowDays as number)} business days in a row, up to ${data(longDate(String(n.testDate)))}. ${data(rules.name)}'s letter, a [[deficiency-notice]], is dated ${data(longDate(c.date(n.day)))}: the stock closed at ${price(n.close as number)}. ${data(T)} has until ${data(longDate(String(n.deadline)))} to cure ([[compliance-period]]). In the diagram the stock feeds the [[listing-clock]].`;
      },
      look: { links: ['stock-clock'], charts: ['teach-stock'] },
    },
    {
      id: 'defend',
      title: 'The defence: selling coins to buy back stock',
      day: (c) => Math.max(0, defendDay(c)),
      text: (c) => {
        const d = defendDay(c);
        if (d < 0) return none('never sold coins to defend its listing');
        const co = c.company();
        const sale = c.events({ kind: 'coinSale', reason: 'defendListing', company: T, from: d, to: d })[0];
        const bb = c.events({ kind: 'buyback', company: T, from: d, to: d })[0];
        const all = defendSales(c);
        return tx`${d === nextBusinessDay(c.trace, noticeDay(c)) ? tx`The next business day after the notice, on ` : tx`On `}${data(longDate(c.date(d)))}, management starts to defend the listing: it sells ${num(sale.coins as number)} ${data(co.params.coin)} for ${usd(sale.usd as number)}${bb ? buybackText(bb.shares as number, bb.price as number, navBefore(c.trace, co.i, d)) : tx`.`} Until the determination it sells ether for this on ${int(all.length)} days: ${num(all.reduce((a, e) => a + (e.coins as number), 0))} ${data(co.params.coin)}, ${usd(all.reduce((a, e) => a + (e.usd as number), 0))}. The clock lights the policy, the policy the sales.`;
      },
      look: { links: ['clock-policy', 'policy-sales'], panel: 'captions', charts: ['teach-coins'] },
    },
    {
      id: 'coin-falls',
      title: 'The sales press on the coin',
      day: (c) => Math.max(0, defendDay(c)),
      text: (c) => {
        const d = defendDay(c);
        if (d < 0) return none('never sold coins to defend its listing');
        const co = c.company();
        const m = c.market(co.params.coin);
        const md = m.day(d);
        const F = c.fig(d);
        return tx`That day ${data(T)} sold ${fig(F, 'focusFlowUsd')} of ${data(co.params.coin)} in all (the defence and its bills), in a market where ${usd(md.effectiveVolumeUsd)} trades a day. On its own it would move ${data(co.params.coin)} ${fig(F, 'aloneMove')} ([[sqrt-law]]); on top of the day's other flows (${md.totalFlowUsd >= 0 ? tx`${usd(md.totalFlowUsd)} net sold by everyone` : tx`everyone together, net, bought ${usd(-md.totalFlowUsd)}`}) it adds ${fig(F, 'focusMove')}. NAV per share follows the coin at the close (${fig(F, 'navChange')} today), and the stock follows NAV per share the next morning: when the coin falls, the loop closes.`;
      },
      look: { links: ['sales-impact', 'impact-price', 'price-nav', 'nav-stock'], panel: 'chain', charts: ['teach-coin', 'teach-flows'] },
    },
    {
      id: 'cannot-hold',
      title: 'The stock cannot hold',
      day: (c) => Math.max(0, determinationDay(c)),
      text: (c) => {
        const det = determinationDay(c);
        if (det < 0) return none('was not delisted after its defence');
        const e = c.first({ kind: 'determination', company: T, from: det })!;
        const co = c.company();
        const rules = c.trace.model.scenario.listingRules[co.params.exchange];
        const d = defendDay(c);
        const why = e.reason === 'pennyStock'
          ? tx`the stock closed at or below ${price(rules.pennyPrice)} for ${int(rules.pennyDays)} business days in a row during the compliance period (the ${price(rules.pennyPrice)} rule)`
          : tx`the compliance period ran out`;
        const W = c.window(d, det);
        return tx`From the first defensive sale to ${data(longDate(c.date(det)))}, ${data(co.params.coin)} went from ${wfig(W, 'coinFrom')} to ${wfig(W, 'coinTo')} (${wfig(W, 'coinChange')}) and ${data(T)}'s stock from ${wfig(W, 'stockFrom')} to ${wfig(W, 'stockTo')} (${wfig(W, 'stockChange')}): faster than the coin, because NAV per share went ${wfig(W, 'navChange')} (the coins sold in the defence and for the bills leave fewer coins per share, and the claims ahead of the shares take a larger part of what is left), while the stock's ratio to NAV per share, its [[premium]], went ${wfig(W, 'ratioChange')}: stock = NAV per share × that ratio. On ${data(longDate(c.date(det)))} the exchange makes its [[determination|delisting determination]]: ${why}. ${c.events({ kind: 'splitDecided', company: T, from: d, to: det }).length ? tx`` : tx`The reverse split the policy keeps for the last ${int(splitDaysLeft(c))} days of the period never comes: the clock ends first. `}${e.hearingStay ? tx`A hearing request stays the suspension; a panel can grant up to ${int(e.panelExceptionDays as number)} days, to ${data(longDate(String(e.suspensionDate)))} at the latest.` : tx``}`;
      },
      look: { links: ['nav-stock', 'stock-clock'], charts: ['teach-stock', 'teach-coin'] },
    },
    {
      id: 'caused',
      title: 'How much of the coin\'s fall did the company cause?',
      day: (c) => Math.max(0, determinationDay(c)),
      text: (c) => {
        const d = determinationDay(c) >= 0 ? determinationDay(c) : c.last;
        const coin = c.company().params.coin;
        const f = forceShares(c.forces, coin, d);
        const row = (id: string) => f.rows.find((r) => r.id === id)!;
        const sh = (id: string): Rich => (row(id).share === null ? tx`n/a` : tx`${pct(row(id).share!)}`);
        return tx`Run the same seed again with the treasuries' sales switched off ([[force-share]]). Up to ${data(longDate(c.date(d)))} ${data(coin)} fell ${pct(f.fallAll)} from where it started; ${c.trace.model.companies.length === 1 ? tx`${data(T)}'s selling (the only treasury in this scenario)` : tx`the treasuries' selling, ${data(T)}'s included,`} explains ${row('treasury').share === null ? tx`n/a` : tx`${pct(row('treasury').share!, 2)}`} of that fall, leverage liquidations ${sh('leverage')}, ETF outflows ${sh('etf')}. ${data(T)}'s defence hurt its own stock through its coin only in proportion to its size: a small holder in a deep market mostly rides a fall it did not cause, and its spiral runs through its listing.`;
      },
      look: { panel: 'forces', charts: ['teach-coin'] },
    },
    {
      id: 'rules',
      title: 'The exchange\'s rules, in brief',
      day: (c) => Math.max(0, noticeDay(c)),
      text: (c) => {
        const co = c.company();
        const r = c.trace.model.scenario.listingRules[co.params.exchange];
        const period = r.periodMonths > 0 ? tx`${int(r.periodMonths)} months` : tx`${int(r.periodDays)} days`;
        return tx`${data(r.name)}: a notice after ${int(r.trigger.days)} business days ${data(r.trigger.kind === 'averageBelow' ? 'of average close' : 'of closes')} below ${price(r.minPrice)}; then ${period} to cure, by ${r.cure.kind === 'consecutiveAtOrAbove' ? tx`${int(r.cure.days)} business days in a row at ${price(r.minPrice)} or more` : tx`a ${int(r.cure.days)}-day average close at ${price(r.minPrice)} or more`}, often reached by a [[reverse-split]]${r.secondPeriodDays > 0 ? tx`; a second period of ${int(r.secondPeriodDays)} days may follow` : tx``}. No cure period after a reverse split in the prior ${int(r.reverseSplitLookbackDays)} days, or after ${num(r.cumulativeSplitLimit)}-for-one in total over ${int(r.cumulativeSplitWindowDays)} days. ${r.pennyDays > 0 ? tx`And at ${price(r.pennyPrice)} or less for ${int(r.pennyDays)} business days during the period, the period ends at once${c.first({ kind: 'determination', company: T })?.reason === 'pennyStock' ? tx`: that is what happened here` : tx``}.` : tx``}`;
      },
      look: { links: ['stock-clock', 'clock-policy'], charts: ['teach-stock'] },
    },
  ],
};
