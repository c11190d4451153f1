/**
 * Share links and bad input in a real browser: a link restores the same
 * scenario and settings in a fresh page; a damaged link, a bad JSON file or
 * an impossible parameter shows an inline message naming the field path,
 * the last valid run stays on screen, and the app keeps working.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { useHarness, appState, chart, openPage, RESULTS, setParam, type Harness } from './helpers.ts';
import { encodeShare } from '../../web/lib/share.ts';
import { THREE_COMPANIES, THREE_SETTINGS } from './fixtures.ts';

let h: Harness;

useHarness((x) => (h = x));

interface State {
  scenarioKey: string;
  scenarioId: string;
  settings: Record<string, unknown>;
  issues: { path: string; message: string }[];
  loadProblem: { heading: string; issues: { path: string; message: string }[] } | null;
}

const issuesText = (page: import('playwright-core').Page) => page.locator('dat-issues .box').allInnerTexts();

describe('web app: share links and bad input', () => {
  it('round-trips a share link: same scenario, edits and settings in a fresh page', async () => {
    const { page, context, errors } = await openPage(h);
    await setParam(page, 'markets.ETH.impactLaw', 'linear');
    await page.locator('#seed').fill('77');
    await page.locator('#seed').dispatchEvent('change');
    await page.locator('#horizon').fill('200');
    await page.locator('#horizon').dispatchEvent('change');
    await page.locator('#paths').fill('321');
    await page.locator('#paths').dispatchEvent('change');
    await page.waitForFunction(() => (window.__datDebug!.chart('coin') as { datasets: { data: unknown[] }[] }).datasets[0].data.length === 200);
    const before = await chart(page, 'coin');
    const stateBefore = await appState<State>(page);
    await page.locator('#share').click();
    await page.locator('#share-url').waitFor();
    const url = await page.locator('#share-url').inputValue();
    // The link carries the scenario file itself (f=) and the edits (e=), not a reference to the sender's copy.
    expect(url).toMatch(/#\/sim\?s=fgnx\.json&f=[\w-]+&e=[\w-]+&seed=77&h=200&n=321&view=single&co=FGNX$/);
    expect(errors).toEqual([]);
    await context.close();

    const ctx2 = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p2 = await ctx2.newPage();
    const errors2: string[] = [];
    p2.on('console', (m) => m.type() === 'error' && errors2.push(m.text()));
    p2.on('pageerror', (e) => errors2.push(e.message));
    await p2.goto(url);
    await p2.waitForFunction(() => Number.isFinite((window.__datDebug?.state() as { timings?: { totalMs: number } } | null)?.timings?.totalMs));
    const s2 = await appState<State>(p2);
    expect(s2.settings).toEqual(stateBefore.settings);
    expect(s2.settings).toMatchObject({ seed: '77', horizonDays: 200, paths: 321, company: 'FGNX', view: 'single' });
    expect(s2.scenarioId).toBe('fgnx');
    expect(s2.loadProblem).toBeNull();
    // The edit travelled with it: the impact law field shows "linear" and the run is identical.
    const law = await p2.evaluate(() => {
      const panel = document.querySelector('dat-param-panel')!.shadowRoot!;
      const f = [...panel.querySelectorAll('dat-param-field')].find((x) => (x as unknown as { field: { id: string } }).field.id === 'markets.ETH.impactLaw')!;
      return (f.shadowRoot!.querySelector('select') as HTMLSelectElement).value;
    });
    expect(law).toBe('linear');
    expect((await chart(p2, 'coin'))!.datasets[0].data).toEqual(before!.datasets[0].data);
    expect(errors2).toEqual([]);
    await ctx2.close();
  });

  it('downloads the scenario JSON, the series CSV, the summary JSON and a chart PNG', async () => {
    const { page, context, errors } = await openPage(h);
    await setParam(page, 'companies[0].cashUsd', 12345678);
    await page.waitForFunction(() => (window.__datDebug!.state() as State).issues.length === 0);
    const grab = async (click: () => Promise<void>) => {
      const [d] = await Promise.all([page.waitForEvent('download'), click()]);
      const stream = await d.createReadStream();
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return { name: d.suggestedFilename(), body: Buffer.concat(chunks) };
    };
    const bar = page.locator('dat-export-bar');
    const json = await grab(() => bar.locator('button', { hasText: 'Scenario JSON' }).click());
    expect(json.name).toBe('fgnx.json');
    const scenario = JSON.parse(json.body.toString('utf8'));
    expect(scenario.id).toBe('fgnx');
    expect(scenario.companies[0].cashUsd).toBe(12345678); // the edit is in the file
    const csv = await grab(() => bar.locator('button', { hasText: 'Series CSV' }).click());
    expect(csv.name).toBe('fgnx-seed1-series.csv');
    const lines = csv.body.toString('utf8').split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['day', 'date', 'ETH.price']);
    expect(lines[0]).toContain('FGNX.stockPrice');
    expect(lines.filter(Boolean)).toHaveLength(1 + 365);
    const summary = await grab(() => bar.locator('button', { hasText: 'Summary JSON' }).click());
    const sj = JSON.parse(summary.body.toString('utf8'));
    expect(sj.path.summary.companies.FGNX).toBeTruthy();
    expect(sj.settings.seed).toBe('1');
    const png = await grab(() => page.locator('dat-chart[chart-id="stock"] button', { hasText: 'PNG' }).click());
    expect(png.name).toBe('fgnx-seed1-stock.png');
    expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a damaged link shows an inline message, and the default scenario still runs', async () => {
    const { page, context, errors } = await openPage(h, { hash: '#dat1=this-is-not-a-real-link' });
    const s = await appState<State>(page);
    expect(s.loadProblem).not.toBeNull();
    expect(s.scenarioId).toBe('fgnx');
    expect((await issuesText(page)).join('\n')).toMatch(/shared link cannot be opened/i);
    // Still works: a parameter change re-runs.
    const before = await chart(page, 'coin');
    await setParam(page, 'markets.ETH.sigma', 0.9);
    await page.waitForFunction((b) => JSON.stringify((window.__datDebug!.chart('coin') as { datasets: { data: unknown }[] }).datasets[0].data) !== b, JSON.stringify(before!.datasets[0].data));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a link whose scenario is invalid names the field path', async () => {
    const bad = structuredClone(THREE_COMPANIES) as typeof THREE_COMPANIES;
    (bad.companies[1] as Record<string, unknown>).coins = -5;
    (bad.markets as Record<string, unknown>).BTC = { preset: 'BTC', sigma: 'high' };
    const hash = `#${await encodeShare(bad, THREE_SETTINGS)}`;
    const { page, context, errors } = await openPage(h, { hash });
    const s = await appState<State>(page);
    expect(s.loadProblem!.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['companies[1].coins', 'markets.BTC.sigma']));
    const text = (await issuesText(page)).join('\n');
    expect(text).toMatch(/companies\[1\]\.coins/);
    expect(text).toMatch(/markets\.BTC\.sigma/);
    expect(s.scenarioId).toBe('fgnx'); // the default runs instead
    await page.screenshot({ path: join(RESULTS, 'bad-link.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a bad JSON file shows the reason and changes nothing; a good one opens', async () => {
    const { page, context, errors } = await openPage(h);
    const before = await chart(page, 'stock');
    const input = page.locator('dat-scenario-picker input[type=file]');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"schemaVersion": 1, "id": ') });
    await page.waitForFunction(() => (window.__datDebug!.state() as State).loadProblem !== null);
    expect((await issuesText(page)).join('\n')).toMatch(/broken\.json.*\n?.*not valid JSON/s);
    const bad = structuredClone(THREE_COMPANIES) as Record<string, unknown>;
    (bad.companies as Record<string, unknown>[])[0].exchange = 'moon-exchange';
    (bad.companies as Record<string, unknown>[])[2].stockPrice0 = 0;
    await input.setInputFiles({ name: 'invalid.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await page.waitForFunction(() => /invalid\.json/.test((window.__datDebug!.state() as State).loadProblem?.heading ?? ''));
    const s = await appState<State>(page);
    expect(s.loadProblem!.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['companies[2].stockPrice0']));
    expect(s.scenarioId).toBe('fgnx');
    expect((await chart(page, 'stock'))!.datasets[0].data).toEqual(before!.datasets[0].data);
    // A valid file opens and joins the picker.
    await input.setInputFiles({ name: 'three.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(THREE_COMPANIES)) });
    await page.waitForFunction(() => (window.__datDebug!.state() as State).scenarioId === 'e2e-three');
    expect((await appState<State>(page)).loadProblem).toBeNull();
    const options = await page.locator('dat-scenario-picker select option').allInnerTexts();
    expect(options.some((o) => /three\.json/.test(o))).toBe(true);
    // Dropping a file works the same way.
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['{ nope'], 'dropped.json', { type: 'application/json' }));
      return d;
    });
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
    await page.waitForFunction(() => /dropped\.json/.test((window.__datDebug!.state() as State).loadProblem?.heading ?? ''));
    expect((await appState<State>(page)).scenarioId).toBe('e2e-three');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an impossible parameter names its path inline and keeps the last valid run; fixing it recovers', async () => {
    const { page, context, errors } = await openPage(h);
    const before = await chart(page, 'coins');
    await setParam(page, 'companies[0].coins', -100);
    await page.waitForFunction(() => (window.__datDebug!.state() as State).issues.length > 0);
    const s = await appState<State>(page);
    expect(s.issues[0].path).toBe('companies[0].coins');
    expect((await issuesText(page)).join('\n')).toMatch(/companies\[0\]\.coins/);
    // The field itself shows the message too.
    const fieldError = await page.locator('dat-param-field .error').first().innerText();
    expect(fieldError).toMatch(/companies\[0\]\.coins/);
    expect((await chart(page, 'coins'))!.datasets[0].data).toEqual(before!.datasets[0].data);
    // An empty box is also reported, not crashed on.
    await setParam(page, 'companies[0].cashUsd', '');
    await page.waitForFunction(() => (window.__datDebug!.state() as State).issues.some((i) => i.path === 'companies[0].cashUsd'));
    await page.locator('dat-param-panel').locator('button', { hasText: 'Reset all' }).click();
    await page.waitForFunction(() => (window.__datDebug!.state() as State).issues.length === 0);
    expect((await chart(page, 'coins'))!.datasets[0].data).toEqual(before!.datasets[0].data);
    expect(errors).toEqual([]);
    await context.close();
  });
});
