/**
 * Captions: plain-language narration of a day, generated from the event log
 * (one caption per company action, folding the events one action leaves:
 * a buyback's coin sale and share purchase, a deleverage sale and its
 * repayment, a margin call's sale and repayment...) and, for the market,
 * from the engine's day figures (liquidations, ETF and scheduled flows, a
 * loop gain at or above 1). Each caption carries the rule or formula behind
 * it, with the scenario's own parameter values, and links its terms to the
 * glossary. Every event of the day is covered by exactly one caption
 * (`events` holds their indices in the log; the tests check it). Pure.
 */
import { ltv, startDebtUsd, type SimEvent, type CompanyParams, type PolicyParams } from '../../../sim/index.ts';
import { dayEvents, LOOP_GAIN_SHOCK, navBefore, type TeachingTrace, type TraceMarketDay } from './trace.ts';
import { chg, code, data, int, num, pct, price, ratio, tx, usd, type Rich } from './segments.ts';

export interface Caption {
  /** "<day>:<company or coin>:<kind>" */
  id: string;
  /** Ticker, or the coin for market captions. */
  company: string;
  /** What happened, e.g. "buyback", "deleverage", "notice", "liquidations". */
  kind: string;
  text: Rich;
  /** The rule or formula behind it, with this scenario's values. */
  rule: Rich;
  /** Where the rule is specified. */
  ref: string;
  /** Indices of the events it narrates (empty for market captions). */
  events: number[];
}

/** Market captions appear from these sizes on (USD): smaller amounts are everyday noise. */
export const LIQUIDATION_CAPTION_USD = 100e6;
export const ETF_CAPTION_USD = 100e6;

const REASON_WORDS: Record<string, string> = {
  deleverage: 'to repay debt (deleverage)',
  buyback: 'to buy back stock below NAV',
  defendListing: 'to defend its listing',
  stopLoss: 'to cut its losses (stop-loss)',
  funding: 'to fund a cash shortfall (forced)',
  covenant: 'to cure a covenant breach (forced)',
  lenderLiquidation: 'sold by its lender (forced)',
  rule: 'by one of its user rules',
  reserve: 'to fund its USD reserve for dividends and interest',
  action: 'as a dated capital action',
  amendment: "under its notes' amendment (forced)",
};

export function reasonWords(reason: string): string {
  return REASON_WORDS[reason] ?? reason;
}

function policy<K extends PolicyParams['kind']>(c: CompanyParams, kind: K): Extract<PolicyParams, { kind: K }> | undefined {
  return c.policies.find((p) => p.kind === kind) as Extract<PolicyParams, { kind: K }> | undefined;
}

const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A company's series value the day before `day` (day -1: the scenario's start figure, or NaN). */
function before(series: ArrayLike<number | null>, day: number, start = NaN): number {
  if (day <= 0) return start;
  const v = series[day - 1];
  return v === null ? NaN : v;
}

interface Ctx {
  trace: TeachingTrace;
  day: number;
  ticker: string;
  params: CompanyParams;
  md: TraceMarketDay;
  coin: string;
}

function ctxFor(trace: TeachingTrace, day: number, ticker: string): Ctx | null {
  const i = trace.model.companies.findIndex((c) => c.params.ticker === ticker);
  if (i < 0) return null;
  const pc = trace.model.companies[i];
  return { trace, day, ticker, params: pc.params, md: trace.market[day][pc.market], coin: pc.params.coin };
}

/** Captions of one day: companies' actions (the focus company first), then the markets'. */
export function captionsForDay(trace: TeachingTrace, day: number, focus?: string): Caption[] {
  const out: Caption[] = [];
  const all = dayEvents(trace, day);
  const tickers = [...new Set(all.map((x) => x.event.company))];
  if (focus && tickers.includes(focus)) tickers.sort((a, b) => (a === focus ? -1 : b === focus ? 1 : 0));
  for (const ticker of tickers) {
    const ctx = ctxFor(trace, day, ticker);
    if (!ctx) continue;
    out.push(...companyCaptions(ctx, all.filter((x) => x.event.company === ticker)));
  }
  trace.model.markets.forEach((_, k) => out.push(...marketCaptions(trace, day, k)));
  return out;
}

