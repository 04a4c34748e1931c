// The scanner reads a file's functions and methods from its text (scan.ts): it must find the units
// a parse finds (incremental.ts, layout), or give up.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { layout, type Layout, type Unit } from '../server/src/engine/python/incremental';
import { newPythonParser } from '../server/src/engine/python/parser';
import { logicalLines, scanLayout } from '../server/src/engine/python/scan';
import { initEngine } from './helpers/python';

const repo = path.join(__dirname, '..');

/** Every Python file the repository holds: fixtures, fix cases, examples. */
function pythonFiles(): string[] {
  return execFileSync('git', ['ls-files', '*.py'], { cwd: repo, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => path.join(repo, f));
}

/** What both must agree on: a unit's name, first row, the row its body starts on, and whether it is a method. */
function shape(units: Unit[], oneLiners: ReadonlySet<Unit> = new Set()): string[] {
  return units.map((u) => `${u.name} from ${u.startRow} body ${oneLiners.has(u) ? '-' : u.bodyStartRow}${u.classStart >= 0 ? ' method' : ''}`);
}

function parsed(text: string): Layout {
  const tree = newPythonParser().parse(text)!;
  assert.equal(tree.rootNode.hasError, false, 'the test text must parse');
  return layout(tree, text);
}

/** Units scanned and parsed, compared; the scanned unit ends where the parsed one does, or before its trailing comments. */
function assertSameUnits(text: string): void {
  const scanned = scanLayout(text);
  assert.ok(scanned, 'the scanner gave up');
  const tree = parsed(text);
  const oneLiners = new Set(tree.units.filter((u, i) => scanned.oneLiners.has(scanned.units[i])));
  assert.deepEqual(shape(scanned.units, scanned.oneLiners), shape(tree.units, oneLiners));
  const lines = text.split('\n');
  scanned.units.forEach((u, i) => {
    const end = tree.units[i].endRow;
    assert.ok(u.endRow <= end, `${u.name} ends at row ${u.endRow}, after the parse's ${end}`);
    for (let row = u.endRow + 1; row <= end; row++) assert.match(lines[row], /^\s*(#.*)?$/, `${u.name}: row ${row} is not a trailing comment`);
  });
  assert.deepEqual(
    [...scanned.classes.values()].map((c) => c.name),
    [...tree.classes.values()].map((c) => c.name),
  );
}

describe('Scanning a Python file for its functions', () => {
  before(initEngine);

  it('finds the units a parse finds in every Python file of the repository', () => {
    let scanned = 0;
    for (const file of pythonFiles()) {
      const text = readFileSync(file, 'utf8');
      if (!scanLayout(text) || newPythonParser().parse(text)!.rootNode.hasError) continue;
      scanned++;
      try {
        assertSameUnits(text);
      } catch (e) {
        throw new Error(`${path.relative(repo, file)}: ${(e as Error).message}`, { cause: e });
      }
    }
    assert.ok(scanned >= 100, `only ${scanned} files scanned`);
  });

  it('does not take what strings, comments and brackets hold for statements', () => {
    assertSameUnits(
      [
        'import threading',
        'DOC = """',
        'def not_a_function():',
        '    pass',
        '"""',
        "PATTERN = r'\\'def x(): # ('",
        'TABLE = {',
        "    'a': 1,  # def y():",
        '}',
        'def first(a,',
        '          b=(1,',
        '2)):',
        '    text = """',
        'class NotAClass:',
        '"""',
        '    return a \\',
        '        + b',
        '# a comment at column 0 inside nothing',
        '@decorator(',
        '    arg=1)',
        '@other',
        'async def second():',
        "    s = f'{x}{{literal}}' + f\"{y['k']}\"",
        '    await s',
        'class Outer(Base, metaclass=Meta):',
        '    x = 1',
        '    @property',
        '    def value(self):',
        '        return self._v',
        '    class Inner:',
        '        def hidden(self):',
        '            pass',
        '    async def run(self): return 1',
        '    if x:',
        '        def conditional(self):',
        '            pass',
        'if True:',
        '    def nested_in_if():',
        '        pass',
        'def last(): pass',
        '',
      ].join('\n'),
    );
  });

  it('reads CRLF files, with a unit ending before the carriage return', () => {
    const text = 'import threading\r\n\r\ndef f():\r\n    return 1\r\n\r\nclass C:\r\n    def m(self):\r\n        pass\r\n';
    assertSameUnits(text);
    const f = scanLayout(text)!.units[0];
    assert.equal(text.slice(f.startIndex, f.endIndex), 'def f():\r\n    return 1');
  });

  it('gives up on what it cannot be sure of', () => {
    const cases: Record<string, string> = {
      'a tab in an indentation': 'def f():\n\treturn 1\n',
      'a form feed in an indentation': 'def f():\n\f    return 1\n',
      'a lone carriage return': 'def f():\r    return 1\n',
      'an f-string that nests its own quote': 'def f(d):\n    return f"{d["k"]}"\n',
      'an unclosed bracket': 'def f():\n    return (1,\n',
      'a closing bracket too many': 'x = 1)\n',
      'an unterminated string': "def f():\n    return 'abc\n",
      'an unterminated triple-quoted string': 'def f():\n    """doc\n',
      'a backslash outside a string, not at the end of a line': 'x = 1 \\ 2\n',
      'a byte order mark': '\ufeffdef f():\n    pass\n',
    };
    for (const [what, text] of Object.entries(cases)) assert.equal(logicalLines(text), undefined, what);
  });

  it('reads tabs and form feeds on blank lines, which indent nothing', () => {
    assertSameUnits('def f():\n    x = 1\n\t\n\f\n    return x\n');
  });
});
