/**
 * CL006 daemon-after-start
 *
 * What it does: finds `t.daemon = ...` and `t.setDaemon(...)` on a thread or process after
 * `t.start()` has run on every path to it in the same function.
 *
 * Why is this bad? The daemon flag is read when the thread starts; setting it afterwards raises
 * `RuntimeError: cannot set daemon status of active thread` (a process fails with
 * `AssertionError: process has already started`).
 *
 * Example:
 *     t = threading.Thread(target=serve)
 *     t.start()
 *     t.daemon = True
 *
 * Use instead:
 *     t = threading.Thread(target=serve, daemon=True)
 *     t.start()
 *
 * Not flagged: a `start()` in a branch or loop body the daemon line is not in, a `start()` later in
 * the same loop body, an object bound anew between the two, objects not known to be threads or
 * processes.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { PythonRule, RuleContext } from '../rule';
import { SourceText } from '../source';
import { calledMethodName } from './calls';
import { aloneOnItsLines, methodCall, statementOf } from './common';
import { callBeforeOnPath, rebinds } from './flow';

export const daemonAfterStart: PythonRule = {
  meta: {
    id: 'CL006',
    name: 'daemon-after-start',
    defaultSeverity: 'error',
    summary: "Setting a thread's or process's daemon flag after start() raises RuntimeError: set it before start().",
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['assignment', 'call'],
  words: ['daemon', 'setDaemon'],
  check(node, scope, ctx) {
    const receiver = daemonReceiver(node);
    if (!receiver) return;
    const kind = ctx.model.objectType(receiver, scope)?.of;
    if (kind !== 'thread' && kind !== 'process') return;
    if (receiver.type === 'identifier' && receiver.text === 'self' && scope.executionScope.fn?.name === 'run') return;
    const stmt = statementOf(node);
    if (!stmt) return;
    const earlier = callBeforeOnPath(stmt, receiver, ['start']);
    if (earlier.outcome !== 'found') return;
    const name = receiver.text;
    ctx.report({
      node,
      message: `${kind === 'thread' ? 'Thread' : 'Process'} '${name}' is already started here, so setting its daemon flag ${kind === 'thread' ? 'raises RuntimeError' : "fails ('process has already started')"}. Set '${name}.daemon' before '${name}.start()', or pass daemon=True to the constructor.`,
      related: [{ range: SourceText.range(earlier.call), message: `'${name}' is started here` }],
      fixes: earlier.sameBlock ? moveBeforeStart(stmt, node, earlier.statement, name, ctx) : [],
    });
  },
};

/** `t` in `t.daemon = x` or `t.setDaemon(x)`. */
function daemonReceiver(node: Node): Node | undefined {
  if (node.type === 'assignment') {
    const left = node.childForFieldName('left');
    if (left?.type !== 'attribute' || left.childForFieldName('attribute')?.text !== 'daemon') return undefined;
    return left.childForFieldName('object') ?? undefined;
  }
  if (calledMethodName(node) !== 'setDaemon') return undefined;
  return methodCall(node)?.receiver;
}

/** Moves the daemon statement to just before the start() statement of the same block. */
function moveBeforeStart(stmt: Node, node: Node, startStmt: Node, name: string, ctx: RuleContext): Fix[] {
  const { source } = ctx;
  // Only a statement that is the daemon assignment or call itself, alone on its lines, can move.
  const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  if (expr?.id !== node.id || !aloneOnItsLines(stmt, source.lines) || !aloneOnItsLines(startStmt, source.lines)) return [];
  // The value must not depend on anything the statements in between compute.
  const value = node.type === 'assignment' ? node.childForFieldName('right') : node.childForFieldName('arguments');
  const between: Node[] = [];
  for (let s = startStmt.nextNamedSibling; s && s.id !== stmt.id; s = s.nextNamedSibling) between.push(s);
  const names = value ? identifiersIn(value) : [];
  if (names.some((n) => between.some((s) => rebinds(s, n)))) return [];
  // Both sit in the same block, so the lines move with their indentation as they are.
  const moved = source.linesText(stmt.startPosition.row, stmt.endPosition.row);
  return [
    {
      title: `Set the daemon flag before '${name}.start()'`,
      safe: true,
      edits: [source.insertLinesBefore(startStmt.startPosition.row, moved), { range: source.lineSpan(stmt.startPosition.row, stmt.endPosition.row), newText: '' }],
    },
  ];
}

function identifiersIn(node: Node): Node[] {
  if (node.type === 'identifier') return [node];
  return node.namedChildren.flatMap((c) => (c ? identifiersIn(c) : []));
}
