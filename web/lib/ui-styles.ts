/** Styles shared by the shadow-DOM elements (theme colours come from web/styles.css custom properties). */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    color: var(--fg);
    font-family: var(--font);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: 2px;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
    color: var(--fg);
  }
  .btn {
    padding: 4px 10px;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--panel);
    cursor: pointer;
  }
  .btn:hover:not(:disabled) {
    border-color: var(--accent);
  }
  .btn:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .btn.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: var(--accent-fg);
  }
  .btn.small {
    padding: 1px 6px;
    font-size: 0.8rem;
  }
  select,
  input[type='number'],
  input[type='text'] {
    padding: 3px 6px;
    border: 1px solid var(--border);
    border-radius: 4px;
    background: var(--bg);
    min-width: 0;
  }
  .muted {
    color: var(--muted);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .card {
    background: var(--panel);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 8px 12px;
  }
  table {
    border-collapse: collapse;
    font-size: 0.85rem;
  }
  th,
  td {
    padding: 3px 8px;
    border-bottom: 1px solid var(--border);
    text-align: right;
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
  }
`;

/** The views' chart grid: as many 400-px columns as fit, one on a phone. */
export const chartGridStyles = css`
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 400px), 1fr));
    gap: 10px;
  }
`;

/**
 * A wide table that turns into one card per row where its `.table-wrap.stack-wrap`
 * container is narrow (a phone): the column headers stay for screen readers
 * (visually hidden), each data cell shows its column's name from `data-label`, and
 * the row's first cell (its name) is the card's title. Display:block drops a table's
 * implied roles in some browsers, so the markup sets role table / rowgroup / row /
 * columnheader / rowheader / cell explicitly.
 */
export const stackedTableStyles = css`
  .stack-wrap {
    container-type: inline-size;
  }
  @container (max-width: 560px) {
    table.stack,
    table.stack tbody,
    table.stack tr {
      display: block;
      width: 100%;
    }
    table.stack thead {
      display: block;
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    table.stack tbody tr {
      border-bottom: 1px solid var(--border);
      padding: 4px 0 6px;
    }
    table.stack tbody th,
    table.stack tbody td {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      gap: 12px;
      border: 0;
      padding: 1px 4px;
      white-space: nowrap;
      text-align: right;
    }
    table.stack tbody td[data-label]::before {
      content: attr(data-label);
      color: var(--muted);
      text-align: left;
      white-space: normal;
      flex: 0 1 auto;
      min-width: 0;
    }
    table.stack tbody tr > :first-child {
      display: block;
      font-weight: 600;
      text-align: left;
      white-space: normal;
      overflow-wrap: anywhere;
    }
  }
`;
