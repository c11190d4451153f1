/**
 * Does a scenario (a resolved one, or a file object, even a half-typed one) have a `rules`
 * policy, and so need the rule compiler (sim/expr.ts, mathjs)? The one copy: the CLI's
 * loader (src/node/files.ts), the ensemble workers (src/batch/worker-core.ts) and the web
 * app (web/lib/params.ts `hasRules`) all call it. Pure (no Node, no DOM).
 */
export function usesRules(scenario: unknown): boolean {
  const cos = (scenario as { companies?: { policies?: { kind?: string }[] }[] } | null | undefined)?.companies;
  return Array.isArray(cos) && cos.some((c) => Array.isArray(c?.policies) && c.policies.some((p) => p?.kind === 'rules'));
}
