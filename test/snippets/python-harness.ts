// What each Python snippet needs around it to run on a small input: names its defaults refer to
// (`before`), and code that uses what it defines and checks the outcome (`after`). `stdout` is
// what the run must print. Snippets that are whole programs need nothing.

export interface PythonHarness {
  before?: string;
  after?: string;
  stdout?: RegExp;
}

const fetchLengths = 'def fetch(url):\n    return len(url)\n\n\nurls = ["a", "bb", "ccc"]\n';
const aLock = 'import threading\n\nlock = threading.Lock()\n';
// print() writes the text and the newline separately, so lines printed by several threads can
// interleave mid-line; the harness serializes them because it checks the output.
const serializedPrint = [
  'import threading',
  '_print_lock = threading.Lock()',
  '_unsynchronized_print = print',
  'def print(*args, **kwargs):',
  '    with _print_lock:',
  '        _unsynchronized_print(*args, **kwargs)',
  '',
].join('\n');

export const PYTHON_HARNESSES: Readonly<Record<string, PythonHarness>> = {
  'cc-tpe-map': { before: fetchLengths, stdout: /^1\n2\n3\n$/ },
  'cc-tpe-submit': { before: fetchLengths, stdout: /^(?=[^]*^a 1$)(?=[^]*^bb 2$)(?=[^]*^ccc 3$)/m },
  'cc-ppe': { stdout: /^(\d+\n){8}$/ },
  'cc-pool-imap': { stdout: /^(\d+\n){100}$/ },
  'cc-producer-consumer': { before: serializedPrint, stdout: /^(\d+\n){20}$/ },
  'cc-queue-get': {
    before: 'import queue\n\ntasks = queue.Queue()\nfor n in range(3):\n    tasks.put(n)\n',
    stdout: /^0\n1\n2\n$/,
  },
  'cc-with-lock': { before: aLock, after: 'assert not lock.locked()\n' },
  'cc-lock-timeout': { before: aLock, after: 'assert not lock.locked()\n' },
  'cc-shared-counter': {
    after: [
      'counter = SharedCounter()',
      'def hammer():',
      '    for _ in range(1000):',
      '        counter.increment()',
      'threads = [threading.Thread(target=hammer) for _ in range(4)]',
      'for thread in threads:',
      '    thread.start()',
      'for thread in threads:',
      '    thread.join()',
      'assert counter.value == 4000, counter.value',
    ].join('\n'),
  },
  'cc-shared-counter-rlock': {
    after: [
      'counter = SharedCounter()',
      'threads = [threading.Thread(target=counter.increment_many, args=(500,)) for _ in range(4)]',
      'for thread in threads:',
      '    thread.start()',
      'for thread in threads:',
      '    thread.join()',
      'assert counter.value == 2000, counter.value',
    ].join('\n'),
  },
  'cc-condition-buffer': {
    after: [
      'buffer = BoundedBuffer(capacity=3)',
      'def produce():',
      '    for n in range(50):',
      '        buffer.put(n)',
      'producer = threading.Thread(target=produce)',
      'producer.start()',
      'received = [buffer.get() for _ in range(50)]',
      'producer.join()',
      'assert received == list(range(50)), received',
    ].join('\n'),
  },
  'cc-semaphore': {
    after: [
      'results = []',
      'def call():',
      '    results.append(fetch("abc"))',
      'callers = [threading.Thread(target=call) for _ in range(10)]',
      'for caller in callers:',
      '    caller.start()',
      'for caller in callers:',
      '    caller.join()',
      'assert results == [3] * 10, results',
    ].join('\n'),
  },
  'cc-event': { stdout: /^ready\n$/ },
  'cc-barrier': { before: serializedPrint, stdout: /^(?:worker \d: phase 1\n){3}(?:worker \d: phase 2\n){3}$/ },
  'cc-thread-local': {
    after: [
      'seen = {}',
      'def record(name):',
      '    first = get_connection()',
      '    assert get_connection() is first',
      '    seen[name] = first  # kept alive here, so no two can share an id()',
      'threads = [threading.Thread(target=record, args=(n,)) for n in range(3)]',
      'for thread in threads:',
      '    thread.start()',
      'for thread in threads:',
      '    thread.join()',
      'record("main")',
      'assert len({id(connection) for connection in seen.values()}) == 4, seen',
    ].join('\n'),
  },
  'cc-manager': { stdout: /^\{.*\b3: 9\b.*\} \[0, 1, 2, 3\]\n$/ },
  'cc-value-array': { stdout: /^4(\.0)? \[0(\.0)?, 1(\.0)?, 4(\.0)?, 9(\.0)?\]\n$/ },
  'cc-asyncio-gather': { stdout: /^\[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19\]\n$/ },
  'cc-threads': {
    before: `${serializedPrint}\ndef work(item):\n    print(item * 2)\n\n\nitems = [1, 2, 3]\n`,
    stdout: /^(?=[^]*^2$)(?=[^]*^4$)(?=[^]*^6$)/m,
  },
};
