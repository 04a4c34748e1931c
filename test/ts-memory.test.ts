// Re-analysis of an open TS document that reuses the previous analysis's payload findings (memory.ts):
// only when the edit stays in a function body whose type cannot depend on it. Each case compares
// the re-analysis with a fresh analysis of the same text, and checks whether anything was reused.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../server/src/engine';
import { TsAnalyzer } from '../server/src/engine/ts';
import { found } from './helpers/ts';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, allowJs: true, checkJs: true, noEmit: true, module: 'NodeNext', types: ['node'] } });

const MAIN = `import { Worker, MessageChannel } from 'node:worker_threads';
import type { Task } from './task';

const { port1 } = new MessageChannel();
let current: string | (() => void) = 'idle';

function makeTask() {
  return { id: 1 };
}

export function announce(): void {
  const note = 'ready';
  port1.postMessage({ note });
}

export function later(w: Worker, task: Task): void {
  w.postMessage(makeTask());
  w.postMessage(task);
  w.postMessage({ done: () => 1 });
}

export const report = (w: Worker): void => {
  w.postMessage(current);
};
`;

describe('TypeScript re-analysis: payload findings kept across an edit', () => {
  let dir: string;
  let analyzer: TsAnalyzer;
  let fresh: TsAnalyzer;
  let version = 1;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cl-ts-memory-'));
    symlinkSync(path.join(__dirname, '..', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
    analyzer = new TsAnalyzer();
    fresh = new TsAnalyzer();
  });
  after(() => {
    analyzer.dispose();
    fresh.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function write(rel: string, text: string): string {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    // As the editor's file watcher reports it.
    analyzer.fileChanged(file);
    fresh.fileChanged(file);
    return file;
  }

  /**
   * Opens `text` in the editing analyzer, then (after `meanwhile`) types each of `steps` in turn,
   * comparing each analysis with a fresh one: the last findings, and how many sites each step reused.
   */
  function typeSteps(file: string, text: string, steps: string[], meanwhile = () => {}): { findings: string[]; reused: number[] } {
    analyzer.closeDocument(file);
    analyzer.setOpenDocument(file, text, version++);
    analyzer.analyze(file, DEFAULT_SETTINGS);
    meanwhile();
    const reused: number[] = [];
    let findings: string[] = [];
    for (const edited of steps) {
      analyzer.setOpenDocument(file, edited, version++);
      const result = analyzer.analyze(file, DEFAULT_SETTINGS);
      reused.push(analyzer.lastSitesReused);
      fresh.closeDocument(file);
      fresh.setOpenDocument(file, edited, version++);
      const expected = fresh.analyze(file, DEFAULT_SETTINGS);
      const summary = (fs: typeof result.findings) => fs.map((f) => JSON.stringify([f.ruleId, f.range, f.message, f.related, f.fixes]));
      assert.deepEqual(summary(result.findings), summary(expected.findings), 'the same findings, related places and fixes as a fresh analysis');
      findings = found(result.findings);
    }
    return { findings, reused };
  }

  function edit(file: string, text: string, edited: string, meanwhile = () => {}): { findings: string[]; reused: number } {
    const { findings, reused } = typeSteps(file, text, [edited], meanwhile);
    return { findings, reused: reused[0] };
  }

  it('keeps the findings outside a body whose function declares its return type, moved with the lines below', () => {
    write('task.ts', 'export interface Task { id: number }\n');
    const file = write('main.ts', MAIN);
    const { findings, reused } = edit(file, MAIN, MAIN.replace("  const note = 'ready';\n", "  const note = 'ready';\n  const extra = 2;\n"));
    assert.ok(reused > 0, 'sites reused');
    assert.deepEqual(findings, ['20:CL002']);
  });

  it('keeps a mutex finding with its fixes, and a size test with its related places, in the functions below the edit', () => {
    const text = `import { Mutex } from 'async-mutex';

const queue: string[] = [];
const mutex = new Mutex();

export function note(line: string): void {
  console.log(line);
}

export async function record(value: string): Promise<void> {
  const release = await mutex.acquire();
  queue.push(value);
  release();
}

export async function drain(flush: () => Promise<void>): Promise<void> {
  if (queue.length > 0) {
    await flush();
    queue.shift();
  }
}
`;
    const file = write('locks.ts', text);
    const { findings, reused } = edit(file, text, text.replace('  console.log(line);\n', '  console.log(line);\n  console.log(line.length);\n'));
    assert.ok(reused >= 2, `both sites reused (${reused})`);
    assert.deepEqual(findings, ['12:CL001', '18:CL004']);
  });

  it('keeps a worker finding of a function below the edit, and judges the worker of a field again when the edit listens to it', () => {
    const text = `import { Worker } from 'node:worker_threads';

export class Resizer {
  private worker: Worker | undefined;

  watch(): void {
    console.log('watching');
  }

  start(file: string): void {
    this.worker = new Worker(file);
  }
}

export function spawnLocal(file: string): void {
  const local = new Worker(file);
  local.on('message', (m) => console.log(m));
}
`;
    const file = write('resizer.ts', text);
    // A comment in watch(): both workers are reported as before, the local one from the memory.
    const comment = text.replace("    console.log('watching');\n", "    console.log('watching');\n    // soon\n");
    const first = typeSteps(file, text, [comment]);
    assert.deepEqual(first.findings, ['12:CL016', '17:CL016']);
    // Reused: the two `new Worker` payload sites (CL002) and the local worker (CL016); the worker of
    // the field is judged again.
    assert.equal(first.reused[0], 3, 'sites reused');
    // A listener in watch() for the field's worker: the worker made in start() is judged again.
    const listened = comment.replace('    // soon\n', "    this.worker?.on('error', (e) => console.error(e));\n");
    const { findings } = typeSteps(file, comment, [listened]);
    assert.deepEqual(findings, ['17:CL016']);
  });

  it('keeps the finding of a send() to a child in a local, and judges a send() to a field again after an edit in the constructor', () => {
    const text = `import { fork, type ChildProcess } from 'node:child_process';

export class Converter {
  private child: ChildProcess;

  constructor(file: string) {
    this.child = fork(file, [], { serialization: 'json' });
    this.child.on('error', (e) => console.error(e));
  }

  convert(when: Date): void {
    this.child.send({ when });
  }
}

export function note(line: string): void {
  console.log(line);
}

export function convertLocal(file: string): void {
  const child = fork(file);
  child.on('error', (e) => console.error(e));
  child.send({ at: new Date() });
}
`;
    const file = write('converter.ts', text);
    // A line in note(): the send() to the local child is reused, the one to the field checked again.
    const noted = text.replace('  console.log(line);\n', '  console.log(line);\n  console.log(line.length);\n');
    const first = typeSteps(file, text, [noted]);
    assert.deepEqual(first.findings, ['12:CL002', '24:CL002']);
    // Reused in convertLocal(): the send() to the local child and the `new Date()` in it (CL002), the
    // fork() and the `new Date()` as possible spawns (CL016).
    assert.equal(first.reused[0], 4, 'sites reused');
    // The constructor now forks with serialization: 'advanced': a Date survives structured clone.
    const advanced = noted.replace("serialization: 'json'", "serialization: 'advanced'");
    const { findings } = typeSteps(file, noted, [advanced]);
    assert.deepEqual(findings, ['24:CL002']);
  });

  it('keeps the findings from the second edit on in a function whose return type is inferred, while its signature reads the same', () => {
    write('task.ts', 'export interface Task { id: number }\n');
    const file = write('main.ts', MAIN);
    const once = MAIN.replace('  return { id: 1 };\n', '  const n = 1;\n  return { id: n };\n');
    const twice = once.replace('  const n = 1;\n', '  const n = 1;\n  const m = n + 1;\n');
    const { findings, reused } = typeSteps(file, MAIN, [once, twice]);
    assert.equal(reused[0], 0, 'the first edit reads the signature');
    assert.ok(reused[1] > 0, 'the second edit reuses');
    assert.deepEqual(findings, ['21:CL002']);
  });

  it('checks every site again when an edit changes the inferred signature, or the body declares a class', () => {
    write('task.ts', 'export interface Task { id: number }\n');
    const file = write('main.ts', MAIN);
    const once = MAIN.replace('  return { id: 1 };\n', '  const n = 1;\n  return { id: n };\n');
    const changed = once.replace('return { id: n };', 'return { id: n, run: () => n };');
    let result = typeSteps(file, MAIN, [once, changed]);
    assert.deepEqual(result.reused, [0, 0]);
    assert.deepEqual(result.findings, ['18:CL002', '20:CL002']);
    // A class declared in the body: the signature says `Job` whatever its members.
    const local = MAIN.replace('  return { id: 1 };\n', '  class Job { id = 1; }\n  return new Job();\n');
    const withMethod = local.replace('class Job { id = 1; }', 'class Job { id = 1; run(): void {} }');
    result = typeSteps(file, MAIN, [local, withMethod]);
    assert.deepEqual(result.reused, [0, 0]);
    assert.deepEqual(result.findings, ['18:CL002', '20:CL002']);
  });

  it('checks every site again when the edited function has no return type (its type comes from its body)', () => {
    write('task.ts', 'export interface Task { id: number }\n');
    const file = write('main.ts', MAIN);
    const { findings, reused } = edit(file, MAIN, MAIN.replace('return { id: 1 };', 'return { id: 1, run: () => 2 };'));
    assert.equal(reused, 0);
    assert.deepEqual(findings, ['17:CL002', '19:CL002']);
  });

  it('checks every site again when the body names a let of the module (assigning it changes closures elsewhere)', () => {
    write('task.ts', 'export interface Task { id: number }\n');
    const file = write('main.ts', MAIN);
    const { findings, reused } = edit(file, MAIN, MAIN.replace("  port1.postMessage({ note });\n", "  port1.postMessage({ note });\n  current = () => {};\n"));
    assert.equal(reused, 0);
    assert.deepEqual(findings, ['20:CL002', '24:CL002']);
  });

  it('checks every site again after another file of the program changed', () => {
    write('task.ts', 'export interface Task { id: number }\n');
    const file = write('main.ts', MAIN);
    const { findings, reused } = edit(file, MAIN, MAIN.replace("  const note = 'ready';\n", "  const note = 'set';\n"), () => {
      write('task.ts', 'export interface Task { id: number; run(): void }\n');
    });
    assert.equal(reused, 0);
    assert.deepEqual(findings, ['18:CL002', '19:CL002']);
  });

  it('keeps nothing in JavaScript, where a constructor body can declare the class members', () => {
    const js = `const { Worker } = require('node:worker_threads');
class Job {
  constructor() {
    this.id = 1;
  }
}
const w = new Worker('./w.js');
w.on('error', () => {});
w.postMessage(new Job());
w.postMessage({ f: () => 1 });
`;
    // A project of its own: a CommonJS script shares the global scope with the project's other scripts.
    write('js/tsconfig.json', TSCONFIG);
    const file = write('js/job.js', js);
    const { findings, reused } = edit(file, js, js.replace('    this.id = 1;\n', '    this.id = 1;\n    this.run = () => 2;\n'));
    assert.equal(reused, 0);
    assert.deepEqual(findings, ['10:CL002', '11:CL002']);
  });
});
