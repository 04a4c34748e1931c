// Text helpers for building fixes: lines, indentation, node ranges in editor positions.
import type { Node } from 'web-tree-sitter';
import type { Range, TextEdit } from '../types';

function lineEndingOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** One level of indentation as the file writes it: that of its first indented line. */
function indentUnitOf(text: string): string {
  const m = /^([ \t]+)[^ \t\r\n\f\v]/m.exec(text);
  if (!m) return '    ';
  return m[1].startsWith('\t') ? '\t' : m[1].length <= 8 ? m[1] : '    ';
}

export class SourceText {
  private split: string[] | undefined;

  constructor(readonly text: string) {}

  /**
   * The text's lines, split when first asked for: only fixes read them, and most analyses (after
   * an edit, one per keystroke) build none.
   */
  get lines(): string[] {
    this.split ??= this.text.split(/\r\n|\r|\n/);
    return this.split;
  }

  /** The line ending the file uses, so inserted lines match it. */
  private lineEnding: string | undefined;

  get eol(): string {
    this.lineEnding ??= lineEndingOf(this.text);
    return this.lineEnding;
  }

  lineText(line: number): string {
    return this.lines[line] ?? '';
  }

  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))![0];
  }

  /** One level of indentation as the file writes it (four spaces when it cannot tell). */
  get indentUnit(): string {
    return indentUnitOf(this.text);
  }

  /**
   * What every fix depends on besides its own lines: the line ending and the indentation unit. An
   * edit anywhere can change them, so findings remembered across edits are valid only while these stay.
   */
  static fileTraits(text: string): string {
    return `${lineEndingOf(text) === '\n' ? 'lf' : 'crlf'} ${JSON.stringify(indentUnitOf(text))}`;
  }

  static range(node: Node): Range {
    return {
      start: { line: node.startPosition.row, character: node.startPosition.column },
      end: { line: node.endPosition.row, character: node.endPosition.column },
    };
  }

  /** Whole lines from the start of `first`'s line through the end of `last`'s line, newline included. */
  lineSpan(firstLine: number, lastLine: number): Range {
    return { start: { line: firstLine, character: 0 }, end: { line: lastLine + 1, character: 0 } };
  }

  /** The text of whole lines [first, last] (no trailing newline). */
  linesText(first: number, last: number): string[] {
    return this.lines.slice(first, last + 1);
  }

  static replace(node: Node, newText: string): TextEdit {
    return { range: SourceText.range(node), newText };
  }

  insertLinesBefore(line: number, newLines: string[]): TextEdit {
    const pos = { line, character: 0 };
    return { range: { start: pos, end: pos }, newText: newLines.map((l) => l + this.eol).join('') };
  }

  /** Replace whole lines [first, last] with new lines. */
  replaceLines(first: number, last: number, newLines: string[]): TextEdit {
    const range =
      last + 1 < this.lines.length
        ? this.lineSpan(first, last)
        : { start: { line: first, character: 0 }, end: { line: last, character: this.lineText(last).length } };
    const tail = last + 1 < this.lines.length ? this.eol : '';
    return { range, newText: newLines.join(this.eol) + tail };
  }

  /** Re-indents lines by adding `extra` to each non-blank line. */
  static indentLines(lines: string[], extra: string): string[] {
    return lines.map((l) => (l.trim() === '' ? l : extra + l));
  }
}

/** The statement node that contains `node` (an expression_statement, assignment statement, ...). */
export function enclosingStatement(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    const p = n.parent;
    if (p && (p.type === 'block' || p.type === 'module')) return n;
  }
  return undefined;
}
