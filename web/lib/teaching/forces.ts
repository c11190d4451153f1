/**
 * The four forces of the sell-off, each switched off in turn on the same
 * seed (common random numbers, docs/model.md §3), and each one's share of the
 * coin's fall. The source articles name three forces (ETF outflows, macro
 * fear, leverage); the treasuries are the fourth; macro fear is the
 * exogenous price path that no toggle removes.
 *
 * Definitions (also shown in the UI):
 *
 * - Fall so far, for one coin, up to day t:
 *     D(t) = max(0, 1 - min(P_0 .. P_t) / P_start)
 *   the deepest close at or before day t below the close before day 0
 *   (`price0`, the same in every run).
 * - Share of force f at day t:
 *     share_f(t) = (D_all(t) - D_without_f(t)) / D_all(t)
 *   what the fall loses when f alone is switched off, as a fraction of the
 *   fall with every force on.
 * - Exogenous part: D_none(t) / D_all(t), with all four forces off.
 * - Interaction: 1 - exogenous - sum of shares. The system is nonlinear
 *   (square-root impact, the liquidation cascade, policies with
 *   thresholds), so the shares need not add up to 100%: forces amplify one
 *   another (interaction > 0) or overlap (interaction < 0).
 *
 * Switching a force off:
 * - treasury: the counterfactual, `companyTrading: false` (no obligations,
 *   policies or trades; the companies are still valued);
 * - leverage: open interest at risk 0 and its rebuild target 0;
 * - etf: scheduled flows removed and the ETF chase set to 0 (the zero-mean
 *   flow noise stays, so the random numbers are the same);
 * - premium: drawdownSensitivity 0 and every premium penalty 0 (notice,
 *   OTC, leverage, reverse split, sale announcement).
 * Pure.
 */
import { PathRun, prepareModel, type RuleCompiler, type ResolvedScenario } from '../../../sim/index.ts';

export const FORCE_IDS = ['treasury', 'leverage', 'etf', 'premium'] as const;
export type ForceId = (typeof FORCE_IDS)[number];

export interface ForceInfo {
  id: ForceId;
  label: string;
  /** What switching it off does to the scenario. */
  off: string;
  /** Glossary id of the term that explains it. */
  term: string;
}

export const FORCES: readonly ForceInfo[] = [
  { id: 'treasury', label: 'Treasury selling', off: 'companies neither trade coins nor stock (the counterfactual)', term: 'counterfactual' },
  { id: 'leverage', label: 'Leverage liquidations', off: 'long and short open interest at risk set to 0 (and their rebuild targets)', term: 'liquidation' },
  { id: 'etf', label: 'ETF outflows', off: 'scheduled flows removed and the ETF chase set to 0 (flow noise stays)', term: 'etf-flow' },
  { id: 'premium', label: 'Premium compression', off: 'drawdownSensitivity 0 and every premium penalty 0', term: 'premium' },
];

/** The scenario with one force switched off ("treasury" needs no change: it is a run option). */
export function scenarioWithout(resolved: ResolvedScenario, forces: readonly ForceId[]): ResolvedScenario {
  const s = structuredClone(resolved);
  for (const f of forces) {
    if (f === 'leverage') {
      for (const m of s.markets) {
        m.leverage.openInterestUsd = 0;
        m.leverage.targetOpenInterestUsd = 0;
        m.leverage.shortOpenInterestUsd = 0;
        m.leverage.shortTargetOpenInterestUsd = 0;
      }
    } else if (f === 'etf') {
      for (const m of s.markets) {
        m.scheduledFlows = [];
        m.etfFlow.chase = 0;
      }
    } else if (f === 'premium') {
      for (const c of s.companies) {
        const p = c.premium;
        p.drawdownSensitivity = 0;
        p.noticePenalty = 0;
        p.otcPenalty = 0;
        p.leveragePenalty = 0;
        p.reverseSplitPenalty = 0;
        p.saleAnnouncementPenalty = 0;
        p.sizePenalty = 0;
      }
    }
  }
  return s;
}

