/**
 * User-rule expressions (docs/model.md §7, policy `rules`).
 *
 * A rule such as
 *   { "when": "mnav < 0.8 and drawdown > 0.3", "action": "sellCoins", "amount": "min(0.02 * coins, 500)" }
 * comes from a scenario file that may have been shared by URL, and is
 * evaluated every simulated business day. So:
 *
 * - mathjs only PARSES the text, once. Nothing is ever evaluated by mathjs and
 *   no `new Function`/`eval` is used (a strict Content-Security-Policy stays
 *   intact). The AST is walked against a whitelist (below) and compiled to
 *   nested plain closures over a `Float64Array` whose slot `i` holds
 *   `RULE_VARIABLES[i]`: names are resolved to indices at compile time, and
 *   subtrees without variables are folded to constants.
 * - Anything not on the whitelist is refused with an `ExprError` whose message
 *   names the field path, the offending token and what is allowed.
 *   Accepted: number literals (also hex, binary, `1e-3`, `NaN`), `true`,
 *   `false`, the variables below, `pi`, `e`, `Infinity`, parentheses,
 *   `+ - * / ^ %` (`mod`), unary `-` `+`, `< > <= >= == !=` (also chained,
 *   `0.5 < mnav < 0.8`), `and or xor not`, `a ? b : c`, and calls of
 *   `RULE_FUNCTIONS` by name with their arity (min/max two or more, log one or
 *   two, the others one). Refused, among others: assignments, function
 *   definitions, `;` blocks, property and index access (`a.b`, `a[0]`),
 *   matrices, objects, ranges, strings, `null`/`undefined`, units and `to`/`in`,
 *   factorial, transpose, bitwise and shift operators, `??`, element-wise
 *   operators, any other name (`import`, `evaluate`, `constructor`, ...),
 *   calls of anything else, implicit multiplication (`2 coins`: write
 *   `2 * coins`), the percent sign (below), and texts longer than
 *   `MAX_EXPRESSION_LENGTH` or nested deeper than `MAX_EXPRESSION_DEPTH`.
 *
 * Semantics: those of mathjs's own `evaluate` on real numbers (default config,
 * `relTol` 1e-12, `absTol` 1e-15), so a rule can be checked in any mathjs
 * console, with these deliberate differences:
 * - Booleans are the numbers 1 and 0 (`true + true` is 2, as in mathjs).
 * - Where mathjs would return a complex number we return NaN (`sqrt(-1)`,
 *   `log(-1)`, `(-8)^(1/3)`): real-valued, like mathjs's `predictable` mode,
 *   except that a negative base to a non-integer power is JS's `Math.pow`
 *   (NaN; 0 or Infinity for a base of -Infinity) where predictable mathjs
 *   takes odd roots (`(-8)^(1/3)` = -2).
 * - `(-2)^Infinity` and `(-0.5)^-Infinity` are NaN (no real limit), as in
 *   predictable mode; `x^Infinity` is 0 for |x| < 1, as in mathjs.
 * Consequences worth knowing:
 * - Division by zero follows IEEE 754, as JS does: `1/0` is Infinity, `0/0` is
 *   NaN. The engine treats a NaN amount as 0, and NaN is false as a condition.
 * - Comparisons are tolerant, as in mathjs: `a == b` when
 *   `|a-b| <= max(1e-12 * max(|a|,|b|), 1e-15)`; `a < b` only when also not
 *   nearly equal. Any comparison with NaN is false except `!=`, which is true.
 * - `x % y` is mathjs's `mod`: floored (`-7 % 3` is 2, the sign of the
 *   divisor), and `x % 0` is x. mathjs's percent sign (`30%`) is refused:
 *   it reads `a - 5%` as `a - a * 0.05` and `2% + 1` as `2 mod 1`; for the
 *   same reason a sign right after `%` must be parenthesised (`7 % (-3)`).
 * - `floor`, `ceil` and `round` snap values within 1e-12 (relative) of an
 *   integer to it first (`floor(0.29 * 100)` is 29, where JS gives 28), and
 *   `round` rounds halves away from zero (`round(-2.5)` is -3), as mathjs does.
 *   (Values within 1e-9 of a half take a slower, string-based path there, as
 *   in mathjs; everything else is plain arithmetic.)
 * - `and`, `or` and `a ? b : c` evaluate lazily (short-circuit); the result of
 *   `and`, `or`, `xor`, `not` and comparisons is 1 or 0; NaN and 0 are false,
 *   any other number is true.
 * - Precedence is mathjs's: `-2^2` is -4, `2^3^2` is 512, `not` binds
 *   tighter than comparisons (`not a < b` is `(not a) < b`), `and` before
 *   `xor` before `or`, and `a < b < c` (chained) means `a < b and b < c`, so
 *   `3 > 2 > 1` is 1.
 *
 * Pure: no DOM or Node imports. Evaluation allocates nothing (except on the
 * rounding slow path above) and never throws.
 */
import { DMath } from './math.ts';
import { create, parseDependencies } from 'mathjs';

/**
 * mathjs's parser alone (a bundler keeps only what it needs, not the full instance), built on the
 * first rule parsed, not when the engine or the package is imported.
 */
let parser: ((source: string) => unknown) | null = null;
function parse(source: string): unknown {
  return (parser ??= create({ parseDependencies }).parse)(source);
}