type Ev = { index: number; event: SimEvent };

/** Folds one company's events of one day into captions. */
export function companyCaptions(ctx: Ctx, evs: Ev[]): Caption[] {
  const out: Caption[] = [];
  const used = new Set<number>();
  const take = (pred: (e: SimEvent) => boolean): Ev[] => {
    const got = evs.filter((x) => !used.has(x.index) && pred(x.event));
    got.forEach((x) => used.add(x.index));
    return got;
  };
  const push = (kind: string, text: Rich, rule: Rich, ref: string, events: Ev[]) =>
    out.push({ id: `${ctx.day}:${ctx.ticker}:${kind}`, company: ctx.ticker, kind, text, rule, ref, events: events.map((x) => x.index) });

  // Listing events first: they explain the day's actions.
  for (const x of take((e) => ['notice', 'secondPeriod', 'regained', 'determination', 'delisted'].includes(e.kind))) {
    const c = listingCaption(ctx, x.event);
    push(x.event.kind, c.text, c.rule, 'docs/model.md §6', [x]);
  }
  // Buybacks: the coin sale that funds them and the shares bought.
  for (const reason of ['buyback', 'defendListing'] as const) {
    const sales = take((e) => e.kind === 'coinSale' && e.reason === reason);
    if (!sales.length) continue;
    const bb = take((e) => e.kind === 'buyback');
    const c = buybackCaption(ctx, sales, bb, reason);
    push(reason, c.text, c.rule, 'docs/model.md §7', [...sales, ...bb]);
  }
  const del = take((e) => e.kind === 'coinSale' && e.reason === 'deleverage');
  if (del.length) {
    const rep = take((e) => e.kind === 'repayment' && e.reason === 'voluntary');
    const c = deleverageCaption(ctx, del, rep);
    push('deleverage', c.text, c.rule, 'docs/model.md §7, 11', [...del, ...rep]);
  }
  const cov = take((e) => e.kind === 'marginCall');
  if (cov.length) {
    const sales = take((e) => e.kind === 'coinSale' && e.reason === 'covenant');
    const rep = take((e) => e.kind === 'repayment' && e.reason === 'covenant');
    const c = covenantCaption(ctx, cov, sales, rep);
    push('covenant', c.text, c.rule, 'docs/model.md §5.4, 11', [...cov, ...sales, ...rep]);
  }
  const lend = take((e) => e.kind === 'collateralLiquidation');
  if (lend.length) {
    const sales = take((e) => e.kind === 'coinSale' && e.reason === 'lenderLiquidation');
    const rep = take((e) => e.kind === 'repayment' && e.reason === 'lenderLiquidation');
    const c = lenderCaption(ctx, lend, sales, rep);
    push('lenderLiquidation', c.text, c.rule, 'docs/model.md §5.4, 11', [...lend, ...sales, ...rep]);
  }
  for (const reason of ['stopLoss', 'funding', 'rule', 'covenant', 'lenderLiquidation', 'deleverage', 'reserve', 'action', 'amendment'] as const) {
    const sales = take((e) => e.kind === 'coinSale' && e.reason === reason);
    if (!sales.length) continue;
    const c = saleCaption(ctx, sales, reason);
    push(reason, c.text, c.rule, 'docs/model.md §7', sales);
  }
  for (const x of take((e) => e.kind === 'buyback')) {
    const fromCash = n(x.event.fromCashUsd);
    const funded = fromCash > 0 ? tx`, ${usd(fromCash)} of it paid from cash` : tx`, funded by coin sales`;
    push('buyback', tx`${data(ctx.ticker)} bought back ${int(n(x.event.shares))} shares for ${usd(n(x.event.usd))} at ${price(n(x.event.price))}${funded}.`, tx`one stock impact a day: ${code('π += Ys·sd·√(B/ADV)')}`, 'docs/model.md §5.3', [x]);
  }
  for (const x of take((e) => e.kind === 'preferredIssuance')) {
    const e = x.event;
    push('preferredIssuance', tx`${data(ctx.ticker)} sold ${usd(n(e.usd))} of [[preferred]] stock (${data(s(e.instrument))}), adding ${usd(n(e.preferenceUsd))} of liquidation preference: a senior claim whose dividends it must now pay every day.`, tx`${code('preference += proceeds / pricePerPreference')}; dividends accrue from the next day`, 'docs/model.md 3.2', [x]);
  }
  for (const x of take((e) => e.kind === 'reserveFunding')) {
    const e = x.event;
    push('reserveFunding', tx`${data(ctx.ticker)} put ${usd(n(e.usd))} into its USD reserve (from ${data(s(e.source))}), toward a target of ${usd(n(e.targetUsd))}: cash set aside so that dividends and interest are paid before any coin is sold.`, tx`${code('target = months × (dividends + interest per month)')}`, 'docs/model.md 3.3', [x]);
  }
  for (const x of take((e) => e.kind === 'reserveDepleted')) {
    push('reserveDepleted', tx`${data(ctx.ticker)}'s USD reserve is used up: from here its dividends and interest come from [[atm|issuing shares]] or from selling coins ([[funding]]).`, tx`the reserve pays what free cash cannot, before the funding order`, 'docs/model.md 3.3', [x]);
  }
  for (const x of take((e) => e.kind === 'issuance')) {
    const c = issuanceCaption(ctx, x.event);
    push('issuance', c.text, c.rule, 'docs/model.md §5.3, 5.4', [x]);
  }
  for (const x of take((e) => e.kind === 'coinPurchase')) {
    push('coinPurchase', tx`${data(ctx.ticker)} bought ${num(n(x.event.coins))} ${data(ctx.coin)} for ${usd(n(x.event.usd))} at ${price(n(x.event.price))}: buying pushes the coin up, the loop in reverse (the "flywheel"). Its [[cost-basis]] moves toward the purchase price.`, tx`${code('K ← (K·H + cost) / (H + coins bought)')}`, 'docs/model.md §5.1, 7', [x]);
  }
  for (const x of take((e) => e.kind === 'repayment')) {
    const e = x.event;
    const why = e.reason === 'put' ? 'its holders used their put' : e.reason === 'maturity' ? 'it matured' : e.reason === 'redemption' ? 'it redeemed it early (a dated action)' : e.reason === 'amendment' ? "the amendment's collateral sales paid it down" : 'the company chose to';
    push(`repayment-${s(e.reason) || 'other'}`, tx`${data(ctx.ticker)} repaid ${usd(n(e.usd))} of ${data(s(e.instrument))} in cash because ${data(why)}. If the cash runs short, the rest is raised by [[atm|issuing shares]] (only while mNAV is above one) or by selling coins ([[funding]]).`, tx`a [[convertible]] is repaid in cash when ${code('S < conversion price')} on its [[maturity|put or maturity date]]`, 'docs/model.md §5.4', [x]);
  }
  for (const x of take((e) => e.kind === 'conversion')) {
    const e = x.event;
    push('conversion', tx`${data(s(e.instrument))} converted into ${int(n(e.shares))} new ${data(ctx.ticker)} shares: the stock was at or above its conversion price of ${price(n(e.conversionPrice))}, so the holders took shares and ${usd(n(e.principalUsd))} of debt disappeared ([[conversion]]).`, tx`${code('converts when S ≥ conversion price; new shares = principal / conversion price')}`, 'docs/model.md §5.4', [x]);
  }
  for (const x of take((e) => e.kind === 'reverseSplit')) {
    const c = reverseSplitCaption(ctx, x.event);
    push('reverseSplit', c.text, c.rule, 'docs/model.md §6', [x]);
  }
  for (const x of take((e) => e.kind === 'insolvent')) {
    push('insolvent', tx`${data(ctx.ticker)} is [[insolvency|insolvent]]: its cash, new shares and sellable coins could not cover the day's bills (short by ${usd(n(x.event.shortfallUsd))}). The model freezes it from here on.`, tx`insolvent when cash + issuance + free coins < the day's obligations`, 'docs/model.md §11', [x]);
  }
  // Capital actions (sim/actions.ts; docs/model.md 3 and 4).
  for (const x of take((e) => ['raise', 'holderPut', 'amendment', 'policyChange', 'splitDecided'].includes(e.kind))) {
    const c = capitalActionCaption(ctx, x.event);
    push(x.event.kind, c.text, c.rule, 'docs/model.md 3, 4', [x]);
  }
  // Anything left (a kind this file does not know yet) still gets a caption.
  for (const x of evs.filter((y) => !used.has(y.index))) {
    push(`other-${x.event.kind}`, tx`${data(ctx.ticker)}: ${data(x.event.kind)}.`, tx`see the event log`, 'docs/model.md §9', [x]);
  }
  return out;
}

