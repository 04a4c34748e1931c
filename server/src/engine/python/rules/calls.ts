// A cheap first filter for rules that care about a few method names: the name is read once per call
// (see calleeOf), taking the whole call apart (methodCall) costs a walk of its arguments.
import type { Node } from 'web-tree-sitter';
import { calleeOf } from '../model/callee';

/** `m` in `x.m(...)`, or undefined when the call is not a method call. */
export function calledMethodName(call: Node): string | undefined {
  const callee = calleeOf(call);
  return callee?.isMethod ? callee.name : undefined;
}
