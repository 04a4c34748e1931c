// What CL001 and CL011 share: deciding that `X` in `X.acquire()` is a lock, naming it, and finding
// the try/finally that releases it.
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../model/model';
import type { Scope } from '../model/scopes';
import type { ObjectType } from '../model/stdlib';
import { calledMethodName } from './calls';
import { callsMethodOn, contains, finallyBlock, methodCall, MethodCall } from './common';

/** A lock as far as the rules know it: its type, or `undefined` type for the method-name fallback. */
export interface LockUse {
  type: ObjectType | undefined;
}

/**
 * `X` is a lock when the model says so (Lock, RLock, Semaphore, BoundedSemaphore, Condition of any
 * flavor). An object of unknown type counts when the same function also calls `X.release()`.
 */
export function lockReceiver(call: MethodCall, scope: Scope, model: SemanticModel): LockUse | undefined {
  const t = model.typeOf(call.receiver, scope);
  const obj = model.asObject(t);
  if (obj) return obj.of === 'lock' ? { type: obj } : undefined;
  if (t) return undefined; // a known non-lock value (a module, a user class instance, ...)
  const fnScope = scope.executionScope;
  const body = fnScope.kind === 'module' ? fnScope.node : fnScope.node.childForFieldName('body');
  return body && callsMethodOn(body, call.receiver, ['release']) ? { type: undefined } : undefined;
}

/** `X.acquire(...)` where X is a lock (see lockReceiver): what CL001 and CL011 both start from. */
export function lockAcquisition(node: Node, scope: Scope, model: SemanticModel): { call: MethodCall; lock: LockUse } | undefined {
  if (calledMethodName(node) !== 'acquire') return undefined;
  const call = methodCall(node);
  if (!call || call.method !== 'acquire') return undefined;
  const lock = lockReceiver(call, scope, model);
  return lock ? { call, lock } : undefined;
}

export function lockLabel(lock: LockUse, receiver: Node): string {
  const kind = lock.type?.lockKind;
  const noun =
    kind === 'Semaphore' || kind === 'BoundedSemaphore' ? 'semaphore' : kind === 'Condition' ? 'condition' : 'lock';
  return `${noun} '${receiver.text}'`;
}

/** The try statement whose body holds `acquire` and whose finally releases `receiver`. */
export function releasingTryAround(acquire: Node, receiver: Node): Node | undefined {
  for (let n = acquire.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return undefined;
    if (n.type !== 'try_statement') continue;
    const body = n.childForFieldName('body');
    const fin = finallyBlock(n);
    if (body && fin && contains(body, acquire) && callsMethodOn(fin, receiver, ['release'])) return n;
  }
  return undefined;
}

export function releasedByEnclosingTry(acquire: Node, receiver: Node): boolean {
  return !!releasingTryAround(acquire, receiver);
}
