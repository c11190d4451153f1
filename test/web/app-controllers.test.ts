/**
 * <dat-app>'s reactive controllers (web/lib/*-controller.ts) outside the
 * browser: their pure helpers, and the scenario and run controllers driven
 * through a fake Lit host (the e2e suite drives them in the real app).
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedScenario } from '../../sim/types.ts';
import { chunkFor } from '../../web/lib/page-controller.ts';
import { ensembleKey, needsRerun, RunController } from '../../web/lib/run-controller.ts';
import type { ScenarioData } from '../../web/lib/saved-scenarios.ts';
import { exchangesOf, mergeProblem, openedSettings, parseScenarioFile, ScenarioController, sessionEntryFor, withCompany, withSessionEntry } from '../../web/lib/scenario-controller.ts';
import type { Settings } from '../../web/lib/share.ts';
import { TEMPLATE_SCENARIO } from '../../web/lib/template.ts';
import { nextThemeMode, storedThemeMode } from '../../web/lib/theme-controller.ts';
import { tabKeyTarget } from '../../web/lib/view-tabs.ts';
import { fakeLitHost, TEST_SCENARIO } from './fixtures.ts';

const SETTINGS: Settings = { seed: '1', horizonDays: 365, paths: 500, company: null, deterministic: false, view: 'single' };
const data = (): ScenarioData => structuredClone(TEST_SCENARIO) as ScenarioData;

/** A stand-in for the LitElement host: counts update requests, records opened scenarios. */
function fakeHost() {
  const opened: { resolved: ResolvedScenario; settings: Partial<Settings> | undefined }[] = [];
  return Object.assign(fakeLitHost(), {
    opened,
    async scenarioOpened(resolved: ResolvedScenario, settings: Partial<Settings> | undefined) {
      opened.push({ resolved, settings });
    },
  });
}

