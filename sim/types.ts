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

export interface ConvertibleParams {
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

export interface LoanParams {
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

export type PolicyParams =
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
  /** A sale smaller than this fraction of the coins held is not news (0 = every first sale is, as in MODEL.md). */
  saleAnnouncementMinFraction: number;
  premium: PremiumParams;
  stock: StockParams;
  /** Reverse splits (or ADS ratio changes) before startDate, for the listing rules' look-backs. */
  priorReverseSplits: { date: IsoDate; ratio: number }[];
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
  /** Business days between determination and delisting. */
  delistDelayDays: number;
}

export interface ResolvedScenario {
  schemaVersion: number;
  id: string;
  name: string;
  description: string;
  startDate: IsoDate;
  horizonDays: number;
  seed: string;
  /** Extra non-business days for stocks (weekends are always off). */
  holidays: IsoDate[];
  markets: MarketParams[];
  equityIndex: EquityIndexParams;
  correlations: CorrelationEntry[];
  companies: CompanyParams[];
  listingRules: Record<string, ListingRuleSet>;
}
