import * as assert from 'node:assert/strict';
import { parseBenchArgs } from '../benchmark/src/cli';
import { toCsv, toMarkdown, toTable } from '../benchmark/src/exporters';
import { measurementSteps } from '../benchmark/src/orchestrator';
import { buildPlan, planProblems } from '../benchmark/src/presets';
import { aggregate, type Measurement } from '../benchmark/src/report';
import type { BenchmarkDocument, BenchmarkResult, Model, Workload } from '../benchmark/src/types';
import { fidelityChecks } from '../benchmark/src/validate';
import { verdict } from '../benchmark/src/verdict';
import { checkResults, cpuSteps, expectedResults } from '../benchmark/src/workloads';
import { validateDocument } from './benchmark.fixtures';

const MB = 2 ** 20;

function result(workload: Workload, model: Model, workers: number, wall: number, peakMb: number, speedup: number): BenchmarkResult {
  return {
    workload, model, workers, tasks: 8, repeats: 3,
    wall_s: { median: wall, min: wall * 0.97, max: wall * 1.02 },
    spread: 0.05, speedup, throughput: 8 / wall, cpu_s: wall, utilisation: 0.5,
    peak_tree_bytes: peakMb * MB, peak_tree_rss_bytes: peakMb * MB, processes: model === 'processes' ? workers + 1 : 1,
    harness_cpu_s: 0.01, startup_s: 0.01,
  };
}

/** The shape of the articles' lesson on a 2-core machine with a GIL. */
function pythonDocument(results: BenchmarkResult[], gil: boolean | null = true): BenchmarkDocument {
  return {
    schema_version: 1,
    created_at: '2026-01-02T03:04:05.678Z',
    duration_s: 20,
    machine: { cores: 2, os: 'Linux 6.1', arch: 'x64', cpu_model: 'test cpu', total_memory_bytes: 8 * 1024 * MB, load_average: { start: 0.5, end: 0.7 } },
    runtime: { name: 'python', version: '3.11.7', implementation: 'CPython', executable: '/usr/bin/python3', gil_enabled: gil, start_method: 'fork' },
    settings: { preset: 'quick', repeat: 3, latency_ms: 4, workers: { cpu: [1, 2], io: [8, 64] }, sizes: { cpu: { tasks: 8, cpuStepsPerTask: 1000, requestsPerTask: 0 } } },
    memory_measure: 'pss',
    results,
    verdict: [],
  };
}

const LESSON = [
  result('cpu', 'sequential', 1, 3.9, 20, 1),
  result('cpu', 'threads', 1, 3.9, 20, 1),
  result('cpu', 'threads', 2, 3.95, 20, 0.99),
  result('cpu', 'processes', 1, 4.1, 30, 0.95),
  result('cpu', 'processes', 2, 2.05, 40, 1.9),
  result('io', 'sequential', 1, 20, 20, 1),
  result('io', 'threads', 64, 0.36, 41, 55.6),
  result('io', 'processes', 64, 0.39, 1536, 51.3),
  result('io', 'asyncio', 64, 0.3, 21, 66.7),
];