function sum(evs: Ev[], key: string): number {
  return evs.reduce((a, x) => a + (typeof x.event[key] === 'number' ? (x.event[key] as number) : 0), 0);
}

function listingCaption(ctx: Ctx, e: SimEvent): { text: Rich; rule: Rich } {
  const rules = ctx.trace.model.scenario.listingRules[ctx.params.exchange];
  const minPrice = rules?.minPrice ?? 1;
  const trig = rules?.trigger;
  const trigRule = trig?.kind === 'consecutiveBelow' ? tx`${int(trig.days)} consecutive business-day closes below ${price(minPrice)}` : tx`a ${int(trig?.days ?? 30)}-trading-day average close below ${price(minPrice)}`;
  const avg = n(e.average);
  switch (e.kind) {
    case 'notice':
      return {
        text: tx`${data(ctx.ticker)} received a [[deficiency-notice]] from ${data(rules?.name ?? ctx.params.exchange)}: it closed at ${price(n(e.close))} (average ${price(avg)}), below the ${price(minPrice)} minimum for too long. The [[listing-clock]] now runs to ${data(s(e.deadline))}; the market marks the stock down while it does (a [[premium]] penalty).`,
        rule: tx`notice after ${trigRule}; ${data(rules?.source ?? '')}`,
      };
    case 'secondPeriod':
      return { text: tx`${data(ctx.ticker)}'s first [[compliance-period]] ran out; it gets a [[second-period]], to ${data(s(e.deadline))}.`, rule: tx`Capital Market issuers get a second period of ${int(rules?.secondPeriodDays ?? 180)} days`, };
    case 'regained':
      return { text: tx`${data(ctx.ticker)} [[regained]] compliance: it closed at ${price(n(e.close))}, back above ${price(minPrice)} long enough, and the [[deficiency-notice]] is lifted.`, rule: tx`cure: ${data(cureWords(rules?.cure))}` };
    case 'determination':
      return { text: tx`The exchange made a [[determination|delisting determination]] for ${data(ctx.ticker)} (${data(determinationWords(s(e.reason)))}); close ${price(n(e.close))}.`, rule: tx`${data(rules?.source ?? '')}` };
    case 'delisted':
      return { text: tx`${data(ctx.ticker)} is [[delisting|delisted]]: it now trades over the counter, where the premium takes a heavy penalty.`, rule: tx`${code('π_target −= otcPenalty')}` };
    default:
      return { text: tx`${data(ctx.ticker)}: ${data(e.kind)}`, rule: [] };
  }
}

