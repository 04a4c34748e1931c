// Human-readable output: `file:line:col: CL001 [warning] message`, the source line with the finding
// underlined, and a summary. Colours only when asked for (the caller decides from the terminal).
import type { Finding, Severity } from '../../engine';
import { findingCount, plural, type Report } from './report';

const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  cyan: '\x1b[36m',
};

const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue, hint: ANSI.cyan };

/** Longest source line shown in a code frame; longer lines are cut around the finding. */
const MAX_FRAME_WIDTH = 160;

type Paint = (style: string, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => `${style}${text}${ANSI.reset}` : (_style, text) => text;
}

/** The source line and a caret underline of the finding's first line. Tabs are kept so carets line up. */
export function codeFrame(lineText: string, lineNumber: number, finding: Finding, paint: Paint): string[] {
  const { start, end } = finding.range;
  let from = Math.min(start.character, lineText.length);
  let to = end.line === start.line ? Math.min(end.character, lineText.length) : lineText.length;
  let shown = lineText;
  if (shown.length > MAX_FRAME_WIDTH) {
    const cut = Math.max(0, from - 20);
    shown = shown.slice(cut, cut + MAX_FRAME_WIDTH);
    const prefix = cut > 0 ? '…' : '';
    from = from - cut + prefix.length;
    to = Math.min(to - cut, shown.length) + prefix.length;
    shown = prefix + shown;
  }
  const gutter = String(lineNumber);
  const pad = ' '.repeat(gutter.length);
  const lead = shown.slice(0, from).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, to - from));
  return [
    `  ${paint(ANSI.dim, `${gutter} |`)} ${shown}`,
    `  ${paint(ANSI.dim, `${pad} |`)} ${lead}${paint(SEVERITY_COLOR[finding.severity], carets)}`,
  ];
}

export function formatText(report: Report, color: boolean): string {
  const paint = painter(color);
  const out: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      const line = f.range.start.line + 1;
      const column = f.range.start.character + 1;
      out.push(
        `${paint(ANSI.bold, `${file.display}:${line}:${column}:`)} ${paint(ANSI.bold, f.ruleId)} ` +
          `${paint(SEVERITY_COLOR[f.severity], `[${f.severity}]`)} ${f.message}`,
      );
      out.push(...codeFrame(file.lines[f.range.start.line] ?? '', line, f, paint));
      for (const r of f.related) {
        out.push(`  ${paint(ANSI.dim, '=')} ${file.display}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.message}`);
      }
      out.push('');
    }
  }
  const findings = findingCount(report);
  const skipped = report.skipped.length > 0 ? ` (${plural(report.skipped.length, 'file')} skipped)` : '';
  const errors = report.errors.length > 0 ? `; ${plural(report.errors.length, 'file')} failed with an internal error` : '';
  const summary = `${plural(findings, 'finding')} in ${plural(report.checked, 'file')}${skipped}${errors}`;
  out.push(findings > 0 ? paint(ANSI.bold, summary) : summary);
  return out.join('\n') + '\n';
}
