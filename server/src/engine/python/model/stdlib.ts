// What the standard library's concurrency names are. The semantic model resolves an expression to a
// qualified name (`mp.Pool` -> `multiprocessing.Pool`) and looks it up here; rules never match text.

/** What a value is, as far as the rules care. */
export type ObjectKind =
  | 'thread'
  | 'process'
  | 'threadPool' // multiprocessing.pool.ThreadPool, multiprocessing.dummy.Pool
  | 'processPool' // multiprocessing.Pool
  | 'threadExecutor'
  | 'processExecutor'
  | 'lock' // Lock, RLock, Semaphore, BoundedSemaphore, Condition
  | 'queue'
  | 'event'
  | 'barrier'
  | 'manager' // multiprocessing.Manager() / SyncManager
  | 'mpContext' // multiprocessing.get_context(...): has the module's factories as methods
  | 'future'
  | 'asyncResult'
  | 'file'
  | 'socket'
  | 'eventLoop'
  | 'shared'; // Value, Array, Manager list/dict/Namespace: picklable proxies or shared memory

/** Which implementation an object comes from: decides what can travel to another process. */
export type Flavor = 'threading' | 'multiprocessing' | 'manager' | 'asyncio' | 'stdlib';

export type LockKind = 'Lock' | 'RLock' | 'Semaphore' | 'BoundedSemaphore' | 'Condition';

export interface ObjectType {
  kind: 'object';
  of: ObjectKind;
  flavor: Flavor;
  /** The class as a user would name it: `threading.Lock`, `multiprocessing.Queue`, `Manager().Lock`. */
  qname: string;
  lockKind?: LockKind;
}

function obj(of: ObjectKind, flavor: Flavor, qname: string, lockKind?: LockKind): ObjectType {
  return lockKind ? { kind: 'object', of, flavor, qname, lockKind } : { kind: 'object', of, flavor, qname };
}

/** Module names as they are imported, mapped to the module they are (Python 2 names included). */
export const MODULE_ALIASES: Record<string, string> = {
  Queue: 'queue',
  thread: '_thread',
  'multiprocessing.dummy.connection': 'multiprocessing.dummy',
};

/** The modules whose names a file must mention for any rule to apply (the text pre-filter). */
export const CONCURRENCY_MODULES = [
  'threading',
  '_thread',
  'thread',
  'multiprocessing',
  'concurrent',
  'queue',
  'Queue',
  'asyncio',
];

const lockFactories = (module: string, flavor: Flavor): Record<string, ObjectType> => {
  const out: Record<string, ObjectType> = {};
  for (const k of ['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition'] as LockKind[]) {
    out[`${module}.${k}`] = obj('lock', flavor, `${module}.${k}`, k);
  }
  return out;
};

/** Factories for the names a multiprocessing module or context offers (module.X(...) or ctx.X(...)). */
function multiprocessingFactories(prefix: string): Record<string, ObjectType> {
  return {
    ...lockFactories(prefix, 'multiprocessing'),
    [`${prefix}.Process`]: obj('process', 'multiprocessing', 'multiprocessing.Process'),
    [`${prefix}.Pool`]: obj('processPool', 'multiprocessing', 'multiprocessing.Pool'),
    [`${prefix}.Queue`]: obj('queue', 'multiprocessing', 'multiprocessing.Queue'),
    [`${prefix}.JoinableQueue`]: obj('queue', 'multiprocessing', 'multiprocessing.JoinableQueue'),
    [`${prefix}.SimpleQueue`]: obj('queue', 'multiprocessing', 'multiprocessing.SimpleQueue'),
    [`${prefix}.Event`]: obj('event', 'multiprocessing', 'multiprocessing.Event'),
    [`${prefix}.Barrier`]: obj('barrier', 'multiprocessing', 'multiprocessing.Barrier'),
    [`${prefix}.Manager`]: obj('manager', 'multiprocessing', 'multiprocessing.Manager'),
    [`${prefix}.Value`]: obj('shared', 'multiprocessing', 'multiprocessing.Value'),
    [`${prefix}.Array`]: obj('shared', 'multiprocessing', 'multiprocessing.Array'),
    [`${prefix}.get_context`]: obj('mpContext', 'multiprocessing', 'multiprocessing.context'),
  };
}