function cureWords(cure: { kind: string; days: number } | undefined): string {
  if (!cure) return 'see the rule set';
  if (cure.kind === 'consecutiveAtOrAbove') return `${cure.days} consecutive closes at or above the minimum`;
  if (cure.kind === 'monthEndCloseAndAverage') return `on a month's last trading day, the close and the ${cure.days}-day average at or above the minimum`;
  return `the ${cure.days}-day average back at or above the threshold`;
}

function determinationWords(reason: string): string {
  return (
    { periodExpired: 'the compliance period ran out', pennyStock: 'ten closes at or below $0.10', reverseSplitLookback: 'a reverse split within the look-back year leaves no cure period', cumulativeSplit: 'too many reverse splits in two years' } as Record<string, string>
  )[reason] ?? reason;
}

function buybackCaption(ctx: Ctx, sales: Ev[], bb: Ev[], reason: 'buyback' | 'defendListing'): { text: Rich; rule: Rich } {
  const coins = sum(sales, 'coins'), got = sum(sales, 'usd');
  const shares = sum(bb, 'shares'), spent = sum(bb, 'usd');
  const fill = bb.length ? n(bb[0].event.price) : NaN;
  const navPrev = navBefore(ctx.trace, ctx.trace.model.companies.findIndex((c) => c.params.ticker === ctx.ticker), ctx.day);
  const bought = bb.length ? tx` and bought back ${int(shares)} shares for ${usd(spent)} at ${price(fill)}` : tx``;
  if (reason === 'defendListing') {
    const p = policy(ctx.params, 'defendListing');
    return {
      text: tx`Under its [[deficiency-notice]], ${data(ctx.ticker)} sold ${num(coins)} ${data(ctx.coin)} (${usd(got)})${bought}, to lift the price back over the minimum ([[defend-listing]]). Every coin sold lowers the price every holder of ${data(ctx.coin)} is valued at.`,
      rule: tx`under a notice: sell coins to buy back at most ${pct(p?.maxAdvFraction ?? NaN, 0)} of the stock's daily volume; reverse split when fewer than ${int(p?.reverseSplitDaysLeft ?? NaN)} days remain`,
    };
  }
  const p = policy(ctx.params, 'buybackBelowNav');
  const cap = p && p.maxPriceUsd > 0 ? tx` while the stock is under ${price(p.maxPriceUsd)}` : tx``;
  return {
    text: tx`${data(ctx.ticker)} sold ${num(coins)} ${data(ctx.coin)} (${usd(got)})${bought}. The stock traded below its [[nav|NAV per share]] (${price(navPrev)} at yesterday's close), so each share retired for less than its NAV raises NAV per share for the shareholders who stay ([[buyback]]); but the coins it sold push ${data(ctx.coin)} down for every holder.`,
    rule: tx`${code(`S < ${p?.navDiscountThreshold ?? 1} × E/N`)}${cap}: buy back at most ${pct(p?.maxAdvFraction ?? NaN, 0)} of daily stock volume, funded by selling coins at the [[execution-price]]`,
  };
}

