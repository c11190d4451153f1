/**
 * Resolution of the capital-action fields (sim/actions.ts): holder puts and
 * amendments on debt, dated actions, the reverseSplit policy. Every check here
 * runs before any simulation and reports the field path and what was expected.
 */
import { dateToOrdinal, ordinalToDate, type AmendmentParams, type CompanyParams, type DatedAction, type HolderPutParams, type ListingRuleSet, type PolicyParams } from '../sim/index.ts';
import { DEFAULTS, HOLDER_TERMS_DEFAULTS } from './presets/defaults.ts';
import { fillDefaults } from './presets/fill.ts';
import type { z } from 'zod';
import { PolicySchema, type AmendmentSchema, type CompanyFile, type HolderPutSchema } from './schema.ts';
import type { ScenarioIssue } from './resolve.ts';

type HolderFile = { holderPut?: z.input<typeof HolderPutSchema> | null; amendment?: z.input<typeof AmendmentSchema> | null };

/** Holder put and amendment of a convertible, loan or dated raise (absent: null), filled from the defaults table and checked. */
export function resolveHolderTerms(
  d: HolderFile,
  dpath: string,
  startOrd: number,
  issues: ScenarioIssue[],
): { holderPut: HolderPutParams | null; amendment: AmendmentParams | null } {
  const { holderPut, amendment } = fillDefaults(HOLDER_TERMS_DEFAULTS, { holderPut: d.holderPut, amendment: d.amendment }) as { holderPut: HolderPutParams | null; amendment: AmendmentParams | null };
  if (holderPut) {
    if (!(holderPut.ltvAbove > 0) && !(holderPut.stockBelowUsd > 0) && holderPut.date === null) {
      issues.push({ path: `${dpath}.holderPut`, message: 'expected at least one trigger: ltvAbove > 0, stockBelowUsd > 0 or a date' });
    }
    if (holderPut.date !== null && dateToOrdinal(holderPut.date) < startOrd) {
      issues.push({ path: `${dpath}.holderPut.date`, message: `expected a date on or after startDate (${ordinalToDate(startOrd)}); a put before the start has no effect` });
    }
  }
  if (amendment) {
    if (dateToOrdinal(amendment.saleEndDate) < startOrd) issues.push({ path: `${dpath}.amendment.saleEndDate`, message: `expected a date on or after startDate (${ordinalToDate(startOrd)})` });
    if (dateToOrdinal(amendment.newMaturityDate) < dateToOrdinal(amendment.saleEndDate)) issues.push({ path: `${dpath}.amendment.newMaturityDate`, message: `expected a date on or after saleEndDate (${amendment.saleEndDate})` });
  }
  return { holderPut, amendment };
}

/**
 * Largest cumulative reverse-split ratio of `splits` over any window of
 * `windowDays` ending at one of them (the exchange's look-back).
 */
function worstCumulative(splits: readonly { ord: number; ratio: number }[], windowDays: number): { ratio: number; at: number } {
  let worst = { ratio: 1, at: -1 };
  for (let k = 0; k < splits.length; k++) {
    let cum = 1;
    for (const s of splits) if (s.ord <= splits[k].ord && splits[k].ord - s.ord <= windowDays) cum *= s.ratio;
    if (cum > worst.ratio) worst = { ratio: cum, at: k };
  }
  return worst;
}

/** The reverseSplit policy: its ratio must be below the exchange's cumulative limit. */
export function checkSplitPolicy(p: PolicyParams, ppath: string, rules: ListingRuleSet | undefined, issues: ScenarioIssue[]): void {
  if (p.kind !== 'reverseSplit' || !rules) return;
  if (rules.cumulativeSplitLimit > 0 && p.ratio >= rules.cumulativeSplitLimit) {
    issues.push({ path: `${ppath}.ratio`, message: `expected a ratio below ${rules.name}'s cumulative reverse-split limit of ${rules.cumulativeSplitLimit} over ${rules.cumulativeSplitWindowDays} days, got ${p.ratio}` });
  }
  if (!(p.belowPriceUsd > 0) && !(p.daysBeforeDeadline > 0)) {
    issues.push({ path: ppath, message: 'expected a trigger: belowPriceUsd > 0 or daysBeforeDeadline > 0' });
  }
}

