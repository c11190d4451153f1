/**
 * ScenarioController: the scenario on <dat-app> (a Lit reactive controller):
 * which one is open (saved, template, or a file or link opened this session),
 * the file as loaded (`baseline`: reset target, compare reference, the URL's
 * diff base) and as edited (`file`: what runs, Share and Download write), the
 * parameter panel's groups, and why a file or a link could not be opened.
 *
 * Opening resolves the scenario first; one that does not resolve leaves the
 * scenario on screen as it was and shows the resolver's field paths. Edits are
 * kept per scenario, so switching scenarios loses nothing. Once a scenario is
 * open the host takes over (ScenarioHost.scenarioOpened: settings, run).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ScenarioIssue } from '../../src/resolve.ts';
import { LISTING_RULE_PRESETS } from '../../src/presets/listing-rules.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import { buildGroups, deleteIn, getIn, setIn, type FieldGroup, type Path } from './params.ts';
import { prepareFor, resolveFile } from './runner.ts';
import { defaultScenario, SAVED_SCENARIOS, type ScenarioData } from './saved-scenarios.ts';
import type { Settings } from './share.ts';
import { TEMPLATE_SCENARIO } from './template.ts';
import { applyDiff, type DiffOp } from './url-state.ts';

/** Why a file or a link could not be opened (shown above the charts until dismissed). */
export interface LoadProblem {
  heading: string;
  issues: ScenarioIssue[];
}

/** A file or link opened this session (the picker lists them). */
export interface SessionFile {
  key: string;
  name: string;
  data: ScenarioData;
}

export interface ScenarioHost extends ReactiveControllerHost {
  /** A scenario was opened: take its seed and horizon (then `settings`), forget what belonged to the previous one, and run it. */
  scenarioOpened(resolved: ResolvedScenario, settings: Partial<Settings> | undefined): Promise<void>;
}

export interface OpenOptions {
  /** Names the scenario in messages (a file name, "The template", ...). */
  source: string;
  /** Settings that override the scenario's own (a link's). */
  settings?: Partial<Settings>;
  /** Whether a previous load problem goes away once this opens. */
  clearProblem: boolean;
  /** The heading shown when the scenario does not resolve. */
  heading?: string;
  /** The edited file to show instead of the scenario as loaded (a link's edits). */
  file?: ScenarioData;
  /** Show the scenario as loaded, dropping the edits kept under its key (a file replacing the one opened under that key). */
  fresh?: boolean;
}

/** Where an opened file came from: the "Open JSON…" button or a drop ('upload'), or the builder's "Run this scenario". */
export type FileOrigin = 'upload' | 'builder';

/**
 * The picker entry a file opens under: one per upload name ("file:<name>",
 * replaced when a file of that name is opened again) and one for the
 * builder's draft ("builder", replaced on every run).
 */
export function sessionEntryFor(origin: FileOrigin, fileName: string, data: ScenarioData): SessionFile {
  const title = String(data.name ?? data.id ?? '');
  if (origin === 'builder') return { key: 'builder', name: `Builder draft (${fileName}): ${title}`, data };
  return { key: `file:${fileName}`, name: `${fileName}: ${title}`, data };
}

/** `list` with `f` in place of the entry of the same key (where it was), or added at the end. */
export function withSessionEntry(list: readonly SessionFile[], f: SessionFile): SessionFile[] {
  const i = list.findIndex((x) => x.key === f.key);
  return i < 0 ? [...list, f] : list.map((x, j) => (j === i ? f : x));
}

/** Reads an opened or dropped file: the scenario object, or why it cannot be opened (nothing on screen changes). */
export function parseScenarioFile(name: string, text: string): { ok: true; data: ScenarioData } | { ok: false; problem: LoadProblem } {
  const heading = `${name} cannot be opened; nothing changed.`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: { heading, issues: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] } };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: { heading, issues: [{ path: '', message: 'expected a scenario object ({"schemaVersion": 1, ...})' }] } };
  return { ok: true, data: data as ScenarioData };
}

