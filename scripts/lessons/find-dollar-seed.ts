/**
 * Seed search for the "$1 spiral" lesson (web/lessons/dollar.ts): for each
 * candidate saved scenario (with the lesson's variant: defendListing added
 * to the company), run seeds 1..N with the lesson's horizon and report the
 * seeds whose event log has, for the company, in this order: a deficiency
 * notice; coin sales to defend the listing (reason defendListing) or a
 * reverse split decided under that notice; and then a stock that cannot
 * hold (a determination / delisted, or a new notice after the split).
 *   npx tsx scripts/lessons/find-dollar-seed.ts [N]
 */
import { readFileSync } from 'node:fs';
import { resolveScenario } from '../../src/resolve.ts';
import { traceScenario } from '../../web/lib/teaching/trace.ts';
import { DOLLAR_CANDIDATES } from '../../web/lessons/dollar-variant.ts';

const N = Number(process.argv[2] ?? 30);
for (const cand of DOLLAR_CANDIDATES) {
  const file = cand.variant.apply(JSON.parse(readFileSync(`scenarios/${cand.scenario}`, 'utf8')));
  const resolved = resolveScenario(file, { file: cand.scenario });
  for (let s = 1; s <= N; s++) {
    const tr = traceScenario(resolved, { seed: String(s), days: cand.horizonDays, deterministic: false });
    const ev = tr.events.filter((e) => e.company === cand.ticker);
    const notice = ev.find((e) => e.kind === 'notice');
    if (!notice) continue;
    const defend = ev.filter((e) => e.day >= notice.day && ((e.kind === 'coinSale' && e.reason === 'defendListing') || e.kind === 'splitDecided' || e.kind === 'reverseSplit'));
    if (!defend.length) continue;
    const sales = defend.filter((e) => e.kind === 'coinSale');
    const after = ev.find((e) => e.day > defend[0].day && (e.kind === 'determination' || e.kind === 'delisted' || (e.kind === 'notice' && e.day > notice.day)));
    console.log(`${cand.scenario} ${cand.ticker} seed ${s}: notice d${notice.day}, defend ${defend.map((e) => `${e.kind}${e.reason ? ':' + e.reason : ''}@${e.day}`).slice(0, 4).join(',')}${defend.length > 4 ? '…' : ''} (${sales.length} sale days), then ${after ? `${after.kind}@${after.day}` : 'holds'}`);
  }
}
