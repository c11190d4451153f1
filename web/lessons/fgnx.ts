/**
 * Lesson: FG Nexus sells ether to buy back its stock below NAV, then cuts
 * its losses (scenarios/fgnx.json, its own seed).
 */
import { forceShares } from '../lib/teaching/forces.ts';
import { chg, data, int, longDate, num, pct, price, ratio, tx, usd, type Rich } from '../lib/teaching/segments.ts';
import { fig, wfig } from '../lib/teaching/figures.ts';
import { standaloneImpact } from '../lib/teaching/story.ts';
import { LOOP_GAIN_SHOCK, navBefore } from '../lib/teaching/trace.ts';
import type { Lesson, LessonContext, LessonVariant } from './types.ts';

const T = 'FGNX';

/** The first buyback day (or day 0). */
const buybackDay = (c: LessonContext) => c.first({ kind: 'buyback', company: T })?.day ?? 0;
/** The first stop-loss sale day (or -1). */
const stopDay = (c: LessonContext) => c.first({ kind: 'coinSale', reason: 'stopLoss', company: T })?.day ?? -1;
/** The deepest one-day fall of the coin before the stop-loss (or in the first two months). */
const worstDay = (c: LessonContext) => {
  const m = c.market(c.company(T).params.coin);
  const end = Math.max(1, stopDay(c) >= 0 ? stopDay(c) : Math.min(c.last, 60));
  return c.argmax((t) => m.day(t).prevClose / m.day(t).close, 0, end);
};

/**
 * A what-if shared with the contagion lesson: FG Nexus exits ether with a
 * stop-loss. The saved scenarios have none (management announced none).
 */
export const fgnxStopLossVariant: LessonVariant = {
  note: "FGNX exits ether with a stop-loss (30% under its cost, 5% of the holdings a day): a what-if. The source article of 2025-11-21 reads FG Nexus's November sale as 'cut losses to exit', but management announced no stop-loss (it said it would keep buying back below NAV while keeping a strong ETH and cash balance), so scenarios/fgnx.json has none.",
  apply: (file) => {
    const f = structuredClone(file) as { companies: { ticker: string; policies: { kind: string }[] }[] };
    const co = f.companies.find((x) => x.ticker === T);
    if (co && !co.policies.some((p) => p.kind === 'stopLoss')) co.policies.push({ kind: 'stopLoss', maxLoss: 0.3, fractionPerDay: 0.05 } as { kind: string });
    return f as unknown as Record<string, unknown>;
  },
};

