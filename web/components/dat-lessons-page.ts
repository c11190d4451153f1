/**
 * <dat-lessons-page>: the lessons (web/lessons/*.ts), one card each, and
 * teaching mode on the scenario the simulator has open. Part of the lazy
 * teaching chunk.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LESSONS } from '../lessons/index.ts';
import { baseStyles } from '../lib/ui-styles.ts';

@customElement('dat-lessons-page')
export class DatLessonsPage extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        max-width: 1100px;
      }
      h2 {
        font-size: 1.2rem;
        margin: 4px 0;
      }
      .intro {
        max-width: 85ch;
        line-height: 1.5;
      }
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 440px), 1fr));
        gap: 10px;
        margin: 10px 0;
      }
      .card h3 {
        margin: 2px 0 6px;
        font-size: 1rem;
      }
      .card p {
        margin: 4px 0 8px;
        line-height: 1.45;
      }
      .meta {
        font-size: 0.8rem;
        color: var(--muted);
      }
      a.btn {
        display: inline-block;
        text-decoration: none;
        color: var(--accent-fg);
      }
      a.plain {
        color: var(--accent);
      }
    `,
  ];

  /** Name of the scenario open in the simulator (for "teach this scenario"). */
  @property() current = '';

  override render() {
    return html`<h2 id="lessons-title">Lessons: the spiral, link by link</h2>
      <p class="intro">
        A treasury company holds coins; its stock trades at a multiple of what the coins are worth (mNAV). When the coin falls, that multiple shrinks, the stock falls faster,
        and management may sell coins to buy back stock, repay debt or defend its listing. Those sales push the coin down for every holder. Each lesson steps through one
        saved scenario day by day and lights up the links of that loop with the day's numbers, so you can see when the selling feeds on itself and when it does not. New here?
        Take them in order: FG Nexus (NAV, mNAV, buybacks, the one-day delay), then the exchange's rules on their normal path (the notice, the compliance period, the cure
        by a reverse split), then the $1 spiral (when the defence fails), then Sequans (why the stock falls faster than the coin).
      </p>
      <div class="cards">
        ${LESSONS.map(
          (l, i) => html`<article class="card" data-lesson=${l.id}>
            <h3>${i + 1}. ${l.title}</h3>
            <p>${l.summary}</p>
            <p class="meta">${l.steps.length} steps · scenario ${l.scenario}${l.variant ? ' (with a documented variant)' : ''} · ${l.settings.deterministic ? 'deterministic' : `seed ${l.settings.seed}`}</p>
            <a class="btn primary" id=${`start-${l.id}`} href=${`#/lesson/${l.id}/1`}>Start this lesson</a>
          </article>`,
        )}
      </div>
      <p>
        Or step through <a class="plain" href="#/teach" id="teach-current">the scenario open in the simulator${this.current ? ` (${this.current})` : ''}</a> in teaching mode. Terms are
        explained in the <a class="plain" href="#/glossary">glossary</a>; how the model works and how it was calibrated, in the <a class="plain" href="#/methodology">methodology</a>.
      </p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dat-lessons-page': DatLessonsPage;
  }
}
