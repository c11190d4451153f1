/**
 * The premium law's leverage and size terms, fitted on the cross-section of
 * the treasuries in ../shared/facts (docs/calibration.md section 8).
 *
 * Response: the model's log premium pi = ln(S N / E) = ln(mNAV V / E), with V
 * the coins' value, E the Merton equity value of the balance sheet (as the
 * engine computes it, sim/engine.ts mertonEquity) and mNAV the reported basic
 * figure. Model (docs/model.md section 3):
 *   pi_i = a - leveragePenalty max(0, D/A - leverageFree) - sizePenalty max(0, ln(sizeRefUsd / V)) + e_i
 * with the knots leverageFree and sizeRefUsd profiled over a small grid. Least
 * squares; 90% intervals from a company-cluster bootstrap (2,000 resamples,
 * seeded, so the report is deterministic). Only figures dated on or before
 * 2025-11-21 are used.
 */
import seedrandom from 'seedrandom';
import { mertonEquity } from '../../sim/engine.ts';
import { MARKET_PRESETS } from '../../src/presets/defaults.ts';

export interface CrossSectionRow {
  ticker: string;
  date: string;
  mnav: number;
  coin: 'BTC' | 'ETH';
  coins: number;
  /** Coin price used for V on that date, and where it comes from. */
  coinPriceUsd: number;
  coinPriceSource: string;
  cashUsd: number;
  /** Senior claims: debt principal plus preferred liquidation preference. */
  debtUsd: number;
  /** Principal-weighted years to maturity (perpetual preferred 10), for the Merton value. */
  tauYears: number;
  tag: 'F' | 'N' | 'E' | '?';
  source: string;
  note: string;
}

