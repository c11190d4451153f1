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

const dayBefore = (d: string): string => new Date((ordOf(d) - 1) * 86_400_000).toISOString().slice(0, 10);

/** Log-linear level of a replay path on a date (flat beyond its ends): the convention of scriptedPath. */
export function pathLevel(path: readonly { date: string; price: number }[], date: string): number {
  const t = ordOf(date);
  if (t <= ordOf(path[0].date)) return path[0].price;
  for (let i = 1; i < path.length; i++) {
    const t0 = ordOf(path[i - 1].date), t1 = ordOf(path[i].date);
    if (t <= t1) return path[i - 1].price * Math.pow(path[i].price / path[i - 1].price, (t - t0) / (t1 - t0));
  }
  return path[path.length - 1].price;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The dates a company is written as of. Every saved scenario is a forecast made
 * on 2025-11-21 (docs/forecasts-2025-11-21.md): no number below uses
 * information dated after that day. A scenario starting earlier begins from
 * the position on its start date; all files with the same start date share
 * the same balance sheet (test/scenario-consistency.test.ts).
 */
export type AsOf = 'replay' | 'oct-9' | 'oct-21' | 'oct-27' | 'nov-3' | 'nov-10' | 'nov-17' | 'nov-18' | 'nov-20' | 'late-nov';

/** Strategy: Nov 17 position (the nearest complete, cited figure). */
export function mstr(o: CompanyOptions, asOf: AsOf): CompanyFile {
  return withPremium({
    ticker: 'MSTR', name: 'Strategy Inc.', coin: 'BTC', exchange: 'nasdaq-gm',
    coins: 649870, costBasisUsd: 74433, cashUsd: 54000000, otherAssetsUsd: 0, sharesOutstanding: 288000000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 0,
    debt: MSTR_CONVERTIBLES,
    ...(asOf === 'replay' ? { policies: [{ kind: 'hold' }] } : {
      atm: { shelfUsd: 42100000000, minMnav: 0 },
      reserve: { targetMonths: 0.9, fundWith: ['cash', 'atm'] },
      preferredProgram: { id: 'preferred-atm', shelfUsd: 20000000000, dividendRate: 0.1, maxUsdPerDay: 30000000 },
      policies: [{ kind: 'accumulate', mnavThreshold: 2.5, preferredMnavThreshold: 0 }],
    }),
    sources: {
      exchange: 'facts §4: Nasdaq (Nasdaq-100 member); on the Global Select Market, whose bid-price procedure is the nasdaq-gm rule set (5450(a)(1)) [N]',
      coins: asOf === 'replay'
        ? 'facts §4: 649,870 BTC on Nov 17 [F via news] https://web3chainhub.com/?p=1095. The Oct 6 figure is not in the facts: this is the nearest cited one. 8,178 BTC of it were bought Nov 10-16 with ~$0.85B of preferreds, so early in the window holdings are ~1.3% and preferreds ~11% overstated; the purchases themselves are in the replayed path'
        : 'facts §4: 649,870 BTC on Nov 17 [F via news] https://web3chainhub.com/?p=1095',
      costBasisUsd: 'facts §4: avg $74,433, total ~$48.37B [F via news]',
      cashUsd: 'Q3 2025 results (Oct 30): $54.3M of cash and equivalents on Sep 30 2025 [F via news] https://gdgz.link/en/article/497128 (facts §4: ~$54M). No USD reserve had been announced by 2025-11-21',
      sharesOutstanding: 'estimate: class A weighted average 255.6M in Q2 2025 (10-Q [F] https://www.sec.gov/Archives/edgar/data/1050446/000095017025102209/R31.htm) + ~19.6M class B + common ATM issuance in Q3-Oct -> ~288M [E]. Cross-check dated <= 2025-11-21: at the Nov 21 close ($170.50) and BTC ~$84k, 288M shares give a basic mNAV of ~0.90, consistent with "basic mNAV briefly < 1" on Nov 21 (facts §4) [E]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: the software business taken as cash-neutral [E]; obligations are the coupons and preferred dividends (~$700M/yr, facts §4)',
      ...(asOf === 'replay'
        ? { 'policies[0] hold': 'facts §4: no coin sales [N]. In the replay the holdings are already the Nov 17 figure, which includes the purchases of the window, so it only holds (accumulating would count them twice)' }
        : {
          atm: 'Q3 results (Oct 30 2025): ~$42.1B of issuance capacity left across the common and preferred ATM programmes on Oct 26 [N] https://hotlink.work/cn/info/8768; the split between programmes is not given, so the whole figure is the common shelf [E]. minMnav 0: the July 2025 guidance let Strategy issue common below 2.5x mNAV to pay interest and dividends [N]/[?]; daily cap: the default 10% of ADV (no source) [?]',
          preferredProgram: 'facts §4: 8,178 BTC bought Nov 10-16 with ~$835.6M of preferreds (STRE ~$715M, STRC $131.4M) [F via news]; 9,839 BTC bought from Sep 30 (640,031, Q3 10-Q) to Nov 17 (649,870), ~$1.0B over ~33 business days -> ~$30M a day [E]. Dividend 10%: STRF, STRD and STRE pay 10%, STRC 10.5% from November (Oct 30 release), STRK 8% [F via news] https://www.crypto-reporter.com/newsfeed/strategy-announces-third-quarter-2025-financial-results-net-income-of-2-8-billion-and-diluted-eps-of-8-42-115133. Shelf $20B: part of the $42.1B, split not given [?]',
          reserve: 'estimate: Strategy paid its coupons and dividends from ATM proceeds and held ~$54M of cash on Sep 30 (0.9 months of ~$700M/yr, facts §4) [F via news]+[E]: that cash is kept as a float of 0.9 months of obligations, refilled by common ATM issuance on business days, so weekend obligations are paid from it rather than by selling BTC. This is not the $1.44B USD reserve of Dec 1 2025 (after the forecast date, not used)',
          'policies[0] accumulate': "facts §4: no coin sales; kept buying BTC with preferred issuance in November [F via news]. Common: Q3 results (Oct 30 2025) reinstated the guidance not to issue common stock below 2.5x mNAV [N] https://pkpressclub.com/?p=126654 -> mnavThreshold 2.5. Preferreds: issued in November at a basic mNAV near or below 1 -> preferredMnavThreshold 0 (the programme's daily cap is the limit) [E]. Obligations (~$700M/yr) are paid from cash, then common ATM issuance at any mNAV (minMnav 0), then BTC",
        }),
      convertibles: 'facts §4: $8.214B of convertible notes [F]/[N]; split into six series (terms from stored pages dated before the window, not in the facts file)',
    },
  }, o.fitted);
}

/**
 * Sequans' ADS ratio changes, which the exchanges count as reverse splits
 * (facts §1): 1:4 -> 1:10 on 2024-10-09 (x2.5) and 1:10 -> 1:100 on 2025-09-17 (x10).
 * Every file with SQNS carries both: one truth per company.
 */
export const SQNS_RATIO_CHANGES = [{ date: '2024-10-09', ratio: 2.5 }, { date: '2025-09-17', ratio: 10 }];
const SQNS_RATIO_SOURCE = "facts §1: ADS ratio 1 ADS = 4 ordinary shares from 2019-11-29, 1:10 from 2024-10-09 (x2.5, cured the 2024 $1 deficiency), 1:100 from 2025-09-17 (x10, announced Sep 4 with the ADS at $0.85) [F] https://www.ainvest.com/news/sequans-communications-announces-ads-ratio-change-1-100-2509 ; http://goldberglawma.com/?id=news%2Fsequans-communications-announces-change-ratio-200500286.html. NYSE counts an ADS ratio change as a reverse split (no cure period after one within a year; cumulative 25:1 over two years, under the 200:1 limit)";

/** Sequans: before its sale (replay, oct-27) or after it (nov-20, late-nov). */
export function sqns(o: CompanyOptions, asOf: AsOf): CompanyFile {
  const before = asOf === 'replay' || asOf === 'oct-27';
  return withPremium({
    ticker: 'SQNS', name: 'Sequans Communications S.A. (ADS)', coin: 'BTC', exchange: 'nyse',
    coins: before ? 3234 : 2264, costBasisUsd: 116900, cashUsd: 15000000, otherAssetsUsd: 0, sharesOutstanding: 14300000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 81600000, buybackAuthorizationUsd: 10000000,
    priorReverseSplits: SQNS_RATIO_CHANGES,
    debt: [{
      kind: 'convertible', id: 'secured-debentures-2028', principalUsd: before ? 189000000 : 94500000, couponRate: 0, maturityDate: '2028-07-07', conversionPrice: 21, putDate: null,
      collateralCoins: before ? 3234 : 1617,
      sources: {
        principalUsd: before ? 'facts §1: $189M secured convertible debentures issued 2025-07-07 [N] https://bestcrypto.services/sequans-sells-970-bitcoin-to-slash-debt-bitcoin-price-slumps-to-101000' : 'facts §1: $189M -> $94.5M after the 970 BTC sale (announced Nov 4) [F via news] https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall',
        terms: 'facts §1: coupon 0%, maturity 2028-07-07, conversion $21 (a tracker) [N]/[?] https://www.convertiblemonitor.com/issuer/sequans; covenants not public: the Nov 4 release says the redemption "removes certain debt covenant constraints" [F via news]; no put modelled [?]',
        collateralCoins: before
          ? 'assumption: the debentures are secured (facts §1) and all 3,234 BTC are taken as pledged [?]'
          : 'estimate: all BTC pledged at issue [?], released pro rata when half the principal was redeemed on Nov 4: 3,234 / 2 = 1,617 BTC still pledged [E]. (The collateral account of the later amendment is after 2025-11-21 and is not used.)',
      },
    }],
    atm: { shelfUsd: 200000000 },
    policies: [
      { kind: 'deleverage', trigger: 0.55, repayFraction: 0.5 },
      { kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 0 },
      { kind: 'reverseSplit', daysBeforeDeadline: 30, ratio: 10 },
    ],
    sources: {
      exchange: 'facts §1: NYSE, ADSs [F]',
      coins: before ? 'facts §1: peak holdings 3,234 BTC before the Nov 4 sale (3,171 on Aug 26) [F]/[N] https://coincentral.com/sequans-sqns-stock-falls-16-after-company-sells-nearly-third-of-bitcoin-holdings' : 'facts §1: 3,234 -> 2,264 BTC after selling 970 (AFTER the real sale) [F via news] https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall',
      costBasisUsd: "facts §1: 'about 3,200 BTC, roughly $374M at cost' -> ~$116.9k [N]+[E]",
      cashUsd: 'estimate: not found in sources (an unverified dataset says ~$15M) [?]',
      sharesOutstanding: 'facts §1: ~14.3M ADSs after the Sep 17 2025 ratio change; Q3 weighted diluted ADSs 13,933,963 [E from F/N]; a 25.5M figure conflicts [?]',
      priorReverseSplits: SQNS_RATIO_SOURCE,
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: Q3 2025 operating loss $20.4M x 4 [F]+[E] (includes non-cash items)',
      buybackAuthorizationUsd: 'estimate: size not found [?]; 10% of ~14.3M ADSs at ~$7 (French repurchase cap) [E]',
      atm: 'facts §1: a $200M ADS ATM (F-3, Aug 25 2025) [N]; how much was used is not known [?]: the whole $200M is taken as left. It is used only by the funding order above NAV (the ADSs trade at mNAV ~0.4); daily cap: the default 10% of ADV [?]',
      'policies[2] reverseSplit': "facts §1: Sequans cured each $1 deficiency by changing its ADS ratio near the deadline: NYSE 802.01C notice of Jun 12 2019 -> 1:4 from Nov 29 2019 (~5.5 of the 6 months); the 2024 deficiency with an Oct 9 2024 deadline -> 1:10 on Oct 9 2024 [F]; and 1:100 on Sep 17 2025 with the ADS at $0.85 [F]. Revealed practice: a 1-for-10 ratio change when fewer than 30 days of a cure period remain [E]. Within a year of the Sep 17 2025 change NYSE gives no cure period (facts §14), so the policy can act only from Sep 2026 (minDaysBetween: the default 365 days)",
      'policies[0] deleverage': 'facts §1: sold 970 BTC to redeem 50% of the debentures at debt-to-NAV 55% -> 39% (Nov 4 2025) [F via news]: trigger 0.55, repayFraction 0.5. Known on 2025-11-21; in the Oct 27 file it is in-sample',
      'policies[1] buybackBelowNav': "facts §1: the sale 'boosts ADS buyback capacity'; management plans to 'expand its ADR buyback program' and considers preferred issuance and BTC yield (Nov 4) [F via news] https://pakinomist.com/?p=129339; threshold and pace are defaults [?]",
    },
  }, o.fitted);
}

/** FG Nexus: Sep 30 balance sheet (replay, oct-21) or Nov 19 (nov-20, late-nov). */
export function fgnx(o: CompanyOptions, asOf: AsOf): CompanyFile {
  const before = asOf === 'replay' || asOf === 'oct-21';
  const pref = { kind: 'preferred' as const, id: 'series-a-8pct-FGNXP', liquidationPreferenceUsd: 23900000, dividendRate: 0.08, sources: { dividendRate: 'facts §2: 8.00% cumulative Series A (FGNXP, formerly FGFPP), $25 liquidation preference, $2.00/yr (2021 prospectus) [F] https://news.moomoo.com/translate_tc/1621460963135/4099770/0', liquidationPreferenceUsd: 'estimate ~956k shares x $25 = $23.9M; share count not found (facts: historically under ~1M) [E]/[?]' } };
  const sep30 = { kind: 'loan' as const, id: 'sep30-debt', principalUsd: 1900000, rate: 0.08, maturityDate: '2026-09-30', sources: { principalUsd: 'facts §2: $1.9M debt on Sep 30 [F] https://secwatch.observer/filing/0001493152-25-024549.md', terms: 'rate and maturity not known: 8%, one year assumed [?]' } };
  const nov = { kind: 'loan' as const, id: 'nov-borrowing', principalUsd: 10000000, rate: 0.08, maturityDate: '2026-11-19', sources: { principalUsd: 'facts §2: ~$10M borrowed for the buyback; total debt $11.9M on Nov 19 [F via 8-K summary]', terms: 'lender, rate, collateral not disclosed: unsecured, 8%, one year assumed [?]' } };
  const buyback = { kind: 'buybackBelowNav' as const, navDiscountThreshold: 1, maxAdvFraction: 0.25, maxPriceUsd: 5 };
  return withPremium({
    ticker: 'FGNX', name: 'FG Nexus Inc.', coin: 'ETH', exchange: 'nasdaq-gm',
    coins: before ? 50778 : 40005, costBasisUsd: 3860, cashUsd: before ? 7500000 : 37000000, otherAssetsUsd: 15000000,
    sharesOutstanding: before ? 39574350 : 36200000, stockPrice0: o.stockPrice0, opexUsdPerYear: 12000000,
    buybackAuthorizationUsd: before ? 200000000 : 188300000,
    stock: { turnover: 0.02 },
    debt: before ? [sep30, pref] : [sep30, nov, pref],
    policies: asOf === 'replay'
      ? [{ kind: 'rules', rules: [{ when: 'day >= 15 and stockPrice < navPerShare and stockPrice < 5', action: 'buyback', amount: 'min(0.25 * advUsd, max(0, 200e6 - coinsSoldUsd))' }] }]
      : [buyback],
    sources: {
      exchange: 'nasdaq-gm, a judgement: the Series A preferred is on the Global Market (2021 prospectus); the common\'s tier is unconfirmed (facts §2) [F]/[?]',
      coins: before ? 'facts §2: 50,778 ETH on Sep 30 2025 (nearest to Oct 6; no sale before the Oct 21 buyback) [F] https://www.stocktitan.net/sec-filings/FGNX/10-q-fg-nexus-inc-quarterly-earnings-report-b8c237eaa808.html' : 'facts §2: 40,005 ETH on Nov 19 after selling 10,922 (AFTER the real sales) [F via 8-K summary] https://secwatch.observer/filing/0001493152-25-024549.md',
      costBasisUsd: 'facts §2: ~$3,860/ETH, the company figure (~late Sep 2025) [N] https://coinmela.com/fg-nexus-holds-50000-eth-valued-at-210-million-shares-rise-in-pre-market-trading',
      cashUsd: before ? 'facts §2: $7.5M on Sep 30 [F]' : 'facts §2: $37M cash + USDC on Nov 19 [F]',
      otherAssetsUsd: 'estimate: Sep 30 equity $231M - ETH $210.4M - cash $7.5M + debt $1.9M = ~$15M [F]+[E]',
      sharesOutstanding: before ? 'facts §2: 39,574,350 on the 10-Q cover (Nov 12; before the buyback settled) [F]' : 'facts §2: 39.57M - ~3.4M repurchased = ~36.2M [F]/[N]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: ~$3M a quarter of recurring burn [E]',
      buybackAuthorizationUsd: before ? 'facts §2: $200M program (~Oct 21-22) [N] https://www.binance.bh/en-AE/square/post/31269447264937' : 'estimate: $200M - ~3.4M x $3.45 = ~$188.3M left [E]',
      atm: 'facts §2: the ATM (~$14.6M sold through Sep 30) was suspended in October [F via 10-Q summary]: no issuance',
      'stock.turnover': 'estimate: ~3.4M shares bought in ~21 trading days at <=25% of volume -> >=1.6%/day; 2% [E]',
      ...(asOf === 'replay'
        ? { 'policies[0] rules': "facts §2: $200M buyback via ThinkEquity from ~Oct 21-22, below estimated NAV (~$5.10), at most 25% of daily volume while under $5 [N]. A rule rather than buybackBelowNav so that it starts on Oct 21 (day 15): buy back min(25% of ADV, what is left of $200M) while the stock is under NAV per share and under $5, funded by selling ETH (the engine's buybacks are coin-funded). The real company also sold ETH into cash (10,922 ETH vs ~$11.7M of buybacks); the model does not" }
        : { 'policies[0] buybackBelowNav': "facts §2: $200M buyback below NAV (~$5.10 on Oct 20), at most 25% of daily volume while under $5 [N]; Nov 20 shareholder update: 'We plan to continue buying back shares while our stock trades below NAV ... while maintaining a strong ETH and cash balance' (CEO K. Cerminara) [F via news] https://demo.decrypt.co/349465/fg-nexus-latest-ethereum-treasury-firm-sell-eth-stock-craters. No stop-loss: management announced none (the source article's 'cut losses to exit' is a commentator's reading of the Nov sale, not a stated policy)" }),
    },
  }, o.fitted);
}

/** BitMine: Nov 17 release (nearest cited position); the 192 BTC are valued at the BTC level of the day before the start. */
export function bmnr(o: CompanyOptions, asOf: AsOf, start: string): CompanyFile {
  const btc = asOf === 'replay' ? 92000 : pathLevel(BTC_PATH, dayBefore(start));
  return withPremium({
    ticker: 'BMNR', name: 'BitMine Immersion Technologies, Inc.', coin: 'ETH', exchange: 'nyse-american',
    coins: 3560000, costBasisUsd: 4009, cashUsd: 607000000, otherAssetsUsd: Math.round((192 * btc) / 1e5) * 1e5, sharesOutstanding: 384000000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 20000000, buybackAuthorizationUsd: 0,
    debt: [],
    ...(asOf === 'replay' ? { policies: [{ kind: 'hold' }] } : { atm: { shelfUsd: 10800000000 }, policies: [{ kind: 'accumulate', mnavThreshold: 1 }] }),
    sources: {
      exchange: 'facts §3: NYSE American [F]',
      coins: asOf === 'replay'
        ? 'facts §3: 3.56M ETH in the Nov 17 release [F via news] https://cointeeth.com/news/after-its-stock-price-plummeted-by-80-is-there-a. The Oct 6 count is not in the facts (the company bought through the window; ~3.5M on Nov 9): the nearest cited figure is used, so early in the window ETH and NAV are overstated (by up to ~20%); its purchases are in the replayed path'
        : 'facts §3: 3.56M ETH (Nov 17 release) [F via news] https://cointeeth.com/news/after-its-stock-price-plummeted-by-80-is-there-a',
      costBasisUsd: 'facts §3: $4,009 (ChainCatcher, ~Nov 17); 10x Research says $4,051 (Nov 20) [N]',
      cashUsd: 'facts §3: $607M unencumbered cash on Nov 17 [F via news] https://www.binance.bh/en-AE/square/post/32632057470402',
      otherAssetsUsd: `estimate: 192 BTC (facts §3) at ~$${Math.round(btc).toLocaleString('en-US')} (${asOf === 'replay' ? 'Nov 17' : `BTC replay level on ${dayBefore(start)}`}) [E]; the 13.7M Eightco (ORBS) shares are left out`,
      sharesOutstanding: 'facts §3: ~384M (Stock Analysis snapshot, ~late Oct/early Nov 2025) [N]/[?] https://ic-staging.stockanalysis.com/stocks/bmnr/statistics; BitMine does not publish its share count weekly, and the reported basic mNAV of 0.77-0.8 (Nov 17-20) implies ~$8.5-8.9B of market value, i.e. more ETH per share or a lower price than used here',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate ~$20M/yr [E] (immaterial next to $607M)',
      debt: "facts §3: none; the strategy is financed only with equity (Jul 2025) [N] https://cryptovalleyjournal.com/focus/background/bitmine-accumulates-over-7-5-billion-usd-in-unrealized-ethereum-losses/",
      buybackAuthorizationUsd: 'facts §3: a $1B open-ended repurchase was authorized (~Jul 28 2025) [N], but in November BitMine bought ETH below NAV instead of buying back stock: the authorization is not used (0)',
      ...(asOf === 'replay'
        ? { 'policies[0] hold': 'facts §3: no debt, no coin sales [N]. In the replay the holdings are already the Nov 17 figure, which includes the purchases of the window, so it only holds' }
        : {
          atm: 'ATM of $24.5B in total ($4.5B + $20B, Aug 2025) [N] https://www.binance.bh/en-AE/square/post/28230295457729; used so far not published: 3.56M ETH x ~$4,009 = ~$14.3B bought, less the $250M PIPE and the ~$365M registered direct (facts §3) -> ~$13.7B from the ATM, ~$10.8B left [E]. Daily cap: the default 10% of ADV [?]',
          'policies[0] accumulate': 'facts §3: "Alchemy of 5%" (target 5% of ETH supply), financed only with equity; no coin sales; kept buying ETH through November (110,288 ETH in the week to Nov 9) [F via news] https://www.ainvest.com/news/ethereum-news-today-bitmine-ethereum-hoard-governance-signal-institutional-blockchain-bet-2511. Issues through the ATM above mNAV 1 and buys ETH with it [E: the issuance threshold is not stated; issuing below NAV dilutes ETH per share]. Not modelled: the November purchases paid from the $607M of cash while mNAV was ~0.8 (no cash-funded buying policy)',
        }),
    },
  }, o.fitted);
}

/** SharpLink: Sep 30 (replay) or Nov 9 (later starts). */
export function sbet(o: CompanyOptions, asOf: AsOf): CompanyFile {
  const sep = asOf === 'replay';
  return withPremium({
    ticker: 'SBET', name: 'SharpLink Gaming, Inc.', coin: 'ETH', exchange: 'nasdaq-cm',
    coins: sep ? 817747 : 861251, costBasisUsd: 3600, cashUsd: 20000000, otherAssetsUsd: 0, sharesOutstanding: 196690000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 1468400000,
    stock: { turnover: 0.1 },
    debt: [],
    ...(sep ? { policies: [{ kind: 'hold' }] } : {
      atm: { shelfUsd: 3500000000 },
      buybackCashFraction: 1, buybackMinCashUsd: 5000000,
      policies: [
        { kind: 'accumulate', mnavThreshold: 1 },
        { kind: 'rules', rules: [{ when: 'mnav < 1', action: 'buyback', amount: 'max(0, min(0.05 * advUsd, cashUsd - 5e6))' }] },
      ],
    }),
    sources: {
      exchange: 'facts §6: Nasdaq [N]; tier not in the facts, Capital Market assumed [?]',
      coins: sep ? 'facts §6: 817,747 ETH on Sep 30 (nearest to Oct 6) [F via summary] https://fintool.com/app/research/companies/SBET/earnings/Q3%202025; it bought 19,271 ETH on Oct 17 and held 861,251 by Nov 9 (those purchases are in the replayed path, not modelled)' : 'facts §6: 861,251 ETH on Nov 9 [F via summary] https://fintool.com/app/research/companies/SBET/earnings/Q3%202025',
      costBasisUsd: 'estimate: average cost not found [?] (June buys ~$2,626, Oct buys $3,892, facts §6); ~$3,600, used only for P&L',
      cashUsd: 'assumption: cash not found in sources dated <= 2025-11-21 [?]; $20M (small next to ~$2.4B of ETH). Q3 staking revenue ~$10.3M a quarter (Q3 results, Nov 12) exceeds SG&A [F via summary]',
      sharesOutstanding: '196.69M (Stock Analysis, Nov 2025; not in the facts file) [N] https://stockanalysis.com/stocks/sbet/statistics',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: 0; staking income exceeds G&A and the model has no income line [E]',
      buybackAuthorizationUsd: 'facts §6: $1.5B authorization (Aug 2025); $31.6M executed by the Q3 report (Nov 12) [F via summary] -> ~$1,468.4M left [E]',
      atm: 'SEC 10-Q note 9: ATM with A.G.P. raised from $1.0B to $6.0B on Jul 17 2025 [F] https://www.sec.gov/Archives/edgar/data/1981535/000149315225021970/R17.htm; "executives have refrained from selling shares below NAV" [N] https://marketnewsdata.com/2025/09/ether-treasury-company-sharplink-gaming-buys-back-15m-in-undervalued-shares',
      'stock.turnover': 'estimate: 20-day volume ~25.9M shares on ~193M (Stock Analysis) = ~13%/day; 10% [N]+[E]',
      ...(sep
        ? { 'policies[0] hold': 'facts §6: no coin sales [N]. In the replay the Nov 9 purchases are in the replayed path, so it only holds' }
        : {
          atm: 'SEC 10-Q note 9: ATM raised from $1.0B to $6.0B on Jul 17 2025 [F]; used so far not published: ~51M shares for $984M by early August [N] https://web3.ouchyi.co/discover/post/51350456162496, and 861,251 ETH at ~$3,600 (~$3.1B) bought in all, ~$0.4B of it with the June PIPE [?] -> ~$2.5B used, ~$3.5B left [E]. Daily cap: the default 10% of ADV [?]',
          'policies[0] accumulate': 'ATM issuance only above NAV: "executives have refrained from selling shares below NAV" [N] https://marketnewsdata.com/2025/09/ether-treasury-company-sharplink-gaming-buys-back-15m-in-undervalued-shares; the $76.5M registered direct of Oct 17 was priced at a premium to NAV [F via summary] -> mnavThreshold 1',
          'policies[1] rules': 'facts §6: buys back only when mNAV < 1 [F via news], funded "with cash reserves, staking income and other financing rather than debt" [N] https://earnbust.com/?p=29099, never by selling ETH (no coin sales, facts §6). A rule, so that the buyback is capped by the cash above a $5M floor and never sells ETH (buybackCashFraction 1, buybackMinCashUsd $5M); pace 5% of ADV [E]. Staking income, which refilled the cash in reality, is not modelled',
        }),
    },
  }, o.fitted);
}

/** ETHZilla: Sep 19 balance sheet, before the 1:10 split (replay) or after it. */
export function ethz(o: CompanyOptions, asOf: AsOf): CompanyFile {
  const pre = asOf === 'replay';
  const late = asOf === 'nov-20' || asOf === 'late-nov';
  const conv = pre ? 3.05 : 30.5;
  return withPremium({
    ticker: 'ETHZ', name: 'ETHZilla Corporation', coin: 'ETH', exchange: 'nasdaq-cm',
    coins: late ? 92300 : 102264, costBasisUsd: 3950, cashUsd: 559000000, otherAssetsUsd: 0,
    sharesOutstanding: pre ? 160176122 : 16017612, stockPrice0: o.stockPrice0, opexUsdPerYear: 0,
    buybackAuthorizationUsd: late ? 195000000 : 235000000,
    ...(pre ? {} : { priorReverseSplits: [{ date: '2025-10-20', ratio: 10 }] }),
    debt: [
      { kind: 'convertible', id: 'aug2025-notes', principalUsd: 156250000, couponRate: 0.02, maturityDate: '2028-08-08', conversionPrice: conv, putDate: '2026-05-08', collateralCoins: 3460,
        sources: { principalUsd: 'facts §7: $156.25M senior secured convertibles [F]', terms: 'maturity 2028-08-08 and investor redemption from 2026-05-08 (Q3 10-Q note 8, filed Nov 2025; not in the facts file) [F] https://www.sec.gov/Archives/edgar/data/1690080/000121390025111023/R14.htm; coupon 0% until Feb 6 2026 then 2% (2% used) [F]; conversion assumed equal to the new notes\' [?]', collateralCoins: 'estimate: ~$50M of ETH (facts §7) at ~$4,450, split pro rata [E]' } },
      { kind: 'convertible', id: 'sep2025-notes', principalUsd: 350000000, couponRate: 0.02, maturityDate: '2028-09-22', conversionPrice: conv, putDate: null, collateralCoins: 7740,
        sources: { principalUsd: 'facts §7: $350M, 2% (18% on default), secured by $50M of ETH + ~$500M cash [F] https://www.stocktitan.net/sec-filings/ETHZ/8-k-a-eth-zilla-corp-amends-material-event-report-e06ef78fbbc5.html', conversionPrice: pre ? 'facts §7: $3.05 pre-split (the engine scales it x10 at the Oct 20 split) [F]' : 'facts §7: $3.05 pre-split = $30.50 after the 1:10 split [F]+[E]', maturityDate: 'not known: three years assumed [?]' } },
    ],
    policies: pre
      ? [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.05, maxPriceUsd: 0 }, { kind: 'rules', rules: [{ when: 'day == 4', action: 'reverseSplit', amount: '10' }] }]
      : [{ kind: 'buybackBelowNav', navDiscountThreshold: 1, maxAdvFraction: 0.05, maxPriceUsd: 0 }],
    sources: {
      exchange: 'facts §7: Nasdaq Capital Market (Q3 10-Q) [F] https://us.kabutan.jp/disclosures/0001213900-25-111023?lang=en',
      coins: late ? 'estimate: 102,264 ETH (Sep 19, facts §7 [F]) less the ~$40M of ETH sold in October (facts §7 [N]) at ~$4,000 (sale price not disclosed [?]) = ~10,000 ETH -> ~92,300 [E]' : 'facts §7: 102,264 ETH & equivalents on Sep 19 (nearest to Oct 6) [F] https://www.stocktitan.net/news/ETHZ/france-eases-retail-crypto-rules-as-europe-unlocks-access-for-5ut8d0564b1d.html',
      costBasisUsd: 'estimate: not found [?]; ~$3,950 (bought in Aug 2025)',
      cashUsd: 'facts §7: ~$559M on Sep 19 [F]; ~$500M of it secures the notes, which the model does not restrict',
      sharesOutstanding: pre ? 'facts §7: 160,176,122 shares (Sep 19), before the 1:10 split of Oct 20 [F]' : 'facts §7: 160.18M / 10 after the Oct 20 split [F]+[E]; the October buybacks are not netted (count not found) [?]',
      ...(pre ? {} : { priorReverseSplits: 'facts §7: 1-for-10 reverse split effective Oct 20 2025 [N] https://www.ainvest.com/news/ethzilla-1-10-reverse-stock-split-strategic-gambit-institutional-necessity-2510. Under Nasdaq 5810(c)(3)(A)(iv) a new bid-price deficiency within a year of it gets no compliance period' }),
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'estimate: 0; interest on the collateral cash covers coupons and G&A [E]',
      buybackAuthorizationUsd: late ? 'estimate: $250M - ~$40M (Oct) - ~$15M (Sep) [E]' : 'estimate: $250M program (facts §7) - ~$15M used in September (6.45M pre-split shares) [E]',
      'policies[0] buybackBelowNav': 'facts §7: sold ~$40M of ETH to fund buybacks in October (announced ~Oct 27) [N] https://demo.decrypt.co/349465/fg-nexus-latest-ethereum-treasury-firm-sell-eth-stock-craters. Threshold 1 (below equity NAV per share); the pace is not disclosed: 5% of ADV [E]/[?] (the default 25% would sell ~4x more). No deleverage policy: the engine\'s trigger ignores the ~$500M of cash that backs the notes',
      ...(pre ? { 'policies[1] rules': 'facts §7: 1-for-10 reverse split effective Oct 20 2025 (day 14) [N] https://www.ainvest.com/news/ethzilla-1-10-reverse-stock-split-strategic-gambit-institutional-necessity-2510; the rule decides it on day 4 (Fri Oct 10) because a split takes effect no earlier than 10 calendar days after Nasdaq is notified (Rule 5250(e)(7); docs/model.md 5.2)' } : {}),
    },
  }, o.fitted);
}

