// Analyzes many files, in parallel on worker threads when there are enough of them to pay for the
// workers' start-up (each loads the parser once). The bundled CLI is its own worker script.
// TypeScript/JavaScript files all go to the main thread: they are checked through their project's
// program, which that thread builds once (as tsc does); several threads would each build it again.
import { statSync } from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { compilePythonWasm, initEngine, initEngineFrom, isTsAnalyzable, type LintSettings, type PythonWasm } from '../engine';
import { FileAnalyzer, type FileResult } from './analyzeFile';

export interface PoolOptions {
  jobs: number;
  /** The script workers run: the bundled CLI, which becomes a worker when it is not the main thread. */
  workerScript: string;
  /** The tsconfig/jsconfig for every TS/JS file (--project); otherwise the nearest one per file. */
  tsProject?: string;
  onProgress?: (done: number, total: number, file: string) => void;
}

/** Below this many Python files per job, starting workers costs more than it saves. */
const MIN_FILES_PER_JOB = 2;

export async function analyzeFiles(files: readonly string[], settings: LintSettings, options: PoolOptions): Promise<FileResult[]> {
  const tsFiles = files.filter((f) => isTsAnalyzable(f)).length;
  const pythonFiles = files.length - tsFiles;
  // The main thread takes the TS/JS files (then helps with Python); the others take Python files only.
  const jobs = Math.min(options.jobs, pythonFiles + (tsFiles > 0 ? 1 : 0));
  if (jobs <= 1 || pythonFiles < MIN_FILES_PER_JOB * options.jobs) {
    if (pythonFiles > 0) await initEngine();
    const analyzer = new FileAnalyzer(settings, options.tsProject);
    try {
      const results: FileResult[] = [];
      for (const file of files) {
        results.push(analyzer.analyze(file));
        options.onProgress?.(results.length, files.length, file);
      }
      return results;
    } finally {
      analyzer.dispose();
    }
  }
  return runWorkers(files, settings, jobs, options);
}

/**
 * The Python files in the order threads take them, largest first (so no thread is left with a big
 * file at the end while the others wait), and a counter in shared memory: every thread takes the
 * next one itself, with no message to wait for, including the main thread between its own files.
 */
interface SharedQueue {
  order: Int32Array;
  next: Int32Array;
  /** The file each worker is analyzing (-1: none), so a worker that dies costs only that file. */
  current: Int32Array;
}

function take(queue: SharedQueue): number | undefined {
  const position = Atomics.add(queue.next, 0, 1);
  return position < queue.order.length ? queue.order[position] : undefined;
}

function pythonOrder(files: readonly string[]): Int32Array {
  const sized = files.flatMap((file, index) => (isTsAnalyzable(file) ? [] : [{ index, size: sizeOf(file) }]));
  sized.sort((a, b) => b.size - a.size || a.index - b.index);
  const order = new Int32Array(new SharedArrayBuffer(4 * sized.length));
  sized.forEach((s, i) => (order[i] = s.index));
  return order;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Lets worker messages (results, deaths) and the progress line through between two files. */
const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The main thread analyzes too: TS/JS files first (one thread builds their program, as tsc does), then
 * Python files from the shared queue, next to `jobs - 1` workers that take Python files only.
 */
async function runWorkers(files: readonly string[], settings: LintSettings, jobs: number, options: PoolOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  let done = 0;
  const record = (index: number, result: FileResult): void => {
    if (results[index]) return;
    results[index] = result;
    done++;
    options.onProgress?.(done, files.length, files[index]);
  };
  const queue: SharedQueue = {
    order: pythonOrder(files),
    next: new Int32Array(new SharedArrayBuffer(4)),
    current: new Int32Array(new SharedArrayBuffer(4 * (jobs - 1))).fill(-1),
  };
  const wasm = await compilePythonWasm();
  const workers = new Set<Worker>();
  let allExited: () => void = () => {};
  const exited = new Promise<void>((resolve) => (allExited = resolve));
  for (let slot = 0; slot < jobs - 1; slot++) {
    const setup: WorkerSetup = { settings, files, wasm, ...queue, slot };
    const worker = new Worker(options.workerScript, { workerData: setup });
    workers.add(worker);
    // A worker that dies (out of memory, a crash in the wasm) costs its current file, not the run:
    // the others, and the main thread, go on taking files from the queue.
    const finished = (reason?: string): void => {
      if (!workers.delete(worker)) return;
      const index = Atomics.load(queue.current, slot);
      if (reason !== undefined && index >= 0) record(index, { file: files[index], findings: [], lines: {}, notes: [], error: `the analysis worker stopped: ${reason}` });
      if (workers.size === 0) allExited();
    };
    // Messages arrive in order: "done" comes after the worker's last result.
    worker.on('message', (message: FromWorker) => ('done' in message ? finished() : record(message.index, message.result)));
    worker.on('error', (e) => finished(e.message));
    worker.on('exit', (code) => finished(`exit code ${code}`));
  }

  await initEngineFrom(wasm);
  const analyzer = new FileAnalyzer(settings, options.tsProject);
  try {
    for (let index = 0; index < files.length; index++) {
      if (!isTsAnalyzable(files[index])) continue;
      record(index, analyzer.analyze(files[index]));
      await yieldToEvents();
    }
    for (let index = take(queue); index !== undefined; index = take(queue)) {
      record(index, analyzer.analyze(files[index]));
      await yieldToEvents();
    }
  } finally {
    analyzer.dispose();
  }
  if (workers.size > 0) await exited;
  // A worker that died between taking a file and saying which one it took.
  files.forEach((file, index) => results[index] ?? record(index, { file, findings: [], lines: {}, notes: [], error: 'the analysis worker stopped' }));
  return results;
}

type FromWorker = { index: number; result: FileResult } | { done: true };
interface WorkerSetup extends SharedQueue {
  settings: LintSettings;
  files: readonly string[];
  /** Compiled once by the main thread, instantiated by every worker. */
  wasm: PythonWasm;
  slot: number;
}

/** The worker side: load the parser once, then analyze Python files from the shared queue until it is empty. */
export async function runWorker(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const setup = workerData as WorkerSetup;
  await initEngineFrom(setup.wasm);
  const analyzer = new FileAnalyzer(setup.settings);
  for (let index = take(setup); index !== undefined; index = take(setup)) {
    Atomics.store(setup.current, setup.slot, index);
    const reply: FromWorker = { index, result: analyzer.analyze(setup.files[index]) };
    port.postMessage(reply);
  }
  Atomics.store(setup.current, setup.slot, -1);
  const done: FromWorker = { done: true };
  port.postMessage(done);
}
