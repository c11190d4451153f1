/**
 * The calibration fits on the Oct 6 - Nov 21 2025 replay (docs/calibration.md
 * explains each one). Deterministic: noise off, fixed iteration counts, no
 * randomness, so the same numbers come out on every run.
 *
 *   npx tsx scripts/calibration/fit.ts            print the result
 *   npx tsx scripts/calibration/fit.ts --write    also write scripts/calibration/fitted.json
 *
 * Stages:
 *   1. leverage (October open interest at risk per coin, shared mean distance to
 *      liquidation) and ETF chase (per coin), on the markets alone (companies
 *      off), alternating twice;
 *   2. premium dynamics (kappa, drawdownSensitivity) shared by all companies,
 *      with each company's starting price (its premium level) profiled out;
 *   3. premium volatility from the residual changes of stage 2;
 *   4. a linear impact coefficient from the dated ETF days (reported, not adopted).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResolvedScenario } from '../../sim/types.ts';
import { resolveScenario } from '../../src/resolve.ts';
import { checkExpression } from '../../src/rules.ts';
import { scriptLevel } from '../../sim/engine.ts';
import { dateToOrdinal } from '../../sim/calendar.ts';
import { MARKET_PRESETS } from '../../src/presets/defaults.ts';
import { goldenSection, linSpace } from '../../src/analysis/optimize.ts';
import { cloneScenario, prepare, runPath, RunView } from '../../src/analysis/run.ts';
import { BTC_PATH, OI_DECLINE, REPLAY_DAYS, REPLAY_FITTED_LEVELS, REPLAY_LEVEL_GUESS, UNFITTED, replayScenario, type Fitted } from './scenarios.ts';
import { TAG_WEIGHT, targetsOf, type Target } from './targets.ts';

const COINS = ['BTC', 'ETH'] as const;
type Coin = (typeof COINS)[number];

/**
 * The replay with candidate values applied (no rounding). `pinned` switches
 * market impact off (impact laws and sale signals at zero), so the coins
 * follow the reported path exactly: the fits compare the model's laws with
 * figures that were measured on that path (docs/calibration.md, "pinned").
 */
export function applyFitted(base: ResolvedScenario, f: Fitted, withCompanies = true, pinned = true): ResolvedScenario {
  const s = cloneScenario(base);
  for (const m of s.markets) {
    if (pinned) { m.impactY = 0; m.lambdaPerBillion = 0; }
    const coin = m.coin as Coin;
    m.leverage.openInterestUsd = f.octOpenInterestUsd[coin];
    m.leverage.targetOpenInterestUsd = OI_DECLINE * f.octOpenInterestUsd[coin];
    m.leverage.meanLiquidationDistance = f.meanLiquidationDistance;
    // A balanced book (docs/model.md 2.4): the reported short figures are all on down closes
    // (intraday bounces), which a close-to-close law cannot produce, so the shorts mirror the
    // longs. On the pinned path they change no long figure (no impact, no feedback).
    m.leverage.shortOpenInterestUsd = m.leverage.openInterestUsd;
    m.leverage.shortTargetOpenInterestUsd = m.leverage.targetOpenInterestUsd;
    m.leverage.shortMeanLiquidationDistance = f.meanLiquidationDistance;
    m.etfFlow.chase = f.chase[coin];
  }
  if (!withCompanies) s.companies = [];
  for (const c of s.companies) {
    if (pinned) c.saleSignalImpact = 0;
    c.premium.kappa = f.premium.kappa;
    c.premium.drawdownSensitivity = f.premium.drawdownSensitivity;
    c.premium.premiumVol = f.premium.premiumVol;
    if (f.stockPrice0[c.ticker] !== undefined) c.stockPrice0 = f.stockPrice0[c.ticker];
  }
  return s;
}

export function baseReplay(): ResolvedScenario {
  return resolveScenario(replayScenario(UNFITTED), { checkExpression });
}

