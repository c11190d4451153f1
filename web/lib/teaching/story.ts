/**
 * One day of a traced run, told link by link for one focus company: which
 * links of the loop carried something that day (and the number they
 * carried), the value at each node, the day's "wave" as a chain of steps
 * (today's sale -> impact -> close -> NAV -> [one-day delay] -> the next
 * business day's stock, listing clock and policy), the captions, and the
 * loop gain per coin. Everything comes from the engine's day figures, the
 * recorded series and the event log. Pure.
 *
 * A link is lit (active) exactly when (LINK_RULES, checked by the e2e test
 * against the event log and the day figures):
 */
import type { SimEvent } from '../../../sim/index.ts';
import { finiteOrNull } from '../../../sim/index.ts';
import { LISTING_STATE_NAMES } from '../../../sim/index.ts';
import type { LoopGain } from '../../../sim/index.ts';
import { captionsForDay, reasonWords, type Caption } from './captions.ts';
import { LINK_IDS, NODE_IDS, type LinkId, type NodeId } from './loop.ts';
import { chg, data, longDate, num, price, tx, usd, int, type Rich, plain } from './segments.ts';
import { dayFigures, fig } from './figures.ts';
import { dayEvents, nextBusinessDay, type TeachingTrace } from './trace.ts';

export { incrementalImpact, splitFactor, standaloneImpact } from './figures.ts';

export const LINK_RULES: Record<LinkId, string> = {
  'news-price': 'the pre-trade price differs from yesterday\'s close',
  'price-nav': 'the company held coins this morning and the coin closed at a different price',
  'nav-stock': 'a business day (the stock is repriced) and the company is not insolvent',
  'stock-clock': 'a business day with the close below the minimum, the clock not compliant, or a listing event',
  'clock-policy': 'a defendListing sale or a reverse split today',
  'stock-policy': 'a buyback sale, a share issuance, or (on a business day) a funding sale by a company whose funding order has at-the-market issuance (the share window was closed: mNAV at most 1 or delisted)',
  'price-policy': 'a deleverage, stop-loss, covenant or lender sale today',
  'policy-sales': 'the focus company sold coins today (coinSale events)',
  'sales-impact': 'treasuries traded the coin today (companyFlowUsd not 0)',
  'impact-price': 'any net flow or sale signal moved the price',
  'price-liq': 'liquidations today',
  'liq-impact': 'liquidations today',
  'price-etf': 'the ETF chase term is at least $1 (yesterday moved)',
  'etf-impact': 'ETF or scheduled flows of at least $1 today',
};

export interface LinkState {
  id: LinkId;
  active: boolean;
  /** Short label drawn on the link. */
  label: string;
  /** The link's figures in a sentence. */
  detail: Rich;
}

export interface NodeState {
  id: NodeId;
  value: string;
  sub: string;
  /** Something happened at this node today. */
  hot: boolean;
}

export interface ChainStep {
  rich: Rich;
  /** The link this step travels along. */
  link?: LinkId;
  /** Crosses the one-day delay. */
  delayed?: boolean;
}

export interface GainView extends LoopGain {
  law: 'sqrt' | 'linear';
}

export interface DayStory {
  day: number;
  date: string;
  dateLabel: string;
  business: boolean;
  ticker: string;
  coin: string;
  links: Record<LinkId, LinkState>;
  nodes: Record<NodeId, NodeState>;
  chain: ChainStep[];
  /** Where today's stock price came from and where today's close goes. */
  delay: Rich;
  captions: Caption[];
  gains: GainView[];
  /** The focus company's coin sales today. */
  sold: { coins: number; usd: number; reasons: string[] };
}

const SALE_PRICE_REASONS = new Set(['deleverage', 'stopLoss', 'covenant', 'lenderLiquidation']);
const LISTING_KINDS = new Set(['notice', 'secondPeriod', 'regained', 'determination', 'delisted']);
const STATE_WORDS: Record<string, string> = { compliant: 'compliant', deficient: 'under a notice', secondPeriod: 'second period', determination: 'determination', delisted: 'delisted (OTC)' };
const POLICY_WORDS: Record<string, string> = { hold: 'hold', buybackBelowNav: 'buy back below NAV', deleverage: 'deleverage', defendListing: 'defend the listing', stopLoss: 'stop-loss', issueAboveNav: 'issue above NAV', rules: 'user rules', reverseSplit: 'reverse split' };

