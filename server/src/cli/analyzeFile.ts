// One file from disk to findings: read, decode, analyze. Runs in the main thread or in a worker;
// the result is plain data so it can cross a worker boundary.
import { analyze, type Finding, type LintSettings } from '../engine';
import { readSource } from './read';

/** Per-file time budget: a pathological file is skipped rather than stalling a CI run. */
export const CLI_BUDGET_MS = 10_000;

export interface FileResult {
  /** Absolute path. */
  file: string;
  findings: Finding[];
  /** Text of the lines findings start on (0-based line -> text), for code frames. */
  lines: Record<number, string>;
  /** Why the file was not analyzed. */
  skipped?: string;
  /** Problems that did not stop the analysis (bad encoding). */
  notes: string[];
  /** An exception escaped the analyzer: a bug to report, exit code 2. */
  error?: string;
}

export function analyzeFile(file: string, settings: LintSettings): FileResult {
  const result: FileResult = { file, findings: [], lines: {}, notes: [] };
  try {
    const source = readSource(file);
    if ('skipped' in source) return { ...result, skipped: source.skipped };
    result.notes = source.notes;
    const analysis = analyze(source.text, settings, { budgetMs: CLI_BUDGET_MS });
    if (analysis.skipped) return { ...result, skipped: analysis.skipped };
    result.findings = analysis.findings;
    if (analysis.findings.length > 0) {
      // tree-sitter counts rows at "\n"; a "\r" before it belongs to the line ending.
      const all = source.text.split('\n');
      for (const f of analysis.findings) {
        const line = f.range.start.line;
        result.lines[line] = (all[line] ?? '').replace(/\r$/, '');
      }
    }
    return result;
  } catch (e) {
    const error = e as Error;
    return { ...result, error: error.stack ?? error.message };
  }
}
