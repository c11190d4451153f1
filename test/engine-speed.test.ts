/**
 * Issue 13 (engine speed): work the engine skips must not change a result.
 * - simulate()'s counterfactual runs as markets only (no company valuation,
 *   premium, listing or company series): its coin paths are bit for bit those
 *   of the counterfactual with every company step run.
 * - The weekend step-4 valuation is skipped; the golden snapshots
 *   (test/golden.test.ts) hold every saved scenario's figures unchanged.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PathRun, prepareModel } from '../sim/engine.ts';
import { resolveScenarioText } from '../src/resolve.ts';
import { compileExpression } from '../src/rules.ts';
import { runPrepared } from '../src/simulate.ts';

const load = (id: string) => {
  const file = new URL(`../scenarios/${id}.json`, import.meta.url);
  return prepareModel(resolveScenarioText(readFileSync(file, 'utf8'), { file: id }), { days: 400, compileRule: compileExpression });
};

describe('markets-only counterfactual (full record)', () => {
  for (const id of ['contagion', 'mstr']) {
    it(`${id}: the coin series equal those of a counterfactual that runs the companies, bit for bit`, () => {
      const model = load(id);
      for (const path of [0, 3]) {
        const all = new PathRun(model, 'cf', path, { record: 'full', companyTrading: false }).run();
        const only = new PathRun(model, 'cf', path, { record: 'full', companyTrading: false, marketsOnly: true }).run();
        expect(only.companySeries).toEqual([]);
        expect(all.companySeries.length).toBe(model.companies.length);
        for (let k = 0; k < model.markets.length; k++) {
          expect(only.marketSeries[k].price).toEqual(all.marketSeries[k].price);
          expect(only.marketSeries[k].liquidationsUsd).toEqual(all.marketSeries[k].liquidationsUsd);
          expect(only.marketTotals(k)).toEqual(all.marketTotals(k));
        }
        // simulate() uses it: its counterfactual prices are the all-companies counterfactual's.
        const r = runPrepared(model, { seed: 'cf', path });
        for (let k = 0; k < model.markets.length; k++) expect(r.counterfactual!.markets[model.markets[k].params.coin].price).toEqual(Array.from(all.marketSeries[k].price));
        // and it is a counterfactual: the companies' trades moved the coin on some day.
        expect(r.counterfactual!.markets[model.markets[0].params.coin].price.some((p, t) => p !== r.markets[model.markets[0].params.coin].price[t])).toBe(true);
      }
    });
  }
});
