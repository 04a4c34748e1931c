/**
 * CL009 missing-main-guard
 *
 * What it does: finds module-level code that creates a `Process`, a process `Pool`, a
 * `ProcessPoolExecutor` or a `Manager` outside `if __name__ == "__main__":`.
 *
 * Why is this bad? Under the spawn and forkserver start methods (the default on Windows and macOS,
 * and on Linux from Python 3.14) every child process imports the main module again. Module-level
 * code that creates processes then runs again in each child: multiprocessing raises RuntimeError
 * ("An attempt has been made to start a new process before the current process has finished its
 * bootstrapping phase"), or children keep spawning children.
 *
 * Example:
 *     pool = Pool(10)
 *     results = pool.map(work, items)
 *
 * Use instead:
 *     if __name__ == "__main__":
 *         pool = Pool(10)
 *         results = pool.map(work, items)
 *
 * Not flagged: code inside functions and classes, inside the guard, thread pools
 * (`ThreadPool`, `multiprocessing.dummy`, `ThreadPoolExecutor`), and pools of an explicit
 * `get_context("fork")`, whose children do not import the module again.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { SemanticModel } from '../model/model';
import type { Scope } from '../model/scopes';
import type { ObjectType } from '../model/stdlib';
import type { PythonRule, RuleContext } from '../rule';
import { blockStatements } from './common';
import { startMethodOf, unparenthesized } from './handoff';

export const missingMainGuard: PythonRule = {
  meta: {
    id: 'CL009',
    name: 'missing-main-guard',
    defaultSeverity: 'warning',
    summary:
      'Module-level code creates a process, process pool or manager outside `if __name__ == "__main__":`, so it runs again in every spawned child.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  // Reports only module-level code, which is never left out.
  words: [],
  check(node, scope, ctx) {
    if (scope.kind !== 'module') return;
    const created = processCreated(node, scope, ctx.model);
    if (!created || guarded(node)) return;
    const callee = node.childForFieldName('function')?.text ?? 'this call';
    ctx.report({
      node,
      message: `'${callee}(...)' creates ${created} at module level, outside 'if __name__ == "__main__":': with the spawn or forkserver start method (the default on Windows and macOS, and on Linux from Python 3.14) every child imports this module again and runs this line, which raises RuntimeError or spawns without end. Move it under the main guard.`,
      fixes: guardFixOf(ctx),
    });
  },
};

/** What the call creates, when it starts or will start processes: a noun for the message. */
function processCreated(call: Node, scope: Scope, model: SemanticModel): string | undefined {
  const t: ObjectType | undefined = model.objectType(call, scope);
  if (!t || t.flavor !== 'multiprocessing') return undefined;
  // Children of a fork context do not import the module again.
  if (startMethodOf(call, scope, model) === 'fork') return undefined;
  switch (t.of) {
    case 'process':
      return 'a process';
    case 'processPool':
    case 'processExecutor':
      return 'a pool of processes';
    case 'manager':
      return 'a manager process';
    default:
      return undefined;
  }
}

/** Whether `node` sits in the true branch of `if __name__ == "__main__":` (or the else of `!=`). */
function guarded(node: Node): boolean {
  for (let n: Node | null = node; n?.parent; n = n.parent) {
    const p = n.parent;
    if (p.type === 'if_statement') {
      const test = mainTest(p.childForFieldName('condition'));
      if (test === '==' && p.childForFieldName('consequence')?.id === n.id) return true;
      if (test === '!=' && n.type === 'else_clause') return true;
    }
  }
  return false;
}

/** `__name__ == "__main__"` (either order, or one side of an `and`): its operator. */
function mainTest(cond: Node | null): '==' | '!=' | undefined {
  if (!cond) return undefined;
  const c = unparenthesized(cond);
  if (c.type === 'boolean_operator' && c.childForFieldName('operator')?.text === 'and') {
    return mainTest(c.childForFieldName('left')) === '==' || mainTest(c.childForFieldName('right')) === '==' ? '==' : undefined;
  }
  if (c.type !== 'comparison_operator' || c.namedChildCount !== 2) return undefined;
  const [a, b] = c.namedChildren;
  const op = c.children.find((t) => t && !t.isNamed)?.text;
  const isName = (x: Node | null) => x?.type === 'identifier' && x.text === '__name__';
  const isMain = (x: Node | null) => x?.type === 'string' && /^['"]__main__['"]$/.test(x.text);
  if (!((isName(a) && isMain(b)) || (isMain(a) && isName(b)))) return undefined;
  return op === '==' || op === '!=' ? op : undefined;
}

const guardFixes = new WeakMap<SemanticModel, Fix[]>();

/** The same edit serves every finding in the file: computed once per analysis. */
function guardFixOf(ctx: RuleContext): Fix[] {
  let fixes = guardFixes.get(ctx.model);
  if (!fixes) {
    fixes = guardFix(ctx);
    guardFixes.set(ctx.model, fixes);
  }
  return fixes;
}

/**
 * Wraps the module-level statements from the first flagged one to the end of the file in the guard.
 * Offered only when they are all plain statements: a def, class or import after that point may be
 * what other modules import from this one, and moving it under the guard would hide it.
 */
function guardFix(ctx: RuleContext): Fix[] {
  const { source, model } = ctx;
  const module = model.moduleScope.node;
  const statements = blockStatements(module);
  const first = statements.findIndex((s) => containsUnguardedCreation(s, model));
  if (first < 0) return [];
  const region = statements.slice(first);
  const definitions = new Set([
    'function_definition',
    'class_definition',
    'decorated_definition',
    'import_statement',
    'import_from_statement',
    'future_import_statement',
  ]);
  if (region.some((s) => definitions.has(s.type) || (s.type === 'if_statement' && mainTest(s.childForFieldName('condition'))))) {
    return [];
  }
  if (source.lineText(region[0].startPosition.row).slice(0, region[0].startPosition.column).trim() !== '') return [];
  // Comment lines right above the first statement belong to it and move under the guard too.
  let startRow = region[0].startPosition.row;
  while (startRow > 0 && source.lineText(startRow - 1).startsWith('#') && !source.lineText(startRow - 1).startsWith('#!')) startRow--;
  let endRow = source.lines.length - 1;
  while (endRow > startRow && source.lineText(endRow).trim() === '') endRow--;
  // Lines inside a multi-line string keep their text: indenting them would change the string.
  const insideString = new Set<number>();
  for (const s of region) markStringContinuations(s, insideString);
  const unit = source.indentUnit;
  const body = source.linesText(startRow, endRow).map((l, i) => (l.trim() === '' || insideString.has(startRow + i) ? l : unit + l));
  return [
    {
      title: `Wrap the module-level code in 'if __name__ == "__main__":'`,
      safe: false,
      edits: [source.replaceLines(startRow, endRow, ['if __name__ == "__main__":', ...body])],
    },
  ];
}

function containsUnguardedCreation(stmt: Node, model: SemanticModel): boolean {
  return (model.collected.nodes.get('call') ?? []).some(
    (v) =>
      v.scope.kind === 'module' &&
      v.node.startIndex >= stmt.startIndex &&
      v.node.endIndex <= stmt.endIndex &&
      !!processCreated(v.node, v.scope, model) &&
      !guarded(v.node),
  );
}

function markStringContinuations(root: Node, rows: Set<number>): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.startPosition.row === n.endPosition.row) continue;
    if (n.type === 'string') {
      for (let r = n.startPosition.row + 1; r <= n.endPosition.row; r++) rows.add(r);
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
}
