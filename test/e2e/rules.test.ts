/**
 * User `rules` policies: mathjs (through sim/rules.ts, the chunk rules-*.js) is fetched only when a
 * scenario has rules, a rule runs, a bad expression is reported with its
 * field path, and editing the rule text re-runs.
 */
import { describe, expect, it } from 'vitest';
import { useHarness, appState, chart, openPage, setParam, type Harness } from './helpers.ts';
import { hashFor, RULES_SCENARIO } from './fixtures.ts';
import type { Settings } from '../../web/lib/share.ts';

let h: Harness;
useHarness((x) => (h = x));

const SETTINGS: Settings = { seed: '3', horizonDays: 365, paths: 100, company: 'RULE', deterministic: false, view: 'single' };

interface State {
  scenarioId: string;
  issues: { path: string; message: string }[];
  loadProblem: { issues: { path: string }[] } | null;
}

describe('web app: user rules load mathjs lazily', () => {
  it('does not fetch the rule compiler for scenarios without rules', async () => {
    const { page, context, errors } = await openPage(h);
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
    expect(scripts.some((s) => /\/rules-[^/]*\.js$/.test(s))).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('fetches it for a rules scenario, runs the rule, and names a bad expression', async () => {
    const { page, context, errors } = await openPage(h, { hash: await hashFor(RULES_SCENARIO, SETTINGS) });
    const s = await appState<State>(page);
    expect(s.scenarioId).toBe('e2e-rules');
    expect(s.loadProblem).toBeNull();
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(scripts.some((x) => /\/rules-[^/]*\.js$/.test(x))).toBe(true);
    const coins = await chart(page, 'coins');
    expect(coins!.datasets[0].data.length).toBe(365);
    // A rule the whitelist refuses: the message names the expression's path; the last run stays.
    await setParam(page, 'companies[0].policies[0].rules[0].when', 'secretVariable > 1');
    await page.waitForFunction(() => (window.__datDebug!.state() as State).issues.length > 0);
    const st = await appState<State>(page);
    expect(st.issues[0].path).toBe('companies[0].policies[0].rules[0].when');
    expect((await chart(page, 'coins'))!.datasets[0].data).toEqual(coins!.datasets[0].data);
    // A valid edit re-runs: selling every business day from the start.
    await setParam(page, 'companies[0].policies[0].rules[0].when', 'day >= 0');
    await page.waitForFunction(() => (window.__datDebug!.state() as State).issues.length === 0);
    await page.waitForFunction((b) => JSON.stringify((window.__datDebug!.chart('coins') as { datasets: { data: unknown }[] }).datasets[0].data) !== b, JSON.stringify(coins!.datasets[0].data));
    const after = await chart(page, 'coins');
    expect(after!.datasets[0].data[364]!).toBeLessThan(coins!.datasets[0].data[364]!);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('runs an ensemble of a rules scenario in the workers', async () => {
    const { page, context, errors } = await openPage(h, { hash: await hashFor(RULES_SCENARIO, { ...SETTINGS, paths: 40 }) });
    await page.locator('#run-ensemble').click();
    await page.waitForFunction(() => (window.__datDebug!.state() as { ensemble: { status: string } }).ensemble.status === 'done', undefined, { timeout: 60_000 });
    expect(await chart(page, 'fan-coin')).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});
