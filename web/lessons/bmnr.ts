/**
 * Lesson: BitMine holds 3.56M ether through the drawdown with no debt:
 * paper losses, no sale, and the article's "if it halves again" against
 * FTX's hole (scenarios/bmnr.json, its own seed).
 */
import { forceShares } from '../lib/teaching/forces.ts';
import { fig } from '../lib/teaching/figures.ts';
import { data, int, longDate, num, pct, price, ratio, tx, usd } from '../lib/teaching/segments.ts';
import type { Lesson, LessonContext } from './types.ts';

const T = 'BMNR';

const worstDay = (c: LessonContext) => {
  const m = c.market(c.company(T).params.coin);
  return c.argmax((t) => m.day(t).prevClose / m.day(t).close);
};
const lowDay = (c: LessonContext) => {
  const m = c.market(c.company(T).params.coin);
  return c.argmax((t) => -m.day(t).close);
};
const unrealized = (c: LessonContext, t: number) => -c.company().series.unrealizedPnlUsd[t];

export const bmnrLesson: Lesson = {
  id: 'bmnr',
  title: 'BitMine: holding through paper losses',
  summary:
    'The largest ether treasury holds millions of coins, bought near the top, with no debt and a policy of never selling. Its paper loss grows with every dollar ether falls, but nothing forces a sale: the loop is cut at the policy. How large the loss could get if ether halves again, measured against the hole FTX left, and what would have to change for holding to stop being safe.',
  scenario: 'bmnr.json',
  settings: { seed: '1', deterministic: false },
  ticker: T,
  steps: [
    {
      id: 'holder',
      title: 'A holder with no debt',
      day: () => 0,
      text: (c) => {
        const co = c.company();
        const s = co.series;
        return tx`${data(T)} holds ${num(co.params.coins)} ${data(co.params.coin)} bought at ${price(co.params.costBasisUsd)} on average ([[cost-basis]]), plus ${usd(co.params.cashUsd)} of cash, and owes nothing. At the first close ether is at ${price(c.market(co.params.coin).series.price[0])}, so the coins are worth ${usd(s.coins[0] * c.market(co.params.coin).series.price[0])}: an [[unrealized-loss]] of ${usd(unrealized(c, 0))}. The stock trades at an [[mnav|mNAV]] of ${ratio(s.mnav[0] ?? NaN)}. Its only policy is to hold.`;
      },
      look: { links: ['price-nav'], charts: ['teach-coin', 'teach-mnav'] },
    },
    {
      id: 'cut',
      title: 'The loop is cut at the policy',
      day: worstDay,
      text: (c) => {
        const d = worstDay(c);
        const co = c.company();
        const m = c.market(co.params.coin);
        const md = m.day(d);
        const F = c.fig(d);
        const r = c.trace.model.scenario.listingRules[co.params.exchange];
        return tx`${data(longDate(c.date(d)))} is ether's worst day on this path: ${fig(F, 'coinDay')}, with ${usd(md.liquidationsUsd)} of [[liquidation|liquidations]]. ${data(T)}'s [[nav|NAV per share]] falls from ${fig(F, 'navBefore')} to ${fig(F, 'nav')} (${fig(F, 'navChange')}), the paper loss grows to ${usd(unrealized(c, d))}, and then nothing happens: no debt means no [[ltv]] and no [[covenant]], a stock far above any listing minimum means no clock, and the policy is to hold. (${data(T)} trades on ${data(r.name)}: that exchange has no fixed minimum price, so the ${price(r.minPrice)} line on the stock chart is the scenario's assumed threshold, a ${int(r.trigger.days)}-day average below it.) In the diagram the wave stops at the policy node: the links into coin sales stay dark. Its share of the day's extra selling if ether were a little lower ([[loop-gain]]) is zero.`;
      },
      look: { links: ['price-nav', 'policy-sales'], panel: 'chain', charts: ['teach-coin'] },
    },
    {
      id: 'discount',
      title: 'Worth less than its coins, and still no sale',
      day: (c) => {
        const s = c.company().series;
        const d = s.mnav.findIndex((v) => v !== null && v < 1);
        return d >= 0 ? d : 0;
      },
      text: (c) => {
        const s = c.company().series;
        const d = s.mnav.findIndex((v) => v !== null && v < 1);
        if (d < 0) return tx`On this path ${data(T)}'s stock never trades below the value of its coins.`;
        const below = s.mnav.filter((v) => v !== null && v < 1).length;
        return tx`From ${data(longDate(c.date(d)))} the stock is worth less than the coins behind it (mNAV ${ratio(s.mnav[d] ?? NaN)}), on ${num(below)} days of the run in all. A company with a [[buyback]] policy would now sell coins to buy back stock, as FG Nexus did. ${data(T)} does not: below one it cannot raise money by selling shares either ([[atm]]), but it does not need to.`;
      },
      look: { links: ['stock-policy'], charts: ['teach-mnav'] },
    },
    {
      id: 'deepest',
      title: 'The deepest paper loss',
      day: lowDay,
      text: (c) => {
        const d = lowDay(c);
        const co = c.company();
        const p = c.market(co.params.coin).series.price[d];
        const years = co.params.opexUsdPerYear > 0 ? co.params.cashUsd / co.params.opexUsdPerYear : Infinity;
        return tx`Ether's lowest close on this path is ${price(p)} on ${data(longDate(c.date(d)))}, ${pct(1 - p / co.params.costBasisUsd)} below what ${data(T)} paid. The paper loss is ${usd(unrealized(c, d))}. It is an [[unrealized-loss|unrealized loss]] only: no lender can call it, and the company's cash covers ${num(years)} years of its ${usd(co.params.opexUsdPerYear)} annual costs, so no bill forces a sale either.`;
      },
      look: { charts: ['teach-coin', 'teach-stock'] },
    },
    {
      id: 'halves',
      title: 'If ether halves again',
      day: (c) => c.last,
      text: (c) => {
        const co = c.company();
        const s = co.summary;
        const cmp = c.trace.result.summary.comparisons;
        return tx`At the end of the run ${data(T)} holds ${num(s.coinsHeld)} ${data(co.params.coin)} with an unrealized result of ${usd(s.unrealizedPnlUsd)}. The source article's yardstick: "as long as Bitcoin halves again, its losses can match the hole left by the FTX explosion". If ether halved from here, the loss against cost would be ${usd(s.unrealizedLossIfCoinHalvesUsd)}: ${ratio(s.lossIfHalvesVsFtxHole)} times [[ftx-hole]] of about ${usd(cmp.ftxHoleUsd)}. A hole of that size, in one company, without a single coin sold.`;
      },
      look: { charts: ['teach-coin'] },
    },
    {
      id: 'forces',
      title: 'Who moved ether?',
      day: (c) => c.last,
      text: (c) => {
        const coin = c.company().params.coin;
        const f = forceShares(c.forces, coin, c.last);
        const sh = (id: string) => {
          const v = f.rows.find((r) => r.id === id)!.share;
          return v === null ? tx`n/a` : tx`${pct(v)}`;
        };
        return tx`Ether fell as far as ${pct(f.fallAll)} below its start. With ${data(T)} the only treasury in this scenario, treasury selling explains ${sh('treasury')} of it: it never sells. Leverage liquidations explain ${sh('leverage')}, ETF outflows ${sh('etf')}, premium compression ${sh('premium')}, and ${pct(f.fallNone)} of fall remains with all of them off ([[force-share]]). Holding is safe while three things stay true: no debt with an [[ltv]] limit, a stock price far from the listing minimum, and cash for the bills. Take any one away and the paper loss can become a forced sale.`;
      },
      look: { panel: 'forces' },
    },
  ],
};
