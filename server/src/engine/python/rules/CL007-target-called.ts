/**
 * CL007 target-called
 *
 * What it does: finds a function that is called where it should be passed: `Thread(target=f())`,
 * `Process(target=f())`, `executor.submit(f())`, `pool.apply_async(f())`, `pool.map(f(), xs)`,
 * `loop.run_in_executor(ex, f())`, `asyncio.to_thread(f())`.
 *
 * Why is this bad? `f()` runs now, in the calling thread, and its return value becomes the target:
 * the work is done serially before the thread even exists, and the thread then runs nothing (a
 * `None` target) or fails with "object is not callable".
 *
 * Example:
 *     threads.append(threading.Thread(target=buy()))
 *
 * Use instead:
 *     threads.append(threading.Thread(target=buy))
 *
 * Not flagged: calls that return a callable — `functools.partial(...)`, `getattr(...)`,
 * `operator.attrgetter(...)`, a function of this module that returns a lambda, a nested def or a
 * partial, a class that defines `__call__` — and calls the analyzer cannot see into (imported
 * functions, unknown methods), whose result may well be callable.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { PyType, SemanticModel } from '../model/model';
import type { ClassInfo, FunctionInfo, Scope } from '../model/scopes';
import type { PythonRule } from '../rule';
import { SourceText } from '../source';
import { callArguments } from './common';
import { Handoff, HANDOFF_NAMES, handoffOf, POOL_APPLY_METHODS, unparenthesized } from './handoff';

export const targetCalled: PythonRule = {
  meta: {
    id: 'CL007',
    name: 'target-called',
    defaultSeverity: 'error',
    summary:
      'A thread, process or pool target is called instead of passed: it runs now in the calling thread and its return value becomes the target.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: [...HANDOFF_NAMES],
  check(node, scope, ctx) {
    const h = handoffOf(node, scope, ctx.model);
    if (!h?.callable) return;
    const inner = unparenthesized(h.callable);
    if (inner.type !== 'call') return;
    const result = nonCallableResult(inner, scope, ctx.model);
    if (!result) return;
    const callee = inner.childForFieldName('function')!;
    const name = callee.text;
    const worker = h.kind === 'thread' || h.kind === 'process' ? h.kind : 'task';
    const role = worker === 'task' ? 'function to run' : 'target';
    const failure =
      result === 'None'
        ? worker === 'task'
          ? `the ${worker} fails with TypeError ('NoneType' object is not callable)`
          : `the ${worker} runs nothing`
        : `the ${worker} fails with TypeError`;
    const instance = ctx.model.typeOf(callee, scope)?.kind === 'userClass';
    ctx.report({
      node: inner,
      message: instance
        ? `'${compact(inner.text)}' creates ${result} now, which is not callable, and passes it as the ${role}: ${failure}. Pass a method of it (such as '${name}().run'), or give ${name} a __call__ method.`
        : `'${compact(inner.text)}' calls ${name} now, in the calling thread, and passes its return value (${result}) as the ${role}: ${failure}. Pass '${name}' and its arguments separately.`,
      fixes: instance ? [] : fixFor(h, inner, callee, preferredQuote(ctx.source.text)),
    });
  },
};

const NON_CALLABLE_LITERALS = new Set([
  'none',
  'true',
  'false',
  'integer',
  'float',
  'string',
  'concatenated_string',
  'list',
  'tuple',
  'dictionary',
  'set',
  'list_comprehension',
  'dictionary_comprehension',
  'set_comprehension',
  'generator_expression',
  'binary_operator',
  'unary_operator',
  'comparison_operator',
  'not_operator',
  'expression_list',
]);

/** Builtins whose result is never callable. */
const NON_CALLABLE_BUILTINS = new Set(
  ['str', 'int', 'float', 'bool', 'bytes', 'len', 'list', 'dict', 'tuple', 'set', 'frozenset', 'sorted', 'sum', 'repr', 'format', 'abs', 'round', 'range', 'print', 'input', 'isinstance', 'hash', 'id'].map(
    (n) => `builtins.${n}`,
  ),
);

/**
 * What `call` returns when that is certainly not callable ('None', 'a generator', ...), or undefined
 * when it may be callable or the analyzer cannot tell.
 */
function nonCallableResult(call: Node, scope: Scope, model: SemanticModel): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const t: PyType | undefined = model.typeOf(callee, scope);
  if (t?.kind === 'userClass') return instancesCallable(t.cls, model) === false ? `a ${t.cls.name} instance` : undefined;
  if (t?.kind === 'callable') {
    if (NON_CALLABLE_BUILTINS.has(t.qname)) return 'a value';
    return model.objectType(call, scope) ? `a ${model.objectType(call, scope)!.qname} object` : undefined;
  }
  if (t?.kind === 'method') return model.objectType(call, scope) ? 'an object' : undefined;
  if (t?.kind !== 'function' || t.fn.isLambda) return undefined;
  const fn = t.fn;
  // A decorator may replace the function by anything; only the method kinds keep it as it is.
  const decorators = model.decoratorNames(fn);
  if (decorators.some((d) => d !== 'builtins.staticmethod' && d !== 'builtins.classmethod')) return undefined;
  if (fn.isAsync) return 'a coroutine';
  if (fn.isGenerator) return 'a generator';
  const returns = returnValues(fn);
  if (returns.every((r) => !r || r.type === 'none')) return 'None';
  return returns.every((r) => !r || nonCallableValue(r, fn.scope, model)) ? 'a value that is not callable' : undefined;
}

