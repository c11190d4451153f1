/**
 * A Monte Carlo ensemble of the six-company contagion scenario on all cores.
 *
 *   npx tsx examples/02-ensemble.ts [paths=2000] [days=365]
 *
 * `monteCarlo` streams every path into fixed-size counts, so memory does not
 * grow with the number of paths, and the result is the same, byte for byte,
 * whatever the number of worker threads.
 */
import { fileURLToPath } from 'node:url';
import { loadScenario, monteCarlo } from 'dat-sim';

const scenario = loadScenario(fileURLToPath(new URL('../scenarios/contagion.json', import.meta.url)));
const paths = Number(process.argv[2] ?? 2000);
const days = Number(process.argv[3] ?? 365);

const t0 = Date.now();
const mc = await monteCarlo(scenario, {
  paths,
  days,
  seed: 'example',
  // workers: defaults to every core; 1 runs in this thread (same result).
  onProgress: (done, total) => process.stderr.isTTY && process.stderr.write(`\r${done}/${total} paths`),
});
if (process.stderr.isTTY) process.stderr.write('\n');

const pct = (p: number) => `${(100 * p).toFixed(1).padStart(5)}%`;
const ci = (c: [number, number]) => `[${pct(c[0])}, ${pct(c[1])}]`;
console.log(`${mc.paths} paths x ${mc.days} days of "${mc.scenario.name}" in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log('ticker  P(notice) (95% CI)          P(delisted)  P(insolvent)  P(forced sale)  median notice day');
for (const [ticker, c] of Object.entries(mc.companies)) {
  const e = c.events;
  console.log(
    `${ticker.padEnd(7)} ${pct(e.notice.probability)} ${ci(e.notice.ci95)}  ${pct(e.delisting.probability)}       ${pct(e.insolvency.probability)}        ${pct(e.forcedSale.probability)}         ${e.notice.day?.q50 ?? '-'}`,
  );
}
for (const [coin, m] of Object.entries(mc.markets)) {
  const p = m.terminal.price, sd = m.terminal.selfInflictedDrawdown;
  console.log(`${coin}: terminal price 5/50/95% ${p.q05?.toFixed(0)} / ${p.q50?.toFixed(0)} / ${p.q95?.toFixed(0)}; self-inflicted drawdown median ${pct(sd.q50 ?? 0)}, 95th ${pct(sd.q95 ?? 0)}`);
}
// Fan-chart bands: 5/25/50/75/95% per day.
const band = mc.bands!.markets.BTC.price;
const last = days - 1;
console.log(`BTC fan on ${mc.bands!.dates[last]}: ${band.q05[last]?.toFixed(0)} | ${band.q25[last]?.toFixed(0)} | ${band.q50[last]?.toFixed(0)} | ${band.q75[last]?.toFixed(0)} | ${band.q95[last]?.toFixed(0)}`);
