/**
 * End-of-path figures, computed from a run's final state so they exist in
 * summary mode (ensembles) as well as in full mode.
 */
import { LISTING_STATE_NAMES, finiteOrNull, mnav, type Model, type PathRun, type ListingStateName, type MarketTotalsSource } from '../sim/index.ts';

/**
 * FTX's customer-funds hole, the yardstick the source article uses ("as long as
 * Bitcoin halves again, its losses can match the hole left by the FTX explosion").
 * About $8B: FTX's shortfall in customer funds as reported in the 2023 trial.
 */
export const FTX_HOLE_USD = 8e9;

export interface MarketSummary {
  startPrice: number;
  terminalPrice: number;
  minPrice: number;
  /** 1 - terminal / running peak (the peak includes the scenario's peakPrice). */
  terminalDrawdown: number;
  /** Long liquidations over the path (forced sales, USD). */
  liquidationsUsd: number;
  /** Short liquidations over the path (forced buys, USD; docs/model.md §12). */
  shortLiquidationsUsd: number;
  /** Net USD the companies sold into this market over the path (negative = bought). */
  companyNetSoldUsd: number;
  /** Same seed, companies switched off (null when not run). */
  counterfactualTerminalPrice: number | null;
  /** The drawdown the treasuries caused themselves at the horizon: 1 - terminal / counterfactual terminal. */
  selfInflictedDrawdown: number | null;
}

export interface CompanySummary {
  terminalStockPrice: number;
  terminalMnav: number | null;
  listingState: ListingStateName;
  insolvent: boolean;
  coinsHeld: number;
  coinsSold: number;
  coinsSoldUsd: number;
  /** Of coinsSold and coinsSoldUsd, the coins sold for a forced reason (funding, covenant, lender liquidation, amendment schedule): the events with `forced: true`. */
  forcedCoinsSold: number;
  forcedCoinsSoldUsd: number;
  costBasisUsd: number;
  realizedPnlUsd: number;
  /** H*(P - K) at the horizon: negative is a loss. */
  unrealizedPnlUsd: number;
  /** The unrealized loss if the coin then halved: H*(K - P/2), positive = loss. */
  unrealizedLossIfCoinHalvesUsd: number;
  /** That loss as a multiple of FTX's hole. */
  lossIfHalvesVsFtxHole: number;
  debtUsd: number;
  cashUsd: number;
  shares: number;
  reverseSplits: number;
  /** Day indices (from 0) of first events; null = did not happen. */
  noticeDay: number | null;
  determinationDay: number | null;
  delistedDay: number | null;
  insolventDay: number | null;
  firstSaleDay: number | null;
  firstForcedSaleDay: number | null;
  /** Listing hearing path: first second period (or transfer, or NYSE meeting extension) and first determination with a hearing stay. */
  secondPeriodDay: number | null;
  hearingStayDay: number | null;
  /** The listing rule is a discretionary standard (NYSE American 1003(f)(v)): its dates rest on adjustable assumptions. */
  listingDiscretionary: boolean;
}

/** The engine's event kinds that end a listing (the event-log form of `listingLostDay`: the backtest's `delisting`, the risk outlook's `listingLost`). */
export const LISTING_LOST_KINDS: readonly string[] = ['delisted', 'insolvent'];

/**
 * The day the company lost its listing: delisted (the suspension) or frozen insolvent, whichever
 * came first; null if neither. An insolvent company is frozen and never reaches the suspension in
 * the model, yet it has lost its listing all the same. The one definition behind `mc`'s
 * `listingLost` event and the sensitivity metric `pDelisting`.
 */
export function listingLostDay(c: Pick<CompanySummary, 'delistedDay' | 'insolventDay'>): number | null {
  if (c.delistedDay === null) return c.insolventDay;
  if (c.insolventDay === null) return c.delistedDay;
  return Math.min(c.delistedDay, c.insolventDay);
}

export interface PathSummary {
  markets: Record<string, MarketSummary>;
  companies: Record<string, CompanySummary>;
  comparisons: { ftxHoleUsd: number; source: string };
}

const day = (d: number): number | null => (d >= 0 ? d : null);

/** `counterfactual`: a PathRun with companies switched off, or a path of a MarketsLockstep (sim/lockstep-markets.ts). */
export function summarizePath(model: Model, run: PathRun, counterfactual: MarketTotalsSource | null): PathSummary {
  const markets: Record<string, MarketSummary> = {};
  model.markets.forEach((m, k) => {
    const tot = run.marketTotals(k);
    const cf = counterfactual ? counterfactual.marketTotals(k).close : null;
    markets[m.params.coin] = {
      startPrice: m.params.price0,
      terminalPrice: tot.close,
      minPrice: tot.minClose,
      terminalDrawdown: Math.max(0, 1 - tot.close / tot.peak),
      liquidationsUsd: tot.liquidationsUsd,
      shortLiquidationsUsd: tot.shortLiquidationsUsd,
      companyNetSoldUsd: tot.companyNetSoldUsd,
      counterfactualTerminalPrice: cf,
      selfInflictedDrawdown: cf === null ? null : 1 - tot.close / cf,
    };
  });
  const companies: Record<string, CompanySummary> = {};
  model.companies.forEach((c, i) => {
    const v = run.companyView(i);
    const P = run.marketTotals(c.market).close;
    const ms = run.milestones[i];
    const lossIfHalves = v.coins * (v.costBasis - P / 2);
    companies[c.params.ticker] = {
      terminalStockPrice: v.stockPrice,
      terminalMnav: finiteOrNull(mnav(v.stockPrice, v.shares, v.coins, P)),
      listingState: LISTING_STATE_NAMES[v.listingState],
      insolvent: v.insolvent,
      coinsHeld: v.coins,
      coinsSold: v.coinsSold,
      coinsSoldUsd: v.coinsSoldUsd,
      forcedCoinsSold: v.forcedCoinsSold,
      forcedCoinsSoldUsd: v.forcedCoinsSoldUsd,
      costBasisUsd: v.costBasis,
      realizedPnlUsd: v.realizedPnlUsd,
      unrealizedPnlUsd: v.coins * (P - v.costBasis),
      unrealizedLossIfCoinHalvesUsd: lossIfHalves,
      lossIfHalvesVsFtxHole: lossIfHalves / FTX_HOLE_USD,
      debtUsd: v.debtUsd,
      cashUsd: v.cashUsd,
      shares: v.shares,
      reverseSplits: v.reverseSplits,
      noticeDay: day(ms.noticeDay),
      determinationDay: day(ms.determinationDay),
      delistedDay: day(ms.delistedDay),
      insolventDay: day(ms.insolventDay),
      firstSaleDay: day(ms.firstSaleDay),
      firstForcedSaleDay: day(ms.firstForcedSaleDay),
      secondPeriodDay: day(ms.secondPeriodDay),
      hearingStayDay: day(ms.hearingStayDay),
      listingDiscretionary: c.rules.discretionary === true,
    };
  });
  return {
    markets,
    companies,
    comparisons: { ftxHoleUsd: FTX_HOLE_USD, source: 'FTX customer-funds shortfall of about $8B (2023 trial); the yardstick of the source article (shared/sources)' },
  };
}