/** Deterministic run of the replay window. */
export function replayView(s: ResolvedScenario): RunView {
  const model = prepare(s, { days: REPLAY_DAYS, deterministic: true });
  return new RunView(model, runPath(model, { record: 'full' }));
}

const logErr = (sim: number, rep: number) => Math.log(Math.max(sim, 1e-9 * rep) / rep);

function sse(view: RunView, targets: Target[]): number {
  let s = 0;
  for (const t of targets) {
    const sim = t.measure(view);
    const e = Number.isFinite(sim) && sim > 0 ? logErr(sim, t.reported) : Math.log(1e-6);
    s += TAG_WEIGHT[t.tag] * e * e;
  }
  return s;
}

// ---------------------------------------------------------------------------
// Stage 1: leverage and ETF chase (markets only)
// ---------------------------------------------------------------------------

export interface LeverageProfileRow { meanLiquidationDistance: number; openInterestBtcUsd: number; openInterestEthUsd: number; sse: number }

/** The mean distance to liquidation is held at the preset: daily closes do not identify it (docs/calibration.md). */
export const FIXED_MEAN_DISTANCE = 0.12;

export interface LeverageBracket { coin: Coin; target: string; openInterestUsd: number }

function fitLeverage(base: ResolvedScenario, f: Fitted): { fitted: Fitted; profile: LeverageProfileRow[]; brackets: LeverageBracket[] } {
  const lev = targetsOf('leverage');
  const byCoin = (c: Coin) => lev.filter((t) => t.subject === c);
  /** Best open interest per coin for a given mean distance (golden search on log L, per coin). */
  const inner = (m: number): { f: Fitted; sse: number } => {
    let cur: Fitted = { ...f, meanLiquidationDistance: m, octOpenInterestUsd: { ...f.octOpenInterestUsd } };
    for (const coin of COINS) {
      const obj = (logL: number) => {
        const cand: Fitted = { ...cur, octOpenInterestUsd: { ...cur.octOpenInterestUsd, [coin]: Math.exp(logL) } };
        return sse(replayView(applyFitted(base, cand, false)), byCoin(coin));
      };
      const best = goldenSection(obj, Math.log(0.3e9), Math.log(80e9), 24);
      cur = { ...cur, octOpenInterestUsd: { ...cur.octOpenInterestUsd, [coin]: Math.exp(best.x) } };
    }
    return { f: cur, sse: sse(replayView(applyFitted(base, cur, false)), lev) };
  };
  const fitted = inner(FIXED_MEAN_DISTANCE).f;
  // Uncertainty: the open interest each figure alone would give (the least-squares value lies between them).
  const brackets: LeverageBracket[] = [];
  for (const coin of COINS) {
    for (const t of byCoin(coin)) {
      const obj = (logL: number) => sse(replayView(applyFitted(base, { ...fitted, octOpenInterestUsd: { ...fitted.octOpenInterestUsd, [coin]: Math.exp(logL) } }, false)), [t]);
      brackets.push({ coin, target: t.id, openInterestUsd: Math.exp(goldenSection(obj, Math.log(0.3e9), Math.log(200e9), 30).x) });
    }
  }
  // Diagnostic: the profile over the mean distance, each point with its own best open interests.
  const profile = [0.03, 0.05, 0.08, 0.12, 0.18, 0.25].map((m) => {
    const r = inner(m);
    return { meanLiquidationDistance: m, openInterestBtcUsd: r.f.octOpenInterestUsd.BTC, openInterestEthUsd: r.f.octOpenInterestUsd.ETH, sse: r.sse };
  });
  return { fitted, profile, brackets };
}

export interface ChaseFit { coin: Coin; chase: number; low: number; high: number; reportedLow: number; reportedHigh: number }

