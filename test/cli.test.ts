// The `concurrency-lint` command: output formats, exit codes, config precedence, file selection and
// parallel runs. Most cases call runCli in this process (fast); a few run the bundled bin as CI would.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeFiles } from '../server/src/cli/pool';
import { runCli } from '../server/src/cli/run';
import { ALL_RULES, DEFAULT_SETTINGS, RULES, ruleDocsUrl, TS_RULE_METAS } from '../server/src/engine';
import { sarifValidator } from './helpers/sarif';

const ROOT = path.resolve(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist', 'cli.js');
const BIN = path.join(ROOT, 'bin', 'concurrency-lint.js');

/** CL001: acquired, then released without try/finally. The finding sits on line 5, column 5. */
const SMELL = 'import threading\nlock = threading.Lock()\n\ndef f():\n    lock.acquire()\n    work()\n    lock.release()\n';
const ESC = '\x1b[';
const CLEAN = 'import threading\nlock = threading.Lock()\n\ndef f():\n    with lock:\n        work()\n';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const temps: string[] = [];
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cl-cli-'));
  temps.push(root);
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

async function lint(args: string[], cwd: string, stdoutIsTTY = false, stderrIsTTY = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: { write: (s: string) => (stdout += s), isTTY: stdoutIsTTY },
    stderr: { write: (s: string) => (stderr += s), isTTY: stderrIsTTY, columns: 80 },
    env: {},
    workerScript: BUNDLE,
  });
  return { code, stdout, stderr };
}

