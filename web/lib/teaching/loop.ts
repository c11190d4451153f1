/**
 * The causal loop as data: nodes, links (with the sign of their effect, the
 * loop they belong to and whether they carry the one-day delay), drawn by
 * <dat-loop-diagram> and lit day by day by story.ts. Pure.
 *
 * Treasury loop (R1): coin price -> NAV -> mNAV and stock -> listing clock ->
 * policy -> coin sales -> market impact -> coin price. The policy also reads
 * the coin price directly (LTV, stop-loss) and the discount to NAV
 * (buybacks): two chords into the policy node.
 * Leverage loop (R2): coin price -> liquidations -> market impact.
 * ETF loop (R3): coin price -> ETF flows (the next day) -> market impact.
 */

export const NODE_IDS = ['news', 'price', 'nav', 'stock', 'clock', 'policy', 'sales', 'impact', 'liq', 'etf'] as const;
export type NodeId = (typeof NODE_IDS)[number];

export interface LoopNode {
  id: NodeId;
  label: string;
  /** Glossary id explaining the node. */
  term: string;
  /** Centre in the diagram's 900 x 580 viewBox. */
  x: number;
  y: number;
}

export const NODES: readonly LoopNode[] = [
  { id: 'news', label: 'Macro & news', term: 'exogenous', x: 750, y: 42 },
  { id: 'price', label: 'Coin price', term: 'pre-trade-price', x: 450, y: 64 },
  { id: 'nav', label: 'NAV per share', term: 'nav', x: 750, y: 190 },
  { id: 'stock', label: 'mNAV & stock', term: 'mnav', x: 780, y: 345 },
  { id: 'clock', label: 'Listing clock', term: 'listing-clock', x: 700, y: 492 },
  { id: 'policy', label: 'Treasury policy', term: 'policy', x: 450, y: 530 },
  { id: 'sales', label: 'Coin sales', term: 'buyback', x: 205, y: 490 },
  { id: 'impact', label: 'Market impact', term: 'market-impact', x: 105, y: 345 },
  { id: 'liq', label: 'Liquidations', term: 'liquidation', x: 352, y: 250 },
  { id: 'etf', label: 'ETF flows', term: 'etf-flow', x: 105, y: 150 },
];

export const LINK_IDS = [
  'news-price',
  'price-nav',
  'nav-stock',
  'stock-clock',
  'clock-policy',
  'stock-policy',
  'price-policy',
  'policy-sales',
  'sales-impact',
  'impact-price',
  'price-liq',
  'liq-impact',
  'price-etf',
  'etf-impact',
] as const;
export type LinkId = (typeof LINK_IDS)[number];

export interface LoopLink {
  id: LinkId;
  from: NodeId;
  to: NodeId;
  /** +: moves the same way; −: the opposite way (causal-loop convention). */
  sign: '+' | '−';
  /** Which reinforcing loop(s) it belongs to (R1 treasury, R2 leverage, R3 ETF); '' = an input. */
  loop: 'R1' | 'R2' | 'R3' | 'R1/R2/R3' | '';
  /** Crosses a day boundary (shown dashed with a clock). */
  delayed: boolean;
  /** What it means, one line (aria label and tooltip). */
  meaning: string;
  /** Bend of the drawn curve (pixels, sideways at the midpoint; negative bulges out of the ring). */
  bend: number;
  /** Shift of the label off the curve, on the same side as a positive bend (pixels). */
  labelShift?: number;
}

export const LINKS: readonly LoopLink[] = [
  { id: 'news-price', from: 'news', to: 'price', sign: '+', loop: '', delayed: false, meaning: 'the day\'s exogenous move (macro, news, the replayed path) before anyone trades', bend: 0 },
  { id: 'price-nav', from: 'price', to: 'nav', sign: '+', loop: 'R1', delayed: false, meaning: 'the coins are revalued at the close: NAV per share moves with the coin', bend: -30 },
  { id: 'nav-stock', from: 'nav', to: 'stock', sign: '+', loop: 'R1', delayed: true, meaning: 'the stock is priced at the next business day\'s pre-trade coin price: a one-day delay', bend: -20 },
  { id: 'stock-clock', from: 'stock', to: 'clock', sign: '−', loop: 'R1', delayed: false, meaning: 'closes below the minimum price run the listing clock', bend: -20 },
  { id: 'clock-policy', from: 'clock', to: 'policy', sign: '+', loop: 'R1', delayed: false, meaning: 'a deficiency notice makes management defend the listing', bend: -12, labelShift: -26 },
  { id: 'stock-policy', from: 'stock', to: 'policy', sign: '−', loop: 'R1', delayed: false, meaning: 'a stock below NAV (a discount) triggers buybacks funded by coin sales; mNAV below 1 closes share issuance', bend: 40 },
  { id: 'price-policy', from: 'price', to: 'policy', sign: '−', loop: 'R1', delayed: false, meaning: 'a lower coin raises LTV and deepens the loss against cost: deleverage, covenants, stop-loss', bend: 0 },
  { id: 'policy-sales', from: 'policy', to: 'sales', sign: '+', loop: 'R1', delayed: false, meaning: 'the policy decides today\'s coin sales', bend: -12, labelShift: -26 },
  { id: 'sales-impact', from: 'sales', to: 'impact', sign: '+', loop: 'R1', delayed: false, meaning: 'coins sold into the market', bend: -20 },
  { id: 'impact-price', from: 'impact', to: 'price', sign: '−', loop: 'R1/R2/R3', delayed: false, meaning: 'net selling pushes the close down (square-root or linear law)', bend: -12 },
  { id: 'price-liq', from: 'price', to: 'liq', sign: '−', loop: 'R2', delayed: false, meaning: 'a drop liquidates leveraged longs the same day', bend: 14 },
  { id: 'liq-impact', from: 'liq', to: 'impact', sign: '+', loop: 'R2', delayed: false, meaning: 'liquidated positions are sold at market', bend: 10 },
  { id: 'price-etf', from: 'price', to: 'etf', sign: '−', loop: 'R3', delayed: true, meaning: 'ETF investors redeem the day after a fall (the chase)', bend: 8 },
  { id: 'etf-impact', from: 'etf', to: 'impact', sign: '+', loop: 'R3', delayed: false, meaning: 'ETF redemptions (and scheduled flows) are sold into the market', bend: 0 },
];

export function linkById(id: LinkId): LoopLink {
  return LINKS.find((l) => l.id === id)!;
}