function fitChase(base: ResolvedScenario, f: Fitted): { fitted: Fitted; rows: ChaseFit[] } {
  const rows: ChaseFit[] = [];
  let cur = f;
  for (const coin of COINS) {
    const t = targetsOf('chase').find((x) => x.subject === coin)!;
    const [lo, hi] = coin === 'BTC' ? [3.48e9, 3.79e9] : [1.4e9, 2.5e9];
    const solve = (target: number) => goldenSection((c) => {
      const v = replayView(applyFitted(base, { ...cur, chase: { ...cur.chase, [coin]: c } }, false));
      const r = t.measure(v) / target - 1;
      return r * r;
    }, 0, 0.6, 30).x;
    const chase = solve(t.reported);
    rows.push({ coin, chase, low: solve(lo), high: solve(hi), reportedLow: lo, reportedHigh: hi });
    cur = { ...cur, chase: { ...cur.chase, [coin]: chase } };
  }
  return { fitted: cur, rows };
}

// ---------------------------------------------------------------------------
// Stage 2: premium dynamics with profiled company levels
// ---------------------------------------------------------------------------

const PREMIUM_TARGETS = () => targetsOf('premium');

/** Starting prices that zero each company's weighted mean log error (fixed point from the same guess every time). */
function solveLevels(base: ResolvedScenario, f: Fitted): { fitted: Fitted; view: RunView; iterations: number } {
  const targets = PREMIUM_TARGETS();
  const levels: Record<string, number> = {};
  for (const t of REPLAY_FITTED_LEVELS) levels[t] = REPLAY_LEVEL_GUESS[t];
  let cur: Fitted = { ...f, stockPrice0: levels };
  let view = replayView(applyFitted(base, cur));
  let it = 0;
  for (; it < 10; it++) {
    let worst = 0;
    const next = { ...cur.stockPrice0 };
    for (const ticker of REPLAY_FITTED_LEVELS) {
      let sw = 0, se = 0;
      for (const t of targets) {
        if (t.subject !== ticker) continue;
        const sim = t.measure(view);
        const e = Number.isFinite(sim) && sim > 0 ? logErr(sim, t.reported) : 0;
        // EV-based mNAV moves less than one for one with the stock: scale the step by its elasticity.
        const elasticity = t.level === 'evMnav' ? evElasticity(view, ticker, t.date) : 1;
        sw += TAG_WEIGHT[t.tag];
        se += (TAG_WEIGHT[t.tag] * e) / elasticity;
      }
      if (sw === 0) continue;
      const step = se / sw;
      worst = Math.max(worst, Math.abs(step));
      next[ticker] = cur.stockPrice0[ticker] * Math.exp(-step);
    }
    cur = { ...cur, stockPrice0: next };
    view = replayView(applyFitted(base, cur));
    if (worst < 2e-4) break;
  }
  return { fitted: cur, view, iterations: it + 1 };
}

function evElasticity(v: RunView, ticker: string, date: string): number {
  const c = v.company(ticker), d = v.day(date);
  const cap = c.stockPrice[d] * c.shares[d];
  const ev = c.evMnav[d] * c.coins[d] * v.market(v.companyParams(ticker).coin).price[d];
  return ev > 0 && cap > 0 ? Math.min(1, cap / ev) : 1;
}

export interface PremiumProfileRow { kappa: number; drawdownSensitivity: number; sse: number }

function premiumSse(base: ResolvedScenario, f: Fitted): { sse: number; fitted: Fitted; view: RunView } {
  const r = solveLevels(base, f);
  return { sse: sse(r.view, PREMIUM_TARGETS()), fitted: r.fitted, view: r.view };
}

const KAPPA_GRID = [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256];

