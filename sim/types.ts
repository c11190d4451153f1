/**
 * The resolved scenario: every default filled in, every preset expanded.
 * This is exactly what the engine runs (`dat-sim resolve` prints it).
 * The file format users write (with presets and optional fields) lives in
 * src/schema.ts; src/resolve.ts turns one into the other.
 *
 * Units are in the names: `Usd`, `Days`, annual rates are fractions per year,
 * log moves are natural-log units (0.01 ~ 1%).
 */

export type IsoDate = string; // "YYYY-MM-DD"

export interface ScriptPoint {
  date: IsoDate;
  /** USD per coin on that date. */
  price: number;
}

export interface ScheduledFlow {
  /** First calendar day of the flow. */
  startDate: IsoDate;
  /** Number of consecutive calendar days it lasts. */
  days: number;
  /** USD per day; positive = net selling (e.g. ETF redemptions), negative = buying. */
  usdPerDay: number;
  label: string;
}

export interface LiquidityShock {
  startDate: IsoDate;
  /** Consecutive calendar days it lasts. */
  days: number;
  /** Daily volume multiplier while it lasts, e.g. 0.1 = depth collapses 90% (Oct 10, 2025). */
  volumeFraction: number;
  label: string;
}

export interface EtfFlowParams {
  /** Assets under management the chase term scales with (USD). 0 switches the process off. */
  aumUsd: number;
  /** Day-to-day persistence of the flow, 0..1. */
  phi: number;
  /** Flow per unit of yesterday's log return, as a fraction of AUM (>0: redemptions follow drops). */
  chase: number;
  /** Daily noise of the flow (USD, 1 s.d.). */
  flowVolUsd: number;
}

export interface LeverageParams {
  /** Long open interest at risk of liquidation at the start (USD). */
  openInterestUsd: number;
  /** Mean distance to liquidation as a fraction of price (exponential distribution). */
  meanLiquidationDistance: number;
  /** Level open interest rebuilds toward (USD). */
  targetOpenInterestUsd: number;
  /** Fraction of the gap to the target rebuilt each day, 0..1. */
  rebuildPerDay: number;
  /**
   * Short side (docs/model.md §12): short open interest at risk at the start (USD), liquidated
   * on rises x = max(0, log P - log P_prevClose) as forced buys. The four fields above
   * are the long side (v1's names kept).
   */
  shortOpenInterestUsd: number;
  /** Mean distance to liquidation of the shorts, as a fraction of price (exponential). */
  shortMeanLiquidationDistance: number;
  /** Level short open interest rebuilds toward (USD). */
  shortTargetOpenInterestUsd: number;
  /** Fraction of the short gap to its target rebuilt each day, 0..1. */
  shortRebuildPerDay: number;
}

export type ImpactLaw = 'sqrt' | 'linear';

export interface MarketParams {
  coin: string;
  /** Close of the day before startDate (USD). */
  price0: number;
  /** Running-peak start for drawdowns (USD), e.g. the all-time high. */
  peakPrice: number;
  /** Annual drift of the fundamental log price. */
  mu: number;
  /** Annual volatility of the fundamental (diffusion). */
  sigma: number;
  jumpsPerYear: number;
  /** Mean of a jump in log price. */
  jumpMean: number;
  /** Standard deviation of a jump in log price. */
  jumpStd: number;
  impactLaw: ImpactLaw;
  /** Annual volatility used inside the square-root law (defaults to sigma). */
  impactVol: number;
  /** Square-root law prefactor Y (dimensionless, ~0.5-1). */
  impactY: number;
  /** Linear law: log-price move per $1B net sold. */
  lambdaPerBillion: number;
  /** Daily real spot volume V (USD). */
  dailyVolumeUsd: number;
  /** Floor of V_eff/V in drawdowns. */
  minLiquidityFraction: number;
  /** Volume thinning per unit drawdown: V_eff = V*max(min, 1 - s*DD). */
  liquidityDrawdownSensitivity: number;
  /** Fraction of impact that moves the fundamental for good. */
  permanentFraction: number;
  /** Half-life of the transient part of impact (days). */
  halfLifeDays: number;
  leverage: LeverageParams;
  etfFlow: EtfFlowParams;
  scheduledFlows: ScheduledFlow[];
  /** Days when spot depth collapses (volume multiplied by volumeFraction). */
  liquidityShocks: LiquidityShock[];
  /** Scripted replay path; empty = fully stochastic. */
  scriptedPath: ScriptPoint[];
}