/** The exchanges a listing-rules field can name: the presets, then the file's own. */
export function exchangesOf(file: ScenarioData | null): string[] {
  const own = Object.keys((file?.listingRules as object | undefined) ?? {});
  return [...Object.keys(LISTING_RULE_PRESETS), ...own];
}

/** `s` with a company the scenario has: the one asked for, else its first (null when it has none). */
export function withCompany(s: Settings, resolved: ResolvedScenario | null): Settings {
  if (s.company && resolved?.companies.some((c) => c.ticker === s.company)) return s;
  return { ...s, company: resolved?.companies[0]?.ticker ?? null };
}

/** The settings a newly opened scenario runs with: the current ones, its own seed and horizon, then the link's; a company it lacks becomes its first. */
export function openedSettings(current: Settings, resolved: ResolvedScenario, patch?: Partial<Settings>): Settings {
  return withCompany({ ...current, seed: resolved.seed, horizonDays: resolved.horizonDays, ...(patch ?? {}) }, resolved);
}

/** Adds a problem's issues in front of the one shown (a URL can have several), or shows it. */
export function mergeProblem(shown: LoadProblem | null, heading: string, issues: ScenarioIssue[]): LoadProblem {
  return shown ? { ...shown, issues: [...issues, ...shown.issues] } : { heading, issues };
}

export class ScenarioController implements ReactiveController {
  /** "saved:<file>", "template", "file:<name>" (an uploaded file), "builder" (the builder's draft) or "opened:<n>" (a link's file). */
  key = '';
  /** The scenario file as edited. */
  file: ScenarioData | null = null;
  /** The scenario as loaded. */
  baseline: ScenarioData | null = null;
  /** Why a file or a link could not be opened. */
  problem: LoadProblem | null = null;
  session: SessionFile[] = [];
  /** The parameter panel's groups for the file. */
  groups: FieldGroup[] = [];
  /** Edits per scenario key. */
  private readonly edits = new Map<string, ScenarioData>();
  private sessionCount = 0;

