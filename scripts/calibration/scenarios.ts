/**
 * The saved scenarios of the calibration and the library, built from one set
 * of company and market definitions so that a figure (and its source) is
 * written once. `build-scenarios.ts` writes them to scenarios/*.json with the
 * fitted values of `fitted.json` (produced by `fit.ts`); the fit itself
 * builds the replay with candidate values.
 *
 * Source tags (shared facts file, "facts §N"): [F] filing, [N] news,
 * [E] estimate or arithmetic, [?] uncertain or assumed.
 */
import type { CompanyFile, MarketFile, ScenarioFile } from '../../src/schema.ts';

// ---------------------------------------------------------------------------
// Fitted values (docs/calibration.md)
// ---------------------------------------------------------------------------

export interface Fitted {
  /** Long open interest at risk in early October (USD); it rebuilds toward OI_DECLINE times this. */
  octOpenInterestUsd: { BTC: number; ETH: number };
  /** Mean distance to liquidation (fraction of price), shared by both coins. */
  meanLiquidationDistance: number;
  /** ETF flow chase coefficient per coin. */
  chase: { BTC: number; ETH: number };
  /** Premium dynamics shared by every company. */
  premium: { kappa: number; drawdownSensitivity: number; premiumVol: number };
  /** Stock close on 2025-10-03 (the day before the replay starts) by ticker, where fitted. */
  stockPrice0: Record<string, number>;
}

/** Starting values of the fit: the presets and defaults (src/presets/defaults.ts). */
export const UNFITTED: Fitted = {
  octOpenInterestUsd: { BTC: 4.5e9 / 0.65, ETH: 2e9 / 0.65 },
  meanLiquidationDistance: 0.12,
  chase: { BTC: 0.05, ETH: 0.1 },
  premium: { kappa: 2, drawdownSensitivity: 1, premiumVol: 0.6 },
  stockPrice0: {},
};

/** Perp open interest fell 35% from its October peak by Nov 21 (facts §13): the rebuild target is 0.65x the October level. */
export const OI_DECLINE = 0.65;

export const REPLAY_START = '2025-10-06';
export const REPLAY_END = '2025-11-21';
/** Days from Oct 6 to Nov 21 inclusive. */
export const REPLAY_DAYS = 47;

const FACTS = "shared facts file (scenario-facts.md/json), sections cited as 'facts §N'; tags [F] filing, [N] news, [E] estimate, [?] uncertain";
const FITTED_NOTE = 'fitted on the Oct 6 - Nov 21 2025 replay (scripts/calibration/fit.ts); procedure, data and uncertainty in docs/calibration.md';

// ---------------------------------------------------------------------------
// Markets: the replay points (docs/scenarios.md), flows and the Oct 10 depth collapse
// ---------------------------------------------------------------------------

export const BTC_PATH = [
  { date: '2025-10-06', price: 124752 },
  { date: '2025-10-10', price: 122000 },
  { date: '2025-10-11', price: 107000 },
  { date: '2025-10-27', price: 114000 },
  { date: '2025-11-03', price: 106000 },
  { date: '2025-11-04', price: 101000 },
  { date: '2025-11-10', price: 104000 },
  { date: '2025-11-14', price: 95000 },
  { date: '2025-11-17', price: 92000 },
  { date: '2025-11-21', price: 84000 },
];

export const ETH_PATH = [
  { date: '2025-10-06', price: 4700 },
  { date: '2025-10-10', price: 4400 },
  { date: '2025-10-11', price: 3750 },
  { date: '2025-10-17', price: 3892 },
  { date: '2025-11-03', price: 3510 },
  { date: '2025-11-04', price: 3300 },
  { date: '2025-11-17', price: 3100 },
  { date: '2025-11-20', price: 3000 },
  { date: '2025-11-21', price: 2750 },
];

const BTC_PATH_SOURCES: Record<string, string> = {
  'scriptedPath[2025-10-06]': 'facts §13: day close $124,752 on the ATH day (ATH ~$126,080 intraday) [N] https://pixelation.org/bitcoins-highest-ever-price-what-really-happened-at-126000-223s',
  'scriptedPath[2025-10-10]': "facts §13: '$122k -> ~$105-107k' on Oct 10-11; $122k is the level before the tariff crash [N] https://yellow.com/research/trump-100-china-tariff-how-one-announcement-liquidated-dollar19-billion-in-crypto",
  'scriptedPath[2025-10-11]': 'facts §13: ~$105-107k after the -12% crash (as low as ~$101-102k on some venues); upper end as a daily level [N]. The crash (US evening of Oct 10) falls on the step that ends Oct 11',
  'scriptedPath[2025-10-27]': "estimate: facts §1 (SQNS sale-price row) 'BTC traded ~$104-115k in the last week of Oct' [E]; the week opened near the top",
  'scriptedPath[2025-11-03]': "facts §13: 'below $106k (Nov 3)' [N] https://coinalertnews.com/news/2025/11/04/dce7c71317ca3cba41bebfa95c43eb75",
  'scriptedPath[2025-11-04]': "facts §13: '~$100-102k (Nov 4)' [N] same source",
  'scriptedPath[2025-11-10]': 'estimate: Strategy bought at an average $102,171 over Nov 10-16 (facts §4) while BTC was below $95k by Nov 13-14, so the week opened above ~$102k [E]',
  'scriptedPath[2025-11-14]': "facts §13: 'below $95k' on Nov 13-14 [N] https://bitcoinethereumnews.com/?p=2294491",
  'scriptedPath[2025-11-17]': 'facts §13: Nov 17 low $89,253.78, rebound $93,426; ~$92k as the close [N] https://cryptovideos.net/2025/11/19/record-2-5-billion-flees-bitcoin-etfs-as-blackrocks-ibit-sheds-1-6-billion',
  'scriptedPath[2025-11-21]': "facts §13: intraday low $80,553, '~$84k later' [N] https://allthe.news/yo/articles/bitcoin-hits-seven-month-low-in-broader-crypto-selloff",
};

const ETH_PATH_SOURCES: Record<string, string> = {
  'scriptedPath[2025-10-06]': 'facts §13: ~$4,700 on Oct 6 [N]',
  'scriptedPath[2025-10-10]': 'estimate: placed so that the -14% to -16% crash of Oct 10-11 (facts §13) falls on the same step as BTC\'s: $3,750 / 0.85 = ~$4,400 [N]+[E]',
  'scriptedPath[2025-10-11]': "facts §13: -14% to -16% on Oct 10-11, 'to ~$3,700' (the low); $3,750 as a daily level [N]+[E] https://bitcointalk.org/index.php?topic=5512334.msg65492094",
  'scriptedPath[2025-10-17]': 'facts §6: SharpLink bought 19,271 ETH at an average $3,892 (announced Oct 17) [F via news] https://coinalertnews.com/news/2025/10/21/5055789eee44b1dc4c0408bdb74a31ff',
  'scriptedPath[2025-11-03]': "estimate: BTC fell ~4.8% from Nov 3 to Nov 4 (replay points) and 'the ETH/BTC ratio has dropped by 1.3%' (source article of 2025-11-04, shared/sources/000_*.txt), so ETH fell ~6%: $3,300 / 0.94 = ~$3,510 [N]+[E]. Without this point the Nov 4 fall would be spread over Oct 17 - Nov 4",
  'scriptedPath[2025-11-04]': "source article of 2025-11-04 (shared/sources/000_*.txt): 'Ethereum has fallen below $3,400'; ~$3,300 [N]",
  'scriptedPath[2025-11-17]': 'facts §13: ~$3,100 on Nov 17 [N]',
  'scriptedPath[2025-11-20]': 'facts §3: ETH ~$3,000 on Nov 20 (BitMine\'s $3.7B unrealized loss) [N] https://coinness.com/mn/news/1143680',
  'scriptedPath[2025-11-21]': 'facts §13: ETH < $2,700 intraday, -8.9% on the day; ~$2,750 as the close [N] https://allthe.news/yo/articles/bitcoin-hits-seven-month-low-in-broader-crypto-selloff',
};

interface FlowDef { startDate: string; days: number; usdPerDay: number; label: string; source: string }

const BTC_FLOWS: FlowDef[] = [
  { startDate: '2025-10-06', days: 5, usdPerDay: -540e6, label: 'US spot BTC ETF net inflows, week of Oct 6-10 ($2.7B spread evenly)', source: "facts §13: weekly inflows of $3.2B and $2.7B in the first two weeks of October [N] https://www.binance.bh/en-TR/square/post/33221141238721; the window starts Oct 6, so the second week's $2.7B is used, spread evenly over its 5 days (-$540M/day) [E]" },
  { startDate: '2025-11-04', days: 1, usdPerDay: 577.7e6, label: 'US spot BTC ETF net redemptions, Nov 4 (fifth day in a row)', source: 'source article 2025-11-04 (shared/sources/000_*.txt): BTC ETFs -$577.7M on Nov 4 [N]' },
  { startDate: '2025-11-13', days: 1, usdPerDay: 866.7e6, label: 'US spot BTC ETF net redemptions, Nov 13', source: 'facts §13: -$866.7M on Nov 13 [N] https://thedeepdive.ca/bitcoin-etf-outflows-near-record-3-6-billion-as-prices-fall-30' },
  { startDate: '2025-11-20', days: 1, usdPerDay: 903e6, label: 'US spot BTC ETF net redemptions, Nov 20 (2nd largest ever)', source: "facts §13: -$903M on Nov 20 [N] same source. Not included: IBIT's record -$523.2M on Nov 18 (one fund; the day's total is not in the facts) and the early holder's ~11,000 BTC sold since Oct 21 (no daily split)" },
];

const ETH_FLOWS: FlowDef[] = [
  { startDate: '2025-11-04', days: 1, usdPerDay: 219e6, label: 'US spot ETH ETF net redemptions, Nov 4 (ETHA -$111M of it)', source: 'source article 2025-11-04 (shared/sources/000_*.txt): ETH ETFs -$219M on Nov 4 [N]. No other dated ETH-ETF day is in the facts (November total -$1.4B to -$2.5B, sources disagree)' },
];

