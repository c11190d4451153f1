/**
 * The simulation engine: MODEL.md sections 2-8 and 11, one day at a time.
 *
 * Shape (after d3-force): `prepareModel` resolves a scenario once into flat
 * numbers and typed arrays; `PathRun` holds one path's state and steps it a
 * day at a time with `step()`; drivers (simulate, the batch runner, the web
 * worker, the teaching view) own the loop. The per-day code does arithmetic
 * only: no allocation (except the rare event objects), no string lookups, no
 * mathjs (user rules are closures compiled once in `prepareModel`).
 *
 * Sign conventions: Q > 0 is net USD sold into a coin market; an impact I > 0
 * is a log-price move DOWN.
 */
import { DMath } from './math.ts';
import seedrandom from 'seedrandom';
import type {
  CompanyParams,
  ListingRuleSet,
  MarketParams,
  PolicyParams,
  ResolvedScenario,
  RuleAction,
} from './types.ts';
import { buildCalendar, dateToOrdinal, isBusinessOrdinal, type TradingCalendar } from './calendar.ts';
import { cholesky, normCdf, normInv } from './math.ts';
import type { EventSink, SaleReason, SimEvent } from './events.ts';
import { ListingClock } from './listing.ts';
import { ListingState } from './listing-state.ts';
import {
  atmRoomUsd, buybackCashPart, CapitalState, capitalSeries, preferenceFor, preferredRoomUsd, prepareCapital, reserveTargetUsd,
  MIN_REFILL_USD, RESERVE_SOURCE_NAMES, SRC_ATM, SRC_CASH, SRC_COINS, SRC_PREFERRED, type CapitalSeries, type PreparedCapital,
} from './capital.ts';
import {
  ActionState, REPAY_REASONS, deferSplit, dueSplit, holderObligations, instrumentSlots, policyOn, prepareActions, reverseSplitPolicy, runDatedActions,
  type ActionEmit, type PreparedActions,
} from './actions.ts';
import { balanceSheetPenalty } from './premium.ts';

// ---------------------------------------------------------------------------
// Options and prepared model
// ---------------------------------------------------------------------------

/** A compiled user-rule expression (sim/expr.ts): reads the rule variables vector. */
export type CompiledRuleExpr = (vars: Float64Array) => number;
export type RuleCompiler = (source: string, path: string) => CompiledRuleExpr;

export interface ModelOptions {
  /** Override the scenario's horizon (days). */
  days?: number;
  /** Zero every noise term (diffusion, jumps, premium noise, stochastic ETF flows, index noise); impact stays. */
  deterministic?: boolean;
  /** Compiles `rules` policies; required when the scenario has any. */
  compileRule?: RuleCompiler;
}

/** Sale reasons as small integers for the per-day intent arrays. */
export const SALE_REASONS: readonly SaleReason[] = ['deleverage', 'buyback', 'defendListing', 'stopLoss', 'funding', 'covenant', 'lenderLiquidation', 'rule', 'reserve', 'action', 'amendment'];
const R_DELEVERAGE = 0, R_BUYBACK = 1, R_DEFEND = 2, R_STOPLOSS = 3, R_FUNDING = 4, R_COVENANT = 5, R_LENDER = 6, R_RULE = 7, R_RESERVE = 8;
/** sim/actions.ts: sales of dated actions (voluntary) and of an amendment's collateral schedule (forced). */
const R_ACTION = 9, R_AMEND = 10;
const N_REASONS = 11;
const FORCED_REASON = [false, false, false, false, true, true, true, false, false, false, true];

const K_CONVERTIBLE = 0, K_LOAN = 1, K_PREFERRED = 2;
const P_HOLD = 0, P_BUYBACK = 1, P_DELEVERAGE = 2, P_DEFEND = 3, P_STOPLOSS = 4, P_ISSUE = 5, P_RULES = 6;
const P_ACCUMULATE = 7; // docs/model.md 3.2
const P_SPLIT = 8; // sim/actions.ts reverseSplitPolicy
/** MODEL.md 11: policies run in this order within a day, whatever order the file lists them in. */
const POLICY_ORDER = [P_DELEVERAGE, P_STOPLOSS, P_BUYBACK, P_DEFEND, P_SPLIT, P_ISSUE, P_ACCUMULATE, P_RULES, P_HOLD];

/** Rule variables, in the order of sim/expr.ts RULE_VARIABLES (checked in prepareModel). */
export const RULE_VARIABLE_ORDER = [
  'price', 'costBasis', 'coins', 'coinValueUsd', 'cashUsd', 'debtUsd', 'shares', 'stockPrice', 'mnav', 'navPerShare',
  'drawdown', 'ltv', 'unrealizedLossUsd', 'marketCapUsd', 'advUsd', 'day', 'underNotice', 'daysLeft', 'delisted', 'coinsSoldUsd',
] as const;
const V_PRICE = 0, V_COST = 1, V_COINS = 2, V_COINVAL = 3, V_CASH = 4, V_DEBT = 5, V_SHARES = 6, V_STOCK = 7, V_MNAV = 8, V_NAVPS = 9,
  V_DD = 10, V_LTV = 11, V_UNREAL = 12, V_MCAP = 13, V_ADV = 14, V_DAY = 15, V_NOTICE = 16, V_DAYSLEFT = 17, V_DELISTED = 18, V_SOLDUSD = 19;
const RULE_ACTIONS: readonly RuleAction[] = ['sellCoins', 'buyCoins', 'buyback', 'issue', 'repayDebt', 'reverseSplit'];

interface PreparedRule {
  when: CompiledRuleExpr;
  amount: CompiledRuleExpr;
  action: number; // index in RULE_ACTIONS
}

interface PreparedMarket {
  params: MarketParams;
  logPrice0: number;
  drift: number; // (mu - sigma^2/2)/365
  volDaily: number; // sigma/sqrt(365)
  jumpProb: number;
  jumpMean: number;
  jumpStd: number;
  impactSd: number; // impactVol/sqrt(365)
  /** Annual coin volatility used as the Merton asset volatility (0 in deterministic mode). */
  assetVol: number;
  isLinear: boolean;
  decay: number; // 2^(-1/halfLife)
  /** Scripted day-on-day log change for t < scriptDays. */
  scriptR: Float64Array;
  scriptDays: number;
  /** Scheduled net USD sold per day. */
  scheduledUsd: Float64Array;
  /** Volume multiplier per day (liquidity shocks; 1 otherwise). */
  volumeFactor: Float64Array;
  flowVolUsd: number;
}

interface PreparedInstrument {
  kind: number;
  id: string;
  principal0: number;
  /** Daily cost per USD of principal (coupon, rate or dividend / 365). */
  dailyRate: number;
  /** Day index the instrument ends (put or maturity, moved to a business day); -1 = none in the horizon. */
  endDay: number;
  /** The end day is a holder put (not the maturity). */
  endIsPut: boolean;
  /** Maturity ordinal for the Merton tau (preferred: NaN, counts as 10 years). */
  maturityOrd: number;
  conversionPrice0: number;
  collateral0: number;
  covenantLtv: number;
  liquidationLtv: number;
  targetLtv: number;
}

interface PreparedCompany {
  params: CompanyParams;
  index: number;
  market: number;
  rules: ListingRuleSet;
  instruments: PreparedInstrument[];
  policyKinds: Int8Array; // sorted by POLICY_ORDER
  policies: PolicyParams[]; // parallel to policyKinds
  prepRules: PreparedRule[];
  premiumVolDaily: number;
  kappaDaily: number;
  stockSd: number; // stock impactVol/sqrt(252)
  fundAtm: boolean;
  fundCoins: boolean;
  fundAtmFirst: boolean;
  pi0: number;
  /** ATM, preferred programme, reserve and buyback funding (sim/capital.ts). */
  capital: PreparedCapital;
  /** Dated actions, holder terms, split notice (sim/actions.ts). */
  actions: PreparedActions;
  /** Leverage + size penalty of the day -1 balance sheet when premium.penaltiesFromStart, else 0. */
  penalty0: number;
}

export interface Model {
  scenario: ResolvedScenario;
  days: number;
  deterministic: boolean;
  calendar: TradingCalendar;
  markets: PreparedMarket[];
  companies: PreparedCompany[];
  /** Lower Cholesky factor over (coins..., INDEX), row-major. */
  chol: Float64Array;
  nAssets: number;
  indexDrift: number;
  indexVolDaily: number;
  /** Random numbers drawn per day (fixed, MODEL.md 3). */
  drawsPerDay: number;
}

export class ModelError extends Error {
  constructor(message: string, public path: string) {
    super(`${path}: ${message}`);
    this.name = 'ModelError';
  }
}

