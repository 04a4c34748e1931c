// The engine's API: what the language server and the CLI call. No LSP or VS Code types here.
import { loadPython } from './python/parser';
import { analyzeText } from './python/analyze';
import { PythonDocument } from './python/document';
import { PYTHON_RULES } from './python/rules';
import { SourceText } from './python/source';
import { suppressionFix } from './python/suppression';
import type { AnalysisOptions, AnalysisResult, Finding, Fix, LintSettings, RuleMeta } from './types';

export * from './types';
export { DEFAULT_SETTINGS, effectiveSeverity, isRuleSetting, mergeSettings, RULE_SETTINGS } from './settings';
export { DEFAULT_BUDGET_MS } from './python/analyze';
export { PythonDocument } from './python/document';

/** Where each rule's documentation page lives (shipped in the package under docs/rules/). */
export const DOCS_BASE_URL = 'https://github.com/concurrency-lint/concurrency-lint/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Metadata of every rule, in id order. */
export const RULES: readonly RuleMeta[] = PYTHON_RULES.map((r) => r.meta);

export function ruleById(idOrName: string): RuleMeta | undefined {
  return RULES.find((r) => r.id === idOrName.toUpperCase() || r.name === idOrName);
}

/** Loads the parsers. Call once and await before analyzing. */
export async function initEngine(): Promise<void> {
  await loadPython();
}

/** File extensions the engine reads. */
export const PYTHON_EXTENSIONS = ['.py', '.pyw', '.pyi'];

export function isAnalyzable(path: string): boolean {
  const lower = path.toLowerCase();
  return PYTHON_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Analyzes one file's text. */
export function analyze(text: string, settings: LintSettings, options?: AnalysisOptions): AnalysisResult {
  return analyzeText(text, settings, options);
}

/** Opens a document kept across edits (incremental re-parse). */
export function openDocument(text: string): PythonDocument {
  return new PythonDocument(text);
}

/** "Suppress CLxxx on this line" for a finding in `text`. */
export function suppressionFixFor(finding: Finding, text: string): Fix {
  return suppressionFix(finding, new SourceText(text));
}

// TypeScript/JavaScript: a project-aware analyzer the caller keeps (open documents, watched files).
export { TsAnalyzer, TS_EXTENSIONS, TS_DEFAULT_BUDGET_MS, isTsAnalyzable } from './ts/analyzer';
export type { TsAnalysisResult } from './ts/analyzer';
export { TS_RULES } from './ts/rules';
export type { ProjectLimits } from './ts/projects';
