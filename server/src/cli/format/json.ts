// Machine-readable output: one object with every finding (1-based lines and columns), the skipped
// files and a summary. Columns count UTF-16 code units, as editors do.
import type { Range } from '../../engine';
import { findingCount, type Report } from './report';

interface JsonPosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function position(range: Range): JsonPosition {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function formatJson(report: Report): string {
  const findings = report.files.flatMap((file) =>
    file.findings.map((f) => ({
      file: file.display,
      ruleId: f.ruleId,
      ruleName: f.ruleName,
      severity: f.severity,
      ...position(f.range),
      message: f.message,
      related: f.related.map((r) => ({ file: file.display, ...position(r.range), message: r.message })),
      fixes: f.fixes.length,
    })),
  );
  const document = {
    version: report.toolVersion,
    findings,
    skipped: report.skipped.map((s) => ({ file: s.display, reason: s.reason })),
    errors: report.errors.map((e) => ({ file: e.display, message: e.message.split('\n')[0] })),
    summary: {
      findings: findingCount(report),
      filesChecked: report.checked,
      filesWithFindings: report.files.length,
      filesSkipped: report.skipped.length,
      filesFailed: report.errors.length,
    },
  };
  return JSON.stringify(document, null, 2) + '\n';
}
