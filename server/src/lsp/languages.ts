// The languages the server lints and, for each, the engine calls it needs. The server itself is
// language-agnostic: a language is an entry here.
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { analyze, openDocument, suppressionFixFor } from '../engine';
import type { AnalysisOptions, AnalysisResult, Finding, Fix, LintSettings } from '../engine';
import { TS_LANGUAGE_IDS, TypeScriptSupport } from './typescript';
import type { TsHost } from './typescript';

/** What didOpen sends. */
export interface DocumentItem {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

/** A document the engine keeps across edits (Python: its syntax tree; TS/JS: the project's overlay). */
export interface EngineDocument {
  /** The editor applied `changes` in order, giving `text` at `version`. */
  update(changes: readonly TextDocumentContentChangeEvent[], text: string, version: number): void;
  analyze(settings: LintSettings, options?: AnalysisOptions): AnalysisResult;
  /** Analyzes another text in this document's place (the rounds of fix-all); the document is left as it was. */
  analyzeText(text: string, settings: LintSettings, options?: AnalysisOptions): AnalysisResult;
  /** "Suppress CLxxx on this line" for a finding in the document's current text. */
  suppressionFix(finding: Finding): Fix;
  /**
   * Changes when something outside the document that its findings depend on changes (other files of
   * its project); an analysis made under another stamp is stale. Constant for single-file languages.
   */
  readonly dependencyStamp: number;
  dispose(): void;
}

export interface LanguageSupport {
  open(item: DocumentItem): EngineDocument;
}

/** Python files are analyzed on their own: the document is its syntax tree, re-parsed incrementally. */
const python: LanguageSupport = {
  open(item) {
    const document = openDocument(item.text);
    let text = item.text;
    return {
      update(changes, newText) {
        changes.forEach((change, i) => {
          // The editor's text after the last change is the document's text: no need to build it again.
          if ('range' in change) document.applyEdit(change.range, change.text, i === changes.length - 1 ? newText : undefined);
          else document.setText(change.text);
        });
        text = newText;
      },
      analyze: (settings, options) => document.analyze(settings, options),
      analyzeText: (other, settings, options) => analyze(other, settings, options),
      suppressionFix: (finding) => suppressionFixFor(finding, text),
      dependencyStamp: 0,
      dispose: () => document.dispose(),
    };
  },
};

/** Language ids (as editors send them in didOpen) the server analyzes. */
export const SUPPORTED_LANGUAGE_IDS: readonly string[] = ['python', ...TS_LANGUAGE_IDS];

/** The languages of one server: TypeScript/JavaScript holds the server's one TsAnalyzer. */
export class Languages {
  readonly typescript: TypeScriptSupport;
  private readonly byId: ReadonlyMap<string, LanguageSupport>;

  constructor(tsHost: TsHost) {
    this.typescript = new TypeScriptSupport(tsHost);
    this.byId = new Map<string, LanguageSupport>([['python', python], ...TS_LANGUAGE_IDS.map((id) => [id, this.typescript] as const)]);
  }

  support(languageId: string): LanguageSupport | undefined {
    return this.byId.get(languageId);
  }

  dispose(): void {
    this.typescript.dispose();
  }
}
