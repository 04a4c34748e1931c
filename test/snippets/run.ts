// Runs the snippet programs: many small child processes at once, a bounded number at a time.
import { spawn } from 'node:child_process';

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a program in its own process group so that a hang is ended with everything it started
 * (pool workers, forked children): the timeout is a guard against hangs, not a speed check.
 */
export function runProcess(command: string, args: string[], cwd: string, timeoutMs: number): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, signal: null, stdout, stderr: `${error.message}\n${stderr}`, timedOut });
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      killGroup(); // a worker the program left behind must not outlive the test
      resolve({ exitCode, signal, stdout, stderr, timedOut });
    });
  });
}

/** Runs `jobs` with at most `limit` of them in flight; results in job order. */
export async function runLimited<T>(jobs: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  async function lane(): Promise<void> {
    for (let index = next++; index < jobs.length; index = next++) results[index] = await jobs[index]();
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, () => lane()));
  return results;
}

export function describeOutcome(outcome: ProcessOutcome): string {
  const how = outcome.timedOut ? 'timed out' : outcome.signal ? `killed by ${outcome.signal}` : `exit code ${outcome.exitCode}`;
  return `${how}\n--- stdout ---\n${outcome.stdout}\n--- stderr ---\n${outcome.stderr}`;
}
