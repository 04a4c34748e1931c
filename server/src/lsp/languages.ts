// The languages the server lints and, for each, the engine calls it needs. The server itself is
// language-agnostic: adding TypeScript/JavaScript means adding an entry here.
import { analyze, openDocument, suppressionFixFor } from '../engine';
import type { AnalysisOptions, AnalysisResult, Finding, Fix, LintSettings, Range } from '../engine';

/** A document the engine keeps across edits, so that each edit re-parses only what changed. */
export interface EngineDocument {
  applyEdit(range: Range, newText: string): void;
  setText(text: string): void;
  analyze(settings: LintSettings, options?: AnalysisOptions): AnalysisResult;
  dispose(): void;
}

export interface LanguageSupport {
  open(text: string): EngineDocument;
  /** One-shot analysis of a text that is not an open document (fix-all rounds). */
  analyze(text: string, settings: LintSettings, options?: AnalysisOptions): AnalysisResult;
  suppressionFix(finding: Finding, text: string): Fix;
}

const python: LanguageSupport = { open: openDocument, analyze, suppressionFix: suppressionFixFor };

const LANGUAGES: ReadonlyMap<string, LanguageSupport> = new Map([['python', python]]);

/** Language ids (as editors send them in didOpen) the server analyzes. */
export const SUPPORTED_LANGUAGE_IDS: readonly string[] = [...LANGUAGES.keys()];

export function languageSupport(languageId: string): LanguageSupport | undefined {
  return LANGUAGES.get(languageId);
}
