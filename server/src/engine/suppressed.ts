// Which rules suppression comments silence, per line and for the whole file. Each language reads
// its own comment syntax and records the ids here; `'*'` stands for every rule.
import type { Finding } from './types';

export class SuppressedRules {
  private readonly byLine = new Map<number, Set<string>>();
  private readonly file = new Set<string>();

  protected onLine(line: number, ids: readonly string[]): void {
    let set = this.byLine.get(line);
    if (!set) this.byLine.set(line, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  protected forFile(ids: readonly string[]): void {
    for (const id of ids) this.file.add(id);
  }

  isSuppressed(finding: Finding): boolean {
    const keys = ['*', finding.ruleId, finding.ruleName];
    if (keys.some((k) => this.file.has(k))) return true;
    const line = this.byLine.get(finding.range.start.line);
    return !!line && keys.some((k) => line.has(k));
  }
}
