/**
 * Named defaults: market presets ("BTC", "ETH"), the equity index, default
 * correlations, and the defaults of every company, premium, stock, debt and
 * policy field. One place, read by the resolver and by the schema docs, so a
 * default stated in the JSON Schema is the default the engine runs.
 *
 * Calibration notes carry their source; see docs/model.md for the reasoning.
 */
import type {
  AccumulatePolicy,
  BuybackBelowNavPolicy,
  CompanyParams,
  DefendListingPolicy,
  DeleveragePolicy,
  EquityIndexParams,
  EtfFlowParams,
  IssueAboveNavPolicy,
  LeverageParams,
  MarketParams,
  PremiumParams,
  StockParams,
  StopLossPolicy,
  ReverseSplitPolicy,
} from '../../sim/index.ts';
import { follows, orNull, perKind } from './fill.ts';

export type MarketPreset = Omit<MarketParams, 'coin' | 'scheduledFlows' | 'scriptedPath' | 'liquidityShocks'> & { source: string };

const LEVERAGE_BTC: LeverageParams = {
  // November level of the replay fit: round3(0.65 x the fitted October $16.2B), docs/calibration.md 2.1
  // (test/calibration.test.ts holds the presets to scripts/calibration/fitted.json).
  openInterestUsd: 10.5e9,
  meanLiquidationDistance: 0.12,
  targetOpenInterestUsd: 10.5e9,
  rebuildPerDay: 0.05,
  // A balanced book (docs/model.md 2.4): shorts mirror the longs, so leverage amplifies moves
  // both ways and adds no drift of its own.
  shortOpenInterestUsd: 10.5e9,
  shortMeanLiquidationDistance: 0.12,
  shortTargetOpenInterestUsd: 10.5e9,
  shortRebuildPerDay: 0.05,
};
const LEVERAGE_ETH: LeverageParams = {
  // round3(0.65 x the fitted October $8.06B)
  openInterestUsd: 5.24e9,
  meanLiquidationDistance: 0.12,
  targetOpenInterestUsd: 5.24e9,
  rebuildPerDay: 0.05,
  shortOpenInterestUsd: 5.24e9,
  shortMeanLiquidationDistance: 0.12,
  shortTargetOpenInterestUsd: 5.24e9,
  shortRebuildPerDay: 0.05,
};
const NO_ETF: EtfFlowParams = { aumUsd: 0, phi: 0, chase: 0, flowVolUsd: 0 };

