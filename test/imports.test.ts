/**
 * src/ and web/ reach the engine through its entries only: sim/index.ts (the
 * package's `dat-sim/sim`) and sim/rules.ts (the rule compiler, kept apart so
 * that mathjs stays out of the web app's first bundle). Any other import of a
 * sim/ file from src/ or web/ (static, `export ... from`, dynamic `import()`
 * or an `import('...')` type) fails here, naming the file and the line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIM = join(ROOT, 'sim');
const ENTRIES = new Set(['sim/index.ts', 'sim/rules.ts']);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Module specifiers of a source text with their 1-based lines: `from '...'`, `import '...'`, `import('...')`. */
function specifiers(text: string): { spec: string; line: number }[] {
  const found: { spec: string; line: number }[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;
  for (const m of text.matchAll(re)) {
    const at = m.index + m[0].length - m[2].length - 1;
    found.push({ spec: m[2], line: text.slice(0, at).split('\n').length });
  }
  return found;
}

/** Imports of sim/ files other than its entries, as "file:line: imports specifier (...)". */
function offending(files: { file: string; text: string }[]): string[] {
  const bad: string[] = [];
  for (const { file, text } of files) {
    for (const { spec, line } of specifiers(text)) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SIM + sep)) continue;
      const rel = relative(ROOT, target).split(sep).join('/');
      if (!ENTRIES.has(rel)) bad.push(`${relative(ROOT, file).split(sep).join('/')}:${line}: imports ${spec} (use sim/index.ts${rel === 'sim/expr.ts' ? ', or sim/rules.ts for the rule compiler' : ''})`);
    }
  }
  return bad;
}

describe('src/ and web/ import the engine through sim/index.ts (and sim/rules.ts) only', () => {
  it('finds the specifiers of every import form, with their lines', () => {
    const text = [
      "import { a } from '../sim/engine.ts';",
      'import type {',
      '  B,',
      "} from '../../sim/types.ts';",
      "export { c } from '../sim/index.ts';",
      "const m = await import('../sim/expr.ts');",
      "type R = import('../../sim/engine.ts').RuleCompiler;",
      "import './side-effect.ts';",
    ].join('\n');
    expect(specifiers(text)).toEqual([
      { spec: '../sim/engine.ts', line: 1 },
      { spec: '../../sim/types.ts', line: 4 },
      { spec: '../sim/index.ts', line: 5 },
      { spec: '../sim/expr.ts', line: 6 },
      { spec: '../../sim/engine.ts', line: 7 },
      { spec: './side-effect.ts', line: 8 },
    ]);
  });

  it('flags a sim/ file other than the entries, naming file and line', () => {
    const text = [
      "import { mnav } from '../../sim/index.ts';",
      "import { PathRun } from '../../sim/engine.ts';",
      "const r = () => import('../../sim/expr.ts');",
      "const ok = () => import('../../sim/rules.ts');",
      "import { x } from '../../src/simulate.ts';",
    ].join('\n');
    expect(offending([{ file: join(ROOT, 'web', 'lib', 'x.ts'), text }])).toEqual([
      'web/lib/x.ts:2: imports ../../sim/engine.ts (use sim/index.ts)',
      'web/lib/x.ts:3: imports ../../sim/expr.ts (use sim/index.ts, or sim/rules.ts for the rule compiler)',
    ]);
  });

  it('no file in src/ or web/ imports an individual sim/ file', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'web'))];
    expect(files.length).toBeGreaterThan(100);
    expect(offending(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })))).toEqual([]);
  });
});
