/**
 * The variant of the "$1 spiral" lesson (web/lessons/dollar.ts) and the
 * candidates its seed was searched over (scripts/lessons/find-dollar-seed.ts).
 * The saved scenarios are forecasts: a company whose management announced no
 * listing defence gets none. The lesson adds one, labelled as a what-if.
 */
import type { LessonVariant } from './types.ts';

/** Adds a defendListing policy (default settings) to `ticker` in a saved scenario file. */
export function defendListingVariant(ticker: string, note: string): LessonVariant {
  return {
    note,
    apply: (file) => {
      const f = structuredClone(file) as { companies: { ticker: string; policies: { kind: string }[] }[] };
      const co = f.companies.find((x) => x.ticker === ticker);
      if (co && !co.policies.some((p) => p.kind === 'defendListing')) co.policies.push({ kind: 'defendListing' });
      return f as unknown as Record<string, unknown>;
    },
  };
}

export const DOLLAR_CANDIDATES = [
  { scenario: 'naka.json', ticker: 'NAKA', horizonDays: 730, variant: defendListingVariant('NAKA', '') },
  { scenario: 'ethz.json', ticker: 'ETHZ', horizonDays: 730, variant: defendListingVariant('ETHZ', '') },
  { scenario: 'btbt.json', ticker: 'BTBT', horizonDays: 730, variant: defendListingVariant('BTBT', '') },
  { scenario: 'fgnx.json', ticker: 'FGNX', horizonDays: 730, variant: defendListingVariant('FGNX', '') },
  { scenario: 'sqns.json', ticker: 'SQNS', horizonDays: 730, variant: defendListingVariant('SQNS', '') },
];