/** KindlyMD / Nakamoto: Oct 6 (the Antalpha LOI day); the same balance sheet later (no newer cited figure). */
export function naka(o: CompanyOptions, asOf: AsOf): CompanyFile {
  return withPremium({
    ticker: 'NAKA', name: 'KindlyMD, Inc. (Nakamoto)', coin: 'BTC', exchange: 'nasdaq-gm',
    coins: 5765, costBasisUsd: 118000, cashUsd: 0, otherAssetsUsd: 0, sharesOutstanding: 400000000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 0,
    debt: [{ kind: 'loan', id: 'two-prime-credit', principalUsd: 203000000, rate: 0.08, maturityDate: '2026-10-06', collateralCoins: 3250,
      sources: { principalUsd: "facts §8: $203M BTC-secured credit from Two Prime, to be replaced by Antalpha's $250M facility (LOI Oct 6 2025) [N] https://edgen.pre.edgen.tech/zh/news/crypto/kindlymd-secures-250m-bitcoin-backed-convertible-note-facility-from-antalpha-amid-share-price-decline", terms: 'rate, maturity and covenants not in the sources: 8%, one year, no covenant modelled [?]', collateralCoins: 'estimate: 2x the principal in BTC at ~$124.8k (the Yorkville notes\' 2x rule, facts §8) = ~3,250 BTC [E]' } }],
    policies: [{ kind: 'hold' }],
    ...(asOf === 'late-nov' ? { listing: { closesBeforeStart: NAKA_CLOSES_TO_NOV21 } } : {}),
    sources: {
      exchange: 'facts §8: Nasdaq, not on the Capital Market -> nasdaq-gm (no second 180-day period) [F via news]',
      coins: 'facts §8: 5,765 BTC (Aug-Oct 2025; the Oct 6 Antalpha announcement says so) [N]',
      costBasisUsd: 'not found (reported elsewhere as ~$118k, unverified) [?]; used only for P&L',
      cashUsd: 'not found [?]: 0, so interest is paid by selling BTC (funding order)',
      sharesOutstanding: 'estimate: market cap $504M at $1.26 (Sep 15, mNAV ~0.75, facts §8) -> ~400M shares [N]+[E] https://bitcoinnewscrypto.com/news/bitcoin/kindly-md-stock-crash-bitcoin-treasury-naka-sec-pipe',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not found [?]: 0 (the healthcare business is small)',
      'debt not modelled': 'the Yorkville $200M convertible of Aug 2025 (0% for 2 years, conversion $2.80, 2x BTC collateral, facts §8): its status in October (outstanding, repaid or replaced) is unclear in the sources [?]; with it, senior claims would be ~$403M instead of $203M',
      ...(asOf === 'late-nov' ? { 'listing.closesBeforeStart': 'facts §8: NAKA first closed below $1 in October 2025 and stayed below through Oct-Nov [N] https://aetos.ai/posts/9d9430c0bd03b2da. The daily closes and the first day are not in sources dated <= 2025-11-21: the 16 business-day closes from Oct 31 (the latest first day consistent with "October") to Nov 21 are log-linear from $0.99 to the $0.56 estimate of Nov 21 [E]. Only their count below $1 matters for the Nasdaq clock: at least 16 of the 30 days' } : {}),
      'policies[0] hold': 'facts §8: no coin sale reported; no buyback or reverse split announced by 2025-11-21 [N]. The S-3ASR lists share repurchases among possible uses of proceeds only generically [F] https://www.stocktitan.net/sec-filings/NAKA/s-3asr-kindly-md-inc-sec-filing-42b3c7c04b74.html. A listing defence (buyback, reverse split) is a what-if a user can add (policy defendListing)',
    },
  }, o.fitted);
}

