/**
 * Capital actions (docs/model.md 3 "Holder and lender behaviour" and 4 "Dated
 * actions", "reverseSplit policy", "Split notice"): dated actions, holder puts
 * and amendments of debt, the proactive reverse-split policy, and the notice
 * lag between deciding a reverse split and its effect.
 *
 * Everything date-shaped is resolved here, once, by `prepareActions` into day
 * indices and typed arrays; the per-day functions below do arithmetic on the
 * engine's company state (structurally typed as `ActionCompany`, so this file
 * imports nothing from engine.ts) and allocate only the rare event objects.
 *
 * The engine calls, per company:
 *  - step 5 (obligations, every calendar day, before maturities and covenants): `holderObligations`
 *  - step 6 (policies, business days), before the policies: `dueSplit`, `runDatedActions`
 *  - step 6, the `reverseSplit` policy in its place in the policy order: `reverseSplitPolicy`
 *  - step 6, after the policies: `deferSplit`
 *  - step 8, when a split takes effect: `ActionState.recordSplit`
 */
import type { AmendmentParams, CompanyParams, DatedAction, InstrumentParams, ListingRuleSet, PolicyParams, ReverseSplitPolicy } from './types.ts';
import { dateToOrdinal, isBusinessOrdinal, ordinalToDate, type TradingCalendar } from './calendar.ts';

// Action kinds as small integers.
const A_RAISE = 0, A_REPAY = 1, A_BUY = 2, A_SELL = 3, A_SPLIT = 4, A_POLICY = 5;
// Instrument kinds of the slots (independent of the engine's codes).
const S_CONVERTIBLE = 0, S_LOAN = 1, S_PREFERRED = 2;
const AMEND_NONE = 0, AMEND_IF_SHORT = 1, AMEND_ALWAYS = 2;

/** Repayment reasons by code (the engine's per-instrument `repayReason`): index 0 is the engine's default. */
export const REPAY_REASON_VOLUNTARY = 0, REPAY_REASON_COVENANT = 1, REPAY_REASON_AMENDMENT = 2, REPAY_REASON_REDEMPTION = 3;
export const REPAY_REASONS = ['voluntary', 'covenant', 'amendment', 'redemption'] as const;

/** What the per-day functions read and write of the engine's company state. */
export interface ActionCompany {
  H: number;
  cash: number;
  N: number;
  S: number;
  issueUsd: number;
  buyCoins: number;
  splitRatio: number;
  principal: Float64Array;
  pledge: Float64Array;
  convPrice: Float64Array;
  sell: Float64Array;
  addSale(r: number, q: number): void;
  repay: Float64Array;
  addRepay(j: number, usd: number): void;
  /** Per instrument: why today's repayment is made (REPAY_REASONS code; the engine's covenant flag is code 1). */
  covenantRepay: Uint8Array;
  act: ActionState;
  listing: { readonly underNotice: boolean; readonly delisted: boolean; daysLeft(t: number): number };
  sellableFree(): number;
}

/** Where events go (the engine's emit). */
export type ActionEmit = (kind: 'raise' | 'holderPut' | 'amendment' | 'policyChange' | 'splitDecided' | 'repayment', figures: Record<string, string | number | boolean>) => void;

/** Dated actions and holder terms of one company, resolved to day indices. */
export interface PreparedActions {
  /** Actions of day t are entries dayStart[t] .. dayStart[t+1]-1 (length days + 1). */
  dayStart: Int32Array;
  kind: Int8Array;
  /** USD (raise, repay), coins (buyCoins, sellCoins) or ratio (reverseSplit). */
  amount: Float64Array;
  /** Instrument slot (raise of debt or preferred, repay), policy index in file order (setPolicy); -1 = common. */
  target: Int32Array;
  /** 1 = buy coins with the proceeds of a raise. */
  toCoins: Uint8Array;
  /** The action as written (for event figures). */
  source: DatedAction[];
  /** Instrument slots of the company: its debt, then one per dated raise of debt or preferred. */
  slots: InstrumentParams[];
  /** Index of the first slot a dated raise created (= debt.length). */
  firstRaiseSlot: number;
  slotKind: Int8Array;
  /** Holder put terms per slot (0 = off). */
  putLtv: Float64Array;
  putStock: Float64Array;
  /** Day index of a dated put (moved to a business day); -1 = none. */
  putDay: Int32Array;
  putFraction: Float64Array;
  amendMode: Int8Array;
  /** Last day of the collateral sale schedule (day index, may lie past the horizon). */
  saleEndDay: Int32Array;
  newMaturityOrd: Float64Array;
  /** End day after an amendment (new maturity moved to a business day; -1 past the horizon). */
  newEndDay: Int32Array;
  /** bizBefore[t] = business days in [0, t), over max(horizon, last sale end) + 1 days. */
  bizBefore: Int32Array;
  /** Per policy in the engine's run order: the settings on each day (null = off); null when no setPolicy. */
  policyAt: (PolicyParams | null)[][] | null;
  /** Calendar days from deciding a reverse split to its effect. */
  splitNoticeDays: number;
  /** Reverse splits before the start: ordinals and ratios (for the policy's limits). */
  priorSplitOrds: number[];
  priorSplitRatios: number[];
}