/** The data table: one row per dated mNAV figure in the facts with a coin price on its date. */
export const CROSS_SECTION: CrossSectionRow[] = [
  { ticker: 'SQNS', date: '2025-11-04', mnav: 0.37, coin: 'BTC', coins: 2264, coinPriceUsd: 101_000, coinPriceSource: 'facts §13: ~$100-102k on Nov 4', cashUsd: 0, debtUsd: 94.5e6, tauYears: 2.67, tag: 'E',
    source: 'facts §1: ~14.3M ADS x $5.92 / (2,264 BTC x ~$102k) = 0.37; debt $94.5M after the sale, debentures due 2028-07-07 https://www.gncrypto.news/news/sequans-sells-bitcoin-to-halve-debt-shares-fall', note: 'cash not found (0 taken)' },
  { ticker: 'FGNX', date: '2025-11-20', mnav: 0.76, coin: 'ETH', coins: 40_005, coinPriceUsd: 2875, coinPriceSource: 'facts §2: ETH held ~$115M on Nov 20 (40,005 ETH)', cashUsd: 37e6, debtUsd: 11.9e6, tauYears: 3, tag: 'E',
    source: 'facts §2: ~36.2M x $2.41 / ETH ~$115M = 0.76; $37M cash, $11.9M debt (8-K, Nov 19) https://secwatch.observer/filing/0001493152-25-024549.md', note: 'preferred (FGNXP) size not found: left out; loan maturity unknown (3 years taken)' },
  { ticker: 'BMNR', date: '2025-11-17', mnav: 0.8, coin: 'ETH', coins: 3_560_000, coinPriceUsd: 3100, coinPriceSource: 'facts §13: ETH ~$3,100 on Nov 17', cashUsd: 607e6, debtUsd: 0, tauYears: 3, tag: 'N',
    source: 'facts §3: mNAV ~0.8 (ChainCatcher); 3.56M ETH, $607M cash, no debt https://www.binance.bh/en-AE/square/post/32632057470402', note: '' },
  { ticker: 'BMNR', date: '2025-11-20', mnav: 0.77, coin: 'ETH', coins: 3_560_000, coinPriceUsd: 3000, coinPriceSource: 'facts §3: ETH ~$3,000 on Nov 20 (10x Research)', cashUsd: 607e6, debtUsd: 0, tauYears: 3, tag: 'N',
    source: 'facts §3: 0.77 basic (10x Research, Nov 20) https://coinness.com/mn/news/1143680', note: 'the 1.175 of Nov 7 [?] (an X analyst without a share count) is left out' },
  { ticker: 'MSTR', date: '2025-11-21', mnav: 1.0, coin: 'BTC', coins: 649_870, coinPriceUsd: 84_000, coinPriceSource: 'facts §13: ~$84k on Nov 21', cashUsd: 54e6, debtUsd: 15.993e9, tauYears: 6.4, tag: 'N',
    source: 'facts §4: basic mNAV briefly < 1 on Nov 21 (1.0 taken); converts $8.214B, obligations incl. preferred $15.993B https://www.xtb.com/int/market-analysis/news-and-research/microstrategy-in-trouble-shares-down-67-from-the-highs', note: 'tau: preferred $7.78B perpetual (10 y) and converts ~3 y [E]' },
  { ticker: '3350.T', date: '2025-10-17', mnav: 0.88, coin: 'BTC', coins: 30_823, coinPriceUsd: 109_600, coinPriceSource: 'facts §13 points Oct 11 ($107k) and Oct 27 ($114k), log-linear between them [E]', cashUsd: 0, debtUsd: 0, tauYears: 3, tag: 'F',
    source: 'facts §5: mNAV low 0.88 on Oct 17; first BTC-backed draw Oct 31 https://bitbo.io/news/metaplanet-share-buyback-mnav', note: 'cash not found (0 taken)' },
  { ticker: '3350.T', date: '2025-10-28', mnav: 1.03, coin: 'BTC', coins: 30_823, coinPriceUsd: 112_800, coinPriceSource: 'facts §13 points Oct 27 ($114k) and Nov 3 ($106k), log-linear [E]', cashUsd: 0, debtUsd: 0, tauYears: 3, tag: 'F',
    source: 'facts §5: mNAV 1.03 on Oct 28 https://bitbo.io/news/metaplanet-share-buyback-mnav', note: 'the day a buyback was announced' },
  { ticker: 'SBET', date: '2025-09-16', mnav: 0.91, coin: 'ETH', coins: 817_747, coinPriceUsd: 4518, coinPriceSource: 'facts §7: ETHZilla 102,264 ETH ~ $462M on Sep 19 [E]', cashUsd: 0, debtUsd: 0, tauYears: 3, tag: 'N',
    source: 'facts §6: mNAV 0.91 (mid-Sep); no debt https://coinalertnews.com/news/2025/09/16/fb62f033db953f8c06864dce07f08b14', note: 'holdings of Sep 30 (817,747 ETH) [E]' },
  { ticker: 'ETHZ', date: '2025-09-19', mnav: 0.87, coin: 'ETH', coins: 102_264, coinPriceUsd: 4518, coinPriceSource: 'facts §7: 102,264 ETH ~ $462M', cashUsd: 559e6, debtUsd: 506.25e6, tauYears: 3, tag: 'F',
    source: 'facts §7: mNAV 0.87; $559M cash; senior secured converts $156.25M + $350M https://www.stocktitan.net/sec-filings/ETHZ/8-k-a-eth-zilla-corp-amends-material-event-report-e06ef78fbbc5.html', note: 'maturity not in the facts (3 years taken)' },
  { ticker: 'NAKA', date: '2025-09-15', mnav: 0.75, coin: 'BTC', coins: 5765, coinPriceUsd: 115_000, coinPriceSource: 'facts §8: $663M of BTC for 5,765 BTC', cashUsd: 0, debtUsd: 403e6, tauYears: 2.9, tag: '?',
    source: 'facts §8: mNAV ~0.75 (market cap $504M vs $663M BTC); Yorkville $200M convert (Aug, due 2028) + Two Prime $203M credit (date not given) https://bitcoinnewscrypto.com/news/bitcoin/kindly-md-stock-crash-bitcoin-treasury-naka-sec-pipe', note: 'whether the Two Prime credit was drawn by Sep 15 is not in the facts: [?]' },
];

