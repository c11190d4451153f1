/**
 * The forecast table of the saved scenarios: for every scenario in scenarios/
 * and every company in it, over one year (365 days from the scenario's start,
 * whatever its horizon) and N paths of a fixed seed:
 *
 *   P(notice)       share of paths on which the company receives a listing
 *                   deficiency notice (CompanySummary.noticeDay !== null);
 *   P(forced sale)  share of paths with at least one coin sale the engine marks
 *                   forced (CompanySummary.firstForcedSaleDay !== null): a sale
 *                   whose reason is not the company's own choice. In sim/engine.ts
 *                   FORCED_REASON marks 'funding' (obligations due with cash and
 *                   issuance exhausted), 'covenant' (an LTV covenant breached)
 *                   'lenderLiquidation' (the lender sells the collateral) and, with
 *                   capitalB's actions, 'amendment' (an amendment's sale schedule);
 *                   'deleverage', 'buyback', 'defendListing', 'stopLoss', 'rule',
 *                   'reserve' and 'action' are voluntary;
 *   P(determination) share of paths with a delisting determination (a deficiency
 *                   with no cure period, e.g. within a year of a reverse split, or
 *                   a failed cure); P(delisted) share delisted by the horizon;
 *   P(any sale)     share of paths with any coin sale (firstSaleDay !== null);
 *   median sold     median over paths of the coins sold in the year, for any
 *                   reason (CompanySummary.coinsSold), and its 10th-90th band.
 *
 *   npx tsx scripts/forecast-table.ts [--paths 1000] [--seed forecast-2025-11-21] [--days 365] [--out FILE] [--json FILE] [scenario ids...]
 *   npx tsx scripts/forecast-table.ts --compare OLD.json NEW.json     (old -> new table, markdown)
 *
 * Same seed and paths give the same table (path i uses alea("<seed>:<i>")).
 * No counterfactual is run: none of these figures needs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PathRun } from '../sim/engine.ts';
import { resolveScenario } from '../src/resolve.ts';
import { checkExpression, compileExpression } from '../src/rules.ts';
import { prepare } from '../src/simulate.ts';
import { summarizePath } from '../src/summary.ts';
import { writeFileAtomic } from '../src/node/files.ts';

const SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export interface ForecastRow {
  scenario: string;
  startDate: string;
  ticker: string;
  coin: string;
  coins0: number;
  pNotice: number;
  pDetermination: number;
  pDelisted: number;
  pForcedSale: number;
  pAnySale: number;
  medianCoinsSold: number;
  p10CoinsSold: number;
  p90CoinsSold: number;
}

/** Nearest-rank quantile of a sorted array. */
export function quantileSorted(xs: Float64Array, q: number): number {
  if (xs.length === 0) return NaN;
  const k = Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1));
  return xs[k];
}

export function forecastRows(file: string, paths: number, seed: string, days: number): ForecastRow[] {
  const text = readFileSync(file, 'utf8');
  const scenario = resolveScenario(JSON.parse(text), { checkExpression, file });
  const model = prepare(scenario, { days, compileRule: compileExpression });
  const nC = model.companies.length;
  const notice = new Uint32Array(nC), determination = new Uint32Array(nC), delisted = new Uint32Array(nC), forced = new Uint32Array(nC), any = new Uint32Array(nC);
  const sold = model.companies.map(() => new Float64Array(paths));
  for (let p = 0; p < paths; p++) {
    const run = new PathRun(model, seed, p, { record: 'summary' });
    run.run();
    const s = summarizePath(model, run, null);
    model.companies.forEach((c, i) => {
      const cs = s.companies[c.params.ticker];
      if (cs.noticeDay !== null) notice[i]++;
      if (cs.determinationDay !== null) determination[i]++;
      if (cs.delistedDay !== null) delisted[i]++;
      if (cs.firstForcedSaleDay !== null) forced[i]++;
      if (cs.firstSaleDay !== null) any[i]++;
      sold[i][p] = cs.coinsSold;
    });
  }
  return model.companies.map((c, i) => {
    const xs = sold[i].sort();
    return {
      scenario: scenario.id,
      startDate: scenario.startDate,
      ticker: c.params.ticker,
      coin: c.params.coin,
      coins0: c.params.coins,
      pNotice: notice[i] / paths,
      pDetermination: determination[i] / paths,
      pDelisted: delisted[i] / paths,
      pForcedSale: forced[i] / paths,
      pAnySale: any[i] / paths,
      medianCoinsSold: quantileSorted(xs, 0.5),
      p10CoinsSold: quantileSorted(xs, 0.1),
      p90CoinsSold: quantileSorted(xs, 0.9),
    };
  });
}