export interface EquityIndexParams {
  name: string;
  /** Annual drift. */
  mu: number;
  /** Annual volatility (252-day convention). */
  sigma: number;
}

export interface CorrelationEntry {
  /** Coin code or "INDEX". */
  a: string;
  b: string;
  rho: number;
}

export interface ConvertibleParams extends HolderTerms {
  kind: 'convertible';
  id: string;
  principalUsd: number;
  /** Annual coupon rate. */
  couponRate: number;
  maturityDate: IsoDate;
  /** USD per share; scales with reverse splits. */
  conversionPrice: number;
  /** Optional holder put date (null = none). */
  putDate: IsoDate | null;
  /** Coins pledged as collateral (0 = unsecured). */
  collateralCoins: number;
  /** Above this LTV the company must sell collateral down to targetLtv (0 = no covenant). */
  covenantLtv: number;
  /** Above this LTV the lender sells collateral to repay (0 = none). */
  liquidationLtv: number;
  targetLtv: number;
}

export interface LoanParams extends HolderTerms {
  kind: 'loan';
  id: string;
  principalUsd: number;
  /** Annual interest rate. */
  rate: number;
  maturityDate: IsoDate;
  collateralCoins: number;
  covenantLtv: number;
  liquidationLtv: number;
  targetLtv: number;
}

export interface PreferredParams {
  kind: 'preferred';
  id: string;
  liquidationPreferenceUsd: number;
  /** Annual dividend rate on the liquidation preference. */
  dividendRate: number;
}

export type InstrumentParams = ConvertibleParams | LoanParams | PreferredParams;

/** Holder and lender behaviour of a convertible or loan (docs/model.md 3). */
export interface HolderTerms {
  /** Holder or lender put before maturity (null = none): see HolderPutParams. */
  holderPut: HolderPutParams | null;
  /** Amendment offered instead of a default (null = none): see AmendmentParams. */
  amendment: AmendmentParams | null;
}

/**
 * Early redemption demanded by holders or lenders (docs/model.md 3, "Holder and
 * lender behaviour"): the first day any armed trigger holds, `fraction` of the
 * principal is due at par that day. Fires at most once per instrument.
 */
export interface HolderPutParams {
  /** Put when the instrument's LTV (principal / (pledged coins x P_pre); company LTV when unsecured) exceeds this (0 = off). */
  ltvAbove: number;
  /** Put when the step-4 stock price is below this on a business day (USD/share, 0 = off). */
  stockBelowUsd: number;
  /** Put on this date, moved to the next business day (null = off). */
  date: IsoDate | null;
  /** Fraction of the principal outstanding that is put, 0..1. */
  fraction: number;
}

/**
 * An amendment as the modelled alternative to default (Sequans' convertible,
 * 2026): when a put or the end day comes and the company cannot pay it from
 * cash and unpledged coins (or always, `mode: 'always'`), the holders extend the
 * maturity and the company sells the pledged collateral in equal USD
 * increments each business day until `saleEndDate`, the proceeds repaying the
 * principal.
 */
export interface AmendmentParams {
  /** 'ifShort': only when cash + unpledged coins x P_pre cannot pay the amount due; 'always': every put or end day. */
  mode: 'ifShort' | 'always';
  /** Last day of the collateral sale schedule (inclusive). */
  saleEndDate: IsoDate;
  /** New maturity of whatever the schedule has not repaid (not puttable before). */
  newMaturityDate: IsoDate;
}

/** Collateral and holder terms of a convertible or loan a dated raise creates (as on ConvertibleParams). */
export type RaisedDebtTerms = Pick<ConvertibleParams, 'collateralCoins' | 'covenantLtv' | 'liquidationLtv' | 'targetLtv'> & HolderTerms;

