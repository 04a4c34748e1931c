/**
 * CL001 unreleased-lock
 *
 * What it does: finds `X.acquire()` on a lock, semaphore or condition where the release is not
 * guaranteed: no `try:`/`finally: X.release()` starts right after the acquire, or the function never
 * releases it at all.
 *
 * Why is this bad? An exception (or an early return, break or continue) between acquire and release
 * leaves the lock held, and every other thread that needs it blocks forever.
 *
 * Example:
 *     lock.acquire()
 *     balance += amount
 *     lock.release()
 *
 * Use instead:
 *     with lock:
 *         balance += amount
 *
 * Not flagged: `with X:`; `if X.acquire(blocking=False):` whose branch releases in a `finally`;
 * functions that acquire for their caller (`__enter__`, an `acquire()` wrapper, a function that ends
 * with the acquire, a `@contextmanager` generator that yields while holding). An acquire inside a
 * `try` whose `finally` releases it is CL011.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RelatedPlace } from '../../types';
import type { ObjectType } from '../model/stdlib';
import type { Scope } from '../model/scopes';
import type { PythonRule, RuleContext } from '../rule';
import { SourceText } from '../source';
import {
  aloneOnItsLines,
  blockExits,
  blockStatements,
  callsMethodOn,
  enclosing,
  finallyBlock,
  methodCall,
  MethodCall,
  nextStatement,
  sameExpression,
  statementOf,
  stripNot,
} from './common';
import { lockAcquisition, lockLabel, releasedByEnclosingTry } from './locks';

export const unreleasedLock: PythonRule = {
  meta: {
    id: 'CL001',
    name: 'unreleased-lock',
    defaultSeverity: 'warning',
    summary:
      'A lock is acquired where its release is not guaranteed: an exception or early exit before release() leaves it held and blocks every other thread.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: ['acquire'],
  check(node, scope, ctx) {
    const acquisition = lockAcquisition(node, scope, ctx.model);
    if (!acquisition) return;
    const { call, lock } = acquisition;
    const fnScope = scope.executionScope;
    if (acquiresForCaller(fnScope, ctx)) return;
    if (releasedByEnclosingTry(node, call.receiver)) return; // CL011's territory, or already correct
    const stmt = statementOf(node);
    if (!stmt || stmt.type === 'return_statement') return;
    if (guardedByFollowingTry(stmt, node, call.receiver)) return;
  // `X.acquire(); X.release()` back to back waits for the lock to be free: nothing can raise in between.
  const next = nextStatement(stmt);
  if (stmt.type === 'expression_statement' && next && isPlainCall(next, call.receiver, 'release')) return;
    if (endsTheFunction(stmt, fnScope)) return;

    if (releasedInTryElse(stmt, call.receiver)) return;

    const body = fnScope.kind === 'module' ? fnScope.node : fnScope.node.childForFieldName('body');
    const release = body ? callsMethodOn(body, call.receiver, ['release']) : undefined;
    // Without any release here, a semaphore is a counter and a lock made in this function is a
    // signal handed to another thread (Condition.wait's waiter): the release belongs elsewhere.
    if (!release && (isSemaphore(lock.type) || createdHere(call.receiver, fnScope, ctx))) return;
    const label = lockLabel(lock, call.receiver);
    const related: RelatedPlace[] = release
      ? [{ range: SourceText.range(release), message: `'${call.receiver.text}' is released here, but not in a finally block` }]
      : [];
    ctx.report({
      node,
      message: release
        ? `${label} is acquired here but not released on every path: an exception, return or break before '${call.receiver.text}.release()' leaves it held and blocks every other thread. Use 'with ${call.receiver.text}:' or release it in a 'finally' block.`
        : `${label} is acquired here but never released in this function: every other thread that needs it will block forever. Use 'with ${call.receiver.text}:' or release it in a 'finally' block.`,
      related,
      fixes: fixesFor(stmt, call, ctx),
    });
  },
};

/** Functions whose job is to acquire on behalf of their caller. */
function acquiresForCaller(fnScope: Scope, ctx: RuleContext): boolean {
  const fn = fnScope.fn;
  if (!fn) return false;
  if (/^__a?enter__$/.test(fn.name) || /acquire/i.test(fn.name)) return true;
  if (fn.isGenerator) {
    const decorators = ctx.model.decoratorNames(fn);
    if (decorators.some((d) => /(^|\.)(async)?contextmanager$/.test(d))) return true;
  }
  return false;
}

