/**
 * The listing settings reported next to listing dates (issue "listing rules as the exchanges apply
 * them", point 5): the cure length used and, on Nasdaq, the 10-20 consecutive business days staff may
 * require (5810(c)(3)(H)); none on NYSE (month-end test). In the ensemble summary (JSON and its long
 * CSV rows, every value numeric) and in the risk map's listing outlook.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, riskMap, riskMarkdown } from '../src/index.ts';
import { COMPANY_METRICS, EVENTS, listingProcedureInfo, NASDAQ_CURE_DAYS_RANGE } from '../src/batch/ensemble.ts';
import { summaryRows } from '../src/batch/format.ts';
import { prepareModel } from '../sim/engine.ts';
import { compileExpression } from '../sim/expr.ts';

describe('listing settings next to listing dates', () => {
  it('Nasdaq reports the cure length with the staff range 10-20; NYSE has none', () => {
    const naka = prepareModel(loadScenario('scenarios/naka.json'));
    const info = listingProcedureInfo(naka.companies[0]);
    expect(info).toMatchObject({ exchange: 'nasdaq-gm', cureDays: 10, cureDaysStaffMin: 10, cureDaysStaffMax: 20, requestsHearing: true });
    expect(NASDAQ_CURE_DAYS_RANGE).toEqual([10, 20]);
    const sqns = prepareModel(loadScenario('scenarios/sqns.json'), { compileRule: compileExpression });
    expect(listingProcedureInfo(sqns.companies[0])).toMatchObject({ exchange: 'nyse', cureDaysStaffMin: null, cureDaysStaffMax: null, requestsHearing: false });
  });

  it('the summary rows keep every value numeric: flags 1/0, text in the statistic, settings that do not apply left out', () => {
    const listing = { exchange: 'nyse', cureDays: 30, cureDaysStaffMin: null, cureDaysStaffMax: null, requestsHearing: false, panelExceptionDays: 0, pennyRule: 'none', discretionary: false };
    const s = { seed: 'x', paths: 1, days: 1, scenario: { id: 's' }, companies: { SQNS: { events: Object.fromEntries(EVENTS.map((e) => [e, { count: 0, probability: 0, ci95: [0, 0], day: null }])), listing, terminal: Object.fromEntries(COMPANY_METRICS.map((m) => [m, {}])) } }, markets: {} };
    const rows = [...summaryRows(s as never)].filter((r) => r[2] === 'listing');
    expect(rows.map((r) => [r[3], r[6]])).toEqual([['exchange.nyse', 1], ['cureDays', 30], ['requestsHearing', 0], ['panelExceptionDays', 0], ['pennyRule.none', 1], ['discretionary', 0]]);
    for (const r of rows) expect(typeof r[6]).toBe('number');
  });

  it("the risk map's listing outlook names the settings it rests on", () => {
    const r = riskMap(loadScenario('scenarios/naka.json'), { paths: 4, noSpiral: true });
    expect(r.companies[0].listingProcedure).toMatchObject({ cureDays: 10, cureDaysStaffMin: 10, cureDaysStaffMax: 20 });
    expect(riskMarkdown(r)).toContain('Listing outlook (NAKA; nasdaq-gm: cure 10 days (staff may require 10-20); hearing requested, panel exception up to 180 days)');
  });
});
