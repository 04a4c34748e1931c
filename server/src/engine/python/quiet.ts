// Findings-only analysis leaves out the bodies of quiet functions: those whose text mentions no
// name a rule reports on (PythonRule.words) and no name the file binds to what a concurrency module
// exports. Every rule reports a call or an assignment that names one of them, so a quiet function
// holds no finding; the functions the others reach (incremental.ts, unitsToKeep) stay whole, so
// what a rule sees of the rest is what it sees in the whole file. Most functions of a file are
// quiet, and the parser never reads their bodies.
import type { Node, Tree } from 'web-tree-sitter';
import { anyOf, classOf, definitionOf, skeleton, type Layout, type Unit, unitsToKeep } from './incremental';
import { CONCURRENCY_MODULES } from './model/stdlib';
import { scanLayout, type ModuleStatement } from './scan';

export interface QuietSkeleton {
  /** The file with every quiet function's body reduced to `...` (or `yield`), lines kept. */
  text: string;
  layout: Layout;
  /** Units whose bodies are kept. */
  keep: Set<Unit>;
}

/** What a unit must not mention to be left out: suppression comments, and what reaches other scopes. */
const ALWAYS_LOUD = /\b(?:global|nonlocal)\b|concurrency-lint|noqa/i;
const MODULES = `(?:${CONCURRENCY_MODULES.join('|')})`;
/** An import of a concurrency module (also across line continuations). */
const LOCAL_IMPORT = new RegExp(`^[ \\t]*(?:import[ \\t](?:[^\\n#]|\\\\\\n)*\\b${MODULES}\\b|from[ \\t]+\\.?${MODULES}\\b)`, 'm');

/**
 * The file with its quiet functions' bodies left out, or undefined when none can be (or the text is
 * beyond what the scanner is sure of). `words`: the names the enabled rules report on.
 */
export function quietSkeleton(text: string, words: ReadonlySet<string>): QuietSkeleton | undefined {
  const scanned = scanLayout(text);
  if (!scanned || scanned.units.length === 0) return undefined;
  const loudNames = boundNames(scanned.moduleStatements, words);
  // Rules report methods and attributes by their names; a bare name must be bound to a concurrency
  // module's export, at module level or by an import inside the function.
  const bare = loudNames.size > 0 ? new RegExp(`\\b(?:${[...loudNames].join('|')})\\b`) : undefined;
  // A method of a string literal or of os.path (`", ".join(...)`, `os.path.join(...)`) is none a rule reports.
  const method = new RegExp(`(?<!['"]|\\bos\\.path)\\.[\\s\\\\]*(?:${[...words].join('|')})\\b`);
  const loud = new Set(
    scanned.units.filter(
      (u) =>
        (anyOf(u.attributes, words) && method.test(u.text)) ||
        bare?.test(u.text) ||
        ALWAYS_LOUD.test(u.text) ||
        (u.text.includes('import') && LOCAL_IMPORT.test(u.text)),
    ),
  );
  const keep = unitsToKeep(scanned, loud, text, Infinity)!;
  for (const u of scanned.oneLiners) keep.add(u);
  if (keep.size === scanned.units.length) return undefined;
  return { text: skeleton(scanned, keep, text).join(''), layout: scanned, keep };
}

