// The TypeScript/JavaScript section of `npm run bench:lint` (run by hand, after a build): the
// analyzer on real code bases from npm that ship their .ts sources, pinned, fetched with `npm pack`
// into .bench/. For each package, through the bundled engine and CLI in dist/:
//   - time to first diagnostics for one file in a cold project (a fresh process: nothing parsed yet),
//   - re-analysis latency after a one-character edit (p50/p95 over 100 edits, after 10 of warm-up)
//     in a warm project, through the open-document overlay the language server uses: on the
//     package's largest file the rules look at, and on three generated 2,000-line files, a realistic
//     worker-heavy module (with its return types written out, and without), and a stress file with a
//     worker, pool and mutex every 16 lines,
//   - the real CLI (dist/cli.js --project) over the package's .ts sources: wall time, lines/s, peak RSS,
//   - `tsc --noEmit -p` on the same tsconfig, and the CLI's ratio to it (target: within 1.5x),
// and the CLI's findings, so a person can judge each one.
// Packages: rxjs (23k lines, no worker code: the size and speed case) and piscina (a worker-thread
// pool whose sources and tests create workers, ports and pools: the findings case).
//
// Use: `import { benchTypeScript } from './bench-lint-ts.mjs'; await benchTypeScript({ runs })`, or on
// its own `node scripts/bench-ts.mjs [--runs N] [name@version ...]`. Every figure is the median of
// `runs` runs (each in a fresh process).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, percentile } from './bench-shared.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, '.bench');
const cli = path.join(root, 'dist', 'cli.js');
const engineBundle = path.join(root, 'dist', 'ts-engine.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const self = fileURLToPath(import.meta.url);

export const TS_BENCH_PACKAGES = ['rxjs@7.8.2', 'piscina@5.3.2'];
/** Packages whose sources use DOM types (rxjs's ajax and fetch); the others get the ES and Node libs only. */
const NEEDS_DOM = new Set(['rxjs']);
const SOURCE_DIRS = ['src', 'test'];
const EDITS = 100;
const WARMUP = 10;
const SETTINGS = { enable: true, rules: {}, exclude: [] };
/** Generated files are written under this name in the package's first source folder, only while they are measured. */
const GENERATED = '__bench_generated__.ts';

const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;
const lineCount = (file) => readFileSync(file, 'utf8').split('\n').length;

/**
 * Runs the TS/JS benchmark and prints it; returns the figures (one entry per package).
 * @param {{ runs?: number, packages?: string[], log?: (line: string) => void }} options
 */
export async function benchTypeScript({ runs = 3, packages = TS_BENCH_PACKAGES, log = console.log } = {}) {
  for (const needed of [cli, engineBundle]) {
    if (!existsSync(needed)) throw new Error(`${path.relative(root, needed)} is missing: run \`npm run build\` first`);
  }
  mkdirSync(benchDir, { recursive: true });
  const results = [];
  log(`TypeScript/JavaScript: the bundled engine and CLI over real packages; median of ${runs} runs`);
  for (const spec of packages) results.push(await benchPackage(spec, runs, log));
  return { runs, packages: results };
}

async function benchPackage(spec, runs, log) {
  const name = spec.replace(/@[^@/]+$/, '');
  const dir = fetchPackage(spec);
  const sourceDirs = SOURCE_DIRS.filter((d) => existsSync(path.join(dir, d)));
  const config = writeConfig(dir, sourceDirs, NEEDS_DOM.has(name));
  const generated = path.join(dir, sourceDirs[0], GENERATED);
  rmSync(generated, { force: true });
  const files = sourceDirs.flatMap((d) => walk(path.join(dir, d))).filter((f) => /\.[mc]?ts$/.test(f) && !f.endsWith('.d.ts'));
  const lines = files.reduce((n, f) => n + lineCount(f), 0);
  log(`\n## ${spec}: ${files.length} files, ${lines.toLocaleString('en')} lines (${sourceDirs.join(', ')})`);

  // Cold: one file that mentions workers or awaits (so the checker is really asked), in a fresh process.
  const { mayMatterTs } = createRequire(import.meta.url)(engineBundle);
  const probe = files.find((f) => mayMatterTs(readFileSync(f, 'utf8'))) ?? files[0];
  const cold = median(await repeat(runs, () => child('cold', probe)).then((r) => r.map((x) => x.ms)));
  log(`time to first diagnostics, cold project: ${cold.toFixed(0)} ms (${path.relative(dir, probe)})`);

  // Warm re-analysis after one-character edits.
  const largest = files
    .filter((f) => mayMatterTs(readFileSync(f, 'utf8')))
    .map((f) => ({ file: f, lines: lineCount(f) }))
    .sort((a, b) => b.lines - a.lines)[0];
  const targets = [];
  if (largest) targets.push({ ...largest, what: `the package's largest file the rules look at` });
  const reanalysis = [];
  for (const target of targets) reanalysis.push(await editLatency(target, runs, dir, log));
  if (!largest || largest.lines < 1800) {
    for (const [what, text] of [
      ['generated, realistic: a 2,000-line worker-heavy service module', realisticWorkerModule(2000)],
      ['generated, realistic with inferred return types: the same module, no return type written out', withoutReturnTypes(realisticWorkerModule(2000))],
      ['generated, stress: a worker, a pool task and a mutex every 16 lines', stressModule(2000)],
    ]) {
      writeFileSync(generated, text);
      try {
        reanalysis.push(await editLatency({ file: generated, lines: lineCount(generated), what }, runs, dir, log));
      } finally {
        rmSync(generated, { force: true });
      }
    }
  }

  // The real CLI over the package's sources, and tsc over the same tsconfig.
  // The CLI is given the files tsc checks (the tsconfig's), so the two do the same work; the packages'
  // loose JavaScript test fixtures would each go to an inferred project of their own.
  const cliRuns = await repeat(runs, () => timed(process.execPath, [cli, '--format', 'json', '--quiet', '--project', config, ...files], { cwd: dir }));
  const failed = cliRuns.find((r) => r.code !== 0 && r.code !== 1);
  if (failed) throw new Error(`the CLI failed (exit ${failed.code}): ${failed.stderr.slice(0, 2000)}`);
  const cliSeconds = median(cliRuns.map((r) => r.seconds));
  const cliPeak = Math.max(...cliRuns.map((r) => r.peak));
  // A package's own type errors (missing optional dependencies) still time a full check: tsc's exit code is not looked at.
  const tscRuns = await repeat(runs, () => timed(process.execPath, [tsc, '--noEmit', '-p', config], { cwd: dir }));
  const tscSeconds = median(tscRuns.map((r) => r.seconds));
  const findings = JSON.parse(cliRuns[cliRuns.length - 1].stdout).findings ?? [];
  log(`CLI (dist/cli.js --project) over the sources: ${cliSeconds.toFixed(2)} s, ${Math.round(lines / cliSeconds).toLocaleString('en')} lines/s, peak RSS ${mb(cliPeak)}, ${findings.length} findings`);
  log(`tsc --noEmit -p: ${tscSeconds.toFixed(2)} s, peak RSS ${mb(Math.max(...tscRuns.map((r) => r.peak)))}; CLI / tsc = ${(cliSeconds / tscSeconds).toFixed(2)} (target: at most 1.5)`);
  for (const f of findings) log(`  ${path.relative(dir, path.resolve(dir, f.file))}:${f.line} ${f.ruleId} ${f.severity}: ${f.message}`);
  return {
    package: spec,
    files: files.length,
    lines,
    coldFirstDiagnosticsMs: cold,
    coldFile: path.relative(dir, probe),
    reanalysis,
    cli: { seconds: cliSeconds, linesPerSecond: lines / cliSeconds, peakRss: cliPeak, findings: findings.length },
    tsc: { seconds: tscSeconds },
    cliToTsc: cliSeconds / tscSeconds,
    findings: findings.map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId, severity: f.severity, message: f.message })),
  };
}

