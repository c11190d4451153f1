/**
 * The table of triggers the risk map solves for. Adding a trigger is one entry
 * here: a kind, a label, and for each company the instances it applies to,
 * each with a predicate on the company valued at a coin price (CompanyAt,
 * src/risk/valuation.ts), the coins the engine would sell on the first day it
 * fires, and how a simulated path shows it (for the Monte Carlo odds).
 *
 * Every predicate mirrors the engine's own test for the same action
 * (sim/engine.ts, docs/model.md §5.4 and 7), evaluated on today's balance sheet
 * with only the coin price changed; test/risk.test.ts runs the engine from
 * just above and just below each solved price and checks it crosses.
 */
import { RULE_VARIABLE_ORDER, averageDailyVolumeUsd, coinValueUsd, debtUsd, ltv, marketCapUsd, navPerShare, type SimEvent } from '../../sim/index.ts';
import type { CompanyAt, CompanyToday, RiskContext } from './valuation.ts';

export type TriggerKind =
  | 'covenant'
  | 'lenderLiquidation'
  | 'uncoveredRedemption'
  | 'holderPut'
  | 'mnavBelowOne'
  | 'stockBelowMin'
  | 'stockBelowPenny'
  | 'equityWipedOut'
  | 'stopLoss'
  | 'deleverage'
  | 'defendListing'
  | 'buybackBelowNav'
  | 'issuanceStops'
  | 'rule';

/**
 * A company's figures at a day's close, as its recorded series would hold them (full record:
 * `stockPrice[t]`, `mnav[t]`, `bookNavPerShare[t]`), read from the state of a run that records
 * no series (src/risk/probabilities.ts `readClose`).
 */
export interface CloseFigures {
  stockPrice: number;
  mnav: number;
  /** (assets - senior claims) / shares, at book: coins x P + cash + other assets - every principal. */
  bookNavPerShare: number;
}

/** How a trigger shows on a simulated path: an event of the day, or the day's close. */
export interface Observation {
  event?: (e: SimEvent, dayEvents: readonly SimEvent[]) => boolean;
  close?: (c: CloseFigures) => boolean;
}

export interface TriggerInstance {
  kind: TriggerKind;
  /** Unique within the company, e.g. "covenant:loan-a". */
  id: string;
  label: string;
  /** Instrument id for per-instrument triggers. */
  instrument?: string;
  /** The instrument's put or maturity date (uncoveredRedemption). */
  date?: string;
  /** False for a dated trigger whose date is beyond the scenario's horizon. */
  withinHorizon?: boolean;
  /** True when the trigger fires with the company valued at this coin price. */
  fires(s: CompanyAt): boolean;
  /** Coins the engine sells on the first day it fires at this state (0 for a threshold with no sale). */
  coinsSold(s: CompanyAt): number;
  observe: Observation;
  /** What the solved price means, where it needs saying. */
  note?: string;
}

export interface TriggerDef {
  kind: TriggerKind;
  /** Forced by a lender or a payment (as opposed to a policy or a threshold). */
  forced: boolean;
  /** Its sale happens on the day the price gets there (not on a later date): it feeds the spiral. */
  immediateSale: boolean;
  instances(ctx: RiskContext, c: CompanyToday): TriggerInstance[];
}

const unpledged = (c: CompanyToday): number => Math.max(0, c.coins - c.pledgedCoins.reduce((a, b) => a + b, 0));
const saleReason = (reason: string) => (e: SimEvent) => e.kind === 'coinSale' && e.reason === reason;
const usd = (x: number) => `$${x >= 1 ? x.toFixed(2) : x.toPrecision(2)}`;

/** A threshold with no sale of its own, seen on a path in the day's close. */
function threshold(kind: TriggerKind, label: string, fires: (s: CompanyAt) => boolean, close: (c: CloseFigures) => boolean): TriggerInstance {
  return { kind, id: kind, label, fires, coinsSold: () => 0, observe: { close } };
}

