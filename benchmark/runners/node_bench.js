'use strict';
// Concurrency Lint benchmark runner for Node.js (no dependencies, plain CommonJS).
//
//   node node_bench.js --info
//   node node_bench.js --job '{"workload": "cpu", "model": "worker_threads", "workers": 4, ...}'
//
// One measurement per process; JSON lines on stdout. A pool is started first and waited for until every
// worker has said it is ready; that start-up is reported on its own as startup_s. Then it prints
// {"event":"timed"} and the wall time covers the tasks alone, on the ready pool. After the last task
// result it prints {"event":"peak"} and waits for one line on stdin, so the orchestrator can sample the
// process tree while every worker is alive; that pause and the pool's shutdown are not counted.
const { fork } = require('node:child_process');
const net = require('node:net');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const SCRIPT = module.filename;

const MODULUS = 2147483647;
const MULTIPLIER = 48271;
// Test hooks: make one task return a wrong answer or throw, to prove that checking works.
const CORRUPT_TASK = Number(process.env.CONCURRENCY_LINT_BENCH_CORRUPT_TASK ?? -1);
const FAIL_TASK = Number(process.env.CONCURRENCY_LINT_BENCH_FAIL_TASK ?? -1);

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function cpuSteps(seed, steps) {
  let acc = seed;
  for (let i = 0; i < steps; i++) acc = (acc * MULTIPLIER + i) % MODULUS;
  return acc;
}

/** One persistent connection per worker, answering requests one at a time. */
class Connection {
  constructor(port) {
    this.port = port;
    this.socket = undefined;
    this.buffered = '';
    this.waiting = undefined;
  }

  async open() {
    await new Promise((resolve, reject) => {
      this.socket = net.connect({ host: '127.0.0.1', port: this.port }, resolve);
      this.socket.once('error', reject);
    });
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk) => {
      this.buffered += chunk;
      const newline = this.buffered.indexOf('\n');
      if (newline >= 0 && this.waiting) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve(Number(line));
      }
    });
    this.socket.on('close', () => this.waiting?.reject(new Error('the loopback server closed the connection')));
  }

  async get(key) {
    if (!this.socket) await this.open();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(`GET ${key}\n`);
    });
  }

  close() {
    this.socket?.destroy();
  }
}

async function runTask(job, index, connection) {
  if (index === FAIL_TASK) throw new Error(`task ${index} failed on purpose (CONCURRENCY_LINT_BENCH_FAIL_TASK)`);
  let result;
  if (job.workload === 'cpu') {
    result = cpuSteps(index + 1, job.cpuStepsPerTask);
  } else if (job.workload === 'io') {
    result = 0;
    for (let r = 0; r < job.requestsPerTask; r++) {
      result = (result + (await connection.get(index * job.requestsPerTask + r))) % MODULUS;
    }
  } else {
    result = cpuSteps(await connection.get(index), job.cpuStepsPerTask);
  }
  return index === CORRUPT_TASK ? result + 1 : result;
}

// ---- inside a worker (thread or child process): run tasks as they arrive --------------------------

function serveTasks(job, receive, send, onExit) {
  const connection = new Connection(job.port);
  receive(async (message) => {
    if (message.type === 'ready?') {
      // The connection is opened before the timed work, as a client's connection pool would.
      if (job.requestsPerTask > 0) await connection.open();
      send({ type: 'ready', cpu: process.cpuUsage() });
      return;
    }
    if (message.type === 'stop') {
      connection.close();
      send({ type: 'stopped', cpu: process.cpuUsage() });
      onExit();
      return;
    }
    try {
      send({ type: 'result', index: message.index, value: await runTask(job, message.index, connection) });
    } catch (error) {
      send({ type: 'error', message: String(error && error.message ? error.message : error) });
    }
  });
}

if (!isMainThread) {
  serveTasks(workerData, (handler) => parentPort.on('message', handler), (m) => parentPort.postMessage(m), () => parentPort.close());
} else if (process.argv[2] === '--child') {
  const job = JSON.parse(process.argv[3]);
  serveTasks(job, (handler) => process.on('message', handler), (m) => process.send(m), () => process.disconnect());
} else {
  // If the event loop ever drains before the report, say so instead of exiting silently with 0.
  let reported = false;
  process.on('beforeExit', () => {
    if (!reported) {
      reported = true;
      emit({ event: 'error', message: 'the runner stopped before reporting a result' });
      process.exitCode = 1;
    }
  });
  main(process.argv.slice(2)).then(
    (code) => {
      reported = true;
      process.exitCode = code;
    },
    (error) => {
      reported = true;
      emit({ event: 'error', message: String(error && error.message ? error.message : error) });
      process.exit(1);
    },
  );
}

// ---- the measuring process ------------------------------------------------------------------------

