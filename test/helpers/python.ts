// Shared by the rule and fix tests: analyze text with every rule at its default severity, read
// `# expect:` annotations, apply fixes the way an editor applies a WorkspaceEdit.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, DEFAULT_SETTINGS, initEngine } from '../../server/src/engine';
import type { AnalysisOptions, Finding, LintSettings, TextEdit } from '../../server/src/engine';

export { initEngine };

/** `options.findingsOnly`: as the CLI analyzes, leaving out the bodies of quiet functions. */
export function lint(text: string, settings: Partial<LintSettings> = {}, options: AnalysisOptions = {}): Finding[] {
  const result = analyze(text, { ...DEFAULT_SETTINGS, ...settings }, options);
  if (result.skipped) throw new Error(`analysis skipped: ${result.skipped}`);
  return result.findings;
}

/** `# expect: CL001` or `# expect: CL001, CL010` on a line: (1-based line, rule id) pairs. */
export function expectations(text: string): string[] {
  const out: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = /#\s*expect:\s*([A-Z0-9, ]+)/.exec(line);
    if (m) for (const id of m[1].split(/[ ,]+/).filter(Boolean)) out.push(`${i + 1}:${id}`);
  });
  return out.sort();
}

/** `# ok: CL001` marks a negative case: code that looks like the smell but must not be flagged. */
export function negatives(text: string, ruleId: string): number {
  return text.split(/\r\n|\r|\n/).filter((l) => new RegExp(`#\\s*ok:.*\\b${ruleId}\\b`).test(l)).length;
}

export function found(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`).sort();
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const doc = TextDocument.create('file:///fixture.py', 'python', 1, text);
  return TextDocument.applyEdits(doc, edits);
}
