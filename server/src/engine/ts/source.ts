// Text helpers for TS/JS: node ranges in editor positions (0-based line, UTF-16 column), lines and
// indentation for building fixes.
import ts from 'typescript';
import type { Range, TextEdit } from '../types';

export class TsSource {
  private splitLines: string[] | undefined;

  constructor(readonly file: ts.SourceFile) {}

  /** The file's lines, split when first asked for (only fixes and suppression comments need them). */
  get lines(): string[] {
    this.splitLines ??= this.file.text.split(/\r\n|\r|\n/);
    return this.splitLines;
  }

  get text(): string {
    return this.file.text;
  }

  get eol(): string {
    return /\r\n/.test(this.file.text) ? '\r\n' : '\n';
  }

  lineText(line: number): string {
    return this.lines[line] ?? '';
  }

  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))![0];
  }

  /** One level of indentation as the file writes it (two spaces when it cannot tell). */
  get indentUnit(): string {
    for (const l of this.lines) {
      const m = /^([ \t]+)\S/.exec(l);
      if (m) return m[1].startsWith('\t') ? '\t' : m[1].length <= 8 ? m[1] : '  ';
    }
    return '  ';
  }

  lineOf(node: ts.Node): number {
    return this.file.getLineAndCharacterOfPosition(node.getStart(this.file)).line;
  }

  range(node: ts.Node): Range {
    return this.rangeOf(node.getStart(this.file), node.getEnd());
  }

  rangeOf(start: number, end: number): Range {
    const s = this.file.getLineAndCharacterOfPosition(start);
    const e = this.file.getLineAndCharacterOfPosition(end);
    return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
  }

  /** Replaces whole lines [first, last] with `newLines` (each without line ending). */
  replaceLines(first: number, last: number, newLines: string[]): TextEdit {
    const end = last + 1 < this.lines.length ? { line: last + 1, character: 0 } : { line: last, character: this.lineText(last).length };
    const tail = last + 1 < this.lines.length ? this.eol : '';
    return { range: { start: { line: first, character: 0 }, end }, newText: newLines.join(this.eol) + tail };
  }

  /** Whether the node starts its line and ends its line (nothing else shares them). */
  aloneOnItsLines(node: ts.Node): boolean {
    const r = this.range(node);
    return this.lineText(r.start.line).slice(0, r.start.character).trim() === '' && this.lineText(r.end.line).slice(r.end.character).trim() === '';
  }

  /** Re-indents lines [first, last] by adding `extra` in front of each non-empty line. */
  indented(first: number, last: number, extra: string): string[] {
    const out: string[] = [];
    for (let i = first; i <= last; i++) out.push(this.lineText(i).trim() === '' ? '' : extra + this.lineText(i));
    return out;
  }
}
