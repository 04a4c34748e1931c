// Shared by the TS/JS rule, fix and project tests: one analyzer per test file (a LanguageService is
// slow to warm), `// expect:` / `// ok:` annotations, edits applied as an editor applies them.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS } from '../../server/src/engine';
import type { Finding, LintSettings, TextEdit } from '../../server/src/engine';
import { TsAnalyzer } from '../../server/src/engine/ts';

export function lintFile(analyzer: TsAnalyzer, file: string, settings: Partial<LintSettings> = {}): Finding[] {
  const result = analyzer.analyze(file, { ...DEFAULT_SETTINGS, ...settings });
  if (result.skipped) throw new Error(`analysis skipped: ${result.skipped}`);
  return result.findings;
}

/** `// expect: CL001` or `// expect: CL001, CL016` on a line: (1-based line, rule id) pairs. */
export function expectations(text: string): string[] {
  const out: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = /\/\/\s*expect:\s*([A-Z0-9, ]+)/.exec(line);
    if (m) for (const id of m[1].split(/[ ,]+/).filter(Boolean)) out.push(`${i + 1}:${id}`);
  });
  return out.sort();
}

/** `// ok: CL001 (why)` marks code that looks like the smell but must not be flagged. */
export function negatives(text: string, ruleId: string): number {
  return text.split(/\r\n|\r|\n/).filter((l) => new RegExp(`//\\s*ok:.*\\b${ruleId}\\b`).test(l)).length;
}

export function found(findings: Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`).sort();
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///fixture.ts', 'typescript', 1, text), edits);
}

let shared: TsAnalyzer | undefined;

/** One analyzer for every TS test file: the default library and @types/node are parsed once. */
export function sharedAnalyzer(): TsAnalyzer {
  shared ??= new TsAnalyzer();
  return shared;
}
