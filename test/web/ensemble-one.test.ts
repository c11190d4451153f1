/**
 * One ensemble runner: the app's workers run src/batch/worker-core.ts, the
 * handler of `dat-sim mc`'s worker threads, on slices cut by planSlices, and
 * summarize the merged states with src/batch/ensemble.ts. Here the app's
 * message flow (web/lib/ensemble-controller.ts: job, one task at a time per
 * worker in path order, flush, merge) is replayed in-process with 1 and 2
 * worker cores, and compared byte for byte with monteCarlo() (the library call
 * behind `dat-sim mc`). A cancel (no new slice after k have gone out) gives
 * exactly the summary of a k-slice prefix run. The summary crosses to the page
 * as the worker sends it (summarizeTyped: bands as Float64Arrays over one
 * transferred buffer) and is compared in dat-sim mc's JSON form (toPlainSummary).
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { resolveScenario } from '../../src/resolve.ts';
import { EVENTS, EnsembleState, bandsTransferables, ensembleMeta, plainBands, summarizeTyped, toPlainSummary, type EnsembleBuffers, type EnsembleSummary, type EnsembleSummaryTyped } from '../../src/batch/ensemble.ts';
import { monteCarlo } from '../../src/batch/mc.ts';
import { engineIdentity, scenarioHash } from '../../src/batch/identity.ts';
import { planSlices } from '../../src/batch/runner.ts';
import { EnsembleWorkerCore } from '../../src/batch/worker-core.ts';
import type { JobSpec, ToMain } from '../../src/batch/protocol.ts';
import { prepareModel } from '../../sim/engine.ts';
import { WEB_MAX_SLICE, WEB_RUN } from '../../web/lib/ensemble-controller.ts';
import { bandSeries, binDays, partialLabel, type EnsembleResult } from '../../web/lib/ensemble-types.ts';
import { fanChart } from '../../web/lib/chart-specs.ts';
import { ensembleCsv } from '../../web/lib/export.ts';
import type { Theme } from '../../web/lib/chart-setup.ts';
import { TEST_SCENARIO } from './fixtures.ts';

const resolved = resolveScenario(TEST_SCENARIO);
/** A theme for chart specs outside a page (as test/web/chart-specs.test.ts makes one). */
const LIGHT = new Proxy({ dark: false } as Theme, { get: (_t, k) => (k === 'dark' ? false : k === 'band' ? '1, 2, 3' : '#123456') });
const DAYS = 60;

/** The controller's flow with `nW` in-process worker cores; stops handing out slices after `stopAfter` slices. */
async function appRun(paths: number, seed: string, nW: number, stopAfter = Infinity): Promise<{ summary: EnsembleSummary; typed: EnsembleSummaryTyped; sentBands: Float64Array | undefined; covered: number }> {
  const model = prepareModel(resolved, { days: DAYS });
  const run = { seed, ...WEB_RUN };
  const meta = ensembleMeta(model, { seed, paths, counterfactual: run.counterfactual, bands: run.bands, scenarioHash: scenarioHash(resolved), engine: engineIdentity() });
  const spec: JobSpec = { jobId: 1, scenarioJson: JSON.stringify(resolved), days: DAYS, deterministic: false, run, meta };
  const slices = planSlices([0, paths], nW, WEB_MAX_SLICE);
  let next = 0, covered = 0;
  const states: EnsembleBuffers[] = [];
  const cores = Array.from({ length: nW }, () => {
    const inbox: ToMain[] = [];
    const core = new EnsembleWorkerCore({ post: (m) => inbox.push(m), loadRuleCompiler: async () => (await import('../../src/rules.ts')).compileExpression });
    return { core, inbox };
  });
  const give = async (w: (typeof cores)[number]) => {
    const [start, end] = slices[next++];
    covered = end;
    await w.core.receive({ type: 'task', jobId: 1, taskId: next, start, end });
  };
  for (const w of cores) {
    await w.core.receive({ type: 'job', spec });
    if (next < slices.length && next < stopAfter) await give(w);
  }
  // Round robin: each worker takes the next slice when its last is done (the order tasks finish in does not matter).
  while (next < slices.length && next < stopAfter) for (const w of cores) if (next < slices.length && next < stopAfter) await give(w);
  for (const w of cores) {
    await w.core.receive({ type: 'flush', jobId: 1 });
    const err = w.inbox.find((m) => m.type === 'error');
    if (err) throw new Error(JSON.stringify(err));
    const st = w.inbox.find((m) => m.type === 'state');
    if (st && st.type === 'state') states.push(st.buffers);
  }
  const state = new EnsembleState(meta);
  for (const b of states) state.merge(b);
  // The worker's `summarize` answer: typed bands, their one buffer transferred (as postMessage does).
  const sent = summarizeTyped(state);
  const typed = structuredClone(sent, { transfer: bandsTransferables(sent) });
  return { summary: toPlainSummary(typed), typed, sentBands: sent.bands?.markets.BTC.price.q50, covered };
}

