/**
 * CompareController: Compare's A/B state on <dat-app> (a Lit reactive
 * controller): the reference A ("baseline" = the scenario as loaded,
 * "pinned", or "saved:<file>"), the pinned parameters, and A's run. B is what
 * the simulator runs. The reference and the pin are part of the view in the
 * URL (url-state.ts: ref, pin).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ScenarioIssue } from '../../src/resolve.ts';
import type { SimResultTyped } from '../../src/simulate.ts';
import type { CompareOption } from '../components/dat-compare-view.ts';
import { hasRules } from './params.ts';
import { prepareFor, resolveFile, runSingle } from './runner.ts';
import { SAVED_SCENARIOS, type ScenarioData } from './saved-scenarios.ts';
import type { Settings } from './share.ts';
import { describeDiff } from './url-state.ts';

/** What A runs against: the simulator's scenario and settings. */
export interface CompareSource {
  scenarioKey: string;
  baseline: ScenarioData | null;
  file: ScenarioData | null;
  settings: Settings;
}

export class CompareController implements ReactiveController {
  /** "baseline", "pinned" or "saved:<file>". */
  ref = 'baseline';
  pinned: ScenarioData | null = null;
  /** A's run (null until it ran, or when it cannot). */
  a: SimResultTyped | null = null;
  /** Why A cannot run. */
  issues: ScenarioIssue[] = [];
  private cacheKey = '';
  /** Saved scenarios fetched as references. */
  private readonly savedData = new Map<string, ScenarioData>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => CompareSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** A new scenario: A is its "as loaded" again and the pin goes. */
  reset(): void {
    this.pinned = null;
    this.ref = 'baseline';
    this.cacheKey = '';
    this.host.requestUpdate();
  }

  /** Restores a reference and a pin (from the URL); a saved reference is fetched. */
  async restore(ref: string, pinned: ScenarioData | null): Promise<void> {
    this.pinned = pinned;
    this.cacheKey = '';
    if (ref.startsWith('saved:')) await this.setRef(ref);
    else this.ref = ref === 'pinned' && pinned ? 'pinned' : 'baseline';
    this.host.requestUpdate();
  }

  /** Pins the parameters on screen as A. */
  pin(): void {
    this.pinned = structuredClone(this.source().file);
    this.ref = 'pinned';
    this.cacheKey = '';
    this.compute();
    this.host.requestUpdate();
  }

  options(): CompareOption[] {
    const name = String(this.source().baseline?.name ?? 'scenario');
    const opts: CompareOption[] = [{ key: 'baseline', label: `${name} as loaded (before your edits)`, short: 'as loaded' }];
    if (this.pinned) opts.push({ key: 'pinned', label: 'Pinned parameters', short: 'pinned' });
    for (const s of SAVED_SCENARIOS) opts.push({ key: `saved:${s.file}`, label: `Saved: ${s.name}`, short: s.file });
    return opts;
  }

  label(): string {
    return this.options().find((o) => o.key === this.ref)?.short ?? 'reference';
  }

  data(): ScenarioData | null {
    if (this.ref === 'baseline') return this.source().baseline;
    if (this.ref === 'pinned') return this.pinned;
    return this.savedData.get(this.ref) ?? null;
  }

  /** Whether A is B's very file (nothing to compare). */
  identical(): boolean {
    return JSON.stringify(this.data()) === JSON.stringify(this.source().file);
  }

  /** What B changes against A, when A is this scenario as loaded or pinned (another saved scenario differs everywhere). */
  differences(): string[] {
    const a = this.data();
    return a && !this.ref.startsWith('saved:') ? describeDiff(a, this.source().file) : [];
  }

  /** Picks the reference; a saved scenario is fetched first. */
  async setRef(key: string): Promise<void> {
    if (key.startsWith('saved:') && !this.savedData.has(key)) {
      const s = SAVED_SCENARIOS.find((x) => `saved:${x.file}` === key);
      if (!s) return;
      try {
        this.savedData.set(key, await s.load());
      } catch (err) {
        this.issues = [{ path: '', message: `${s.file} could not be fetched: ${(err as Error).message}` }];
        this.host.requestUpdate();
        return;
      }
    }
    this.ref = key;
    this.compute();
    this.host.requestUpdate();
  }

  /** Runs A with B's seed and horizon (cached while they and A do not change). */
  compute(): void {
    const data = this.data();
    if (!data) return;
    const src = this.source();
    const s = src.settings;
    const key = JSON.stringify([this.ref, this.ref === 'pinned' ? this.pinned : null, s.seed, s.horizonDays, s.deterministic, src.scenarioKey]);
    if (key === this.cacheKey && this.a) return;
    if (hasRules(data)) {
      void prepareFor(data).then(() => {
        this.cacheKey = '';
        if (hasRules(data)) this.computeNow(data, key);
      });
      return;
    }
    this.computeNow(data, key);
  }

  private computeNow(data: ScenarioData, key: string): void {
    const r = resolveFile(data);
    const ran = r.ok ? runSingle(r.resolved, this.source().settings) : null;
    if (!r.ok) this.fail(r.issues);
    else if (!ran!.ok) this.fail(ran!.issues);
    else {
      this.issues = [];
      this.a = ran!.result;
      this.cacheKey = key;
    }
    this.host.requestUpdate();
  }

  private fail(issues: ScenarioIssue[]): void {
    this.issues = issues;
    this.a = null;
  }
}
