/**
 * The risk map as CSV (one row per trigger, then, with odds, one row per listing step of kind "listing")
 * and as a Markdown table (README, `--format table`). Pure.
 */
import { toCsv } from '../output/csv.ts';
import type { CompanyRisk, RiskReport, TriggerResult } from './map.ts';
import type { ListingOdds, ListingStep, TriggerOdds } from './probabilities.ts';
import type { ListingProcedureInfo } from '../batch/ensemble.ts';

/** Labels of the listing outlook's steps (CSV `trigger` column, table rows). */
export const LISTING_LABELS: Record<ListingStep, string> = {
  notice: 'listing: deficiency notice',
  determination: 'listing: delisting determination',
  hearingStay: 'listing: hearing stays the suspension',
  delisting: 'listing: delisted / suspended',
  listingLost: 'listing: lost (delisted or insolvent)',
};

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

const oddsCells = (o: TriggerOdds | undefined) => [
  o?.within90Days.p, o?.within90Days.lo, o?.within90Days.hi, o?.within1Year.p, o?.within1Year.lo, o?.within1Year.hi,
  o?.withinHorizon.p, o?.withinHorizon.lo, o?.withinHorizon.hi, o?.medianFirstDay ?? null, o?.medianFirstDate ?? '',
];

export function riskCsv(report: RiskReport): string {
  const header = ['scenario', 'company', 'coin', 'coinPrice0', 'trigger', 'kind', 'instrument', 'date', 'forced', 'status', 'triggerCoinPrice', 'distancePct', 'coinsSold', 'coinsSoldUsd', 'monotone',
    'spiralTriggerCoinPrice', 'spiralDistancePct', 'spiralCloserPct', 'p90Days', 'p90DaysLo', 'p90DaysHi', 'p1Year', 'p1YearLo', 'p1YearHi', 'pHorizon', 'pHorizonLo', 'pHorizonHi',
    'medianFirstDay', 'medianFirstDate', 'note'];
  const rows = report.companies.flatMap((c) => [
    ...c.triggers.map((t) => [
      report.scenario, c.ticker, c.coin, c.coinPrice0, t.label, t.kind, t.instrument ?? '', t.date ?? '', t.forced, t.status, t.triggerCoinPrice, t.distancePct, t.coinsSold, t.coinsSoldUsd, t.monotone,
      t.spiral?.triggerCoinPrice ?? null, t.spiral?.distancePct ?? null, t.spiral?.closerPct ?? null, ...oddsCells(t.odds), t.note ?? '',
    ]),
    ...(c.listing ?? []).map((l) => [
      report.scenario, c.ticker, c.coin, c.coinPrice0, LISTING_LABELS[l.step], 'listing', '', '', '', '', null, null, null, null, '',
      null, null, null, ...oddsCells(l), `listing outlook over ${report.paths} paths: ${l.step}`,
    ]),
  ]);
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

const ci = (o: { p: number; lo: number; hi: number }) => `${pct(o.p)} (${pct(o.lo)}-${pct(o.hi)})`;

/** The listing outlook as Markdown rows: odds (95% Wilson interval) within 90 days, 1 year, the horizon, and the median date. */
export function listingMarkdown(list: readonly ListingOdds[]): string[] {
  const lines = ['| listing step | P(90 d) | P(1 y) | P(horizon) | median date |', '|---|---:|---:|---:|---|'];
  for (const l of list) lines.push(`| ${LISTING_LABELS[l.step]} | ${ci(l.within90Days)} | ${ci(l.within1Year)} | ${ci(l.withinHorizon)} | ${l.medianFirstDate ?? 'never'} |`);
  return lines;
}

/** One line on the listing settings behind the outlook: cure length (with the staff range) and the hearing path. */
export function listingSettingsText(p: ListingProcedureInfo): string {
  const range = p.cureDaysStaffMin !== null && p.cureDaysStaffMax !== null ? ` (staff may require ${p.cureDaysStaffMin}-${p.cureDaysStaffMax})` : '';
  const hearing = p.requestsHearing ? `hearing requested, panel exception up to ${p.panelExceptionDays} days` : 'no hearing stay';
  return `${p.exchange}: cure ${p.cureDays} days${range}; ${hearing}${p.discretionary ? '; discretionary standard (assumed numbers)' : ''}`;
}

export function riskMarkdown(report: RiskReport): string {
  const out: string[] = [];
  const withOdds = report.paths > 0;
  for (const c of report.companies) {
    out.push(`**${c.ticker}** (${c.coin} today ${fmtPrice(c.coinPrice0)}, stock $${c.stockPrice0})`, '', ...companyMarkdown(c, withOdds), '');
    const r = c.runway;
    const cov = c.coverage.map((v) => `${v.instrument} (${v.seniority}) ${v.coverage.toFixed(2)}x, 1x at ${fmtPrice(v.breakEvenCoinPrice)}`).join('; ');
    const reserve = r.reserveUsd > 0 ? ` (reserve $${(r.reserveUsd / 1e6).toFixed(1)}M${r.monthsReserve === null ? '' : `: ${r.monthsReserve.toFixed(1)} months alone`})` : '';
    out.push(`Coverage: ${cov || 'no senior claims'}. Runway: ${r.monthsFinancing === null ? 'no interest or dividends' : `${r.monthsFinancing.toFixed(1)} months of interest and dividends`}${r.monthsWithOpex === null ? '' : `, ${r.monthsWithOpex.toFixed(1)} with opex`} from $${(r.cashUsd / 1e6).toFixed(1)}M cash${reserve}.`, '');
    if (c.listing?.length) out.push(`Listing outlook (${c.ticker}; ${listingSettingsText(c.listingProcedure)}):`, '', ...listingMarkdown(c.listing), '');
  }
  if (withOdds) out.push(`Odds over ${report.paths} Monte Carlo paths (seed ${report.seed}) within a horizon of ${report.days} days.`, '');
  return out.join('\n');
}
