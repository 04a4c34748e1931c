/**
 * CL005 event-reuse
 *
 * What it does: finds `e.clear()` on a `threading.Event`, `multiprocessing.Event`, a Manager Event,
 * a `multiprocessing.dummy` Event or an `asyncio.Event`.
 *
 * Why is this bad? Clearing an Event to use it again races with the threads that wait on it: a
 * `set()` that lands between another thread's `clear()` and its `wait()` is lost and the waiter
 * sleeps forever, or a waiter that was not scheduled in time misses the pulse altogether.
 *
 * Example:
 *     while True:
 *         ready.wait()
 *         ready.clear()
 *         handle()
 *
 * Use instead: a new Event per round (hand it over with the work), or a `threading.Condition`
 * with a predicate:
 *     with cond:
 *         cond.wait_for(lambda: jobs)
 *         job = jobs.pop()
 *
 * Not flagged: `clear()` on anything not known to be an Event (lists, dicts, user classes).
 */
import type { RelatedPlace } from '../../types';
import type { PythonRule } from '../rule';
import { SourceText } from '../source';
import { calledMethodName } from './calls';
import { callsMethodOn, methodCall } from './common';

const WAITER: Record<string, string> = {
  threading: 'thread',
  multiprocessing: 'process',
  manager: 'process',
  asyncio: 'task',
  stdlib: 'thread',
};

export const eventReuse: PythonRule = {
  meta: {
    id: 'CL005',
    name: 'event-reuse',
    defaultSeverity: 'warning',
    summary:
      'Clearing an Event to reuse it races with its waiters: a set() between clear() and wait() is lost, or a waiter misses the pulse.',
    languages: ['python'],
    fixable: false,
  },
  nodeTypes: ['call'],
  words: ['clear'],
  check(node, scope, ctx) {
    if (calledMethodName(node) !== 'clear') return;
    const call = methodCall(node);
    if (!call || call.args.length > 0) return;
    const event = ctx.model.objectType(call.receiver, scope);
    if (event?.of !== 'event') return;
    const name = call.receiver.text;
    const waiter = WAITER[event.flavor];
    const fnScope = scope.executionScope;
    const body = fnScope.kind === 'module' ? fnScope.node : fnScope.node.childForFieldName('body');
    const wait = body ? callsMethodOn(body, call.receiver, ['wait']) : undefined;
    const related: RelatedPlace[] = wait
      ? [{ range: SourceText.range(wait), message: `'${name}' is waited on here` }]
      : [];
    ctx.report({
      node,
      message: `Event '${name}' is cleared to be reused: a set() from another ${waiter} that lands just before this clear() is erased, so that round is lost or a waiting ${waiter} blocks forever. Create a new Event for each round, or use a Condition with a predicate.`,
      related,
    });
  },
};