/** Per-path state of the capital actions of one company. */
export class ActionState {
  /** End day of each slot (engine step 5 compares with it; an amendment moves it). */
  endDay: Int32Array;
  /** Maturity ordinal of each slot, for the Merton tau (NaN = preferred). */
  maturityOrd: Float64Array;
  /** 1 once the holder put fired (or an amendment made the slot not puttable). */
  putDone: Uint8Array;
  /** 1 once amended. */
  amended: Uint8Array;
  /** 1 while the collateral sale schedule of an amendment runs. */
  scheduleOn: Uint8Array;
  /** A reverse split decided and not yet effective: its effect day (-1 = none) and ratio. */
  pendingSplitDay = -1;
  pendingSplitRatio = 0;
  /** True on the day a pending split is released (so it is not deferred again). */
  splitDue = false;
  /** Reverse splits in effect (prior ones included): ordinals and ratios, oldest first. */
  splitOrds: number[] = [];
  splitRatios: number[] = [];

  constructor(endDay: Int32Array, maturityOrd: Float64Array, pa: PreparedActions) {
    this.endDay = endDay;
    this.maturityOrd = maturityOrd;
    const n = endDay.length;
    this.putDone = new Uint8Array(n);
    this.amended = new Uint8Array(n);
    this.scheduleOn = new Uint8Array(n);
    for (let k = 0; k < pa.priorSplitOrds.length; k++) this.recordSplit(pa.priorSplitOrds[k], pa.priorSplitRatios[k]);
  }

  recordSplit(ordinal: number, ratio: number): void {
    this.splitOrds.push(ordinal);
    this.splitRatios.push(ratio);
  }

  copyFrom(o: ActionState): void {
    this.endDay.set(o.endDay); this.maturityOrd.set(o.maturityOrd); this.putDone.set(o.putDone); this.amended.set(o.amended); this.scheduleOn.set(o.scheduleOn);
    this.pendingSplitDay = o.pendingSplitDay; this.pendingSplitRatio = o.pendingSplitRatio; this.splitDue = o.splitDue;
    this.splitOrds.length = o.splitOrds.length; this.splitRatios.length = o.splitRatios.length;
    for (let k = 0; k < o.splitOrds.length; k++) { this.splitOrds[k] = o.splitOrds[k]; this.splitRatios[k] = o.splitRatios[k]; }
  }
}

// ---------------------------------------------------------------------------
// Preparation (once per scenario)
// ---------------------------------------------------------------------------

/** The debt or preferred instrument a dated raise creates (principal at its full size; the engine starts it at 0). */
export function raiseInstrument(a: Extract<DatedAction, { kind: 'raise' }>): InstrumentParams | null {
  const put = a.holderPut, amendment = a.amendment;
  switch (a.instrument) {
    case 'common': return null;
    case 'preferred': return { kind: 'preferred', id: a.id, liquidationPreferenceUsd: a.usd, dividendRate: a.rate };
    case 'convertible':
      return { kind: 'convertible', id: a.id, principalUsd: a.usd, couponRate: a.rate, maturityDate: a.maturityDate!, conversionPrice: a.conversionPrice, putDate: null, collateralCoins: a.collateralCoins, covenantLtv: a.covenantLtv, liquidationLtv: a.liquidationLtv, targetLtv: a.targetLtv, holderPut: put, amendment };
    case 'loan':
      return { kind: 'loan', id: a.id, principalUsd: a.usd, rate: a.rate, maturityDate: a.maturityDate!, collateralCoins: a.collateralCoins, covenantLtv: a.covenantLtv, liquidationLtv: a.liquidationLtv, targetLtv: a.targetLtv, holderPut: put, amendment };
  }
}