describe('benchmark verdict', () => {
  it('states the CPU-bound and I/O-bound lessons in plain words', () => {
    assert.deepEqual(verdict(pythonDocument(LESSON)), [
      'CPU-bound: processes were 1.9× faster than threads at 2 workers; threads gained nothing over one worker (GIL); processes peaked at 1.9× the sequential speed with 2 workers.',
      'I/O-bound at 64 workers: threads 41 MB, processes 1.5 GB, same time within 8%; speedup over sequential: threads 56×, processes 51×, asyncio 67×; starting the pool took threads 10 ms, processes 10 ms.',
    ]);
  });

  it('does not blame the GIL when the interpreter runs without one, and says when threads win', () => {
    const freeThreaded = [
      result('cpu', 'sequential', 1, 4, 20, 1),
      result('cpu', 'threads', 2, 2.0, 21, 2),
      result('cpu', 'processes', 2, 2.4, 40, 1.67),
    ];
    assert.deepEqual(verdict(pythonDocument(freeThreaded, false)), [
      'CPU-bound: threads were 1.2× faster than processes at 2 workers; threads peaked at 2.0× the sequential speed with 2 workers; processes peaked at 1.7× the sequential speed with 2 workers.',
    ]);
    const slowThreads = [result('cpu', 'sequential', 1, 4, 20, 1), result('cpu', 'threads', 2, 4.1, 21, 0.98), result('cpu', 'processes', 2, 4.2, 40, 0.95)];
    assert.match(verdict(pythonDocument(slowThreads, false))[0], /threads gained nothing over one worker;/);
    const oneWorkerBest = [result('cpu', 'sequential', 1, 4, 20, 1), result('cpu', 'threads', 1, 3, 20, 1.33), result('cpu', 'threads', 2, 3.5, 20, 1.14), result('cpu', 'processes', 2, 3.4, 40, 1.18)];
    assert.match(verdict(pythonDocument(oneWorkerBest, false))[0], /threads peaked at 1\.3× the sequential speed with 1 worker;/);
  });

  it('names Node models and reports a slower model honestly', () => {
    const node = [
      result('io', 'sequential', 1, 10, 40, 1),
      result('io', 'worker_threads', 16, 0.8, 120, 12.5),
      result('io', 'child_process', 16, 2.4, 700, 4.2),
    ];
    assert.deepEqual(verdict({ ...pythonDocument(node, null), runtime: { ...pythonDocument([]).runtime, name: 'node', gil_enabled: null } }), [
      'I/O-bound at 16 workers: worker threads 120 MB, child processes 700 MB, worker threads were 3.0× faster than child processes; speedup over sequential: worker threads 13×, child processes 4.2×; starting the pool took worker threads 10 ms, child processes 10 ms.',
    ]);
  });

  it('warns when the machine was too busy for the figures to mean anything', () => {
    const starved = LESSON.map((r) => (r.workload === 'cpu' && r.model === 'sequential' ? { ...r, cpu_s: r.wall_s.median * 0.3 } : r));
    assert.equal(
      verdict(pythonDocument(starved)).at(-1),
      'Caution: the machine was busy — the sequential CPU-bound run got 30% of a core (load average 0.7 on 2 cores); rerun on an idle machine before drawing conclusions.',
    );
    const loaded = pythonDocument(LESSON.filter((r) => r.workload === 'io'));
    loaded.machine.load_average = { start: 9.5, end: 12.25 };
    assert.equal(verdict(loaded).at(-1), 'Caution: the machine was busy (load average 12.3 on 2 cores); rerun on an idle machine before drawing conclusions.');
    assert.equal(verdict(pythonDocument(LESSON)).length, 2);
  });

  it('says nothing about a workload that has no parallel model measured', () => {
    assert.deepEqual(verdict(pythonDocument([result('mixed', 'sequential', 1, 1, 20, 1)])), []);
  });
});

describe('benchmark aggregation', () => {
  const measurement = (model: Model, workers: number, repeat: number, wall: number, bytes: number): Measurement => ({
    workload: 'cpu', model, workers, repeat, tasks: 10, wall_s: wall, cpu_s: wall * 2, startup_s: 0.1,
    peak: { bytes, measure: 'pss', rssBytes: bytes * 2, processes: workers + 1 }, harness_cpu_s: 0.02,
  });

  it('takes the median, min and max over repeats, the peak memory, and speedup over sequential', () => {
    const rows = aggregate(
      [
        measurement('sequential', 1, 0, 4, 10), measurement('sequential', 1, 1, 4.2, 12), measurement('sequential', 1, 2, 3.8, 11),
        measurement('processes', 2, 0, 2.2, 30), measurement('processes', 2, 1, 2.0, 50), measurement('processes', 2, 2, 2.1, 40),
      ],
      2,
    );
    const processes = rows.find((r) => r.model === 'processes')!;
    assert.deepEqual(processes.wall_s, { median: 2.1, min: 2, max: 2.2 });
    assert.equal(processes.peak_tree_bytes, 50);
    assert.equal(processes.peak_tree_rss_bytes, 100);
    assert.equal(processes.speedup, 1.905);
    assert.equal(processes.throughput, 4.76);
    assert.equal(processes.utilisation, 1);
    assert.equal(processes.spread, 0.095);
  });
});

