// Finds and measures every process a runner started, through /proc (Linux). The runner is spawned as
// the leader of its own process group and every worker inherits that group, so "the tree" is the
// group: that also catches a worker orphaned by a crashed parent.
//
// /proc is read synchronously. Its files are made by the kernel on read and never wait on a disk; an
// asynchronous read goes through libuv's thread pool (open, fstat, read, close, each a round trip),
// which for 65 processes' statm costs ~11x the CPU of reading them in a row (4.7 ms against 0.4 ms
// here), CPU taken from the 2 cores the benchmark is measuring. The loopback server has a thread of
// its own, so a sample that holds this thread for a few milliseconds delays nothing being measured.
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_SIZE = 4096;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process exited meanwhile, or there is no /proc
  }
}

/** Process group of a pid, from field 5 of /proc/<pid>/stat. */
function processGroupOf(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]);
}

/** Tracks the members of one process group; each pid's /proc/<pid>/stat is read once. */
export class ProcessGroup {
  private readonly membership = new Map<number, boolean>();

  constructor(readonly groupId: number) {}

  members(): number[] {
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return [this.groupId];
    }
    const alive = new Set<number>();
    for (const entry of entries) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      alive.add(pid);
      if (!this.membership.has(pid)) this.membership.set(pid, processGroupOf(pid) === this.groupId);
    }
    for (const pid of this.membership.keys()) if (!alive.has(pid)) this.membership.delete(pid);
    return [...this.membership].filter(([, member]) => member).map(([pid]) => pid);
  }
}

export type MemoryMeasure = 'pss' | 'rss';

function residentBytes(pid: number): number {
  const statm = readText(`/proc/${pid}/statm`);
  return statm === undefined ? 0 : Number(statm.split(' ')[1]) * PAGE_SIZE;
}

/**
 * Proportional set size: pages shared between forked processes are split among them, where summed
 * RSS would count the interpreter's shared pages once per process. Falls back to RSS.
 */
export function proportionalBytes(pid: number): { bytes: number; measure: MemoryMeasure } {
  const rollup = readText(`/proc/${pid}/smaps_rollup`);
  const pss = rollup === undefined ? null : /^Pss:\s+(\d+) kB/m.exec(rollup);
  if (pss) return { bytes: Number(pss[1]) * 1024, measure: 'pss' };
  return { bytes: residentBytes(pid), measure: 'rss' };
}

export interface TreeSample {
  /** Peak PSS of the tree (RSS where PSS is unavailable). */
  bytes: number;
  measure: MemoryMeasure;
  /** Peak summed RSS of the tree. */
  rssBytes: number;
  processes: number;
}

/**
 * Samples a process group's memory. Summed RSS (cheap: /proc/<pid>/statm) every `intervalMs`;
 * PSS (smaps_rollup walks every mapping, ~100× dearer) at most every `pssIntervalMs` and only when
 * the tree's RSS has grown 5% past the last PSS sample, and on demand at the runner's peak point, so
 * sampling 64 processes does not steal the CPU the benchmark is measuring. While the runner's clock
 * runs (`timing`), growth leaves PSS to the peak point, which comes when the clock stops: reading 65
 * processes' smaps_rollup takes ~16 ms of CPU, a fifth of a 64-worker I/O measurement's 80 ms.
 */
export class PeakMemorySampler {
  private peak: TreeSample = { bytes: 0, measure: 'pss', rssBytes: 0, processes: 0 };
  private readonly group: ProcessGroup;
  private timer: NodeJS.Timeout | undefined;
  private lastPssAt = 0;
  private rssAtLastPss = 0;
  /** Whether the runner's clock is running (between its "timed" and "peak" events). */
  timing = false;

  constructor(
    rootPid: number,
    private readonly intervalMs = 50,
    private readonly pssIntervalMs = 250,
  ) {
    this.group = new ProcessGroup(rootPid);
  }

  start(): void {
    this.timer = setInterval(() => this.sampleNow(false), this.intervalMs);
    this.sampleNow(false);
  }

  /**
   * Takes one sample now; `withPss` forces the proportional measure too. A process that exits during
   * the sample reads as nothing (readText), so a sample never throws.
   */
  sampleNow(withPss = true): void {
    const pids = this.group.members();
    const rss = pids.map(residentBytes).reduce((a, b) => a + b, 0);
    if (rss > this.peak.rssBytes) this.peak.rssBytes = rss;
    const now = Date.now();
    const grown = rss > 1.05 * this.rssAtLastPss;
    if (!withPss && (this.timing || !(grown && now - this.lastPssAt >= this.pssIntervalMs))) return;
    this.lastPssAt = now;
    this.rssAtLastPss = rss;
    const memories = pids.map(proportionalBytes);
    const bytes = memories.reduce((sum, m) => sum + m.bytes, 0);
    if (bytes > this.peak.bytes) {
      this.peak.bytes = bytes;
      this.peak.processes = pids.length;
      this.peak.measure = memories.some((m) => m.measure === 'rss') ? 'rss' : 'pss';
    }
  }

  stop(): TreeSample {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return { ...this.peak };
  }
}
