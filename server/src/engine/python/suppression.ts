// Suppression comments: `# noqa: CL001`, `# concurrency-lint: disable=CL001,CL002` at the end of a
// line (no id = every rule), `# concurrency-lint: disable-file=CL003` anywhere in the file.
import type { Node } from 'web-tree-sitter';
import type { Finding, Fix } from '../types';
import type { SourceText } from './source';

const NOQA = /#\s*noqa\b(?::\s*([\w-]+(?:\s*,\s*[\w-]+)*))?/i;
const DISABLE = /concurrency-lint:\s*disable(-file)?\b(?:\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*))?/;

/** Which rules are silenced where: per line, and for the whole file. `'*'` means every rule. */
export class Suppressions {
  private readonly byLine = new Map<number, Set<string>>();
  private readonly file = new Set<string>();

  constructor(comments: readonly Node[]) {
    for (const c of comments) {
      const text = c.text;
      const line = c.startPosition.row;
      const noqa = NOQA.exec(text);
      if (noqa) this.add(line, noqa[1]);
      const disable = DISABLE.exec(text);
      if (disable) {
        if (disable[1]) for (const id of ids(disable[2])) this.file.add(id);
        else this.add(line, disable[2]);
      }
    }
  }

  private add(line: number, list: string | undefined): void {
    let set = this.byLine.get(line);
    if (!set) this.byLine.set(line, (set = new Set()));
    for (const id of ids(list)) set.add(id);
  }

  isSuppressed(finding: Finding): boolean {
    const keys = ['*', finding.ruleId, finding.ruleName];
    if (keys.some((k) => this.file.has(k))) return true;
    const line = this.byLine.get(finding.range.start.line);
    return !!line && keys.some((k) => line.has(k));
  }
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