describe('the app and dat-sim mc run one ensemble code', () => {
  it('gives monteCarlo()\'s summary byte for byte, with 1 and with 2 workers', async () => {
    const cli = JSON.stringify(await monteCarlo(resolved, { paths: 120, seed: 'one', days: DAYS, workers: 1 }));
    const one = JSON.stringify((await appRun(120, 'one', 1)).summary);
    const two = JSON.stringify((await appRun(120, 'one', 2)).summary);
    expect(one).toBe(cli);
    expect(two).toBe(cli);
    // The summary has every event kind, the counterfactual and the bands.
    const s = JSON.parse(cli) as EnsembleSummary;
    expect(Object.keys(s.companies.AAA.events)).toEqual([...EVENTS]);
    expect(EVENTS).toHaveLength(10);
    expect(s.markets.BTC.terminal.selfInflictedDrawdown.n).toBe(120);
    expect(s.bands!.companies.BBB.mnav.q50).toHaveLength(DAYS);
  });

  it('hands the bands over as Float64Arrays on one transferred buffer, charted and exported as the CLI\'s numbers', async () => {
    const cli = await monteCarlo(resolved, { paths: 60, seed: 'typed', days: DAYS, workers: 1 });
    const app = await appRun(60, 'typed', 2);
    // Transferred, not copied: the worker's buffer is detached after the message.
    expect(app.sentBands!.length).toBe(0);
    const series = bandSeries({ summary: app.typed } as EnsembleResult);
    expect(series.map((s) => s.key)).toEqual(['BTC.price', 'ETH.price', 'AAA.stockPrice', 'AAA.mnav', 'BBB.stockPrice', 'BBB.mnav']);
    const buf = series[0].bands.q05.buffer;
    expect(buf.byteLength).toBe(series.length * 5 * DAYS * 8);
    for (const s of series) for (const q of Object.values(s.bands)) {
      expect(q).toBeInstanceOf(Float64Array);
      expect(q.buffer).toBe(buf);
      expect(q).toHaveLength(DAYS);
    }
    // Every band number equals the CLI's (null there = NaN here), bit for bit.
    const cliSeries = [cli.bands!.markets.BTC.price, cli.bands!.markets.ETH.price, cli.bands!.companies.AAA.stockPrice, cli.bands!.companies.AAA.mnav, cli.bands!.companies.BBB.stockPrice, cli.bands!.companies.BBB.mnav];
    series.forEach((s, i) => {
      for (const k of ['q05', 'q25', 'q50', 'q75', 'q95'] as const) {
        const a = s.bands[k], b = cliSeries[i][k];
        for (let t = 0; t < DAYS; t++) if (!(b[t] === null ? Number.isNaN(a[t]) : Object.is(a[t], b[t]))) throw new Error(`${s.key}.${k}[${t}]: app ${a[t]}, cli ${b[t]}`);
      }
    });
    // The fan chart plots those numbers; the CSV holds them.
    const e: EnsembleResult = { summary: app.typed, eventDays: new Uint32Array(0), requested: 60, cancelled: false, elapsedMs: 0, workers: 2 };
    const fan = fanChart(e, 'AAA.stockPrice', LIGHT, 'USD per share', 'usd')!;
    const median = (fan.data.datasets as { label: string; data: { y: number | null }[] }[]).find((d) => d.label === 'median')!.data.map((p) => p.y);
    expect(median).toEqual(cli.bands!.companies.AAA.stockPrice.q50);
    const rows = ensembleCsv(e).trim().split('\r\n').map((r) => r.split(','));
    const col = rows[0].indexOf('BBB.mnav.q95');
    expect(rows.slice(1).map((r) => r[col])).toEqual(cli.bands!.companies.BBB.mnav.q95.map((v) => (v === null ? '' : String(v))));
  });

  it('converts typed bands to the JSON form exactly: NaN is null, every other number (-0 included) kept', () => {
    const q = Float64Array.of(1.5, NaN, -0, 1e-300);
    const p = plainBands({ q05: q, q25: q, q50: q, q75: q, q95: q });
    expect(Object.keys(p)).toEqual(['q05', 'q25', 'q50', 'q75', 'q95']);
    expect(p.q50).toEqual([1.5, null, -0, 1e-300]);
    expect(Object.is(p.q50[2], -0)).toBe(true);
    expect(Array.isArray(p.q95)).toBe(true);
  });

  it('a cancelled run keeps a prefix of paths: the summary of dat-sim mc --paths <prefix>', async () => {
    // 2 workers, 120 paths: slices of ceil(120 / 16) = 8 paths; cancel once 5 slices went out -> paths 0..39.
    const part = await appRun(120, 'one', 2, 5);
    expect(part.covered).toBe(40);
    expect(part.summary.paths).toBe(40);
    const cli = await monteCarlo(resolved, { paths: 40, seed: 'one', days: DAYS, workers: 1 });
    expect(JSON.stringify(part.summary)).toBe(JSON.stringify(cli));
    const e: EnsembleResult = { summary: part.typed, eventDays: new Uint32Array(0), requested: 5000, cancelled: true, elapsedMs: 0, workers: 2 };
    expect(partialLabel(e)).toBe('partial: 40 of 5,000 paths, cancelled');
    expect(partialLabel({ ...e, cancelled: false })).toBeNull();
  });

  it('bins first-event days exactly (histograms of the ensemble view)', () => {
    // Worked example: 1 path each on days 0, 5 and 31 of 60; width 30; 4 paths -> bins [0-29]: 2, [30-59]: 1, never 1.
    const perDay = new Uint32Array(60);
    perDay[0] = perDay[5] = perDay[31] = 1;
    expect(binDays(perDay, 30, 4)).toEqual({ edges: [0, 30], counts: [2, 1], never: 1, total: 4 });
    // A horizon that is not a whole number of bins: 61 days -> 3 bins, the last one day long.
    expect(binDays(new Uint32Array(61).fill(1), 30, 61).counts).toEqual([30, 30, 1]);
  });

  it('the web worker\'s module graph is browser-pure: the CLI\'s ensemble modules, no Node import', async () => {
    // esbuild with platform "browser" fails on a node: import; the metafile lists what the worker pulls in.
    const r = await build({ entryPoints: ['web/ensemble.worker.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent', outdir: 'unused' });
    const inputs = Object.keys(r.metafile.inputs);
    for (const f of ['src/batch/worker-core.ts', 'src/batch/ensemble.ts', 'src/batch/sketch.ts', 'src/batch/runner.ts', 'src/summary.ts', 'sim/derived.ts']) expect(inputs).toContain(f);
    expect(inputs.filter((f) => f.startsWith('node:') || f.includes('src/node/') || f.endsWith('identity.ts') || f.endsWith('pool.ts') || f.endsWith('batch/mc.ts'))).toEqual([]);
  });
});