/** The October 10 depth collapse: order books 'appeared empty for several minutes' (Kaiko, facts §13). */
export const DEPTH_COLLAPSE = {
  startDate: '2025-10-11',
  days: 1,
  volumeFraction: 0.1,
  label: 'October 10 depth collapse (Kaiko: books empty for minutes, bids only at the 4-10% bands)',
  source:
    "facts §13 (Kaiko): on Oct 10 books on several venues 'appeared empty for several minutes', meaningful bids only at the 4%-10% bands, market makers stepped back [N] https://research.kaiko.com/insights/when-october-surprise-meets-crypto-liquidity-drought. " +
    'Modelled as a 90% cut of the volume V in the impact law for one day (volumeFraction 0.1 [E]: a daily stand-in for minutes of empty books), on the step that carries the crash (the Oct 11 step of the daily replay)',
};

export interface MarketOptions {
  /** Scenario start (flows and shocks before it are dropped). */
  start: string;
  /** Fitted leverage and chase (the replay), or null for the presets (library scenarios). */
  fitted: Fitted | null;
  /** Start at the October open interest (the replay) or at the November level (forward scenarios). */
  openInterest: 'october' | 'november';
  /** Replace the replay path (stress scenarios). */
  scriptedPath?: { date: string; price: number }[];
  scriptedPathSources?: Record<string, string>;
  extraShocks?: { startDate: string; days: number; volumeFraction: number; label: string; source: string }[];
  extraFlows?: FlowDef[];
}

const ordOf = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;

export function market(coin: 'BTC' | 'ETH', o: MarketOptions): MarketFile {
  const f = o.fitted;
  const startOrd = ordOf(o.start);
  const flows = [...(coin === 'BTC' ? BTC_FLOWS : ETH_FLOWS), ...(o.extraFlows ?? [])].filter((x) => ordOf(x.startDate) + x.days - 1 >= startOrd);
  const shocks = [...(ordOf(DEPTH_COLLAPSE.startDate) >= startOrd && !o.scriptedPath ? [DEPTH_COLLAPSE] : []), ...(o.extraShocks ?? [])];
  const octOi = f ? f.octOpenInterestUsd[coin] : NaN;
  const target = OI_DECLINE * octOi;
  const oi = o.openInterest === 'october' ? octOi : target;
  const fittedSources: Record<string, string> = f ? {
    'leverage.openInterestUsd': o.openInterest === 'october'
      ? `${FITTED_NOTE}: long open interest at risk in early October, fitted to the liquidation figures of Oct 10-11, Nov 4 and Nov 21`
      : `${FITTED_NOTE}: the November level, ${OI_DECLINE} x the fitted October level (perp OI -35% from the October peak by Nov 21, facts §13)`,
    'leverage.targetOpenInterestUsd': `${OI_DECLINE} x the fitted October level: perp open interest fell 35% from its October peak of $94B by Nov 21 (facts §13 [N] https://news.az/news/bitcoin-set-for-worst-monthly-drop-since-2022-crypto-collapse)`,
    'leverage.meanLiquidationDistance': 'preset value 0.12 (~8x average leverage), held fixed: daily closes do not identify it (docs/calibration.md, leverage fit)',
    'leverage.short*': 'a balanced book, mirroring the long fields: the reported short liquidations are all on down closes (intraday bounces), which the close-to-close law cannot produce, and a balanced book keeps the coin drift-neutral (docs/model.md 2.4, docs/calibration.md 2.1)',
    'etfFlow.chase': `${FITTED_NOTE}: the November ETF total (${coin === 'BTC' ? '-$3.48B to -$3.79B' : '-$1.4B to -$2.5B, sources disagree'}, facts §13) with the dated days scheduled`,
  } : {
    'leverage, etfFlow': `preset (src/presets/defaults.ts MARKET_PRESETS.${coin}); docs/calibration.md gives the values fitted on the Oct 6 - Nov 21 replay`,
  };
  const sources: Record<string, string> = {
    preset: `src/presets/defaults.ts MARKET_PRESETS.${coin} (sigma, jumps, volume, impact law and Y, lambda, half-life; each with its source there)`,
    peakPrice: coin === 'BTC' ? 'facts §13: BTC ATH ~$126,080 on 2025-10-06 (venue-dependent) [N] https://www.blocmates.com/news-posts/bull-run-back-on-bitcoin-hits-new-ath-of-126-080-over-365m-in-liquidations-recorded' : 'facts §13: ETH ATH ~$4,946-4,956 on 2025-08-24 [N] https://t.signalplus.com/crypto-news/detail/ethereum-4885-ath-price-discovery-target-5000?lang=en-US',
    ...(o.scriptedPath ? (o.scriptedPathSources ?? {}) : coin === 'BTC' ? BTC_PATH_SOURCES : ETH_PATH_SOURCES),
    ...fittedSources,
  };
  flows.forEach((x, i) => (sources[`scheduledFlows[${i}]`] = x.source));
  shocks.forEach((x, i) => (sources[`liquidityShocks[${i}]`] = x.source));
  return {
    preset: coin,
    peakPrice: coin === 'BTC' ? 126080 : 4946,
    scriptedPath: o.scriptedPath ?? (coin === 'BTC' ? BTC_PATH : ETH_PATH),
    scheduledFlows: flows.map(({ source: _s, ...x }) => x),
    liquidityShocks: shocks.map(({ source: _s, ...x }) => x),
    ...(f ? {
      leverage: { openInterestUsd: round3(oi), targetOpenInterestUsd: round3(target), meanLiquidationDistance: round3(f.meanLiquidationDistance),
        shortOpenInterestUsd: round3(oi), shortTargetOpenInterestUsd: round3(target), shortMeanLiquidationDistance: round3(f.meanLiquidationDistance) },
      etfFlow: { chase: round3(f.chase[coin]) },
    } : {}),
    sources,
  };
}

/** Three significant digits: fitted values are written this way into the files. */
export function round3(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log10(Math.abs(x))) - 2;
  const p = Math.pow(10, e);
  return Number((Math.round(x / p) * p).toPrecision(3));
}

function premium(f: Fitted): CompanyFile['premium'] {
  return { kappa: round3(f.premium.kappa), drawdownSensitivity: round3(f.premium.drawdownSensitivity), premiumVol: round3(f.premium.premiumVol) };
}

const PREMIUM_SOURCE = `${FITTED_NOTE}: kappa and drawdownSensitivity by least squares over the reported stock prices and mNAVs of the window (shared by all companies), premiumVol from the residuals; other premium fields are the defaults`;

// ---------------------------------------------------------------------------
// Tokyo: no minimum-price rule
// ---------------------------------------------------------------------------

export const TSE_RULES = {
  'tse-no-price-rule': {
    name: 'Tokyo Stock Exchange (no minimum-price rule)',
    source:
      'The Tokyo Stock Exchange has no bid-price minimum like Nasdaq 5550(a)(2) or NYSE 802.01C; its delisting criteria (market capitalisation, tradable shares, trading volume, net assets) are not modelled. ' +
      'This rule set exists only so the engine has a listing machine for Metaplanet: its minimum of $0.0001 never triggers in practice. Prices are in USD (JPY converted at an assumed ~152 JPY/USD [?]).',
    minPrice: 0.0001,
    trigger: { kind: 'consecutiveBelow' as const, days: 30 },
    cure: { kind: 'consecutiveAtOrAbove' as const, days: 10 },
    periodDays: 180,
    periodMonths: 0,
    secondPeriodDays: 0,
    pennyPrice: 0,
    pennyDays: 0,
    reverseSplitLookbackDays: 0,
    cumulativeSplitLimit: 0,
    cumulativeSplitWindowDays: 0,
    delistDelayDays: 0,
    holidayCalendar: 'tse' as const,
  },
};

// ---------------------------------------------------------------------------
// Companies, as of the replay start (2025-10-06) or the nearest cited date
// ---------------------------------------------------------------------------

const MSTR_CONVERTIBLES: NonNullable<CompanyFile['debt']> = [
  { kind: 'convertible', id: '0.625%-2028', principalUsd: 1010000000, couponRate: 0.00625, maturityDate: '2028-09-15', conversionPrice: 183.19, putDate: '2027-09-15', sources: { terms: '$1.01B 0.625% due 2028-09-15, holder put 2027-09-15 [N] https://binance.com/square/post/13639773967369 ; conversion $183.19 [N] (not in the facts file; as in scenarios/contagion.json)' } },
  { kind: 'convertible', id: '0%-2029', principalUsd: 3000000000, couponRate: 0, maturityDate: '2029-12-01', conversionPrice: 672.4, putDate: '2028-06-01', sources: { terms: '0% due 2029, $3.0B, conversion $672.40 [N] https://panewslab.com/en/sqarticledetails/ysow72ko.html; dates [?] (as in scenarios/contagion.json)' } },
  { kind: 'convertible', id: '0.625%-2030A', principalUsd: 800000000, couponRate: 0.00625, maturityDate: '2030-03-15', conversionPrice: 149.77, putDate: '2028-09-15', sources: { terms: '$800M 0.625% (Mar 2024) [N] https://binance.com/es-MX/square/post/5256920329794; dates [?] (as in scenarios/contagion.json)' } },
  { kind: 'convertible', id: '0%-2030B', principalUsd: 2000000000, couponRate: 0, maturityDate: '2030-03-01', conversionPrice: 433.43, putDate: '2028-03-01', sources: { terms: '$2.0B 0% due 2030-03-01, conversion $433.43, put 2028-03-01 [N] https://www.crypto-news.net/strategy-announces-2-billion-senior-notes/' } },
  { kind: 'convertible', id: '0.875%-2031', principalUsd: 603750000, couponRate: 0.00875, maturityDate: '2031-03-15', conversionPrice: 232.72, putDate: '2028-09-15', sources: { terms: '$603.75M 0.875% due 2031-03-15, conversion $232.72 (split-adjusted), put 2028-09-15 [F via summary] https://secwatch.observer/filing/0001193125-24-070793.md' } },
  { kind: 'convertible', id: '2.25%-2032', principalUsd: 800000000, couponRate: 0.0225, maturityDate: '2032-06-15', conversionPrice: 204.33, putDate: '2029-06-15', sources: { terms: '$800M 2.25% due 2032, conversion $204.33, put 2029-06-15 [N] https://binance.com/en-JP/square/post/9459704043074' } },
  { kind: 'preferred', id: 'perpetual-preferreds', liquidationPreferenceUsd: 7779000000, dividendRate: 0.085, sources: { liquidationPreferenceUsd: 'facts §4: total obligations ~$15.993B - $8.214B convertibles = ~$7.779B of perpetual preferreds [F]/[N]+[E] https://particle.news/story/strategy-touts-debt-coverage-as-index-exclusion-risks-mount', dividendRate: 'estimate: ~$700M/yr of dividends + interest (facts §4 [N]) less ~$35M of coupons = ~8.5% of $7.779B [E]' } },
];

