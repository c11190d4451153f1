/**
 * src/ and web/ reach the engine through its entries only: sim/index.ts (the
 * package's `dat-sim/sim`) and sim/rules.ts (the rule compiler, kept apart so
 * that mathjs stays out of the web app's first bundle). Any other import of a
 * sim/ file from src/ or web/ (static, `export ... from`, dynamic `import()`
 * or an `import('...')` type) fails here, naming the file and the line.
 *
 * And drivers (src/, web/, scripts/) read a PathRun through its read-outs
 * (readCloses, marketDay, companyView, marketTotals, dayDraws, the series and
 * events), never its state objects and scratch (`mk`, `co`, `draws`, ...):
 * checked with the TypeScript checker, so that only accesses on a PathRun count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { execFileSync } from 'node:child_process';
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

/** PathRun members the step modules share and drivers must not read. */
const INTERNAL = new Set(['mk', 'co', 'draws', 'raw', 'corr', 'vars', 'recorder', 'actEmit', 'rIndex', 'rng']);

/** Accesses of PathRun internals in `files` (plus `extra` in-memory files), as "file:line: .name". */
function internalAccesses(files: string[], extra: Record<string, string> = {}): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const options = { ...parsed!.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host), fileExists = host.fileExists.bind(host), readFile = host.readFile.bind(host);
  host.getSourceFile = (f, lang, ...rest) => (f in extra ? ts.createSourceFile(f, extra[f], lang) : getSourceFile(f, lang, ...rest));
  host.fileExists = (f) => f in extra || fileExists(f);
  host.readFile = (f) => (f in extra ? extra[f] : readFile(f));
  const roots = [...files, ...Object.keys(extra)];
  const program = ts.createProgram(roots, options, host);
  const checker = program.getTypeChecker();
  const hits: string[] = [];
  for (const f of roots) {
    const sf = program.getSourceFile(f);
    if (!sf) throw new Error(`${f}: not in the program`);
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAccessExpression(n) && INTERNAL.has(n.name.text)) {
        const decl = checker.getSymbolAtLocation(n.name)?.declarations?.[0];
        const cls = decl?.parent;
        if (cls && ts.isClassDeclaration(cls) && cls.name?.text === 'PathRun' && relative(ROOT, cls.getSourceFile().fileName) === join('sim', 'engine.ts')) {
          hits.push(`${relative(ROOT, f).split(sep).join('/')}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: .${n.name.text}`);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return hits;
}

describe('drivers read a PathRun through its read-outs', () => {
  // One program for both checks: the drivers that name PathRun (only they can hold one; the checker decides
  // the rest), and a probe driver that reads the state objects, to show that the check catches it.
  const probe = join(ROOT, 'src', '__probe__.ts');
  const probeText = [
    "import { PathRun, dayCloses, type Model } from '../sim/index.ts';",
    'export function f(model: Model, run: PathRun, e: { co: number; mk: number }): number {',
    '  run.readCloses(dayCloses(model));',
    '  const x = run.mk[0].P + run.co[0].S;',
    '  return x + run.draws[0] + run.dayDraws()[0] + run.marketTotals(0).close + e.co + e.mk;',
    '}',
  ].join('\n');
  let hits: string[] | null = null;
  let drivers = 0;
  const all = (): string[] => {
    if (hits) return hits;
    const out = execFileSync('grep', ['-rlw', 'PathRun', 'src', 'web', 'scripts', '--include=*.ts', '--exclude-dir=dist'], { cwd: ROOT, encoding: 'utf8' });
    const files = out.trim().split('\n').map((f) => join(ROOT, f));
    drivers = files.length;
    return (hits = internalAccesses(files, { [probe]: probeText }));
  };

  it('flags a driver reading the state objects, naming file and line', () => {
    expect(all().filter((h) => h.startsWith('src/__probe__.ts'))).toEqual(['src/__probe__.ts:4: .mk', 'src/__probe__.ts:4: .co', 'src/__probe__.ts:5: .draws']);
  }, 60_000);

  it('no file in src/, web/ or scripts/ does', () => {
    const found = all().filter((h) => !h.startsWith('src/__probe__.ts'));
    expect(drivers).toBeGreaterThan(5);
    expect(found).toEqual([]);
  }, 60_000);
});
