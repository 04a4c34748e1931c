// The workspace the suite opens: copies of the examples (each scenario that edits a file gets its own
// copy, so scenarios do not depend on each other), an empty file for the snippet, a thread started
// with a queue for the argument-flow scenario, a queue made in a base class and drained in a subclass,
// and a generated 5,000-line module for the typing scenario.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../../scripts/e2e-setup.mjs';
import type { Marker } from './workbench';

const EXAMPLES = path.join(REPO, 'examples');

/** Scenario files: name in the workspace -> the example it copies. */
export const SCENARIO_COPIES: Readonly<Record<string, string>> = {
  'quick_fix_bank.py': 'bank_account.py',
  'fix_all_worker.py': 'background_worker.py',
  'suppress_logs.py': 'log_processor.py',
  'settings_scraper.py': 'web_scraper.py',
};
export const SNIPPET_FILE = 'producer_consumer.py';
export const TYPESCRIPT_FILE = 'worker_dispatch.ts';

/** A worker thread handed a function: structured clone cannot copy it (CL002 in TypeScript). */
const TYPESCRIPT_SOURCE = `// Hands render jobs to a worker thread; the progress callback cannot cross the thread boundary.
import { Worker } from 'node:worker_threads';

interface Job {
  id: string;
  frames: number[];
  onProgress: (done: number) => void;
}

export function dispatch(job: Job): Worker {
  const worker = new Worker(new URL('./render-worker.js', import.meta.url));
  worker.postMessage(job.onProgress);
  return worker;
}
`;
export const FLOW_FILE = 'flow_drain.py';
/** The line of FLOW_SOURCE that hands `drain` its arguments, and where its first argument starts. */
export const FLOW_SPAWN = "    worker = threading.Thread(target=drain, args=([], results))";

/**
 * A thread's target gets its parameters' types from the arguments it is started with: `jobs` is a
 * list here, so the empty() check in `drain` is harmless until the first argument becomes a queue.
 */
const FLOW_SOURCE = `import queue
import threading


def drain(jobs, done):
    while not jobs.empty():
        done.append(jobs.get())


if __name__ == "__main__":
    results = []
${FLOW_SPAWN}
    worker.start()
    worker.join()
`;
export const ATTRIBUTE_FILE = 'attribute_reader.py';
/** The line of ATTRIBUTE_SOURCE where the subclass acts on the queue its base class made. */
export const ATTRIBUTE_READ = '            out.append(self.jobs.get())';

/**
 * A queue made in a base class's __init__ and drained in a subclass, with enough other functions
 * around that an edit in the subclass is re-analyzed on its own.
 */
const ATTRIBUTE_SOURCE = `import queue
import threading


class Box:
    def __init__(self):
        self.jobs = queue.Queue()


class Drain(Box):
    def run(self, out):
        while not self.jobs.empty():
${ATTRIBUTE_READ}
${Array.from({ length: 12 }, (_, i) => `\n\ndef step_${i}(value):\n    doubled = value * 2\n    return doubled + ${i}\n`).join('')}`;
export const FAR_FILE = 'far_apart.py';
/** The last line of FAR_SOURCE's first function and of its last method: the scenario types after them. */
export const FAR_TOP = '        items.sort()';
export const FAR_BOTTOM = '            self.total = 0';

/** A function near the top and a method near the bottom, with forty small functions between them. */
const FAR_SOURCE = `import threading

lock = threading.Lock()


def top(items):
    with lock:
${FAR_TOP}
${Array.from({ length: 40 }, (_, i) => `\n\ndef step_${i}(value):\n    doubled = value * 2\n    return doubled + ${i}\n`).join('')}

class Worker(threading.Thread):
    def run(self):
        with lock:
${FAR_BOTTOM}
`;
export const TS_SERVICE_FILE = 'job_service.ts';
/** The last line of TS_SERVICE_SOURCE's first function and of its last one: the scenario types after them. */
export const TS_SERVICE_TOP = '  const name = job.id.trim();';
export const TS_SERVICE_BOTTOM = "  worker.on('error', (err) => console.error(err));";
/** The line of a function whose return type is inferred: the scenario types after it too. */
export const TS_SERVICE_INFERRED = '  const short = id.slice(0, 8);';

/**
 * A TypeScript module with a function that declares its return type and one whose return type is
 * inferred at the top, and payloads posted to a worker below them: typing in the top functions
 * leaves the payload findings below to be reused.
 */
