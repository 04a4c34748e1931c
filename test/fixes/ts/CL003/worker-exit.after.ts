import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export async function convert(files: string[]): Promise<void> {
  const pending = [];
  for (const file of files) {
    const worker = new Worker('./convert.js', { workerData: file });
    pending.push(once(worker, 'exit'));
  }
  await Promise.all(pending);
}