// ---------------------------------------------------------------------------
// Public vocabulary

/** Day-state variables the engine fills, in slot order of the `Float64Array`. */
export const RULE_VARIABLES = [
  'price',
  'costBasis',
  'coins',
  'coinValueUsd',
  'cashUsd',
  'debtUsd',
  'shares',
  'stockPrice',
  'mnav',
  'navPerShare',
  'drawdown',
  'ltv',
  'unrealizedLossUsd',
  'marketCapUsd',
  'advUsd',
  'day',
  'underNotice',
  'daysLeft',
  'delisted',
  'coinsSoldUsd',
] as const;

export type RuleVariable = (typeof RULE_VARIABLES)[number];

/**
 * Unit and meaning of each variable, for the docs and the UI. Values are the
 * company's state when policies run (docs/model.md §8, step 6): after the
 * day's valuation at the pre-trade coin price, before the day's trades.
 */
export const RULE_VARIABLE_DOCS: Record<RuleVariable, { unit: string; description: string }> = {
  price: { unit: 'USD per coin', description: "Today's pre-trade price of the company's treasury coin (P_pre)." },
  costBasis: { unit: 'USD per coin', description: 'Average cost of the coins held (K); purchases update it, sales do not.' },
  coins: { unit: 'coins', description: 'Coins held (H).' },
  coinValueUsd: { unit: 'USD', description: 'Market value of the coins held, coins * price (H*P).' },
  cashUsd: { unit: 'USD', description: 'Cash on hand.' },
  debtUsd: { unit: 'USD', description: 'Convertible and loan principal outstanding (preferred stock not included).' },
  shares: { unit: 'shares', description: 'Shares outstanding (N), after any reverse split.' },
  stockPrice: { unit: 'USD per share', description: "Stock price (S), today's valuation." },
  mnav: { unit: 'ratio', description: 'Basic mNAV, market cap / coin value, S*N/(H*P); Infinity with no coins.' },
  navPerShare: { unit: 'USD per share', description: 'Equity NAV per share, E/N (Merton equity value when there is debt).' },
  drawdown: { unit: 'fraction 0..1', description: "The coin's drawdown from its running peak, max(0, 1 - P/peak)." },
  ltv: { unit: 'fraction', description: 'Loan to value, debtUsd / coinValueUsd; 0 with no coins.' },
  unrealizedLossUsd: { unit: 'USD', description: 'Unrealized loss on the coins held, H*(K-P); negative when in profit.' },
  marketCapUsd: { unit: 'USD', description: 'Equity market capitalisation, S*N.' },
  advUsd: { unit: 'USD per day', description: "The stock's average daily traded value, turnover * S * N." },
  day: { unit: 'days', description: 'Simulation day index, 0 on the start date.' },
  underNotice: { unit: '1 or 0', description: '1 while under a listing deficiency notice (through the second period to a determination), else 0.' },
  daysLeft: { unit: 'calendar days', description: 'Days left in the current compliance period; Infinity when not in one.' },
  delisted: { unit: '1 or 0', description: '1 once delisted (trading OTC), else 0.' },
  coinsSoldUsd: { unit: 'USD', description: 'Proceeds of all coins sold to date (at execution prices), voluntary and forced.' },
};

/** Functions a rule may call. */
export const RULE_FUNCTIONS = ['min', 'max', 'abs', 'sqrt', 'log', 'exp', 'floor', 'ceil', 'round'] as const;
export type RuleFunction = (typeof RULE_FUNCTIONS)[number];

/** Named constants a rule may use (besides `true`, `false` and number literals). */
export const RULE_CONSTANTS = ['pi', 'e', 'Infinity'] as const;

/** Longest accepted expression, in characters (rules are one-liners). */
export const MAX_EXPRESSION_LENGTH = 2000;
/** Deepest accepted nesting of the syntax tree (keeps parsing and evaluation far from the stack limit). */
export const MAX_EXPRESSION_DEPTH = 64;

/** One-line description of the accepted syntax, used in error messages; also fit for docs and tooltips. */
export const RULE_SYNTAX_SUMMARY =
  'numbers, true/false, the rule variables, constants ' +
  RULE_CONSTANTS.join(', ') +
  ', operators + - * / ^ % (and unary -, +), comparisons < > <= >= == !=, ' +
  'and, or, not, xor, a ? b : c, parentheses, and the functions ' +
  RULE_FUNCTIONS.map((f) => f + '()').join(', ');

/** A compiled expression: `vars[i]` is the value of `RULE_VARIABLES[i]`; booleans are 1/0. */
export type CompiledExpr = (vars: Float64Array) => number;

/** A refused or malformed expression. The message names the path and what was expected. */
export class ExprError extends Error {
  /** Field path of the expression, e.g. "companies[0].policies[1].rules[0].when". */
  readonly path: string;
  /** The expression text as written. */
  readonly expression: string;
  constructor(message: string, path: string, expression: string) {
    super(message);
    this.name = 'ExprError';
    this.path = path;
    this.expression = expression;
  }
}

/**
 * Parse `source` once, check it against the whitelist and compile it to a closure.
 * Throws `ExprError` (and nothing else) when the expression is refused; the
 * returned closure never throws.
 */
export function compileExpression(source: string, path: string): CompiledExpr {
  return toFn(compileOperand(source, path));
}

