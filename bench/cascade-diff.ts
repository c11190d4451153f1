/**
 * The cascade solver's declared change (issue 13, docs/model.md §4.4): the safeguarded Newton
 * solver against v1's plain iteration (from 0, stop at change <= 1e-12 x ell or 100 iterations).
 *
 *   npx tsx bench/cascade-diff.ts [--seeds 20] [--days 730] [--baseline <rev>]
 *
 * (a) Per market-day, the same inputs: every saved scenario, seeds 1..S, path 0, is stepped with
 *     the current engine; on each day the cascade's inputs are solved by both methods, and by
 *     plain iteration run until it stops moving (the "limit"). Prints evaluations per solve, the
 *     largest relative distance of each method from the limit, and the days v1 stopped at its cap.
 * (b) Whole paths: simulate() of the current engine against the baseline tree's (--baseline,
 *     default BASELINE_COMMIT of bench/baseline.ts): largest relative difference of every series,
 *     and whether the events (kind, day, company) are the same.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cascade, impactOf } from '../sim/market.ts';
import { MarketState } from '../sim/state.ts';
import { PathRun, prepareModel } from '../sim/index.ts';
import { resolveScenarioText } from '../src/resolve.ts';
import { compileExpression } from '../src/rules.ts';
import { BASELINE_COMMIT, loadImpl } from './baseline.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const SEEDS = Number(opt('seeds', '20')), DAYS = Number(opt('days', '730'));
const FILES = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();

/** v1: plain iteration from (0, 0), stop at change <= 1e-12 (ell + ells) or `cap` iterations. */
function plain(L: number, S: number, mL: number, mS: number, impact: (q: number) => number, qBase: number, base: number, cap: number) {
  let ell = 0, ells = 0, it = 0;
  for (; it < cap; it++) {
    const x = -(base - impact(qBase + ell - ells));
    const next = x > 0 ? L * (1 - Math.exp(-x / mL)) : 0;
    const nextS = x < 0 ? S * (1 - Math.exp(x / mS)) : 0;
    const change = Math.abs(next - ell) + Math.abs(nextS - ells);
    ell = next;
    ells = nextS;
    if (change <= (cap > 100 ? 0 : 1e-12) * Math.abs(ell + ells)) break;
  }
  return { v: ell + ells, it };
}

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
const compile = await compileExpression;
const capDay = new Map<string, number>(); // first day v1 stopped at its cap, per file|seed
let solves = 0, evalsNew = 0, itOld = 0, capDays = 0, worstNew = 0, worstOld = 0, worstOldCapped = 0, limitCapped = 0;
const m = new MarketState();
for (const file of FILES) {
  const scenario = resolveScenarioText(readFileSync(join(ROOT, 'scenarios', file), 'utf8'), { file });
  const model = prepareModel(scenario, { days: DAYS, compileRule: compile });
  for (let s = 1; s <= SEEDS; s++) {
    const run = new PathRun(model, String(s), 0, { record: 'summary' });
    const pClose = model.markets.map((pm) => pm.params.price0);
    while (!run.done) {
      run.step();
      model.markets.forEach((pm, k) => {
        const d = run.marketDay(k), lev = pm.params.leverage;
        const qBase = d.totalFlowUsd - d.liquidationsUsd + d.shortLiquidationsUsd;
        const base = Math.log(d.preTradePrice) - d.signal - Math.log(pClose[k]);
        pClose[k] = d.close;
        const L = d.openInterestBeforeUsd, S = d.shortOpenInterestBeforeUsd;
        if (!(L > 0 || S > 0)) return;
        const impact = (q: number) => impactOf(pm, q, d.effectiveVolumeUsd);
        m.oi = L;
        m.soi = S;
        cascade(pm, m, qBase, d.effectiveVolumeUsd, base);
        const vNew = m.liquidations + m.shortLiquidations;
        const old = plain(L, S, lev.meanLiquidationDistance, lev.shortMeanLiquidationDistance, impact, qBase, base, 100);
        const lim = plain(L, S, lev.meanLiquidationDistance, lev.shortMeanLiquidationDistance, impact, qBase, base, 1_000_000);
        if (lim.it >= 1_000_000) limitCapped++;
        solves++;
        evalsNew += m.cascadeIterations;
        itOld += old.it + 1;
        if (vNew === 0 && lim.v === 0) return;
        worstNew = Math.max(worstNew, rel(vNew, lim.v));
        if (old.it >= 100) {
          capDays++;
          if (!capDay.has(`${file}|${s}`)) capDay.set(`${file}|${s}`, run.t - 1);
          worstOldCapped = Math.max(worstOldCapped, rel(old.v, lim.v));
        } else worstOld = Math.max(worstOld, rel(old.v, lim.v));
      });
    }
  }
}
console.log(`(a) ${solves} market-day solves (${FILES.length} scenarios x ${SEEDS} seeds x ${DAYS} days)`);
console.log(`    evaluations of the liquidation law per solve: plain iteration ${(itOld / solves).toFixed(2)}, Newton ${(evalsNew / solves).toFixed(2)}`);
console.log(`    largest relative distance from the limit: Newton ${worstNew.toExponential(2)}; plain ${worstOld.toExponential(2)} (uncapped days), ${worstOldCapped.toExponential(2)} on the ${capDays} days it stopped at 100 iterations`);
if (limitCapped) console.log(`    (${limitCapped} limits did not settle in 1e6 plain iterations)`);

