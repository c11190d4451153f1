/**
 * Small scenarios for the batch tests: two coins, three companies with
 * different policies (so notices, sales and insolvencies all happen in a few
 * dozen paths), short horizons.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'bin', 'dat-sim.mjs');

export function batchScenarioFile(horizonDays = 60): Record<string, unknown> {
  const company = (ticker: string, coin: 'BTC' | 'ETH', extra: Record<string, unknown>) => ({
    ticker,
    name: `${ticker} Holdings`,
    coin,
    exchange: 'nasdaq-cm',
    coins: coin === 'BTC' ? 1_000 : 30_000,
    costBasisUsd: coin === 'BTC' ? 100_000 : 3_500,
    cashUsd: 5e6,
    sharesOutstanding: 100e6,
    stockPrice0: 1.1,
    opexUsdPerYear: 20e6,
    ...extra,
  });
  return {
    schemaVersion: 1,
    id: 'batch-fixture',
    name: 'Batch test fixture',
    startDate: '2025-11-24',
    horizonDays,
    seed: 'fixture',
    markets: { BTC: { sigma: 0.7 }, ETH: { sigma: 0.9 } },
    companies: [
      company('AAA', 'BTC', {
        debt: [{ kind: 'convertible', principalUsd: 60e6, maturityDate: '2026-01-15', conversionPrice: 4 }],
        policies: [{ kind: 'deleverage', trigger: 0.5 }],
      }),
      company('BBB', 'ETH', { buybackAuthorizationUsd: 30e6, policies: [{ kind: 'buybackBelowNav' }, { kind: 'defendListing' }], stockPrice0: 0.95 }),
      company('CCC', 'ETH', { policies: [{ kind: 'stopLoss', maxLoss: 0.1 }] }),
    ],
  };
}

/** A fresh empty folder, removed by the returned cleanup. */
export function tempDir(prefix = 'dat-sim-batch-'): { dir: string; files: () => string[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, files: () => readdirSync(dir).sort(), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
