// `concurrency-lint bench ...`: the benchmark from a terminal or CI. argv excludes the word `bench`.
import * as path from 'node:path';
import { exportDocument, type ExportFormat } from './exporters';
import { runBenchmark } from './orchestrator';
import { buildPlan, planProblems, type PlanOverrides } from './presets';
import { BenchmarkCancelled, RunnerFailed } from './runnerProcess';
import { defaultPythonCandidates, resolveNode, resolvePython } from './runtimes';
import { MODELS, RUNTIMES, START_METHODS, WORKLOADS, type PresetName, type Runtime, type StartMethod, type Workload } from './types';

export const BENCH_USAGE = `Usage: concurrency-lint bench [options]

Measures threads against processes on this machine for one runtime.

Options:
  --runtime python|node        runtime to measure (default python)
  --workload cpu,io,mixed      workloads, comma-separated (default cpu,io)
  --preset quick|standard      sizes and worker counts (default quick, about 25 s)
  --workers 1,2,4,8,16,64      worker counts for every workload (default: the preset's)
  --models threads,processes   only these models (default: all of the runtime's;
                               sequential is the baseline for speedups)
  --tasks N                    tasks per workload (default: the preset's)
  --repeat N                   repeats per measurement (default 3)
  --start-method fork|spawn|forkserver   Python process start method (default: the platform's)
  --python PATH                Python interpreter (default python3, then python)
  --format table|json|csv|markdown       output format (default table)
  --output FILE                write the report to FILE instead of stdout
  -h, --help                   show this help
`;

const FORMATS: readonly ExportFormat[] = ['table', 'json', 'csv', 'markdown'];

export interface BenchArgs {
  runtime: Runtime;
  preset: Exclude<PresetName, 'custom'>;
  overrides: PlanOverrides;
  python?: string;
  format: ExportFormat;
  output?: string;
}

export class UsageError extends Error {}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function positiveInteger(value: string, option: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${option} must be a positive whole number (got "${value}")`);
  return Number(value);
}

export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  const args: BenchArgs = { runtime: 'python', preset: 'quick', overrides: {}, format: 'table' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    if (flag === '-h' || flag === '--help') return 'help';
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--runtime':
        args.runtime = oneOf(value(), RUNTIMES, flag);
        break;
      case '--workload':
        args.overrides.workloads = [...new Set(value().split(',').map((w) => oneOf(w.trim(), WORKLOADS, flag) as Workload))];
        break;
      case '--preset':
        args.preset = oneOf(value(), ['quick', 'standard'] as const, flag);
        break;
      case '--workers':
        args.overrides.workers = value().split(',').map((n) => positiveInteger(n.trim(), flag));
        break;
      case '--models':
        args.overrides.models = [...new Set(value().split(',').map((m) => oneOf(m.trim(), MODELS, flag)))];
        break;
      case '--tasks':
        args.overrides.tasks = positiveInteger(value(), flag);
        break;
      case '--repeat':
        args.overrides.repeat = positiveInteger(value(), flag);
        break;
      case '--start-method':
        args.overrides.startMethod = oneOf(value(), START_METHODS, flag) as StartMethod;
        break;
      case '--python':
        args.python = value();
        break;
      case '--format':
        args.format = oneOf(value(), FORMATS, flag);
        break;
      case '--output':
        args.output = value();
        break;
      default:
        throw new UsageError(`unknown option "${argv[i]}"`);
    }
  }
  if (args.runtime === 'node' && args.overrides.startMethod) throw new UsageError('--start-method applies to --runtime python only');
  return args;
}

/** A one-line progress bar redrawn in place on stderr. */
function progressBar(stream: NodeJS.WriteStream): (done: number, total: number, label: string) => void {
  return (done, total, label) => {
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
    stream.write(`\r${line.slice(0, Math.max(20, (stream.columns ?? 100) - 1)).padEnd(Math.min(line.length + 10, (stream.columns ?? 100) - 1))}`);
  };
}

export async function benchMain(argv: string[], options: { extensionRoot?: string } = {}): Promise<number> {
  let args: BenchArgs | 'help';
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`concurrency-lint bench: ${(error as Error).message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  const plan = buildPlan(args.runtime, args.preset, args.overrides);
  if (args.overrides.workers || args.overrides.tasks || args.overrides.repeat) plan.preset = 'custom';
  const problems = planProblems(plan);
  if (problems.length > 0) {
    process.stderr.write(`concurrency-lint bench: ${problems.join('; ')}\n`);
    return 2;
  }
  // dist/cli.js lives in <root>/dist; the runner scripts ship in <root>/benchmark/runners.
  const extensionRoot = options.extensionRoot ?? path.join(__dirname, '..');
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const tty = process.stderr.isTTY === true;
  const draw = tty ? progressBar(process.stderr) : undefined;
  try {
    const runtime =
      args.runtime === 'python'
        ? await resolvePython(extensionRoot, defaultPythonCandidates(args.python), plan.startMethod, controller.signal)
        : await resolveNode(extensionRoot, controller.signal);
    const document = await runBenchmark(
      plan,
      runtime,
      {
        onProgress: (p) => draw?.(p.done, p.total, p.label),
        onLog: tty ? undefined : (line) => process.stderr.write(`${line}\n`),
      },
      controller.signal,
    );
    if (tty) process.stderr.write('\n');
    const text = exportDocument(document, args.format);
    if (args.output) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(args.output, text);
    } else {
      process.stdout.write(text);
    }
    return 0;
  } catch (error) {
    if (tty) process.stderr.write('\n');
    if (error instanceof BenchmarkCancelled) {
      process.stderr.write('concurrency-lint bench: cancelled; every runner process was stopped.\n');
      return 130;
    }
    const message = error instanceof RunnerFailed ? error.message : (error as Error).stack ?? String(error);
    process.stderr.write(`concurrency-lint bench: ${message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
