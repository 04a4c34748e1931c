/**
 * CL002 unserializable-payload
 *
 * What it does: finds work handed to another process whose callable or arguments cannot be
 * pickled: a lambda, a function defined inside another function, a `functools.partial` of one, a
 * method of a class defined inside a function, a generator, an open file, a thread-only lock, event
 * or `queue.Queue`; and, for pools, a multiprocessing lock, queue or shared value, which may only
 * reach a child through inheritance.
 *
 * Why is this bad? Pools and executors pickle the function and its arguments for every task:
 * pickle looks functions and classes up by qualified name, so a lambda or nested function cannot be
 * loaded in the worker, and files, generators and thread locks cannot be pickled at all — every
 * task fails. `Process(target=..., args=...)` is pickled only by the spawn and forkserver start
 * methods (the default on Windows and macOS, and on Linux from Python 3.14): it works with fork and
 * fails elsewhere, so it is a warning there.
 *
 * Example:
 *     def main(items):
 *         def work(x):
 *             return x * x
 *         with Pool() as pool:
 *             return pool.map(work, items)
 *
 * Use instead:
 *     def work(x):
 *         return x * x
 *
 *     def main(items):
 *         with Pool() as pool:
 *             return pool.map(work, items)
 *
 * Not flagged: thread pools (`ThreadPool`, `multiprocessing.dummy`, `ThreadPoolExecutor`) and
 * threads; Manager proxies; `multiprocessing` locks, queues, `Value` and `Array` given to
 * `Process(args=...)`; sockets and connections (multiprocessing knows how to send them); the
 * iterable of `map` itself (it is read in the parent; only its elements travel).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { SemanticModel } from '../model/model';
import type { ClassInfo, FunctionInfo, Scope } from '../model/scopes';
import type { PythonRule, RuleContext } from '../rule';
import { Handoff, HANDOFF_NAMES, handoffOf, runsInProcess, startMethodOf, unparenthesized } from './handoff';
import { lambdaToPartialFix, moveToModuleLevelFix } from './pickle-fixes';

/** Why one callable or value cannot travel, and how to say so. */
interface Problem {
  node: Node;
  subject: string;
  reason: string;
  advice: string;
  fixes?: Fix[];
}

export const unserializablePayload: PythonRule = {
  meta: {
    id: 'CL002',
    name: 'unserializable-payload',
    defaultSeverity: 'error',
    summary:
      'Work handed to another process cannot be pickled (a lambda, a nested function, a generator, an open file, a thread lock or queue): the task fails.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: [...HANDOFF_NAMES],
  check(node, scope, ctx) {
    const h = handoffOf(node, scope, ctx.model);
    if (!h || !runsInProcess(h)) return;
    const pooled = h.kind !== 'process';
    const startMethod = pooled ? undefined : startMethodOf(node, scope, ctx.model);
    // A fork context never pickles the Process: nothing to report.
    if (startMethod === 'fork') return;
    const problems: Problem[] = [];
    const callableProblem = h.callable && problemWithCallable(h.callable, scope, ctx);
    if (callableProblem) problems.push(callableProblem);
    for (const v of [...h.values, ...h.items]) {
      const p = problemWithValue(v, scope, ctx.model, pooled);
      if (p) problems.push(p);
    }
    const consequence = pooled
      ? `every task sent to ${runnerLabel(h)} fails`
      : startMethod
        ? `this ${startMethod} context pickles the Process, so start() fails`
        : 'this works with the fork start method but fails with spawn and forkserver (the default on Windows and macOS, and on Linux from Python 3.14)';
    for (const p of problems) {
      ctx.report({
        node: p.node,
        message: `${p.subject} ${p.reason}; ${consequence}. ${p.advice}`,
        severity: pooled || startMethod ? 'error' : 'warning',
        fixes: p.fixes,
      });
    }
  },
};

function runnerLabel(h: Handoff): string {
  const name = h.receiver ? ` '${h.receiver.text}'` : '';
  return h.runner?.of === 'processExecutor' ? `process pool executor${name}` : `process pool${name}`;
}

function problemWithCallable(expr: Node, scope: Scope, ctx: RuleContext): Problem | undefined {
  const { model, source } = ctx;
  const node = unparenthesized(expr);
  const lambdaAdvice = 'Use a function defined at module level, or functools.partial of one.';
  if (node.type === 'lambda') {
    const fix = lambdaToPartialFix(node, scope, model, source);
    return {
      node,
      subject: 'The lambda',
      reason: 'cannot be pickled (pickle looks functions up by qualified name, and a lambda has none)',
      advice: lambdaAdvice,
      fixes: fix ? [fix] : [],
    };
  }
  if (node.type === 'identifier' && namesLambda(node, scope, model)) {
    return {
      node,
      subject: `'${node.text}'`,
      reason: 'is a lambda, which cannot be pickled (pickle looks functions up by qualified name, and a lambda has none)',
      advice: lambdaAdvice,
    };
  }
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    const first = node.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'comment');
    if (callee && first && model.qualifiedName(callee, scope) === 'functools.partial') {
      return problemWithCallable(first, scope, ctx);
    }
    return undefined;
  }
  if (node.type !== 'identifier' && node.type !== 'attribute') return undefined;
  const fn = model.functionOf(node, scope);
  if (!fn || fn.isLambda) return undefined;
  const localClass = fn.ownerClass && definingFunction(fn.ownerClass);
  if (fn.ownerClass && localClass) {
    return {
      node,
      subject: `'${node.text}'`,
      reason: `is a method of '${fn.ownerClass.name}', a class defined inside '${localClass.name}' (pickle looks classes up by qualified name, so its instances cannot be loaded in the worker)`,
      advice: `Define '${fn.ownerClass.name}' at module level.`,
    };
  }
  const outer = fn.ownerClass ? undefined : model.enclosingFunction(fn);
  if (!outer) return undefined;
  const fix = moveToModuleLevelFix(fn, model, source);
  return {
    node,
    subject: `'${fn.name}'`,
    reason: `is defined inside '${outer.name}' (pickle looks functions up by qualified name, so a nested function cannot be loaded in the worker)`,
    advice: `Move '${fn.name}' to module level${fix ? '' : ' and pass what it uses from the enclosing function as arguments'}.`,
    fixes: fix ? [fix] : [],
  };
}

