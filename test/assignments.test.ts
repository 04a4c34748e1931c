// The bindings of plain `name = value` assignments, read from the source text (collect's quick path),
// must be those the tree gives, for every assignment form the text reading has to tell apart.
import { strict as assert } from 'node:assert';
import { initEngine } from '../server/src/engine';
import { collect } from '../server/src/engine/python/model/collect';
import type { Scope } from '../server/src/engine/python/model/scopes';
import { newPythonParser } from '../server/src/engine/python/parser';

const FORMS = [
  'x = 1',
  'a = b = threading.Lock()',
  'n: int = 1',
  'self_x = self.x = 2',
  'p, q = 1, 2',
  'r[0] = 1',
  's == 1',
  't  =  Queue()',
  'match = 1',
  'ñ = 1',
  'u = (\n    1)',
  'v = lambda: (w := 3)',
  'class C:\n    lock = threading.RLock()\n    def m(self):\n        e = threading.Event()\n        self.q = e',
  'for i in range(3):\n    j = i',
  'with open(f) as g:\n    h = g',
];

/** Lines that do not parse: an assignment holding an error is read from the tree. */
const BROKEN = ['k = (', 'l = = 1', 'm = 1)', 'o: = 2', 'def w(:\n    z = 1'];

/** Every binding of every scope: name, kind, and where its name and value nodes are (ids differ between parses). */
function bindings(text: string, source: string): string[] {
  const tree = newPythonParser().parse(text)!;
  try {
    const c = collect(tree, new Set(['call']), Infinity, source);
    const scopes: Scope[] = [c.moduleScope, ...c.functions.map((f) => f.scope), ...c.classes.map((k) => k.scope)];
    return scopes.flatMap((s) => [...s.bindings].flatMap(([name, list]) => list.map((b) => `${name} ${b.kind} ${b.name.startIndex}-${b.name.endIndex}:${b.name.text} ${b.value?.startIndex}-${b.value?.endIndex}:${b.value?.text}`)));
  } finally {
    tree.delete();
  }
}

describe('plain assignments read from the text', () => {
  before(initEngine);

  for (const [label, lines] of [['valid code', FORMS], ['code with syntax errors', [...FORMS, ...BROKEN]]] as const) {
    it(`bind what the tree binds (${label})`, () => {
      const text = `import threading\n${lines.join('\n')}\n`;
      // An empty source never matches: every assignment is read from the tree.
      const fromTree = bindings(text, '');
      assert.deepEqual(bindings(text, text), fromTree);
      assert.ok(fromTree.length >= 15, fromTree.join('\n'));
    });
  }
});
