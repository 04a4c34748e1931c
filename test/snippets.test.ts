// Every snippet we ship is a pattern our own linter approves of and that actually runs: each one
// is expanded with its defaults (and once per other value of each choice), then parsed, linted,
// type-checked (TS) and run inside a small harness that checks what it computed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { Language, Parser } from 'web-tree-sitter';
import { analyze, DEFAULT_SETTINGS, initEngine, RULES } from '../server/src/engine';
import type { LintSettings } from '../server/src/engine';
import { expandSnippet, type Expansion, tabStops } from './snippets/expand';
import { PYTHON_HARNESSES } from './snippets/python-harness';
import { describeOutcome, type ProcessOutcome, runLimited, runProcess } from './snippets/run';
import { TYPESCRIPT_HARNESSES, type TypeScriptHarness } from './snippets/typescript-harness';

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
const typescriptSnippets = snippetsOf('snippets/typescript.json');

/** Snippet bodies indent with tabs; the editor turns each into the file's indentation unit. */
function expansionsOf(snippet: SnippetDefinition, indent: string): Expansion[] {
  return expandSnippet(snippet.body.join('\n')).map((e) => ({ label: e.label, text: e.text.replace(/\t/g, indent) }));
}

/** Every rule on, whatever its default, so that no rule is left out of the check. */
const EVERY_RULE: LintSettings = { ...DEFAULT_SETTINGS, rules: Object.fromEntries(RULES.map((rule) => [rule.id, 'warning'])) };

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

