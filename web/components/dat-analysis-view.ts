/**
 * <dat-analysis-view>: the Analysis page (#/analysis) for the scenario open
 * in the simulator (edits included): the sensitivity tornado and the stress
 * grid, both computed in a Web Worker. dat-app imports this file lazily, so
 * the page and its elements are a chunk of their own (the worker's chunk,
 * with the engine and mathjs, loads only when an analysis runs).
 */
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { Theme } from '../lib/chart-setup.ts';
import './dat-analysis-stress.ts';
import './dat-analysis-tornado.ts';

@customElement('dat-analysis-view')
export class DatAnalysisView extends LitElement {
  /** Light DOM, like the other pages (the page stylesheet lays it out). */
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  @property({ attribute: false }) resolved: ResolvedScenario | null = null;
  /** Scenario name as the simulator shows it. */
  @property({ attribute: false }) name = '';
  @property({ attribute: false }) seed = '1';
  @property({ attribute: false }) horizonDays = 365;
  @property({ attribute: false }) ticker: string | null = null;
  @property({ attribute: false }) theme: Theme | null = null;

  override render() {
    return html`<div class="analysis-page">
      <h2 class="scenario-name" id="analysis-title">Analysis: ${this.name || 'loading…'}</h2>
      <p class="muted">The scenario open in the <a href="#">simulator</a>, with its edits. The same computations as <code>dat-sim sensitivity</code> and <code>dat-sim stress</code>, run in the browser off the main thread.</p>
      <dat-analysis-tornado .resolved=${this.resolved} .seed=${this.seed} .horizonDays=${this.horizonDays} .ticker=${this.ticker} .theme=${this.theme} .name=${this.name}></dat-analysis-tornado>
      <dat-analysis-stress .resolved=${this.resolved} .horizonDays=${this.horizonDays} .ticker=${this.ticker}></dat-analysis-stress>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-analysis-view': DatAnalysisView;
  }
}
