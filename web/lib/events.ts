/**
 * The event log as the timeline shows it: listing events one by one, routine
 * trading (daily coin sales, buybacks, purchases, issuance) folded into runs.
 * Pure.
 */
import type { SimEvent } from '../../sim/index.ts';
import { compact, usd } from './format.ts';

/** Events drawn as markers on the stock chart (the listing clock and its turning points). */
export const MARKER_KINDS: ReadonlySet<string> = new Set(['notice', 'secondPeriod', 'regained', 'determination', 'delisted', 'reverseSplit', 'insolvent']);

/** Routine, possibly daily, events folded into runs. */
export const FOLDED_KINDS: ReadonlySet<string> = new Set(['coinSale', 'coinPurchase', 'buyback', 'issuance', 'repayment', 'marginCall', 'collateralLiquidation', 'preferredIssuance', 'reserveFunding']);

export const MARKER_LABELS: Record<string, string> = {
  notice: 'notice',
  secondPeriod: '2nd period',
  regained: 'cured',
  determination: 'determination',
  delisted: 'delisted',
  reverseSplit: 'reverse split',
  insolvent: 'insolvent',
};

export interface EventGroup {
  /** Stable within one result: "<company>:<kind>:<firstDay>[:reason]". */
  id: string;
  company: string;
  kind: string;
  reason?: string;
  firstDay: number;
  lastDay: number;
  firstDate: string;
  lastDate: string;
  count: number;
  /** Sums of the numeric figures that add up (coins, usd, shares). */
  totals: Record<string, number>;
  /** The first event of the run (all figures). */
  first: SimEvent;
}

/**
 * The figures that add up (coins, usd, shares, principalUsd, in that key order) of `e` into `t`:
 * set when `first` (a new run), else added (to 0 when the run had none yet).
 */
function addTotals(t: Record<string, number>, e: SimEvent, first: boolean): void {
  // Named reads: the events have many shapes, so each read is megamorphic (a loop over the names
  // reading e[k] measured slower).
  const coins = e.coins, usd = e.usd, shares = e.shares, principalUsd = e.principalUsd;
  if (typeof coins === 'number') t.coins = first ? coins : (t.coins ?? 0) + coins;
  if (typeof usd === 'number') t.usd = first ? usd : (t.usd ?? 0) + usd;
  if (typeof shares === 'number') t.shares = first ? shares : (t.shares ?? 0) + shares;
  if (typeof principalUsd === 'number') t.principalUsd = first ? principalUsd : (t.principalUsd ?? 0) + principalUsd;
}

/**
 * Folds consecutive routine events of one company, kind and reason that are
 * at most `gapDays` apart; other events stay single. Sorted by day, then company.
 * (A 10-company, 730-day path has ~6,000 events, folded on every edit: the open
 * runs are kept by company, kind and reason in nested maps keyed by the engine's
 * own strings, so no key string is built per event.)
 */
export function groupEvents(events: readonly SimEvent[], gapDays = 4): EventGroup[] {
  const out: EventGroup[] = [];
  const open = new Map<string, Map<string, Map<string, EventGroup>>>();
  for (const e of events) {
    const kind = e.kind;
    const reason = typeof e.reason === 'string' ? e.reason : undefined;
    let runs: Map<string, EventGroup> | undefined;
    if (FOLDED_KINDS.has(kind)) {
      let byKind = open.get(e.company);
      if (byKind === undefined) open.set(e.company, (byKind = new Map()));
      runs = byKind.get(kind);
      if (runs === undefined) byKind.set(kind, (runs = new Map()));
      const g = runs.get(reason ?? '');
      if (g !== undefined && e.day - g.lastDay <= gapDays) {
        g.lastDay = e.day;
        g.lastDate = e.date;
        g.count++;
        addTotals(g.totals, e, false);
        continue;
      }
    }
    const ng: EventGroup = {
      id: `${e.company}:${kind}:${e.day}${reason ? `:${reason}` : ''}`,
      company: e.company,
      kind,
      reason,
      firstDay: e.day,
      lastDay: e.day,
      firstDate: e.date,
      lastDate: e.date,
      count: 1,
      totals: {},
      first: e,
    };
    addTotals(ng.totals, e, true);
    out.push(ng);
    if (runs !== undefined) runs.set(reason ?? '', ng);
  }
  return out.sort((a, b) => a.firstDay - b.firstDay || a.company.localeCompare(b.company));
}

/** One line describing a group, for the timeline. */
export function describeGroup(g: EventGroup, coin = 'coins'): string {
  const e = g.first;
  const t = g.totals;
  const n = g.count > 1 ? ` ×${g.count} days` : '';
  switch (g.kind) {
    case 'coinSale':
      return `sold ${compact(t.coins)} ${coin} for ${usd(t.usd)}${g.reason ? ` (${g.reason}${e.forced ? ', forced' : ''})` : ''}${n}`;
    case 'coinPurchase':
      return `bought ${compact(t.coins)} ${coin} for ${usd(t.usd)}${n}`;
    case 'buyback':
      return `bought back ${compact(t.shares)} shares for ${usd(t.usd)}${n}`;
    case 'issuance':
      return `issued ${compact(t.shares)} shares for ${usd(t.usd)}${n}`;
    case 'repayment':
      return `repaid ${usd(t.usd)} of ${e.instrument ?? 'debt'}${g.reason ? ` (${g.reason})` : ''}${n}`;
    case 'marginCall':
      return `covenant breach on ${e.instrument}: sells ${compact(t.coins)} ${coin} to reach LTV ${fmtRatio(e.targetLtv)}${n}`;
    case 'collateralLiquidation':
      return `lender liquidates ${compact(t.coins)} ${coin} of collateral (LTV ${fmtRatio(e.ltv)})${n}`;
    case 'conversion':
      return `${e.instrument} converts into ${compact(e.shares as number)} shares`;
    case 'reverseSplit':
      return `reverse split 1:${e.ratio}`;
    case 'notice':
      return `deficiency notice (close $${fmtPrice(e.close)})`;
    case 'secondPeriod':
      return 'second compliance period starts';
    case 'regained':
      return `regained compliance (close $${fmtPrice(e.close)})`;
    case 'determination':
      return `delisting determination${e.reason ? ` (${e.reason})` : ''}`;
    case 'delisted':
      return 'delisted: trades OTC';
    case 'insolvent':
      return `insolvent: shortfall ${usd(e.shortfallUsd as number)}`;
    case 'raise':
      return `raised ${usd(e.usd as number)} (${e.instrument}${e.useOfProceeds === 'coins' ? ', into coins' : ''})`;
    case 'holderPut':
      return `holders put ${usd(e.usd as number)} of ${e.instrument} (${e.trigger}; ${e.settled})`;
    case 'amendment':
      return `${e.instrument} amended: collateral sold by ${e.saleEndDate}, rest due ${e.newMaturityDate}`;
    case 'policyChange':
      return `policy ${e.policy} (${e.kindOfPolicy}) ${e.enabled === false ? 'switched off' : 'changed'}`;
    case 'splitDecided':
      return `reverse split 1:${e.ratio} decided, effective from ${e.earliestEffectiveDate}`;
    default:
      return g.kind;
  }
}

function fmtRatio(v: unknown): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(0)}%` : '?';
}
function fmtPrice(v: unknown): string {
  return typeof v === 'number' ? v.toFixed(v < 1 ? 3 : 2) : '?';
}
