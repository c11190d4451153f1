/**
 * A company's sale intents (sim/state.ts CompanyState.sell, coins per reason) carry a flag,
 * saleToday, so that the sums of the day (companyFlows, sellableFree) skip the 11 reasons when
 * nothing was added; its repayments and lender sales (repay, lenderSale, per instrument) carry
 * repayToday, so that settle skips them. That is only exact if every write goes through addSale,
 * addRepay or addLenderSale (which set the flags) and settle leaves every entry at 0 when it
 * clears them: both held here, the first on the engine's source, the second day by day on saved
 * scenarios that sell and repay.
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
  it('are written only by addSale, addRepay and addLenderSale (state.ts), and zeroed only by settle and clearIntents', () => {
    const writes: string[] = [];
    for (const f of readdirSync(SIM).filter((x) => x.endsWith('.ts'))) {
      readFileSync(join(SIM, f), 'utf8').split('\n').forEach((line) => {
        // sell[...] / repay[...] / lenderSale[...] = += -= ..., and whole-array writes (fill, set, copyWithin)
        if (/\b(sell|repay|lenderSale)\[[^\]]*\]\s*[-+*/]?=(?!=)/.test(line) || /\.(sell|repay|lenderSale)\.(fill|set|copyWithin)\(/.test(line)) writes.push(`${f}: ${line.trim()}`);
      });
    }
    expect(writes).toEqual([
      'settle.ts: sell[r] = 0;',
      'settle.ts: repay[j] = 0;',
      'settle.ts: lenderSale[j] = 0;',
      'state.ts: this.sell.set(o.sell); this.saleToday = o.saleToday; this.repay.set(o.repay); this.lenderSale.set(o.lenderSale); this.repayToday = o.repayToday; this.covenantRepay.set(o.covenantRepay);',
      'state.ts: this.repay[j] += usd;',
      'state.ts: this.lenderSale[j] += q;',
      'state.ts: this.sell[r] += q;',
      'state.ts: this.sell.fill(0); this.saleToday = false; this.repay.fill(0); this.lenderSale.fill(0); this.repayToday = false; this.covenantRepay.fill(0);',
    ]);
  });

  it('after every day, every company\'s sales, repayments and lender sales are 0 and both flags clear (on days with settled sales and repayments)', () => {
    let saleDays = 0, repayDays = 0;
    for (const file of ['fgnx.json', 'sqns.json', 'contagion.json', 'stress-depth-collapse.json']) {
      const model = prepareModel(loadScenarioFile(join(SCENARIOS, file)), { days: 400, compileRule: compileExpression });
      for (let p = 0; p < 3; p++) {
        const run = new PathRun(model, 'intents', p, { record: 'full' });
        while (!run.done) {
          const soldBefore = run.co.map((c) => c.coinsSold);
          run.step();
          run.co.forEach((c, i) => {
            if (c.saleToday || c.repayToday || c.sell.some((q) => q !== 0) || c.repay.some((x) => x !== 0) || c.lenderSale.some((x) => x !== 0)) throw new Error(`${file} path ${p} day ${run.t - 1} company ${i}: intents left after settle`);
            if (c.coinsSold !== soldBefore[i]) saleDays++;
          });
        }
        // Repayments settle paid (settle's loop; maturities and puts are paid in obligations).
        repayDays += run.events.filter((e) => e.kind === 'repayment' && e.reason !== 'maturity' && e.reason !== 'put').length;
      }
    }
    expect(saleDays).toBeGreaterThan(100); // sales happened: the check is not vacuous
    expect(repayDays).toBeGreaterThan(10); // and settled repayments
  });
});
