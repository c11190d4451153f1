/**
 * The reported figures the replay is compared with, each with its date,
 * source, confidence tag and role: which fit uses it, or "check" (used by no
 * fit). The simulated value is read from a deterministic run of
 * scenarios/replay-2025.json (RunView).
 */
import type { RunView } from '../../src/analysis/run.ts';

export type Tag = 'F' | 'N' | 'E' | '?';
export type Role = 'leverage' | 'chase' | 'premium' | 'check';
export type Unit = 'usd' | 'usdPerShare' | 'ratio' | 'coins' | 'shares' | 'date' | 'price';

export interface Target {
  id: string;
  /** Company ticker or coin. */
  subject: string;
  what: string;
  /** Date the figure refers to (the model is read on this day). */
  date: string;
  reported: number;
  /** How the figure was reported, when a single number hides something (a range, an inequality). */
  reportedText?: string;
  unit: Unit;
  tag: Tag;
  source: string;
  role: Role;
  /** The simulated counterpart; NaN when the model has none. For dates: the day index. */
  measure(v: RunView): number;
  /** Kind of premium observation (level fits use it to move the right company). */
  level?: 'stock' | 'mnav' | 'evMnav';
  /** Date targets: the reported window (inclusive); the error is 0 inside it, else the days outside. */
  window?: [string, string];
}

/** Weights of the least-squares fits by confidence tag (documented in docs/calibration.md). */
export const TAG_WEIGHT: Record<Tag, number> = { F: 1, N: 1, E: 0.5, '?': 0.25 };

const stock = (t: string) => (v: RunView, d: string) => v.company(t).stockPrice[v.day(d)];
const mnav = (t: string) => (v: RunView, d: string) => v.company(t).mnav[v.day(d)];
const evMnav = (t: string) => (v: RunView, d: string) => v.company(t).evMnav[v.day(d)];

function level(id: string, subject: string, kind: 'stock' | 'mnav' | 'evMnav', date: string, reported: number, tag: Tag, source: string, what?: string, reportedText?: string): Target {
  const read = kind === 'stock' ? stock(subject) : kind === 'mnav' ? mnav(subject) : evMnav(subject);
  return {
    id, subject, date, reported, tag, source, reportedText, role: 'premium', level: kind,
    unit: kind === 'stock' ? 'usdPerShare' : 'ratio',
    what: what ?? (kind === 'stock' ? 'stock close' : kind === 'mnav' ? 'basic mNAV' : 'EV-based mNAV'),
    measure: (v) => read(v, date),
  };
}

/** First day (index) of a coin sale for a reason, NaN if none. */
function firstSaleDay(v: RunView, t: string, reason: string): number {
  const e = v.events(t, 'coinSale').find((x) => x.reason === reason);
  return e ? e.day : NaN;
}