export const fgnxLesson: Lesson = {
  id: 'fgnx',
  title: 'FG Nexus: selling ether to buy back stock below NAV, then cutting losses',
  summary:
    'A company whose stock trades below the value of the ether it holds sells ether to buy back its shares, then gives up on ether altogether once the coin is far below what it paid. Why the discount tempts management, what each sale does to the coin, why the stock only hears about it a day later, and whether these sales feed on themselves.',
  scenario: 'fgnx.json',
  variant: fgnxStopLossVariant,
  settings: { seed: '1', deterministic: false },
  ticker: T,
  steps: [
    {
      id: 'mostly-coins',
      title: 'A company that is mostly coins',
      day: () => 0,
      text: (c) => {
        const co = c.company();
        const s = co.series;
        return tx`${data(T)} holds ${num(co.params.coins)} ${data(co.params.coin)}, bought at an average of ${price(co.params.costBasisUsd)} each: its [[cost-basis]]. Add its cash and other assets, subtract its debt and preferred stock, divide by its ${int(s.shares[0])} shares, and you get its [[nav|NAV per share]]: ${price(s.navPerShare[0])} at the close of ${data(longDate(c.date(0)))}. The stock closed at ${price(s.stockPrice[0])}, so the market values the company at ${ratio(s.mnav[0] ?? NaN)} times its coins ([[mnav|mNAV]]): less than what is inside the wrapper. In the diagram, follow the coin price into NAV per share, and NAV per share into mNAV and the stock.`;
      },
      look: { links: ['price-nav', 'nav-stock'], charts: ['teach-stock', 'teach-mnav'] },
    },
    {
      id: 'buyback',
      title: 'Why a discount tempts management',
      day: buybackDay,
      text: (c) => {
        const d = buybackDay(c);
        const co = c.company();
        const bb = c.events({ kind: 'buyback', company: T, from: d, to: d });
        const sale = c.events({ kind: 'coinSale', reason: 'buyback', company: T, from: d, to: d });
        if (!bb.length) return tx`On this path ${data(T)} never bought back stock.`;
        const fill = bb[0].price as number;
        const nav = navBefore(c.trace, co.i, d);
        const total = c.events({ kind: 'buyback', company: T });
        const spent = total.reduce((a, e) => a + (e.usd as number), 0);
        return tx`On ${data(longDate(c.date(d)))} ${data(T)} sold ${num(sale.reduce((a, e) => a + (e.coins as number), 0))} ${data(co.params.coin)} and spent the ${usd(bb[0].usd as number)} buying back ${int(bb[0].shares as number)} of its shares at ${price(fill)}, while each share held ${price(nav)} of NAV. Every dollar spent retired ${price(nav / fill)} of NAV, so NAV per share rises for the shareholders who stay: a [[buyback]]. Over the run it spends ${usd(spent)} this way, in ${int(total.length)} days. The catch is in the next link: the money comes from selling ether.`;
      },
      look: { links: ['stock-policy', 'policy-sales'], panel: 'captions', charts: ['teach-coins'] },
    },
    {
      id: 'impact',
      title: 'Where the coins go: market impact',
      day: buybackDay,
      text: (c) => {
        const d = buybackDay(c);
        const co = c.company();
        const m = c.market(co.params.coin);
        const md = m.day(d);
        const F = c.fig(d);
        const oneB = Math.expm1(-standaloneImpact(c.trace, m.k, d, 1e9));
        return tx`That day ${data(T)}'s sale added ${fig(F, 'focusFlowUsd')} to the ${usd(md.totalFlowUsd)} of ${data(co.params.coin)} sold, net, by everyone (liquidations ${usd(md.liquidationsUsd)}, ETF and scheduled flows ${usd(md.scheduledFlowUsd - md.etfFlowUsd)}). On its own the sale would move ${data(co.params.coin)} ${fig(F, 'aloneMove')}; on top of the rest it adds only ${fig(F, 'focusMove')}, because under the [[sqrt-law]] the first dollars of a day move the price most. All flows together moved it ${fig(F, 'impactMove')}. For scale: a ${usd(1e9)} sale on that day would move it ${chg(oneB)}. A small treasury in a deep market is a small seller.`;
      },
      look: { links: ['sales-impact', 'impact-price'], charts: ['teach-flows'] },
    },
    {
      id: 'delay',
      title: 'The stock hears about it a day later',
      day: worstDay,
      text: (c) => {
        const d = worstDay(c);
        const co = c.company();
        const F = c.fig(d);
        const coin = data(co.params.coin);
        const today = c.trace.business[d]
          ? tx`Most of it, ${fig(F, 'coinOvernight')}, happened overnight, before trading: the stock is priced each morning at ${coin}'s [[pre-trade-price]], so it took that part in today, closing at ${fig(F, 'stock')} (${fig(F, 'stockChange')}: the diagram's stock link). `
          : tx`The stock market is closed that day. `;
        const next = F.nextBiz >= 0
          ? tx`The rest, ${fig(F, 'coinIntraday')} during trading, reaches the stock on ${data(longDate(c.date(F.nextBiz)))}, together with whatever ${coin} does before that morning (${fig(F, 'coinToNext')} from this close): the stock closes at ${fig(F, 'stockNext')} (${fig(F, 'stockNextChange')}), mNAV ${fig(F, 'mnavNext')}. `
          : tx``;
        return tx`${data(longDate(c.date(d)))} is the worst day for ${coin} before the exit: ${fig(F, 'coinDay')} close to close, to ${fig(F, 'coinClose')}. ${data(T)}'s NAV per share falls ${fig(F, 'navChange')} at the close, to ${fig(F, 'nav')}. ${today}${next}This is the loop's [[one-day-delay]]: today's trading changes the company's numbers, and so its next decisions, on the next business day. The dashed link with the clock in the diagram is that delay.`;
      },
      look: { links: ['price-nav', 'nav-stock'], panel: 'chain', charts: ['teach-stock'] },
    },
    {
      id: 'premium',
      title: 'Why the stock did not fall with the coin here',
      day: (c) => Math.max(1, stopDay(c) >= 0 ? stopDay(c) - 1 : worstDay(c)),
      text: (c) => {
        const d = Math.max(1, stopDay(c) >= 0 ? stopDay(c) - 1 : worstDay(c));
        const co = c.company();
        const W = c.window(0, d);
        const pp = co.params.premium;
        const dd = c.market(co.params.coin).day(d).drawdown;
        const s = co.series.logPremium;
        return tx`From ${data(longDate(c.date(0)))} to ${data(longDate(c.date(d)))} ${data(co.params.coin)} went ${wfig(W, 'coinChange')} and ${data(T)}'s NAV per share ${wfig(W, 'navChange')} (${wfig(W, 'navFrom')} to ${wfig(W, 'navTo')}), but the stock only ${wfig(W, 'stockChange')}: its price over NAV per share, the [[premium]], rose from ${wfig(W, 'ratioFrom')} to ${wfig(W, 'ratioTo')} (${wfig(W, 'ratioChange')}). Stock = NAV per share × that ratio, so ${wfig(W, 'stockChange')} is ${wfig(W, 'navChange')} and ${wfig(W, 'ratioChange')} together. The model pulls the premium toward a target that falls as the coin falls from its peak (here ${num(pp.drawdownSensitivity * dd)} lower in log terms), but slowly (half the gap closes in ${int((Math.LN2 / pp.kappa) * 365)} days), and adds random daily shocks (${pct(pp.premiumVol, 0)} a year) and the stock index's moves: on this seed they ran the other way, and the log premium rose ${num(s[d] - s[0])}. This path is lucky for the shareholders; the Sequans lesson shows the usual case, a premium that compresses and a stock that falls faster than its coins.`;
      },
      look: { links: ['nav-stock'], charts: ['teach-stock', 'teach-mnav'] },
    },
    {
      id: 'market-loops',
      title: 'The market\'s own loops: leverage and ETF flows',
      day: (c) => {
        const m = c.market(c.company().params.coin);
        const sched = c.argmax((t) => m.day(t).scheduledFlowUsd, 0, Math.min(c.last, 60));
        return m.day(sched).scheduledFlowUsd > 0 ? sched : c.argmax((t) => m.day(t).liquidationsUsd, 0, Math.min(c.last, 60));
      },
      text: (c) => {
        const co = c.company();
        const m = c.market(co.params.coin);
        const sched = c.argmax((t) => m.day(t).scheduledFlowUsd, 0, Math.min(c.last, 60));
        const d = m.day(sched).scheduledFlowUsd > 0 ? sched : c.argmax((t) => m.day(t).liquidationsUsd, 0, Math.min(c.last, 60));
        const md = m.day(d);
        const nb = Math.min(c.last, d + 1);
        const chase = m.day(nb).etfChaseUsd;
        return tx`The source articles blame three forces: ETF outflows, macro fear and leverage. On ${data(longDate(c.date(d)))}, ${usd(md.scheduledFlowUsd)} of ETF redemptions (a [[scheduled-flow]] from the real record) hit ${data(co.params.coin)}; the day's drop of ${pct(md.drop)} [[liquidation|liquidated]] ${usd(md.liquidationsUsd)} of leveraged longs, whose forced sales deepened the very drop that triggered them; and the next day ETF investors, who chase returns, added ${usd(-chase)} of selling ([[etf-flow]]). Treasuries sold ${usd(md.companyFlowUsd)} that day. These two loops run through the market alone; the treasury loop is the fourth force.`;
      },
      look: { links: ['price-liq', 'liq-impact', 'price-etf', 'etf-impact'], charts: ['teach-flows'] },
    },
    {
      id: 'stop-loss',
      title: 'Cutting losses: the stop-loss',
      day: (c) => Math.max(0, stopDay(c)),
      text: (c) => {
        const d = stopDay(c);
        const co = c.company();
        const p = co.params.policies.find((x) => x.kind === 'stopLoss');
        if (d < 0 || !p || p.kind !== 'stopLoss') return tx`On this path the coin never fell far enough below ${data(T)}'s cost for its stop-loss to fire.`;
        const sales = c.events({ kind: 'coinSale', reason: 'stopLoss', company: T });
        const coins = sales.reduce((a, e) => a + (e.coins as number), 0);
        const got = sales.reduce((a, e) => a + (e.usd as number), 0);
        const m = c.market(co.params.coin);
        return tx`On ${data(longDate(c.date(d)))} ${data(co.params.coin)} opened at ${price(m.day(d).preTradePrice)}, more than ${pct(p.maxLoss, 0)} below the ${price(co.params.costBasisUsd)} ${data(T)} paid. Its [[stop-loss]] latches: it sells ${pct(p.fractionPerDay, 0)} of that day's holding every business day until none is left. In all it sells ${num(coins)} ${data(co.params.coin)} for ${usd(got)} over ${int(sales.length)} business days, the last on ${data(longDate(c.date(sales[sales.length - 1].day)))}. Here the link from the coin price straight to the policy lights up: no listing clock is involved, only the price against the cost.`;
      },
      look: { links: ['price-policy', 'policy-sales', 'sales-impact'], panel: 'captions', charts: ['teach-coins', 'teach-coin'] },
    },
    {
      id: 'gain',
      title: 'Does the selling feed on itself?',
      day: (c) => Math.max(0, stopDay(c)),
      text: (c) => {
        const d = Math.max(0, stopDay(c));
        const co = c.company();
        const m = c.market(co.params.coin);
        const g = m.gain(d);
        const maxLin = c.argmax((t) => m.gain(t).gainLinear);
        const maxSqrt = c.argmax((t) => m.gain(t).gainSqrt);
        return tx`The [[loop-gain]] asks: if ${data(co.params.coin)} were ${pct(LOOP_GAIN_SHOCK, 0)} lower this morning, how much more would everyone sell, and how far would that move the price? On this day the extra selling is ${usd(g.extraCompanyUsd)} from treasuries (the stop-loss sells a fixed slice, and buybacks shrink as the stock falls, so they barely respond) and ${usd(g.extraLiquidationsUsd)} from liquidations. The gain is ${ratio(g.gainSqrt)} under the [[sqrt-law]] and ${ratio(g.gainLinear)} under the [[linear-law]]: below one under both, so the shock dies out. Over the whole run the highest values are ${ratio(m.gain(maxSqrt).gainSqrt)} (square-root, ${data(longDate(c.date(maxSqrt)))}) and ${ratio(m.gain(maxLin).gainLinear)} (linear, ${data(longDate(c.date(maxLin)))}). The two laws disagree by a wide factor, and that factor, not the treasuries, decides whether the spiral can run away.`;
      },
      look: { panel: 'gain', charts: ['teach-gain'] },
    },
    {
      id: 'forces',
      title: 'Who caused the fall?',
      day: (c) => {
        const sales = c.events({ kind: 'coinSale', reason: 'stopLoss', company: T });
        return sales.length ? sales[sales.length - 1].day : c.last;
      },
      text: (c) => {
        const sales = c.events({ kind: 'coinSale', reason: 'stopLoss', company: T });
        const d = sales.length ? sales[sales.length - 1].day : c.last;
        const coin = c.company().params.coin;
        const f = forceShares(c.forces, coin, d);
        const row = (id: string) => f.rows.find((r) => r.id === id)!;
        const sh = (id: string): Rich => (row(id).share === null ? tx`n/a` : tx`${pct(row(id).share!)}`);
        return tx`Switch each force off in turn, same seed, and see how much of ${data(coin)}'s fall disappears ([[force-share]]). Up to ${data(longDate(c.date(d)))}, ${data(coin)} fell ${pct(f.fallAll)} from where it started. Treasury selling explains ${sh('treasury')}, leverage liquidations ${sh('leverage')}, ETF outflows ${sh('etf')} and premium compression ${sh('premium')} (the premium acts on the stock, not on the coin: it moves ether only through what a lower stock makes companies sell, and FGNX's sales do not depend on its premium once it exits); with all four off it still falls ${pct(f.fallNone)}: the replayed path and the macro mood ([[exogenous]]). The rest, ${f.interaction === null ? tx`n/a` : pct(f.interaction)}, is the forces amplifying or overlapping one another: in a nonlinear system the shares need not add up to one hundred percent. Try the toggles below the diagram.`;
      },
      look: { panel: 'forces', charts: ['teach-coin'] },
    },
    {
      id: 'after',
      title: 'After the exit',
      day: (c) => c.last,
      text: (c) => {
        const co = c.company();
        const s = co.summary;
        return tx`By ${data(longDate(c.date(c.last)))} ${data(T)} holds ${num(s.coinsHeld)} ${data(co.params.coin)}: it sold ${num(s.coinsSold)} for ${usd(s.coinsSoldUsd)}, a [[realized-loss]] of ${usd(-s.realizedPnlUsd)} against its cost. With no coins left, mNAV means nothing; the stock is a cash shell at ${price(s.terminalStockPrice)}. When do such sales not feed on themselves? When they are small against the market's depth, and when the policy does not sell more as the price falls. ${data(T)} fits both; the leverage loop, which does sell more as the price falls, is the one to watch.`;
      },
      look: { links: ['policy-sales'], charts: ['teach-coins', 'teach-stock'] },
    },
  ],
};
