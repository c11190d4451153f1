/**
 * The saved scenarios (scenarios/*.json), found at build time: a new file in
 * scenarios/ appears in the picker on the next build or dev reload. Only each
 * file's `id` and `name` are in the first bundle (Vite's JSON named exports,
 * tree-shaken); the scenario itself is a separate chunk fetched when picked,
 * so a growing library of scenarios (with their `sources`) does not weigh on
 * the initial load. The JSON Schema file lives there too and is left out.
 */
import { TEMPLATE_SCENARIO } from './template.ts';

export type ScenarioData = Record<string, unknown>;

export interface SavedScenario {
  /** File name, e.g. "fgnx.json". */
  file: string;
  id: string;
  name: string;
  /** The file's contents (fetched once, then cached). */
  load(): Promise<ScenarioData>;
}

// The same pattern three times: Vite needs literal arguments to import.meta.glob.
const ids = import.meta.glob<unknown>(['../../scenarios/*.json', '!../../scenarios/*.schema.json'], { eager: true, import: 'id' });
const names = import.meta.glob<unknown>(['../../scenarios/*.json', '!../../scenarios/*.schema.json'], { eager: true, import: 'name' });
// The files themselves are emitted as assets and fetched on demand (a dynamic import of the same
// modules would pull them whole into the first bundle, since the named imports above are static).
const urls = import.meta.glob<string>(['../../scenarios/*.json', '!../../scenarios/*.schema.json'], { eager: true, query: '?url', import: 'default' });
const loaders: Record<string, () => Promise<ScenarioData>> = Object.fromEntries(
  Object.entries(urls).map(([path, url]) => [
    path,
    async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status} fetching ${url}`);
      return (await res.json()) as ScenarioData;
    },
  ]),
);

const cache = new Map<string, Promise<ScenarioData>>();

export const SAVED_SCENARIOS: readonly SavedScenario[] = Object.keys(loaders)
  .filter((path) => typeof ids[path] === 'string' && typeof names[path] === 'string')
  .map((path) => {
    const file = path.split('/').pop()!;
    return {
      file,
      id: ids[path] as string,
      name: names[path] as string,
      load: () => {
        let p = cache.get(path);
        if (!p) {
          p = loaders[path]().then((d) => structuredClone(d));
          cache.set(path, p);
          p.catch(() => cache.delete(path)); // a failed fetch may be retried
        }
        return p;
      },
    };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

/** The scenario the app opens on: FGNX when saved, else the first saved one, else the template. */
export async function defaultScenario(): Promise<{ key: string; data: ScenarioData }> {
  const pick = SAVED_SCENARIOS.find((s) => s.id === 'fgnx' || s.file === 'fgnx.json') ?? SAVED_SCENARIOS[0];
  if (pick) {
    try {
      return { key: `saved:${pick.file}`, data: await pick.load() };
    } catch {
      /* fall back to the template */
    }
  }
  return { key: 'template', data: TEMPLATE_SCENARIO };
}
