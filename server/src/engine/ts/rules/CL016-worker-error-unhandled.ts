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
import type { TsSource } from '../source';
import { creationKind, isEventsOnce, mayCreate } from './spawns';
import { boundTarget, enclosingFunction, methodCall, refText, skipOuter, stringValue } from './syntax';

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

export const workerErrorUnhandled: TsRule = {
  meta: tsRuleMeta('CL016'),
  // Creations, and the places that may listen to a handle: a listener may come after the spawn, so
  // creations are judged when the walk has seen the whole module. Where a handle is handed on is
  // looked for only in the scope of a handle that needs it (handedOnIn).
  kinds: [ts.SyntaxKind.NewExpression, ts.SyntaxKind.CallExpression, ts.SyntaxKind.BinaryExpression],
  check(node, ctx) {
    const handles = ctx.perFile(moduleHandles);
    noteUse(node, handles.uses, ctx.source);
    if (mayCreate(node)) handles.creations.push(node);
  },
  finish(ctx) {
    for (const creation of ctx.perFile(moduleHandles).creations) {
      const extent = judgedWithin(creation);
      if (extent) ctx.atSite(creation, extent, () => checkCreation(creation, ctx));
      else checkCreation(creation, ctx);
    }
  },
};

/**
 * The function whose code alone decides what checkCreation() says of `creation`: the one around a
 * spawn that is a statement of its own, a call chain, handed on, or the initializer of a variable
 * declared right there (whose listeners and hand-ons can only be in that function). Undefined when
 * the handle is assigned to a variable declared elsewhere or to a field, or the spawn is at the top
 * of the module: those are judged by uses anywhere in the module.
 */
function judgedWithin(creation: ts.NewExpression | ts.CallExpression): ts.Node | undefined {
  const fn = enclosingFunction(creation);
  if (!fn) return undefined;
  const p = creation.parent;
  if (ts.isPropertyAccessExpression(p) || ts.isExpressionStatement(p)) return fn;
  const target = boundTarget(creation);
  if (!target) return fn;
  return ts.isIdentifier(target) && ts.isVariableDeclaration(target.parent) && target.parent.name === target ? fn : undefined;
}

function checkCreation(creation: ts.NewExpression | ts.CallExpression, ctx: TsRuleContext): void {
  const kind = creationKind(creation, ctx.model);
  if (!kind) return;
  if (ts.isCallExpression(creation) && hasCallback(creation, ctx)) return;
  const events = kind === 'childProcess' ? ['error', 'exit', 'close'] : ['error'];
  const p = creation.parent;
  if (ts.isPropertyAccessExpression(p)) {
    if (chainListens(p, events)) return;
  } else if (!ts.isExpressionStatement(p)) {
    const target = boundTarget(creation);
    if (!target) return; // returned, passed on or stored in a structure: its owner listens
    if (handled(target, events, kind, ctx)) return;
  }
  const what = kind === 'childProcess' ? 'child process' : 'worker';
  const listen = kind === 'childProcess' ? "'error' and 'exit' listeners" : "an 'error' listener";
  ctx.report({
    node: creation,
    message: `this ${what} has no ${kind === 'childProcess' ? "'error' or 'exit'" : "'error'"} listener: ${
      kind === 'childProcess' ? 'a failure to start crashes the parent and a crash of the child goes unnoticed' : 'an exception thrown in the worker crashes the parent process'
    }. Attach ${listen}, or await it with events.once().`,
  });
}

