// Code actions for a document's findings: each rule's quick fixes, "Suppress CLxxx on this line",
// "Show documentation for CLxxx", and the source.fixAll action that editor.codeActionsOnSave runs.
import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Finding, Fix } from '../engine';
import { findingFor } from './diagnostics';
import type { OpenDocument } from './documents';
import { replacementEdit } from './fixAll';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.concurrency-lint`;
export const SHOW_DOCUMENTATION_COMMAND = 'concurrencyLint.showDocumentation';

/** Whether a request's `only` filter admits actions of `kind` (kinds are hierarchical: `source` ⊃ `source.fixAll`). */
export function admits(only: readonly string[] | undefined, kind: string, whenUnfiltered: boolean): boolean {
  if (!only) return whenUnfiltered;
  return only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export interface EditTarget {
  uri: string;
  version: number;
  /** Whether the client accepts versioned documentChanges (it then refuses edits to a newer text). */
  versioned: boolean;
}

export function workspaceEdit(target: EditTarget, edits: TextEdit[]): WorkspaceEdit {
  return target.versioned
    ? { documentChanges: [{ textDocument: { uri: target.uri, version: target.version }, edits }] }
    : { changes: { [target.uri]: edits } };
}

/** Quick fixes, suppression and documentation for the client's diagnostics of this document. */
export function quickFixes(
  document: OpenDocument,
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  target: EditTarget,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressions: CodeAction[] = [];
  const documentation = new Map<string, CodeAction>();
  const suppressed = new Set<string>();
  for (const diagnostic of diagnostics) {
    const finding = findingFor(diagnostic, findings);
    if (!finding) continue;
    for (const fix of finding.fixes) actions.push(fixAction(fix, diagnostic, target));

    const lineKey = `${finding.ruleId}:${finding.range.start.line}`;
    if (!suppressed.has(lineKey)) {
      suppressed.add(lineKey);
      suppressions.push(fixAction(document.suppressionFix(finding), diagnostic, target));
    }
    if (!documentation.has(finding.ruleId)) {
      const title = `Show documentation for ${finding.ruleId}`;
      documentation.set(finding.ruleId, {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [finding.ruleId] },
      });
    }
  }
  // Real fixes first, then the escape hatches, as a reader of the light bulb menu expects.
  return [...actions, ...suppressions, ...documentation.values()];
}

function fixAction(fix: Fix, diagnostic: Diagnostic, target: EditTarget): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.safe || undefined,
    edit: workspaceEdit(target, fix.edits),
  };
}

/** The fix-all action, or undefined when no safe fix changes the text. */
export function fixAllAction(document: OpenDocument, fixedText: string, target: EditTarget): CodeAction | undefined {
  const edit = replacementEdit(document.textDocument, fixedText);
  if (!edit) return undefined;
  return { title: 'Fix all safe Concurrency Lint problems', kind: FIX_ALL_KIND, edit: workspaceEdit(target, [edit]) };
}
