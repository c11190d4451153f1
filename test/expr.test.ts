/**
 * User-rule expression compiler (sim/expr.ts): worked examples, precedence,
 * short-circuit, refusals with their field path, and two properties:
 * agreement with mathjs's own `evaluate`, and "random text only ever gives an
 * ExprError".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { all, create } from 'mathjs';
import {
  checkExpression,
  compileExpression,
  ExprError,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  RULE_FUNCTIONS,
  RULE_VARIABLE_DOCS,
  RULE_VARIABLES,
  type RuleVariable,
} from '../sim/expr.ts';
import { DMath } from '../sim/math.ts';

const PATH = 'companies[0].policies[1].rules[0].when';

function vars(values: Partial<Record<RuleVariable, number>> = {}): Float64Array {
  const v = new Float64Array(RULE_VARIABLES.length);
  for (const [name, x] of Object.entries(values)) v[RULE_VARIABLES.indexOf(name as RuleVariable)] = x;
  return v;
}

function run(source: string, values: Partial<Record<RuleVariable, number>> = {}): number {
  return compileExpression(source, PATH)(vars(values));
}

/** The vars array behind a Proxy that records which variables were read. */
function spyVars(values: Partial<Record<RuleVariable, number>>): { v: Float64Array; reads: string[] } {
  const reads: string[] = [];
  const target = vars(values);
  const v = new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(RULE_VARIABLES[Number(key)]);
      return Reflect.get(t, key, t);
    },
  }) as unknown as Float64Array;
  return { v, reads };
}