function nonCallableValue(expr: Node, scope: Scope, model: SemanticModel): boolean {
  const e = unparenthesized(expr);
  if (NON_CALLABLE_LITERALS.has(e.type)) return true;
  // Only results known without reading another function's body: that function may be elsewhere.
  if (e.type === 'call') return nonUserResult(e, scope, model);
  if (e.type === 'identifier') {
    // A local whose every assignment is a literal or a non-callable result.
    if (scope.lookup(e.text) !== scope) return false;
    const bindings = scope.bindings.get(e.text) ?? [];
    return bindings.every(
      (b) =>
        b.kind === 'assign' &&
        !!b.value &&
        (NON_CALLABLE_LITERALS.has(unparenthesized(b.value).type) ||
          (b.value.type === 'call' && nonUserResult(b.value, scope, model))),
    );
  }
  return false;
}

/** A call of a builtin or library factory whose result is not callable. */
function nonUserResult(call: Node, scope: Scope, model: SemanticModel): boolean {
  const callee = call.childForFieldName('function');
  const t = callee ? model.typeOf(callee, scope) : undefined;
  return (t?.kind === 'callable' || t?.kind === 'method') && !!nonCallableResult(call, scope, model);
}

/** The values of a function's return statements (undefined for a bare `return`), nested scopes left out. */
function returnValues(fn: FunctionInfo): (Node | undefined)[] {
  const out: (Node | undefined)[] = [];
  const body = fn.node.childForFieldName('body');
  const stack: Node[] = body ? [body] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
    if (n.type === 'return_statement') {
      out.push(n.namedChildren.find((c) => c?.type !== 'comment') ?? undefined);
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return out;
}

/**
 * Whether instances of a user class are callable: false when neither it nor any base defines
 * `__call__` and every base is known; undefined when a base is a library class.
 */
function instancesCallable(cls: ClassInfo, model: SemanticModel, seen = new Set<ClassInfo>()): boolean | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  if (cls.scope.bindings.has('__call__') || cls.attributes.has('__call__')) return true;
  const outer = cls.scope.parent ?? cls.scope;
  for (const base of cls.bases) {
    const t = model.typeOf(base, outer);
    if (t?.kind === 'userClass') {
      const inherited = instancesCallable(t.cls, model, seen);
      if (inherited !== false) return inherited;
    } else if (model.qualifiedName(base, outer) !== 'builtins.object') return undefined;
  }
  return false;
}

/** The quote the file writes strings with most: new string literals follow it. */
function preferredQuote(text: string): string {
  const doubles = text.split('"').length;
  const singles = text.split("'").length;
  return doubles > singles ? '"' : "'";
}

function compact(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** `target=f(a, b)` -> `target=f, args=(a, b)`; `submit(f(a))` -> `submit(f, a)`; `map(f(), xs)` -> `map(f, xs)`. */
function fixFor(h: Handoff, inner: Node, callee: Node, quote: string): Fix[] {
  const { args, keywords } = callArguments(inner);
  if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return [];
  const name = callee.text;
  const fix = (newText: string): Fix[] => [
    { title: `Pass '${name}' instead of calling it`, safe: false, edits: [SourceText.replace(inner, newText)] },
  ];
  if (h.callable?.id !== inner.id) return [];
  if (args.length === 0 && keywords.size === 0) return fix(name);
  const positional = args.map((a) => a.text);
  const keywordArgs = [...keywords].map(([k, v]) => `${k}=${v.text}`);
  const tuple = `(${positional.join(', ')}${positional.length === 1 ? ',' : ''})`;
  const dict = `{${[...keywords].map(([k, v]) => `${quote}${k}${quote}: ${v.text}`).join(', ')}}`;
  switch (h.kind) {
    case 'thread':
    case 'process': {
      if (typeof h.callableSlot !== 'string' || h.keywords.has('args') || h.keywords.has('kwargs')) return [];
      if (h.positional.length > (h.callableSlot === 'function' ? 1 : 0)) return [];
      const parts = [name];
      if (positional.length) parts.push(`args=${tuple}`);
      if (keywords.size) parts.push(`kwargs=${dict}`);
      return fix(parts.join(', '));
    }
    case 'pool': {
      if (!POOL_APPLY_METHODS.includes(h.method) || h.callableSlot !== 0 || h.positional.length !== 1) return [];
      if (h.keywords.has('args') || h.keywords.has('kwds')) return [];
      const parts = [name, tuple];
      if (keywords.size) parts.push(dict);
      return fix(parts.join(', '));
    }
    case 'executor':
    case 'toThread':
    case 'loopExecutor': {
      if (h.method === 'map' || typeof h.callableSlot !== 'number') return [];
      // The call must be the last positional argument, and run_in_executor takes no keywords.
      if (h.positional.length !== h.callableSlot + 1 || (h.kind === 'loopExecutor' && keywords.size)) return [];
      return fix([name, ...positional, ...keywordArgs].join(', '));
    }
  }
}
