// Where workers and child processes are created and waited for: shared by CL003 and CL016.
import ts from 'typescript';
import type { ConcurrencyKind, TypeModel } from '../model';
import { methodCall, skipOuter, stringValue } from './syntax';

export const HANDLE_KINDS = new Set<ConcurrencyKind>(['worker', 'webWorker', 'childProcess']);
const CHILD_FACTORIES = new Set(['spawn', 'fork', 'exec', 'execFile']);

/** `new Worker(...)`, or `spawn/fork/exec/execFile(...)` from child_process: the kind it creates. */
export function creationKind(node: ts.Node, model: TypeModel): ConcurrencyKind | undefined {
  if (ts.isNewExpression(node)) {
    const kind = model.constructedKind(node);
    return kind === 'worker' || kind === 'webWorker' ? kind : undefined;
  }
  if (!ts.isCallExpression(node) || !namedLikeChildFactory(node)) return undefined;
  const resolved = model.callee(node);
  if (resolved?.pkg !== '@types/node' || resolved.module !== 'child_process') return undefined;
  return model.calledKind(node) === 'childProcess' ? 'childProcess' : undefined;
}

/** A `new` expression, or a call named like a child_process factory: what creationKind() may accept. */
export function mayCreate(node: ts.Node): node is ts.NewExpression | ts.CallExpression {
  return ts.isNewExpression(node) || (ts.isCallExpression(node) && namedLikeChildFactory(node));
}

/** `spawn(...)`, `cp.fork(...)`...: the callee's name is one of child_process's factories (which one it is, the checker tells). */
function namedLikeChildFactory(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && CHILD_FACTORIES.has(name);
}

/** The creation a handle variable was initialized with, when it is `const w = new Worker(...)`. */
export function creationOf(handle: ts.Expression, model: TypeModel): ts.Expression | undefined {
  const symbol = model.symbolOf(skipOuter(handle));
  const decl = symbol?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const init = skipOuter(decl.initializer);
  return creationKind(init, model) ? init : undefined;
}

/**
 * What an awaited expression waits for: `once(w, 'exit')` (events.once) or
 * `new Promise((resolve) => w.on('exit', resolve))` — the handle expression, or undefined.
 */
export function awaitedHandle(expr: ts.Expression, model: TypeModel): ts.Expression | undefined {
  const inner = skipOuter(expr);
  if (ts.isCallExpression(inner) && isEventsOnce(inner, model)) {
    const handle = inner.arguments[0];
    return handle && HANDLE_KINDS.has(model.kindOf(handle) ?? 'process') ? handle : undefined;
  }
  if (ts.isNewExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'Promise') {
    const executor = inner.arguments?.[0];
    if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
    let handle: ts.Expression | undefined;
    const visit = (n: ts.Node): void => {
      if (handle) return;
      const m = methodCall(n);
      if (m && (m.method === 'on' || m.method === 'once' || m.method === 'addListener')) {
        const event = stringValue(m.call.arguments[0]);
        if ((event === 'exit' || event === 'close') && HANDLE_KINDS.has(model.kindOf(m.receiver) ?? 'process')) handle = m.receiver;
      }
      n.forEachChild(visit);
    };
    visit(executor.body);
    return handle;
  }
  return undefined;
}

/** `once(emitter, event)` / `events.once(...)` from Node's events module. */
export function isEventsOnce(call: ts.CallExpression, model: TypeModel): boolean {
  const callee = skipOuter(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name !== 'once' && name !== 'on') return false;
  const resolved = model.callee(call);
  return resolved?.pkg === '@types/node' && resolved.module === 'events' && (resolved.name === 'once' || resolved.name === 'on');
}