/** Instrument a dated `raise` creates. */
export type RaiseInstrument = 'common' | 'preferred' | 'convertible' | 'loan';

/** A capital action on a date (docs/model.md 4, "Dated actions"). Dates on non-business days move to the next business day. */
export type DatedAction =
  | {
      kind: 'raise';
      date: IsoDate;
      instrument: RaiseInstrument;
      /** Gross USD raised. */
      usd: number;
      /** 'cash' keeps the proceeds; 'coins' buys coins with them the same day. */
      useOfProceeds: 'cash' | 'coins';
      /** Id of the debt or preferred instrument created (ignored for common). */
      id: string;
      /** Annual coupon, interest or dividend rate (0 for common). */
      rate: number;
      /** Maturity of a convertible or loan (null otherwise). */
      maturityDate: IsoDate | null;
      /** Conversion price of a convertible, USD/share (0 otherwise). */
      conversionPrice: number;
    } & RaisedDebtTerms
  | {
      kind: 'repay';
      date: IsoDate;
      /** Id of a convertible, loan or preferred (including one a dated raise creates). */
      instrument: string;
      /** USD of principal (or liquidation preference) repaid; 0 = all outstanding. */
      usd: number;
    }
  | { kind: 'buyCoins'; date: IsoDate; coins: number }
  | { kind: 'sellCoins'; date: IsoDate; coins: number }
  | { kind: 'reverseSplit'; date: IsoDate; ratio: number }
  | {
      kind: 'setPolicy';
      date: IsoDate;
      /** Index into the company's `policies` as written in the file. */
      policy: number;
      /** The policy's settings from this date on (complete, resolved). */
      settings: PolicyParams;
      /** false switches the policy off from this date on. */
      enabled: boolean;
    };

export interface PremiumParams {
  /** Mean reversion speed of the log premium (per year). */
  kappa: number;
  /** Annual volatility of the log premium. */
  premiumVol: number;
  /** Loading of the log premium on the index log return. */
  indexBeta: number;
  /** Log premium lost per unit of coin drawdown. */
  drawdownSensitivity: number;
  noticePenalty: number;
  otcPenalty: number;
  leveragePenalty: number;
  /** D/A below which leverage costs no premium. */
  leverageFree: number;
  reverseSplitPenalty: number;
  /** One-off log premium hit when a coin sale is announced. */
  saleAnnouncementPenalty: number;
  /** Log premium lost per unit of log(sizeRefUsd / coin holdings value) when the holdings are below sizeRefUsd (0 = no size term, as in v1). */
  sizePenalty: number;
  /** Coin holdings value (USD) at and above which size costs no premium. */
  sizeRefUsd: number;
  /** Measure the leverage and size terms from their day -1 values (the starting premium already prices them) instead of from zero (v1). */
  penaltiesFromStart: boolean;
}

export interface StockParams {
  /** Stock impact prefactor Ys. */
  impactY: number;
  /** Annual stock volatility used in the stock impact law. */
  impactVol: number;
  /** Daily turnover as a fraction of market cap (ADV = turnover*S*N). */
  turnover: number;
}

export type FundingSource = 'cash' | 'atm' | 'coins';

export interface HoldPolicy { kind: 'hold' }
export interface BuybackBelowNavPolicy {
  kind: 'buybackBelowNav';
  /** Buy back when S < threshold * equity NAV per share. */
  navDiscountThreshold: number;
  /** Cap per day as a fraction of stock ADV. */
  maxAdvFraction: number;
  /** Only buy while the stock is below this price (USD; 0 = no cap). */
  maxPriceUsd: number;
}
export interface DeleveragePolicy {
  kind: 'deleverage';
  /** (convertible + loan principal) / (coins*P) that triggers it. */
  trigger: number;
  /** Fraction of that debt repaid, pro rata, when it fires. */
  repayFraction: number;
}
export interface DefendListingPolicy {
  kind: 'defendListing';
  maxAdvFraction: number;
  reverseSplitRatio: number;
  /** Reverse split when fewer calendar days than this remain in the compliance period. */
  reverseSplitDaysLeft: number;
}
export interface StopLossPolicy {
  kind: 'stopLoss';
  /** Latch when P < K*(1 - maxLoss). */
  maxLoss: number;
  /** Fraction of the trigger-day holdings sold per day until out. */
  fractionPerDay: number;
}
export interface IssueAboveNavPolicy {
  kind: 'issueAboveNav';
  mnavThreshold: number;
  maxAdvFraction: number;
}
/**
 * Raise money with the ATM and/or preferred programmes (docs/model.md 3.2) and buy
 * coins with it. Needs `atm` or `preferredProgram` on the company.
 */
