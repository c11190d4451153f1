/**
 * Rich text for captions, lessons and the glossary, as plain data:
 *
 *   - a string: literal prose written in the source (templates). Glossary
 *     terms are marked `[[id]]` or `[[id|shown text]]`;
 *   - { t: 'num' }: a number the simulation produced, already formatted,
 *     with the raw value kept for tests;
 *   - { t: 'data' }: other data from the run (tickers, dates, labels);
 *   - { t: 'term' }: a glossary link;
 *   - { t: 'code' }: a formula or rule (may contain constants such as 1).
 *
 * Written with the tagged template `tx`: literal parts become strings (and
 * term links), interpolations become num/data/code segments. So a test can
 * check that no literal prose carries a digit: every number a lesson quotes
 * comes through an interpolation, from the run. Pure.
 */
import { compact, pct as pctFmt, usd as usdFmt } from '../format.ts';

// Cached formatters: the same text as format.ts's exact() and toLocaleString('en-US'), without building an Intl formatter per call
// (a lesson formats tens of thousands of numbers when every day of its run is told).
const NF0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const NF2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const NF4 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
function exact(v: number): string {
  if (Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a >= 1000) return NF0.format(v);
  if (a >= 1) return NF2.format(v);
  if (a === 0) return '0';
  return NF4.format(v);
}

export type Segment =
  | string
  | { t: 'num'; text: string; value: number; key?: string }
  | { t: 'data'; text: string }
  | { t: 'term'; id: string; text: string }
  | { t: 'code'; text: string };

export type Rich = Segment[];

type Interp = Segment | Rich | number | null | undefined | false;

const TERM_RE = /\[\[([a-z0-9-]+)(?:\|([^\]]+))?\]\]/g;

/** Splits literal prose into strings and term links. */
export function parseTerms(text: string, termText: (id: string) => string = (id) => id): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(TERM_RE)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    out.push({ t: 'term', id: m[1], text: m[2] ?? termText(m[1]) });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Default text of a bare `[[id]]` link (set by the glossary module to the term's name). */
let termName: (id: string) => string = (id) => id;
export function setTermNamer(fn: (id: string) => string): void {
  termName = fn;
}

/**
 * Tagged template for rich text. Interpolate segments (num, data, code,
 * term), arrays of them, or `false`/null/undefined (nothing). A bare
 * number is refused at run time: format it with `num`, `usd`, `pct`...
 */
export function tx(strings: TemplateStringsArray, ...values: Interp[]): Rich {
  const out: Rich = [];
  strings.forEach((s, i) => {
    if (s) out.push(...parseTerms(s, termName));
    if (i < values.length) {
      const v = values[i];
      if (v === null || v === undefined || v === false) return;
      if (typeof v === 'number') throw new Error('tx: format numbers with num()/usd()/pct() so they are marked as data');
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
  });
  return merge(out);
}

/** Adjacent literal strings merged (cosmetic). */
function merge(a: Rich): Rich {
  const out: Rich = [];
  for (const s of a) {
    const last = out[out.length - 1];
    if (typeof s === 'string' && typeof last === 'string') out[out.length - 1] = last + s;
    else out.push(s);
  }
  return out;
}

export const data = (text: string | number): Segment => ({ t: 'data', text: String(text) });
/** A number tagged with the figure it shows (web/lib/teaching/figures.ts), so a test can check every place that shows it. */
export function keyed(key: string, s: Segment): Segment {
  return typeof s !== 'string' && s.t === 'num' ? { ...s, key } : s;
}
export const code = (text: string): Segment => ({ t: 'code', text });
export const term = (id: string, text?: string): Segment => ({ t: 'term', id, text: text ?? termName(id) });

/** A count or quantity: 2,349 / 2.35k / 0.12. */
export function num(value: number, digits = 3): Segment {
  const a = Math.abs(value);
  const text = a >= 1000 && a < 1e6 ? NF0.format(Math.round(value)) : compact(value, digits);
  return { t: 'num', text: minus(text), value };
}
/** A whole count: 176,790. */
export function int(value: number): Segment {
  return { t: 'num', text: minus(NF0.format(Math.round(value))), value };
}
/** USD, compact: $6.2M. */
export function usd(value: number, digits = 3): Segment {
  // Float noise (an extra sale of 2.91e-11 USD) reads as $0, not in exponent notation.
  return { t: 'num', text: usdFmt(Math.abs(value) < 0.005 ? 0 : value, digits), value };
}
/** A price: $2,646 / $2.41 / $0.57 / $0.085. */
export function price(value: number): Segment {
  const a = Math.abs(value);
  // Below one dollar, never round up to "$1.00" (an average of $0.998 "below $1.00"): add decimals until it reads below one.
  let digits = a < 0.1 ? 3 : 2;
  while (a > 0 && a < 1 && digits < 6 && Number(a.toFixed(digits)) >= 1) digits++;
  const body = a > 0 && a < 1 ? a.toFixed(digits) : exact(a);
  return { t: 'num', text: minus(`${value < 0 ? '-' : ''}$${body}`), value };
}
/** A fraction as a percentage: 0.123 -> 12.3%. */
export function pct(value: number, digits = 1): Segment {
  return { t: 'num', text: minus(pctFmt(value, digits)), value };
}
/**
 * A signed change as a percentage: +1.2% / −0.4%. Without `digits`, small
 * changes get more decimals (−0.04%, −0.004%) so they never read as zero.
 */
export function chg(value: number, digits?: number): Segment {
  if (!Number.isFinite(value)) return { t: 'num', text: '–', value };
  if (digits === undefined) {
    const a = Math.abs(value);
    digits = a >= 0.01 || a === 0 ? 1 : a >= 0.001 ? 2 : a >= 0.0001 ? 3 : 4;
  }
  if (value === 0) return { t: 'num', text: '0%', value };
  const p = (value * 100).toFixed(digits);
  // Too small for the decimals shown: say so rather than print a zero.
  if (Number(p) === 0) return { t: 'num', text: `${value > 0 ? '+' : '−'}<${(10 ** -digits).toFixed(digits)}%`, value };
  return { t: 'num', text: `${value > 0 ? '+' : '−'}${p.replace('-', '')}%`, value };
}
/** A ratio such as mNAV or a gain: 0.83. */
export function ratio(value: number, digits = 2): Segment {
  return { t: 'num', text: Number.isFinite(value) ? minus(value.toFixed(digits)) : Number.isNaN(value) ? '–' : '∞', value };
}
/** A count of days. */
export function days(value: number): Segment {
  return { t: 'num', text: `${Math.round(value)} day${Math.round(value) === 1 ? '' : 's'}`, value };
}

function minus(s: string): string {
  return s.replace(/^-/, '−');
}

/** The text of rich text, without markup (for tests, aria labels and the test hook). */
export function plain(r: Rich): string {
  return r.map((s) => (typeof s === 'string' ? s : s.text)).join('');
}

/** Term ids used in rich text. */
export function termsOf(r: Rich): string[] {
  const ids: string[] = [];
  for (const s of r) if (typeof s !== 'string' && s.t === 'term') ids.push(s.id);
  return ids;
}

/** Literal prose of rich text (what the template author wrote, not the data). */
export function literalsOf(r: Rich): string[] {
  return r.filter((s): s is string => typeof s === 'string');
}

/** Weekday and date: "Fri 21 Nov 2025". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][dt.getUTCDay()];
  const mo = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
  return `${wd} ${d} ${mo} ${y}`;
}