function deleverageCaption(ctx: Ctx, sales: Ev[], rep: Ev[]): { text: Rich; rule: Rich } {
  const cs = ctx.trace.result.companies[ctx.ticker];
  const p = policy(ctx.params, 'deleverage');
  const coins = sum(sales, 'coins'), got = sum(sales, 'usd');
  const debt0 = startDebtUsd(ctx.params.debt);
  const debtBefore = before(cs.debtUsd, ctx.day, debt0);
  const coinsBefore = before(cs.coins, ctx.day, ctx.params.coins);
  const ltvBefore = ltv(debtBefore, coinsBefore, ctx.md.preTradePrice); // sim/derived.ts; coinsBefore > 0 on a deleverage day
  const repaid = sum(rep, 'usd');
  const left = rep.length ? n(rep[rep.length - 1].event.remainingUsd) : NaN;
  const instr = rep.length ? s(rep[0].event.instrument) : 'its debt';
  return {
    text: tx`${data(ctx.ticker)}'s debt reached ${pct(ltvBefore)} of its coins' value this morning ([[ltv]] at the [[pre-trade-price]]), above its ${pct(p?.trigger ?? NaN, 0)} trigger, so it sold ${num(coins)} ${data(ctx.coin)} (${usd(got)}) to repay ${usd(repaid)} of ${data(instr)}${Number.isFinite(left) ? tx` (${usd(left)} left)` : tx``} ([[deleverage]]). Repaying released part of the pledged coins ([[collateral]]). Lower debt means less risk of a forced sale later; the sale itself pushes ${data(ctx.coin)} down today.`,
    rule: tx`${code(`(convertible + loan principal) / (H × P_pre) > ${p?.trigger ?? '?'}`)}: repay ${pct(p?.repayFraction ?? NaN, 0)} of that debt, pro rata`,
  };
}