/** The acquire is the function's last act (or followed only by a return): the caller releases. */
function endsTheFunction(stmt: Node, fnScope: Scope): boolean {
  if (fnScope.kind === 'module' || stmt.type !== 'expression_statement') return false;
  if (stmt.parent?.id !== fnScope.node.childForFieldName('body')?.id) return false;
  const next = nextStatement(stmt);
  return !next || (next.type === 'return_statement' && !nextStatement(next));
}

function isTryReleasing(stmt: Node | undefined, receiver: Node): boolean {
  if (stmt?.type !== 'try_statement') return false;
  const fin = finallyBlock(stmt);
  return !!fin && !!callsMethodOn(fin, receiver, ['release']);
}

/**
 * `X.acquire()` followed by `try: ... finally: X.release()`, and the conditional forms:
 * `if X.acquire(False): try/finally`, `if not X.acquire(timeout=1): return` then try/finally,
 * `ok = X.acquire(...)` followed by either.
 */
function guardedByFollowingTry(stmt: Node, acquire: Node, receiver: Node): boolean {
  if (isTryReleasing(nextStatement(stmt), receiver)) return true;
  const test = stmt.type === 'if_statement' || stmt.type === 'while_statement' ? stmt.childForFieldName('condition') : undefined;
  if (test) {
    const { inner, negated } = stripNot(test);
    if (inner.id !== acquire.id && !(inner.type === 'await' && inner.namedChildren[0]?.id === acquire.id)) return false;
    if (stmt.type === 'while_statement') return negated && isTryReleasing(nextStatement(stmt), receiver);
    if (!negated) return isTryReleasing(blockStatements(stmt.childForFieldName('consequence'))[0], receiver);
    // if not X.acquire(False): <give up> else: try/finally
    const orElse = stmt.childForFieldName('alternative');
    if (orElse?.type === 'else_clause' && isTryReleasing(blockStatements(orElse.childForFieldName('body'))[0], receiver)) return true;
    return blockExits(stmt.childForFieldName('consequence')) && isTryReleasing(nextStatement(stmt), receiver);
  }
  // ok = X.acquire(...)  then  if ok: try/finally   or   if not ok: return  then try/finally
  const assigned = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  if (assigned?.type === 'assignment' && assigned.childForFieldName('left')?.type === 'identifier') {
    const name = assigned.childForFieldName('left')!.text;
    const next = nextStatement(stmt);
    if (next?.type !== 'if_statement') return false;
    const { inner, negated } = stripNot(next.childForFieldName('condition')!);
    if (inner.type !== 'identifier' || inner.text !== name) return false;
    if (!negated) return isTryReleasing(blockStatements(next.childForFieldName('consequence'))[0], receiver);
    return blockExits(next.childForFieldName('consequence')) && isTryReleasing(nextStatement(next), receiver);
  }
  return false;
}