/** `exec(cmd, (err, out) => ...)`: Node reports errors to the callback. */
function hasCallback(call: ts.CallExpression, ctx: TsRuleContext): boolean {
  const last = call.arguments[call.arguments.length - 1];
  if (!last) return false;
  // Literals tell without the checker (typing an options object resolves the whole call).
  if (ts.isArrowFunction(last) || ts.isFunctionExpression(last)) return true;
  if (ts.isObjectLiteralExpression(last) || ts.isArrayLiteralExpression(last) || ts.isStringLiteralLike(last) || ts.isTemplateExpression(last)) return false;
  return ctx.model.typeOf(last).getCallSignatures().length > 0;
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

/**
 * A place in the module that may listen to a handle or take it on, found from the syntax alone; what
 * needs the checker (which symbol `ref` is, whether a `once(...)` is Node's events.once) is asked
 * only for the places whose reference reads like the handle in question.
 */
interface HandleUse {
  /** The reference to the handle: the receiver of `.on(...)`, the first argument of `once(...)`... */
  ref: ts.Identifier | ts.PropertyAccessExpression;
  how: 'listener' | 'eventsOnce' | 'onerror' | 'handedOn';
  /** The listener call or `once(...)` call. */
  call?: ts.CallExpression;
}

/**
 * What the walk gathers for CL016 in a module: every listening HandleUse by the text of its
 * reference, and the calls and `new` expressions that may create a worker or child. One walk per
 * file, however many workers it creates (a walk per creation made a worker-heavy file quadratic).
 * The places that hand a handle on are indexed per scope, when a handle in that scope asks.
 */
interface ModuleHandles {
  uses: Map<string, HandleUse[]>;
  creations: (ts.NewExpression | ts.CallExpression)[];
  handedOn: Map<ts.Node, Map<string, HandleUse[]>>;
}

function moduleHandles(): ModuleHandles {
  return { uses: new Map(), creations: [], handedOn: new Map() };
}

/** The places in `scope` (a function, or the file) that hand a reference on, by its text. */
function handedOnIn(scope: ts.Node, ctx: TsRuleContext): Map<string, HandleUse[]> {
  const index = ctx.perFile(moduleHandles).handedOn;
  let uses = index.get(scope);
  if (!uses) {
    uses = new Map();
    // An explicit stack: generated code nests deeper than the call stack allows.
    const stack: ts.Node[] = [scope];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) && handedOn(n)) addUse(uses, ctx.source, n, 'handedOn');
      n.forEachChild((c) => {
        stack.push(c);
      });
    }
    index.set(scope, uses);
  }
  return uses;
}

/** Records `n` when it is a place that may listen to a handle or take it on. */
function noteUse(n: ts.Node, uses: Map<string, HandleUse[]>, source: TsSource): void {
  const m = methodCall(n);
  if (m && LISTENER_METHODS.has(m.method)) addUse(uses, source, m.receiver, 'listener', m.call);
  if (ts.isCallExpression(n) && n.arguments[0] && onceOrOnCallee(n)) addUse(uses, source, n.arguments[0], 'eventsOnce', n);
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.name.text === 'onerror') addUse(uses, source, n.left.expression, 'onerror');
}

function addUse(uses: Map<string, HandleUse[]>, source: TsSource, refExpr: ts.Expression, how: HandleUse['how'], call?: ts.CallExpression): void {
  const ref = skipOuter(refExpr);
  if (!ts.isIdentifier(ref) && !ts.isPropertyAccessExpression(ref)) return;
  const use: HandleUse = { ref, how, call };
  // An identifier is found by its name (`w`) and by its text (the same, unless it is written with escapes).
  const text = refText(ref, source.file);
  const keys = ts.isIdentifier(ref) && ref.text !== text ? [text, ref.text] : [text];
  for (const k of keys) {
    let list = uses.get(k);
    if (!list) uses.set(k, (list = []));
    list.push(use);
  }
}

/** The callee is named `once` or `on` (events.once / events.on are told apart by the checker later). */
function onceOrOnCallee(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === 'once' || name === 'on';
}

/**
 * A listener for one of `events` on the handle anywhere in the module, or the handle handed to other
 * code. The same handle: the same variable (by symbol), or the same `this.field` text.
 */
function handled(target: ts.Expression, events: string[], kind: ConcurrencyKind, ctx: TsRuleContext): boolean {
  const file = ctx.source.file;
  let isHandle: (ref: ts.Identifier | ts.PropertyAccessExpression) => boolean;
  let key: string;
  let scope: ts.Node = file;
  if (ts.isIdentifier(target)) {
    const symbol = ctx.model.symbolOf(target);
    key = target.text;
    // A name can only refer to a variable inside the function (or file) that declares it: other
    // functions' variables of the same name are passed over without asking the checker.
    const decl = symbol?.valueDeclaration;
    const declaredIn = decl && decl.getSourceFile() === file ? (enclosingFunction(decl) ?? file) : file;
    scope = declaredIn;
    isHandle = (ref) => ts.isIdentifier(ref) && ref.text === target.text && ref.pos >= declaredIn.pos && ref.end <= declaredIn.end && ctx.model.symbolOf(ref) === symbol;
  } else {
    key = refText(target, file);
    isHandle = (ref) => refText(ref, file) === key;
  }
  for (const use of ctx.perFile(moduleHandles).uses.get(key) ?? []) {
    if (!isHandle(use.ref)) continue;
    if (use.how === 'listener' && listensTo(use.call!.arguments[0], events)) return true;
    if (use.how === 'eventsOnce' && isEventsOnce(use.call!, ctx.model)) return true;
    if (use.how === 'onerror' && kind === 'webWorker') return true;
  }
  // Where the handle is handed on is looked for only when nothing in the module listens to it: most
  // handles have a listener, and finding the places that hand one on walks its whole scope.
  return (handedOnIn(scope, ctx).get(key) ?? []).some((use) => isHandle(use.ref));
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
