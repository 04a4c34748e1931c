// Analyzes many files, in parallel on worker threads when there are enough of them to pay for the
// workers' start-up (each loads the parser once). The bundled CLI is its own worker script.
// TypeScript/JavaScript files all go to one thread: they are checked through their project's program,
// which that thread builds once (as tsc does); several threads would each build it again.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { initEngine, isTsAnalyzable, type LintSettings } from '../engine';
import { FileAnalyzer, type FileResult } from './analyzeFile';

export interface PoolOptions {
  jobs: number;
  /** The script workers run: the bundled CLI, which becomes a worker when it is not the main thread. */
  workerScript: string;
  /** The tsconfig/jsconfig for every TS/JS file (--project); otherwise the nearest one per file. */
  tsProject?: string;
  onProgress?: (done: number, total: number, file: string) => void;
}

type ToWorker = { file: string; index: number };
type FromWorker = { index: number; result: FileResult };
interface WorkerSetup {
  settings: LintSettings;
  tsProject?: string;
}

/** Below this many Python files per job, starting workers costs more than it saves. */
const MIN_FILES_PER_JOB = 2;

export async function analyzeFiles(files: readonly string[], settings: LintSettings, options: PoolOptions): Promise<FileResult[]> {
  const tsFiles = files.filter((f) => isTsAnalyzable(f)).length;
  const pythonFiles = files.length - tsFiles;
  // One thread takes the TS/JS files (then helps with Python); the others take Python files only.
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
  return runWorkers(files, { settings, tsProject: options.tsProject }, jobs, options);
}

/** Files not handed out yet, by language: TS/JS files are only for the thread that took the first one. */
class Queue {
  private readonly ts: number[] = [];
  private readonly python: number[] = [];

  constructor(files: readonly string[]) {
    files.forEach((file, index) => (isTsAnalyzable(file) ? this.ts : this.python).push(index));
    // Taken from the end: reversed, files go out in the order given.
    this.ts.reverse();
    this.python.reverse();
  }

  get hasTs(): boolean {
    return this.ts.length > 0;
  }

  get hasPython(): boolean {
    return this.python.length > 0;
  }

  take(takesTs: boolean): number | undefined {
    return (takesTs ? this.ts.pop() : undefined) ?? this.python.pop();
  }
}

function runWorkers(files: readonly string[], setup: WorkerSetup, jobs: number, options: PoolOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  const queue = new Queue(files);
  let done = 0;
  return new Promise((resolve) => {
    const workers = new Set<Worker>();
    const finish = (): void => {
      for (const w of workers) void w.terminate();
      resolve(results);
    };
    const record = (index: number, result: FileResult): void => {
      if (results[index]) return;
      results[index] = result;
      done++;
      options.onProgress?.(done, files.length, files[index]);
      if (done === files.length) finish();
    };
    // Files are handed out one at a time, so a slow file never holds up a queue behind it.
    const start = (takesTs: boolean): void => {
      const worker = new Worker(options.workerScript, { workerData: setup });
      workers.add(worker);
      let current: ToWorker | undefined;
      const feed = (): void => {
        const index = queue.take(takesTs);
        if (index === undefined) {
          current = undefined;
          workers.delete(worker);
          void worker.terminate();
          return;
        }
        current = { file: files[index], index };
        worker.postMessage(current);
      };
      worker.on('message', (message: FromWorker) => {
        record(message.index, message.result);
        feed();
      });
      // A worker that dies (out of memory, a crash in the wasm) costs its current file, not the run.
      const onDeath = (reason: string): void => {
        if (!workers.has(worker)) return;
        workers.delete(worker);
        if (current) record(current.index, { file: current.file, findings: [], lines: {}, notes: [], error: `the analysis worker stopped: ${reason}` });
        if (queue.hasPython || (takesTs && queue.hasTs)) start(takesTs);
      };
      worker.on('error', (e) => onDeath(e.message));
      worker.on('exit', (code) => onDeath(`exit code ${code}`));
      feed();
    };
    const withTs = queue.hasTs;
    for (let i = 0; i < jobs; i++) start(withTs && i === 0);
  });
}

/** The worker side: load the parser once, then analyze each file the main thread sends. */
export async function runWorker(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const { settings, tsProject } = workerData as WorkerSetup;
  const analyzer = new FileAnalyzer(settings, tsProject);
  const ready = initEngine();
  port.on('message', (message: ToWorker) => {
    void ready.then(() => {
      const reply: FromWorker = { index: message.index, result: analyzer.analyze(message.file) };
      port.postMessage(reply);
    });
  });
}