/** NAKA's closes Oct 31 - Nov 21 2025 (16 business days), log-linear $0.99 -> $0.56: an estimate whose only use is the count of days below $1 [E]. */
const NAKA_CLOSES_TO_NOV21 = Array.from({ length: 16 }, (_, k) => r2(0.99 * Math.pow(0.56 / 0.99, k / 15)));

const METAPLANET_SHARES = 1142000000;
/** JPY per USD assumed for Metaplanet's yen figures. */
const JPY_PER_USD = 152;

/** Metaplanet (Tokyo): 30,823 BTC since Sep 30; BTC-backed credit drawn Oct 31 ($100M) and Nov 21 ($130M). */
export function metaplanet(o: CompanyOptions, asOf: AsOf): CompanyFile {
  const loan = asOf === 'replay' ? 0 : asOf === 'nov-3' ? 100000000 : 230000000;
  return withPremium({
    ticker: '3350.T', name: 'Metaplanet Inc. (Tokyo; prices in USD)', coin: 'BTC', exchange: 'tse-no-price-rule',
    coins: 30823, costBasisUsd: 108036, cashUsd: asOf === 'late-nov' ? 230000000 : asOf === 'nov-3' ? 100000000 : 0, otherAssetsUsd: 0, sharesOutstanding: METAPLANET_SHARES,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: asOf === 'replay' ? 0 : 490000000,
    debt: loan > 0 ? [{ kind: 'loan', id: 'btc-backed-facility', principalUsd: loan, rate: 0.055, maturityDate: '2030-10-31', collateralCoins: 30823,
      sources: { principalUsd: `facts §5: BTC-backed facility up to $500M; drew $100M on Oct 31 and $130M on Nov 21 (total $230M) [F via news] https://www.mexc.co/en-IN/news/190240${asOf === 'nov-3' ? '; $100M outstanding at the start' : ''}`, rate: 'facts §5: floating USD benchmark + spread [F via news]; ~5.5% assumed [?]', maturityDate: 'facts §5: the facility renews daily and is prepayable [F via news]: no repayment is assumed inside the horizon (maturity set to 2030-10-31, a placeholder beyond it) [E]', collateralCoins: 'facts §5: BTC collateral with margin top-ups if BTC falls [F via news]; all holdings pledged and no LTV trigger modelled (terms not public) [?]' } }] : [],
    ...(asOf === 'replay' ? { policies: [{ kind: 'hold' }] } : {
      buybackCashFraction: 1, buybackMinCashUsd: 18000000,
      policies: [{ kind: 'rules', rules: [{ when: 'mnav < 1', action: 'buyback', amount: 'max(0, min(0.25 * advUsd, cashUsd - 18e6))' }] }],
      actions: [
        ...(asOf === 'nov-3' ? [{ kind: 'raise' as const, date: '2025-11-21', instrument: 'loan' as const, usd: 130000000, useOfProceeds: 'coins' as const, id: 'btc-backed-facility-nov21', rate: 0.055, maturityDate: '2030-10-31', collateralCoins: 0 }] : []),
        ...(asOf === 'late-nov' ? [{ kind: 'buyCoins' as const, date: '2025-11-25', coins: 1548 }] : []),
        { kind: 'raise' as const, date: '2025-12-23', instrument: 'preferred' as const, usd: Math.round(21.25e9 / JPY_PER_USD / 1e5) * 1e5, rate: 0.0544, useOfProceeds: 'coins' as const, id: 'mercury-class-b' },
      ],
    }),
    sources: {
      exchange: 'facts §5: Tokyo Stock Exchange. There is no TSE rule set in the simulator; tse-no-price-rule (listingRules in this file) is a machine that never triggers, because the TSE has no minimum-price rule like Nasdaq/NYSE',
      coins: 'facts §5: 30,823 BTC (last buy 5,268 BTC on Sep 30; purchases then paused) [F via news] https://quark.news/metaplanet-turns-to-bitcoin-leverage-for-500m-buyback-after-stock-value-slips-below-btc-stash-94716.html',
      costBasisUsd: 'facts §5: $108,036/BTC [N] https://www.ainvest.com/news/bitcoin-news-today-metaplanet-borrows-130m-buy-bitcoin-defying-downturn-chase-1-supply-target-2511',
      cashUsd: asOf === 'late-nov'
        ? 'estimate: the $100M drawn on Oct 31 for the buyback (no repurchase reported by Nov 21 [?]) and the $130M drawn on Nov 21 "to buy bitcoin" (spent by the dated buyCoins action) are cash at the start [E]'
        : asOf === 'nov-3' ? 'estimate: the $100M drawn on Oct 31 to fund the buyback (facts §5: "turns to bitcoin leverage for $500M buyback") is cash at the start [F via news]+[E]' : 'not in the facts [?]: 0 (fiat cash not reported)',
      sharesOutstanding: 'estimate: the buyback of up to 150M shares is 13.13% of shares (facts §5) -> ~1,142M shares [F via news]+[E] https://bitbo.io/news/metaplanet-share-buyback-mnav',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not in the facts [?]: 0 (its BTC income business roughly covers costs)',
      preferred: `MERCURY Class B perpetual preferred approved by the board on Nov 20 2025: 23.61M shares at JPY 900 (~JPY 21.25B, ~$${Math.round(21.25e9 / JPY_PER_USD / 1e6)}M at ${JPY_PER_USD} JPY/USD [?]), 4.9% fixed dividend on a JPY 1,000 notional, subject to the Dec 22 2025 EGM [F via news] https://www.binance.bh/en-AE/square/post/32643504174474 ; https://briefly.co/anchor/Fundraising/story/metaplanet-to-raise-150m-and-buy-more-bitcoin-during-crash. Encoded as a dated raise after the EGM (actions)`,
      ...(asOf === 'replay'
        ? { buybackAuthorizationUsd: 'the buyback was authorized on Oct 28 (facts §5), after the replay starts: not in the replay', 'policies[0] hold': 'facts §5: no BTC sale [F via news]' }
        : {
          buybackAuthorizationUsd: 'facts §5: up to 150M shares (13.13%) from Oct 29 2025 to Oct 28 2026 -> ~$490M at ~$3.28 (JPY 499 on Oct 28 at 152 JPY/USD) [F via news]+[E], funded by the BTC-backed credit, not by selling BTC',
          'policies[0] rules': 'facts §5: buys back when mNAV < 1 with the borrowed cash, never by selling BTC [F via news] https://bitbo.io/news/metaplanet-share-buyback-mnav. A rule, so that the buyback is capped by the cash above an $18M floor (buybackCashFraction 1): no BTC is sold for it. The floor keeps ~a year of interest on $230M at ~5.5% ($12.7M) plus $5M [E]; its BTC income business (not modelled) also earns cash. Pace 25% of ADV: the daily volume limit of Japanese buyback safe-harbour practice [?]',
          ...(asOf === 'nov-3' ? { 'actions[0] raise': 'facts §5: $130M drawn on the BTC-backed facility on Nov 21 2025 to buy bitcoin [F via news] https://www.ainvest.com/news/bitcoin-news-today-metaplanet-borrows-130m-buy-bitcoin-defying-downturn-chase-1-supply-target-2511; rate and term as the first draw [?]; no separate pledge (the facility already holds all the BTC) [?]' } : {}),
          ...(asOf === 'late-nov' ? { 'actions[0] buyCoins': 'facts §5: the $130M drawn on Nov 21 is "to buy bitcoin" [F via news]: $130M / ~$84k (Nov 21) = ~1,548 BTC on the next TSE business day (Nov 24 is a holiday) [E]' } : {}),
          [`actions[${asOf === 'nov-3' || asOf === 'late-nov' ? 1 : 0}] raise`]: `MERCURY Class B preferred (board approval Nov 20 2025, subject to the Dec 22 EGM): proceeds JPY 21.25B = ~$${Math.round(21.25e9 / JPY_PER_USD / 1e6)}M at ${JPY_PER_USD} JPY/USD [?], to buy bitcoin [F via news] https://www.binance.bh/en-AE/square/post/32643504174474. Dividend 4.9% on a JPY 1,000 notional for shares sold at JPY 900 = 5.44% of the proceeds [E]. Settlement date after the EGM not given: Dec 23 assumed [?]`,
        }),
    },
  }, o.fitted);
}