async function editLatency(target, runs, dir, log) {
  const samples = await repeat(runs, () => child('edits', target.file));
  const p50 = median(samples.map((s) => s.p50));
  const p95 = median(samples.map((s) => s.p95));
  const name = target.file.endsWith(GENERATED) ? GENERATED : path.relative(dir, target.file);
  log(`re-analysis after a one-character edit, ${name} (${target.lines.toLocaleString('en')} lines; ${target.what}): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${EDITS} edits (target: p95 at most 50 ms)`);
  return { file: name, what: target.what, lines: target.lines, p50ms: p50, p95ms: p95, findings: samples[0].findings };
}

async function repeat(times, run) {
  const out = [];
  for (let i = 0; i < times; i++) out.push(await run());
  return out;
}

/** Runs one measurement in a fresh Node process (this file with --child) and returns its JSON line. */
async function child(what, file) {
  const r = await timed(process.execPath, [self, '--child', what, file]);
  if (r.code !== 0) throw new Error(`the ${what} measurement failed: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** The child side: the bundled engine's TsAnalyzer, as the language server and the CLI use it. */
function runChild(what, file) {
  const { TsAnalyzer } = createRequire(import.meta.url)(engineBundle);
  const analyzer = new TsAnalyzer();
  if (what === 'cold') {
    const started = performance.now();
    const result = analyzer.analyze(file, SETTINGS);
    return { ms: performance.now() - started, findings: result.findings.length };
  }
  // Edits in the middle of the file, alternately adding and removing one space, so the text stays
  // the same size; each analysis is of a new document version, as after a keystroke.
  const original = readFileSync(file, 'utf8');
  const insertAt = original.lastIndexOf('\n', Math.floor(original.length / 2)) + 1;
  const latencies = [];
  let findings = 0;
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const text = `${original.slice(0, insertAt)}${i % 2 === 0 ? ' ' : ''}${original.slice(insertAt)}`;
    analyzer.setOpenDocument(file, text, i + 1);
    const started = performance.now();
    const result = analyzer.analyze(file, SETTINGS);
    if (i >= WARMUP) latencies.push(performance.now() - started);
    if (result.skipped) throw new Error(`${file} was not analyzed: ${result.skipped}`);
    findings = result.findings.length;
  }
  analyzer.dispose();
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), findings };
}

/** Runs a command, returns wall seconds and peak RSS (VmHWM, polled every 20 ms). */
function timed(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {
        // the process has ended between two polls
      }
    }, 20);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearInterval(poll);
      resolve({ seconds: (performance.now() - started) / 1000, peak, code, stdout, stderr });
    });
  });
}

function fetchPackage(spec) {
  const name = spec.replace(/@[^@/]+$/, '').replace('/', '-').replace('@', '');
  const version = spec.slice(spec.lastIndexOf('@') + 1);
  const dir = path.join(benchDir, `${name}-${version}`);
  if (!existsSync(path.join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    const out = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', benchDir], { cwd: benchDir, encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', path.join(benchDir, out), '-C', dir, '--strip-components=1']);
  }
  return dir;
}

/** A tsconfig over the package's sources, written as tsconfig.json (the name the analyzer looks for). */
function writeConfig(dir, sourceDirs, dom) {
  const config = path.join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: dom ? ['ES2022', 'DOM'] : ['ES2022'],
        strict: false,
        noEmit: true,
        skipLibCheck: true,
        allowJs: false,
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules/@types')],
      },
      include: sourceDirs.map((d) => `${d}/**/*.ts`),
      exclude: ['**/*.d.ts'],
    }),
  );
  return config;
}

const HEADER = `import { resolve } from 'node:path';
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Mutex } from 'async-mutex';
import { Piscina } from 'piscina';
`;

/**
 * A module the way a service that farms work out is written: types, parsing and formatting helpers,
 * a class that owns a pool, workers and a child, with a concurrency site every 50 lines or so.
 */
export function realisticWorkerModule(lines) {
  const parts = [
    (i) => `
export interface Job${i} {
  id: string;
  input: string[];
  priority: number;
  createdAt: number;
  tags: Record<string, string>;
}

export function parseJob${i}(raw: string): Job${i} | undefined {
  const fields = raw.split('\\t');
  if (fields.length < 4) return undefined;
  const [id, input, priority, createdAt] = fields;
  const tags: Record<string, string> = {};
  for (const pair of fields.slice(4)) {
    const [key, value] = pair.split('=');
    if (key && value !== undefined) tags[key.trim()] = value.trim();
  }
  return { id, input: input.split(','), priority: Number(priority) || 0, createdAt: Number(createdAt) || Date.now(), tags };
}

export function describeJob${i}(job: Job${i}): string {
  const tags = Object.entries(job.tags).map(([k, v]) => \`\${k}=\${v}\`).join(' ');
  const age = Math.round((Date.now() - job.createdAt) / 1000);
  return \`#\${job.id} (\${job.input.length} inputs, priority \${job.priority}, \${age}s old) \${tags}\`;
}
`,
    (i) => `
export class Stage${i} {
  private readonly pool = new Piscina({ filename: resolve('dist', 'stage${i}.js'), maxThreads: 4 });
  private readonly lock = new Mutex();
  private readonly done = new Map<string, number>();
  private pending: Job0[] = [];

  async runAll(jobs: Job0[]): Promise<number[]> {
    const sorted = [...jobs].sort((a, b) => b.priority - a.priority);
    const results = await Promise.all(sorted.map((job) => this.pool.run({ id: job.id, input: job.input, tags: job.tags })));
    await this.lock.runExclusive(async () => {
      sorted.forEach((job, k) => this.done.set(job.id, results[k]));
    });
    return results;
  }

  async record(job: Job0, value: number): Promise<void> {
    const release = await this.lock.acquire();
    try {
      this.done.set(job.id, value);
      if (this.done.size > 1000) this.done.delete(this.done.keys().next().value as string);
    } finally {
      release();
    }
  }

  enqueue(job: Job0): void {
    this.pending.push(job);
    this.pending.sort((a, b) => b.priority - a.priority);
  }
}
`,
    (i) => `
export function startWorker${i}(job: Job0, port: MessagePort): Worker {
  const worker = new Worker(resolve('dist', 'worker${i}.js'), { workerData: { id: job.id, input: job.input } });
  worker.on('error', (err) => console.error(\`worker ${i} failed on \${job.id}:\`, err));
  worker.on('exit', (code) => {
    if (code !== 0) console.warn(\`worker ${i} exited with \${code}\`);
  });
  worker.postMessage({ kind: 'start', at: Date.now(), tags: new Map(Object.entries(job.tags)) });
  port.postMessage({ kind: 'started', id: job.id });
  return worker;
}

export function summarize${i}(values: number[]): { min: number; max: number; mean: number } {
  if (values.length === 0) return { min: 0, max: 0, mean: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, max, mean: sum / values.length };
}
`,
    (i) => `
export async function convert${i}(files: string[]): Promise<number> {
  const child: ChildProcess = fork(resolve('dist', 'convert${i}.js'), [], { serialization: 'advanced' });
  child.on('error', (err) => console.error('converter ${i} failed to start:', err));
  child.send({ files, startedAt: new Date() });
  const [code] = await once(child, 'exit');
  return typeof code === 'number' ? code : -1;
}

export function channel${i}(): [MessagePort, MessagePort] {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (message) => console.log('stage ${i}:', message));
  return [port1, port2];
}

export function chunk${i}<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
`,
  ];
  let text = HEADER;
  for (let i = 0; text.split('\n').length < lines; i++) text += parts[i % parts.length](i);
  return text;
}

/** The module with the return types of its functions and methods left to inference. */
export function withoutReturnTypes(text) {
  return text.replace(/\)(: [^{}=;]+?)? \{\n/g, ') {\n');
}

/** The densest case: a worker, a port message, a pool task, a mutex and a queue test in every 16-line function. */
export function stressModule(lines) {
  const block = (i) => `
export async function job${i}(files: string[], port: MessagePort): Promise<number> {
  const release = await mutex${i % 3}.acquire();
  try {
    const w = new Worker('./w.js', { workerData: { files, at: Date.now() } });
    w.on('error', console.error);
    w.postMessage({ n: files.length, tags: new Map([['k', ${i}]]) });
    port.postMessage({ index: ${i} });
    const results = await Promise.all(files.map((f) => pool.run({ file: f, id: ${i} })));
    if (queue.length > 0) queue.shift();
    return results.length;
  } finally {
    release();
  }
}
`;
  let text = `${HEADER}const mutex0 = new Mutex();\nconst mutex1 = new Mutex();\nconst mutex2 = new Mutex();\nconst pool = new Piscina();\nconst queue: string[] = [];\n`;
  for (let i = 0; text.split('\n').length < lines; i++) text += block(i);
  return text;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return [p];
  });
}

// `node scripts/bench-lint-ts.mjs --child cold|edits FILE` is one measurement in a fresh process.
// The benchmark on its own is scripts/bench-ts.mjs.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    console.log(JSON.stringify(runChild(args[1], args[2])));
  } else {
    console.error('Run the TypeScript benchmark with: node scripts/bench-ts.mjs [--runs N] [name@version ...]');
    process.exitCode = 2;
  }
}
