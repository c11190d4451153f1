/**
 * Calibration report sections for the premium law's v2 terms (fitted on the
 * cross-section, scripts/calibration/premium-fit.ts) and for the backtest of
 * every saved scenario against scenarios/outcomes/replay-2025.json. Called by
 * report.ts; deterministic (fixed seeds and path counts).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ResolvedScenario } from '../../sim/types.ts';
import { loadScenarioFile } from '../../src/node/files.ts';
import { simulate } from '../../src/simulate.ts';
import { COMPANY_DEFAULTS } from '../../src/presets/defaults.ts';
import { backtest } from '../../src/backtest.ts';
import { scenarioWindow, type Outcomes } from '../../src/backtest-outcomes.ts';
import { loadOutcomes } from '../../src/backtest-file.ts';
import { compileExpression } from '../../src/rules.ts';
import { CROSS_SECTION_SKIPPED, LEVERAGE_FREE_GRID, SIZE_REF_GRID, fitCrossSection, type Estimate } from './premium-fit.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const OUTCOMES = 'scenarios/outcomes/replay-2025.json';
const OUTCOMES_FILE = fileURLToPath(new URL(`../../${OUTCOMES}`, import.meta.url));
/** Paths per scenario in the report's backtests. */
export const REPORT_BACKTEST_PATHS = 100;

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const musd = (x: number) => (x >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : x >= 1e6 ? `$${(x / 1e6).toFixed(1)}M` : `$${Math.round(x).toLocaleString('en-US')}`);
const ci = (c: [number, number] | null) => (c ? `${f2(c[0])} to ${f2(c[1])}` : '-');

/** The settings the cross-section supports (leverage beyond Merton left out, size from the size-only fit). */
export function fittedPremiumSettings(e: Estimate) {
  return { leveragePenalty: 0, sizePenalty: Number(e.sizePenalty.toFixed(2)), sizeRefUsd: e.sizeRefUsd, penaltiesFromStart: true };
}

function sqnsCollapse(replay: ResolvedScenario, premium: object) {
  const s = structuredClone(replay);
  s.companies = s.companies.filter((c) => c.ticker === 'SQNS');
  s.companies[0].policies = [{ kind: 'hold' }];
  Object.assign(s.companies[0].premium, premium);
  const r = simulate(s, { deterministic: true, days: 29, counterfactual: false });
  const c = r.companies.SQNS, d = r.dates.indexOf('2025-11-03');
  return { s0: s.companies[0].stockPrice0, mnav0: c.mnav[0]!, s: c.stockPrice[d], mnav: c.mnav[d]! };
}

/** Funding sales of a run as fractions of the coins held, largest first. */
function routineSaleFractions(replay: ResolvedScenario): { ticker: string; date: string; usd: number; fraction: number }[] {
  const s = structuredClone(replay);
  for (const c of s.companies) c.saleAnnouncementMinFraction = 0;
  const r = simulate(s, { deterministic: true, compileRule: compileExpression, counterfactual: false });
  return r.events
    .filter((e) => e.kind === 'coinSale' && e.reason === 'funding')
    .map((e) => ({ ticker: e.company, date: e.date, usd: e.usd as number, fraction: (e.coins as number) / (r.companies[e.company].coins[e.day] + (e.coins as number)) }))
    .sort((a, b) => b.fraction - a.fraction);
}