/** Instrument slots of a company: its debt, then one per dated raise of debt or preferred, in file order. */
export function instrumentSlots(c: CompanyParams): InstrumentParams[] {
  const slots: InstrumentParams[] = [...c.debt];
  for (const a of c.actions) {
    if (a.kind !== 'raise') continue;
    const ins = raiseInstrument(a);
    if (ins) slots.push(ins);
  }
  return slots;
}

/** Day index of a date moved to the next business day (holiday set of the scenario); may be >= days or < 0. */
function businessDayIndex(ord: number, startOrd: number, holidays: ReadonlySet<number>): number {
  let o = ord;
  while (!isBusinessOrdinal(o, holidays)) o++;
  return o - startOrd;
}

/**
 * Resolve a company's dated actions and holder terms. `sortedFileIndex[k]` is
 * the file index of the policy the engine runs k-th, `sortedPolicies[k]` its settings.
 */
export function prepareActions(
  c: CompanyParams,
  calendar: TradingCalendar,
  days: number,
  sortedFileIndex: readonly number[],
  sortedPolicies: readonly PolicyParams[],
): PreparedActions {
  const startOrd = calendar.startOrdinal, holidays = calendar.holidaySet;
  const slots = instrumentSlots(c);
  const firstRaiseSlot = c.debt.length;
  const idSlot = new Map<string, number>();
  slots.forEach((d, j) => idSlot.set(d.id, j));
  const raiseSlot = new Map<number, number>();
  let nextSlot = firstRaiseSlot;
  c.actions.forEach((a, k) => { if (a.kind === 'raise' && a.instrument !== 'common') raiseSlot.set(k, nextSlot++); });
  // Actions at their business day, in order of that day, then of the date written (as src/resolve-actions.ts
  // checks and merges them), then of the file.
  const dated = c.actions
    .map((a, k) => ({ a, k, ord: dateToOrdinal(a.date), day: businessDayIndex(dateToOrdinal(a.date), startOrd, holidays) }))
    .sort((x, y) => x.day - y.day || x.ord - y.ord || x.k - y.k);
  const inRun = dated.filter((x) => x.day >= 0 && x.day < days);
  const n = inRun.length;
  const kind = new Int8Array(n), amount = new Float64Array(n), target = new Int32Array(n).fill(-1), toCoins = new Uint8Array(n);
  const dayStart = new Int32Array(days + 1);
  const source: DatedAction[] = [];
  inRun.forEach(({ a, k, day }, m) => {
    source.push(a);
    dayStart[day + 1]++;
    switch (a.kind) {
      case 'raise': kind[m] = A_RAISE; amount[m] = a.usd; target[m] = raiseSlot.get(k) ?? -1; toCoins[m] = a.useOfProceeds === 'coins' ? 1 : 0; break;
      case 'repay': kind[m] = A_REPAY; amount[m] = a.usd; target[m] = idSlot.get(a.instrument) ?? -1; break;
      case 'buyCoins': kind[m] = A_BUY; amount[m] = a.coins; break;
      case 'sellCoins': kind[m] = A_SELL; amount[m] = a.coins; break;
      case 'reverseSplit': kind[m] = A_SPLIT; amount[m] = a.ratio; break;
      case 'setPolicy': kind[m] = A_POLICY; target[m] = a.policy; break;
    }
  });
  for (let t = 0; t < days; t++) dayStart[t + 1] += dayStart[t];

  const ns = slots.length;
  const slotKind = new Int8Array(ns), putLtv = new Float64Array(ns), putStock = new Float64Array(ns), putDay = new Int32Array(ns).fill(-1);
  const putFraction = new Float64Array(ns), amendMode = new Int8Array(ns), saleEndDay = new Int32Array(ns).fill(-1);
  const newMaturityOrd = new Float64Array(ns).fill(NaN), newEndDay = new Int32Array(ns).fill(-1);
  let lastDay = days;
  slots.forEach((s, j) => {
    slotKind[j] = s.kind === 'convertible' ? S_CONVERTIBLE : s.kind === 'loan' ? S_LOAN : S_PREFERRED;
    if (s.kind === 'preferred') return;
    const p = s.holderPut;
    if (p) {
      putLtv[j] = p.ltvAbove;
      putStock[j] = p.stockBelowUsd;
      if (p.date) {
        const d = businessDayIndex(dateToOrdinal(p.date), startOrd, holidays);
        putDay[j] = d >= 0 && d < days ? d : -1;
      }
      putFraction[j] = p.fraction;
    }
    const am: AmendmentParams | null = s.amendment;
    if (am) {
      amendMode[j] = am.mode === 'always' ? AMEND_ALWAYS : AMEND_IF_SHORT;
      saleEndDay[j] = dateToOrdinal(am.saleEndDate) - startOrd;
      if (saleEndDay[j] + 1 > lastDay) lastDay = saleEndDay[j] + 1;
      newMaturityOrd[j] = dateToOrdinal(am.newMaturityDate);
      const e = businessDayIndex(newMaturityOrd[j], startOrd, holidays);
      newEndDay[j] = e >= 0 && e < days ? e : -1;
    }
  });
  const bizBefore = new Int32Array(lastDay + 2);
  // The run's days as the calendar counted them, the days past it one by one.
  const known = calendar.isBusinessDay;
  for (let t = 0; t <= lastDay; t++) {
    const biz = t < known.length ? known[t] === 1 : isBusinessOrdinal(startOrd + t, holidays);
    bizBefore[t + 1] = bizBefore[t] + (biz ? 1 : 0);
  }

  // Policy settings by day, in the engine's run order.
  let policyAt: (PolicyParams | null)[][] | null = null;
  if (c.actions.some((a) => a.kind === 'setPolicy')) {
    policyAt = sortedPolicies.map((p, k) => {
      const byDay: (PolicyParams | null)[] = new Array(days).fill(p);
      for (const { a, day } of inRun) {
        if (a.kind !== 'setPolicy' || a.policy !== sortedFileIndex[k]) continue;
        const next = a.enabled ? a.settings : null;
        for (let t = day; t < days; t++) byDay[t] = next;
      }
      return byDay;
    });
  }
  return {
    dayStart, kind, amount, target, toCoins, source, slots, firstRaiseSlot, slotKind, putLtv, putStock, putDay, putFraction,
    amendMode, saleEndDay, newMaturityOrd, newEndDay, bizBefore, policyAt,
    splitNoticeDays: c.splitNoticeDays,
    priorSplitOrds: c.priorReverseSplits.map((r) => dateToOrdinal(r.date)),
    priorSplitRatios: c.priorReverseSplits.map((r) => r.ratio),
  };
}