/** The installed command, in a child process: real exit codes and streams. */
function lintProcess(args: string[], cwd: string): Run {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface JsonFinding {
  file: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: { file: string; line: number; column: number; message: string }[];
  fixes: number;
}

async function findings(args: string[], cwd: string): Promise<JsonFinding[]> {
  const run = await lint(['--format', 'json', ...args], cwd);
  assert.notEqual(run.code, 2, run.stderr);
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
}

describe('CLI', function () {
  this.timeout(30_000);

  before(() => {
    assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run "npm run build" before these tests`);
  });
  after(() => {
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  describe('text output', () => {
    it('prints file:line:col, rule, severity and message, a code frame, and a summary', async () => {
      const cwd = tree({ 'pkg/smelly.py': SMELL, 'pkg/clean.py': CLEAN });
      const run = await lint([], cwd);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout.split('\n');
      assert.match(lines[0], new RegExp(`^pkg\\${path.sep}smelly\\.py:5:5: CL001 \\[warning\\] .*'lock'`));
      assert.equal(lines[1], '  5 |     lock.acquire()');
      assert.equal(lines[2], '    |     ^^^^^^^^^^^^^^');
      assert.ok(lines.some((l) => /^ {2}= pkg.smelly\.py:7:5: /.test(l)), 'the related release site is listed');
      assert.equal(lines.at(-2), '1 finding in 2 files');
      assert.ok(!run.stdout.includes(ESC), 'no colours when stdout is not a terminal');
    });

    it('colours on a terminal, and --color / --no-color override the terminal check', async () => {
      const cwd = tree({ 'a.py': SMELL });
      assert.ok((await lint([], cwd, true)).stdout.includes(`${ESC}33m[warning]`));
      assert.ok(!(await lint(['--no-color'], cwd, true)).stdout.includes(ESC));
      assert.ok((await lint(['--color'], cwd, false)).stdout.includes(`${ESC}1mCL001`));
    });

    it('says how many files were skipped', async () => {
      const cwd = tree({ 'a.py': CLEAN, 'b.py': 'x = 1\0\n' });
      const run = await lint([], cwd);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, '0 findings in 1 file (1 file skipped)\n');
      assert.equal(run.stderr, 'skipped b.py: binary file (contains NUL bytes)\n');
    });

    it('says when there is nothing to lint', async () => {
      const run = await lint(['docs'], tree({ 'docs/index.md': '# docs\n' }));
      assert.equal(run.code, 0);
      assert.equal(run.stderr, 'concurrency-lint: no Python, TypeScript or JavaScript files found in docs\n');
      assert.equal(run.stdout, '0 findings in 0 files\n');
    });
  });

  describe('json output', () => {
    it('lists each finding with 1-based positions, related places and the number of fixes', async () => {
      const cwd = tree({ 'a.py': SMELL });
      const run = await lint(['--format', 'json'], cwd);
      assert.equal(run.code, 1);
      const doc = JSON.parse(run.stdout);
      assert.equal(doc.findings.length, 1);
      const f = doc.findings[0] as JsonFinding;
      assert.deepEqual(
        { file: f.file, ruleId: f.ruleId, ruleName: f.ruleName, severity: f.severity, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn },
        { file: 'a.py', ruleId: 'CL001', ruleName: 'unreleased-lock', severity: 'warning', line: 5, column: 5, endLine: 5, endColumn: 19 },
      );
      assert.match(f.message, /lock/);
      assert.deepEqual(f.related.map((r) => [r.file, r.line, r.column]), [['a.py', 7, 5]]);
      assert.ok(f.fixes >= 1, 'CL001 offers a fix');
      assert.deepEqual(doc.summary, { findings: 1, filesChecked: 1, filesWithFindings: 1, filesSkipped: 0, filesFailed: 0 });
    });
  });

  describe('sarif output', () => {
    const schemaErrors = sarifValidator();

    it('is valid SARIF 2.1.0 with rule metadata, levels, regions and related locations', async () => {
      const cwd = tree({ 'src/my module.py': SMELL, 'src/b.py': CLEAN, 'notes.py': 'x = 1\0' });
      const run = await lint(['--format', 'sarif'], cwd);
      assert.equal(run.code, 1, run.stderr);
      const log = JSON.parse(run.stdout);
      assert.equal(schemaErrors(log), undefined);
      // The validator does reject what the schema forbids.
      for (const breakIt of [
        (l: typeof log) => (l.runs[0].results[0].level = 'fatal'),
        (l: typeof log) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0),
        (l: typeof log) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'my module.py'),
        (l: typeof log) => delete l.runs[0].tool.driver.name,
      ]) {
        const broken = structuredClone(log);
        breakIt(broken);
        assert.notEqual(schemaErrors(broken), undefined, breakIt.toString());
      }
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const { driver } = log.runs[0].tool;
      assert.equal(driver.name, 'concurrency-lint');
      assert.equal(driver.version, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
      assert.deepEqual(
        driver.rules.map((r: { id: string }) => r.id),
        ALL_RULES.map((r) => r.id),
      );
      const cl001 = driver.rules[ALL_RULES.findIndex((r) => r.id === 'CL001')];
      assert.deepEqual(cl001, {
        id: 'CL001',
        name: 'unreleased-lock',
        shortDescription: { text: RULES.find((r) => r.id === 'CL001')!.summary },
        fullDescription: { text: `Python: ${RULES.find((r) => r.id === 'CL001')!.summary} TypeScript/JavaScript: ${TS_RULE_METAS.find((r) => r.id === 'CL001')!.summary}` },
        helpUri: ruleDocsUrl('CL001'),
        defaultConfiguration: { level: 'warning' },
      });
      const [result] = log.runs[0].results;
      assert.equal(result.ruleId, 'CL001');
      assert.equal(driver.rules[result.ruleIndex].id, 'CL001');
      assert.equal(result.level, 'warning');
      const location = result.locations[0].physicalLocation;
      assert.deepEqual(location.artifactLocation, { uri: 'src/my%20module.py', uriBaseId: '%SRCROOT%' });
      assert.deepEqual(location.region, { startLine: 5, startColumn: 5, endLine: 5, endColumn: 19 });
      assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 7);
      assert.ok(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'));
      const notes = log.runs[0].invocations[0].toolExecutionNotifications;
      assert.match(notes[0].message.text, /skipped notes\.py: binary file/);
    });

    it('maps error to error, warning to warning, and both info and hint to note', async () => {
      const cwd = tree({ 'a.py': SMELL });
      for (const [severity, level] of [['error', 'error'], ['warning', 'warning'], ['info', 'note'], ['hint', 'note']]) {
        const log = JSON.parse((await lint(['--format', 'sarif', '--rule', `CL001=${severity}`], cwd)).stdout);
        assert.equal(schemaErrors(log), undefined);
        assert.equal(log.runs[0].results[0].level, level, severity);
      }
    });

    it('is valid with no results', async () => {
      const log = JSON.parse((await lint(['--format', 'sarif'], tree({ 'a.py': CLEAN }))).stdout);
      assert.equal(schemaErrors(log), undefined);
      assert.deepEqual(log.runs[0].results, []);
    });
  });

  describe('exit codes (the installed command)', () => {
    it('0 without findings, 1 with findings', () => {
      assert.equal(lintProcess([], tree({ 'a.py': CLEAN })).code, 0);
      const run = lintProcess([], tree({ 'a.py': SMELL }));
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^a\.py:5:5: CL001/);
    });

    it('2 for a bad flag, a missing path or an invalid config, with the reason on stderr', () => {
      const cwd = tree({ 'a.py': SMELL, 'bad.json': '{"rules": {"CL001": "loud"}}' });
      const flag = lintProcess(['--frobnicate'], cwd);
      assert.equal(flag.code, 2);
      assert.match(flag.stderr, /Unknown option '--frobnicate'/);
      const missing = lintProcess(['nope.py'], cwd);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no such file or folder: nope\.py/);
      const config = lintProcess(['--config', 'bad.json'], cwd);
      assert.equal(config.code, 2);
      assert.match(config.stderr, /bad\.json: rules\.CL001: "loud" is not allowed/);
      assert.equal(config.stdout, '', 'nothing is linted with an invalid config');
    });
  });

  describe('usage errors', () => {
    const cwd = tree({ 'a.py': SMELL });
    for (const [args, message] of [
      [['--format', 'xml'], /--format expects one of text, json, sarif/],
      [['--rule', 'CL001=loud'], /"loud" is not a severity/],
      [['--rule', 'CL999=off'], /unknown rule "CL999"/],
      [['--jobs', '0'], /--jobs expects a whole number of at least 1/],
      [['--color', '--no-color'], /contradict/],
    ] as const) {
      it(`${args.join(' ')} exits 2`, async () => {
        const run = await lint([...args], cwd);
        assert.equal(run.code, 2);
        assert.match(run.stderr, message);
      });
    }

    it('--help and --version exit 0', async () => {
      const help = await lint(['--help'], cwd);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: concurrency-lint/);
      const version = await lint(['--version'], cwd);
      assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    });

    it('bench is handed to the benchmark command', () => {
      const run = lintProcess(['bench', '--help'], cwd);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Usage: concurrency-lint bench/);
    });
  });

  describe('config precedence: defaults < discovered config < --config < --rule', () => {
    const severity = async (args: string[], cwd: string): Promise<string | undefined> => (await findings(args, cwd))[0]?.severity;

    it('pyproject.toml [tool.concurrency-lint] turns a rule off', async () => {
      const cwd = tree({ 'a.py': SMELL, 'pyproject.toml': '[tool.concurrency-lint.rules]\nCL001 = "off"\n' });
      assert.equal(await severity([], cwd), undefined);
      assert.equal((await lint([], cwd)).code, 0);
    });

    it('.concurrency-lint.json wins over pyproject.toml in the same folder', async () => {
      const cwd = tree({ 'a.py': SMELL, 'pyproject.toml': '[tool.concurrency-lint.rules]\nCL001 = "off"\n', '.concurrency-lint.json': '{"rules": {"CL001": "error"}}' });
      assert.equal(await severity([], cwd), 'error');
    });

    it('the nearest config wins over one further up', async () => {
      const root = tree({ '.concurrency-lint.json': '{"rules": {"CL001": "off"}}', 'app/a.py': SMELL, 'app/pyproject.toml': '[tool.concurrency-lint.rules]\nCL001 = "info"\n' });
      assert.equal(await severity([], path.join(root, 'app')), 'info');
      assert.equal(await severity(['app'], root), undefined, 'from the root folder, the root config applies');
    });

    it('--config overrides the discovered config', async () => {
      const cwd = tree({ 'a.py': SMELL, '.concurrency-lint.json': '{"rules": {"CL001": "off"}}', 'ci/lint.json': '{"rules": {"unreleased-lock": "error"}}' });
      assert.equal(await severity(['--config', 'ci/lint.json'], cwd), 'error');
    });

    it('--rule overrides --config, by id or by name', async () => {
      const cwd = tree({ 'a.py': SMELL, 'lint.toml': '[tool.concurrency-lint.rules]\nunreleased-lock = "off"\n' });
      assert.equal(await severity(['--config', 'lint.toml', '--rule', 'CL001=hint'], cwd), 'hint');
      assert.equal(await severity(['--config', 'lint.toml', '--rule', 'unreleased-lock=error'], cwd), 'error');
      assert.equal(await severity(['--rule', 'CL001=off'], cwd), undefined);
    });

    it('enable = false lints nothing and says so', async () => {
      const cwd = tree({ 'a.py': SMELL, 'pyproject.toml': '[tool.concurrency-lint]\nenable = false\n' });
      const run = await lint([], cwd);
      assert.equal(run.code, 0);
      assert.match(run.stderr, /turned off \(enable = false in pyproject\.toml\)/);
    });
  });

  describe('file selection', () => {
    const layout = {
      'pkg/app.py': SMELL,
      'pkg/env/__init__.py': SMELL, // a package called env, not a virtualenv: linted
      'pkg/stubs.pyi': SMELL,
      'pkg/README.md': SMELL,
      '.venv/lib/x.py': SMELL,
      'venv/lib/x.py': SMELL,
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/x.py': SMELL,
      'py311/pyvenv.cfg': 'home = /usr/bin\n',
      'py311/lib/x.py': SMELL,
      'node_modules/pkg/x.py': SMELL,
      '.git/hooks/x.py': SMELL,
      'pkg/__pycache__/x.py': SMELL,
      '__pypackages__/3.11/lib/x.py': SMELL,
      '.tox/py311/x.py': SMELL,
      '.nox/x.py': SMELL,
      'lib/site-packages/x.py': SMELL,
      'build/gen.py': SMELL,
      'src/generated/api_pb2.py': SMELL,
      'src/generated/keep.py': SMELL,
      'src/main.py': SMELL,
    };
    const linted = async (args: string[], cwd: string): Promise<string[]> =>
      [...new Set((await findings(args, cwd)).map((f) => f.file.split(path.sep).join('/')))].sort();

    it('skips VCS folders, dependencies, virtualenvs and caches by default', async () => {
      const cwd = tree(layout);
      assert.deepEqual(await linted([], cwd), ['build/gen.py', 'pkg/app.py', 'pkg/env/__init__.py', 'pkg/stubs.pyi', 'src/generated/api_pb2.py', 'src/generated/keep.py', 'src/main.py']);
    });

    it('applies exclude globs: a bare name at any depth, a path relative to the config folder', async () => {
      const root = tree({ ...layout, 'pyproject.toml': '[tool.concurrency-lint]\nexclude = ["build", "src/generated/*_pb2.py", "*.pyi"]\n' });
      assert.deepEqual(await linted([], root), ['pkg/app.py', 'pkg/env/__init__.py', 'src/generated/keep.py', 'src/main.py']);
      // From a subfolder, path globs still match relative to the config's folder.
      assert.deepEqual(await linted(['.'], path.join(root, 'src')), ['generated/keep.py', 'main.py']);
    });

    it('matches path globs relative to the current folder too, and excludes whole folders', async () => {
      const cwd = tree({ ...layout, 'ci.json': '{"exclude": ["src/generated/**", "pkg/"]}' });
      assert.deepEqual(await linted(['--config', 'ci.json'], cwd), ['build/gen.py', 'src/main.py']);
    });

    it('reports files named on the command line that are excluded or not Python, TypeScript or JavaScript, without failing', async () => {
      const cwd = tree({ ...layout, '.concurrency-lint.json': '{"exclude": ["build"]}' });
      const run = await lint(['build/gen.py', 'pkg/README.md', 'src/main.py'], cwd);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^skipped build.gen\.py: excluded by "build"$/m);
      assert.match(run.stderr, /^skipped pkg.README\.md: not a Python, TypeScript or JavaScript file$/m);
      assert.match(run.stdout, /1 finding in 1 file \(2 files skipped\)/);
      assert.equal((await lint(['--quiet', 'build/gen.py', 'src/main.py'], cwd)).stderr, '');
    });

    it('lints a file given twice once', async () => {
      const cwd = tree({ 'a.py': SMELL });
      assert.equal((await findings(['a.py', '.', './a.py'], cwd)).length, 1);
    });
  });

  describe('progress', () => {
    const many = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`m/f${String(i).padStart(3, '0')}.py`, 'x = 1\n']));

    it('shows a progress line on a terminal for more than 200 files, and clears it', async () => {
      const run = await lint(['--jobs', '1'], tree(many(201)), false, true);
      assert.ok(run.stderr.includes(`\r${ESC}K[201/201] ${path.join('m', 'f200.py')}`), JSON.stringify(run.stderr));
      assert.ok(run.stderr.endsWith(`\r${ESC}K`), JSON.stringify(run.stderr.slice(-20)));
      assert.equal(run.stdout, '0 findings in 201 files\n');
    });

    it('stays quiet for 200 files, or when stderr is not a terminal', async () => {
      assert.equal((await lint(['--jobs', '1'], tree(many(200)), false, true)).stderr, '');
      assert.equal((await lint(['--jobs', '1'], tree(many(201)), false, false)).stderr, '');
    });
  });

  describe('parallel analysis', () => {
    // A stand-in for the worker script: takes one file from the shared queue, says which, and dies.
    const DYING_WORKER = `const { workerData } = require('node:worker_threads');
const position = Atomics.add(workerData.next, 0, 1);
Atomics.store(workerData.current, workerData.slot, workerData.order[position]);
process.exit(7);
`;

    it('goes on when a worker dies: every file gets a result, and at most the one the worker held is lost', async () => {
      // The largest file goes out first and keeps the main thread busy while the worker starts (so it
      // usually gets to take a file before the main thread has taken them all).
      const files: Record<string, string> = { 'dying-worker.cjs': DYING_WORKER, 'm/big.py': 'import threading\n' + 'x = [1, 2, 3]\n'.repeat(40_000) };
      for (let i = 0; i < 40; i++) files[`m/f${i}.py`] = SMELL.replace('def f', `def f${i}`);
      const cwd = tree(files);
      const paths = Object.keys(files).filter((f) => f.endsWith('.py')).map((f) => path.join(cwd, f));
      const results = await analyzeFiles(paths, DEFAULT_SETTINGS, { jobs: 2, workerScript: path.join(cwd, 'dying-worker.cjs') });
      assert.deepEqual(results.map((r) => r.file), paths, 'one result per file, in the order given');
      const lost = results.filter((r) => r.error !== undefined);
      assert.ok(lost.length <= 1, `${lost.length} files lost`);
      for (const r of lost) assert.deepEqual([r.error, r.findings], ['the analysis worker stopped: exit code 7', []], 'the file the worker held');
      for (const r of results.filter((r) => r.error === undefined)) {
        const expected = r.file.endsWith('big.py') ? '' : 'CL001:5';
        assert.equal(r.findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}`).join(), expected, r.file);
      }
    });

    it('gives the same output with --jobs 1 and --jobs 2', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 12; i++) files[`m${i % 3}/f${i}.py`] = i % 4 === 0 ? CLEAN : SMELL.repeat(1 + (i % 3)).replace(/def f/g, () => `def f${i}`);
      files['z/binary.py'] = '\0\0';
      const cwd = tree(files);
      for (const format of ['text', 'json']) {
        const one = await lint(['--jobs', '1', '--format', format], cwd);
        const two = await lint(['--jobs', '2', '--format', format], cwd);
        assert.equal(one.code, 1);
        assert.equal(two.code, one.code);
        assert.equal(two.stdout, one.stdout, format);
        assert.equal(two.stderr, one.stderr);
        if (format === 'json') assert.equal(JSON.parse(two.stdout).findings.length, 3 * 1 + 3 * 2 + 3 * 3);
      }
    });
  });
});
