/**
 * The scenario builder's form model, read from the zod schema (src/schema.ts)
 * through the parameter panel's introspection (web/lib/params.ts): for one
 * object schema at one file path, the fields to show (numbers, choices, text,
 * dates, switches) with their label, unit, stated default and whether the file
 * must give them. Nothing here restates a rule: the builder validates with
 * the CLI's resolver (web/lib/builder.ts `validateDraft`). Pure (no DOM).
 */
import { humanize } from './format.ts';
import { fieldFrom, pathId, shapeOf, unwrap, type Path, type ZodLike } from './params.ts';

export interface BuilderField {
  /** Path as text, the form of the resolver's issue paths ("companies[0].coins"). */
  id: string;
  path: Path;
  key: string;
  label: string;
  kind: 'number' | 'enum' | 'text' | 'date' | 'boolean';
  description: string;
  unit?: string;
  /** The schema's stated default as text ("0.08", "preset"); absent for fields without one. */
  defaultText?: string;
  /** The file must give it (no default fills it). */
  required: boolean;
  integer: boolean;
  options?: string[];
}

export interface BuilderFieldGroup {
  key: string;
  id: string;
  title: string;
  description?: string;
  fields: BuilderField[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** One field of an object schema, or null for what a form does not edit here (lists, maps, the `kind` tag). */
export function builderField(path: Path, key: string, s: ZodLike): BuilderField | null {
  const { inner, meta } = unwrap(s);
  const t = inner._zod.def.type;
  const required = s._zod.def.type !== 'optional' && s._zod.def.type !== 'default';
  const numeric = fieldFrom(path, key, s);
  if (numeric) return { ...numeric, required };
  const base = {
    id: pathId(path),
    path,
    key,
    label: humanize(key),
    description: str(meta.description) ?? '',
    unit: str(meta.unit),
    defaultText: meta.default === undefined ? undefined : typeof meta.default === 'string' ? meta.default : JSON.stringify(meta.default),
    required,
    integer: false,
  };
  if (t === 'string') return { ...base, kind: meta.unit === 'date' ? 'date' : 'text', unit: meta.unit === 'date' ? 'YYYY-MM-DD' : base.unit };
  if (t === 'boolean') return { ...base, kind: 'boolean' };
  // The seed: a string or a whole number.
  if (t === 'union' && key === 'seed') return { ...base, kind: 'text' };
  return null;
}

/**
 * Fields of an object schema at `basePath`, in the schema's order (`first` moved ahead), and its
 * nested objects as groups (`groups` names which; the others, and lists, are left to the caller).
 */
export function builderFields(
  schema: unknown,
  basePath: Path,
  opts: { skip?: readonly string[]; first?: readonly string[]; groups?: readonly string[] } = {},
): { fields: BuilderField[]; groups: BuilderFieldGroup[] } {
  // The same schema at the same path gives the same form: computed once (a form re-renders on every edit).
  let bySchema = cache.get(schema as object);
  if (!bySchema) cache.set(schema as object, (bySchema = new Map()));
  const key = JSON.stringify([basePath, opts]);
  let out = bySchema.get(key);
  if (!out) bySchema.set(key, (out = describe(schema, basePath, opts)));
  return out;
}

type Form = { fields: BuilderField[]; groups: BuilderFieldGroup[] };
const cache = new WeakMap<object, Map<string, Form>>();

function describe(schema: unknown, basePath: Path, opts: { skip?: readonly string[]; first?: readonly string[]; groups?: readonly string[] }): Form {
  const skip = new Set(opts.skip ?? []);
  const fields: BuilderField[] = [];
  const groups: BuilderFieldGroup[] = [];
  for (const [key, s] of Object.entries(shapeOf(schema as ZodLike))) {
    if (skip.has(key) || key === 'kind' || key === 'sources' || key === '$schema') continue;
    const path = [...basePath, key];
    const { inner, meta } = unwrap(s);
    if (inner._zod.def.type === 'object') {
      if (!opts.groups?.includes(key)) continue;
      const sub = builderFields(inner, path);
      groups.push({ key, id: pathId(path), title: humanize(key), description: str(meta.description), fields: sub.fields });
      continue;
    }
    const f = builderField(path, key, s);
    if (f) fields.push(f);
  }
  const first = opts.first ?? [];
  const rank = (k: string) => (first.includes(k) ? first.indexOf(k) : first.length);
  fields.sort((a, b) => rank(a.key) - rank(b.key));
  return { fields, groups };
}

/** The schema's one-line description of an object (a policy or instrument kind), if it has one. */
export function schemaDescription(schema: unknown): string {
  return str((schema as ZodLike).meta?.()?.description) ?? '';
}
