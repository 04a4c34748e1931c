// "Fix all": applies every safe fix, then analyzes the result again, because one fix can expose
// or shape the next (a rewritten acquire/release reveals the next one in the same function).
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver';
import type { Finding } from '../engine';

export const MAX_FIX_ROUNDS = 5;

interface Span {
  start: number;
  end: number;
}

/** Edits that touch or overlap are not applied in the same round: their order would be ambiguous. */
function conflicts(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The safe fixes of `findings` that do not collide with one another, as one list of edits. */
export function compatibleSafeEdits(findings: readonly Finding[], document: TextDocument): TextEdit[] {
  const taken: Span[] = [];
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.safe);
    if (!fix || fix.edits.length === 0) continue;
    const spans = fix.edits.map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end) }));
    if (spans.some((s) => taken.some((t) => conflicts(s, t)))) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
  }
  return edits;
}

/**
 * Applies safe fixes round after round until nothing changes (at most MAX_FIX_ROUNDS) and returns
 * the final text. `findingsOf` analyzes a text; it returns undefined when the text cannot be analyzed.
 */
export function applySafeFixes(text: string, findingsOf: (text: string) => readonly Finding[] | undefined): string {
  let current = text;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const findings = findingsOf(current);
    if (!findings) break;
    const document = TextDocument.create('memory://fix-all', 'text', 0, current);
    const edits = compatibleSafeEdits(findings, document);
    if (edits.length === 0) break;
    const next = TextDocument.applyEdits(document, edits);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** One edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function replacementEdit(before: TextDocument, after: string): TextEdit | undefined {
  const old = before.getText();
  if (old === after) return undefined;
  let prefix = 0;
  const limit = Math.min(old.length, after.length);
  while (prefix < limit && old.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    old.charCodeAt(old.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  // Never cut a CRLF or a surrogate pair in two: a position inside one does not exist in the editor.
  while (prefix > 0 && splitsUnit(old, prefix)) prefix--;
  while (suffix > 0 && splitsUnit(old, old.length - suffix)) suffix--;
  return {
    range: { start: before.positionAt(prefix), end: before.positionAt(old.length - suffix) },
    newText: after.slice(prefix, after.length - suffix),
  };
}

function splitsUnit(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return (before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}