function covenantCaption(ctx: Ctx, cov: Ev[], sales: Ev[], rep: Ev[]): { text: Rich; rule: Rich } {
  const e = cov[0].event;
  const ins = ctx.params.debt.find((d) => d.id === e.instrument);
  const covLtv = ins && ins.kind !== 'preferred' ? ins.covenantLtv : NaN;
  return {
    text: tx`${data(ctx.coin)}'s fall pushed the [[ltv]] of ${data(s(e.instrument))} to ${pct(n(e.ltv))}, over its [[covenant]] of ${pct(covLtv, 0)}: ${data(ctx.ticker)} had to sell ${num(sum(sales, 'coins'))} pledged ${data(ctx.coin)} (${usd(sum(sales, 'usd'))}) and repay ${usd(sum(rep, 'usd'))}, back to ${pct(n(e.targetLtv), 0)} ([[margin-call]]). A forced sale: the lower the coin, the more it must sell.`,
    rule: tx`${code('sell x = (principal − target·pledge·P) / (P·(1 − target))')} when ${code('principal / (pledge × P_pre) > covenant LTV')}`,
  };
}

function lenderCaption(ctx: Ctx, lend: Ev[], sales: Ev[], rep: Ev[]): { text: Rich; rule: Rich } {
  const e = lend[0].event;
  const ins = ctx.params.debt.find((d) => d.id === e.instrument);
  const liqLtv = ins && ins.kind !== 'preferred' ? ins.liquidationLtv : NaN;
  return {
    text: tx`The [[ltv]] of ${data(s(e.instrument))} reached ${pct(n(e.ltv))}, over the lender's liquidation level of ${pct(liqLtv, 0)}: the lender sold ${num(sum(sales, 'coins'))} of ${data(ctx.ticker)}'s pledged ${data(ctx.coin)} ([[collateral]]) for ${usd(sum(sales, 'usd'))} and applied ${usd(sum(rep, 'usd'))} to the debt.`,
    rule: tx`${code('sell min(pledge, principal / P_pre)')} when ${code('principal / (pledge × P_pre) > liquidation LTV')}`,
  };
}

function saleCaption(ctx: Ctx, sales: Ev[], reason: string): { text: Rich; rule: Rich } {
  const cs = ctx.trace.result.companies[ctx.ticker];
  const coins = sum(sales, 'coins'), got = sum(sales, 'usd');
  const px = n(sales[0].event.price);
  const K = before(cs.costBasis, ctx.day, ctx.params.costBasisUsd);
  if (reason === 'stopLoss') {
    const p = policy(ctx.params, 'stopLoss');
    return {
      text: tx`${data(ctx.coin)} is more than ${pct(p?.maxLoss ?? NaN, 0)} below ${data(ctx.ticker)}'s [[cost-basis]] of ${price(K)}, so its [[stop-loss]] sells: today ${num(coins)} ${data(ctx.coin)} for ${usd(got)} at ${price(px)}, a [[realized-loss]] of ${usd(coins * (K - px))}.`,
      rule: tx`latches once ${code(`P_pre < K × (1 − ${p?.maxLoss ?? '?'})`)}; then sells ${pct(p?.fractionPerDay ?? NaN, 0)} of the trigger-day holding each business day until none is left`,
    };
  }
  if (reason === 'funding') {
    const mnavRaw = before(cs.mnav, ctx.day);
    const mnav = Number.isFinite(mnavRaw) ? mnavRaw : NaN; // the engine's Infinity (no coins) reads as no figure, as null did
    return {
      text: tx`${data(ctx.ticker)}'s costs (operating expenses, interest, dividends) ran past its cash. Issuing shares ([[atm]]) needs mNAV above one (it was ${ratio(mnav)}) and a business day, so it sold ${num(coins)} ${data(ctx.coin)} for ${usd(got)}: a forced sale ([[funding]]).`,
      rule: tx`funding order ${data(ctx.params.fundingOrder.join(' → '))}; ATM only when ${code('mNAV > 1')}`,
    };
  }
  return {
    text: tx`${data(ctx.ticker)} sold ${num(coins)} ${data(ctx.coin)} for ${usd(got)} at ${price(px)}, ${data(reasonWords(reason))}.`,
    rule: tx`${data(reason === 'rule' ? 'a user rule (policies.rules)' : reason)}`,
  };
}