export interface AccumulatePolicy {
  kind: 'accumulate';
  /** Issue common stock through the ATM while step-4 mNAV > this (the company's choice; may be below 1). */
  mnavThreshold: number;
  /** Issue preferred while step-4 mNAV > this (0 = whenever the programme has room). */
  preferredMnavThreshold: number;
}
export type RuleAction = 'sellCoins' | 'buyCoins' | 'buyback' | 'issue' | 'repayDebt' | 'reverseSplit';
export interface UserRule {
  /** Boolean expression over the whitelisted variables. */
  when: string;
  action: RuleAction;
  /** Expression for the amount: coins for sellCoins/buyCoins, USD for buyback/issue/repayDebt, ratio for reverseSplit. */
  amount: string;
}
export interface RulesPolicy { kind: 'rules'; rules: UserRule[] }

/**
 * Proactive reverse split (docs/model.md 4): management splits when the stock
 * is below `belowPriceUsd`, or when under a notice with fewer than
 * `daysBeforeDeadline` days left, within the exchange's limits.
 */
export interface ReverseSplitPolicy {
  kind: 'reverseSplit';
  /** Split when the step-4 stock price is below this (USD; 0 = off). */
  belowPriceUsd: number;
  /** Split when under a notice and fewer calendar days than this remain in the compliance period (0 = off). */
  daysBeforeDeadline: number;
  /** Price the split aims at: ratio = ceil(targetPriceUsd / S) (USD; 0 = use `ratio`). */
  targetPriceUsd: number;
  /** Fixed ratio r (1-for-r) when targetPriceUsd is 0; the cap of the computed ratio otherwise. */
  ratio: number;
  /** No split within this many calendar days of the previous one (prior splits included). */
  minDaysBetween: number;
}

export type PolicyParams =
  | ReverseSplitPolicy
  | HoldPolicy
  | BuybackBelowNavPolicy
  | DeleveragePolicy
  | DefendListingPolicy
  | StopLossPolicy
  | IssueAboveNavPolicy
  | RulesPolicy
  | AccumulatePolicy;

/** An at-the-market common stock programme (docs/model.md 3.2). */
export interface AtmProgramParams {
  /** Shelf capacity left at the start (USD); every common issuance draws it down. */
  shelfUsd: number;
  /** Daily cap as a fraction of the stock's daily dollar volume ADV = turnover*S*N, 0..1. */
  maxAdvFraction: number;
  /** Funding-order and reserve issuance need step-4 mNAV above this (v1: 1). */
  minMnav: number;
}

/** A preferred stock programme (docs/model.md 3.2): each USD raised adds 1/pricePerPreference of liquidation preference. */
export interface PreferredProgramParams {
  /** Id of the preferred instrument the programme issues (added to the company's instruments). */
  id: string;
  /** Shelf capacity left at the start (USD of proceeds). */
  shelfUsd: number;
  /** Annual dividend rate on the liquidation preference (an obligation from the day after issuance). */
  dividendRate: number;
  /** Proceeds per USD of liquidation preference (1 = sold at par). */
  pricePerPreference: number;
  /** Daily cap on proceeds (USD/day; 0 = no daily cap). */
  maxUsdPerDay: number;
}

export type ReserveSource = 'cash' | 'atm' | 'preferred' | 'coins';

/** A USD reserve for dividends and interest (docs/model.md 3.3). */
export interface ReserveParams {
  /** Target: this many months of dividends plus interest at the day's principals. */
  targetMonths: number;
  /** Reserve at the start (USD, part of cashUsd). */
  initialUsd: number;
  /** Sources that refill it, in order. */
  fundWith: ReserveSource[];
  /** Daily cap on refills (USD/day; 0 = no cap). */
  maxFundingUsdPerDay: number;
}

