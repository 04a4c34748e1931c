// What CL002 and CL007 share: recognising a call that hands work to another thread or process
// (`Thread/Process(target=...)`, a pool's `map`/`apply_async`, an executor's `submit`,
// `loop.run_in_executor`, `asyncio.to_thread`) and taking it apart into the callable and the values
// that travel with it.
import type { Node } from 'web-tree-sitter';
import { calleeOf } from '../model/callee';
import type { SemanticModel } from '../model/model';
import type { ClassInfo, Scope } from '../model/scopes';
import { FACTORIES, methodResult, ObjectType } from '../model/stdlib';
import { callArguments } from './common';

export type HandoffKind = 'thread' | 'process' | 'pool' | 'executor' | 'loopExecutor' | 'toThread';

export interface Handoff {
  call: Node;
  kind: HandoffKind;
  /** The object that runs the work: the pool, the executor, or the Thread/Process being created. */
  runner: ObjectType | undefined;
  /** `map`, `apply_async`, `submit`, ... for pools and executors; the class name for Thread/Process. */
  method: string;
  /** The expression naming the pool or executor (`pool`, `ex`), when there is one. */
  receiver?: Node;
  /** The callable argument: `target=`, `func=`, the first positional of submit/map/apply. */
  callable?: Node;
  /** Where the callable sits: a keyword (`target`) or a positional index. */
  callableSlot?: string | number;
  /** Values given to the callable: positional after it, `args=(...)` elements, `kwargs={...}` values. */
  values: Node[];
  /** Elements of a list/tuple literal given as the iterable of a map-like call. */
  items: Node[];
  /** Every positional argument and keyword of the handoff call itself. */
  positional: Node[];
  keywords: Map<string, Node>;
}

export const POOL_MAP_METHODS = ['map', 'imap', 'imap_unordered', 'starmap', 'map_async', 'starmap_async'];
export const POOL_APPLY_METHODS = ['apply', 'apply_async'];
/** The last names of the calls that can hand work over (a bare name can also be an import or a class). */
export const HANDOFF_NAMES = new Set([
  'Thread',
  'Timer',
  'Process',
  'DummyProcess',
  'submit',
  'run_in_executor',
  'to_thread',
  ...POOL_MAP_METHODS,
  ...POOL_APPLY_METHODS,
]);

/** Whether the work of a handoff runs in another process (so it is pickled). */
export function runsInProcess(h: Handoff): boolean {
  const of = h.runner?.of;
  return of === 'process' || of === 'processPool' || of === 'processExecutor';
}

const handoffs = new WeakMap<SemanticModel, Map<number, Handoff | undefined>>();

/** The call `call` taken apart as a handoff of work, or undefined when it hands nothing over. */
export function handoffOf(call: Node, scope: Scope, model: SemanticModel): Handoff | undefined {
  // CL002 and CL007 both ask about every call: take each apart once per analysis.
  let known = handoffs.get(model);
  if (!known) {
    known = new Map();
    handoffs.set(model, known);
  }
  if (known.has(call.id)) return known.get(call.id);
  const h = takeApart(call, scope, model);
  known.set(call.id, h);
  return h;
}

