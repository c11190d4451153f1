/**
 * UrlStateController: keeps the URL and the app's view in step (a Lit
 * reactive controller on <dat-app>).
 *
 * - App -> URL: after every host update it takes a snapshot of what defines
 *   the view (host.urlSnapshot(), cheap: references and primitives) and, when
 *   it changed, writes the hash (url-state.ts encodeView). Navigational
 *   changes (page, lesson step, scenario, view tab, company, compare
 *   reference or pin) push a history entry; edits (parameters, seed, horizon,
 *   paths, deterministic) push one entry when they start and replace it while
 *   they continue (a slider drag, however slow, while the pointer is pressed;
 *   otherwise until EDIT_SETTLE_MS pass without an edit), and the URL is
 *   written at most every WRITE_MS, so
 *   a drag neither floods the history nor trips the browser's rate limit.
 * - URL -> app: on start, Back/Forward and hash links it decodes the hash and
 *   asks the host to show that view (host.restoreView); a problem in the URL
 *   is shown inline (host.showUrlProblem) naming the URL key, and the rest of
 *   the URL still applies; a scenario that cannot be opened falls back to the
 *   one on screen, or to the default scenario on a fresh load.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Route } from './routes.ts';
import { SAVED_SCENARIOS } from './saved-scenarios.ts';
import type { Settings, ShareIssue } from './share.ts';
import { TEMPLATE_SCENARIO } from './template.ts';
import { classifyChange, decodeUrl, encodeView, isInPageAnchor, PackCache, URL_KEY_LABELS, type DiffOp, type ScenarioData, type UrlSim, type ViewSnapshot } from './url-state.ts';

/** An edit this long after the previous one starts a new history entry (ms). */
export const EDIT_SETTLE_MS = 600;
/** Edits reach the URL at most this often (ms). */
export const WRITE_MS = 150;

/** A view read from the URL, with its scenario fetched. */
export interface RestoreTarget {
  /** The scenario to show as loaded; null keeps the one on screen. `key` is null for a file carried in the link. */
  scenario: { key: string | null; source: string; data: ScenarioData } | null;
  /** Edits against the scenario as loaded. */
  edits: DiffOp[];
  settings: Partial<Settings>;
  compareRef: string;
  /** The pinned parameters as edits against the scenario as loaded (compareRef "pinned"). */
  pinned: DiffOp[] | null;
}

export interface UrlStateHost extends ReactiveControllerHost {
  urlSnapshot(): ViewSnapshot;
  /** Shows a page; the simulator's state is left as it is. */
  showRoute(route: Route): void;
  /** Shows a simulator view; false (the reason shown inline) when its scenario cannot be opened. */
  restoreView(target: RestoreTarget): Promise<boolean>;
  /** Opens the default scenario (a fresh page whose link could not be used). */
  loadDefaultView(): Promise<void>;
  /** Shows what was wrong with the URL, inline. */
  showUrlProblem(heading: string, issues: ShareIssue[]): void;
  /** Whether a scenario is on screen. */
  hasScenario(): boolean;
}