export const MARKET_PRESETS: Record<string, MarketPreset> = {
  BTC: {
    price0: 84_000,
    peakPrice: 126_080,
    // Drift-neutral: the exogenous price is a martingale, E[P_t] = P_0 (mu = -jumps*(E[e^J]-1)).
    // The model does not forecast the coin; scenarios that want a view set mu or a scripted path.
    mu: 0.1903,
    sigma: 0.5,
    jumpsPerYear: 4,
    jumpMean: -0.05,
    jumpStd: 0.05,
    impactLaw: 'sqrt',
    impactVol: 0.5,
    impactY: 0.7,
    lambdaPerBillion: 0.034,
    dailyVolumeUsd: 32e9,
    minLiquidityFraction: 0.3,
    liquidityDrawdownSensitivity: 1.7,
    permanentFraction: 0.5,
    halfLifeDays: 5,
    leverage: LEVERAGE_BTC,
    etfFlow: { aumUsd: 110e9, phi: 0.5, chase: 0.05, flowVolUsd: 300e6 },
    source:
      'price0: BTC ~$84k on 2025-11-21; peakPrice: ATH ~$126,080 on 2025-10-06 (facts §13). ' +
      'Volume: CEX spot $1.59T in Nov 2025 = ~$53B/day all pairs (facts §13 [E]); BTC share ~35% (estimate, not in facts) = ~$18.5B/day at the November ' +
      'average drawdown (~0.24); thinning s=1.7 from BTC 1% depth $20M -> $14M (-30%) between early Oct and Nov 11 at drawdown ~0.18 (facts §13 order-book depth); ' +
      'so V (undrawn) = 18.5/(1-1.7*0.24) = ~$32B; V_eff at Nov 21 (DD 0.33) = ~$14B, where Y=0.7 gives ~0.5% per $1B (docs/model.md §4.3). ' +
      'lambda 3.4%/$1B: Citi regression of 2025 ETF flows (facts §13). ' +
      'Leverage (v2, docs/calibration.md 2.1): $10.5B of longs and $10.5B of shorts at risk, mean distance 12%: the November level (0.65x, perp OI -35% Oct->Nov 21, facts §13) of the October ' +
      'open interest fitted by least squares to the BTC long liquidations of Oct 10-11 ($4.69B) and the liquidations of Nov 20-21 ($964M) on the pinned replay (it overstates the first, understates the second); ' +
      'the short book mirrors the long one (the reported short figures are all on down closes, which a close-to-close law cannot produce) and keeps the coin drift-neutral (docs/model.md 2.4). ETF: AUM $110B (week of 2025-11-21, facts §13); chase 0.05 with phi 0.5 turns a -26% (log) month ' +
      'into ~0.05*110B*0.26*2 = ~$2.9B of redemptions, ~$3.5B in a deterministic replay of Nov 2025 (real: -$3.48B to -$3.79B, facts §13); ' +
      'a -12% day gives ~-$0.7B the next day (Nov 13: -$866.7M). flowVolUsd $300M/day (estimate; facts §13: weekly inflows of $2.7-3.2B in early October, daily outflows up to -$903M in November).',
  },
  ETH: {
    price0: 2_750,
    peakPrice: 4_946,
    mu: 0.2613, // drift-neutral, as for BTC
    sigma: 0.7,
    jumpsPerYear: 4,
    jumpMean: -0.07,
    jumpStd: 0.07,
    impactLaw: 'sqrt',
    impactVol: 0.7,
    impactY: 0.7,
    lambdaPerBillion: 0.06,
    dailyVolumeUsd: 17e9,
    minLiquidityFraction: 0.3,
    liquidityDrawdownSensitivity: 1.1,
    permanentFraction: 0.5,
    halfLifeDays: 5,
    leverage: LEVERAGE_ETH,
    etfFlow: { aumUsd: 17e9, phi: 0.5, chase: 0.1, flowVolUsd: 100e6 },
    source:
      'price0: ETH ~$2,750 on 2025-11-21; peakPrice: ATH ~$4,946 on 2025-08-24 (facts §13). ' +
      'Volume: ETH share ~20% of the ~$53B/day Nov CEX spot volume (share is an estimate) = ~$10.6B/day at the Nov average drawdown (~0.34); ' +
      'thinning s=1.1 from ETH 1% depth $8M (Oct 9, DD ~0.12) -> $6M (early Nov, DD ~0.32) (facts §13); V (undrawn) = 10.6/(1-1.1*0.34) = ~$17B. ' +
      'Leverage (v2, docs/calibration.md 2.1): $5.24B of longs and as much of shorts, mean distance 12%: 0.65x the October level fitted to the ETH long liquidations of Oct 10-11 ($3.86B) ' +
      'and Nov 3-4 ($921M, source article 2025-11-04) on the pinned replay; balanced book as for BTC. ' +
      'ETF AUM $16.9B (facts §13); chase 0.1 (phi 0.5) turns a -29% (log) month into ~$1.0B of redemptions (Nov 2025: -$1.4B to -$2.5B, sources disagree, facts §13). ' +
      'flowVolUsd $100M/day (estimate; Nov 4: -$219M).',
  },
};

/** Defaults for a market without a preset (every field but price0, sigma and dailyVolumeUsd). */
export const MARKET_DEFAULTS: Omit<MarketPreset, 'price0' | 'sigma' | 'dailyVolumeUsd' | 'impactVol' | 'peakPrice' | 'source'> = {
  mu: 0,
  jumpsPerYear: 0,
  jumpMean: 0,
  jumpStd: 0,
  impactLaw: 'sqrt',
  impactY: 0.7,
  lambdaPerBillion: 0.034,
  minLiquidityFraction: 0.3,
  liquidityDrawdownSensitivity: 1,
  permanentFraction: 0.5,
  halfLifeDays: 5,
  leverage: { openInterestUsd: 0, meanLiquidationDistance: 0.2, targetOpenInterestUsd: 0, rebuildPerDay: 0.05, shortOpenInterestUsd: 0, shortMeanLiquidationDistance: 0.2, shortTargetOpenInterestUsd: 0, shortRebuildPerDay: 0.05 },
  etfFlow: NO_ETF,
};

