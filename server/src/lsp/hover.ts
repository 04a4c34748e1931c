// Hover on a flagged range: what goes wrong (the rule's summary) and a link to the rule's page.
import type { Hover, Position, Range } from 'vscode-languageserver';
import { ruleDocsUrl, ruleSummaryFor } from '../engine';
import type { Finding } from '../engine';

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** `language`: the document's, so a TS/JS finding is summed up in Node terms. */
export function hoverFor(findings: readonly Finding[], position: Position, language: 'python' | 'typescript'): Hover | null {
  const here = findings.filter((f) => contains(f.range, position));
  if (here.length === 0) return null;
  const seen = new Set<string>();
  const sections: string[] = [];
  for (const finding of here) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    const summary = ruleSummaryFor(finding.ruleId, language) ?? finding.message;
    sections.push(`**${finding.ruleId} ${finding.ruleName}**: ${summary}\n\n[${finding.ruleId} documentation](${ruleDocsUrl(finding.ruleId)})`);
  }
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: here[0].range };
}
