/**
 * <dat-ensemble-view>: many paths of one scenario, run in Web Workers with the
 * CLI's ensemble code (the figures are `dat-sim mc`'s): fan charts (5-95,
 * 25-75, median) of the coin, the stock and mNAV, histograms of the time to a
 * deficiency notice and to delisting, per-company probabilities of every
 * event kind. A cancelled ensemble shows its finished paths, labelled
 * "partial: n of N paths, cancelled". Fires `ensemble-run` / `ensemble-cancel`.
 *
 * Test hooks: `#ensemble-partial` (the partial label), `#ensemble-events`
 * (rows `tr[data-event]` with `td[data-stat]` cells for the selected company;
 * cards on a phone too),
 * `#ensemble-horizon` (probabilities by the horizon, rows `tr[data-ticker]`; one
 * card per row where its container is under 560 px, stackedTableStyles).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SimResultTyped } from '../../src/simulate.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { Theme } from '../lib/chart-setup.ts';
import { minPriceLine } from '../lib/chart-layout.ts';
import { fanChart, histogramChart, selectedAnnotation, type ChartSpec } from '../lib/chart-specs.ts';
import type { EventName } from '../../src/batch/ensemble.ts';
import { binDays, eventDayCounts, partialLabel, type EnsembleResult } from '../lib/ensemble-types.ts';
import { DISCRETIONARY_LISTING_NOTE, compact, pct, usd } from '../lib/format.ts';
import { baseStyles, chartGridStyles, stackedTableStyles } from '../lib/ui-styles.ts';
import type { SelectedEvent } from './dat-single-view.ts';
import './dat-chart.ts';

const BIN_DAYS = 30;

/** The event kinds of src/batch/ensemble.ts EVENTS in the order a story runs: the listing path, then sales, then insolvency, then either way out. */
const EVENT_ORDER: readonly EventName[] = ['notice', 'secondPeriod', 'determination', 'hearingStay', 'delisting', 'reverseSplit', 'anySale', 'forcedSale', 'insolvency', 'listingLost'];

/** What each event kind is called in the table. */
const EVENT_LABELS: Record<EventName, string> = {
  notice: 'Deficiency notice',
  secondPeriod: 'Second compliance period',
  determination: 'Delisting determination',
  hearingStay: 'Hearing stays the suspension',
  delisting: 'Delisted (suspended)',
  insolvency: 'Insolvent',
  forcedSale: 'First forced coin sale',
  anySale: 'First coin sale',
  reverseSplit: 'Reverse split',
  listingLost: 'Listing lost (delisted or insolvent)',
};

/** The selected company's "first events by the horizon" table's columns (cards on a phone, as below). */
const EVENT_COLUMNS = ['Event', 'Paths', 'Probability [95% CI]', 'First day: median [5–\u206095%]'] as const;

/** The "Probabilities by the horizon" table's columns (a phone shows each row as a card, every figure labelled); a word joiner keeps "5–95%" on one line. */
const HORIZON_COLUMNS = ['Ticker', 'Notice', 'Determination', 'Delisted', 'Insolvent', 'Listing lost', 'Forced sale', 'Stock at horizon: median [5–\u206095%]', 'Coins sold, of them forced: median [5–\u206095%]'] as const;

/** The forced-sale histogram's note: the share forced to sell, and how many coins the forced sales took (median and 5-95% over all paths). */
function forcedNote(p: number, d: { q05: number | null; q50: number | null; q95: number | null } | undefined): string {
  const head = `${pct(p, 1)} of paths are forced to sell within the horizon`;
  return p > 0 && d ? `${head}; coins sold forced by the horizon: median ${compact(d.q50)} [5–95%: ${compact(d.q05)}–${compact(d.q95)}]` : head;
}

/** The listing-lost histogram's note: the share that loses it, and how (a suspension, or insolvency without one). */
function lostNote(lost: number, delisted: number): string {
  const head = `${pct(lost, 1)} of paths lose the listing within the horizon`;
  if (lost === 0) return head;
  return lost > delisted ? `${head}: ${pct(delisted, 1)} delisted, the rest frozen insolvent without a suspension` : `${head}, all by a suspension (delisted)`;
}