/** `null` when `source` compiles, else the `ExprError` message (for schema validation). */
export function checkExpression(source: string, path: string): string | null {
  try {
    compileOperand(source, path);
    return null;
  } catch (err) {
    if (err instanceof ExprError) return err.message;
    throw err; // a bug in this module, not a user error: let it surface
  }
}

// ---------------------------------------------------------------------------
// Number semantics (mathjs 15 on real numbers; see the header)

/** mathjs default `config.relTol` and `config.absTol`. */
const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

/** mathjs `nearlyEqual(a, b, relTol, absTol)` (utils/number.js). */
function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false; // NaN, or unequal infinities
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}
function smaller(a: number, b: number): number {
  return a < b && !nearlyEqual(a, b) ? 1 : 0;
}
function larger(a: number, b: number): number {
  return a > b && !nearlyEqual(a, b) ? 1 : 0;
}
function smallerEq(a: number, b: number): number {
  return a <= b || nearlyEqual(a, b) ? 1 : 0;
}
function largerEq(a: number, b: number): number {
  return a >= b || nearlyEqual(a, b) ? 1 : 0;
}
function equal(a: number, b: number): number {
  return nearlyEqual(a, b) ? 1 : 0;
}
function unequal(a: number, b: number): number {
  return nearlyEqual(a, b) ? 0 : 1;
}

/** mathjs `pow` on reals (predictable mode, minus its odd-root rule). */
function pow(x: number, y: number): number {
  if ((x * x < 1 && y === Infinity) || (x * x > 1 && y === -Infinity)) return 0;
  if ((x < -1 && y === Infinity) || (x > -1 && x < 0 && y === -Infinity)) return NaN;
  return DMath.pow(x, y); // finite negative base, non-integer exponent: NaN
}

/** mathjs `mod`: floored, `x mod 0 = x`, using the tolerant floor. */
function mod(x: number, y: number): number {
  return y === 0 ? x : x - y * floorM(x / y);
}

/**
 * mathjs `round(x)`: first snap x to 12 decimals when that is within
 * tolerance, then round half away from zero. Only values within 1e-9 of a
 * half-integer can be affected by the snap; they take mathjs's own (slow,
 * string-based) path, everything else the arithmetic one.
 */
function roundM(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const whole = Math.floor(a);
  const frac = a - whole; // exact: Sterbenz (whole >= a/2 when whole >= 1), or whole = 0
  // The snap moves x by under 2e-11, so it can only matter within 1e-9 of a half;
  // an exact half (x = k + 0.5 prints as "k.5") is left alone by it.
  if (frac === 0.5 || Math.abs(frac - 0.5) > 1e-9) {
    const r = frac >= 0.5 ? whole + 1 : whole;
    // mathjs accepts its 12-decimal snap within absTol (1e-15), and for a tiny
    // negative x that snap is an unsigned zero: round(-5e-324) is +0, round(-1e-13) is -0.
    if (r === 0 && x < 0) return a <= 1e-15 ? 0 : -0;
    return x < 0 ? -r : r;
  }
  const xEps = mathjsRoundDecimals(x, 12);
  return mathjsRoundDecimals(nearlyEqual(x, xEps) ? xEps : x, 0);
}

/**
 * mathjs `floor(x)`: a value within tolerance of the next integer up is that
 * integer. (mathjs compares x with round(x); round(x) is floor(x) or the next
 * integer up, and only the latter can change the answer, so the common case
 * needs no rounding.)
 */
function floorM(x: number): number {
  const f = Math.floor(x);
  if (f === x || !nearlyEqual(x, f + 1)) return f; // also NaN, +-Infinity
  const r = roundM(x);
  if (f === r) return f;
  return nearlyEqual(x, r) && !nearlyEqual(x, f) ? r : f;
}

/** mathjs `ceil(x)`: a value within tolerance of the next integer down is that integer. */
function ceilM(x: number): number {
  const c = Math.ceil(x);
  if (c === x || !nearlyEqual(x, c - 1)) return c;
  const r = roundM(x);
  if (c === r) return c;
  return nearlyEqual(x, r) && !nearlyEqual(x, c) ? r : c;
}

/** mathjs `min(a, b)`: NaN wins; otherwise b replaces a only when clearly smaller. */
function min2(a: number, b: number): number {
  return b !== b ? b : smaller(b, a) ? b : a;
}
function max2(a: number, b: number): number {
  return b !== b ? b : larger(b, a) ? b : a;
}

/**
 * mathjs `roundNumber(x, decimals)` = `parseFloat(toFixed(x, decimals))`:
 * round the shortest decimal representation of x half away from zero
 * (utils/number.js `splitNumber`, `roundDigits`, `toFixed`). Cold path.
 */
