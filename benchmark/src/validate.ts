// `npm run bench:validate`: runs the quick and standard presets for Python (CPU + I/O) and checks that
// they reproduce the lessons the benchmark exists to teach, on this machine. Run by hand (minutes).
//
//   npx tsx benchmark/src/validate.ts [--preset quick|standard] [--python PATH] [--out DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportDocument } from './exporters';
import { runBenchmark } from './orchestrator';
import { buildPlan } from './presets';
import { defaultPythonCandidates, resolvePython } from './runtimes';
import type { BenchmarkDocument, BenchmarkResult, Model, Workload } from './types';

interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

function cell(document: BenchmarkDocument, workload: Workload, model: Model, workers: number): BenchmarkResult | undefined {
  return document.results.find((r) => r.workload === workload && r.model === model && r.workers === workers);
}

export function fidelityChecks(document: BenchmarkDocument, durationLimitS?: number): Check[] {
  const checks: Check[] = [];
  const add = (name: string, passed: boolean, detail: string): void => void checks.push({ name, passed, detail });
  const threads2 = cell(document, 'cpu', 'threads', 2);
  const processes2 = cell(document, 'cpu', 'processes', 2);
  if (threads2 && processes2) {
    add('CPU-bound threads at 2 workers ≤ 1.2× sequential', threads2.speedup <= 1.2, `${threads2.speedup.toFixed(2)}×`);
    add('CPU-bound processes at 2 workers ≥ 1.7× sequential', processes2.speedup >= 1.7, `${processes2.speedup.toFixed(2)}×`);
  }
  const threads64 = cell(document, 'io', 'threads', 64);
  const processes64 = cell(document, 'io', 'processes', 64);
  if (threads64 && processes64) {
    const ratio = threads64.peak_tree_bytes / processes64.peak_tree_bytes;
    add('I/O-bound at 64 workers: threads\' peak tree memory < 1/5 of processes\'', ratio < 0.2, `${(threads64.peak_tree_bytes / 2 ** 20).toFixed(1)} MB vs ${(processes64.peak_tree_bytes / 2 ** 20).toFixed(1)} MB (${(ratio * 100).toFixed(0)}%)`);
    add('I/O-bound at 64 workers: threads ≥ 10× faster than sequential', threads64.speedup >= 10, `${threads64.speedup.toFixed(1)}×`);
    add('I/O-bound at 64 workers: processes ≥ 10× faster than sequential', processes64.speedup >= 10, `${processes64.speedup.toFixed(1)}×`);
  }
  const worstSpread = document.results.reduce((worst, r) => (r.spread > worst.spread ? r : worst), document.results[0]);
  if (worstSpread) {
    add('repeats agree within 10%', worstSpread.spread <= 0.1, `worst spread ${(worstSpread.spread * 100).toFixed(1)}% (${worstSpread.workload}/${worstSpread.model}×${worstSpread.workers})`);
  }
  // Harness overhead: CPU the orchestrator spent while a measurement ran, against the CPU the
  // measurement had available (wall time × cores).
  const overhead = document.results.map((r) => r.harness_cpu_s / Math.max(r.wall_s.median * document.machine.cores, 1e-9));
  const worstOverhead = Math.max(...overhead);
  add('harness overhead ≤ 5% of the measured time', worstOverhead <= 0.05, `worst ${(worstOverhead * 100).toFixed(1)}% of the available CPU`);
  if (durationLimitS !== undefined) add(`finishes in ≤ ${durationLimitS} s`, document.duration_s <= durationLimitS, `${document.duration_s.toFixed(1)} s`);
  add('machine idle enough', Math.max(document.machine.load_average.start, document.machine.load_average.end) <= document.machine.cores, `load average ${document.machine.load_average.start} → ${document.machine.load_average.end} on ${document.machine.cores} cores`);
  return checks;
}

async function main(argv: string[]): Promise<number> {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const presets = option('--preset') ? [option('--preset') as 'quick' | 'standard'] : (['quick', 'standard'] as const);
  const outDir = option('--out') ?? '.bench';
  mkdirSync(outDir, { recursive: true });
  const root = path.join(__dirname, '..', '..');
  const python = await resolvePython(root, defaultPythonCandidates(option('--python')));
  let failures = 0;
  for (const preset of presets) {
    const plan = buildPlan('python', preset, { workloads: ['cpu', 'io'] });
    process.stderr.write(`\n== ${preset} preset ==\n`);
    const document = await runBenchmark(plan, python, { onLog: (line) => process.stderr.write(`${line}\n`) });
    writeFileSync(path.join(outDir, `validate-${preset}.json`), exportDocument(document, 'json'));
    writeFileSync(path.join(outDir, `validate-${preset}.md`), exportDocument(document, 'markdown'));
    process.stdout.write(`\n${exportDocument(document, 'table')}\nFidelity (${preset}):\n`);
    for (const check of fidelityChecks(document, preset === 'quick' ? 30 : undefined)) {
      if (!check.passed) failures++;
      process.stdout.write(`  ${check.passed ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`);
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
