// What surely ran before a statement, for rules that ask "was X.start() / X.close() called earlier
// on this path?" (CL006, CL008). A statement runs before another on every path when it sits earlier
// in the same block, or earlier in a block that encloses it (it dominates it). A call inside a
// branch, a loop body or an except handler that the later statement is not in does not count.
import type { Node } from 'web-tree-sitter';
import { blockStatements, callsMethodOn, methodCall, sameExpression } from './common';

export type EarlierCall =
  /** The nearest earlier statement that always makes the call; `sameBlock` when it is a sibling. */
  | { outcome: 'found'; call: Node; statement: Node; sameBlock: boolean }
  /** The receiver is bound anew (created, reassigned, a loop or `with` target) before any such call. */
  | { outcome: 'rebound'; statement: Node }
  /** The walk reached the start of the function (or module) without finding either. */
  | { outcome: 'start' };

const SCOPE_BOUNDARIES = new Set(['function_definition', 'class_definition', 'lambda', 'module']);

/**
 * Walks back from `stmt` (a statement in a block) along the statements that ran before it on every
 * path, nearest first, looking for one that always calls `<receiver>.<method>()` for one of `methods`.
 */
export function callBeforeOnPath(
  stmt: Node,
  receiver: Node,
  methods: readonly string[],
  options: { loopsCount?: boolean } = {},
): EarlierCall {
  let current: Node = stmt;
  let sameBlock = true;
  for (;;) {
    for (let s = current.previousNamedSibling; s; s = s.previousNamedSibling) {
      if (s.type === 'comment') continue;
      const call = alwaysCalls(s, receiver, methods) ?? (options.loopsCount ? callInLoop(s, receiver, methods) : undefined);
      if (call) return { outcome: 'found', call, statement: s, sameBlock };
      if (rebinds(s, receiver)) return { outcome: 'rebound', statement: s };
    }
    // Up to the compound statement whose block holds `current`.
    const block = current.parent;
    if (!block || block.type !== 'block') return { outcome: 'start' };
    let owner: Node | null = block.parent;
    // Clauses (elif/else/except/finally) sit inside their statement.
    while (owner && /_clause$/.test(owner.type)) owner = owner.parent;
    if (!owner || SCOPE_BOUNDARIES.has(owner.type) || owner.type === 'decorated_definition') return { outcome: 'start' };
    if (headerBinds(owner, receiver)) return { outcome: 'rebound', statement: owner };
    current = owner;
    sameBlock = false;
  }
}

/** The call when `stmt` calls `<receiver>.<method>()` on every path through it that completes. */
export function alwaysCalls(stmt: Node, receiver: Node, methods: readonly string[]): Node | undefined {
  switch (stmt.type) {
    case 'expression_statement': {
      let expr = stmt.namedChildren[0];
      if (expr?.type === 'await') expr = expr.namedChildren[0];
      const m = expr ? methodCall(expr) : undefined;
      return m && methods.includes(m.method) && sameExpression(m.receiver, receiver) ? m.call : undefined;
    }
    case 'if_statement': {
      const branches = [stmt.childForFieldName('consequence')];
      let hasElse = false;
      for (const alt of stmt.childrenForFieldName('alternative')) {
        if (alt?.type === 'elif_clause') branches.push(alt.childForFieldName('consequence'));
        else if (alt?.type === 'else_clause') {
          branches.push(alt.childForFieldName('body'));
          hasElse = true;
        }
      }
      if (!hasElse) return undefined;
      const calls = branches.map((b) => blockAlwaysCalls(b, receiver, methods));
      return calls.every(Boolean) ? calls[0] : undefined;
    }
    case 'with_statement':
      return blockAlwaysCalls(stmt.childForFieldName('body'), receiver, methods);
    case 'try_statement': {
      const clauses = stmt.namedChildren.filter((c): c is Node => !!c);
      const fin = clauses.find((c) => c.type === 'finally_clause');
      const inFinally = fin && blockAlwaysCalls(fin.namedChildren.find((c) => c?.type === 'block'), receiver, methods);
      if (inFinally) return inFinally;
      // The body's own call counts: if the body raised before it, the handler usually leaves too.
      const inBody = blockAlwaysCalls(stmt.childForFieldName('body'), receiver, methods);
      if (inBody) return inBody;
      const elseClause = clauses.find((c) => c.type === 'else_clause');
      const handlers = clauses.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
      const inElse = elseClause && blockAlwaysCalls(elseClause.childForFieldName('body'), receiver, methods);
      const everyHandler = handlers.every((h) => blockAlwaysCalls(h.namedChildren.find((c) => c?.type === 'block'), receiver, methods));
      return inElse && everyHandler ? inElse : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A loop that makes the call anywhere in its body: such loops usually leave through the branch that
 * makes it (`if done: pool.close(); break`), which a walk over blocks cannot follow.
 */
function callInLoop(stmt: Node, receiver: Node, methods: readonly string[]): Node | undefined {
  if (stmt.type !== 'for_statement' && stmt.type !== 'while_statement') return undefined;
  const body = stmt.childForFieldName('body');
  return body ? callsMethodOn(body, receiver, methods) : undefined;
}

function blockAlwaysCalls(block: Node | null | undefined, receiver: Node, methods: readonly string[]): Node | undefined {
  for (const s of blockStatements(block)) {
    const call = alwaysCalls(s, receiver, methods);
    if (call) return call;
  }
  return undefined;
}

/** Whether a compound statement's header binds the receiver (`for t in ...:`, `with X as t:`). */
function headerBinds(owner: Node, receiver: Node): boolean {
  if (owner.type === 'for_statement') {
    const left = owner.childForFieldName('left');
    return !!left && targetsOf(left).some((t) => sameExpression(t, receiver));
  }
  if (owner.type === 'with_statement') {
    const clause = owner.namedChildren.find((c) => c?.type === 'with_clause');
    for (const item of clause?.namedChildren ?? []) {
      const alias = item?.childForFieldName('value')?.childForFieldName('alias');
      if (alias && targetsOf(alias).some((t) => sameExpression(t, receiver))) return true;
    }
  }
  return false;
}

/** Whether a statement assigns the receiver anywhere inside it (nested functions aside). */
export function rebinds(stmt: Node, receiver: Node): boolean {
  const text = receiver.text;
  if (!stmt.text.includes(text)) return false;
  const stack: Node[] = [stmt];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== stmt && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) continue;
    let target: Node | null = null;
    if (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'for_statement' || n.type === 'for_in_clause') {
      target = n.childForFieldName('left');
    } else if (n.type === 'named_expression') target = n.childForFieldName('name');
    else if (n.type === 'as_pattern') target = n.childForFieldName('alias');
    if (target && targetsOf(target).some((t) => sameExpression(t, receiver))) return true;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return false;
}

/** The names and attributes an assignment target writes (`a`, `self.t`, each of `a, b`). */
function targetsOf(target: Node): Node[] {
  switch (target.type) {
    case 'identifier':
    case 'attribute':
    case 'subscript':
      return [target];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'parenthesized_expression':
    case 'as_pattern_target':
    case 'list_splat_pattern':
      return target.namedChildren.flatMap((c) => (c ? targetsOf(c) : []));
    default:
      return [];
  }
}
