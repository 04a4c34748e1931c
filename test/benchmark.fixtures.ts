// Shared pieces for the benchmark tests: a tiny plan and the schema validator.
import Ajv from 'ajv';
import * as path from 'node:path';
import { buildPlan } from '../benchmark/src/presets';
import type { BenchmarkPlan, Runtime, Workload } from '../benchmark/src/types';
import schema from '../benchmark/schema/benchmark-result.schema.json';

export const REPO_ROOT = path.join(__dirname, '..');

/** A plan that runs every model of a runtime in well under a second per workload. */
export function tinyPlan(runtime: Runtime, workloads: Workload[], workers = [2]): BenchmarkPlan {
  const plan = buildPlan(runtime, 'custom', { workloads, workers, tasks: 4, repeat: 1, latencyMs: 1, runnerTimeoutMs: 20_000 });
  for (const workload of workloads) {
    plan.sizes[workload].cpuStepsPerTask = workload === 'io' ? 0 : 2000;
    plan.sizes[workload].requestsPerTask = workload === 'cpu' ? 0 : 2;
  }
  return plan;
}

export const validateDocument = new Ajv({ allErrors: true }).compile(schema);