export function prepareModel(scenario: ResolvedScenario, options: ModelOptions = {}): Model {
  const days = options.days ?? scenario.horizonDays;
  if (!Number.isInteger(days) || days < 1) throw new ModelError(`expected a whole number of days >= 1, got ${days}`, 'days');
  const det = options.deterministic === true;
  const calendar = buildCalendar(scenario.startDate, days, scenario.holidays);
  const startOrd = calendar.startOrdinal;
  const holidaySet = new Set(scenario.holidays.map(dateToOrdinal));

  const markets: PreparedMarket[] = scenario.markets.map((m) => {
    const sigma = det ? 0 : m.sigma;
    const scriptR = new Float64Array(days);
    let scriptDays = 0;
    if (m.scriptedPath.length) {
      const lastOrd = dateToOrdinal(m.scriptedPath[m.scriptedPath.length - 1].date);
      let prev = DMath.log(scriptLevel(m.scriptedPath, startOrd - 1));
      for (let t = 0; t < days && startOrd + t <= lastOrd; t++) {
        const lvl = DMath.log(scriptLevel(m.scriptedPath, startOrd + t));
        scriptR[t] = lvl - prev;
        prev = lvl;
        scriptDays = t + 1;
      }
    }
    const scheduledUsd = new Float64Array(days);
    for (const f of m.scheduledFlows) {
      const s = dateToOrdinal(f.startDate) - startOrd;
      for (let k = 0; k < f.days; k++) if (s + k >= 0 && s + k < days) scheduledUsd[s + k] += f.usdPerDay;
    }
    const volumeFactor = new Float64Array(days).fill(1);
    for (const l of m.liquidityShocks) {
      const s = dateToOrdinal(l.startDate) - startOrd;
      for (let k = 0; k < l.days; k++) if (s + k >= 0 && s + k < days) volumeFactor[s + k] *= l.volumeFraction;
    }
    // Deterministic mode follows the expected exogenous price: the jumps it switches off are
    // replaced by their mean effect on the price, so a drift-neutral preset stays flat.
    const volDaily = sigma / Math.sqrt(365);
    const jumpDrift = det ? m.jumpsPerYear * (DMath.exp(m.jumpMean + (m.jumpStd * m.jumpStd) / 2) - 1) : 0;
    return {
      params: m,
      volumeFactor,
      logPrice0: DMath.log(m.price0),
      drift: (m.mu + jumpDrift - (sigma * sigma) / 2) / 365,
      volDaily,
      jumpProb: det ? 0 : m.jumpsPerYear / 365,
      jumpMean: m.jumpMean,
      jumpStd: m.jumpStd,
      impactSd: m.impactVol / Math.sqrt(365),
      assetVol: volDaily * Math.sqrt(365),
      isLinear: m.impactLaw === 'linear',
      decay: DMath.pow(2, -1 / m.halfLifeDays),
      scriptR,
      scriptDays,
      scheduledUsd,
      flowVolUsd: det ? 0 : m.etfFlow.flowVolUsd,
    };
  });
  const coinIndex = new Map(scenario.markets.map((m, i) => [m.coin, i]));

  const assets = [...scenario.markets.map((m) => m.coin), 'INDEX'];
  const nAssets = assets.length;
  const corr = new Float64Array(nAssets * nAssets);
  for (let i = 0; i < nAssets; i++) corr[i * nAssets + i] = 1;
  for (const c of scenario.correlations) {
    const i = assets.indexOf(c.a), j = assets.indexOf(c.b);
    if (i < 0 || j < 0) throw new ModelError(`unknown asset in correlation ${c.a}/${c.b}`, 'correlations');
    corr[i * nAssets + j] = corr[j * nAssets + i] = c.rho;
  }
  const chol = cholesky(corr, nAssets);
  if (!chol) throw new ModelError('correlation matrix is not positive semi-definite', 'correlations');

  const companies: PreparedCompany[] = scenario.companies.map((c, ci) => {
    const path = `companies[${ci}]`;
    const market = coinIndex.get(c.coin);
    if (market === undefined) throw new ModelError(`unknown coin "${c.coin}"`, `${path}.coin`);
    const rules = Object.hasOwn(scenario.listingRules, c.exchange) ? scenario.listingRules[c.exchange] : undefined;
    if (!rules) throw new ModelError(`unknown exchange "${c.exchange}"`, `${path}.exchange`);
    // Slots: the debt, then one per dated raise of debt or preferred (outstanding from its day on, sim/actions.ts).
    const instruments: PreparedInstrument[] = instrumentSlots(c).map((d) => {
      if (d.kind === 'preferred') {
        return { kind: K_PREFERRED, id: d.id, principal0: d.liquidationPreferenceUsd, dailyRate: d.dividendRate / 365, endDay: -1, endIsPut: false, maturityOrd: NaN, conversionPrice0: 0, collateral0: 0, covenantLtv: 0, liquidationLtv: 0, targetLtv: 0 };
      }
      const matOrd = dateToOrdinal(d.maturityDate);
      let endOrd = matOrd;
      let endIsPut = false;
      if (d.kind === 'convertible' && d.putDate) {
        const putOrd = dateToOrdinal(d.putDate);
        if (putOrd >= startOrd && putOrd < endOrd) { endOrd = putOrd; endIsPut = true; }
      }
      // A debt date on a non-business day moves to the next business day (MODEL.md 11).
      while (!isBusinessOrdinal(endOrd, holidaySet)) endOrd++;
      const endDay = endOrd - startOrd < days && endOrd >= startOrd ? endOrd - startOrd : -1;
      return {
        kind: d.kind === 'convertible' ? K_CONVERTIBLE : K_LOAN,
        id: d.id,
        principal0: d.principalUsd,
        dailyRate: (d.kind === 'convertible' ? d.couponRate : d.rate) / 365,
        endDay,
        endIsPut,
        maturityOrd: matOrd,
        conversionPrice0: d.kind === 'convertible' ? d.conversionPrice : 0,
        collateral0: d.collateralCoins,
        covenantLtv: d.covenantLtv,
        liquidationLtv: d.liquidationLtv,
        targetLtv: d.targetLtv,
      };
    });
    for (let j = c.debt.length; j < instruments.length; j++) { instruments[j].principal0 = 0; instruments[j].collateral0 = 0; }
    // A preferred programme issues into its own preferred instrument, outstanding 0 at the start (docs/model.md 3.2).
    const pp = c.preferredProgram;
    const prefIndex = pp ? instruments.push({ kind: K_PREFERRED, id: pp.id, principal0: 0, dailyRate: pp.dividendRate / 365, endDay: -1, endIsPut: false, maturityOrd: NaN, conversionPrice0: 0, collateral0: 0, covenantLtv: 0, liquidationLtv: 0, targetLtv: 0 }) - 1 : -1;
    const kindCode = (p: PolicyParams): number =>
      ({ hold: P_HOLD, buybackBelowNav: P_BUYBACK, deleverage: P_DELEVERAGE, defendListing: P_DEFEND, stopLoss: P_STOPLOSS, issueAboveNav: P_ISSUE, rules: P_RULES, accumulate: P_ACCUMULATE, reverseSplit: P_SPLIT })[p.kind];
    const sorted = c.policies
      .map((p, j) => ({ p, j, k: kindCode(p) }))
      .sort((a, b) => POLICY_ORDER.indexOf(a.k) - POLICY_ORDER.indexOf(b.k) || a.j - b.j);
    const prepRules: PreparedRule[] = [];
    for (const { p, j } of sorted) {
      if (p.kind !== 'rules') continue;
      if (!options.compileRule) throw new ModelError('this scenario has user rules: pass a rule compiler (sim/expr.ts compileExpression)', `${path}.policies[${j}]`);
      p.rules.forEach((r, k) => {
        const rp = `${path}.policies[${j}].rules[${k}]`;
        prepRules.push({ when: options.compileRule!(r.when, `${rp}.when`), amount: options.compileRule!(r.amount, `${rp}.amount`), action: RULE_ACTIONS.indexOf(r.action) });
      });
    }
    const m = markets[market];
    const sigmaCoin = m.assetVol;
    // Initial premium: pi0 = log(S0*N0/E0) with the day -1 balance sheet (MODEL.md 11).
    const A0 = c.coins * m.params.price0 + c.cashUsd + c.otherAssetsUsd;
    let D0 = 0, tauNum = 0;
    for (const ins of instruments) {
      D0 += ins.principal0;
      tauNum += ins.principal0 * (ins.kind === K_PREFERRED ? 10 : Math.max(0, (ins.maturityOrd - (startOrd - 1)) / 365));
    }
    const tau0 = D0 > 0 ? Math.max(0.25, tauNum / D0) : 0.25;
    const s0 = A0 > 0 ? (sigmaCoin * c.coins * m.params.price0) / A0 : 0;
    const E0 = mertonEquity(A0, D0, s0, tau0);
    if (!(E0 > 0)) throw new ModelError(`equity value at the start is ${E0} (assets ${A0} USD, senior claims ${D0} USD): the company would start insolvent`, path);
    const pi0 = DMath.log((c.stockPrice0 * c.sharesOutstanding) / E0);
    const penalty0 = c.premium.penaltiesFromStart ? balanceSheetPenalty(c.premium, D0, A0, c.coins * m.params.price0) : 0;
    const fo = c.fundingOrder;
    return {
      params: c,
      index: ci,
      market,
      rules,
      instruments,
      policyKinds: Int8Array.from(sorted.map((s) => s.k)),
      policies: sorted.map((s) => s.p),
      prepRules,
      premiumVolDaily: det ? 0 : c.premium.premiumVol / Math.sqrt(252),
      kappaDaily: c.premium.kappa / 252,
      stockSd: c.stock.impactVol / Math.sqrt(252),
      fundAtm: fo.includes('atm'),
      fundCoins: fo.includes('coins'),
      fundAtmFirst: fo.includes('atm') && (!fo.includes('coins') || fo.indexOf('atm') < fo.indexOf('coins')),
      pi0,
      capital: prepareCapital(c, prefIndex),
      actions: prepareActions(c, calendar, days, holidaySet, sorted.map((s) => s.j), sorted.map((s) => s.p)),
      penalty0,
    };
  });

  const idx = scenario.equityIndex;
  const idxSigma = det ? 0 : idx.sigma;
  return {
    scenario,
    days,
    deterministic: det,
    calendar,
    markets,
    companies,
    chol,
    nAssets,
    indexDrift: (idx.mu - (idxSigma * idxSigma) / 2) / 252,
    indexVolDaily: idxSigma / Math.sqrt(252),
    drawsPerDay: markets.length * 4 + 1 + companies.length,
  };
}

/** Log-linear interpolation of a scripted path at a day ordinal; flat outside its points (MODEL.md 4.1, 11). */
export function scriptLevel(script: readonly { date: string; price: number }[], ord: number): number {
  const first = dateToOrdinal(script[0].date);
  if (ord <= first) return script[0].price;
  for (let i = 1; i < script.length; i++) {
    const b = dateToOrdinal(script[i].date);
    if (ord <= b) {
      const a = dateToOrdinal(script[i - 1].date);
      const w = (ord - a) / (b - a);
      return DMath.exp((1 - w) * DMath.log(script[i - 1].price) + w * DMath.log(script[i].price));
    }
  }
  return script[script.length - 1].price;
}

// ---------------------------------------------------------------------------
// Formulas (exported for worked-example tests)
// ---------------------------------------------------------------------------

/**
 * Merton equity value (MODEL.md 5.2): a call on assets A struck at senior
 * claims D, E = A*Phi(d1) - D*Phi(d2). No claims: E = max(A, 0); zero asset
 * volatility: E = max(A - D, 0).
 */
export function mertonEquity(A: number, D: number, s: number, tau: number): number {
  if (D <= 0) return A > 0 ? A : 0;
  if (A <= 0) return 0;
  if (s <= 0 || tau <= 0) return A > D ? A - D : 0;
  const sq = s * Math.sqrt(tau);
  const d1 = (DMath.log(A / D) + 0.5 * s * s * tau) / sq;
  const e = A * normCdf(d1) - D * normCdf(d1 - sq);
  return e > 0 ? e : 0;
}

/** Square-root impact (MODEL.md 4.3): sign(Q)*Y*sd*sqrt(|Q|/V). Log move, positive = down. */
export function sqrtImpact(qUsd: number, y: number, sdDaily: number, volumeUsd: number): number {
  if (qUsd === 0) return 0;
  const v = y * sdDaily * Math.sqrt(Math.abs(qUsd) / volumeUsd);
  return qUsd > 0 ? v : -v;
}

/** Linear impact (MODEL.md 4.3): lambdaPerBillion * Q / 1e9. */
export function linearImpact(qUsd: number, lambdaPerBillion: number): number {
  return (lambdaPerBillion * qUsd) / 1e9;
}

/**
 * Liquidated notional for a day's drop x (MODEL.md 4.4): L*(1 - exp(-x/m)). The short side
 * (MODEL.md 12) uses the same law with the day's rise x = max(0, log P - log P_prevClose).
 */
export function liquidated(openInterestUsd: number, drop: number, meanDistance: number): number {
  return drop > 0 ? openInterestUsd * (1 - DMath.exp(-drop / meanDistance)) : 0;
}

/**
 * The premium law's target on a business day (MODEL.md 5.3 as amended in 12, docs/model.md 3;
 * step 4 of the engine's day, and the risk map's projection of the stock in src/risk):
 * pi0 - drawdownSensitivity DD - noticePenalty [notice..determination] - otcPenalty [delisted]
 * - (balanceSheetPenalty(D, A, V) - penalty0), the leverage and size terms of sim/premium.ts,
 * measured from the start when premium.penaltiesFromStart (penalty0 = their day -1 value, else 0).
 */
