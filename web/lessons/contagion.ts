/**
 * Lesson: six treasuries share the BTC and ETH markets; one company's sale
 * lowers the price every other holder is valued at
 * (scenarios/contagion.json, seed 4).
 */
import { forceShares } from '../lib/teaching/forces.ts';
import { chg, data, int, longDate, num, pct, price, ratio, tx, usd, type Rich } from '../lib/teaching/segments.ts';
import { reasonWords } from '../lib/teaching/captions.ts';
import { incrementalImpact } from '../lib/teaching/story.ts';
import { LOOP_GAIN_SHOCK } from '../lib/teaching/trace.ts';
import type { Lesson, LessonContext } from './types.ts';
import { fgnxStopLossVariant } from './fgnx.ts';

const holders = (c: LessonContext, coin: string) => c.trace.model.companies.filter((x) => x.params.coin === coin).map((x) => x.params);

const stopDay = (c: LessonContext) => c.first({ kind: 'coinSale', reason: 'stopLoss' });
const heavyDay = (c: LessonContext) => {
  const m = c.market('ETH');
  return c.argmax((t) => m.day(t).companyFlowUsd);
};
const mstrFunding = (c: LessonContext) => c.first({ kind: 'coinSale', reason: 'funding', company: 'MSTR' });

/** Coin sales of one day, summed per company. */
function soldBy(c: LessonContext, day: number): { ticker: string; coin: string; usd: number; why: string }[] {
  const out: { ticker: string; coin: string; usd: number; why: string }[] = [];
  for (const e of c.events({ kind: 'coinSale', from: day, to: day })) {
    let x = out.find((y) => y.ticker === e.company);
    if (!x) out.push((x = { ticker: e.company, coin: c.company(e.company).params.coin, usd: 0, why: reasonWords(String(e.reason)) }));
    x.usd += e.usd as number;
  }
  return out;
}

function listOf(items: Rich[]): Rich {
  const out: Rich = [];
  items.forEach((it, i) => {
    if (i > 0) out.push(i === items.length - 1 ? ' and ' : ', ');
    out.push(...it);
  });
  return out;
}

