/**
 * A company's sale intents (sim/state.ts CompanyState.sell, coins per reason) carry a flag,
 * saleToday, so that the sums of the day (companyFlows, sellableFree) skip the 11 reasons when
 * nothing was added. That is only exact if every write goes through addSale (which sets the flag)
 * and settle leaves every entry at 0 when it clears the flag: both held here, the first on the
 * engine's source, the second day by day on saved scenarios that sell.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../sim/expr.ts';
import { PathRun, prepareModel } from '../sim/engine.ts';
import { loadScenarioFile } from '../src/node/files.ts';

const SIM = fileURLToPath(new URL('../sim/', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('../scenarios/', import.meta.url));

describe('sale intents', () => {
  it('are written only by addSale (state.ts) and zeroed only by settle and clearIntents', () => {
    const writes: string[] = [];
    for (const f of readdirSync(SIM).filter((x) => x.endsWith('.ts'))) {
      readFileSync(join(SIM, f), 'utf8').split('\n').forEach((line, n) => {
        // sell[...] = / += / -= ..., and whole-array writes (fill, set, copyWithin)
        if (/\bsell\[[^\]]*\]\s*[-+*/]?=(?!=)/.test(line) || /\.sell\.(fill|set|copyWithin)\(/.test(line)) writes.push(`${f}:${n + 1}: ${line.trim()}`);
      });
    }
    expect(writes.map((w) => w.replace(/:\d+:/, ':'))).toEqual([
      'settle.ts: sell[r] = 0;',
      'state.ts: this.sell.set(o.sell); this.saleToday = o.saleToday; this.repay.set(o.repay); this.lenderSale.set(o.lenderSale); this.covenantRepay.set(o.covenantRepay);',
      'state.ts: this.sell[r] += q;',
      'state.ts: this.sell.fill(0); this.saleToday = false; this.repay.fill(0); this.lenderSale.fill(0); this.covenantRepay.fill(0);',
    ]);
  });

  it('after every day, every company\'s intents are 0 and the flag is clear; the flag was set on the days that sold', () => {
    let saleDays = 0;
    for (const file of ['fgnx.json', 'sqns.json', 'contagion.json', 'stress-depth-collapse.json']) {
      const model = prepareModel(loadScenarioFile(join(SCENARIOS, file)), { days: 400, compileRule: compileExpression });
      for (let p = 0; p < 3; p++) {
        const run = new PathRun(model, 'intents', p, { record: 'summary' });
        while (!run.done) {
          const soldBefore = run.co.map((c) => c.coinsSold);
          run.step();
          run.co.forEach((c, i) => {
            if (c.saleToday || c.sell.some((q) => q !== 0)) throw new Error(`${file} path ${p} day ${run.t - 1} company ${i}: intents left after settle`);
            if (c.coinsSold !== soldBefore[i]) saleDays++;
          });
        }
      }
    }
    expect(saleDays).toBeGreaterThan(100); // sales happened: the check is not vacuous
  });
});
