// The semantic model rules ask: what an expression is (a lock? a process pool? a user function?),
// where a name is bound, which spawn sites feed a function's parameters. Types are inferred
// flow-insensitively from a name's bindings in its scope; where bindings disagree the type is unknown.
import type { Node } from 'web-tree-sitter';
import { calleeOf } from './callee';
import { Binding, ClassInfo, FunctionInfo, ParamInfo, Scope } from './scopes';
import { Collected, classBodyAttributes } from './collect';
import {
  FACTORIES,
  MODULE_ALIASES,
  ObjectType,
  baseClassKind,
  enterReturnsSelf,
  methodResult,
} from './stdlib';

export type PyType =
  | ObjectType
  | { kind: 'module'; name: string }
  /** A callable known by qualified name (a class or function of the standard library). */
  | { kind: 'callable'; qname: string }
  | { kind: 'userClass'; cls: ClassInfo }
  | { kind: 'instance'; cls: ClassInfo }
  | { kind: 'function'; fn: FunctionInfo }
  | { kind: 'list'; element: PyType }
  | { kind: 'method'; receiver: PyType; name: string };

const KNOWN_MODULES = new Set([
  'threading',
  '_thread',
  'multiprocessing',
  'multiprocessing.dummy',
  'multiprocessing.pool',
  'multiprocessing.managers',
  'multiprocessing.synchronize',
  'multiprocessing.queues',
  'multiprocessing.context',
  'multiprocessing.process',
  'multiprocessing.sharedctypes',
  'concurrent',
  'concurrent.futures',
  'concurrent.futures.thread',
  'concurrent.futures.process',
  'queue',
  'asyncio',
  'socket',
  'io',
  'functools',
  'contextlib',
  'os',
  'time',
]);

/** A qualified name with Python 2 module names mapped to their Python 3 names. */
function normalizeQname(qname: string): string {
  const dot = qname.indexOf('.');
  const head = dot < 0 ? qname : qname.slice(0, dot);
  const mapped = MODULE_ALIASES[head];
  return mapped ? mapped + (dot < 0 ? '' : qname.slice(dot)) : qname;
}

/** Names a spawn call ends with (`Thread(...)`, `mp.Process(...)`, `ex.submit(...)`): a cheap first filter. */
const SPAWN_CALLEES = new Set(['Thread', 'Timer', 'Process', 'DummyProcess', 'submit', 'apply_async', 'apply']);

export interface SpawnFlow {
  /** The Thread(...)/Process(...)/submit(...) call. */
  call: Node;
  scope: Scope;
  /** Argument expression per parameter name of the target. */
  args: Map<string, Node>;
}

export class SemanticModel {
  private readonly bindingTypes = new Map<Binding, PyType | undefined | null>();
  private flows?: Map<FunctionInfo, SpawnFlow[]>;
  /** Set while spawn flows are being collected: parameter types asked for meanwhile are not final. */
  private collectingFlows = false;
  private readonly scopeByNode = new Map<number, Scope>();
  private readonly exprTypes = new Map<number, Map<Scope, PyType | null>>();

  constructor(
    readonly collected: Collected,
    readonly source: string,
  ) {
    for (const cls of collected.classes) classBodyAttributes(cls);
    this.scopeByNode.set(collected.moduleScope.node.id, collected.moduleScope);
    for (const fn of collected.functions) this.scopeByNode.set(fn.node.id, fn.scope);
    for (const cls of collected.classes) this.scopeByNode.set(cls.node.id, cls.scope);
  }

  get moduleScope(): Scope {
    return this.collected.moduleScope;
  }

  get functions(): FunctionInfo[] {
    return this.collected.functions;
  }

  /** The scope opened by a function, lambda or class node. */
  scopeOfDefinition(node: Node): Scope | undefined {
    return this.scopeByNode.get(node.id);
  }

  /** The innermost scope containing `node` (walks up to the nearest scope-opening ancestor). */
  scopeAt(node: Node): Scope {
    for (let n: Node | null = node.parent; n; n = n.parent) {
      const s = this.scopeByNode.get(n.id);
      if (s) {
        // A function's decorators, defaults and annotations are evaluated in the enclosing scope; its
        // name and parameters belong to it, but callers ask about body expressions.
        return s;
      }
    }
    return this.collected.moduleScope;
  }

