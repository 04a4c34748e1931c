// The engine's API: what the language server and the CLI call. No LSP or VS Code types here.
import { loadPython, type PythonWasm } from './python/parser';
export { compilePythonWasm, type PythonWasm } from './python/parser';
import { analyzeText } from './python/analyze';
import { PythonDocument } from './python/document';
import { PYTHON_RULES } from './python/rules';
import { SourceText } from './python/source';
import { suppressionFix } from './python/suppression';
import { TS_RULE_METAS } from './ts/meta';
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

/** Metadata of every Python rule, in id order. */
export const RULES: readonly RuleMeta[] = PYTHON_RULES.map((r) => r.meta);

/**
 * Metadata of every rule of every language, one entry per id, in id order: what settings, config
 * files and reports know of. A rule in both languages lists both in `languages`.
 */
export const ALL_RULES: readonly RuleMeta[] = mergeRuleMetas([...RULES, ...TS_RULE_METAS]);

function mergeRuleMetas(metas: readonly RuleMeta[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const meta of metas) {
    const known = byId.get(meta.id);
    byId.set(meta.id, known ? { ...known, languages: [...known.languages, ...meta.languages] } : meta);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** A rule of any language by id (`CL001`, any case) or name (`unreleased-lock`). */
export function ruleById(idOrName: string): RuleMeta | undefined {
  return ALL_RULES.find((r) => r.id === idOrName.toUpperCase() || r.name === idOrName);
}

/**
 * What a rule finds, in the words of one language's code: CL001–CL005 exist for Python and for
 * TS/JS, where they speak of other APIs (async-mutex, postMessage, ...).
 */
export function ruleSummaryFor(id: string, language: 'python' | 'typescript'): string | undefined {
  const own = (language === 'python' ? RULES : TS_RULE_METAS).find((r) => r.id === id);
  return (own ?? ruleById(id))?.summary;
}

/** Loads the parsers. Call once and await before analyzing. */
export async function initEngine(): Promise<void> {
  await loadPython();
}

/** initEngine, with the parser's .wasm modules compiled by another thread (compilePythonWasm). */
export async function initEngineFrom(compiled: PythonWasm): Promise<void> {
  await loadPython(compiled);
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

// TypeScript/JavaScript: what the server and the CLI need before (and to decide on) loading the engine.
// The analyzer itself is behind loadTsEngine(): it carries the TypeScript compiler.
export { TS_EXTENSIONS, isTsAnalyzable } from './ts/files';
export { TS_RULE_METAS } from './ts/meta';
export { isTsEngineLoaded, loadTsEngine } from './ts/load';
export type { TsEngine } from './ts/load';
