// Analyzes many files, in parallel on worker threads when there are enough of them to pay for the
// workers' start-up (each loads the parser once). The bundled CLI is its own worker script.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { initEngine, type LintSettings } from '../engine';
import { analyzeFile, type FileResult } from './analyzeFile';

export interface PoolOptions {
  jobs: number;
  /** The script workers run: the bundled CLI, which becomes a worker when it is not the main thread. */
  workerScript: string;
  onProgress?: (done: number, total: number, file: string) => void;
}

type ToWorker = { file: string; index: number };
type FromWorker = { index: number; result: FileResult };

/** Below this many files per job, starting workers costs more than it saves. */
const MIN_FILES_PER_JOB = 2;

export async function analyzeFiles(files: readonly string[], settings: LintSettings, options: PoolOptions): Promise<FileResult[]> {
  const jobs = Math.min(options.jobs, files.length);
  if (jobs <= 1 || files.length < MIN_FILES_PER_JOB * options.jobs) {
    await initEngine();
    const results: FileResult[] = [];
    for (const file of files) {
      results.push(analyzeFile(file, settings));
      options.onProgress?.(results.length, files.length, file);
    }
    return results;
  }
  return runWorkers(files, settings, jobs, options);
}

function runWorkers(files: readonly string[], settings: LintSettings, jobs: number, options: PoolOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  let next = 0;
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
    const start = (): void => {
      const worker = new Worker(options.workerScript, { workerData: { settings } });
      workers.add(worker);
      let current: ToWorker | undefined;
      const feed = (): void => {
        if (next >= files.length) {
          current = undefined;
          workers.delete(worker);
          void worker.terminate();
          return;
        }
        current = { file: files[next], index: next };
        next++;
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
        if (next < files.length) start();
      };
      worker.on('error', (e) => onDeath(e.message));
      worker.on('exit', (code) => onDeath(`exit code ${code}`));
      feed();
    };
    for (let i = 0; i < jobs; i++) start();
  });
}

/** The worker side: load the parser once, then analyze each file the main thread sends. */
export async function runWorker(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const { settings } = workerData as { settings: LintSettings };
  const ready = initEngine();
  port.on('message', (message: ToWorker) => {
    void ready.then(() => {
      const reply: FromWorker = { index: message.index, result: analyzeFile(message.file, settings) };
      port.postMessage(reply);
    });
  });
}
