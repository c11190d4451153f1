/**
 * The rule compiler for Node drivers, from the engine's second entry
 * sim/rules.ts (the web app imports that file lazily instead, so mathjs stays out of its first bundle). The engine reads rule
 * variables by position: RULE_VARIABLE_ORDER must equal RULE_VARIABLES
 * (test/engine.test.ts checks it).
 */
export { checkExpression, compileExpression, RULE_VARIABLES, RULE_VARIABLE_DOCS, RULE_FUNCTIONS } from '../sim/rules.ts';