/** Left out, and why (reported in the calibration report). */
export const CROSS_SECTION_SKIPPED = [
  'SMLR: its only mNAV (0.48) is dated Dec 15 2025, after the window',
  'BTBT: no ETH price in the facts for its Sep 29-30 figures, and its NAV is dominated by a WhiteFiber stake',
  'ETHM: did not trade in the window (SPAC)',
  'BMNR Nov 7 (1.175): an [?] estimate without a share count',
];

export interface PremiumFitRow extends CrossSectionRow {
  coinValueUsd: number;
  assetsUsd: number;
  leverage: number;
  equityUsd: number;
  logPremium: number;
}

export function tableRows(): PremiumFitRow[] {
  return CROSS_SECTION.map((r) => {
    const V = r.coins * r.coinPriceUsd, A = V + r.cashUsd;
    const s = (MARKET_PRESETS[r.coin].sigma * V) / A;
    const E = mertonEquity(A, r.debtUsd, s, Math.max(0.25, r.tauYears));
    return { ...r, coinValueUsd: V, assetsUsd: A, leverage: r.debtUsd / A, equityUsd: E, logPremium: Math.log((r.mnav * V) / E) };
  });
}

/** Least squares of y on an intercept and the columns of xs (normal equations, Gaussian elimination with pivoting); null when singular. */
export function ols(y: number[], xs: number[][]): { coef: number[]; sse: number } | null {
  const k = xs.length + 1, n = y.length;
  const row = (i: number) => [1, ...xs.map((x) => x[i])];
  const M = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let i = 0; i < n; i++) {
    const r = row(i);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) M[a][b] += r[a] * r[b];
      M[a][k] += r[a] * y[i];
    }
  }
  const scale = Math.max(...M.map((r, a) => Math.abs(r[a])));
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (Math.abs(M[piv][c]) < 1e-10 * scale) return null;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= k; j++) M[r][j] -= f * M[c][j];
    }
  }
  const coef = M.map((r, a) => r[k] / r[a]);
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - row(i).reduce((acc, v, j) => acc + v * coef[j], 0)) ** 2;
  return { coef, sse };
}

/** y on [1, x1, x2]: intercept a, slopes b1, b2. */
export function ols3(y: number[], x1: number[], x2: number[]): { a: number; b1: number; b2: number; sse: number } | null {
  const f = ols(y, [x1, x2]);
  return f && { a: f.coef[0], b1: f.coef[1], b2: f.coef[2], sse: f.sse };
}

export const LEVERAGE_FREE_GRID = [0, 0.1, 0.2, 0.3];
export const SIZE_REF_GRID = [3e8, 1e9, 3e9, 1e10];

export interface Estimate {
  /** Knots. */
  leverageFree: number;
  sizeRefUsd: number;
  /** Fitted penalties (positive = premium lost; leveragePenalty is 0 when the fit leaves leverage out) and intercept. */
  leveragePenalty: number;
  sizePenalty: number;
  intercept: number;
  sse: number;
  /** 5% and 95% company-cluster bootstrap quantiles, knots fixed. */
  leverageCi: [number, number] | null;
  sizeCi: [number, number];
  resamples: number;
  residuals: number[];
}

export interface CrossSectionFit {
  rows: PremiumFitRow[];
  /** Model space (y = log premium over Merton equity), both terms, knots at the lowest SSE of the grid. */
  full: Estimate;
  /** Model space with the leverage term left out (the setting: leveragePenalty 0). */
  sizeOnly: Estimate;
  /** Quoted space (y = ln mNAV), both terms, at the knots of `full`: what leverage does to the figure the press quotes. */
  quoted: Estimate;
  profile: { leverageFree: number; sizeRefUsd: number; leveragePenalty: number; sizePenalty: number; sse: number }[];
}