export interface CompanyOptions {
  /** Fitted premium dynamics (the replay), or null for the defaults (library scenarios). */
  fitted: Fitted | null;
  stockPrice0: number;
  stockPrice0Source: string;
}

function withPremium(c: CompanyFile, f: Fitted | null): CompanyFile {
  if (!f) return { ...c, sources: { ...c.sources, premium: 'defaults (src/presets/defaults.ts); the initial premium comes from stockPrice0. docs/calibration.md gives the values fitted on the Oct 6 - Nov 21 replay' } };
  return { ...c, premium: premium(f), sources: { ...c.sources, premium: PREMIUM_SOURCE } };
}

/** Strategy: Nov 17 position (the nearest complete, cited figure). */
export function mstr(o: CompanyOptions, asOf: 'replay' | 'late-nov'): CompanyFile {
  return withPremium({
    ticker: 'MSTR', name: 'Strategy Inc.', coin: 'BTC', exchange: 'nasdaq-gm',
    coins: 649870, costBasisUsd: 74433, cashUsd: 54000000, otherAssetsUsd: 0, sharesOutstanding: 288000000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 0,
    debt: MSTR_CONVERTIBLES, policies: [{ kind: 'hold' }],
    sources: {
      exchange: 'facts §4: Nasdaq (Nasdaq-100 member); on the Global Select Market, whose bid-price procedure is the nasdaq-gm rule set (5450(a)(1)) [N]',
      coins: asOf === 'replay'
        ? 'facts §4: 649,870 BTC on Nov 17 [F via news] https://web3chainhub.com/?p=1095. The Oct 6 figure is not in the facts: this is the nearest cited one. 8,178 BTC of it were bought Nov 10-16 with ~$0.85B of preferreds, so early in the window holdings are ~1.3% and preferreds ~11% overstated; the purchases themselves are in the replayed path'
        : 'facts §4: 649,870 BTC on Nov 17 [F via news] https://web3chainhub.com/?p=1095',
      costBasisUsd: 'facts §4: avg $74,433, total ~$48.37B [F via news]',
      cashUsd: 'facts §4: ~$54M before the Dec 1 $1.44B USD reserve (not included) [N] https://particle.news/story/strategy-touts-debt-coverage-as-index-exclusion-risks-mount',
      sharesOutstanding: 'estimate: ~$51B market cap at ~$177 on Nov 28 (facts §4 [N]) -> ~288M shares [E]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: the software business taken as cash-neutral [E]; obligations are the coupons and preferred dividends (~$700M/yr, facts §4)',
      'policies[0] hold': "facts §4: no coin sales [N]. The funding order decides: cash, then at-the-market issuance while basic mNAV > 1, then BTC ('Strategy sells only if mNAV < 1 and capital markets are closed', MODEL.md 7)",
      convertibles: 'facts §4: $8.214B of convertible notes [F]/[N]; split into six series as in scenarios/contagion.json (terms from stored pages, not in the facts file)',
    },
  }, o.fitted);
}

/** Sequans: before its sale (replay) or after it (late Nov). */
export function sqns(o: CompanyOptions, asOf: 'replay' | 'late-nov'): CompanyFile {
  const before = asOf === 'replay';
  return withPremium({
    ticker: 'SQNS', name: 'Sequans Communications S.A. (ADS)', coin: 'BTC', exchange: 'nyse',
    coins: before ? 3234 : 2264, costBasisUsd: 116900, cashUsd: 15000000, otherAssetsUsd: 0, sharesOutstanding: 14300000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 81600000, buybackAuthorizationUsd: 10000000,
    debt: [{
      kind: 'convertible', id: 'secured-debentures-2028', principalUsd: before ? 189000000 : 94500000, couponRate: 0, maturityDate: '2028-07-07', conversionPrice: 21, putDate: null,
      collateralCoins: before ? 3234 : 1617,
      sources: {
        principalUsd: before ? 'facts §1: $189M secured convertible debentures issued 2025-07-07 [N] https://bestcrypto.services/sequans-sells-970-bitcoin-to-slash-debt-bitcoin-price-slumps-to-101000' : 'facts §1: $189M -> $94.5M after the 970 BTC sale (announced Nov 4) [F via news] https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall',
        terms: 'facts §1: coupon 0%, maturity 2028-07-07, conversion $21 per a tracker [N]/[?] https://www.convertiblemonitor.com/issuer/sequans; no put and no covenant modelled (not public) [?]',
        collateralCoins: before ? 'estimate: all 3,234 BTC pledged; the early-2026 amendment has 1,617 BTC in a collateral account for the remaining $94.5M, which pro-rata release of 3,234 BTC on repaying half gives [F via summary]+[E] (as in scenarios/sqns.json)' : 'facts §1: up to 1,617 BTC in a collateral securities account for the remaining $94.5M [F via summary] https://www.stocktitan.net/sec-filings/SQNS/6-k-sequans-communications-current-report-foreign-issuer-b0c4afc7e8cc.html',
      },
    }],
    policies: [
      { kind: 'deleverage', trigger: 0.55, repayFraction: 0.5 },
      { kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 },
    ],
    sources: {
      exchange: 'facts §1: NYSE, ADSs [F]',
      coins: before ? 'facts §1: peak holdings 3,234 BTC before the Nov 4 sale (3,171 on Aug 26) [F]/[N] https://coincentral.com/sequans-sqns-stock-falls-16-after-company-sells-nearly-third-of-bitcoin-holdings' : 'facts §1: 3,234 -> 2,264 BTC after selling 970 (AFTER the real sale) [F via news] https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall',
      costBasisUsd: "facts §1: 'about 3,200 BTC, roughly $374M at cost' -> ~$116.9k [N]+[E]",
      cashUsd: 'estimate: not found in sources (an unverified dataset says ~$15M) [?]',
      sharesOutstanding: 'facts §1: ~14.3M ADSs after the Sep 17 2025 ratio change [E from F/N]; a 25.5M figure conflicts [?]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: Q3 2025 operating loss $20.4M x 4 [F]+[E] (includes non-cash items)',
      buybackAuthorizationUsd: 'estimate: size not found [?]; 10% of ~14.3M ADSs at ~$7 (French repurchase cap) [E]',
      'policies[0] deleverage': 'facts §1: sold 970 BTC to redeem 50% of the debentures at debt-to-NAV 55% -> 39% [F via news]: trigger 0.55, repayFraction 0.5 (as in scenarios/sqns.json)',
      'policies[1] buybackBelowNav': "facts §1: the sale 'boosts ADS buyback capacity' [F via news]; threshold and pace are defaults [?]",
    },
  }, o.fitted);
}