export interface CompanyParams {
  ticker: string;
  name: string;
  coin: string;
  /** Listing rule set id (a key of ResolvedScenario.listingRules). */
  exchange: string;
  coins: number;
  /** Average cost per coin (USD). */
  costBasisUsd: number;
  cashUsd: number;
  otherAssetsUsd: number;
  sharesOutstanding: number;
  /** Stock price the day before startDate (USD). */
  stockPrice0: number;
  opexUsdPerYear: number;
  /** Total buyback authorization shared by the buyback policies (USD). */
  buybackAuthorizationUsd: number;
  /** Permanent log move of the coin when a sale is announced. */
  saleSignalImpact: number;
  /** Calendar days without a sale after which the next sale is "announced". */
  quietDays: number;
  /** A sale smaller than this fraction of the coins held is not news (0 = every first sale is, as in v1). */
  saleAnnouncementMinFraction: number;
  premium: PremiumParams;
  stock: StockParams;
  /** Reverse splits (or ADS ratio changes) before startDate, for the listing rules' look-backs. */
  priorReverseSplits: { date: IsoDate; ratio: number }[];
  /** Listing procedure settings and the clock's state before the start (absent = defaults). */
  listing?: CompanyListingSettings;
  debt: InstrumentParams[];
  fundingOrder: FundingSource[];
  policies: PolicyParams[];
  /** ATM programme (null = v1: issuance unlimited, no shelf). */
  atm: AtmProgramParams | null;
  /** Preferred issuance programme (null = none). */
  preferredProgram: PreferredProgramParams | null;
  /** USD reserve (null = none: v1). */
  reserve: ReserveParams | null;
  /** Share of each buyback paid from free cash (cash - reserve - buybackMinCashUsd), the rest by coin sales; 0 = v1. */
  buybackCashFraction: number;
  /** Cash a cash-funded buyback never spends (USD). */
  buybackMinCashUsd: number;
  /** Dated capital actions, in date order (ties in file order). */
  actions: DatedAction[];
  /** Calendar days between deciding a reverse split and its effect (0 = the same day). */
  splitNoticeDays: number;
}

export type ListingTrigger =
  | { kind: 'consecutiveBelow'; days: number }
  | { kind: 'averageBelow'; days: number };
export type ListingCure =
  | { kind: 'consecutiveAtOrAbove'; days: number }
  | { kind: 'monthEndCloseAndAverage'; days: number }
  | { kind: 'averageAtOrAbove'; days: number };