function fitPremium(base: ResolvedScenario, f: Fitted) {
  const dsAt = (kappa: number) => goldenSection((ds) => premiumSse(base, { ...f, premium: { ...f.premium, kappa, drawdownSensitivity: ds } }).sse, 0, 4, 16);
  const profile: PremiumProfileRow[] = KAPPA_GRID.map((kappa) => {
    const b = dsAt(kappa);
    return { kappa, drawdownSensitivity: b.x, sse: b.f };
  });
  let k = 0;
  for (let i = 1; i < profile.length; i++) if (profile[i].sse < profile[k].sse) k = i;
  // Refine kappa between the neighbours of the best grid point (log scale), then drawdownSensitivity again.
  const lo = KAPPA_GRID[Math.max(0, k - 1)], hi = KAPPA_GRID[Math.min(KAPPA_GRID.length - 1, k + 1)];
  let ds = profile[k].drawdownSensitivity;
  const kBest = goldenSection((lk) => premiumSse(base, { ...f, premium: { ...f.premium, kappa: Math.exp(lk), drawdownSensitivity: ds } }).sse, Math.log(lo), Math.log(hi), 14);
  const kappa = kBest.x === Math.log(lo) || kBest.x === Math.log(hi) ? profile[k].kappa : Math.exp(kBest.x);
  ds = dsAt(kappa).x;
  const best = premiumSse(base, { ...f, premium: { ...f.premium, kappa, drawdownSensitivity: ds } });
  // Profile of drawdownSensitivity at the best kappa, for its uncertainty range.
  const dsProfile = linSpace(0, 4, 21).map((d) => ({ drawdownSensitivity: d, sse: premiumSse(base, { ...f, premium: { ...f.premium, kappa, drawdownSensitivity: d } }).sse }));
  return { fitted: best.fitted, sse: best.sse, view: best.view, profile, dsProfile };
}

// ---------------------------------------------------------------------------
// Stage 3: premium volatility from residual changes
// ---------------------------------------------------------------------------

export interface VolEstimate { premiumVol: number; low: number; high: number; pairs: number; rows: { ticker: string; from: string; to: string; businessDays: number; change: number }[] }

/** Wilson-Hilferty approximation of a chi-square quantile with n degrees of freedom at normal quantile z. */
function chi2(n: number, z: number): number {
  const a = 2 / (9 * n);
  return n * Math.pow(1 - a + z * Math.sqrt(a), 3);
}

function estimatePremiumVol(view: RunView, kappa: number): VolEstimate {
  const targets = PREMIUM_TARGETS();
  const rows: VolEstimate['rows'] = [];
  const tickers = [...new Set(targets.map((t) => t.subject))];
  for (const ticker of tickers) {
    for (const kind of ['stock', 'mnav', 'evMnav'] as const) {
    const obs = targets.filter((t) => t.subject === ticker && t.level === kind).map((t) => ({ date: t.date, e: logErr(t.measure(view), t.reported) })).sort((a, b) => (a.date < b.date ? -1 : 1));
    for (let i = 1; i < obs.length; i++) {
      const d0 = view.day(obs[i - 1].date), d1 = view.day(obs[i].date);
      let bd = 0;
      for (let d = d0 + 1; d <= d1; d++) bd += view.model.calendar.isBusinessDay[d];
      if (bd === 0) continue;
      rows.push({ ticker, from: obs[i - 1].date, to: obs[i].date, businessDays: bd, change: obs[i].e - obs[i - 1].e });
    }
    }
  }
  const n = rows.length;
  const ss = rows.reduce((a, r) => a + r.change * r.change, 0);
  // Residuals follow the premium's Ornstein-Uhlenbeck noise: Var(e(t+h) - e(t)) = (vol^2 / kappa) (1 - exp(-kappa h)).
  const effYears = rows.reduce((a, r) => a + (1 - Math.exp((-kappa * r.businessDays) / 252)) / kappa, 0);
  const v = Math.sqrt(ss / effYears);
  // 90% interval for a variance estimated from n squared normal increments.
  return { premiumVol: v, low: v * Math.sqrt(n / chi2(n, 1.6449)), high: v * Math.sqrt(n / chi2(n, -1.6449)), pairs: n, rows };
}