/** Qualified name of a callable -> the object its call returns. */
export const FACTORIES: Record<string, ObjectType> = {
  ...lockFactories('threading', 'threading'),
  'threading._allocate_lock': obj('lock', 'threading', 'threading.Lock', 'Lock'),
  '_thread.allocate_lock': obj('lock', 'threading', '_thread.allocate_lock', 'Lock'),
  '_thread.allocate': obj('lock', 'threading', '_thread.allocate_lock', 'Lock'),
  '_thread.LockType': obj('lock', 'threading', '_thread.LockType', 'Lock'),
  '_thread.RLock': obj('lock', 'threading', '_thread.RLock', 'RLock'),
  'threading.Thread': obj('thread', 'threading', 'threading.Thread'),
  'threading.Timer': obj('thread', 'threading', 'threading.Timer'),
  'threading.current_thread': obj('thread', 'threading', 'threading.Thread'),
  'threading.currentThread': obj('thread', 'threading', 'threading.Thread'),
  'threading.main_thread': obj('thread', 'threading', 'threading.Thread'),
  'threading.Event': obj('event', 'threading', 'threading.Event'),
  'threading.Barrier': obj('barrier', 'threading', 'threading.Barrier'),

  ...multiprocessingFactories('multiprocessing'),
  ...multiprocessingFactories('multiprocessing.context'),
  ...lockFactories('multiprocessing.synchronize', 'multiprocessing'),
  'multiprocessing.synchronize.Event': obj('event', 'multiprocessing', 'multiprocessing.Event'),
  'multiprocessing.process.Process': obj('process', 'multiprocessing', 'multiprocessing.Process'),
  'multiprocessing.context.Process': obj('process', 'multiprocessing', 'multiprocessing.Process'),
  'multiprocessing.process.BaseProcess': obj('process', 'multiprocessing', 'multiprocessing.Process'),
  'multiprocessing.pool.Pool': obj('processPool', 'multiprocessing', 'multiprocessing.Pool'),
  'multiprocessing.pool.ThreadPool': obj('threadPool', 'threading', 'multiprocessing.pool.ThreadPool'),
  'multiprocessing.queues.Queue': obj('queue', 'multiprocessing', 'multiprocessing.Queue'),
  'multiprocessing.queues.JoinableQueue': obj('queue', 'multiprocessing', 'multiprocessing.JoinableQueue'),
  'multiprocessing.queues.SimpleQueue': obj('queue', 'multiprocessing', 'multiprocessing.SimpleQueue'),
  'multiprocessing.managers.SyncManager': obj('manager', 'multiprocessing', 'multiprocessing.managers.SyncManager'),
  'multiprocessing.sharedctypes.Value': obj('shared', 'multiprocessing', 'multiprocessing.Value'),
  'multiprocessing.sharedctypes.Array': obj('shared', 'multiprocessing', 'multiprocessing.Array'),

  // multiprocessing.dummy is the multiprocessing API over threads.
  ...lockFactories('multiprocessing.dummy', 'threading'),
  'multiprocessing.dummy.Process': obj('thread', 'threading', 'multiprocessing.dummy.Process'),
  'multiprocessing.dummy.DummyProcess': obj('thread', 'threading', 'multiprocessing.dummy.Process'),
  'multiprocessing.dummy.Pool': obj('threadPool', 'threading', 'multiprocessing.dummy.Pool'),
  'multiprocessing.dummy.Queue': obj('queue', 'threading', 'queue.Queue'),
  'multiprocessing.dummy.JoinableQueue': obj('queue', 'threading', 'queue.Queue'),
  'multiprocessing.dummy.Event': obj('event', 'threading', 'threading.Event'),
  'multiprocessing.dummy.Barrier': obj('barrier', 'threading', 'threading.Barrier'),
  'multiprocessing.dummy.current_process': obj('thread', 'threading', 'threading.Thread'),
  // dummy.Manager() returns the dummy module itself: its .Lock() is a threading lock.
  'multiprocessing.dummy.Manager': obj('mpContext', 'threading', 'multiprocessing.dummy'),

  'concurrent.futures.ThreadPoolExecutor': obj('threadExecutor', 'threading', 'concurrent.futures.ThreadPoolExecutor'),
  'concurrent.futures.thread.ThreadPoolExecutor': obj(
    'threadExecutor',
    'threading',
    'concurrent.futures.ThreadPoolExecutor',
  ),
  'concurrent.futures.ProcessPoolExecutor': obj(
    'processExecutor',
    'multiprocessing',
    'concurrent.futures.ProcessPoolExecutor',
  ),
  'concurrent.futures.process.ProcessPoolExecutor': obj(
    'processExecutor',
    'multiprocessing',
    'concurrent.futures.ProcessPoolExecutor',
  ),

  'queue.Queue': obj('queue', 'threading', 'queue.Queue'),
  'queue.LifoQueue': obj('queue', 'threading', 'queue.LifoQueue'),
  'queue.PriorityQueue': obj('queue', 'threading', 'queue.PriorityQueue'),
  'queue.SimpleQueue': obj('queue', 'threading', 'queue.SimpleQueue'),

  ...lockFactories('asyncio', 'asyncio'),
  'asyncio.Event': obj('event', 'asyncio', 'asyncio.Event'),
  'asyncio.Queue': obj('queue', 'asyncio', 'asyncio.Queue'),
  'asyncio.LifoQueue': obj('queue', 'asyncio', 'asyncio.LifoQueue'),
  'asyncio.PriorityQueue': obj('queue', 'asyncio', 'asyncio.PriorityQueue'),
  'asyncio.get_event_loop': obj('eventLoop', 'asyncio', 'asyncio.AbstractEventLoop'),
  'asyncio.get_running_loop': obj('eventLoop', 'asyncio', 'asyncio.AbstractEventLoop'),
  'asyncio.new_event_loop': obj('eventLoop', 'asyncio', 'asyncio.AbstractEventLoop'),

  'builtins.open': obj('file', 'stdlib', 'open()'),
  'io.open': obj('file', 'stdlib', 'open()'),
  'socket.socket': obj('socket', 'stdlib', 'socket.socket'),
  'socket.create_connection': obj('socket', 'stdlib', 'socket.socket'),
  'socket.create_server': obj('socket', 'stdlib', 'socket.socket'),
};