function mathjsRoundDecimals(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const m = /^(-?)(\d+\.?\d*)(e([+-]?\d+))?$/.exec(String(x).toLowerCase());
  if (!m) return x; // unreachable for finite numbers
  const sign = m[1];
  let digits = m[2];
  let exponent = m[4] ? parseFloat(m[4]) : 0;
  const dot = digits.indexOf('.');
  exponent += dot !== -1 ? dot - 1 : digits.length - 1;
  digits = digits.replace('.', '');
  const lead = /^0*/.exec(digits)![0].length;
  exponent -= lead;
  const c = digits.slice(lead).replace(/0*$/, '').split('').map(Number);
  if (c.length === 0) {
    c.push(0);
    exponent++;
  }
  // roundDigits(split, exponent + 1 + decimals)
  let precision = exponent + 1 + decimals;
  while (precision <= 0) {
    c.unshift(0);
    exponent++;
    precision++;
  }
  if (c.length > precision) {
    const removed = c.splice(precision, c.length - precision);
    if (removed[0] >= 5) {
      let i = precision - 1;
      c[i]++;
      while (c[i] === 10) {
        c.pop();
        if (i === 0) {
          c.unshift(0);
          exponent++;
          i++;
        }
        i--;
        c[i]++;
      }
    }
  }
  // Value of sign 0.c[0]c[1]... x 10^(exponent+1), rebuilt as text so parseFloat rounds once.
  return parseFloat(sign + '0.' + c.join('') + 'e' + (exponent + 1));
}

// ---------------------------------------------------------------------------
// Compilation

/** A compiled subtree: a constant, a plain variable read, or a closure. */
type Operand =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'var'; readonly index: number }
  | { readonly kind: 'fn'; readonly fn: CompiledExpr };

const ZERO_VARS = new Float64Array(RULE_VARIABLES.length);

function constant(value: number): Operand {
  return { kind: 'const', value };
}
function closure(fn: CompiledExpr): Operand {
  return { kind: 'fn', fn };
}

function toFn(o: Operand): CompiledExpr {
  switch (o.kind) {
    case 'const': {
      const c = o.value;
      return () => c;
    }
    case 'var': {
      const i = o.index;
      return (v) => v[i];
    }
    case 'fn':
      return o.fn;
  }
}

/** Fold a closure whose inputs are all constants. */
function fold(args: readonly Operand[], make: () => CompiledExpr): Operand {
  const fn = make();
  return args.every((a) => a.kind === 'const') ? constant(fn(ZERO_VARS)) : closure(fn);
}

/**
 * Closures for one binary operator, specialised on the shape of the operands
 * so the common `variable < constant` costs one array read and one compare.
 * Each variant is its own function literal, so V8 sees a single target at
 * every call site inside it and inlines the scalar function.
 */
interface BinaryVariants {
  gg(a: CompiledExpr, b: CompiledExpr): CompiledExpr;
  vc(i: number, c: number): CompiledExpr;
  cv(c: number, i: number): CompiledExpr;
  vv(i: number, j: number): CompiledExpr;
  gc(a: CompiledExpr, c: number): CompiledExpr;
  cg(c: number, b: CompiledExpr): CompiledExpr;
}