export class UrlStateController implements ReactiveController {
  private readonly cache = new PackCache();
  private last: ViewSnapshot | null = null;
  /** Until the host has shown the URL's view, its updates are not written back. */
  private applying = true;
  private started = false;
  /** Bumped on every restore: queued writes of an older view are dropped. */
  private epoch = 0;
  private burstUntil = 0;
  /** A pointer is pressed (a slider drag): its edits are one entry however slow the drag. */
  private pressed = false;
  private pressHasEntry = false;
  private pendingEdit: { snap: ViewSnapshot; push: boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | 0 = 0;
  private writes: Promise<void> = Promise.resolve();
  private restores: Promise<void> = Promise.resolve();
  /** The hash as last written or restored. */
  private current = '';

  constructor(private readonly host: UrlStateHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onLocation);
    window.addEventListener('hashchange', this.onLocation);
    window.addEventListener('pointerdown', this.onPointerDown, true);
    window.addEventListener('pointerup', this.onPointerUp, true);
    window.addEventListener('pointercancel', this.onPointerUp, true);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onLocation);
    window.removeEventListener('hashchange', this.onLocation);
    window.removeEventListener('pointerdown', this.onPointerDown, true);
    window.removeEventListener('pointerup', this.onPointerUp, true);
    window.removeEventListener('pointercancel', this.onPointerUp, true);
    if (this.timer) clearTimeout(this.timer);
    this.timer = 0;
  }

  /** True while a view read from the URL is being shown (tests wait for it to end). */
  get restoring(): boolean {
    return this.applying;
  }

  /** Reads the URL the page opened with and shows its view (call once, after the first render). */
  start(): Promise<void> {
    if (this.started) return this.restores;
    this.started = true;
    return this.restore(true);
  }

  /** Resolves once the URL holds the view on screen (tests and Share wait on it). */
  async settled(): Promise<void> {
    this.flushEdit();
    await this.restores;
    await this.writes;
  }

  /** The hash for the view on screen with the scenario file embedded (a Share link that does not depend on the recipient's copy of a saved scenario). */
  shareHash(): Promise<string> {
    return encodeView(this.host.urlSnapshot(), { embed: true, cache: this.cache });
  }

  hostUpdated(): void {
    if (this.applying) return;
    const snap = this.host.urlSnapshot();
    const kind = classifyChange(this.last, snap);
    this.last = snap;
    if (kind === 'nav') {
      this.flushEdit();
      this.burstUntil = 0;
      this.enqueue(snap, true);
    } else if (kind === 'edit') {
      const now = performance.now();
      const startsEntry = this.pressed ? !this.pressHasEntry : now > this.burstUntil;
      if (this.pressed) this.pressHasEntry = true;
      this.burstUntil = now + EDIT_SETTLE_MS;
      if (this.pendingEdit) this.pendingEdit.snap = snap;
      else this.pendingEdit = { snap, push: startsEntry };
      if (!this.timer) this.timer = setTimeout(() => this.flushEdit(), WRITE_MS);
    }
  }

  private readonly onPointerDown = (): void => {
    this.pressed = true;
    this.pressHasEntry = false;
  };

  private readonly onPointerUp = (): void => {
    // The change a slider fires on release joins the drag's entry.
    if (this.pressed && this.pressHasEntry) this.burstUntil = performance.now() + EDIT_SETTLE_MS;
    this.pressed = false;
  };

  private flushEdit(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = 0;
    const p = this.pendingEdit;
    this.pendingEdit = null;
    if (p) this.enqueue(p.snap, p.push);
  }

  private enqueue(snap: ViewSnapshot, push: boolean): void {
    const epoch = this.epoch;
    this.writes = this.writes.then(async () => {
      const hash = await encodeView(snap, { cache: this.cache });
      if (epoch !== this.epoch || hash === location.hash) return;
      const url = `${location.pathname}${location.search}${hash}`;
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
      this.current = location.hash;
    }).catch(() => {
      /* a failed write leaves the previous URL; the next change writes again */
    });
  }

  private readonly onLocation = (): void => {
    if (!this.started || location.hash === this.current) return;
    if (isInPageAnchor(location.hash)) {
      // A skip link (#main): the browser has scrolled; the page and the view stay, and so does the URL.
      history.replaceState(null, '', `${location.pathname}${location.search}${this.current}`);
      return;
    }
    void this.restore(false);
  };

  private restore(initial: boolean): Promise<void> {
    this.restores = this.restores.then(() => this.restoreNow(initial)).catch(() => {
      this.applying = false;
    });
    return this.restores;
  }

  private async restoreNow(initial: boolean): Promise<void> {
    const hash = location.hash;
    if (!initial && hash === this.current) return;
    this.epoch++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = 0;
    this.pendingEdit = null;
    this.burstUntil = 0;
    this.applying = true;
    this.current = hash;
    try {
      const d = await decodeUrl(hash, SAVED_SCENARIOS.map((s) => s.file));
      const issues = [...d.issues];
      this.host.showRoute(d.route);
      let shown = false;
      const target = d.sim ? await this.target(d.sim, issues) : null;
      if (target) shown = await this.host.restoreView(target);
      if (!this.host.hasScenario()) {
        await this.host.loadDefaultView();
        // The rest of the link (settings, tab, a saved reference) applies to the default scenario.
        if (target) await this.host.restoreView({ ...target, scenario: null, edits: [], pinned: null, compareRef: target.compareRef === 'pinned' ? 'baseline' : target.compareRef });
      }
      const co = target?.settings.company;
      const shownCo = this.host.urlSnapshot().settings.company;
      if (co && co !== shownCo) issues.push({ path: 'co', message: `no company "${co}" in this scenario; ${shownCo ?? 'its first company'} is shown` });
      if (issues.length) {
        const instead = initial && !shown ? 'the default scenario is shown instead' : 'the rest of the link was applied';
        const heading = d.legacy ? `The shared link cannot be opened; ${instead}.` : `Part of the link could not be used (${issues.map((i) => (URL_KEY_LABELS[i.path] ? `${i.path}: ${URL_KEY_LABELS[i.path]}` : i.path)).join('; ')}); ${instead}.`;
        this.host.showUrlProblem(heading, issues);
      }
    } finally {
      await this.host.updateComplete;
      this.applying = false;
      this.last = this.host.urlSnapshot();
      // The canonical form of what is now on screen replaces the URL that was opened.
      if (this.last.baseline) this.enqueue(this.last, false);
    }
  }

  /** Fetches the URL's scenario; an unknown or unreachable one is reported and the scenario on screen stays. */
  private async target(sim: UrlSim, issues: ShareIssue[]): Promise<RestoreTarget> {
    const t: RestoreTarget = { scenario: null, edits: sim.edits, settings: sim.settings, compareRef: sim.compareRef, pinned: sim.pinned };
    const sc = sim.scenario;
    const saved = async (file: string): Promise<ScenarioData | null> => {
      const s = SAVED_SCENARIOS.find((x) => x.file === file);
      try {
        return s ? await s.load() : null;
      } catch (e) {
        issues.push({ path: 's', message: `${file} could not be fetched: ${(e as Error).message}` });
        return null;
      }
    };
    if (sc?.kind === 'template') t.scenario = { key: 'template', source: 'The template', data: TEMPLATE_SCENARIO };
    else if (sc?.kind === 'saved') {
      const data = await saved(sc.file);
      if (data) t.scenario = { key: `saved:${sc.file}`, source: sc.file, data };
    } else if (sc?.kind === 'file') {
      // A file that is still exactly the saved scenario it names opens as that saved scenario.
      const hinted = sc.hint ? await saved(sc.hint) : null;
      if (hinted && JSON.stringify(hinted) === JSON.stringify(sc.data)) t.scenario = { key: `saved:${sc.hint}`, source: sc.hint!, data: hinted };
      else t.scenario = { key: null, source: 'The link', data: sc.data };
    }
    if (sc && !t.scenario) {
      // The edits and the pin were made against a scenario that is not on screen.
      t.edits = [];
      t.pinned = null;
      t.compareRef = sim.compareRef === 'pinned' ? 'baseline' : sim.compareRef;
    }
    return t;
  }
}
