// Findings-only analysis (the CLI's) leaves out the bodies of quiet functions (quiet.ts): it must find
// exactly what a whole-file analysis finds, and leave out only functions no rule can report.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, DEFAULT_SETTINGS } from '../server/src/engine';
import { quietSkeleton } from '../server/src/engine/python/quiet';
import { PYTHON_RULES } from '../server/src/engine/python/rules';
import { initEngine } from './helpers/python';

const repo = path.join(__dirname, '..');
const words = new Set(PYTHON_RULES.flatMap((r) => r.words));

/** The names of the functions whose bodies the skeleton keeps. */
function kept(text: string): string[] {
  const quiet = quietSkeleton(text, words);
  assert.ok(quiet, 'nothing was left out');
  return quiet.layout.units.filter((u) => quiet.keep.has(u)).map((u) => u.name);
}

describe('Findings-only analysis (quiet functions left out)', () => {
  before(initEngine);

  it('finds what the whole-file analysis finds in every Python file of the repository', () => {
    let leftOut = 0;
    for (const file of execFileSync('git', ['ls-files', '*.py'], { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean)) {
      const text = readFileSync(path.join(repo, file), 'utf8');
      if (quietSkeleton(text, words)) leftOut++;
      assert.deepEqual(analyze(text, DEFAULT_SETTINGS, { findingsOnly: true }), analyze(text, DEFAULT_SETTINGS), file);
    }
    assert.ok(leftOut >= 20, `only ${leftOut} files had functions left out`);
  });

  it('keeps the functions that name what a rule reports, and those they reach', () => {
    const text = [
      'import threading',
      'from threading import Thread as T',
      'import multiprocessing as mp',
      'import os',
      'Spawn = mp.Process',
      '',
      'class Worker(T):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.lock = make_lock()',
      '    def run(self):',
      '        self.lock.acquire()',
      '    def describe(self):',
      '        return "a worker"',
      '',
      'def make_lock():',
      '    return threading.Lock()',
      '',
      'def task(n):',
      '    return n * 2',
      '',
      'def starts_alias():',
      '    T(target=task).start()',
      '',
      'def starts_subclass():',
      '    Worker().start()',
      '',
      'def starts_assigned():',
      '    Spawn(None, task)',
      '',
      'def local_import():',
      '    from threading import Thread',
      '    return Thread',
      '',
      'def rebinds():',
      '    global counter',
      '    counter = 0',
      '',
      'def suppressed():',
      '    x = 1  # noqa: CL001',
      '',
      'def quiet(values):',
      '    return [str(v) for v in values]',
      '',
      'def also_quiet(d):',
      '    return sorted(d.items())',
      '',
      '# join, but of a string and of os.path: no thread, process or pool',
      'def joined(values):',
      '    return ", ".join(values) + os.path.join("a", "b")',
      '',
    ].join('\n');
    assert.deepEqual(kept(text), [
      // assigns self.lock, which run() uses on a Worker
      '__init__',
      'run',
      // named by `T(target=task)` and `Spawn(None, task)`
      'task',
      'starts_alias',
      'starts_subclass',
      'starts_assigned',
      'local_import',
      'rebinds',
      'suppressed',
    ]);
    const skeleton = quietSkeleton(text, words)!.text;
    assert.equal(skeleton.split('\n').length, text.split('\n').length, 'the skeleton keeps every line');
    assert.ok(!skeleton.includes('a worker') && !skeleton.includes('sorted('), 'quiet bodies are left out');
    assert.deepEqual(analyze(text, DEFAULT_SETTINGS, { findingsOnly: true }), analyze(text, DEFAULT_SETTINGS));
  });

  it('analyzes the whole file when the skeleton does not parse as scanned', () => {
    // A syntax error at module level: the skeleton has it too, and the whole file is analyzed.
    const text = 'import threading\nlock = threading.Lock()\nx = = 1\n\ndef quiet():\n    return 1\n\ndef loud():\n    lock.acquire()\n    work()\n';
    assert.ok(quietSkeleton(text, words), 'the scanner reads it');
    const whole = analyze(text, DEFAULT_SETTINGS);
    assert.ok(whole.syntaxErrors > 0);
    assert.deepEqual(analyze(text, DEFAULT_SETTINGS, { findingsOnly: true }), whole);
  });

  it('leaves nothing out when the scanner gives up (tabs)', () => {
    const text = 'import threading\nlock = threading.Lock()\n\ndef quiet():\n\treturn 1\n\ndef loud():\n\tlock.acquire()\n\twork()\n';
    assert.equal(quietSkeleton(text, words), undefined);
    assert.deepEqual(analyze(text, DEFAULT_SETTINGS, { findingsOnly: true }), analyze(text, DEFAULT_SETTINGS));
  });
});
