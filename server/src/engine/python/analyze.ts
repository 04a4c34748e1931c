// Runs the Python rules over one file: parse (incrementally when the caller keeps the document),
// one walk to build the semantic model and gather the nodes rules asked for, then each enabled rule.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { AnalysisOptions, AnalysisResult, Finding, LintSettings } from '../types';
import { effectiveSeverity } from '../settings';
import { BudgetExceeded, collect } from './model/collect';
import { SemanticModel } from './model/model';
import { CONCURRENCY_MODULES } from './model/stdlib';
import { newPythonParser, parseWithin } from './parser';
import { fixTouches } from './incremental';
import { quietSkeleton, skeletonAsScanned } from './quiet';
import type { PythonRule, Report, RuleContext } from './rule';
import { PYTHON_RULES } from './rules';
import { clearSyntaxCache } from './rules/common';
import { SourceText } from './source';
import { Suppressions } from './suppression';

/** Whether any rule could fire on this text at all (see MAY_MATTER). */
export function mayMatter(text: string): boolean {
  return MAY_MATTER.test(text);
}

/**
 * Every rule needs a concurrency module imported (at any indentation, any import form), or — CL001
 * and CL011 on objects of unknown type — an `.acquire`. Files with neither cannot have findings and
 * are not parsed at all.
 */
const MODULES = `(?:${CONCURRENCY_MODULES.join('|')})`;
const MAY_MATTER = new RegExp(`^[ \\t]*(?:import[ \\t][^\\n#]*\\b${MODULES}\\b|from[ \\t]+${MODULES}\\b)|\\.acquire\\b`, 'm');

export const DEFAULT_BUDGET_MS = 2000;

let sharedParser: Parser | undefined;

/**
 * Analyzes Python source text. `parse` supplies the tree when the caller keeps one across edits
 * (it returns undefined when parsing ran past the deadline).
 */
export function analyzeText(
  text: string,
  settings: LintSettings,
  options: AnalysisOptions = {},
  parse?: (deadline: number) => Tree | undefined,
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
  if (options.findingsOnly && !parse) {
    const result = analyzeQuiet(text, settings, deadline, rules);
    if (result) return result;
  }
  const overBudget = { findings: [], syntaxErrors: 0, skipped: `analysis took longer than its budget of ${budgetMs} ms` };
  let tree: Tree;
  if (parse) {
    const parsed = parse(deadline);
    if (!parsed) return overBudget;
    tree = parsed;
  } else {
    sharedParser ??= newPythonParser();
    const parsed = parseWithin(sharedParser, text, null, deadline);
    if (!parsed) return overBudget;
    tree = parsed;
  }
  clearSyntaxCache();
  try {
    const wanted = new Set<string>(['call']);
    for (const { rule } of rules) for (const t of rule.nodeTypes) wanted.add(t);
    const collected = collect(tree, wanted, deadline, text);
    const source = new SourceText(text);
    const model = new SemanticModel(collected, text);
    const findings: Finding[] = [];
    for (const { rule, severity } of rules) {
      const configured = settings.rules[rule.meta.id] !== undefined || settings.rules[rule.meta.name] !== undefined;
      const ctx: RuleContext = {
        model,
        source,
        report(r: Report) {
          findings.push({
            ruleId: rule.meta.id,
            ruleName: rule.meta.name,
            // A finding's own severity (CL002: error vs warning) stands unless the user set one.
            severity: configured ? severity : (r.severity ?? severity),
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
    const suppressions = new Suppressions(text);
    const kept = findings.filter((f) => !suppressions.isSuppressed(f));
    kept.sort(byPosition);
    return { findings: kept, syntaxErrors: tree.rootNode.hasError ? countErrors(tree.rootNode) : 0 };
  } catch (e) {
    if (e instanceof BudgetExceeded) return overBudget;
    if (e instanceof RangeError) {
      return { findings: [], syntaxErrors: 0, skipped: `the file is nested too deeply to analyze (${e.message})` };
    }
    throw e;
  } finally {
    clearSyntaxCache();
    if (!parse) tree.delete();
  }
}

/**
 * Analyzes the file with its quiet functions left out (see quiet.ts), or returns undefined when the
 * whole file must be analyzed: nothing to leave out, a skeleton that does not parse as scanned, a
 * fix that would rewrite lines left out, or a skeleton whose line ending or indentation, which
 * fixes copy, differs from the file's.
 */
function analyzeQuiet(text: string, settings: LintSettings, deadline: number, rules: { rule: PythonRule }[]): AnalysisResult | undefined {
  const quiet = quietSkeleton(text, new Set(rules.flatMap(({ rule }) => rule.words)));
  if (!quiet || SourceText.fileTraits(quiet.text) !== SourceText.fileTraits(text)) return undefined;
  sharedParser ??= newPythonParser();
  let tree: Tree | undefined;
  let asScanned = true;
  const result = analyzeText(quiet.text, settings, { budgetMs: deadline - performance.now() }, (deadline) => {
    tree = parseWithin(sharedParser!, quiet.text, null, deadline) ?? undefined;
    if (tree && !skeletonAsScanned(tree, quiet)) asScanned = false;
    return asScanned ? tree : undefined;
  });
  tree?.delete();
  // Over budget or too deep: the whole file's analysis says so (in its own words).
  if (!asScanned || result.skipped) return undefined;
  const blanked = quiet.layout.units.filter((u) => !quiet.keep.has(u));
  if (result.findings.some((f) => fixTouches(f, blanked))) return undefined;
  return result;
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId);
}

/**
 * The ERROR nodes in the tree, found by descending only into subtrees that contain an error: a
 * search of every node costs about a millisecond per thousand lines, on each analysis of a file
 * with a syntax error (which, while typing, is most of them).
 */
function countErrors(root: Node): number {
  let count = 0;
  // An explicit stack: the tree can be deeper than the call stack.
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ERROR') count++;
    for (const child of node.children) if (child?.hasError) stack.push(child);
  }
  return count;
}