/** The settings policy k runs with on day t (null = switched off by a dated setPolicy). */
export function policyOn(pa: PreparedActions, policies: readonly PolicyParams[], k: number, t: number): PolicyParams | null {
  return pa.policyAt === null ? policies[k] : pa.policyAt[k][t];
}

// ---------------------------------------------------------------------------
// Step 5: holder puts, amendments and collateral sale schedules
// ---------------------------------------------------------------------------

/**
 * Holder and lender behaviour for one company on day t (every calendar day,
 * before the engine's maturities and covenants). `debtUsd` is the company's
 * convertible and loan principal (for the LTV of unsecured notes),
 * `reasonAmend` the sale-reason index of schedule sales.
 */
export function holderObligations(
  pa: PreparedActions, c: ActionCompany, t: number, biz: boolean, pPre: number, reasonAmend: number, emit: ActionEmit,
): void {
  const st = c.act;
  const ns = pa.slotKind.length;
  let debt = 0;
  for (let j = 0; j < ns; j++) if (pa.slotKind[j] !== S_PREFERRED) debt += c.principal[j];
  for (let j = 0; j < ns; j++) {
    const pr = c.principal[j];
    if (pr <= 0 || pa.slotKind[j] === S_PREFERRED) continue;
    // 1. The end day (put or maturity) with an amendment on offer: amend instead of paying in cash.
    if (st.endDay[j] === t && pa.amendMode[j] !== AMEND_NONE && st.amended[j] === 0) {
      const converts = pa.slotKind[j] === S_CONVERTIBLE && c.S >= c.convPrice[j];
      if (!converts && (pa.amendMode[j] === AMEND_ALWAYS || !canPay(c, pr, pPre))) {
        amend(pa, c, j, t, 'endDay', emit); // disarms the put; the schedule below starts today
      }
    }
    // 2. Holder put: the first day any armed trigger holds.
    if (st.putDone[j] === 0 && pa.putFraction[j] > 0) {
      const pl = c.pledge[j];
      // The put's own LTV, not sim/derived.ts ltv(): the instrument's collateral LTV when secured, else the
      // company's, and Infinity (not 0) without coins, so that a put on LTV fires once the coins are gone.
      const ltv = pl > 0 ? pr / (pl * pPre) : c.H > 0 ? debt / (c.H * pPre) : Infinity;
      let trigger = '';
      if (pa.putDay[j] === t) trigger = 'date';
      else if (pa.putLtv[j] > 0 && ltv > pa.putLtv[j]) trigger = 'ltv';
      else if (biz && pa.putStock[j] > 0 && c.S < pa.putStock[j]) trigger = 'stockPrice';
      if (trigger !== '') {
        st.putDone[j] = 1;
        const due = pa.putFraction[j] * pr;
        if (pa.amendMode[j] !== AMEND_NONE && st.amended[j] === 0 && (pa.amendMode[j] === AMEND_ALWAYS || !canPay(c, due, pPre))) {
          emit('holderPut', { instrument: pa.slots[j].id, trigger, usd: due, ltv, settled: 'amendment' });
          amend(pa, c, j, t, trigger, emit);
        } else {
          // Paid at par today; the pledge is released pro rata; a cash shortfall is funded by the engine (forced).
          c.principal[j] = pr - due;
          c.pledge[j] *= 1 - pa.putFraction[j];
          if (c.principal[j] <= 1e-6) { c.principal[j] = 0; c.pledge[j] = 0; }
          c.cash -= due;
          debt -= due;
          emit('holderPut', { instrument: pa.slots[j].id, trigger, usd: due, ltv, settled: 'cash' });
          emit('repayment', { instrument: pa.slots[j].id, usd: due, remainingUsd: c.principal[j], reason: 'put' });
        }
      }
    }
    // 3. The amendment's collateral sale schedule: equal USD per business day left, at P_pre.
    if (st.scheduleOn[j] === 1) {
      if (t > pa.saleEndDay[j] || c.pledge[j] <= 0 || c.principal[j] <= 0) {
        st.scheduleOn[j] = 0;
      } else if (biz) {
        const left = pa.bizBefore[pa.saleEndDay[j] + 1] - pa.bizBefore[t];
        const usd = c.principal[j] - c.repay[j];
        let q = usd / left / pPre;
        if (q > c.pledge[j]) q = c.pledge[j];
        if (q > 0) {
          c.pledge[j] -= q;
          c.addSale(reasonAmend, q);
          c.addRepay(j, q * pPre);
          c.covenantRepay[j] = REPAY_REASON_AMENDMENT;
        }
        if (t === pa.saleEndDay[j]) st.scheduleOn[j] = 0;
      }
    }
  }
}

