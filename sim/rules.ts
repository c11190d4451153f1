/**
 * The engine's second entry: the rule compiler (user `rules` policies,
 * docs/model.md §11). Kept out of sim/index.ts because it pulls in mathjs
 * (~650 kB): the web app imports this file lazily (web/lib/runner.ts,
 * web/ensemble.worker.ts), Node drivers through src/rules.ts. src/ and web/
 * import the engine only through sim/index.ts and this file
 * (test/imports.test.ts). The engine reads rule variables by position:
 * RULE_VARIABLE_ORDER (sim/index.ts) equals RULE_VARIABLES here.
 */
export {
  compileExpression,
  checkExpression,
  ExprError,
  RULE_VARIABLES,
  RULE_VARIABLE_DOCS,
  RULE_FUNCTIONS,
  RULE_CONSTANTS,
  RULE_SYNTAX_SUMMARY,
  MAX_EXPRESSION_LENGTH,
  MAX_EXPRESSION_DEPTH,
  type CompiledExpr,
  type RuleVariable,
  type RuleFunction,
} from './expr.ts';