  // ---------------------------------------------------------------- names and qualified names

  /** The bindings `name` refers to when read in `scope` (empty for builtins and unknown names). */
  bindingsOf(name: string, scope: Scope): Binding[] {
    const owner = scope.lookup(name);
    return owner?.bindings.get(name) ?? [];
  }

  /**
   * The qualified name an expression stands for, through imports and aliases:
   * `mp.Pool` -> `multiprocessing.Pool`, `L` (from threading import Lock as L) -> `threading.Lock`.
   * Builtins resolve to `builtins.<name>` when the name is not bound in the module.
   */
  qualifiedName(expr: Node, scope: Scope): string | undefined {
    if (expr.type === 'identifier') return this.qualifiedNameOf(expr.text, scope);
    if (expr.type === 'attribute') {
      const object = expr.childForFieldName('object');
      const attr = expr.childForFieldName('attribute');
      if (!object || !attr) return undefined;
      const base = this.qualifiedName(object, scope);
      return base && !base.startsWith('builtins.') ? `${base}.${attr.text}` : undefined;
    }
    return undefined;
  }

  /** qualifiedName of a plain name read in `scope`. */
  qualifiedNameOf(name: string, scope: Scope): string | undefined {
    const bindings = this.bindingsOf(name, scope);
    if (bindings.length === 0) return `builtins.${name}`;
    const imports = bindings.filter((b) => b.kind === 'import');
    if (imports.length === 0 || imports.length !== bindings.length) return undefined;
    const q = normalizeQname(imports[0].qname!);
    return imports.every((b) => normalizeQname(b.qname!) === q) ? q : undefined;
  }

  // ---------------------------------------------------------------- types

  /** What an expression evaluates to, when the model can tell. */
  typeOf(expr: Node, scope: Scope): PyType | undefined {
    // Rules ask about the same receivers over and over: answer each (node, scope) once.
    let byScope = this.exprTypes.get(expr.id);
    if (!byScope) this.exprTypes.set(expr.id, (byScope = new Map()));
    if (byScope.has(scope)) return byScope.get(scope) ?? undefined;
    byScope.set(scope, null); // a cycle through this expression is unknown
    const t = this.computeType(expr, scope);
    if (this.collectingFlows && !t) byScope.delete(scope);
    else byScope.set(scope, t ?? null);
    return t;
  }

