// Every snippet we ship is a pattern our own linter approves of and that actually runs: each one
// is expanded with its defaults (and once per other value of each choice), then parsed, linted
// (every engine rule of the language switched on; TS and JS in one project with the TS analyzer),
// type-checked (TS and JS) and run inside a small harness that checks what it computed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { Language, Parser } from 'web-tree-sitter';
import { analyze, DEFAULT_SETTINGS, initEngine, RULES, TS_RULE_METAS } from '../server/src/engine';
import type { LintSettings } from '../server/src/engine';
import { TsAnalyzer } from '../server/src/engine/ts';
import { expandSnippet, type Expansion, tabStops } from './snippets/expand';
import { PYTHON_HARNESSES } from './snippets/python-harness';
import { describeOutcome, type ProcessOutcome, runLimited, runProcess } from './snippets/run';
import { alonePath, type Flavor, type NodeSnippet, NodePrograms, programDir } from './snippets/node-programs';
import { TYPESCRIPT_HARNESSES } from './snippets/typescript-harness';

const repo = path.join(__dirname, '..');
// A guard against hangs only: on a quiet machine every program ends within a second or two.
const RUN_TIMEOUT_MS = 60_000;

interface SnippetDefinition {
  prefix: string;
  description: string;
  body: string[];
}