/** Buyback sizing of buybackBelowNav and defendListing at the projected stock (engine: buybackFromCoins). */
function buybackCoins(c: CompanyToday, s: CompanyAt, maxAdvFraction: number): number {
  const adv = averageDailyVolumeUsd(c.params.stock.turnover, s.stockPrice, c.shares);
  const b = Math.min(maxAdvFraction * adv, c.params.buybackAuthorizationUsd, unpledged(c) * s.coinPrice);
  return b > 0 ? b / s.coinPrice : 0;
}

/**
 * Coins the engine's funding (sim/engine.ts `fund`, `fundByIssuance`, `fundByCoins`) can sell on day 0
 * at coin price p: unpledged coins, the released share `release` of instrument j's pledge, and every
 * instrument's collateral above what keeps it at its target LTV (instrument j's principal reduced by
 * the same share). j = -1: no instrument is repaid.
 */
function sellableCoins(c: CompanyToday, p: number, j: number, release: number): number {
  let n = unpledged(c) + (j >= 0 ? release * c.pledgedCoins[j] : 0);
  c.params.debt.forEach((o, k) => {
    if (o.kind === 'preferred' || c.pledgedCoins[k] <= 0) return;
    const pledge = k === j ? (1 - release) * c.pledgedCoins[k] : c.pledgedCoins[k];
    const pr = k === j ? (1 - release) * c.principalUsd[k] : c.principalUsd[k];
    const keep = o.targetLtv > 0 ? pr / (o.targetLtv * p) : pledge;
    n += Math.max(0, pledge - keep);
  });
  return n;
}

export interface FundingPlan {
  /** Common issued through the ATM (USD). */
  issuedUsd: number;
  /** Coins sold (sized at the pre-trade price). */
  coins: number;
  /** What neither covers: the company is insolvent (USD). */
  shortUsd: number;
}

/**
 * The engine's funding of a cash need on day 0 (a business day) at CompanyAt s, in the company's funding
 * order (sim/engine.ts `fund`): the ATM when listed, with coins and step-4 mNAV above the programme's
 * minMnav (1 without a programme), within the programme's room min(shelf left, maxAdvFraction x ADV),
 * ADV = turnover S N (unlimited without a programme: v1); coins as sellableCoins. Other issuance of the
 * same day (issueAboveNav, accumulate, the reserve) that would share the room is not counted.
 */
export function fundingPlan(ctx: RiskContext, c: CompanyToday, s: CompanyAt, needUsd: number, j = -1, release = 1): FundingPlan {
  const pc = ctx.model.companies[c.index], cap = pc.capital;
  let left = Math.max(0, needUsd), issued = 0, coins = 0;
  const atmOk = pc.fundAtm && !c.delisted && c.coins > 0 && s.mnav > cap.atmMinMnav;
  const room = cap.hasAtm ? Math.max(0, Math.min(c.atmShelfLeftUsd, cap.atmMaxAdvFraction * averageDailyVolumeUsd(c.params.stock.turnover, s.stockPrice, c.shares))) : Infinity;
  const byAtm = () => { if (atmOk && left > 0) { const u = Math.min(left, room); issued += u; left -= u; } };
  const byCoins = () => {
    if (!pc.fundCoins || left <= 0) return;
    const q = Math.min(sellableCoins(c, s.coinPrice, j, release), left / s.coinPrice);
    if (q > 0) { coins += q; left -= q * s.coinPrice; }
  };
  if (pc.fundAtmFirst) { byAtm(); byCoins(); } else { byCoins(); byAtm(); }
  return { issuedUsd: issued, coins, shortUsd: left > 1e-6 * Math.max(1, needUsd) ? left : 0 };
}

/** The day-0 costs the engine takes from cash before any put or maturity (step 5): opex and every instrument's daily rate. */
function dayCostUsd(c: CompanyToday): number {
  let cost = c.params.opexUsdPerYear / 365;
  c.instruments.forEach((d, j) => { if (c.principalUsd[j] > 0) cost += c.principalUsd[j] * (d.annualRate / 365); });
  return cost;
}

