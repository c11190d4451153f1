/**
 * The risk odds (`dat-sim risk --paths`, the app's Risk tab) run each path with the `events`
 * record: every event, no daily series, the day's closes read from the state
 * (src/risk/probabilities.ts readClose). Checked here: that record keeps the full record's
 * events and numbers on every saved scenario, readClose equals the full record's series on every
 * day, and the odds equal those counted independently from full-record paths (series and event log).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveScenarioText } from '../src/resolve.ts';
import { PathRun, dayCloses, type SimEvent } from '../sim/index.ts';
import { compileExpression } from '../sim/expr.ts';
import { RiskContext, triggerInstances } from '../src/risk/index.ts';
import { listingSteps, mergeFirstDays, readClose, riskFirstDays, riskOdds } from '../src/risk/probabilities.ts';
import { riskMap } from '../src/risk/map.ts';
import { workerCountFor } from '../web/lib/worker-job.ts';
import { pathSlices } from '../src/risk/slices.ts';
import type { CloseFigures } from '../src/risk/triggers.ts';

const DIR = new URL('../scenarios/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const load = (f: string) => resolveScenarioText(readFileSync(new URL(f, DIR), 'utf8'), { file: f });

describe('the events record', () => {
  it('keeps the full record\'s events and numbers, no series; readClose equals the full record\'s series every day, on every saved scenario', () => {
    let compared = 0, belowOne = 0, wiped = 0;
    const out: CloseFigures = { stockPrice: 0, mnav: 0, bookNavPerShare: 0 };
    for (const f of FILES) {
      const ctx = new RiskContext(load(f), { compileRule: compileExpression });
      const model = ctx.model;
      const full = new PathRun(model, 'odds', 1, { record: 'full' });
      const ev = new PathRun(model, 'odds', 1, { record: 'events' });
      const closes = dayCloses(model);
      while (!full.done) {
        full.step();
        ev.step();
        ev.readCloses(closes);
        const t = full.t - 1;
        for (let i = 0; i < model.companies.length; i++) {
          const s = full.companySeries[i];
          readClose(ev, closes, i, out);
          const where = `${f} ${s.ticker} day ${t}`;
          expect(Object.is(out.stockPrice, s.stockPrice[t]), `${where} stock ${out.stockPrice} vs ${s.stockPrice[t]}`).toBe(true);
          expect(Object.is(out.mnav, s.mnav[t]), `${where} mNAV ${out.mnav} vs ${s.mnav[t]}`).toBe(true);
          expect(Object.is(out.bookNavPerShare, s.bookNavPerShare[t]), `${where} book NAV/share ${out.bookNavPerShare} vs ${s.bookNavPerShare[t]}`).toBe(true);
          compared++;
          if (out.mnav < 1) belowOne++;
          if (out.bookNavPerShare <= 0) wiped++;
        }
      }
      expect(ev.companySeries, f).toEqual([]);
      expect(ev.marketSeries, f).toEqual([]);
      expect(ev.events.length, f).toBe(full.events.length);
      expect(ev.events, f).toEqual(full.events);
      expect(ev.milestones, f).toEqual(full.milestones);
      for (let i = 0; i < model.companies.length; i++) expect(ev.companyView(i), f).toEqual(full.companyView(i));
      for (let k = 0; k < model.markets.length; k++) expect(ev.marketTotals(k), f).toEqual(full.marketTotals(k));
    }
    // The comparison covers closes below and above the thresholds the triggers test.
    expect(compared).toBeGreaterThan(20_000);
    expect(belowOne).toBeGreaterThan(1000);
    expect(wiped).toBeGreaterThan(100);
  });
});

describe('riskOdds', () => {
  it('equals the odds counted from full-record paths: the series for the closes, the event log for the events', () => {
    const FILE = 'contagion.json', PATHS = 12, SEED = 'odds';
    const ctx = new RiskContext(load(FILE), { compileRule: compileExpression });
    const model = ctx.model;
    const instances = ctx.companies.map((_, i) => triggerInstances(ctx, i));
    const got = riskOdds(ctx, instances, PATHS, SEED);
    // Reference: first day of each trigger and listing step, per path, from the full record.
    const first = instances.map((list) => list.map(() => [] as number[]));
    const lfirst = instances.map((_, i) => listingSteps(ctx, i).map(() => [] as number[]));
    const match: Record<string, (e: SimEvent) => boolean> = {
      notice: (e) => e.kind === 'notice', determination: (e) => e.kind === 'determination',
      hearingStay: (e) => e.kind === 'determination' && e.hearingStay === true, delisting: (e) => e.kind === 'delisted',
      listingLost: (e) => e.kind === 'delisted' || e.kind === 'insolvent',
    };
    for (let p = 0; p < PATHS; p++) {
      const run = new PathRun(model, SEED, p, { record: 'full' }).run();
      model.companies.forEach((c, i) => {
        const s = run.companySeries[i];
        const mine = run.events.filter((e) => e.company === c.params.ticker);
        const onDay = (t: number) => mine.filter((e) => e.day === t);
        instances[i].forEach((tr, k) => {
          let d = -1;
          for (let t = 0; t < model.days && d < 0; t++) {
            const close = { stockPrice: s.stockPrice[t], mnav: s.mnav[t], bookNavPerShare: s.bookNavPerShare[t] };
            const events = onDay(t);
            if ((tr.observe.close && tr.observe.close(close)) || (tr.observe.event && events.some((e) => tr.observe.event!(e, events)))) d = t;
          }
          first[i][k].push(d);
        });
        listingSteps(ctx, i).forEach((st, k) => lfirst[i][k].push(mine.find(match[st])?.day ?? -1));
      });
    }
    const summary = (days: number[]) => {
      const fired = days.filter((d) => d >= 0).sort((a, b) => a - b);
      return {
        d90: days.filter((d) => d >= 0 && d < 90).length, d365: days.filter((d) => d >= 0 && d < 365).length, all: fired.length,
        median: fired.length ? fired[Math.floor((fired.length - 1) / 2)] : null,
      };
    };
    const of = (o: (typeof got.triggers)[number][number]) => ({ d90: o.within90Days.count, d365: o.within1Year.count, all: o.withinHorizon.count, median: o.medianFirstDay });
    let closeFired = 0, eventFired = 0, listingFired = 0;
    instances.forEach((list, i) => list.forEach((tr, k) => {
      const want = summary(first[i][k]);
      expect(of(got.triggers[i][k]), `${model.companies[i].params.ticker} ${tr.id}`).toEqual(want);
      if (tr.observe.close) closeFired += want.all; else eventFired += want.all;
    }));
    lfirst.forEach((list, i) => list.forEach((days, k) => {
      const want = summary(days);
      expect(of(got.listing[i][k]), `${model.companies[i].params.ticker} ${got.listing[i][k].step}`).toEqual(want);
      listingFired += want.all;
    }));
    // Not vacuous: triggers seen in the closes, in the events, and listing steps all fire on some paths.
    expect(closeFired).toBeGreaterThan(0);
    expect(eventFired).toBeGreaterThan(0);
    expect(listingFired).toBeGreaterThan(0);
  });
});

describe('the odds by slices of paths (the app\'s workers)', () => {
  const FILE = 'stress-depth-collapse.json', PATHS = 23, SEED = 'slices';
  const scenario = load(FILE);
  const ctx = new RiskContext(scenario, { compileRule: compileExpression });
  const instances = ctx.companies.map((_, i) => triggerInstances(ctx, i));
  const whole = riskFirstDays(ctx, instances, SEED, 0, PATHS);

  it('slices merged in path order, from any order, equal the whole run; a gap or an overlap is refused', () => {
    for (const n of [1, 2, 3, 4]) {
      const parts = pathSlices(PATHS, n).map(([a, b]) => riskFirstDays(ctx, instances, SEED, a, b));
      expect(parts.length).toBe(n);
      expect(mergeFirstDays(parts.reverse())).toEqual(whole);
    }
    // Something fires on these paths (else the comparison is of -1 only).
    expect(whole.triggers.flat().some((d) => d.some((x) => x >= 0))).toBe(true);
    expect(whole.listing.flat().some((d) => d.some((x) => x >= 0))).toBe(true);
    const a = riskFirstDays(ctx, instances, SEED, 0, 10), b = riskFirstDays(ctx, instances, SEED, 11, 15), c = riskFirstDays(ctx, instances, SEED, 9, 15);
    expect(() => mergeFirstDays([a, b])).toThrow(/0\.\.10 and 11\.\.15 leave a gap or overlap/);
    expect(() => mergeFirstDays([a, c])).toThrow(/gap or overlap/);
  });

  it('riskMap with the merged first days is riskMap running the paths itself (JSON-identical); a mismatch is refused', () => {
    const merged = mergeFirstDays(pathSlices(PATHS, 3).map(([a, b]) => riskFirstDays(ctx, instances, SEED, a, b)));
    const direct = riskMap(scenario, { paths: PATHS, seed: SEED, compileRule: compileExpression });
    const given = riskMap(scenario, { paths: PATHS, seed: SEED, compileRule: compileExpression, firstDays: merged });
    expect(JSON.stringify(given)).toBe(JSON.stringify(direct));
    expect(() => riskMap(scenario, { paths: PATHS + 1, seed: SEED, compileRule: compileExpression, firstDays: merged })).toThrow(/firstDays covers paths 0\.\.22, expected 0\.\.23/);
    const other = load('sqns.json');
    expect(() => riskMap(other, { paths: PATHS, seed: SEED, compileRule: compileExpression, firstDays: merged })).toThrow(/another scenario/);
  });

  it('cuts the paths into contiguous slices differing by at most one, as many workers as the ensemble uses', () => {
    expect(pathSlices(10, 3)).toEqual([[0, 4], [4, 7], [7, 10]]);
    expect(pathSlices(2, 4)).toEqual([[0, 1], [1, 2]]);
    expect(pathSlices(1, 1)).toEqual([[0, 1]]);
    expect([workerCountFor(60, 2), workerCountFor(60, 8), workerCountFor(500, 8), workerCountFor(500, 1), workerCountFor(10, 8)]).toEqual([2, 2, 4, 1, 1]);
  });
});
