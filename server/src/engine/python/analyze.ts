// Runs the Python rules over one file: parse (incrementally when the caller keeps the document),
// one walk to build the semantic model and gather the nodes rules asked for, then each enabled rule.
import { Edit, type Node, type Parser, type Tree } from 'web-tree-sitter';
import type { AnalysisOptions, AnalysisResult, Finding, LintSettings, Position, Range } from '../types';
import { effectiveSeverity } from '../settings';
import { BudgetExceeded, collect } from './model/collect';
import { SemanticModel } from './model/model';
import { CONCURRENCY_MODULES } from './model/stdlib';
import { newPythonParser, pythonQuery } from './parser';
import type { Report, RuleContext } from './rule';
import { PYTHON_RULES } from './rules';
import { clearSyntaxCache } from './rules/common';
import { SourceText } from './source';
import { Suppressions } from './suppression';

/**
 * Every rule needs a concurrency module imported (at any indentation, any import form), or — CL001
 * and CL011 on objects of unknown type — an `.acquire`. Files with neither cannot have findings and
 * are not parsed at all.
 */
const MODULES = `(?:${CONCURRENCY_MODULES.join('|')})`;
const MAY_MATTER = new RegExp(`^[ \\t]*(?:import[ \\t][^\\n#]*\\b${MODULES}\\b|from[ \\t]+${MODULES}\\b)|\\.acquire\\b`, 'm');

export const DEFAULT_BUDGET_MS = 2000;

/** A Python file an editor keeps open: its text and syntax tree, re-parsed incrementally on edits. */
export class PythonDocument {
  private parser: Parser | undefined;
  private tree: Tree | undefined;
  private lineStarts: number[] | undefined;

  constructor(private text: string) {}

  get content(): string {
    return this.text;
  }

  /** Applies one edit (editor positions) to the text and to the syntax tree. */
  applyEdit(range: Range, newText: string): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    const startPosition = this.pointAt(start);
    const oldEndPosition = this.pointAt(end);
    this.text = this.text.slice(0, start) + newText + this.text.slice(end);
    this.lineStarts = undefined;
    const newEnd = start + newText.length;
    this.tree?.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: end,
        newEndIndex: newEnd,
        startPosition,
        oldEndPosition,
        newEndPosition: this.pointAt(newEnd),
      }),
    );
  }

  /** Replaces the whole text (the tree is re-parsed from scratch next time). */
  setText(text: string): void {
    this.text = text;
    this.lineStarts = undefined;
    this.tree?.delete();
    this.tree = undefined;
  }

  analyze(settings: LintSettings, options: AnalysisOptions = {}): AnalysisResult {
    return analyzeText(this.text, settings, options, this);
  }

  /** Parses the current text, reusing the previous tree for the unchanged parts. */
  parse(): Tree {
    this.parser ??= newPythonParser();
    const tree = this.parser.parse(this.text, this.tree);
    if (!tree) throw new Error('the parser returned no tree');
    this.tree?.delete();
    this.tree = tree;
    return tree;
  }

  dispose(): void {
    this.tree?.delete();
    this.parser?.delete();
    this.tree = undefined;
    this.parser = undefined;
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      if (t.includes('\r')) {
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c === 10) starts.push(i + 1);
          else if (c === 13 && t.charCodeAt(i + 1) !== 10) starts.push(i + 1);
        }
      } else {
        for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  private offsetAt(p: Position): number {
    const starts = this.starts();
    if (p.line >= starts.length) return this.text.length;
    return Math.min(starts[p.line] + p.character, p.line + 1 < starts.length ? starts[p.line + 1] : this.text.length);
  }

  private pointAt(offset: number): { row: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }
}

let sharedParser: Parser | undefined;

/** Analyzes Python source text. Pass a PythonDocument to reuse its tree across edits. */
export function analyzeText(
  text: string,
  settings: LintSettings,
  options: AnalysisOptions = {},
  document?: PythonDocument,
): AnalysisResult {
  if (!settings.enable) return { findings: [], syntaxErrors: 0 };
  if (text.includes('\u0000')) return { findings: [], syntaxErrors: 0, skipped: 'binary file (contains NUL bytes)' };
  const rules = PYTHON_RULES.flatMap((rule) => {
    const severity = effectiveSeverity(rule.meta, settings);
    return severity ? [{ rule, severity }] : [];
  });
  if (rules.length === 0 || !MAY_MATTER.test(text)) return { findings: [], syntaxErrors: 0 };

  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const deadline = performance.now() + budgetMs;
  let tree: Tree;
  if (document) tree = document.parse();
  else {
    sharedParser ??= newPythonParser();
    const parsed = sharedParser.parse(text);
    if (!parsed) throw new Error('the parser returned no tree');
    tree = parsed;
  }
  clearSyntaxCache();
  try {
    const wanted = new Set<string>(['call', 'comment']);
    for (const { rule } of rules) for (const t of rule.nodeTypes) wanted.add(t);
    const collected = collect(tree, wanted, deadline);
    const source = new SourceText(text);
    const model = new SemanticModel(collected, text);
    const findings: Finding[] = [];
    for (const { rule, severity } of rules) {
      const ctx: RuleContext = {
        model,
        source,
        report(r: Report) {
          findings.push({
            ruleId: rule.meta.id,
            ruleName: rule.meta.name,
            severity: r.severity && severity === rule.meta.defaultSeverity ? r.severity : severity,
            range: SourceText.range(r.node),
            message: r.message,
            related: r.related ?? [],
            fixes: r.fixes ?? [],
          });
        },
      };
      for (const type of rule.nodeTypes) {
        for (const visit of collected.nodes.get(type) ?? []) rule.check(visit.node, visit.scope, ctx);
      }
      if (performance.now() > deadline) throw new BudgetExceeded(budgetMs);
    }
    const suppressions = new Suppressions((collected.nodes.get('comment') ?? []).map((v) => v.node));
    const kept = findings.filter((f) => !suppressions.isSuppressed(f));
    kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    return { findings: kept, syntaxErrors: tree.rootNode.hasError ? countErrors(tree.rootNode) : 0 };
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      return { findings: [], syntaxErrors: 0, skipped: `analysis took longer than its budget of ${budgetMs} ms` };
    }
    if (e instanceof RangeError) {
      return { findings: [], syntaxErrors: 0, skipped: `the file is nested too deeply to analyze (${e.message})` };
    }
    throw e;
  } finally {
    clearSyntaxCache();
    if (!document) tree.delete();
  }
}

function countErrors(root: Node): number {
  return pythonQuery('(ERROR) @error').captures(root).length;
}