  private computeType(expr: Node, scope: Scope): PyType | undefined {
    switch (expr.type) {
      case 'parenthesized_expression': {
        const inner = expr.namedChildren[0];
        return inner ? this.typeOf(inner, scope) : undefined;
      }
      case 'identifier':
        return this.typeOfName(expr.text, scope);
      case 'attribute':
        return this.typeOfAttribute(expr, scope);
      case 'call':
        return this.typeOfCall(expr, scope);
      case 'await': {
        const inner = expr.namedChildren[0];
        return inner ? this.typeOf(inner, scope) : undefined;
      }
      case 'boolean_operator': {
        // `lock or threading.Lock()`: the known side wins when only one is known.
        const left = expr.childForFieldName('left');
        const right = expr.childForFieldName('right');
        const lt = left ? this.typeOf(left, scope) : undefined;
        const rt = right ? this.typeOf(right, scope) : undefined;
        return lt && rt ? (sameType(lt, rt) ? lt : undefined) : (lt ?? rt);
      }
      case 'conditional_expression': {
        const parts = expr.namedChildren;
        const a = parts[0] ? this.typeOf(parts[0], scope) : undefined;
        const b = parts[2] ? this.typeOf(parts[2], scope) : undefined;
        return a && b && sameType(a, b) ? a : undefined;
      }
      case 'list':
      case 'tuple': {
        const elements = expr.namedChildren.filter((c): c is Node => !!c);
        const types = elements.map((e) => this.typeOf(e, scope));
        const first = types[0];
        if (!first || !types.every((t) => t && sameType(t, first))) return undefined;
        return { kind: 'list', element: first };
      }
      case 'list_comprehension':
      case 'generator_expression': {
        const body = expr.childForFieldName('body');
        const inner = body ? this.scopeAt(body) : scope;
        const t = body ? this.typeOf(body, inner) : undefined;
        return t ? { kind: 'list', element: t } : undefined;
      }
      case 'subscript': {
        const value = expr.childForFieldName('value');
        const t = value ? this.typeOf(value, scope) : undefined;
        return t?.kind === 'list' ? t.element : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The concurrency object an expression is, with instances of Thread/Process subclasses included. */
  objectType(expr: Node, scope: Scope): ObjectType | undefined {
    return this.asObject(this.typeOf(expr, scope));
  }

  /** An object type, with an instance of a user Thread/Process subclass counted as a thread/process. */
  asObject(t: PyType | undefined): ObjectType | undefined {
    if (t?.kind === 'object') return t;
    if (t?.kind === 'instance') return this.classKind(t.cls);
    return undefined;
  }

  typeOfName(name: string, scope: Scope): PyType | undefined {
    const owner = scope.lookup(name);
    if (!owner) {
      if (name === 'open') return { kind: 'callable', qname: 'builtins.open' };
      return undefined;
    }
    const bindings = owner.bindings.get(name) ?? [];
    let result: PyType | undefined;
    for (const b of bindings) {
      if (b.kind === 'assign' && b.value?.type === 'none') continue;
      if (b.kind === 'param' && bindings.length > 1) return undefined;
      const t = this.typeOfBinding(b);
      if (!t) return undefined;
      if (result && !sameType(result, t)) return undefined;
      result = t;
    }
    return result;
  }

  private typeOfBinding(b: Binding): PyType | undefined {
    const cached = this.bindingTypes.get(b);
    if (cached !== undefined) return cached ?? undefined;
    if (this.bindingTypes.has(b)) return undefined; // a cycle: x = f(x)
    this.bindingTypes.set(b, undefined);
    const t = this.computeBindingType(b);
    if (this.collectingFlows && !t) this.bindingTypes.delete(b);
    else this.bindingTypes.set(b, t ?? null);
    return t;
  }

  private computeBindingType(b: Binding): PyType | undefined {
    switch (b.kind) {
      case 'import': {
        const q = normalizeQname(b.qname!);
        if (KNOWN_MODULES.has(q)) return { kind: 'module', name: q };
        return { kind: 'callable', qname: q };
      }
      case 'def':
        return b.fn ? { kind: 'function', fn: b.fn } : undefined;
      case 'class':
        return b.cls ? { kind: 'userClass', cls: b.cls } : undefined;
      case 'assign': {
        if (!b.value) return undefined;
        const t = this.typeOf(b.value, b.scope);
        if (t?.kind === 'list' || (!t && isEmptyList(b.value))) return this.listWithAppends(b, t);
        return t;
      }
      case 'with': {
        if (!b.value) return undefined;
        const t = this.typeOf(b.value, b.scope);
        const o = this.asObject(t);
        return o && enterReturnsSelf(o) ? t : undefined;
      }
      case 'for': {
        if (!b.value) return undefined;
        const t = this.typeOf(b.value, b.scope);
        if (t?.kind === 'list') return t.element;
        // enumerate(list) and zip are left unknown.
        return undefined;
      }
      case 'param':
        return b.param ? this.typeOfParam(b.param) : undefined;
      default:
        return undefined;
    }
  }

  /** `threads = []` followed by `threads.append(Thread(...))` in the same scope: a list of threads. */
  private listWithAppends(b: Binding, initial: PyType | undefined): PyType | undefined {
    let element = initial?.kind === 'list' ? initial.element : undefined;
    for (const { item, scope } of this.appendsTo(b.name.text)) {
      // Appends from the binding's own code only: a function that fills a global list is another unit.
      if (scope.lookup(b.name.text) !== b.scope || scope.executionScope !== b.scope.executionScope) continue;
      const t = this.typeOf(item, scope);
      if (!t || (element && !sameType(element, t))) return undefined;
      element = t;
    }
    return element ? { kind: 'list', element } : undefined;
  }

  private appendIndex?: Map<string, { item: Node; scope: Scope }[]>;

  /** Every `name.append(x)` / `name.insert(i, x)` in the module, by name (built once). */
  private appendsTo(name: string): { item: Node; scope: Scope }[] {
    if (!this.appendIndex) {
      this.appendIndex = new Map();
      for (const { node, scope } of this.collected.nodes.get('call') ?? []) {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'attribute') continue;
        const method = fn.childForFieldName('attribute')?.text;
        if (method !== 'append' && method !== 'insert') continue;
        const object = fn.childForFieldName('object');
        if (object?.type !== 'identifier') continue;
        const item = node.childForFieldName('arguments')?.namedChildren[method === 'append' ? 0 : 1];
        if (!item) continue;
        const list = this.appendIndex.get(object.text);
        if (list) list.push({ item, scope });
        else this.appendIndex.set(object.text, [{ item, scope }]);
      }
    }
    return this.appendIndex.get(name) ?? [];
  }

  private typeOfParam(p: ParamInfo): PyType | undefined {
    const fn = p.fn;
    const outer = fn.scope.parent ?? fn.scope;
    if (p.annotation) {
      const t = this.typeOfAnnotation(p.annotation, outer);
      if (t) return t;
    }
    if (p.index === 0 && fn.ownerClass && !isStaticOrClassMethod(fn, this)) {
      return { kind: 'instance', cls: fn.ownerClass };
    }
    if (p.splat || this.collectingFlows) return undefined;
    let result: PyType | undefined;
    for (const flow of this.spawnFlows().get(fn) ?? []) {
      const arg = flow.args.get(p.name);
      if (!arg) continue;
      const t = this.typeOf(arg, flow.scope);
      if (!t) continue;
      if (result && !sameType(result, t)) return undefined;
      result = t;
    }
    return result;
  }

  /** `lock: threading.Lock`, `q: "queue.Queue"`, `Optional[threading.Lock]` -> an instance. */
  typeOfAnnotation(annotation: Node, scope: Scope): PyType | undefined {
    let node: Node | null = annotation.type === 'type' ? annotation.namedChildren[0] : annotation;
    if (node?.type === 'generic_type' || node?.type === 'subscript') {
      const head = node.namedChildren[0];
      const q = head ? this.qualifiedName(head, scope) : undefined;
      if (q === 'typing.Optional' || q === 'builtins.Optional') {
        const args = node.namedChildren[1];
        node = args?.namedChildren[0] ?? null;
        if (node?.type === 'type') node = node.namedChildren[0];
      }
    }
    if (!node) return undefined;
    const q = this.qualifiedName(node, scope);
    if (q && FACTORIES[q]) return FACTORIES[q];
    const t = this.typeOf(node, scope);
    if (t?.kind === 'userClass') return { kind: 'instance', cls: t.cls };
    return undefined;
  }

  private typeOfAttribute(expr: Node, scope: Scope): PyType | undefined {
    const object = expr.childForFieldName('object');
    const attr = expr.childForFieldName('attribute')?.text;
    if (!object || !attr) return undefined;
    const ot = this.typeOf(object, scope);
    if (!ot) return undefined;
    switch (ot.kind) {
      case 'module': {
        const q = `${ot.name}.${attr}`;
        if (KNOWN_MODULES.has(q)) return { kind: 'module', name: q };
        return { kind: 'callable', qname: q };
      }
      case 'instance':
        return this.typeOfClassAttribute(ot.cls, attr, new Set()) ?? { kind: 'method', receiver: ot, name: attr };
      case 'userClass':
        return this.typeOfClassAttribute(ot.cls, attr, new Set());
      case 'object':
        return { kind: 'method', receiver: ot, name: attr };
      default:
        return undefined;
    }
  }

  private typeOfClassAttribute(cls: ClassInfo, attr: string, seen: Set<ClassInfo>): PyType | undefined {
    if (seen.has(cls)) return undefined;
    seen.add(cls);
    const assignments = cls.attributes.get(attr);
    if (assignments) {
      let result: PyType | undefined;
      for (const a of assignments) {
        if (a.value.type === 'none') continue;
        const t = this.typeOf(a.value, a.scope);
        if (!t) return undefined;
        if (result && !sameType(result, t)) return undefined;
        result = t;
      }
      return result;
    }
    const method = cls.scope.bindings.get(attr)?.find((b) => b.kind === 'def');
    if (method?.fn) return { kind: 'function', fn: method.fn };
    for (const base of cls.bases) {
      const bt = this.typeOf(base, cls.scope.parent ?? cls.scope);
      if (bt?.kind === 'userClass') {
        const t = this.typeOfClassAttribute(bt.cls, attr, seen);
        if (t) return t;
      }
    }
    return undefined;
  }

  private typeOfCall(call: Node, scope: Scope): PyType | undefined {
    const fnNode = call.childForFieldName('function');
    if (!fnNode) return undefined;
    const ft = this.typeOf(fnNode, scope);
    if (!ft) return undefined;
    switch (ft.kind) {
      case 'callable':
        return FACTORIES[ft.qname];
      case 'userClass':
        return { kind: 'instance', cls: ft.cls };
      case 'method': {
        const receiver = this.asObject(ft.receiver);
        return receiver ? methodResult(receiver, ft.name) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The thread or process kind a user class inherits, through user and library bases. */
  classKind(cls: ClassInfo, seen = new Set<ClassInfo>()): ObjectType | undefined {
    if (seen.has(cls)) return undefined;
    seen.add(cls);
    const outer = cls.scope.parent ?? cls.scope;
    for (const base of cls.bases) {
      const q = this.qualifiedName(base, outer);
      const kind = q ? baseClassKind(q) : undefined;
      if (kind && q) return { ...FACTORIES[q], qname: cls.name };
      const bt = this.typeOf(base, outer);
      if (bt?.kind === 'userClass') {
        const inherited = this.classKind(bt.cls, seen);
        if (inherited) return { ...inherited, qname: cls.name };
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- functions

  /** The user function an expression names: `f`, `self.method`, `obj.method` of a user class. */
  functionOf(expr: Node, scope: Scope): FunctionInfo | undefined {
    const t = this.typeOf(expr, scope);
    return t?.kind === 'function' ? t.fn : undefined;
  }

  /** The enclosing function of a function (undefined for module- and class-level definitions). */
  enclosingFunction(fn: FunctionInfo): FunctionInfo | undefined {
    for (let s = fn.scope.parent; s; s = s.parent) {
      if (s.kind === 'function' || s.kind === 'lambda') return s.fn;
    }
    return undefined;
  }

  /** The qualified names of a function's decorators (`contextlib.contextmanager`). */
  decoratorNames(fn: FunctionInfo): string[] {
    const outer = fn.scope.parent ?? fn.scope;
    return fn.decorators.map((d) => {
      let expr: Node | null | undefined = d.namedChildren[0];
      if (expr?.type === 'call') expr = expr.childForFieldName('function');
      return (expr && this.qualifiedName(expr, outer)) ?? expr?.text ?? '';
    });
  }

  // ---------------------------------------------------------------- spawn flows

  /**
   * Arguments that flow from spawn sites in this module into the target function's parameters:
   * `Thread/Process(target=f, args=(a,), kwargs={'k': b})`, `executor.submit(f, a)`,
   * `pool.apply_async(f, (a,))` and `pool.apply(f, (a,))`.
   */
  spawnFlows(): Map<FunctionInfo, SpawnFlow[]> {
    if (this.flows) return this.flows;
    const flows = new Map<FunctionInfo, SpawnFlow[]>();
    this.collectingFlows = true;
    try {
      this.collectFlows(flows);
    } finally {
      this.collectingFlows = false;
    }
    this.flows = flows;
    return flows;
  }

  private collectFlows(flows: Map<FunctionInfo, SpawnFlow[]>): void {
    for (const { node: call, scope } of this.collected.nodes.get('call') ?? []) {
      const callee = calleeOf(call);
      const lastName = callee?.name;
      if (!callee || !lastName) continue;
      if (!SPAWN_CALLEES.has(lastName)) {
        // `from threading import Thread as T`: aliases resolve through the imports alone.
        const q = callee.isMethod ? undefined : this.qualifiedNameOf(lastName, scope);
        const made = q ? FACTORIES[q] : undefined;
        if (made?.of !== 'thread' && made?.of !== 'process') continue;
      }
      const site = this.spawnSite(call, scope);
      if (!site) continue;
      const fn = this.functionOf(site.target, scope);
      if (!fn) continue;
      const params = fn.params.filter((p) => !p.splat);
      // A method reached through `self.m` or `obj.m` receives its first parameter implicitly.
      const offset = fn.ownerClass && site.target.type === 'attribute' && !isStaticOrClassMethod(fn, this) ? 1 : 0;
      const args = new Map<string, Node>();
      site.positional.forEach((a, i) => {
        const p = params[i + offset];
        if (p) args.set(p.name, a);
      });
      for (const [k, v] of site.keywords) args.set(k, v);
      const list = flows.get(fn);
      const flow = { call, scope, args };
      if (list) list.push(flow);
      else flows.set(fn, [flow]);
    }
  }

  /** The target and the arguments of a spawn call, or undefined when `call` spawns nothing. */
  spawnSite(call: Node, scope: Scope): { target: Node; positional: Node[]; keywords: Map<string, Node> } | undefined {
    const fnNode = call.childForFieldName('function');
    const argList = call.childForFieldName('arguments');
    if (!fnNode || !argList || argList.type !== 'argument_list') return undefined;
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    for (const a of argList.namedChildren) {
      if (!a) continue;
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name')?.text;
        const v = a.childForFieldName('value');
        if (k && v) keywords.set(k, v);
      } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat') positional.push(a);
    }
    const ft = this.typeOf(fnNode, scope);
    if (ft?.kind === 'callable') {
      const made = FACTORIES[ft.qname];
      if (made?.of !== 'thread' && made?.of !== 'process') return undefined;
      // Thread(group, target, name, args, kwargs) and Process(group, target, name, args, kwargs)
      const target = keywords.get('target') ?? positional[1];
      if (!target) return undefined;
      return { target, ...spreadArgs(keywords.get('args') ?? positional[3], keywords.get('kwargs') ?? positional[4]) };
    }
    if (ft?.kind === 'method') {
      const receiver = this.asObject(ft.receiver);
      if (!receiver) return undefined;
      if ((receiver.of === 'threadExecutor' || receiver.of === 'processExecutor') && ft.name === 'submit') {
        const [target, ...rest] = positional;
        if (!target) return undefined;
        const kw = new Map(keywords);
        kw.delete('fn');
        return { target, positional: rest, keywords: kw };
      }
      if ((receiver.of === 'threadPool' || receiver.of === 'processPool') && (ft.name === 'apply_async' || ft.name === 'apply')) {
        const target = keywords.get('func') ?? positional[0];
        if (!target) return undefined;
        return { target, ...spreadArgs(keywords.get('args') ?? positional[1], keywords.get('kwds') ?? positional[2]) };
      }
    }
    return undefined;
  }
}

function spreadArgs(args: Node | undefined, kwargs: Node | undefined): { positional: Node[]; keywords: Map<string, Node> } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let a = args;
  while (a?.type === 'parenthesized_expression') a = a.namedChildren[0] ?? undefined;
  if (a && (a.type === 'tuple' || a.type === 'list')) {
    for (const e of a.namedChildren) if (e) positional.push(e);
  } else if (a) {
    // `args=(x)` without the comma is a single value, not a tuple; Python then fails at start().
    positional.push(a);
  }
  if (kwargs?.type === 'dictionary') {
    for (const pair of kwargs.namedChildren) {
      const key = pair?.childForFieldName('key');
      const value = pair?.childForFieldName('value');
      if (key?.type === 'string' && value) keywords.set(key.text.slice(1, -1), value);
    }
  }
  return { positional, keywords };
}

function isEmptyList(node: Node): boolean {
  return node.type === 'list' && node.namedChildCount === 0;
}

function isStaticOrClassMethod(fn: FunctionInfo, model: SemanticModel): boolean {
  return model.decoratorNames(fn).some((d) => d === 'builtins.staticmethod' || d === 'builtins.classmethod');
}

export function sameType(a: PyType, b: PyType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'object':
      return b.kind === 'object' && a.of === b.of && a.flavor === b.flavor && a.lockKind === b.lockKind;
    case 'module':
      return b.kind === 'module' && a.name === b.name;
    case 'callable':
      return b.kind === 'callable' && a.qname === b.qname;
    case 'userClass':
    case 'instance':
      return (b.kind === 'userClass' || b.kind === 'instance') && a.cls === b.cls;
    case 'function':
      return b.kind === 'function' && a.fn === b.fn;
    case 'list':
      return b.kind === 'list' && sameType(a.element, b.element);
    case 'method':
      return b.kind === 'method' && a.name === b.name && sameType(a.receiver, b.receiver);
  }
}
