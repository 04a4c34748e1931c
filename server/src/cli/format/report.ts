// What one CLI run found, in the shape every output format reads.
import path from 'node:path';
import type { Finding } from '../../engine';
import type { FileResult } from '../analyzeFile';

export interface FileFindings {
  /** Absolute path. */
  file: string;
  /** Path shown to the user: relative to the current folder when inside it. */
  display: string;
  findings: Finding[];
  lines: Record<number, string>;
}

export interface SkippedFile {
  display: string;
  reason: string;
}

export interface Report {
  cwd: string;
  /** Files with findings, sorted by path; findings sorted by position. */
  files: FileFindings[];
  /** Number of files analyzed. */
  checked: number;
  skipped: SkippedFile[];
  /** Files whose analysis threw. */
  errors: { display: string; message: string }[];
  toolVersion: string;
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function byPosition(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

/** Orders everything by path, then position, so the output is the same whatever the number of jobs. */
export function buildReport(results: readonly FileResult[], skippedBeforeAnalysis: readonly { path: string; reason: string }[], cwd: string, toolVersion: string): Report {
  const sorted = [...results].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const report: Report = { cwd, files: [], checked: 0, skipped: [], errors: [], toolVersion };
  for (const s of skippedBeforeAnalysis) report.skipped.push({ display: displayPath(s.path, cwd), reason: s.reason });
  for (const r of sorted) {
    const display = displayPath(r.file, cwd);
    if (r.error) report.errors.push({ display, message: r.error });
    else if (r.skipped) report.skipped.push({ display, reason: r.skipped });
    else {
      report.checked++;
      if (r.findings.length > 0) report.files.push({ file: r.file, display, findings: [...r.findings].sort(byPosition), lines: r.lines });
    }
  }
  report.skipped.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return report;
}

export function findingCount(report: Report): number {
  return report.files.reduce((n, f) => n + f.findings.length, 0);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