export function premiumTarget(
  pi0: number, pp: CompanyParams['premium'], drawdown: number, seniorUsd: number, assetsUsd: number,
  coinValueUsd: number, penalty0: number, underNotice: boolean, delisted: boolean,
): number {
  let target = pi0 - pp.drawdownSensitivity * drawdown;
  if (underNotice) target -= pp.noticePenalty;
  if (delisted) target -= pp.otcPenalty;
  target -= balanceSheetPenalty(pp, seniorUsd, assetsUsd, coinValueUsd) - penalty0;
  return target;
}

// ---------------------------------------------------------------------------
// Path state
// ---------------------------------------------------------------------------

class MarketState {
  f = 0; // fundamental log price
  T = 0; // transient impact (log, positive = price below fundamental)
  P = 0; // last close
  pPre = 0;
  logPPre = 0;
  peak = 0;
  dd = 0; // drawdown at P_pre
  oi = 0; // open interest at risk
  g = 0; // ETF net inflow yesterday (USD)
  rPrev = 0; // yesterday's close-to-close log return
  // day figures
  impact = 0;
  pExec = 0;
  signal = 0;
  qCompanies = 0;
  qScheduled = 0;
  qEtf = 0;
  liquidations = 0;
  cascadeIterations = 0;
  oiBefore = 0; // open interest at risk before today's cascade
  soi = 0; // short open interest at risk (MODEL.md 12)
  soiBefore = 0;
  shortLiquidations = 0; // today's forced buys (USD)
  rise = 0; // today's rise x that set the short liquidations
  totalShortLiquidationsUsd = 0;
  drop = 0; // today's drop x that set the liquidations
  vEff = 0; // effective volume today
  qTotal = 0; // total net USD sold today (companies + scheduled + ETF + liquidations)
  // running totals for summaries
  minClose = Infinity;
  totalLiquidationsUsd = 0;
  totalCompanyUsd = 0;
  copyFrom(o: MarketState): void {
    this.minClose = o.minClose; this.totalLiquidationsUsd = o.totalLiquidationsUsd; this.totalCompanyUsd = o.totalCompanyUsd;
    this.f = o.f; this.T = o.T; this.P = o.P; this.pPre = o.pPre; this.logPPre = o.logPPre; this.peak = o.peak; this.dd = o.dd;
    this.oi = o.oi; this.g = o.g; this.rPrev = o.rPrev; this.impact = o.impact; this.pExec = o.pExec; this.signal = o.signal;
    this.qCompanies = o.qCompanies; this.qScheduled = o.qScheduled; this.qEtf = o.qEtf; this.liquidations = o.liquidations; this.cascadeIterations = o.cascadeIterations;
    this.oiBefore = o.oiBefore; this.drop = o.drop; this.vEff = o.vEff; this.qTotal = o.qTotal;
    this.soi = o.soi; this.soiBefore = o.soiBefore; this.shortLiquidations = o.shortLiquidations; this.rise = o.rise; this.totalShortLiquidationsUsd = o.totalShortLiquidationsUsd;
  }
}

class CompanyState {
  /** exp(pi) as of step 4, reused at step 8 when pi has not moved since (same bits, one exp fewer). */
  piAt = NaN;
  expPi = 1;
  H = 0; // coins held (pledged included)
  K = 0; // average cost per coin
  cash = 0;
  N = 0; // shares
  pi = 0; // log premium
  S = 0; // last closing stock price
  E = 0; // equity value at step 4
  A = 0;
  D = 0;
  insolvent = false;
  realized = 0;
  coinsSold = 0;
  coinsSoldUsd = 0;
  lastSaleDay = -1e9;
  pendingAnnouncement = false;
  stopLossLatched = false;
  stopLossBase = 0;
  buybackLeft = 0;
  reverseSplits = 0;
  /** Day index of the compliance deadline for which defendListing already split (NaN = none). */
  splitForDeadline = NaN;
  /** Capital-action state (sim/actions.ts), set by PathRun. */
  act!: ActionState;
  // instruments (parallel to PreparedCompany.instruments)
  principal: Float64Array;
  pledge: Float64Array;
  convPrice: Float64Array;
  // day intents
  sell: Float64Array = new Float64Array(N_REASONS); // coins, per reason
  repay: Float64Array; // USD per instrument (sized at P_pre)
  lenderSale: Float64Array; // coins sold by the lender per instrument (proceeds repay it)
  covenantRepay: Uint8Array; // why today's repayment is made: 1 covenant cure, else a REPAY_REASONS code (sim/actions.ts)
  buyCoins = 0;
  buybackUsd = 0;
  issueUsd = 0;
  splitRatio = 0;
  announcing = false;
  /** Reserve, shelves and today's capital intents (sim/capital.ts). */
  readonly cap = new CapitalState();
  constructor(nInstr: number, readonly listing: ListingClock) {
    this.principal = new Float64Array(nInstr);
    this.pledge = new Float64Array(nInstr);
    this.convPrice = new Float64Array(nInstr);
    this.repay = new Float64Array(nInstr);
    this.lenderSale = new Float64Array(nInstr);
    this.covenantRepay = new Uint8Array(nInstr);
  }
  copyFrom(o: CompanyState): void {
    this.H = o.H; this.K = o.K; this.cash = o.cash; this.N = o.N; this.pi = o.pi; this.S = o.S; this.E = o.E; this.A = o.A; this.D = o.D;
    this.insolvent = o.insolvent; this.realized = o.realized; this.coinsSold = o.coinsSold; this.coinsSoldUsd = o.coinsSoldUsd;
    this.lastSaleDay = o.lastSaleDay; this.pendingAnnouncement = o.pendingAnnouncement; this.stopLossLatched = o.stopLossLatched;
    this.stopLossBase = o.stopLossBase; this.buybackLeft = o.buybackLeft; this.reverseSplits = o.reverseSplits; this.splitForDeadline = o.splitForDeadline;
    this.principal.set(o.principal); this.pledge.set(o.pledge); this.convPrice.set(o.convPrice);
    this.sell.set(o.sell); this.repay.set(o.repay); this.lenderSale.set(o.lenderSale); this.covenantRepay.set(o.covenantRepay);
    this.buyCoins = o.buyCoins; this.buybackUsd = o.buybackUsd; this.issueUsd = o.issueUsd; this.splitRatio = o.splitRatio; this.announcing = o.announcing;
    this.listing.copyFrom(o.listing);
    this.cap.copyFrom(o.cap);
    this.act.copyFrom(o.act);
  }
  freeCoins(): number {
    let p = 0;
    for (let i = 0; i < this.pledge.length; i++) p += this.pledge[i];
    const f = this.H - p;
    return f > 0 ? f : 0;
  }
  /** Unpledged coins not already committed to a sale today. */
  sellableFree(): number {
    return this.freeCoins() - this.totalSell();
  }
  totalSell(): number {
    let s = 0;
    for (let r = 0; r < N_REASONS; r++) s += this.sell[r];
    return s;
  }
  clearIntents(): void {
    this.sell.fill(0); this.repay.fill(0); this.lenderSale.fill(0); this.covenantRepay.fill(0);
    this.buyCoins = 0; this.buybackUsd = 0; this.issueUsd = 0; this.splitRatio = 0; this.announcing = false;
    this.cap.prefIssueUsd = 0; this.cap.buybackCashUsd = 0; this.cap.buyUsd = 0;
  }
}

/** First days of events per company, kept in every record mode (for ensemble summaries). */
export interface CompanyMilestones {
  noticeDay: number;
  determinationDay: number;
  delistedDay: number;
  insolventDay: number;
  firstSaleDay: number;
  firstForcedSaleDay: number;
  reverseSplitDay: number;
  /** First second period (Nasdaq second 180 days or GM -> CM transfer; NYSE annual-meeting extension). */
  secondPeriodDay: number;
  /** First determination whose suspension a hearing request stays (sim/listing.ts). */
  hearingStayDay: number;
}

const NO_DAY = -1;

class Recorder implements EventSink {
  events: SimEvent[] = [];
  constructor(readonly keepEvents: boolean, readonly milestones: CompanyMilestones[], readonly tickerIndex: Map<string, number>) {}
  push(e: SimEvent): void {
    if (this.keepEvents) this.events.push(e);
    const i = this.tickerIndex.get(e.company);
    if (i !== undefined) {
      this.mark(i, e.kind, e.day, e.forced === true);
      if (e.kind === 'determination' && e.hearingStay === true && this.milestones[i].hearingStayDay === NO_DAY) this.milestones[i].hearingStayDay = e.day;
    }
  }
  /** Milestones without an event object (summary mode's frequent events). */
  mark(i: number, kind: SimEvent['kind'], day: number, forced: boolean): void {
    const m = this.milestones[i];
    switch (kind) {
      case 'notice': if (m.noticeDay === NO_DAY) m.noticeDay = day; break;
      case 'determination': if (m.determinationDay === NO_DAY) m.determinationDay = day; break;
      case 'delisted': if (m.delistedDay === NO_DAY) m.delistedDay = day; break;
      case 'insolvent': if (m.insolventDay === NO_DAY) m.insolventDay = day; break;
      case 'reverseSplit': if (m.reverseSplitDay === NO_DAY) m.reverseSplitDay = day; break;
      case 'secondPeriod': if (m.secondPeriodDay === NO_DAY) m.secondPeriodDay = day; break;
      case 'coinSale':
        if (m.firstSaleDay === NO_DAY) m.firstSaleDay = day;
        if (forced && m.firstForcedSaleDay === NO_DAY) m.firstForcedSaleDay = day;
        break;
    }
  }
}

/** Daily series of one market (full record mode). */
export interface MarketSeries {
  coin: string;
  price: Float64Array;
  preTradePrice: Float64Array;
  fundamental: Float64Array;
  transientImpact: Float64Array;
  executionPrice: Float64Array;
  drawdown: Float64Array;
  companyFlowUsd: Float64Array;
  scheduledFlowUsd: Float64Array;
  etfFlowUsd: Float64Array;
  liquidationsUsd: Float64Array;
  openInterestUsd: Float64Array;
  /** Short liquidations (forced buys, USD) and short open interest after the day (MODEL.md 12). */
  shortLiquidationsUsd: Float64Array;
  shortOpenInterestUsd: Float64Array;
}

/** Daily series of one company (full record mode). */
export interface CompanySeries {
  ticker: string;
  stockPrice: Float64Array;
  mnav: Float64Array;
  evMnav: Float64Array;
  navPerShare: Float64Array;
  bookNavPerShare: Float64Array;
  coins: Float64Array;
  cashUsd: Float64Array;
  debtUsd: Float64Array;
  shares: Float64Array;
  ltv: Float64Array;
  /** Highest principal / (pledged coins x P) over collateralized instruments (0 = none): what covenants test. */
  collateralLtv: Float64Array;
  /** Average cost per coin (moves with purchases). */
  costBasis: Float64Array;
  listingState: Int8Array;
  unrealizedPnlUsd: Float64Array;
  realizedPnlUsd: Float64Array;
  coinsSold: Float64Array;
  logPremium: Float64Array;
  /** Only for companies with capital settings (atm, preferredProgram, reserve, buybackCashFraction). */
  capital?: CapitalSeries;
}

