// What a call calls, read from the source text (calleeOf's quick path) must be what the tree says,
// for every call form the text reading has to tell apart.
import { strict as assert } from 'node:assert';
import type { Node } from 'web-tree-sitter';
import { initEngine } from '../server/src/engine';
import { calleeOf, clearCallees, readCallees } from '../server/src/engine/python/model/callee';
import { newPythonParser } from '../server/src/engine/python/parser';

const FORMS = [
  'f(x)',
  'a.b.c(x)',
  'a . b (x)',
  'g(a.\n  b(1),\n  c\n  .d(2))',
  'a(b)(c)',
  'a(b)(c)(d)',
  'a.b(c).d(e)',
  'a.b(c)[0](d)',
  'x[0].m(1)',
  '(f)(x)',
  '(a or b).acquire()',
  'g(a.  # note\n  b(1))',
  'await lock.acquire()',
  'not q.empty()',
  '@app.route("/")\ndef h(): pass',
  'print(x)',
  'exec(code)',
  'match(x)',
  'type(x)',
  'lambda: f(x)',
  'f(y for y in z)',
  'ñame.ñ(x)',
  'a.b(\n)',
  '"".join(x)',
  'a \\\n  .b(x)',
];

function describeCallee(call: Node): string {
  const c = calleeOf(call);
  return c ? `${c.name}|${c.isMethod}|${c.node.id}|${c.attribute?.id}` : 'none';
}

/** Lines that do not parse, between calls: a call holding an error is read from the tree, the others from the text. */
const BROKEN = [
  'f(a.b(',
  'x = lock.acquire()) + q.get(',
  'if g(h ::',
  'a.(x)',
  'a b.c(x)',
  'pool.map(f, [1, 2',
  'def w(:\n    t.start()',
  'self.lock.acquire(',
];

/**
 * Parses `text`, reads every call's callee from the tree, then from the text, and holds the two to be
 * equal; `check` sees the calls while the tree lives.
 */
function readBothWays(text: string, hasError: boolean, check: (calls: Node[]) => void): void {
  const tree = newPythonParser().parse(text)!;
  try {
    assert.equal(tree.rootNode.hasError, hasError);
    const calls = tree.rootNode.descendantsOfType('call').map((node) => ({ node: node! }));
    const fromTree = calls.map(({ node }) => describeCallee(node));
    clearCallees();
    readCallees(text, calls, !hasError);
    assert.deepEqual(calls.map(({ node }) => describeCallee(node)), fromTree);
    check(calls.map(({ node }) => node));
  } finally {
    tree.delete();
  }
}

describe('callee names read from the text', () => {
  before(initEngine);
  afterEach(clearCallees);

  it('match the tree in a text with syntax errors, calls with and without an error inside', () => {
    readBothWays([FORMS[1], ...BROKEN, FORMS[5], FORMS[6]].join('\n') + '\n', true, (calls) => {
      assert.ok(calls.some((c) => c.hasError) && calls.some((c) => !c.hasError));
    });
  });

  for (const eol of ['\n', '\r\n']) {
    it(`match the tree for every call form (${eol === '\n' ? 'LF' : 'CRLF'} line ends)`, () => {
      readBothWays(FORMS.join('\n').replace(/\n/g, eol) + eol, false, (calls) => {
        assert.ok(calls.length >= FORMS.length, `${calls.length} calls`);
      });
    });
  }
});