export function premiumSection(replay: ResolvedScenario): string[] {
  const fit = fitCrossSection();
  const L: string[] = [];
  const w = (...s: string[]) => L.push(...s);
  const set = fittedPremiumSettings(fit.sizeOnly);
  w('## 8. Premium: leverage, size and sale announcements (cross-section)',
    '',
    'The premium law (docs/model.md section 3) moves the log premium toward `pi0 - drawdownSensitivity DD - ... - [P(t) - P(start)]`, with the balance-sheet penalty `P = leveragePenalty max(0, D/A - leverageFree) + sizePenalty max(0, ln(sizeRefUsd / V))` (V the coins\' value). `penaltiesFromStart: false` and `sizePenalty: 0` give v1 exactly (P(start) = 0, no size term); those are still the defaults. The fit below uses every dated mNAV figure of `../shared/facts` on or before 2025-11-21 with a coin price on its date, and asks what leverage and size do to the premium **over the Merton equity value** (the model\'s `pi = ln(S N / E)`), since the engine already values a levered company\'s equity as a call on its assets.',
    '',
    '### 8.1 Data',
    '',
    '| Company | Date | Reported mNAV | Coins x price | Cash | Senior claims | D/A | Merton E | pi = ln(mNAV V / E) | Tag | Source | Note |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of fit.rows) {
    w(`| ${r.ticker} | ${r.date} | ${r.mnav} | ${r.coins.toLocaleString('en-US')} x $${r.coinPriceUsd.toLocaleString('en-US')} = ${musd(r.coinValueUsd)} (${r.coinPriceSource}) | ${musd(r.cashUsd)} | ${musd(r.debtUsd)} | ${f3(r.leverage)} | ${musd(r.equityUsd)} | ${f3(r.logPremium)} | [${r.tag}] | ${r.source} | ${r.note || '-'} |`);
  }
  w('', `Merton E as in the engine (asset volatility = preset coin volatility x V/A; tau in the row; cash taken as 0 where the facts give none). Left out: ${CROSS_SECTION_SKIPPED.join('; ')}.`, '');
  w('### 8.2 Fit',
    '',
    `Least squares on the rows above; knots profiled over leverageFree in {${LEVERAGE_FREE_GRID.join(', ')}} and sizeRefUsd in {${SIZE_REF_GRID.map(musd).join(', ')}}; 90% intervals from a company-cluster bootstrap (companies drawn with replacement with all their rows; knots fixed; resamples where a regressor has no spread are dropped).`,
    '',
    '| Fit | Response | leverageFree | sizeRefUsd | leveragePenalty (90% interval) | sizePenalty (90% interval) | SSE | Resamples |',
    '|---|---|---|---|---|---|---|---|');
  const row = (name: string, resp: string, e: Estimate) => w(`| ${name} | ${resp} | ${e.leverageFree} | ${musd(e.sizeRefUsd)} | ${e.leverageCi ? `${f2(e.leveragePenalty)} (${ci(e.leverageCi)})` : '0 (left out)'} | ${f2(e.sizePenalty)} (${ci(e.sizeCi)}) | ${f3(e.sse)} | ${e.resamples} |`);
  row('both terms', 'pi (model space)', fit.full);
  row('size only', 'pi (model space)', fit.sizeOnly);
  row('both terms', 'ln mNAV (quoted)', fit.quoted);
  w('',
    `Profile of the two-term model-space fit over the knots (SSE): ${fit.profile.map((p) => `(${p.leverageFree}, ${musd(p.sizeRefUsd)}) ${f3(p.sse)}`).join('; ')}.`,
    '',
    `Reading: over the Merton value, leverage does **not** cost these companies premium: the two-term estimate is ${f2(fit.full.leveragePenalty)} (a premium *gain*; 90% interval ${ci(fit.full.leverageCi)}), because the most levered names (NAKA, MSTR) traded above their Merton equity value. On the quoted mNAV, leverage explains nothing either way (${f2(fit.quoted.leveragePenalty)}, ${ci(fit.quoted.leverageCi)}): the Merton valuation already carries what leverage does to the stock. Size does matter, with an interval clear of zero in every variant: about ${f2(fit.sizeOnly.sizePenalty)} log premium per unit of ln(${musd(fit.sizeOnly.sizeRefUsd)} / V). Ten figures from nine companies over two months, several of them [E] or [?]: read the intervals, not the digits.`,
    '',
    `**Fitted setting** (for scenarios that opt in; the defaults stay v1): \`premium: ${JSON.stringify(set)}\`, exported as \`PREMIUM_CROSS_SECTION_FIT\` (src/presets/defaults.ts). With \`penaltiesFromStart\` the terms move the premium only as leverage and size change after the start (the starting price already prices them; v1 subtracted the starting leverage penalty again).`,
    '');
  const v1 = sqnsCollapse(replay, {});
  const v2 = sqnsCollapse(replay, set);
  w('### 8.3 Collapse check: Sequans on the replayed path',
    '',
    `The leveraged micro-cap of the window: Sequans (3,234 BTC, $189M secured debentures, ~$400M of coins at the start), in \`replay-2025.json\` with its policy set to hold, noise off, to Nov 3 (the day before its sale was announced). Reported: $7.10 on Nov 3 ([E] from $5.92 after -16.6% on Nov 4, facts §1), down from the fitted Oct 3 price.`,
    '',
    '| Premium law | Oct 3 price | mNAV Oct 6 | Price Nov 3 | mNAV Nov 3 | Fall |',
    '|---|---|---|---|---|---|',
    `| as in replay-2025.json (v1 terms) | $${f2(v1.s0)} | ${f2(v1.mnav0)} | $${f2(v1.s)} | ${f2(v1.mnav)} | ${(100 * (1 - v1.s / v1.s0)).toFixed(0)}% |`,
    `| fitted setting above | $${f2(v2.s0)} | ${f2(v2.mnav0)} | $${f2(v2.s)} | ${f2(v2.mnav)} | ${(100 * (1 - v2.s / v2.s0)).toFixed(0)}% |`,
    `| reported | - | - | $7.10 | 0.37 (Nov 4, after the sale) | ${(100 * (1 - 7.1 / v1.s0)).toFixed(0)}% |`,
    '',
    'Most of the fall comes from the Merton equity of a levered balance sheet and the fitted drawdown sensitivity at the fitted speed (section 2.3); the size term adds to it as the coins lose value. The sale announcement of Nov 4 then takes `saleAnnouncementPenalty` on top (section 4).',
    '');
  const routine = routineSaleFractions(replay);
  const big = routine[0];
  w('### 8.4 Announcement threshold',
    '',
    `A first sale after \`quietDays\` is news only when it is at least \`saleAnnouncementMinFraction\` of the coins held (default now ${COMPANY_DEFAULTS.saleAnnouncementMinFraction}; 0 gives v1). The sales the market read as news in the window were large: Sequans 970 of 3,234 BTC (30%, facts §1), FG Nexus 10,922 of 50,778 ETH (22%, facts §2), ETHZilla ~$40M of ~$462M of ETH (~9% [E], facts §7). The routine sales the replay makes to pay interest, dividends and costs (threshold set to 0 to list them all) are ${routine.length ? `at most ${(100 * big.fraction).toFixed(3)}% of the holdings (${big.ticker} ${big.date}, ${musd(big.usd)}; ${routine.length} such sales)` : 'absent'}. Any threshold between the two separates them; 1% is the round number in between, and leaves a sale of a tenth of the treasury news.`,
    '');
  return L;
}