/** Methods of a Manager (and of multiprocessing.dummy.Manager()'s stand-in) that return proxies. */
const MANAGER_METHODS: Record<string, ObjectType> = {
  ...Object.fromEntries(
    (['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Condition'] as LockKind[]).map((k) => [
      k,
      obj('lock', 'manager', `Manager().${k}`, k),
    ]),
  ),
  Event: obj('event', 'manager', 'Manager().Event'),
  Queue: obj('queue', 'manager', 'Manager().Queue'),
  JoinableQueue: obj('queue', 'manager', 'Manager().JoinableQueue'),
  Barrier: obj('barrier', 'manager', 'Manager().Barrier'),
  list: obj('shared', 'manager', 'Manager().list'),
  dict: obj('shared', 'manager', 'Manager().dict'),
  Namespace: obj('shared', 'manager', 'Manager().Namespace'),
  Value: obj('shared', 'manager', 'Manager().Value'),
  Array: obj('shared', 'manager', 'Manager().Array'),
};

/** The object a method call returns, by the receiver's kind. */
export function methodResult(receiver: ObjectType, method: string): ObjectType | undefined {
  switch (receiver.of) {
    case 'manager':
      return MANAGER_METHODS[method];
    case 'mpContext':
      return FACTORIES[`${receiver.flavor === 'threading' ? 'multiprocessing.dummy' : 'multiprocessing'}.${method}`];
    case 'threadExecutor':
    case 'processExecutor':
      return method === 'submit' ? obj('future', receiver.flavor, 'concurrent.futures.Future') : undefined;
    case 'threadPool':
    case 'processPool':
      return method === 'apply_async' || method === 'map_async' || method === 'starmap_async'
        ? obj('asyncResult', receiver.flavor, 'multiprocessing.pool.AsyncResult')
        : undefined;
    case 'socket':
      return method === 'makefile' ? obj('file', 'stdlib', 'socket.makefile()') : undefined;
    default:
      return undefined;
  }
}

/** Objects whose `with X as y:` binds y to X itself (their __enter__ returns self). */
export function enterReturnsSelf(t: ObjectType): boolean {
  return ['threadPool', 'processPool', 'threadExecutor', 'processExecutor', 'manager', 'file', 'socket'].includes(
    t.of,
  );
}

/** Classes a user class may derive from to become a thread or a process. */
export function baseClassKind(qname: string): ObjectKind | undefined {
  const made = FACTORIES[qname];
  if (made && (made.of === 'thread' || made.of === 'process')) return made.of;
  return undefined;
}

export const isLock = (t: ObjectType | undefined): boolean => t?.of === 'lock';
export const isThreadOrProcess = (t: ObjectType | undefined): boolean => t?.of === 'thread' || t?.of === 'process';
export const isPool = (t: ObjectType | undefined): boolean => t?.of === 'threadPool' || t?.of === 'processPool';
export const isExecutor = (t: ObjectType | undefined): boolean =>
  t?.of === 'threadExecutor' || t?.of === 'processExecutor';