const BINARY: Record<string, BinaryVariants> = {
  add: {
    gg: (a, b) => (v) => a(v) + b(v),
    vc: (i, c) => (v) => v[i] + c,
    cv: (c, i) => (v) => c + v[i],
    vv: (i, j) => (v) => v[i] + v[j],
    gc: (a, c) => (v) => a(v) + c,
    cg: (c, b) => (v) => c + b(v),
  },
  subtract: {
    gg: (a, b) => (v) => a(v) - b(v),
    vc: (i, c) => (v) => v[i] - c,
    cv: (c, i) => (v) => c - v[i],
    vv: (i, j) => (v) => v[i] - v[j],
    gc: (a, c) => (v) => a(v) - c,
    cg: (c, b) => (v) => c - b(v),
  },
  multiply: {
    gg: (a, b) => (v) => a(v) * b(v),
    vc: (i, c) => (v) => v[i] * c,
    cv: (c, i) => (v) => c * v[i],
    vv: (i, j) => (v) => v[i] * v[j],
    gc: (a, c) => (v) => a(v) * c,
    cg: (c, b) => (v) => c * b(v),
  },
  divide: {
    gg: (a, b) => (v) => a(v) / b(v),
    vc: (i, c) => (v) => v[i] / c,
    cv: (c, i) => (v) => c / v[i],
    vv: (i, j) => (v) => v[i] / v[j],
    gc: (a, c) => (v) => a(v) / c,
    cg: (c, b) => (v) => c / b(v),
  },
  pow: {
    gg: (a, b) => (v) => pow(a(v), b(v)),
    vc: (i, c) => (v) => pow(v[i], c),
    cv: (c, i) => (v) => pow(c, v[i]),
    vv: (i, j) => (v) => pow(v[i], v[j]),
    gc: (a, c) => (v) => pow(a(v), c),
    cg: (c, b) => (v) => pow(c, b(v)),
  },
  mod: {
    gg: (a, b) => (v) => mod(a(v), b(v)),
    vc: (i, c) => (v) => mod(v[i], c),
    cv: (c, i) => (v) => mod(c, v[i]),
    vv: (i, j) => (v) => mod(v[i], v[j]),
    gc: (a, c) => (v) => mod(a(v), c),
    cg: (c, b) => (v) => mod(c, b(v)),
  },
  smaller: {
    gg: (a, b) => (v) => smaller(a(v), b(v)),
    vc: (i, c) => (v) => smaller(v[i], c),
    cv: (c, i) => (v) => smaller(c, v[i]),
    vv: (i, j) => (v) => smaller(v[i], v[j]),
    gc: (a, c) => (v) => smaller(a(v), c),
    cg: (c, b) => (v) => smaller(c, b(v)),
  },
  larger: {
    gg: (a, b) => (v) => larger(a(v), b(v)),
    vc: (i, c) => (v) => larger(v[i], c),
    cv: (c, i) => (v) => larger(c, v[i]),
    vv: (i, j) => (v) => larger(v[i], v[j]),
    gc: (a, c) => (v) => larger(a(v), c),
    cg: (c, b) => (v) => larger(c, b(v)),
  },
  smallerEq: {
    gg: (a, b) => (v) => smallerEq(a(v), b(v)),
    vc: (i, c) => (v) => smallerEq(v[i], c),
    cv: (c, i) => (v) => smallerEq(c, v[i]),
    vv: (i, j) => (v) => smallerEq(v[i], v[j]),
    gc: (a, c) => (v) => smallerEq(a(v), c),
    cg: (c, b) => (v) => smallerEq(c, b(v)),
  },
  largerEq: {
    gg: (a, b) => (v) => largerEq(a(v), b(v)),
    vc: (i, c) => (v) => largerEq(v[i], c),
    cv: (c, i) => (v) => largerEq(c, v[i]),
    vv: (i, j) => (v) => largerEq(v[i], v[j]),
    gc: (a, c) => (v) => largerEq(a(v), c),
    cg: (c, b) => (v) => largerEq(c, b(v)),
  },
  equal: {
    gg: (a, b) => (v) => equal(a(v), b(v)),
    vc: (i, c) => (v) => equal(v[i], c),
    cv: (c, i) => (v) => equal(c, v[i]),
    vv: (i, j) => (v) => equal(v[i], v[j]),
    gc: (a, c) => (v) => equal(a(v), c),
    cg: (c, b) => (v) => equal(c, b(v)),
  },
  unequal: {
    gg: (a, b) => (v) => unequal(a(v), b(v)),
    vc: (i, c) => (v) => unequal(v[i], c),
    cv: (c, i) => (v) => unequal(c, v[i]),
    vv: (i, j) => (v) => unequal(v[i], v[j]),
    gc: (a, c) => (v) => unequal(a(v), c),
    cg: (c, b) => (v) => unequal(c, b(v)),
  },
  min: {
    gg: (a, b) => (v) => min2(a(v), b(v)),
    vc: (i, c) => (v) => min2(v[i], c),
    cv: (c, i) => (v) => min2(c, v[i]),
    vv: (i, j) => (v) => min2(v[i], v[j]),
    gc: (a, c) => (v) => min2(a(v), c),
    cg: (c, b) => (v) => min2(c, b(v)),
  },
  max: {
    gg: (a, b) => (v) => max2(a(v), b(v)),
    vc: (i, c) => (v) => max2(v[i], c),
    cv: (c, i) => (v) => max2(c, v[i]),
    vv: (i, j) => (v) => max2(v[i], v[j]),
    gc: (a, c) => (v) => max2(a(v), c),
    cg: (c, b) => (v) => max2(c, b(v)),
  },
};

/** Scalar form of each binary operator, for constant folding. */
const BINARY_SCALAR: Record<string, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  subtract: (x, y) => x - y,
  multiply: (x, y) => x * y,
  divide: (x, y) => x / y,
  pow,
  mod,
  smaller,
  larger,
  smallerEq,
  largerEq,
  equal,
  unequal,
  min: min2,
  max: max2,
};

function binary(op: string, a: Operand, b: Operand): Operand {
  const k = BINARY[op];
  if (a.kind === 'const' && b.kind === 'const') return constant(BINARY_SCALAR[op](a.value, b.value));
  if (a.kind === 'var' && b.kind === 'const') return closure(k.vc(a.index, b.value));
  if (a.kind === 'const' && b.kind === 'var') return closure(k.cv(a.value, b.index));
  if (a.kind === 'var' && b.kind === 'var') return closure(k.vv(a.index, b.index));
  if (b.kind === 'const') return closure(k.gc(toFn(a), b.value));
  if (a.kind === 'const') return closure(k.cg(a.value, toFn(b)));
  return closure(k.gg(toFn(a), toFn(b)));
}

const UNARY_SCALAR: Record<string, (x: number) => number> = {
  unaryMinus: (x) => -x,
  unaryPlus: (x) => x,
  not: (x) => (x ? 0 : 1),
  abs: Math.abs,
  sqrt: Math.sqrt, // NaN below 0 (mathjs: complex)
  log: DMath.log, // NaN below 0 (mathjs: complex), -Infinity at 0
  exp: DMath.exp,
  floor: floorM,
  ceil: ceilM,
  round: roundM,
};

function unary(op: string, a: Operand): Operand {
  if (a.kind === 'const') return constant(UNARY_SCALAR[op](a.value));
  const f = toFn(a);
  switch (op) {
    case 'unaryMinus':
      return closure((v) => -f(v));
    case 'unaryPlus':
      return a;
    case 'not':
      return closure((v) => (f(v) ? 0 : 1));
    case 'abs':
      return closure((v) => Math.abs(f(v)));
    case 'sqrt':
      return closure((v) => Math.sqrt(f(v)));
    case 'log':
      return closure((v) => DMath.log(f(v)));
    case 'exp':
      return closure((v) => DMath.exp(f(v)));
    case 'floor':
      return closure((v) => floorM(f(v)));
    case 'ceil':
      return closure((v) => ceilM(f(v)));
    case 'round':
      return closure((v) => roundM(f(v)));
  }
  throw new Error(`expr: no unary operator ${op}`); // unreachable: callers pass whitelisted names
}