export const EQUITY_INDEX_DEFAULT: EquityIndexParams = {
  name: 'Nasdaq-100 proxy',
  mu: 0.08,
  sigma: 0.2,
};

/**
 * Default correlations of daily shocks. BTC-Nasdaq-100: 0.54 over 5 years,
 * 0.80 over 30 days to 2025-11-17 (facts §13); 0.5 is a long-run middle.
 */
export const DEFAULT_CORRELATIONS: Record<string, number> = {
  'BTC/ETH': 0.8,
  'BTC/INDEX': 0.5,
  'ETH/INDEX': 0.45,
};

export const PREMIUM_DEFAULTS: PremiumParams = {
  kappa: 2,
  premiumVol: 0.6,
  indexBeta: 1,
  drawdownSensitivity: 1,
  noticePenalty: 0.2,
  otcPenalty: 0.7,
  leveragePenalty: 1,
  leverageFree: 0.2,
  reverseSplitPenalty: 0.1,
  saleAnnouncementPenalty: 0.1,
  // v2 size term and anchoring (docs/model.md section 3): off by default, so the v1 law is what runs unless a scenario sets them.
  sizePenalty: 0,
  sizeRefUsd: 1e9,
  penaltiesFromStart: false,
};

/**
 * The premium setting the cross-section of 2025 treasuries supports (docs/calibration.md
 * section 8; test/premium.test.ts keeps it equal to the fit): no leverage penalty beyond the
 * Merton value, 0.22 log premium per unit of ln($1B / coin value), both measured from the start.
 * Opt-in: spread it into a company's `premium`.
 */
export const PREMIUM_CROSS_SECTION_FIT: Pick<PremiumParams, 'leveragePenalty' | 'sizePenalty' | 'sizeRefUsd' | 'penaltiesFromStart'> = {
  leveragePenalty: 0,
  sizePenalty: 0.22,
  sizeRefUsd: 1e9,
  penaltiesFromStart: true,
};

export const STOCK_DEFAULTS: StockParams = {
  impactY: 0.7,
  impactVol: 1,
  turnover: 0.05,
};

export const COMPANY_DEFAULTS = {
  cashUsd: 0,
  otherAssetsUsd: 0,
  opexUsdPerYear: 0,
  buybackAuthorizationUsd: 0,
  saleSignalImpact: 0.002,
  quietDays: 30,
  // A sale under 1% of the coins held (an interest or dividend payment) is not news: docs/calibration.md section 8.
  saleAnnouncementMinFraction: 0.01,
  fundingOrder: ['cash', 'atm', 'coins'] as const,
};

export const POLICY_DEFAULTS = {
  buybackBelowNav: { navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 } satisfies Omit<BuybackBelowNavPolicy, 'kind'>,
  deleverage: { trigger: 0.5, repayFraction: 0.5 } satisfies Omit<DeleveragePolicy, 'kind'>,
  defendListing: { maxAdvFraction: 0.25, reverseSplitRatio: 10, reverseSplitDaysLeft: 30 } satisfies Omit<DefendListingPolicy, 'kind'>,
  stopLoss: { maxLoss: 0.3, fractionPerDay: 0.05 } satisfies Omit<StopLossPolicy, 'kind'>,
  issueAboveNav: { mnavThreshold: 1.5, maxAdvFraction: 0.1 } satisfies Omit<IssueAboveNavPolicy, 'kind'>,
  accumulate: { mnavThreshold: 1, preferredMnavThreshold: 0 } satisfies Omit<AccumulatePolicy, 'kind'>,
  reverseSplit: { belowPriceUsd: 0, daysBeforeDeadline: 0, targetPriceUsd: 0, ratio: 10, minDaysBetween: 365 } satisfies Omit<ReverseSplitPolicy, 'kind'>,
};