/** FG Nexus: Sep 30 balance sheet (replay) or Nov 19 (late Nov). */
export function fgnx(o: CompanyOptions, asOf: 'replay' | 'late-nov'): CompanyFile {
  const before = asOf === 'replay';
  const pref = { kind: 'preferred' as const, id: 'series-a-8pct-FGNXP', liquidationPreferenceUsd: 23900000, dividendRate: 0.08, sources: { dividendRate: 'facts §2: 8.00% cumulative Series A, $25 preference [F] https://secwatch.observer/filing/0001493152-26-007371.md', liquidationPreferenceUsd: 'estimate ~956k shares x $25 = $23.9M; share count not found (facts: under ~1M) [E]/[?] (as in scenarios/fgnx.json)' } };
  const sep30 = { kind: 'loan' as const, id: 'sep30-debt', principalUsd: 1900000, rate: 0.08, maturityDate: '2026-09-30', sources: { principalUsd: 'facts §2: $1.9M debt on Sep 30 [F] https://secwatch.observer/filing/0001493152-25-024549.md', terms: 'rate and maturity not known: 8%, one year assumed [?]' } };
  const nov = { kind: 'loan' as const, id: 'nov-borrowing', principalUsd: 10000000, rate: 0.08, maturityDate: '2026-11-19', sources: { principalUsd: 'facts §2: ~$10M borrowed for the buyback; total debt $11.9M on Nov 19 [F via 8-K summary]', terms: 'lender, rate, collateral not disclosed: unsecured, 8%, one year assumed [?]' } };
  return withPremium({
    ticker: 'FGNX', name: 'FG Nexus Inc.', coin: 'ETH', exchange: 'nasdaq-gm',
    coins: before ? 50778 : 40005, costBasisUsd: 3900, cashUsd: before ? 7500000 : 37000000, otherAssetsUsd: 15000000,
    sharesOutstanding: before ? 39574350 : 36200000, stockPrice0: o.stockPrice0, opexUsdPerYear: 12000000,
    buybackAuthorizationUsd: before ? 200000000 : 188300000,
    stock: { turnover: 0.02 },
    debt: before ? [sep30, pref] : [sep30, nov, pref],
    policies: before
      ? [{ kind: 'rules', rules: [{ when: 'day >= 15 and stockPrice < navPerShare and stockPrice < 5', action: 'buyback', amount: 'min(0.25 * advUsd, max(0, 200e6 - coinsSoldUsd))' }] }]
      : [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 5 }, { kind: 'stopLoss', maxLoss: 0.3, fractionPerDay: 0.05 }],
    sources: {
      exchange: 'nasdaq-gm, a judgement: the Series A preferred is on the Global Market (2021 prospectus); the common\'s tier is unconfirmed (facts §2) [F]/[?]',
      coins: before ? 'facts §2: 50,778 ETH on Sep 30 2025 (nearest to Oct 6; no sale before the Oct 21 buyback) [F] https://www.stocktitan.net/sec-filings/FGNX/10-q-fg-nexus-inc-quarterly-earnings-report-b8c237eaa808.html' : 'facts §2: 40,005 ETH on Nov 19 after selling 10,922 (AFTER the real sales) [F via 8-K summary] https://secwatch.observer/filing/0001493152-25-024549.md',
      costBasisUsd: 'facts §2: $3,860 (company) to $3,944 (later analysis); ~$3,900 [N]+[E]',
      cashUsd: before ? 'facts §2: $7.5M on Sep 30 [F]' : 'facts §2: $37M cash + USDC on Nov 19 [F]',
      otherAssetsUsd: 'estimate: Sep 30 equity $231M - ETH $210.4M - cash $7.5M + debt $1.9M = ~$15M [F]+[E]',
      sharesOutstanding: before ? 'facts §2: 39,574,350 on the 10-Q cover (Nov 12; before the buyback settled) [F]' : 'facts §2: 39.57M - ~3.4M repurchased = ~36.2M [F]/[N]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: ~$3M a quarter of recurring burn [E] (as in scenarios/fgnx.json)',
      buybackAuthorizationUsd: before ? 'facts §2: $200M program (~Oct 21-22) [N] https://www.binance.bh/en-AE/square/post/31269447264937' : 'estimate: $200M - ~3.4M x $3.45 = ~$188.3M left [E]',
      'stock.turnover': 'estimate: ~3.4M shares bought in ~21 trading days at <=25% of volume -> >=1.6%/day; 2% [E] (as in scenarios/fgnx.json)',
      ...(before
        ? { 'policies[0] rules': "facts §2: $200M buyback via ThinkEquity from ~Oct 21-22, below estimated NAV (~$5.10), at most 25% of daily volume while under $5 [N]. A rule rather than buybackBelowNav so that it starts on Oct 21 (day 15): buy back min(25% of ADV, what is left of $200M) while the stock is under NAV per share and under $5, funded by selling ETH (the engine's buybacks are coin-funded). The real company also sold ETH into cash (10,922 ETH vs ~$11.7M of buybacks); the model does not" }
        : { 'policies[0] buybackBelowNav': 'facts §2 as above [N]', 'policies[1] stopLoss': "source article 2025-11-21 (shared/sources/001_*.txt): 'FGNX: ETH 4000 cost, recently cut losses to exit' [N]; threshold 30% and pace 5%/day are estimates [E] (as in scenarios/fgnx.json)" }),
    },
  }, o.fitted);
}

/** BitMine: Nov 17 release (nearest cited position). */
export function bmnr(o: CompanyOptions, asOf: 'replay' | 'late-nov'): CompanyFile {
  return withPremium({
    ticker: 'BMNR', name: 'BitMine Immersion Technologies, Inc.', coin: 'ETH', exchange: 'nyse-american',
    coins: 3560000, costBasisUsd: 4009, cashUsd: 607000000, otherAssetsUsd: asOf === 'replay' ? 17700000 : 16100000, sharesOutstanding: 384000000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 20000000, buybackAuthorizationUsd: 0,
    debt: [], policies: [{ kind: 'hold' }],
    sources: {
      exchange: 'facts §3: NYSE American [F]',
      coins: asOf === 'replay'
        ? 'facts §3: 3.56M ETH in the Nov 17 release [F via news] https://cointeeth.com/news/after-its-stock-price-plummeted-by-80-is-there-a. The Oct 6 count is not in the facts (the company bought through the window; ~3.5M on Nov 9): the nearest cited figure is used, so early in the window ETH and NAV are overstated (by up to ~20%); its purchases are in the replayed path'
        : 'facts §3: 3.56M ETH (Nov 17) [F via news]; later purchases not modelled',
      costBasisUsd: 'facts §3: $4,009 (ChainCatcher, ~Nov 17); 10x Research says $4,051 [N]',
      cashUsd: 'facts §3: $607M unencumbered cash on Nov 17 [F via news] https://www.binance.bh/en-AE/square/post/32632057470402',
      otherAssetsUsd: 'estimate: 192 BTC (facts §3) at ~$92k (Nov 17) or $84k (Nov 21) [E]; the ORBS stake left out',
      sharesOutstanding: 'facts §3: ~384M (Stock Analysis snapshot) [N]/[?] https://ic-staging.stockanalysis.com/stocks/bmnr/statistics; BitMine does not publish its share count weekly, and the reported basic mNAV of 0.77-0.8 implies ~$8.5-8.9B of market value, i.e. fewer shares or a lower price than used here',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate ~$20M/yr [E] (immaterial next to $607M)',
      'policies[0] hold': 'facts §3: no debt, no coin sales; kept buying [N] https://yellow.com/news/tom-lees-bitmine-faces-dollar6-8b-loss-as-ethereum-falls-below-dollar2000. Purchases not modelled',
    },
  }, o.fitted);
}

/** SharpLink: Sep 30 (replay) or Nov 9 (late Nov). */
export function sbet(o: CompanyOptions, asOf: 'replay' | 'late-nov' | 'nov-9', policy: 'hold' | 'buyback' = 'hold'): CompanyFile {
  const sep = asOf === 'replay';
  return withPremium({
    ticker: 'SBET', name: 'SharpLink Gaming, Inc.', coin: 'ETH', exchange: 'nasdaq-cm',
    coins: sep ? 817747 : 861251, costBasisUsd: 3600, cashUsd: 20000000, otherAssetsUsd: 0, sharesOutstanding: 196690000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 1468000000,
    stock: { turnover: 0.1 },
    debt: [],
    policies: policy === 'hold' ? [{ kind: 'hold' }] : [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.05, maxPriceUsd: 0 }],
    sources: {
      exchange: 'facts §6: Nasdaq [N]; tier not in the facts, Capital Market assumed [?]',
      coins: sep ? 'facts §6: 817,747 ETH on Sep 30 (nearest to Oct 6) [F via summary] https://fintool.com/app/research/companies/SBET/earnings/Q3%202025; it bought 19,271 ETH on Oct 17 and held 861,251 by Nov 9 (those purchases are in the replayed path, not modelled)' : 'facts §6: 861,251 ETH on Nov 9 [F via summary] https://fintool.com/app/research/companies/SBET/earnings/Q3%202025',
      costBasisUsd: 'estimate: average cost not found [?] (June buys ~$2,626, Oct buys $3,892, facts §6); ~$3,600, used only for P&L',
      cashUsd: 'estimate: EV $2.00B vs market cap $2.02B (Stock Analysis, Nov 26; not in the facts file) -> ~$20M [N]+[E]',
      sharesOutstanding: '196.69M (Stock Analysis, Nov 2025; not in the facts file) [N] https://stockanalysis.com/stocks/sbet/statistics',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: 0; staking income exceeds G&A and the model has no income line [E]',
      buybackAuthorizationUsd: 'facts §6: $1.5B authorization, ~$32M used by mid-Sep [F via news]+[E]',
      'stock.turnover': 'estimate: 20-day volume ~25.9M shares on ~193M (Stock Analysis) = ~13%/day; 10% [N]+[E]',
      ...(policy === 'hold'
        ? { 'policies[0] hold': 'facts §6: no coin sales confirmed in the window (the flagged 4,364 ETH transfer was denied) [N]; it bought ETH with equity raised at a premium' }
        : { 'policies[0] buybackBelowNav': "facts §6: buys back only when mNAV < 1 [F via news]; 5% of ADV is an estimate [E]. SharpLink never sold ETH to buy back: this policy is a what-if" }),
    },
  }, o.fitted);
}