/** The ExprError `source` raises at `path`. */
function refusal(source: string, path = PATH): ExprError {
  try {
    compileExpression(source, path);
  } catch (err) {
    expect(err).toBeInstanceOf(ExprError);
    return err as ExprError;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

describe('vocabulary', () => {
  it('documents every variable with a unit and a description', () => {
    expect(new Set(RULE_VARIABLES).size).toBe(RULE_VARIABLES.length);
    expect(Object.keys(RULE_VARIABLE_DOCS).sort()).toEqual([...RULE_VARIABLES].sort());
    for (const name of RULE_VARIABLES) {
      expect(RULE_VARIABLE_DOCS[name].unit.length).toBeGreaterThan(0);
      expect(RULE_VARIABLE_DOCS[name].description.length).toBeGreaterThan(10);
    }
  });

  it('reads vars[i] as RULE_VARIABLES[i]', () => {
    RULE_VARIABLES.forEach((name, i) => {
      const v = new Float64Array(RULE_VARIABLES.length);
      v[i] = 100 + i;
      expect(compileExpression(name, PATH)(v)).toBe(100 + i);
    });
  });
});

describe('worked examples (computed by hand)', () => {
  it('the rule from the brief', () => {
    const state = { mnav: 0.75, drawdown: 0.35, coins: 12_000 };
    // 0.75 < 0.8 is true, 0.35 > 0.3 is true: 1 and 1 = 1
    expect(run('mnav < 0.8 and drawdown > 0.3', state)).toBe(1);
    // min(0.02 * 12000, 500) = min(240, 500) = 240
    expect(run('min(0.02 * coins, 500)', state)).toBe(240);
    // with 40000 coins: min(800, 500) = 500
    expect(run('min(0.02 * coins, 500)', { coins: 40_000 })).toBe(500);
    // mnav 0.85 fails the first comparison: 0
    expect(run('mnav < 0.8 and drawdown > 0.3', { ...state, mnav: 0.85 })).toBe(0);
  });

  it('a listing defence', () => {
    // under notice with 20 days left: 20 < 30, so 10% of 5000 coins = 500
    expect(run('underNotice and daysLeft < 30 ? 0.1 * coins : 0', { underNotice: 1, daysLeft: 20, coins: 5000 })).toBe(500);
    // not under notice, daysLeft is Infinity: Infinity < 30 is false, so 0
    expect(run('underNotice and daysLeft < 30 ? 0.1 * coins : 0', { underNotice: 0, daysLeft: Infinity, coins: 5000 })).toBe(0);
  });

  it('balance-sheet arithmetic', () => {
    // debt 300 against coins worth 1000 and cash 200: (300 - 200) / 1000 = 0.1
    expect(run('(debtUsd - cashUsd) / coinValueUsd', { debtUsd: 300, cashUsd: 200, coinValueUsd: 1000 })).toBeCloseTo(0.1, 15);
    // repay half the debt above 40% LTV: 0.5 * (500 - 0.4 * 1000) = 50
    expect(run('ltv > 0.4 ? 0.5 * (debtUsd - 0.4 * coinValueUsd) : 0', { ltv: 0.5, debtUsd: 500, coinValueUsd: 1000 })).toBe(50);
    // 25% of ADV: 0.25 * 2e6 = 5e5
    expect(run('0.25 * advUsd', { advUsd: 2e6 })).toBe(5e5);
  });

  it('constants and functions', () => {
    expect(run('pi')).toBe(Math.PI);
    expect(run('e')).toBe(Math.E);
    expect(run('Infinity')).toBe(Infinity);
    expect(run('true + true')).toBe(2); // booleans are 1 and 0
    expect(run('abs(-3)')).toBe(3);
    expect(run('sqrt(16)')).toBe(4);
    expect(run('exp(0)')).toBe(1);
    expect(run('log(e)')).toBe(1);
    expect(run('log(8, 2)')).toBeCloseTo(3, 15); // ln 8 / ln 2
    expect(run('log(1000, 10)')).toBeCloseTo(3, 14);
    expect(run('min(3, 1, 2)')).toBe(1);
    expect(run('max(3, 1, 2)')).toBe(3);
    expect(run('floor(2.7)')).toBe(2);
    expect(run('floor(-2.7)')).toBe(-3);
    expect(run('ceil(2.1)')).toBe(3);
    expect(run('ceil(-2.1)')).toBe(-2);
    expect(run('round(2.4)')).toBe(2);
    expect(run('0x10 + 0b11 + 1e3')).toBe(16 + 3 + 1000);
  });
});

describe('mathjs number semantics, documented in sim/expr.ts', () => {
  it('division by zero follows IEEE 754', () => {
    expect(run('1 / 0')).toBe(Infinity);
    expect(run('-1 / 0')).toBe(-Infinity);
    expect(run('0 / 0')).toBeNaN();
    expect(run('coins / shares', { coins: 5, shares: 0 })).toBe(Infinity);
  });

  it('% is the floored remainder; x % 0 is x', () => {
    expect(run('7 % 3')).toBe(1);
    expect(run('-7 % 3')).toBe(2); // -7 - 3 * floor(-7/3) = -7 - 3 * -3 = 2
    expect(run('7 % (-3)')).toBe(-2); // 7 - (-3) * floor(-2.33) = 7 - 9 = -2
    expect(run('7 mod 3')).toBe(1);
    expect(run('5 % 0')).toBe(5);
    expect(run('7 % 3 * 2')).toBe(2); // same level as *, left to right: (7 % 3) * 2
  });

  it('powers: right-associative, real-valued', () => {
    expect(run('2 ^ 3 ^ 2')).toBe(512); // 2 ^ 9
    expect(run('2 ^ -1')).toBe(0.5);
    expect(run('(-2) ^ 3')).toBe(-8);
    expect(run('(-8) ^ (1/3)')).toBeNaN(); // mathjs: complex
    expect(run('sqrt(-1)')).toBeNaN(); // mathjs: complex i
    expect(run('log(-1)')).toBeNaN();
    expect(run('log(0)')).toBe(-Infinity);
    expect(run('0.5 ^ Infinity')).toBe(0);
    expect(run('2 ^ -Infinity')).toBe(0);
    expect(run('2 ^ Infinity')).toBe(Infinity);
    expect(run('(-2) ^ Infinity')).toBeNaN();
  });

  it('comparisons are tolerant (relTol 1e-12), as in mathjs', () => {
    expect(run('0.1 + 0.2 == 0.3')).toBe(1); // 0.30000000000000004 ~ 0.3
    expect(run('0.1 + 0.2 > 0.3')).toBe(0);
    expect(run('0.1 + 0.2 <= 0.3')).toBe(1);
    expect(run('1 == 1 + 1e-13')).toBe(1);
    expect(run('1 == 1 + 1e-11')).toBe(0);
    expect(run('1 != 1 + 1e-11')).toBe(1);
    expect(run('0 == 1e-16')).toBe(1); // absTol 1e-15
    expect(run('mnav < 1', { mnav: 1 - 1e-14 })).toBe(0);
    expect(run('mnav < 1', { mnav: 0.999 })).toBe(1);
  });

  it('NaN: false as a condition, unequal to everything', () => {
    expect(run('0/0 == 0/0')).toBe(0);
    expect(run('0/0 != 0/0')).toBe(1);
    expect(run('0/0 < 1')).toBe(0);
    expect(run('0/0 >= 1')).toBe(0);
    expect(run('0/0 ? 1 : 2')).toBe(2);
    expect(run('not (0/0)')).toBe(1);
    expect(run('max(3, 0/0)')).toBeNaN();
    expect(run('min(0/0, 3)')).toBeNaN();
    expect(run('NaN + 1')).toBeNaN();
  });

  it('floor, ceil and round snap within 1e-12 of an integer; round halves away from zero', () => {
    // 0.29 * 100 = 28.999999999999996 in binary floating point
    expect(0.29 * 100).toBe(28.999999999999996);
    expect(run('floor(0.29 * 100)')).toBe(29);
    // 0.07 * 100 = 7.000000000000001
    expect(run('ceil(0.07 * 100)')).toBe(7);
    expect(run('round(2.5)')).toBe(3);
    expect(run('round(-2.5)')).toBe(-3);
    expect(run('round(0.5)')).toBe(1);
    expect(run('round(-0.5)')).toBe(-1);
    // 2.675 * 100 = 267.49999999999994: snapped to 267.5 first, then up
    expect(run('round(2.675 * 100)')).toBe(268);
    expect(run('round(0.05 * coins)', { coins: 1010 })).toBe(51); // 50.5 -> 51
    expect(run('floor(coins)', { coins: Infinity })).toBe(Infinity);
    expect(run('round(0/0)')).toBeNaN();
  });
});

describe('precedence (mathjs rules)', () => {
  it.each([
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['10 - 4 - 3', 3], // left to right
    ['12 / 3 / 2', 2],
    ['-2 ^ 2', -4], // - applies after ^
    ['2 * -3', -6],
    ['1 + 2 < 4', 1], // arithmetic before comparison: 3 < 4
    ['not 1 < 0', 0], // not binds tighter than <: (not 1) < 0 = 0 < 0
    ['not (1 < 0)', 1],
    ['1 or 0 and 0', 1], // and before or: 1 or (0 and 0)
    ['(1 or 0) and 0', 0],
    ['1 xor 1 or 1', 1], // xor before or: (1 xor 1) or 1
    ['1 xor 0', 1],
    ['0 ? 1 : 1 ? 2 : 3', 2], // right-associative: 0 ? 1 : (1 ? 2 : 3)
    ['1 < 2 < 3', 1], // chained: 1 < 2 and 2 < 3
    ['3 > 2 > 1', 1], // chained, not (3 > 2) > 1 = 1 > 1 = 0
    ['1 < 3 < 2', 0],
    ['2 > 1 == 1', 1], // chained: 2 > 1 and 1 == 1
    ['1 < 2 and 2 < 3 ? 10 : 20', 10],
  ])('%s = %d', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('a chained comparison with variables', () => {
    expect(run('0.5 < mnav < 0.8', { mnav: 0.6 })).toBe(1);
    expect(run('0.5 < mnav < 0.8', { mnav: 0.9 })).toBe(0);
    expect(run('0.5 < mnav < 0.8', { mnav: 0.4 })).toBe(0);
  });
});

describe('short-circuit', () => {
  it('and skips its right side when the left is false', () => {
    const { v, reads } = spyVars({ mnav: 0.9, drawdown: 0.5 });
    expect(compileExpression('mnav < 0.8 and drawdown > 0.3', PATH)(v)).toBe(0);
    expect(reads).toEqual(['mnav']);
  });

  it('and evaluates both sides when the left is true', () => {
    const { v, reads } = spyVars({ mnav: 0.7, drawdown: 0.5 });
    expect(compileExpression('mnav < 0.8 and drawdown > 0.3', PATH)(v)).toBe(1);
    expect(reads).toEqual(['mnav', 'drawdown']);
  });

  it('or skips its right side when the left is true', () => {
    const { v, reads } = spyVars({ delisted: 1, ltv: 2 });
    expect(compileExpression('delisted or ltv > 0.5', PATH)(v)).toBe(1);
    expect(reads).toEqual(['delisted']);
  });

  it('a ? b : c evaluates only the branch taken', () => {
    const { v, reads } = spyVars({ underNotice: 0, coins: 10, cashUsd: 7 });
    expect(compileExpression('underNotice ? coins : cashUsd', PATH)(v)).toBe(7);
    expect(reads).toEqual(['underNotice', 'cashUsd']);
  });

  it('a chained comparison stops at the first false link', () => {
    const { v, reads } = spyVars({ price: 5, costBasis: 1, coins: 3 });
    expect(compileExpression('price < costBasis < coins', PATH)(v)).toBe(0);
    expect(reads).toEqual(['price', 'costBasis']);
  });

  it('constant sides decide at compile time, and constant subtrees are folded', () => {
    for (const source of ['false and coins > 1', 'coins > 1 and 0', 'true or coins > 1', '(2 + 3) * 4 - sqrt(16)']) {
      const { v, reads } = spyVars({ coins: 5 });
      compileExpression(source, PATH)(v);
      expect(reads, source).toEqual([]);
    }
    expect(run('(2 + 3) * 4 - sqrt(16)')).toBe(16);
    expect(run('true and coins', { coins: 5 })).toBe(1); // and gives 1/0, not the operand
    expect(run('coins or false', { coins: 0 })).toBe(0);
  });

  it('results of and/or/xor/not are 1 or 0', () => {
    expect(run('5 and 3')).toBe(1);
    expect(run('0 or -2')).toBe(1);
    expect(run('2 xor 3')).toBe(0);
    expect(run('not 7')).toBe(0);
  });
});

describe('refusals name the path, the token and what is allowed', () => {
  const ALL = 'Allowed: numbers, true/false, the rule variables';

  it.each([
    // [source, text the message must contain]
    ['coins = 1', '"coins = 1" (an assignment)'],
    ['f(x) = x + 1', '(a function definition)'],
    ['coins.constructor', '"coins.constructor" (property or index access)'],
    ['coins["constructor"]', '(property or index access)'],
    ['[1, 2]', '"[1, 2]" (a matrix or list)'],
    ['[1, 2][1]', '(property or index access)'],
    ['{a: 1}', '(an object)'],
    ['1:3', '"1:3" (a range (a:b))'],
    ['coins; 1', '(several statements'],
    ['coins\n1', '(several statements'],
    ['"text"', 'text "text" is not allowed'],
    ["'text'", 'text "text" is not allowed'],
    ['null', '"null" is not a number'],
    ['undefined', '"undefined" is not a number'],
    ['5!', 'factorial (!)'],
    ["coins'", "transpose (')"],
    ['coins & 1', 'bitwise and (&)'],
    ['coins | 1', 'bitwise or (|)'],
    ['~coins', 'bitwise not (~)'],
    ['coins << 1', 'shift (<<)'],
    ['coins >> 1', 'shift (>>)'],
    ['coins ?? 1', 'nullish coalescing (??)'],
    ['coins .* 2', 'element-wise multiply'],
    ['coins to cm', 'unit conversion'],
    ['30%', 'the percent sign in "30 / 100"'],
    ['coins - 5%', 'the percent sign'],
    ['drawdown > 30% and mnav < 1', '"and" where a value was expected, in "and mnav"'],
    ['2% + 1', 'ambiguous "2 % +1": a sign right after %'],
    ['coins % -3', 'a sign right after %'],
  ])('%j', (source, token) => {
    const err = refusal(source);
    expect(err.message.startsWith(PATH + ': ')).toBe(true);
    expect(err.message).toContain(token);
    expect(err.path).toBe(PATH);
    expect(err.expression).toBe(source);
    expect(err.name).toBe('ExprError');
    if (!/percent|sign right after|where a value/.test(token)) expect(err.message).toContain(ALL);
  });

  it.each([
    ['2 coins', 'implicit multiplication "2 coins"', 'write the * explicitly, e.g. 2 * coins'],
    ['2coins', 'implicit multiplication', '2 * coins'],
    ['2 (coins + 1)', 'implicit multiplication', '2 * (coins + 1)'],
    ['(2)(3)', 'implicit multiplication', '(2) * (3)'],
    ['5 cm', 'implicit multiplication', ''],
    ['1_000', 'implicit multiplication', ''],
    ['sqrt 4', 'implicit multiplication', ''],
  ])('implicit multiplication %j', (source, token, hint) => {
    const err = refusal(source);
    expect(err.message).toContain(PATH + ': ' + token);
    expect(err.message.toLowerCase()).toContain(hint.toLowerCase());
  });

  it.each([
    ['mnv < 0.8', 'unknown variable "mnv" (did you mean "mnav"?)'],
    ['Coins > 1', 'unknown variable "Coins" (did you mean "coins"?)'],
    ['drawDown > 0.3', '(did you mean "drawdown"?)'],
    ['debt > 0', 'unknown variable "debt" (did you mean "debtUsd"?)'],
    ['cash > 0', '(did you mean "cashUsd"?)'],
    ['x > 1', 'unknown variable "x" in "x > 1"'],
    ['import', 'unknown variable "import"'],
    ['constructor', 'unknown variable "constructor"'],
    ['__proto__', 'unknown variable "__proto__"'],
    ['toString', 'unknown variable "toString"'],
    ['hasOwnProperty', 'unknown variable "hasOwnProperty"'],
    ['i', 'unknown variable "i"'], // mathjs's imaginary unit
    ['PI', 'unknown variable "PI" (did you mean "pi"?)'],
    ['globalThis', 'unknown variable "globalThis"'],
  ])('unknown variable %j', (source, token) => {
    const err = refusal(source);
    expect(err.message.startsWith(PATH + ': unknown variable')).toBe(true);
    expect(err.message).toContain(token);
    expect(err.message).toContain('Allowed variables: ' + RULE_VARIABLES.join(', '));
    expect(err.message).toContain('constants: pi, e, Infinity');
  });

  it('suggests nothing when nothing is close', () => {
    expect(refusal('x > 1').message).not.toContain('did you mean');
    expect(refusal('import').message).not.toContain('did you mean');
  });

  it.each([
    ['import({x: 1}, {override: true})', 'unknown function "import"'],
    ['evaluate("1 + 1")', 'unknown function "evaluate"'],
    ['parse("1")', 'unknown function "parse"'],
    ['createUnit("coin")', 'unknown function "createUnit"'],
    ['simplify("x")', 'unknown function "simplify"'],
    ['compile("x")', 'unknown function "compile"'],
    ['constructor(1)', 'unknown function "constructor"'],
    ['sin(1)', 'unknown function "sin"'],
    ['mim(coins, 1)', 'unknown function "mim" (did you mean "min"?)'],
    ['Round(coins)', '(did you mean "round"?)'],
  ])('unknown function %j', (source, token) => {
    const err = refusal(source);
    expect(err.message.startsWith(PATH + ': unknown function')).toBe(true);
    expect(err.message).toContain(token);
    expect(err.message).toContain('Allowed functions: ' + RULE_FUNCTIONS.join(', '));
  });

  it.each([
    ['coins.toString()', 'call "coins.toString()" is not allowed'],
    ['(coins)(2)', 'implicit multiplication "(coins) (2)"'],
    ['(min)(1, 2)', 'syntax error: Parenthesis ) expected'],
    ['coins(2)', '"coins" is a variable, not a function'],
    ['pi(2)', '"pi" is a variable, not a function'],
    ['min', '"min" is a function, used without arguments'],
    ['min(coins)', 'min() expects 2 or more arguments, got 1'],
    ['max()', 'max() expects 2 or more arguments, got 0'],
    ['abs()', 'abs() expects 1 argument, got 0'],
    ['sqrt(1, 2)', 'sqrt() expects 1 argument, got 2'],
    ['round(coins, 2)', 'round() expects 1 argument, got 2'],
    ['floor(coins, 2)', 'floor() expects 1 argument, got 2'],
    ['log(1, 2, 3)', 'log() expects 1 or 2 arguments, got 3'],
  ])('calls %j', (source, token) => {
    expect(refusal(source).message).toContain(PATH + ': ' + token);
  });

  it('syntax errors keep mathjs’s position', () => {
    expect(refusal('1 // 2').message).toContain(PATH + ': syntax error: Value expected (char 4) in "1 // 2"');
    expect(refusal('(coins').message).toContain(PATH + ': syntax error: Parenthesis ) expected');
    expect(refusal('coins >').message).toContain('syntax error');
    expect(refusal('coins ? 1').message).toContain('syntax error');
  });

  it('empty text, comments only, over-long and over-deep expressions', () => {
    for (const source of ['', '   ', '\n', '# just a comment']) {
      expect(refusal(source).message).toContain(PATH + ': expected an expression, got an empty one');
    }
    const long = '1 + '.repeat(MAX_EXPRESSION_LENGTH / 4) + '1';
    expect(refusal(long).message).toContain(`${PATH}: expression is ${long.length} characters long, more than ${MAX_EXPRESSION_LENGTH}`);
    // The root is level 0: the 1 inside n parentheses is at level n.
    const nested = (n: number) => '('.repeat(n) + '1' + ')'.repeat(n);
    expect(run(nested(MAX_EXPRESSION_DEPTH))).toBe(1);
    expect(refusal(nested(MAX_EXPRESSION_DEPTH + 1)).message).toContain(`${PATH}: expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
    expect(refusal(nested(990)).message).toMatch(/nested/); // within the length limit
    expect(run('('.repeat(20) + 'coins' + ')'.repeat(20), { coins: 3 })).toBe(3);
  });

  it('a non-string is refused, not crashed on', () => {
    expect(refusal(42 as unknown as string).message).toContain(`${PATH}: expected the expression as text, got number`);
    expect(refusal(null as unknown as string).message).toContain('got null');
  });

  it('uses the path it is given', () => {
    const path = 'companies[3].policies[0].rules[2].amount';
    const err = refusal('min(coins)', path);
    expect(err.path).toBe(path);
    expect(err.message.startsWith(path + ': ')).toBe(true);
  });

  it('checkExpression returns null or the same message', () => {
    expect(checkExpression('mnav < 0.8 and drawdown > 0.3', PATH)).toBeNull();
    expect(checkExpression('min(0.02 * coins, 500)', PATH)).toBeNull();
    expect(checkExpression('mnv < 0.8', PATH)).toBe(refusal('mnv < 0.8').message);
  });
});

describe('sources', () => {
  it('imports only parse from mathjs and never turns text into code', () => {
    const text = readFileSync(new URL('../sim/expr.ts', import.meta.url), 'utf8');
    const imports = text.split('\n').filter((line) => /^\s*import\b/.test(line));
    expect(imports).toEqual(["import { DMath } from './math.ts';", "import { create, parseDependencies } from 'mathjs';"]); // DMath: the deterministic exp/log/pow
    // The parser alone, from mathjs's factories (bundles, dist/ and the app's rules chunk, keep only its
    // dependencies), built on the first parse, not on import.
    expect(text).toContain('return (parser ??= create({ parseDependencies }).parse)(source);');
    expect(text.match(/\bcreate\(/g)).toHaveLength(1);
    expect(text).not.toMatch(/\bnew\s+Function\s*\(|\beval\s*\(|\bFunction\s*\(|\.evaluate\s*\(|\bcompile\s*\(/);
  });
});

// ---------------------------------------------------------------------------
// Properties

/**
 * The reference: mathjs's own evaluate. `predictable` makes sqrt/log/pow of
 * negatives real-valued (NaN instead of complex), which is our documented
 * semantics; a negative base to a non-integer power is JS's Math.pow for us
 * (NaN for a finite base), where predictable mathjs would take an odd root for
 * exponents like 1/3.
 */
const reference = create(all, { predictable: true });
{
  const predictablePow = reference.pow;
  // typed() is how mathjs wants a replacement declared; its TS types do not model this use.
  const typed = reference.typed as any;
  reference.import(
    {
      pow: typed('pow', {
        // Math.pow: NaN for a finite negative base, the IEEE limits for -Infinity.
        'number, number': (x: number, y: number) => (x < 0 && Number.isFinite(y) && !Number.isInteger(y) ? Math.pow(x, y) : predictablePow(x, y)),
      }),
    },
    { override: true },
  );
}

/**
 * mathjs's number functions call Math.exp/log/pow when they run; ours call the engine's
 * deterministic DMath (correct to about an ulp, tested in det-math.test.ts, but not bit-equal
 * to V8's). Where an expression cancels, one ulp becomes many: `-day mod exp(1)` at
 * day = 4079.686... is 0.4547473508860 with DMath's e and 0.4547473508856 with Math.E (1501
 * times an ulp of e, relative 1e-12), a fast-check counterexample. So the reference evaluates
 * with DMath in Math's place: the property tests the grammar and mathjs's semantics, not libm.
 */
function withEngineMath<T>(fn: () => T): T {
  const { exp, log, pow } = Math;
  Object.assign(Math, { exp: DMath.exp, log: DMath.log, pow: DMath.pow });
  try {
    return fn();
  } finally {
    Object.assign(Math, { exp, log, pow });
  }
}

function referenceValue(source: string, v: Float64Array): number {
  const scope: Record<string, number> = {};
  RULE_VARIABLES.forEach((name, i) => (scope[name] = v[i]));
  return withEngineMath(() => Number(reference.evaluate(source, scope)));
}

function agrees(ours: number, theirs: number): boolean {
  if (Number.isNaN(theirs)) return Number.isNaN(ours);
  if (ours === theirs) return true;
  return Math.abs(ours - theirs) <= 1e-12 * Math.max(Math.abs(ours), Math.abs(theirs));
}

const literal = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => String(Math.abs(x))),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(Math.abs(x))),
  fc.constantFrom('0.5', '2.5', '0.1', '0.2', '0.3', '0.29', '0.07', '100', '1e-13', '1e300', 'Infinity', 'NaN', 'pi', 'e', 'true', 'false'),
);
const value = fc.oneof(
  fc.integer({ min: -10, max: 10 }),
  fc.integer({ min: -40, max: 40 }).map((k) => k / 4),
  fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  fc.double(),
  fc.constantFrom(0, -0, 0.5, -0.5, 2.5, -2.5, 1e-13, 1 - 1e-13, Infinity, -Infinity, NaN),
);
const scopeArb = fc.array(value, { minLength: RULE_VARIABLES.length, maxLength: RULE_VARIABLES.length }).map((xs) => Float64Array.from(xs));

const BINARY = ['+', '-', '*', '/', '^', '%', 'mod', '<', '>', '<=', '>=', '==', '!=', 'and', 'or', 'xor'] as const;
const COMPARE = ['<', '>', '<=', '>=', '==', '!='] as const;

/** Random expressions of the whitelist grammar; `wrap` decides where parentheses go. */
function grammar(wrap: fc.Arbitrary<boolean>) {
  const p = (on: boolean, s: string) => (on ? `(${s})` : s);
  return fc.letrec((tie) => ({
    node: fc.oneof(
      { maxDepth: 5, depthSize: 'small' },
      fc.constantFrom(...RULE_VARIABLES),
      literal,
      tie('binary'),
      tie('unary'),
      tie('call'),
      tie('conditional'),
      tie('chain'),
    ),
    binary: fc.tuple(tie('node'), fc.constantFrom(...BINARY), tie('node'), wrap).map(([a, op, b, w]) => p(w, `${a} ${op} ${b}`)),
    unary: fc.tuple(fc.constantFrom('-', '+', 'not '), tie('node'), wrap).map(([op, a, w]) => p(w, `${op}${a}`)),
    call: fc.oneof(
      fc.tuple(fc.constantFrom('abs', 'sqrt', 'log', 'exp', 'floor', 'ceil', 'round'), tie('node')).map(([f, a]) => `${f}(${a})`),
      fc.tuple(fc.constantFrom('min', 'max'), fc.array(tie('node'), { minLength: 2, maxLength: 4 })).map(([f, as]) => `${f}(${as.join(', ')})`),
      fc.tuple(tie('node'), tie('node')).map(([a, b]) => `log(${a}, ${b})`),
    ),
    conditional: fc.tuple(tie('node'), tie('node'), tie('node'), wrap).map(([c, a, b, w]) => p(w, `${c} ? ${a} : ${b}`)),
    chain: fc
      .tuple(tie('node'), fc.constantFrom(...COMPARE), tie('node'), fc.constantFrom(...COMPARE), tie('node'), wrap)
      .map(([a, o1, b, o2, c, w]) => p(w, `${a} ${o1} ${b} ${o2} ${c}`)),
  })).node as fc.Arbitrary<string>;
}

describe('property: agrees with mathjs evaluate', () => {
  it('fully parenthesised expressions of the whitelist grammar', () => {
    fc.assert(
      fc.property(grammar(fc.constant(true)), scopeArb, (source, v) => {
        const ours = compileExpression(source, PATH)(v);
        const theirs = referenceValue(source, v);
        expect(typeof ours).toBe('number');
        if (!agrees(ours, theirs)) throw new Error(`${source}: ours ${ours}, mathjs ${theirs}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('the same grammar with parentheses left out at random (mathjs precedence)', () => {
    fc.assert(
      fc.property(grammar(fc.boolean()), scopeArb, (source, v) => {
        let compiled;
        try {
          compiled = compileExpression(source, PATH);
        } catch (err) {
          // Refusals this grammar can produce: `a % -b` written without parentheses, and
          // text mathjs itself cannot parse (it loses track of nested `a ? b ? c : d : e`).
          expect(err).toBeInstanceOf(ExprError);
          if (!(err as ExprError).message.includes('a sign right after %')) expect(() => reference.parse(source)).toThrow();
          return;
        }
        const ours = compiled(v);
        const theirs = referenceValue(source, v);
        if (!agrees(ours, theirs)) throw new Error(`${source}: ours ${ours}, mathjs ${theirs}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('cancellation after exp (a fast-check counterexample)', () => {
  it('-day mod exp(price <= price) at day 4079.686... agrees with mathjs on the engine\'s exp', () => {
    const v = new Float64Array(RULE_VARIABLES.length);
    v[RULE_VARIABLES.indexOf('day')] = 4079.6862771661413;
    const source = '-day mod exp(price <= price)';
    const ours = compileExpression(source, PATH)(v);
    // (-day) mod e = -day - e * floor(-day / e), floor = -1501: computed here with DMath's e.
    const e = DMath.exp(1);
    expect(ours).toBe(-4079.6862771661413 - e * -1501);
    expect(agrees(ours, referenceValue(source, v))).toBe(true);
    // With V8's Math.E in mathjs the same text differs by 1.0e-12 relative: the libm, not the grammar.
    expect(Math.abs(ours - (-4079.6862771661413 - Math.E * -1501)) / ours).toBeGreaterThan(1e-12);
  });
});

describe('signed zeros from rounding tiny negatives (a fast-check counterexample)', () => {
  // mathjs rounds through a 12-decimal snap that it accepts within absTol = 1e-15, and that
  // snap is an unsigned zero: round(-5e-324) = +0 but round(-1e-13) = -0 (checked with mathjs
  // in predictable mode). The sign then decides 1 / floor(x): +Infinity or -Infinity.
  const at = (source: string, drawdown: number) => {
    const v = new Float64Array(RULE_VARIABLES.length);
    v[RULE_VARIABLES.indexOf('price')] = 1;
    v[RULE_VARIABLES.indexOf('drawdown')] = drawdown;
    return compileExpression(source, PATH)(v);
  };
  it.each([
    ['round(drawdown)', -5e-324, 0],
    ['round(drawdown)', -1e-15, 0],
    ['round(drawdown)', -1e-13, -0],
    ['floor(drawdown)', -5e-324, 0],
    ['ceil(drawdown)', -5e-324, -0],
    ['price / floor(drawdown)', -5e-324, Infinity],
    ['price / round(drawdown)', -1e-13, -Infinity],
  ])('%s at drawdown %d is %d, as in mathjs', (source, drawdown, expected) => {
    expect(Object.is(at(source, drawdown), expected)).toBe(true);
    expect(Object.is(at(source, drawdown), referenceValue(source, Float64Array.from(RULE_VARIABLES, (n) => (n === 'price' ? 1 : n === 'drawdown' ? drawdown : 0))))).toBe(true);
  });
});

describe('property: rounding near integers and halves matches mathjs', () => {
  // Values within a few ulps to 1e-9 of an integer or a half, at every magnitude,
  // where the snap to 1e-12 (and the string-based path in round) decides.
  const nearGrid = fc
    .tuple(
      fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -(2 ** 52), max: 2 ** 52 })),
      fc.constantFrom(0, 0.5, 0.25),
      fc.constantFrom(0, 1e-16, 1e-15, 1e-14, 3e-13, 1e-12, 5e-12, 1e-11, 1e-10, 1e-9),
      fc.integer({ min: -3, max: 3 }),
      fc.boolean(),
    )
    .map(([k, h, eps, j, relative]) => {
      const base = k + h;
      return relative ? base * (1 + j * eps) : base + j * eps;
    });
  const sources = ['round(price)', 'floor(price)', 'ceil(price)', 'price % 3', 'price % 0.1', 'price % (-2.5)', 'floor(price / 7)', 'round(price * 0.01)'];

  it('round, floor, ceil and % agree bit for bit', () => {
    const compiled = sources.map((source) => compileExpression(source, PATH));
    fc.assert(
      fc.property(nearGrid, (price) => {
        const v = vars({ price });
        sources.forEach((source, i) => {
          const ours = compiled[i](v);
          const theirs = referenceValue(source, v);
          if (!(ours === theirs || (Number.isNaN(ours) && Number.isNaN(theirs)))) throw new Error(`${source} at price=${price}: ours ${ours}, mathjs ${theirs}`);
        });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('property: random text gives a closure or an ExprError, nothing else', () => {
  const TOKENS = [
    ...RULE_VARIABLES, ...RULE_FUNCTIONS, 'pi', 'e', 'Infinity', 'NaN', 'true', 'false', 'null', 'undefined',
    '0', '1', '2.5', '1e3', '0x1F', '1e', '.', ',', ';', ':', '(', ')', '[', ']', '{', '}', '"', "'", '`',
    '+', '-', '*', '/', '^', '%', '!', '~', '&', '|', '<', '>', '<=', '>=', '==', '!=', '=', '?', '??', '.*', "'",
    'and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'cm', '#', '$', '@', '\\', '\n', ' ', '=>', '->',
    'import', 'evaluate', 'parse', 'compile', 'createUnit', 'simplify', 'derivative', 'constructor', '__proto__',
    'prototype', 'globalThis', 'process', 'require', 'Function', 'eval', 'this', 'new', 'function', 'return',
    'pwned = 1', 'globalThis.pwned = 1', 'import({pwned: 1}, {override: true})', 'f(x) = x',
  ];
  const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).chain((ts) => fc.constantFrom(ts.join(' '), ts.join('')));
  const text = fc.oneof(tokenSoup, fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }), grammar(fc.boolean()));

  it('never throws anything but ExprError, and compiled closures return numbers', () => {
    fc.assert(
      fc.property(text, scopeArb, (source, v) => {
        let compiled;
        try {
          compiled = compileExpression(source, PATH);
        } catch (err) {
          if (!(err instanceof ExprError)) throw new Error(`${JSON.stringify(source)} threw ${String(err)}`);
          expect(err.message.startsWith(PATH + ': ')).toBe(true);
          expect(err.path).toBe(PATH);
          expect(checkExpression(source, PATH)).toBe(err.message);
          return;
        }
        expect(checkExpression(source, PATH)).toBeNull();
        expect(typeof compiled(v)).toBe('number');
      }),
      { numRuns: 5000 },
    );
    expect('pwned' in globalThis).toBe(false);
  });
});
