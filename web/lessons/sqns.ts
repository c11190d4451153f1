/**
 * Lesson: Sequans sells bitcoin to repay its secured convertible, pays its
 * bills in bitcoin, and meets the NYSE's reverse-split rule: its September
 * 2025 ADS ratio change (a reverse split, `priorReverseSplits` in
 * scenarios/sqns.json) means a new price deficiency within a year gets no
 * cure period. Variant: defendListing added (Sequans cured earlier $1
 * notices by changing its ADS ratio: facts §1), two years.
 */
import { forceShares } from '../lib/teaching/forces.ts';
import { chg, data, int, longDate, num, pct, price, ratio, tx, usd } from '../lib/teaching/segments.ts';
import { defendListingVariant } from './dollar-variant.ts';
import { fig, wfig } from '../lib/teaching/figures.ts';
import type { Lesson, LessonContext } from './types.ts';
import { ltv, startDebtUsd } from '../../sim/index.ts';

const T = 'SQNS';

const delevDay = (c: LessonContext) => c.first({ kind: 'coinSale', reason: 'deleverage', company: T })?.day ?? 0;
const determinationDay = (c: LessonContext) => c.first({ kind: 'determination', company: T })?.day ?? -1;
/** The first day the listing clock acted: a notice, or a determination with no notice before it. */
const clockDay = (c: LessonContext) => {
  const n = noticeDay(c), d = determinationDay(c);
  return n >= 0 && (d < 0 || n <= d) ? n : d;
};
const noticeDay = (c: LessonContext) => c.first({ kind: 'notice', company: T })?.day ?? -1;

const debtOf = (c: LessonContext) => startDebtUsd(c.company().params.debt);

