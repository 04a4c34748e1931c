/**
 * CL004 queue-state-race
 *
 * What it does: finds `q.empty()`, `q.full()` and `q.qsize()` of a queue (`queue.Queue`,
 * `LifoQueue`, `PriorityQueue`, `SimpleQueue`, `multiprocessing.Queue`/`JoinableQueue`/
 * `SimpleQueue`, a Manager queue, an `asyncio` queue; Python 2's `Queue.Queue`) used to decide
 * something: the test of an `if`/`elif`/`while`, the condition of a conditional expression, or a
 * comprehension's `if`, also under `not`, comparisons and `and`/`or`.
 *
 * Why is this bad? The answer is stale as soon as it returns: another thread, process or task may
 * put or get before the code acts on it, so check-then-act loses items, blocks forever in `get()` or
 * spins. `multiprocessing.Queue.qsize()` also raises NotImplementedError on macOS.
 *
 * Example:
 *     while not q.empty():
 *         item = q.get()
 *         handle(item)
 *
 * Use instead:
 *     while True:
 *         try:
 *             item = q.get(timeout=0.1)
 *         except queue.Empty:
 *             break
 *         handle(item)
 *
 * Not flagged: reporting (`print(q.qsize())`, logging, `return q.empty()`, plain assignment) and
 * `assert`; methods of objects not known to be queues; a `queue` module queue in a module that imports
 * no threading, multiprocessing, concurrent.futures or asyncio (a plain container there).
 */
import type { Node } from 'web-tree-sitter';
import type { PythonRule } from '../rule';
import type { SourceText } from '../source';
import { calledMethodName } from './calls';
import { methodCall } from './common';
import { queueStateFixes } from './queue-fixes';

const STATE_METHODS = new Set(['empty', 'full', 'qsize']);

/** Expressions a queue-state call may sit under and still be what the test decides on. */
const TRANSPARENT = new Set(['not_operator', 'comparison_operator', 'boolean_operator', 'parenthesized_expression']);

export const queueStateRace: PythonRule = {
  meta: {
    id: 'CL004',
    name: 'queue-state-race',
    defaultSeverity: 'warning',
    summary:
      "A decision on a queue's empty()/full()/qsize() is stale at once: another thread or process may put or get before the code acts on it.",
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: [...STATE_METHODS],
  check(node, scope, ctx) {
    const method = calledMethodName(node);
    if (!method || !STATE_METHODS.has(method)) return;
    const call = methodCall(node);
    if (!call || call.args.length > 0 || call.keywords.size > 0) return;
    const queue = ctx.model.objectType(call.receiver, scope);
    if (queue?.of !== 'queue') return;
    if (queue.flavor === 'threading' && !importsConcurrency(ctx.source)) return;
    const test = decidingTest(node);
    if (!test) return;
    const name = call.receiver.text;
    const other =
      queue.flavor === 'asyncio' ? 'task' : queue.flavor === 'multiprocessing' || queue.flavor === 'manager' ? 'process' : 'thread';
    // multiprocessing.SimpleQueue has neither timeouts nor get_nowait(): only a sentinel ends a consumer.
    const simple = queue.qname === 'multiprocessing.SimpleQueue';
    const instead = simple
      ? `'${name}.get()' and have the producer put a sentinel (such as None) when it is done`
      : call.method === 'full'
        ? queue.flavor === 'asyncio'
          ? `'${name}.put_nowait(...)' and catch asyncio.QueueFull`
          : `'${name}.put(item, timeout=...)' or '${name}.put_nowait(item)' and catch queue.Full`
        : queue.flavor === 'asyncio'
          ? `'${name}.get_nowait()' and catch asyncio.QueueEmpty (or just 'await ${name}.get()')`
          : `'${name}.get(timeout=...)' or '${name}.get_nowait()' and catch queue.Empty`;
    const macos =
      call.method === 'qsize' && queue.flavor === 'multiprocessing' ? ` ${queue.qname}.qsize() also raises NotImplementedError on macOS.` : '';
    ctx.report({
      node,
      message: `Queue '${name}' may change right after this ${call.method}() check: another ${other} can put or get before the code acts on it, so items are lost, get() blocks forever or the loop spins. Call ${instead} instead.${macos}`,
      fixes: simple ? [] : queueStateFixes(test, call, queue, scope, ctx),
    });
  },
};

/**
 * A module that imports only `queue` and never threads, processes or tasks uses `queue.PriorityQueue`
 * and friends as plain containers: nobody else can change them between check and act.
 */
const CONCURRENCY_IMPORT =
  /^[ \t]*(?:from[ \t]+(?:threading|_thread|thread|multiprocessing|concurrent|asyncio)\b|import[ \t]+[^#\n]*\b(?:threading|_thread|thread|multiprocessing|concurrent|asyncio)\b)/m;
const importsConcurrencyCache = new WeakMap<SourceText, boolean>();

function importsConcurrency(source: SourceText): boolean {
  let answer = importsConcurrencyCache.get(source);
  if (answer === undefined) {
    answer = CONCURRENCY_IMPORT.test(source.text);
    importsConcurrencyCache.set(source, answer);
  }
  return answer;
}

/**
 * The `if`/`elif`/`while`/conditional expression/comprehension filter whose test the call decides,
 * as { owner, test } (test: the whole condition expression), or undefined.
 */
function decidingTest(call: Node): { owner: Node; test: Node } | undefined {
  let n = call;
  while (n.parent && TRANSPARENT.has(n.parent.type)) n = n.parent;
  const owner = n.parent;
  if (!owner) return undefined;
  switch (owner.type) {
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return owner.childForFieldName('condition')?.id === n.id ? { owner, test: n } : undefined;
    case 'conditional_expression':
      return owner.namedChildren[1]?.id === n.id ? { owner, test: n } : undefined;
    case 'if_clause':
      return { owner, test: n };
    default:
      return undefined;
  }
}