export type RecordMode = 'full' | 'summary';

/** One market's figures for the day just stepped (teaching view, loop gain). */
export interface MarketDay {
  preTradePrice: number;
  close: number;
  /** Log impact of the day's total flow (positive = down). */
  impact: number;
  executionPrice: number;
  /** Permanent log move from sale announcements. */
  signal: number;
  companyFlowUsd: number;
  scheduledFlowUsd: number;
  /** ETF net inflow g (positive = buying). */
  etfFlowUsd: number;
  liquidationsUsd: number;
  /** Net USD sold: companies + scheduled - ETF inflow + liquidations. */
  totalFlowUsd: number;
  cascadeIterations: number;
  drawdown: number;
  /** The day's close-to-close drop x that set the liquidations. */
  drop: number;
  openInterestBeforeUsd: number;
  openInterestUsd: number;
  effectiveVolumeUsd: number;
  /** Short liquidations (forced buys, USD); included in totalFlowUsd with a minus sign. */
  shortLiquidationsUsd: number;
  /** The day's close-to-close rise x that set the short liquidations. */
  rise: number;
  shortOpenInterestBeforeUsd: number;
  shortOpenInterestUsd: number;
}

export interface RunOptions {
  /** false = the counterfactual: companies neither trade coins nor stock (MODEL.md 9). */
  companyTrading?: boolean;
  record?: RecordMode;
  /**
   * With companyTrading false: skip the companies' steps 4, 8 and 9 (valuation,
   * premium, listing), and in full mode their series (companySeries is empty).
   * Companies that do not trade cannot move the markets, and the day's draws are
   * taken all the same, so the market path is bit-identical; only the companies'
   * figures are left unset. For counterfactuals: ensembles and simulate().
   */
  marketsOnly?: boolean;
}

/**
 * One path: its state, its random stream, and (in full mode) its series.
 * Step it with `step()` until `done`; or call `run()`.
 */
export class PathRun {
  readonly model: Model;
  readonly trading: boolean;
  readonly full: boolean;
  readonly marketsOnly: boolean;
  t = 0;
  readonly rng: () => number;
  readonly draws: Float64Array;
  private readonly raw: Float64Array;
  private readonly corr: Float64Array;
  readonly mk: MarketState[];
  readonly co: CompanyState[];
  readonly milestones: CompanyMilestones[];
  readonly recorder: Recorder;
  readonly marketSeries: MarketSeries[] = [];
  readonly companySeries: CompanySeries[] = [];
  /** Rule variable vector, reused every day. */
  private readonly vars = new Float64Array(RULE_VARIABLE_ORDER.length);
  /** Index return of the current day. */
  rIndex = 0;
  /** Per company: event sink of sim/actions.ts (bound once, no closure per day). */
  private readonly actEmit: ActionEmit[];

  constructor(model: Model, seed: string, pathIndex: number, options: RunOptions = {}) {
    this.model = model;
    this.trading = options.companyTrading !== false;
    this.full = (options.record ?? 'full') === 'full';
    this.marketsOnly = !this.trading && options.marketsOnly === true;
    // MODEL.md 3: path i of seed s uses alea seeded with "<s>:<i>".
    this.rng = seedrandom.alea(`${seed}:${pathIndex}`);
    this.draws = new Float64Array(model.drawsPerDay);
    this.raw = new Float64Array(model.nAssets);
    this.corr = new Float64Array(model.nAssets);
    const tickerIndex = new Map(model.companies.map((c, i) => [c.params.ticker, i]));
    this.milestones = model.companies.map(() => ({ noticeDay: NO_DAY, determinationDay: NO_DAY, delistedDay: NO_DAY, insolventDay: NO_DAY, firstSaleDay: NO_DAY, firstForcedSaleDay: NO_DAY, reverseSplitDay: NO_DAY, secondPeriodDay: NO_DAY, hearingStayDay: NO_DAY }));
    this.recorder = new Recorder(this.full, this.milestones, tickerIndex);
    this.mk = model.markets.map((m) => {
      const s = new MarketState();
      s.f = m.logPrice0;
      s.P = m.params.price0;
      s.peak = m.params.peakPrice;
      s.oi = m.params.leverage.openInterestUsd;
      s.soi = m.params.leverage.shortOpenInterestUsd;
      return s;
    });
    this.co = model.companies.map((c) => {
      const p = c.params;
      const s = new CompanyState(c.instruments.length, new ListingClock(c.rules, model.calendar, this.recorder, p.ticker, p.listing));
      s.H = p.coins; s.K = p.costBasisUsd; s.cash = p.cashUsd; s.N = p.sharesOutstanding; s.pi = c.pi0; s.S = p.stockPrice0;
      s.buybackLeft = p.buybackAuthorizationUsd;
      s.cap.init(p);
      c.instruments.forEach((ins, i) => { s.principal[i] = ins.principal0; s.pledge[i] = ins.collateral0; s.convPrice[i] = ins.conversionPrice0; });
      for (const r of p.priorReverseSplits) s.listing.recordReverseSplit(dateToOrdinal(r.date) - model.calendar.startOrdinal, r.ratio);
      s.act = new ActionState(Int32Array.from(c.instruments, (x) => x.endDay), Float64Array.from(c.instruments, (x) => x.maturityOrd), c.actions);
      if (p.listing && (p.listing.closesBeforeStart?.length || p.listing.noticeDate)) s.listing.startMidStory(p.listing.closesBeforeStart ?? [], p.listing.noticeDate);
      return s;
    });
    this.actEmit = model.companies.map((_, i) => (kind, figures) => this.emit(i, kind, figures));
    if (this.full) {
      const n = model.days;
      const f = () => new Float64Array(n);
      for (const m of model.markets) {
        this.marketSeries.push({ coin: m.params.coin, price: f(), preTradePrice: f(), fundamental: f(), transientImpact: f(), executionPrice: f(), drawdown: f(), companyFlowUsd: f(), scheduledFlowUsd: f(), etfFlowUsd: f(), liquidationsUsd: f(), openInterestUsd: f(), shortLiquidationsUsd: f(), shortOpenInterestUsd: f() });
      }
      for (const c of this.marketsOnly ? [] : model.companies) {
        this.companySeries.push({ ticker: c.params.ticker, stockPrice: f(), mnav: f(), evMnav: f(), navPerShare: f(), bookNavPerShare: f(), coins: f(), cashUsd: f(), debtUsd: f(), shares: f(), ltv: f(), collateralLtv: f(), costBasis: f(), listingState: new Int8Array(n), unrealizedPnlUsd: f(), realizedPnlUsd: f(), coinsSold: f(), logPremium: f() });
        if (c.capital.any) this.companySeries[this.companySeries.length - 1].capital = capitalSeries(n);
      }
    }
  }

  get done(): boolean {
    return this.t >= this.model.days;
  }

  get events(): SimEvent[] {
    return this.recorder.events;
  }

  run(): this {
    while (this.t < this.model.days) this.step();
    return this;
  }

  /** Copy another run's whole state (same model), e.g. to re-run a day perturbed. */
  copyFrom(o: PathRun): void {
    this.t = o.t;
    this.draws.set(o.draws);
    this.rIndex = o.rIndex;
    for (let k = 0; k < this.mk.length; k++) this.mk[k].copyFrom(o.mk[k]);
    for (let i = 0; i < this.co.length; i++) this.co[i].copyFrom(o.co[i]);
  }

  /** Step 1: draw the day's numbers, the same count every day (MODEL.md 3). */
  drawDay(): void {
    const d = this.draws, rng = this.rng;
    for (let i = 0; i < d.length; i++) {
      let u = rng();
      if (u <= 0) u = 1e-12; // alea can in principle return 0
      d[i] = u;
    }
  }

  /** Simulate one day (steps 1-10). */
  step(): void {
    this.drawDay();
    this.advance(0);
  }

  /**
   * Steps 2-10 with the day's draws already in `draws`. `coinShock` shifts every
   * coin's pre-trade log price (loop-gain measurement re-runs a day with -0.01).
   */
  advance(coinShock: number): void {
    const model = this.model, t = this.t, cal = model.calendar;
    const biz = cal.isBusinessDay[t] === 1;
    const nM = model.markets.length;
    const d = this.draws;

    // Correlated normals over (coins..., INDEX) from the price-shock uniforms.
    const raw = this.raw, corr = this.corr, L = model.chol, n = model.nAssets;
    for (let k = 0; k < nM; k++) raw[k] = normInv(d[4 * k]);
    raw[nM] = normInv(d[4 * nM]);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s += L[i * n + j] * raw[j];
      corr[i] = s;
    }

    // Step 2: markets pre-trade.
    for (let k = 0; k < nM; k++) {
      const pm = model.markets[k], m = this.mk[k];
      m.T *= pm.decay;
      let r: number;
      if (t < pm.scriptDays) {
        r = pm.scriptR[t];
      } else {
        r = pm.drift + pm.volDaily * corr[k];
        if (d[4 * k + 1] < pm.jumpProb) r += pm.jumpMean + pm.jumpStd * normInv(d[4 * k + 2]);
      }
      m.f += r + coinShock;
      m.logPPre = m.f - m.T;
      m.pPre = DMath.exp(m.logPPre);
      const dd = 1 - m.pPre / m.peak;
      m.dd = dd > 0 ? dd : 0;
      m.signal = 0;
      m.qCompanies = 0;
    }

    // Step 3: index return (business days).
    this.rIndex = biz ? model.indexDrift + model.indexVolDaily * corr[nM] : 0;

    // Step 4: value companies at P_pre; premium and stock on business days.
    const zBase = 4 * nM + 1;
    const nCo = this.marketsOnly ? 0 : this.co.length;
    for (let i = 0; i < nCo; i++) {
      const c = this.co[i];
      if (c.insolvent) continue;
      const pc = model.companies[i];
      c.announcing = false;
      if (biz) {
        // Valued on business days only: nothing reads a weekend's step-4 A, D or E
        // (the premium, the policies and step 8 run on business days; record() values itself).
        this.value(i, this.mk[pc.market].pPre);
        const pp = pc.params.premium;
        const ls = c.listing.state, mk = this.mk[pc.market];
        const target = premiumTarget(pc.pi0, pp, mk.dd, c.D, c.A, c.H * mk.pPre, pc.penalty0, c.listing.underNotice || ls === ListingState.determination, ls === ListingState.delisted);
        c.pi += pc.kappaDaily * (target - c.pi) + pc.premiumVolDaily * normInv(d[zBase + i]) + pp.indexBeta * this.rIndex;
        if (c.pendingAnnouncement) {
          c.pi -= pp.saleAnnouncementPenalty;
          c.pendingAnnouncement = false;
        }
        c.piAt = c.pi;
        c.expPi = DMath.exp(c.pi);
        c.S = c.E > 0 ? (c.expPi * c.E) / c.N : 0;
      }
    }

