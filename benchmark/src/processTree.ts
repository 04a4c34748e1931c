// Finds and measures every process a runner started, through /proc (Linux). The runner is spawned as
// the leader of its own process group and every worker inherits that group, so "the tree" is the
// group: that also catches a worker orphaned by a crashed parent.
import { promises as fs } from 'node:fs';

const PAGE_SIZE = 4096;

async function readText(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch {
    return undefined; // the process exited meanwhile, or there is no /proc
  }
}

/** Process group of a pid, from field 5 of /proc/<pid>/stat. */
async function processGroupOf(pid: number): Promise<number | undefined> {
  const stat = await readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]);
}

/** Tracks the members of one process group; each pid's /proc/<pid>/stat is read once. */
export class ProcessGroup {
  private readonly membership = new Map<number, boolean>();

  constructor(readonly groupId: number) {}

  async members(): Promise<number[]> {
    let entries: string[];
    try {
      entries = await fs.readdir('/proc');
    } catch {
      return [this.groupId];
    }
    const alive = new Set<number>();
    const unknown: number[] = [];
    for (const entry of entries) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      alive.add(pid);
      if (!this.membership.has(pid)) unknown.push(pid);
    }
    await Promise.all(unknown.map(async (pid) => this.membership.set(pid, (await processGroupOf(pid)) === this.groupId)));
    for (const pid of this.membership.keys()) if (!alive.has(pid)) this.membership.delete(pid);
    return [...this.membership].filter(([, member]) => member).map(([pid]) => pid);
  }
}

export type MemoryMeasure = 'pss' | 'rss';

async function residentBytes(pid: number): Promise<number> {
  const statm = await readText(`/proc/${pid}/statm`);
  return statm === undefined ? 0 : Number(statm.split(' ')[1]) * PAGE_SIZE;
}

/**
 * Proportional set size: pages shared between forked processes are split among them, where summed
 * RSS would count the interpreter's shared pages once per process. Falls back to RSS.
 */
export async function proportionalBytes(pid: number): Promise<{ bytes: number; measure: MemoryMeasure }> {
  const rollup = await readText(`/proc/${pid}/smaps_rollup`);
  const pss = rollup === undefined ? null : /^Pss:\s+(\d+) kB/m.exec(rollup);
  if (pss) return { bytes: Number(pss[1]) * 1024, measure: 'pss' };
  return { bytes: await residentBytes(pid), measure: 'rss' };
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
 * sampling 64 processes does not steal the CPU the benchmark is measuring.
 */
export class PeakMemorySampler {
  private peak: TreeSample = { bytes: 0, measure: 'pss', rssBytes: 0, processes: 0 };
  private readonly group: ProcessGroup;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private lastPssAt = 0;
  private rssAtLastPss = 0;

  constructor(
    rootPid: number,
    private readonly intervalMs = 50,
    private readonly pssIntervalMs = 250,
  ) {
    this.group = new ProcessGroup(rootPid);
  }

  start(): void {
    this.timer = setInterval(() => void this.sampleNow(false), this.intervalMs);
    void this.sampleNow(false);
  }

  /** Takes one sample now; `withPss` forces the proportional measure too. Samples never overlap. */
  sampleNow(withPss = true): Promise<void> {
    this.inFlight = this.inFlight.then(() => this.sample(withPss)).catch(() => undefined);
    return this.inFlight;
  }

  private async sample(withPss: boolean): Promise<void> {
    const pids = await this.group.members();
    const rss = (await Promise.all(pids.map(residentBytes))).reduce((a, b) => a + b, 0);
    if (rss > this.peak.rssBytes) this.peak.rssBytes = rss;
    const now = Date.now();
    const grown = rss > 1.05 * this.rssAtLastPss;
    if (!withPss && !(grown && now - this.lastPssAt >= this.pssIntervalMs)) return;
    this.lastPssAt = now;
    this.rssAtLastPss = rss;
    const memories = await Promise.all(pids.map(proportionalBytes));
    const bytes = memories.reduce((sum, m) => sum + m.bytes, 0);
    if (bytes > this.peak.bytes) {
      this.peak.bytes = bytes;
      this.peak.processes = pids.length;
      this.peak.measure = memories.some((m) => m.measure === 'rss') ? 'rss' : 'pss';
    }
  }

  async stop(): Promise<TreeSample> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    return { ...this.peak };
  }
}
