/** The risk map as CSV (one row per trigger) and as a Markdown table (README, `--format table`). Pure. */
import { toCsv } from '../output/csv.ts';
import type { CompanyRisk, RiskReport, TriggerResult } from './map.ts';

const num = (v: number | null | undefined, digits: number): string => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(digits));

/** Coin prices with a sensible number of digits: 87,909 / 3,033 / 0.1234. */
export function fmtPrice(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '';
  if (p >= 100) return Math.round(p).toLocaleString('en-US');
  if (p >= 1) return p.toFixed(2);
  return p.toPrecision(3);
}

const where = (t: TriggerResult): string =>
  t.status === 'solved' ? fmtPrice(t.triggerCoinPrice) : t.status === 'firesToday' ? 'fires today' : "none in (0, today's price]";

export function riskCsv(report: RiskReport): string {
  const header = ['scenario', 'company', 'coin', 'coinPrice0', 'trigger', 'kind', 'instrument', 'date', 'forced', 'status', 'triggerCoinPrice', 'distancePct', 'coinsSold', 'coinsSoldUsd', 'monotone',
    'spiralTriggerCoinPrice', 'spiralDistancePct', 'spiralCloserPct', 'p90Days', 'p90DaysLo', 'p90DaysHi', 'p1Year', 'p1YearLo', 'p1YearHi', 'pHorizon', 'pHorizonLo', 'pHorizonHi', 'note'];
  const rows = report.companies.flatMap((c) => c.triggers.map((t) => [
    report.scenario, c.ticker, c.coin, c.coinPrice0, t.label, t.kind, t.instrument ?? '', t.date ?? '', t.forced, t.status, t.triggerCoinPrice, t.distancePct, t.coinsSold, t.coinsSoldUsd, t.monotone,
    t.spiral?.triggerCoinPrice ?? null, t.spiral?.distancePct ?? null, t.spiral?.closerPct ?? null,
    t.odds?.within90Days.p, t.odds?.within90Days.lo, t.odds?.within90Days.hi, t.odds?.within1Year.p, t.odds?.within1Year.lo, t.odds?.within1Year.hi,
    t.odds?.withinHorizon.p, t.odds?.withinHorizon.lo, t.odds?.withinHorizon.hi, t.note ?? '',
  ]));
  return toCsv(header, rows);
}

const pct = (p: number | undefined) => (p === undefined ? '' : `${(100 * p).toFixed(0)}%`);

/** One company's triggers as Markdown rows (sorted as in the report: firing today, then by distance, then none). */
export function companyMarkdown(c: CompanyRisk, withOdds: boolean): string[] {
  const head = ['trigger', 'coin price', 'distance', 'coins sold', 'with spiral', 'closer (pp)'];
  if (withOdds) head.push('P(90 d)', 'P(1 y)', 'P(horizon)');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, k) => (k === 0 ? '---' : '---:')).join('|')}|`];
  if (c.message) lines.push(`| ${c.message} |${head.slice(1).map(() => ' ').join('|')}|`);
  for (const t of c.triggers) {
    const cells = [
      t.label.replace(/\|/g, '/') + (t.monotone ? '' : ' (not monotone)') + (t.withinHorizon === false ? ' (beyond horizon)' : ''),
      where(t),
      t.status === 'solved' ? `${num(t.distancePct, 1)}%` : '',
      t.coinsSold > 0 && t.status !== 'none' ? fmtPrice(t.coinsSold) : '',
      t.spiral?.status === 'solved' ? fmtPrice(t.spiral.triggerCoinPrice) : '',
      t.spiral?.closerPct !== null && t.spiral?.closerPct !== undefined && t.status === 'solved' ? num(t.spiral.closerPct, 2) : '',
    ];
    if (withOdds) cells.push(pct(t.odds?.within90Days.p), pct(t.odds?.within1Year.p), pct(t.odds?.withinHorizon.p));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

export function riskMarkdown(report: RiskReport): string {
  const out: string[] = [];
  const withOdds = report.paths > 0;
  for (const c of report.companies) {
    out.push(`**${c.ticker}** (${c.coin} today ${fmtPrice(c.coinPrice0)}, stock $${c.stockPrice0})`, '', ...companyMarkdown(c, withOdds), '');
    const r = c.runway;
    const cov = c.coverage.map((v) => `${v.instrument} (${v.seniority}) ${v.coverage.toFixed(2)}x, 1x at ${fmtPrice(v.breakEvenCoinPrice)}`).join('; ');
    out.push(`Coverage: ${cov || 'no senior claims'}. Runway: ${r.monthsFinancing === null ? 'no interest or dividends' : `${r.monthsFinancing.toFixed(1)} months of interest and dividends`}${r.monthsWithOpex === null ? '' : `, ${r.monthsWithOpex.toFixed(1)} with opex`} from $${(r.cashUsd / 1e6).toFixed(1)}M cash.`, '');
  }
  if (withOdds) out.push(`Odds over ${report.paths} Monte Carlo paths (seed ${report.seed}).`, '');
  return out.join('\n');
}
