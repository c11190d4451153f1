/**
 * <dat-loop-diagram>: the causal loop as an SVG (web/lib/teaching/loop.ts):
 * coin price -> NAV -> mNAV and stock -> listing clock -> policy -> coin
 * sales -> market impact -> coin price, with the leverage and ETF loops on
 * the market side and the exogenous input. Give it a `story` (one day of a
 * traced run, web/lib/teaching/story.ts): links that carried something that
 * day light up with their number, nodes show their values, the link with
 * the one-day delay is dashed with a clock. `highlight` outlines links a
 * lesson step points at. Node names are glossary links.
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LINKS, NODES, type LinkId, type LoopLink, type LoopNode, type NodeId } from '../lib/teaching/loop.ts';
import type { DayStory } from '../lib/teaching/story.ts';
import { baseStyles } from '../lib/ui-styles.ts';

const W = 900, H = 580;
const NW = 164, NH = 64;

interface Pt {
  x: number;
  y: number;
}

const nodeOf = (id: NodeId): LoopNode => NODES.find((n) => n.id === id)!;

/** Where the segment from the centre of a node box toward `p` leaves the box. */
function boxExit(n: LoopNode, p: Pt, pad = 4): Pt {
  const dx = p.x - n.x, dy = p.y - n.y;
  const hw = NW / 2 + pad, hh = NH / 2 + pad;
  const s = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  return { x: n.x + dx * s, y: n.y + dy * s };
}

export interface LinkGeometry {
  d: string;
  /** Label anchor (the curve's midpoint, nudged outward). */
  label: Pt;
  /** A point near the arrowhead, for the +/− sign. */
  sign: Pt;
}

/** A quadratic curve from node to node, bent sideways by `bend` pixels. */
export function linkGeometry(l: LoopLink): LinkGeometry {
  const a = nodeOf(l.from), b = nodeOf(l.to);
  const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
  const dx = b.x - a.x, dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len, ny = dx / len;
  const c = { x: mx + nx * l.bend * 2, y: my + ny * l.bend * 2 };
  const p0 = boxExit(a, c), p2 = boxExit(b, c, 8);
  const sh = l.labelShift ?? 0;
  const mid = { x: 0.25 * p0.x + 0.5 * c.x + 0.25 * p2.x + nx * sh, y: 0.25 * p0.y + 0.5 * c.y + 0.25 * p2.y + ny * sh };
  const t = 0.86;
  const sign = { x: (1 - t) * (1 - t) * p0.x + 2 * (1 - t) * t * c.x + t * t * p2.x, y: (1 - t) * (1 - t) * p0.y + 2 * (1 - t) * t * c.y + t * t * p2.y };
  return { d: `M${p0.x.toFixed(1)},${p0.y.toFixed(1)} Q${c.x.toFixed(1)},${c.y.toFixed(1)} ${p2.x.toFixed(1)},${p2.y.toFixed(1)}`, label: mid, sign: { x: sign.x + nx * 12, y: sign.y + ny * 12 } };
}

const GEOMETRY = new Map(LINKS.map((l) => [l.id, linkGeometry(l)]));

const LOOP_CLASS: Record<string, string> = { R1: 'r1', R2: 'r2', R3: 'r3', 'R1/R2/R3': 'r1', '': 'input' };

