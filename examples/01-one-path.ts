/**
 * One path of a saved scenario, with its counterfactual.
 *
 *   npx tsx examples/01-one-path.ts [seed]
 *
 * `simulate` runs path 0 of the seed twice: once as written, once with every
 * company's trading switched off (same random numbers). The gap between the
 * two coin prices is the drawdown the treasury caused itself.
 */
import { fileURLToPath } from 'node:url';
import { loadScenario, simulate } from 'dat-sim';

const file = fileURLToPath(new URL('../scenarios/fgnx.json', import.meta.url));
const scenario = loadScenario(file); // throws ScenarioError naming every bad field
const seed = process.argv[2] ?? '7';
const result = simulate(scenario, { seed, days: 365 });

const eth = result.summary.markets.ETH;
const fgnx = result.summary.companies.FGNX;
const usd = (x: number) => `$${x.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
console.log(`${result.scenario.name}`);
console.log(`seed ${result.seed}, ${result.dates.length} days from ${result.dates[0]}`);
console.log(`ETH: ${usd(eth.startPrice)} -> ${usd(eth.terminalPrice)} (counterfactual ${usd(eth.counterfactualTerminalPrice!)})`);
console.log(`self-inflicted drawdown: ${(100 * eth.selfInflictedDrawdown!).toFixed(3)}%`);
console.log(`FGNX stock: ${usd(result.companies.FGNX.stockPrice[0])} -> ${usd(fgnx.terminalStockPrice)}, listing ${fgnx.listingState}`);
console.log(`FGNX coins sold: ${fgnx.coinsSold.toFixed(0)} ETH for ${usd(fgnx.coinsSoldUsd)}, realized P&L ${usd(fgnx.realizedPnlUsd)}`);
console.log(`first notice: ${fgnx.noticeDay === null ? 'none' : `day ${fgnx.noticeDay} (${result.dates[fgnx.noticeDay]})`}`);
// Events carry their figures: print the first few.
for (const e of result.events.slice(0, 5)) console.log(`  ${e.date} ${e.company} ${e.kind}`);