const lev = (rows: PremiumFitRow[], free: number) => rows.map((r) => -Math.max(0, r.leverage - free));
const size = (rows: PremiumFitRow[], ref: number) => rows.map((r) => -Math.max(0, Math.log(ref / r.coinValueUsd)));

function quantile(v: number[], p: number): number {
  const s = [...v].sort((x, y) => x - y);
  const h = (s.length - 1) * p, lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}

function estimate(rows: PremiumFitRow[], y: number[], withLeverage: boolean, free: number, ref: number, resamples: number): Estimate {
  const xs = withLeverage ? [lev(rows, free), size(rows, ref)] : [size(rows, ref)];
  const f = ols(y, xs)!;
  // Company-cluster bootstrap: draw companies with replacement, keep all their rows.
  const tickers = [...new Set(rows.map((r) => r.ticker))];
  const rng = seedrandom.alea(`premium-cross-section-${withLeverage}`);
  const bl: number[] = [], bs: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const idx: number[] = [];
    for (let k = 0; k < tickers.length; k++) {
      const t = tickers[Math.floor(rng.double() * tickers.length)];
      rows.forEach((r, i) => { if (r.ticker === t) idx.push(i); });
    }
    const g = ols(idx.map((i) => y[i]), xs.map((x) => idx.map((i) => x[i])));
    if (!g) continue; // a resample without spread in a regressor identifies nothing
    if (withLeverage) bl.push(g.coef[1]);
    bs.push(g.coef[withLeverage ? 2 : 1]);
  }
  const fitted = (i: number) => f.coef[0] + xs.reduce((a, x, j) => a + f.coef[j + 1] * x[i], 0);
  return {
    leverageFree: free, sizeRefUsd: ref,
    leveragePenalty: withLeverage ? f.coef[1] : 0,
    sizePenalty: f.coef[withLeverage ? 2 : 1],
    intercept: f.coef[0],
    sse: f.sse,
    leverageCi: withLeverage ? [quantile(bl, 0.05), quantile(bl, 0.95)] : null,
    sizeCi: [quantile(bs, 0.05), quantile(bs, 0.95)],
    resamples: bs.length,
    residuals: y.map((v, i) => v - fitted(i)),
  };
}

export function fitCrossSection(resamples = 2000): CrossSectionFit {
  const rows = tableRows();
  const y = rows.map((r) => r.logPremium);
  const profile: CrossSectionFit['profile'] = [];
  for (const free of LEVERAGE_FREE_GRID) {
    for (const ref of SIZE_REF_GRID) {
      const f = ols3(y, lev(rows, free), size(rows, ref));
      if (f) profile.push({ leverageFree: free, sizeRefUsd: ref, leveragePenalty: f.b1, sizePenalty: f.b2, sse: f.sse });
    }
  }
  const best = profile.reduce((a, b) => (b.sse < a.sse ? b : a));
  const refs = SIZE_REF_GRID.map((ref) => ({ ref, sse: ols(y, [size(rows, ref)])!.sse }));
  const bestRef = refs.reduce((a, b) => (b.sse < a.sse ? b : a)).ref;
  return {
    rows,
    full: estimate(rows, y, true, best.leverageFree, best.sizeRefUsd, resamples),
    sizeOnly: estimate(rows, y, false, 0, bestRef, resamples),
    quoted: estimate(rows, rows.map((r) => Math.log(r.mnav)), true, best.leverageFree, best.sizeRefUsd, resamples),
    profile,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const f = fitCrossSection();
  for (const r of f.rows) console.log(r.ticker.padEnd(7), r.date, 'mNAV', r.mnav, 'V', (r.coinValueUsd / 1e6).toFixed(0) + 'M', 'D/A', r.leverage.toFixed(3), 'pi', r.logPremium.toFixed(3));
  for (const k of ['full', 'sizeOnly', 'quoted'] as const) console.log(k, JSON.stringify({ ...f[k], residuals: undefined }));
}
