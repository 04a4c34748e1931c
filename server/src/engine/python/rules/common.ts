// Small syntax helpers the rules share. Anything about what a value *is* belongs to the semantic
// model, not here; these only take nodes apart.
import type { Node } from 'web-tree-sitter';
import { clearCallees } from '../model/callee';

export interface MethodCall {
  call: Node;
  receiver: Node;
  method: string;
  args: Node[];
  keywords: Map<string, Node>;
}

// Every rule takes the same call nodes apart; each one is taken apart once per analysis (node ids
// are only stable within one tree, so the analysis clears this before it starts).
const methodCalls = new Map<number, MethodCall | null>();

export function clearSyntaxCache(): void {
  methodCalls.clear();
  clearCallees();
}

/** `receiver.method(args)` taken apart, or undefined when `call` is not a method call. */
export function methodCall(call: Node): MethodCall | undefined {
  if (call.type !== 'call') return undefined;
  let cached = methodCalls.get(call.id);
  if (cached === undefined) {
    cached = takeApart(call) ?? null;
    methodCalls.set(call.id, cached);
  }
  return cached ?? undefined;
}

function takeApart(call: Node): MethodCall | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const receiver = fn.childForFieldName('object');
  const method = fn.childForFieldName('attribute')?.text;
  if (!receiver || !method) return undefined;
  const { args, keywords } = callArguments(call);
  return { call, receiver, method, args, keywords };
}

export function callArguments(call: Node): { args: Node[]; keywords: Map<string, Node> } {
  const args: Node[] = [];
  const keywords = new Map<string, Node>();
  const list = call.childForFieldName('arguments');
  if (list?.type === 'argument_list') {
    for (const a of list.namedChildren) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name')?.text;
        const v = a.childForFieldName('value');
        if (k && v) keywords.set(k, v);
      } else args.push(a);
    }
  } else if (list) {
    // f(x for x in y): a lone generator argument
    args.push(list);
  }
  return { args, keywords };
}

/** Two expressions written the same way (whitespace aside) name the same object here. */
export function sameExpression(a: Node, b: Node): boolean {
  return a.text.replace(/\s+/g, '') === b.text.replace(/\s+/g, '');
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** The statement (a direct child of a block or of the module) that holds `node`. */
export function statementOf(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    const p = n.parent;
    if (!p) return undefined;
    if (p.type === 'block' || p.type === 'module') return n;
  }
  return undefined;
}

/** The statement after `stmt` in its block, skipping comments. */
export function nextStatement(stmt: Node): Node | undefined {
  for (let n = stmt.nextNamedSibling; n; n = n.nextNamedSibling) {
    if (n.type !== 'comment') return n;
  }
  return undefined;
}

export function previousStatement(stmt: Node): Node | undefined {
  for (let n = stmt.previousNamedSibling; n; n = n.previousNamedSibling) {
    if (n.type !== 'comment') return n;
  }
  return undefined;
}

/** The statements of a block, comments left out. */
export function blockStatements(block: Node | null | undefined): Node[] {
  return block ? block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
}

/** The `finally:` block of a try statement. */
export function finallyBlock(tryStmt: Node): Node | undefined {
  const clause = tryStmt.namedChildren.find((c) => c?.type === 'finally_clause');
  return clause?.namedChildren.find((c) => c?.type === 'block') ?? undefined;
}

/** Every call inside `root` (root included), without descending into nested functions or classes. */
export function callsWithin(root: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== root && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) continue;
    if (n.type === 'call') out.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return out;
}

/** Whether `root` calls `<receiver>.<method>()` (same receiver text), outside nested functions. */
export function callsMethodOn(root: Node, receiver: Node, methods: readonly string[]): Node | undefined {
  for (const call of callsWithin(root)) {
    const m = methodCall(call);
    if (m && methods.includes(m.method) && sameExpression(m.receiver, receiver)) return call;
  }
  return undefined;
}

/** The innermost ancestor of one of the given types, stopping at function/class boundaries. */
export function enclosing(node: Node, types: readonly string[]): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (types.includes(n.type)) return n;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return undefined;
  }
  return undefined;
}

/** `not X` -> X, and the number of negations removed. */
export function stripNot(expr: Node): { inner: Node; negated: boolean } {
  let inner = expr;
  let negated = false;
  for (;;) {
    if (inner.type === 'not_operator') {
      const arg = inner.childForFieldName('argument');
      if (!arg) break;
      inner = arg;
      negated = !negated;
    } else if (inner.type === 'parenthesized_expression' && inner.namedChildCount === 1) {
      inner = inner.namedChildren[0]!;
    } else break;
  }
  return { inner, negated };
}

/** Whether a block always leaves (its last statement returns, raises, breaks or continues). */
export function blockExits(block: Node | null | undefined): boolean {
  const stmts = blockStatements(block);
  const last = stmts[stmts.length - 1];
  return !!last && ['return_statement', 'raise_statement', 'break_statement', 'continue_statement'].includes(last.type);
}

/** A statement sits alone on its lines (nothing else before it on its first line, or after it on its last). */
export function aloneOnItsLines(stmt: Node, lines: readonly string[]): boolean {
  const first = lines[stmt.startPosition.row] ?? '';
  const last = lines[stmt.endPosition.row] ?? '';
  return first.slice(0, stmt.startPosition.column).trim() === '' && !/[^\s#]/.test(last.slice(stmt.endPosition.column).replace(/#.*$/, ''));
}
