// `npm run bench:validate`: runs the quick and standard presets for Python (CPU + I/O) and checks that
// they reproduce the lessons the benchmark exists to teach, on this machine; then runs the same
// presets for Node.js and prints its figures (the targets are Python's). Run by hand (minutes), on an
// idle machine: `flock -x /tmp/cpu.lock npm run bench:validate -- --runs 3`.
//
//   npx tsx benchmark/src/validate.ts [--preset quick|standard] [--runs N] [--no-node] [--python PATH] [--out DIR]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportDocument } from './exporters';
import { runBenchmark } from './orchestrator';
import { buildPlan } from './presets';
import { median } from './report';
import { defaultPythonCandidates, resolveNode, resolvePython } from './runtimes';
import type { BenchmarkDocument, BenchmarkResult, Model, Workload } from './types';

export interface Check {
  name: string;
  passed: boolean;
  /** The measured figure the check compares, in the unit of `format`. */
  value: number;
  detail: string;
}

function cell(document: BenchmarkDocument, workload: Workload, model: Model, workers: number): BenchmarkResult | undefined {
  return document.results.find((r) => r.workload === workload && r.model === model && r.workers === workers);
}

const MB = 2 ** 20;
const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/**
 * The harness's share of the measured time: the CPU the orchestrator used while the runner's clock ran
 * (memory sampling, IPC, and for I/O workloads also the loopback server the workload talks to), over
 * the CPU the measurement had available (wall time × cores). It bounds how much the harness could
 * have slowed the measurement down.
 */
export function harnessOverhead(result: BenchmarkResult, cores: number): number {
  return result.harness_cpu_s / Math.max(result.wall_s.median * cores, 1e-9);
}

export function fidelityChecks(document: BenchmarkDocument, durationLimitS?: number): Check[] {
  const checks: Check[] = [];
  const add = (name: string, passed: boolean, value: number, detail: string): void => void checks.push({ name, passed, value, detail });
  const threads2 = cell(document, 'cpu', 'threads', 2);
  const processes2 = cell(document, 'cpu', 'processes', 2);
  if (threads2 && processes2) {
    add('CPU-bound threads at 2 workers ≤ 1.2× sequential', threads2.speedup <= 1.2, threads2.speedup, `${threads2.speedup.toFixed(2)}×`);
    add('CPU-bound processes at 2 workers ≥ 1.7× sequential', processes2.speedup >= 1.7, processes2.speedup, `${processes2.speedup.toFixed(2)}× (pool start-up ${(processes2.startup_s * 1000).toFixed(0)} ms, reported apart)`);
  }
  const threads64 = cell(document, 'io', 'threads', 64);
  const processes64 = cell(document, 'io', 'processes', 64);
  if (threads64 && processes64) {
    const ratio = threads64.peak_tree_bytes / processes64.peak_tree_bytes;
    add(`I/O-bound at 64 workers: threads' peak tree memory < 1/5 of processes'`, ratio < 0.2, ratio, `${(threads64.peak_tree_bytes / MB).toFixed(1)} MB vs ${(processes64.peak_tree_bytes / MB).toFixed(1)} MB ${document.memory_measure.toUpperCase()} (${pct(ratio)}; summed RSS ${(threads64.peak_tree_rss_bytes / MB).toFixed(0)} vs ${(processes64.peak_tree_rss_bytes / MB).toFixed(0)} MB)`);
    add('I/O-bound at 64 workers: threads ≥ 10× faster than sequential', threads64.speedup >= 10, threads64.speedup, `${threads64.speedup.toFixed(1)}× (pool start-up ${(threads64.startup_s * 1000).toFixed(0)} ms)`);
    add('I/O-bound at 64 workers: processes ≥ 10× faster than sequential', processes64.speedup >= 10, processes64.speedup, `${processes64.speedup.toFixed(1)}× (pool start-up ${(processes64.startup_s * 1000).toFixed(0)} ms)`);
  }
  const worstSpread = document.results.reduce((worst, r) => (r.spread > worst.spread ? r : worst), document.results[0]);
  if (worstSpread) {
    const spreads = document.results.map((r) => r.spread);
    add('repeats agree within 10%', worstSpread.spread <= 0.1, worstSpread.spread, `worst spread ${pct(worstSpread.spread)} (${worstSpread.workload}/${worstSpread.model}×${worstSpread.workers}), median ${pct(median(spreads))}`);
  }
  // Over the whole run, weighted by time: a window of 60 ms carries ±10 ms of the orchestrator's own JIT
  // and garbage-collection noise, so single rows are printed but the check is on the run.
  const overheads = document.results.map((r) => ({ r, share: harnessOverhead(r, document.machine.cores) }));
  const worst = overheads.reduce((a, b) => (b.share > a.share ? b : a), overheads[0]);
  if (worst) {
    const harness = document.results.reduce((sum, r) => sum + r.harness_cpu_s, 0);
    const available = document.results.reduce((sum, r) => sum + r.wall_s.median * document.machine.cores, 0);
    const share = harness / Math.max(available, 1e-9);
    add('harness overhead ≤ 5% of the measured time', share <= 0.05, share, `${pct(share)} of the available CPU over the run (${harness.toFixed(3)} s of ${available.toFixed(2)} s); per row median ${pct(median(overheads.map((o) => o.share)))}, worst ${pct(worst.share)} (${worst.r.workload}/${worst.r.model}×${worst.r.workers}, ${(worst.r.wall_s.median * 1000).toFixed(0)} ms)`);
  }
  if (durationLimitS !== undefined) add(`finishes in ≤ ${durationLimitS} s`, document.duration_s <= durationLimitS, document.duration_s, `${document.duration_s.toFixed(1)} s`);
  const load = Math.max(document.machine.load_average.start, document.machine.load_average.end);
  add('machine idle enough (load average ≤ cores)', load <= document.machine.cores, load, `load average ${document.machine.load_average.start} → ${document.machine.load_average.end} on ${document.machine.cores} cores`);
  return checks;
}

