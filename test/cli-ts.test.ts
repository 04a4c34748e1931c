// `concurrency-lint` over TypeScript/JavaScript: a fixture project in SARIF (checked against the
// SARIF 2.1.0 schema), --project, TS/JS and Python files together on worker threads, and the bundled
// CLI loading the TypeScript engine only when a TS/JS file is linted.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../server/src/cli/run';
import { ALL_RULES, ruleById, ruleDocsUrl, ruleSummaryFor } from '../server/src/engine';
import { sarifValidator } from './helpers/sarif';
import { expectations } from './helpers/ts';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist', 'cli.js');
const FIXTURE = path.join(__dirname, 'fixtures', 'ts', 'CL002');

/** A worker with an error listener whose messages carry a function and a Promise (CL002 twice). */
const WORKER_TS = `import { Worker } from 'node:worker_threads';

export function start(file: string): Worker {
  const worker = new Worker(file);
  worker.on('error', (e) => console.error(e));
  worker.postMessage({ onProgress: () => {} });
  worker.postMessage({ result: Promise.resolve(1) });
  return worker;
}
`;
/** CL001 in Python: acquired, then released without try/finally. */
const PYTHON_SMELL = 'import threading\nlock = threading.Lock()\n\ndef f():\n    lock.acquire()\n    work()\n    lock.release()\n';
const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', types: ['node'] } });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function lint(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    workerScript: BUNDLE,
  });
  return { code, stdout, stderr };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }[];
}

describe('CLI over TypeScript/JavaScript', function () {
  this.timeout(60_000);
  let dir: string;

  /** A temporary tree whose node_modules is the repository's, so @types/node resolves. */
  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(dir, 'tree-'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    return root;
  }

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cl-cli-ts-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a fixture project in valid SARIF: every expected finding, the TS/JS rules among the rule metadata', async () => {
    const run = await lint(['--format', 'sarif', '.'], FIXTURE);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    const log = JSON.parse(run.stdout);
    assert.equal(sarifValidator()(log), undefined);

    const { driver } = log.runs[0].tool;
    assert.deepEqual(
      driver.rules.map((r: { id: string }) => r.id),
      ALL_RULES.map((r) => r.id),
    );
    const cl016 = driver.rules.find((r: { id: string }) => r.id === 'CL016');
    assert.deepEqual(cl016, {
      id: 'CL016',
      name: 'worker-error-unhandled',
      shortDescription: { text: ruleById('CL016')!.summary },
      helpUri: ruleDocsUrl('CL016'),
      defaultConfiguration: { level: 'warning' },
    });
    // A rule of both languages describes what it finds in each.
    const cl002 = driver.rules.find((r: { id: string }) => r.id === 'CL002');
    assert.equal(cl002.fullDescription.text, `Python: ${ruleSummaryFor('CL002', 'python')} TypeScript/JavaScript: ${ruleSummaryFor('CL002', 'typescript')}`);
    assert.notEqual(ruleSummaryFor('CL002', 'python'), ruleSummaryFor('CL002', 'typescript'));

    const results = log.runs[0].results as SarifResult[];
    const got = results.map((r) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.equal(driver.rules[r.ruleIndex].id, r.ruleId);
      return `${artifactLocation.uri}:${region.startLine}:${r.ruleId}`;
    });
    const expected = readdirSync(FIXTURE)
      .filter((f) => /\.[cm]?[jt]sx?$/.test(f))
      .flatMap((f) => expectations(readFileSync(path.join(FIXTURE, f), 'utf8')).map((e) => `${f}:${e}`));
    assert.ok(expected.length >= 10, 'the fixture has findings to compare');
    assert.deepEqual(got.sort(), expected.sort());
    const functionInPayload = results.find((r) => /onProgress is a function/.test(r.message.text));
    assert.equal(functionInPayload?.level, 'error');
  });

  it('analyzes with the tsconfig --project names instead of the nearest one', async () => {
    const cwd = tree({
      // The nearest config is broken: with it, the file would fall back to an inferred project, with a note.
      'app/tsconfig.json': '{ "compilerOptions": { broken',
      'app/worker.ts': WORKER_TS,
      'ci/tsconfig.json': JSON.stringify({ ...JSON.parse(TSCONFIG), include: ['../app/**/*.ts'] }),
    });
    // A folder stands for its tsconfig.json, as with tsc -p.
    const run = await lint(['--format', 'json', '--project', 'ci', 'app'], cwd);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    const findings = (JSON.parse(run.stdout) as { findings: { file: string; line: number; ruleId: string }[] }).findings;
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`),
      [`app${path.sep}worker.ts:6:CL002`, `app${path.sep}worker.ts:7:CL002`],
    );
  });

  it('exits 2 when --project names no config', async () => {
    const cwd = tree({ 'a.ts': WORKER_TS, 'empty/.keep': '' });
    for (const project of ['missing/tsconfig.json', 'empty']) {
      const run = await lint(['--project', project, '.'], cwd);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, `concurrency-lint: --project: no tsconfig.json or jsconfig.json at ${project}\n`);
    }
  });

  it('lints TS/JS and Python files together on worker threads', async () => {
    const files: Record<string, string> = { 'tsconfig.json': TSCONFIG, 'src/worker.ts': WORKER_TS, 'src/loose.d.ts': 'export declare const x: number;\n' };
    for (let i = 0; i < 6; i++) files[`py/m${i}.py`] = PYTHON_SMELL;
    const cwd = tree(files);
    const run = await lint(['--format', 'json', '--jobs', '2', '.'], cwd);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout) as { findings: { file: string; line: number; ruleId: string }[]; summary: { filesChecked: number } };
    assert.equal(doc.summary.filesChecked, 7, 'declaration files are not linted');
    assert.deepEqual(
      doc.findings.map((f) => `${f.file.split(path.sep).join('/')}:${f.line}:${f.ruleId}`),
      [...Array.from({ length: 6 }, (_, i) => `py/m${i}.py:5:CL001`), 'src/worker.ts:6:CL002', 'src/worker.ts:7:CL002'],
    );
  });

  it('loads the TypeScript engine bundle only when a TS/JS file is linted', () => {
    const cwd = tree({ 'a.py': PYTHON_SMELL, 'tsconfig.json': TSCONFIG, 'b.ts': WORKER_TS });
    // Preloaded into the CLI process: lists the files it loaded when it exits.
    const reporter = path.join(cwd, 'report-modules.cjs');
    writeFileSync(reporter, "process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n");
    const run = (file: string): { modules: string[]; stdout: string } => {
      const r = spawnSync(process.execPath, ['-r', reporter, BUNDLE, '--jobs', '1', file], { cwd, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      const line = /^loaded: (.*)$/m.exec(r.stderr)?.[1];
      assert.ok(line, r.stderr);
      return { modules: (JSON.parse(line) as string[]).map((f) => path.basename(f)), stdout: r.stdout };
    };
    const python = run('a.py');
    assert.match(python.stdout, /CL001/);
    assert.ok(!python.modules.includes('ts-engine.js'), 'a Python-only run loaded the TypeScript engine');
    const ts = run('b.ts');
    assert.ok(ts.modules.includes('ts-engine.js'));
    // The bundled engine finds TypeScript's default library next to it: the Promise is recognized.
    assert.match(ts.stdout, /message\.result is a Promise/);
  });
});