/** Starts the pool and resolves once every worker has answered a no-op message. */
async function startPool(job) {
  const workers = [];
  for (let i = 0; i < job.workers; i++) {
    if (job.model === 'worker_threads') {
      const worker = new Worker(SCRIPT, { workerData: job });
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      workers.push({ send: (m) => worker.postMessage(m), on: (fn) => worker.on('message', fn), handle: worker, exited, readyCpu: 0 });
    } else {
      const child = fork(SCRIPT, ['--child', JSON.stringify(job)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      workers.push({ send: (m) => child.send(m), on: (fn) => child.on('message', fn), handle: child, exited, readyCpu: 0 });
    }
  }
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve, reject) => {
          const onError = (error) => reject(error);
          const onExit = (code) => reject(new Error(`a ${job.model} worker exited with code ${code} while starting`));
          worker.handle.once('error', onError);
          worker.handle.once('exit', onExit);
          const onReady = (message) => {
            if (message.type !== 'ready') return;
            worker.handle.off('message', onReady).off('error', onError).off('exit', onExit);
            worker.readyCpu = message.cpu.user + message.cpu.system;
            resolve();
          };
          worker.on(onReady);
          worker.send({ type: 'ready?' });
        }),
    ),
  );
  return workers;
}

/** Feeds the ready pool one task at a time per worker, the way a work queue balances uneven tasks. */
function runPool(job, workers) {
  const results = new Array(job.tasks);
  let nextIndex = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    for (const worker of workers) {
      worker.handle.on('error', reject);
      worker.handle.on('exit', (code) => {
        if (finished < job.tasks) reject(new Error(`a ${job.model} worker exited with code ${code} before the work was done`));
      });
      worker.on((message) => {
        if (message.type === 'error') return reject(new Error(message.message));
        if (message.type !== 'result') return;
        results[message.index] = message.value;
        finished++;
        if (nextIndex < job.tasks) worker.send({ index: nextIndex++ });
        if (finished === job.tasks) resolve(results);
      });
      if (nextIndex < job.tasks) worker.send({ index: nextIndex++ });
    }
  });
}

/**
 * Stops the pool; returns the CPU time its child processes used since they said they were ready
 * (threads are counted in our own).
 */
function stopPool(job, workers) {
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve) => {
          worker.on((message) => {
            if (message.type === 'stopped') resolve(job.model === 'child_process' ? message.cpu.user + message.cpu.system - worker.readyCpu : 0);
          });
          worker.send({ type: 'stop' });
        }),
    ),
  ).then(async (cpus) => {
    // Listening for 'exit' since each worker started: a worker may be gone before we get here.
    await Promise.all(workers.map((worker) => worker.exited));
    return cpus.reduce((a, b) => a + b, 0) / 1e6;
  });
}

async function runSequential(job, connection) {
  const results = [];
  try {
    for (let i = 0; i < job.tasks; i++) results.push(await runTask(job, i, connection));
  } finally {
    connection.close();
  }
  return results;
}

function waitForSample() {
  emit({ event: 'peak' });
  return new Promise((resolve) => {
    process.stdin.once('data', () => {
      // A paused pipe would still keep the process alive after the report.
      process.stdin.destroy();
      resolve();
    });
  });
}

/** If the orchestrator dies without cleaning up, end this runner and every worker with it. */
function endGroupWhenOrphaned() {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(-process.pid, 'SIGKILL');
  }, 250).unref();
}

async function main(argv) {
  if (argv[0] === '--info') {
    emit({ event: 'info', version: process.versions.node, implementation: 'Node.js', executable: process.execPath });
    return 0;
  }
  if (argv[0] !== '--job' || argv.length !== 2) throw new Error('usage: node_bench.js --info | --job JSON');
  const job = JSON.parse(argv[1]);
  endGroupWhenOrphaned();
  if (!['sequential', 'worker_threads', 'child_process'].includes(job.model)) throw new Error(`unknown model ${job.model}`);
  const poolStarted = performance.now();
  const workers = job.model === 'sequential' ? [] : await startPool(job);
  const startup = (performance.now() - poolStarted) / 1000;
  // Like each pool worker, the sequential run connects before the clock starts (and has no pool to start).
  const connection = new Connection(job.port);
  if (job.model === 'sequential' && job.requestsPerTask > 0) await connection.open();
  const cpuBefore = process.cpuUsage();
  emit({ event: 'timed' });
  const started = performance.now();
  const results = job.model === 'sequential' ? await runSequential(job, connection) : await runPool(job, workers);
  const wall = (performance.now() - started) / 1000;
  const own = process.cpuUsage(cpuBefore);
  await waitForSample();
  const childCpu = job.model === 'sequential' ? 0 : await stopPool(job, workers);
  emit({
    event: 'done',
    wall_s: wall,
    cpu_s: (own.user + own.system) / 1e6 + childCpu,
    startup_s: startup,
    results,
  });
  return 0;
}
