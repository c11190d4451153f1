/** Styles shared by the Analysis page's elements (shadow DOM; theme colours from web/styles.css). */
import { css } from 'lit';

export const analysisStyles = css`
  :host {
    display: block;
  }
  section {
    background: var(--panel);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    padding: 10px 14px 14px;
    margin-bottom: 14px;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 6px;
  }
  .note {
    color: var(--muted);
    font-size: 0.86rem;
    margin: 4px 0 8px;
  }
  .form {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 14px;
    align-items: end;
    margin: 8px 0;
  }
  .form label {
    display: flex;
    flex-direction: column;
    font-size: 0.82rem;
    gap: 2px;
  }
  .form input[type='number'] {
    width: 6.5em;
  }
  .form input[type='text'] {
    width: 10em;
  }
  .progress {
    display: flex;
    gap: 8px;
    align-items: center;
    font-size: 0.85rem;
  }
  progress {
    flex: 1 1 160px;
    height: 12px;
    accent-color: var(--accent);
  }
  .failures {
    background: var(--warn-bg);
    color: var(--warn-fg);
    padding: 4px 10px;
    border-radius: var(--radius);
  }
  .failures p,
  .failures ul {
    margin: 4px 0;
  }
  .failures ul {
    padding-left: 1.2em;
    overflow-wrap: anywhere;
  }
  .error {
    background: var(--error-bg);
    color: var(--error-fg);
    padding: 4px 8px;
    border-radius: var(--radius);
  }
  dat-chart {
    margin: 8px 0;
  }
`;
