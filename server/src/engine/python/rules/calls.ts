// A cheap first filter for rules that care about a few method names: reading the attribute name
// costs two node lookups, taking the whole call apart (methodCall) costs a walk of its arguments.
import type { Node } from 'web-tree-sitter';

const names = new Map<number, string | null>();

/** Forgets the names of the previous analysis (node ids are only stable within one tree). */
export function clearCalledNames(): void {
  names.clear();
}

/** `m` in `x.m(...)`, or undefined when the call is not a method call; read once per call. */
export function calledMethodName(call: Node): string | undefined {
  let name = names.get(call.id);
  if (name === undefined) {
    const fn = call.childForFieldName('function');
    name = (fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined) ?? null;
    names.set(call.id, name);
  }
  return name ?? undefined;
}
