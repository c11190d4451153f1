/**
 * <dat-loop-gain>: the loop-gain meter of docs/model.md §9 for one day, per coin,
 * under both impact laws (their calibrations differ about eightfold, which
 * is what decides whether the coin-side spiral can run away). A bar per
 * law on a scale with a mark at 1: at or above it the loop sustains itself.
 * Below it, a shock s grows to s/(1 - G) in all (the closed loop).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { usd } from '../lib/format.ts';
import type { GainView } from '../lib/teaching/story.ts';
import { LOOP_GAIN_SHOCK } from '../lib/teaching/trace.ts';
import { richStyles } from '../lib/teaching/render.ts';
import { baseStyles } from '../lib/ui-styles.ts';

@customElement('dat-loop-gain')
export class DatLoopGain extends LitElement {
  static override styles = [
    baseStyles,
    richStyles,
    css`
      :host {
        display: block;
      }
      .coin {
        margin: 6px 0 10px;
      }
      .coin h4 {
        margin: 0 0 4px;
        font-size: 0.9rem;
      }
      .row {
        display: grid;
        grid-template-columns: 9.5em minmax(0, 1fr) 4.2em;
        align-items: center;
        gap: 8px;
        font-size: 0.85rem;
        margin: 3px 0;
      }
      .track {
        position: relative;
        height: 16px;
        background: var(--bg);
        border: 1px solid var(--border);
        border-radius: 3px;
        overflow: hidden;
      }
      .bar {
        position: absolute;
        inset: 0 auto 0 0;
        background: var(--c-ok, #1e7d4f);
      }
      .bar.sqrt {
        background: var(--c-price);
      }
      .bar.linear {
        background: var(--c-mnav);
      }
      .bar.over {
        background: var(--c-sold);
      }
      .one {
        position: absolute;
        top: -2px;
        bottom: -2px;
        width: 2px;
        background: var(--fg);
      }
      .val {
        text-align: right;
        font-variant-numeric: tabular-nums;
        font-weight: 700;
      }
      .val.over {
        color: var(--c-sold);
      }
      .own {
        font-size: 0.75rem;
        color: var(--muted);
      }
      .note {
        font-size: 0.8rem;
        color: var(--muted);
        margin: 2px 0 0;
      }
    `,
  ];

  @property({ attribute: false }) gains: readonly GainView[] = [];
  /** Date label of the day shown. */
  @property() dateLabel = '';

  override render() {
    const max = Math.max(1.5, ...this.gains.flatMap((g) => [g.gainSqrt, g.gainLinear]).filter(Number.isFinite)) * 1.05;
    const x = (v: number) => `${Math.max(0, Math.min(1, v / max)) * 100}%`;
    const shock = `${(LOOP_GAIN_SHOCK * 100).toFixed(0)}%`;
    return html`${this.gains.map((g) => {
        const bar = (law: 'sqrt' | 'linear', v: number, name: string) => html`<div class="row" data-law=${law} data-coin=${g.coin} data-gain=${v}>
          <span>${name} ${g.law === law ? html`<span class="own">(this market)</span>` : ''}</span>
          <span class="track" role="meter" aria-valuemin="0" aria-valuemax=${max.toFixed(2)} aria-valuenow=${v.toFixed(3)} aria-label=${`${g.coin} loop gain, ${name}`}
            ><span class=${`bar ${law} ${v >= 1 ? 'over' : ''}`} style=${`width:${x(v)}`}></span><span class="one" style=${`left:${x(1)}`} title="1: the loop sustains itself"></span
          ></span>
          <span class=${`val ${v >= 1 ? 'over' : ''}`}>${v.toFixed(2)}</span>
        </div>`;
        const amp = (v: number) => (v < 1 ? `×${(1 / (1 - v)).toFixed(2)}` : 'runs away');
        return html`<div class="coin">
          <h4>${g.coin}</h4>
          ${bar('sqrt', g.gainSqrt, 'square-root law')} ${bar('linear', g.gainLinear, 'linear law')}
          <p class="note">
            A ${shock} lower ${g.coin} this morning would add ${usd(tiny0(g.extraCompanyUsd))} of treasury selling and ${usd(tiny0(g.extraLiquidationsUsd))} of liquidations. Each round of that
            extra selling sets off gain times the round before, so in all a fall ends 1/(1 − gain) times its first size: ${amp(g.gainSqrt)} (square-root law) or ${amp(g.gainLinear)}
            (linear law).
          </p>
        </div>`;
      })}
      <p class="note">
        Loop gain: the extra drop the extra selling causes, per ${shock} of drop, measured by re-running ${this.dateLabel || 'the day'} with the coin ${shock} lower. At or above
        <strong>1</strong> a fall feeds itself.
      </p>`;
  }
}

/** Float noise (an extra sale of 2.91e-11 USD) reads as $0, not in exponent notation. */
function tiny0(v: number): number {
  return Math.abs(v) < 0.005 ? 0 : v;
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-loop-gain': DatLoopGain;
  }
}
