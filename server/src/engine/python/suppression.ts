// Suppression comments: `# noqa: CL001`, `# concurrency-lint: disable=CL001,CL002` at the end of a
// line (no id = every rule), `# concurrency-lint: disable-file=CL003` anywhere in the file.
import type { Finding, Fix } from '../types';
import type { SourceText } from './source';
import { SuppressedRules } from '../suppressed';

const NOQA = /#\s*noqa\b(?::\s*([\w-]+(?:\s*,\s*[\w-]+)*))?/i;
const DISABLE = /concurrency-lint:\s*disable(-file)?\b(?:\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*))?/;

/** Which rules are silenced where: per line, and for the whole file. `'*'` means every rule. */
export class Suppressions extends SuppressedRules {
  /**
   * Reads the comments of the lines that mention `noqa` or `concurrency-lint` (a few lines at most),
   * instead of asking the tree for every comment of the file.
   */
  constructor(source: string) {
    super();
    for (const { line, text } of suppressionComments(source)) {
      const noqa = NOQA.exec(text);
      if (noqa) this.onLine(line, ids(noqa[1]));
      const disable = DISABLE.exec(text);
      if (disable) {
        if (disable[1]) this.forFile(ids(disable[2]));
        else this.onLine(line, ids(disable[2]));
      }
    }
  }

}

/** The comment part of each line that mentions a suppression keyword. */
function suppressionComments(source: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const keyword = /noqa|concurrency-lint/gi;
  let line = 0;
  let scanned = 0;
  let lastLine = -1;
  for (let m = keyword.exec(source); m; m = keyword.exec(source)) {
    for (let i = source.indexOf('\n', scanned); i >= 0 && i < m.index; i = source.indexOf('\n', i + 1)) {
      line++;
      scanned = i + 1;
    }
    if (line === lastLine) continue;
    lastLine = line;
    const end = source.indexOf('\n', m.index);
    const text = source.slice(scanned, end < 0 ? source.length : end);
    const hash = commentStart(text);
    if (hash >= 0 && hash <= m.index - scanned) out.push({ line, text: text.slice(hash) });
  }
  return out;
}

/** Where a line's comment starts: the first `#` outside a string literal, or -1. */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return -1;
}

function ids(list: string | undefined): string[] {
  if (!list) return ['*'];
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (/^cl\d+$/i.test(s) ? s.toUpperCase() : s));
}

/** "Suppress CLxxx on this line": adds the id to the line's noqa comment, or appends one. */
export function suppressionFix(finding: Finding, source: SourceText): Fix {
  const line = finding.range.start.line;
  const text = source.lineText(line);
  const title = `Suppress ${finding.ruleId} on this line`;
  const existing = /#\s*noqa:\s*[\w-]+(?:\s*,\s*[\w-]+)*/i.exec(text);
  if (existing) {
    const at = existing.index + existing[0].length;
    return { title, safe: false, edits: [{ range: { start: { line, character: at }, end: { line, character: at } }, newText: `, ${finding.ruleId}` }] };
  }
  const end = text.replace(/\s+$/, '').length;
  return {
    title,
    safe: false,
    edits: [{ range: { start: { line, character: end }, end: { line, character: text.length } }, newText: `  # noqa: ${finding.ruleId}` }],
  };
}