// ---------------------------------------------------------------------------
// Stage 4: linear impact from the dated ETF days (reported, not adopted)
// ---------------------------------------------------------------------------

export interface LambdaEstimate { lambdaPerBillion: number; days: { date: string; flowUsd: number; logChange: number }[]; impliedY: number; presetImpactPerBillion: number; vEffUsd: number }

function estimateLambda(): LambdaEstimate {
  const p = MARKET_PRESETS.BTC;
  const days = [['2025-11-04', 577.7e6], ['2025-11-13', 866.7e6], ['2025-11-20', 903e6]] as const;
  const rows = days.map(([date, flowUsd]) => {
    const o = dateToOrdinal(date);
    return { date, flowUsd, logChange: Math.log(scriptLevel(BTC_PATH, o) / scriptLevel(BTC_PATH, o - 1)) };
  });
  let num = 0, den = 0;
  for (const r of rows) { const q = r.flowUsd / 1e9; num += q * -r.logChange; den += q * q; }
  const lambda = num / den;
  // Square-root law at the November effective volume (average drawdown ~0.24 -> V_eff = V (1 - s DD)).
  const vEff = p.dailyVolumeUsd * (1 - p.liquidityDrawdownSensitivity * 0.24);
  const sd = p.impactVol / Math.sqrt(365);
  const perY = sd * Math.sqrt(1e9 / vEff);
  return { lambdaPerBillion: lambda, days: rows, impliedY: lambda / perY, presetImpactPerBillion: p.impactY * perY, vEffUsd: vEff };
}

// ---------------------------------------------------------------------------

export interface FitResult {
  fitted: Fitted;
  leverageProfile: LeverageProfileRow[];
  leverageBrackets: LeverageBracket[];
  leverageSse: number;
  chase: ChaseFit[];
  premiumProfile: PremiumProfileRow[];
  drawdownSensitivityProfile: { drawdownSensitivity: number; sse: number }[];
  premiumSse: number;
  premiumObservations: number;
  premiumVol: VolEstimate;
  lambda: LambdaEstimate;
}

export function runFit(): FitResult {
  const base = baseReplay();
  let f: Fitted = { ...UNFITTED, stockPrice0: {} };
  let levProfile: LeverageProfileRow[] = [];
  let brackets: LeverageBracket[] = [];
  let chaseRows: ChaseFit[] = [];
  for (let round = 0; round < 2; round++) {
    const l = fitLeverage(base, f);
    f = l.fitted;
    levProfile = l.profile;
    brackets = l.brackets;
    const c = fitChase(base, f);
    f = c.fitted;
    chaseRows = c.rows;
  }
  const leverageSse = sse(replayView(applyFitted(base, f, false)), targetsOf('leverage'));
  const p = fitPremium(base, f);
  f = p.fitted;
  const vol = estimatePremiumVol(p.view, f.premium.kappa);
  f = { ...f, premium: { ...f.premium, premiumVol: vol.premiumVol } };
  return {
    fitted: f,
    leverageProfile: levProfile,
    leverageBrackets: brackets,
    leverageSse,
    chase: chaseRows,
    premiumProfile: p.profile,
    drawdownSensitivityProfile: p.dsProfile,
    premiumSse: p.sse,
    premiumObservations: PREMIUM_TARGETS().length,
    premiumVol: vol,
    lambda: estimateLambda(),
  };
}

export const FITTED_JSON = fileURLToPath(new URL('./fitted.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = runFit();
  const text = JSON.stringify(r.fitted, null, 2) + '\n';
  process.stdout.write(JSON.stringify({ ...r, premiumVol: { ...r.premiumVol, rows: r.premiumVol.rows.length } }, null, 2) + '\n');
  if (process.argv.includes('--write')) {
    writeFileSync(FITTED_JSON, text);
    process.stderr.write(`wrote ${FITTED_JSON}\n`);
  }
}
