// Findings as LSP diagnostics: source, rule id as code, a link to the rule's page, related places.
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { ruleDocsUrl } from '../engine';
import type { Finding, Severity } from '../engine';

export const DIAGNOSTIC_SOURCE = 'concurrency-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    message: finding.message,
    relatedInformation: finding.related.map((r) => ({ location: { uri, range: r.range }, message: r.message })),
  };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The finding a client's diagnostic stands for: same rule and range, or same rule on the same line. */
export function findingFor(diagnostic: Diagnostic, findings: readonly Finding[]): Finding | undefined {
  // Some clients send back only part of a diagnostic; a missing source is not someone else's.
  if (diagnostic.source !== undefined && diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const ofRule = findings.filter((f) => f.ruleId === diagnostic.code);
  return (
    ofRule.find((f) => sameRange(f.range, diagnostic.range)) ??
    ofRule.find((f) => f.range.start.line === diagnostic.range.start.line)
  );
}