/** `a and b`: lazy, 1/0. Constant operands decide at compile time (evaluation has no side effects). */
function and(a: Operand, b: Operand): Operand {
  if (a.kind === 'const') return a.value ? truthy(b) : constant(0);
  if (b.kind === 'const') return b.value ? truthy(a) : constant(0);
  const fa = toFn(a);
  const fb = toFn(b);
  return closure((v) => (fa(v) ? (fb(v) ? 1 : 0) : 0));
}

/** `a or b`: lazy, 1/0. */
function or(a: Operand, b: Operand): Operand {
  if (a.kind === 'const') return a.value ? constant(1) : truthy(b);
  if (b.kind === 'const') return b.value ? constant(1) : truthy(a);
  const fa = toFn(a);
  const fb = toFn(b);
  return closure((v) => (fa(v) ? 1 : fb(v) ? 1 : 0));
}

function xor(a: Operand, b: Operand): Operand {
  const fa = toFn(a);
  const fb = toFn(b);
  return fold([a, b], () => (v) => ((fa(v) ? 1 : 0) !== (fb(v) ? 1 : 0) ? 1 : 0));
}

/** 1 when `a` is true (not 0, not NaN), else 0. */
function truthy(a: Operand): Operand {
  if (a.kind === 'const') return constant(a.value ? 1 : 0);
  const f = toFn(a);
  return closure((v) => (f(v) ? 1 : 0));
}

function conditional(c: Operand, t: Operand, f: Operand): Operand {
  if (c.kind === 'const') return c.value ? t : f;
  const fc = toFn(c);
  const ft = toFn(t);
  const ff = toFn(f);
  return closure((v) => (fc(v) ? ft(v) : ff(v)));
}

/** n-ary min/max, folded left as mathjs does. */
function minMax(op: 'min' | 'max', args: Operand[]): Operand {
  let acc = args[0];
  for (let i = 1; i < args.length; i++) acc = binary(op, acc, args[i]);
  return acc;
}

function log2args(x: Operand, base: Operand): Operand {
  return binary('divide', unary('log', x), unary('log', base)); // mathjs: log(x) / log(base)
}

/** `a < b <= c ...` (mathjs RelationalNode): links compared left to right, lazily; each term evaluated once. */
function chain(ops: string[], params: Operand[]): Operand {
  if (ops.length === 1) return binary(ops[0], params[0], params[1]);
  const fns = params.map(toFn);
  const cmps = ops.map((op) => BINARY_SCALAR[op]);
  return fold(params, () => (v) => {
    let left = fns[0](v);
    for (let i = 0; i < cmps.length; i++) {
      const right = fns[i + 1](v);
      if (!cmps[i](left, right)) return 0;
      left = right;
    }
    return 1;
  });
}

// ---------------------------------------------------------------------------
// The AST walk (the whitelist)

/** The fields of mathjs nodes this module reads; everything else is refused by `type`. */
interface AnyNode {
  type: string;
  value?: unknown;
  name?: string;
  op?: string;
  fn?: string | AnyNode;
  args?: AnyNode[];
  implicit?: boolean;
  isPercentage?: boolean;
  content?: AnyNode;
  condition?: AnyNode;
  trueExpr?: AnyNode;
  falseExpr?: AnyNode;
  conditionals?: string[];
  params?: AnyNode[];
  toString(): string;
}

/** mathjs operator functions compiled as binary operators (+ - * / ^ %/mod and comparisons). */
const BINARY_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal']);
/** Operator keywords mathjs may read as names when an operand is missing. */
const OPERATOR_WORDS = new Set(['and', 'or', 'xor', 'not', 'mod', 'to', 'in']);
const COMPARISONS = new Set(['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal']);

/** Arity of each function: [min, max]. */
const ARITY: Record<RuleFunction, readonly [number, number]> = {
  min: [2, Infinity],
  max: [2, Infinity],
  abs: [1, 1],
  sqrt: [1, 1],
  log: [1, 2],
  exp: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
  round: [1, 1],
};
const ARITY_HINT: Partial<Record<RuleFunction, string>> = {
  min: 'min(a, b, ...) takes two or more arguments',
  max: 'max(a, b, ...) takes two or more arguments',
  log: 'log(x) is the natural log; log(x, base) takes a base',
  floor: 'to floor to 2 decimals write floor(x * 100) / 100',
  ceil: 'to round up to 2 decimals write ceil(x * 100) / 100',
  round: 'to round to 2 decimals write round(x * 100) / 100',
};

/** Names of refused mathjs node types, as users would call them. */
const NODE_NAMES: Record<string, string> = {
  AccessorNode: 'property or index access',
  ArrayNode: 'a matrix or list',
  AssignmentNode: 'an assignment',
  BlockNode: 'several statements (; or a line break)',
  FunctionAssignmentNode: 'a function definition',
  IndexNode: 'an index',
  ObjectNode: 'an object',
  RangeNode: 'a range (a:b)',
};

