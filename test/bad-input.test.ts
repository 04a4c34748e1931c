// Input no one should write but someone will: broken encodings, huge and deeply nested files,
// binaries named .py, CRLF and tabs, files that are only a syntax error. Nothing may crash or hang,
// and a skipped file is always reported with its reason.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeFile } from '../server/src/cli/analyzeFile';
import { codingCookie, decodeSource, MAX_FILE_BYTES } from '../server/src/cli/read';
import { analyze, DEFAULT_SETTINGS, initEngine, openDocument, type AnalysisResult } from '../server/src/engine';
import { newPythonParser } from '../server/src/engine/python/parser';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'concurrency-lint.js');

/** CL001 on line 5, column 5 (1-based). */
const SMELL = 'import threading\nlock = threading.Lock()\n\ndef f():\n    lock.acquire()\n    work()\n    lock.release()\n';

/** About 10 MB of plausible threaded code: every function pairs a lock with threads and a queue. */
function generatedProgram(bytes: number): string {
  const parts = ['import threading\nimport queue\n\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const chunk =
      `lock_${i} = threading.Lock()\n\n\ndef worker_${i}(items, results):\n    lock_${i}.acquire()\n    for item in items:\n` +
      `        results.put(item * ${i})\n    lock_${i}.release()\n\n\ndef run_${i}():\n    results = queue.Queue()\n` +
      `    threads = [threading.Thread(target=worker_${i}, args=([1, 2, 3], results)) for _ in range(4)]\n` +
      `    for t in threads:\n        t.start()\n    for t in threads:\n        t.join()\n    return results.qsize()\n\n\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join('');
}

const NESTED = `x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
const CRLF = SMELL.replace(/\n/g, '\r\n');
const TABS = SMELL.replace(/ {4}/g, '\t');
const SYNTAX_ERROR_ONLY = 'def broken(:\n    return [1, 2\nclass\n';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBin(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface JsonReport {
  findings: { file: string; ruleId: string; line: number; column: number }[];
  skipped: { file: string; reason: string }[];
  errors: { file: string; message: string }[];
  summary: { filesChecked: number };
}

describe('bad input', function () {
  this.timeout(120_000);
  let dir: string;
  let big: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cl-bad-'));
    big = generatedProgram(10 * 1024 * 1024);
    const files: Record<string, string | Buffer> = {
      'invalid_utf8.py': Buffer.concat([Buffer.from(SMELL), Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n')]),
      'latin1.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n' + SMELL + '# caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
      'cp1252.py': Buffer.concat([Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n' + SMELL + '# '), Buffer.from([0x93, 0x94]), Buffer.from('\n')]),
      'big.py': big,
      'nested.py': NESTED,
      'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00, 0x41]),
      'empty.py': '',
      'crlf.py': CRLF,
      'tabs.py': TABS,
      'syntax_error.py': SYNTAX_ERROR_ONLY,
      'too_large.py': Buffer.alloc(MAX_FILE_BYTES + 1, '#'),
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    execFileSync('mkfifo', [path.join(dir, 'pipe.py')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('through the CLI', () => {
    let run: Run;
    let report: JsonReport;
    const findingsIn = (file: string) => report.findings.filter((f) => f.file === file);
    const skipReason = (file: string) => report.skipped.find((s) => s.file === file)?.reason;

    before(async () => {
      // One run over everything, as CI would meet it; the pipe is named explicitly (a folder walk skips it).
      run = await runBin(['--format', 'json', '--jobs', '2', '.', 'pipe.py'], dir);
      report = JSON.parse(run.stdout) as JsonReport;
    });

    it('finishes with findings and no internal error', () => {
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(report.errors, []);
    });

    it('analyzes invalid UTF-8 with replacement characters and says so', () => {
      assert.deepEqual(findingsIn('invalid_utf8.py').map((f) => [f.ruleId, f.line, f.column]), [['CL001', 5, 5]]);
      assert.match(run.stderr, /^invalid_utf8\.py: not valid UTF-8 \(first bad byte on line 8\); analyzed with replacement characters$/m);
    });

    it('decodes files by their PEP 263 coding cookie', () => {
      assert.deepEqual(findingsIn('latin1.py').map((f) => f.line), [6]);
      assert.deepEqual(findingsIn('cp1252.py').map((f) => f.line), [7]);
      assert.doesNotMatch(run.stderr, /latin1\.py|cp1252\.py/);
    });

    it('gets through a 10 MB file: findings, or a skip that says the budget ran out', () => {
      const reason = skipReason('big.py');
      if (reason) assert.match(reason, /longer than its budget/);
      else assert.ok(findingsIn('big.py').length > 1000);
    });

    it('survives 5,000 levels of nested brackets', () => {
      const reason = skipReason('nested.py');
      if (reason) assert.match(reason, /nested too deeply|longer than its budget/);
      assert.deepEqual(findingsIn('nested.py'), []);
    });

    it('skips binaries, oversized files and pipes with the reason on stderr', () => {
      assert.equal(skipReason('binary.py'), 'binary file (contains NUL bytes)');
      assert.match(skipReason('too_large.py') ?? '', /^file is too large \(20\.0 MB; the limit is 20 MB\)$/);
      assert.equal(skipReason('pipe.py'), 'not a regular file');
      assert.match(run.stderr, /^skipped binary\.py: binary file \(contains NUL bytes\)$/m);
      assert.match(run.stderr, /^skipped too_large\.py: file is too large/m);
      assert.match(run.stderr, /^skipped pipe\.py: not a regular file$/m);
    });

    it('puts CRLF and tab-indented findings on the right line and column', () => {
      assert.deepEqual(findingsIn('crlf.py').map((f) => [f.line, f.column]), [[5, 5]]);
      assert.deepEqual(findingsIn('tabs.py').map((f) => [f.line, f.column]), [[5, 2]]);
    });

    it('checks empty files and syntax-error-only files without findings', () => {
      assert.deepEqual(findingsIn('empty.py'), []);
      assert.deepEqual(findingsIn('syntax_error.py'), []);
      assert.equal(skipReason('empty.py'), undefined);
      assert.equal(skipReason('syntax_error.py'), undefined);
    });

    it('prints code frames without carriage returns and keeps tabs so the caret lines up', async () => {
      const text = await runBin(['--no-color', 'crlf.py', 'tabs.py'], dir);
      assert.equal(text.code, 1, text.stderr);
      assert.ok(text.stdout.includes('crlf.py:5:5: CL001'));
      assert.ok(text.stdout.includes('  5 |     lock.acquire()\n    |     ^^^^^^^^^^^^^^\n'));
      assert.ok(text.stdout.includes('  5 | \tlock.acquire()\n    | \t^^^^^^^^^^^^^^\n'));
      assert.doesNotMatch(text.stdout, /\r/);
    });
  });

  describe('through the engine API', () => {
    before(() => initEngine());
    const lint = (text: string): AnalysisResult => analyze(text, DEFAULT_SETTINGS);
    const positions = (r: AnalysisResult) => r.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.character]);

    it('analyzes text with replacement characters', () => {
      assert.deepEqual(positions(lint(`${SMELL}# caf\uFFFD\uFFFD\n`)), [['CL001', 4, 4]]);
    });

    it('returns from a 10 MB file within its budget or says it ran out', () => {
      const result = lint(big);
      if (result.skipped) assert.match(result.skipped, /budget/);
      else assert.ok(result.findings.length > 1000);
    });

    it('survives 5,000 levels of nested brackets', () => {
      const result = lint(NESTED + SMELL);
      if (result.skipped) assert.match(result.skipped, /nested too deeply|longer than its budget/);
      else assert.deepEqual(positions(result), [['CL001', 5, 4]]);
    });

    it('analyzes the next text afresh after a parse that ran out of its budget', () => {
      // A parser that gave up resumes that parse on its next call unless it is reset, even for
      // another text: the next file of a CLI worker (or the document's next version) came out empty.
      const long = `import threading\nx = [${'1, '.repeat(200_000)}]\n`;
      assert.match(analyze(long, DEFAULT_SETTINGS, { budgetMs: 1 }).skipped ?? '', /budget/);
      assert.deepEqual(positions(lint(SMELL)), [['CL001', 4, 4]]);
      const doc = openDocument(long);
      try {
        assert.match(doc.analyze(DEFAULT_SETTINGS, { budgetMs: 1 }).skipped ?? '', /budget/);
        doc.setText(SMELL);
        assert.deepEqual(positions(doc.analyze(DEFAULT_SETTINGS)), [['CL001', 4, 4]]);
      } finally {
        doc.dispose();
      }
    });

    it('skips text with NUL bytes', () => {
      assert.match(lint('import threading\0\0').skipped ?? '', /binary/);
    });

    it('handles empty text, CRLF, tabs and syntax errors', () => {
      assert.deepEqual(lint(''), { findings: [], syntaxErrors: 0 });
      assert.deepEqual(positions(lint(CRLF)), [['CL001', 4, 4]]);
      assert.deepEqual(positions(lint(TABS)), [['CL001', 4, 1]]);
      const broken = analyze(`import threading\n${SYNTAX_ERROR_ONLY}`, DEFAULT_SETTINGS);
      assert.deepEqual(broken.findings, []);
      assert.ok(broken.syntaxErrors > 0);
    });

    it('counts every syntax-error region, nested and far apart, as a search of the whole tree does', () => {
      const parser = newPythonParser();
      const text = [
        'import threading',
        'def first(lock):',
        '    lock.acquire() )',
        '    return [1, (2, 3]',
        '',
        ...Array.from({ length: 200 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`),
        'class Late:',
        '    def run(self):',
        '        try:x',
        '            pass',
        '        if self.x ::',
        '            pass',
        "'''never closed",
      ].join('\n');
      const tree = parser.parse(text)!;
      try {
        const everywhere = tree.rootNode.descendantsOfType('ERROR').length;
        assert.ok(everywhere >= 3, `the text has several error regions (${everywhere})`);
        assert.equal(analyze(text, DEFAULT_SETTINGS).syntaxErrors, everywhere);
      } finally {
        tree.delete();
        parser.delete();
      }
    });
  });

  describe('reading and decoding', () => {
    it('finds the coding cookie on the first or second line only', () => {
      assert.equal(codingCookie(Buffer.from('# -*- coding: Latin_1 -*-\n')), 'latin-1');
      assert.equal(codingCookie(Buffer.from('#!/usr/bin/python\n# coding=cp1252\n')), 'cp1252');
      assert.equal(codingCookie(Buffer.from('import os\n# coding=cp1252\n')), undefined, 'code on line 1 ends the search');
      assert.equal(codingCookie(Buffer.from('#!/usr/bin/python\n\n# coding=cp1252\n')), undefined);
    });

    it('decodes latin-1 as ISO-8859-1, strips a UTF-8 BOM and notes unknown encodings', () => {
      assert.equal(decodeSource(Buffer.from([0x23, 0x20, 0x63, 0x6f, 0x64, 0x69, 0x6e, 0x67, 0x3a, 0x6c, 0x61, 0x74, 0x69, 0x6e, 0x2d, 0x31, 0x0a, 0x80])).text.at(-1), '\u0080');
      assert.deepEqual(decodeSource(Buffer.from('\uFEFFx = 1\n')), { text: 'x = 1\n', notes: [] });
      const unknown = decodeSource(Buffer.from('# coding: klingon\nx = 1\n'));
      assert.equal(unknown.text, '# coding: klingon\nx = 1\n');
      assert.deepEqual(unknown.notes, ['unknown encoding "klingon" in the coding cookie; read as UTF-8']);
    });

    it('reports a file that cannot be read as an error instead of throwing', () => {
      const missing = path.join(os.tmpdir(), 'cl-does-not-exist', 'gone.py');
      assert.ok(!existsSync(missing));
      const result = analyzeFile(missing, DEFAULT_SETTINGS);
      assert.match(result.error ?? '', /ENOENT/);
    });
  });
});