function fixesFor(stmt: Node, call: MethodCall, ctx: RuleContext): Fix[] {
  // Only the plain statement form `X.acquire()` / `await X.acquire()` can be rewritten.
  const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  const isAwait = expr?.type === 'await';
  if (!expr || (expr.id !== call.call.id && !(isAwait && expr.namedChildren[0]?.id === call.call.id))) return [];
  const { source } = ctx;
  if (!aloneOnItsLines(stmt, source.lines)) return [];
  const siblings = blockStatements(stmt.parent);
  const at = siblings.findIndex((s) => s.id === stmt.id);
  const rest = siblings.slice(at + 1);
  const releaseAt = rest.findIndex((s) => isPlainCall(s, call.receiver, 'release'));
  const region = releaseAt >= 0 ? rest.slice(0, releaseAt) : rest;
  if (region.length === 0) return [];
  // Another acquire or release of the same lock inside the region makes any rewrite wrong.
  if (region.some((s) => callsMethodOn(s, call.receiver, ['acquire', 'release']))) return [];
  if (!region.every((s) => aloneOnItsLines(s, source.lines))) return [];

  const indent = source.indentOf(stmt.startPosition.row);
  const unit = source.indentUnit;
  // The region runs from the line after the acquire to the line before the release (or to the end of
  // the last statement), so comments between statements move along.
  const firstLine = stmt.endPosition.row + 1;
  const releaseStmt = releaseAt >= 0 ? rest[releaseAt] : undefined;
  const lastLine = releaseStmt ? releaseStmt.startPosition.row - 1 : region[region.length - 1].endPosition.row;
  const body = SourceText.indentLines(source.linesText(firstLine, lastLine), unit);
  const name = call.receiver.text;
  const fixes: Fix[] = [];
  if (releaseStmt && !aloneOnItsLines(releaseStmt, source.lines)) return [];
  if (releaseStmt && call.args.length === 0 && call.keywords.size === 0) {
    fixes.push({
      title: `Use 'with ${name}:' instead of acquire()/release()`,
      safe: true,
      edits: [
        source.replaceLines(stmt.startPosition.row, releaseStmt.endPosition.row, [
          `${indent}${isAwait ? 'async with' : 'with'} ${name}:`,
          ...body,
        ]),
      ],
    });
  } else {
    const replaceTo = releaseStmt ? releaseStmt.endPosition.row : lastLine;
    fixes.push({
      title: `Release '${name}' in a try/finally block`,
      // Adding a release where there was none changes what the code does: never applied by fix-all.
      safe: !!releaseStmt,
      edits: [
        source.replaceLines(firstLine, replaceTo, [
          `${indent}try:`,
          ...body,
          `${indent}finally:`,
          `${indent}${unit}${name}.release()`,
        ]),
      ],
    });
  }
  return fixes;
}

/** `try: X.acquire() except E: ... else: X.release()`: the release follows the acquire directly. */
function releasedInTryElse(stmt: Node, receiver: Node): boolean {
  const body = stmt.parent;
  const tryStmt = body?.parent;
  if (body?.type !== 'block' || tryStmt?.type !== 'try_statement' || tryStmt.childForFieldName('body')?.id !== body.id) return false;
  if (nextStatement(stmt)) return false;
  const orElse = tryStmt.namedChildren.find((c) => c?.type === 'else_clause');
  const first = blockStatements(orElse?.childForFieldName('body'))[0];
  return !!first && isPlainCall(first, receiver, 'release');
}

function isSemaphore(t: ObjectType | undefined): boolean {
  return t?.lockKind === 'Semaphore' || t?.lockKind === 'BoundedSemaphore';
}

/** The receiver is a plain name bound in this function to a new lock. */
function createdHere(receiver: Node, fnScope: Scope, ctx: RuleContext): boolean {
  if (receiver.type !== 'identifier' || fnScope.kind === 'module') return false;
  const bindings = fnScope.bindings.get(receiver.text) ?? [];
  return bindings.length > 0 && bindings.every((b) => b.kind === 'assign' && !!b.value && ctx.model.objectType(b.value, b.scope)?.of === 'lock');
}

function isPlainCall(stmt: Node, receiver: Node, method: string): boolean {
  if (stmt.type !== 'expression_statement') return false;
  const m = stmt.namedChildren[0] && methodCall(stmt.namedChildren[0]);
  return !!m && m.method === method && sameExpression(m.receiver, receiver) && !enclosing(m.call, ['lambda']);
}