    if (this.trading) {
      // Step 5: obligations, maturities, covenants (every calendar day).
      for (let i = 0; i < this.co.length; i++) if (!this.co[i].insolvent) this.obligations(i, biz);
      // Step 6: policies (business days), then the day's issuance.
      if (biz) {
        for (let i = 0; i < this.co.length; i++) {
          const c = this.co[i];
          if (c.insolvent) continue;
          // Capital actions (sim/actions.ts): a split whose notice ran, then the day's dated actions.
          const pa = model.companies[i].actions;
          dueSplit(c, t);
          runDatedActions(pa, c, t, this.mk[model.companies[i].market].pPre, R_ACTION, this.actEmit[i]);
          if (model.companies[i].capital.hasReserve) this.refillReserve(i); // capital: step 6a (docs/model.md 3.3)
          this.policies(i);
          deferSplit(pa, c, t, cal.startOrdinal, this.actEmit[i], c.splitRatio > 0 ? c.listing.earliestSplitDay(t) : t);
          if (c.issueUsd > 0) this.issue(i);
          if (c.cap.prefIssueUsd > 0) this.issuePreferred(i); // capital: preferred issuance (docs/model.md 3.2)
        }
      }
      // Sale announcements and company flow per market.
      for (let i = 0; i < this.co.length; i++) {
        const c = this.co[i];
        if (c.insolvent) continue;
        const pc = model.companies[i], m = this.mk[pc.market];
        const sold = c.totalSell();
        if (sold > 0) {
          if (t - c.lastSaleDay > pc.params.quietDays && sold >= pc.params.saleAnnouncementMinFraction * c.H) {
            c.announcing = true;
            m.signal += pc.params.saleSignalImpact;
          }
        }
        m.qCompanies += (sold - c.buyCoins) * m.pPre - c.cap.buyUsd; // cap.buyUsd: accumulate's USD-sized purchase
      }
    }

    // Step 7: clear each coin market.
    for (let k = 0; k < nM; k++) this.clear(k);

    // Step 8: settle; closing stock price from the post-trade balance sheet at P_pre.
    for (let i = 0; i < nCo; i++) {
      const c = this.co[i];
      if (c.insolvent) continue;
      if (this.trading) this.settle(i, biz);
      if (biz && !c.insolvent) {
        const pPre = this.mk[model.companies[i].market].pPre;
        this.value(i, pPre);
        c.S = c.E > 0 ? ((c.pi === c.piAt ? c.expPi : DMath.exp(c.pi)) * c.E) / c.N : 0;
      }
    }

    // Step 9: listing rules on the closing price (business days).
    if (biz) {
      for (let i = 0; i < nCo; i++) {
        const c = this.co[i];
        if (c.insolvent || c.listing.state === ListingState.delisted) continue;
        c.listing.onClose(t, c.S);
      }
    }