describe('pure helpers', () => {
  it('theme: a stored value means light or dark only when it says so; the button cycles auto → light → dark → auto', () => {
    expect([storedThemeMode(null), storedThemeMode('light'), storedThemeMode('dark'), storedThemeMode('sepia'), storedThemeMode('auto')]).toEqual(['auto', 'light', 'dark', 'auto', 'auto']);
    expect([nextThemeMode('auto'), nextThemeMode('light'), nextThemeMode('dark')]).toEqual(['light', 'dark', 'auto']);
  });

  it('pages: each page names the lazy chunk it needs', () => {
    expect(chunkFor('sim')).toBeNull();
    expect(chunkFor('builder')).toBeNull();
    expect(chunkFor('analysis')).toBe('analysis');
    expect(chunkFor('methodology')).toBe('methodology');
    expect(['lessons', 'lesson', 'teach', 'glossary'].map((p) => chunkFor(p as never))).toEqual(['teaching', 'teaching', 'teaching', 'teaching']);
  });

  it('view tabs: arrows move one and wrap, Home/End go to the ends, other keys do nothing', () => {
    // 4 tabs (single, ensemble, compare, risk): right of the last is the first, left of the first is the last.
    expect(tabKeyTarget('ArrowRight', 1, 4)).toBe(2);
    expect(tabKeyTarget('ArrowRight', 3, 4)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 0, 4)).toBe(3);
    expect(tabKeyTarget('Home', 2, 4)).toBe(0);
    expect(tabKeyTarget('End', 0, 4)).toBe(3);
    expect(tabKeyTarget('Enter', 1, 4)).toBe(-1);
  });

  it('a file that is not JSON or not an object is refused with the reason, naming the file', () => {
    const bad = parseScenarioFile('x.json', '{"a":');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problem.heading).toBe('x.json cannot be opened; nothing changed.');
      expect(bad.problem.issues[0].message).toMatch(/^not valid JSON: /);
    }
    for (const text of ['[1,2]', 'null', '3']) {
      const r = parseScenarioFile('y.json', text);
      expect(r.ok ? '' : r.problem.issues[0].message).toBe('expected a scenario object ({"schemaVersion": 1, ...})');
    }
    expect(parseScenarioFile('z.json', '{"schemaVersion":1}')).toEqual({ ok: true, data: { schemaVersion: 1 } });
  });

  it('exchanges: the presets, then the file’s own listing rules', () => {
    const presets = exchangesOf(null);
    expect(presets).toContain('nasdaq-cm');
    expect(exchangesOf({ listingRules: { 'my-venue': {} } })).toEqual([...presets, 'my-venue']);
  });

  it('settings: a new scenario brings its seed and horizon, a link’s settings win, an unknown company becomes the first', () => {
    const resolved = { seed: 'web', horizonDays: 120, companies: [{ ticker: 'AAA' }, { ticker: 'BBB' }] } as unknown as ResolvedScenario;
    expect(openedSettings({ ...SETTINGS, company: 'ZZZ', paths: 50 }, resolved)).toEqual({ ...SETTINGS, seed: 'web', horizonDays: 120, company: 'AAA', paths: 50 });
    expect(openedSettings(SETTINGS, resolved, { seed: '9', company: 'BBB', view: 'risk' })).toEqual({ ...SETTINGS, seed: '9', horizonDays: 120, company: 'BBB', view: 'risk' });
    const s = { ...SETTINGS, company: 'BBB' };
    expect(withCompany(s, resolved)).toBe(s);
    expect(withCompany(s, null).company).toBeNull();
  });

  it('load problems: a later one puts its issues first under the heading already shown', () => {
    const a = mergeProblem(null, 'A', [{ path: 'x', message: '1' }]);
    expect(a).toEqual({ heading: 'A', issues: [{ path: 'x', message: '1' }] });
    expect(mergeProblem(a, 'B', [{ path: 'y', message: '2' }])).toEqual({ heading: 'A', issues: [{ path: 'y', message: '2' }, { path: 'x', message: '1' }] });
  });

  it('runs: the seed, horizon and deterministic switch re-run the path; the ensemble key ignores the view but not the paths', () => {
    expect(needsRerun(SETTINGS, { ...SETTINGS, view: 'compare', company: 'X', paths: 9 })).toBe(false);
    expect(needsRerun(SETTINGS, { ...SETTINGS, seed: '2' })).toBe(true);
    expect(needsRerun(SETTINGS, { ...SETTINGS, horizonDays: 30 })).toBe(true);
    expect(needsRerun(SETTINGS, { ...SETTINGS, deterministic: true })).toBe(true);
    const f = data();
    expect(ensembleKey(f, { ...SETTINGS, view: 'risk' })).toBe(ensembleKey(f, SETTINGS));
    expect(ensembleKey(f, { ...SETTINGS, paths: 501 })).not.toBe(ensembleKey(f, SETTINGS));
    expect(ensembleKey({ ...f, seed: 'other' }, SETTINGS)).not.toBe(ensembleKey(f, SETTINGS));
  });
});

