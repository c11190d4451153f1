/**
 * FileDropController: a scenario file dragged anywhere onto the page (a Lit
 * reactive controller). While files are dragged over the window `dragging` is
 * true (the host shows its drop overlay); the first dropped file is read and
 * handed to `onFile`. Drags that carry no files (text, links) are left alone.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class FileDropController implements ReactiveController {
  dragging = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onFile: (name: string, text: string) => Promise<void>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
  }

  hostDisconnected(): void {
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
  }

  private set(dragging: boolean): void {
    if (dragging === this.dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }

  private readonly onDragOver = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this.set(true);
  };

  private readonly onDragLeave = (e: DragEvent): void => {
    if (e.relatedTarget === null) this.set(false);
  };

  private readonly onDrop = async (e: DragEvent): Promise<void> => {
    const f = e.dataTransfer?.files?.[0];
    this.set(false);
    if (!f) return;
    e.preventDefault();
    await this.onFile(f.name, await f.text());
  };
}
