// Measures the linter on this machine (run by hand: `npm run bench:lint`, after a build).
//   1. the CLI over the CPython standard library: files, lines, wall time, lines/s with 1 job and
//      with all cores, peak RSS;
//   2. the same files through ruff's WebAssembly build (default rules) in one Node process;
//   3. pylint with only consider-using-with over the stdlib files that import a concurrency module,
//      and our CLI over the same files;
//   4. re-analysis latency after a one-character edit in a 5,000-line file, through the language
//      server over stdio (p50/p95 over 200 edits, after 10 warm-up edits that are not counted), in
//      a fresh server session per run;
//   5. the TypeScript/JavaScript section (scripts/bench-lint-ts.mjs): real TS code bases from npm,
//      cold first diagnostics, warm re-analysis, the CLI against `tsc --noEmit -p` (`--skip-ts` leaves it out).
// Every figure is the median of several runs (--runs N, default 3), but pylint's, which is run once.
// `--skip-pylint` leaves out that slowest anchor (~1 minute). Results are also written to
// .bench/lint-results.json.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEdits, bigFile, concurrencyFiles, median, percentile, pythonFiles, stdlibPath } from './bench-shared.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const skipPylint = args.includes('--skip-pylint');
const skipTs = args.includes('--skip-ts');
const cores = os.availableParallelism();
const cli = path.join(root, 'dist', 'cli.js');
const server = path.join(root, 'dist', 'server.js');
if (!existsSync(cli) || !existsSync(server)) {
  console.error('dist/ is missing: run `npm run build` first (npm run bench:lint does).');
  process.exit(2);
}

const fmt = (n, digits = 2) => n.toFixed(digits);
const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;

const stdlib = stdlibPath();

const files = pythonFiles(stdlib);
const lineCount = (f) => readFileSync(f, 'latin1').split('\n').length - 1;
const totalLines = files.reduce((n, f) => n + lineCount(f), 0);

/** Runs a command, returns wall seconds and peak RSS (VmHWM, polled every 20 ms). */
function timed(command, commandArgs, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {
        // the process has ended between two polls
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ seconds: (performance.now() - started) / 1000, peak, code, stdout, stderr });
    });
  });
}

async function ourCli(targets, jobs) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = await timed(process.execPath, [cli, '--format', 'json', '--quiet', '--jobs', String(jobs), ...targets]);
    if (last.code !== 0 && last.code !== 1) throw new Error(`the CLI failed (exit ${last.code}): ${last.stderr.slice(0, 2000)}`);
    samples.push(last);
  }
  return { seconds: median(samples.map((s) => s.seconds)), peak: Math.max(...samples.map((s) => s.peak)), output: last.stdout };
}

function findingsByRule(jsonText) {
  const doc = JSON.parse(jsonText);
  const list = Array.isArray(doc) ? doc : (doc.findings ?? doc.results ?? []);
  const counts = {};
  for (const f of list) counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
  return { total: list.length, counts };
}

const results = { machine: { cores, node: process.version, os: `${os.type()} ${os.release()}` }, stdlib: { path: stdlib, files: files.length, lines: totalLines } };
console.log(`CPython stdlib: ${files.length} files, ${totalLines.toLocaleString()} lines (${stdlib}); ${cores} cores; median of ${runs} runs\n`);

// 1. the CLI over the whole stdlib
const one = await ourCli([stdlib], 1);
const all = await ourCli([stdlib], cores);
results.cli = {
  jobs1: { seconds: one.seconds, linesPerSecond: totalLines / one.seconds, peakRss: one.peak },
  jobsAll: { jobs: cores, seconds: all.seconds, linesPerSecond: totalLines / all.seconds, peakRss: all.peak },
  findings: findingsByRule(all.output),
};
console.log('concurrency-lint over the stdlib');
console.log(`  --jobs 1      ${fmt(one.seconds)} s  ${Math.round(totalLines / one.seconds).toLocaleString()} lines/s  peak RSS ${mb(one.peak)}`);
console.log(`  --jobs ${cores}      ${fmt(all.seconds)} s  ${Math.round(totalLines / all.seconds).toLocaleString()} lines/s  peak RSS ${mb(all.peak)}`);
console.log(`  findings: ${results.cli.findings.total} ${JSON.stringify(results.cli.findings.counts)}\n`);