/** Dated actions of one company, checked against the horizon, its instruments, its policies and its exchange. */
export function resolveCapitalActions(
  c: CompanyFile,
  company: CompanyParams,
  path: string,
  startOrd: number,
  horizonDays: number,
  rules: ListingRuleSet | undefined,
  issues: ScenarioIssue[],
): DatedAction[] {
  const out: DatedAction[] = [];
  const endOrd = startOrd + horizonDays - 1;
  // Instrument ids and the ordinal from which each exists (-Infinity: at the start).
  const since = new Map<string, number>();
  for (const d of company.debt) since.set(d.id, -Infinity);
  const splits: { ord: number; ratio: number; k: number }[] = company.priorReverseSplits.map((r) => ({ ord: dateToOrdinal(r.date), ratio: r.ratio, k: -1 }));
  // setPolicy merges onto the settings in force on its date: apply them in date order.
  const policyNow = company.policies.map((p) => p);
  const actions = c.actions ?? [];
  // Each action filled from its kind's entry of the defaults table; `a` (the file's) is kept for the checks on what the file set.
  const filled = fillDefaults(DEFAULTS.company.actions, actions) as unknown as DatedAction[];
  const order = actions.map((a, k) => ({ a, k, ord: dateToOrdinal(a.date) })).sort((x, y) => x.ord - y.ord || x.k - y.k);
  const resolved: (DatedAction | null)[] = actions.map(() => null);
  for (const { a, k, ord } of order) {
    const fa = filled[k];
    const apath = `${path}.actions[${k}]`;
    if (ord < startOrd || ord > endOrd) {
      issues.push({ path: `${apath}.date`, message: `expected a date within the horizon, ${ordinalToDate(startOrd)} to ${ordinalToDate(endOrd)} (startDate + horizonDays - 1), got ${a.date}` });
      continue;
    }
    switch (a.kind) {
      case 'raise': {
        const id = a.id ?? `${a.instrument}-${a.date}`;
        if (a.instrument !== 'common') {
          if (since.has(id)) issues.push({ path: `${apath}.id`, message: `duplicate instrument id "${id}"; expected an id no other instrument of ${company.ticker} uses` });
          since.set(id, ord);
        }
        const needs: string[] = [];
        if ((a.instrument === 'convertible' || a.instrument === 'loan') && a.maturityDate === undefined) needs.push('maturityDate');
        if (a.instrument === 'convertible' && a.conversionPrice === undefined) needs.push('conversionPrice');
        if (a.instrument === 'preferred' && a.rate === undefined) needs.push('rate (the dividend rate)');
        if (needs.length) issues.push({ path: apath, message: `a ${a.instrument} raise needs ${needs.join(', ')}` });
        if (a.maturityDate !== undefined && dateToOrdinal(a.maturityDate) <= ord) issues.push({ path: `${apath}.maturityDate`, message: `expected a maturity after the raise date ${a.date}` });
        const debtLike = a.instrument === 'convertible' || a.instrument === 'loan';
        const extra = Object.keys(a).filter((f) => !debtLike && ['maturityDate', 'conversionPrice', 'collateralCoins', 'covenantLtv', 'liquidationLtv', 'targetLtv', 'holderPut', 'amendment'].includes(f));
        if (a.instrument !== 'convertible' && a.conversionPrice !== undefined && debtLike) extra.push('conversionPrice');
        if (extra.length) issues.push({ path: apath, message: `field(s) ${extra.join(', ')} do not apply to a ${a.instrument} raise` });
        if (a.instrument === 'common' && (a.rate !== undefined || a.id !== undefined)) issues.push({ path: apath, message: 'a common-stock raise takes no rate or id' });
        const raise = fa as Extract<DatedAction, { kind: 'raise' }>;
        const { covenantLtv, targetLtv, liquidationLtv } = raise;
        if (covenantLtv > 0 && targetLtv >= covenantLtv) issues.push({ path: `${apath}.targetLtv`, message: `expected a target LTV below the covenant LTV (${covenantLtv})` });
        if (liquidationLtv > 0 && covenantLtv > 0 && liquidationLtv < covenantLtv) issues.push({ path: `${apath}.liquidationLtv`, message: `expected the liquidation LTV to be at or above the covenant LTV (${covenantLtv})` });
        const terms = debtLike ? resolveHolderTerms(a, apath, startOrd, issues) : { holderPut: null, amendment: null };
        // Derived: the instrument id (a common raise is "common").
        resolved[k] = { ...raise, id: a.instrument === 'common' ? 'common' : id, ...terms };
        break;
      }
      case 'repay': {
        const from = since.get(a.instrument);
        if (from === undefined || from > ord) {
          const known = [...since.entries()].filter(([, o]) => o <= ord).map(([id]) => `"${id}"`);
          issues.push({ path: `${apath}.instrument`, message: `unknown instrument "${a.instrument}" on ${a.date}; expected the id of a convertible, loan or preferred outstanding by then: ${known.join(', ') || '(none)'}` });
          continue;
        }
        resolved[k] = fa;
        break;
      }
      case 'buyCoins':
      case 'sellCoins':
        resolved[k] = fa;
        break;
      case 'reverseSplit': {
        splits.push({ ord, ratio: a.ratio, k });
        if (rules && rules.cumulativeSplitLimit > 0) {
          const w = worstCumulative(splits, rules.cumulativeSplitWindowDays);
          if (w.ratio >= rules.cumulativeSplitLimit) {
            issues.push({ path: `${apath}.ratio`, message: `expected a ratio that keeps the cumulative reverse splits within ${rules.cumulativeSplitWindowDays} days below ${rules.name}'s limit of ${rules.cumulativeSplitLimit} (prior splits included); this split brings it to ${+w.ratio.toPrecision(6)}` });
          }
        }
        resolved[k] = fa;
        break;
      }
      case 'setPolicy': {
        if (a.policy >= company.policies.length) {
          issues.push({ path: `${apath}.policy`, message: `expected the index of one of the company's ${company.policies.length} policies (0 to ${company.policies.length - 1}), got ${a.policy}` });
          continue;
        }
        const current = policyNow[a.policy];
        const settings = a.settings ?? {}; // what the file sets (the table's {} when it sets nothing)
        if ('kind' in settings && settings.kind !== current.kind) {
          issues.push({ path: `${apath}.settings.kind`, message: `a policy keeps its kind; expected "${current.kind}" or no kind` });
          continue;
        }
        if (current.kind === 'rules' && Object.keys(settings).length > 0) {
          issues.push({ path: `${apath}.settings`, message: 'the rules of a "rules" policy cannot change by date; switch it off (enabled: false) and on, or add a second rules policy' });
          continue;
        }
        const parsed = PolicySchema.safeParse({ ...current, ...settings, kind: current.kind });
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const field = issue.path.length ? `.${issue.path.map(String).join('.')}` : '';
            const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((x) => `"${x}"`).join(', ')} for a "${current.kind}" policy` : issue.message;
            issues.push({ path: `${apath}.settings${field}`, message });
          }
          continue;
        }
        const next = { ...current, ...settings, kind: current.kind } as PolicyParams;
        checkSplitPolicy(next, `${apath}.settings`, rules, issues);
        policyNow[a.policy] = next;
        resolved[k] = { ...(fa as Extract<DatedAction, { kind: 'setPolicy' }>), settings: next };
        break;
      }
    }
  }
  for (const r of resolved) if (r) out.push(r);
  return out;
}