/** ETHZilla: Sep 19 balance sheet, before the 1:10 split (replay) or after it. */
export function ethz(o: CompanyOptions, asOf: 'replay' | 'oct-21' | 'late-nov'): CompanyFile {
  const pre = asOf === 'replay';
  const conv = pre ? 3.05 : 30.5;
  return withPremium({
    ticker: 'ETHZ', name: 'ETHZilla Corporation', coin: 'ETH', exchange: 'nasdaq-cm',
    coins: asOf === 'late-nov' ? 94100 : 102264, costBasisUsd: 3950, cashUsd: 559000000, otherAssetsUsd: 0,
    sharesOutstanding: pre ? 160176122 : 16017612, stockPrice0: o.stockPrice0, opexUsdPerYear: 0,
    buybackAuthorizationUsd: asOf === 'late-nov' ? 195000000 : 235000000,
    debt: [
      { kind: 'convertible', id: 'aug2025-notes', principalUsd: 156250000, couponRate: 0.02, maturityDate: '2028-08-08', conversionPrice: conv, putDate: '2026-05-08', collateralCoins: 3460,
        sources: { principalUsd: 'facts §7: $156.25M senior secured convertibles [F]', terms: 'maturity 2028-08-08 and investor redemption from 2026-05-08 (Q3 10-Q note 8, not in the facts file) [F] https://www.sec.gov/Archives/edgar/data/1690080/000121390025111023/R14.htm; coupon 0% until Feb 2026 then 2% (2% used) [F]; conversion assumed equal to the new notes\' [?]', collateralCoins: 'estimate: ~$50M of ETH (facts §7) at ~$4,450, split pro rata [E]' } },
      { kind: 'convertible', id: 'sep2025-notes', principalUsd: 350000000, couponRate: 0.02, maturityDate: '2028-09-22', conversionPrice: conv, putDate: null, collateralCoins: 7740,
        sources: { principalUsd: 'facts §7: $350M, 2% (18% on default), secured by $50M of ETH + ~$500M cash [F] https://www.stocktitan.net/sec-filings/ETHZ/8-k-a-eth-zilla-corp-amends-material-event-report-e06ef78fbbc5.html', conversionPrice: pre ? 'facts §7: $3.05 pre-split (the engine scales it x10 at the Oct 20 split) [F]' : 'facts §7: $3.05 pre-split = $30.50 after the 1:10 split [F]+[E]', maturityDate: 'not known: three years assumed [?]' } },
    ],
    policies: pre
      ? [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.05, maxPriceUsd: 0 }, { kind: 'rules', rules: [{ when: 'day == 4', action: 'reverseSplit', amount: '10' }] }]
      : [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.05, maxPriceUsd: 0 }],
    sources: {
      exchange: 'facts §7: Nasdaq Capital Market (Q3 10-Q) [F] https://us.kabutan.jp/disclosures/0001213900-25-111023?lang=en',
      coins: asOf === 'late-nov' ? 'estimate: 102,264 ETH (Sep 19) less the ~$40M October sale -> ~94,100 [F]/[N]+[E] (as in scenarios/contagion.json)' : 'facts §7: 102,264 ETH & equivalents on Sep 19 (nearest to Oct 6) [F] https://www.stocktitan.net/news/ETHZ/france-eases-retail-crypto-rules-as-europe-unlocks-access-for-5ut8d0564b1d.html',
      costBasisUsd: 'estimate: not found [?]; ~$3,950 (bought in Aug 2025)',
      cashUsd: 'facts §7: ~$559M on Sep 19 [F]; ~$500M of it secures the notes, which the model does not restrict',
      sharesOutstanding: pre ? 'facts §7: 160,176,122 shares (Sep 19), before the 1:10 split of Oct 20 [F]' : 'facts §7: 160.18M / 10 after the Oct 20 split [F]+[E]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: 0; interest on the collateral cash covers coupons and G&A [E]',
      buybackAuthorizationUsd: asOf === 'late-nov' ? 'estimate: $250M - ~$40M (Oct) - ~$15M (Sep) [E]' : 'estimate: $250M program (facts §7) - ~$15M used in September (6.45M pre-split shares) [E]',
      'policies[0] buybackBelowNav': 'facts §7: sold ~$40M of ETH to fund buybacks in October [N] https://allthe.news/zh/articles/ethzilla-sells-74-5-million-in-ether-to-trim-debt. Threshold 1 (below equity NAV per share); the pace is not disclosed: 5% of ADV, the estimate used for SharpLink in scenarios/contagion.json [E]/[?] (the default 25% would sell ~4x more). No deleverage policy: the engine\'s trigger ignores the ~$500M of cash that backs the notes',
      ...(pre ? { 'policies[1] rules': 'facts §7: 1-for-10 reverse split effective Oct 20 2025 (day 14) [N] https://www.ainvest.com/news/ethzilla-1-10-reverse-stock-split-strategic-gambit-institutional-necessity-2510; the rule decides it on day 4 (Fri Oct 10) because a split takes effect no earlier than 10 calendar days after Nasdaq is notified (Rule 5250(e)(7); docs/model.md 5.2)' } : {}),
    },
  }, o.fitted);
}

/** KindlyMD / Nakamoto: Oct 6 (the Antalpha LOI day). */
export function naka(o: CompanyOptions, policy: 'hold' | 'defendListing' = 'hold'): CompanyFile {
  return withPremium({
    ticker: 'NAKA', name: 'KindlyMD, Inc. (Nakamoto)', coin: 'BTC', exchange: 'nasdaq-gm',
    coins: 5765, costBasisUsd: 118000, cashUsd: 0, otherAssetsUsd: 0, sharesOutstanding: 400000000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: policy === 'defendListing' ? 50000000 : 0,
    debt: [{ kind: 'loan', id: 'two-prime-credit', principalUsd: 203000000, rate: 0.08, maturityDate: '2026-10-06', collateralCoins: 3250,
      sources: { principalUsd: "facts §8: $203M BTC-secured credit from Two Prime, to be replaced by Antalpha's $250M facility (LOI Oct 6 2025) [N] https://edgen.pre.edgen.tech/zh/news/crypto/kindlymd-secures-250m-bitcoin-backed-convertible-note-facility-from-antalpha-amid-share-price-decline", terms: 'rate, maturity and covenants not in the sources: 8%, one year, no covenant modelled [?]', collateralCoins: 'estimate: 2x the principal in BTC at ~$124.8k (the Yorkville notes\' 2x rule, facts §8) = ~3,250 BTC [E]' } }],
    policies: policy === 'hold' ? [{ kind: 'hold' }] : [{ kind: 'defendListing', maxAdvFraction: 0.25, reverseSplitRatio: 10, reverseSplitDaysLeft: 30 }],
    sources: {
      exchange: 'facts §8: Nasdaq, not on the Capital Market -> nasdaq-gm (no second 180-day period) [F via news] https://block385.com/kindlymd-faces-nasdaq-delisting-fails-to-meet-minimum-share-price-levels',
      coins: 'facts §8: 5,765 BTC (Aug-Oct 2025; the Oct 6 Antalpha announcement says so) [N]; 5,398 cited later, reason not found [?]',
      costBasisUsd: 'not found (reported elsewhere as ~$118k, unverified) [?]; used only for P&L',
      cashUsd: 'not found [?]: 0, so interest is paid by selling BTC (funding order)',
      sharesOutstanding: 'estimate: market cap $504M at $1.26 (Sep 15, mNAV ~0.75, facts §8) -> ~400M shares [N]+[E] https://bitcoinnewscrypto.com/news/bitcoin/kindly-md-stock-crash-bitcoin-treasury-naka-sec-pipe',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not found [?]: 0 (the healthcare business is small)',
      'debt not modelled': 'the Yorkville $200M convertible of Aug 2025 (0% for 2 years, conversion $2.80, 2x BTC collateral, facts §8): its status in October (outstanding, repaid or replaced) is unclear in the sources [?]; with it, senior claims would be ~$403M instead of $203M',
      ...(policy === 'hold' ? { 'policies[0] hold': 'facts §8: no coin sale reported in the window [N]' } : { 'policies[0] defendListing': "what-if: under a Nasdaq notice, sell BTC to buy back stock and reverse split 1:10 when fewer than 30 days remain ('to keep the shell, sell coins to buy back the stock', source article 2025-11-21). NAKA's real response is not in the facts" }),
    },
  }, o.fitted);
}

const METAPLANET_SHARES = 1142000000;

/** Metaplanet (Tokyo): 30,823 BTC since Sep 30. */
export function metaplanet(o: CompanyOptions, asOf: 'replay' | 'nov-3' | 'late-nov', policy: 'hold' | 'buyback' = 'hold'): CompanyFile {
  const loan = asOf === 'replay' ? 0 : asOf === 'nov-3' ? 100000000 : 230000000;
  return withPremium({
    ticker: '3350.T', name: 'Metaplanet Inc. (Tokyo; prices in USD)', coin: 'BTC', exchange: 'tse-no-price-rule',
    coins: 30823, costBasisUsd: 108036, cashUsd: asOf === 'late-nov' ? 130000000 : 0, otherAssetsUsd: 0, sharesOutstanding: METAPLANET_SHARES,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: policy === 'buyback' ? 490000000 : 0,
    debt: loan > 0 ? [{ kind: 'loan', id: 'btc-backed-facility', principalUsd: loan, rate: 0.055, maturityDate: '2026-10-31', collateralCoins: 30823,
      sources: { principalUsd: `facts §5: BTC-backed facility up to $500M; drew $100M on Oct 31 and $130M on Nov 21 (total $230M) [F via news] https://www.mexc.co/en-IN/news/190240${asOf === 'nov-3' ? '; $100M outstanding at the start' : ''}`, rate: 'facts §5: floating USD benchmark + spread [F via news]; ~5.5% assumed [?]', maturityDate: 'facts §5: renews daily, prepayable; one year assumed [?]', collateralCoins: 'facts §5: BTC collateral with margin top-ups if BTC falls [F via news]; all holdings pledged and no LTV trigger modelled (terms not public) [?]' } }] : [],
    policies: policy === 'hold' ? [{ kind: 'hold' }] : [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 }],
    sources: {
      exchange: 'facts §5: Tokyo Stock Exchange. There is no TSE rule set in the simulator; tse-no-price-rule (listingRules in this file) is a machine that never triggers, because the TSE has no minimum-price rule like Nasdaq/NYSE',
      coins: 'facts §5: 30,823 BTC (last buy 5,268 BTC on Sep 30; purchases then paused) [F via news] https://quark.news/metaplanet-turns-to-bitcoin-leverage-for-500m-buyback-after-stock-value-slips-below-btc-stash-94716.html',
      costBasisUsd: 'facts §5: $108,036/BTC [N] https://www.ainvest.com/news/bitcoin-news-today-metaplanet-borrows-130m-buy-bitcoin-defying-downturn-chase-1-supply-target-2511',
      cashUsd: asOf === 'late-nov' ? 'estimate: the $130M drawn on Nov 21 "to buy bitcoin" is taken as still in cash [E]/[?]' : 'not in the facts [?]: 0 (the loan proceeds were spent; fiat cash not reported)',
      sharesOutstanding: 'estimate: the buyback of up to 150M shares is 13.13% of shares (facts §5) -> ~1,142M shares [F via news]+[E] https://bitbo.io/news/metaplanet-share-buyback-mnav',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not in the facts [?]: 0 (its BTC income business roughly covers costs)',
      ...(policy === 'hold'
        ? { 'policies[0] hold': 'facts §5: no BTC sale; the buyback (Oct 28) is funded by the BTC-backed credit, not by selling BTC, which the engine cannot express, so the replay holds' }
        : { 'policies[0] buybackBelowNav': 'facts §5: up to 150M shares (~$490M at ~$3.28 [E]) from Oct 29 2025 when mNAV < 1 [F via news]. What-if: the engine funds buybacks by selling BTC, whereas Metaplanet borrows against its BTC; pace is the default [?]' }),
    },
  }, o.fitted);
}