const FROM_IMPORT = /^from[ \t]+([\w.]+)[ \t]+import\b([^]*)$/;
const IMPORT = /^import\b([^]*)$/;
const CLASS = /^class[ \t]+([A-Za-z_]\w*)[ \t]*(?:\(([^)]*)\))?/;
/** `a = `, `a, b = `, `a: T = ` at the start of a statement (repeated for `a = b = ...`). */
const TARGETS = /^[ \t]*([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]*,?[ \t]*(?::[^=\n]*)?=(?!=)/;
const BLOCK_BINDING = /^(?:async[ \t]+)?(?:with|for)\b/;

/**
 * The names module-level statements bind to what a function may call by a bare name and a rule
 * reports: a rule's word imported from a concurrency module (under any alias), a class whose bases
 * are such names (a Thread subclass), and names assigned from an expression that mentions one.
 * Names bound to anything else from a concurrency module (`import multiprocessing as mp`) are
 * followed too, until no more are found.
 */
function boundNames(statements: ModuleStatement[], words: ReadonlySet<string>): Set<string> {
  const known = new Set<string>(CONCURRENCY_MODULES);
  const loud = new Set<string>();
  const isLoud = (n: string) => words.has(n) || loud.has(n);
  for (let size = -1; size !== known.size + loud.size; ) {
    size = known.size + loud.size;
    for (const { text: statement, names } of statements) {
      if (!anyOf(names, known) && !anyOf(names, loud)) continue;
      const fromImport = FROM_IMPORT.exec(statement);
      if (fromImport) {
        if (!fromImport[1].split('.').some((part) => known.has(part))) continue;
        // `from threading import *` binds every name: any of the words may be called bare.
        if (fromImport[2].trim() === '*') for (const w of words) loud.add(w);
        for (const { name, bound } of imported(fromImport[2].replace(/[()]/g, ''))) {
          known.add(bound);
          if (isLoud(name)) loud.add(bound);
        }
        continue;
      }
      const plainImport = IMPORT.exec(statement);
      if (plainImport) {
        for (const { name, bound } of imported(plainImport[1])) if (name.split('.').some((p) => known.has(p))) known.add(bound);
        continue;
      }
      const cls = CLASS.exec(statement);
      if (cls) {
        known.add(cls[1]);
        if ((cls[2] ?? '').split(',').some((b) => isLoud(b.trim().split('.').pop()!.trim()))) loud.add(cls[1]);
        continue;
      }
      const targets: string[] = [];
      if (BLOCK_BINDING.test(statement)) targets.push(...names);
      let rest = statement;
      for (let m = TARGETS.exec(rest); m; m = TARGETS.exec(rest)) {
        targets.push(...m[1].split(',').map((t) => t.trim()));
        rest = rest.slice(m[0].length);
      }
      const mentionsLoud = anyOf(names, words) || anyOf(names, loud);
      for (const t of targets) {
        known.add(t);
        if (mentionsLoud) loud.add(t);
      }
    }
  }
  return loud;
}

/** What each item of `a.b, c as d` imports and the name it binds (`import a.b` binds `a`). */
function imported(list: string): { name: string; bound: string }[] {
  return list.split(',').flatMap((item) => {
    const [name, alias] = item.split(/\bas\b/).map((p) => p.trim());
    const bound = alias || name.split('.')[0].trim();
    return /^[A-Za-z_]\w*$/.test(bound) ? [{ name: name.split('.').pop()!.trim(), bound }] : [];
  });
}

/**
 * Whether the tree of a skeleton holds what the scanner saw: no syntax error, and the same
 * functions (by name, first line and class) and classes. Otherwise the caller parses the whole file.
 */
export function skeletonAsScanned(tree: Tree, quiet: QuietSkeleton): boolean {
  if (tree.rootNode.hasError) return false;
  const units: string[] = [];
  const classes: string[] = [];
  const unit = (node: Node, inClass: boolean): void => {
    const name = definitionOf(node)?.childForFieldName('name')?.text;
    if (name !== undefined) units.push(`${name} ${node.startPosition.row} ${inClass}`);
  };
  for (const child of tree.rootNode.namedChildren) {
    if (!child) continue;
    unit(child, false);
    const cls = classOf(child);
    if (!cls) continue;
    classes.push(cls.childForFieldName('name')?.text ?? '');
    for (const member of cls.childForFieldName('body')?.namedChildren ?? []) if (member) unit(member, true);
  }
  const scanned = quiet.layout;
  return (
    classes.join(' ') === [...scanned.classes.values()].map((c) => c.name).join(' ') &&
    units.join('\n') === scanned.units.map((u) => `${u.name} ${u.startRow} ${u.classStart >= 0}`).join('\n')
  );
}