const short = (r: Rich) => plain(r);

/** Consecutive business-day closes below `minPrice` up to `day`. */
export function closesBelow(trace: TeachingTrace, ticker: string, day: number, minPrice: number): number {
  const s = trace.result.companies[ticker].stockPrice;
  let n = 0;
  for (let t = day; t >= 0; t--) {
    if (!trace.business[t]) continue;
    if (s[t] < minPrice) n++;
    else break;
  }
  return n;
}

function salesOf(evs: SimEvent[]): { coins: number; usd: number; reasons: string[] } {
  let coins = 0, u = 0;
  const reasons: string[] = [];
  for (const e of evs) {
    if (e.kind !== 'coinSale') continue;
    coins += e.coins as number;
    u += e.usd as number;
    const r = String(e.reason);
    if (!reasons.includes(r)) reasons.push(r);
  }
  return { coins, usd: u, reasons };
}

/** The policies of a company in words. */
export function policyWords(trace: TeachingTrace, ticker: string): string {
  const pc = trace.model.companies.find((c) => c.params.ticker === ticker);
  return pc ? pc.policies.map((p) => POLICY_WORDS[p.kind] ?? p.kind).join(', ') : '';
}

export function dayStory(trace: TeachingTrace, day: number, ticker: string): DayStory {
  const i = trace.model.companies.findIndex((c) => c.params.ticker === ticker);
  if (i < 0) throw new Error(`no company ${ticker}`);
  const pc = trace.model.companies[i];
  const k = pc.market;
  const coin = pc.params.coin;
  const md = trace.market[day][k];
  const cs = trace.result.companies[ticker];
  const rules = trace.model.scenario.listingRules[pc.params.exchange];
  const minPrice = rules?.minPrice ?? 1;
  const business = trace.business[day] === 1;
  const evs = dayEvents(trace, day, ticker).map((x) => x.event);
  // Every figure shown for the day comes from one computation (figures.ts).
  const F = dayFigures(trace, day, ticker);
  const sold = { coins: F.soldCoins, usd: F.soldUsd, reasons: F.soldReasons };
  const reasons = new Set(sold.reasons);
  const preMove = F.coinOvernight;
  const closeMove = F.coinDay;
  const nav = F.nav;
  const navMove = F.navChange;
  const stock = F.stock;
  const mnav = finiteOrNull(cs.mnav[day]);
  const state = LISTING_STATE_NAMES[cs.listingState[day]];
  const coinsMorning = day > 0 ? cs.coins[day - 1] : pc.params.coins;
  const insolvent = evs.some((e) => e.kind === 'insolvent') || (day > 0 && stock === 0 && cs.stockPrice[day - 1] === 0);
  const listingEvent = evs.some((e) => LISTING_KINDS.has(e.kind));
  const below = closesBelow(trace, ticker, day, minPrice);
  const etfSold = md.scheduledFlowUsd - md.etfFlowUsd;
  const split = evs.find((e) => e.kind === 'reverseSplit');
  const issued = evs.some((e) => e.kind === 'issuance');
  // A funding sale on a business day by a company that could have issued shares: the share window was shut.
  const atmShut = business && reasons.has('funding') && pc.params.fundingOrder.includes('atm');

  const L = (id: LinkId, active: boolean, label: string, detail: Rich): LinkState => ({ id, active, label: active ? label : '', detail });
  const links = {} as Record<LinkId, LinkState>;
  const set = (s: LinkState) => (links[s.id] = s);

  set(L('news-price', Math.abs(preMove) > 1e-9, short([fig(F, 'coinOvernight')]), tx`Before anyone traded, ${data(coin)} moved ${fig(F, 'coinOvernight')} (the day's [[exogenous]] move, plus any earlier impact fading): ${fig(F, 'coinPrevClose')} → ${fig(F, 'coinPreTrade')}.`));
  set(L('price-nav', coinsMorning > 0 && Math.abs(closeMove) > 1e-9, `NAV ${short([fig(F, 'navChange')])}`, tx`${data(ticker)}'s coins are revalued at the close: [[nav|NAV per share]] ${fig(F, 'navBefore')} → ${fig(F, 'nav')} (${fig(F, 'navChange')}), with ${data(coin)} ${fig(F, 'coinDay')} on the day.`));
  set(L('nav-stock', business && !insolvent, `stock ${short([fig(F, 'stockChange')])}`, business ? tx`Today's stock, ${fig(F, 'stock')} (${fig(F, 'stockChange')}), is priced at this morning's ${data(coin)} price ${fig(F, 'coinPreTrade')}, that is at yesterday's close plus the overnight move: the [[one-day-delay]]. [[mnav|mNAV]] ${fig(F, 'mnav')}.` : tx`Stocks do not trade today; the stock stays at ${fig(F, 'stock')} until the next [[business-day]].`));
  set(L('stock-clock', business && (stock < minPrice || state !== 'compliant' || listingEvent), state !== 'compliant' ? STATE_WORDS[state] : `below ${short([price(minPrice)])}: ${below}`, tx`[[listing-clock|Listing clock]]: ${data(STATE_WORDS[state] ?? state)}; ${int(below)} business-day closes in a row below ${price(minPrice)}.`));
  set(L('clock-policy', reasons.has('defendListing') || !!split, split ? `split 1:${split.ratio}` : 'defend listing', tx`Under the notice, management defends the listing ([[defend-listing]]).`));
  set(
    L(
      'stock-policy',
      reasons.has('buyback') || issued || atmShut,
      issued ? 'mNAV > 1: issue' : reasons.has('buyback') ? 'discount: buy back' : 'mNAV ≤ 1: no ATM',
      issued
        ? tx`[[mnav|mNAV]] above one: new shares are sold ([[issuance]]).`
        : reasons.has('buyback')
          ? tx`The stock trades below NAV per share, so management sells coins to buy back stock ([[buyback]]).`
          : tx`The stock is too cheap to sell new shares ([[atm]] needs mNAV above one), so the bills are paid in coins ([[funding]]).`,
    ),
  );
  const priceReasons = sold.reasons.filter((r) => SALE_PRICE_REASONS.has(r));
  set(L('price-policy', priceReasons.length > 0, priceReasons.map((r) => ({ deleverage: 'LTV > trigger', stopLoss: 'below stop-loss', covenant: 'covenant LTV', lenderLiquidation: 'lender LTV' })[r] ?? r).join(', '), tx`The coin price itself triggered the sale: ${data(priceReasons.map(reasonWords).join('; '))} ([[ltv]], [[stop-loss]]).`));
  set(L('policy-sales', sold.coins > 0, `${short([fig(F, 'soldCoins')])} ${coin}`, tx`${data(ticker)} sold ${fig(F, 'soldCoins')} ${data(coin)} for ${fig(F, 'soldUsd')} (${data(sold.reasons.map(reasonWords).join('; '))}).`));
  set(L('sales-impact', Math.abs(md.companyFlowUsd) >= 1, short([usd(md.companyFlowUsd)]), tx`Treasuries' net coin sales today: ${usd(md.companyFlowUsd)} (${data(ticker)}: ${fig(F, 'focusFlowUsd')}); ${data(ticker)}'s sale alone would move ${data(coin)} ${fig(F, 'aloneMove')}; on top of the day's other flows it adds ${fig(F, 'focusMove')}.`));
  set(L('impact-price', Math.abs(md.impact) > 1e-12 || md.signal > 0, short([fig(F, 'impactMove')]), tx`Net selling of ${usd(md.totalFlowUsd)} moved ${data(coin)} ${fig(F, 'impactMove')} ([[market-impact]], ${data(trace.model.markets[k].isLinear ? 'linear law' : 'square-root law')}, volume ${usd(md.effectiveVolumeUsd)})${md.signal > 0 ? tx`, plus a [[sale-announcement]] hit of ${chg(Math.expm1(-md.signal), 2)}` : tx``}.`));
  const liqOn = md.liquidationsUsd >= 1;
  set(L('price-liq', liqOn, `drop ${short([fig(F, 'coinDay')])}`, tx`A close-to-close fall of ${fig(F, 'coinDay')} (the fall the liquidations themselves deepen) reached leveraged longs.`));
  set(L('liq-impact', liqOn, short([usd(md.liquidationsUsd)]), tx`${usd(md.liquidationsUsd)} of leveraged longs were [[liquidation|liquidated]] out of ${usd(md.openInterestBeforeUsd)} [[open-interest]].`));
  set(L('price-etf', Math.abs(md.etfChaseUsd) >= 1, `${short([usd(-md.etfChaseUsd)])} chase`, tx`Yesterday ${data(coin)} moved ${chg(Math.expm1(md.prevReturn))}; ETF investors chase it today: ${usd(-md.etfChaseUsd)} net sold from that term ([[etf-flow]]).`));
  set(L('etf-impact', Math.abs(etfSold) >= 1, short([usd(etfSold)]), tx`ETF and [[scheduled-flow|scheduled]] flows: ${usd(etfSold)} net sold (scheduled ${usd(md.scheduledFlowUsd)}, ETF inflow ${usd(md.etfFlowUsd)}).`));

  const nodes = {} as Record<NodeId, NodeState>;
  const N = (id: NodeId, value: string, sub: string, hot: boolean) => (nodes[id] = { id, value, sub, hot });
  N('news', short([fig(F, 'coinOvernight')]), 'before trading', links['news-price'].active);
  N('price', short([fig(F, 'coinClose')]), short([fig(F, 'coinDay')]), Math.abs(closeMove) > 1e-9);
  N('nav', Number.isFinite(nav) ? short([fig(F, 'nav')]) : '–', short([fig(F, 'navChange')]), links['price-nav'].active);
  N('stock', short([fig(F, 'stock')]), mnav === null || mnav === undefined ? 'no coins' : `mNAV ${short([fig(F, 'mnav')])}`, links['nav-stock'].active);
  N('clock', STATE_WORDS[state] ?? state, business ? `${below} close${below === 1 ? '' : 's'} < ${short([price(minPrice)])}` : 'closed today', listingEvent || state !== 'compliant');
  const actions = sold.reasons.map((r) => ({ deleverage: 'deleverage', buyback: 'buyback', defendListing: 'defend listing', stopLoss: 'stop-loss', funding: 'funding (forced)', covenant: 'covenant (forced)', lenderLiquidation: 'lender (forced)', rule: 'rule' })[r] ?? r);
  if (split) actions.push(`split 1:${split.ratio}`);
  if (issued) actions.push('issue');
  N('policy', actions.length ? actions.join(', ') : business ? 'no action' : 'closed today', policyWords(trace, ticker), actions.length > 0);
  N('sales', sold.coins > 0 ? `${short([fig(F, 'soldCoins')])} ${coin}` : 'none', `all treasuries ${short([usd(md.companyFlowUsd)])}`, sold.coins > 0);
  N('impact', short([fig(F, 'impactMove')]), `${short([usd(md.totalFlowUsd)])} net sold`, links['impact-price'].active);
  N('liq', short([usd(md.liquidationsUsd)]), `OI ${short([usd(md.openInterestUsd)])}`, liqOn);
  N('etf', short([usd(etfSold)]), `chase ${short([usd(-md.etfChaseUsd)])}`, links['etf-impact'].active);

  // The wave of the day, link by link, then across the one-day delay.
  const chain: ChainStep[] = [];
  if (sold.coins > 0) {
    // The first sale after a quiet month is news: a permanent hit to the coin whatever the sale's size (docs/model.md §5.3, 11).
    const announced = evs.some((e) => e.kind === 'coinSale' && e.announced === true);
    const signalMove = announced ? Math.expm1(-pc.params.saleSignalImpact) : 0;
    chain.push({ rich: tx`${data(ticker)} sold ${fig(F, 'soldCoins')} ${data(coin)} (${fig(F, 'soldUsd')}; ${data(sold.reasons.map(reasonWords).join('; '))})`, link: 'policy-sales' });
    chain.push({
      rich: tx`on its own that sale moves ${data(coin)} ${fig(F, 'aloneMove')}; on top of the day's other flows it adds ${fig(F, 'focusMove')} (all flows, ${usd(md.totalFlowUsd)} net sold: ${fig(F, 'impactMove')})${announced ? tx`; and as the first sale in a month it is news: a [[sale-announcement]] hit of ${chg(signalMove)}, whatever its size` : tx``}`,
      link: 'sales-impact',
    });
  } else if (Math.abs(md.companyFlowUsd) >= 1) {
    chain.push({ rich: tx`treasuries sold ${usd(md.companyFlowUsd)} of ${data(coin)} (none by ${data(ticker)})`, link: 'sales-impact' });
    chain.push({ rich: tx`with every flow (${usd(md.totalFlowUsd)} net sold): ${data(coin)} ${fig(F, 'impactMove')}`, link: 'impact-price' });
  } else if (Math.abs(md.impact) > 1e-12) {
    chain.push({ rich: tx`no treasury sold ${data(coin)}; other flows (${usd(md.totalFlowUsd)} net sold, liquidations ${usd(md.liquidationsUsd)}${md.shortLiquidationsUsd >= 1 ? tx`, short liquidations bought ${usd(md.shortLiquidationsUsd)}` : tx``}) moved it ${fig(F, 'impactMove')}`, link: 'impact-price' });
  } else {
    chain.push({ rich: tx`no flows moved ${data(coin)} today` });
  }
  chain.push({ rich: tx`${data(coin)} closed at ${fig(F, 'coinClose')} (${fig(F, 'coinDay')} on the day: ${fig(F, 'coinOvernight')} before trading, then ${fig(F, 'coinIntraday')} in trading)`, link: 'impact-price' });
  if (coinsMorning > 0 && Number.isFinite(navMove)) chain.push({ rich: tx`${data(ticker)} NAV per share ${fig(F, 'nav')} (${fig(F, 'navChange')}) at the close`, link: 'price-nav' });
  const nb = nextBusinessDay(trace, day);
  if (nb >= 0) {
    const mnb = F.mnavNext;
    chain.push({ rich: tx`next business day, ${data(longDate(trace.dates[nb]))}: the stock closes at ${fig(F, 'stockNext')} (${fig(F, 'stockNextChange')})${mnb !== null && mnb !== undefined ? tx`, mNAV ${fig(F, 'mnavNext')}` : tx``}`, link: 'nav-stock', delayed: true });
    const stNb = LISTING_STATE_NAMES[cs.listingState[nb]];
    const evNb = dayEvents(trace, nb, ticker).map((x) => x.event);
    const soldNb = salesOf(evNb);
    chain.push({ rich: tx`listing clock: ${data(STATE_WORDS[stNb] ?? stNb)}`, link: 'stock-clock' });
    chain.push({
      rich: soldNb.coins > 0 ? tx`policy: sells ${num(soldNb.coins)} ${data(coin)} (${data(soldNb.reasons.map(reasonWords).join('; '))})` : tx`policy: no coin sale (${data(policyWords(trace, ticker))})`,
      link: 'policy-sales',
    });
  } else {
    chain.push({ rich: tx`(the horizon ends before the next business day)`, delayed: true });
  }

  const reaches = nb >= 0 ? tx`on ${data(longDate(trace.dates[nb]))}` : tx`on the next business day, after the end of the run`;
  const delay = business
    ? tx`${data(ticker)}'s stock today (${fig(F, 'stock')}) was priced at this morning's ${data(coin)} price, ${fig(F, 'coinPreTrade')}: yesterday's close plus the overnight move. Today's close, ${fig(F, 'coinClose')}, reaches the stock ${reaches}: the [[one-day-delay]].`
    : tx`No stock trading today (${data(longDate(trace.dates[day]))} is not a [[business-day]]): ${data(coin)} keeps moving, and everything it does reaches ${data(ticker)} ${reaches}.`;

  const gains: GainView[] = trace.gain[day].map((g, kk) => ({ ...g, law: trace.model.markets[kk].isLinear ? 'linear' : 'sqrt' }));
  for (const id of LINK_IDS) if (!links[id]) throw new Error(`link ${id} not set`);
  for (const id of NODE_IDS) if (!nodes[id]) throw new Error(`node ${id} not set`);
  return {
    day,
    date: trace.dates[day],
    dateLabel: longDate(trace.dates[day]),
    business,
    ticker,
    coin,
    links,
    nodes,
    chain,
    delay,
    captions: captionsForDay(trace, day, ticker),
    gains,
    sold,
  };
}
