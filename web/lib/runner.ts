/**
 * Main-thread runs: resolve a scenario file, simulate one path (with its
 * counterfactual), and turn every failure into field-path issues for the
 * inline message. sim/rules.ts, the rule compiler (sim/expr.ts and with it
 * mathjs), is imported only when a scenario has a `rules` policy.
 */
import { ScenarioError, resolveScenario, type ScenarioIssue } from '../../src/resolve.ts';
import { prepare, runPreparedTyped, type SimResultTyped } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import { hasRules } from './params.ts';

type ExprModule = typeof import('../../sim/rules.ts');
let expr: ExprModule | null = null;
let exprLoading: Promise<ExprModule> | null = null;

/** Loads the rule compiler (mathjs) once. */
export function loadExpr(): Promise<ExprModule> {
  exprLoading ??= import('../../sim/rules.ts').then((m) => (expr = m));
  return exprLoading;
}

export function exprLoaded(): boolean {
  return expr !== null;
}

/** Makes sure a scenario that needs the rule compiler can be resolved synchronously afterwards. */
export async function prepareFor(file: unknown): Promise<void> {
  if (hasRules(file) && !expr) await loadExpr();
}

export type Resolved = { ok: true; resolved: ResolvedScenario } | { ok: false; issues: ScenarioIssue[] };

/** Validates and resolves; call `prepareFor` first when the file may have rules. */
export function resolveFile(file: unknown, fileName?: string): Resolved {
  try {
    if (hasRules(file) && !expr) return { ok: false, issues: [{ path: '', message: 'the rule compiler is still loading' }] };
    return { ok: true, resolved: resolveScenario(file, { file: fileName, checkExpression: expr?.checkExpression }) };
  } catch (e) {
    return { ok: false, issues: toIssues(e) };
  }
}

export interface RunSettings {
  seed: string;
  horizonDays: number;
  deterministic: boolean;
}

export type Ran = { ok: true; result: SimResultTyped; ms: number } | { ok: false; issues: ScenarioIssue[] };

/** One path and its counterfactual. */
export function runSingle(resolved: ResolvedScenario, s: RunSettings, counterfactual = true): Ran {
  const t0 = performance.now();
  try {
    const model = prepare(resolved, { days: s.horizonDays, deterministic: s.deterministic, compileRule: expr?.compileExpression });
    const result = runPreparedTyped(model, { seed: s.seed, path: 0, counterfactual });
    return { ok: true, result, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, issues: toIssues(e) };
  }
}

/** Any thrown error as issues: ScenarioError keeps its list; ModelError and ExprError carry a `path`. */
export function toIssues(e: unknown): ScenarioIssue[] {
  if (e instanceof ScenarioError) return e.issues;
  const err = e as { path?: unknown; message?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const path = typeof err?.path === 'string' ? err.path : '';
  // ModelError prefixes its message with the path; do not say it twice.
  return [{ path, message: path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message }];
}