interface SnippetContribution {
  language: string;
  path: string;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const manifest = readJson(path.join(repo, 'package.json')) as { contributes?: { snippets?: SnippetContribution[] } };
const contributions = manifest.contributes?.snippets ?? [];

function snippetsOf(file: string): SnippetDefinition[] {
  return Object.values(readJson(path.join(repo, file)) as Record<string, SnippetDefinition>);
}

const pythonSnippets = snippetsOf('snippets/python.json');
const nodeSnippets: Record<Flavor, NodeSnippet[]> = {
  ts: snippetsOf('snippets/typescript.json').map((s) => ({ prefix: s.prefix, expansions: expansionsOf(s, '  ') })),
  js: snippetsOf('snippets/javascript.json').map((s) => ({ prefix: s.prefix, expansions: expansionsOf(s, '  ') })),
};

/** Snippet bodies indent with tabs; the editor turns each into the file's indentation unit. */
function expansionsOf(snippet: SnippetDefinition, indent: string): Expansion[] {
  return expandSnippet(snippet.body.join('\n')).map((e) => ({ label: e.label, text: e.text.replace(/\t/g, indent) }));
}

/** Every rule on, whatever its default, so that no rule is left out of the check. */
const EVERY_RULE: LintSettings = { ...DEFAULT_SETTINGS, rules: Object.fromEntries(RULES.map((rule) => [rule.id, 'warning'])) };

const EVERY_TS_RULE: LintSettings = { ...DEFAULT_SETTINGS, rules: Object.fromEntries(TS_RULE_METAS.map((rule) => [rule.id, 'warning'])) };

function tsLintFindings(analyzer: TsAnalyzer, file: string): string[] {
  const result = analyzer.analyze(file, EVERY_TS_RULE);
  assert.equal(result.skipped, undefined, `analysis skipped: ${result.skipped}`);
  return result.findings.map((f) => `${f.ruleId} line ${f.range.start.line + 1}: ${f.message}`);
}

function lintFindings(text: string): string[] {
  const result = analyze(text, EVERY_RULE);
  assert.equal(result.skipped, undefined, `analysis skipped: ${result.skipped}`);
  return result.findings.map((f) => `${f.ruleId} line ${f.range.start.line + 1}: ${f.message}`);
}

function assertRanCleanly(outcome: ProcessOutcome | undefined, expectedStdout?: RegExp): void {
  assert.ok(outcome, 'the program was not run');
  assert.ok(outcome.exitCode === 0 && !outcome.timedOut, describeOutcome(outcome));
  if (expectedStdout) assert.match(outcome.stdout, expectedStdout, describeOutcome(outcome));
}

describe('snippet body expander (what the snippet tests rely on)', () => {
  const texts = (body: string) => expandSnippet(body).map((e) => `${e.label}: ${e.text}`);

  it('fills tab stops with their placeholder everywhere they are mirrored, nested ones included', () => {
    assert.deepEqual(texts('${1:lock} = L(); with $1:\n\t${2:use($1, ${3:x})}$0'), ['default: lock = L(); with lock:\n\tuse(lock, x)']);
    assert.deepEqual(texts('$1 before ${1:late}'), ['default: late before late']);
  });

  it('expands once per choice value, the others at their first value', () => {
    assert.deepEqual(texts('${1|a,b|} ${2|x,y\\,z|} $1'), ['default: a x a', '$1=b: b x b', '$2=y,z: a y,z a']);
  });

  it('reads escapes, variables with defaults and unknown variables as the editor does', () => {
    assert.deepEqual(texts('\\$1 \\} \\\\ $ ${TM_SELECTED_TEXT:pass} $UNKNOWN'), ['default: $1 } \\ $ pass UNKNOWN']);
  });

  it('refuses transforms and unclosed placeholders instead of guessing', () => {
    assert.throws(() => expandSnippet('${1/a/b/}'), /transform/);
    assert.throws(() => expandSnippet('${1:open'), /unclosed/);
  });
});

describe('snippets', function () {
  let workDir = '';
  const pythonRuns = new Map<string, ProcessOutcome>();
  const nodeRuns = new Map<string, ProcessOutcome>();
  let typeErrors: string[] = [];
  let pythonParser: Parser;
  let nodeRoot = '';
  /** One analyzer for every TS/JS snippet: they share the one project laid out for tsc. */
  const tsAnalyzer = new TsAnalyzer();

  before(async function () {
    this.timeout(180_000);
    workDir = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lint-snippets-'));
    await initEngine();
    pythonParser = new Parser();
    pythonParser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
    nodeRoot = path.join(workDir, 'node');
    mkdirSync(nodeRoot);
    const programs = new NodePrograms(nodeRoot, nodeSnippets);
    programs.write();
    const python = await pythonExecutable();
    const jobs = [typeCheckJob(nodeRoot, (errors) => (typeErrors = errors)), ...nodeJobs(nodeRoot, programs, nodeRuns), ...pythonJobs(python, workDir, pythonRuns)];
    // Many of these programs sleep or wait on each other, so a few more of them than cores fit at once.
    await runLimited(jobs, os.availableParallelism() * 2);
  });

  after(() => {
    tsAnalyzer.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe('package.json contributions', () => {
    it('registers Python snippets for python, TS for typescript(react) and JS for javascript(react)', () => {
      const byLanguage = new Map(contributions.map((c) => [c.language, path.normalize(c.path)]));
      assert.equal(byLanguage.get('python'), path.normalize('./snippets/python.json'));
      for (const language of ['typescript', 'typescriptreact']) assert.equal(byLanguage.get(language), path.normalize('./snippets/typescript.json'), language);
      for (const language of ['javascript', 'javascriptreact']) assert.equal(byLanguage.get(language), path.normalize('./snippets/javascript.json'), language);
    });

    it('offers the same TS and JS patterns under the same prefixes', () => {
      assert.deepEqual(nodeSnippets.js.map((s) => s.prefix).sort(), nodeSnippets.ts.map((s) => s.prefix).sort());
    });

    for (const contribution of contributions) {
      it(`${contribution.path} (${contribution.language}) exists and every snippet has a cc- prefix, a body and a description`, () => {
        const file = path.join(repo, contribution.path);
        assert.ok(existsSync(file), `${contribution.path} does not exist`);
        const snippets = snippetsOf(contribution.path);
        assert.ok(snippets.length > 0);
        const prefixes = new Set<string>();
        for (const snippet of snippets) {
          assert.match(snippet.prefix, /^cc-[a-z0-9-]+$/, `prefix ${snippet.prefix}`);
          assert.ok(!prefixes.has(snippet.prefix), `duplicate prefix ${snippet.prefix}`);
          prefixes.add(snippet.prefix);
          assert.ok(typeof snippet.description === 'string' && snippet.description.length > 20, `${snippet.prefix}: description`);
          assert.ok(Array.isArray(snippet.body) && snippet.body.every((line) => typeof line === 'string'), `${snippet.prefix}: body`);
          assert.ok(tabStops(snippet.body.join('\n')).some((i) => i > 0), `${snippet.prefix}: no tab stop to fill in`);
        }
      });
    }
  });

  describe('Python', () => {
    for (const snippet of pythonSnippets) {
      const harness = PYTHON_HARNESSES[snippet.prefix];
      for (const expansion of expansionsOf(snippet, '    ')) {
        const name = `${snippet.prefix} (${expansion.label})`;
        it(`${name} parses, is clean under every rule and runs`, () => {
          assert.ok(harness, `${snippet.prefix} has no harness in test/snippets/python-harness.ts`);
          const tree = pythonParser.parse(expansion.text);
          assert.ok(tree, 'no parse tree');
          assert.equal(tree.rootNode.hasError, false, `syntax error in:\n${expansion.text}`);
          tree.delete();
          assert.deepEqual(lintFindings(expansion.text), [], expansion.text);
          assert.deepEqual(lintFindings(pythonProgram(snippet.prefix, expansion)), [], 'in its harness');
          assertRanCleanly(pythonRuns.get(name), harness.stdout);
        });
      }
    }
  });

  for (const flavor of ['ts', 'js'] as const) {
    describe(flavor === 'ts' ? 'TypeScript' : 'JavaScript', () => {
      for (const snippet of nodeSnippets[flavor]) {
        const harness = TYPESCRIPT_HARNESSES[snippet.prefix];
        for (const expansion of snippet.expansions) {
          it(`${snippet.prefix} (${expansion.label}) parses, is clean under every TS/JS rule, type-checks against @types/node and runs`, () => {
            assert.ok(harness, `${snippet.prefix} has no harness in test/snippets/typescript-harness.ts`);
            const kind = flavor === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
            const source = ts.createSourceFile(`snippet.${flavor}`, expansion.text, ts.ScriptTarget.Latest, true, kind);
            const parseErrors = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
            assert.deepEqual(parseErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
            const alone = alonePath(flavor, snippet.prefix, expansion.label);
            assert.deepEqual(tsLintFindings(tsAnalyzer, path.join(nodeRoot, alone)), [], expansion.text);
            const dir = programDir(flavor, snippet.prefix, expansion.label);
            assert.deepEqual(typeErrors.filter((e) => e.startsWith(`${alone}(`) || e.startsWith(`${dir}/`)), []);
            assertRanCleanly(nodeRuns.get(dir));
          });
        }
      }
    });
  }
});

function pythonProgram(prefix: string, expansion: Expansion): string {
  const harness = PYTHON_HARNESSES[prefix] ?? {};
  return [harness.before ?? '', expansion.text, harness.after ?? ''].join('\n') + '\n';
}

/**
 * The interpreter `python3` runs, resolved once: `python3` on PATH may be a version-manager shim
 * that costs a shell and several processes per start, many times the interpreter's own start-up.
 */
async function pythonExecutable(): Promise<string> {
  const outcome = await runProcess('python3', ['-c', 'import sys; print(sys.executable)'], os.tmpdir(), RUN_TIMEOUT_MS);
  const executable = outcome.stdout.trim();
  if (outcome.exitCode !== 0 || !executable) throw new Error(`python3 is needed to run the Python snippets: ${describeOutcome(outcome)}`);
  return executable;
}

function pythonJobs(python: string, workDir: string, outcomes: Map<string, ProcessOutcome>): Array<() => Promise<void>> {
  const dir = path.join(workDir, 'python');
  mkdirSync(dir);
  return pythonSnippets.flatMap((snippet) =>
    expansionsOf(snippet, '    ').map((expansion, n) => async () => {
      const file = path.join(dir, `${snippet.prefix}-${n}.py`);
      writeFileSync(file, pythonProgram(snippet.prefix, expansion));
      outcomes.set(`${snippet.prefix} (${expansion.label})`, await runProcess(python, [file], dir, RUN_TIMEOUT_MS));
    }),
  );
}

function typeCheckJob(root: string, report: (errors: string[]) => void): () => Promise<void> {
  return async () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const outcome = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], root, 120_000);
    if (outcome.timedOut || outcome.exitCode === null) throw new Error(`tsc did not finish: ${describeOutcome(outcome)}`);
    report(outcome.stdout.split('\n').filter((line) => line.includes('error TS')));
  };
}

function nodeJobs(root: string, programs: NodePrograms, outcomes: Map<string, ProcessOutcome>): Array<() => Promise<void>> {
  return programs.runnable.map((dir) => async () => {
    outcomes.set(dir, await runProcess(process.execPath, ['main.js'], path.join(root, dir), RUN_TIMEOUT_MS));
  });
}