/** The outcomes of a file that a scenario can be scored on: its tickers and coins, dated inside its days, periods starting on or after its start. */
export function applicableOutcomes(o: Outcomes, s: ResolvedScenario): Outcomes {
  const { first, last } = scenarioWindow(s);
  const inside = (d: string) => d >= first && d <= last;
  const tickers = new Set(s.companies.map((c) => c.ticker));
  const coins = new Set(s.markets.map((m) => m.coin));
  return {
    ...o,
    coinPrices: o.coinPrices.filter((c) => coins.has(c.coin) && inside(c.date)),
    // An event fact covers its period from the forecast date of the outcomes file: a scenario that starts later can use it only when it did not occur (no occurrence in the longer period means none in the shorter).
    events: o.events.filter((e) => tickers.has(e.ticker) && inside(e.date) && (e.occurred === false || s.startDate <= (e.from ?? '2025-10-06'))),
    figures: o.figures.filter((f) => tickers.has(f.ticker) && inside(f.date)),
  };
}

export function backtestSection(): string[] {
  const outcomes = loadOutcomes(OUTCOMES_FILE);
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
  const L: string[] = [];
  const w = (...s: string[]) => L.push(...s);
  w('## 9. Backtest of the saved scenarios (Oct 6 - Nov 21, 2025)',
    '',
    `Each saved scenario is a forecast made on its start date. \`dat-sim backtest\` scores it against \`${OUTCOMES}\` (what happened from Oct 6 to Nov 21, every row with its facts source; docs/methodology.md explains the scores): for each event its probability over ${REPORT_BACKTEST_PATHS} paths and the Brier term (p - o)^2, for each figure the 10-90% band and whether the reported value is inside. Only the rows a scenario can be scored on count: its own tickers and coins, dated inside its days; an event that occurred counts only if the scenario starts on or before its period (Oct 6). Coins as the scenario says (a scripted path stays scripted).`,
    '',
    '| Scenario | Start | Rows scored | Events | Brier | Called right | Figures | Inside 10-90% band | Coverage |',
    '|---|---|---|---|---|---|---|---|---|');
  let replayTable: string[] = [];
  for (const f of files) {
    const s = loadScenarioFile(`${SCENARIOS}${f}`);
    const id = f.replace(/\.json$/, '');
    if (s.startDate > '2025-11-21') {
      w(`| ${id} | ${s.startDate} | 0 | - | - | - | - | - | starts after the window: nothing realized to score yet |`);
      continue;
    }
    const o = applicableOutcomes(outcomes, s);
    const n = o.events.length + o.figures.length + o.coinPrices.length;
    if (!n) {
      w(`| ${id} | ${s.startDate} | 0 | - | - | - | - | - | no outcome in the file concerns its companies and days |`);
      continue;
    }
    const r = backtest(s, o, { paths: REPORT_BACKTEST_PATHS, compileRule: compileExpression, file: OUTCOMES });
    const m = r.summary;
    w(`| ${id} | ${s.startDate} | ${n} | ${m.events} | ${m.brier === null ? '-' : f3(m.brier)} | ${m.events ? `${m.eventHits} of ${m.events}` : '-'} | ${m.figures} | ${m.figures ? m.figureHits : '-'} | ${m.coverage === null ? '-' : `${(100 * m.coverage).toFixed(0)}%`} |`);
    if (id === 'replay-2025') {
      replayTable = ['', '### 9.1 replay-2025, row by row', '', '| Outcome | Date | Reported | Model | Score | Hit |', '|---|---|---|---|---|---|'];
      for (const x of r.rows) {
        const what = `${x.subject} ${x.kind}${x.coins !== undefined ? ` >= ${x.coins.toLocaleString('en-US')}` : ''}`;
        const rep = typeof x.realized === 'boolean' ? (x.realized ? 'yes' : 'no') : String(x.realized);
        const model = x.type === 'event' ? `p = ${f2(x.probability!)}` : `${x.band!.p10.toPrecision(3)} - ${x.band!.p90.toPrecision(3)}`;
        replayTable.push(`| ${what} | ${x.date} | ${rep} | ${model} | ${x.type === 'event' ? `Brier ${f3(x.brier!)}` : x.hit ? 'inside' : 'outside'} | ${x.hit ? 'hit' : 'miss'} |`);
      }
      replayTable.push('', 'replay-2025 is not an out-of-sample forecast: its coin path, ETF flows and premium dynamics were set from the window it is scored on (sections 1-3), so its scores measure fit. The coin prices miss because the model adds the impact of every flow to a path that already contains them (section 4); the purchases miss because the replay has no buying policy for companies whose purchases are in the replayed path.');
    }
  }
  w(...replayTable, '');
  return L;
}