/** Node's figures next to the anchors (a worker thread starts in ~50 ms, a forked child in ~115 ms). */
export function nodeFigures(document: BenchmarkDocument): string[] {
  const lines: string[] = [];
  for (const model of ['worker_threads', 'child_process'] as const) {
    const rows = document.results.filter((r) => r.model === model);
    const cpu2 = rows.find((r) => r.workload === 'cpu' && r.workers === 2);
    const one = rows.find((r) => r.workload === 'cpu' && r.workers === 1);
    const ioMax = rows.filter((r) => r.workload === 'io').sort((a, b) => b.workers - a.workers)[0];
    const parts: string[] = [];
    if (one) parts.push(`start-up of 1 worker ${(one.startup_s * 1000).toFixed(0)} ms`);
    if (cpu2) parts.push(`CPU-bound speedup at 2 workers ${cpu2.speedup.toFixed(2)}× (start-up ${(cpu2.startup_s * 1000).toFixed(0)} ms)`);
    if (ioMax) parts.push(`I/O-bound at ${ioMax.workers} workers ${ioMax.speedup.toFixed(1)}×, ${(ioMax.peak_tree_bytes / MB).toFixed(0)} MB, start-up ${(ioMax.startup_s * 1000).toFixed(0)} ms`);
    const spread = Math.max(...rows.map((r) => r.spread));
    parts.push(`worst spread ${pct(spread)}`);
    lines.push(`  ${model}: ${parts.join('; ')}`);
  }
  const harness = document.results.reduce((sum, r) => sum + r.harness_cpu_s, 0);
  const available = document.results.reduce((sum, r) => sum + r.wall_s.median * document.machine.cores, 0);
  lines.push(`  harness overhead ${pct(harness / Math.max(available, 1e-9))} of the available CPU; duration ${document.duration_s.toFixed(1)} s`);
  return lines;
}

// Times the same arithmetic pinned to each core in turn (best of 3). A virtual machine's cores can differ
// by half when the host is busy on one of them, and then a one-worker run is fast or slow depending on
// the core it lands on: every speedup is off, whatever the benchmark does.
const CORE_SPEED_SCRIPT = `
import os, time, json
def steps(n):
    acc = 1
    for i in range(n):
        acc = (acc * 48271 + i) % 2147483647
    return acc
out = {}
for core in sorted(os.sched_getaffinity(0)):
    os.sched_setaffinity(0, {core})
    best = None
    for _ in range(3):
        t = time.perf_counter(); steps(400000); d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    out[core] = best
print(json.dumps(out))
`;