@customElement('dat-loop-diagram')
export class DatLoopDiagram extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .scroll {
        overflow-x: auto;
        -webkit-overflow-scrolling: touch;
      }
      svg {
        display: block;
        width: 100%;
        height: auto;
        font-family: var(--font);
      }
      .zoomed svg {
        min-width: 780px;
      }
      .narrow {
        display: none;
      }
      .vloop {
        display: none;
      }
      /* On a phone the loop is drawn top to bottom at a readable size (the vertical loop); the full diagram is one button away. */
      @container (max-width: 599px) {
        .narrow {
          display: block;
        }
        .vloop {
          display: block;
        }
        .legend {
          font-size: 0.72rem;
        }
        /* Collapsed (the default on a phone): the vertical loop carries the day's figures. */
        .folded .scroll,
        .folded .legend,
        .folded .zoom {
          display: none;
        }
      }
      ol.vloop {
        list-style: none;
        margin: 4px 0 6px;
        padding: 0 0 0 18px;
        border-left: 3px solid color-mix(in srgb, var(--c-company) 45%, transparent);
        font-size: 0.9rem;
      }
      ol.vloop li.vnode {
        border: 1px solid var(--border);
        border-radius: 8px;
        padding: 4px 8px;
        background: var(--panel);
        display: flex;
        flex-wrap: wrap;
        gap: 0 8px;
        align-items: baseline;
      }
      ol.vloop li.vnode.hot {
        border-color: var(--c-company);
        box-shadow: 0 0 0 1px var(--c-company);
      }
      ol.vloop .vname {
        font-weight: 700;
        flex: 1 1 auto;
      }
      ol.vloop .vval {
        font-variant-numeric: tabular-nums;
        font-weight: 700;
      }
      ol.vloop .vsub {
        flex: 1 1 100%;
        font-size: 0.78rem;
        color: var(--muted);
      }
      ol.vloop li.varrow {
        padding: 2px 0 2px 10px;
        font-size: 0.8rem;
        color: var(--muted);
      }
      ol.vloop li.varrow.on {
        color: var(--fg);
      }
      ol.vloop li.varrow.on b {
        color: var(--c-company);
      }
      ol.vloop li.varrow.look {
        outline: 2px solid var(--focus);
        border-radius: 4px;
      }
      ol.vloop li.vback {
        font-size: 0.8rem;
        padding: 4px 0 0;
        color: var(--muted);
      }
      ul.lit {
        list-style: none;
        margin: 6px 0 0;
        padding: 0;
        font-size: 0.85rem;
      }
      ul.lit li {
        display: flex;
        gap: 6px;
        align-items: baseline;
        padding: 2px 0;
        border-top: 1px solid var(--border);
      }
      ul.lit .sw {
        flex: none;
        width: 14px;
        height: 0;
        border-top: 3px solid var(--c-company);
        transform: translateY(-3px);
      }
      ul.lit .sw.r2 {
        border-color: var(--c-liq);
      }
      ul.lit .sw.r3 {
        border-color: var(--c-etf);
      }
      ul.lit .sw.input {
        border-color: var(--c-price);
      }
      ul.lit b {
        font-variant-numeric: tabular-nums;
        margin-left: auto;
        white-space: nowrap;
      }
      .zoom,
      .fold {
        margin: 4px 0;
      }
      .node rect {
        fill: var(--panel);
        stroke: var(--border);
        stroke-width: 1.5;
      }
      .node.hot rect {
        stroke: var(--fg);
        stroke-width: 2.2;
        fill: color-mix(in srgb, var(--accent) 9%, var(--panel));
      }
      .node .name {
        font-size: 15px;
        font-weight: 700;
        fill: var(--fg);
      }
      .node a .name {
        text-decoration: underline dotted;
      }
      .node .value {
        font-size: 16px;
        font-weight: 600;
        fill: var(--fg);
        font-variant-numeric: tabular-nums;
      }
      .node .sub {
        font-size: 12px;
        fill: var(--muted);
      }
      .link path.line {
        fill: none;
        stroke: var(--border);
        stroke-width: 1.6;
        opacity: 0.9;
      }
      .link.active path.line {
        stroke-width: 3.4;
        stroke-dasharray: 11 5;
        animation: flow 0.9s linear infinite;
        opacity: 1;
      }
      .link.delayed path.line {
        stroke-dasharray: 3 5;
      }
      .link.delayed.active path.line {
        stroke-dasharray: 3 5;
      }
      .link.active.r1 path.line {
        stroke: var(--c-company);
      }
      .link.active.r2 path.line {
        stroke: var(--c-liq);
      }
      .link.active.r3 path.line {
        stroke: var(--c-etf);
      }
      .link.active.input path.line {
        stroke: var(--c-price);
      }
      .link path.halo {
        fill: none;
        stroke: transparent;
        stroke-width: 12;
      }
      .link.look path.halo {
        stroke: var(--focus);
        stroke-opacity: 0.45;
        animation: pulse 1.4s ease-in-out infinite;
      }
      .sign {
        font-size: 13px;
        font-weight: 700;
        fill: var(--muted);
        text-anchor: middle;
        dominant-baseline: central;
      }
      .pill rect {
        fill: var(--panel);
        stroke-width: 1.4;
      }
      .r1 .pill rect {
        stroke: var(--c-company);
      }
      .r2 .pill rect {
        stroke: var(--c-liq);
      }
      .r3 .pill rect {
        stroke: var(--c-etf);
      }
      .input .pill rect {
        stroke: var(--c-price);
      }
      .pill text {
        font-size: 13px;
        font-weight: 600;
        fill: var(--fg);
        text-anchor: middle;
        dominant-baseline: central;
        font-variant-numeric: tabular-nums;
      }
      .clock text {
        font-size: 12px;
        fill: var(--muted);
        font-weight: 700;
        text-anchor: middle;
        dominant-baseline: central;
      }
      .clock circle {
        fill: var(--warn-bg);
        stroke: var(--warn-fg);
        stroke-width: 1.2;
      }
      .clock .hand {
        stroke: var(--warn-fg);
        stroke-width: 1.6;
        stroke-linecap: round;
      }
      .loop-label {
        font-size: 12px;
        font-weight: 700;
        fill: var(--muted);
        text-anchor: middle;
      }
      .arrow {
        fill: var(--border);
      }
      .arrow.r1 {
        fill: var(--c-company);
      }
      .arrow.r2 {
        fill: var(--c-liq);
      }
      .arrow.r3 {
        fill: var(--c-etf);
      }
      .arrow.input {
        fill: var(--c-price);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 14px;
        font-size: 0.78rem;
        color: var(--muted);
        margin-top: 4px;
      }
      .legend i {
        display: inline-block;
        width: 22px;
        height: 0;
        border-top: 3px solid;
        vertical-align: middle;
        margin-right: 4px;
      }
      .legend i.delay {
        border-top-style: dotted;
      }
      @keyframes flow {
        to {
          stroke-dashoffset: -16;
        }
      }
      @keyframes pulse {
        50% {
          stroke-opacity: 0.1;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .link.active path.line,
        .link.look path.halo {
          animation: none;
        }
      }
    `,
  ];

  /** The day to draw (null: the loop without figures). */
  @property({ attribute: false }) story: DayStory | null = null;
  /** Links a lesson step points at (outlined). */
  @property({ attribute: false }) highlight: readonly LinkId[] = [];
  /** Phone widths: the diagram at a readable size, scrolled sideways. */
  @state() private zoomed = false;
  /** Phone widths only: the diagram is folded away until asked for (the text list of lit links stays). */
  @state() private folded = true;

  private renderLink(l: LoopLink) {
    const g = GEOMETRY.get(l.id)!;
    const st = this.story?.links[l.id];
    const active = !!st?.active;
    const cls = ['link', LOOP_CLASS[l.loop], active ? 'active' : '', l.delayed ? 'delayed' : '', this.highlight.includes(l.id) ? 'look' : ''].join(' ');
    const label = active ? st!.label : '';
    const w = Math.max(40, label.length * 7.6 + 14);
    const arrow = `url(#arrow-${active ? LOOP_CLASS[l.loop] : 'idle'})`;
    return svg`<g class=${cls} data-link=${l.id} data-active=${active ? '1' : '0'}>
      <title>${l.meaning}${label ? `: ${label}` : ''}</title>
      <path class="halo" d=${g.d}></path>
      <path class="line" d=${g.d} marker-end=${arrow}></path>
      <text class="sign" x=${g.sign.x} y=${g.sign.y}>${l.sign}</text>
      ${l.delayed ? this.renderClock(g.label, label ? w / 2 : 0) : nothing}
      ${label ? svg`<g class="pill"><rect x=${g.label.x - w / 2} y=${g.label.y - 11} width=${w} height="22" rx="11"></rect><text x=${g.label.x} y=${g.label.y}>${label}</text></g>` : nothing}
    </g>`;
  }

  /** A clock and "1 day" beside the link's label (left of it by `half` = half the label's width). */
  private renderClock(p: { x: number; y: number }, half: number) {
    const cx = p.x - half - 54, y = p.y;
    return svg`<g class="clock"><title>one-day delay</title><circle cx=${cx} cy=${y} r="9"></circle><line class="hand" x1=${cx} y1=${y} x2=${cx} y2=${y - 6}></line><line class="hand" x1=${cx} y1=${y} x2=${cx + 4} y2=${y + 2}></line><text x=${cx + 13} y=${y} style="text-anchor:start">1 day</text></g>`;
  }

  private renderNode(n: LoopNode) {
    const st = this.story?.nodes[n.id];
    const x = n.x - NW / 2, y = n.y - NH / 2;
    return svg`<g class=${`node ${st?.hot ? 'hot' : ''}`} data-node=${n.id}>
      <rect x=${x} y=${y} width=${NW} height=${NH} rx="8"></rect>
      <a href=${`#/glossary/${n.term}`} data-term=${n.term} class="term"><text class="name" x=${n.x} y=${y + 17} text-anchor="middle">${n.label}</text></a>
      ${st ? svg`<text class="value" x=${n.x} y=${y + 36} text-anchor="middle">${clip(st.value, 20)}</text><text class="sub" x=${n.x} y=${y + 53} text-anchor="middle">${clip(st.sub, 26)}</text>` : nothing}
    </g>`;
  }

  override render() {
    const s = this.story;
    const title = s ? `The loop on ${s.dateLabel} (day ${s.day}) for ${s.ticker}` : 'The loop';
    const active = s ? LINKS.filter((l) => s.links[l.id].active) : [];
    const markers = ['idle', 'r1', 'r2', 'r3', 'input'];
    return html`<div class=${this.folded ? 'folded' : ''}>
      <button class="btn small fold narrow" aria-expanded=${this.folded ? 'false' : 'true'} aria-controls="loop-scroll" @click=${() => (this.folded = !this.folded)}>
        ${this.folded ? 'Show the full diagram' : 'Hide the full diagram'}
      </button>
      <button class="btn small zoom narrow" aria-pressed=${this.zoomed ? 'true' : 'false'} @click=${() => (this.zoomed = !this.zoomed)}>
        ${this.zoomed ? 'Fit the loop to the screen' : 'Zoom in (scroll sideways)'}
      </button>
      <div class=${`scroll ${this.zoomed ? 'zoomed' : ''}`} id="loop-scroll">
        <svg viewBox="0 0 ${W} ${H}" role="group" aria-labelledby="t" aria-describedby="d">
          <title id="t">${title}</title>
          <desc id="d">
            Causal loop: coin price to NAV per share to mNAV and stock (one-day delay) to listing clock to treasury policy to coin sales to market impact and back to the coin price; the
            coin price also feeds liquidations and ETF flows, which feed market impact. ${active.length ? `Active today: ${active.map((l) => `${l.id} ${s!.links[l.id].label}`).join('; ')}.` : ''}
          </desc>
          <defs>
            ${markers.map(
              (m) => svg`<marker id=${`arrow-${m}`} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class=${`arrow ${m === 'idle' ? '' : m}`} d="M0,0 L10,5 L0,10 z"></path></marker>`,
            )}
          </defs>
          <text class="loop-label" x="600" y="275">R1 treasury loop ↻</text>
          <text class="loop-label" x="352" y="308">R2 leverage ↻</text>
          <text class="loop-label" x="96" y="262" style="text-anchor:end">R3 ETF ↻</text>
          ${LINKS.map((l) => this.renderLink(l))} ${NODES.map((n) => this.renderNode(n))}
        </svg>
      </div>
      <div class="legend" aria-hidden="true">
        <span><i style="border-color: var(--c-company)"></i>treasury loop (R1)</span>
        <span><i style="border-color: var(--c-liq)"></i>leverage (R2)</span>
        <span><i style="border-color: var(--c-etf)"></i>ETF chase (R3)</span>
        <span><i style="border-color: var(--c-price)"></i>outside input</span>
        <span><i class="delay" style="border-color: var(--muted)"></i>one-day delay</span>
        <span>+ / −: same / opposite direction</span>
      </div>
      </div>
      ${this.renderVertical()}`;
  }

  /**
   * The loop top to bottom (phones): the treasury loop's nodes in order, each arrow with the day's figure when it carried
   * something, the two market loops and the policy's other inputs as side arrows, and the way back to the coin price.
   */
  private renderVertical() {
    const s = this.story;
    const node = (id: NodeId) => {
      const n = nodeOf(id), st = s?.nodes[id];
      return html`<li class=${`vnode ${st?.hot ? 'hot' : ''}`} data-vnode=${id}>
        <a class="vname term" href=${`#/glossary/${n.term}`} data-term=${n.term}>${n.label}</a>${st ? html`<span class="vval">${st.value}</span><span class="vsub">${st.sub}</span>` : nothing}
      </li>`;
    };
    const arrow = (id: LinkId, text?: string) => {
      const l = LINKS.find((x) => x.id === id)!, st = s?.links[id];
      const on = !!st?.active;
      return html`<li class=${`varrow ${on ? 'on' : ''} ${this.highlight.includes(id) ? 'look' : ''}`} data-vlink=${id} data-active=${on ? '1' : '0'}>
        ${text ?? '↓'} ${l.sign} ${l.delayed ? '(next business day) ' : ''}${on ? html`<b>${st!.label}</b>` : html`<span>${l.meaning}</span>`}
      </li>`;
    };
    return html`<ol class="vloop" aria-label=${s ? `The loop on ${s.dateLabel} for ${s.ticker}, top to bottom` : 'The loop, top to bottom'}>
      ${node('news')} ${arrow('news-price')} ${node('price')} ${arrow('price-nav')} ${node('nav')} ${arrow('nav-stock')} ${node('stock')} ${arrow('stock-clock')} ${node('clock')}
      ${arrow('clock-policy')} ${arrow('stock-policy', '↘ from the stock:')} ${arrow('price-policy', '↘ from the coin price:')} ${node('policy')} ${arrow('policy-sales')} ${node('sales')}
      ${arrow('sales-impact')} ${node('impact')} ${arrow('price-liq', '↗ leverage, from the coin price:')} ${node('liq')} ${arrow('liq-impact', '↘ into the impact:')} ${arrow('price-etf', '↗ ETF, from the coin price:')}
      ${node('etf')} ${arrow('etf-impact', '↘ into the impact:')} ${arrow('impact-price', '↺ back to the coin price:')}
    </ol>`;
  }
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-loop-diagram': DatLoopDiagram;
  }
}