// (b) whole paths against the baseline tree.
const [now, then] = await Promise.all([loadImpl(ROOT, 'now'), loadImpl(ROOT, 'baseline', opt('baseline', BASELINE_COMMIT))]);
const thenCompile = await then.compileExpression();
type Series = Record<string, Record<string, ArrayLike<number> | unknown>>;
let worstSeries = 0, worstWhere = '', eventDiffs = 0, runs = 0, worstUncapped = 0, worstUncappedWhere = '', capPaths = 0, earlyDiverge = 0;
for (const file of FILES) {
  const text = readFileSync(join(ROOT, 'scenarios', file), 'utf8');
  const a = now.prepareModel(now.resolveScenarioText(text, { file }), { days: DAYS, compileRule: compile });
  const b = then.prepareModel(then.resolveScenarioText(text, { file }), { days: DAYS, compileRule: thenCompile });
  for (let s = 1; s <= SEEDS; s++) {
    const ra = now.runPrepared(a, { seed: String(s) }) as { markets: Series; companies: Series; events: { kind: string; day: number; company?: string }[] };
    const rb = then.runPrepared(b, { seed: String(s) }) as typeof ra;
    runs++;
    const cap = capDay.get(`${file}|${s}`) ?? Infinity;
    if (cap < Infinity) capPaths++;
    let firstDay = Infinity; // first day with a difference above 1e-9
    for (const group of ['markets', 'companies'] as const) {
      for (const [name, series] of Object.entries(ra[group])) {
        for (const [key, va] of Object.entries(series)) {
          const vb = rb[group][name]?.[key];
          if (!Array.isArray(va) || !Array.isArray(vb)) continue;
          let scale = 0; // differences relative to the series' largest magnitude (a series may cross 0)
          for (let t = 0; t < vb.length; t++) if (typeof vb[t] === 'number' && Number.isFinite(vb[t])) scale = Math.max(scale, Math.abs(vb[t]));
          for (let t = 0; t < va.length; t++) {
            if (typeof va[t] !== 'number' || typeof vb[t] !== 'number' || va[t] === vb[t]) continue;
            const r = scale > 0 ? Math.abs(va[t] - vb[t]) / scale : Infinity; // a series that was all 0 counts as differing
            if (r > 1e-9 && t < firstDay) firstDay = t;
            if (t < cap && r > worstUncapped) {
              worstUncapped = r;
              worstUncappedWhere = `${file} seed ${s} ${name}.${key} day ${t}`;
            }
            if (r > worstSeries && Number.isFinite(r)) {
              worstSeries = r;
              worstWhere = `${file} seed ${s} ${name}.${key} day ${t}: ${vb[t]} -> ${va[t]}`;
            }
          }
        }
      }
    }
    const key = (e: { kind: string; day: number; company?: string }) => `${e.kind}|${e.day}|${e.company ?? ''}`;
    const ea = ra.events.map(key).join('\n'), eb = rb.events.map(key).join('\n');
    if (ea !== eb) {
      eventDiffs++;
      console.log(`    ${file} seed ${s}: events differ${cap < Infinity ? ` (v1 capped from day ${cap})` : ' (v1 never capped)'}`);
    }
    if (firstDay < cap) {
      earlyDiverge++;
      console.log(`    ${file} seed ${s}: differs by > 1e-9 (of its scale) from day ${firstDay}${cap < Infinity ? `, v1's first capped day ${cap}` : ', v1 never capped'}`);
    }
  }
}
console.log(`(b) ${runs} paths of ${DAYS} days: simulate() now vs ${opt('baseline', BASELINE_COMMIT).slice(0, 10)}`);
console.log(`    largest difference of any series value, relative to the series' largest magnitude: ${worstSeries.toExponential(2)}${worstWhere ? ` (${worstWhere})` : ''}`);
console.log(`    paths whose events (kind, day, company) differ: ${eventDiffs}; paths where v1 stopped at its cap: ${capPaths}`);
console.log(`    before v1's first capped day (all days where it never capped): largest relative difference ${worstUncapped.toExponential(2)} (${worstUncappedWhere}); paths differing by > 1e-9 there: ${earlyDiverge}`);
