/**
 * CL008 pool-join-without-close
 *
 * What it does: finds `pool.join()` on a `multiprocessing.Pool`, `multiprocessing.pool.ThreadPool`
 * or `multiprocessing.dummy.Pool` when no `pool.close()` or `pool.terminate()` has run before it on
 * every path in the same function.
 *
 * Why is this bad? `Pool.join()` waits for the workers to exit, which they only do once the pool
 * stops taking work; a pool that is still running raises `ValueError: Pool is still running`.
 *
 * Example:
 *     pool = Pool(4)
 *     pool.map_async(work, items)
 *     pool.join()
 *
 * Use instead:
 *     pool = Pool(4)
 *     pool.map_async(work, items)
 *     pool.close()
 *     pool.join()
 *
 * Not flagged: a close/terminate earlier in the same block or an enclosing one (also in both
 * branches of an if/else, a `finally`, or a `try` body); a pool the function did not create on the
 * path to the join (a parameter, an attribute or a global set elsewhere: its owner may have closed
 * it); executors (they have no join).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { PythonRule, RuleContext } from '../rule';
import { calledMethodName } from './calls';
import { aloneOnItsLines, methodCall, statementOf } from './common';
import { callBeforeOnPath } from './flow';

const STOPPING = ['close', 'terminate'];

export const poolJoinWithoutClose: PythonRule = {
  meta: {
    id: 'CL008',
    name: 'pool-join-without-close',
    defaultSeverity: 'error',
    summary: 'Pool.join() on a pool that was not closed or terminated first raises ValueError: Pool is still running.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: ['join'],
  check(node, scope, ctx) {
    if (calledMethodName(node) !== 'join') return;
    const call = methodCall(node);
    if (!call || call.args.length > 0 || call.keywords.size > 0) return;
    const pool = ctx.model.objectType(call.receiver, scope);
    if (pool?.of !== 'processPool' && pool?.of !== 'threadPool') return;
    const stmt = statementOf(node);
    if (!stmt) return;
    // Judged only when the pool is created (or bound by `with`) on the path to the join in this
    // function: a pool from elsewhere (a parameter, an attribute, a global) may have been closed by
    // whoever handed it over, and the answer then depends on code outside this function.
    if (callBeforeOnPath(stmt, call.receiver, STOPPING, { loopsCount: true }).outcome !== 'rebound') return;
    const name = call.receiver.text;
    ctx.report({
      node,
      message: `Pool '${name}' is joined without being closed first: join() raises ValueError ('Pool is still running'). Call '${name}.close()' (or '${name}.terminate()') before '${name}.join()'.`,
      fixes: insertClose(stmt, node, name, ctx),
    });
  },
};

function insertClose(stmt: Node, join: Node, name: string, ctx: RuleContext): Fix[] {
  const { source } = ctx;
  if (stmt.type !== 'expression_statement' || stmt.namedChildren[0]?.id !== join.id) return [];
  if (!aloneOnItsLines(stmt, source.lines)) return [];
  const row = stmt.startPosition.row;
  return [
    {
      title: `Call '${name}.close()' before '${name}.join()'`,
      // Closing a pool only stops it from taking new work, which nothing after a join can give it.
      safe: true,
      edits: [source.insertLinesBefore(row, [`${source.indentOf(row)}${name}.close()`])],
    },
  ];
}