/**
 * Capital programmes (docs/model.md 3.2-3.4). Absent blocks keep v1's behaviour;
 * these fill the optional fields of a declared block.
 * maxAdvFraction 0.1: an estimate with no source (the same cap as issueAboveNav's
 * default); a saved scenario should set its own from the company's filings.
 */
export const CAPITAL_DEFAULTS = {
  atm: { maxAdvFraction: 0.1, minMnav: 1 },
  preferredProgram: { id: 'preferredAtm', pricePerPreference: 1, maxUsdPerDay: 0 },
  reserve: { fundWith: ['cash', 'atm'] as const, maxFundingUsdPerDay: 0 },
  buybackCashFraction: 0,
  buybackMinCashUsd: 0,
};

/** Capital actions (sim/actions.ts): holder puts, amendments, the reverse-split notice. */
export const CAPITAL_ACTION_DEFAULTS = {
  /** Holder put: the whole principal is put. */
  putFraction: 1,
  /** Amendment: only when cash and unpledged coins cannot pay. */
  amendmentMode: 'ifShort' as const,
  /** Calendar days between deciding a reverse split and its effect (0 = same day, v1). */
  splitNoticeDays: 0,
  /** Raise: proceeds kept as cash. */
  useOfProceeds: 'cash' as const,
};

export const DEBT_DEFAULTS = {
  couponRate: 0,
  loanRate: 0.08,
  putDate: null,
  collateralCoins: 0,
  covenantLtv: 0,
  liquidationLtv: 0,
  targetLtv: 0.5,
};

export const SCENARIO_DEFAULTS = {
  horizonDays: 365,
  seed: '1',
  description: '',
};

/** The engine's bound (sim/model.ts), which the schema's horizonDays and the CLI's --days share. */
export { MAX_HORIZON_DAYS } from '../../sim/index.ts';
export const SCHEMA_VERSION = 1;

/** Holder put of a convertible, loan or dated raise (docs/model.md 3): every trigger off, the whole principal put. */
export const HOLDER_PUT_DEFAULTS = { ltvAbove: 0, stockBelowUsd: 0, date: null as string | null, fraction: CAPITAL_ACTION_DEFAULTS.putFraction };

const collateralDefaults = {
  collateralCoins: DEBT_DEFAULTS.collateralCoins,
  covenantLtv: DEBT_DEFAULTS.covenantLtv,
  liquidationLtv: DEBT_DEFAULTS.liquidationLtv,
  targetLtv: DEBT_DEFAULTS.targetLtv,
};
/** Holder and lender behaviour of a convertible, loan or dated raise: absent blocks are null. */
export const HOLDER_TERMS_DEFAULTS = {
  holderPut: orNull(HOLDER_PUT_DEFAULTS),
  amendment: orNull({ mode: CAPITAL_ACTION_DEFAULTS.amendmentMode }),
};

/**
 * The short book copies the long one (docs/model.md 2.4): a short field the file leaves out
 * takes the file's value of the matching long field when the file sets that one, else the
 * table's (the preset's). The long target follows the long open interest the same way.
 */
export const LEVERAGE_FOLLOWS = {
  targetOpenInterestUsd: ['openInterestUsd'],
  shortOpenInterestUsd: ['openInterestUsd'],
  shortMeanLiquidationDistance: ['meanLiquidationDistance'],
  shortTargetOpenInterestUsd: ['shortOpenInterestUsd', 'targetOpenInterestUsd', 'openInterestUsd'],
  shortRebuildPerDay: ['rebuildPerDay'],
} as const satisfies Partial<Record<keyof LeverageParams, readonly (keyof LeverageParams)[]>>;

/**
 * THE defaults table, shaped like the scenario file (src/schema.ts): src/resolve.ts fills
 * every parsed object from its entry here with one function (src/presets/fill.ts
 * `fillDefaults`), so a new optional parameter means a schema field and an entry here
 * (test/defaults-table.test.ts walks the schema and fails on a field with neither an entry
 * nor a stated reason). The named constants above are the pieces it is built from (the
 * schema's `default` metadata reads them too).
 *
 * - `market` is the entry of a market without a preset; a market with one starts from
 *   `layerDefaults(DEFAULTS.market, MARKET_PRESETS[name])`.
 * - `listingRules` entries start from a built-in rule set (LISTING_RULE_PRESETS) by `preset`.
 */