/** Names of refused mathjs operators, by the function they call. */
const OPERATOR_NAMES: Record<string, string> = {
  factorial: 'factorial (!)',
  ctranspose: "transpose (')",
  bitAnd: 'bitwise and (&)',
  bitOr: 'bitwise or (|)',
  bitXor: 'bitwise xor (^|)',
  bitNot: 'bitwise not (~)',
  leftShift: 'shift (<<)',
  rightArithShift: 'shift (>>)',
  rightLogShift: 'shift (>>>)',
  to: 'unit conversion (to, in)',
  nullish: 'nullish coalescing (??)',
  dotMultiply: 'element-wise multiply (.*); write *',
  dotDivide: 'element-wise divide (./); write /',
  dotPow: 'element-wise power (.^); write ^',
};

const FUNCTION_LIST = RULE_FUNCTIONS.join(', ');
const VARIABLE_LIST = RULE_VARIABLES.join(', ');

class Compiler {
  private readonly path: string;
  private readonly source: string;
  constructor(path: string, source: string) {
    this.path = path;
    this.source = source;
  }

  fail(problem: string, hint: string = 'Allowed: ' + RULE_SYNTAX_SUMMARY + '.'): never {
    const shown = JSON.stringify(this.source.length > 120 ? this.source.slice(0, 117) + '...' : this.source);
    const where = problem.includes(shown) ? '' : ` in ${shown}`; // the token quoted is the whole expression
    throw new ExprError(`${this.path}: ${problem}${where}. ${hint}`, this.path, this.source);
  }

  walk(node: AnyNode, depth: number): Operand {
    if (depth > MAX_EXPRESSION_DEPTH) this.fail(`expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, 'Split it or simplify it.');
    const d = depth + 1;
    switch (node.type) {
      case 'ConstantNode':
        return this.constantNode(node);
      case 'SymbolNode':
        return this.symbol(node.name ?? '');
      case 'ParenthesisNode':
        return this.walk(node.content!, d);
      case 'OperatorNode':
        return this.operator(node, d);
      case 'ConditionalNode':
        return conditional(this.walk(node.condition!, d), this.walk(node.trueExpr!, d), this.walk(node.falseExpr!, d));
      case 'RelationalNode': {
        const ops = node.conditionals ?? [];
        const params = node.params ?? [];
        if (ops.length === 0 || params.length !== ops.length + 1 || !ops.every((c) => COMPARISONS.has(c))) this.fail(`unexpected chained comparison ${quote(node)}`);
        return chain(ops, params.map((p) => this.walk(p, d)));
      }
      case 'FunctionNode':
        return this.call(node, d);
      default: {
        const what = Object.hasOwn(NODE_NAMES, node.type) ? NODE_NAMES[node.type] : `a ${node.type}`;
        return this.fail(`${quote(node)} (${what}) is not allowed`);
      }
    }
  }

  constantNode(node: AnyNode): Operand {
    const value = node.value;
    if (typeof value === 'number') return constant(value);
    if (typeof value === 'boolean') return constant(value ? 1 : 0);
    if (typeof value === 'string') return this.fail(`text ${JSON.stringify(value)} is not allowed (only numbers)`);
    if (value === undefined && this.source.replace(/#.*$/gm, '').trim() === '') {
      return this.fail('expected an expression, got an empty one', 'Write for example "mnav < 0.8 and drawdown > 0.3".');
    }
    return this.fail(`${quote(node)} is not a number`);
  }

  symbol(name: string): Operand {
    const index = (RULE_VARIABLES as readonly string[]).indexOf(name);
    if (index >= 0) return { kind: 'var', index };
    if (name === 'pi') return constant(Math.PI);
    if (name === 'e') return constant(Math.E);
    if (name === 'Infinity') return constant(Infinity);
    if ((RULE_FUNCTIONS as readonly string[]).includes(name)) {
      return this.fail(`"${name}" is a function, used without arguments`, `Call it, e.g. ${name}(${ARITY[name as RuleFunction][0] === 1 ? 'x' : 'a, b'}).`);
    }
    const suggestion = closest(name, [...RULE_VARIABLES, ...RULE_CONSTANTS]);
    return this.fail(
      `unknown variable "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
      `Allowed variables: ${VARIABLE_LIST}; constants: ${RULE_CONSTANTS.join(', ')}.`,
    );
  }