function capitalActionCaption(ctx: Ctx, e: SimEvent): { text: Rich; rule: Rich } {
  switch (e.kind) {
    case 'raise':
      return {
        text: tx`${data(ctx.ticker)} raised ${usd(n(e.usd))} (${data(s(e.instrument))}, a dated action)${data(e.useOfProceeds === 'coins' ? ' and spent it on coins' : '')}.`,
        rule: tx`on its date: common stock is issued with the day's stock impact; a preferred, convertible or loan starts with that principal`,
      };
    case 'holderPut':
      return {
        text: tx`The holders of ${data(s(e.instrument))} demanded early repayment of ${usd(n(e.usd))} (trigger: ${data(s(e.trigger))}; [[ltv]] ${pct(n(e.ltv))}), ${data(e.settled === 'amendment' ? 'and accepted an amendment instead of cash' : 'paid from cash, then coins')}.`,
        rule: tx`put on the first day its LTV, stock-price or date trigger holds`,
      };
    case 'amendment':
      return {
        text: tx`${data(s(e.instrument))} was amended instead of defaulting: ${data(ctx.ticker)} sells its pledged ${data(ctx.coin)} ([[collateral]]) in equal slices each business day until ${data(s(e.saleEndDate))}, and whatever is left falls due on ${data(s(e.newMaturityDate))}.`,
        rule: tx`${code('sold today = (principal left / business days left) / P_pre')}`,
      };
    case 'policyChange':
      return { text: tx`${data(ctx.ticker)} changed its policy ${data(String(e.kindOfPolicy))} on a planned date${data(e.enabled === false ? ' (switched off)' : '')}.`, rule: tx`a dated setPolicy action` };
    default: // splitDecided
      return {
        text: tx`${data(ctx.ticker)} decided a one-for-${num(n(e.ratio))} [[reverse-split]]; it takes effect after the notice period, on ${data(s(e.earliestEffectiveDate))} or the next trading day.`,
        rule: tx`a split decided on day d takes effect on the first business day on or after d + splitNoticeDays`,
      };
  }
}

function issuanceCaption(ctx: Ctx, e: SimEvent): { text: Rich; rule: Rich } {
  const p = policy(ctx.params, 'issueAboveNav');
  return {
    text: tx`${data(ctx.ticker)} [[issuance|issued]] ${int(n(e.shares))} new shares for ${usd(n(e.usd))} at ${price(n(e.price))}. With [[mnav]] above one, each new share brings in more than the coins behind it, so issuance raises NAV per share: the loop's upside (the "flywheel"). Below one it would destroy value, which is why it stops there.`,
    rule: p ? tx`${code(`mNAV > ${p.mnavThreshold}`)}: issue ${pct(p.maxAdvFraction, 0)} of daily stock volume and buy coins` : tx`[[atm]] funding: only when ${code('mNAV > 1')}`,
  };
}

function reverseSplitCaption(ctx: Ctx, e: SimEvent): { text: Rich; rule: Rich } {
  const rules = ctx.trace.model.scenario.listingRules[ctx.params.exchange];
  const r = n(e.ratio);
  const cs = ctx.trace.result.companies[ctx.ticker];
  const sBefore = before(cs.stockPrice, ctx.day, ctx.params.stockPrice0);
  const sharesBefore = n(e.sharesAfter) * r;
  return {
    text: tx`${data(ctx.ticker)} did a one-for-${num(r)} [[reverse-split]]: ${int(sharesBefore)} shares became ${int(n(e.sharesAfter))}, and a share that closed at ${price(sBefore)} becomes worth ${num(r)} times as much. The company is worth exactly the same (market cap, NAV and [[mnav]] unchanged); the market still docks the [[premium]] a little, and the exchange remembers the split for ${int(rules?.reverseSplitLookbackDays ?? NaN)} days.`,
    rule: tx`${code(`N ← N / ${r}, S ← S × ${r}, π −= reverseSplitPenalty (${ctx.params.premium.reverseSplitPenalty})`)}`,
  };
}