const TS_SERVICE_SOURCE = `// Labels jobs and hands them to a worker thread; the progress callback cannot cross the thread boundary.
import { Worker } from 'node:worker_threads';

interface Job {
  id: string;
  onProgress: (done: number) => void;
}

export function label(job: Job): string {
${TS_SERVICE_TOP}
  return name;
}

export function shortId(id: string) {
${TS_SERVICE_INFERRED}
  return short;
}

export function start(job: Job): Worker {
  const worker = new Worker(new URL('./job-worker.js', import.meta.url));
${TS_SERVICE_BOTTOM}
  worker.postMessage({ id: job.id, report: job.onProgress });
  return worker;
}
`;
/** A folder with its own tsconfig.json, and the file the scenario creates in it once the project is loaded. */
export const GROWN_DIR = 'grown';
export const GROWN_FIRST = 'grown_first.ts';
export const GROWN_ADDED = 'grown_added.ts';
const GROWN_CONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', types: ['node'] } }, null, 2);
/** A worker nobody listens to for errors (CL016): one finding per file. */
export const GROWN_SOURCE = `import { Worker } from 'node:worker_threads';

export function startResizer(file: string): Worker {
  const worker = new Worker(new URL('./resize.js', import.meta.url), { workerData: { file } });
  return worker;
}

export const resizer = new Worker(new URL('./resize.js', import.meta.url));
`;
/** Two workers that only get message listeners (CL016): the scenario hands one on and gives the other an 'error' listener. */
export const HANDOFF_FILE = 'worker_handoff.ts';
export const HANDOFF_TRACKED = "  tracked.on('message', (m) => console.log(m));";
export const HANDOFF_HELPER = "  helper.on('message', (m) => console.log(m));";
const HANDOFF_SOURCE = `import { Worker } from 'node:worker_threads';

const running: Worker[] = [];

export function startTracked(file: string): void {
  const tracked = new Worker(file);
${HANDOFF_TRACKED}
}

export function startHelper(file: string): void {
  const helper = new Worker(file);
${HANDOFF_HELPER}
}
`;
/** A worker kept in a field and one in a local: the scenario types in another method, then listens to the field's worker there. */
export const FIELD_FILE = 'field_worker.ts';
export const FIELD_WATCH = "    console.log('watching');";
const FIELD_SOURCE = `import { Worker } from 'node:worker_threads';

export class Resizer {
  private worker: Worker | undefined;

  watch(): void {
${FIELD_WATCH}
  }

  start(file: string): void {
    this.worker = new Worker(file);
  }
}

export function spawnLocal(file: string): void {
  const local = new Worker(file);
  local.on('message', (m) => console.log(m));
}
`;
/** A Python module the scenario breaks with a syntax error above a finding, then adds a finding below it. */
export const BROKEN_FILE = 'broken_while_typing.py';
export const BROKEN_POP = '        items.pop()';
export const BROKEN_ACQUIRE = '    lock.acquire()';
const BROKEN_SOURCE = `import threading

lock = threading.Lock()


def drain(items):
    while items:
${BROKEN_POP}


def record(items):
${BROKEN_ACQUIRE}
    items.append(1)
    lock.release()
`;
/** Calls named in the text and calls of calls (read from the tree), then a line that does not parse. */
export const CALLED_FILE = 'called_calls.py';
export const CALLED_NAME = "    name = 'main'";
export const CALLED_COPY = '    items = list(items)';
export const CALLED_ACQUIRE = 'lock.acquire()';
const CALLED_SOURCE = `import threading

lock = threading.Lock()


def name_of_current():
${CALLED_NAME}
    return name


def guarded(items):
${CALLED_COPY}
    items.append(1)
`;
/** Threads started, then made daemons: the scenario types the assignments that make them threads. */
export const ASSIGNED_FILE = 'assigned_threads.py';
export const ASSIGNED_SORT = '    items.sort()';
export const ASSIGNED_REVERSE = '    items.reverse()';
export const ASSIGNED_CHAIN = 'worker = thread = threading.Thread(target=print)';
const ASSIGNED_SOURCE = `import threading


def first(items):
${ASSIGNED_SORT}
    thread.start()
    thread.daemon = True


def second(items):
${ASSIGNED_REVERSE}
    other.start()
    other.daemon = True
`;
/**
 * About 30,000 UTF-16 units of names, docstrings and strings in Chinese, with accents and emoji
 * (surrogate pairs): the parser reads it in six chunks. The last function acquires a lock after two
 * emoji on the same line, so the finding's column counts UTF-16 units. (The editor's own column
 * counts an emoji once: the scenario types after lines of ASCII only.)
 */
