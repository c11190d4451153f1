/**
 * "Will it lose its listing?" has one definition: delisted (the suspension) or frozen insolvent,
 * whichever comes first (src/summary.ts listingLostDay). An insolvent company is frozen and never
 * reaches the suspension in the model, so `mc`'s `delisting` alone misses it. Checked on
 * stress-depth-collapse's NAKA, which on this seed is insolvent without being delisted on some
 * paths: `mc`'s `listingLost` against each path's summary (counted here independently), and the
 * sensitivity metric `pDelisting` and the risk map's listing outlook (`dat-sim risk --paths`)
 * against `mc`'s `listingLost` on the same paths.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveScenarioText } from '../src/resolve.ts';
import { monteCarlo } from '../src/batch/mc.ts';
import { eachPath } from '../src/batch/runner.ts';
import { prepare } from '../src/analysis/run.ts';
import { summarizePath } from '../src/summary.ts';
import { parseMetric } from '../src/analysis/metrics.ts';
import { ensembleMetric } from '../src/analysis/sensitivity.ts';
import { riskMap } from '../src/risk/index.ts';
import { compileExpression } from '../sim/expr.ts';

const FILE = 'stress-depth-collapse.json';
const scenario = resolveScenarioText(readFileSync(new URL(`../scenarios/${FILE}`, import.meta.url), 'utf8'), { file: FILE });
const PATHS = 120, DAYS = 365, SEED = 'listing-lost', TICKER = 'NAKA';

describe('listingLost: delisted or frozen insolvent, one definition', () => {
  it("mc's listingLost counts the paths delisted or insolvent, on the first of the two days", async () => {
    const s = await monteCarlo(scenario, { paths: PATHS, seed: SEED, days: DAYS, workers: 1, counterfactual: false, bands: false });
    const ev = s.companies[TICKER].events;
    // Each path's own summary: the first day it was delisted or insolvent.
    const model = prepare(scenario, { days: DAYS });
    const lostDays: number[] = [];
    let delisted = 0, insolvent = 0, insolventOnly = 0;
    eachPath(model, SEED, 0, PATHS, (_i, run) => {
      const c = summarizePath(model, run, null).companies[TICKER];
      if (c.delistedDay !== null) delisted++;
      if (c.insolventDay !== null) insolvent++;
      if (c.insolventDay !== null && c.delistedDay === null) insolventOnly++;
      const days = [c.delistedDay, c.insolventDay].filter((d): d is number => d !== null);
      if (days.length) lostDays.push(Math.min(...days));
    });
    expect(ev.delisting.count).toBe(delisted);
    expect(ev.insolvency.count).toBe(insolvent);
    // The case the event exists for: insolvent paths the suspension never reached.
    expect(insolventOnly).toBeGreaterThan(0);
    expect(ev.listingLost.count).toBe(lostDays.length);
    expect(ev.listingLost.count).toBe(delisted + insolventOnly);
    expect(ev.listingLost.count).toBeGreaterThan(Math.max(ev.delisting.count, ev.insolvency.count));
    expect(ev.listingLost.probability).toBe(lostDays.length / PATHS);
    lostDays.sort((a, b) => a - b);
    expect(ev.listingLost.day!.min).toBe(lostDays[0]);
    expect(ev.listingLost.day!.max).toBe(lostDays[lostDays.length - 1]);
    expect(ev.listingLost.day!.mean).toBeCloseTo(lostDays.reduce((a, b) => a + b, 0) / lostDays.length, 12);
  });

  it("the sensitivity metric pDelisting is mc's listingLost probability on the same paths", async () => {
    const s = await monteCarlo(scenario, { paths: PATHS, seed: SEED, days: DAYS, workers: 1, counterfactual: false, bands: false });
    const p = ensembleMetric(scenario, parseMetric(`pDelisting:${TICKER}`, scenario), { paths: PATHS, seed: SEED, days: DAYS, deterministic: false });
    expect(p).toBe(s.companies[TICKER].events.listingLost.probability);
    expect(p).toBeGreaterThan(s.companies[TICKER].events.delisting.probability);
  });

  it("the risk map's listing outlook counts listingLost and delisting as mc does on the same paths", async () => {
    const s = await monteCarlo(scenario, { paths: PATHS, seed: SEED, days: DAYS, workers: 1, counterfactual: false, bands: false });
    const rep = riskMap(scenario, { paths: PATHS, seed: SEED, company: TICKER, noSpiral: true, compileRule: compileExpression });
    const steps = Object.fromEntries(rep.companies[0].listing!.map((l) => [l.step, l]));
    const ev = s.companies[TICKER].events;
    expect(steps.delisting.withinHorizon.count).toBe(ev.delisting.count);
    expect(steps.listingLost.withinHorizon.count).toBe(ev.listingLost.count);
    expect(steps.listingLost.withinHorizon.count).toBeGreaterThan(steps.delisting.withinHorizon.count);
    expect(steps.listingLost.medianFirstDay).toBe(ev.listingLost.day!.q50);
  });

  it('with a horizon other than the scenario\'s (dat-sim risk --days, the app\'s Horizon), the outlook still counts what mc counts over that horizon', async () => {
    const days = 200;
    expect(scenario.horizonDays).not.toBe(days);
    const s = await monteCarlo(scenario, { paths: PATHS, seed: SEED, days, workers: 1, counterfactual: false, bands: false });
    const rep = riskMap(scenario, { paths: PATHS, seed: SEED, days, company: TICKER, noSpiral: true, compileRule: compileExpression });
    expect(rep.days).toBe(days);
    const steps = Object.fromEntries(rep.companies[0].listing!.map((l) => [l.step, l]));
    const ev = s.companies[TICKER].events;
    expect(steps.listingLost.withinHorizon.count).toBe(ev.listingLost.count);
    expect(steps.notice.withinHorizon.count).toBe(ev.notice.count);
    // Fewer than over the scenario's 365 days: the horizon is not ignored.
    const full = riskMap(scenario, { paths: PATHS, seed: SEED, company: TICKER, noSpiral: true, compileRule: compileExpression });
    expect(full.days).toBe(365);
    expect(steps.listingLost.withinHorizon.count).toBeLessThan(full.companies[0].listing!.find((l) => l.step === 'listingLost')!.withinHorizon.count);
  });
});
