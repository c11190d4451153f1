/** Number formatting for labels, tooltips and tables. Pure. */

const SUFFIXES: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A formatted number with the minus sign every formatter here writes, U+2212 ("−3.2%", "−$14.4B",
 * "−∞"), not the hyphen JavaScript's number formatting gives; a value that rounds to zero gets none
 * ("0.00%", not "−0.00%").
 */
function minus(s: string): string {
  if (s[0] !== '-') return s;
  return /[1-9]/.test(s.replace(/e.*$/i, '')) ? `−${s.slice(1)}` : s.slice(1);
}

/** Compact: 37000000 -> "37.0M", 0.0123 -> "0.0123", -5 -> "−5". */
export function compact(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  for (const [k, s] of SUFFIXES) if (a >= k) return `${minus(trim((v / k).toPrecision(digits)))}${s}`;
  if (a === 0) return '0';
  if (a >= 1) return minus(trim(v.toPrecision(Math.max(digits, Math.ceil(Math.log10(a + 1))))));
  return minus(trim(v.toPrecision(digits)));
}

function trim(s: string): string {
  return s.includes('e') ? s : s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export function usd(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return (v < 0 ? '−$' : '$') + compact(Math.abs(v), digits);
}

/** Exact-looking value for tooltips: thousands separators, 2 decimals above 1, 4 significant below. */
export function exact(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a >= 1000) return minus(v.toLocaleString('en-US', { maximumFractionDigits: 0 }));
  if (a >= 1) return minus(v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  if (a === 0) return '0';
  return minus(v.toLocaleString('en-US', { maximumSignificantDigits: 4 }));
}

/** Percent: 0.0322 -> "3.2%", -0.0322 -> "−3.2%" (U+2212, as usd() writes). */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return `${minus((v * 100).toFixed(digits))}%`;
}

/**
 * The self-inflicted drop, 1 - P_T / P_T(treasuries off) (docs/model.md §9): negative when the
 * treasuries were net buyers and left the coin higher, which the cell says ("lifted"), so that a
 * "drop" of -3.22% does not read as a fall.
 */
export function selfInflicted(v: number | null | undefined): string {
  const s = pct(v, 2);
  return s.startsWith('−') ? `${s} (lifted)` : s;
}

/** The treasuries' net coins sold in USD: negative when they bought more than they sold ("net bought"). */
export function netSold(v: number | null | undefined): string {
  const s = usd(v);
  return v !== null && v !== undefined && v < 0 ? `${s} (net bought)` : s;
}

/** Coins sold over the path with their proceeds, and how many of them were forced: "5.31k ($609M), 5.31k forced". */
export function coinsSoldText(c: { coinsSold: number; coinsSoldUsd: number; forcedCoinsSold: number }): string {
  const all = `${compact(c.coinsSold)} (${usd(c.coinsSoldUsd)})`;
  return c.forcedCoinsSold > 0 ? `${all}, ${compact(c.forcedCoinsSold)} forced` : all;
}

/** Header tooltips of the two columns above, the same wherever they are shown. */
export const SELF_INFLICTED_TITLE = "1 − the coin's price at the horizon / its price with the treasuries switched off (same random shocks). Negative: their net buying left the coin higher.";
export const NET_SOLD_TITLE = 'Coins the treasuries sold minus coins they bought, in USD at each day\'s pre-trade price. Negative: they were net buyers.';

/** camelCase field key -> "Camel case" label. */
export function humanize(key: string): string {
  const s = key
    .replace(/Usd(PerYear|PerDay)?$/, (_m, p: string | undefined) => (p ? ` ${p.replace('Per', 'per ')}` : ''))
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase());
  return s.replace(/ ([A-Z])(?=[a-z])/g, (_m, c: string) => ` ${c.toLowerCase()}`);
}

/** Caveat shown next to every result of a discretionary listing standard (NYSE American; docs/model.md 5). */
export const DISCRETIONARY_LISTING_NOTE =
  'NYSE American has no bright-line price rule (Company Guide 1003(f)(v)): its notice and delisting dates rest on assumed thresholds (30-day average below $0.20, 180 days), which the scenario can change.';