export const sqnsLesson: Lesson = {
  id: 'sqns',
  title: 'Sequans: selling bitcoin to repay secured debt, and the ADS ratio change',
  summary:
    'A chipmaker that bought bitcoin with a loan secured on that bitcoin. When the coin falls, debt grows against the coins; management sells bitcoin to repay half the loan, then keeps selling to pay its bills. It had changed how many shares one ADS stands for just before the run (a reverse split), and the exchange remembers: when the stock sinks below a dollar again within a year, there is no time to cure.',
  scenario: 'sqns.json',
  variant: defendListingVariant(
    T,
    'SQNS also defends its listing (policy defendListing, default settings): Sequans cured earlier $1 notices by changing its ADS ratio (facts §1). Two years instead of one, so the listing clock has time to run.',
  ),
  settings: { seed: '9', deterministic: false, horizonDays: 730 },
  ticker: T,
  steps: [
    {
      id: 'secured',
      title: 'Bitcoin bought with a loan secured on bitcoin',
      day: () => 0,
      text: (c) => {
        const co = c.company();
        const s = co.series;
        const conv = co.params.debt.find((d) => d.kind === 'convertible');
        const pledged = conv && conv.kind === 'convertible' ? conv.collateralCoins : 0;
        const p = co.params.policies.find((x) => x.kind === 'deleverage');
        return tx`${data(T)} holds ${num(co.params.coins)} BTC, bought at ${price(co.params.costBasisUsd)} each ([[cost-basis]]). It owes ${usd(debtOf(c))} on a [[convertible]] secured by ${num(pledged)} of those coins ([[collateral]]). Debt over the coins' value, the [[ltv]], was ${pct(s.ltv[0])} at the first close. Its policy: when that ratio passes ${pct(p && p.kind === 'deleverage' ? p.trigger : NaN, 0)}, sell coins to repay part of the debt. The stock is an [[ads]] on the NYSE at ${price(s.stockPrice[0])}, an [[mnav|mNAV]] of ${ratio(s.mnav[0] ?? NaN)}: the market already prices the company far below its coins.`;
      },
      look: { links: ['price-policy'], charts: ['teach-debt', 'teach-mnav'] },
    },
    {
      id: 'deleverage',
      title: 'Selling coins to repay secured debt',
      day: delevDay,
      text: (c) => {
        const d = delevDay(c);
        const co = c.company();
        const sale = c.events({ kind: 'coinSale', reason: 'deleverage', company: T, from: d, to: d });
        const rep = c.events({ kind: 'repayment', company: T, from: d, to: d });
        if (!sale.length) return tx`On this path ${data(T)} never needed to deleverage.`;
        const s = co.series;
        const m = c.market('BTC').day(d);
        const debtBefore = d > 0 ? s.debtUsd[d - 1] : debtOf(c);
        const coinsBefore = d > 0 ? s.coins[d - 1] : co.params.coins;
        return tx`On ${data(longDate(c.date(d)))} bitcoin opened at ${price(m.preTradePrice)}: debt was ${pct(ltv(debtBefore, coinsBefore, m.preTradePrice))} of the coins' value, over the trigger. ${data(T)} sold ${num(sale[0].coins as number)} BTC for ${usd(sale[0].usd as number)} and repaid ${usd(rep.reduce((a, e) => a + (e.usd as number), 0))} of its debt ([[deleverage]]). At the close the LTV is ${pct(s.ltv[d])}. Repaying half the loan released half the pledged coins, which could then be sold: that is how Sequans paid. Less debt means less risk of a forced sale later. The diagram lights the link from the coin price straight to the policy.`;
      },
      look: { links: ['price-policy', 'policy-sales'], panel: 'captions', charts: ['teach-debt', 'teach-coins'] },
    },
    {
      id: 'impact-delay',
      title: 'What the sale did to bitcoin, and when the stock noticed',
      day: delevDay,
      text: (c) => {
        const d = delevDay(c);
        const m = c.market('BTC');
        const md = m.day(d);
        const F = c.fig(d);
        const sale = c.first({ kind: 'coinSale', reason: 'deleverage', company: T });
        return tx`${data(T)} sold ${fig(F, 'focusFlowUsd')} of bitcoin that day in a market where ${usd(md.effectiveVolumeUsd)} trades a day. On its own that would move bitcoin ${fig(F, 'aloneMove')}; on top of the day's other flows (${usd(md.totalFlowUsd)} net sold in all, liquidations ${usd(md.liquidationsUsd)}) it adds ${fig(F, 'focusMove')}. ${sale?.announced ? tx`It was the first sale in a month, so the market read it as news: a [[sale-announcement]] hit to bitcoin (${chg(Math.expm1(-md.signal))}) and to ${data(T)}'s [[premium]]. ` : tx``}${F.nextBiz >= 0 ? tx`Bitcoin closed at ${fig(F, 'coinClose')} (${fig(F, 'coinIntraday')} during trading); ${data(T)}'s stock, priced each morning, took that in on ${data(longDate(c.date(F.nextBiz)))}: ${fig(F, 'stockNext')} (${fig(F, 'stockNextChange')}). That is the [[one-day-delay]].` : tx``}`;
      },
      look: { links: ['sales-impact', 'impact-price', 'nav-stock'], panel: 'chain', charts: ['teach-coin', 'teach-stock'] },
    },
    {
      id: 'buyback',
      title: 'Buying back ADSs with the released coins',
      day: (c) => c.first({ kind: 'buyback', company: T })?.day ?? delevDay(c),
      text: (c) => {
        const bb = c.events({ kind: 'buyback', company: T });
        if (!bb.length) return tx`On this path ${data(T)} never bought back stock.`;
        const spent = bb.reduce((a, e) => a + (e.usd as number), 0);
        const shares = bb.reduce((a, e) => a + (e.shares as number), 0);
        return tx`With the stock below [[nav|NAV per share]], ${data(T)} also sells bitcoin to buy back its own ADSs ([[buyback]]): ${int(shares)} of them for ${usd(spent)} in ${int(bb.length)} days, until the authorization (${usd(c.company().params.buybackAuthorizationUsd)}) is used up. Each buyback is also a coin sale, so the same company now sells for two reasons.`;
      },
      look: { links: ['stock-policy', 'policy-sales'], panel: 'captions' },
    },
    {
      id: 'burn',
      title: 'Paying the bills in bitcoin',
      day: (c) => c.first({ kind: 'coinSale', reason: 'funding', company: T })?.day ?? 0,
      text: (c) => {
        const sales = c.events({ kind: 'coinSale', reason: 'funding', company: T });
        const co = c.company();
        if (!sales.length) return tx`On this path ${data(T)} never had to sell coins to pay its costs.`;
        const got = sales.reduce((a, e) => a + (e.usd as number), 0);
        const coins = sales.reduce((a, e) => a + (e.coins as number), 0);
        const d = sales[0].day;
        return tx`${data(T)} burns ${usd(co.params.opexUsdPerYear)} a year. From ${data(longDate(c.date(d)))} its cash is gone; selling new shares ([[atm]]) only makes sense with mNAV above one, and it was ${ratio(co.series.mnav[Math.max(0, d - 1)] ?? NaN)} at the previous close, so it sells bitcoin instead, a little every day: ${int(sales.length)} forced sales, ${num(coins)} BTC, ${usd(got)} over the run ([[funding]]). Each sale lowers the coins, which raises the LTV, which can trigger the next [[deleverage]]: ${int(c.events({ kind: 'coinSale', reason: 'deleverage', company: T }).length)} deleveraging days on this path.`;
      },
      look: { links: ['policy-sales'], charts: ['teach-coins', 'teach-debt'] },
    },
    {
      id: 'faster',
      title: 'Why the stock falls faster than the coin',
      day: (c) => Math.max(1, clockDay(c) >= 0 ? clockDay(c) : c.last),
      text: (c) => {
        const d = Math.max(1, clockDay(c) >= 0 ? clockDay(c) : c.last);
        const co = c.company();
        const W = c.window(0, d);
        const coinsPerShare = (t: number) => co.series.coins[t] / co.series.shares[t];
        return tx`From ${data(longDate(c.date(0)))} to ${data(longDate(c.date(d)))} bitcoin went ${wfig(W, 'coinChange')} (${wfig(W, 'coinFrom')} to ${wfig(W, 'coinTo')}). ${data(T)}'s stock went ${wfig(W, 'stockChange')} (${wfig(W, 'stockFrom')} to ${wfig(W, 'stockTo')}). Two things stand between them. First, NAV per share went ${wfig(W, 'navChange')}: each share now holds ${num(coinsPerShare(d) / coinsPerShare(0), 2)} times the bitcoin it held (coins sold to repay debt and pay the bills), and the debt and costs come first. Second, the stock's price over NAV per share, its [[premium]], went from ${wfig(W, 'ratioFrom')} to ${wfig(W, 'ratioTo')} (${wfig(W, 'ratioChange')}): premium compression. In the model the premium drifts toward a target that is lower the further the coin is below its peak, the more debt weighs against assets, after a sale announcement and under a listing notice, plus random daily shocks; on this path it ends ${num(co.series.logPremium[0] - co.series.logPremium[d])} lower in log terms. Stock = NAV per share × that ratio, so ${wfig(W, 'stockChange')} is ${wfig(W, 'navChange')} and ${wfig(W, 'ratioChange')} together. On the stock chart the stock line sinks further below the NAV line.`;
      },
      look: { links: ['price-nav', 'nav-stock'], charts: ['teach-stock', 'teach-mnav'] },
    },
    {
      id: 'notice',
      title: 'Below a dollar: the listing clock starts',
      day: (c) => Math.max(0, clockDay(c)),
      text: (c) => {
        const co = c.company();
        const rules = c.trace.model.scenario.listingRules[co.params.exchange];
        const n = c.first({ kind: 'notice', company: T });
        const det = c.first({ kind: 'determination', company: T });
        if (!n && !det) return tx`On this path ${data(T)}'s stock never fell below the ${price(rules.minPrice)} minimum long enough for the exchange to act.`;
        if (n && (!det || n.day <= det.day)) {
          return tx`On ${data(longDate(c.date(n.day)))} the ${int(rules.trigger.days)}-day average close fell to ${price(n.average as number)}, below ${price(rules.minPrice)}: ${data(rules.name)} sends a [[deficiency-notice]]. ${data(T)} has until ${data(String(n.deadline))} to cure ([[compliance-period]]); meanwhile the market marks the stock down (a [[premium]] penalty), which makes curing harder.`;
        }
        return tx`On ${data(longDate(c.date(det!.day)))} the ${int(rules.trigger.days)}-day average close fell to ${price(det!.average as number)}, below ${price(rules.minPrice)}. Any other year ${data(rules.name)} would send a [[deficiency-notice]] and allow a [[compliance-period]] to cure. Not this time: the notice becomes a [[determination|delisting determination]] at once.`;
      },
      look: { links: ['stock-clock', 'clock-policy'], charts: ['teach-stock'] },
    },
    {
      id: 'split',
      title: 'The ADS ratio change was a reverse split, and the exchange remembers',
      day: (c) => Math.max(0, clockDay(c)),
      text: (c) => {
        const co = c.company();
        const rules = c.trace.model.scenario.listingRules[co.params.exchange];
        const prior = co.params.priorReverseSplits[0];
        const det = c.first({ kind: 'determination', company: T });
        const inRun = c.first({ kind: 'reverseSplit', company: T });
        const priorText = prior
          ? tx`On ${data(longDate(prior.date))}, just before the run, ${data(T)} made each ADS stand for ${num(prior.ratio)} times as many ordinary shares: for holders a one-for-${num(prior.ratio)} [[reverse-split]], which lifted the price and changed nothing else. That is how Sequans cured earlier notices.`
          : tx`${data(T)} has no reverse split on record before the run.`;
        const rule = tx` Since ${data('2025')} the exchanges allow no cure period after a reverse split in the prior ${int(rules.reverseSplitLookbackDays)} days, or after ${num(rules.cumulativeSplitLimit)}-for-one in total over two years.`;
        const outcome = det && det.reason === 'reverseSplitLookback'
          ? tx` So on ${data(longDate(c.date(det.day)))} the [[determination]] comes straight away and ${data(T)} is [[delisting|delisted]] the same day: the stock moves to the over-the-counter market, where the premium takes another hit.`
          : inRun
            ? tx` On this path the price sinks only after the look-back has passed; on ${data(longDate(c.date(inRun.day)))} ${data(T)} splits again, one-for-${num(inRun.ratio as number)}.`
            : tx` On this path the look-back never bites.`;
        return tx`${priorText}${rule}${outcome}`;
      },
      look: { links: ['clock-policy'], panel: 'captions', charts: ['teach-stock', 'teach-mnav'] },
    },
    {
      id: 'after-split',
      title: 'Listed or not, the bills keep coming',
      day: (c) => c.first({ kind: 'insolvent', company: T })?.day ?? c.last,
      text: (c) => {
        const co = c.company();
        const ins = c.first({ kind: 'insolvent', company: T });
        const s = co.series;
        const d = ins?.day ?? c.last;
        return tx`Delisting moves the stock, not the balance sheet: ${data(T)} holds ${num(s.coins[d])} BTC, down from ${num(co.params.coins)}, and keeps selling bitcoin to pay ${usd(co.params.opexUsdPerYear)} a year of costs. ${ins ? tx`On ${data(longDate(c.date(ins.day)))} cash and sellable coins run out and ${data(T)} is [[insolvency|insolvent]].` : tx`By the end of the run it holds ${num(s.coins[c.last])} BTC.`}`;
      },
      look: { links: ['stock-clock'], charts: ['teach-stock', 'teach-coins'] },
    },
    {
      id: 'forces',
      title: 'Who moved bitcoin?',
      day: (c) => c.last,
      text: (c) => {
        const f = forceShares(c.forces, 'BTC', c.last);
        const sh = (id: string) => {
          const v = f.rows.find((r) => r.id === id)!.share;
          return v === null ? tx`n/a` : tx`${pct(v)}`;
        };
        const sold = c.market('BTC').summary.companyNetSoldUsd;
        return tx`Over the run bitcoin fell as far as ${pct(f.fallAll)} below where it started. ${data(T)}'s sales, ${usd(sold)} in all, explain ${sh('treasury')} of that fall; leverage liquidations ${sh('leverage')}, ETF outflows ${sh('etf')}, premium compression ${sh('premium')} ([[force-share]]). ${data(T)}'s spiral is its own: the loop that ruins it runs through its debt, its bills and its listing, not through the bitcoin price it is too small to move.`;
      },
      look: { panel: 'forces', charts: ['teach-coin'] },
    },
  ],
};
