/**
 * Past one machine: run an ensemble as shards, merge the partial results, and
 * check the merge equals the single run, byte for byte.
 *
 *   npx tsx examples/04-shards.ts [paths=300] [shards=3]
 *
 * On a cluster each shard is `dat-sim mc ... --shard k/n --out part-{k}.json`
 * on its own node (README: "Scale-out"); here they run one after the other.
 */
import { fileURLToPath } from 'node:url';
import { encodePartial, decodePartial, loadScenario, mergePartials, monteCarlo, runShard, summarizeEnsemble } from 'dat-sim';

const scenario = loadScenario(fileURLToPath(new URL('../scenarios/bmnr.json', import.meta.url)));
const paths = Number(process.argv[2] ?? 300);
const shards = Number(process.argv[3] ?? 3);
const options = { paths, days: 120, seed: 'shards' };

const parts = [];
for (let k = 0; k < shards; k++) {
  const partial = await runShard(scenario, { ...options, shard: { index: k, count: shards } });
  const text = encodePartial(partial); // what `dat-sim mc --shard` writes
  console.log(`shard ${k}/${shards}: paths ${partial.ranges.map(([a, b]) => `${a}..${b - 1}`).join(',')}, ${text.length} bytes`);
  parts.push({ partial: decodePartial(text, `part-${k}.json`), file: `part-${k}.json` });
}
const merged = summarizeEnsemble(mergePartials(parts, { complete: true }).state);
const single = await monteCarlo(scenario, options);
console.log(`merged equals single run: ${JSON.stringify(merged) === JSON.stringify(single)}`);
console.log(`BMNR P(notice) = ${merged.companies.BMNR.events.notice.probability.toFixed(4)} over ${merged.paths} paths`);
