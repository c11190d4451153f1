/**
 * Styles of <dat-teach-view> (shadow DOM; theme colours from web/styles.css):
 * the lesson's head and step, the stepper, the day's chain and captions, the
 * charts, the force banner, the glossary panel and "More about this day".
 */
import { css } from 'lit';

export const teachStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.1rem;
    margin: 2px 0 4px;
  }
  h3 {
    font-size: 0.95rem;
    margin: 0 0 4px;
  }
  .lesson-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 12px;
  }
  .lesson-head h2 {
    flex: 1 1 320px;
  }
  .stepnav {
    display: flex;
    gap: 6px;
    align-items: center;
    flex-wrap: wrap;
  }
  .step {
    border-left: 4px solid var(--accent);
    margin: 6px 0 10px;
  }
  .step h3 {
    font-size: 1.02rem;
  }
  .step p {
    margin: 4px 0;
    max-width: 95ch;
    line-height: 1.5;
  }
  .dots {
    display: flex;
    gap: 4px;
    flex-wrap: wrap;
  }
  .dots a {
    display: inline-block;
    width: 22px;
    height: 22px;
    line-height: 22px;
    text-align: center;
    border-radius: 50%;
    border: 1px solid var(--border);
    font-size: 0.75rem;
    color: var(--fg);
    text-decoration: none;
  }
  .dots a[aria-current='step'] {
    background: var(--accent);
    color: var(--accent-fg);
    border-color: var(--accent);
  }
  .look {
    font-size: 0.85rem;
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: center;
  }
  .chip {
    border: 1px solid var(--focus);
    border-radius: 999px;
    padding: 0 8px;
    background: transparent;
    font-size: 0.8rem;
    cursor: pointer;
  }
  .variant {
    font-size: 0.8rem;
    color: var(--muted);
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(0, 1.3fr) minmax(300px, 1fr);
    gap: 10px;
    align-items: start;
  }
  .grid2 {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.6fr);
    gap: 10px;
    margin-top: 10px;
    align-items: start;
  }
  .card.looking {
    border-color: var(--focus);
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--focus) 35%, transparent);
  }
  .stepper {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 8px;
    margin-top: 8px;
  }
  .stepper input[type='range'] {
    flex: 1 1 200px;
    min-width: 160px;
    accent-color: var(--c-selected);
  }
  .daylabel {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
    min-width: 15em;
  }
  .weekend {
    color: var(--muted);
    font-weight: 400;
  }
  ol.chain {
    margin: 4px 0 8px;
    padding-left: 1.3em;
  }
  ol.chain li {
    margin: 3px 0;
    line-height: 1.4;
  }
  ol.chain li.delayed {
    list-style-type: '⇢ ';
    color: var(--fg);
    border-top: 1px dashed var(--border);
    padding-top: 3px;
  }
  .delay {
    font-size: 0.85rem;
    background: var(--warn-bg);
    color: var(--warn-fg);
    border-radius: 4px;
    padding: 4px 8px;
    margin: 6px 0;
  }
  ul.captions {
    list-style: none;
    margin: 4px 0;
    padding: 0;
  }
  ul.captions li {
    border-top: 1px solid var(--border);
    padding: 6px 0;
  }
  .cap-company {
    font-size: 0.72rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--muted);
  }
  .rule {
    font-size: 0.8rem;
    color: var(--muted);
    margin-top: 2px;
    /* Rule sources carry long unbroken citations ("5810(c)(3)(A)(iii)/…"): wrap them on a phone. */
    overflow-wrap: anywhere;
  }
  .rule .k {
    font-weight: 700;
  }
  .rule > summary {
    cursor: pointer;
  }
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr));
    gap: 10px;
    margin-top: 10px;
  }
  .chartwrap.looking dat-chart {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
    border-radius: var(--radius);
  }
  .banner {
    background: var(--warn-bg);
    color: var(--warn-fg);
    border: 1px solid var(--warn-fg);
    border-radius: var(--radius);
    padding: 6px 10px;
    margin: 6px 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    align-items: center;
  }
  .gloss {
    position: fixed;
    right: 12px;
    bottom: 12px;
    width: min(420px, calc(100vw - 24px));
    max-height: min(70vh, 560px);
    overflow: auto;
    background: var(--panel);
    border: 2px solid var(--accent);
    border-radius: var(--radius);
    box-shadow: 0 8px 30px rgba(0, 0, 0, 0.25);
    padding: 8px 12px;
    z-index: 40;
  }
  .gloss header {
    display: flex;
    align-items: baseline;
    gap: 8px;
  }
  .gloss header h3 {
    flex: 1;
    font-size: 1rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 10px;
    align-items: center;
    font-size: 0.85rem;
  }
  details.more {
    margin-top: 12px;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 6px 10px;
    background: var(--panel);
  }
  details.more > summary {
    cursor: pointer;
    font-weight: 700;
    padding: 4px 0;
  }
  .more-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr));
    gap: 10px;
    margin-top: 8px;
    align-items: start;
  }
  .status {
    font-size: 0.75rem;
    color: var(--muted);
    font-family: var(--mono);
    margin-top: 8px;
  }
  @media (max-width: 900px) {
    .grid,
    .grid2 {
      grid-template-columns: minmax(0, 1fr);
    }
    .daylabel {
      min-width: 0;
      flex: 1 1 100%;
    }
  }
`;
