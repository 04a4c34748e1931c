import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export async function convert(files: string[]): Promise<void> {
  for (const file of files) {
    const worker = new Worker('./convert.js', { workerData: file });
    await once(worker, 'exit');
  }
}