@customElement('dat-ensemble-view')
export class DatEnsembleView extends LitElement {
  static override styles = [
    baseStyles,
    chartGridStyles,
    stackedTableStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      progress {
        flex: 1 1 160px;
        height: 12px;
        accent-color: var(--accent);
      }
      .stale {
        background: var(--warn-bg);
        color: var(--warn-fg);
        padding: 4px 8px;
        border-radius: var(--radius);
        font-size: 0.85rem;
      }
      .partial {
        background: var(--warn-bg);
        color: var(--warn-fg);
        padding: 6px 10px;
        border-radius: var(--radius);
        font-weight: 600;
      }
      .error {
        background: var(--error-bg);
        color: var(--error-fg);
        padding: 4px 8px;
        border-radius: var(--radius);
      }
      h2 {
        font-size: 0.95rem;
        margin: 12px 0 4px;
      }
      /* Eight columns in the main column at 1280 px: the headers wrap, the figures do not. */
      table.horizon thead th {
        white-space: normal;
        vertical-align: bottom;
        max-width: 9em;
      }
    `,
  ];

  @property({ attribute: false }) ensemble: EnsembleResult | null = null;
  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  @property({ attribute: false }) single: SimResultTyped | null = null;
  @property() ticker = '';
  @property({ attribute: false }) theme: Theme | null = null;
  @property() status = 'idle';
  @property({ type: Number }) done = 0;
  @property({ type: Number }) total = 0;
  @property({ type: Number }) paths = 0;
  @property({ type: Boolean }) stale = false;
  @property() error: string | null = null;
  @property({ attribute: false }) selected: SelectedEvent | null = null;
  @property({ attribute: false }) fileBase = 'chart';

  private specs: Record<string, ChartSpec> = {};

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!(changed.has('ensemble') || changed.has('ticker') || changed.has('theme') || changed.has('selected') || changed.has('single'))) return;
    const e = this.ensemble, theme = this.theme;
    this.specs = {};
    if (!e || !theme) return;
    const st = e.summary.companies[this.ticker];
    if (!st) return;
    const coin = st.coin, days = e.summary.days, n = e.summary.paths;
    const sel = selectedAnnotation(theme, this.selected?.day ?? null, this.selected?.label);
    const sameRun = this.single && this.single.dates.length === days && this.single.seed === e.summary.seed;
    const rules = this.resolved?.listingRules[this.resolved.companies.find((c) => c.ticker === this.ticker)?.exchange ?? ''];
    const minLine = minPriceLine(rules);
    const one = (id: string, y: number, text: string) => ({
      [id]: { type: 'line', yMin: y, yMax: y, borderColor: theme.line1, borderWidth: 1.5, borderDash: [6, 4], label: { display: true, content: text, position: 'start', backgroundColor: 'rgba(0,0,0,0)', color: theme.line1, font: { size: 10, weight: 'bold' }, yAdjust: -8 } },
    });
    const specs: Record<string, ChartSpec | null> = {
      'fan-coin': fanChart(e, `${coin}.price`, theme, `${coin} (USD)`, 'usd', { path: sameRun ? this.single!.markets[coin]?.price : undefined, annotations: sel }),
      'fan-stock': fanChart(e, `${this.ticker}.stockPrice`, theme, 'USD per share', 'usd', {
        path: sameRun ? this.single!.companies[this.ticker]?.stockPrice : undefined,
        annotations: { ...(minLine ? one('minPrice', minLine.price, minLine.label) : {}), ...sel },
      }),
      'fan-mnav': fanChart(e, `${this.ticker}.mnav`, theme, 'mNAV', 'ratio', { annotations: { ...one('mnavOne', 1, 'mNAV 1.0'), ...sel } }),
      'hist-notice': histogramChart(binDays(eventDayCounts(e, this.ticker, 'notice'), BIN_DAYS, n), 'first deficiency notice', theme.mnav, theme, BIN_DAYS, days),
      // "Will it lose its listing?": delisted or frozen insolvent, whichever first (mc's listingLost).
      'hist-delisted': histogramChart(binDays(eventDayCounts(e, this.ticker, 'listingLost'), BIN_DAYS, n), 'listing lost (delisted or insolvent)', theme.line1, theme, BIN_DAYS, days),
      // "When will it be forced to sell?": the first sale for a forced reason (funding, covenant, lender, amendment).
      'hist-forced': histogramChart(binDays(eventDayCounts(e, this.ticker, 'forcedSale'), BIN_DAYS, n), 'first forced coin sale', theme.sold, theme, BIN_DAYS, days),
    };
    for (const [k, v] of Object.entries(specs)) if (v) this.specs[k] = v;
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await Promise.all([...(this.renderRoot?.querySelectorAll('dat-chart') ?? [])].map((c) => (c as LitElement).updateComplete));
    return done;
  }

  private fire(name: string): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  /** The company's listing rule is a discretionary standard (NYSE American): its results carry a caveat. */
  private discretionary(ticker: string): boolean {
    const r = this.resolved;
    return r?.listingRules[r.companies.find((c) => c.ticker === ticker)?.exchange ?? '']?.discretionary === true;
  }

  private eventsTable(e: EnsembleResult) {
    const c = e.summary.companies[this.ticker];
    if (!c) return nothing;
    const dates = e.summary.bands?.dates;
    return html`<h2>${this.ticker}: first events by the horizon</h2>
      <div class="table-wrap stack-wrap" tabindex="0" role="region" aria-label=${`${this.ticker}: first events by the horizon`}>
        <table id="ensemble-events" class="stack" role="table">
          <thead role="rowgroup">
            <tr role="row">
              ${EVENT_COLUMNS.map((c) => html`<th role="columnheader" scope="col">${c}</th>`)}
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${EVENT_ORDER.map((ev) => {
              const p = c.events[ev];
              const d = p.day;
              const date = (t: number) => dates?.[t] ?? `day ${t}`;
              return html`<tr role="row" data-event=${ev}>
                <th role="rowheader" scope="row">${EVENT_LABELS[ev]}</th>
                <td role="cell" data-label=${EVENT_COLUMNS[1]} data-stat="count">${p.count}</td>
                <td role="cell" data-label=${EVENT_COLUMNS[2]} data-stat="probability" data-value=${String(p.probability)}>${pct(p.probability)} [${pct(p.ci95[0])}–${pct(p.ci95[1])}]</td>
                <td role="cell" data-label=${EVENT_COLUMNS[3]} data-stat="medianDate" data-value=${d ? d.medianDate : ''}>${d ? html`${date(d.q50)} [${date(d.q05)} – ${date(d.q95)}]` : '–'}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  }

  override render() {
    const e = this.ensemble;
    const running = this.status === 'running' || this.status === 'cancelling';
    const s = this.specs;
    const chart = (id: string, heading: string, note = '') =>
      s[id] ? html`<dat-chart chart-id=${id} .heading=${heading} .note=${note} .spec=${s[id]} .fileBase=${this.fileBase}></dat-chart>` : nothing;
    const sum = e?.summary;
    const st = sum?.companies[this.ticker];
    const partial = e ? partialLabel(e) : null;
    const tag = partial ? ' (partial)' : '';
    const cf = sum && st ? sum.markets[st.coin]?.terminal.selfInflictedDrawdown : undefined;
    return html`
      <div class="bar">
        <button class="btn primary" @click=${() => this.fire('ensemble-run')} ?disabled=${running}>${e ? 'Re-run' : 'Run'} ensemble (${this.paths} paths)</button>
        <button class="btn" id="ensemble-cancel" @click=${() => this.fire('ensemble-cancel')} ?disabled=${this.status !== 'running'}>Cancel</button>
        ${running
          ? html`<progress id="ensemble-progress" max=${this.total} .value=${this.done} aria-label="Ensemble progress"></progress>
              <span aria-live="polite">${this.done} / ${this.total}${this.status === 'cancelling' ? ' · cancelling: finishing the paths under way' : ''}</span>`
          : nothing}
        ${this.status === 'cancelled' && !e ? html`<span class="muted" role="status">Cancelled before any path finished.</span>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">Ensemble failed: ${this.error}</p>` : nothing}
      ${partial && sum
        ? html`<p class="partial" id="ensemble-partial" role="status">
            ${partial}. Every figure below covers paths 0–${(sum.paths - 1).toLocaleString('en-US')} only (the same as <code>dat-sim mc --paths ${sum.paths} --seed ${sum.seed}</code>).
          </p>`
        : nothing}
      ${e && this.stale ? html`<p class="stale" role="status">The parameters changed since this ensemble ran; re-run it to update.</p>` : nothing}
      ${!e || !sum
        ? html`<p class="muted">Run many paths of this scenario (same seed, path i uses its own random stream) to see the spread of outcomes. The figures are those of <code>dat-sim mc</code> for the same scenario, seed and path count.</p>`
        : html`
            <p class="muted">
              ${sum.paths.toLocaleString('en-US')} paths${partial ? ` of ${e.requested.toLocaleString('en-US')}` : ''}, seed ${sum.seed}, ${sum.days} days: ${Math.round(e.elapsedMs)} ms with ${e.workers} worker${e.workers > 1 ? 's' : ''}.
              Quantiles within ${pct(sum.method.bandRelativeError, 1)} (bands) and ${pct(sum.method.terminalRelativeError, 2)} (horizon figures), as <code>dat-sim mc</code> reports them.
            </p>
            <div class="grid">
              ${chart('fan-coin', `${st?.coin ?? ''} price: fan of ${sum.paths} paths${tag}`, 'bands 5–95% and 25–75%, median; dashed: the single path')}
              ${chart('fan-stock', `${this.ticker} stock: fan${tag}`)}
              ${chart('fan-mnav', `${this.ticker} mNAV: fan${tag}`, 'gaps: the quantile is infinite (that share of paths holds no coins)')}
              ${chart('hist-notice', `${this.ticker}: time to a deficiency notice${tag}`, st ? `${pct(st.events.notice.probability, 1)} of paths get one within the horizon` : '')}
              ${chart('hist-forced', `${this.ticker}: time to the first forced sale${tag}`, st ? forcedNote(st.events.forcedSale.probability, st.terminal.forcedCoinsSold) : '')}
              ${chart('hist-delisted', `${this.ticker}: time to losing the listing${tag}`, st ? lostNote(st.events.listingLost.probability, st.events.delisting.probability) : '')}
            </div>
            ${cf && cf.q50 !== null
              ? html`<p class="muted" id="ensemble-self-inflicted">${st!.coin} at the horizon, median self-inflicted drawdown (1 − price / price with the companies switched off): ${pct(cf.q50, 2)} [5–95%: ${pct(cf.q05, 2)} to ${pct(cf.q95, 2)}].</p>`
              : nothing}
            ${this.eventsTable(e)}
            <h2>Probabilities by the horizon${tag}</h2>
            <div class="table-wrap stack-wrap" tabindex="0" role="region" aria-label="Probabilities by the horizon">
              <table id="ensemble-horizon" class="stack horizon" role="table">
                <thead role="rowgroup">
                  <tr role="row">
                    ${HORIZON_COLUMNS.map((c) => html`<th role="columnheader" scope="col">${c}</th>`)}
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  ${Object.entries(sum.companies).map(([ticker, c]) => {
                    const stock = c.terminal.stockPrice, sold = c.terminal.coinsSold, forced = c.terminal.forcedCoinsSold;
                    const cells = [
                      pct(c.events.notice.probability),
                      pct(c.events.determination.probability),
                      pct(c.events.delisting.probability),
                      pct(c.events.insolvency.probability),
                      pct(c.events.listingLost.probability),
                      pct(c.events.forcedSale.probability),
                      `${usd(stock.q50)} [${usd(stock.q05)}–${usd(stock.q95)}]`,
                      // One element, so a phone's card (a flex row: label, value) keeps the two lines together.
                      html`<span>${compact(sold.q50)} [${compact(sold.q05)}–${compact(sold.q95)}]<br /><span class="muted">forced ${compact(forced.q50)} [${compact(forced.q05)}–${compact(forced.q95)}]</span></span>`,
                    ];
                    return html`<tr role="row" data-ticker=${ticker}>
                      <th role="rowheader" scope="row">${ticker}${this.discretionary(ticker) ? html`<sup class="caveat" title=${DISCRETIONARY_LISTING_NOTE}>†</sup>` : nothing}</th>
                      ${cells.map((v, i) => html`<td role="cell" data-label=${HORIZON_COLUMNS[i + 1]}>${v}</td>`)}
                    </tr>`;
                  })}
                </tbody>
              </table>
              ${Object.keys(sum.companies).some((t) => this.discretionary(t)) ? html`<p class="muted caveat-note">† ${DISCRETIONARY_LISTING_NOTE}</p>` : nothing}
            </div>
          `}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-ensemble-view': DatEnsembleView;
  }
}