/** Semler Scientific: Sep 30 2025 (8-K of Oct 3; the nearest cited full position). */
export function smlr(o: CompanyOptions): CompanyFile {
  return withPremium({
    ticker: 'SMLR', name: 'Semler Scientific, Inc.', coin: 'BTC', exchange: 'nasdaq-gm',
    coins: 5048, costBasisUsd: 100000, cashUsd: 10300000, otherAssetsUsd: 0, sharesOutstanding: 15142195,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 0,
    debt: [
      { kind: 'convertible', id: '4.25%-2030', principalUsd: 100000000, couponRate: 0.0425, maturityDate: '2030-03-01', conversionPrice: 76.44, putDate: null, sources: { terms: 'facts §9: $100M 4.25% convertible notes due 2030 ($85M + $15M option, exercise assumed), conversion $76.44, unsecured [F]/[N] https://coingape.com/semler-scientific-increases-85m-offering-amid-bitcoin-accumulation-plans/amp; day and month of maturity assumed [?]' } },
      { kind: 'loan', id: 'coinbase-credit', principalUsd: 20000000, rate: 0.08, maturityDate: '2026-09-25', collateralCoins: 500, sources: { principalUsd: 'facts §9: Coinbase Credit BTC-collateralized master loan, $20M drawn Sep 25 2025 [F] https://pubt.io/view/A3A11FB1F1B7FEC76799218923C2A34DC4DDC26E', terms: 'rate, maturity and margin levels not in the sources: 8%, one year, ~500 BTC pledged (~3x cover), no trigger modelled [?]' } },
    ],
    policies: [{ kind: 'hold' }],
    sources: {
      exchange: 'facts §9: Nasdaq [F]; tier assumed Global Market [?]',
      coins: '8-K of Oct 3 2025 (preliminary Q3): 5,048 BTC on Sep 30 2025 [F] https://pubt.io/view/E740729B2FE710D85877D9B7F0676EB46135201A; the Q3 10-Q (Nov 12) confirms 5,048 [F via summary] https://fintool.com/app/research/companies/SMLR/earnings/Q3%202025',
      costBasisUsd: 'estimate: 3,192 BTC at $87,854 (Feb 2025, facts §9 [F]); later purchases at ~$100-118k; ~$100k overall [E]/[?], used only for P&L',
      cashUsd: '8-K of Oct 3 2025: cash, restricted cash and equivalents ~$10.3M on Sep 30 [F] (same link); the $29.75M DOJ settlement accrual (facts §9) is not modelled',
      sharesOutstanding: '8-K of Oct 3 2025: 15,142,195 basic shares on Sep 30 (17,296,094 assumed diluted) [F]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not in the facts [?]: 0 (the diagnostics business roughly covers costs; Q4 revenue guided >=60% lower, Q3 10-Q [F via summary])',
      atm: 'Q3 10-Q: 5,207,036 shares sold for ~$203.8M under the April 2025 $500M ATM [F via summary]; not used while the all-stock merger is pending',
      'policies[0] hold': 'facts §9: all-stock acquisition by Strive agreed Sep 22 2025 (21.05 ASST shares per SMLR share) [F]; no sale reported. Caveat: a stock under a pending all-stock merger trades on the exchange ratio, which the premium model does not know',
    },
  }, o.fitted);
}

