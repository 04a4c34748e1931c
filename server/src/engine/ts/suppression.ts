// Suppression comments in TS/JS: `// concurrency-lint-disable-next-line CL002`,
// `// concurrency-lint-disable-line CL002` (several ids separated by commas or spaces), and
// `/* concurrency-lint-disable CL003 */` for the whole file. No id = every rule.
import type { Finding, Fix } from '../types';
import type { TsSource } from './source';
import { SuppressedRules } from '../suppressed';

const LINE = /\/\/\s*concurrency-lint-disable-(next-line|line)\b([^\n]*)/;
const FILE = /\/\*\s*concurrency-lint-disable(?![-\w])([^*]*)\*\//g;

export class TsSuppressions extends SuppressedRules {
  constructor(source: TsSource) {
    super();
    // A cheap test first: most files carry no suppression at all.
    if (!source.text.includes('concurrency-lint-disable')) return;
    source.lines.forEach((text, line) => {
      const m = LINE.exec(text);
      if (m) this.onLine(m[1] === 'next-line' ? line + 1 : line, ids(m[2]));
      for (const f of text.matchAll(FILE)) this.forFile(ids(f[1]));
    });
  }

}

/** Rule ids or names in a comment's tail (`CL001, CL002 -- reason`); none means every rule. */
function ids(list: string): string[] {
  const found = [...list.split(/--/)[0].matchAll(/\b(cl\d{3}|[a-z]+(?:-[a-z]+)+)\b/gi)].map((m) =>
    /^cl\d+$/i.test(m[1]) ? m[1].toUpperCase() : m[1],
  );
  return found.length > 0 ? found : ['*'];
}

/**
 * "Suppress CLxxx on this line": a `// concurrency-lint-disable-next-line CLxxx` comment above the
 * finding's line, with that line's indentation; an existing one there gains the id.
 */
export function tsSuppressionFix(finding: Finding, source: TsSource): Fix {
  const line = finding.range.start.line;
  const title = `Suppress ${finding.ruleId} on this line`;
  const above = line > 0 ? source.lineText(line - 1) : '';
  const existing = /\/\/\s*concurrency-lint-disable-next-line\b[ \t]*((?:CL\d{3}(?:[ \t]*,[ \t]*|[ \t]+)?)*)/.exec(above);
  if (existing && existing[1].trim() !== '') {
    const at = existing.index + existing[0].replace(/[\s,]+$/, '').length;
    return { title, safe: false, edits: [{ range: { start: { line: line - 1, character: at }, end: { line: line - 1, character: at } }, newText: `, ${finding.ruleId}` }] };
  }
  const indent = source.indentOf(line);
  return {
    title,
    safe: false,
    edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// concurrency-lint-disable-next-line ${finding.ruleId}${source.eol}` }],
  };
}