/** Cash plus unpledged coins (not already sold today) at P_pre cover `usd`. */
function canPay(c: ActionCompany, usd: number, pPre: number): boolean {
  const cash = c.cash > 0 ? c.cash : 0;
  const free = c.sellableFree();
  return cash + (free > 0 ? free : 0) * pPre >= usd;
}

function amend(pa: PreparedActions, c: ActionCompany, j: number, t: number, cause: string, emit: ActionEmit): void {
  const st = c.act;
  st.amended[j] = 1;
  st.putDone[j] = 1; // not puttable again before the new maturity
  st.endDay[j] = pa.newEndDay[j];
  st.maturityOrd[j] = pa.newMaturityOrd[j];
  st.scheduleOn[j] = c.pledge[j] > 0 && pa.saleEndDay[j] >= t ? 1 : 0;
  const am = pa.slots[j].kind === 'preferred' ? null : pa.slots[j].amendment;
  emit('amendment', { instrument: pa.slots[j].id, cause, principalUsd: c.principal[j], pledgedCoins: c.pledge[j], saleEndDate: am ? am.saleEndDate : '', newMaturityDate: am ? am.newMaturityDate : '' });
}

// ---------------------------------------------------------------------------
// Step 6: dated actions, the reverse-split policy, the split notice
// ---------------------------------------------------------------------------