/** Bit Digital: Oct 8 holdings (oct-9, replay) or Oct 31 (late-nov). */
export function btbt(o: CompanyOptions, asOf: AsOf): CompanyFile {
  const late = asOf === 'late-nov';
  return withPremium({
    ticker: 'BTBT', name: 'Bit Digital, Inc.', coin: 'ETH', exchange: 'nasdaq-cm',
    coins: late ? 153547 : 150244, costBasisUsd: late ? 3100 : 3080, cashUsd: 179000000, otherAssetsUsd: 546000000, sharesOutstanding: 321400000,
    stockPrice0: o.stockPrice0, opexUsdPerYear: 0, buybackAuthorizationUsd: 0,
    debt: [{ kind: 'convertible', id: '4%-2030', principalUsd: 150000000, couponRate: 0.04, maturityDate: '2030-10-01', conversionPrice: 4.16, putDate: null, sources: { terms: 'facts §11: $150M 4.00% convertible senior notes due 2030-10-01, unsecured, conversion $4.16; redeemable by the company from Oct 6 2028 if the stock is >= 130% of the conversion price [F] https://secwatch.observer/filing/0001213900-25-095533.md' } }],
    policies: [{ kind: 'hold' }],
    sources: {
      exchange: '8-K of Nov 14 2025 (cover): ordinary shares on the Nasdaq Capital Market [F] https://us.kabutan.jp/disclosures/0001213900-25-110283?lang=en',
      coins: late
        ? 'Q3 results (Nov 14 2025): 153,547 ETH on Oct 31 (132,480 staked) [F via summary] https://fintool.com/app/research/companies/BTBT/earnings/Q3%202025'
        : 'facts §11: 121,252 ETH (Sep 29) + 31,057 ETH bought Oct 8 with the note proceeds = ~150,244 ETH [F via news] https://blog.ueex.com/2025/10/08',
      costBasisUsd: late
        ? 'estimate: ~$3,080 for 150,244 ETH (below) + 3,303 ETH bought in October at ~$4,000 [E] -> ~$3,100'
        : 'estimate: 121,252 at $2,635 (facts §11 [F via news]) + ~$143.3M of net note proceeds for 31,057 ETH -> ~$3,080 [E]',
      cashUsd: 'Q3 results (Nov 14 2025): cash and equivalents $179M on Sep 30 [F via news] https://in.investing.com/news/transcripts/earnings-call-transcript-bit-digital-reports-q3-2025-revenue-increase-93CH-5109857. Consolidated: part of it may be WhiteFiber\'s (70.7% owned) [?]',
      otherAssetsUsd: 'estimate: NAV $3.84/share x 321.4M = ~$1.23B on Sep 29 incl. 27.04M WhiteFiber (WYFI) shares (facts §11 [F via news]) less 121,252 ETH at ~$4,200 [?] = ~$725M of WYFI stake, cash and mining assets; less the $179M of cash counted above = ~$546M, held constant [E]. Management will not sell WhiteFiber shares in 2026 (Nov 14 call) [F via summary]',
      sharesOutstanding: 'facts §11: 321.4M [F via news]',
      stockPrice0: o.stockPrice0Source,
      opexUsdPerYear: 'not in the facts [?]: 0 (cloud, mining and staking revenue roughly cover costs; staking alone $2.9M in Q3)',
      'policies[0] hold': 'facts §11: no ETH sale reported [F via news]. Q3 call (Nov 14): "disciplined ETH accumulation using unsecured converts / ATM selectively", leverage kept below 20% of ETH holdings [F via summary] https://www.ainvest.com/news/bit-digital-q3-2025-contradictions-emerge-mining-strategy-ethereum-staking-costs-white-fiber-expansion-megawatt-availability-2511. Accumulation is not encoded (no ATM size given)',
    },
  }, o.fitted);
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

/** A stock price from a price/NAV (or mNAV) ratio observed on an anchor day, held to a later day with the coin at its replay level. */
interface Anchor { price(start: string): number; source(start: string): string }

/** Semler: $32.06 on Sep 22 2025 (facts-cited news), 15.14M shares, 5,021 BTC then; BTC ~$114.1k ($575.8M / 5,048 BTC on Sep 30, 8-K of Oct 3). */
const SMLR_MNAV = (32.06 * 15142195) / (5021 * 114065);
export const SMLR_ANCHOR: Anchor = {
  price: (start) => r2((SMLR_MNAV * 5048 * pathLevel(BTC_PATH, dayBefore(start))) / 15142195),
  source: (start) => `estimate: SMLR closed at $32.06 on Sep 22 2025 [N] https://holder.io/news/semler-shares-below-value-strive-acquisition, a basic mNAV of ${SMLR_MNAV.toFixed(3)} (x 15.14M shares / (5,021 BTC x ~$114.1k, the Sep 30 value in the 8-K of Oct 3)) [E]; held with BTC at its replay level of ${dayBefore(start)} (~$${Math.round(pathLevel(BTC_PATH, dayBefore(start))).toLocaleString('en-US')}) [E]. No November price in sources dated <= 2025-11-21; the stock trades on the Strive exchange ratio, which this ignores`,
};

/** SharpLink: $13.09 on Nov 3 (Stock Analysis), 861,251 ETH, 196.69M shares, ETH at its Nov 3 replay level. */
const SBET_RATIO = 13.09 / ((861251 * pathLevel(ETH_PATH, '2025-11-03')) / 196690000);
const SBET_ANCHOR: Anchor = {
  price: (start) => r2((SBET_RATIO * 861251 * pathLevel(ETH_PATH, dayBefore(start))) / 196690000),
  source: (start) => `estimate: $13.09 on Nov 3 2025 (Stock Analysis, not in the facts file) [N] is a basic mNAV of ${SBET_RATIO.toFixed(3)} with ETH at its Nov 3 replay level; held with ETH at its replay level of ${dayBefore(start)} (~$${Math.round(pathLevel(ETH_PATH, dayBefore(start))).toLocaleString('en-US')}) [E]. Cross-check: facts §6 reports 0.87-0.91 in September`,
};

/** ETHZilla: ~$20 post-split at the October buyback (~Oct 27, facts §7), equity NAV per share with 92,300 ETH, $559M cash, $506.25M of notes. */
const ethzNav = (eth: number) => (92300 * eth + 559000000 - 506250000) / 16017612;
const ETHZ_RATIO = 20 / ethzNav(pathLevel(ETH_PATH, '2025-10-27'));
const ETHZ_ANCHOR: Anchor = {
  price: (start) => r2(ETHZ_RATIO * ethzNav(pathLevel(ETH_PATH, dayBefore(start)))),
  source: (start) => `estimate: ~$20 post-split at the October buyback (~Oct 27, facts §7 [N]) is ${ETHZ_RATIO.toFixed(3)} x equity NAV per share ((92,300 ETH x P + $559M cash - $506.25M notes) / 16.02M) with ETH at its Oct 27 replay level; held with ETH at its replay level of ${dayBefore(start)} (~$${Math.round(pathLevel(ETH_PATH, dayBefore(start))).toLocaleString('en-US')}) [E]. No November price in sources dated <= 2025-11-21`,
};

/** Bit Digital: $2.36 premarket on Nov 14 (Q3 results), equity NAV per share with 153,547 ETH, $725M of other assets and cash, $150M of notes. */
const btbtNav = (eth: number) => (153547 * eth + 179000000 + 546000000 - 150000000) / 321400000;
const BTBT_RATIO = 2.36 / btbtNav(pathLevel(ETH_PATH, '2025-11-13'));
const BTBT_ANCHOR: Anchor = {
  price: (start) => r2(BTBT_RATIO * btbtNav(pathLevel(ETH_PATH, dayBefore(start)))),
  source: (start) => `estimate: $2.36 premarket on Nov 14 2025 after the Q3 results [N] https://in.investing.com/news/transcripts/earnings-call-transcript-bit-digital-reports-q3-2025-revenue-increase-93CH-5109857 is ${BTBT_RATIO.toFixed(3)} x equity NAV per share ((153,547 ETH x P + $725M other assets and cash - $150M notes) / 321.4M, ETH at its Nov 13 replay level); held with ETH at its replay level of ${dayBefore(start)} (~$${Math.round(pathLevel(ETH_PATH, dayBefore(start))).toLocaleString('en-US')}) [E]`,
};

/** Tickers that get a fitted starting price in the replay (they have reported figures inside the window). */
export const REPLAY_FITTED_LEVELS = ['MSTR', 'SQNS', 'FGNX', 'BMNR', 'SBET', 'ETHZ', 'NAKA', '3350.T'] as const;

/** Anchors for the replay levels that are not fitted (no reported figure inside the window). */
export const REPLAY_ANCHORS: Record<string, { stockPrice0: number; source: string }> = {
  BTBT: { stockPrice0: 2.92, source: 'facts §11: $2.92 close on Sep 30 2025, the nearest reported close before the window (no reported figure inside it, so not fitted) [F via news] https://blog.ueex.com/2025/10/08' },
  SMLR: { stockPrice0: SMLR_ANCHOR.price(REPLAY_START), source: SMLR_ANCHOR.source(REPLAY_START) + '. Not fitted' },
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
      naka(L('NAKA'), 'replay'),
      metaplanet(L('3350.T'), 'replay'),
      smlr(L('SMLR')),
      fgnx(L('FGNX'), 'replay'),
      bmnr(L('BMNR'), 'replay', REPLAY_START),
      sbet(L('SBET'), 'replay'),
      ethz(L('ETHZ'), 'replay'),
      btbt(L('BTBT'), 'replay'),
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

const opt = (stockPrice0: number, stockPrice0Source: string): CompanyOptions => ({ fitted: null, stockPrice0, stockPrice0Source });
const anchored = (a: Anchor, start: string): CompanyOptions => opt(a.price(start), a.source(start));

/** Companies with the Nov 19 close (contagion and the Nov 20 single-company files). */
function nov20Companies(): Record<string, CompanyFile> {
  const S = '2025-11-20';
  return {
    MSTR: mstr(opt(182.54, 'estimate: log-linear between $195.42 (Nov 17, facts §4 [N] https://ts2.tech/?p=20497658) and $170.50 (Nov 21 close [N] https://ts2.tech/en/microstrategy-mstr-stock-today-bitcoin-crash-index-risks-and-debt-jitters-weigh-on-shares-november-22-2025) -> ~$182.54 on Nov 19 [E]'), 'nov-20'),
    SQNS: sqns(opt(4.7, 'estimate: Nov 19 close not found [?]; $5.92 on Nov 4 (facts §1) scaled by the fall of book equity at a constant premium (2,264 BTC, $15M cash, $94.5M debt; BTC $101k -> ~$87.9k): x0.79 -> ~$4.70 [E]'), 'nov-20'),
    FGNX: fgnx(opt(2.59, "estimate: $2.41 on Nov 20 after a 7% fall that day (facts §2 [N] https://cvj.ai/summarized/crypto-news/fg-nexus-sells-31m-eth-for-share-buyback-stock-dips-7) -> ~$2.59 on Nov 19 [E]"), 'nov-20'),
    BMNR: bmnr(opt(28.8, 'estimate: log-linear between ~$33.6 (Nov 14: "below $26" on Nov 21 after -22.7% on the week, facts §3 [N]) and $26 (Nov 21) -> ~$28.8 on Nov 19 [E]'), 'nov-20', S),
    SBET: sbet(anchored(SBET_ANCHOR, S), 'nov-20'),
    ETHZ: ethz(anchored(ETHZ_ANCHOR, S), 'nov-20'),
    SMLR: smlr(anchored(SMLR_ANCHOR, S)),
  };
}

/** Companies as of late November (the scenarios starting 2025-11-22), each with its starting price and source. */
export function lateNovCompanies(): Record<string, CompanyFile> {
  return {
    MSTR: mstr(opt(170.5, 'Nov 21 2025 close $170.50 [N] https://ts2.tech/en/microstrategy-mstr-stock-today-bitcoin-crash-index-risks-and-debt-jitters-weigh-on-shares-november-22-2025'), 'late-nov'),
    SQNS: sqns(opt(4.35, 'estimate: Nov 21 close not found [?]; $5.92 on Nov 4 (facts §1) scaled by the fall of book equity at a constant premium, (2,264 x $84k + $15M - $94.5M) / (2,264 x $101k + $15M - $94.5M) = 0.73 -> ~$4.35 [E]'), 'late-nov'),
    NAKA: naka(opt(0.56, 'estimate: only "below $1 through Oct-Nov" is reported (facts §8); the Oct 6 price ($1.03) at a constant premium over equity (5,765 BTC less $203M of debt: $516M at $124.8k -> $281M at $84k) gives ~$0.56 [E]'), 'late-nov'),
    '3350.T': metaplanet(opt(r2(387 / JPY_PER_USD), `JPY 387 (~Nov 20 2025, with mNAV 0.96) [N] https://briefly.co/anchor/Fundraising/story/metaplanet-to-raise-150m-and-buy-more-bitcoin-during-crash at ${JPY_PER_USD} JPY/USD [?]`), 'late-nov'),
    SMLR: smlr(anchored(SMLR_ANCHOR, LATE_NOV)),
    FGNX: fgnx(opt(2.23, 'estimate: $2.41 on Nov 20 (facts §2 [N]) scaled by the fall of equity NAV to Nov 21 (ETH $3,000 -> $2,750): x0.927 -> ~$2.23 [E]'), 'late-nov'),
    BMNR: bmnr(opt(26, "facts §3: 'below $26' in the week of Nov 17-21 [N]; $26 used for Nov 21"), 'late-nov', LATE_NOV),
    SBET: sbet(anchored(SBET_ANCHOR, LATE_NOV), 'late-nov'),
    ETHZ: ethz(anchored(ETHZ_ANCHOR, LATE_NOV), 'late-nov'),
    BTBT: btbt(anchored(BTBT_ANCHOR, LATE_NOV), 'late-nov'),
  };
}

const FORECAST_NOTE = 'A forecast made on 2025-11-21: every number uses only information dated on or before that day (docs/forecasts-2025-11-21.md lists each company\'s facts with their dates and sources).';

export function libraryScenarios(): ScenarioFile[] {
  const pm = (coin: 'BTC' | 'ETH', start: string, extra: Partial<MarketOptions> = {}) => market(coin, { start, fitted: null, openInterest: 'november', ...extra });
  const nov = lateNovCompanies();
  const n20 = nov20Companies();
  const out: ScenarioFile[] = [];
  const EARLY = `It starts before 2025-11-21: up to that day the coin replays its reported path and the company's policy is the one it was seen to follow (in-sample); after it, both are a forecast. ${REPLAY_CAVEAT}`;

  out.push(scenario('sqns', 'Sequans (SQNS): sell bitcoin to halve the secured convertible, then buy back ADSs',
    `Sequans Communications (NYSE: SQNS, ADSs) from 2025-10-27, BEFORE its bitcoin sale: 3,234 BTC bought at about $116.9k, all pledged against a $189M secured convertible, and two ADS ratio changes within two years (x2.5 in Oct 2024, x10 on Sep 17 2025) that the NYSE counts as reverse splits. Management deleverages when debt / coin value passes 55% (it sold 970 BTC to redeem half the debenture, announced 2025-11-04, debt/NAV 55% -> 39%), then buys back ADSs below NAV. ${FORECAST_NOTE} ${EARLY}`,
    '2025-10-27', 365, { BTC: pm('BTC', '2025-10-27') },
    [sqns(opt(7.1, 'estimate: $5.92 on Nov 4 after -16.6% on the day (facts §1 [N]) gives ~$7.10 for Nov 3, used for Oct 24; the Oct 24 close is not in the facts [E]'), 'oct-27')],
    { startDate: '2025-10-27, the Monday of the week in which a Sequans wallet moved ~1,000 BTC to Coinbase (facts §1, on-chain), before the Nov 4 announcement' }));

  out.push(scenario('fgnx', 'FG Nexus (FGNX): buy back stock below NAV, from its $200M programme',
    `FG Nexus (Nasdaq: FGNX) from 2025-10-21, when its $200M buyback (ThinkEquity; below NAV, at most 25% of daily volume while the stock is under $5) was announced: 50,778 ETH bought at about $3,860, the Sep 30 cash and debt, and its 8% Series A preferred. Its policy buys back stock below equity NAV per share (by Nov 19 it had sold 10,922 ETH and bought back ~3.4M shares at $3.45, and said it would continue while the stock trades below NAV). The engine funds buybacks by selling ETH; the real company also borrowed ~$10M and kept ~$37M of cash. ${FORECAST_NOTE} ${EARLY}`,
    '2025-10-21', 365, { ETH: pm('ETH', '2025-10-21') },
    [fgnx(opt(3.83, 'estimate: $2.41 on Nov 20 after -37% in a month (facts §2 [N]) gives ~$3.83 for Oct 20 [E]'), 'oct-21')],
    { startDate: '2025-10-21: buyback programme announced ~Oct 21-22 (facts §2); the ATM was suspended in October' }));

  out.push(scenario('bmnr', 'BitMine (BMNR): hold 3.56M ETH through the drawdown, no debt',
    `BitMine Immersion Technologies (NYSE American: BMNR) from 2025-11-17: 3.56M ETH bought at about $4,009, $607M of unencumbered cash, no debt, and no coin sales (it kept buying ETH through November). No covenant, no sale: only an unrealized loss that grows with every dollar ETH falls (about $3B on Nov 17, $3.7B on Nov 20). The share count is uncertain (not published weekly): the starting basic mNAV is ~1.16 with the numbers used, against 0.77-0.8 reported by analysts on Nov 17-20. ${FORECAST_NOTE} ${EARLY}`,
    '2025-11-17', 365, { ETH: pm('ETH', '2025-11-17') },
    [bmnr(opt(33.6, "estimate: 'below $26' in the week of Nov 17-21 after -22.7% on the week (facts §3 [N]) gives ~$33.6 for the Nov 14 close [E]"), 'nov-17', '2025-11-17')],
    { startDate: '2025-11-17, the date of the holdings release used here (facts §3)' }));

  out.push(scenario('contagion', 'Contagion: six treasuries sharing the BTC and ETH markets, from 2025-11-20',
    `Two coin markets (BTC, ETH) shared by six digital-asset treasuries with their positions as of 2025-11-17..20: Strategy (MSTR, hold), Sequans (SQNS, after its sale of 970 BTC and half its debenture), FG Nexus (FGNX, after its sale of 10,922 ETH and a 3.4M-share buyback), BitMine (BMNR, hold), SharpLink (SBET, hold: its buybacks are cash-funded, which the engine cannot yet express) and ETHZilla (ETHZ, cash-collateralized convertibles, post 1:10 split). The start is 2025-11-20 so that the replay covers the second-largest BTC-ETF outflow day (-$903M) and the Nov 21 liquidation day; after 2025-11-21 both coins are stochastic for two years. One company's coin sale moves the price every holder of that coin is valued at: the counterfactual (same seed, companies switched off) measures the drawdown the treasuries cause themselves. ${FORECAST_NOTE} ${REPLAY_CAVEAT}`,
    '2025-11-20', 730, { BTC: pm('BTC', '2025-11-20'), ETH: pm('ETH', '2025-11-20') },
    [n20.MSTR, n20.SQNS, n20.FGNX, n20.BMNR, n20.SBET, n20.ETHZ],
    { startDate: '2025-11-20: latest date at which all positions are known (MSTR and BMNR Nov 17, SBET Nov 9, FGNX Nov 19); the replay then covers the Nov 20 ETF outflow and the Nov 21 liquidation day', correlations: 'defaults (src/presets/defaults.ts): BTC/ETH 0.8, BTC/INDEX 0.5 (5-year 0.54, 30-day 0.80 on Nov 17, facts §13), ETH/INDEX 0.45', horizonDays: "730 days (two years, to Nov 2027): includes the MSTR 2028 notes' Sep 15 2027 put and the ETHZ August notes' May 8 2026 redemption right" }));

  out.push(scenario('mstr', 'Strategy (MSTR): 649,870 BTC, $8.2B of convertibles and $7.8B of preferreds, hold',
    `Strategy from 2025-11-18, its Nov 17 position: 649,870 BTC at $74,433, six convertible series ($8.2B) and perpetual preferreds (~$7.8B, ~8.5% dividends). It holds; its ~$700M a year of coupons and dividends is paid from cash, then at-the-market issuance while basic mNAV > 1, then by selling BTC. Two years, so the 2028 notes' Sep 15 2027 put falls inside. ${FORECAST_NOTE} ${EARLY}`,
    '2025-11-18', 730, { BTC: pm('BTC', '2025-11-18') },
    [mstr(opt(195.42, 'facts §4: ~$195.42 on Nov 17 [N] https://ts2.tech/?p=20497658'), 'nov-18')],
    { startDate: 'the day after the Nov 17 position (facts §4)', horizonDays: '730 days: includes the 0.625% 2028 notes\' holder put of 2027-09-15' }));

  out.push(scenario('sbet', 'SharpLink (SBET): 861,251 ETH, no debt, no coin sales',
    `SharpLink from 2025-11-10, its Nov 9 position: 861,251 ETH, no debt, a $1.5B buyback authorization used only when mNAV < 1 and funded from cash, staking income and other financing, never by selling ETH; ATM issuance only above NAV. The buyback is encoded as a rule paid from cash only: when mNAV < 1, up to 5% of a day's volume, from the cash above a $5M floor, never by selling ETH; staking income, which refilled the cash in reality, is not modelled. ${FORECAST_NOTE} ${EARLY}`,
    '2025-11-10', 365, { ETH: pm('ETH', '2025-11-10') },
    [sbet(anchored(SBET_ANCHOR, '2025-11-10'), 'nov-10')],
    { startDate: 'the day after the Nov 9 holdings figure (facts §6)' }));

  out.push(scenario('ethz', 'ETHZilla (ETHZ): cash-backed convertibles, post 1:10 split, sells ETH to buy back below NAV',
    `ETHZilla from 2025-10-21, the day after its 1-for-10 reverse split (which Nasdaq remembers for a year): 102,264 ETH, ~$559M of cash (most of it securing $506M of senior secured convertibles), 16.0M shares. It sells ETH to buy back stock below equity NAV per share (it sold ~$40M of ETH for buybacks in late October). The August notes' investor redemption right from 2026-05-08 falls inside the year. ${FORECAST_NOTE} ${EARLY}`,
    '2025-10-21', 365, { ETH: pm('ETH', '2025-10-21') },
    [ethz(opt(20, "facts §7: '~$20 post-split at the October buyback' (~Oct 27; the Oct 20 close is not in the facts) [N]"), 'oct-21')],
    { startDate: 'the first trading day after the 1:10 reverse split of Oct 20 2025 (facts §7)' }));

  out.push(scenario('naka', 'KindlyMD / Nakamoto (NAKA): 5,765 BTC, a $203M BTC-backed loan, a stock at $1.03 and a Nasdaq clock',
    `KindlyMD (Nakamoto) from 2025-10-06, the day of its Antalpha letter of intent: 5,765 BTC, a $203M BTC-secured credit, ~400M shares at $1.03. The stock closed below $1 from October (facts §8). Management had announced no buyback and no reverse split by 2025-11-21, so the company holds and the Nasdaq clock runs its course; a listing defence (policy defendListing) is a what-if to add. Facts are thin (share count estimated, debt structure unclear: the Yorkville $200M convertible is left out). ${FORECAST_NOTE} ${EARLY}`,
    '2025-10-06', 540, { BTC: pm('BTC', '2025-10-06') },
    [naka(opt(1.03, "'NAKA shares are trading at $1.03' on Oct 6 (Antalpha LOI article, facts §8's holdings source) [N] https://edgen.pre.edgen.tech/zh/news/crypto/kindlymd-secures-250m-bitcoin-backed-convertible-note-facility-from-antalpha-amid-share-price-decline"), 'replay')],
    { startDate: 'Oct 6 2025: the Antalpha LOI day, when the 5,765 BTC and the $1.03 price are reported', horizonDays: '540 days: a notice after 30 business days below $1 plus 180 days (Global Market: no second period), with room to spare' }));

  out.push(scenario('metaplanet', 'Metaplanet (3350.T, Tokyo): 30,823 BTC and a BTC-backed credit line, hold',
    `Metaplanet from 2025-11-03: 30,823 BTC at $108,036, $100M drawn on its BTC-backed facility (Oct 31), a buyback of up to 150M shares authorized from Oct 29 and funded by that credit, and (Nov 20) the MERCURY preferred to raise ~JPY 21.25B to buy bitcoin after the Dec 22 EGM. Tokyo has no minimum-price rule: the listing rule set in this file never triggers. The credit-funded buyback and the preferred need the v2 capital actions; until then the company holds. Prices are in USD (about ${JPY_PER_USD} JPY/USD assumed). ${FORECAST_NOTE} ${EARLY}`,
    '2025-11-03', 365, { BTC: pm('BTC', '2025-11-03') },
    [metaplanet(opt(3.04, 'estimate: mNAV 1.03 on Oct 28 (facts §5 [F via news]) held to Oct 31: 1.03 x 30,823 x ~$109.4k (replay level) / 1,142M shares = ~$3.04 [E]; cross-check: JPY 499 on Oct 28 at ~152 JPY/USD [?] = ~$3.28'), 'nov-3')],
    { startDate: 'the first trading day after the $100M draw of Oct 31 (facts §5)' }, { listingRules: TSE_RULES }));

  out.push(scenario('smlr', 'Semler Scientific (SMLR): 5,048 BTC, $100M convertible and a Coinbase margin loan, hold (merger pending)',
    `Semler Scientific from 2025-11-20: 5,048 BTC (Sep 30, 8-K of Oct 3), $10.3M of cash, a $100M 4.25% convertible and a $20M BTC-collateralized Coinbase loan; it holds. Caveat: an all-stock acquisition by Strive was agreed on Sep 22 2025, so the real stock trades on the exchange ratio, which the premium model does not know. ${FORECAST_NOTE} ${REPLAY_CAVEAT}`,
    '2025-11-20', 365, { BTC: pm('BTC', '2025-11-20') },
    [n20.SMLR],
    { startDate: '2025-11-20, as scenarios/contagion.json (the replay covers Nov 20-21)' }));

  out.push(scenario('btbt', 'Bit Digital (BTBT): ~150,244 ETH, a $150M convertible and a WhiteFiber stake, hold',
    `Bit Digital from 2025-10-09, after buying 31,057 ETH with its new 4% convertible: ~150,244 ETH, $150M of unsecured notes due 2030, $179M of (consolidated) cash and ~$546M of other assets (mostly its WhiteFiber stake, held constant). It holds. ${FORECAST_NOTE} ${EARLY}`,
    '2025-10-09', 365, { ETH: pm('ETH', '2025-10-09') },
    [btbt(opt(2.98, 'estimate: price / NAV per share 0.76 on Sep 30 ($2.92 / $3.84, facts §11) held: NAV on Oct 8 = (150,244 x ~$4,548 + $725M - $150M) / 321.4M = ~$3.92 -> ~$2.98 [E]'), 'oct-9')],
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
    'ETH, already ~44% below its August high, halves again: log-linear from ~$2,750 (Nov 21 2025) to ~$1,375 on 2026-03-31 (scripted), then stochastic. Five ETH treasuries with late-November positions: FG Nexus (after its sales, buying back below NAV), BitMine (hold), SharpLink (hold), ETHZilla (cash-backed convertibles, buyback) and Bit Digital (hold). The counterfactual measures what their own sales add.',
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