describe('benchmark exporters', () => {
  const document = pythonDocument(LESSON.slice(0, 2));
  document.verdict = verdict(pythonDocument(LESSON));

  it('the synthetic document is valid against the committed schema', () => {
    assert.ok(validateDocument(document), JSON.stringify(validateDocument.errors));
    assert.equal(validateDocument({ ...document, results: [{ ...document.results[0], model: 'fibers' }] }), false);
  });

  it('CSV has one header and one row per result, numbers unformatted', () => {
    const lines = toCsv(document).trimEnd().split('\n');
    assert.equal(lines[0], 'workload,model,workers,tasks,repeats,wall_median_s,wall_min_s,wall_max_s,spread,speedup,throughput_tasks_per_s,cpu_s,utilisation,peak_tree_bytes,startup_s');
    assert.equal(lines.length, 3);
    assert.equal(lines[1], `cpu,sequential,1,8,3,3.9,${3.9 * 0.97},${3.9 * 1.02},0.05,1,${8 / 3.9},3.9,0.5,${20 * MB},0.01`);
  });

  it('Markdown has the verdict as a list and a table with right-aligned numbers', () => {
    const markdown = toMarkdown(document);
    assert.match(markdown, /^# Threads vs processes benchmark\n\nCPython 3\.11\.7, GIL enabled, start method fork — 2 cores, Linux 6\.1; preset quick, 3 repeats, memory as PSS\n\n- CPU-bound: processes were 1\.9× faster/);
    assert.match(markdown, /\n\| workload \| model \| workers \| wall s \(median\) \|.*\|\n\| --- \| --- \| ---: \| ---: \|/);
    assert.match(markdown, /\n\| cpu \| threads \| 1 \| 3\.900 \| 3\.783–3\.978 \| 1\.00× \| 2\.1 \| 3\.90 \| 50% \| 20 MB \| 10 ms \|\n/);
  });

  it('the terminal table aligns its columns and ends with the verdict', () => {
    const lines = toTable(document).trimEnd().split('\n');
    const header = lines[2];
    assert.ok(header.startsWith('workload  model       workers'));
    assert.equal(lines[3].length, header.length);
    assert.equal(lines[lines.length - 1], document.verdict[1]);
  });
});

describe('benchmark tasks and options', () => {
  it('the answers are the same arithmetic the runners do', () => {
    assert.equal(cpuSteps(1, 3), (((1 * 48271 + 0) % 2147483647) * 48271 + 1) % 2147483647 * 48271 % 2147483647 + 2);
    const expected = expectedResults('io', { tasks: 3, cpuStepsPerTask: 0, requestsPerTask: 2 });
    assert.equal(expected.length, 3);
    assert.equal(checkResults(expected, expected, 'io/threads×2'), undefined);
    assert.equal(checkResults([...expected.slice(0, 2), 5], expected, 'io/threads×2'), `io/threads×2: task 2 returned 5, expected ${expected[2]} — the run is invalid`);
    assert.equal(checkResults(expected.slice(1), expected, 'x'), 'x: the runner returned 2 task results, expected 3');
    assert.equal(checkResults(undefined, expected, 'x'), 'x: the runner returned no task results');
  });

  it('parses the CLI options and refuses bad ones with a clear message', () => {
    const args = parseBenchArgs(['--runtime', 'node', '--workload', 'cpu,io', '--workers=1,2,4', '--tasks', '16', '--repeat', '2', '--format', 'csv']);
    assert.deepEqual(args, {
      runtime: 'node', preset: 'quick', format: 'csv',
      overrides: { workloads: ['cpu', 'io'], workers: [1, 2, 4], tasks: 16, repeat: 2 },
    });
    assert.equal(parseBenchArgs(['--help']), 'help');
    assert.throws(() => parseBenchArgs(['--runtime', 'ruby']), /--runtime must be one of python, node \(got "ruby"\)/);
    assert.throws(() => parseBenchArgs(['--workers', '1,0']), /--workers must be a positive whole number \(got "0"\)/);
    assert.throws(() => parseBenchArgs(['--tasks']), /--tasks needs a value/);
    assert.throws(() => parseBenchArgs(['--frobnicate']), /unknown option "--frobnicate"/);
    assert.throws(() => parseBenchArgs(['--runtime', 'node', '--start-method', 'fork']), /--start-method applies to --runtime python only/);
  });

  it('presets always include the comparison points of the verdict, and bad custom plans are explained', () => {
    const quick = buildPlan('python', 'quick', { workloads: ['cpu', 'io'] });
    assert.deepEqual(quick.workers.cpu, [2]); // the sequential baseline is the one-worker point
    assert.ok(quick.workers.io.includes(64));
    assert.deepEqual(buildPlan('python', 'standard').workers.cpu, [1, 2, 4, 8]);
    assert.deepEqual(planProblems(quick), []);
    const bad = buildPlan('python', 'custom', { workloads: ['cpu'], workers: [0, 300], repeat: 0, tasks: 0 });
    assert.deepEqual(planProblems(bad), [
      'repeat must be a whole number from 1 to 20',
      'worker count 0 is not a whole number from 1 to 256',
      'worker count 300 is not a whole number from 1 to 256',
      'task count 0 is not a whole number from 1 to 100000',
    ]);
  });

  it('bench:validate checks every target from the document and names the figure behind each', () => {
    const measurement = (model: Model, workers: number, repeat: number, wall: number, mb: number): Measurement => ({
      workload: 'cpu', model, workers, repeat, tasks: 8, wall_s: wall, cpu_s: wall * workers, startup_s: 0.05,
      peak: { bytes: mb * MB, measure: 'pss', rssBytes: mb * MB, processes: workers + 1 }, harness_cpu_s: 0.02,
    });
    const rows = aggregate(
      [
        ...[0, 1].map((repeat) => measurement('sequential', 1, repeat, 2.0, 20)),
        ...[0, 1].map((repeat) => measurement('threads', 2, repeat, 1.9, 21)),
        ...[0, 1].map((repeat) => measurement('processes', 2, repeat, repeat === 0 ? 1.0 : 1.2, 27)),
      ],
      2,
    );
    const document = pythonDocument(rows);
    const checks = fidelityChecks(document, 30);
    const byName = (start: string): { passed: boolean; detail: string } => checks.find((c) => c.name.startsWith(start))!;
    assert.equal(byName('CPU-bound threads').passed, true);
    assert.equal(byName('CPU-bound processes').passed, true, '2.0 / 1.1 = 1.82× (the median of two repeats is their mean)');
    assert.match(byName('repeats agree').detail, /worst spread 18\.2% \(cpu\/processes×2\)/);
    assert.equal(byName('repeats agree').passed, false);
    assert.equal(byName('harness overhead').passed, true);
    assert.match(byName('finishes in').detail, /^20\.0 s$/);
    assert.ok(!checks.some((c) => c.name.startsWith('I/O-bound')), 'no I/O rows, no I/O checks');
  });

  it('runs every cell once per round, so a slow spell of the machine costs each cell one repeat at most', () => {
    const plan = buildPlan('python', 'custom', { workloads: ['cpu'], workers: [2], repeat: 2 });
    assert.deepEqual(
      measurementSteps(plan).map((s) => `${s.model}×${s.workers}#${s.repeat}`),
      ['sequential×1#0', 'threads×2#0', 'processes×2#0', 'sequential×1#1', 'threads×2#1', 'processes×2#1'],
    );
  });
});