  operator(node: AnyNode, d: number): Operand {
    const fn = typeof node.fn === 'string' ? node.fn : '';
    const args = node.args ?? [];
    if (node.isPercentage) {
      // mathjs reads a trailing % as /100, but `a - 5%` as `a - a * 5%` and `2% + 1` as `2 mod 1`.
      return this.fail(
        `the percent sign in ${quote(node)} is not allowed`,
        `Write the fraction (30% is 0.3); % between two numbers is the remainder (7 % 3 is 1).`,
      );
    }
    if (fn === 'mod' && node.op === '%' && args.length === 2 && isSignedTerm(args[1])) {
      // `2% + 1` parses as `2 % (+1)`: refuse the unparenthesised sign rather than guess.
      return this.fail(
        `ambiguous ${quote(node)}: a sign right after %`,
        `For a remainder write ${args[0].toString()} % (${args[1].toString()}); for a percentage write the fraction (2% is 0.02).`,
      );
    }
    if (node.implicit) {
      const keyword = args.find((a) => a.type === 'SymbolNode' && OPERATOR_WORDS.has(a.name ?? ''));
      if (keyword) {
        // e.g. `drawdown > 30% and mnav < 1`: mathjs reads `30 % and` and then `and mnav`.
        return this.fail(
          `"${keyword.name}" where a value was expected, in ${quote(node)}`,
          this.source.includes('%')
            ? 'A % before it is read as a remainder: write percentages as fractions (30% is 0.3).'
            : 'Check the operand before it.',
        );
      }
      return this.fail(
        `implicit multiplication ${quote(node)} is not allowed`,
        `Write the * explicitly, e.g. ${args.map((a) => a.toString()).join(' * ')}.`,
      );
    }
    if (args.length === 2 && BINARY_OPERATORS.has(fn)) return binary(fn, this.walk(args[0], d), this.walk(args[1], d));
    if (args.length === 2 && fn === 'and') return and(this.walk(args[0], d), this.walk(args[1], d));
    if (args.length === 2 && fn === 'or') return or(this.walk(args[0], d), this.walk(args[1], d));
    if (args.length === 2 && fn === 'xor') return xor(this.walk(args[0], d), this.walk(args[1], d));
    if (args.length === 1 && (fn === 'unaryMinus' || fn === 'unaryPlus' || fn === 'not')) return unary(fn, this.walk(args[0], d));
    const what = Object.hasOwn(OPERATOR_NAMES, fn) ? OPERATOR_NAMES[fn] : `operator "${node.op ?? fn}"`;
    return this.fail(`${what} in ${quote(node)} is not allowed`);
  }

  call(node: AnyNode, d: number): Operand {
    const callee = node.fn;
    if (typeof callee !== 'object' || callee === null || callee.type !== 'SymbolNode') {
      return this.fail(`call ${quote(node)} is not allowed (only the named functions)`, `Allowed functions: ${FUNCTION_LIST}.`);
    }
    const name = callee.name ?? '';
    if (!(RULE_FUNCTIONS as readonly string[]).includes(name)) {
      const isVariable = (RULE_VARIABLES as readonly string[]).includes(name) || (RULE_CONSTANTS as readonly string[]).includes(name);
      if (isVariable) return this.fail(`"${name}" is a variable, not a function, in ${quote(node)}`, `To multiply write ${name} * (...). Allowed functions: ${FUNCTION_LIST}.`);
      const suggestion = closest(name, RULE_FUNCTIONS);
      return this.fail(`unknown function "${name}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, `Allowed functions: ${FUNCTION_LIST}.`);
    }
    const fname = name as RuleFunction;
    const args = node.args ?? [];
    const [lo, hi] = ARITY[fname];
    if (args.length < lo || args.length > hi) {
      const expected = lo === hi ? `${lo}` : hi === Infinity ? `${lo} or more` : `${lo} or ${hi}`;
      return this.fail(
        `${fname}() expects ${expected} argument${lo === 1 && hi === 1 ? '' : 's'}, got ${args.length} in ${quote(node)}`,
        (ARITY_HINT[fname] ?? `Call it as ${fname}(x)`) + '.',
      );
    }
    const ops = args.map((a) => this.walk(a, d));
    if (fname === 'min' || fname === 'max') return minMax(fname, ops);
    if (fname === 'log' && ops.length === 2) return log2args(ops[0], ops[1]);
    return unary(fname, ops[0]);
  }
}

function isSignedTerm(node: AnyNode): boolean {
  return node.type === 'OperatorNode' && (node.fn === 'unaryMinus' || node.fn === 'unaryPlus');
}

function quote(node: AnyNode): string {
  let text: string;
  try {
    text = node.toString();
  } catch {
    text = node.type;
  }
  return JSON.stringify(text.length > 60 ? text.slice(0, 57) + '...' : text);
}

function compileOperand(source: string, path: string): Operand {
  const c = new Compiler(path, typeof source === 'string' ? source : String(source));
  if (typeof source !== 'string') c.fail(`expected the expression as text, got ${source === null ? 'null' : typeof source}`);
  if (source.length > MAX_EXPRESSION_LENGTH) c.fail(`expression is ${source.length} characters long, more than ${MAX_EXPRESSION_LENGTH}`, 'Simplify it.');
  let root: AnyNode;
  try {
    root = parse(source) as unknown as AnyNode;
  } catch (err) {
    if (err instanceof RangeError) c.fail('expression nested too deeply to parse', 'Simplify it.'); // stack overflow in the parser
    const message = err instanceof Error ? err.message : String(err);
    return c.fail(`syntax error: ${message}`);
  }
  return c.walk(root, 0);
}

/** The candidate closest to `name` (case-insensitive edit distance, ignoring a `Usd` suffix), if close enough. */
function closest(name: string, candidates: readonly string[]): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  // Up to one edit per three letters; names of one or two letters only match ignoring case.
  let bestDistance = (name.length <= 2 ? 0 : Math.max(1, Math.floor(name.length / 3))) + 1;
  for (const cand of candidates) {
    const c = cand.toLowerCase();
    const dist = Math.min(editDistance(lower, c), c.endsWith('usd') ? editDistance(lower, c.slice(0, -3)) : Infinity);
    if (dist < bestDistance) {
      best = cand;
      bestDistance = dist;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity; // not a typo of a short name
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
