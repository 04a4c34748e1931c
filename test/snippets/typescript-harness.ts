// What each TS snippet needs around it to type-check and run: code after it that uses what it
// defines and fails the process on a wrong outcome, and the other files of the program (a worker
// module, a forked child), given as a snippet prefix (its default expansion) or as source text.
// `main.ts` is the snippet plus `before`/`after`; the run is `node main.js` after transpiling.

export interface TypeScriptHarness {
  before?: string;
  after?: string;
  /** Other files next to main.ts: file name -> `{ snippet: prefix }` or `{ source }`. */
  files?: Readonly<Record<string, { snippet: string } | { source: string }>>;
  /** The snippet is the other side of this prefix's program: run that program with this snippet in it. */
  companionOf?: { prefix: string; file: string };
}

const failOnRejection = `main().catch((error: unknown) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`;

const crashingWorker = `import { parentPort } from 'node:worker_threads';
parentPort?.on('message', (input: number) => {
  if (input < 0) throw new Error('negative input');
  parentPort?.postMessage(input * 2);
});
`;

export const TYPESCRIPT_HARNESSES: Readonly<Record<string, TypeScriptHarness>> = {
  'cc-worker-pool': {
    files: { 'worker.ts': { snippet: 'cc-worker-handler' }, 'crashing-worker.ts': { source: crashingWorker } },
    after: `
async function main(): Promise<void> {
  const pool = new WorkerPool(__dirname + '/worker.js', 2);
  const outputs = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n)));
  if (outputs.join(',') !== '2,4,6,8,10') throw new Error(\`unexpected outputs \${outputs.join(',')}\`);
  await pool.close();

  // A task whose worker throws fails alone; the pool replaces the worker and goes on.
  const crashing = new WorkerPool(__dirname + '/crashing-worker.js', 1);
  const settled = await Promise.allSettled([crashing.run(1), crashing.run(-1), crashing.run(3)]);
  const summary = settled.map((s) => (s.status === 'fulfilled' ? String(s.value) : 'rejected')).join(',');
  if (summary !== '2,rejected,6') throw new Error(\`unexpected outcomes \${summary}\`);
  await crashing.close();
}
${failOnRejection}`,
  },
  'cc-worker-handler': { companionOf: { prefix: 'cc-worker-pool', file: 'worker.ts' } },
  'cc-piscina': {
    files: { 'worker.ts': { snippet: 'cc-piscina-task' } },
    after: `
async function main(): Promise<void> {
  const outputs = await runAll([1, 2, 3]);
  if (outputs.join(',') !== '2,4,6') throw new Error(\`unexpected outputs \${outputs.join(',')}\`);
  await pool.destroy();
}
${failOnRejection}`,
  },
  'cc-piscina-task': { companionOf: { prefix: 'cc-piscina', file: 'worker.ts' } },
  'cc-mutex': {
    after: `
async function main(): Promise<void> {
  const account = new Account();
  await Promise.all(Array.from({ length: 10 }, () => account.deposit(5)));
  const balance = await account.deposit(0);
  if (balance !== 50) throw new Error(\`lost updates: balance \${balance}\`);
}
${failOnRejection}`,
  },
  'cc-atomics-lock': {
    before: `import { Worker, isMainThread, workerData } from 'node:worker_threads';\n`,
    after: `
const INCREMENTS = 5000;
interface Shared {
  lockBuffer: SharedArrayBuffer;
  counter: Int32Array;
}
if (isMainThread) {
  const shared: Shared = { lockBuffer: new SharedLock().buffer, counter: new Int32Array(new SharedArrayBuffer(4)) };
  const workers = [0, 1].map(() => new Worker(__filename, { workerData: shared }));
  let exited = 0;
  for (const worker of workers) {
    worker.on('error', (error) => {
      console.error(error);
      process.exitCode = 1;
    });
    worker.on('exit', () => {
      exited++;
      if (exited === workers.length && shared.counter[0] !== INCREMENTS * workers.length) {
        console.error(\`lost increments: \${shared.counter[0]}\`);
        process.exitCode = 1;
      }
    });
  }
} else {
  const shared = workerData as Shared;
  const lock = new SharedLock(shared.lockBuffer);
  for (let i = 0; i < INCREMENTS; i++) {
    // A plain read-modify-write: only the lock keeps the two threads from losing increments.
    lock.withLock(() => {
      shared.counter[0] = shared.counter[0] + 1;
    });
  }
}
`,
  },
  'cc-abort-timeout': {
    before: `import http from 'node:http';\nimport type { AddressInfo } from 'node:net';\n`,
    after: `
async function main(): Promise<void> {
  const server = http.createServer((_request, response) => {
    setTimeout(() => response.end('late'), 300);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}/\`;
  try {
    const timedOut = await fetchWithTimeout(url, 50).then(() => false, () => true);
    if (!timedOut) throw new Error('the request was not aborted after its timeout');
    const response = await fetchWithTimeout(url, 5000);
    if ((await response.text()) !== 'late') throw new Error('unexpected body');
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
${failOnRejection}`,
  },
  'cc-promise-limit': {
    after: `
async function main(): Promise<void> {
  let inFlight = 0;
  let peak = 0;
  const doubled = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5 * (8 - n)));
    inFlight--;
    return n * 2;
  });
  if (doubled.join(',') !== '2,4,6,8,10,12,14') throw new Error(\`wrong order: \${doubled.join(',')}\`);
  if (peak !== 3) throw new Error(\`expected 3 tasks in flight at most and at some point, saw \${peak}\`);
  if ((await mapLimit([], 3, async (n: number) => n)).length !== 0) throw new Error('empty input');
}
${failOnRejection}`,
  },
  'cc-fork-rpc': {
    files: { 'child.ts': { snippet: 'cc-fork-child' } },
    after: `
async function main(): Promise<void> {
  const client = new ChildClient(__dirname + '/child.js');
  try {
    const sums = await Promise.all([client.request(new Map([['a', 1], ['b', 2]])), client.request(new Map([['c', 40]]))]);
    if (sums.join(',') !== '3,40') throw new Error(\`unexpected results \${sums.join(',')}\`);
  } finally {
    client.close();
  }
}
${failOnRejection}`,
  },
  'cc-fork-child': { companionOf: { prefix: 'cc-fork-rpc', file: 'child.ts' } },
};
