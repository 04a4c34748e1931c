// An open document: the editor's text (vscode-languageserver-textdocument, for positions and
// edits) mirrored by the engine's document (its syntax tree re-parsed incrementally on each edit).
import type { Diagnostic, TextDocumentContentChangeEvent, TextDocumentItem } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../engine';
import type { EngineDocument, LanguageSupport } from './languages';

/** The findings of one version of a document under one settings generation. */
export interface Analysis {
  version: number;
  generation: number;
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

  constructor(
    item: TextDocumentItem,
    readonly language: LanguageSupport,
  ) {
    this.document = TextDocument.create(item.uri, item.languageId, item.version, item.text);
    this.engine = language.open(item.text);
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

  /** Applies didChange's content changes in order, to the text and to the engine's tree. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) this.engine.applyEdit(change.range, change.text);
      else this.engine.setText(change.text);
    }
    this.document = TextDocument.update(this.document, [...changes], version);
    this.lastChangeAt = performance.now();
  }

  analyze(run: (engine: EngineDocument) => AnalysisResult, generation: number): Analysis {
    if (this.current?.version !== this.version || this.current.generation !== generation) {
      this.current = { version: this.version, generation, result: run(this.engine) };
    }
    return this.current;
  }

  dispose(): void {
    this.engine.dispose();
  }
}
