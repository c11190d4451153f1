/** Messages between the app and the ensemble workers, and the finished ensemble. */
import type { ResolvedScenario } from '../../sim/types.ts';

/** Daily series kept per path for the fan charts. */
export interface SeriesSpec {
  /** "BTC.price", "FGNX.stockPrice", "FGNX.mnav". */
  key: string;
  kind: 'price' | 'stockPrice' | 'mnav';
  /** Coin code or ticker. */
  owner: string;
}

/** Per path and company, first days of these events (-1 = never). */
export const MILESTONES = ['noticeDay', 'determinationDay', 'delistedDay', 'insolventDay'] as const;
export type MilestoneName = (typeof MILESTONES)[number];
/** Per path and market: terminal close, minimum close. Per path and company: terminal stock, coins sold, coins sold USD. */
export const MARKET_TERMINALS = 2;
export const COMPANY_TERMINALS = 3;

export type ToWorker =
  | { type: 'run'; job: number; scenario: ResolvedScenario; seed: string; days: number; deterministic: boolean; from: number; to: number; hasRules: boolean }
  | { type: 'bands'; job: number; nPaths: number; days: number; quantiles: number[]; chunks: { from: number; to: number; series: Float32Array[] }[] };

export type FromWorker =
  | { type: 'progress'; job: number; done: number }
  | { type: 'chunk'; job: number; from: number; to: number; series: Float32Array[]; milestones: Int32Array; terminals: Float64Array; elapsedMs: number }
  | { type: 'bands'; job: number; bands: Float64Array[][] }
  | { type: 'error'; job: number; message: string; path?: string };

export interface EnsembleSeries extends SeriesSpec {
  /** One Float64Array of days per quantile (NaN where no path has a value). */
  bands: Float64Array[];
}

export interface EnsembleCompanyStats {
  ticker: string;
  coin: string;
  /** Probability by the horizon. */
  pNotice: number;
  pDetermination: number;
  pDelisted: number;
  pInsolvent: number;
  /** First days per path (null = never), for the histograms. */
  noticeDays: (number | null)[];
  delistedDays: (number | null)[];
  /** Quantiles (BAND_QUANTILES) of the terminal stock price and of coins sold. */
  terminalStock: number[];
  coinsSold: number[];
  coinsSoldUsd: number[];
}

export interface EnsembleMarketStats {
  coin: string;
  terminalPrice: number[];
  minPrice: number[];
}

export interface EnsembleResult {
  scenarioId: string;
  seed: string;
  paths: number;
  days: number;
  dates: string[];
  quantiles: number[];
  series: EnsembleSeries[];
  companies: Record<string, EnsembleCompanyStats>;
  markets: Record<string, EnsembleMarketStats>;
  /** Wall time from start to bands, ms. */
  elapsedMs: number;
  workers: number;
}
