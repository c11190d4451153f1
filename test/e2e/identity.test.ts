/**
 * Node and the browser give the same numbers, bit for bit (docs/model.md,
 * "Determinism"): the engine (resolve + simulate, the same sources the web
 * app bundles) is bundled for the browser with esbuild and run in headless
 * Chromium on three saved scenarios over 730 days, with the counterfactual;
 * every number of the result (series, events, summary) is compared with the
 * same run in Node, as its shortest round-trip decimal (so -0, NaN and
 * Infinity are compared too). The engine's exp/log/pow are sim/math.ts's
 * deterministic ones: V8's Math.exp/log differ in the last bit between the
 * Node and Chromium versions. Both sides run the markets on the WebAssembly
 * kernel (simulate()'s engine lockstep), which the first test checks.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/resolve.ts';
import { simulate } from '../../src/simulate.ts';
import { compileExpression } from '../../sim/expr.ts';
import { marketsKernel } from '../../sim/wasm/load.ts';
import { launchBrowser, ROOT } from './helpers.ts';

const SCENARIOS = ['fgnx', 'sqns', 'contagion'];
const DAYS = 730;

/** Every number as its exact decimal text; everything else as is. */
function exact(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' ? (Object.is(v, -0) ? '-0' : String(v)) : v));
}

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    stdin: {
      contents: "export { resolveScenario } from './src/resolve.ts'; export { simulate } from './src/simulate.ts'; export { compileExpression } from './sim/expr.ts'; export { marketsKernel } from './sim/wasm/load.ts';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'DatSimEngine',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  bundle = out.outputFiles[0].text;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('Node and headless Chromium, bit for bit', () => {
  it("both run simulate() on the WebAssembly kernel (the engine lockstep's two lanes), not the fallback", async () => {
    expect(marketsKernel()).not.toBeNull();
    const page = await browser.newPage();
    try {
      await page.setContent('<!doctype html><title>kernel</title>');
      await page.addScriptTag({ content: bundle });
      // The page's main thread, where the app's slider runs simulate(): synchronous compilation is allowed for the kernel's size.
      const compiled = await page.evaluate(() => (globalThis as unknown as { DatSimEngine: { marketsKernel: () => unknown } }).DatSimEngine.marketsKernel() !== null);
      expect(compiled).toBe(true);
    } finally {
      await page.close();
    }
  });

  for (const id of SCENARIOS) {
    it(`${id}: ${DAYS} days with the counterfactual, every number equal`, async () => {
      const file = JSON.parse(readFileSync(join(ROOT, 'scenarios', `${id}.json`), 'utf8'));
      // Scenarios with user rules (contagion's SBET and Metaplanet) need the rule compiler on both sides.
      const inNode = exact(simulate(resolveScenario(file), { seed: 'identity', days: DAYS, compileRule: compileExpression }));
      const page = await browser.newPage();
      try {
        await page.setContent('<!doctype html><title>identity</title>');
        await page.addScriptTag({ content: bundle });
        const inBrowser = await page.evaluate(
          ({ file, days, exactSrc }) => {
            const g = globalThis as unknown as { DatSimEngine: { resolveScenario: (f: unknown) => unknown; simulate: (s: unknown, o: unknown) => unknown; compileExpression: unknown } };
            const exactFn = new Function(`return ${exactSrc}`)() as (v: unknown) => string;
            return exactFn(g.DatSimEngine.simulate(g.DatSimEngine.resolveScenario(file), { seed: 'identity', days, compileRule: g.DatSimEngine.compileExpression }));
          },
          { file, days: DAYS, exactSrc: exact.toString() },
        );
        if (inBrowser !== inNode) {
          const a = JSON.parse(inNode), b = JSON.parse(inBrowser);
          const diffs: string[] = [];
          for (const [coin, m] of Object.entries(a.markets as Record<string, Record<string, string[]>>))
            for (const [k, arr] of Object.entries(m)) arr.forEach((v, t) => v !== b.markets[coin][k][t] && diffs.push(`${coin}.${k}[${t}] ${v} vs ${b.markets[coin][k][t]}`));
          expect(diffs.slice(0, 5), `${diffs.length} market numbers differ`).toEqual([]);
          expect(inBrowser).toBe(inNode);
        }
        const parsed = JSON.parse(inNode);
        expect(parsed.dates).toHaveLength(DAYS);
      } finally {
        await page.close();
      }
    }, 120_000);
  }
});
