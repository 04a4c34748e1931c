/**
 * CL001 unreleased-lock (TypeScript/JavaScript)
 *
 * What it does: finds `await mutex.acquire()` on an async-mutex `Mutex`, `Semaphore` or
 * `withTimeout(...)` where no `try` whose `finally` calls the release starts right after it, and
 * acquires whose release function is dropped (never called).
 *
 * Why is this bad? An exception or early return between acquire and release leaves the mutex held:
 * every later `acquire()` waits forever and the program hangs without an error.
 *
 * Example:
 *     const release = await mutex.acquire();
 *     await save(record);
 *     release();
 *
 * Use instead:
 *     await mutex.runExclusive(async () => {
 *       await save(record);
 *     });
 *
 * Not flagged: a release function returned or handed to someone else (the caller releases); an
 * acquire inside a `try` whose `finally` releases it; `mutex.acquire()` followed by a `try` whose
 * `finally` calls `mutex.release()`.
 */
import ts from 'typescript';
import type { RelatedPlace } from '../../types';
import { tsRuleMeta } from '../meta';
import type { TsRule, TsRuleContext } from '../rule';
import { HeldRegion, mutexFixes } from './mutex-fixes';
import { enclosingFunction, forEachDescendant, methodCall, nextStatement, refText, siblingStatements, skipOuter, statementOf } from './syntax';

export const unreleasedMutex: TsRule = {
  meta: tsRuleMeta('CL001'),
  kinds: [ts.SyntaxKind.CallExpression],
  check(node, ctx) {
    const call = methodCall(node);
    if (!call || call.method !== 'acquire') return;
    const kind = ctx.model.kindOf(call.receiver);
    if (kind !== 'mutex' && kind !== 'semaphore') return;
    const file = ctx.source.file;
    const mutex = refText(call.receiver, file);
    const outer = outermost(call.call);
    if (handedToCaller(outer)) return;
    const release = releaseForm(outer, mutex);
    if (!release) return;
    const stmt = statementOf(outer);
    if (!stmt) return;
    if (releasedByEnclosingTry(stmt, release)) return;
    const next = nextStatement(stmt);
    if (next && ts.isTryStatement(next) && next.finallyBlock && findRelease(next.finallyBlock, release)) return;
    const fn = enclosingFunction(stmt);
    const scope: ts.Node = fn ?? file;
    if (release.name && releaseFunctionEscapes(scope, release.name, stmt)) return;

    const releaseCall = findRelease(scope, release, stmt.getEnd());
    const label = kind === 'semaphore' ? 'semaphore' : 'mutex';
    const related: RelatedPlace[] = releaseCall
      ? [{ range: ctx.source.range(releaseCall), message: `released here, but not on every path` }]
      : [];
    const message = releaseCall
      ? `${label} '${mutex}' is acquired here but not released on every path: an exception or early return before the release leaves it locked and every later acquire() waits forever. Use runExclusive(), or release it in a finally that starts right after the acquire.`
      : `${label} '${mutex}' is acquired here and its release function is never called: it stays locked and every later acquire() waits forever. Use runExclusive(), or release it in a finally that starts right after the acquire.`;
    ctx.report({ node: call.call, message, related, fixes: releaseCall ? fixesFor(stmt, releaseCall, mutex, ctx) : [] });
  },
  // What follows the acquire, up to its release, is read in the function around it (at module level,
  // in the whole file: no extent then).
  siteExtent(node) {
    return methodCall(node)?.method === 'acquire' ? enclosingFunction(node) : undefined;
  },
};

/** How the held mutex is released: by calling the bound release function, or `mutex.release()`. */
interface ReleaseForm {
  name?: string;
  mutex: string;
}

function outermost(call: ts.Expression): ts.Expression {
  let n: ts.Expression = call;
  while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isNonNullExpression(n.parent) || ts.isAsExpression(n.parent)) {
    n = n.parent;
  }
  return n;
}

/** `return mutex.acquire()` or `() => mutex.acquire()`: the caller receives the release function. */
function handedToCaller(expr: ts.Expression): boolean {
  const p = expr.parent;
  return ts.isReturnStatement(p) || (ts.isArrowFunction(p) && p.body === expr);
}

function releaseForm(expr: ts.Expression, mutex: string): ReleaseForm | undefined {
  const p = expr.parent;
  if (ts.isExpressionStatement(p)) return { mutex };
  if (ts.isVariableDeclaration(p) && p.initializer === expr) {
    if (ts.isIdentifier(p.name)) return { name: p.name.text, mutex };
    if (ts.isArrayBindingPattern(p.name)) {
      const second = p.name.elements[1];
      if (second && ts.isBindingElement(second) && ts.isIdentifier(second.name)) return { name: second.name.text, mutex };
      return { mutex };
    }
    return undefined;
  }
  if (ts.isBinaryExpression(p) && p.right === expr && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left)) {
    return { name: p.left.text, mutex };
  }
  return undefined;
}

/** A `release()` / `release?.()` / `mutex.release()` call inside `root`, after `from`. */
function findRelease(root: ts.Node, form: ReleaseForm, from = 0): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  forEachDescendant(root, (n) => {
    if (found || !ts.isCallExpression(n) || n.getStart() < from) return;
    const callee = skipOuter(n.expression);
    if (form.name && ts.isIdentifier(callee) && callee.text === form.name) found = n;
    const m = methodCall(n);
    if (m && m.method === 'release' && refText(m.receiver, root.getSourceFile()) === form.mutex) found = n;
  }, true);
  return found;
}

/** `try { const release = await m.acquire(); ... } finally { release?.() }` is already correct. */
function releasedByEnclosingTry(stmt: ts.Statement, form: ReleaseForm): boolean {
  for (let n: ts.Node = stmt; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isFunctionLike(p)) return false;
    if (ts.isTryStatement(p) && p.tryBlock === n && p.finallyBlock && findRelease(p.finallyBlock, form)) return true;
  }
  return false;
}

/** The release function is returned, stored or passed on: someone else releases. */
function releaseFunctionEscapes(scope: ts.Node, name: string, acquire: ts.Statement): boolean {
  let escapes = false;
  forEachDescendant(scope, (n) => {
    if (escapes || !ts.isIdentifier(n) || n.text !== name || n.getStart() < acquire.getEnd()) return;
    const p = n.parent;
    const called = ts.isCallExpression(p) && p.expression === n;
    const tested = ts.isIfStatement(p) || ts.isPrefixUnaryExpression(p) || ts.isBinaryExpression(p) && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
    if (!called && !tested) escapes = true;
  }, true);
  return escapes;
}

function fixesFor(stmt: ts.Statement, releaseCall: ts.CallExpression, mutex: string, ctx: TsRuleContext) {
  const releaseStmt = releaseCall.parent;
  if (!ts.isExpressionStatement(releaseStmt) || releaseStmt.parent !== stmt.parent) return [];
  const list = siblingStatements(stmt);
  const region: HeldRegion = {
    acquire: stmt,
    body: list.slice(list.indexOf(stmt) + 1, list.indexOf(releaseStmt)),
    release: releaseStmt,
    mutex,
  };
  return mutexFixes(region, ctx.source);
}
