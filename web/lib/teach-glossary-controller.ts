/**
 * GlossaryPanelController: the definition panel beside the teaching view's
 * text (a Lit reactive controller). A plain left click on anything carrying
 * `data-term` with a glossary entry (a term in the lesson, a caption, the
 * diagram's nodes, even inside child shadow roots) opens that entry instead
 * of following the link, and focus moves to its heading; Escape or the close
 * button closes it and returns focus to the term that opened it. A click with
 * a modifier key follows the link to the glossary page as usual.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { glossaryEntry } from './teaching/glossary.ts';

export interface GlossaryPanelHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The panel's selector in the host's shadow root. */
export const GLOSS_SELECTOR = '.gloss';

export class GlossaryPanelController implements ReactiveController {
  /** The entry shown (null: closed). */
  id: string | null = null;
  private trigger: HTMLElement | null = null;

  constructor(private readonly host: GlossaryPanelHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('click', this.onClick);
    window.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('click', this.onClick);
    window.removeEventListener('keydown', this.onKey);
  }

  close(): void {
    this.id = null;
    this.host.requestUpdate();
    this.trigger?.focus?.();
  }

  private readonly onClick = (e: MouseEvent): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    for (const el of e.composedPath()) {
      if (!(el instanceof Element)) continue;
      const id = (el as HTMLElement).dataset?.term;
      if (id && glossaryEntry(id)) {
        e.preventDefault();
        this.trigger = el as HTMLElement;
        this.id = id;
        this.host.requestUpdate();
        void this.host.updateComplete.then(() => (this.host.renderRoot.querySelector(GLOSS_SELECTOR)?.querySelector('h3') as HTMLElement | null)?.focus());
        return;
      }
      if (el === this.host) return;
    }
  };

  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.id) {
      this.close();
      e.preventDefault();
    }
  };
}