  constructor(private readonly host: ScenarioHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  private setProblem(p: LoadProblem | null): void {
    this.problem = p;
    this.host.requestUpdate();
  }

  /** Shows why something could not be opened, after what is already shown. */
  addProblem(heading: string, issues: ScenarioIssue[]): void {
    this.setProblem(mergeProblem(this.problem, heading, issues));
  }

  dismissProblem(): void {
    this.setProblem(null);
  }

  /** Opens `data` under `key`; false (the reason shown) when it does not resolve. */
  async open(key: string, data: ScenarioData, opts: OpenOptions): Promise<boolean> {
    try {
      await prepareFor(data);
    } catch (e) {
      this.setProblem({ heading: 'The rule compiler could not be loaded.', issues: [{ path: '', message: (e as Error).message }] });
      return false;
    }
    const r = resolveFile(data, opts.source);
    if (!r.ok) {
      this.setProblem({ heading: opts.heading ?? `${opts.source} cannot be opened; the previous scenario stays on screen.`, issues: r.issues });
      return false;
    }
    if (this.file && this.key) this.edits.set(this.key, this.file);
    if (opts.fresh) this.edits.delete(key);
    const base = structuredClone(data);
    const edited = opts.file ?? this.edits.get(key);
    if (edited) await prepareFor(edited);
    this.key = key;
    this.baseline = base;
    this.file = edited ?? base;
    this.groups = buildGroups(this.file as never, exchangesOf(this.file));
    if (opts.clearProblem) this.problem = null;
    this.host.requestUpdate();
    await this.host.scenarioOpened(r.resolved, opts.settings);
    return true;
  }

  /** Opens the default scenario (a fresh page). */
  async openDefault(): Promise<void> {
    const d = await defaultScenario();
    await this.open(d.key, d.data, { source: d.key, clearProblem: false });
  }

  /** The picker's choice: a saved scenario (fetched), the template, or a file opened this session. */
  async select(key: string): Promise<void> {
    if (key === this.key) return;
    if (key === 'template') {
      await this.open('template', TEMPLATE_SCENARIO, { source: 'The template', clearProblem: true });
      return;
    }
    if (key.startsWith('saved:')) {
      const s = SAVED_SCENARIOS.find((x) => `saved:${x.file}` === key);
      if (!s) return;
      let data: ScenarioData;
      try {
        data = await s.load();
      } catch (err) {
        this.setProblem({ heading: `${s.file} could not be fetched; the previous scenario stays on screen.`, issues: [{ path: '', message: (err as Error).message }] });
        return;
      }
      await this.open(key, data, { source: s.file, clearProblem: true });
      return;
    }
    const o = this.session.find((x) => x.key === key);
    if (o) await this.open(key, o.data, { source: o.name, clearProblem: true });
  }

  /**
   * A file opened, dropped or built: it replaces the picker entry of the same
   * upload name, or the builder's entry (sessionEntryFor), and shows as
   * loaded. Bad JSON or a bad scenario shows the field paths; nothing on
   * screen changes.
   */
  async openFile(name: string, text: string, origin: FileOrigin = 'upload'): Promise<void> {
    const p = parseScenarioFile(name, text);
    if (!p.ok) {
      this.setProblem(p.problem);
      return;
    }
    const entry = sessionEntryFor(origin, name, p.data);
    const ok = await this.open(entry.key, p.data, { source: name, clearProblem: true, fresh: true, heading: `${name} is not a valid scenario; the previous scenario stays on screen.` });
    if (ok) this.addSession(entry);
  }

  /**
   * A link's scenario: 'same' when it is the one on screen (nothing opened),
   * else it is opened as it is (a run to fall back on; the link's edits come
   * after, applyEdits) and 'opened', or 'failed' with the reason shown.
   */
  async openLinked(sc: { key: string | null; source: string; data: ScenarioData }, settings: Partial<Settings>): Promise<'same' | 'opened' | 'failed'> {
    if (JSON.stringify(sc.data) === JSON.stringify(this.baseline) && (sc.key === null || sc.key === this.key)) return 'same';
    const known = sc.key ?? this.session.find((x) => JSON.stringify(x.data) === JSON.stringify(sc.data))?.key;
    const key = known ?? `opened:${++this.sessionCount}`;
    const instead = this.file ? 'the previous scenario stays on screen' : 'the default scenario is shown instead';
    const ok = await this.open(key, sc.data, { source: sc.source, settings, clearProblem: true, heading: `${sc.source}'s scenario is invalid; ${instead}.`, file: sc.data });
    if (!ok) return 'failed';
    if (!known) this.addSession({ key, name: `Link: ${String(sc.data.name ?? sc.data.id ?? 'scenario')}`, data: sc.data });
    return 'opened';
  }

  private addSession(f: SessionFile): void {
    this.session = withSessionEntry(this.session, f);
    this.host.requestUpdate();
  }

  /** The file becomes the scenario as loaded with `edits` applied (a link's); false without a scenario. */
  applyEdits(edits: DiffOp[]): boolean {
    if (!this.baseline) return false;
    const file = applyDiff(this.baseline, edits);
    if (JSON.stringify(file) !== JSON.stringify(this.file)) this.setFile(file);
    return true;
  }

  private setFile(file: ScenarioData): void {
    this.file = file;
    this.host.requestUpdate();
  }

  /** A parameter edit. */
  setParam(path: Path, value: unknown): boolean {
    if (!this.file) return false;
    this.setFile(setIn(this.file, path, value));
    return true;
  }

  /** A parameter back to its value as loaded (removed when the scenario as loaded does not set it). */
  resetParam(path: Path): boolean {
    if (!this.file) return false;
    const base = getIn(this.baseline, path);
    this.setFile(base === undefined ? deleteIn(this.file, path) : setIn(this.file, path, structuredClone(base)));
    return true;
  }

  /** Every parameter back to the scenario as loaded; its kept edits go. */
  resetAll(): boolean {
    if (!this.baseline) return false;
    this.setFile(structuredClone(this.baseline));
    this.edits.delete(this.key);
    return true;
  }
}
