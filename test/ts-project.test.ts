// The TS/JS project model and bad input: syntax errors, a minified 5 MB bundle, an invalid tsconfig,
// circular project references, the open-document overlay, watched-file changes (edits, and files
// created that an import was waiting for), settings,
// suppression comments and disposal of idle projects. Projects are written to a temporary folder
// whose node_modules points at the repository's, so types resolve as in a real checkout.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../server/src/engine';
import { TsAnalyzer } from '../server/src/engine/ts';
import { found, sharedAnalyzer } from './helpers/ts';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, allowJs: true, checkJs: true, noEmit: true, module: 'NodeNext', types: ['node'] } });
const WORKER = `import { Worker } from 'node:worker_threads';\nexport const w = new Worker('./job.js');\n`;

describe('TypeScript/JavaScript projects and bad input', () => {
  let dir: string;
  const analyzer = sharedAnalyzer();

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cl-ts-'));
    symlinkSync(path.join(__dirname, '..', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(rel: string, text: string): string {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  it('analyzes a file with syntax errors and counts them', () => {
    write('broken/tsconfig.json', TSCONFIG);
    const file = write('broken/main.ts', `${WORKER}function oops( {\n  const = ;\n`);
    const result = analyzer.analyze(file, DEFAULT_SETTINGS);
    assert.ok(result.syntaxErrors > 0);
    assert.deepEqual(found(result.findings), ['2:CL016']);
  });

  it('skips a 5 MB minified bundle with a reason', () => {
    write('bundle/tsconfig.json', TSCONFIG);
    const chunk = 'var a=new Worker("x");a.postMessage({f:function(){}});';
    const file = write('bundle/dist.min.js', chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length)));
    const result = analyzer.analyze(file, DEFAULT_SETTINGS, { budgetMs: 500 });
    assert.match(result.skipped ?? '', /minified or generated file \(5\.0 MB/);
    assert.deepEqual(result.findings, []);
  });

  it('analyzes a file created in a project after the project was loaded', () => {
    write('grown/tsconfig.json', TSCONFIG);
    const first = write('grown/first.ts', WORKER);
    assert.deepEqual(found(analyzer.analyze(first, DEFAULT_SETTINGS).findings), ['2:CL016']);
    const added = write('grown/added.ts', WORKER);
    analyzer.fileChanged(added);
    const result = analyzer.analyze(added, DEFAULT_SETTINGS);
    assert.equal(result.skipped, undefined);
    assert.deepEqual(found(result.findings), ['2:CL016']);
  });

  it('falls back to an inferred project when tsconfig.json is invalid JSON, and says so', () => {
    write('badconfig/tsconfig.json', '{ "compilerOptions": { "strict": true,, } ');
    const file = write('badconfig/main.ts', WORKER);
    const result = analyzer.analyze(file, DEFAULT_SETTINGS);
    assert.ok(result.notes.some((n) => n.includes(path.join(dir, 'badconfig', 'tsconfig.json')) && n.includes('is invalid')), result.notes.join('\n'));
    assert.ok(result.notes.some((n) => n.includes('inferred project')), result.notes.join('\n'));
    assert.deepEqual(found(result.findings), ['2:CL016']);
  });

  it('follows project references, and circular references do not loop', () => {
    write('refs/tsconfig.json', JSON.stringify({ files: [], references: [{ path: './a' }] }));
    write('refs/a/tsconfig.json', JSON.stringify({ ...JSON.parse(TSCONFIG), include: ['*.ts'], references: [{ path: '../b' }] }));
    write('refs/b/tsconfig.json', JSON.stringify({ ...JSON.parse(TSCONFIG), include: ['*.ts'], references: [{ path: '../a' }] }));
    write('refs/a/index.ts', 'export const a = 1;\n');
    const file = write('refs/b/main.ts', WORKER);
    // refs/b/main.ts has refs/b/tsconfig.json nearest; an outside file under refs/ is claimed through the cycle or inferred.
    assert.deepEqual(found(analyzer.analyze(file, DEFAULT_SETTINGS).findings), ['2:CL016']);
    const outside = write('refs/tools/run.ts', WORKER);
    const result = analyzer.analyze(outside, DEFAULT_SETTINGS);
    assert.deepEqual(found(result.findings), ['2:CL016']);
    assert.ok(result.notes.some((n) => n.includes('inferred project')));
  });

  it('reads open documents from the overlay and disk changes after fileChanged()', () => {
    write('overlay/tsconfig.json', TSCONFIG);
    const file = write('overlay/main.ts', WORKER);
    assert.deepEqual(found(analyzer.analyze(file, DEFAULT_SETTINGS).findings), ['2:CL016']);
    analyzer.setOpenDocument(file, `${WORKER}w.on('error', console.error);\n`, 1);
    assert.deepEqual(found(analyzer.analyze(file, DEFAULT_SETTINGS).findings), []);
    analyzer.setOpenDocument(file, `// a comment\n${WORKER}`, 2);
    assert.deepEqual(found(analyzer.analyze(file, DEFAULT_SETTINGS).findings), ['3:CL016']);
    analyzer.closeDocument(file);
    assert.deepEqual(found(analyzer.analyze(file, DEFAULT_SETTINGS).findings), ['2:CL016']);
    writeFileSync(file, `\n\n${WORKER}`);
    analyzer.fileChanged(file);
    assert.deepEqual(found(analyzer.analyze(file, DEFAULT_SETTINGS).findings), ['4:CL016']);
  });

  it('resolves an import again once the imported file is created on disk', () => {
    write('created/tsconfig.json', TSCONFIG);
    const main = write(
      'created/main.ts',
      `import { startWorker } from './factory.js';\nconst w = startWorker();\nw.on('error', console.error);\nw.postMessage({ onDone: () => 1 });\n`,
    );
    // Until factory.ts exists, w is of an unknown type: nothing to say about what it is sent.
    assert.deepEqual(found(analyzer.analyze(main, DEFAULT_SETTINGS).findings), []);
    const factory = write('created/factory.ts', `import { Worker } from 'node:worker_threads';\nexport function startWorker(): Worker {\n  return new Worker('./job.js');\n}\n`);
    analyzer.fileChanged(factory);
    assert.deepEqual(found(analyzer.analyze(main, DEFAULT_SETTINGS).findings), ['4:CL002']);
  });

  it('applies settings and suppression comments', () => {
    write('settings/tsconfig.json', TSCONFIG);
    const file = write('settings/main.ts', WORKER);
    assert.deepEqual(analyzer.analyze(file, { ...DEFAULT_SETTINGS, rules: { CL016: 'off' } }).findings, []);
    assert.equal(analyzer.analyze(file, { ...DEFAULT_SETTINGS, rules: { 'worker-error-unhandled': 'error' } }).findings[0]?.severity, 'error');
    assert.deepEqual(analyzer.analyze(file, { ...DEFAULT_SETTINGS, enable: false }).findings, []);
    const lines = WORKER.split('\n');
    const variants = [
      `${lines[0]}\n// concurrency-lint-disable-next-line CL016\n${lines[1]}\n`,
      `${lines[0]}\n${lines[1]} // concurrency-lint-disable-line CL002, CL016\n`,
      `/* concurrency-lint-disable CL016 */\n${WORKER}`,
      `/* concurrency-lint-disable */\n${WORKER}`,
      `${lines[0]}\n// concurrency-lint-disable-next-line worker-error-unhandled\n${lines[1]}\n`,
    ];
    variants.forEach((text, i) => {
      analyzer.setOpenDocument(file, text, 10 + i);
      assert.deepEqual(analyzer.analyze(file, DEFAULT_SETTINGS).findings, [], text);
    });
    analyzer.setOpenDocument(file, `${lines[0]}\n// concurrency-lint-disable-next-line CL002\n${lines[1]}\n`, 20);
    assert.deepEqual(found(analyzer.analyze(file, DEFAULT_SETTINGS).findings), ['3:CL016']);
    analyzer.closeDocument(file);
  });

  it('disposes least recently used projects beyond the limit', () => {
    const small = new TsAnalyzer({ maxProjects: 1 });
    try {
      write('p1/tsconfig.json', TSCONFIG);
      write('p2/tsconfig.json', TSCONFIG);
      small.analyze(write('p1/main.ts', WORKER), DEFAULT_SETTINGS);
      assert.equal(small.liveProjects, 1);
      const result = small.analyze(write('p2/main.ts', WORKER), DEFAULT_SETTINGS);
      assert.equal(small.liveProjects, 1);
      assert.deepEqual(found(result.findings), ['2:CL016']);
    } finally {
      small.dispose();
    }
  });

  it('reports a file it cannot read instead of throwing', () => {
    const result = analyzer.analyze(path.join(dir, 'missing.ts'), DEFAULT_SETTINGS);
    assert.match(result.skipped ?? '', /cannot be read/);
  });
});
