// The vocabulary shared by the orchestrator, the runners' wire protocol, the report and the UI.

export type Runtime = 'python' | 'node';
export type Workload = 'cpu' | 'io' | 'mixed';
export type Model = 'sequential' | 'threads' | 'processes' | 'asyncio' | 'worker_threads' | 'child_process';
export type StartMethod = 'fork' | 'spawn' | 'forkserver';
export type PresetName = 'quick' | 'standard' | 'custom';

export const RUNTIMES: readonly Runtime[] = ['python', 'node'];
export const WORKLOADS: readonly Workload[] = ['cpu', 'io', 'mixed'];
export const MODELS: readonly Model[] = ['sequential', 'threads', 'processes', 'asyncio', 'worker_threads', 'child_process'];
export const START_METHODS: readonly StartMethod[] = ['fork', 'spawn', 'forkserver'];

/** How much work one workload does, split into tasks. */
export interface WorkloadSize {
  /** Number of tasks handed to the pool. */
  tasks: number;
  /** Arithmetic steps per task (cpu and mixed). */
  cpuStepsPerTask: number;
  /** Loopback requests per task (io and mixed). */
  requestsPerTask: number;
}

/** Everything needed to run one benchmark: fixed before the first runner starts. */
export interface BenchmarkPlan {
  runtime: Runtime;
  preset: PresetName;
  workloads: Workload[];
  /** Worker counts per workload (the sequential baseline always runs once with 1). */
  workers: Record<Workload, number[]>;
  sizes: Record<Workload, WorkloadSize>;
  repeat: number;
  /** Service latency of the loopback server per request. */
  latencyMs: number;
  /** Python only; undefined means the platform default. */
  startMethod?: StartMethod;
  /** Only these models, when given (the sequential baseline is needed for speedups). */
  models?: Model[];
  /** Kill a runner that takes longer than this for one measurement. */
  runnerTimeoutMs: number;
}

export interface WallTime {
  median: number;
  min: number;
  max: number;
}

/** One row of the report: a (workload, model, workers) cell aggregated over repeats. */
export interface BenchmarkResult {
  workload: Workload;
  model: Model;
  workers: number;
  tasks: number;
  repeats: number;
  wall_s: WallTime;
  /** Spread of the repeats: (max - min) / median. */
  spread: number;
  /** Sequential baseline median divided by this median. */
  speedup: number;
  /** Tasks per second at the median wall time. */
  throughput: number;
  /** CPU time of the whole process tree (median over repeats). */
  cpu_s: number;
  /** cpu_s / (wall_s.median * cores). */
  utilisation: number;
  /** Peak memory of the process tree over repeats (see memory_measure). */
  peak_tree_bytes: number;
  /** Peak summed RSS of the process tree (counts shared pages once per process). */
  peak_tree_rss_bytes: number;
  /** Peak number of processes in the tree. */
  processes: number;
  /** CPU time the orchestrator itself spent (sampling, IPC) while the wall time ran, loopback server excluded (median). */
  harness_cpu_s: number;
  /** Time to start the pool until every worker has run a no-op task (median); wall_s starts after it. */
  startup_s: number;
}

export interface MachineInfo {
  cores: number;
  os: string;
  arch: string;
  cpu_model: string;
  total_memory_bytes: number;
  /** 1-minute load average when the run started and when it ended; above `cores` the machine was busy. */
  load_average: { start: number; end: number };
}

export interface RuntimeInfo {
  name: Runtime;
  version: string;
  implementation: string;
  executable: string;
  gil_enabled: boolean | null;
  start_method: string | null;
}

export interface BenchmarkDocument {
  schema_version: 1;
  created_at: string;
  duration_s: number;
  machine: MachineInfo;
  runtime: RuntimeInfo;
  settings: {
    preset: PresetName;
    repeat: number;
    latency_ms: number;
    workers: Partial<Record<Workload, number[]>>;
    sizes: Partial<Record<Workload, WorkloadSize>>;
  };
  /** 'pss' when /proc/<pid>/smaps_rollup was readable, else 'rss'. */
  memory_measure: 'pss' | 'rss';
  results: BenchmarkResult[];
  verdict: string[];
}

/** Progress reported while a benchmark runs. */
export interface BenchmarkProgress {
  done: number;
  total: number;
  label: string;
}

export interface BenchmarkCallbacks {
  onProgress?: (progress: BenchmarkProgress) => void;
  onLog?: (line: string) => void;
}
