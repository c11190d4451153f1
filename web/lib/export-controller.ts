/**
 * ExportController: the export bar's glue on <dat-app> (a Lit reactive
 * controller). Share writes a link to the view on screen with the scenario
 * file embedded (UrlStateController.shareHash) and copies it; the other
 * buttons download files (export-run.ts runExport). It also answers the
 * charts' `dat-export-info` event (header facts of exported images) while the
 * simulator page is shown; other pages' charts carry their own.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ExportInfo } from './export-image.ts';
import { chartExportInfo, runExport, type ExportContext } from './export-run.ts';

export interface ExportSource {
  /** What the simulator page has to export; null while another page is shown. */
  context(): ExportContext | null;
  /** The URL hash of the view on screen, scenario embedded. */
  shareHash(): Promise<string>;
}

export class ExportController implements ReactiveController {
  /** The last Share link ('' before the first). */
  shareUrl = '';
  /** What the bar says after an export ('' = nothing). */
  message = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly source: ExportSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('dat-export-info', this.onExportInfo);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dat-export-info', this.onExportInfo);
  }

  private readonly onExportInfo = (e: Event): void => {
    const c = this.source.context();
    if (c) (e as CustomEvent<{ info: ExportInfo | null }>).detail.info ??= chartExportInfo(c);
  };

  private say(message: string): void {
    this.message = message;
    this.host.requestUpdate();
  }

  /** The export bar's `export` {what}. */
  async run(what: string): Promise<void> {
    this.say('');
    const c = this.source.context();
    if (!c) return;
    if (what !== 'share') {
      this.say(await runExport(what, c));
      return;
    }
    if (!c.file) return;
    const url = `${location.origin}${location.pathname}${location.search}${await this.source.shareHash()}`;
    this.shareUrl = url;
    try {
      await navigator.clipboard.writeText(url);
      this.say('Link copied to the clipboard.');
    } catch {
      this.say('Link ready: copy it from the box below.');
    }
  }
}
