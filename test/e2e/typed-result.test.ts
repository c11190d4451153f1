/**
 * The single-path view drawn from the typed result (src/simulate.ts
 * SimResultTyped): every chart on screen for a 1-company and a 10-company
 * saved scenario has one point per day, finite or a gap, and no page error.
 * Recorded, not asserted: the time of a parameter edit's re-run and redraw
 * (the status line's run and draw ms: the redraw waits for the charts on
 * screen only; the six charts' own update + draw, and how many of them held
 * the edit back while off screen, median of 9 edits) goes to
 * test-results/typed-timing.json; the charts' data (the debug hook's dump) to
 * test-results/typed-charts-*.json, and screenshots (desktop light, phone
 * dark) to test-results/typed-single-*.png, to compare before and after.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appState, chart, openPage, pickScenario as pick, RESULTS, runSeq, setParam, useHarness, type Harness } from './helpers.ts';

let h: Harness;
useHarness((x) => (h = x));

const SINGLE = ['coin', 'stock', 'mnav', 'coins', 'debt', 'flows'];

/** Edits a parameter and waits for the re-run and redraw; returns the status line's timings. */
async function edit(page: Page, id: string, value: number): Promise<{ runMs: number; drawMs: number; totalMs: number; chartsMs: number; deferredCharts: number }> {
  const before = await runSeq(page);
  await setParam(page, id, value);
  await page.waitForFunction((t) => (window.__datDebug!.state() as { timings: { runSeq: number } }).timings.runSeq > t, before, { timeout: 30_000 });
  const t = (await appState<{ timings: { runMs: number; drawMs: number; totalMs: number } }>(page)).timings;
  // The six single-path charts' own update + draw (dat-chart records each), apart from the rest of the view;
  // the charts off screen hold the edit back until seen or idle (the redraw waits for those on screen only),
  // so they apply it first, and all six times are this edit's.
  const per = await page.evaluate((ids) => {
    const deferred = window.__datDebug!.flushCharts();
    const d = window.__datDebug!.drawTimes();
    return { sum: ids.reduce((sum, id) => sum + (d[id] ?? 0), 0), deferred };
  }, SINGLE);
  return { ...t, chartsMs: per.sum, deferredCharts: per.deferred };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

describe('single view from the typed result', () => {
  it('draws every chart with one point per day; records a slider move\'s re-run and redraw time', async () => {
    const timing: Record<string, unknown> = {};
    for (const [key, sigma] of [['saved:sqns.json', 'markets.BTC.sigma'], ['saved:wargame-ten.json', 'markets.BTC.sigma']] as const) {
      const { page, context, errors } = await openPage(h);
      await pick(page, key);
      const days = (await appState<{ settings: { horizonDays: number } }>(page)).settings.horizonDays;
      const dumps: Record<string, unknown> = {};
      for (const id of SINGLE) {
        const d = await chart(page, id);
        expect(d, id).not.toBeNull();
        for (const ds of d!.datasets) {
          // Bars are bucketed (weekly beyond 180 days); lines have one point per day.
          if (id !== 'flows') expect(ds.data.length, `${id} ${ds.label}`).toBe(days);
          for (const v of ds.data) expect(v === null || Number.isFinite(v), `${id} ${ds.label}`).toBe(true);
        }
        dumps[id] = d;
      }
      writeFileSync(join(RESULTS, `typed-charts-${key.replace(/\W+/g, '-')}.json`), JSON.stringify(dumps));
      const runs: number[] = [], draws: number[] = [], charts: number[] = [], deferred: number[] = [];
      for (let k = 0; k < 9; k++) {
        const t = await edit(page, sigma, 0.5 + 0.02 * k);
        runs.push(t.runMs);
        draws.push(t.drawMs);
        charts.push(t.chartsMs);
        deferred.push(t.deferredCharts);
      }
      const companies = Number(await page.locator('#status').getAttribute('data-companies'));
      timing[key] = { companies, days, runMsMedian: median(runs), drawMsMedian: median(draws), chartsMsMedian: median(charts), deferredChartsMedian: median(deferred), runs, draws, charts };
      expect(errors).toEqual([]);
      await context.close();
    }
    writeFileSync(join(RESULTS, 'typed-timing.json'), JSON.stringify(timing, null, 1));
    console.log('slider re-run + redraw (ms, median of 9):', JSON.stringify(Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, { ...(v as object), runs: undefined, draws: undefined, charts: undefined }]))));
  });

  it('Chart.js data forms: {x,y} points with parsing off vs a Float64Array with labels (recorded)', async () => {
    // Two <dat-chart>s of 3 lines x 730 days, each re-specified 60 times (interleaved) as a slider move does:
    // A builds {x, y} points (what chart-specs.ts feeds, `parsing: false`), B hands Chart.js the
    // Float64Array itself with day-index labels (Chart.js then parses it into its own points).
    const { page, context, errors } = await openPage(h);
    const out = await page.evaluate(async () => {
      const n = 730, runs = 60;
      const make = (id: string) => {
        const el = document.createElement('dat-chart') as HTMLElement & { spec: unknown; updateComplete: Promise<unknown> };
        el.setAttribute('chart-id', id);
        el.style.cssText = 'position:fixed;left:0;top:0;width:900px;';
        document.body.append(el);
        return el;
      };
      const options = (parsing: boolean) => ({
        animation: false, responsive: true, maintainAspectRatio: false, parsing: parsing ? undefined : false, normalized: true,
        scales: { x: { type: 'linear', min: 0, max: n - 1, ticks: {} }, y: { type: 'linear' } },
        plugins: { annotation: { annotations: {} }, datBackground: { color: '#fff' } },
      });
      const labels = Array.from({ length: n }, (_, t) => t);
      const series = (k: number, seed: number) => {
        const a = new Float64Array(n);
        for (let t = 0; t < n; t++) a[t] = 100 + k * 10 + Math.sin((t + seed) / 30) * 20;
        return a;
      };
      const upd = async (el: ReturnType<typeof make>, spec: unknown) => {
        const t0 = performance.now();
        el.spec = spec;
        await el.updateComplete;
        return performance.now() - t0;
      };
      const buildXy = (arrays: Float64Array[]) => ({
        type: 'line',
        data: { datasets: arrays.map((arr, k) => ({ label: `s${k}`, data: Array.from(arr, (y, x) => ({ x, y })), pointRadius: 0, borderWidth: 1.6, spanGaps: true })) },
        options: options(false),
      });
      const buildTyped = (arrays: Float64Array[]) => ({
        type: 'line',
        data: { labels, datasets: arrays.map((arr, k) => ({ label: `s${k}`, data: arr, pointRadius: 0, borderWidth: 1.6, spanGaps: true })) },
        options: options(true),
      });
      const a = make('probe-xy'), b = make('probe-typed');
      // Interleaved, so both forms see the same load; the timed part includes building the data.
      const xyMs: number[] = [], typedMs: number[] = [];
      for (let r = 0; r < runs; r++) {
        const arrays = [0, 1, 2].map((k) => series(k, r));
        const t0 = performance.now();
        const sa = buildXy(arrays);
        const tb = performance.now() - t0;
        xyMs.push(tb + (await upd(a, sa)));
        const t1 = performance.now();
        const sb = buildTyped(arrays);
        const tc = performance.now() - t1;
        typedMs.push(tc + (await upd(b, sb)));
      }
      const med = (m: number[]) => [...m].sort((x, y) => x - y)[Math.floor(m.length / 2)];
      const xy = med(xyMs), typed = med(typedMs);
      const dumpB = window.__datDebug!.chart('probe-typed') as { datasets: { data: unknown[] }[] } | null;
      a.remove();
      b.remove();
      return { xyMsMedian: xy, typedWithLabelsMsMedian: typed, typedPoints: dumpB?.datasets[0].data.length ?? -1 };
    });
    expect(out.typedPoints).toBe(730);
    expect(errors).toEqual([]);
    writeFileSync(join(RESULTS, 'typed-chartjs-forms.json'), JSON.stringify(out, null, 1));
    console.log('Chart.js build + update, 3 lines x 730 days (ms, median of 60, interleaved):', JSON.stringify(out));
    await context.close();
  });

  it('screenshots: single view, desktop light and phone dark', async () => {
    for (const [w, hgt, colorScheme] of [[1280, 800, 'light'], [390, 844, 'dark']] as const) {
      const { page, context, errors } = await openPage(h, { viewport: { width: w, height: hgt }, colorScheme });
      await pick(page, 'saved:sqns.json');
      await page.screenshot({ path: join(RESULTS, `typed-single-${w}x${hgt}-${colorScheme}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
