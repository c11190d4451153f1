import { PathRun, prepareModel } from '../sim/engine.ts';
import { resolveScenario } from '../src/resolve.ts';
const N = +(process.argv[2] ?? 2000), DAYS = 730;
const mode = process.argv[3] ?? 'on';
function file(lev: any) {
  return { schemaVersion: 1, id: 'x', name: 'x', startDate: '2025-11-21', horizonDays: DAYS, seed: 'drift',
    markets: { BTC: { preset: 'BTC', ...(lev ? { leverage: lev } : {}) }, ETH: { preset: 'ETH', ...(lev ? { leverage: lev } : {}) } },
    companies: [{ ticker: 'Z', name: 'Z', exchange: 'nasdaq-cm', coin: 'BTC', coins: 1, costBasisUsd: 1, sharesOutstanding: 1e6, stockPrice0: 1, policies: [{ kind: 'hold' }] }] } as any;
}
const lev = mode === 'fit' ? { openInterestUsd: +process.argv[5], targetOpenInterestUsd: +process.argv[5] } : mode === 'on' ? null : mode === 'off' ? { openInterestUsd: 0, targetOpenInterestUsd: 0 } : mode === 'long' ? { shortOpenInterestUsd: 0, shortTargetOpenInterestUsd: 0 } : null;
const s = resolveScenario(file(lev));
if (process.argv[4] === 'noetf') for (const m of s.markets) { m.etfFlow.aumUsd = 0; m.etfFlow.flowVolUsd = 0; }
const model = prepareModel(s, {});
const out: Record<string, number[]> = { BTC: [], ETH: [] };
for (let p = 0; p < N; p++) {
  const r = new PathRun(model, 'drift', p, { record: 'summary', companyTrading: false, marketsOnly: true }).run();
  model.markets.forEach((m, k) => out[m.params.coin].push(Math.log(r.marketTotals(k).close / m.params.price0)));
}
for (const m of model.markets) {
  const x = out[m.params.coin], n = x.length, mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const pr = m.params, T = DAYS / 365;
  const stated = (pr.mu - pr.sigma ** 2 / 2 + pr.jumpsPerYear * pr.jumpMean) * T;
  const sorted = [...x].sort((a, b) => a - b), med = sorted[n >> 1];
  const meanP = x.reduce((a, b) => a + Math.exp(b), 0) / n;
  console.log(m.params.coin, mode, 'meanlog', mean.toFixed(4), 'stated', stated.toFixed(4), 'se', (sd / Math.sqrt(n)).toFixed(4), 'z', ((mean - stated) / (sd / Math.sqrt(n))).toFixed(2), 'median P', (pr.price0 * Math.exp(med)).toFixed(0), 'meanP/P0', meanP.toFixed(3), 'sd', sd.toFixed(3));
}
