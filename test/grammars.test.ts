// The grammars: scopes asserted line by line on the samples in test/grammars/*.tmtest, run by
// vscode-tmgrammar-test against the grammars package.json contributes. VS Code's own Python and
// TypeScript grammars are not on npm, so test/grammars/hosts/ holds test-only stand-ins with the
// same comment and string scopes that our injection selectors name.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RULES } from '../server/src/engine';
import { describeOutcome, type ProcessOutcome, runProcess } from './snippets/run';

const repo = path.join(__dirname, '..');
const samples = path.join(__dirname, 'grammars');
const hosts = path.join(samples, 'hosts');

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
}

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string; svg?: string };
  completionEvents?: string[];
}

interface Manifest {
  contributes: {
    commands?: { command: string }[];
    languages?: { id: string; aliases?: string[] }[];
    grammars?: GrammarContribution[];
    walkthroughs?: { id: string; title: string; description: string; steps: WalkthroughStep[] }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Manifest;
const grammars = manifest.contributes.grammars ?? [];

interface RawGrammar {
  scopeName: string;
  injectionSelector?: string;
  repository?: Record<string, { patterns?: { match?: string; name?: string }[] }>;
}

const readGrammar = (file: string) => JSON.parse(readFileSync(path.join(repo, file), 'utf8')) as RawGrammar;

function runGrammarTests(files: string[]) {
  const cli = require.resolve('vscode-tmgrammar-test/dist/unit.js');
  const hostArgs = readdirSync(hosts).flatMap((file) => ['-g', path.join(hosts, file)]);
  // A malformed assertion line sends the tool's parser into a very long backtrack: the timeout ends it.
  return runProcess(process.execPath, [cli, '--config', path.join(repo, 'package.json'), '-c', ...hostArgs, ...files], repo, 60_000);
}

describe('grammars', () => {
  describe('package.json contributions', () => {
    it('every grammar file exists, parses and declares the scope package.json gives it', () => {
      assert.ok(grammars.length >= 3, 'the log grammar and the two injection grammars');
      for (const contribution of grammars) {
        assert.ok(existsSync(path.join(repo, contribution.path)), `${contribution.path} does not exist`);
        assert.equal(readGrammar(contribution.path).scopeName, contribution.scopeName, contribution.path);
      }
    });

    it('the injection grammars name the comment scopes they highlight and the languages they go into', () => {
      const injections = grammars.filter((g) => g.injectTo);
      const targets = injections.flatMap((g) => g.injectTo ?? []);
      for (const host of ['source.python', 'source.ts', 'source.tsx', 'source.js', 'source.js.jsx']) assert.ok(targets.includes(host), host);
      const selectors = injections.map((g) => readGrammar(g.path).injectionSelector ?? '').join(', ');
      for (const comment of ['comment.line.number-sign.python', 'comment.line.double-slash.ts', 'comment.block.ts', 'comment.line.double-slash.js', 'comment.block.js']) {
        assert.ok(selectors.includes(`L:${comment}`), `no injection into ${comment}`);
      }
    });

    it('the benchmark log language has its grammar', () => {
      assert.ok(manifest.contributes.languages?.some((l) => l.id === 'concurrency-lint-log'), 'language concurrency-lint-log');
      const log = grammars.find((g) => g.language === 'concurrency-lint-log');
      assert.ok(log, 'no grammar for concurrency-lint-log');
    });

    it('highlights every rule id and name the engine knows in suppression comments', () => {
      for (const contribution of grammars.filter((g) => g.injectTo)) {
        const ruleList = readGrammar(contribution.path).repository?.['rule-list']?.patterns ?? [];
        const matchers = ruleList.filter((p) => p.match && /rule-(id|name)/.test(p.name ?? '')).map((p) => new RegExp(`^(?:${p.match})$`));
        assert.ok(RULES.length > 0);
        for (const rule of RULES) {
          assert.ok(matchers.some((m) => m.test(rule.id)), `${contribution.path}: ${rule.id}`);
          assert.ok(matchers.some((m) => m.test(rule.name)), `${contribution.path}: ${rule.name}`);
        }
      }
    });
  });

  describe('scopes on sample lines (vscode-tmgrammar-test)', () => {
    const files = readdirSync(samples).filter((f) => f.endsWith('.tmtest')).sort();

    it('has samples for Python, TypeScript, TSX, JavaScript and the benchmark log', () => {
      assert.deepEqual(files, ['benchmark-log.tmtest', 'javascript-suppression.tmtest', 'python-suppression.tmtest', 'typescript-suppression.tmtest', 'typescriptreact-suppression.tmtest']);
    });

    // Both runs start at once: each spends most of its time starting up and loading the wasm regex engine.
    let samplesRun: Promise<ProcessOutcome>;
    let wrongRun: Promise<ProcessOutcome>;
    let scratch = '';
    before(() => {
      scratch = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lint-grammar-'));
      const wrong = path.join(scratch, 'wrong.tmtest');
      writeFileSync(wrong, ['# SYNTAX TEST "source.python" "a wrong assertion"', 'x = 1  # see CL001', '#                ^^^^^ constant.other.rule-id.concurrency-lint', ''].join('\n'));
      samplesRun = runGrammarTests(files.map((f) => path.join(samples, f)));
      wrongRun = runGrammarTests([wrong]);
    });
    after(async () => {
      await Promise.allSettled([samplesRun, wrongRun]);
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('every assertion in every sample holds', async function () {
      this.timeout(90_000);
      const outcome = await samplesRun;
      assert.equal(outcome.exitCode, 0, describeOutcome(outcome));
      for (const file of files) assert.match(outcome.stdout, new RegExp(`✓ .*${file.replace('.', '\\.')} run successfuly`), describeOutcome(outcome));
    });

    it('fails a sample whose assertion is wrong (the runner is really checking)', async function () {
      this.timeout(90_000);
      const outcome = await wrongRun;
      assert.notEqual(outcome.exitCode, 0, describeOutcome(outcome));
      assert.match(outcome.stdout + outcome.stderr, /Missing required scopes/);
    });
  });
});

describe('walkthrough', () => {
  const commands = new Set((manifest.contributes.commands ?? []).map((c) => c.command));
  const walkthroughs = manifest.contributes.walkthroughs ?? [];

  it('walks through a diagnostic, a fix, a snippet and the benchmark', () => {
    assert.equal(walkthroughs.length, 1);
    assert.deepEqual(walkthroughs[0].steps.map((s) => s.id), ['seeADiagnostic', 'applyAFix', 'insertASnippet', 'runTheBenchmark']);
    assert.ok(walkthroughs[0].steps.find((s) => s.id === 'runTheBenchmark')?.completionEvents?.includes('onCommand:concurrencyLint.runBenchmark'));
  });

  for (const step of walkthroughs.flatMap((w) => w.steps)) {
    it(`step ${step.id}: its media exists, its events and command links are well formed`, () => {
      assert.ok(step.title && step.description, 'title and description');
      const media = step.media.markdown ?? step.media.image ?? step.media.svg;
      assert.ok(media, 'no media');
      assert.ok(existsSync(path.join(repo, media)), `${media} does not exist`);
      if (step.media.image) assert.ok(step.media.altText, 'an image needs altText');
      if (step.media.markdown) assert.match(readFileSync(path.join(repo, step.media.markdown), 'utf8'), /^# \S/);
      assert.ok((step.completionEvents ?? []).length > 0, 'no completion event');
      for (const event of step.completionEvents ?? []) {
        assert.match(event, /^(onCommand|onView|onContext|onSettingChanged|onLink|extensionInstalled):\S+$|^onStepSelected$/, event);
      }
      // Our own commands must exist; built-in ones (workbench.*, editor.*) are VS Code's.
      const own = [...step.description.matchAll(/command:(concurrencyLint\.[\w.]+)/g), ...(step.completionEvents ?? []).map((e) => /^onCommand:(concurrencyLint\.[\w.]+)$/.exec(e)).filter((m) => m !== null)];
      for (const match of own) assert.ok(commands.has(match[1]), `${match[1]} is not a contributed command`);
    });
  }
});
