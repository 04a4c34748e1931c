// Starts one runner process per measurement, in its own process group, and guarantees that the
// whole group is gone when the measurement ends — normally, by error, by timeout or by cancellation.
import { spawn } from 'node:child_process';
import { PeakMemorySampler, type TreeSample } from './processTree';

export interface RunnerCommand {
  command: string;
  /** Arguments before the runner's own (e.g. the script path). */
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface RunnerMeasurement {
  wall_s: number;
  cpu_s: number;
  startup_s: number;
  results: unknown;
  peak: TreeSample;
  /**
   * CPU time this process (the orchestrator: memory sampling, IPC) spent between the runner's "timed"
   * and "peak" events, i.e. while the wall time ran, less `workloadCpuSeconds` over the same window.
   */
  harness_cpu_s: number;
}

export class BenchmarkCancelled extends Error {
  constructor() {
    super('The benchmark was cancelled.');
  }
}

export class RunnerFailed extends Error {}

/** Pids of every runner currently alive, so a test (or a shutdown hook) can check none is left. */
export const liveRunnerGroups = new Set<number>();

export function killGroup(pid: number): void {
  try {
    // A negative pid addresses the whole process group: the runner, its pool workers and any
    // grandchildren they forked.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  sampleIntervalMs?: number;
  onStderr?: (line: string) => void;
  /** CPU seconds used so far by parts of this process that belong to the workload (the loopback server). */
  workloadCpuSeconds?: () => number;
}

/** Runs a runner to completion and returns its last JSON event (used for --info). */
export async function runRunnerForInfo(runner: RunnerCommand, args: string[], options: RunOptions): Promise<Record<string, unknown>> {
  const { lastEvent } = await runRunner(runner, args, options, false);
  return lastEvent;
}

export async function measure(runner: RunnerCommand, args: string[], options: RunOptions): Promise<RunnerMeasurement> {
  const { lastEvent, peak, harnessCpuS } = await runRunner(runner, args, options, true);
  const numberField = (name: string): number => {
    const value = lastEvent[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RunnerFailed(`the runner reported no valid ${name}`);
    return value;
  };
  return {
    wall_s: numberField('wall_s'),
    cpu_s: numberField('cpu_s'),
    startup_s: numberField('startup_s'),
    results: lastEvent.results,
    peak,
    harness_cpu_s: harnessCpuS,
  };
}

function runRunner(
  runner: RunnerCommand,
  args: string[],
  options: RunOptions,
  sampleMemory: boolean,
): Promise<{ lastEvent: Record<string, unknown>; peak: TreeSample; harnessCpuS: number }> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new BenchmarkCancelled());
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(runner.command, [...runner.args, ...args], {
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, ...runner.env },
      });
    } catch (error) {
      return reject(new RunnerFailed(`could not start ${runner.command}: ${(error as Error).message}`));
    }
    const pid = child.pid;
    let settled = false;
    let lastEvent: Record<string, unknown> | undefined;
    let stderrTail = '';
    // Our own CPU over the runner's timed window; from spawn to the peak event for a runner that
    // announces no window.
    const workloadCpu = options.workloadCpuSeconds ?? ((): number => 0);
    let windowStart = process.cpuUsage();
    let workloadCpuAtStart = workloadCpu();
    let harnessCpuS = 0;
    const sampler = pid !== undefined && sampleMemory ? new PeakMemorySampler(pid, options.sampleIntervalMs) : undefined;
    if (pid !== undefined) liveRunnerGroups.add(pid);
    sampler?.start();

    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined) {
        killGroup(pid);
        liveRunnerGroups.delete(pid);
      }
      outcome();
    };
    const fail = (error: Error): void => {
      finish(() => {
        sampler?.stop();
        reject(error);
      });
    };
    const onAbort = (): void => fail(new BenchmarkCancelled());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => fail(new RunnerFailed(`the runner took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped`)),
      options.timeoutMs,
    );

    child.on('error', (error) => fail(new RunnerFailed(`could not start ${runner.command}: ${error.message}`)));
    child.stdin?.on('error', () => undefined); // the runner may exit before reading its ack
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim()) options.onStderr?.(line);
    });
    let buffered = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line) as Record<string, unknown>;
        } catch {
          options.onStderr?.(line);
          continue;
        }
        if (event.event === 'timed') {
          windowStart = process.cpuUsage();
          workloadCpuAtStart = workloadCpu();
          if (sampler) sampler.timing = true;
        } else if (event.event === 'peak') {
          if (sampler) sampler.timing = false;
          const used = process.cpuUsage(windowStart);
          // Per-thread counters tick at 10 ms, process-wide ones at 1 µs: never below zero.
          harnessCpuS = Math.max(0, (used.user + used.system) / 1e6 - (workloadCpu() - workloadCpuAtStart));
          // Every worker is alive and has done its work: sample once more, then let the runner finish.
          sampler?.sampleNow();
          if (!settled) child.stdin?.write('\n');
        } else {
          lastEvent = event;
        }
      }
    });
    // Orphaned pool workers would keep the pipes open (and 'close' from firing): end the group as soon
    // as the runner itself exits.
    child.on('exit', () => {
      if (pid !== undefined) killGroup(pid);
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      if (lastEvent?.event === 'error') return fail(new RunnerFailed(String(lastEvent.message)));
      if (lastEvent === undefined || code !== 0) {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const detail = stderrTail.trim() ? `: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}` : '';
        return fail(new RunnerFailed(`the runner ${how}${detail}`));
      }
      const event = lastEvent;
      finish(() => {
        const peak = sampler?.stop() ?? { bytes: 0, measure: 'rss' as const, rssBytes: 0, processes: 0 };
        resolve({ lastEvent: event, peak, harnessCpuS });
      });
    });
  });
}
