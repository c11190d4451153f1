/** Event log entries (docs/model.md §9). Events are rare, so they are plain objects. */

export const EVENT_KINDS = [
  'notice',
  'secondPeriod',
  'regained',
  'determination',
  'delisted',
  'reverseSplit',
  'coinSale',
  'coinPurchase',
  'buyback',
  'repayment',
  'conversion',
  'marginCall',
  'collateralLiquidation',
  'issuance',
  'insolvent',
  // Capital actions (sim/capital.ts, docs/model.md 3.2-3.4)
  'preferredIssuance',
  'reserveFunding',
  'reserveDepleted',
  // Capital actions (sim/actions.ts)
  'raise',
  'holderPut',
  'amendment',
  'policyChange',
  'splitDecided',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Why coins were sold. Forced reasons come from obligations (docs/model.md §5.4). */
export type SaleReason =
  | 'deleverage'
  | 'buyback'
  | 'defendListing'
  | 'stopLoss'
  | 'funding'
  | 'covenant'
  | 'lenderLiquidation'
  | 'rule'
  | 'reserve'
  | 'action'
  | 'amendment';

export interface SimEvent {
  /** Day index from 0. */
  day: number;
  date: string;
  /** Ticker, or the coin code for market-level events. */
  company: string;
  kind: EventKind;
  [figure: string]: string | number | boolean;
}

/** Where the engine writes events; the recorder decides whether to keep them. */
export interface EventSink {
  push(event: SimEvent): void;
}
