import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { measurementSteps, runBenchmark } from '../benchmark/src/orchestrator';
import { PeakMemorySampler, ProcessGroup } from '../benchmark/src/processTree';
import { BenchmarkCancelled, liveRunnerGroups, RunnerFailed } from '../benchmark/src/runnerProcess';
import { resolveNode, resolvePython, type ResolvedRuntime } from '../benchmark/src/runtimes';
import type { BenchmarkDocument } from '../benchmark/src/types';
import { REPO_ROOT, tinyPlan, validateDocument } from './benchmark.fixtures';

function withEnv(runtime: ResolvedRuntime, env: NodeJS.ProcessEnv): ResolvedRuntime {
  return { ...runtime, runner: { ...runtime.runner, env: { ...runtime.runner.env, ...env } } };
}

/** Alive means present in /proc and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function assertValid(document: BenchmarkDocument): void {
  assert.ok(validateDocument(document), JSON.stringify(validateDocument.errors, null, 2));
}

describe('benchmark runners', function () {
  this.timeout(60_000); // generous for a loaded machine; these take a few seconds on an idle one
  let python: ResolvedRuntime;
  let node: ResolvedRuntime;

  before(async () => {
    python = await resolvePython(REPO_ROOT, [{ path: 'python3', source: 'PATH' }]);
    node = await resolveNode(REPO_ROOT);
  });

  it('python: every model of every workload produces a schema-valid document with checked answers', async () => {
    const plan = tinyPlan('python', ['cpu', 'io', 'mixed']);
    const document = await runBenchmark(plan, python);
    assertValid(document);
    assert.equal(document.runtime.name, 'python');
    assert.equal(typeof document.runtime.gil_enabled, 'boolean');
    assert.ok(document.runtime.start_method);
    const cells = document.results.map((r) => `${r.workload}/${r.model}×${r.workers}`).sort();
    assert.deepEqual(cells, [
      'cpu/processes×2', 'cpu/sequential×1', 'cpu/threads×2',
      'io/asyncio×2', 'io/processes×2', 'io/sequential×1', 'io/threads×2',
      'mixed/processes×2', 'mixed/sequential×1', 'mixed/threads×2',
    ]);
    const processes = document.results.find((r) => r.workload === 'cpu' && r.model === 'processes')!;
    assert.ok(processes.processes >= 2, `the pool's workers are part of the measured tree (saw ${processes.processes})`);
    assert.ok(processes.peak_tree_bytes > 0);
    // Pools are started (and reported as start-up) before the clock; runs without a pool have none.
    for (const row of document.results) {
      if (row.model === 'threads' || row.model === 'processes') assert.ok(row.startup_s > 0, `${row.workload}/${row.model} has a start-up`);
      else assert.equal(row.startup_s, 0, `${row.workload}/${row.model} has no pool to start`);
    }
    assert.ok(document.verdict.length > 0);
  });

  it('node: sequential, worker_threads and child_process produce a schema-valid document', async () => {
    const document = await runBenchmark(tinyPlan('node', ['cpu', 'io']), node);
    assertValid(document);
    assert.deepEqual([...new Set(document.results.map((r) => r.model))].sort(), ['child_process', 'sequential', 'worker_threads']);
    const forked = document.results.find((r) => r.workload === 'cpu' && r.model === 'child_process')!;
    assert.ok(forked.processes >= 3, `runner and two forked children are measured (saw ${forked.processes})`);
    assert.ok(forked.startup_s > 0);
    assert.equal(document.results.find((r) => r.model === 'sequential')!.startup_s, 0);
  });

  for (const runtimeName of ['python', 'node'] as const) {
    it(`${runtimeName}: a task that returns a wrong answer fails the run with a clear message`, async () => {
      const runtime = withEnv(runtimeName === 'python' ? python : node, { CONCURRENCY_LINT_BENCH_CORRUPT_TASK: '2' });
      await assert.rejects(runBenchmark(tinyPlan(runtimeName, ['cpu']), runtime), (error: Error) => {
        assert.ok(error instanceof RunnerFailed);
        assert.match(error.message, /^cpu\/sequential×1: task 2 returned \d+, expected \d+ — the run is invalid$/);
        return true;
      });
    });
  }

  it('python: a task that raises in a worker process fails the run and names the error', async () => {
    const runtime = withEnv(python, { CONCURRENCY_LINT_BENCH_FAIL_TASK: '1' });
    const plan = tinyPlan('python', ['cpu']);
    await assert.rejects(runBenchmark(plan, runtime), /cpu\/sequential×1: RuntimeError: task 1 failed on purpose/);
  });

  it('node: a task that throws inside a worker thread fails the run', async () => {
    const runtime = withEnv(node, { CONCURRENCY_LINT_BENCH_FAIL_TASK: '1' });
    await assert.rejects(runBenchmark(tinyPlan('node', ['cpu']), runtime), /task 1 failed on purpose/);
  });

  it('cancelling mid-run ends the runner, every pool worker and the loopback server', async () => {
    const plan = tinyPlan('python', ['io'], [3]);
    plan.sizes.io.tasks = 400;
    plan.sizes.io.requestsPerTask = 50; // seconds of work: the cancel always lands mid-measurement
    plan.models = ['processes']; // straight to a pool, so there are grandchildren to clean up
    assert.deepEqual(measurementSteps(plan).map((s) => s.model), ['processes']);
    const controller = new AbortController();
    let port = 0;
    const seen = new Set<number>();
    const running = runBenchmark(plan, python, { onLog: (line) => (port = Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1] ?? port)) }, controller.signal);
    // Wait until a runner and its worker processes exist, remembering every pid of the group.
    try {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        for (const group of liveRunnerGroups) for (const pid of new ProcessGroup(group).members()) seen.add(pid);
        if (seen.size >= 4) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(seen.size >= 4, `expected a runner with 3 worker processes, saw ${[...seen].join(', ')}`);
    } finally {
      controller.abort();
    }
    await assert.rejects(running, BenchmarkCancelled);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let init reap the orphans
    assert.deepEqual([...seen].filter(isAlive), [], 'no process of the benchmark is left');
    assert.equal(liveRunnerGroups.size, 0);
    assert.ok(port > 0);
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      }),
      /ECONNREFUSED/,
    );
  });

  it('a runner that outlives its timeout is stopped with its whole group', async () => {
    const plan = tinyPlan('python', ['io'], [2]);
    plan.latencyMs = 60_000; // the first request would take a minute
    plan.runnerTimeoutMs = 400;
    const seen = new Set<number>();
    const sampler = setInterval(() => {
      for (const group of liveRunnerGroups) seen.add(group);
    }, 10);
    try {
      await assert.rejects(runBenchmark(plan, python), /io\/sequential×1: the runner took longer than 0 s and was stopped/);
    } finally {
      clearInterval(sampler);
    }
    assert.ok(seen.size > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual([...seen].filter(isAlive), []);
  });

  it('a missing interpreter gives an error that says what was tried and how to fix it', async () => {
    await assert.rejects(
      resolvePython(REPO_ROOT, [{ path: '/nonexistent/bin/python3', source: 'setting concurrencyLint.benchmark.pythonPath' }]),
      (error: Error) => {
        assert.match(error.message, /^No working Python interpreter was found\. Tried: \/nonexistent\/bin\/python3 \(setting concurrencyLint\.benchmark\.pythonPath\): could not start/);
        assert.match(error.message, /Set "concurrencyLint\.benchmark\.pythonPath" to a Python 3 interpreter\.$/);
        return true;
      },
    );
  });

  it('a broken interpreter is skipped for the next candidate, and reported if none works', async () => {
    const working = python.info.executable;
    const resolved = await resolvePython(REPO_ROOT, [
      { path: '/bin/false', source: 'setting' },
      { path: working, source: 'PATH' },
    ]);
    assert.equal(resolved.info.executable, working);
    await assert.rejects(resolvePython(REPO_ROOT, [{ path: '/bin/false', source: 'setting' }]), /\/bin\/false \(setting\): the runner exited with code 1/);
  });

  it('an unavailable start method is refused before anything runs', async () => {
    await assert.rejects(
      resolvePython(REPO_ROOT, [{ path: python.info.executable, source: 'PATH' }], 'no-such-method' as 'fork'),
      /\(PATH\): start method "no-such-method" is not available \(available: .*fork/,
    );
  });
});

describe('peak memory sampler', () => {
  /** A detached shell (a process group of its own) with a child, so the group has two members. */
  function spawnGroup(): number {
    const child = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    assert.ok(child.pid !== undefined);
    return child.pid;
  }

  it('reads the whole group: RSS on every sample, PSS when the tree grew or on demand', async () => {
    const group = spawnGroup();
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(new ProcessGroup(group).members().length, 2);
      const sampler = new PeakMemorySampler(group, 60_000);
      sampler.sampleNow(false); // the first sample finds the tree grown from nothing: PSS too
      const first = sampler.stop();
      assert.ok(first.rssBytes > 0 && first.bytes > 0, JSON.stringify(first));
      assert.equal(first.processes, 2);
    } finally {
      process.kill(-group, 'SIGKILL');
    }
  });

  it("leaves PSS to the peak point while the runner's clock runs", async () => {
    const group = spawnGroup();
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sampler = new PeakMemorySampler(group, 60_000);
      sampler.timing = true;
      sampler.sampleNow(false); // grown from nothing, but timed: summed RSS only
      const during = sampler.stop();
      assert.ok(during.rssBytes > 0, JSON.stringify(during));
      assert.equal(during.bytes, 0, 'no smaps_rollup read while the clock runs');
      sampler.timing = false;
      sampler.sampleNow(); // the peak point
      assert.ok(sampler.stop().bytes > 0);
    } finally {
      process.kill(-group, 'SIGKILL');
    }
  });
});
