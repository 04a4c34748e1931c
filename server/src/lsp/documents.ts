// An open document: the editor's text (vscode-languageserver-textdocument, for positions and
// edits) mirrored by the engine's document (Python: its syntax tree re-parsed incrementally on each
// edit; TS/JS: the project's view of the file).
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../engine';
import type { AnalysisOptions, Finding, Fix, LintSettings } from '../engine';
import type { DocumentItem, EngineDocument, LanguageSupport } from './languages';

/** The findings of one version of a document under one settings generation and dependency stamp. */
export interface Analysis {
  version: number;
  generation: number;
  /** The engine document's dependencyStamp when analyzed. */
  stamp: number;
  result: AnalysisResult;
}

/** An analysis as the client was given it: its diagnostics and the result id of the pull model. */
export interface Report extends Analysis {
  resultId: string;
  diagnostics: Diagnostic[];
}

export class OpenDocument {
  private document: TextDocument;
  private readonly engine: EngineDocument;
  /** When the text last changed (ms, monotonic), for debouncing. 0 = never since open. */
  lastChangeAt = 0;
  /** The version last opened or saved: with `run: onSave` diagnostics reflect this version or later. */
  lintPoint: number;
  /** The analysis of the current version, once computed. */
  current: Analysis | undefined;
  /** The analysis whose diagnostics the client was last given. */
  shown: Report | undefined;
  /** The last skip reason logged for this document, so a skipped file is logged once, not per keystroke. */
  loggedSkip: string | undefined;

  constructor(item: DocumentItem, language: LanguageSupport) {
    this.engine = language.open(item);
    this.document = TextDocument.create(item.uri, item.languageId, item.version, item.text);
    this.lintPoint = item.version;
  }

  get uri(): string {
    return this.document.uri;
  }

  get version(): number {
    return this.document.version;
  }

  get text(): string {
    return this.document.getText();
  }

  get textDocument(): TextDocument {
    return this.document;
  }

  /** Changes elsewhere that this document's findings depend on (see EngineDocument.dependencyStamp). */
  get dependencyStamp(): number {
    return this.engine.dependencyStamp;
  }

  /** Applies didChange's content changes in order, to the text and to the engine's document. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    this.document = TextDocument.update(this.document, [...changes], version);
    this.engine.update(changes, this.document.getText(), version);
    this.lastChangeAt = performance.now();
  }

  analyze(run: (engine: EngineDocument) => AnalysisResult, generation: number): Analysis {
    const current = this.current;
    if (current && current.version === this.version && current.generation === generation && current.stamp === this.dependencyStamp) return current;
    // The stamp is read before the analysis: a change during it leaves this analysis stale.
    const stamp = this.dependencyStamp;
    this.current = { version: this.version, generation, stamp, result: run(this.engine) };
    return this.current;
  }

  /** Analyzes another text in this document's place (fix-all); the document is left as it was. */
  analyzeText(text: string, settings: LintSettings, options?: AnalysisOptions): AnalysisResult {
    return this.engine.analyzeText(text, settings, options);
  }

  suppressionFix(finding: Finding): Fix {
    return this.engine.suppressionFix(finding);
  }

  dispose(): void {
    this.engine.dispose();
  }
}