/** Semler Scientific: Dec 15 holdings (nearest cited). */
export function smlr(o: CompanyOptions): CompanyFile {
  return withPremium({
    ticker: 'SMLR', name: 'Semler Scientific, Inc.', coin: 'BTC', exchange: 'nasdaq-gm',
    coins: 5048, costBasisUsd: 100000, cashUsd: 0, otherAssetsUsd: 0, sharesOutstanding: 16940000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 0,
    debt: [
      { kind: 'convertible', id: '4.25%-2030', principalUsd: 100000000, couponRate: 0.0425, maturityDate: '2030-03-01', conversionPrice: 76.44, putDate: null, sources: { terms: 'facts §9: $100M 4.25% convertible notes due 2030 ($85M + $15M option, exercise assumed), conversion $76.44, unsecured [F]/[N] https://coingape.com/semler-scientific-increases-85m-offering-amid-bitcoin-accumulation-plans/amp; day and month of maturity assumed [?]' } },
      { kind: 'loan', id: 'coinbase-credit', principalUsd: 20000000, rate: 0.08, maturityDate: '2026-09-25', collateralCoins: 500, sources: { principalUsd: 'facts §9: Coinbase Credit BTC-collateralized master loan, $20M drawn Sep 25 2025 [F] https://pubt.io/view/A3A11FB1F1B7FEC76799218923C2A34DC4DDC26E', terms: 'rate, maturity and margin levels not in the sources: 8%, one year, ~500 BTC pledged (~3x cover), no trigger modelled [?]' } },
    ],
    policies: [{ kind: 'hold' }],
    sources: {
      exchange: 'facts §9: Nasdaq [F]; tier assumed Global Market [?]',
      coins: 'facts §9: 5,048 BTC on Dec 15 2025 (nearest cited figure; no sale reported in the window) [N] https://beyondspx.com/quote/SMLR/analysis',
      costBasisUsd: 'estimate: 3,192 BTC at $87,854 (Feb 2025, facts §9 [F]); later purchases at ~$100-118k; ~$100k overall [E]/[?], used only for P&L',
      cashUsd: 'not in the facts [?]: 0; the $29.75M DOJ settlement (facts §9) is not modelled',
      sharesOutstanding: 'estimate: market cap $274.7M at $16.22 (Dec 15, facts §9) -> ~16.94M shares [N]+[E]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not in the facts [?]: 0 (the diagnostics business roughly covers costs)',
      'policies[0] hold': 'facts §9: all-stock acquisition by Strive agreed Sep 22 2025 [F]; no sale reported. Caveat: a stock under a pending all-stock merger trades on the exchange ratio, which the premium model does not know',
    },
  }, o.fitted);
}

