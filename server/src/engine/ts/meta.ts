// The TypeScript/JavaScript rules' metadata, apart from the rules themselves: the server and the CLI
// read it (settings, hover, SARIF) without loading the TypeScript compiler the rules need.
import type { RuleMeta } from '../types';

export const TS_RULE_METAS: readonly RuleMeta[] = [
  {
    id: 'CL001',
    name: 'unreleased-lock',
    defaultSeverity: 'warning',
    summary:
      'A lock is acquired where its release is not guaranteed: an exception or early exit before release() leaves it held and blocks every other thread.',
    languages: ['typescript', 'javascript'],
    fixable: true,
  },
  {
    id: 'CL002',
    name: 'unserializable-payload',
    defaultSeverity: 'error',
    summary: 'Work handed to another process cannot be pickled (a lambda, a nested function, a generator, an open file, a thread lock or queue): the task fails.',
    languages: ['typescript', 'javascript'],
    fixable: false,
  },
  {
    id: 'CL003',
    name: 'join-in-loop',
    defaultSeverity: 'warning',
    summary: 'A thread, process or task is started and waited for in the same loop iteration, so the work runs one item at a time.',
    languages: ['typescript', 'javascript'],
    fixable: true,
  },
  {
    id: 'CL004',
    name: 'queue-state-race',
    defaultSeverity: 'warning',
    summary: "A decision on a queue's empty()/full()/qsize() is stale at once: another thread or process may put or get before the code acts on it.",
    languages: ['typescript', 'javascript'],
    fixable: false,
  },
  {
    id: 'CL005',
    name: 'event-reuse',
    defaultSeverity: 'warning',
    summary: 'Clearing an Event to reuse it races with its waiters: a set() between clear() and wait() is lost, or a waiter misses the pulse.',
    languages: ['typescript', 'javascript'],
    fixable: false,
  },
  {
    id: 'CL016',
    name: 'worker-error-unhandled',
    defaultSeverity: 'warning',
    summary: "A worker or child process has no 'error' (or 'exit') listener: an exception in it crashes the parent or is silently lost.",
    languages: ['typescript', 'javascript'],
    fixable: false,
  },
];

/** The metadata of a TS/JS rule by id; a rule file names its own id, so a miss is a programming error. */
export function tsRuleMeta(id: string): RuleMeta {
  const meta = TS_RULE_METAS.find((m) => m.id === id);
  if (!meta) throw new Error(`no TypeScript/JavaScript rule metadata for ${id}`);
  return meta;
}
