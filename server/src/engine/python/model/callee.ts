// What a call calls, read once per call: every rule and the model's spawn flows look at the callee
// of the same call nodes, and each field read is a trip into the wasm.
import type { Node } from 'web-tree-sitter';

export interface Callee {
  /** The `function` field: `f` in `f(...)`, `x.m` in `x.m(...)`. */
  node: Node;
  /** `m` in `x.m(...)` (the attribute's identifier), or undefined for a call of anything else. */
  attribute: Node | undefined;
  /** The name called: the attribute's for `x.m(...)`, the identifier's for `f(...)`. */
  name: string | undefined;
}

const callees = new Map<number, Callee | null>();

/** Forgets the callees of the previous analysis (node ids are only stable within one tree). */
export function clearCallees(): void {
  callees.clear();
}

export function calleeOf(call: Node): Callee | undefined {
  let callee = callees.get(call.id);
  if (callee === undefined) {
    const node = call.childForFieldName('function');
    if (!node) callee = null;
    else {
      const type = node.type;
      const attribute = type === 'attribute' ? (node.childForFieldName('attribute') ?? undefined) : undefined;
      callee = { node, attribute, name: attribute ? attribute.text : type === 'identifier' ? node.text : undefined };
    }
    callees.set(call.id, callee);
  }
  return callee ?? undefined;
}
