// After every edit, re-analysis through a kept PythonDocument (incremental parse, only changed
// functions re-analyzed) must find exactly what a whole-file analysis of the same text finds.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, DEFAULT_SETTINGS, openDocument } from '../server/src/engine';
import type { Finding, Range } from '../server/src/engine';
import type { Tree } from 'web-tree-sitter';
import { type Layout, layout, Outlines, skeleton, skeletonEdits } from '../server/src/engine/python/incremental';
import { newPythonParser } from '../server/src/engine/python/parser';
import { initEngine } from './helpers/python';

const fixtures = path.join(__dirname, 'fixtures', 'python');

function files(): string[] {
  const out: string[] = [];
  for (const rule of readdirSync(fixtures)) {
    for (const f of readdirSync(path.join(fixtures, rule))) if (f.endsWith('.py')) out.push(path.join(fixtures, rule, f));
  }
  return out.sort();
}

/** A small deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.ruleId, f.range, f.message, f.related, f.fixes]));
}

/** Edits a typist makes inside a function: a space, a new statement, a deleted character, a comment. */
function edit(text: string, next: () => number): { range: Range; newText: string } {
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => i).filter((i) => /^\s+\S/.test(lines[i]));
  const line = candidates[Math.floor(next() * candidates.length)] ?? 0;
  const l = lines[line] ?? '';
  const indent = /^\s*/.exec(l)![0];
  const kind = Math.floor(next() * 4);
  const at = (character: number) => ({ line, character });
  switch (kind) {
    case 0:
      return { range: { start: at(l.length), end: at(l.length) }, newText: ' ' };
    case 1:
      return { range: { start: at(0), end: at(0) }, newText: `${indent}counter = 1\n` };
    case 2:
      return l.length > indent.length ? { range: { start: at(l.length - 1), end: at(l.length) }, newText: '' } : { range: { start: at(0), end: at(0) }, newText: '' };
    default:
      return { range: { start: at(l.length), end: at(l.length) }, newText: '  # note' };
  }
}

function apply(text: string, e: { range: Range; newText: string }): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
}

/** Applies an edit the way an LSP client means it: lines end at \r\n, \r or \n. */
function applyLsp(text: string, e: { range: Range; newText: string }): string {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  const offset = (p: { line: number; character: number }) => Math.min(starts[p.line] + p.character, text.length);
  return text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
}

function editAndCompare(original: string, edits: number): number {
  let text = original;
  const doc = openDocument(text);
  doc.analyze(DEFAULT_SETTINGS);
  const next = random(text.length);
  let incrementalRuns = 0;
  for (let i = 0; i < edits; i++) {
    const e = edit(text, next);
    text = apply(text, e);
    doc.applyEdit(e.range, e.newText);
    assert.equal(doc.content, text);
    const incremental = summary(doc.analyze(DEFAULT_SETTINGS, { budgetMs: 60000 }).findings);
    if (doc.lastAnalysis === 'incremental') incrementalRuns++;
    const full = summary(analyze(text, DEFAULT_SETTINGS, { budgetMs: 60000 }).findings);
    assert.deepEqual(incremental, full, `after edit ${i + 1}: ${JSON.stringify(e)}`);
  }
  doc.dispose();
  return incrementalRuns;
}

