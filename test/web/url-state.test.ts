/** The view in the URL (web/lib/url-state.ts): edits as diffs, encode/decode, bad URLs, history classes. */
import { describe, expect, it } from 'vitest';
import { encodeShare, type Settings } from '../../web/lib/share.ts';
import { EDIT_SETTLE_MS } from '../../web/lib/url-state-controller.ts';
import { applyDiff, checkDiff, classifyChange, decodeUrl, describeDiff, diffScenario, encodeView, isInPageAnchor, packJson, type ViewSnapshot } from '../../web/lib/url-state.ts';
import { TEST_SCENARIO } from './fixtures.ts';

const SAVED = ['fgnx.json', 'web-test.json'];
const SETTINGS: Settings = { seed: '77', horizonDays: 200, paths: 321, company: 'BBB', deterministic: true, view: 'compare' };
type Data = Record<string, unknown>;
const base = (): Data => structuredClone(TEST_SCENARIO) as Data;

function edited(): Data {
  const f = base() as typeof TEST_SCENARIO & Data;
  f.companies[1].cashUsd = 1e6;
  (f.markets.BTC as Data).sigma = 0.9;
  delete (f.companies[0] as Data).debt;
  f.companies[1].policies.push({ kind: 'buybackBelowNav', maxPriceUsd: 3 });
  return f;
}

function snap(over: Partial<ViewSnapshot> = {}): ViewSnapshot {
  const b = base();
  return { route: { page: 'sim' }, scenarioKey: 'saved:web-test.json', baseline: b, file: b, settings: SETTINGS, compareRef: 'baseline', pinned: null, ...over };
}

describe('edits as a diff against the scenario as loaded', () => {
  it('lists only what changed: a set per changed leaf, a delete per removed key, an array of another length whole', () => {
    const ops = diffScenario(base(), edited());
    // Worked by hand from edited(): four edits, in key order of the file.
    expect(ops).toEqual([
      [['markets', 'BTC', 'sigma'], 0.9],
      [['companies', 0, 'debt']],
      [['companies', 1, 'cashUsd'], 1e6],
      [['companies', 1, 'policies'], [{ kind: 'buybackBelowNav', maxPriceUsd: 5 }, { kind: 'buybackBelowNav', maxPriceUsd: 3 }]],
    ]);
    expect(diffScenario(base(), base())).toEqual([]);
  });

  it('applying the diff rebuilds the edited file exactly and leaves the base alone', () => {
    const b = base();
    const frozen = JSON.stringify(b);
    const out = applyDiff(b, diffScenario(b, edited()));
    expect(out).toEqual(edited());
    expect(JSON.stringify(b)).toBe(frozen);
  });

  it('describes the differences for people, a few at a time', () => {
    expect(describeDiff(base(), edited())).toEqual([
      'markets.BTC.sigma: (default) → 0.9',
      'companies[0].debt: [{"kind":"convertible","principalUsd":9… → (default)',
      'companies[1].cashUsd: 37000000 → 1000000',
      'companies[1].policies: [{"kind":"buybackBelowNav","maxPriceUsd… → [{"kind":"buybackBelowNav","maxPriceUsd…',
    ]);
    expect(describeDiff(base(), edited(), 2)).toEqual(['markets.BTC.sigma: (default) → 0.9', 'companies[0].debt: [{"kind":"convertible","principalUsd":9… → (default)', 'and 2 more']);
  });

  it('rejects edit lists that are not [path, value] / [path], or that reach for __proto__', () => {
    expect(checkDiff([[['a', 0], 1], [['b']]])).toBeNull();
    expect(checkDiff({})).toMatch(/list of edits/);
    expect(checkDiff([['a', 1]])).toMatch(/edit 1: expected a non-empty path/);
    expect(checkDiff([[[]]])).toMatch(/non-empty path/);
    expect(checkDiff([[['a', 1.5], 1]])).toMatch(/path element 1.5/);
    expect(checkDiff([[['__proto__', 'x'], 1]])).toMatch(/"__proto__" is not allowed/);
    expect(checkDiff([[['a'], 1, 2]])).toMatch(/edit 1: expected \[path, value\]/);
  });
});

