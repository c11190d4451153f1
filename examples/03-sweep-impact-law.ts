/**
 * Does the impact law decide the spiral? Sweep the BTC impact law of the
 * Sequans scenario (square root vs. linear "Kyle lambda") against the size of
 * the linear law's elasticity, and compare the drawdown the treasury causes
 * itself and the chance of a forced sale.
 *
 *   npx tsx examples/03-sweep-impact-law.ts [paths=500]
 *
 * `sweep` edits fields of the scenario FILE (before defaults are filled in),
 * checks every grid point before running anything, and yields the points in
 * grid order as they finish. Every point uses the same seed, so differences
 * come from the parameters, not from noise.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sweep } from 'dat-sim';

const file = fileURLToPath(new URL('../scenarios/sqns.json', import.meta.url));
const paths = Number(process.argv[2] ?? 500);
const scenarioFile = JSON.parse(readFileSync(file, 'utf8'));

console.log('impactLaw  lambdaPerBillion  median self-inflicted drawdown  95th pct  P(forced sale)  P(notice)');
for await (const point of sweep(scenarioFile, {
  file,
  set: { 'markets.BTC.impactLaw': ['sqrt', 'linear'], 'markets.BTC.lambdaPerBillion': [0.004, 0.034] },
  paths,
  days: 180,
  seed: 'impact',
})) {
  const btc = point.summary.markets.BTC.terminal.selfInflictedDrawdown;
  const sqns = point.summary.companies.SQNS.events;
  const law = String(point.params['markets.BTC.impactLaw']);
  const lambda = String(point.params['markets.BTC.lambdaPerBillion']);
  const pct = (x: number | null) => `${(100 * (x ?? 0)).toFixed(3)}%`;
  console.log(`${law.padEnd(10)} ${lambda.padEnd(17)} ${pct(btc.q50).padStart(30)}  ${pct(btc.q95).padStart(8)}  ${pct(sqns.forcedSale.probability).padStart(14)}  ${pct(sqns.notice.probability).padStart(9)}`);
}
// (lambdaPerBillion only matters under the linear law: the two sqrt rows agree.)