export const WIDE_FILE = 'wide_text.py';
const WIDE_ACQUIRE = '    名 = "😀😀"; lock.acquire()';
export const WIDE_REVERSE = '    items.reverse()';
export const WIDE_SORT = '    items.sort()';
function wideSource(): string {
  const functions = Array.from(
    { length: 240 },
    (_, i) => `def 函数_${i}(items):
    """第 ${i} 个函数：把 items 排好 😀 再交回（中文说明，é à ü）。"""
    标记 = "😀 é 中文 ${i}"
    return [标记 for _ in items]


`,
  );
  return `import threading

lock = threading.Lock()


${functions.join('')}def 最后(items):
${WIDE_ACQUIRE}
${WIDE_REVERSE}
${WIDE_SORT}
`;
}
/** A file with CRLF line endings: the scenario types an acquire and a release into it, then fixes them. */
export const CRLF_FILE = 'crlf_ledger.py';
export const CRLF_HEADER = 'def deposit(account, amount):';
export const CRLF_BALANCE = '    account.balance += amount';
const CRLF_SOURCE = ['import threading', '', 'lock = threading.Lock()', '', '', CRLF_HEADER, CRLF_BALANCE, '    return account', ''].join('\r\n');
/**
 * A class whose methods use attributes its constructor does not assign yet: a generator that
 * acquires `self.lock`, and a method that clears `self.ready`. The scenario types the assignments.
 */
export const FEED_FILE = 'generator_feed.py';
export const FEED_ITEMS = '        self.items = []';
export const FEED_LOCK = 'self.lock = threading.Lock()';
const FEED_SOURCE = `import threading


class Feed:
    def __init__(self):
${FEED_ITEMS}

    def drain(self):
        self.lock.acquire()
        for item in self.items:
            yield item

    def size(self):
        self.ready.clear()
        return len(self.items)
`;
/** Functions below a module-level line: the scenario types lines that move every function after them. */
export const SHIFTED_FILE = 'shifted_functions.py';
export const SHIFTED_LOCK = 'lock = threading.Lock()';
export const SHIFTED_SECOND = 'def second(items):';
export const SHIFTED_SORT = '    items.sort()';
const SHIFTED_SOURCE = `import threading

${SHIFTED_LOCK}


def first(items):
${SHIFTED_SORT}


${SHIFTED_SECOND}
    items.reverse()


def third(items):
    with lock:
        items.clear()
    items.append(1)
`;
/**
 * Functions the CLI leaves out unless they name what a rule reports: a Thread imported under
 * another name, a subclass of it, a lock, a pool's join (a string's join is none). The scenario
 * types calls of those into quiet functions.
 */
export const QUIET_FILE = 'quiet_functions.py';
export const QUIET_TIDY = '    items.reverse()';
export const QUIET_REPORT = 'def report(items):';
export const QUIET_LABEL = 'def label(items):';
const QUIET_SOURCE = `import multiprocessing
import threading
from threading import Thread as Runner

lock = threading.Lock()


class Job(Runner):
    def describe(self):
        return "job"


def collect(items):
    items.sort()


def tidy(items):
${QUIET_TIDY}


${QUIET_REPORT}
    total = len(items)
    return total


${QUIET_LABEL}
    return ", ".join(items)


def launch(items):
    Runner(target=collect(items)).start()
`;
/** A child kept in a field and one in a local, each sent a Date (CL002): the scenario types above both, then a second fork in the constructor. */
export const SEND_FILE = 'child_send.ts';
export const SEND_FORK = "    this.child = fork(file, [], { serialization: 'json' });";
export const SEND_NOTE = '  console.log(line);';
const SEND_SOURCE = `import { fork, type ChildProcess } from 'node:child_process';

export class Converter {
  private child: ChildProcess;

  constructor(file: string) {
${SEND_FORK}
    this.child.on('error', (e) => console.error(e));
  }

  convert(when: Date): void {
    this.child.send({ when });
  }
}

export function note(line: string): void {
${SEND_NOTE}
}

export function convertLocal(file: string): void {
  const child = fork(file);
  child.on('error', (e) => console.error(e));
  child.send({ at: new Date() });
}
`;
export const LARGE_FILE = 'large_module.py';
export const LARGE_FILE_LINES = 5000;

/** The function in the middle of the large module; typing starts at the end of this line. */
export const MIDDLE_FUNCTION = 'def middle(items):';
/** A second copy of the large module, for the long typing session (scenario 08 edits the first). */
export const LONG_FILE = 'long_session.py';

