/**
 * The prepared model (docs/model.md §2 time, §3 draws, §11 the day -1 balance
 * sheet): `prepareModel` resolves a
 * scenario once into flat numbers and typed arrays, with every string,
 * date and policy order turned into indices, so the per-day code
 * (sim/engine.ts and the step modules) does arithmetic only.
 */

import { K_CONVERTIBLE, K_LOAN, K_PREFERRED, P_HOLD, P_BUYBACK, P_DELEVERAGE, P_DEFEND, P_STOPLOSS, P_ISSUE, P_RULES, P_ACCUMULATE, P_SPLIT, POLICY_ORDER, RULE_ACTIONS } from './codes.ts';
import { mertonEquity } from './valuation.ts';
import { balanceSheetPenalty } from './premium.ts';
import { DMath, cholesky } from './math.ts';
import { buildCalendar, dateToOrdinal, isBusinessOrdinal } from './calendar.ts';
import { prepareCapital } from './capital.ts';
import { instrumentSlots, prepareActions } from './actions.ts';
import type { CompanyParams, ListingRuleSet, MarketParams, PolicyParams, ResolvedScenario } from './types.ts';
import type { TradingCalendar } from './calendar.ts';
import type { PreparedCapital } from './capital.ts';
import type { PreparedActions } from './actions.ts';

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

export interface PreparedRule {
  when: CompiledRuleExpr;
  amount: CompiledRuleExpr;
  action: number; // index in RULE_ACTIONS
}

export interface PreparedMarket {
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

export interface PreparedInstrument {
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

export interface PreparedCompany {
  params: CompanyParams;
  index: number;
  market: number;
  rules: ListingRuleSet;
  instruments: PreparedInstrument[];
  /** Per instrument: 1 for preferred stock (not debt: sim/derived.ts debtUsd), else 0. */
  isPreferred: Uint8Array;
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
  /** Some slot has a holder put or an amendment (else sim/actions.ts holderObligations does nothing: not called). */
  hasHolderTerms: boolean;
  /** Some dated action falls inside the horizon (else runDatedActions does nothing: not called). */
  hasDatedActions: boolean;
  /** opexUsdPerYear / 365, and per instrument its kind and dailyRate (flat copies for the per-day loops). */
  opexDaily: number;
  instrKind: Int8Array;
  dailyRate: Float64Array;
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
  /** Random numbers drawn per day (fixed, docs/model.md §3). */
  drawsPerDay: number;
}

export class ModelError extends Error {
  constructor(message: string, public path: string) {
    super(`${path}: ${message}`);
    this.name = 'ModelError';
  }
}

/**
 * A run stopped because a day's figure left what the model can carry (a coin price that is not
 * finite and positive, a stock price, holding, share count or cash that is not finite; checkFinite
 * in sim/record.ts): a ModelError (same name; `path` is the series) that also says where, for
 * drivers that report a failed run instead of stopping (the tornado's variations, the stress
 * grid's cells) or that run many paths and name the one that failed (`onPath`).
 */
export class NonFiniteError extends ModelError {
  /** The path (index within its seed) that failed, where the driver named it (onPath). */
  pathIndex?: number;

  constructor(
    series: string,
    /** Day index of the run and its date. */
    public readonly day: number,
    public readonly date: string,
    /** The value refused (Infinity, NaN, 0 for a price...). */
    public readonly value: number,
    /** What the series needs, in words ("a finite positive price"). */
    public readonly expected: string,
  ) {
    super(nonFiniteMessage(day, date, value, expected), series);
  }

  /** Names path `p` (index within its seed) as the one that failed, in the message too; the first name given stays. */
  onPath(p: number): this {
    if (this.pathIndex !== undefined) return this;
    this.pathIndex = p;
    this.message = `${this.path}: ${nonFiniteMessage(this.day, this.date, this.value, this.expected, p)}`;
    return this;
  }
}

function nonFiniteMessage(day: number, date: string, value: number, expected: string, path?: number): string {
  return `on day ${day} (${date})${path === undefined ? '' : ` of path ${path}`} the run would produce ${value} where ${expected} is needed; the scenario's numbers are outside what the model can carry (the run stops here, nothing is printed)`;
}

/** The longest horizon a run takes, in days (ten years): the scenario schema's `horizonDays` bound, the CLI's `--days` and every library call's `days`. */
export const MAX_HORIZON_DAYS = 3650;

/** A value as a message shows what it got: numbers as they print, strings quoted, other things by their kind. */
export function describeValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v)} (a string)`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${String(v)} (a ${typeof v})`;
}

/**
 * What the engine takes is a ResolvedScenario (the package's loadScenario / resolveScenario): a
 * scenario file's own object has its markets keyed by coin, not listed. Called by prepareModel,
 * which every run goes through, so a script that forgets to load the file hears it by name.
 */
export function assertResolvedScenario(scenario: unknown): void {
  const s = scenario as Partial<ResolvedScenario> | null | undefined;
  if (s && typeof s === 'object' && Array.isArray(s.markets) && Array.isArray(s.companies) && typeof s.startDate === 'string') return;
  const file = s && typeof s === 'object' && s.markets && typeof s.markets === 'object' && !Array.isArray(s.markets);
  const got = file ? "a scenario file's object (its markets keyed by coin): pass it to loadScenario (or resolveScenario) first" : describeValue(scenario);
  throw new ModelError(`expected a resolved scenario (what loadScenario or resolveScenario returns), got ${got}`, 'scenario');
}

export function prepareModel(scenario: ResolvedScenario, options: ModelOptions = {}): Model {
  assertResolvedScenario(scenario);
  const days = options.days ?? scenario.horizonDays;
  if (!(typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_HORIZON_DAYS)) {
    throw new ModelError(`expected a whole number of days from 1 to ${MAX_HORIZON_DAYS}, got ${describeValue(days)}`, 'days');
  }
  const det = options.deterministic === true;
  const calendar = buildCalendar(scenario.startDate, days, scenario.holidays);
  const startOrd = calendar.startOrdinal;
  const holidaySet = calendar.holidaySet; // the scenario's holidays as ordinals (buildCalendar)

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
      // A debt date on a non-business day moves to the next business day (docs/model.md §11).
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
    // Initial premium: pi0 = log(S0*N0/E0) with the day -1 balance sheet (docs/model.md §11).
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
    const actions = prepareActions(c, calendar, days, sorted.map((s) => s.j), sorted.map((s) => s.p));
    return {
      params: c,
      index: ci,
      market,
      rules,
      instruments,
      isPreferred: Uint8Array.from(instruments, (x) => (x.kind === K_PREFERRED ? 1 : 0)),
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
      actions,
      penalty0,
      hasHolderTerms: actions.amendMode.some((x) => x !== 0) || actions.putFraction.some((x) => x > 0),
      hasDatedActions: actions.kind.length > 0,
      opexDaily: c.opexUsdPerYear / 365,
      instrKind: Int8Array.from(instruments, (x) => x.kind),
      dailyRate: Float64Array.from(instruments, (x) => x.dailyRate),
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

/** Log-linear interpolation of a scripted path at a day ordinal; flat outside its points (docs/model.md §4.1, §11). */
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