describe('encode and decode', () => {
  it('a saved scenario with edits, settings and a pinned reference round-trips', async () => {
    const b = base();
    const pinned = applyDiff(b, [[['companies', 1, 'cashUsd'], 5e6]]);
    const v = snap({ baseline: b, file: edited(), compareRef: 'pinned', pinned });
    const hash = await encodeView(v);
    expect(hash).toMatch(/^#\/sim\?s=web-test\.json&e=[\w-]+&seed=77&h=200&n=321&det=1&view=compare&co=BBB&ref=pinned&pin=[\w-]+$/);
    const d = await decodeUrl(hash, SAVED);
    expect(d.issues).toEqual([]);
    expect(d.route).toEqual({ page: 'sim' });
    const sim = d.sim!;
    expect(sim.scenario).toEqual({ kind: 'saved', file: 'web-test.json' });
    expect(applyDiff(b, sim.edits)).toEqual(edited());
    expect(sim.settings).toEqual(SETTINGS);
    expect(sim.compareRef).toBe('pinned');
    expect(applyDiff(b, sim.pinned!)).toEqual(pinned);
  });

  it('a pin travels while it exists, whichever reference A shows; ref=pinned without one falls back to the scenario as loaded', async () => {
    const b = base();
    const pinned = applyDiff(b, [[['seed'], 'pinned-seed']]);
    const d = await decodeUrl(await encodeView(snap({ baseline: b, compareRef: 'saved:fgnx.json', pinned })), SAVED);
    expect(d.sim!.compareRef).toBe('saved:fgnx.json');
    expect(applyDiff(b, d.sim!.pinned!)).toEqual(pinned);
    const asLoaded = await encodeView(snap({ baseline: b, compareRef: 'pinned', pinned: b }));
    expect(asLoaded).toMatch(/&ref=pinned&pin=$/);
    expect((await decodeUrl(asLoaded, SAVED)).sim!.pinned).toEqual([]);
    const orphan = await decodeUrl('#/sim?s=fgnx.json&ref=pinned', SAVED);
    expect(orphan.sim!.compareRef).toBe('baseline');
    expect(orphan.issues).toEqual([{ path: 'ref', message: expect.stringMatching(/without the pinned parameters/) }]);
  });

  it('an opened file travels whole (f); Share embeds even a saved one and keeps its name as a hint', async () => {
    const b = base();
    const opened = await decodeUrl(await encodeView(snap({ scenarioKey: 'opened:1', baseline: b, file: b })), SAVED);
    expect(opened.sim!.scenario).toEqual({ kind: 'file', data: b, hint: null });
    const shared = await encodeView(snap({ baseline: b, file: edited(), compareRef: 'saved:fgnx.json' }), { embed: true });
    expect(shared).toMatch(/^#\/sim\?s=web-test\.json&f=[\w-]+&e=/);
    const d = await decodeUrl(shared, SAVED);
    expect(d.sim!.scenario).toEqual({ kind: 'file', data: b, hint: 'web-test.json' });
    expect(applyDiff(b, d.sim!.edits)).toEqual(edited());
    expect(d.sim!.compareRef).toBe('saved:fgnx.json');
  });

  it('teaching mode and analysis carry the view; lessons, glossary and methodology are their plain routes', async () => {
    expect(await encodeView(snap({ route: { page: 'analysis' } }))).toMatch(/^#\/analysis\?s=web-test\.json&seed=77/);
    expect(await encodeView(snap({ route: { page: 'teach' } }))).toMatch(/^#\/teach\?s=/);
    expect(await encodeView(snap({ route: { page: 'lesson', lessonId: 'dollar', step: 2 } }))).toBe('#/lesson/dollar/3');
    expect(await encodeView(snap({ route: { page: 'glossary', target: 'mnav' } }))).toBe('#/glossary/mnav');
    const d = await decodeUrl('#/lesson/dollar/3', SAVED);
    expect(d).toEqual({ route: { page: 'lesson', lessonId: 'dollar', step: 2 }, sim: null, issues: [], legacy: false });
    expect((await decodeUrl('#/analysis?s=fgnx.json&h=30', SAVED)).sim!.settings).toEqual({ horizonDays: 30 });
    // A bare simulator route says nothing about the view (the one on screen stays).
    expect((await decodeUrl('#', SAVED)).sim).toBeNull();
    expect((await decodeUrl('#/sim', SAVED)).sim).toBeNull();
  });

  it('old share links (#dat1=) still open, as a file with its settings', async () => {
    const d = await decodeUrl(`#${await encodeShare(TEST_SCENARIO, SETTINGS)}`, SAVED);
    expect(d.legacy).toBe(true);
    expect(d.issues).toEqual([]);
    expect(d.sim).toEqual({ scenario: { kind: 'file', data: TEST_SCENARIO, hint: null }, edits: [], settings: SETTINGS, compareRef: 'baseline', pinned: null });
    const bad = await decodeUrl('#dat1=AAAA', SAVED);
    expect(bad.sim).toBeNull();
    expect(bad.issues[0].message).toMatch(/could not be decompressed/);
  });

  it('names each bad key and keeps the good ones', async () => {
    const e = await packJson([[['__proto__', 'polluted'], 1]]);
    const d = await decodeUrl(`#/sim?s=fgnx.json&e=${e}&seed=&h=abc&n=99999&det=yes&view=pie&co=WAYTOOLONGTICKER17&ref=nope.json&pin=%%%`, SAVED);
    const byKey = Object.fromEntries(d.issues.map((i) => [i.path, i.message]));
    expect(Object.keys(byKey).sort()).toEqual(['det', 'e', 'h', 'n', 'ref', 'seed', 'view', 'co', 'pin'].sort());
    expect(byKey.pin).toMatch(/not base64url/);
    expect(byKey.seed).toBe('expected 1 to 64 characters, not all blank');
    const blank = await decodeUrl('#/sim?s=fgnx.json&seed=%20%20&h=90', SAVED);
    expect(blank.issues).toEqual([{ path: 'seed', message: 'expected 1 to 64 characters, not all blank' }]);
    expect(blank.sim!.settings).toEqual({ horizonDays: 90 });
    expect(byKey.h).toMatch(/horizon in days: a whole number from 1 to 3650, got "abc"/);
    expect(byKey.n).toMatch(/from 1 to 5000/);
    expect(byKey.view).toMatch(/single, ensemble, compare, risk/);
    expect(byKey.e).toMatch(/"__proto__" is not allowed/);
    expect(d.sim!.scenario).toEqual({ kind: 'saved', file: 'fgnx.json' });
    expect(d.sim!.edits).toEqual([]);
    expect(d.sim!.settings).toEqual({});
    expect(d.sim!.compareRef).toBe('baseline');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an unknown saved scenario, a damaged file and damaged edits each say what is wrong', async () => {
    const unknown = await decodeUrl('#/sim?s=..%2Fsecret.json&e=AAAA&seed=5', SAVED);
    expect(unknown.issues.map((i) => i.path)).toEqual(['s', 'e']);
    expect(unknown.issues[0].message).toMatch(/no saved scenario named "..\/secret.json"/);
    expect(unknown.sim!.scenario).toBeNull();
    expect(unknown.sim!.settings).toEqual({ seed: '5' });
    const good = await packJson(TEST_SCENARIO);
    const cut = await decodeUrl(`#/sim?f=${good.slice(0, good.length / 2)}`, SAVED);
    expect(cut.issues).toEqual([{ path: 'f', message: expect.stringMatching(/scenario in the link is damaged: its data could not be decompressed/) }]);
    const notObject = await decodeUrl(`#/sim?f=${await packJson([1, 2])}`, SAVED);
    expect(notObject.issues[0]).toEqual({ path: 'f', message: 'expected a scenario object' });
    const badEdits = await decodeUrl(`#/sim?s=fgnx.json&e=${await packJson({ not: 'a list' })}`, SAVED);
    expect(badEdits.issues).toEqual([{ path: 'e', message: 'expected a list of edits' }]);
    const notBase64 = await decodeUrl('#/sim?s=fgnx.json&e=***', SAVED);
    expect(notBase64.issues[0].message).toMatch(/not base64url/);
  });
});

describe('history: which changes make a new entry', () => {
  it('a skip link target (#main) is an anchor, not a view', () => {
    expect(['#main', '#views', '#skip-views'].every(isInPageAnchor)).toBe(true);
    expect(['#', '', '#/lessons', '#/sim?s=fgnx.json', '#dat1=abc', '#?x=1'].some(isInPageAnchor)).toBe(false);
  });

  it('page, scenario, tab, company and compare pins navigate; parameters, seed, horizon, paths and mode are edits', () => {
    const a = snap();
    expect(classifyChange(null, a)).toBe('nav');
    expect(classifyChange(a, { ...a })).toBeNull();
    expect(classifyChange(a, { ...a, route: { page: 'lessons' } })).toBe('nav');
    expect(classifyChange({ ...a, route: { page: 'lesson', lessonId: 'x', step: 0 } }, { ...a, route: { page: 'lesson', lessonId: 'x', step: 1 } })).toBe('nav');
    expect(classifyChange(a, { ...a, scenarioKey: 'saved:fgnx.json' })).toBe('nav');
    expect(classifyChange(a, { ...a, settings: { ...a.settings, view: 'risk' } })).toBe('nav');
    expect(classifyChange(a, { ...a, settings: { ...a.settings, company: 'AAA' } })).toBe('nav');
    expect(classifyChange(a, { ...a, compareRef: 'pinned', pinned: a.file })).toBe('nav');
    expect(classifyChange(a, { ...a, file: edited() })).toBe('edit');
    for (const s of [{ seed: '8' }, { horizonDays: 9 }, { paths: 10 }, { deterministic: false }]) expect(classifyChange(a, { ...a, settings: { ...a.settings, ...s } }), JSON.stringify(s)).toBe('edit');
  });
});

describe("README: the web explorer's URL", () => {
  it('lists every key the app writes, and its example decodes', async () => {
    const readme = (await import('node:fs')).readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf("## The web explorer's URL"), readme.indexOf('## Command-line reference'));
    const documented = new Set([...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((x) => x[1])));
    const b = base();
    const full = await encodeView(snap({ scenarioKey: 'opened:1', baseline: b, file: edited(), compareRef: 'pinned', pinned: edited() }));
    const written = [...new URLSearchParams(full.slice(full.indexOf('?') + 1)).keys(), 's'];
    for (const k of written) expect(documented.has(k), k).toBe(true);
    const example = /^#\/sim\?[^\s]+$/m.exec(section)![0].replace(/<edits>/g, await packJson([[['seed'], 'x']]));
    const d = await decodeUrl(example, ['fgnx.json']);
    expect(d.issues).toEqual([]);
    expect(d.sim!.settings).toEqual({ seed: '77', horizonDays: 200, paths: 321, deterministic: true, view: 'compare', company: 'FGNX' });
    expect(d.sim!.compareRef).toBe('pinned');
    expect(section).toContain(`${EDIT_SETTLE_MS / 1000} s`);
  });
});
