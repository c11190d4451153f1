/**
 * <dat-risk-view>: the risk map of the scenario (src/risk): the focus
 * company's trigger prices as labelled lines on the coin chart (and on the
 * ensemble's fan when one has run), a table per company sorted by distance
 * with the spiral's price, coverage and runway, and, with several companies,
 * a ladder per coin of who breaks first as it falls and whether that sale
 * reaches the next one. Exports the map as CSV and JSON. "Odds over N paths"
 * runs the map's Monte Carlo in risk workers (web/lib/risk-odds-controller.ts; `dat-sim risk --paths N
 * --seed S`, the same function and numbers): each trigger's odds within 90
 * days, a year and the horizon, and each company's listing outlook.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SimResultTyped } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import { riskMap, type CompanyRisk, type RiskReport } from '../../src/risk/map.ts';
import { LISTING_LABELS, fmtPrice, riskCsv } from '../../src/risk/format.ts';
import type { Odds } from '../../src/risk/probabilities.ts';
import { AnalysisStatus } from '../lib/analysis-controller.ts';
import { RiskOddsController } from '../lib/risk-odds-controller.ts';
import type { Theme } from '../lib/chart-setup.ts';
import type { ChartSpec } from '../lib/chart-specs.ts';
import { partialLabel, type EnsembleResult } from '../lib/ensemble-types.ts';
import { downloadText } from '../lib/download.ts';
import { pct } from '../lib/format.ts';
import { hasRules } from '../lib/params.ts';
import { riskCoinChart, riskFanChart } from '../lib/risk-charts.ts';
import { loadExpr } from '../lib/runner.ts';
import { baseStyles, chartGridStyles } from '../lib/ui-styles.ts';
import type { DatChart } from './dat-chart.ts';
import './dat-chart.ts';

/** A probability cell with its 95% Wilson interval on hover (data-p: the exact value, for tests). */
function oddsCell(o: Odds | undefined) {
  if (!o) return html`<td></td>`;
  return html`<td data-p=${String(o.p)} data-count=${String(o.count)} title=${`${o.count} of ${o.paths} paths; 95%: ${(o.lo * 100).toFixed(1)}–${(o.hi * 100).toFixed(1)}%`}>${pct(o.p, 1)}</td>`;
}

/** Odds computed in this page, per scenario object (the run's resolved scenario): kept when the tab is left and shown again. */
const oddsDone = new WeakMap<ResolvedScenario, OddsRun & { result: RiskReport; elapsedMs: number; workers: number }>();

/** What the odds' Monte Carlo runs with: the run settings' seed, path count, horizon and mode. */
interface OddsRun {
  seed: string;
  paths: number;
  days: number;
  deterministic: boolean;
}

@customElement('dat-risk-view')
export class DatRiskView extends LitElement {
  static override styles = [
    baseStyles,
    chartGridStyles,
    css`
      :host {
        display: block;
      }
      .grid {
        --chart-height: 300px;
      }
      th:first-child,
      td:first-child {
        white-space: normal;
        min-width: 12em;
      }
      tr.forced td:first-child {
        border-left: 3px solid var(--c-line1);
      }
      h3 {
        font-size: 0.95rem;
        margin: 14px 0 4px;
      }
      .muted {
        color: var(--muted);
        font-size: 0.8rem;
      }
      .row {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
        align-items: center;
        margin: 6px 0;
      }
    `,
  ];

  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  /** The single path (its coin price is the chart's line). */
  @property({ attribute: false }) result: SimResultTyped | null = null;
  /** The ensemble, when one has run (the fan gets the same lines). */
  @property({ attribute: false }) ensemble: EnsembleResult | null = null;
  @property() ticker = '';
  @property({ attribute: false }) theme: Theme | null = null;
  @property({ attribute: false }) fileBase = 'scenario';
  /** Scenario file (only to know whether the rule compiler is needed). */
  @property({ attribute: false }) file: unknown = null;
  /** The run settings' seed, ensemble path count, horizon and mode: the odds' Monte Carlo (the horizon and mode the map's too). */
  @property() seed = '1';
  @property({ type: Number }) paths = 500;
  @property({ type: Number }) days = 365;
  @property({ type: Boolean }) deterministic = false;