/** Seconds per core for the same work, or undefined where affinity cannot be set. */
export function coreSpeeds(python: string): Record<string, number> | undefined {
  const run = spawnSync(python, ['-c', CORE_SPEED_SCRIPT], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) return undefined;
  try {
    return JSON.parse(run.stdout) as Record<string, number>;
  } catch {
    return undefined;
  }
}

function coreCheck(python: string): Check | undefined {
  const speeds = coreSpeeds(python);
  if (!speeds || Object.keys(speeds).length < 2) return undefined;
  const times = Object.values(speeds);
  const ratio = Math.max(...times) / Math.min(...times);
  const detail = Object.entries(speeds).map(([core, seconds]) => `core ${core} ${(seconds * 1000).toFixed(0)} ms`).join(', ');
  return { name: 'cores equally fast (slowest ≤ 1.1× the fastest)', passed: ratio <= 1.1, value: ratio, detail: `${detail} for the same work (${ratio.toFixed(2)}×)` };
}

async function main(argv: string[]): Promise<number> {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const presets = option('--preset') ? [option('--preset') as 'quick' | 'standard'] : (['quick', 'standard'] as const);
  const runs = Math.max(1, Number(option('--runs') ?? 1) || 1);
  const withNode = !argv.includes('--no-node');
  const outDir = option('--out') ?? '.bench';
  mkdirSync(outDir, { recursive: true });
  const root = path.join(__dirname, '..', '..');
  const python = await resolvePython(root, defaultPythonCandidates(option('--python')));
  const node = withNode ? await resolveNode(root) : undefined;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  let failures = 0;
  for (const preset of presets) {
    const perRun: Check[][] = [];
    for (let run = 1; run <= runs; run++) {
      log(`\n== python, ${preset} preset, run ${run} of ${runs} ==`);
      const document = await runBenchmark(buildPlan('python', preset, { workloads: ['cpu', 'io'] }), python, { onLog: log });
      writeFileSync(path.join(outDir, `validate-${preset}-${run}.json`), exportDocument(document, 'json'));
      writeFileSync(path.join(outDir, `validate-${preset}-${run}.md`), exportDocument(document, 'markdown'));
      const checks = fidelityChecks(document, preset === 'quick' ? 30 : undefined);
      const cores = coreCheck(python.runner.command);
      if (cores) checks.push(cores);
      perRun.push(checks);
      process.stdout.write(`\n${exportDocument(document, 'table')}\nFidelity (python, ${preset}, run ${run}):\n`);
      for (const check of checks) process.stdout.write(`  ${check.passed ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`);
    }
    if (runs > 1) {
      process.stdout.write(`\nFidelity (python, ${preset}), medians over ${runs} runs:\n`);
      for (const [index, first] of perRun[0].entries()) {
        const values = perRun.map((checks) => checks[index].value);
        const passes = perRun.filter((checks) => checks[index].passed).length;
        process.stdout.write(`  ${passes === runs ? 'PASS' : 'FAIL'}  ${first.name}: median ${values.length ? median(values).toFixed(3) : '-'} (runs: ${values.map((v) => v.toFixed(3)).join(', ')}; passed ${passes}/${runs})\n`);
      }
    }
    for (const checks of perRun) failures += checks.filter((c) => !c.passed).length;
    if (node) {
      for (let run = 1; run <= runs; run++) {
        log(`\n== node, ${preset} preset, run ${run} of ${runs} ==`);
        const document = await runBenchmark(buildPlan('node', preset, { workloads: ['cpu', 'io'] }), node, { onLog: log });
        writeFileSync(path.join(outDir, `validate-node-${preset}-${run}.json`), exportDocument(document, 'json'));
        process.stdout.write(`\n${exportDocument(document, 'table')}\nNode.js figures (${preset}, run ${run}):\n${nodeFigures(document).join('\n')}\n`);
      }
    }
  }
  return failures === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`bench:validate: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
