// One file from disk to findings: Python files are read, decoded and analyzed on their own;
// TypeScript/JavaScript files go to one TsAnalyzer per thread, which reads them through their project.
// Runs in the main thread or in a worker; the result is plain data so it can cross a worker boundary.
import { readFileSync } from 'node:fs';
import { analyze, isTsAnalyzable, loadTsEngine, type Finding, type LintSettings } from '../engine';
import type { TsAnalyzer } from '../engine/ts';
import { readSource, whyNotReadable } from './read';

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
  /** Problems that did not stop the analysis (bad encoding, a tsconfig that could not be used). */
  notes: string[];
  /** An exception escaped the analyzer: a bug to report, exit code 2. */
  error?: string;
}

/**
 * Analyzes files of every language with one set of settings. The TypeScript engine is loaded with
 * the first TS/JS file, so a Python-only run never pays for the compiler.
 */
export class FileAnalyzer {
  private tsAnalyzer: TsAnalyzer | undefined;

  constructor(
    private readonly settings: LintSettings,
    /** The tsconfig/jsconfig for every TS/JS file (--project); otherwise the nearest one per file. */
    private readonly tsProject?: string,
  ) {}

  analyze(file: string): FileResult {
    const result: FileResult = { file, findings: [], lines: {}, notes: [] };
    try {
      return isTsAnalyzable(file) ? this.analyzeTs(result) : this.analyzePython(result);
    } catch (e) {
      const error = e as Error;
      return { ...result, error: error.stack ?? error.message };
    }
  }

  dispose(): void {
    this.tsAnalyzer?.dispose();
    this.tsAnalyzer = undefined;
  }

  private analyzePython(result: FileResult): FileResult {
    const source = readSource(result.file);
    if ('skipped' in source) return { ...result, skipped: source.skipped };
    result.notes = source.notes;
    const analysis = analyze(source.text, this.settings, { budgetMs: CLI_BUDGET_MS, findingsOnly: true });
    if (analysis.skipped) return { ...result, skipped: analysis.skipped };
    result.findings = analysis.findings;
    if (analysis.findings.length > 0) result.lines = findingLines(source.text, analysis.findings, PYTHON_LINE_BREAK);
    return result;
  }

  private analyzeTs(result: FileResult): FileResult {
    const unreadable = whyNotReadable(result.file);
    if (unreadable) return { ...result, skipped: unreadable };
    this.tsAnalyzer ??= new (loadTsEngine().TsAnalyzer)({ project: this.tsProject });
    const analysis = this.tsAnalyzer.analyze(result.file, this.settings, { budgetMs: CLI_BUDGET_MS });
    result.notes = analysis.notes;
    if (analysis.skipped) return { ...result, skipped: analysis.skipped };
    result.findings = analysis.findings;
    // The analyzer read the file as UTF-8 (without a byte order mark); the code frames read it the same way.
    if (analysis.findings.length > 0) result.lines = findingLines(readFileSync(result.file, 'utf8').replace(/^\uFEFF/, ''), analysis.findings, TS_LINE_BREAK);
    return result;
  }
}

/** One file, one analysis: for callers that do not keep a FileAnalyzer. */
export function analyzeFile(file: string, settings: LintSettings): FileResult {
  const analyzer = new FileAnalyzer(settings);
  try {
    return analyzer.analyze(file);
  } finally {
    analyzer.dispose();
  }
}

/** tree-sitter counts rows at "\n" (a "\r" before it belongs to the line ending). */
const PYTHON_LINE_BREAK = /\r?\n/;
/** TypeScript also ends lines at a lone "\r" and at U+2028/U+2029. */
const TS_LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** The text of each line a finding starts on. */
function findingLines(text: string, findings: readonly Finding[], lineBreak: RegExp): Record<number, string> {
  const all = text.split(lineBreak);
  const lines: Record<number, string> = {};
  for (const f of findings) {
    const line = f.range.start.line;
    lines[line] = (all[line] ?? '').replace(/\r$/, '');
  }
  return lines;
}
