// The arithmetic every runner performs, repeated here so that the orchestrator can check each task's
// answer independently of the runner. All products stay below 2^53, so JavaScript numbers and Python
// integers agree exactly.
import type { Workload, WorkloadSize } from './types';

export const MODULUS = 2147483647;
export const MULTIPLIER = 48271;

export function cpuSteps(seed: number, steps: number): number {
  let acc = seed;
  for (let i = 0; i < steps; i++) acc = (acc * MULTIPLIER + i) % MODULUS;
  return acc;
}

/** What the loopback server answers for a key. */
export function serverValue(key: number): number {
  return (key * MULTIPLIER + 11) % MODULUS;
}

export function expectedTaskResult(workload: Workload, size: WorkloadSize, index: number): number {
  switch (workload) {
    case 'cpu':
      return cpuSteps(index + 1, size.cpuStepsPerTask);
    case 'io': {
      let acc = 0;
      for (let r = 0; r < size.requestsPerTask; r++) acc = (acc + serverValue(index * size.requestsPerTask + r)) % MODULUS;
      return acc;
    }
    case 'mixed':
      return cpuSteps(serverValue(index), size.cpuStepsPerTask);
  }
}

/** Expected answers per task; computed once per workload and reused for every measurement. */
export function expectedResults(workload: Workload, size: WorkloadSize): number[] {
  return Array.from({ length: size.tasks }, (_, index) => expectedTaskResult(workload, size, index));
}

/** Returns a plain-words problem when the runner's answers are not exactly the expected ones. */
export function checkResults(actual: unknown, expected: number[], label: string): string | undefined {
  if (!Array.isArray(actual)) return `${label}: the runner returned no task results`;
  if (actual.length !== expected.length) {
    return `${label}: the runner returned ${actual.length} task results, expected ${expected.length}`;
  }
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      return `${label}: task ${i} returned ${JSON.stringify(actual[i])}, expected ${expected[i]} — the run is invalid`;
    }
  }
  return undefined;
}