const fmtP = (x: number): string => x.toFixed(3);
const fmtN = (x: number): string => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 100) / 100));

export function tableMarkdown(rows: ForecastRow[], o: { paths: number; seed: string; days: number; commit: string }): string {
  const head = [
    `# Forecast table (${o.commit})`,
    '',
    `Generated by \`npx tsx scripts/forecast-table.ts --paths ${o.paths} --seed ${o.seed} --days ${o.days}\`: every saved scenario, ${o.paths} paths of seed "${o.seed}", ${o.days} days from each scenario's start.`,
    'P(notice): share of paths with a listing deficiency notice. P(determ.): share with a delisting determination (no cure period, or a failed cure). P(delisted): share delisted within the year. P(forced sale): share of paths with a coin sale for a reason that is not the company\'s own policy (the engine\'s forced reasons: funding, covenant, lenderLiquidation, and in v2 amendment). P(any sale): share of paths with any coin sale. Coins sold: over the year, for any reason; median and 10th-90th percentile band (nearest rank).',
    '',
    '| Scenario | Start | Ticker | Coins at start | P(notice) | P(determ.) | P(delisted) | P(forced sale) | P(any sale) | Median coins sold | Coins sold p10-p90 |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  const body = rows.map((r) => `| ${r.scenario} | ${r.startDate} | ${r.ticker} | ${fmtN(r.coins0)} | ${fmtP(r.pNotice)} | ${fmtP(r.pDetermination)} | ${fmtP(r.pDelisted)} | ${fmtP(r.pForcedSale)} | ${fmtP(r.pAnySale)} | ${fmtN(r.medianCoinsSold)} | ${fmtN(r.p10CoinsSold)}-${fmtN(r.p90CoinsSold)} |`);
  return [...head, ...body, ''].join('\n');
}

/** Old -> new, one row per scenario and company present in the new table. */
export function compareMarkdown(oldRows: ForecastRow[], newRows: ForecastRow[]): string {
  const key = (r: ForecastRow) => `${r.scenario}/${r.ticker}`;
  const old = new Map(oldRows.map((r) => [key(r), r]));
  const pair = (a: number | undefined, b: number, f: (x: number) => string) => `${a === undefined ? '-' : f(a)} → ${f(b)}`;
  const lines = [
    '| Scenario | Ticker | P(notice) | P(determination) | P(delisted) | P(forced sale) | Median coins sold |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of newRows) {
    const o = old.get(key(r));
    lines.push(`| ${r.scenario} | ${r.ticker} | ${pair(o?.pNotice, r.pNotice, fmtP)} | ${pair(o?.pDetermination, r.pDetermination, fmtP)} | ${pair(o?.pDelisted, r.pDelisted, fmtP)} | ${pair(o?.pForcedSale, r.pForcedSale, fmtP)} | ${pair(o?.medianCoinsSold, r.medianCoinsSold, fmtN)} |`);
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === '--compare') {
  const [a, b] = process.argv.slice(3);
  process.stdout.write(compareMarkdown(JSON.parse(readFileSync(a, 'utf8')) as ForecastRow[], JSON.parse(readFileSync(b, 'utf8')) as ForecastRow[]));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { paths: { type: 'string', default: '1000' }, seed: { type: 'string', default: 'forecast-2025-11-21' }, days: { type: 'string', default: '365' }, out: { type: 'string' }, label: { type: 'string', default: 'working tree' }, json: { type: 'string' } },
  });
  const paths = Number(values.paths), days = Number(values.days);
  if (!Number.isInteger(paths) || paths < 1 || !Number.isInteger(days) || days < 1) {
    process.stderr.write('forecast-table: --paths and --days must be whole numbers >= 1\n');
    process.exit(2);
  }
  const ids = positionals.length ? positionals : readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json').map((f) => f.slice(0, -5)).sort();
  const rows: ForecastRow[] = [];
  for (const id of ids) {
    const t0 = Date.now();
    rows.push(...forecastRows(`${SCENARIOS_DIR}${id}.json`, paths, values.seed!, days));
    process.stderr.write(`${id}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const md = tableMarkdown(rows, { paths, seed: values.seed!, days, commit: values.label! });
  if (values.out) writeFileAtomic(values.out, md);
  else process.stdout.write(md);
  if (values.json) writeFileAtomic(values.json, JSON.stringify(rows, null, 2) + '\n');
}