/**
 * A holder put of `due` on instrument j at CompanyAt s (sim/actions.ts holderObligations): amended when an
 * amendment is on offer and (mode always, or cash plus unpledged coins cannot pay it), the first day of the
 * collateral schedule selling min(pledge, principal / n / P) (n business days to saleEndDate); else paid from
 * cash, the shortfall funded in the funding order.
 */
function putCoins(ctx: RiskContext, c: CompanyToday, j: number, d: HolderTermsDebt, s: CompanyAt): number {
  const pr = c.principalUsd[j], put = d.holderPut!, due = put.fraction * pr, p = s.coinPrice;
  const cash = Math.max(0, c.cashUsd - dayCostUsd(c));
  const am = d.amendment;
  if (am && (am.mode === 'always' || cash + unpledged(c) * p < due)) {
    const pa = ctx.model.companies[c.index].actions;
    const end = pa.saleEndDay[j];
    const n = end >= 0 ? pa.bizBefore[Math.min(end + 1, pa.bizBefore.length - 1)] - pa.bizBefore[0] : 0;
    return n > 0 ? Math.min(c.pledgedCoins[j], pr / n / p) : 0;
  }
  return fundingPlan(ctx, c, s, due - cash, j, put.fraction).coins;
}

type HolderTermsDebt = Extract<CompanyToday['params']['debt'][number], { kind: 'convertible' | 'loan' }>;