/** Bit Digital: Oct 8 holdings, after the convertible-funded purchase. */
export function btbt(o: CompanyOptions): CompanyFile {
  return withPremium({
    ticker: 'BTBT', name: 'Bit Digital, Inc.', coin: 'ETH', exchange: 'nasdaq-gm',
    coins: 150244, costBasisUsd: 3080, cashUsd: 0, otherAssetsUsd: 725000000, sharesOutstanding: 321400000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 0,
    debt: [{ kind: 'convertible', id: '4%-2030', principalUsd: 150000000, couponRate: 0.04, maturityDate: '2030-10-01', conversionPrice: 4.16, putDate: null, sources: { terms: 'facts §11: $150M 4.00% convertible senior notes due 2030-10-01, unsecured, conversion $4.16 [F] https://secwatch.observer/filing/0001213900-25-095533.md' } }],
    policies: [{ kind: 'hold' }],
    sources: {
      exchange: 'facts §11: Nasdaq [F]; tier assumed Global Market [?]',
      coins: 'facts §11: 121,252 ETH (Sep 29) + 31,057 ETH bought Oct 8 with the note proceeds = ~150,244 ETH (nearest to Oct 6) [F via news] https://blog.ueex.com/2025/10/08',
      costBasisUsd: 'estimate: 121,252 at $2,635 (facts §11 [F via news]) + ~$143.3M of net note proceeds for 31,057 ETH -> ~$3,080 [E]',
      otherAssetsUsd: 'estimate: NAV $3.84/share x 321.4M = ~$1.23B on Sep 29 incl. 27.04M WhiteFiber (WYFI) shares (facts §11 [F via news]) less 121,252 ETH at ~$4,200 [?] = ~$725M of WYFI stake, cash and mining assets, held constant [E]',
      sharesOutstanding: 'facts §11: 321.4M [F via news]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not in the facts [?]: 0 (mining and staking revenue roughly cover costs)',
      'policies[0] hold': 'facts §11: no ETH sale reported [F via news]',
    },
  }, o.fitted);
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

/** Tickers that get a fitted starting price in the replay (they have reported figures inside the window). */
export const REPLAY_FITTED_LEVELS = ['MSTR', 'SQNS', 'FGNX', 'BMNR', 'SBET', 'ETHZ', 'NAKA', '3350.T'] as const;

/** Anchors for the replay levels that are not fitted (no reported figure inside the window). */
export const REPLAY_ANCHORS: Record<string, { stockPrice0: number; source: string }> = {
  BTBT: { stockPrice0: 2.92, source: 'facts §11: $2.92 close on Sep 30 2025, the nearest reported close before the window (no reported figure inside it, so not fitted) [F via news] https://blog.ueex.com/2025/10/08' },
  SMLR: { stockPrice0: 17.8, source: 'estimate: no price in or before the window in the facts; set so the basic mNAV at the start is 0.48, the Dec 15 figure (facts §9 [N]): 0.48 x 5,048 x $124,752 / 16.94M = ~$17.8 [E]. Not fitted' },
};

/** A first guess for the fitted replay levels (the fit iterates from here). */
export const REPLAY_LEVEL_GUESS: Record<string, number> = { MSTR: 350, SQNS: 9, FGNX: 5, BMNR: 55, SBET: 16, ETHZ: 2.5, NAKA: 1.05, '3350.T': 4.5 };

function replayLevel(f: Fitted, t: string): { stockPrice0: number; stockPrice0Source: string; fitted: Fitted } {
  if (REPLAY_ANCHORS[t]) return { fitted: f, stockPrice0: REPLAY_ANCHORS[t].stockPrice0, stockPrice0Source: REPLAY_ANCHORS[t].source };
  const v = f.stockPrice0[t] ?? REPLAY_LEVEL_GUESS[t];
  return { fitted: f, stockPrice0: round3(v), stockPrice0Source: `${FITTED_NOTE}: the Oct 3 close is not in the facts, so the starting premium level is fitted to this company's reported stock prices and mNAVs inside the window (listed in docs/calibration.md)` };
}

export function replayScenario(f: Fitted): ScenarioFile {
  const mo: Omit<MarketOptions, 'fitted'> = { start: REPLAY_START, openInterest: 'october' };
  const L = (t: string) => replayLevel(f, t);
  return {
    $schema: './scenario.schema.json',
    schemaVersion: 1,
    id: 'replay-2025',
    name: 'Replay: October 6 - November 21, 2025, ten treasuries on the real BTC and ETH paths',
    description:
      'The calibration replay (docs/calibration.md). BTC and ETH follow their reported paths from the all-time high of 2025-10-06 to 2025-11-21 (scripted, log-linear between dated points), with the dated spot-ETF flows as scheduled flows (BTC inflows in the week of Oct 6-10, redemptions on Nov 4, 13 and 20; ETH on Nov 4) and the October 10 order-book collapse as a one-day 90% cut in depth. ' +
      'Ten treasuries start from their positions as of Oct 6 or the nearest cited date: Strategy (MSTR), Sequans (SQNS, before its 970 BTC sale), KindlyMD/Nakamoto (NAKA), Metaplanet (3350.T, Tokyo, with a listing rule set that never triggers), Semler (SMLR) on BTC; FG Nexus (FGNX, buyback from Oct 21), BitMine (BMNR), SharpLink (SBET), ETHZilla (ETHZ, 1:10 split on Oct 20) and Bit Digital (BTBT) on ETH. ' +
      'Leverage, ETF chase and premium dynamics are fitted to the reported figures of the window; so are the starting stock prices of the companies with reported figures inside it. The Ether Machine (ETHM) is skipped: it did not trade in the window and its ETH count is unverified. ' +
      'Known limitation: the replayed path already contains the impact of everything that really happened (the treasuries\' own sales, ETF redemptions, liquidations), so every flow the model adds pushes its prices below the real ones; read flows as attribution. After Nov 21 both coins are stochastic. Every number has its source in the `sources` maps.',
    startDate: REPLAY_START,
    horizonDays: REPLAY_DAYS,
    seed: '2025',
    markets: { BTC: market('BTC', { ...mo, fitted: f }), ETH: market('ETH', { ...mo, fitted: f }) },
    companies: [
      mstr(L('MSTR'), 'replay'),
      sqns(L('SQNS'), 'replay'),
      naka(L('NAKA')),
      metaplanet(L('3350.T'), 'replay'),
      smlr(L('SMLR')),
      fgnx(L('FGNX'), 'replay'),
      bmnr(L('BMNR'), 'replay'),
      sbet(L('SBET'), 'replay'),
      ethz(L('ETHZ'), 'replay'),
      btbt(L('BTBT')),
    ],
    listingRules: TSE_RULES,
    sources: {
      startDate: '2025-10-06: BTC all-time high (facts §13); the window of the facts file',
      horizonDays: '47 days: Oct 6 to Nov 21 inclusive; later days are stochastic',
      skipped: 'The Ether Machine (ETHM, facts §10): not trading in the window (Dynamix SPAC) and ~496k ETH unverified [?]. ZOOZ: not in the requested list',
      correlations: 'defaults (src/presets/defaults.ts); during the replay both coins are scripted, so they only matter after Nov 21',
      facts: FACTS,
    },
  };
}

export { FACTS, FITTED_NOTE };

// ---------------------------------------------------------------------------
// Library: one scenario per treasury, stresses, and the ten-company war game.
// Library scenarios use the presets and defaults for markets and premiums
// (the replay alone carries fitted values; docs/calibration.md compares them).
// ---------------------------------------------------------------------------

const LATE_NOV = '2025-11-22';

function scenario(id: string, name: string, description: string, startDate: string, horizonDays: number, markets: ScenarioFile['markets'], companies: CompanyFile[], sources: Record<string, string>, extra: Partial<ScenarioFile> = {}): ScenarioFile {
  return { $schema: './scenario.schema.json', schemaVersion: 1, id, name, description, startDate, horizonDays, seed: '1', markets, companies, ...extra, sources: { ...sources, facts: FACTS } };
}

const REPLAY_CAVEAT = 'A replayed path already contains the impact of the real sales, ETF redemptions and liquidations, so flows the model adds during the replay push its prices below the real ones: read them as attribution. After Nov 21 the coin is stochastic.';

/** Companies as of late November (for the stress scenarios), each with its starting price and source. */
export function lateNovCompanies(): Record<string, CompanyFile> {
  const o = (stockPrice0: number, stockPrice0Source: string): CompanyOptions => ({ fitted: null, stockPrice0, stockPrice0Source });
  return {
    MSTR: mstr(o(188.5, 'estimate: log-linear between $195.42 (Nov 17) and ~$177 (Nov 28), facts §4 [N] -> ~$188.5 on Nov 21 [E]'), 'late-nov'),
    SQNS: sqns(o(4.35, 'estimate: Nov 21 close not found [?]; $5.92 on Nov 4 (facts §1) scaled by the fall of book equity at a constant premium, (2,264 x $84k + $15M - $94.5M) / (2,264 x $101k + $15M - $94.5M) = 0.73 -> ~$4.35 [E]'), 'late-nov'),
    NAKA: naka(o(0.56, 'estimate: only "below $1 through Oct-Nov" is reported (facts §8); the Oct 6 price ($1.03) at a constant premium over equity (5,765 BTC less $203M of debt: $516M at $124.8k -> $281M at $84k) gives ~$0.56 [E]. The listing clock starts fresh on Nov 22 although NAKA had been below $1 since October')),
    '3350.T': metaplanet(o(2.81, 'estimate: no November price in the facts; mNAV 1.03 on Oct 28 (facts §5) held: 1.03 x 30,823 x $84,000 / 1,142M shares (+$130M cash - $230M loan are small) -> ~$2.81 [E]'), 'late-nov'),
    SMLR: smlr(o(12.0, 'estimate: set so the basic mNAV is 0.48, the Dec 15 figure (facts §9 [N]): 0.48 x 5,048 x $84,000 / 16.94M = ~$12.0 [E]')),
    FGNX: fgnx(o(2.23, 'estimate: $2.41 on Nov 20 (facts §2 [N]) scaled by the fall of equity NAV to Nov 21 (ETH $3,000 -> $2,750): x0.927 -> ~$2.23 [E]'), 'late-nov'),
    BMNR: bmnr(o(26, "facts §3: 'below $26' in the week of Nov 17-21 [N]; $26 used for Nov 21"), 'late-nov'),
    SBET: sbet(o(10.81, 'estimate: log-linear between $13.09 (Nov 3) and $10.25 (Nov 26), Stock Analysis (not in the facts file) [N] -> ~$10.81 on Nov 21 [E]'), 'late-nov'),
    ETHZ: ethz(o(11.7, 'estimate: ~$20 at the October buyback and below $7 in mid-December (facts §7 [N]), log-linear -> ~$11.7 on Nov 21 [E]'), 'late-nov'),
    BTBT: btbt(o(2.34, 'estimate: price / NAV per share 0.76 on Sep 30 ($2.92 / $3.84, facts §11) held: NAV on Nov 21 = (150,244 x $2,750 + $725M - $150M) / 321.4M = ~$3.07 -> ~$2.34 [E]')),
  };
}

export function libraryScenarios(): ScenarioFile[] {
  const pm = (coin: 'BTC' | 'ETH', start: string, extra: Partial<MarketOptions> = {}) => market(coin, { start, fitted: null, openInterest: 'november', ...extra });
  const lib = (stockPrice0: number, stockPrice0Source: string): CompanyOptions => ({ fitted: null, stockPrice0, stockPrice0Source });
  const nov = lateNovCompanies();
  const out: ScenarioFile[] = [];

  out.push(scenario('mstr', 'Strategy (MSTR): 649,870 BTC, $8.2B of convertibles and $7.8B of preferreds, hold',
    `Strategy from 2025-11-18, its Nov 17 position: 649,870 BTC at $74,433, six convertible series ($8.2B) and perpetual preferreds (~$7.8B, ~8.5% dividends). It holds; its ~$700M a year of coupons and dividends is paid from cash, then at-the-market issuance while basic mNAV > 1, then by selling BTC. Two years, so the 2028 notes' Sep 15 2027 put falls inside. ${REPLAY_CAVEAT}`,
    '2025-11-18', 730, { BTC: pm('BTC', '2025-11-18') },
    [mstr(lib(195.42, 'facts §4: ~$195.42 on Nov 17 [N] https://ts2.tech/?p=20497658'), 'late-nov')],
    { startDate: 'the day after the Nov 17 position (facts §4)', horizonDays: '730 days: includes the 0.625% 2028 notes\' holder put of 2027-09-15' }));

  out.push(scenario('sbet', 'SharpLink (SBET): 861,251 ETH, no debt, buys back below NAV (what-if: funded by ETH sales)',
    `SharpLink from 2025-11-10, its Nov 9 position: 861,251 ETH, no debt, a $1.5B buyback authorization used only when mNAV < 1. The what-if: it funds buybacks by selling ETH at 5% of its stock's daily volume (it never did: it bought ETH with equity raised at a premium). ${REPLAY_CAVEAT}`,
    '2025-11-10', 365, { ETH: pm('ETH', '2025-11-10') },
    [sbet(lib(12.55, 'estimate: log-linear between $13.09 (Nov 3) and $10.25 (Nov 26), Stock Analysis (not in the facts file) [N] -> ~$12.55 on Nov 7 [E]'), 'nov-9', 'buyback')],
    { startDate: 'the day after the Nov 9 holdings figure (facts §6)' }));

  out.push(scenario('ethz', 'ETHZilla (ETHZ): cash-backed convertibles, post 1:10 split, sells ETH to buy back below NAV',
    `ETHZilla from 2025-10-21, the day after its 1-for-10 reverse split: 102,264 ETH, ~$559M of cash (most of it securing $506M of senior secured convertibles), 16.0M shares. It sells ETH to buy back stock below equity NAV per share (it sold ~$40M of ETH for buybacks in late October and ~$74.5M in December). The August notes' investor redemption right from 2026-05-08 falls inside the year. ${REPLAY_CAVEAT}`,
    '2025-10-21', 365, { ETH: pm('ETH', '2025-10-21') },
    [ethz(lib(20, "facts §7: '~$20 post-split at the October buyback' (~Oct 27; the Oct 20 close is not in the facts) [N]"), 'oct-21')],
    { startDate: 'the first trading day after the 1:10 reverse split of Oct 20 2025 (facts §7)' }));

  out.push(scenario('naka', 'KindlyMD / Nakamoto (NAKA): 5,765 BTC, a $203M BTC-backed loan, a stock at $1.03 and a Nasdaq clock',
    `KindlyMD (Nakamoto) from 2025-10-06, the day of its Antalpha letter of intent: 5,765 BTC, a $203M BTC-secured credit, ~400M shares at $1.03. The stock closed below $1 from October (facts §8). The what-if policy defends the listing: under a Nasdaq deficiency notice it sells BTC to buy back stock and reverse-splits 1:10 near the deadline ('to keep the shell, sell coins to buy back the stock'). Facts are thin (share count estimated, debt structure unclear: the Yorkville $200M convertible is left out), so read it as a mechanism, not a forecast. ${REPLAY_CAVEAT}`,
    '2025-10-06', 540, { BTC: pm('BTC', '2025-10-06') },
    [naka(lib(1.03, "'NAKA shares are trading at $1.03' on Oct 6 (Antalpha LOI article, facts §8's holdings source) [N] https://edgen.pre.edgen.tech/zh/news/crypto/kindlymd-secures-250m-bitcoin-backed-convertible-note-facility-from-antalpha-amid-share-price-decline"), 'defendListing')],
    { startDate: 'Oct 6 2025: the Antalpha LOI day, when the 5,765 BTC and the $1.03 price are reported', horizonDays: '540 days: a notice after 30 business days below $1 plus 180 days (Global Market: no second period), with room to spare' }));

  out.push(scenario('metaplanet', 'Metaplanet (3350.T, Tokyo): 30,823 BTC and a BTC-backed credit line; buyback what-if funded by BTC sales',
    `Metaplanet from 2025-11-03: 30,823 BTC at $108,036, $100M drawn on its BTC-backed facility (Oct 31), a buyback of up to 150M shares authorized from Oct 29. Tokyo has no minimum-price rule: the listing rule set in this file never triggers. The engine funds buybacks by selling coins, whereas Metaplanet borrows against its BTC; the policy is therefore a what-if. Prices are in USD (about 152 JPY/USD assumed). ${REPLAY_CAVEAT}`,
    '2025-11-03', 365, { BTC: pm('BTC', '2025-11-03') },
    [metaplanet(lib(3.04, 'estimate: mNAV 1.03 on Oct 28 (facts §5 [F via news]) held to Oct 31: 1.03 x 30,823 x ~$109.4k (replay level) / 1,142M shares = ~$3.04 [E]; cross-check: JPY 499 on Oct 28 at ~152 JPY/USD [?] = ~$3.28'), 'nov-3', 'buyback')],
    { startDate: 'the first trading day after the $100M draw of Oct 31 (facts §5)' }, { listingRules: TSE_RULES }));

  out.push(scenario('smlr', 'Semler Scientific (SMLR): 5,048 BTC, $100M convertible and a Coinbase margin loan, hold (merger pending)',
    `Semler Scientific from 2025-11-20: 5,048 BTC (Dec 15, the nearest cited figure), a $100M 4.25% convertible and a $20M BTC-collateralized Coinbase loan; it holds. Caveat: an all-stock acquisition by Strive was agreed on Sep 22 2025, so the real stock trades on the exchange ratio, which the premium model does not know. ${REPLAY_CAVEAT}`,
    '2025-11-20', 365, { BTC: pm('BTC', '2025-11-20') },
    [smlr(lib(12.57, 'estimate: set so the basic mNAV is 0.48, the Dec 15 figure (facts §9 [N]): 0.48 x 5,048 x ~$87.9k (Nov 19 replay level) / 16.94M = ~$12.57 [E]'))],
    { startDate: '2025-11-20, as scenarios/contagion.json (the replay covers Nov 20-21)' }));

  out.push(scenario('btbt', 'Bit Digital (BTBT): ~150,244 ETH, a $150M convertible and a WhiteFiber stake, hold',
    `Bit Digital from 2025-10-09, after buying 31,057 ETH with its new 4% convertible: ~150,244 ETH, $150M of unsecured notes due 2030, and ~$725M of other assets (mostly its WhiteFiber stake, held constant). It holds. ${REPLAY_CAVEAT}`,
    '2025-10-09', 365, { ETH: pm('ETH', '2025-10-09') },
    [btbt(lib(2.98, 'estimate: price / NAV per share 0.76 on Sep 30 ($2.92 / $3.84, facts §11) held: NAV on Oct 8 = (150,244 x ~$4,548 + $725M - $150M) / 321.4M = ~$3.92 -> ~$2.98 [E]'))],
    { startDate: 'the day after the Oct 8 purchase (facts §11)' }));

  // --- Stresses -----------------------------------------------------------------------
  const btcHalves = [{ date: '2025-11-21', price: 84000 }, { date: '2026-03-31', price: 42000 }];
  out.push(scenario('stress-btc-halves-by-march-2026', 'Stress: BTC halves by March 2026 (84k -> 42k), five BTC treasuries',
    'BTC falls log-linearly from its Nov 21 2025 close (~$84k) to ~$42k on 2026-03-31 (scripted), then follows the stochastic process. Five BTC treasuries with their late-November positions: Strategy, Sequans (after its sale), KindlyMD/Nakamoto, Metaplanet (Tokyo) and Semler. Their sales, the liquidation cascade and the ETF chase add to the scripted fall; the counterfactual (same seed, companies off) measures what they add. The scripted path is a what-if, not a forecast.',
    LATE_NOV, 730, { BTC: pm('BTC', LATE_NOV, { scriptedPath: btcHalves, scriptedPathSources: { 'scriptedPath[2025-11-21]': "facts §13: ~$84k on Nov 21 2025 [N]", 'scriptedPath[2026-03-31]': 'what-if: half of the Nov 21 close by the end of March 2026 (the source article: "as long as Bitcoin halves again")' } }) },
    [nov.MSTR, nov.SQNS, nov.NAKA, nov['3350.T'], nov.SMLR],
    { startDate: 'the day after the Nov 21 2025 close', companies: 'late-November positions (scripts/calibration/scenarios.ts lateNovCompanies), each with its sources' }, { listingRules: TSE_RULES }));

  const ethHalves = [{ date: '2025-11-21', price: 2750 }, { date: '2026-03-31', price: 1375 }];
  out.push(scenario('stress-eth-halves-again', 'Stress: ETH halves again by March 2026 (2,750 -> 1,375), five ETH treasuries',
    'ETH, already ~44% below its August high, halves again: log-linear from ~$2,750 (Nov 21 2025) to ~$1,375 on 2026-03-31 (scripted), then stochastic. Five ETH treasuries with late-November positions: FG Nexus (after its sales, with its buyback and stop-loss), BitMine (hold), SharpLink (hold), ETHZilla (cash-backed convertibles, buyback) and Bit Digital (hold). The counterfactual measures what their own sales add.',
    LATE_NOV, 730, { ETH: pm('ETH', LATE_NOV, { scriptedPath: ethHalves, scriptedPathSources: { 'scriptedPath[2025-11-21]': 'facts §13: ETH < $2,700 intraday on Nov 21, ~$2,750 as the close [N]', 'scriptedPath[2026-03-31]': 'what-if: half of the Nov 21 close by the end of March 2026' } }) },
    [nov.FGNX, nov.BMNR, nov.SBET, nov.ETHZ, nov.BTBT],
    { startDate: 'the day after the Nov 21 2025 close', companies: 'late-November positions (lateNovCompanies), each with its sources' }));

  const crash = (p0: number, drop: number) => [{ date: '2025-11-30', price: p0 }, { date: '2025-12-01', price: Math.round(p0 * (1 - drop)) }];
  const crashSrc = (coin: string, drop: number) => ({
    'scriptedPath[2025-11-30]': `flat at the Nov 21 2025 close until Nov 30 (scripted, no noise) so that the shock day is the only move [E]`,
    'scriptedPath[2025-12-01]': `what-if: a one-day ${Math.round(drop * 1000) / 10}% fall, the size of ${coin}'s Oct 10-11 2025 crash (facts §13: BTC -12%, ETH -14% to -16%); stochastic afterwards`,
  });
  const collapse = [{ startDate: '2025-12-01', days: 1, volumeFraction: 0.1, label: 'depth collapses 90% for a day, as on October 10, 2025', source: DEPTH_COLLAPSE.source }];
  out.push(scenario('stress-depth-collapse', 'Stress: order-book depth collapses 90% for a day (as on October 10, 2025) during a tariff-style crash',
    'All ten treasuries with their late-November positions share the BTC and ETH markets. On 2025-12-01 both coins take a one-day exogenous fall of the size of October 10-11 (BTC -12.3%, ETH -15%) while spot depth collapses 90% for that day (volumeFraction 0.1): the liquidation cascade and every sale that day meet a tenth of the usual volume. Before the shock the coins are held flat at their Nov 21 closes; afterwards they are stochastic. Compare with the same scenario without the liquidityShocks entry to see what the depth collapse adds.',
    LATE_NOV, 365,
    { BTC: pm('BTC', LATE_NOV, { scriptedPath: crash(84000, 0.123), scriptedPathSources: crashSrc('BTC', 0.123), extraShocks: collapse }), ETH: pm('ETH', LATE_NOV, { scriptedPath: crash(2750, 0.15), scriptedPathSources: crashSrc('ETH', 0.15), extraShocks: collapse }) },
    Object.values(nov),
    { startDate: 'the day after the Nov 21 2025 closes', companies: 'late-November positions (lateNovCompanies), each with its sources' }, { listingRules: TSE_RULES }));

  out.push(warGame());
  return out;
}

/** Ten stylized BTC treasuries, identical but for their mNAV (1.0x to 5.0x). */
function warGame(): ScenarioFile {
  const P0 = 84000, coins = 10000, shares = 50e6;
  const companies: CompanyFile[] = Array.from({ length: 10 }, (_, i) => {
    const mnav = 1 + (4 * i) / 9;
    const stockPrice0 = Math.round(((mnav * coins * P0) / shares) * 100) / 100;
    return {
      ticker: `WG${i + 1}`,
      name: `War-game treasury ${i + 1} (mNAV ${mnav.toFixed(2)}x)`,
      coin: 'BTC', exchange: 'nasdaq-cm',
      coins, costBasisUsd: 100000, cashUsd: 20000000, otherAssetsUsd: 0, sharesOutstanding: shares, stockPrice0,
      opexUsdPerYear: 10000000, buybackAuthorizationUsd: 300000000,
      debt: [{ kind: 'convertible', id: 'convert-2029', principalUsd: 200000000, couponRate: 0.01, maturityDate: '2029-11-21', conversionPrice: Math.round(stockPrice0 * 2 * 100) / 100, putDate: null,
        sources: { terms: 'stylized: $200M 1% convertible due 2029 (a quarter of the BTC value), converting at twice the starting price [E]' } }],
      policies: [
        { kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 },
        { kind: 'issueAboveNav', mnavThreshold: 1.5, maxAdvFraction: 0.05 },
      ],
      sources: {
        coins: 'stylized: 10,000 BTC each, bought at $100k (a late-2025 buyer, ~16% under water at the start) [E]',
        stockPrice0: `stylized: set so the starting basic mNAV is ${mnav.toFixed(2)}x (1.0x to 5.0x in equal steps across the ten): ${mnav.toFixed(3)} x 10,000 x $84,000 / 50M shares [E]`,
        'cash and opex': 'stylized: $20M of cash, $10M a year of costs, $2M of coupons [E]',
        'policies[0] buybackBelowNav': 'the weakest sells first: a company sells BTC to buy back its stock once the stock is below equity NAV per share (mNAV below ~1). With drawdownSensitivity 1 the premium falls with the BTC drawdown, so the 1.0x company crosses at once and a 5.0x company only after a ~80% fall (ln 5): lower mNAV, earlier sales',
        'policies[1] issueAboveNav': 'the strong buy: above 1.5x mNAV a company issues stock (5% of its daily volume) and buys BTC: the flywheel that the weak ones run in reverse',
        exchange: 'stylized: Nasdaq Capital Market rules',
      },
    };
  });
  return scenario('wargame-ten', 'War game: ten treasuries from 1.0x to 5.0x mNAV, the weakest selling first',
    'Ten stylized bitcoin treasuries, identical (10,000 BTC bought at $100k, a $200M convertible, $20M of cash) except for their stock price, which sets the starting mNAV from 1.0x to 5.0x in equal steps. Each sells BTC to buy back stock once it trades below NAV and issues stock to buy BTC above 1.5x: the premium falls with the BTC drawdown, so the lowest-mNAV companies turn sellers first while the richest keep buying. BTC starts at its Nov 21 2025 close (~$84k) and is stochastic. Sales of one company lower the price at which all ten are valued: the counterfactual measures the drawdown they cause together.',
    LATE_NOV, 730,
    { BTC: market('BTC', { start: LATE_NOV, fitted: null, openInterest: 'november', scriptedPath: [{ date: '2025-11-21', price: P0 }], scriptedPathSources: { 'scriptedPath[2025-11-21]': 'facts §13: ~$84k on Nov 21 2025 [N]; one point only sets the starting price' } }) },
    companies,
    { startDate: 'the day after the Nov 21 2025 close', companies: 'stylized (hypothetical) companies; nothing in them is a real company' });
}