/** `square = lambda x: ...` and no other binding: the name is a lambda. */
function namesLambda(id: Node, scope: Scope, model: SemanticModel): boolean {
  const bindings = model.bindingsOf(id.text, scope);
  return bindings.length > 0 && bindings.every((b) => b.kind === 'assign' && b.value?.type === 'lambda');
}

/** The function a class is defined in, when it is a local class. */
function definingFunction(cls: ClassInfo): FunctionInfo | undefined {
  for (let s = cls.scope.parent; s; s = s.parent) {
    if (s.kind === 'function') return s.fn;
  }
  return undefined;
}

function problemWithValue(expr: Node, scope: Scope, model: SemanticModel, pooled: boolean): Problem | undefined {
  const node = unparenthesized(expr);
  if (node.type === 'tuple' || node.type === 'list' || node.type === 'set') {
    for (const e of node.namedChildren) {
      const p = e && problemWithValue(e, scope, model, pooled);
      if (p) return p;
    }
    return undefined;
  }
  if (node.type === 'dictionary') {
    for (const pair of node.namedChildren) {
      const v = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
      const p = v && problemWithValue(v, scope, model, pooled);
      if (p) return p;
    }
    return undefined;
  }
  if (isGenerator(node, scope, model)) {
    return {
      node,
      subject: `'${short(node.text)}'`,
      reason: 'is a generator, which cannot be pickled',
      advice: 'Pass a list (list(...)) or the values the generator is built from.',
    };
  }
  const t = model.objectType(node, scope);
  if (!t) return undefined;
  const subject = `'${short(node.text)}'`;
  if (t.of === 'file') {
    return { node, subject, reason: 'is an open file, which cannot be pickled', advice: 'Pass the file name and open the file in the worker.' };
  }
  const sync = t.of === 'lock' || t.of === 'queue' || t.of === 'event' || t.of === 'barrier';
  if (sync && t.flavor === 'threading') {
    const replacement = t.of === 'queue' ? 'multiprocessing.Queue' : `multiprocessing.${t.lockKind ?? (t.of === 'event' ? 'Event' : 'Barrier')}`;
    return {
      node,
      subject,
      reason: `is a ${t.qname}, which works between threads only and cannot be pickled`,
      advice: pooled ? `Use a Manager proxy (Manager().${replacement.split('.')[1]}()).` : `Use ${replacement}.`,
    };
  }
  if (pooled && (sync || t.of === 'shared') && t.flavor === 'multiprocessing') {
    const kind = t.qname.split('.').pop()!;
    return {
      node,
      subject,
      reason: `is a ${t.qname}, which may only be shared with child processes through inheritance (pickling it raises RuntimeError)`,
      advice: `Use a Manager proxy (Manager().${kind}()) or hand it to the workers through the pool's initializer.`,
    };
  }
  return undefined;
}

/** A generator expression, a call of a generator function of this module, or a name bound only to those. */
function isGenerator(node: Node, scope: Scope, model: SemanticModel, depth = 0): boolean {
  if (node.type === 'generator_expression') return true;
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    const fn = callee ? model.functionOf(callee, scope) : undefined;
    // A decorator (@contextmanager, ...) turns the generator into something else.
    return !!fn && fn.isGenerator && !fn.isLambda && fn.decorators.length === 0;
  }
  if (node.type === 'identifier' && depth === 0) {
    const bindings = model.bindingsOf(node.text, scope);
    return (
      bindings.length > 0 &&
      bindings.every((b) => b.kind === 'assign' && !!b.value && isGenerator(unparenthesized(b.value), b.scope, model, 1))
    );
  }
  return false;
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 50 ? `${oneLine.slice(0, 47)}...` : oneLine;
}
