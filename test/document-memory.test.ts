// An open document is edited for as long as the editor runs. What its analyses keep across edits
// (outlines of statements, facts about units and the names they use) must not keep every version of
// the text alive: V8 makes a slice of a long string a view into the whole string.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_SETTINGS, openDocument } from '../server/src/engine';
import { initEngine } from './helpers/python';

/** The collector, callable without starting Node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A module of about 120,000 characters: classes with methods, each with a body line to edit. */
function module(): { text: string; bodyLines: number[] } {
  const lines = ['import threading', '', ''];
  const bodyLines: number[] = [];
  for (let c = 0; c < 40; c++) {
    lines.push(`class Worker${c}(threading.Thread):`, '    """A worker of the pool, with its own lock and queue of jobs."""', '');
    for (let m = 0; m < 8; m++) {
      lines.push(`    def step_${m}(self, jobs, results):`);
      for (let k = 0; k < 4; k++) {
        bodyLines.push(lines.length);
        lines.push(`        results.append([job * ${k} for job in jobs if job is not None])`);
      }
      lines.push('');
    }
  }
  return { text: `${lines.join('\n')}\n`, bodyLines };
}

describe('an edited document', () => {
  before(initEngine);

  it('does not keep the texts it was edited away from', () => {
    const gc = collector();
    const { text, bodyLines } = module();
    const doc = openDocument(text);
    const lines = text.split('\n');
    doc.analyze(DEFAULT_SETTINGS);
    // Warm up: the caches fill with what the file's units are.
    const editAt = (i: number): void => {
      const line = bodyLines[(i * 37) % bodyLines.length];
      const at = { line, character: lines[line].length };
      // Type a character no earlier edit typed on that line, then delete it: every typed text is new.
      doc.applyEdit({ start: at, end: at }, String.fromCharCode(0x4e00 + i));
      doc.analyze(DEFAULT_SETTINGS);
      doc.applyEdit({ start: at, end: { line, character: at.character + 1 } }, '');
      doc.analyze(DEFAULT_SETTINGS);
    };
    for (let i = 0; i < 20; i++) editAt(i);
    gc();
    const before = process.memoryUsage().heapUsed;
    const EDITS = 200;
    for (let i = 20; i < 20 + EDITS; i++) editAt(i);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Each typed text is about 240 KB (a character past Latin-1 makes it two bytes a character): keeping them
    // would grow the heap by some 48 MB. What the caches rightly keep is a few KB an edit.
    assert.ok(grown < (EDITS * text.length * 2) / 8, `the heap grew by ${(grown / 1e6).toFixed(1)} MB over ${EDITS} edits`);
    doc.dispose();
  });
});
