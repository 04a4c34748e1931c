// TypeScript/JavaScript analyzer benchmark on real code bases from npm that ship their .ts sources.
// For each pinned package: fetch it with `npm pack` into .bench/, write a tsconfig over its sources,
// then measure through the TsAnalyzer API (the one the server and CLI use):
//   - time to first diagnostics for one file in a cold project,
//   - re-analysis latency after a one-character edit (p50/p95 over 100 edits, open-document overlay)
//     on the largest file, after warm-up,
//   - wall time and lines/s over every file of the project, and peak RSS,
//   - `tsc --noEmit -p` on the same tsconfig, and our ratio to it,
// and print every finding so a person can judge it.
// Packages: rxjs (21k lines of TypeScript, no worker code: the size and speed case) and piscina (a
// worker-thread pool whose sources and tests create workers, ports and pools: the findings case).
// Usage: node scripts/bench-ts.mjs [name@version ...]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, '.bench');
const PACKAGES = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['rxjs@7.8.2', 'piscina@5.3.2'];
/** Packages whose sources use DOM types (rxjs's ajax and fetch); the others get the ES and Node libs only. */
const NEEDS_DOM = new Set(['rxjs']);
const SOURCE_DIRS = ['src', 'test'];
const EDITS = 100;
const WARMUP = 10;

mkdirSync(benchDir, { recursive: true });
const esbuild = await import('esbuild');
const analyzerBundle = path.join(benchDir, 'ts-analyzer.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'server/src/engine/ts/analyzer.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  external: ['typescript'],
  outfile: analyzerBundle,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const { TsAnalyzer, mayMatterTs } = require(analyzerBundle);
const settings = { enable: true, rules: {}, exclude: [] };

for (const spec of PACKAGES) await benchPackage(spec);

async function benchPackage(spec) {
  const dir = fetchPackage(spec);
  const config = path.join(dir, 'tsconfig.bench.json');
  const sourceDirs = SOURCE_DIRS.filter((d) => existsSync(path.join(dir, d)));
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: NEEDS_DOM.has(spec.replace(/@[^@/]+$/, '')) ? ['ES2022', 'DOM'] : ['ES2022'],
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
  // The analyzer looks for tsconfig.json; the bench config is copied under that name.
  writeFileSync(path.join(dir, 'tsconfig.json'), readFileSync(config));
  // A 2,000-line file the rules really work on (workers, mutexes, pools), for the re-analysis target.
  writeFileSync(path.join(dir, sourceDirs[0], 'bench-2000.ts'), generatedFile(2000));
  const files = sourceDirs.flatMap((d) => walk(path.join(dir, d))).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0);
  console.log(`\n## ${spec}: ${files.length} files, ${lines.toLocaleString('en')} lines (${sourceDirs.join(', ')})`);

  // Cold: a fresh analyzer, one file that mentions workers or awaits (so the checker is really used).
  const probe = files.find((f) => !f.endsWith('bench-2000.ts') && mayMatterTs(readFileSync(f, 'utf8'))) ?? files[0];
  let analyzer = new TsAnalyzer();
  let t = performance.now();
  analyzer.analyze(probe, settings);
  const cold = performance.now() - t;
  console.log(`time to first diagnostics, cold project: ${cold.toFixed(0)} ms (${path.relative(dir, probe)})`);

  // Warm re-analysis after one-character edits, through the overlay: the generated 2,000-line file
  // and the package's largest file that the rules look at.
  const sized = files.map((f) => ({ f, n: readFileSync(f, 'utf8').split('\n').length }));
  for (const target of [sized.find((s) => s.f.endsWith('bench-2000.ts')), sized.filter((s) => !s.f.endsWith('bench-2000.ts') && mayMatterTs(readFileSync(s.f, 'utf8'))).sort((a, b) => b.n - a.n)[0]]) {
    if (target) editLatency(analyzer, target, dir);
  }
  analyzer.dispose();

  // The whole code base, from a fresh analyzer (what a CLI run does).
  analyzer = new TsAnalyzer();
  t = performance.now();
  const findings = [];
  const skipped = [];
  for (const f of files) {
    const result = analyzer.analyze(f, settings);
    if (result.skipped) skipped.push(`${path.relative(dir, f)}: ${result.skipped}`);
    for (const finding of result.findings) findings.push({ file: path.relative(dir, f), finding });
  }
  const wall = performance.now() - t;
  analyzer.dispose();
  console.log(`whole code base: ${(wall / 1000).toFixed(2)} s, ${Math.round(lines / (wall / 1000)).toLocaleString('en')} lines/s, ${findings.length} findings, ${skipped.length} skipped`);
  for (const s of skipped) console.log(`  skipped ${s}`);

  t = performance.now();
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', config], { stdio: 'pipe' });
  } catch {
    // Type errors in a package's own sources (missing optional dependencies) still time a full check.
  }
  const tsc = performance.now() - t;
  console.log(`tsc --noEmit -p: ${(tsc / 1000).toFixed(2)} s; analyzer / tsc = ${(wall / tsc).toFixed(2)}`);
  console.log(`peak RSS so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  for (const { file, finding } of findings) {
    console.log(`  ${file}:${finding.range.start.line + 1} ${finding.ruleId} ${finding.severity}: ${finding.message}`);
  }
}

function editLatency(analyzer, target, dir) {
  const original = readFileSync(target.f, 'utf8');
  const insertAt = original.lastIndexOf('\n', Math.floor(original.length / 2)) + 1;
  const latencies = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const text = `${original.slice(0, insertAt)}${i % 2 === 0 ? ' ' : ''}${original.slice(insertAt)}`;
    analyzer.setOpenDocument(target.f, text, i + 1);
    const t = performance.now();
    analyzer.analyze(target.f, settings);
    if (i >= WARMUP) latencies.push(performance.now() - t);
  }
  analyzer.closeDocument(target.f);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  console.log(`re-analysis after a one-character edit, ${path.relative(dir, target.f)} (${target.n} lines): p50 ${pct(50)} ms, p95 ${pct(95)} ms over ${EDITS} edits`);
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

function generatedFile(lines) {
  const block = (i) => `
export async function job${i}(files: string[], port: import('node:worker_threads').MessagePort): Promise<number> {
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
  let text = "import { Worker } from 'node:worker_threads';\nimport { Mutex } from 'async-mutex';\nimport { Piscina } from 'piscina';\n" +
    'const mutex0 = new Mutex();\nconst mutex1 = new Mutex();\nconst mutex2 = new Mutex();\nconst pool = new Piscina();\nconst queue: string[] = [];\n';
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
