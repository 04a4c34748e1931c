// The plain-words answer: which model won each workload, by how much, and what it cost in memory.
// A pure function of the result document, so the same data always reads the same way.
import type { BenchmarkDocument, BenchmarkResult, Model, Workload } from './types';

const WORKLOAD_NAMES: Record<Workload, string> = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'Mixed' };
export const MODEL_NAMES: Record<Model, string> = {
  sequential: 'sequential',
  threads: 'threads',
  processes: 'processes',
  asyncio: 'asyncio',
  worker_threads: 'worker threads',
  child_process: 'child processes',
};
/** Differences under this fraction are reported as "the same time". */
const SAME_TIME = 0.1;
/** A parallel model whose best speedup stays under this "gained nothing". */
const NO_GAIN = 1.2;

export function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20;
  if (mib >= 1024) return `${(mib / 1024).toFixed(1)} GB`;
  return mib >= 10 ? `${Math.round(mib)} MB` : `${mib.toFixed(1)} MB`;
}

export function formatSeconds(seconds: number): string {
  return seconds >= 1 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds * 1000)} ms`;
}

export function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function row(rows: BenchmarkResult[], model: Model, workers: number): BenchmarkResult | undefined {
  return rows.find((r) => r.model === model && r.workers === workers);
}

/** "processes were 1.9× faster than threads" or "threads and processes took the same time within 4%". */
function compareTime(a: BenchmarkResult, b: BenchmarkResult, namesAlreadySaid = false): string {
  const [fast, slow] = a.wall_s.median <= b.wall_s.median ? [a, b] : [b, a];
  const ratio = slow.wall_s.median / Math.max(fast.wall_s.median, 1e-9);
  if (ratio - 1 < SAME_TIME) {
    const within = `same time within ${Math.max(1, Math.round((ratio - 1) * 100))}%`;
    return namesAlreadySaid ? within : `${MODEL_NAMES[a.model]} and ${MODEL_NAMES[b.model]} took the ${within}`;
  }
  return `${MODEL_NAMES[fast.model]} were ${formatRatio(ratio)} faster than ${MODEL_NAMES[slow.model]}`;
}

function scaling(rows: BenchmarkResult[], model: Model, gilEnabled: boolean | null): string | undefined {
  const own = rows.filter((r) => r.model === model);
  if (own.length === 0) return undefined;
  const best = own.reduce((a, b) => (b.speedup > a.speedup ? b : a));
  const name = MODEL_NAMES[model];
  if (best.speedup < NO_GAIN) {
    const why = model === 'threads' && gilEnabled !== false ? ' (GIL)' : '';
    return `${name} gained nothing over one worker${why}`;
  }
  return `${name} peaked at ${formatRatio(best.speedup)} the sequential speed with ${best.workers} worker${best.workers === 1 ? '' : 's'}`;
}

/** Threads-like and processes-like models of the runtime, in that order. */
function parallelPair(rows: BenchmarkResult[]): [Model, Model] {
  return rows.some((r) => r.model === 'worker_threads' || r.model === 'child_process')
    ? ['worker_threads', 'child_process']
    : ['threads', 'processes'];
}

function commonWorkers(rows: BenchmarkResult[], a: Model, b: Model): number[] {
  return rows
    .filter((r) => r.model === a && row(rows, b, r.workers))
    .map((r) => r.workers)
    .sort((x, y) => x - y);
}

function cpuSentence(rows: BenchmarkResult[], cores: number, gilEnabled: boolean | null, workload: Workload): string | undefined {
  const [threadsModel, processesModel] = parallelPair(rows);
  const counts = commonWorkers(rows, threadsModel, processesModel);
  if (counts.length === 0) return undefined;
  // Compare where the machine is fully used: at the core count, else the nearest count above 1.
  const at = counts.includes(cores) ? cores : (counts.find((n) => n > 1) ?? counts[0]);
  const parts = [`${compareTime(row(rows, processesModel, at)!, row(rows, threadsModel, at)!)} at ${at} worker${at === 1 ? '' : 's'}`];
  for (const model of [threadsModel, processesModel]) {
    const text = scaling(rows, model, gilEnabled);
    if (text) parts.push(text);
  }
  return `${WORKLOAD_NAMES[workload]}: ${parts.join('; ')}.`;
}

function ioSentence(rows: BenchmarkResult[], workload: Workload): string | undefined {
  const [threadsModel, processesModel] = parallelPair(rows);
  const counts = commonWorkers(rows, threadsModel, processesModel);
  if (counts.length === 0) return undefined;
  const at = counts[counts.length - 1];
  const threads = row(rows, threadsModel, at)!;
  const processes = row(rows, processesModel, at)!;
  const memory =
    `${MODEL_NAMES[threadsModel]} ${formatBytes(threads.peak_tree_bytes)}, ` +
    `${MODEL_NAMES[processesModel]} ${formatBytes(processes.peak_tree_bytes)}`;
  const parts = [`${memory}, ${compareTime(threads, processes, true)}`];
  const speedups = [threads, processes, row(rows, 'asyncio', at)]
    .filter((r): r is BenchmarkResult => r !== undefined)
    .map((r) => `${MODEL_NAMES[r.model]} ${formatRatio(r.speedup)}`);
  parts.push(`speedup over sequential: ${speedups.join(', ')}`);
  // Wall times are measured on started pools, so the price of starting them is said next to them.
  parts.push(`starting the pool took ${MODEL_NAMES[threadsModel]} ${formatSeconds(threads.startup_s)}, ${MODEL_NAMES[processesModel]} ${formatSeconds(processes.startup_s)}`);
  return `${WORKLOAD_NAMES[workload]} at ${at} workers: ${parts.join('; ')}.`;
}

/** A CPU-bound sequential run that got less than this share of one core was competing for the CPU. */
const BUSY_SHARE = 0.8;

/**
 * Other programs competing for the cores distort every comparison; say so rather than let a busy
 * machine's numbers pass for the runtime's.
 */
function busyWarning(document: Pick<BenchmarkDocument, 'results' | 'machine'>): string | undefined {
  const sequentialCpu = document.results.find((r) => r.workload === 'cpu' && r.model === 'sequential');
  const share = sequentialCpu && sequentialCpu.wall_s.median > 0 ? sequentialCpu.cpu_s / sequentialCpu.wall_s.median : undefined;
  const load = Math.max(document.machine.load_average.start, document.machine.load_average.end);
  if (share !== undefined && share < BUSY_SHARE) {
    return `Caution: the machine was busy — the sequential CPU-bound run got ${Math.round(share * 100)}% of a core (load average ${load.toFixed(1)} on ${document.machine.cores} cores); rerun on an idle machine before drawing conclusions.`;
  }
  if (load > document.machine.cores * 1.5) {
    return `Caution: the machine was busy (load average ${load.toFixed(1)} on ${document.machine.cores} cores); rerun on an idle machine before drawing conclusions.`;
  }
  return undefined;
}

export function verdict(document: Pick<BenchmarkDocument, 'results' | 'machine' | 'runtime'>): string[] {
  const sentences: string[] = [];
  for (const workload of ['cpu', 'io', 'mixed'] as const) {
    const rows = document.results.filter((r) => r.workload === workload);
    if (rows.length === 0) continue;
    const sentence =
      workload === 'io'
        ? ioSentence(rows, workload)
        : cpuSentence(rows, document.machine.cores, document.runtime.gil_enabled, workload);
    if (sentence) sentences.push(capitalise(sentence));
  }
  const warning = busyWarning(document);
  if (warning) sentences.push(warning);
  return sentences;
}
