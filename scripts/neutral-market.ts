/**
 * Before/after medians of the neutral-market change (docs/model.md 2.4, README): the contagion
 * scenario's markets with one treasury (BMNR, which holds), 2,000 paths x 730 days, seed 5, the
 * same run as ../shared/checks/model-v2-neutral-market.sh. Median terminal BTC and ETH with
 *   - leverage off (both books 0: the same before and after),
 *   - v1: a long-only book at the v1 presets (BTC $4.5B, ETH $2B; the engine is bit-identical to
 *     v1 when the short book is 0),
 *   - v2: the presets as shipped (balanced book at the fitted November level).
 *
 *   npx tsx scripts/neutral-market.ts        prints a markdown table (~30 s)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const V1_LONG_USD: Record<string, number> = { BTC: 4.5e9, ETH: 2e9 };

type Lev = (coin: string) => Record<string, number> | undefined;
const VARIANTS: { label: string; leverage: Lev }[] = [
  { label: 'leverage off', leverage: () => ({ openInterestUsd: 0, targetOpenInterestUsd: 0 }) },
  { label: 'v1: long-only book (v1 presets)', leverage: (c) => ({ openInterestUsd: V1_LONG_USD[c], targetOpenInterestUsd: V1_LONG_USD[c], shortOpenInterestUsd: 0, shortTargetOpenInterestUsd: 0 }) },
  { label: 'v2: balanced book (presets as shipped)', leverage: () => undefined },
];

function medians(dir: string, name: string, leverage: Lev): Record<string, number> {
  const s = JSON.parse(readFileSync(join(ROOT, 'scenarios/contagion.json'), 'utf8'));
  s.companies = s.companies.filter((c: { ticker: string }) => c.ticker === 'BMNR');
  for (const [coin, m] of Object.entries(s.markets as Record<string, Record<string, unknown>>)) {
    const l = leverage(coin);
    if (l) m.leverage = l; else delete m.leverage;
  }
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(s));
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/dat-sim.mjs'), 'mc', file, '--paths', '2000', '--seed', '5', '--days', '730', '--no-bands', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`dat-sim mc failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { markets: Record<string, { terminal: { price: { q50: number } } }> };
  return Object.fromEntries(Object.entries(out.markets).map(([coin, m]) => [coin, m.terminal.price.q50]));
}

const dir = mkdtempSync(join(tmpdir(), 'neutral-'));
try {
  const rows = VARIANTS.map((v, i) => ({ label: v.label, med: medians(dir, `v${i}`, v.leverage) }));
  const off = rows[0].med;
  const coins = Object.keys(off);
  const money = (x: number) => `$${x >= 1e4 ? Math.round(x).toLocaleString('en-US') : x.toFixed(0)}`;
  console.log(`| Median terminal price (2 years) | ${coins.join(' | ')} | ${coins.map((c) => `${c} on/off`).join(' | ')} |`);
  console.log(`|---|${coins.map(() => '---').join('|')}|${coins.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.label} | ${coins.map((c) => money(r.med[c])).join(' | ')} | ${coins.map((c) => (r.med[c] / off[c]).toFixed(4)).join(' | ')} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