export interface ListingRuleSet {
  id: string;
  name: string;
  /** Where the rule comes from. */
  source: string;
  /** Minimum price (USD). */
  minPrice: number;
  trigger: ListingTrigger;
  cure: ListingCure;
  /** Length of the compliance period: calendar days, or calendar months when periodMonths > 0. */
  periodDays: number;
  periodMonths: number;
  /** Second period length in calendar days (0 = none). */
  secondPeriodDays: number;
  /** Fast path: close at or below this for `pennyDays` consecutive business days in a period (0 = none). */
  pennyPrice: number;
  pennyDays: number;
  /** A reverse split within this many days before a notice: determination instead (0 = none). */
  reverseSplitLookbackDays: number;
  /** Cumulative reverse-split ratio over `cumulativeSplitWindowDays` that forbids a period (0 = none). */
  cumulativeSplitLimit: number;
  cumulativeSplitWindowDays: number;
  /** Business days between determination and delisting (used when there is no hearing procedure, hearingRequestDays = 0). */
  delistDelayDays: number;
  // ---- Procedure around the counting (issue 11, docs/model.md 5). Optional: absent = 0 / false / defaults stated. ----
  /** Business days from the test day (30th close below, or the average's day) to the letter / receipt of notice (0 = same day). */
  noticeLagBusinessDays?: number;
  /** A period deadline on a weekend or holiday rolls to the next business day (Nasdaq practice). */
  rollDeadline?: boolean;
  /** The second period needs a transfer to the Capital Market (Nasdaq Global Market, 5810(c)(3)(A)(i)). */
  secondPeriodTransfer?: boolean;
  /** Calendar days after a determination to request a hearing (Nasdaq 5815(a)(1): 7); 0 = no hearing procedure. */
  hearingRequestDays?: number;
  /** Business days after the hearing-request period to suspension when no stay applies (Nasdaq: 2). */
  suspensionBusinessDays?: number;
  /** Most calendar days from the determination a hearing panel can grant (Nasdaq 5815(c)(1)(A): 180). */
  maxPanelExceptionDays?: number;
  /** A determination at the end of a second period is not stayed by a hearing request (SR-NASDAQ-2024-045). */
  noStayAfterSecondPeriod?: boolean;
  /** $0.10 rule: 'inPeriod' (SR-NASDAQ-2020-001, in force: only during a compliance period, hearing stays) or 'anyTime' (SR-NASDAQ-2025-065 as proposed: any time, no stay). Default 'inPeriod'. */
  pennyRule?: 'inPeriod' | 'anyTime';
  /** Business days after the notice to state the intent to cure (NYSE 802.01C: 10); 0 = none. */
  intentBusinessDays?: number;
  /** NYSE shareholder-vote path: business days after the meeting for the price to "promptly" exceed minPrice (assumption). */
  meetingPromptBusinessDays?: number;
  /** NYSE shareholder-vote path: trading days the price must then remain above minPrice (802.01C: 30). */
  meetingHoldDays?: number;
  /** Reverse split notice: calendar days between the notice and the market effective date (Nasdaq 5250(e)(7): 10). */
  splitNoticeCalendarDays?: number;
  /** Reverse split: public disclosure business days before the market effective date (Nasdaq 5250(b)(4): 2). */
  splitNoticeBusinessDays?: number;
  /** Holiday calendar the exchange keeps (sim/holidays.ts); default 'us'. */
  holidayCalendar?: 'us' | 'tse' | 'none';
  /** The rule is a discretionary standard (NYSE American 1003(f)(v)): threshold, trigger and period are adjustable assumptions. */
  discretionary?: boolean;
}

/** Per-company listing settings (scenario `companies[].listing`); every field optional. */
export interface CompanyListingSettings {
  /** The company requests a hearing after a determination (default true: Nasdaq issuers nearly always do). */
  requestsHearing?: boolean;
  /** Calendar days from the determination the hearing panel grants (0..maxPanelExceptionDays; default the maximum, 180 on Nasdaq). */
  panelExceptionDays?: number;
  /** Calendar days from the determination to the panel's decision when it grants no exception (default 45: Nasdaq schedules hearings within about 45 days). */
  hearingDecisionDays?: number;
  /** Consecutive business days at or above the minimum that staff require (Nasdaq 5810(c)(3)(H): 10 to 20; default the rule's 10). */
  cureDays?: number;
  /** The company meets the conditions for a second period (Nasdaq 5810(c)(3)(A)(ii): publicly held shares value, other initial CM standards, intent to cure; default true). */
  qualifiesForSecondPeriod?: boolean;
  /** The company states its intent to cure within the rule's period (NYSE 802.01C; default true). */
  statesIntentToCure?: boolean;
  /** NYSE: date of the annual meeting that approves a reverse split (the period extends to it). */
  annualMeetingDate?: IsoDate;
  /** Closing prices of the business days just before startDate, oldest first (split-adjusted, USD): a clock that starts mid-story. */
  closesBeforeStart?: number[];
  /** Date of a deficiency notice already received before startDate (the letter; the period runs from it). */
  noticeDate?: IsoDate;
}

export interface ResolvedScenario {
  schemaVersion: number;
  id: string;
  name: string;
  description: string;
  startDate: IsoDate;
  horizonDays: number;
  seed: string;
  /** Non-business days for stocks (weekends are always off): the built-in calendar's closures plus the file's own. */
  holidays: IsoDate[];
  markets: MarketParams[];
  equityIndex: EquityIndexParams;
  correlations: CorrelationEntry[];
  companies: CompanyParams[];
  listingRules: Record<string, ListingRuleSet>;
}