/** A split decided before today whose notice has run: it takes effect today (step 8). Call before the policies. */
export function dueSplit(c: ActionCompany, t: number): void {
  const st = c.act;
  if (st.pendingSplitDay >= 0 && t >= st.pendingSplitDay) {
    c.splitRatio = st.pendingSplitRatio;
    st.splitDue = true;
    st.pendingSplitDay = -1;
    st.pendingSplitRatio = 0;
  }
}

/**
 * After the policies: a split decided today (by a policy, a rule or a dated
 * action) takes effect on the first business day on or after the later of
 * d + `splitNoticeDays` and the exchange's earliest effective day (`exchangeDay`,
 * Nasdaq 5250(e)(7)/(b)(4) in sim/listing.ts). One split can be pending at a
 * time; a split decided while one is pending is dropped.
 */
export function deferSplit(pa: PreparedActions, c: ActionCompany, t: number, startOrd: number, emit: ActionEmit, exchangeDay: number): void {
  const st = c.act;
  if (st.splitDue) {
    st.splitDue = false;
    return;
  }
  if (c.splitRatio <= 0) return; // no split decided today (most days)
  // The exchange's notice lag (exchangeDay: ListingClock.earliestSplitDay, sim/listing.ts) and the company's own.
  const day = Math.max(t + pa.splitNoticeDays, exchangeDay);
  if (day <= t) return;
  const r = c.splitRatio;
  c.splitRatio = 0;
  if (st.pendingSplitDay >= 0) return;
  st.pendingSplitDay = day;
  st.pendingSplitRatio = r;
  emit('splitDecided', { ratio: r, noticeDays: day - t, earliestEffectiveDate: ordinalToDate(startOrd + st.pendingSplitDay) });
}

/**
 * The dated actions of day t, in date then file order (step 6, before the
 * policies). `reasonAction` is the sale-reason index of their coin sales.
 */
export function runDatedActions(pa: PreparedActions, c: ActionCompany, t: number, pPre: number, reasonAction: number, emit: ActionEmit): void {
  for (let m = pa.dayStart[t]; m < pa.dayStart[t + 1]; m++) {
    const a = pa.source[m];
    const x = pa.amount[m];
    switch (pa.kind[m]) {
      case A_RAISE: {
        const j = pa.target[m];
        if (j < 0) {
          // Common stock: issued with the day's issuance (stock impact, fill at the log midpoint). Not once delisted.
          if (c.listing.delisted) { emit('raise', { instrument: 'common', usd: 0, skipped: 'delisted' }); break; }
          c.issueUsd += x;
        } else {
          c.principal[j] = x;
          c.cash += x;
          // Pledge what the company can: unpledged coins plus those it buys with the proceeds.
          const s = pa.slots[j];
          // The conversion price is in the share basis of the raise day (splits before it do not scale it).
          if (s.kind === 'convertible') c.convPrice[j] = s.conversionPrice;
          if (s.kind !== 'preferred' && s.collateralCoins > 0) {
            const can = c.sellableFree() + (pa.toCoins[m] === 1 ? x / pPre : 0);
            c.pledge[j] = s.collateralCoins < can ? s.collateralCoins : can > 0 ? can : 0;
          }
        }
        if (pa.toCoins[m] === 1) c.buyCoins += x / pPre;
        emit('raise', { instrument: j < 0 ? 'common' : pa.slots[j].id, instrumentKind: a.kind === 'raise' ? a.instrument : '', usd: x, useOfProceeds: pa.toCoins[m] === 1 ? 'coins' : 'cash' });
        break;
      }
      case A_REPAY:
        redeem(c, pa.target[m], x, pPre, reasonAction);
        break;
      case A_BUY: {
        // Paid from cash (today's raises included); never more than the cash there is.
        const cash = c.cash + c.issueUsd - c.buyCoins * pPre;
        const q = Math.min(x, cash > 0 ? cash / pPre : 0);
        if (q > 0) c.buyCoins += q;
        break;
      }
      case A_SELL: {
        const free = c.sellableFree();
        const q = Math.min(x, free > 0 ? free : 0);
        if (q > 0) c.addSale(reasonAction, q);
        break;
      }
      case A_SPLIT:
        if (c.splitRatio === 0 && c.act.pendingSplitDay < 0) c.splitRatio = x;
        break;
      case A_POLICY:
        emit('policyChange', { policy: pa.target[m], enabled: a.kind === 'setPolicy' ? a.enabled : true, kindOfPolicy: a.kind === 'setPolicy' ? a.settings.kind : '' });
        break;
    }
  }
}