    // Step 10: record.
    this.checkFinite();
    if (this.full) this.record();
    this.t = t + 1;
  }

  /**
   * Refuse a day whose state could not be printed as a number: a coin price
   * that is not finite and positive, a stock price, holding, cash or share
   * count that is not finite (or negative where it cannot be). Stops the run
   * with a ModelError naming the day, the market or company and the series,
   * instead of carrying NaN or Infinity into the output (issue: bounded inputs).
   */
  private checkFinite(): void {
    const model = this.model;
    for (let k = 0; k < this.mk.length; k++) {
      const P = this.mk[k].P;
      if (!(P > 0 && P < Infinity)) this.failFinite(`markets.${model.markets[k].params.coin}.price`, P, 'a finite positive price');
    }
    for (let i = 0; i < this.co.length; i++) {
      const c = this.co[i];
      if (!(c.S >= 0 && c.S < Infinity)) this.failFinite(`companies.${model.companies[i].params.ticker}.stockPrice`, c.S, 'a finite price >= 0');
      if (!(c.H >= 0 && c.H < Infinity)) this.failFinite(`companies.${model.companies[i].params.ticker}.coins`, c.H, 'a finite holding >= 0');
      if (!(c.N > 0 && c.N < Infinity)) this.failFinite(`companies.${model.companies[i].params.ticker}.shares`, c.N, 'a finite share count > 0');
      if (!Number.isFinite(c.cash)) this.failFinite(`companies.${model.companies[i].params.ticker}.cashUsd`, c.cash, 'finite cash');
    }
  }

  private failFinite(series: string, value: number, expected: string): never {
    const t = this.t;
    throw new ModelError(`on day ${t} (${this.model.calendar.dates[t]}) the run would produce ${value} where ${expected} is needed; the scenario's numbers are outside what the model can carry (the run stops here, nothing is printed)`, series);
  }

  /** Assets, senior claims and Merton equity of company i at coin price p (sets c.A, c.D, c.E). */
  private value(i: number, p: number): void {
    const c = this.co[i], pc = this.model.companies[i];
    const coinValue = c.H * p;
    const A = coinValue + c.cash + pc.params.otherAssetsUsd;
    let D = 0, tauNum = 0;
    const ord = this.model.calendar.startOrdinal + this.t;
    for (let j = 0; j < pc.instruments.length; j++) {
      const pr = c.principal[j];
      if (pr <= 0) continue;
      D += pr;
      const ins = pc.instruments[j];
      if (ins.kind === K_PREFERRED) tauNum += pr * 10;
      else {
        const y = (c.act.maturityOrd[j] - ord) / 365;
        if (y > 0) tauNum += pr * y;
      }
    }
    c.A = A;
    c.D = D;
    if (D <= 0) {
      c.E = A > 0 ? A : 0;
      return;
    }
    let tau = tauNum / D;
    if (tau < 0.25) tau = 0.25;
    const sigmaCoin = this.model.markets[pc.market].assetVol;
    const s = A > 0 ? (sigmaCoin * coinValue) / A : 0;
    c.E = mertonEquity(A, D, s, tau);
  }

  /** Step 5 for company i: pay the day's costs, handle maturities and covenants, fund any shortfall. */
  private obligations(i: number, biz: boolean): void {
    const c = this.co[i], pc = this.model.companies[i], t = this.t;
    const pPre = this.mk[pc.market].pPre;
    let cost = pc.params.opexUsdPerYear / 365;
    for (let j = 0; j < pc.instruments.length; j++) {
      const pr = c.principal[j];
      if (pr <= 0) continue;
      cost += pr * pc.instruments[j].dailyRate;
    }
    c.cash -= cost;
    // Holder puts, amendments and their collateral sale schedules (sim/actions.ts).
    holderObligations(pc.actions, c, t, biz, pPre, R_AMEND, this.actEmit[i]);

    for (let j = 0; j < pc.instruments.length; j++) {
      const ins = pc.instruments[j];
      const pr = c.principal[j];
      if (pr <= 0 || ins.kind === K_PREFERRED) continue;
      if (c.act.endDay[j] === t) {
        // Put or maturity: a convertible converts when S >= conversion price, else is paid in cash.
        if (ins.kind === K_CONVERTIBLE && c.S >= c.convPrice[j]) {
          const newShares = pr / c.convPrice[j];
          c.N += newShares;
          c.principal[j] = 0;
          c.pledge[j] = 0;
          this.emit(i, 'conversion', { instrument: ins.id, principalUsd: pr, shares: newShares, conversionPrice: c.convPrice[j] });
        } else {
          c.principal[j] = 0;
          c.pledge[j] = 0;
          c.cash -= pr;
          this.emit(i, 'repayment', { instrument: ins.id, usd: pr, reason: ins.endIsPut && c.act.amended[j] === 0 ? 'put' : 'maturity' });
        }
        continue;
      }
      if (c.pledge[j] <= 0) continue;
      const ltv = pr / (c.pledge[j] * pPre);
      if (ins.liquidationLtv > 0 && ltv > ins.liquidationLtv) {
        // The lender sells collateral until the loan is repaid (or the pledge is gone).
        const q = Math.min(c.pledge[j], pr / pPre);
        c.pledge[j] -= q;
        c.lenderSale[j] += q;
        c.sell[R_LENDER] += q;
        this.emit(i, 'collateralLiquidation', { instrument: ins.id, ltv, coins: q });
      } else if (ins.covenantLtv > 0 && ltv > ins.covenantLtv) {
        // Covenant breach: sell collateral and repay down to the target LTV.
        const tgt = ins.targetLtv;
        let x = (pr - tgt * c.pledge[j] * pPre) / (pPre * (1 - tgt));
        if (x > c.pledge[j]) x = c.pledge[j];
        if (x > 0) {
          c.pledge[j] -= x;
          c.sell[R_COVENANT] += x;
          c.repay[j] += x * pPre;
          c.covenantRepay[j] = 1;
          this.emit(i, 'marginCall', { instrument: ins.id, ltv, coins: x, targetLtv: tgt });
        }
      }
    }
    if (pc.capital.hasReserve) this.drawReserve(i); // capital: the reserve pays before anything is sold (docs/model.md 3.3)
    if (c.cash < 0) this.fund(i, -c.cash, biz, R_FUNDING);
  }

  /**
   * Fund a cash need in the company's funding order: (cash is already spent),
   * at-the-market issuance if listed, on a business day and mNAV > 1, then
   * free-coin sales sized at P_pre. What cannot be covered makes it insolvent.
   */
  private fund(i: number, needUsd: number, biz: boolean, reason: number): void {
    const c = this.co[i], pc = this.model.companies[i];
    const pPre = this.mk[pc.market].pPre;
    const atmOk = pc.fundAtm && biz && c.listing.state !== ListingState.delisted && c.H > 0 && (c.S * c.N) / (c.H * pPre) > pc.capital.atmMinMnav;
    let need = needUsd;
    if (pc.fundAtmFirst) {
      if (atmOk) need = this.fundByIssuance(i, need);
      if (pc.fundCoins) need = this.fundByCoins(i, need, reason);
    } else {
      if (pc.fundCoins) need = this.fundByCoins(i, need, reason);
      if (atmOk) need = this.fundByIssuance(i, need);
    }
    if (need > 1e-6 * Math.max(1, needUsd)) this.makeInsolvent(i, need);
  }

  /** At-the-market issuance of the need, within an ATM programme's room if any (executed with the day's issuance in step 6). */
  private fundByIssuance(i: number, need: number): number {
    const c = this.co[i];
    if (!(need > 0)) return need;
    const u = this.model.companies[i].capital.hasAtm ? Math.min(need, this.atmRoom(i)) : need;
    if (u > 0) c.issueUsd += u;
    return need - u;
  }

  /**
   * Coin sales for a cash need, sized at P_pre: unpledged coins first, then
   * collateral in excess of what keeps each instrument at its target LTV (the
   * lender releases it against a cash need). Returns the need left.
   */
  private fundByCoins(i: number, need: number, reason: number): number {
    if (need <= 0) return need;
    const c = this.co[i], pc = this.model.companies[i];
    const pPre = this.mk[pc.market].pPre;
    const free = c.sellableFree();
    const q = Math.min(free > 0 ? free : 0, need / pPre);
    if (q > 0) {
      c.sell[reason] += q;
      need -= q * pPre;
    }
    for (let j = 0; j < pc.instruments.length && need > 0; j++) {
      const ins = pc.instruments[j];
      if (ins.kind === K_PREFERRED || c.pledge[j] <= 0) continue;
      const keep = ins.targetLtv > 0 ? (c.principal[j] - c.repay[j]) / (ins.targetLtv * pPre) : c.pledge[j];
      const excess = Math.min(c.pledge[j] - keep, need / pPre);
      if (excess <= 0) continue;
      c.pledge[j] -= excess;
      c.sell[reason] += excess;
      need -= excess * pPre;
    }
    return need;
  }

  private makeInsolvent(i: number, shortfallUsd: number): void {
    const c = this.co[i];
    c.insolvent = true;
    c.clearIntents();
    c.S = 0;
    this.emit(i, 'insolvent', { shortfallUsd, cashUsd: c.cash, coins: c.H });
  }

  /** Step 6 for company i: voluntary intents, in the normative policy order. */
  private policies(i: number): void {
    const c = this.co[i], pc = this.model.companies[i], t = this.t;
    const m = this.mk[pc.market];
    const pPre = m.pPre;
    const adv = pc.params.stock.turnover * c.S * c.N;
    for (let k = 0; k < pc.policyKinds.length; k++) {
      const p = policyOn(pc.actions, pc.policies, k, t);
      if (p === null) continue; // switched off by a dated setPolicy
      switch (pc.policyKinds[k]) {
        case P_DELEVERAGE: {
          if (p.kind !== 'deleverage') break;
          let debt = 0;
          for (let j = 0; j < pc.instruments.length; j++) if (pc.instruments[j].kind !== K_PREFERRED) debt += c.principal[j] - c.repay[j];
          if (debt <= 0 || c.H <= 0 || debt / (c.H * pPre) <= p.trigger) break;
          // Repay a fraction of each instrument, selling any coins (MODEL.md 11: deleverage may
          // sell any). Repaying releases pledged coins pro rata; if free and released coins do not
          // cover the sale, the rest comes out of the remaining pledges, pro rata.
          const f = p.repayFraction;
          const sellable = c.H - c.totalSell();
          let q = (f * debt) / pPre;
          const scale = sellable <= 0 ? 0 : q > sellable ? sellable / q : 1;
          q *= scale;
          if (q <= 0) break;
          let pledged = 0;
          for (let j = 0; j < pc.instruments.length; j++) {
            if (pc.instruments[j].kind === K_PREFERRED) continue;
            c.repay[j] += f * scale * (c.principal[j] - c.repay[j]);
            c.pledge[j] *= 1 - f * scale;
            pledged += c.pledge[j];
          }
          const short = q - c.sellableFree();
          if (short > 0 && pledged > 0) {
            const cut = Math.min(1, short / pledged);
            for (let j = 0; j < pc.instruments.length; j++) c.pledge[j] *= 1 - cut;
          }
          c.sell[R_DELEVERAGE] += q;
          break;
        }
        case P_STOPLOSS: {
          if (p.kind !== 'stopLoss') break;
          if (!c.stopLossLatched && pPre < c.K * (1 - p.maxLoss)) {
            c.stopLossLatched = true;
            c.stopLossBase = c.H;
          }
          if (!c.stopLossLatched) break;
          const avail = c.sellableFree();
          const q = Math.min(p.fractionPerDay * c.stopLossBase, avail);
          if (q > 0) c.sell[R_STOPLOSS] += q;
          break;
        }
        case P_BUYBACK: {
          if (p.kind !== 'buybackBelowNav') break;
          if (c.E <= 0 || c.S >= p.navDiscountThreshold * (c.E / c.N)) break;
          if (p.maxPriceUsd > 0 && c.S >= p.maxPriceUsd) break;
          this.buybackFromCoins(i, Math.min(p.maxAdvFraction * adv, c.buybackLeft), R_BUYBACK);
          break;
        }
        case P_DEFEND: {
          if (p.kind !== 'defendListing') break;
          if (!c.listing.underNotice) break;
          this.buybackFromCoins(i, Math.min(p.maxAdvFraction * adv, c.buybackLeft), R_DEFEND);
          // At most one reverse split per compliance period: a second one would only restart the
          // rules' look-back (and the split's own penalty) without buying time.
          const left = c.listing.daysLeft(t);
          if (left < p.reverseSplitDaysLeft && c.S < pc.rules.minPrice && c.splitRatio === 0 && c.act.pendingSplitDay < 0 && c.splitForDeadline !== t + left) {
            this.decideReverseSplit(i, p.reverseSplitRatio);
            c.splitForDeadline = t + left;
          }
          break;
        }
        case P_ISSUE: {
          if (p.kind !== 'issueAboveNav') break;
          if (c.H <= 0 || c.listing.state === ListingState.delisted) break;
          if ((c.S * c.N) / (c.H * pPre) <= p.mnavThreshold) break;
          let u = p.maxAdvFraction * adv;
          if (pc.capital.hasAtm) u = Math.min(u, this.atmRoom(i)); // an ATM programme caps all common issuance
          if (u <= 0) break;
          c.issueUsd += u;
          c.buyCoins += u / pPre;
          break;
        }
        case P_ACCUMULATE:
          if (p.kind === 'accumulate') this.accumulate(i, p.mnavThreshold, p.preferredMnavThreshold);
          break;
        case P_RULES:
          this.rules(i, adv);
          break;
        case P_SPLIT:
          if (p.kind === 'reverseSplit') reverseSplitPolicy(p, c, pc.rules, t, this.model.calendar.startOrdinal + t);
          break;
      }
    }
  }

  /**
   * A 1-for-`ratio` reverse split decided today: it takes effect on the
   * earliest market effective date the exchange's notice rules allow
   * (ListingClock.earliestSplitDay: Nasdaq 5250(e)(7) 10 calendar days,
   * 5250(b)(4) 2 business days), today when the rule set has no notice lag.
   * The one place a split is scheduled; step 8 executes it on its day.
   */
  decideReverseSplit(i: number, ratio: number): void {
    // Decided today; after the policies deferSplit (sim/actions.ts) schedules it on
    // the later of the exchange's earliest effective day and the company's own
    // splitNoticeDays, like the splits of the reverseSplit policy and dated actions.
    this.co[i].splitRatio = ratio;
  }

  /** Size a buyback of up to `usd`, funded by selling free coins at P_pre, within the authorization. */
  private buybackFromCoins(i: number, usd: number, reason: number): void {
    const c = this.co[i], pc = this.model.companies[i];
    const pPre = this.mk[pc.market].pPre;
    const avail = c.sellableFree();
    const cashPart = this.buybackCash(i, usd); // capital: cash first (docs/model.md 3.4); 0 in v1
    let b = usd - cashPart;
    if (b > avail * pPre) b = avail * pPre;
    if (b > 0) c.sell[reason] += b / pPre;
    else if (cashPart > 0) b = 0;
    b += cashPart;
    if (!(b > 0)) return;
    c.cap.buybackCashUsd += cashPart;
    c.buybackUsd += b;
    c.buybackLeft -= b;
  }

  private rules(i: number, adv: number): void {
    const c = this.co[i], pc = this.model.companies[i];
    const m = this.mk[pc.market];
    const v = this.vars, p = m.pPre;
    let debt = 0;
    for (let j = 0; j < pc.instruments.length; j++) if (pc.instruments[j].kind !== K_PREFERRED) debt += c.principal[j];
    v[V_PRICE] = p; v[V_COST] = c.K; v[V_COINS] = c.H; v[V_COINVAL] = c.H * p; v[V_CASH] = c.cash; v[V_DEBT] = debt;
    v[V_SHARES] = c.N; v[V_STOCK] = c.S; v[V_MNAV] = c.H > 0 ? (c.S * c.N) / (c.H * p) : Infinity; v[V_NAVPS] = c.E / c.N;
    v[V_DD] = m.dd; v[V_LTV] = c.H > 0 ? debt / (c.H * p) : 0; v[V_UNREAL] = c.H * (c.K - p); v[V_MCAP] = c.S * c.N; v[V_ADV] = adv;
    v[V_DAY] = this.t; v[V_NOTICE] = c.listing.underNotice ? 1 : 0; v[V_DAYSLEFT] = c.listing.daysLeft(this.t);
    v[V_DELISTED] = c.listing.state === ListingState.delisted ? 1 : 0; v[V_SOLDUSD] = c.coinsSoldUsd;
    for (const r of pc.prepRules) {
      if (!r.when(v)) continue;
      let a = r.amount(v);
      if (!(a > 0)) continue; // NaN, zero or negative amounts do nothing
      switch (r.action) {
        case 0: { // sellCoins
          const avail = c.sellableFree();
          if (a > avail) a = avail;
          if (a > 0) c.sell[R_RULE] += a;
          break;
        }
        case 1: c.buyCoins += a; break; // buyCoins, paid from cash
        case 2: this.buybackFromCoinsUncapped(i, a); break; // buyback (USD)
        case 3: if (c.listing.state !== ListingState.delisted) c.issueUsd += pc.capital.hasAtm ? Math.min(a, this.atmRoom(i)) : a; break; // issue (USD)
        case 4: { // repayDebt (USD), pro rata, funded by free coins
          if (debt <= 0) break;
          if (a > debt) a = debt;
          const avail = c.sellableFree();
          const q = Math.min(a / p, avail);
          if (q <= 0) break;
          const f = (q * p) / debt;
          for (let j = 0; j < pc.instruments.length; j++) {
            if (pc.instruments[j].kind === K_PREFERRED) continue;
            c.repay[j] += f * c.principal[j];
            c.pledge[j] *= 1 - f;
          }
          c.sell[R_RULE] += q;
          break;
        }
        case 5: if (a >= 1 && c.splitRatio === 0 && c.act.pendingSplitDay < 0) this.decideReverseSplit(i, a); break; // reverseSplit (ratio)
      }
    }
  }

  private buybackFromCoinsUncapped(i: number, usd: number): void {
    const c = this.co[i], pc = this.model.companies[i];
    const pPre = this.mk[pc.market].pPre;
    const avail = c.sellableFree();
    const cashPart = this.buybackCash(i, usd); // capital: cash first (docs/model.md 3.4); 0 in v1
    let b = Math.min(usd - cashPart, avail * pPre);
    if (b > 0) c.sell[R_RULE] += b / pPre;
    else if (cashPart > 0) b = 0;
    b += cashPart;
    if (!(b > 0)) return;
    c.cap.buybackCashUsd += cashPart;
    c.buybackUsd += b;
  }

  /** The day's issuance, one stock impact for all of it; fills at the log midpoint (MODEL.md 5.3). */
  private issue(i: number): void {
    const c = this.co[i], pc = this.model.companies[i];
    const u = c.issueUsd;
    c.issueUsd = 0;
    const adv = pc.params.stock.turnover * c.S * c.N;
    if (!(adv > 0) || !(c.S > 0)) return;
    const dpi = pc.params.stock.impactY * pc.stockSd * Math.sqrt(u / adv);
    const fill = c.S * DMath.exp(-dpi / 2);
    const shares = u / fill;
    c.pi -= dpi;
    c.N += shares;
    c.cash += u;
    const st = c.cap;
    st.sharesIssued += shares;
    st.atmProceedsUsd += u;
    if (pc.capital.hasAtm) {
      st.atmShelfLeft -= u;
      if (st.atmShelfLeft < 0) st.atmShelfLeft = 0;
      if (this.full) this.emit(i, 'issuance', { usd: u, shares, price: fill, shelfLeftUsd: st.atmShelfLeft });
    } else if (this.full) this.emit(i, 'issuance', { usd: u, shares, price: fill });
  }

  /** Step 7 for market k: net flow, liquidation cascade, impact, close and execution price. */
  private clear(k: number): void {
    const pm = this.model.markets[k], m = this.mk[k], prm = pm.params, t = this.t;
    // Scheduled flows and the stochastic ETF flow (inflow counts as negative Q).
    m.qScheduled = pm.scheduledUsd[t];
    const ef = prm.etfFlow;
    if (ef.aumUsd > 0 || pm.flowVolUsd > 0) {
      m.g = ef.phi * m.g + ef.chase * ef.aumUsd * m.rPrev + pm.flowVolUsd * normInv(this.draws[4 * k + 3]);
    } else {
      m.g = 0;
    }
    m.qEtf = -m.g;
    const qBase = (this.trading ? m.qCompanies : 0) + m.qScheduled + m.qEtf;
    // Liquidity thins in drawdowns.
    let liq = 1 - prm.liquidityDrawdownSensitivity * m.dd;
    if (liq < prm.minLiquidityFraction) liq = prm.minLiquidityFraction;
    const vEff = prm.dailyVolumeUsd * liq * pm.volumeFactor[t];
    // Cascade fixed point, both sides in the same flow (MODEL.md 4.4, 11, 12): with r(Q) the
    // close-to-close log return, longs ell = L*(1 - exp(-max(0,-r)/mL)) are sold and shorts
    // ells = Sh*(1 - exp(-max(0,r)/mS)) are bought, Q = qBase + ell - ells, from (0, 0). Long
    // sales only push r down and short buys only push it up, so one side stays 0 and the
    // iteration is monotone as in v1 (bit-identical to v1 when Sh = 0).
    const base = m.logPPre - m.signal - DMath.log(m.P);
    const lev = prm.leverage;
    let ell = 0, ells = 0, it = 0;
    if (m.oi > 0 || m.soi > 0) {
      for (; it < 100; it++) {
        const x = -(base - this.impactOf(pm, qBase + ell - ells, vEff));
        const next = x > 0 ? m.oi * (1 - DMath.exp(-x / lev.meanLiquidationDistance)) : 0;
        const nextS = x < 0 ? m.soi * (1 - DMath.exp(x / lev.shortMeanLiquidationDistance)) : 0;
        const change = Math.abs(next - ell) + Math.abs(nextS - ells);
        ell = next;
        ells = nextS;
        if (change <= 1e-12 * Math.abs(ell + ells)) break;
      }
    }
    m.cascadeIterations = it;
    m.oiBefore = m.oi;
    m.soiBefore = m.soi;
    m.vEff = vEff;
    m.qTotal = qBase + ell - ells;
    const I = this.impactOf(pm, qBase + ell - ells, vEff);
    const rClose = base - I;
    m.drop = Math.max(0, -rClose);
    m.rise = Math.max(0, rClose);
    m.liquidations = ell;
    m.shortLiquidations = ells;
    m.oi -= ell;
    m.oi += lev.rebuildPerDay * (lev.targetOpenInterestUsd - m.oi);
    m.soi -= ells;
    m.soi += lev.shortRebuildPerDay * (lev.shortTargetOpenInterestUsd - m.soi);
    m.impact = I;
    m.f -= prm.permanentFraction * I + m.signal;
    m.T += (1 - prm.permanentFraction) * I;
    const pPrev = m.P;
    m.P = DMath.exp(m.f - m.T);
    m.pExec = m.pPre * DMath.exp(-I / 2);
    m.rPrev = DMath.log(m.P / pPrev);
    if (m.P > m.peak) m.peak = m.P;
    if (m.P < m.minClose) m.minClose = m.P;
    m.totalLiquidationsUsd += ell;
    m.totalShortLiquidationsUsd += ells;
    if (this.trading) m.totalCompanyUsd += m.qCompanies;
  }

  private impactOf(pm: PreparedMarket, q: number, vEff: number): number {
    return pm.isLinear ? linearImpact(q, pm.params.lambdaPerBillion) : sqrtImpact(q, pm.params.impactY, pm.impactSd, vEff);
  }

  /** Step 8 for company i: coin trades at the execution price, repayments, buybacks, purchases, splits. */
  private settle(i: number, biz: boolean): void {
    const c = this.co[i], pc = this.model.companies[i], t = this.t;
    const m = this.mk[pc.market];
    const px = m.pExec;
    // Intents are consumed here and zeroed as they are read, so the next day starts clean.
    const reserveCoins = c.sell[R_RESERVE]; // capital: coins sold to fund the reserve (docs/model.md 3.3)
    let sold = 0;
    for (let r = 0; r < N_REASONS; r++) {
      const q = c.sell[r];
      if (q <= 0) continue;
      c.sell[r] = 0;
      const usd = q * px;
      sold += q;
      c.realized += q * (px - c.K);
      c.coinsSold += q;
      c.coinsSoldUsd += usd;
      if (this.full) this.emit(i, 'coinSale', { reason: SALE_REASONS[r], coins: q, usd, price: px, forced: FORCED_REASON[r], announced: c.announcing });
      else this.recorder.mark(i, 'coinSale', t, FORCED_REASON[r]);
    }
    if (sold > 0) {
      c.H -= sold;
      // Selling (almost) everything leaves float residue: snap it so mNAV reads "no coins".
      if (c.H < 1e-9 * (sold > 1 ? sold : 1)) c.H = 0;
      c.cash += sold * px;
      if (reserveCoins > 0) c.cap.reserve += reserveCoins * px;
      c.lastSaleDay = t;
      if (c.announcing) {
        if (biz) c.pi -= pc.params.premium.saleAnnouncementPenalty;
        else c.pendingAnnouncement = true;
      }
    }
    for (let j = 0; j < pc.instruments.length; j++) {
      let pay = c.repay[j];
      const lenderSold = c.lenderSale[j];
      const why = c.covenantRepay[j];
      c.repay[j] = 0;
      c.lenderSale[j] = 0;
      c.covenantRepay[j] = 0;
      if (lenderSold > 0) pay += Math.min(c.principal[j] - pay, lenderSold * px);
      if (pay <= 0) continue;
      if (pay > c.principal[j]) pay = c.principal[j];
      c.principal[j] -= pay;
      c.cash -= pay;
      if (c.principal[j] <= 1e-6) {
        c.principal[j] = 0;
        c.pledge[j] = 0;
      }
      if (this.full) this.emit(i, 'repayment', { instrument: pc.instruments[j].id, usd: pay, remainingUsd: c.principal[j], reason: lenderSold > 0 ? 'lenderLiquidation' : REPAY_REASONS[why] });
    }
    if (c.buybackUsd > 0 && c.S > 0) {
      const b = c.buybackUsd;
      c.buybackUsd = 0;
      const adv = pc.params.stock.turnover * c.S * c.N;
      const dpi = pc.params.stock.impactY * pc.stockSd * Math.sqrt(b / adv);
      const fill = c.S * DMath.exp(dpi / 2);
      let shares = b / fill;
      if (shares > c.N * 0.999) shares = c.N * 0.999;
      c.N -= shares;
      c.cash -= b;
      c.pi += dpi;
      const fromCash = c.cap.buybackCashUsd;
      if (this.full) this.emit(i, 'buyback', fromCash > 0 ? { usd: b, shares, price: fill, fromCashUsd: fromCash } : { usd: b, shares, price: fill });
    }
    c.buybackUsd = 0;
    c.cap.buybackCashUsd = 0;
    if (c.buyCoins > 0) {
      const q = c.buyCoins, cost = q * px;
      c.buyCoins = 0;
      c.K = (c.K * c.H + cost) / (c.H + q);
      c.H += q;
      c.cash -= cost;
      if (this.full) this.emit(i, 'coinPurchase', { coins: q, usd: cost, price: px });
    }
    if (c.cap.buyUsd > 0) {
      // capital: accumulate spends exactly what it raised, at the execution price (docs/model.md 3.2).
      const cost = c.cap.buyUsd, q = cost / px;
      c.cap.buyUsd = 0;
      c.K = (c.K * c.H + cost) / (c.H + q);
      c.H += q;
      c.cash -= cost;
      if (this.full) this.emit(i, 'coinPurchase', { coins: q, usd: cost, price: px, reason: 'accumulate' });
    }
    if (c.splitRatio > 0) {
      const r = c.splitRatio;
      c.splitRatio = 0;
      c.N /= r;
      c.pi -= pc.params.premium.reverseSplitPenalty;
      for (let j = 0; j < pc.instruments.length; j++) c.convPrice[j] *= r;
      c.listing.recordReverseSplit(t, r);
      c.act.recordSplit(this.model.calendar.startOrdinal + t, r);
      c.reverseSplits++;
      this.emit(i, 'reverseSplit', { ratio: r, sharesAfter: c.N });
    }
    // capital: the reserve is part of cash and never above it (docs/model.md 3.3).
    if (pc.capital.hasReserve && c.cap.reserve > c.cash) c.cap.reserve = c.cash > 0 ? c.cash : 0;
  }

  // -------------------------------------------------------------------------
  // Capital actions (docs/model.md 3.2-3.4; formulas in sim/capital.ts)
  // -------------------------------------------------------------------------

  /** Common issuance room left today: the ATM programme's shelf and ADV cap minus what today already issues. */
  private atmRoom(i: number): number {
    const c = this.co[i], pc = this.model.companies[i];
    return atmRoomUsd(c.cap.atmShelfLeft, pc.capital.atmMaxAdvFraction, pc.params.stock.turnover * c.S * c.N, c.issueUsd);
  }

  private preferredRoom(i: number): number {
    const c = this.co[i];
    return preferredRoomUsd(c.cap.prefShelfLeft, this.model.companies[i].capital.prefMaxUsdPerDay, c.cap.prefIssueUsd);
  }

  /** Step-4 mNAV at P_pre (Infinity without coins). */
  private mnavPre(i: number): number {
    const c = this.co[i];
    return c.H > 0 ? (c.S * c.N) / (c.H * this.mk[this.model.companies[i].market].pPre) : Infinity;
  }

  /** Cash part of a buyback of `usd` from free cash: cash - reserve - floor - what today's buybacks already took. */
  private buybackCash(i: number, usd: number): number {
    const cp = this.model.companies[i].capital;
    if (!(cp.buybackCashFraction > 0)) return 0;
    const c = this.co[i];
    return buybackCashPart(usd, cp.buybackCashFraction, c.cash - c.cap.reserve - cp.buybackMinCashUsd - c.cap.buybackCashUsd);
  }

  /** Step 5: the day's costs came out of cash; what free cash could not pay came out of the reserve. */
  private drawReserve(i: number): void {
    const c = this.co[i], st = c.cap;
    if (c.cash >= st.reserve) return;
    const before = st.reserve;
    st.reserve = c.cash > 0 ? c.cash : 0;
    if (before > 0 && st.reserve === 0) this.emit(i, 'reserveDepleted', { drawnUsd: before, cashUsd: c.cash });
  }

  /**
   * Step 6a (business days, before the policies): bring the reserve to its target,
   * months x 365/12 x (dividends + interest per day), from its sources in order; an
   * excess over the target is released to free cash.
   */
  private refillReserve(i: number): void {
    const c = this.co[i], pc = this.model.companies[i], cp = pc.capital, st = c.cap;
    let daily = 0;
    for (let j = 0; j < pc.instruments.length; j++) if (c.principal[j] > 0) daily += c.principal[j] * pc.instruments[j].dailyRate;
    const target = reserveTargetUsd(cp.reserveMonths, daily);
    if (st.reserve >= target) {
      st.reserve = target;
      return;
    }
    let gap = target - st.reserve;
    if (gap < MIN_REFILL_USD) return;
    if (cp.reserveCapUsdPerDay > 0 && gap > cp.reserveCapUsdPerDay) gap = cp.reserveCapUsdPerDay;
    const pPre = this.mk[pc.market].pPre;
    const listed = c.listing.state !== ListingState.delisted;
    for (let k = 0; k < cp.reserveSources.length && gap > 0; k++) {
      const src = cp.reserveSources[k];
      let x = 0;
      if (src === SRC_CASH) {
        const free = c.cash - st.reserve;
        x = free < gap ? free : gap;
        if (x > 0) st.reserve += x;
      } else if (src === SRC_ATM) {
        if (!cp.hasAtm || !listed || !(this.mnavPre(i) > cp.atmMinMnav)) continue;
        x = Math.min(gap, this.atmRoom(i));
        if (x > 0) { c.issueUsd += x; st.reserve += x; }
      } else if (src === SRC_PREFERRED) {
        if (!cp.hasPreferred || !listed) continue;
        x = Math.min(gap, this.preferredRoom(i));
        if (x > 0) { st.prefIssueUsd += x; st.reserve += x; }
      } else if (src === SRC_COINS) {
        // Credited to the reserve at settlement, with the proceeds at P_exec.
        const free = c.sellableFree();
        const q = Math.min(free > 0 ? free : 0, gap / pPre);
        if (q > 0) { c.sell[R_RESERVE] += q; x = q * pPre; }
      }
      if (!(x > 0)) continue;
      gap -= x;
      if (this.full) this.emit(i, 'reserveFunding', { usd: x, source: RESERVE_SOURCE_NAMES[src], targetUsd: target });
    }
  }

  /** The accumulate policy: raise what the programmes allow today and buy coins with it (docs/model.md 3.2). */
  private accumulate(i: number, mnavThreshold: number, preferredMnavThreshold: number): void {
    const c = this.co[i], pc = this.model.companies[i], cp = pc.capital;
    if (c.listing.state === ListingState.delisted) return;
    const mnav = this.mnavPre(i);
    if (cp.hasAtm && mnav > mnavThreshold) {
      const u = this.atmRoom(i);
      if (u > 0) { c.issueUsd += u; c.cap.buyUsd += u; }
    }
    if (cp.hasPreferred && mnav > preferredMnavThreshold) {
      const u = this.preferredRoom(i);
      if (u > 0) { c.cap.prefIssueUsd += u; c.cap.buyUsd += u; }
    }
  }

  /** The day's preferred issuance: cash in, liquidation preference up; dividends accrue from the next day's obligations. */
  private issuePreferred(i: number): void {
    const c = this.co[i], pc = this.model.companies[i], cp = pc.capital, st = c.cap;
    const u = st.prefIssueUsd;
    st.prefIssueUsd = 0;
    const pref = preferenceFor(u, cp.prefPricePerPreference);
    c.principal[cp.prefIndex] += pref;
    c.cash += u;
    st.prefShelfLeft -= u;
    if (st.prefShelfLeft < 0) st.prefShelfLeft = 0;
    st.prefProceedsUsd += u;
    if (this.full) this.emit(i, 'preferredIssuance', { instrument: pc.instruments[cp.prefIndex].id, usd: u, preferenceUsd: pref, outstandingUsd: c.principal[cp.prefIndex], shelfLeftUsd: st.prefShelfLeft });
  }

  private emit(i: number, kind: SimEvent['kind'], figures: Record<string, string | number | boolean>): void {
    const t = this.t;
    this.recorder.push({ day: t, date: this.model.calendar.dates[t], company: this.model.companies[i].params.ticker, kind, ...figures });
  }

  private record(): void {
    const t = this.t;
    for (let k = 0; k < this.mk.length; k++) {
      const m = this.mk[k], s = this.marketSeries[k];
      s.price[t] = m.P; s.preTradePrice[t] = m.pPre; s.fundamental[t] = DMath.exp(m.f); s.transientImpact[t] = m.T;
      s.executionPrice[t] = m.pExec; s.drawdown[t] = Math.max(0, 1 - m.P / m.peak);
      s.companyFlowUsd[t] = this.trading ? m.qCompanies : 0; s.scheduledFlowUsd[t] = m.qScheduled; s.etfFlowUsd[t] = m.g;
      s.liquidationsUsd[t] = m.liquidations; s.openInterestUsd[t] = m.oi;
      s.shortLiquidationsUsd[t] = m.shortLiquidations; s.shortOpenInterestUsd[t] = m.soi;
    }
    for (let i = 0; i < this.companySeries.length; i++) {
      const c = this.co[i], s = this.companySeries[i], pc = this.model.companies[i];
      const P = this.mk[pc.market].P;
      let debt = 0, senior = 0;
      for (let j = 0; j < pc.instruments.length; j++) {
        senior += c.principal[j];
        if (pc.instruments[j].kind !== K_PREFERRED) debt += c.principal[j];
      }
      const coinValue = c.H * P;
      s.stockPrice[t] = c.S;
      s.mnav[t] = coinValue > 0 ? (c.S * c.N) / coinValue : Infinity;
      s.evMnav[t] = coinValue > 0 ? (c.S * c.N + senior - c.cash) / coinValue : Infinity;
      // Equity NAV per share at the closing coin price.
      this.value(i, P);
      s.navPerShare[t] = c.E / c.N;
      s.bookNavPerShare[t] = (c.A - c.D) / c.N;
      s.coins[t] = c.H; s.cashUsd[t] = c.cash; s.debtUsd[t] = debt; s.shares[t] = c.N;
      s.ltv[t] = coinValue > 0 ? debt / coinValue : 0;
      let cltv = 0;
      for (let j = 0; j < pc.instruments.length; j++) {
        if (c.pledge[j] > 0 && c.principal[j] > 0) {
          const l = c.principal[j] / (c.pledge[j] * P);
          if (l > cltv) cltv = l;
        }
      }
      s.collateralLtv[t] = cltv;
      s.costBasis[t] = c.K;
      s.listingState[t] = c.insolvent ? ListingState.delisted : c.listing.state;
      s.unrealizedPnlUsd[t] = c.H * (P - c.K); s.realizedPnlUsd[t] = c.realized; s.coinsSold[t] = c.coinsSold; s.logPremium[t] = c.pi;
      const cs = s.capital;
      if (cs) {
        let pref = 0;
        for (let j = 0; j < pc.instruments.length; j++) if (pc.instruments[j].kind === K_PREFERRED) pref += c.principal[j];
        cs.reserveUsd[t] = c.cap.reserve; cs.preferredUsd[t] = pref; cs.sharesIssued[t] = c.cap.sharesIssued;
        cs.atmProceedsUsd[t] = c.cap.atmProceedsUsd; cs.atmShelfLeftUsd[t] = c.cap.atmShelfLeft; cs.preferredProceedsUsd[t] = c.cap.prefProceedsUsd;
      }
    }
  }

  // -------------------------------------------------------------------------
  // Read-outs for drivers and summaries
  // -------------------------------------------------------------------------

  marketTotals(k: number): Readonly<{ close: number; peak: number; minClose: number; liquidationsUsd: number; companyNetSoldUsd: number; shortLiquidationsUsd: number }> {
    const m = this.mk[k];
    return { close: m.P, peak: m.peak, minClose: m.minClose, liquidationsUsd: m.totalLiquidationsUsd, companyNetSoldUsd: m.totalCompanyUsd, shortLiquidationsUsd: m.totalShortLiquidationsUsd };
  }

  companyView(i: number): Readonly<{ coins: number; costBasis: number; cashUsd: number; shares: number; stockPrice: number; insolvent: boolean; listingState: number; realizedPnlUsd: number; coinsSold: number; coinsSoldUsd: number; debtUsd: number; seniorUsd: number; reverseSplits: number; logPremium: number }> {
    const c = this.co[i], pc = this.model.companies[i];
    let debt = 0, senior = 0;
    for (let j = 0; j < pc.instruments.length; j++) {
      senior += c.principal[j];
      if (pc.instruments[j].kind !== K_PREFERRED) debt += c.principal[j];
    }
    return { coins: c.H, costBasis: c.K, cashUsd: c.cash, shares: c.N, stockPrice: c.S, insolvent: c.insolvent, listingState: c.insolvent ? ListingState.delisted : c.listing.state, realizedPnlUsd: c.realized, coinsSold: c.coinsSold, coinsSoldUsd: c.coinsSoldUsd, debtUsd: debt, seniorUsd: senior, reverseSplits: c.reverseSplits, logPremium: c.pi };
  }

  /**
   * Risk map (src/risk): company i valued at coin price p on the current day by the engine's own
   * step-4 valuation (assets, senior claims, Merton equity); the state is left as it was.
   */
  valuationAt(i: number, p: number): { assetsUsd: number; seniorUsd: number; equityUsd: number } {
    const c = this.co[i];
    const A = c.A, D = c.D, E = c.E;
    this.value(i, p);
    const out = { assetsUsd: c.A, seniorUsd: c.D, equityUsd: c.E };
    c.A = A; c.D = D; c.E = E;
    return out;
  }

  /** Risk map: company i's pledges, principals and listing state right now (copies). */
  balanceView(i: number): { principalUsd: number[]; pledgedCoins: number[]; conversionPrice: number[]; underNotice: boolean; delisted: boolean; stopLossLatched: boolean } {
    const c = this.co[i];
    return { principalUsd: Array.from(c.principal), pledgedCoins: Array.from(c.pledge), conversionPrice: Array.from(c.convPrice), underNotice: c.listing.underNotice || c.listing.state === ListingState.determination, delisted: c.listing.state === ListingState.delisted, stopLossLatched: c.stopLossLatched };
  }

  /** Day figures of market k after the last step (for teaching and loop gain). */
  marketDay(k: number): Readonly<MarketDay> {
    const m = this.mk[k];
    return {
      preTradePrice: m.pPre, close: m.P, impact: m.impact, executionPrice: m.pExec, signal: m.signal,
      companyFlowUsd: this.trading ? m.qCompanies : 0, scheduledFlowUsd: m.qScheduled, etfFlowUsd: m.g, liquidationsUsd: m.liquidations,
      totalFlowUsd: m.qTotal, cascadeIterations: m.cascadeIterations, drawdown: m.dd, drop: m.drop,
      openInterestBeforeUsd: m.oiBefore, openInterestUsd: m.oi, effectiveVolumeUsd: m.vEff,
      shortLiquidationsUsd: m.shortLiquidations, rise: m.rise, shortOpenInterestBeforeUsd: m.soiBefore, shortOpenInterestUsd: m.soi,
    };
  }
}
