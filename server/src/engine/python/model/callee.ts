// What a call calls, read once per call: every rule and the model's spawn flows look at the callee
// of the same call nodes, and each field read is a trip into the wasm.
//
// Most calls call a plain name or a dotted one (`f(...)`, `self.lock.acquire(...)`), and most are of
// no interest to any rule: their name alone rules them out. That name is read from the source text,
// without a trip into the wasm; the nodes are read from the tree only when a rule asks for them.
import type { Node } from 'web-tree-sitter';

export interface Callee {
  /** The name called: the attribute's for `x.m(...)`, the identifier's for `f(...)`; undefined for a call of anything else. */
  readonly name: string | undefined;
  /** Whether the call is `x.m(...)`: the function is an attribute. */
  readonly isMethod: boolean;
  /** The `function` field: `f` in `f(...)`, `x.m` in `x.m(...)`. */
  readonly node: Node;
  /** `m` in `x.m(...)` (the attribute's identifier), or undefined for a call of anything else. */
  readonly attribute: Node | undefined;
}

const callees = new Map<number, Callee | null>();

/** The text the current analysis parsed, and its calls whose function is itself a call (see readCallees). */
let source: string | undefined;
/** Whether the tree has a syntax error somewhere: then each call is read from the text only when it has none. */
let treeHasError = false;
const calledCalls = new Set<number>();

/** Forgets the callees of the previous analysis (node ids are only stable within one tree). */
export function clearCallees(): void {
  callees.clear();
  calledCalls.clear();
  source = undefined;
  treeHasError = false;
}

/**
 * Lets calleeOf read names from `text` for `calls` (every call node of the tree, in document order;
 * collect() calls this once it has them). In a tree with a syntax error, a call that holds an error
 * (an ERROR or MISSING node) is read from the tree: there, error recovery can give the call a
 * function the text does not show. A call without one was built by the grammar's own rules.
 */
export function readCallees(text: string, calls: readonly { node: Node }[], errorFree: boolean): void {
  source = text;
  treeHasError = !errorFree;
  // `a(b)(c)` and `a.b(c).d()` start where the call inside them starts, and come right before it in
  // document order; their function is not a name, whatever the text starting there looks like.
  for (let i = 0; i + 1 < calls.length; i++) {
    if (calls[i].node.startIndex === calls[i + 1].node.startIndex) calledCalls.add(calls[i].node.id);
  }
}

/** A name, or a dotted chain of them, then the opening parenthesis: the whole function of a call. */
const CALLED_NAME = /[A-Za-z_]\w*(?:[ \t\n]*\.[ \t\n]*([A-Za-z_]\w*))*[ \t\n]*\(/y;

export function calleeOf(call: Node): Callee | undefined {
  let callee = callees.get(call.id);
  if (callee === undefined) {
    const readable = source !== undefined && !calledCalls.has(call.id) && !(treeHasError && call.hasError);
    callee = (readable && fromText(call, source!)) || fromTree(call);
    callees.set(call.id, callee);
  }
  return callee ?? undefined;
}

function fromText(call: Node, text: string): Callee | undefined {
  CALLED_NAME.lastIndex = call.startIndex;
  const m = CALLED_NAME.exec(text);
  if (!m) return undefined;
  const isMethod = m[1] !== undefined;
  const name = isMethod ? m[1] : m[0].slice(0, m[0].search(/[ \t\n(]/));
  return new LazyCallee(call, name, isMethod);
}

/** The nodes are read on first use. */
class LazyCallee implements Callee {
  private fn: Node | undefined;
  private attr: Node | null | undefined;

  constructor(
    private readonly call: Node,
    readonly name: string,
    readonly isMethod: boolean,
  ) {}

  get node(): Node {
    return (this.fn ??= this.call.childForFieldName('function')!);
  }

  get attribute(): Node | undefined {
    if (!this.isMethod) return undefined;
    if (this.attr === undefined) this.attr = this.node.childForFieldName('attribute');
    return this.attr ?? undefined;
  }
}

function fromTree(call: Node): Callee | null {
  const node = call.childForFieldName('function');
  if (!node) return null;
  const type = node.type;
  const attribute = type === 'attribute' ? (node.childForFieldName('attribute') ?? undefined) : undefined;
  return { node, attribute, isMethod: attribute !== undefined, name: attribute ? attribute.text : type === 'identifier' ? node.text : undefined };
}