export interface RunOpts {
  seed: string;
  days?: number;
  deterministic?: boolean;
  compileRule?: RuleCompiler;
}

/** Closing prices per coin of one run with the given forces off. */
export function closesWithout(resolved: ResolvedScenario, off: readonly ForceId[], o: RunOpts): Record<string, Float64Array> {
  const model = prepareModel(scenarioWithout(resolved, off), { days: o.days, deterministic: o.deterministic, compileRule: o.compileRule });
  const run = new PathRun(model, o.seed, 0, { record: 'summary', companyTrading: !off.includes('treasury') });
  const out: Record<string, Float64Array> = {};
  model.markets.forEach((m) => (out[m.params.coin] = new Float64Array(model.days)));
  const coins = model.markets.map((m) => out[m.params.coin]);
  for (let t = 0; t < model.days; t++) {
    run.step();
    for (let k = 0; k < coins.length; k++) coins[k][t] = run.marketDay(k).close;
  }
  return out;
}

export interface ForceRuns {
  coins: string[];
  /** Close before day 0 per coin (the same in every run). */
  startPrice: Record<string, number>;
  all: Record<string, Float64Array>;
  without: Record<ForceId, Record<string, Float64Array>>;
  none: Record<string, Float64Array>;
  elapsedMs: number;
}

/** Runs the scenario with every force, without each one, and without all four. */
export function runForces(resolved: ResolvedScenario, o: RunOpts): ForceRuns {
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const all = closesWithout(resolved, [], o);
  const without = {} as Record<ForceId, Record<string, Float64Array>>;
  for (const f of FORCE_IDS) without[f] = closesWithout(resolved, [f], o);
  const none = closesWithout(resolved, FORCE_IDS, o);
  const t1 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  return {
    coins: resolved.markets.map((m) => m.coin),
    startPrice: Object.fromEntries(resolved.markets.map((m) => [m.coin, m.price0])),
    all,
    without,
    none,
    elapsedMs: t1 - t0,
  };
}

/** D(t) = max(0, 1 - min(P_0..P_t) / P_start). */
export function fallSoFar(closes: ArrayLike<number>, startPrice: number, day: number): number {
  let lo = Infinity;
  const end = Math.min(day, closes.length - 1);
  for (let t = 0; t <= end; t++) if (closes[t] < lo) lo = closes[t];
  if (!(lo < Infinity) || !(startPrice > 0)) return 0;
  return Math.max(0, 1 - lo / startPrice);
}

export interface ForceShareRow {
  id: ForceId;
  /** Fall with this force switched off. */
  fallWithout: number;
  /** D_all - D_without. */
  delta: number;
  /** delta / D_all (null when there is no fall to share out). */
  share: number | null;
}

export interface ForceShares {
  coin: string;
  day: number;
  fallAll: number;
  fallNone: number;
  rows: ForceShareRow[];
  /** D_none / D_all (null without a fall). */
  exogenousShare: number | null;
  /** 1 - exogenous - sum of shares (null without a fall). */
  interaction: number | null;
}

/** Fall below which shares are not computed (0.1%): a ratio of two tiny numbers means nothing. */
export const MIN_FALL = 1e-3;

export function forceShares(runs: ForceRuns, coin: string, day: number): ForceShares {
  const p0 = runs.startPrice[coin];
  const fallAll = fallSoFar(runs.all[coin], p0, day);
  const fallNone = fallSoFar(runs.none[coin], p0, day);
  const ok = fallAll >= MIN_FALL;
  const rows = FORCE_IDS.map((id) => {
    const fallWithout = fallSoFar(runs.without[id][coin], p0, day);
    const delta = fallAll - fallWithout;
    return { id, fallWithout, delta, share: ok ? delta / fallAll : null };
  });
  const exogenousShare = ok ? fallNone / fallAll : null;
  const sum = rows.reduce((s, r) => s + (r.share ?? 0), 0);
  return { coin, day, fallAll, fallNone, rows, exogenousShare, interaction: ok && exogenousShare !== null ? 1 - exogenousShare - sum : null };
}