describe('ScenarioController', () => {
  it('opens a scenario, keeps its edits across a switch, and resets them', async () => {
    const host = fakeHost();
    const sc = new ScenarioController(host);
    expect(host.controllers).toEqual([sc]);
    expect(await sc.open('opened:1', data(), { source: 'test.json', clearProblem: true })).toBe(true);
    expect(sc.key).toBe('opened:1');
    expect(sc.baseline).toEqual(TEST_SCENARIO);
    expect(host.opened.map((o) => o.resolved.companies.map((c) => c.ticker))).toEqual([['AAA', 'BBB']]);
    expect(sc.groups.length).toBeGreaterThan(0);

    expect(sc.setParam(['companies', 1, 'cashUsd'], 1e6)).toBe(true);
    expect((sc.file!.companies as { cashUsd: number }[])[1].cashUsd).toBe(1e6);
    expect((sc.baseline!.companies as { cashUsd: number }[])[1].cashUsd).toBe(TEST_SCENARIO.companies[1].cashUsd);

    await sc.select('template');
    expect(sc.key).toBe('template');
    expect(sc.file).toEqual(TEMPLATE_SCENARIO);
    // Back: the edit is still there.
    await sc.open('opened:1', data(), { source: 'test.json', clearProblem: true });
    expect((sc.file!.companies as { cashUsd: number }[])[1].cashUsd).toBe(1e6);

    // A parameter the scenario as loaded does not set is removed on reset.
    sc.setParam(['companies', 0, 'debt'], []);
    sc.setParam(['markets', 'BTC', 'sigma'], 0.9);
    sc.resetParam(['markets', 'BTC', 'sigma']);
    expect((sc.file!.markets as Record<string, Record<string, unknown>>).BTC).toEqual(TEST_SCENARIO.markets.BTC);
    expect(sc.resetAll()).toBe(true);
    expect(sc.file).toEqual(TEST_SCENARIO);
    await sc.select('template');
    await sc.open('opened:1', data(), { source: 'test.json', clearProblem: true });
    expect(sc.file).toEqual(TEST_SCENARIO);
  });

  it('a bad file or an invalid scenario leaves the scenario on screen and says why; a good file joins the session', async () => {
    const host = fakeHost();
    const sc = new ScenarioController(host);
    await sc.open('template', TEMPLATE_SCENARIO, { source: 'The template', clearProblem: true });
    await sc.openFile('broken.json', '{');
    expect(sc.problem?.heading).toBe('broken.json cannot be opened; nothing changed.');
    const bad = { ...data(), horizonDays: -5 };
    await sc.openFile('bad.json', JSON.stringify(bad));
    expect(sc.problem?.heading).toBe('bad.json is not a valid scenario; the previous scenario stays on screen.');
    expect(sc.problem?.issues.some((i) => i.path.includes('horizonDays'))).toBe(true);
    expect(sc.key).toBe('template');
    expect(sc.session).toEqual([]);
    expect(host.opened).toHaveLength(1);

    await sc.openFile('good.json', JSON.stringify(TEST_SCENARIO));
    expect(sc.problem).toBeNull();
    expect(sc.session.map((f) => [f.key, f.name])).toEqual([['file:good.json', `good.json: ${TEST_SCENARIO.name}`]]);
    expect(sc.key).toBe('file:good.json');

    // A link to the scenario on screen opens nothing; the same file under a link finds its session entry.
    expect(await sc.openLinked({ key: null, source: 'The link', data: data() }, {})).toBe('same');
    await sc.select('template');
    expect(await sc.openLinked({ key: null, source: 'The link', data: data() }, { seed: '5' })).toBe('opened');
    expect(sc.key).toBe('file:good.json');
    expect(host.opened.at(-1)?.settings).toEqual({ seed: '5' });
    expect(await sc.openLinked({ key: null, source: 'The link', data: bad }, {})).toBe('failed');
    expect(sc.problem?.heading).toBe("The link's scenario is invalid; the previous scenario stays on screen.");
    sc.dismissProblem();
    expect(sc.problem).toBeNull();
  });

  it('one picker entry per upload name and one for the builder draft: opening again replaces it, as loaded, selected', async () => {
    const host = fakeHost();
    const sc = new ScenarioController(host);
    await sc.open('template', TEMPLATE_SCENARIO, { source: 'The template', clearProblem: true });
    const named = (name: string, cashUsd: number): string => {
      const d = data() as ScenarioData & { companies: { cashUsd: number }[] };
      d.name = name;
      d.companies[1].cashUsd = cashUsd;
      return JSON.stringify(d);
    };
    const cash = () => (sc.file!.companies as { cashUsd: number }[])[1].cashUsd;
    const entries = () => sc.session.map((f) => [f.key, f.name]);

    // An upload, edited, then the same name uploaded again: one entry, the new file as loaded (the old edits go).
    await sc.openFile('a.json', named('A1', 1));
    sc.setParam(['companies', 1, 'cashUsd'], 99);
    await sc.openFile('a.json', named('A2', 2));
    expect(entries()).toEqual([['file:a.json', 'a.json: A2']]);
    expect([sc.key, cash(), sc.baseline!.name]).toEqual(['file:a.json', 2, 'A2']);
    // Another name is another entry.
    await sc.openFile('b.json', named('B', 3));
    expect(entries()).toEqual([['file:a.json', 'a.json: A2'], ['file:b.json', 'b.json: B']]);

    // The builder's draft run three times (an edit in between, and one in the simulator): one entry, in place, the last draft as built.
    await sc.openFile('my-scenario.json', named('Draft 1', 10), 'builder');
    sc.setParam(['companies', 1, 'cashUsd'], 77);
    await sc.openFile('my-scenario.json', named('Draft 2', 20), 'builder');
    expect([sc.key, cash()]).toEqual(['builder', 20]);
    await sc.select('file:a.json');
    await sc.openFile('my-scenario.json', named('Draft 2', 20), 'builder');
    expect(entries()).toEqual([['file:a.json', 'a.json: A2'], ['file:b.json', 'b.json: B'], ['builder', 'Builder draft (my-scenario.json): Draft 2']]);
    expect([sc.key, cash()]).toEqual(['builder', 20]);
    expect(host.opened.at(-1)?.resolved.companies[1].cashUsd).toBe(20);

    // An invalid draft replaces nothing: the entry and the scenario on screen stay.
    await sc.openFile('my-scenario.json', JSON.stringify({ ...data(), horizonDays: -5 }), 'builder');
    expect(sc.problem?.heading).toBe('my-scenario.json is not a valid scenario; the previous scenario stays on screen.');
    expect(entries()).toHaveLength(3);
    expect([sc.key, cash()]).toEqual(['builder', 20]);

    // The pure helpers: the entry's key and label, and replacement in place.
    expect(sessionEntryFor('builder', 'x.json', { id: 'x' } as ScenarioData)).toMatchObject({ key: 'builder', name: 'Builder draft (x.json): x' });
    expect(sessionEntryFor('upload', 'x.json', { name: 'X' } as ScenarioData)).toMatchObject({ key: 'file:x.json', name: 'x.json: X' });
    const e = (key: string, name: string) => ({ key, name, data: {} as ScenarioData });
    expect(withSessionEntry([e('a', '1'), e('b', '1')], e('a', '2')).map((x) => x.key + x.name)).toEqual(['a2', 'b1']);
    expect(withSessionEntry([e('a', '1')], e('c', '1')).map((x) => x.key + x.name)).toEqual(['a1', 'c1']);
  });

  it('applies a link’s edits against the scenario as loaded', async () => {
    const sc = new ScenarioController(fakeHost());
    expect(sc.applyEdits([])).toBe(false);
    await sc.open('opened:1', data(), { source: 'test.json', clearProblem: true });
    const before = sc.file;
    expect(sc.applyEdits([])).toBe(true);
    expect(sc.file).toBe(before);
  });
});

describe('RunController', () => {
  it('runs the edited file with the settings, counts runs, and keeps the last valid run when an edit cannot run', async () => {
    const host = fakeHost();
    let file: ScenarioData | null = data();
    const settings: Settings = { ...SETTINGS, seed: '7', horizonDays: 30, company: 'AAA' };
    let ran = 0;
    const run = new RunController(host, () => ({ file, settings }), { ran: () => ran++, drawn: () => Promise.resolve() });
    await run.now();
    expect(run.issues).toEqual([]);
    expect(run.result?.seed).toBe('7');
    expect(Object.keys(run.result!.companies)).toEqual(['AAA', 'BBB']);
    expect(run.timings.runSeq).toBe(1);
    expect(run.timings.runMs).toBeGreaterThanOrEqual(0);
    expect(ran).toBe(1);
    const good = run.result;

    file = { ...data(), horizonDays: -5 };
    await run.now();
    expect(run.issues.length).toBeGreaterThan(0);
    expect(run.result).toBe(good);
    expect(run.timings.runSeq).toBe(1);
    expect(ran).toBe(1);

    file = null;
    await run.now();
    expect(run.timings.runSeq).toBe(1);
  });
});