// 2. ruff's WebAssembly build, default rules, every stdlib file from one Node process
const ruffScript = `
  const { readFileSync } = require('node:fs');
  const started = performance.now();
  const { Workspace } = require('@astral-sh/ruff-wasm-nodejs');
  const ws = new Workspace(Workspace.defaultSettings());
  const ready = performance.now();
  let diagnostics = 0;
  for (const f of JSON.parse(readFileSync(0, 'utf8'))) diagnostics += ws.check(readFileSync(f, 'utf8')).length;
  const done = performance.now();
  console.log(JSON.stringify({ startup: (ready - started) / 1000, check: (done - ready) / 1000, diagnostics }));
`;
const ruffSamples = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync(process.execPath, ['-e', ruffScript], { cwd: root, input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`ruff-wasm failed: ${r.stderr.slice(0, 2000)}`);
  ruffSamples.push(JSON.parse(r.stdout.trim().split('\n').pop()));
}
const ruffCheck = median(ruffSamples.map((s) => s.check));
const ruffTotal = median(ruffSamples.map((s) => s.startup + s.check));
results.ruffWasm = { checkSeconds: ruffCheck, withStartupSeconds: ruffTotal, diagnostics: ruffSamples[0].diagnostics };
console.log(`ruff-wasm (default rules) over the stdlib: ${fmt(ruffCheck)} s checking (+ start-up: ${fmt(ruffTotal)} s)`);
console.log(`  ratio: concurrency-lint --jobs ${cores} is ${fmt(ruffCheck / all.seconds, 1)}× faster (${fmt(ruffCheck / one.seconds, 1)}× with 1 job)\n`);

// 3. pylint, one checker, on the stdlib files that import a concurrency module
const anchorFiles = concurrencyFiles(files);
const concurrencyLines = anchorFiles.reduce((n, f) => n + lineCount(f), 0);
const ours = await ourCli(anchorFiles, cores);
results.concurrencyFiles = { files: anchorFiles.length, lines: concurrencyLines, ourSeconds: ours.seconds };
console.log(`stdlib files importing threading/multiprocessing/concurrent.futures/queue: ${anchorFiles.length} files, ${concurrencyLines.toLocaleString()} lines`);
console.log(`  concurrency-lint --jobs ${cores}: ${fmt(ours.seconds)} s`);
if (skipPylint) {
  console.log('  pylint: skipped (--skip-pylint)\n');
} else {
  if (spawnSync('pylint', ['--version']).status !== 0) {
    if (process.getuid?.() === 0) {
      console.log('  installing Debian package pylint ...');
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', 'pylint'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } else {
      console.error('  pylint is missing: install the Debian package pylint (apt-get install pylint) or pass --skip-pylint');
      process.exit(2);
    }
  }
  // One pylint run takes minutes: it is measured once.
  const pylint = await timed('pylint', ['--disable=all', '--enable=consider-using-with', '--jobs=1', '--score=n', ...anchorFiles]);
  results.concurrencyFiles.pylintSeconds = pylint.seconds;
  console.log(`  pylint --disable=all --enable=consider-using-with: ${fmt(pylint.seconds, 1)} s (one run)`);
  console.log(`  ratio: concurrency-lint is ${Math.round(pylint.seconds / ours.seconds)}× faster\n`);
}

// 4. re-analysis latency through the language server: each run is a fresh server session, and the
// p50 and p95 printed are the medians of the runs' own (one session's p95 rests on its 10 slowest edits).
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node');
const big = bigFile(stdlib);
// The first edits run while the server's code is still being compiled by V8; a typist's session is
// past that after a few keystrokes, so they are made but not counted.
const WARMUP_EDITS = 10;

async function reanalysisSession() {
  const serverProcess = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(serverProcess.stdout), new StreamMessageWriter(serverProcess.stdin));
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onNotification(() => {});
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false }, synchronization: {} }, workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  const uri = 'file:///bench/big_module.py';
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: big.text } });
  const first = await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const latencies = [];
  let i = 0;
  for (const change of benchEdits(big.lines, WARMUP_EDITS + 200)) {
    const started = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [change] });
    await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    if (i >= WARMUP_EDITS) latencies.push(performance.now() - started);
    i++;
  }
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  return { p50ms: percentile(latencies, 50), p95ms: percentile(latencies, 95), firstDiagnostics: first.items?.length };
}

const sessions = [];
for (let r = 0; r < runs; r++) sessions.push(await reanalysisSession());
results.reanalysis = {
  fileLines: big.lines.length,
  edits: 200,
  warmupEdits: WARMUP_EDITS,
  p50ms: median(sessions.map((s) => s.p50ms)),
  p95ms: median(sessions.map((s) => s.p95ms)),
  sessions,
  firstDiagnostics: sessions[0].firstDiagnostics,
};
console.log(`re-analysis after a one-character edit in a ${big.lines.length}-line file (server over stdio, 200 edits after ${WARMUP_EDITS} warm-up edits):`);
console.log(`  p50 ${fmt(results.reanalysis.p50ms)} ms, p95 ${fmt(results.reanalysis.p95ms)} ms (median of ${runs} sessions; p95 per session: ${sessions.map((s) => fmt(s.p95ms)).join(', ')} ms)`);

// 5. TypeScript/JavaScript
if (skipTs) {
  console.log('\nTypeScript/JavaScript: skipped (--skip-ts)');
} else {
  console.log('\nTypeScript/JavaScript');
  const { benchTypeScript } = await import('./bench-lint-ts.mjs');
  results.typescript = await benchTypeScript({ runs });
}

mkdirSync(path.join(root, '.bench'), { recursive: true });
writeFileSync(path.join(root, '.bench', 'lint-results.json'), JSON.stringify(results, null, 2));
console.log('\nwritten to .bench/lint-results.json');
