// Preset sizes, tuned on a 2-core machine so that "quick" takes about 20 s and "standard" about
// 2 minutes for a CPU + I/O run. A pool of 64 Python processes alone costs over a second to start
// there (reported as start-up, outside the wall time, but still spent), which is what bounds the quick
// preset to two repeats. The CPU workload is long enough (1 s sequential in quick, where the pools run at 2 workers only: one-worker pools
// would only repeat the sequential time) that per-task IPC
// stays under a few percent of it. The I/O workload has few tasks of several requests each: handing a
// task to a process costs ~1 ms of CPU (pickling, pipes), which 64 processes on 2 cores pay in series,
// while a request only waits; so the tasks are two to four rounds of 64 workers. The CPU step counts differ per runtime because one arithmetic step
// costs ~7× more in CPython than in V8; the point is the same wall time, not the same step count.
import type { BenchmarkPlan, Model, PresetName, Runtime, StartMethod, Workload, WorkloadSize } from './types';

interface PresetShape {
  workers: Record<Workload, number[]>;
  tasks: Record<Workload, number>;
  /** Sequential CPU time of the whole cpu workload on the reference machine, in seconds. */
  cpuSeconds: number;
  requestsPerTask: number;
  latencyMs: number;
  repeat: number;
}

const PRESETS: Record<Exclude<PresetName, 'custom'>, PresetShape> = {
  quick: {
    workers: { cpu: [2], io: [8, 64], mixed: [2, 8] },
    tasks: { cpu: 8, io: 128, mixed: 32 },
    cpuSeconds: 1,
    requestsPerTask: 6,
    latencyMs: 4,
    repeat: 2,
  },
  standard: {
    workers: { cpu: [1, 2, 4, 8], io: [4, 16, 64], mixed: [2, 4, 8, 16] },
    tasks: { cpu: 16, io: 256, mixed: 64 },
    cpuSeconds: 2,
    requestsPerTask: 4,
    latencyMs: 5,
    repeat: 3,
  },
};

/**
 * Node starts a V8 isolate per worker thread (~7 MB, tens of ms) and a whole runtime per child, so its
 * I/O-bound counts stop at 16 and 32: 64 of either takes longer than the rest of a preset together.
 */
const NODE_IO_WORKERS: Record<Exclude<PresetName, 'custom'>, number[]> = { quick: [4, 16], standard: [4, 16, 32] };

/** Arithmetic steps per second of one core, measured with the runners' own loop. */
const STEPS_PER_SECOND: Record<Runtime, number> = { python: 9_000_000, node: 60_000_000 };

/** The mixed workload spends about as long computing as waiting, per task. */
function mixedCpuSteps(runtime: Runtime, latencyMs: number, requestsPerTask: number): number {
  return Math.round((STEPS_PER_SECOND[runtime] * latencyMs * requestsPerTask) / 1000);
}

export interface PlanOverrides {
  workloads?: Workload[];
  workers?: number[];
  tasks?: number;
  repeat?: number;
  startMethod?: StartMethod;
  models?: Model[];
  latencyMs?: number;
  runnerTimeoutMs?: number;
}

export function buildPlan(runtime: Runtime, preset: PresetName, overrides: PlanOverrides = {}): BenchmarkPlan {
  const shape = PRESETS[preset === 'custom' ? 'quick' : preset];
  const latencyMs = overrides.latencyMs ?? shape.latencyMs;
  const sizeOf = (workload: Workload): WorkloadSize => {
    const tasks = overrides.tasks ?? shape.tasks[workload];
    const totalCpuSteps = STEPS_PER_SECOND[runtime] * shape.cpuSeconds;
    switch (workload) {
      case 'cpu':
        return { tasks, cpuStepsPerTask: Math.max(1, Math.round(totalCpuSteps / tasks)), requestsPerTask: 0 };
      case 'io':
        return { tasks, cpuStepsPerTask: 0, requestsPerTask: shape.requestsPerTask };
      case 'mixed':
        return { tasks, cpuStepsPerTask: mixedCpuSteps(runtime, latencyMs, 1), requestsPerTask: 1 };
    }
  };
  const workloads = overrides.workloads ?? ['cpu', 'io'];
  const workers = {} as Record<Workload, number[]>;
  const sizes = {} as Record<Workload, WorkloadSize>;
  for (const workload of ['cpu', 'io', 'mixed'] as const) {
    const presetWorkers = runtime === 'node' && workload === 'io' ? NODE_IO_WORKERS[preset === 'custom' ? 'quick' : preset] : shape.workers[workload];
    workers[workload] = normaliseWorkers(overrides.workers ?? presetWorkers);
    sizes[workload] = sizeOf(workload);
  }
  return {
    runtime,
    preset,
    workloads,
    workers,
    sizes,
    repeat: overrides.repeat ?? shape.repeat,
    latencyMs,
    startMethod: overrides.startMethod,
    models: overrides.models,
    runnerTimeoutMs: overrides.runnerTimeoutMs ?? 120_000,
  };
}

function normaliseWorkers(counts: number[]): number[] {
  return [...new Set(counts)].sort((a, b) => a - b);
}

/** Checks a plan coming from user input; returns the problems in plain words. */
export function planProblems(plan: BenchmarkPlan): string[] {
  const problems: string[] = [];
  if (plan.workloads.length === 0) problems.push('choose at least one workload');
  if (plan.models?.length === 0) problems.push('choose at least one model');
  if (!Number.isInteger(plan.repeat) || plan.repeat < 1 || plan.repeat > 20) problems.push('repeat must be a whole number from 1 to 20');
  for (const workload of plan.workloads) {
    const counts = plan.workers[workload];
    if (counts.length === 0) problems.push(`no worker counts for the ${workload} workload`);
    for (const n of counts) {
      if (!Number.isInteger(n) || n < 1 || n > 256) problems.push(`worker count ${n} is not a whole number from 1 to 256`);
    }
    const { tasks } = plan.sizes[workload];
    if (!Number.isInteger(tasks) || tasks < 1 || tasks > 100_000) problems.push(`task count ${tasks} is not a whole number from 1 to 100000`);
  }
  return problems;
}