describe('snippets', function () {
  let workDir = '';
  const pythonRuns = new Map<string, ProcessOutcome>();
  const nodeRuns = new Map<string, ProcessOutcome>();
  let typeErrors: string[] = [];
  let pythonParser: Parser;

  before(async function () {
    this.timeout(180_000);
    workDir = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lint-snippets-'));
    await initEngine();
    pythonParser = new Parser();
    pythonParser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
    const jobs = [typeCheckJob(workDir, (errors) => (typeErrors = errors)), ...nodeJobs(workDir, nodeRuns), ...pythonJobs(workDir, pythonRuns)];
    // Many of these programs sleep or wait on each other, so a few more of them than cores fit at once.
    await runLimited(jobs, os.availableParallelism() * 2);
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe('package.json contributions', () => {
    it('registers Python snippets for python and TS snippets for typescript and javascript', () => {
      const byLanguage = new Map(contributions.map((c) => [c.language, path.normalize(c.path)]));
      assert.equal(byLanguage.get('python'), path.normalize('./snippets/python.json'));
      for (const language of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact']) {
        assert.ok(byLanguage.has(language), `no snippets registered for ${language}`);
      }
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

  describe('TypeScript', () => {
    for (const snippet of typescriptSnippets) {
      const harness = TYPESCRIPT_HARNESSES[snippet.prefix];
      for (const expansion of expansionsOf(snippet, '  ')) {
        const name = `${snippet.prefix} (${expansion.label})`;
        it(`${name} parses, type-checks against @types/node and runs`, () => {
          assert.ok(harness, `${snippet.prefix} has no harness in test/snippets/typescript-harness.ts`);
          const source = ts.createSourceFile('snippet.ts', expansion.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
          const parseErrors = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
          assert.deepEqual(parseErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
          const dir = programDir(snippet.prefix, expansion.label, harness);
          assert.deepEqual(typeErrors.filter((e) => e.startsWith(`${alonePath(snippet.prefix, expansion.label)}(`) || e.startsWith(`${dir}/`)), []);
          assertRanCleanly(nodeRuns.get(dir));
        });
      }
    }
  });
});

function pythonProgram(prefix: string, expansion: Expansion): string {
  const harness = PYTHON_HARNESSES[prefix] ?? {};
  return [harness.before ?? '', expansion.text, harness.after ?? ''].join('\n') + '\n';
}

function pythonJobs(workDir: string, outcomes: Map<string, ProcessOutcome>): Array<() => Promise<void>> {
  const dir = path.join(workDir, 'python');
  mkdirSync(dir);
  return pythonSnippets.flatMap((snippet) =>
    expansionsOf(snippet, '    ').map((expansion, n) => async () => {
      const file = path.join(dir, `${snippet.prefix}-${n}.py`);
      writeFileSync(file, pythonProgram(snippet.prefix, expansion));
      outcomes.set(`${snippet.prefix} (${expansion.label})`, await runProcess('python3', [file], dir, RUN_TIMEOUT_MS));
    }),
  );
}

// TS programs live in <workDir>/ts: alone/<prefix>.<n>.ts is the snippet by itself, <prefix>.<n>/ holds the
// harness program. A node_modules link makes @types/node, piscina and async-mutex resolve as in the repo.
const tsRoot = (workDir: string) => path.join(workDir, 'ts');
let tsWorkDir = '';
const alonePath = (prefix: string, label: string) => `alone/${prefix}.${safe(label)}.ts`;
const safe = (label: string) => label.replace(/[^a-zA-Z0-9]+/g, '_');

function programDir(prefix: string, label: string, harness: TypeScriptHarness): string {
  return harness.companionOf ? `${harness.companionOf.prefix}.with.${prefix}.${safe(label)}` : `${prefix}.${safe(label)}`;
}

/** A module either way, so that top-level names of different programs never meet. */
const asModule = (text: string) => `${text}\nexport {};\n`;

function defaultExpansion(prefix: string): string {
  const snippet = typescriptSnippets.find((s) => s.prefix === prefix);
  if (!snippet) throw new Error(`no snippet ${prefix}`);
  return expansionsOf(snippet, '  ')[0].text;
}

/** The files of the program that runs `prefix`'s expansion, by name. */
function programFiles(prefix: string, expansion: Expansion, harness: TypeScriptHarness): Record<string, string> {
  if (harness.companionOf) {
    const host = TYPESCRIPT_HARNESSES[harness.companionOf.prefix];
    const files = programFiles(harness.companionOf.prefix, { label: 'default', text: defaultExpansion(harness.companionOf.prefix) }, host);
    files[harness.companionOf.file] = asModule(expansion.text);
    return files;
  }
  const files: Record<string, string> = { 'main.ts': asModule([harness.before ?? '', expansion.text, harness.after ?? ''].join('\n')) };
  for (const [name, content] of Object.entries(harness.files ?? {})) {
    files[name] = asModule('snippet' in content ? defaultExpansion(content.snippet) : content.source);
  }
  return files;
}

function writeTypeScriptPrograms(workDir: string): string[] {
  if (tsWorkDir) return [];
  tsWorkDir = tsRoot(workDir);
  mkdirSync(path.join(tsWorkDir, 'alone'), { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(tsWorkDir, 'node_modules'), 'dir');
  writeFileSync(
    path.join(tsWorkDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', lib: ['ES2022'],
        types: ['node'], esModuleInterop: true, skipLibCheck: true, noEmit: true,
      },
      include: ['**/*.ts'],
    }),
  );
  const programs: string[] = [];
  for (const snippet of typescriptSnippets) {
    const harness = TYPESCRIPT_HARNESSES[snippet.prefix];
    for (const expansion of expansionsOf(snippet, '  ')) {
      writeFileSync(path.join(tsWorkDir, alonePath(snippet.prefix, expansion.label)), asModule(expansion.text));
      if (!harness) continue;
      const dir = programDir(snippet.prefix, expansion.label, harness);
      mkdirSync(path.join(tsWorkDir, dir));
      for (const [name, text] of Object.entries(programFiles(snippet.prefix, expansion, harness))) {
        writeFileSync(path.join(tsWorkDir, dir, name), text);
        const js = ts.transpileModule(text, {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        writeFileSync(path.join(tsWorkDir, dir, name.replace(/\.ts$/, '.js')), js);
      }
      programs.push(dir);
    }
  }
  return programs;
}

function typeCheckJob(workDir: string, report: (errors: string[]) => void): () => Promise<void> {
  return async () => {
    writeTypeScriptPrograms(workDir);
    const tsc = require.resolve('typescript/bin/tsc');
    const outcome = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], tsRoot(workDir), 60_000);
    if (outcome.timedOut || outcome.exitCode === null) throw new Error(`tsc did not finish: ${describeOutcome(outcome)}`);
    report(outcome.stdout.split('\n').filter((line) => line.includes('error TS')));
  };
}

function nodeJobs(workDir: string, outcomes: Map<string, ProcessOutcome>): Array<() => Promise<void>> {
  const programs = writeTypeScriptPrograms(workDir);
  return programs.map((dir) => async () => {
    outcomes.set(dir, await runProcess(process.execPath, ['main.js'], path.join(tsRoot(workDir), dir), RUN_TIMEOUT_MS));
  });
}
