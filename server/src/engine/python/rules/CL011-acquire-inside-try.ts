/**
 * CL011 acquire-inside-try
 *
 * What it does: finds `X.acquire()` inside the body of a `try` whose `finally` calls `X.release()`.
 *
 * Why is this bad? If anything before the acquire (or the acquire itself) raises, the `finally`
 * still runs and releases a lock this thread does not hold: `RuntimeError: release unlocked lock`
 * for a Lock, or a semaphore slot freed on behalf of another thread.
 *
 * Example:
 *     try:
 *         time.sleep(1)
 *         lock.acquire()
 *         write(data)
 *     finally:
 *         lock.release()
 *
 * Use instead:
 *     lock.acquire()
 *     try:
 *         write(data)
 *     finally:
 *         lock.release()
 *
 * or `with lock:`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { PythonRule, RuleContext } from '../rule';
import { SourceText } from '../source';
import { aloneOnItsLines, blockStatements, callsMethodOn, finallyBlock, MethodCall } from './common';
import { lockAcquisition, lockLabel, releasingTryAround } from './locks';

export const acquireInsideTry: PythonRule = {
  meta: {
    id: 'CL011',
    name: 'acquire-inside-try',
    defaultSeverity: 'warning',
    summary:
      'A lock is acquired inside the try whose finally releases it: if anything before the acquire raises, the finally releases a lock this thread does not hold.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: ['acquire'],
  check(node, scope, ctx) {
    const acquisition = lockAcquisition(node, scope, ctx.model);
    if (!acquisition) return;
    const { call, lock } = acquisition;
    const tryStmt = releasingTryAround(node, call.receiver);
    if (!tryStmt) return;
    const release = callsMethodOn(finallyBlock(tryStmt)!, call.receiver, ['release']);
    const name = call.receiver.text;
    ctx.report({
      node,
      message: `${lockLabel(lock, call.receiver)} is acquired inside the try whose finally releases it: if anything before the acquire raises, the finally releases a lock this thread does not hold (RuntimeError) or frees another thread's slot. Acquire it just before the 'try', or use 'with ${name}:'.`,
      related: release ? [{ range: SourceText.range(release), message: `'${name}' is released here even when the acquire never ran` }] : [],
      fixes: moveBeforeTry(tryStmt, call, ctx),
    });
  },
};

/** Moves a plain `X.acquire()` statement from the try body to just before the `try`. */
function moveBeforeTry(tryStmt: Node, call: MethodCall, ctx: RuleContext): Fix[] {
  const body = tryStmt.childForFieldName('body');
  const stmts = blockStatements(body);
  const at = stmts.findIndex((s) => s.type === 'expression_statement' && isTheCall(s.namedChildren[0], call.call));
  if (at < 0 || stmts.length < 2) return [];
  const stmt = stmts[at];
  const { source } = ctx;
  if (stmt.startPosition.row !== stmt.endPosition.row || !aloneOnItsLines(stmt, source.lines)) return [];
  const before = stmts.slice(0, at);
  // Statements that touch the same lock would now run while holding it: leave those to a person.
  if (before.some((s) => callsMethodOn(s, call.receiver, ['acquire', 'release']))) return [];
  const indent = source.indentOf(tryStmt.startPosition.row);
  const line = `${indent}${stmt.text}`;
  return [
    {
      title: `Move '${call.receiver.text}.acquire()' before the try`,
      // A pure move when nothing precedes it; otherwise those statements now run under the lock.
      safe: at === 0,
      edits: [
        // The try still has its finally below, so the acquire's line is never the file's last.
        { range: source.lineSpan(stmt.startPosition.row, stmt.endPosition.row), newText: '' },
        source.insertLinesBefore(tryStmt.startPosition.row, [line]),
      ],
    },
  ];
}

function isTheCall(expr: Node | null, call: Node): boolean {
  if (!expr) return false;
  if (expr.id === call.id) return true;
  return expr.type === 'await' && expr.namedChildren[0]?.id === call.id;
}
