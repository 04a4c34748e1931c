/**
 * CL016 worker-error-unhandled (TypeScript/JavaScript)
 *
 * What it does: finds a `new Worker(...)` or a child process (`spawn`, `fork`, `exec`, `execFile`)
 * whose handle gets no `'error'` listener (worker) or no `'error'`/`'exit'` listener (child) anywhere
 * in the module, and is not awaited with `events.once`/`events.on` (which reject on `'error'`).
 *
 * Why is this bad? An uncaught exception in a worker is emitted as `'error'` on its handle; with no
 * listener the parent process crashes. A child that fails to start (ENOENT, EACCES) emits `'error'`
 * the same way, and without an `'exit'` listener a crashed child goes unnoticed.
 *
 * Example:
 *     const worker = new Worker(new URL('./resize.js', import.meta.url));
 *     worker.on('message', save);
 *
 * Use instead:
 *     worker.on('message', save);
 *     worker.on('error', (err) => log.error(err));
 *
 * Not flagged: `exec`/`execFile` with a callback (Node passes errors to it), handles returned or
 * handed to other code (a pool, a tracker, a caller), listeners attached anywhere in the module.
 */
import ts from 'typescript';
import type { ConcurrencyKind } from '../model';
import { tsRuleMeta } from '../meta';
import type { TsRule, TsRuleContext } from '../rule';
import { creationKind, isEventsOnce } from './spawns';
import { boundTarget, forEachDescendant, methodCall, refText, skipOuter, stringValue } from './syntax';

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

export const workerErrorUnhandled: TsRule = {
  meta: tsRuleMeta('CL016'),
  kinds: [ts.SyntaxKind.NewExpression, ts.SyntaxKind.CallExpression],
  check(node, ctx) {
    const kind = creationKind(node, ctx.model);
    if (!kind) return;
    const creation = node as ts.NewExpression | ts.CallExpression;
    if (ts.isCallExpression(creation) && hasCallback(creation, ctx)) return;
    const events = kind === 'childProcess' ? ['error', 'exit', 'close'] : ['error'];
    const p = creation.parent;
    if (ts.isPropertyAccessExpression(p)) {
      if (chainListens(p, events)) return;
    } else if (!ts.isExpressionStatement(p)) {
      const target = boundTarget(creation);
      if (!target) return; // returned, passed on or stored in a structure: its owner listens
      if (handled(handleMatcher(target, ctx), events, kind, ctx)) return;
    }
    const what = kind === 'childProcess' ? 'child process' : 'worker';
    const listen = kind === 'childProcess' ? "'error' and 'exit' listeners" : "an 'error' listener";
    ctx.report({
      node: creation,
      message: `this ${what} has no ${kind === 'childProcess' ? "'error' or 'exit'" : "'error'"} listener: ${
        kind === 'childProcess' ? 'a failure to start crashes the parent and a crash of the child goes unnoticed' : 'an exception thrown in the worker crashes the parent process'
      }. Attach ${listen}, or await it with events.once().`,
    });
  },
};

/** `exec(cmd, (err, out) => ...)`: Node reports errors to the callback. */
function hasCallback(call: ts.CallExpression, ctx: TsRuleContext): boolean {
  const last = call.arguments[call.arguments.length - 1];
  return !!last && ctx.model.typeOf(last).getCallSignatures().length > 0;
}

/** `new Worker(f).on('error', ...)` and longer chains. */
function chainListens(access: ts.PropertyAccessExpression, events: string[]): boolean {
  for (let n: ts.Node = access; ts.isPropertyAccessExpression(n) && ts.isCallExpression(n.parent); n = n.parent.parent) {
    if (LISTENER_METHODS.has(n.name.text) && listensTo(n.parent.arguments[0], events)) return true;
  }
  return true; // other chains (`.unref()`, `.stdout.pipe(...)`) hand the handle on: not judged
}

function listensTo(eventArg: ts.Expression | undefined, events: string[]): boolean {
  const event = stringValue(eventArg);
  return event === undefined || events.includes(event);
}

type HandleMatcher = (expr: ts.Node) => boolean;

/** References to the same handle: the same variable (by symbol), or the same `this.field` text. */
function handleMatcher(target: ts.Expression, ctx: TsRuleContext): HandleMatcher {
  const file = ctx.source.file;
  if (ts.isIdentifier(target)) {
    const symbol = ctx.model.symbolOf(target);
    return (n) => ts.isIdentifier(n) && n.text === target.text && ctx.model.symbolOf(n) === symbol;
  }
  const name = refText(target, file);
  return (n) => (ts.isPropertyAccessExpression(n) || ts.isIdentifier(n)) && refText(n as ts.Expression, file) === name;
}

/** A listener for one of `events` on the handle anywhere in the module, or the handle handed to other code. */
function handled(isHandle: HandleMatcher, events: string[], kind: ConcurrencyKind, ctx: TsRuleContext): boolean {
  const file = ctx.source.file;
  let found = false;
  forEachDescendant(file, (n) => {
    if (found) return;
    const m = methodCall(n);
    if (m && LISTENER_METHODS.has(m.method) && isHandle(skipOuter(m.receiver)) && listensTo(m.call.arguments[0], events)) found = true;
    else if (ts.isCallExpression(n) && n.arguments[0] && isHandle(skipOuter(n.arguments[0])) && isEventsOnce(n, ctx.model)) found = true;
    else if (kind === 'webWorker' && ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.name.text === 'onerror' && isHandle(skipOuter(n.left.expression))) found = true;
    else if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) && handedOn(n) && isHandle(n)) found = true;
  }, true);
  return found;
}

/** The handle is passed as an argument, returned, stored in an array/object or another variable. */
function handedOn(ref: ts.Node): boolean {
  const p = ref.parent;
  if (ts.isCallExpression(p) || ts.isNewExpression(p)) return p.expression !== ref;
  return (
    ts.isReturnStatement(p) ||
    ts.isArrayLiteralExpression(p) ||
    ts.isPropertyAssignment(p) ||
    ts.isShorthandPropertyAssignment(p) ||
    (ts.isVariableDeclaration(p) && p.initializer === ref) ||
    (ts.isBinaryExpression(p) && p.right === ref && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) ||
    (ts.isArrowFunction(p) && p.body === ref)
  );
}
