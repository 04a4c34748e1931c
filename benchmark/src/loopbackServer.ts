// The I/O workload's counterpart: a line-protocol key/value server on 127.0.0.1 that answers each
// `GET <key>` after a fixed service latency, like a remote store scanned key by key.
import * as net from 'node:net';
import { serverValue } from './workloads';

export interface LoopbackServer {
  port: number;
  close(): Promise<void>;
}

export async function startLoopbackServer(latencyMs: number): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        const match = /^GET (\d+)$/.exec(line);
        const reply = match ? `${serverValue(Number(match[1]))}\n` : 'ERR\n';
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!socket.destroyed) socket.write(reply);
        }, latencyMs);
        timers.add(timer);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, resolve);
  });
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