describe('incremental re-analysis', () => {
  before(initEngine);

  for (const file of files()) {
    it(`matches a full analysis after 10 random edits: ${path.relative(fixtures, file)}`, () => {
      editAndCompare(readFileSync(file, 'utf8'), 10);
    });
  }

  // Edits that join and split lines, in LF and CRLF text: the document keeps its line starts up to
  // date edit by edit, and its text, tree positions and findings must stay those of the new text.
  for (const eol of ['\n', '\r\n']) {
    it(`keeps positions right through multi-line replacements (${JSON.stringify(eol)} line ends)`, () => {
      const original = files()
        .slice(0, 6)
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n')
        .replace(/\n/g, eol);
      let text = original;
      const doc = openDocument(text);
      doc.analyze(DEFAULT_SETTINGS);
      const next = random(7);
      const pieces = ['', 'x', eol, `${eol}    y = 2${eol}`, '\r', '\n', `q${eol}${eol}`];
      for (let i = 0; i < 40; i++) {
        const lines = text.split(/\r\n|\r|\n/);
        const line = Math.floor(next() * lines.length);
        const endLine = Math.min(lines.length - 1, line + Math.floor(next() * 3));
        const start = { line, character: Math.floor(next() * (lines[line].length + 1)) };
        const end = endLine === line ? { line, character: start.character + Math.floor(next() * (lines[line].length - start.character + 1)) } : { line: endLine, character: Math.floor(next() * (lines[endLine].length + 1)) };
        const e = { range: { start, end }, newText: pieces[Math.floor(next() * pieces.length)] };
        text = applyLsp(text, e);
        doc.applyEdit(e.range, e.newText);
        assert.equal(doc.content, text, `text after edit ${i + 1}: ${JSON.stringify(e)}`);
        const incremental = summary(doc.analyze(DEFAULT_SETTINGS, { budgetMs: 60000 }).findings);
        const full = summary(analyze(text, DEFAULT_SETTINGS, { budgetMs: 60000 }).findings);
        assert.deepEqual(incremental, full, `after edit ${i + 1}: ${JSON.stringify(e)}`);
      }
      doc.dispose();
    });
  }

  // Layouts reuse what they read of the statements an edit left alone (the parse reuses their nodes):
  // after every edit the layout must be the one a fresh parse of the text gives.
  it('reads the same layout from an edited tree as from a fresh parse', () => {
    let text = files()
      .slice(0, 8)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const doc = openDocument(text);
    const parser = newPythonParser();
    const outlines = new Outlines();
    const next = random(3);
    const pieces = ['', 'x', '\n', '\n    y = 2\n', '\r\n', 'class Extra(Base):\n    def run(self):\n        pass\n', 'def top():\n    return 1\n', '  # c'];
    const shape = (lay: Layout) => ({
      units: lay.units.map((u) => ({ ...u, handoffNames: [...u.handoffNames], attributes: [...u.attributes], names: [...u.names()] })),
      classes: [...lay.classes],
      moduleNames: lay.moduleNames(),
      signature: lay.signature,
    });
    // Past the outlines a document keeps unused (256): the layout forgets the oldest as it goes.
    for (let i = 0; i < 400; i++) {
      const lines = text.split(/\r\n|\r|\n/);
      const line = Math.floor(next() * lines.length);
      const endLine = Math.min(lines.length - 1, line + Math.floor(next() * 2));
      const start = { line, character: Math.floor(next() * (lines[line].length + 1)) };
      const end = endLine === line ? start : { line: endLine, character: Math.floor(next() * (lines[endLine].length + 1)) };
      const e = { range: { start, end }, newText: pieces[Math.floor(next() * pieces.length)] };
      text = applyLsp(text, e);
      doc.applyEdit(e.range, e.newText);
      const fresh = parser.parse(text)!;
      assert.deepEqual(shape(layout(doc.parse()!, text, outlines)), shape(layout(fresh, text)), `after edit ${i + 1}: ${JSON.stringify(e)}`);
      fresh.delete();
    }
    // The same text as a class member and at top level: only the top-level one is a class of the outline.
    const twins = 'class A:\n    class B: pass\n    def f(self): pass\n\nclass B: pass\ndef f(self): pass\n';
    const tree = parser.parse(twins)!;
    const lay = layout(tree, twins);
    assert.deepEqual([...lay.classes.values()].map((c) => c.name), ['A', 'B']);
    assert.deepEqual(lay.units.map((u) => [u.name, u.classStart]), [['f', 0], ['f', -1]]);
    tree.delete();
    parser.delete();
    doc.dispose();
  });

  // The same method text in several classes: each copy keeps its own findings (its class decides
  // what `self.lock` is), and adding or removing a copy re-analyzes the copies left.
  it('keeps identical methods of different classes apart', () => {
    const method = ['    def stop(self):', '        self.lock.acquire()', '        self.flush()', '        self.lock.release()', ''];
    const classOf = (name: string, lock: string) => [`class ${name}:`, '    def __init__(self):', `        self.lock = ${lock}`, '', ...method, '    def flush(self):', '        pass', ''];
    let text = ['import threading', '', ...classOf('Locked', 'threading.Lock()'), ...classOf('Plain', 'open("log")'), ...classOf('Again', 'threading.RLock()')].join('\n');
    const doc = openDocument(text);
    const first = doc.analyze(DEFAULT_SETTINGS).findings;
    assert.deepEqual(first.map((f) => f.ruleId), ['CL001', 'CL001'], 'the two lock classes are flagged, the file class is not');
    // Several changes in one notification, analyzed once.
    const check = (...edits: { range: Range; newText: string }[]) => {
      for (const e of edits) {
        text = applyLsp(text, e);
        doc.applyEdit(e.range, e.newText);
      }
      assert.deepEqual(summary(doc.analyze(DEFAULT_SETTINGS).findings), summary(analyze(text, DEFAULT_SETTINGS).findings), JSON.stringify(edits));
    };
    const lines = () => text.split('\n');
    const lineOf = (needle: string, nth = 0) => lines().map((l, i) => [l, i] as const).filter(([l]) => l === needle)[nth][1];
    // An edit in another method: every stop() keeps its findings.
    check({ range: { start: { line: lineOf('        pass'), character: 12 }, end: { line: lineOf('        pass'), character: 12 } }, newText: ' # x' });
    // In one go, a copy leaves the first class and one arrives in the class holding the file: as many
    // copies as before, but not the same ones.
    const plainFlushAt = lineOf('    def flush(self):', 1);
    const lockedStop = lineOf('    def stop(self):');
    check(
      { range: { start: { line: plainFlushAt, character: 0 }, end: { line: plainFlushAt, character: 0 } }, newText: method.join('\n') + '\n' },
      { range: { start: { line: lockedStop, character: 0 }, end: { line: lockedStop + 5, character: 0 } }, newText: '' },
    );
    // The first copy is removed: the copies left move up one place in their group.
    const firstStop = lineOf('    def stop(self):');
    check({ range: { start: { line: firstStop, character: 0 }, end: { line: firstStop + 5, character: 0 } }, newText: '' });
    // A copy comes back into the class that held the file: still not a lock there.
    const plainFlush = lineOf('    def flush(self):', 1);
    check({ range: { start: { line: plainFlush, character: 0 }, end: { line: plainFlush, character: 0 } }, newText: method.join('\n') + '\n' });
    doc.dispose();
  });

  // A keystroke that breaks the syntax changes the file's outline and is analyzed whole; undoing it
  // restores an outline analyzed before, and is analyzed incrementally from what was found then.
  it('analyzes the undo of a syntax-breaking edit incrementally, with what changed meanwhile', () => {
    let text = [
      'import threading',
      '',
      'lock = threading.Lock()',
      '',
      'class Worker:',
      '    def first(self, n):',
      '        if n <= 0:',
      '            raise ValueError(n)',
      '        return n',
      '',
      '    def second(self):',
      '        lock.acquire()',
      '        print("work")',
      '',
      '    def third(self):',
      '        pass',
      '',
      'def helper():',
      '    lock.acquire()',
      '    print("x")',
      '',
    ].join('\n');
    const doc = openDocument(text);
    assert.deepEqual(doc.analyze(DEFAULT_SETTINGS).findings.map((f) => f.range.start.line), [11, 18]);
    const step = (e: { range: Range; newText: string }, expected: 'full' | 'incremental') => {
      text = applyLsp(text, e);
      doc.applyEdit(e.range, e.newText);
      const found = summary(doc.analyze(DEFAULT_SETTINGS).findings);
      assert.equal(doc.lastAnalysis, expected, JSON.stringify(e));
      assert.deepEqual(found, summary(analyze(text, DEFAULT_SETTINGS).findings), JSON.stringify(e));
      return found.length;
    };
    const at = (line: number, character: number) => ({ line, character });
    // An opening parenthesis after a header: the tree's outline changes.
    step({ range: { start: at(5, 23), end: at(5, 23) }, newText: '(' }, 'full');
    // Meanwhile another method gains an unreleased lock.
    step({ range: { start: at(15, 8), end: at(15, 12) }, newText: 'lock.acquire()\n        print("y")' }, 'incremental');
    // The undo: the outline is the first one again; third() is new to that memory and is analyzed.
    assert.equal(step({ range: { start: at(5, 23), end: at(5, 24) }, newText: '' }, 'incremental'), 3);
    // Redo and undo again: both outlines are remembered.
    step({ range: { start: at(5, 23), end: at(5, 23) }, newText: '(' }, 'incremental');
    step({ range: { start: at(5, 23), end: at(5, 24) }, newText: '' }, 'incremental');
    doc.dispose();
  });

  // Blanks after a function's last statement lie outside the function: they are module text, and
  // module text is part of the outline. Blanks at the ends of lines change nothing, and do not count.
  it('analyzes a space typed after the last statement of a function incrementally', () => {
    const others = ['def first(n):', '    m = n + 1', '    return m * 2', '', 'def second(n):', '    m = n - 1', '    return m * 3', ''];
    let text = ['import threading', '', 'lock = threading.Lock()', '', 'def helper():', '    lock.acquire()', '    print("x")', '', ...others].join('\n');
    const doc = openDocument(text);
    assert.deepEqual(doc.analyze(DEFAULT_SETTINGS).findings.map((f) => f.range.start.line), [5]);
    for (const e of [
      { range: { start: { line: 6, character: 14 }, end: { line: 6, character: 14 } }, newText: ' ' },
      { range: { start: { line: 6, character: 15 }, end: { line: 6, character: 15 } }, newText: '\t # done' },
      { range: { start: { line: 6, character: 14 }, end: { line: 6, character: 23 } }, newText: '' },
    ]) {
      text = applyLsp(text, e);
      doc.applyEdit(e.range, e.newText);
      const found = summary(doc.analyze(DEFAULT_SETTINGS).findings);
      assert.equal(doc.lastAnalysis, 'incremental', JSON.stringify(e));
      assert.deepEqual(found, summary(analyze(text, DEFAULT_SETTINGS).findings), JSON.stringify(e));
    }
    doc.dispose();
  });

  // Successive skeletons blank different bodies: the skeleton's tree is edited where pieces changed,
  // several far-apart stretches, and must come out as a fresh parse of the new skeleton would.
  it('edits the skeleton tree piece by piece, as a fresh parse would build it', () => {
    const fn = (i: number, call: string) => `def f${i}(q):\n    while not q.empty():\n        q.${call}\n    return ${i}\n\n\n`;
    const source = (call: string) => `import queue\n\n\n${Array.from({ length: 30 }, (_, i) => fn(i, i === 5 ? call : 'get()')).join('')}`;
    const parser = newPythonParser();
    const skeletonOf = (text: string, ...names: string[]) => {
      const tree = parser.parse(text)!;
      const lay = layout(tree, text);
      tree.delete();
      return skeleton(lay, new Set(lay.units.filter((u) => names.includes(u.name))), text);
    };
    let before = skeletonOf(source('get()'), 'f2', 'f20');
    let old = parser.parse(before.join(''))!;
    const steps = [
      skeletonOf(source('get()'), 'f5', 'f27'),
      skeletonOf(source('get_nowait()'), 'f5', 'f27'),
      skeletonOf(source('get(block=False)'), 'f5', 'f6', 'f27'),
      skeletonOf(source('get(block=False)'), 'f0'),
      skeletonOf(source('get(block=False)'), 'f0', 'f5', 'f29'),
      skeletonOf(source('get(False)'), 'f0', 'f5', 'f29'),
    ];
    for (const after of steps) {
      const edits = skeletonEdits(before.join(''), before, after.join(''), after);
      assert.equal(edits.length, after.filter((p, i) => p !== before[i]).length, 'one edit per differing piece');
      for (const e of edits) old.edit(e);
      const reparsed = parser.parse(after.join(''), old)!;
      const fresh = parser.parse(after.join(''))!;
      const shape = (t: Tree) => t.rootNode.descendantsOfType(['identifier', 'call', 'ellipsis', 'keyword_argument']).map((n) => `${n!.type}@${n!.startIndex}:${n!.startPosition.row}:${n!.startPosition.column}-${n!.endIndex} ${n!.text}`);
      assert.equal(reparsed.rootNode.toString(), fresh.rootNode.toString());
      assert.deepEqual(shape(reparsed), shape(fresh));
      old.delete();
      fresh.delete();
      old = reparsed;
      before = after;
    }
    old.delete();
    parser.delete();
  });

  // An attribute's type comes from the `self.x = ...` assignments of its class, wherever it is read:
  // in a subclass, through an instance, in module-level code.
  describe('attributes read outside the class that assigns them', () => {
    const fillers = Array.from({ length: 12 }, (_, i) => `\n\ndef filler_${i}(a):\n    b = a + 1\n    return b * 2\n`).join('');
    const box = 'import queue\nimport threading\n\n\nclass Box:\n    def __init__(self):\n        self.jobs = queue.Queue()\n';
    const programs: Record<string, string> = {
      'a subclass': `${box}\n\nclass Child(Box):\n    def drain(self, out):\n        while not self.jobs.empty():\n            out.append(self.jobs.get())\n${fillers}`,
      'an instance': `${box}\n\ndef drain(out):\n    b = Box()\n    while not b.jobs.empty():\n        out.append(b.jobs.get())\n${fillers}`,
      'module-level code': `${box}${fillers}\n\nb = Box()\nwhile not b.jobs.empty():\n    print(b.jobs.get())\n`,
    };
    /** Applies each edit (found by the text it replaces), checking the re-analysis against a whole-file analysis. */
    const check = (text: string, edits: [string, string][]) => {
      const doc = openDocument(text);
      assert.deepEqual(doc.analyze(DEFAULT_SETTINGS).findings.map((f) => f.ruleId), ['CL004']);
      for (const [from, to] of edits) {
        const at = text.indexOf(from);
        assert.ok(at >= 0, from);
        const before = text.slice(0, at).split('\n');
        const start = { line: before.length - 1, character: before[before.length - 1].length };
        const range = { start, end: { line: start.line, character: start.character + from.length } };
        text = text.slice(0, at) + to + text.slice(at + from.length);
        doc.applyEdit(range, to);
        const found = summary(doc.analyze(DEFAULT_SETTINGS).findings);
        assert.equal(doc.lastAnalysis, 'incremental', `${from} -> ${to}`);
        assert.deepEqual(found, summary(analyze(text, DEFAULT_SETTINGS).findings), `${from} -> ${to}`);
      }
      doc.dispose();
    };
    for (const [where, text] of Object.entries(programs)) {
      it(`keeps the type of an attribute read in ${where} through edits elsewhere, and follows a change of its assignment`, () => {
        check(text, [
          // An edit in the reader (module-level code: in a function elsewhere).
          where === 'module-level code' ? ['b = a + 1', 'b = a + 2'] : ['.append(', '.append( '],
          // The assignment changes: the reader's finding goes, and comes back.
          ['queue.Queue()', 'list()'],
          ['list()', 'queue.Queue()'],
        ]);
      });
    }
  });

  it('matches a full analysis on one large module made of every fixture, mostly without re-analyzing it all', function () {
    this.timeout(120_000);
    const all = files().map((f) => readFileSync(f, 'utf8')).join('\n\n');
    const incrementalRuns = editAndCompare(all, 20);
    assert.ok(incrementalRuns >= 7, `only ${incrementalRuns} of 20 edits were analyzed incrementally`);
  });
});