/**
 * Redeem `usd` (0 = all) of slot j at par: cash first, then unpledged coins,
 * with the pledge released pro rata. When cash and coins fall short, the
 * largest affordable amount is repaid: with cash C, free coins F, pledge L,
 * principal B and LTV above 1 (L P < B),
 * A = (C + F P) / (1 - L P / B); at LTV <= 1 the released pledge covers it all.
 */
function redeem(c: ActionCompany, j: number, usd: number, pPre: number, reasonAction: number): void {
  if (j < 0) return;
  const B = c.principal[j] - c.repay[j];
  if (!(B > 0)) return;
  let A = usd > 0 && usd < B ? usd : B;
  const cash = c.cash > 0 ? c.cash : 0;
  const freeRaw = c.sellableFree();
  const free = freeRaw > 0 ? freeRaw : 0;
  const L = c.pledge[j];
  const afford = L * pPre >= B ? Infinity : (cash + free * pPre) / (1 - (L * pPre) / B);
  if (A > afford) A = afford;
  if (!(A > 0)) return;
  c.pledge[j] = L * (1 - A / B);
  const need = A - cash;
  if (need > 0) c.addSale(reasonAction, need / pPre);
  c.addRepay(j, A);
  c.covenantRepay[j] = REPAY_REASON_REDEMPTION;
}

/**
 * Largest reverse-split ratio the exchange allows today (Infinity = no limit):
 * the cumulative ratio of the splits within `cumulativeSplitWindowDays` times r
 * must stay below `cumulativeSplitLimit` (Nasdaq 250, NYSE 200 over two years).
 */
export function maxSplitRatio(rules: ListingRuleSet, st: ActionState, ordinal: number): number {
  if (!(rules.cumulativeSplitLimit > 0)) return Infinity;
  let cum = 1;
  for (let k = 0; k < st.splitOrds.length; k++) {
    const age = ordinal - st.splitOrds[k];
    if (age >= 0 && age <= rules.cumulativeSplitWindowDays) cum *= st.splitRatios[k];
  }
  if (st.pendingSplitDay >= 0) cum *= st.pendingSplitRatio;
  // Largest whole r with cum * r < limit.
  return Math.ceil(rules.cumulativeSplitLimit / cum) - 1;
}

/** The reverseSplit policy on business day t (docs/model.md 4). */
export function reverseSplitPolicy(p: ReverseSplitPolicy, c: ActionCompany, rules: ListingRuleSet, t: number, ordinal: number): void {
  const st = c.act;
  if (c.splitRatio !== 0 || st.pendingSplitDay >= 0 || c.listing.delisted || !(c.S > 0)) return;
  const belowPrice = p.belowPriceUsd > 0 && c.S < p.belowPriceUsd;
  const nearDeadline = p.daysBeforeDeadline > 0 && c.listing.underNotice && c.listing.daysLeft(t) < p.daysBeforeDeadline && c.S < rules.minPrice;
  if (!belowPrice && !nearDeadline) return;
  const nSplits = st.splitOrds.length;
  if (nSplits > 0 && ordinal - st.splitOrds[nSplits - 1] < p.minDaysBetween) return;
  let r = p.targetPriceUsd > 0 ? Math.ceil(p.targetPriceUsd / c.S) : p.ratio;
  if (r > p.ratio) r = p.ratio;
  const cap = maxSplitRatio(rules, st, ordinal);
  if (r > cap) r = cap;
  if (r < 2) return;
  c.splitRatio = r;
}
