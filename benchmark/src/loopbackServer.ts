// The I/O workload's counterpart: a line-protocol key/value server on 127.0.0.1 that answers each
// `GET <key>` after a fixed service latency, like a remote store scanned key by key.
//
// It runs on a worker thread of its own so that its CPU time can be told apart from the harness's
// (memory sampling, IPC): the server is part of the workload, the harness's cost is overhead. Linux
// accounts CPU per thread in /proc/self/task/<tid>/stat, and the worker's sockets are served by its
// own event loop, on that thread.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { MODULUS, MULTIPLIER } from './workloads';

export interface LoopbackServer {
  port: number;
  /** CPU seconds the server's thread has used so far; 0 where per-thread accounting is unavailable. */
  cpuSeconds(): number;
  close(): Promise<void>;
}

// Plain JavaScript evaluated in the worker (no file to ship next to the bundles). The answer must be
// serverValue() of workloads.ts: the orchestrator checks every task against that.
const SERVER_SOURCE = `
const net = require('node:net');
const { readFileSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { latencyMs, multiplier, modulus } = workerData;
const sockets = new Set();
const timers = new Set();
const server = net.createServer((socket) => {
  sockets.add(socket);
  socket.setNoDelay(true);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    let newline;
    while ((newline = buffered.indexOf('\\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      const match = /^GET (\\d+)$/.exec(line);
      const reply = match ? ((Number(match[1]) * multiplier + 11) % modulus) + '\\n' : 'ERR\\n';
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!socket.destroyed) socket.write(reply);
      }, latencyMs);
      timers.add(timer);
    }
  });
});
let tid = 0;
try {
  tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]) || 0;
} catch {}
server.on('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => parentPort.postMessage({ type: 'listening', port: server.address().port, tid }));
parentPort.on('message', () => {
  for (const timer of timers) clearTimeout(timer);
  for (const socket of sockets) socket.destroy();
  server.close(() => parentPort.close());
});
`;

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, fixed at 100 by the Linux ABI for /proc

/** A thread's CPU time: schedstat's nanoseconds on CPU where present, else stat's 10 ms ticks. */
function threadCpuSeconds(tid: number): number {
  if (tid <= 0) return 0;
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
  } catch {
    // no schedstat in this kernel: fall back to the coarser ticks
  }
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export async function startLoopbackServer(latencyMs: number): Promise<LoopbackServer> {
  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { latencyMs, multiplier: MULTIPLIER, modulus: MODULUS } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const { port, tid } = await new Promise<{ port: number; tid: number }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the loopback server stopped (exit code ${code})`)));
    worker.on('message', (message: { type: string; port?: number; tid?: number; message?: string }) => {
      if (message.type === 'listening') resolve({ port: message.port as number, tid: message.tid ?? 0 });
      else if (message.type === 'error') reject(new Error(`the loopback server failed: ${message.message}`));
    });
  }).catch(async (error: Error) => {
    await worker.terminate();
    throw error;
  });
  worker.on('error', () => undefined); // after start-up a failure shows up as refused connections
  let closed: Promise<void> | undefined;
  return {
    port,
    cpuSeconds: () => threadCpuSeconds(tid),
    close: () =>
      (closed ??= (async () => {
        worker.postMessage('close');
        // A worker that does not finish closing promptly is stopped outright.
        const timeout = setTimeout(() => void worker.terminate(), 2000);
        await exited;
        clearTimeout(timeout);
      })()),
  };
}