export const TARGETS: Target[] = [
  // --- Liquidations (fit: leverage) -------------------------------------------------
  { id: 'liq-btc-oct11', subject: 'BTC', what: 'long liquidations, Oct 10-11 (24h)', date: '2025-10-11', reported: 4.69e9, unit: 'usd', tag: 'N', role: 'leverage',
    source: 'CoinGlass via coinfeather: BTC $5.39B liquidated, $4.69B of it longs (not in the facts file; facts §13 give the all-coin $19.3B) https://www.coinfeather.com/en/news/massive-19b-liquidation-hits-crypto-markets-after-trump-tariffs/12248',
    measure: (v) => v.market('BTC').liquidationsUsd[v.day('2025-10-11')] },
  { id: 'liq-eth-oct11', subject: 'ETH', what: 'long liquidations, Oct 10-11 (24h)', date: '2025-10-11', reported: 3.86e9, unit: 'usd', tag: 'N', role: 'leverage',
    source: 'same source: ETH $4.45B liquidated, $3.86B of it longs (not in the facts file)',
    measure: (v) => v.market('ETH').liquidationsUsd[v.day('2025-10-11')] },
  { id: 'liq-btc-nov21', subject: 'BTC', what: 'liquidations, Nov 20-21 (24h)', date: '2025-11-21', reported: 964e6, unit: 'usd', tag: 'N', role: 'leverage',
    source: 'facts §13: > $2B in 24h, BTC $964M https://allthe.news/yo/articles/bitcoin-hits-seven-month-low-in-broader-crypto-selloff',
    measure: (v) => v.market('BTC').liquidationsUsd[v.day('2025-11-21')] },
  { id: 'liq-eth-nov4', subject: 'ETH', what: 'liquidations, Nov 3-4 (24h)', date: '2025-11-04', reported: 921e6, unit: 'usd', tag: 'N', role: 'leverage',
    source: 'source article 2025-11-04 (shared/sources/000_*.txt): $2.1B in 24h, ETH $921M. Conflicts with facts §13 ($478M all coins for Nov 3-4, another outlet and window)',
    measure: (v) => v.market('ETH').liquidationsUsd[v.day('2025-11-04')] },
  { id: 'liq-all-oct11', subject: 'BTC+ETH', what: 'all liquidations, Oct 10-11 (24h)', date: '2025-10-11', reported: 19.3e9, reportedText: '$19.3-19.4B, all coins', unit: 'usd', tag: 'N', role: 'check',
    source: 'facts §13: $19.3-19.37B in 24h, all coins (the model has BTC and ETH only; they were ~$9.8B of it per the coinfeather figures above) https://cryptopotato.com/bitcoin-crash-sparks-largest-liquidation-in-crypto-history-19b-gone-and-counting/',
    measure: (v) => v.market('BTC').liquidationsUsd[v.day('2025-10-11')] + v.market('ETH').liquidationsUsd[v.day('2025-10-11')] },
  // Short liquidations: every reported figure is on a day that closed down (intraday bounces), where a close-to-close
  // law liquidates no shorts; shown as checks of that limit, not fitted (docs/calibration.md 2.1).
  { id: 'liq-btc-short-oct11', subject: 'BTC', what: 'short liquidations, Oct 10-11 (24h)', date: '2025-10-11', reported: 0.70e9, reportedText: '$5.39B liquidated, $4.69B of it longs', unit: 'usd', tag: 'N', role: 'check',
    source: 'CoinGlass via coinfeather (as liq-btc-oct11): $5.39B - $4.69B of longs = $0.70B of shorts; all coins: shorts ~$2.5B of $19.3B (facts §13) https://www.coinfeather.com/en/news/massive-19b-liquidation-hits-crypto-markets-after-trump-tariffs/12248',
    measure: (v) => v.market('BTC').shortLiquidationsUsd[v.day('2025-10-11')] },
  { id: 'liq-eth-short-oct11', subject: 'ETH', what: 'short liquidations, Oct 10-11 (24h)', date: '2025-10-11', reported: 0.59e9, reportedText: '$4.45B liquidated, $3.86B of it longs', unit: 'usd', tag: 'N', role: 'check',
    source: 'same source: $4.45B - $3.86B of longs = $0.59B of shorts',
    measure: (v) => v.market('ETH').shortLiquidationsUsd[v.day('2025-10-11')] },
  // --- ETF flows (fit: chase) --------------------------------------------------------
  { id: 'etf-btc-nov', subject: 'BTC', what: 'spot ETF net outflow, Nov 1-21', date: '2025-11-21', reported: 3.5e9, reportedText: '$3.48-3.79B (whole month; sources differ)', unit: 'usd', tag: 'N', role: 'chase',
    source: 'facts §13: -$3.48B (The Block) / -$3.55-3.57B through Nov 25 / -$3.79B; $3.5B taken for Nov 1-21 (the last days of the month were mixed) [N]/[E] https://thedeepdive.ca/bitcoin-etf-outflows-near-record-3-6-billion-as-prices-fall-30',
    measure: (v) => v.sum('BTC', 'scheduledFlowUsd', '2025-11-01', '2025-11-21') - v.sum('BTC', 'etfFlowUsd', '2025-11-01', '2025-11-21') },
  { id: 'etf-eth-nov', subject: 'ETH', what: 'spot ETF net outflow, Nov 1-21', date: '2025-11-21', reported: Math.sqrt(1.4e9 * 2.5e9), reportedText: '$1.4-2.5B (sources disagree); geometric middle', unit: 'usd', tag: '?', role: 'chase',
    source: 'facts §13: about -$1.4B (one analysis) vs about -$2.5B (another) [?] https://www.binance.bh/en-AE/square/post/33207798492897',
    measure: (v) => v.sum('ETH', 'scheduledFlowUsd', '2025-11-01', '2025-11-21') - v.sum('ETH', 'etfFlowUsd', '2025-11-01', '2025-11-21') },
  // --- Coin prices (check: the double count) -------------------------------------------
  { id: 'btc-oct11', subject: 'BTC', what: 'close after the crash', date: '2025-10-11', reported: 107000, unit: 'price', tag: 'N', role: 'check', source: 'replay point (facts §13)', measure: (v) => v.market('BTC').price[v.day('2025-10-11')] },
  { id: 'btc-nov21', subject: 'BTC', what: 'close', date: '2025-11-21', reported: 84000, unit: 'price', tag: 'N', role: 'check', source: 'replay point (facts §13)', measure: (v) => v.market('BTC').price[v.day('2025-11-21')] },
  { id: 'eth-nov21', subject: 'ETH', what: 'close', date: '2025-11-21', reported: 2750, unit: 'price', tag: 'N', role: 'check', source: 'replay point (facts §13)', measure: (v) => v.market('ETH').price[v.day('2025-11-21')] },
  // --- Sequans ---------------------------------------------------------------------------
  level('sqns-nov3', 'SQNS', 'stock', '2025-11-03', 7.1, 'E', 'facts §1: $5.92 on Nov 4 after -16.6% -> $7.10 on Nov 3 [N]+[E] https://news.tarebhtoday.online/2025/11/04/49108'),
  level('sqns-nov4', 'SQNS', 'stock', '2025-11-04', 5.92, 'N', 'facts §1: $5.92 close, -16.6% on the sale news [N] https://news.tarebhtoday.online/2025/11/04/49108'),
  { id: 'sqns-mnav-nov4', subject: 'SQNS', what: 'basic mNAV', date: '2025-11-04', reported: 0.37, unit: 'ratio', tag: 'E', role: 'check', source: 'facts §1: ~14.3M x $5.92 / (2,264 x ~$102k) [E]', measure: (v) => v.company('SQNS').mnav[v.day('2025-11-04')] },
  { id: 'sqns-sale-date', subject: 'SQNS', what: 'date of the BTC sale', date: '2025-11-04', reported: 0, reportedText: 'Oct 27 - Nov 4 (announced Nov 4; wallet moved ~1,000 BTC the week before)', window: ['2025-10-27', '2025-11-04'], unit: 'date', tag: 'F', role: 'check',
    source: 'facts §1: announced with Q3 results on Nov 4 [F via news]; on-chain, ~1,000 BTC moved to Coinbase the week before https://coinmarketcap.com/community/post/370467832',
    measure: (v) => firstSaleDay(v, 'SQNS', 'deleverage') },
  { id: 'sqns-sold', subject: 'SQNS', what: 'BTC sold to repay debt (by Nov 21)', date: '2025-11-21', reported: 970, unit: 'coins', tag: 'F', role: 'check', source: 'facts §1: sold 970 BTC [F via news] https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall',
    measure: (v) => v.events('SQNS', 'coinSale').filter((e) => e.reason === 'deleverage').reduce((a, e) => a + (e.coins as number), 0) },
  { id: 'sqns-coins-nov4', subject: 'SQNS', what: 'BTC held after the sale', date: '2025-11-04', reported: 2264, unit: 'coins', tag: 'F', role: 'check', source: 'facts §1: 3,234 -> 2,264 BTC [F via news]', measure: (v) => v.company('SQNS').coins[v.day('2025-11-04')] },
  { id: 'sqns-debt-nov4', subject: 'SQNS', what: 'debt after the sale', date: '2025-11-04', reported: 94.5e6, unit: 'usd', tag: 'F', role: 'check', source: 'facts §1: $189M -> $94.5M [F via news]', measure: (v) => v.company('SQNS').debtUsd[v.day('2025-11-04')] },
  { id: 'sqns-debt-nav-after', subject: 'SQNS', what: 'debt / coin value just after the sale', date: '2025-11-04', reported: 0.39, reportedText: '55% -> 39% (debt-to-NAV)', unit: 'ratio', tag: 'F', role: 'check',
    source: 'facts §1: debt-to-NAV 55% -> 39% [F via news]; the model\'s ratio is debt / (coins x price) at the close of its sale day',
    measure: (v) => { const d = firstSaleDay(v, 'SQNS', 'deleverage'); return Number.isFinite(d) ? v.company('SQNS').ltv[d] : NaN; } },
  // --- FG Nexus -----------------------------------------------------------------------------
  level('fgnx-oct20', 'FGNX', 'stock', '2025-10-20', 3.83, 'E', "facts §2: $2.41 on Nov 20 after '-37% in a month' -> ~$3.83 on Oct 20 [N]+[E] https://cvj.ai/summarized/crypto-news/fg-nexus-sells-31m-eth-for-share-buyback-stock-dips-7"),
  level('fgnx-nov19', 'FGNX', 'stock', '2025-11-19', 2.59, 'E', 'facts §2: $2.41 after -7% on Nov 20 -> ~$2.59 on Nov 19 [N]+[E]'),
  level('fgnx-nov20', 'FGNX', 'stock', '2025-11-20', 2.41, 'N', 'facts §2: $2.41 after -7% on Nov 20 [N] https://cvj.ai/summarized/crypto-news/fg-nexus-sells-31m-eth-for-share-buyback-stock-dips-7'),
  { id: 'fgnx-eth-nov19', subject: 'FGNX', what: 'ETH held', date: '2025-11-19', reported: 40005, unit: 'coins', tag: 'F', role: 'check', source: 'facts §2: 40,005 ETH on Nov 19 after selling 10,922 [F] https://secwatch.observer/filing/0001493152-25-024549.md', measure: (v) => v.company('FGNX').coins[v.day('2025-11-19')] },
  { id: 'fgnx-bought', subject: 'FGNX', what: 'shares bought back (by Nov 19)', date: '2025-11-19', reported: 3.4e6, unit: 'shares', tag: 'F', role: 'check', source: 'facts §2: ~3.4M shares repurchased at an average $3.45 [F via news] https://www.mitrade.com/au/insights/news/live-news/article-3-1284154-20251121',
    measure: (v) => v.companyParams('FGNX').sharesOutstanding - v.company('FGNX').shares[v.day('2025-11-19')] },
  { id: 'fgnx-avg-price', subject: 'FGNX', what: 'average buyback price', date: '2025-11-19', reported: 3.45, unit: 'usdPerShare', tag: 'F', role: 'check', source: 'facts §2 [F via news]',
    measure: (v) => { const b = v.events('FGNX', 'buyback').filter((e) => e.day <= v.day('2025-11-19')); const usd = b.reduce((a, e) => a + (e.usd as number), 0), sh = b.reduce((a, e) => a + (e.shares as number), 0); return sh > 0 ? usd / sh : NaN; } },
  { id: 'fgnx-nav-nov19', subject: 'FGNX', what: 'NAV per share', date: '2025-11-19', reported: 3.94, unit: 'usdPerShare', tag: 'F', role: 'check', source: 'facts §2: NAV $3.94/share on Nov 19 [F] (8-K summary)', measure: (v) => v.company('FGNX').navPerShare[v.day('2025-11-19')] },
  { id: 'fgnx-cash-nov19', subject: 'FGNX', what: 'cash (incl. USDC)', date: '2025-11-19', reported: 37e6, unit: 'usd', tag: 'F', role: 'check', source: 'facts §2: $37M cash + USDC on Nov 19 [F]', measure: (v) => v.company('FGNX').cashUsd[v.day('2025-11-19')] },
  // --- BitMine ------------------------------------------------------------------------------
  level('bmnr-mnav-nov7', 'BMNR', 'mnav', '2025-11-07', 1.175, '?', 'facts §3: an X analyst estimated 1.175 on Nov 7, noting the share count is not disclosed weekly [?] https://tr.okx.com/feed/post/60319352767648'),
  level('bmnr-nov14', 'BMNR', 'stock', '2025-11-14', 33.6, 'E', 'facts §3: below $26 in the week of Nov 17-21, -22.7% on the week -> ~$33.6 on Nov 14 [N]+[E]'),
  level('bmnr-mnav-nov17', 'BMNR', 'mnav', '2025-11-17', 0.8, 'N', 'facts §3: ~0.8 (ChainCatcher) [N] https://www.binance.bh/en-AE/square/post/32632057470402'),
  level('bmnr-mnav-nov20', 'BMNR', 'mnav', '2025-11-20', 0.77, 'N', 'facts §3: 0.77 basic / 0.92 diluted (10x Research, Nov 20) [N] https://coinness.com/mn/news/1143680'),
  level('bmnr-nov21', 'BMNR', 'stock', '2025-11-21', 26, 'N', "facts §3: 'below $26' in the week of Nov 17-21 [N] https://demo.decrypt.co/357114/tom-lee-bitmine-7-month-stock-low-ethereum-paper-losses-8-billion", undefined, 'below $26'),
  { id: 'bmnr-loss-nov17', subject: 'BMNR', what: 'unrealized loss', date: '2025-11-17', reported: 3.0e9, unit: 'usd', tag: 'N', role: 'check', source: 'facts §3: ~$3.0B on Nov 17 [N]', measure: (v) => -v.company('BMNR').unrealizedPnlUsd[v.day('2025-11-17')] },
  { id: 'bmnr-loss-nov20', subject: 'BMNR', what: 'unrealized loss', date: '2025-11-20', reported: 3.7e9, unit: 'usd', tag: 'N', role: 'check', source: 'facts §3: ~$3.7B on Nov 20 at ETH ~$3,000, cost $4,051 (10x Research) [N] https://coinness.com/mn/news/1143680', measure: (v) => -v.company('BMNR').unrealizedPnlUsd[v.day('2025-11-20')] },
  // --- Strategy -------------------------------------------------------------------------------
  level('mstr-nov17', 'MSTR', 'stock', '2025-11-17', 195.42, 'N', 'facts §4: ~$195.42 on Nov 17 (52-week low ~$194.54) [N] https://ts2.tech/?p=20497658'),
  level('mstr-evmnav-nov21', 'MSTR', 'evMnav', '2025-11-21', 1.2, 'N', 'facts §4: EV-based mNAV 1.2 on Nov 21 (peak 2.66) [N] https://www.xtb.com/int/market-analysis/news-and-research/microstrategy-in-trouble-shares-down-67-from-the-highs'),
  { id: 'mstr-mnav-nov21', subject: 'MSTR', what: 'basic mNAV', date: '2025-11-21', reported: 1, reportedText: 'briefly < 1', unit: 'ratio', tag: 'N', role: 'check', source: 'facts §4: basic (market cap / BTC) briefly < 1 on Nov 21 [N]', measure: (v) => v.company('MSTR').mnav[v.day('2025-11-21')] },
  // --- Metaplanet -----------------------------------------------------------------------------
  level('mp-mnav-oct17', '3350.T', 'mnav', '2025-10-17', 0.88, 'F', 'facts §5: mNAV low 0.88 on Oct 17 [F via news] https://bitbo.io/news/metaplanet-share-buyback-mnav'),
  level('mp-mnav-oct28', '3350.T', 'mnav', '2025-10-28', 1.03, 'F', 'facts §5: mNAV 1.03 on Oct 28, the day its buyback was announced [F via news] same source'),
  // --- SharpLink, ETHZilla, KindlyMD ----------------------------------------------------------
  level('sbet-nov3', 'SBET', 'stock', '2025-11-03', 13.09, 'N', 'Stock Analysis close of Nov 3 (not in the facts file; as in scenarios/contagion.json) [N] https://stockanalysis.com/stocks/sbet/statistics'),
  level('ethz-oct27', 'ETHZ', 'stock', '2025-10-27', 20, 'N', "facts §7: '~$20 post-split at the October buyback' (date approximate: the sale was announced ~Oct 27) [N] https://allthe.news/zh/articles/ethzilla-sells-74-5-million-in-ether-to-trim-debt", undefined, '~$20'),
  { id: 'ethz-sold-oct', subject: 'ETHZ', what: 'ETH sold for buybacks in October (USD)', date: '2025-10-31', reported: 40e6, reportedText: '~$40M', unit: 'usd', tag: 'N', role: 'check', source: 'facts §7: ~$40M of ETH sold to fund buybacks (announced ~Oct 27) [N]',
    measure: (v) => v.events('ETHZ', 'coinSale').filter((e) => e.reason === 'buyback' && e.day <= v.day('2025-10-31')).reduce((a, e) => a + (e.usd as number), 0) },
  level('naka-oct6', 'NAKA', 'stock', '2025-10-06', 1.03, 'N', "'NAKA shares are trading at $1.03' on the Antalpha LOI of Oct 6 (the facts' holdings source, facts §8) [N] https://edgen.pre.edgen.tech/zh/news/crypto/kindlymd-secures-250m-bitcoin-backed-convertible-note-facility-from-antalpha-amid-share-price-decline"),
  { id: 'naka-below-1', subject: 'NAKA', what: 'first close below $1', date: '2025-10-31', reported: 0, reportedText: 'in October 2025; below $1 through Oct-Nov', window: ['2025-10-01', '2025-10-31'], unit: 'date', tag: 'N', role: 'check', source: 'facts §8: first closed below $1 in October 2025 and stayed below through Oct-Nov [N] https://aetos.ai/posts/9d9430c0bd03b2da',
    measure: (v) => { const s = v.company('NAKA').stockPrice; const cal = v.model.calendar; for (let d = 0; d < s.length; d++) if (cal.isBusinessDay[d] && s[d] < 1) return d; return NaN; } },
];

/** Targets of one fit. */
export const targetsOf = (role: Role) => TARGETS.filter((t) => t.role === role);