function takeApart(call: Node, scope: Scope, model: SemanticModel): Handoff | undefined {
  const callee = calleeOf(call);
  const lastName = callee?.name;
  if (!callee || !lastName) return undefined;
  // A cheap filter first: every method form has one of the known names; a bare name must be one of
  // them, an import (`from threading import Thread as T`) or a class (a Thread subclass).
  if (!HANDOFF_NAMES.has(lastName)) {
    if (callee.isMethod) return undefined;
    const bindings = model.bindingsOf(lastName, scope);
    if (bindings.length === 0 || !bindings.every((b) => b.kind === 'import' || b.kind === 'class')) return undefined;
  }
  const { args, keywords } = callArguments(call);
  const splat = args.findIndex((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
  const positional = splat >= 0 ? args.slice(0, splat) : args;
  const base = { call, positional, keywords, values: [] as Node[], items: [] as Node[] };

  const fnNode = callee.node;
  const ft = model.typeOf(fnNode, scope);
  const created = createdWorker(ft, model);
  if (created) {
    // Thread(group, target, name, args, kwargs); Timer(interval, function, args, kwargs)
    const timer = created.qname === 'threading.Timer';
    const slot = timer ? 'function' : 'target';
    const [callable, callableSlot] = keywords.has(slot) ? [keywords.get(slot), slot] : [positional[1], 1];
    const argsNode = keywords.get('args') ?? positional[timer ? 2 : 3];
    const kwargsNode = keywords.get('kwargs') ?? positional[timer ? 3 : 4];
    return {
      ...base,
      kind: created.of === 'process' ? 'process' : 'thread',
      runner: created,
      method: lastName,
      callable,
      callableSlot,
      values: [...sequenceElements(argsNode), ...dictValues(kwargsNode)],
    };
  }

  if (ft?.kind === 'callable' && ft.qname === 'asyncio.to_thread') {
    return {
      ...base,
      kind: 'toThread',
      runner: FACTORIES['threading.Thread'],
      method: 'to_thread',
      callable: positional[0],
      callableSlot: 0,
      values: [...positional.slice(1), ...keywords.values()],
    };
  }

  if (fnNode.type !== 'attribute') return undefined;
  const receiver = fnNode.childForFieldName('object') ?? undefined;
  if (!receiver) return undefined;
  const runner = ft?.kind === 'method' ? model.asObject(ft.receiver) : undefined;

  if (lastName === 'run_in_executor') {
    // The loop is often a parameter of unknown type; the method name is distinctive enough.
    if (runner && runner.of !== 'eventLoop') return undefined;
    const executor = keywords.get('executor') ?? positional[0];
    if (!executor) return undefined;
    const executorType = executor.type === 'none' ? FACTORIES['concurrent.futures.ThreadPoolExecutor'] : model.objectType(executor, scope);
    return {
      ...base,
      kind: 'loopExecutor',
      runner: executorType,
      method: lastName,
      receiver: executor,
      callable: positional[1],
      callableSlot: 1,
      values: positional.slice(2),
    };
  }

  if (runner?.of === 'threadPool' || runner?.of === 'processPool') {
    const [callable, callableSlot] = keywords.has('func') ? [keywords.get('func'), 'func'] : [positional[0], 0];
    if (POOL_APPLY_METHODS.includes(lastName)) {
      const argsNode = keywords.get('args') ?? positional[1];
      const kwdsNode = keywords.get('kwds') ?? positional[2];
      return {
        ...base,
        kind: 'pool',
        runner,
        method: lastName,
        receiver,
        callable,
        callableSlot,
        values: [...sequenceElements(argsNode), ...dictValues(kwdsNode)],
      };
    }
    if (POOL_MAP_METHODS.includes(lastName)) {
      const iterable = keywords.get('iterable') ?? positional[1];
      return { ...base, kind: 'pool', runner, method: lastName, receiver, callable, callableSlot, items: sequenceElements(iterable) };
    }
    return undefined;
  }

  if (runner?.of === 'threadExecutor' || runner?.of === 'processExecutor') {
    const [callable, callableSlot] = keywords.has('fn') ? [keywords.get('fn'), 'fn'] : [positional[0], 0];
    const rest = callableSlot === 0 ? positional.slice(1) : positional;
    if (lastName === 'submit') {
      const kw = [...keywords].filter(([k]) => k !== 'fn').map(([, v]) => v);
      return { ...base, kind: 'executor', runner, method: lastName, receiver, callable, callableSlot, values: [...rest, ...kw] };
    }
    if (lastName === 'map') {
      return { ...base, kind: 'executor', runner, method: lastName, receiver, callable, callableSlot, items: rest.flatMap(sequenceElements) };
    }
  }
  return undefined;
}

/** What a constructor call creates when it is a Thread, Timer or Process (of the library or a subclass). */
function createdWorker(ft: ReturnType<SemanticModel['typeOf']>, model: SemanticModel): ObjectType | undefined {
  let made: ObjectType | undefined;
  if (ft?.kind === 'callable') made = FACTORIES[ft.qname];
  else if (ft?.kind === 'method') {
    const receiver = model.asObject(ft.receiver);
    if (receiver?.of === 'mpContext') made = methodResult(receiver, ft.name);
  } else if (ft?.kind === 'userClass' && !definesInit(ft.cls, model)) {
    // A subclass that keeps Thread's/Process's constructor takes target= and args= the same way.
    made = model.classKind(ft.cls);
  }
  return made && (made.of === 'thread' || made.of === 'process') ? made : undefined;
}

/** Whether a user class or one of its user bases defines `__init__` (an unknown base counts as yes). */
function definesInit(cls: ClassInfo, model: SemanticModel, seen = new Set<ClassInfo>()): boolean {
  if (seen.has(cls)) return true;
  seen.add(cls);
  if (cls.scope.bindings.has('__init__')) return true;
  const outer = cls.scope.parent ?? cls.scope;
  return cls.bases.some((b) => {
    const t = model.typeOf(b, outer);
    return t?.kind === 'userClass' && definesInit(t.cls, model, seen);
  });
}

/**
 * The start method a call's multiprocessing context names: `get_context("spawn").Process(...)`, or
 * `ctx.Pool()` with `ctx = mp.get_context("fork")` bound once. Undefined for the default context.
 */
export function startMethodOf(call: Node, scope: Scope, model: SemanticModel): string | undefined {
  const fn = call.childForFieldName('function');
  let receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (!receiver) return undefined;
  if (receiver.type === 'identifier') {
    const bindings = model.bindingsOf(receiver.text, scope);
    if (bindings.length !== 1 || bindings[0].kind !== 'assign' || !bindings[0].value) return undefined;
    receiver = bindings[0].value;
  }
  if (receiver.type !== 'call') return undefined;
  const getContext = receiver.childForFieldName('function');
  if (!getContext || !/\.get_context$/.test(model.qualifiedName(getContext, scope) ?? '')) return undefined;
  const { args, keywords } = callArguments(receiver);
  const method = args[0] ?? keywords.get('method');
  const m = method ? /^['"](fork|spawn|forkserver)['"]$/.exec(method.text) : null;
  return m?.[1];
}

export function unparenthesized(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChildren[0]!;
  return n;
}

/** The elements of a tuple or list literal; a single parenthesized value counts as one element. */
export function sequenceElements(node: Node | undefined): Node[] {
  if (!node) return [];
  const n = unparenthesized(node);
  if (n.type === 'tuple' || n.type === 'list') {
    return n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'list_splat');
  }
  // `args=(x)` is x itself; a name or a call is a sequence whose elements are unknown.
  return node.type === 'parenthesized_expression' ? [n] : [];
}

function dictValues(node: Node | undefined): Node[] {
  if (node?.type !== 'dictionary') return [];
  return node.namedChildren.flatMap((pair) => {
    const v = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
    return v ? [v] : [];
  });
}