/** Market captions from the engine's day figures. */
export function marketCaptions(trace: TeachingTrace, day: number, k: number): Caption[] {
  const md = trace.market[day][k];
  const coin = md.coin;
  const pm = trace.model.markets[k].params;
  const out: Caption[] = [];
  const push = (kind: string, text: Rich, rule: Rich, ref: string) => out.push({ id: `${day}:${coin}:${kind}`, company: coin, kind, text, rule, ref, events: [] });
  if (md.liquidationsUsd >= LIQUIDATION_CAPTION_USD) {
    push(
      'liquidations',
      tx`${data(coin)} fell ${pct(md.drop)} close to close, which [[liquidation|liquidated]] ${usd(md.liquidationsUsd)} of leveraged longs (${pct(md.liquidationsUsd / md.openInterestBeforeUsd)} of the ${usd(md.openInterestBeforeUsd)} of [[open-interest]]). Those forced sales were part of the drop that caused them: the leverage loop.`,
      tx`${code(`ℓ = L·(1 − exp(−x / ${pm.leverage.meanLiquidationDistance}))`)}, solved together with the drop ${code('x')} it causes`,
      'docs/model.md §4.4',
    );
  }
  if (md.shortLiquidationsUsd >= LIQUIDATION_CAPTION_USD) {
    push(
      'shortLiquidations',
      tx`${data(coin)} rose ${pct(md.rise)} close to close, which [[liquidation|liquidated]] ${usd(md.shortLiquidationsUsd)} of leveraged shorts (${pct(md.shortLiquidationsUsd / md.shortOpenInterestBeforeUsd)} of the ${usd(md.shortOpenInterestBeforeUsd)} of short [[open-interest]]). Those forced buys were part of the rise that caused them.`,
      tx`${code(`ℓ = Sh·(1 − exp(−x / ${pm.leverage.shortMeanLiquidationDistance}))`)}, solved together with the rise ${code('x')} it causes`,
      'docs/model.md §12',
    );
  }
  const flows = pm.scheduledFlows.filter((f) => f.startDate <= trace.dates[day] && trace.dates[day] < addDays(f.startDate, f.days));
  if (md.scheduledFlowUsd !== 0) {
    push(
      'scheduled',
      tx`${data(flows.map((f) => f.label).join('; ') || 'Scheduled flow')}: ${usd(md.scheduledFlowUsd)} ${data(md.scheduledFlowUsd > 0 ? 'sold into' : 'bought from')} the ${data(coin)} market ([[scheduled-flow]]).`,
      tx`a dated flow from the scenario, added to the day's net selling ${code('Q')}`,
      'docs/model.md §4.2',
    );
  }
  if (Math.abs(md.etfChaseUsd) >= ETF_CAPTION_USD) {
    push(
      'etf',
      tx`${data(coin)} moved ${chg(Math.expm1(md.prevReturn))} yesterday; ETF investors follow returns, so today's ETF flow includes ${usd(Math.abs(md.etfChaseUsd))} of ${data(md.etfChaseUsd < 0 ? 'redemptions' : 'inflows')} from that move ([[etf-flow]]), a loop that closes a day later.`,
      tx`${code(`chase × AUM × r_(t−1) = ${pm.etfFlow.chase} × ${usdText(pm.etfFlow.aumUsd)} × r`)}`,
      'docs/model.md §4.2',
    );
  }
  const g = trace.gain[day][k];
  if (g.gainSqrt >= 1 || g.gainLinear >= 1) {
    const own = pm.impactLaw === 'linear' ? 'linear' : 'square-root';
    push(
      'gain',
      tx`[[loop-gain|Loop gain]] of ${data(coin)} today: ${ratio(g.gainSqrt)} under the [[sqrt-law]], ${ratio(g.gainLinear)} under the [[linear-law]] (this market uses the ${data(own)} law). Above one, an extra ${pct(LOOP_GAIN_SHOCK, 0)} drop would set off more than ${pct(LOOP_GAIN_SHOCK, 0)} of further drop: the spiral feeds itself that day.`,
      tx`${code('G = [I(Q + ΔQ) − I(Q)] / 1%')}; ${code('ΔQ')} = extra treasury sales ${usd(g.extraCompanyUsd)} + extra liquidations ${usd(g.extraLiquidationsUsd)}`,
      'docs/model.md §9',
    );
  }
  return out;
}

function usdText(v: number): string {
  return (usd(v) as { text: string }).text;
}

function addDays(iso: string, d: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + d * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}