  /** The odds' Monte Carlo in risk workers, and the scenario and settings it ran with. */
  private readonly odds = new RiskOddsController(this);
  private oddsFor: (OddsRun & { resolved: ResolvedScenario }) | null = null;

  @state() private report: RiskReport | null = null;
  @state() private error = '';
  private computedFor: { res: ResolvedScenario; days: number; deterministic: boolean } | null = null;
  private specs: Record<string, ChartSpec | null> = {};

  protected override willUpdate(changed: PropertyValues<this>): void {
    const reply = this.odds.reply;
    if (reply && this.odds.status === AnalysisStatus.done && this.oddsFor && oddsDone.get(this.oddsFor.resolved)?.result !== reply.result)
      oddsDone.set(this.oddsFor.resolved, { seed: this.oddsFor.seed, paths: this.oddsFor.paths, days: this.oddsFor.days, deterministic: this.oddsFor.deterministic, result: reply.result, elapsedMs: reply.elapsedMs, workers: this.odds.workerCount });
    const was = this.computedFor;
    if (this.resolved && (this.resolved !== was?.res || this.days !== was.days || this.deterministic !== was.deterministic)) {
      // Another scenario or other parameters: odds computed for the previous one no longer apply.
      if (this.oddsFor && this.oddsFor.resolved !== this.resolved) {
        this.odds.reset();
        this.oddsFor = null;
      }
      void this.compute(this.resolved);
    }
    const c = this.focusCompany();
    if (c && this.theme && (changed.has('result') || changed.has('ensemble') || changed.has('ticker') || changed.has('theme') || changed.has('report' as keyof DatRiskView))) {
      this.specs = {
        'risk-coin': this.result ? riskCoinChart(this.result, c, this.theme) : null,
        'risk-fan': this.ensemble ? riskFanChart(this.ensemble, c, this.theme) : null,
      };
    }
  }

