// Turns raw per-repeat measurements into the report rows.
import type { TreeSample } from './processTree';
import type { BenchmarkResult, Model, Workload } from './types';

export interface Measurement {
  workload: Workload;
  model: Model;
  workers: number;
  repeat: number;
  tasks: number;
  wall_s: number;
  cpu_s: number;
  startup_s: number;
  peak: TreeSample;
  harness_cpu_s: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function aggregate(measurements: Measurement[], cores: number): BenchmarkResult[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    const key = `${m.workload}\u0000${m.model}\u0000${m.workers}`;
    const group = groups.get(key) ?? [];
    group.push(m);
    groups.set(key, group);
  }
  const rows: BenchmarkResult[] = [];
  for (const group of groups.values()) {
    const { workload, model, workers, tasks } = group[0];
    const walls = group.map((m) => m.wall_s);
    const wallMedian = median(walls);
    const cpu = median(group.map((m) => m.cpu_s));
    rows.push({
      workload,
      model,
      workers,
      tasks,
      repeats: group.length,
      wall_s: { median: round(wallMedian, 4), min: round(Math.min(...walls), 4), max: round(Math.max(...walls), 4) },
      spread: wallMedian > 0 ? round((Math.max(...walls) - Math.min(...walls)) / wallMedian, 3) : 0,
      speedup: 1,
      throughput: wallMedian > 0 ? round(tasks / wallMedian, 2) : 0,
      cpu_s: round(cpu, 3),
      utilisation: wallMedian > 0 ? round(cpu / (wallMedian * cores), 3) : 0,
      peak_tree_bytes: Math.max(...group.map((m) => m.peak.bytes)),
      peak_tree_rss_bytes: Math.max(...group.map((m) => m.peak.rssBytes)),
      processes: Math.max(...group.map((m) => m.peak.processes)),
      harness_cpu_s: round(median(group.map((m) => m.harness_cpu_s)), 3),
      startup_s: round(median(group.map((m) => m.startup_s)), 4),
    });
  }
  for (const row of rows) {
    const baseline = rows.find((r) => r.workload === row.workload && r.model === 'sequential');
    row.speedup = baseline && row.wall_s.median > 0 ? round(baseline.wall_s.median / row.wall_s.median, 3) : 1;
  }
  return rows;
}
