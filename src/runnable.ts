/**
 * The checks `run` makes before the first day, made at load time too, so
 * `validate` refuses exactly what `run` would (issue: bounded inputs): the
 * engine's own preparation (a company that would start insolvent, an unknown
 * coin or exchange, a correlation matrix that is not positive semi-definite).
 * A ModelError becomes a ScenarioError naming the file and the field. Pure.
 */
import { ModelError, prepareModel, ListingClock, type EventSink, type ResolvedScenario } from '../sim/index.ts';
import { ScenarioError } from './resolve.ts';

/** Rule expressions are checked (not run) here: preparation only needs something callable. */
const placeholderCompiler = () => () => 0;

const noEvents: EventSink = { push() {} };

export function assertRunnable(scenario: ResolvedScenario, file?: string): ResolvedScenario {
  let model;
  try {
    model = prepareModel(scenario, { compileRule: placeholderCompiler });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    const prefix = `${e.path}: `;
    throw new ScenarioError([{ path: e.path, message: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message }], file);
  }
  // Each company's listing rule set, as the run builds it (e.g. a penny price needs penny days).
  for (const c of model.companies) {
    try {
      new ListingClock(c.rules, model.calendar, noEvents, c.params.ticker);
    } catch (e) {
      const m = /^listing rule (\S+) (.*)$/.exec((e as Error).message);
      if (!m) throw e;
      throw new ScenarioError([{ path: `listingRules.${c.params.exchange}.${m[1]}`, message: `${m[2]} (the rule set of companies[${c.index}], ${c.params.ticker})` }], file);
    }
  }
  return scenario;
}