  private async compute(res: ResolvedScenario): Promise<void> {
    const key = { res, days: this.days, deterministic: this.deterministic };
    this.computedFor = key;
    try {
      const compileRule = hasRules(this.file) ? (await loadExpr()).compileExpression : undefined;
      if (this.computedFor !== key) return;
      this.report = riskMap(res, { compileRule, days: key.days, deterministic: key.deterministic });
      this.error = '';
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** The odds computed for this scenario at the current horizon and mode (else none: the map itself differs). */
  private oddsShown() {
    const f = this.resolved ? oddsDone.get(this.resolved) : undefined;
    return f && f.days === this.days && f.deterministic === this.deterministic ? f : undefined;
  }

  /** The report on screen: with its odds once they are computed for this scenario, else the map alone. */
  private shown(): RiskReport | null {
    return this.oddsShown()?.result || this.report;
  }

  private startOdds(): void {
    if (!this.resolved) return;
    const run: OddsRun = { seed: this.seed, paths: this.paths, days: this.days, deterministic: this.deterministic };
    this.oddsFor = { resolved: this.resolved, ...run };
    this.odds.start(this.resolved, run);
  }

  private focusCompany(): CompanyRisk | null {
    const rep = this.shown();
    return rep?.companies.find((c) => c.ticker === this.ticker) ?? rep?.companies[0] ?? null;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const charts = [...(this.renderRoot?.querySelectorAll('dat-chart') ?? [])] as DatChart[];
    await Promise.all(charts.map((c) => c.updateComplete));
    return done;
  }

  private download(kind: 'csv' | 'json'): void {
    const report = this.shown();
    if (!report) return;
    if (kind === 'csv') downloadText(`${this.fileBase}-risk.csv`, riskCsv(report), 'text/csv');
    else downloadText(`${this.fileBase}-risk.json`, `${JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`, 'application/json');
  }

  private companyTable(c: CompanyRisk, withOdds: boolean) {
    const r = c.runway;
    return html`<h3 id=${`risk-${c.ticker}`}>${c.ticker} — ${c.name}: ${c.coin} today ${fmtPrice(c.coinPrice0)}</h3>
      <div class="table-wrap" tabindex="0" role="region" aria-label=${`${c.ticker} triggers`}>
        <table class="risk-table" data-ticker=${c.ticker}>
          <thead>
            <tr><th>trigger</th><th>coin price</th><th>distance</th><th>coins sold</th><th>with the spiral</th><th>closer (pp)</th>${withOdds ? html`<th>P(90 d)</th><th>P(1 y)</th><th>P(horizon)</th>` : nothing}</tr>
          </thead>
          <tbody>
            ${c.message ? html`<tr><td colspan=${withOdds ? 9 : 6}>${c.message}</td></tr>` : nothing}
            ${c.triggers.map(
              (t) => html`<tr class=${t.forced ? 'forced' : ''} data-id=${t.id} data-status=${t.status} data-price=${t.triggerCoinPrice ?? ''} title=${t.note ?? ''}>
                <td>${t.label}${t.monotone ? '' : ' (not monotone)'}${t.withinHorizon === false ? ' (after the horizon)' : ''}</td>
                <td>${t.status === 'solved' ? fmtPrice(t.triggerCoinPrice) : t.status === 'firesToday' ? 'fires today' : 'none in (0, today]'}</td>
                <td>${t.status === 'solved' ? `${t.distancePct!.toFixed(1)}%` : ''}</td>
                <td>${t.status !== 'none' && t.coinsSold > 0 ? fmtPrice(t.coinsSold) : ''}</td>
                <td>${t.spiral?.status === 'solved' ? fmtPrice(t.spiral.triggerCoinPrice) : ''}</td>
                <td>${t.status === 'solved' && t.spiral?.closerPct != null ? t.spiral.closerPct.toFixed(2) : ''}</td>
                ${withOdds ? html`${oddsCell(t.odds?.within90Days)}${oddsCell(t.odds?.within1Year)}${oddsCell(t.odds?.withinHorizon)}` : nothing}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="muted">
        Coverage: ${c.coverage.length ? c.coverage.map((v) => `${v.instrument} (${v.seniority}) ${v.coverage.toFixed(2)}× — 1× at ${fmtPrice(v.breakEvenCoinPrice)}`).join('; ') : 'no senior claims'}.
        Runway: ${r.monthsFinancing === null ? 'no interest or dividends' : `${r.monthsFinancing.toFixed(1)} months of interest and dividends`}${r.monthsWithOpex === null ? '' : `, ${r.monthsWithOpex.toFixed(1)} with opex`}, from $${(r.cashUsd / 1e6).toFixed(1)}M cash${r.reserveUsd > 0 ? ` (USD reserve $${(r.reserveUsd / 1e6).toFixed(1)}M${r.monthsReserve === null ? '' : `: ${r.monthsReserve.toFixed(1)} months alone`})` : ''}.
      </p>
      ${c.listing
        ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${`${c.ticker} listing outlook`}>
            <table class="risk-listing" data-ticker=${c.ticker}>
              <thead><tr><th>listing step</th><th>P(90 d)</th><th>P(1 y)</th><th>P(horizon)</th><th>median date</th></tr></thead>
              <tbody>
                ${c.listing.map(
                  (l) => html`<tr data-step=${l.step}>
                    <td>${LISTING_LABELS[l.step]}</td>
                    ${oddsCell(l.within90Days)}${oddsCell(l.within1Year)}${oddsCell(l.withinHorizon)}
                    <td>${l.medianFirstDate ?? 'never'}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : nothing}`;
  }

  /** The odds button, progress and cancel, or what the odds on screen ran with. */
  private oddsControls() {
    const o = this.odds;
    if (o.status === AnalysisStatus.running)
      return html`<span class="muted" id="risk-odds-progress" role="status">Odds: ${o.done} of ${o.total || this.oddsFor?.paths} paths…</span>
        <button class="btn small" id="risk-odds-cancel" @click=${() => o.cancel()}>Cancel</button>`;
    const button = html`<button class="btn small" id="risk-odds" @click=${() => this.startOdds()} title="Each trigger's odds within 90 days, a year and the horizon, and the listing outlook, over a Monte Carlo in workers (the run settings' seed and ensemble paths)">Odds over ${this.paths} paths</button>`;
    if (o.status === AnalysisStatus.error) return html`${button}<span class="muted" role="alert">The odds could not be computed: ${o.error}</span>`;
    const f = this.oddsShown();
    if (f)
      return html`${f.seed !== this.seed || f.paths !== this.paths ? button : nothing}<span class="muted" id="risk-odds-done"
          >Odds over ${f.paths} paths, seed ${f.seed}, within the horizon of ${f.days} days${f.deterministic ? ', deterministic' : ''} (95% Wilson intervals on hover), in ${(f.elapsedMs / 1000).toFixed(1)} s on ${f.workers} worker${f.workers === 1 ? '' : 's'}: the numbers of
          <code>dat-sim risk &lt;scenario&gt; --paths ${f.paths} --seed ${f.seed} --days ${f.days}${f.deterministic ? ' --deterministic' : ''}</code>.</span>`;
    return button;
  }

  override render() {
    if (this.error) return html`<p class="muted" role="alert">The risk map could not be computed: ${this.error}</p>`;
    const rep = this.shown();
    const c = this.focusCompany();
    if (!rep || !c) return html`<p class="muted">Computing the risk map…</p>`;
    const s = this.specs;
    const withOdds = rep.paths > 0;
    const focusFirst = [c, ...rep.companies.filter((x) => x !== c)];
    const ladders = rep.companies.length > 1 ? Object.entries(rep.ladder).filter(([, rows]) => rows.length) : [];
    return html`
      <p class="muted">
        Coin price at which each trigger fires, on today's balance sheet with only the coin price changed (premium at its target). “With the spiral” also counts the other
        treasuries' sales on the same coin. Dashed lines: ${c.ticker}'s triggers (red: forced by a lender or a payment).
      </p>
      <div class="row">
        <button class="btn small" id="risk-csv" @click=${() => this.download('csv')}>Risk CSV</button>
        <button class="btn small" id="risk-json" @click=${() => this.download('json')}>Risk JSON</button>
        ${this.oddsControls()}
      </div>
      <div class="grid">
        ${s['risk-coin'] ? html`<dat-chart chart-id="risk-coin" heading=${`${c.coin} price and ${c.ticker}'s trigger prices`} .spec=${s['risk-coin']} .fileBase=${this.fileBase}></dat-chart>` : nothing}
        ${s['risk-fan'] ? html`<dat-chart chart-id="risk-fan" heading=${`${c.coin} ensemble fan and ${c.ticker}'s trigger prices${this.ensemble && partialLabel(this.ensemble) ? ` (${partialLabel(this.ensemble)})` : ''}`} .spec=${s['risk-fan']} .fileBase=${this.fileBase}></dat-chart>` : nothing}
      </div>
      ${focusFirst.map((x) => this.companyTable(x, withOdds))}
      ${ladders.map(
        ([coin, rows]) => html`<h3>Ladder: ${coin} falling — who breaks first</h3>
          <div class="table-wrap" tabindex="0" role="region" aria-label=${`Ladder: ${coin} falling`}>
            <table class="risk-ladder" data-coin=${coin}>
              <thead><tr><th>company: trigger</th><th>coin price</th><th>distance</th><th>sale (USD)</th><th>its impact</th><th>reaches next</th></tr></thead>
              <tbody>
                ${rows.map(
                  (row) => html`<tr>
                    <td>${row.ticker}: ${row.trigger}</td>
                    <td>${fmtPrice(row.triggerCoinPrice)}</td>
                    <td>${row.distancePct.toFixed(1)}%</td>
                    <td>${row.coinsSoldUsd > 0 ? `$${(row.coinsSoldUsd / 1e6).toFixed(1)}M` : ''}</td>
                    <td>${row.impactPct > 0 ? `−${row.impactPct.toFixed(2)}%` : ''}</td>
                    <td>${row.reachesNext ?? ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-risk-view': DatRiskView;
  }
}