export const DEFAULTS = {
  scenario: {
    description: SCENARIO_DEFAULTS.description,
    horizonDays: SCENARIO_DEFAULTS.horizonDays,
    seed: SCENARIO_DEFAULTS.seed,
    equityIndex: EQUITY_INDEX_DEFAULT,
    /** Pairs over the scenario's coins and INDEX; applied by resolveCorrelations (a pair may be given either way round). */
    correlations: DEFAULT_CORRELATIONS,
  },
  market: {
    ...MARKET_DEFAULTS,
    leverage: follows(MARKET_DEFAULTS.leverage, LEVERAGE_FOLLOWS),
    scheduledFlows: [] as MarketParams['scheduledFlows'],
    liquidityShocks: [] as MarketParams['liquidityShocks'],
    scriptedPath: [] as MarketParams['scriptedPath'],
  },
  company: {
    cashUsd: COMPANY_DEFAULTS.cashUsd,
    otherAssetsUsd: COMPANY_DEFAULTS.otherAssetsUsd,
    opexUsdPerYear: COMPANY_DEFAULTS.opexUsdPerYear,
    buybackAuthorizationUsd: COMPANY_DEFAULTS.buybackAuthorizationUsd,
    saleSignalImpact: COMPANY_DEFAULTS.saleSignalImpact,
    quietDays: COMPANY_DEFAULTS.quietDays,
    saleAnnouncementMinFraction: COMPANY_DEFAULTS.saleAnnouncementMinFraction,
    priorReverseSplits: [] as CompanyParams['priorReverseSplits'],
    premium: PREMIUM_DEFAULTS,
    stock: STOCK_DEFAULTS,
    debt: perKind({
      convertible: { couponRate: DEBT_DEFAULTS.couponRate, putDate: DEBT_DEFAULTS.putDate as string | null, ...collateralDefaults, ...HOLDER_TERMS_DEFAULTS },
      loan: { rate: DEBT_DEFAULTS.loanRate, ...collateralDefaults, ...HOLDER_TERMS_DEFAULTS },
      preferred: {},
    }),
    fundingOrder: COMPANY_DEFAULTS.fundingOrder,
    policies: perKind(
      {
        hold: {},
        buybackBelowNav: POLICY_DEFAULTS.buybackBelowNav,
        deleverage: POLICY_DEFAULTS.deleverage,
        defendListing: POLICY_DEFAULTS.defendListing,
        stopLoss: POLICY_DEFAULTS.stopLoss,
        issueAboveNav: POLICY_DEFAULTS.issueAboveNav,
        accumulate: POLICY_DEFAULTS.accumulate,
        reverseSplit: POLICY_DEFAULTS.reverseSplit,
        rules: {},
      },
      [{ kind: 'hold' }],
    ),
    atm: orNull(CAPITAL_DEFAULTS.atm),
    preferredProgram: orNull(CAPITAL_DEFAULTS.preferredProgram),
    /** fundWith and initialUsd depend on the company's other fields: src/resolve.ts resolveCapital. */
    reserve: orNull({ maxFundingUsdPerDay: CAPITAL_DEFAULTS.reserve.maxFundingUsdPerDay }),
    buybackCashFraction: CAPITAL_DEFAULTS.buybackCashFraction,
    buybackMinCashUsd: CAPITAL_DEFAULTS.buybackMinCashUsd,
    actions: perKind({
      raise: { useOfProceeds: CAPITAL_ACTION_DEFAULTS.useOfProceeds, rate: 0, maturityDate: null as string | null, conversionPrice: 0, ...collateralDefaults, ...HOLDER_TERMS_DEFAULTS },
      repay: { usd: 0 },
      buyCoins: {},
      sellCoins: {},
      reverseSplit: {},
      setPolicy: { settings: {}, enabled: true },
    }),
    splitNoticeDays: CAPITAL_ACTION_DEFAULTS.splitNoticeDays,
  },
};