export const TRIGGERS: readonly TriggerDef[] = [
  {
    // docs/model.md §5.4: above covenantLtv (principal / (pledge x P_pre)) the company sells collateral down to targetLtv.
    kind: 'covenant',
    forced: true,
    immediateSale: true,
    instances: (_ctx, c) =>
      c.params.debt.flatMap((d, j) => {
        if (d.kind === 'preferred' || d.covenantLtv <= 0 || c.pledgedCoins[j] <= 0) return [];
        const pr = c.principalUsd[j], pledge = c.pledgedCoins[j], tgt = d.targetLtv;
        return [{
          kind: 'covenant' as const, id: `covenant:${d.id}`, instrument: d.id,
          label: `covenant LTV > ${d.covenantLtv} on ${d.id}`,
          fires: (s: CompanyAt) => pr / (pledge * s.coinPrice) > d.covenantLtv,
          coinsSold: (s: CompanyAt) => Math.max(0, Math.min(pledge, (pr - tgt * pledge * s.coinPrice) / (s.coinPrice * (1 - tgt)))),
          observe: { event: (e: SimEvent) => e.kind === 'marginCall' && e.instrument === d.id },
          note: d.liquidationLtv > 0 ? 'the LTV first passes the covenant here; below the lender-liquidation price the lender sells instead' : undefined,
        }];
      }),
  },
  {
    // docs/model.md §5.4: above liquidationLtv the lender sells min(pledge, principal / P_pre) pledged coins.
    kind: 'lenderLiquidation',
    forced: true,
    immediateSale: true,
    instances: (_ctx, c) =>
      c.params.debt.flatMap((d, j) => {
        if (d.kind === 'preferred' || d.liquidationLtv <= 0 || c.pledgedCoins[j] <= 0) return [];
        const pr = c.principalUsd[j], pledge = c.pledgedCoins[j];
        return [{
          kind: 'lenderLiquidation' as const, id: `lenderLiquidation:${d.id}`, instrument: d.id,
          label: `lender liquidation LTV > ${d.liquidationLtv} on ${d.id}`,
          fires: (s: CompanyAt) => pr / (pledge * s.coinPrice) > d.liquidationLtv,
          coinsSold: (s: CompanyAt) => Math.min(pledge, pr / s.coinPrice),
          observe: { event: (e: SimEvent) => e.kind === 'collateralLiquidation' && e.instrument === d.id },
        }];
      }),
  },
  {
    // docs/model.md §5.4: on its put or maturity day a convertible converts when S >= conversion price, else it
    // (and a loan) is repaid in cash; a shortfall is funded in the funding order; ATM needs mNAV > 1 and a listing.
    kind: 'uncoveredRedemption',
    forced: true,
    immediateSale: false,
    instances: (ctx, c) =>
      c.params.debt.flatMap((d, j) => {
        if (d.kind === 'preferred') return [];
        const pr = c.principalUsd[j];
        if (!(pr > 0)) return [];
        const pc = ctx.model.companies[c.index];
        const what = d.kind === 'convertible' ? (c.endIsPut[j] ? 'holder put' : 'maturity') : 'loan maturity';
        const date = c.endIsPut[j] && d.kind === 'convertible' && d.putDate ? d.putDate : d.maturityDate;
        const need = pr - Math.max(0, c.cashUsd);
        const plan = (s: CompanyAt) => fundingPlan(ctx, c, s, need, j, 1);
        return [{
          kind: 'uncoveredRedemption' as const, id: `uncoveredRedemption:${d.id}`, instrument: d.id, date, withinHorizon: c.endDay[j] >= 0,
          label: `${what} of ${d.id} (${date}) not covered by cash or issuance`,
          fires: (s: CompanyAt) => {
            if (need <= 0) return false;
            if (d.kind === 'convertible' && s.stockPrice >= c.conversionPrice[j]) return false;
            const f = plan(s);
            return f.coins > 0 || f.shortUsd > 0;
          },
          // Without coins in the funding order nothing is sold: the shortfall makes the company insolvent.
          coinsSold: (s: CompanyAt) => plan(s).coins,
          observe: {
            event: (e: SimEvent, day: readonly SimEvent[]) =>
              e.kind === 'repayment' && e.instrument === d.id && (e.reason === 'put' || e.reason === 'maturity') &&
              day.some((x) => (x.kind === 'coinSale' && x.reason === 'funding') || x.kind === 'insolvent'),
          },
          note: `today's cash ($${(c.cashUsd / 1e6).toFixed(1)}M, reserve included) against the principal as if due today, then the funding order${pc.capital.hasAtm ? ` (ATM within its room: shelf left $${(c.atmShelfLeftUsd / 1e6).toFixed(1)}M, ${pc.capital.atmMaxAdvFraction} x ADV a day, mNAV > ${pc.capital.atmMinMnav})` : ''}; ${need > 0 ? `coins sold beyond ${sellableCoins(c, ctx.price0(c.index), j, 1).toFixed(0)} sellable at today's price mean insolvency` : 'cash covers it'}`,
        }];
      }),
  },
  {
    // docs/model.md 3 "Holder and lender behaviour" (sim/actions.ts holderObligations, step 5 before maturities):
    // a holder put fires the first day its LTV (instrument's, or the company's when unsecured) is above ltvAbove,
    // or (business days) the step-4 stock is below stockBelowUsd, or on its date; `fraction` of the principal is
    // then due at par, paid from cash (the reserve included), the rest funded in the funding order, or amended.
    // The LTV and stock puts are trigger prices (they fire at a coin price); the date put is listed like a
    // put or maturity: it needs coins (or fails) when cash and issuance cannot cover it.
    kind: 'holderPut',
    forced: true,
    immediateSale: true,
    instances: (ctx, c) =>
      c.params.debt.flatMap((d, j): TriggerInstance[] => {
        if (d.kind === 'preferred' || !d.holderPut || !(d.holderPut.fraction > 0)) return [];
        const pr = c.principalUsd[j];
        if (!(pr > 0)) return [];
        const put = d.holderPut, due = put.fraction * pr;
        const settle = d.amendment ? `, amended instead when cash and unpledged coins cannot pay it (${d.amendment.mode})` : '';
        const observe = (trigger: string): Observation => ({ event: (e: SimEvent) => e.kind === 'holderPut' && e.instrument === d.id && e.trigger === trigger });
        const out: TriggerInstance[] = [];
        const coinsSold = (s: CompanyAt) => putCoins(ctx, c, j, d, s);
        if (put.ltvAbove > 0) {
          const pledge = c.pledgedCoins[j];
          const debt = debtUsd(c.principalUsd, c.instruments.map((x) => x.kind === 'preferred'));
          // The holder put's own LTV (sim/actions.ts), not sim/derived.ts ltv(): collateral LTV when secured; Infinity without coins.
          const ltv = (p: number) => (pledge > 0 ? pr / (pledge * p) : c.coins > 0 ? debt / (c.coins * p) : Infinity);
          out.push({
            kind: 'holderPut', id: `holderPut:ltv:${d.id}`, instrument: d.id,
            label: `holder put of ${d.id} (${pledge > 0 ? 'LTV' : 'company LTV'} > ${put.ltvAbove}, ${put.fraction * 100}% due)`,
            fires: (s) => ltv(s.coinPrice) > put.ltvAbove, coinsSold, observe: observe('ltv'),
            note: `$${(due / 1e6).toFixed(1)}M due at par, paid from cash, then the funding order${settle}`,
          });
        }
        if (put.stockBelowUsd > 0) {
          out.push({
            kind: 'holderPut', id: `holderPut:stockPrice:${d.id}`, instrument: d.id,
            label: `holder put of ${d.id} (stock < ${usd(put.stockBelowUsd)}, ${put.fraction * 100}% due; premium at target)`,
            fires: (s) => s.stockPrice < put.stockBelowUsd, coinsSold, observe: observe('stockPrice'),
            note: `$${(due / 1e6).toFixed(1)}M due at par on a business day with the stock below the level, paid from cash, then the funding order${settle}`,
          });
        }
        if (put.date) {
          const pa = ctx.model.companies[c.index].actions;
          const need = due - Math.max(0, c.cashUsd);
          out.push({
            kind: 'holderPut', id: `holderPut:date:${d.id}`, instrument: d.id, date: put.date, withinHorizon: pa.putDay[j] >= 0,
            label: `holder put of ${d.id} (${put.date}, ${put.fraction * 100}% due) not covered by cash or issuance`,
            fires: (s) => {
              if (d.amendment && (d.amendment.mode === 'always' || Math.max(0, c.cashUsd) + unpledged(c) * s.coinPrice < due)) return coinsSold(s) > 0;
              if (need <= 0) return false;
              const f = fundingPlan(ctx, c, s, need, j, put.fraction);
              return f.coins > 0 || f.shortUsd > 0;
            },
            coinsSold,
            observe: {
              event: (e: SimEvent, day: readonly SimEvent[]) =>
                e.kind === 'holderPut' && e.instrument === d.id && e.trigger === 'date' &&
                day.some((x) => (x.kind === 'coinSale' && (x.reason === 'funding' || x.reason === 'amendment')) || x.kind === 'insolvent'),
            },
            note: `today's cash ($${(c.cashUsd / 1e6).toFixed(1)}M, reserve included) against $${(due / 1e6).toFixed(1)}M as if due today, then the funding order${settle}`,
          });
        }
        return out;
      }),
  },
  {
    kind: 'mnavBelowOne',
    forced: false,
    immediateSale: false,
    instances: () => [threshold('mnavBelowOne', 'mNAV < 1 (issuance stops being accretive)', (s) => s.mnav < 1, (c) => c.mnav < 1)],
  },
  {
    kind: 'stockBelowMin',
    forced: false,
    immediateSale: false,
    instances: (ctx, c) => {
      const min = ctx.model.companies[c.index].rules.minPrice;
      return [threshold('stockBelowMin', `stock < ${usd(min)} (premium at target)`, (s) => s.stockPrice < min, (c) => c.stockPrice < min)];
    },
  },
  {
    kind: 'stockBelowPenny',
    forced: false,
    immediateSale: false,
    instances: () => [threshold('stockBelowPenny', 'stock < $0.10 (premium at target)', (s) => s.stockPrice < 0.1, (c) => c.stockPrice < 0.1)],
  },
  {
    // Book equity A - D <= 0: the intrinsic value of the shares is gone (Merton equity keeps option value).
    kind: 'equityWipedOut',
    forced: false,
    immediateSale: false,
    instances: () => [threshold('equityWipedOut', 'equity wiped out (assets <= senior claims)', (s) => s.assetsUsd <= s.seniorUsd && s.seniorUsd > 0, (c) => c.bookNavPerShare <= 0)],
  },
  {
    // docs/model.md §7: stopLoss latches once P_pre < K (1 - maxLoss) and sells fractionPerDay of the holdings a day.
    kind: 'stopLoss',
    forced: false,
    immediateSale: true,
    instances: (_ctx, c) =>
      c.params.policies.flatMap((p) => p.kind !== 'stopLoss' ? [] : [{
        kind: 'stopLoss' as const, id: 'stopLoss', label: `stop-loss (coin < ${(1 - p.maxLoss).toFixed(2)} x cost ${c.params.costBasisUsd})`,
        fires: (s: CompanyAt) => s.coinPrice < c.params.costBasisUsd * (1 - p.maxLoss),
        coinsSold: () => Math.min(p.fractionPerDay * c.coins, unpledged(c)),
        observe: { event: saleReason('stopLoss') },
        note: `sells ${p.fractionPerDay} of the holdings a day until out`,
      }]),
  },
  {
    // docs/model.md §7: deleverage fires when (convertible + loan principal) / (H P_pre) > trigger.
    kind: 'deleverage',
    forced: false,
    immediateSale: true,
    instances: (_ctx, c) =>
      c.params.policies.flatMap((p) => p.kind !== 'deleverage' ? [] : [{
        kind: 'deleverage' as const, id: 'deleverage', label: `deleverage (debt / coin value > ${p.trigger})`,
        fires: (s: CompanyAt) => s.debtUsd > 0 && c.coins > 0 && ltv(s.debtUsd, c.coins, s.coinPrice) > p.trigger,
        coinsSold: (s: CompanyAt) => Math.min(c.coins, (p.repayFraction * s.debtUsd) / s.coinPrice),
        observe: { event: saleReason('deleverage') },
      }]),
  },
  {
    // docs/model.md §7: defendListing acts under a deficiency notice, which a stock held below the minimum brings.
    kind: 'defendListing',
    forced: false,
    immediateSale: false,
    instances: (ctx, c) => {
      const min = ctx.model.companies[c.index].rules.minPrice;
      return c.params.policies.flatMap((p) => p.kind !== 'defendListing' ? [] : [{
        kind: 'defendListing' as const, id: 'defendListing', label: `defend listing (stock < ${usd(min)}, after the notice)`,
        fires: (s: CompanyAt) => s.stockPrice < min,
        coinsSold: (s: CompanyAt) => buybackCoins(c, s, p.maxAdvFraction),
        observe: { event: (e: SimEvent) => (e.kind === 'coinSale' && e.reason === 'defendListing') || e.kind === 'reverseSplit' },
        note: 'acts once the listing rule has issued a notice (e.g. 30 business days below); buybacks, then a reverse split',
      }]);
    },
  },
  {
    // docs/model.md §7: buybackBelowNav when S < threshold E / N, i.e. exp(premium) < threshold (and S below maxPriceUsd if set).
    kind: 'buybackBelowNav',
    forced: false,
    immediateSale: true,
    instances: (_ctx, c) =>
      c.params.policies.flatMap((p) => p.kind !== 'buybackBelowNav' ? [] : [{
        kind: 'buybackBelowNav' as const, id: 'buybackBelowNav', label: `buyback below NAV (S < ${p.navDiscountThreshold} x NAV per share)`,
        fires: (s: CompanyAt) => s.equityUsd > 0 && s.stockPrice < (p.navDiscountThreshold * s.equityUsd) / c.shares && (p.maxPriceUsd <= 0 || s.stockPrice < p.maxPriceUsd),
        coinsSold: (s: CompanyAt) => buybackCoins(c, s, p.maxAdvFraction),
        observe: { event: saleReason('buyback') },
        note: 'while the authorization lasts',
      }]),
  },
  {
    kind: 'issuanceStops',
    forced: false,
    immediateSale: false,
    instances: (_ctx, c) =>
      c.params.policies.flatMap((p) => p.kind !== 'issueAboveNav' ? [] : [{
        kind: 'issuanceStops' as const, id: 'issuanceStops', label: `issuance stops (mNAV <= ${p.mnavThreshold})`,
        fires: (s: CompanyAt) => s.mnav <= p.mnavThreshold,
        coinsSold: () => 0,
        observe: { close: (d: CloseFigures) => d.mnav <= p.mnavThreshold },
      }]),
  },
  {
    // docs/model.md §7 `rules`: a user rule acts when its compiled `when` is true; the variables are filled as the
    // engine's rules() fills them on day 0, at the coin price and the projected stock.
    kind: 'rule',
    forced: false,
    immediateSale: true,
    instances: (ctx, c) => {
      const pc = ctx.model.companies[c.index];
      const rules = c.params.policies.flatMap((p) => (p.kind === 'rules' ? p.rules : []));
      return rules.flatMap((r, k) => {
        const prep = pc.prepRules[k];
        if (!prep || r.action === 'buyCoins' || r.action === 'issue') return [];
        const vars = (s: CompanyAt) => ruleVars(c, s);
        return [{
          kind: 'rule' as const, id: `rule:${k}`, label: `rule ${r.action} when ${r.when}`,
          fires: (s: CompanyAt) => prep.when(vars(s)) !== 0 && !Number.isNaN(prep.when(vars(s))),
          coinsSold: (s: CompanyAt) => {
            const a = prep.amount(vars(s));
            if (!(a > 0)) return 0;
            if (r.action === 'sellCoins') return Math.min(a, unpledged(c));
            if (r.action === 'repayDebt') return Math.min(Math.min(a, s.debtUsd) / s.coinPrice, unpledged(c));
            if (r.action === 'buyback') return Math.min(a / s.coinPrice, unpledged(c));
            return 0;
          },
          observe: { event: (e: SimEvent) => (e.kind === 'coinSale' && e.reason === 'rule') || (r.action === 'reverseSplit' && e.kind === 'reverseSplit') },
          note: `a user rule (${r.action}); day-dependent conditions are read on day 0`,
        }];
      });
    },
  },
];

