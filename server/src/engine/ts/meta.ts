// The TypeScript/JavaScript rules' metadata, apart from the rules themselves: the server and the CLI
// read it (settings, hover, SARIF) without loading the TypeScript compiler the rules need. The
// summaries speak of what Node code uses (worker_threads, child_process, pools, async-mutex), not
// of the Python objects the same rule ids cover there.
import type { RuleMeta } from '../types';

export const TS_RULE_METAS: readonly RuleMeta[] = [
  {
    id: 'CL001',
    name: 'unreleased-lock',
    defaultSeverity: 'warning',
    summary:
      'An async-mutex Mutex or Semaphore is acquired where its release is not guaranteed: an exception or early return before release() leaves it locked, and every later acquire() waits forever. Use runExclusive(), or release in a finally that starts right after the acquire.',
    languages: ['typescript', 'javascript'],
    fixable: true,
  },
  {
    id: 'CL002',
    name: 'unserializable-payload',
    defaultSeverity: 'error',
    summary:
      'A value sent to a worker thread or child process cannot travel: postMessage, workerData, structuredClone and pool.run() use structured clone, which throws a DataCloneError on functions, symbols, Promises and WeakMaps and drops class methods; child.send() uses JSON, which drops or changes Map, Set, Date, BigInt and functions.',
    languages: ['typescript', 'javascript'],
    fixable: false,
  },
  {
    id: 'CL003',
    name: 'join-in-loop',
    defaultSeverity: 'warning',
    summary:
      "A worker, child process or pool task is started and awaited in the same loop iteration (await pool.run(), await once(worker, 'exit')), so the work runs one item at a time. Start them all, then await Promise.all().",
    languages: ['typescript', 'javascript'],
    fixable: true,
  },
  {
    id: 'CL004',
    name: 'queue-state-race',
    defaultSeverity: 'warning',
    summary:
      'A test on the size of a collection that other async tasks or workers share (.length, .size, isEmpty(), Atomics.load) is stale after the next await: act first and test the result, or use Atomics.compareExchange().',
    languages: ['typescript', 'javascript'],
    fixable: false,
  },
  {
    id: 'CL005',
    name: 'event-reuse',
    defaultSeverity: 'warning',
    summary:
      'An AbortController is aborted and its signal used again by code that runs again: a signal stays aborted, so every later fetch, timer or worker task given it aborts at once. Create a new AbortController per operation.',
    languages: ['typescript', 'javascript'],
    fixable: false,
  },
  {
    id: 'CL016',
    name: 'worker-error-unhandled',
    defaultSeverity: 'warning',
    summary:
      "A worker_threads Worker or child_process child has no 'error' (or 'exit') listener: an exception thrown in the worker, or a child that fails to start, crashes the parent process or goes unnoticed.",
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
