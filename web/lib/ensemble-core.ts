/**
 * The ensemble's inner loop, shared by the worker and the tests: run paths
 * `from..to-1` of one seed (MODEL.md 3: path i uses its own stream "<seed>:<i>",
 * so the split across workers does not change any number), keeping only the
 * daily series the fan charts need plus end-of-path figures. Pure.
 */
import { PathRun, type Model } from '../../sim/engine.ts';
import type { ResolvedScenario } from '../../sim/types.ts';
import { COMPANY_TERMINALS, MARKET_TERMINALS, MILESTONES, type EnsembleCompanyStats, type EnsembleMarketStats, type SeriesSpec } from './ensemble-types.ts';
import { probability, quantiles } from './quantiles.ts';

export function seriesSpecs(s: Pick<ResolvedScenario, 'markets' | 'companies'>): SeriesSpec[] {
  const out: SeriesSpec[] = s.markets.map((m) => ({ key: `${m.coin}.price`, kind: 'price', owner: m.coin }));
  for (const c of s.companies) {
    out.push({ key: `${c.ticker}.stockPrice`, kind: 'stockPrice', owner: c.ticker });
    out.push({ key: `${c.ticker}.mnav`, kind: 'mnav', owner: c.ticker });
  }
  return out;
}

export interface Chunk {
  from: number;
  to: number;
  /** Path-major: series[s][(p - from) * days + t]. Order of seriesSpecs. */
  series: Float32Array[];
  /** [(p - from) * nCompanies + i) * MILESTONES.length + k], -1 = never. */
  milestones: Int32Array;
  /** Per path: markets (close, min close), then companies (stock, coins sold, coins sold USD). */
  terminals: Float64Array;
}

export function terminalStride(nMarkets: number, nCompanies: number): number {
  return nMarkets * MARKET_TERMINALS + nCompanies * COMPANY_TERMINALS;
}

/** Runs paths from..to-1 in summary mode, reading each day's closes after `step()`. */
export function runChunk(model: Model, seed: string, from: number, to: number, onProgress?: (done: number) => void): Chunk {
  const days = model.days;
  const nM = model.markets.length, nC = model.companies.length;
  const nP = to - from;
  const series: Float32Array[] = [];
  for (let k = 0; k < nM + 2 * nC; k++) series.push(new Float32Array(nP * days));
  const milestones = new Int32Array(nP * nC * MILESTONES.length);
  const stride = terminalStride(nM, nC);
  const terminals = new Float64Array(nP * stride);
  const marketOf = model.companies.map((c) => c.market);
  for (let p = from; p < to; p++) {
    const row = (p - from) * days;
    const run = new PathRun(model, seed, p, { record: 'summary' });
    for (let t = 0; t < days; t++) {
      run.step();
      for (let k = 0; k < nM; k++) series[k][row + t] = run.marketTotals(k).close;
      for (let i = 0; i < nC; i++) {
        const v = run.companyView(i);
        const P = run.marketTotals(marketOf[i]).close;
        series[nM + 2 * i][row + t] = v.stockPrice;
        // mNAV is undefined without coins; below $1 of coins (float residue after selling out) treat it so too.
        series[nM + 2 * i + 1][row + t] = v.coins * P >= 1 ? (v.stockPrice * v.shares) / (v.coins * P) : NaN;
      }
    }
    const base = (p - from) * stride;
    for (let k = 0; k < nM; k++) {
      const tot = run.marketTotals(k);
      terminals[base + k * 2] = tot.close;
      terminals[base + k * 2 + 1] = tot.minClose;
    }
    for (let i = 0; i < nC; i++) {
      const v = run.companyView(i);
      const o = base + nM * 2 + i * 3;
      terminals[o] = v.stockPrice;
      terminals[o + 1] = v.coinsSold;
      terminals[o + 2] = v.coinsSoldUsd;
      const ms = run.milestones[i];
      const mo = ((p - from) * nC + i) * MILESTONES.length;
      MILESTONES.forEach((name, j) => (milestones[mo + j] = ms[name]));
    }
    if (onProgress && ((p - from + 1) % 8 === 0 || p === to - 1)) onProgress(p - from + 1);
  }
  return { from, to, series, milestones, terminals };
}

/** Probabilities, event days and terminal quantiles from every chunk's end-of-path figures. */
export function ensembleStats(
  s: Pick<ResolvedScenario, 'markets' | 'companies'>,
  chunks: readonly Pick<Chunk, 'from' | 'to' | 'milestones' | 'terminals'>[],
): { companies: Record<string, EnsembleCompanyStats>; markets: Record<string, EnsembleMarketStats> } {
  const nM = s.markets.length, nC = s.companies.length;
  const stride = terminalStride(nM, nC);
  const sorted = [...chunks].sort((a, b) => a.from - b.from);
  const markets: Record<string, EnsembleMarketStats> = {};
  s.markets.forEach((m, k) => {
    const close: number[] = [], min: number[] = [];
    for (const c of sorted) for (let p = 0; p < c.to - c.from; p++) {
      close.push(c.terminals[p * stride + k * 2]);
      min.push(c.terminals[p * stride + k * 2 + 1]);
    }
    markets[m.coin] = { coin: m.coin, terminalPrice: quantiles(close), minPrice: quantiles(min) };
  });
  const companies: Record<string, EnsembleCompanyStats> = {};
  const NM = MILESTONES.length;
  s.companies.forEach((co, i) => {
    const days: Record<string, (number | null)[]> = {};
    for (const name of MILESTONES) days[name] = [];
    const stock: number[] = [], sold: number[] = [], soldUsd: number[] = [];
    for (const c of sorted) for (let p = 0; p < c.to - c.from; p++) {
      const mo = (p * nC + i) * NM;
      MILESTONES.forEach((name, j) => days[name].push(c.milestones[mo + j] >= 0 ? c.milestones[mo + j] : null));
      const o = p * stride + nM * 2 + i * 3;
      stock.push(c.terminals[o]);
      sold.push(c.terminals[o + 1]);
      soldUsd.push(c.terminals[o + 2]);
    }
    companies[co.ticker] = {
      ticker: co.ticker,
      coin: co.coin,
      pNotice: probability(days.noticeDay),
      pDetermination: probability(days.determinationDay),
      pDelisted: probability(days.delistedDay),
      pInsolvent: probability(days.insolventDay),
      noticeDays: days.noticeDay,
      delistedDays: days.delistedDay,
      terminalStock: quantiles(stock),
      coinsSold: quantiles(sold),
      coinsSoldUsd: quantiles(soldUsd),
    };
  });
  return { companies, markets };
}
