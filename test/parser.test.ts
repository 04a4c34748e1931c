// The parser reads the text in chunks of 5,119 UTF-16 units, which the loader copies into the
// wasm itself (parser.ts, fastInput). Chunk boundaries fall inside names, strings and surrogate
// pairs; the tree must be the one the text says, fresh and after edits.
import { strict as assert } from 'node:assert';
import type { Node, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import { initEngine } from '../server/src/engine';
import { newPythonParser } from '../server/src/engine/python/parser';

const CHUNK = 5119;

/** Python text of about `units` UTF-16 units: assignments whose names and strings hold non-ASCII characters. */
function source(units: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < units; i++) {
    // Names of varying length shift every later line, so chunk ends land on every kind of character.
    const line = `nàme_${i}_${'x'.repeat(i % 7)} = "中文 ${i} 😀 ${'é'.repeat(i % 5)}"  # 注 ${i}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('');
}

function identifiers(tree: Tree): Node[] {
  return tree.rootNode.descendantsOfType('identifier').filter((n): n is Node => n !== null);
}

function assertReadsText(tree: Tree, text: string): void {
  assert.equal(tree.rootNode.hasError, false, 'the tree has a syntax error');
  assert.equal(tree.rootNode.endIndex, text.length);
  const names = identifiers(tree);
  const expected = [...text.matchAll(/^(nàme_\d+_x*) =/gm)].map((m) => m[1]);
  assert.deepEqual(
    names.map((n) => n.text),
    expected,
  );
  for (const n of names) assert.equal(text.slice(n.startIndex, n.endIndex), n.text);
  for (const s of tree.rootNode.descendantsOfType('string')) assert.ok(s && text.slice(s.startIndex, s.endIndex).startsWith('"中文'));
}

describe('the parser reading text in chunks', () => {
  before(async () => {
    await initEngine();
  });

  it('parses a text of many chunks with multi-unit characters across their ends', () => {
    // A comment line first moves a surrogate pair onto a chunk's end (chunks start where the last one ended).
    const base = source(12 * CHUNK);
    const pair = base.slice(CHUNK).search(/[\ud800-\udbff]/) + CHUNK;
    let pad = (((CHUNK - 1 - pair) % CHUNK) + CHUNK) % CHUNK;
    if (pad < 2) pad += CHUNK;
    const text = `#${'-'.repeat(pad - 2)}\n${base}`;
    const at = pair + pad;
    assert.equal((at + 1) % CHUNK, 0);
    assert.match(text[at], /[\ud800-\udbff]/);
    const parser = newPythonParser();
    try {
      const tree = parser.parse(text)!;
      assertReadsText(tree, text);
      tree.delete();
    } finally {
      parser.delete();
    }
  });

  it('re-parses after edits in the middle of a chunk and at its end as a fresh parse does', () => {
    let text = source(6 * CHUNK);
    const parser = newPythonParser();
    let tree = parser.parse(text)!;
    try {
      for (const at of [CHUNK - 3, 2 * CHUNK + 100, 4 * CHUNK - 1]) {
        // Insert a new assignment line at the start of the line holding `at`.
        const lineStart = text.lastIndexOf('\n', at) + 1;
        const inserted = `nàme_new${at}_ = "中文 😀"\n`;
        const row = text.slice(0, lineStart).split('\n').length - 1;
        text = text.slice(0, lineStart) + inserted + text.slice(lineStart);
        tree.edit(
          new Edit({
            startIndex: lineStart,
            oldEndIndex: lineStart,
            newEndIndex: lineStart + inserted.length,
            startPosition: { row, column: 0 },
            oldEndPosition: { row, column: 0 },
            newEndPosition: { row: row + 1, column: 0 },
          }),
        );
        const next = parser.parse(text, tree)!;
        tree.delete();
        tree = next;
        const fresh = parser.parse(text)!;
        try {
          assert.equal(tree.rootNode.toString(), fresh.rootNode.toString());
          assert.deepEqual(
            identifiers(tree).map((n) => [n.startIndex, n.text]),
            identifiers(fresh).map((n) => [n.startIndex, n.text]),
          );
          assert.ok(identifiers(tree).some((n) => n.text === `nàme_new${at}_`));
        } finally {
          fresh.delete();
        }
      }
    } finally {
      tree.delete();
      parser.delete();
    }
  });

  it('reads the text a callback gives, chunk by chunk, until it gives nothing', () => {
    const text = source(3 * CHUNK);
    const parser = newPythonParser();
    try {
      // Short pieces: each read returns at most 100 units, then undefined past the end.
      const tree = parser.parse((index) => (index < text.length ? text.slice(index, index + 100) : undefined))!;
      assertReadsText(tree, text);
      tree.delete();
    } finally {
      parser.delete();
    }
  });
});
