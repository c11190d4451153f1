/**
 * PageController: which page <dat-app> shows (hash routes, routes.ts) and the
 * lazy chunks loaded for them so far (a Lit reactive controller). The
 * builder, the teaching pages (lessons, teaching mode, glossary), the
 * methodology and the analysis page each load on first visit; a chunk that
 * fails to load is reported on the page instead of it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Page, Route } from './routes.ts';

export type Chunk = 'teaching' | 'methodology' | 'analysis';

/** The lazy chunk a page needs (the simulator is in the entry; the builder loads on its own, see PageController.show). */
export function chunkFor(page: Page): Chunk | null {
  if (page === 'sim' || page === 'builder') return null;
  if (page === 'methodology' || page === 'analysis') return page;
  return 'teaching';
}

export class PageController implements ReactiveController {
  route: Route = { page: 'sim' };
  /** Lazy chunks loaded so far. */
  chunks: Record<Chunk, boolean> = { teaching: false, methodology: false, analysis: false };
  /** Why the page's chunk could not be loaded ('' when it could). */
  error = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether the lazy chunk of the page shown has arrived. */
  get ready(): boolean {
    const c = chunkFor(this.route.page);
    return c === null || this.chunks[c];
  }

  /** Shows a page; loads its lazy chunk the first time. */
  show(r: Route): void {
    this.route = r;
    this.host.requestUpdate();
    if (r.page === 'builder') void import('../components/dat-builder.ts').catch((e: Error) => this.fail(e));
    const c = chunkFor(r.page);
    if (c) void this.load(c);
    if (r.page !== 'sim') window.scrollTo({ top: 0 });
  }

  private fail(e: Error): void {
    this.error = `This page could not be loaded: ${e.message}`;
    this.host.requestUpdate();
  }

  private async load(which: Chunk): Promise<void> {
    if (this.chunks[which]) return;
    try {
      if (which === 'teaching') await import('../teaching.ts');
      else if (which === 'analysis') await import('../components/dat-analysis-view.ts');
      else await import('../methodology.ts');
      this.chunks = { ...this.chunks, [which]: true };
      this.error = '';
      this.host.requestUpdate();
    } catch (e) {
      this.fail(e as Error);
    }
  }
}
