// Runs a benchmark plan: one runner process per (workload, model, workers, repeat), the loopback
// server for the I/O workloads, answer checking, and aggregation into the result document.
import * as os from 'node:os';
import { startLoopbackServer, type LoopbackServer } from './loopbackServer';
import { aggregate, type Measurement } from './report';
import { BenchmarkCancelled, measure, RunnerFailed } from './runnerProcess';
import type { ResolvedRuntime } from './runtimes';
import type { BenchmarkCallbacks, BenchmarkDocument, BenchmarkPlan, MachineInfo, Model, Runtime, Workload } from './types';
import { verdict } from './verdict';
import { checkResults, expectedResults } from './workloads';

export function modelsFor(runtime: Runtime, workload: Workload): Model[] {
  if (runtime === 'node') return ['sequential', 'worker_threads', 'child_process'];
  return workload === 'io' ? ['sequential', 'threads', 'processes', 'asyncio'] : ['sequential', 'threads', 'processes'];
}

export interface MeasurementStep {
  workload: Workload;
  model: Model;
  workers: number;
  repeat: number;
}

/**
 * Every cell once per round, then the next round. On a shared or virtual machine the CPU slows down for
 * seconds at a time; run back to back, all repeats of one cell would fall into the same slow spell and
 * its median with them. Interleaved, a slow spell costs each cell at most one repeat, which the median
 * discards and the spread still shows.
 */
export function measurementSteps(plan: BenchmarkPlan): MeasurementStep[] {
  const steps: MeasurementStep[] = [];
  for (let repeat = 0; repeat < plan.repeat; repeat++) {
    for (const workload of plan.workloads) {
      for (const model of modelsFor(plan.runtime, workload).filter((m) => !plan.models || plan.models.includes(m))) {
        const counts = model === 'sequential' ? [1] : plan.workers[workload];
        for (const workers of counts) steps.push({ workload, model, workers, repeat });
      }
    }
  }
  return steps;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism?.() ?? cpus.length,
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    total_memory_bytes: os.totalmem(),
    load_average: { start: round2(os.loadavg()[0]), end: round2(os.loadavg()[0]) },
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export function stepLabel(step: Pick<MeasurementStep, 'workload' | 'model' | 'workers'>): string {
  return `${step.workload}/${step.model}×${step.workers}`;
}

export async function runBenchmark(
  plan: BenchmarkPlan,
  runtime: ResolvedRuntime,
  callbacks: BenchmarkCallbacks = {},
  signal?: AbortSignal,
): Promise<BenchmarkDocument> {
  const started = Date.now();
  const machine = machineInfo();
  const steps = measurementSteps(plan);
  const expected = new Map<Workload, number[]>();
  const measurements: Measurement[] = [];
  const log = callbacks.onLog ?? (() => undefined);
  let server: LoopbackServer | undefined;
  log(
    `Benchmark: ${runtime.info.implementation} ${runtime.info.version} (${runtime.info.executable})` +
      `${runtime.info.start_method ? `, start method ${runtime.info.start_method}` : ''}` +
      `${runtime.info.gil_enabled === null ? '' : `, GIL ${runtime.info.gil_enabled ? 'enabled' : 'disabled'}`}; ` +
      `${machine.cores} cores; ${steps.length} measurements.`,
  );
  try {
    if (plan.workloads.some((w) => w !== 'cpu')) {
      server = await startLoopbackServer(plan.latencyMs);
      log(`Loopback server on 127.0.0.1:${server.port}, ${plan.latencyMs} ms per request.`);
    }
    for (const [index, step] of steps.entries()) {
      if (signal?.aborted) throw new BenchmarkCancelled();
      const label = stepLabel(step);
      callbacks.onProgress?.({ done: index, total: steps.length, label: `${label} (repeat ${step.repeat + 1})` });
      const size = plan.sizes[step.workload];
      if (!expected.has(step.workload)) expected.set(step.workload, expectedResults(step.workload, size));
      const job = {
        workload: step.workload,
        model: step.model,
        workers: step.workers,
        tasks: size.tasks,
        cpuStepsPerTask: size.cpuStepsPerTask,
        requestsPerTask: size.requestsPerTask,
        port: server?.port ?? 0,
        startMethod: plan.startMethod ?? null,
      };
      const result = await measure(runtime.runner, ['--job', JSON.stringify(job)], {
        timeoutMs: plan.runnerTimeoutMs,
        signal,
        onStderr: (line) => log(`  [runner] ${line}`),
        workloadCpuSeconds: server ? () => server!.cpuSeconds() : undefined,
      }).catch((error: Error) => {
        if (error instanceof BenchmarkCancelled) throw error;
        throw new RunnerFailed(`${label}: ${error.message}`);
      });
      const problem = checkResults(result.results, expected.get(step.workload) as number[], label);
      if (problem) throw new RunnerFailed(problem);
      measurements.push({ ...step, tasks: size.tasks, ...result });
      log(
        `  ${label.padEnd(26)} repeat ${step.repeat + 1}: ${result.wall_s.toFixed(3)} s, cpu ${result.cpu_s.toFixed(2)} s, ` +
          `peak ${(result.peak.bytes / 2 ** 20).toFixed(1)} MB over ${result.peak.processes} processes, pool start-up ${(result.startup_s * 1000).toFixed(0)} ms`,
      );
    }
    callbacks.onProgress?.({ done: steps.length, total: steps.length, label: 'done' });
  } finally {
    await server?.close();
  }
  machine.load_average.end = round2(os.loadavg()[0]);
  const results = aggregate(measurements, machine.cores);
  const document: BenchmarkDocument = {
    schema_version: 1,
    created_at: new Date(started).toISOString(),
    duration_s: (Date.now() - started) / 1000,
    machine,
    runtime: runtime.info,
    settings: {
      preset: plan.preset,
      repeat: plan.repeat,
      latency_ms: plan.latencyMs,
      workers: Object.fromEntries(plan.workloads.map((w) => [w, plan.workers[w]])),
      sizes: Object.fromEntries(plan.workloads.map((w) => [w, plan.sizes[w]])),
    },
    memory_measure: measurements.some((m) => m.peak.measure === 'rss') ? 'rss' : 'pss',
    results,
    verdict: [],
  };
  document.verdict = verdict(document);
  return document;
}