export const contagionLesson: Lesson = {
  id: 'contagion',
  title: 'Contagion: every treasury on one coin',
  summary:
    'Six treasuries hold the same two coins. Each one is valued at the same market price, so one company\'s sale lowers the value of every other holder, which can push them over their own thresholds. Who sells, why, how much their sales move the coin, what that costs the holder who never sells, and how the treasuries\' share of the fall compares with leverage and ETF flows.',
  scenario: 'contagion.json',
  variant: fgnxStopLossVariant,
  settings: { seed: '4', deterministic: false },
  ticker: 'BMNR',
  steps: [
    {
      id: 'one-price',
      title: 'One price for everyone',
      day: () => 0,
      text: (c) => {
        const eth = holders(c, 'ETH');
        const btc = holders(c, 'BTC');
        const m = c.market('ETH');
        const held = eth.reduce((a, p) => a + p.coins, 0);
        return tx`${listOf(eth.map((p) => tx`${data(p.ticker)} (${num(p.coins)})`))} hold ether; ${listOf(btc.map((p) => tx`${data(p.ticker)} (${num(p.coins)})`))} hold bitcoin. Together the ether treasuries own ${num(held)} ETH, worth ${usd(held * m.series.price[0])}: ${ratio((held * m.series.price[0]) / m.params.dailyVolumeUsd)} days of the market's spot volume. Every one of them is valued at the same closing price, so whatever one sells lowers the [[nav]] of all the others: [[contagion]].`;
      },
      look: { links: ['sales-impact', 'impact-price', 'price-nav'], charts: ['teach-coin'] },
    },
    {
      id: 'day-one',
      title: 'Several sellers on the first day',
      ticker: 'SBET',
      day: () => 0,
      text: (c) => {
        const by = soldBy(c, 0);
        const m = c.market('ETH').day(0);
        if (!by.length) return tx`No treasury sells on the first day of this path.`;
        return tx`On ${data(longDate(c.date(0)))} ${listOf(by.map((x) => tx`${data(x.ticker)} sells ${usd(x.usd)} of ${data(x.coin)}`))} (${data([...new Set(by.map((x) => x.why))].join('; '))}). Into ether alone that is ${usd(m.companyFlowUsd)}, in a market that also took ${usd(m.liquidationsUsd)} of liquidations that day. Each company decided alone, by its own [[policy|treasury policy]]; the market adds them up.`;
      },
      look: { links: ['stock-policy', 'policy-sales', 'sales-impact'], panel: 'captions' },
    },
    {
      id: 'spillover',
      title: 'One company sells, another pays',
      day: (c) => stopDay(c)?.day ?? 0,
      text: (c) => {
        const e = stopDay(c);
        if (!e) return tx`On this path no treasury cut its losses.`;
        const d = e.day;
        const m = c.market('ETH');
        const q = (e.coins as number) * m.day(d).preTradePrice;
        const di = incrementalImpact(c.trace, m.k, d, q);
        const bmnr = c.company('BMNR');
        const cost = bmnr.series.coins[d] * m.day(d).close * Math.expm1(di);
        return tx`On ${data(longDate(c.date(d)))} ${data(e.company)}'s [[stop-loss]] sells ${num(e.coins as number)} ETH (${usd(e.usd as number)}). That sale, on top of the day's other flows, moved ether ${chg(Math.expm1(-di))}. ${data('BMNR')}, which sold nothing, holds ${num(bmnr.series.coins[d])} ETH: that one sale cost it ${usd(cost)} of NAV. Look at the diagram for ${data('BMNR')}: NAV per share falls, the policy node stays dark.`;
      },
      look: { links: ['price-nav', 'policy-sales'], panel: 'chain' },
    },
    {
      id: 'heaviest',
      title: 'The heaviest day of treasury selling',
      ticker: 'SBET',
      day: heavyDay,
      text: (c) => {
        const d = heavyDay(c);
        const m = c.market('ETH');
        const md = m.day(d);
        const g = m.gain(d);
        const sellers = soldBy(c, d).filter((x) => x.coin === 'ETH');
        return tx`On ${data(longDate(c.date(d)))} treasuries sell the most ether of the run: ${usd(md.companyFlowUsd)} (${listOf(sellers.map((x) => tx`${data(x.ticker)} ${usd(x.usd)}`))}). Impact of all flows: ${chg(Math.expm1(-md.impact))}. Would a ${pct(LOOP_GAIN_SHOCK, 0)} lower price have made them sell more? The [[loop-gain]] that day counts ${usd(g.extraCompanyUsd)} of extra treasury selling and ${usd(g.extraLiquidationsUsd)} of extra liquidations, for a gain of ${ratio(g.gainSqrt)} under the [[sqrt-law]] and ${ratio(g.gainLinear)} under the [[linear-law]].`;
      },
      look: { panel: 'gain', links: ['policy-sales', 'sales-impact'], charts: ['teach-flows', 'teach-gain'] },
    },
    {
      id: 'mstr',
      title: 'The biggest holder sells to pay its dividends',
      ticker: 'MSTR',
      day: (c) => mstrFunding(c)?.day ?? 0,
      text: (c) => {
        const e = mstrFunding(c);
        const co = c.company('MSTR');
        const pref = co.params.debt.filter((d) => d.kind === 'preferred').reduce((a, d) => a + (d.kind === 'preferred' ? d.liquidationPreferenceUsd * d.dividendRate : 0), 0);
        const coupons = co.params.debt.reduce((a, d) => a + (d.kind === 'convertible' ? d.principalUsd * d.couponRate : 0), 0);
        if (!e) return tx`On this path ${data('MSTR')} never had to sell bitcoin.`;
        const all = c.events({ kind: 'coinSale', reason: 'funding', company: 'MSTR' });
        const got = all.reduce((a, x) => a + (x.usd as number), 0);
        return tx`${data('MSTR')} owes about ${usd(pref)} a year of [[preferred]] dividends and ${usd(coupons)} of coupons. It pays them by selling new shares while [[mnav|mNAV]] is above one ([[atm]]). On ${data(longDate(c.date(e.day)))} mNAV is ${ratio(co.series.mnav[Math.max(0, e.day - 1)] ?? NaN)}, below one, so it sells bitcoin instead: ${int(all.length)} days of forced sales, ${usd(got)} over the run ([[funding]]). Here the stock feeds the policy: a lower stock closes the share window and opens the coin window.`;
      },
      look: { links: ['stock-policy', 'policy-sales'], charts: ['teach-mnav', 'teach-coins'] },
    },
    {
      id: 'counterfactual',
      title: 'What the treasuries cost each other',
      day: (c) => c.last,
      text: (c) => {
        const d = c.last;
        const gap = (coin: string) => {
          const p = c.market(coin).series.price[d];
          const cf = c.trace.result.counterfactual!.markets[coin].price[d];
          return { p, cf, drop: 1 - p / cf };
        };
        const eth = gap('ETH'), btc = gap('BTC');
        const bmnr = c.company('BMNR');
        const loss = bmnr.series.coins[d] * (eth.cf - eth.p);
        return tx`The [[counterfactual]] reruns the same path with every company's trading switched off. On ${data(longDate(c.date(d)))}, the last day, ether closes at ${price(eth.p)}; without the treasuries it would be at ${price(eth.cf)}: their selling has left it ${pct(eth.drop)} lower. That gap is the "self-inflicted drop" of the summary table (bitcoin: ${pct(btc.drop)}). For ${data('BMNR')}, which never sold, it is ${usd(loss)} of value lost to other treasuries' selling. The forces panel measures something else: how much of the deepest fall so far disappears with the treasuries switched off (next step).`;
      },
      look: { charts: ['teach-coin'] },
    },
    {
      id: 'forces',
      title: 'Four forces, two coins',
      day: (c) => c.last,
      text: (c) => {
        const part = (coin: string): Rich => {
          const f = forceShares(c.forces, coin, c.last);
          const sh = (id: string) => {
            const v = f.rows.find((r) => r.id === id)!.share;
            return v === null ? tx`n/a` : tx`${pct(v)}`;
          };
          return tx`${data(coin)} fell as far as ${pct(f.fallAll)}: treasuries ${sh('treasury')}, leverage ${sh('leverage')}, ETF outflows ${sh('etf')}, premium compression ${sh('premium')}, interaction ${f.interaction === null ? tx`n/a` : pct(f.interaction)}`;
        };
        return tx`Switch each force off in turn ([[force-share]]). ${part('BTC')}. ${part('ETH')}. The treasuries' share is real but small next to leverage, and the shares do not add up: the forces feed one another. Use the toggles to see each coin's path without each force.`;
      },
      look: { panel: 'forces', charts: ['teach-coin'] },
    },
    {
      id: 'gain',
      title: 'Which loop can run away?',
      day: (c) => {
        const m = c.market('BTC');
        return c.argmax((t) => m.gain(t).gainLinear);
      },
      text: (c) => {
        let overLin = 0, overSqrt = 0, liqShare = 0, n = 0;
        const line = (coin: string): Rich => {
          const m = c.market(coin);
          const dl = c.argmax((t) => m.gain(t).gainLinear);
          const ds = c.argmax((t) => m.gain(t).gainSqrt);
          let over = 0;
          for (let t = 0; t <= c.last; t++) {
            const g = m.gain(t);
            if (g.gainLinear >= 1) over++;
            if (g.gainSqrt >= 1) overSqrt++;
            const tot = Math.abs(g.extraLiquidationsUsd) + Math.abs(g.extraCompanyUsd);
            if (tot > 0) {
              liqShare += Math.abs(g.extraLiquidationsUsd) / tot;
              n++;
            }
          }
          overLin += over;
          return tx`${data(coin)}: highest gain ${ratio(m.gain(ds).gainSqrt)} under the square-root law, ${ratio(m.gain(dl).gainLinear)} under the linear law (${data(longDate(c.date(dl)))}), at or above one on ${int(over)} days under the linear law`;
        };
        const lines = tx`${line('BTC')}. ${line('ETH')}.`;
        const verdict =
          overSqrt > 0
            ? tx`On this path even the [[sqrt-law]] reaches one on some days.`
            : overLin > 0
              ? tx`Under the calibrated [[sqrt-law]] it never gets there; under the [[linear-law]] it does.`
              : tx`On this path neither law reaches one, but the [[linear-law]] comes much closer than the [[sqrt-law]]: a somewhat thinner market, or more leverage, and it would.`;
        return tx`The [[loop-gain]] of each coin, day by day. ${lines} Above one a drop feeds itself. ${verdict} On an average day ${pct(n ? liqShare / n : NaN, 0)} of the extra selling a lower price sets off comes from [[liquidation|liquidations]], not from treasuries. That is the answer to the question this course began with: a treasury's sales feed on themselves when the market is thin enough (a high impact per dollar) and the sellers sell more as the price falls; in deep markets, with policies that sell fixed amounts, they do not.`;
      },
      look: { panel: 'gain', charts: ['teach-gain'] },
    },
  ],
};