function largeModule(): string {
  const lines = ['"""A long module of small lock-protected handlers, for the typing scenario."""', 'import threading', '', 'lock = threading.Lock()', 'midd_lock = threading.Lock()', '', ''];
  // An unreleased lock near the top, so that the file has a diagnostic before the edit.
  lines.push('def first(items):', '    lock.acquire()', '    items.sort()', '    lock.release()', '', '');
  let handler = 0;
  const addHandler = () => {
    lines.push(`def handler_${handler++}(items):`, '    with lock:', '        total = 0', '        for item in items:', '            total += item', '    return total', '', '');
  };
  while (lines.length < LARGE_FILE_LINES / 2) addHandler();
  // Typing `midd_lock.acquire()` as its new first line makes an unreleased lock.
  lines.push(MIDDLE_FUNCTION, '    items.sort()', '    midd_lock.release()', '', '');
  while (lines.length < LARGE_FILE_LINES - 8) addHandler();
  while (lines.length < LARGE_FILE_LINES) lines.push('');
  lines.length = LARGE_FILE_LINES;
  lines[LARGE_FILE_LINES - 1] = 'print(handler_0([1, 2, 3]))';
  return `${lines.join('\n')}\n`;
}

export function createWorkspace(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(EXAMPLES)) if (name.endsWith('.py')) copyFileSync(path.join(EXAMPLES, name), path.join(dir, name));
  for (const [copy, example] of Object.entries(SCENARIO_COPIES)) copyFileSync(path.join(EXAMPLES, example), path.join(dir, copy));
  writeFileSync(path.join(dir, SNIPPET_FILE), '');
  writeFileSync(path.join(dir, TYPESCRIPT_FILE), TYPESCRIPT_SOURCE);
  writeFileSync(path.join(dir, FLOW_FILE), FLOW_SOURCE);
  writeFileSync(path.join(dir, ATTRIBUTE_FILE), ATTRIBUTE_SOURCE);
  writeFileSync(path.join(dir, FAR_FILE), FAR_SOURCE);
  writeFileSync(path.join(dir, TS_SERVICE_FILE), TS_SERVICE_SOURCE);
  writeFileSync(path.join(dir, HANDOFF_FILE), HANDOFF_SOURCE);
  writeFileSync(path.join(dir, FIELD_FILE), FIELD_SOURCE);
  writeFileSync(path.join(dir, BROKEN_FILE), BROKEN_SOURCE);
  writeFileSync(path.join(dir, SEND_FILE), SEND_SOURCE);
  writeFileSync(path.join(dir, CALLED_FILE), CALLED_SOURCE);
  writeFileSync(path.join(dir, ASSIGNED_FILE), ASSIGNED_SOURCE);
  writeFileSync(path.join(dir, WIDE_FILE), wideSource());
  writeFileSync(path.join(dir, CRLF_FILE), CRLF_SOURCE);
  writeFileSync(path.join(dir, FEED_FILE), FEED_SOURCE);
  writeFileSync(path.join(dir, SHIFTED_FILE), SHIFTED_SOURCE);
  writeFileSync(path.join(dir, QUIET_FILE), QUIET_SOURCE);
  mkdirSync(path.join(dir, GROWN_DIR));
  writeFileSync(path.join(dir, GROWN_DIR, 'tsconfig.json'), GROWN_CONFIG);
  writeFileSync(path.join(dir, GROWN_DIR, GROWN_FIRST), GROWN_SOURCE);
  writeFileSync(path.join(dir, LARGE_FILE), largeModule());
  writeFileSync(path.join(dir, LONG_FILE), largeModule());
}

interface CliFinding {
  file: string;
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

/** The command line's JSON findings (exit code 1 means "findings"; anything else is a real failure). */
function cliFindings(args: string[]): CliFinding[] {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [path.join(REPO, 'dist/cli.js'), '--format', 'json', '--no-color', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failed = error as { status?: number; stdout?: string };
    if (failed.status !== 1 || failed.stdout === undefined) throw error;
    stdout = failed.stdout;
  }
  return (JSON.parse(stdout) as { findings: CliFinding[] }).findings;
}

function toMarkers(findings: readonly CliFinding[]): Marker[] {
  return findings
    .map((f) => ({ code: f.ruleId, line: f.line, column: f.column, message: f.message }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** What the command line reports for a file, as Problems panel markers: the reference the editor is held to. */
export function cliMarkers(file: string): Marker[] {
  return toMarkers(cliFindings([file]));
}

/**
 * One command-line run over a whole folder on `jobs` threads, as Problems panel markers per file
 * (absolute path); files without findings are absent.
 */
export function cliMarkersByFile(dir: string, jobs: number): Map<string, Marker[]> {
  const byFile = new Map<string, CliFinding[]>();
  for (const f of cliFindings(['--jobs', String(jobs), dir])) {
    const file = path.resolve(f.file);
    byFile.set(file, [...(byFile.get(file) ?? []), f]);
  }
  return new Map([...byFile].map(([file, findings]) => [file, toMarkers(findings)]));
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