/** The rule-variable vector of the engine's rules() on day 0, at coin price s.coinPrice. */
function ruleVars(c: CompanyToday, s: CompanyAt): Float64Array {
  const v = new Float64Array(RULE_VARIABLE_ORDER.length);
  const set = (name: (typeof RULE_VARIABLE_ORDER)[number], x: number) => { v[RULE_VARIABLE_ORDER.indexOf(name)] = x; };
  const p = s.coinPrice, K = c.params.costBasisUsd;
  set('price', p); set('costBasis', K); set('coins', c.coins); set('coinValueUsd', coinValueUsd(c.coins, p)); set('cashUsd', c.cashUsd);
  set('debtUsd', s.debtUsd); set('shares', c.shares); set('stockPrice', s.stockPrice); set('mnav', s.mnav); set('navPerShare', navPerShare(s.equityUsd, c.shares));
  set('drawdown', s.drawdown); set('ltv', ltv(s.debtUsd, c.coins, p)); set('unrealizedLossUsd', c.coins * (K - p));
  set('marketCapUsd', marketCapUsd(s.stockPrice, c.shares)); set('advUsd', averageDailyVolumeUsd(c.params.stock.turnover, s.stockPrice, c.shares)); set('day', 0);
  set('underNotice', c.underNotice ? 1 : 0); set('daysLeft', Infinity); set('delisted', c.delisted ? 1 : 0); set('coinsSoldUsd', 0);
  return v;
}

/** Every trigger instance of company i, in table order. */
export function triggerInstances(ctx: RiskContext, i: number): TriggerInstance[] {
  return TRIGGERS.flatMap((d) => d.instances(ctx, ctx.companies[i]));
}

export const IMMEDIATE_SALE_KINDS: ReadonlySet<TriggerKind> = new Set(TRIGGERS.filter((d) => d.immediateSale).map((d) => d.kind));
export const FORCED_KINDS: ReadonlySet<TriggerKind> = new Set(TRIGGERS.filter((d) => d.forced).map((d) => d.kind));
