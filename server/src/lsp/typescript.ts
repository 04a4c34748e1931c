// TypeScript/JavaScript documents: one TsAnalyzer for the server's lifetime, loaded with the first
// TS/JS document (it carries the TypeScript compiler). Open documents are the analyzer's overlay over
// the disk; watched-file events tell it what changed on disk. Unlike a Python file, a TS/JS file's
// findings depend on other files (types come through imports), so every change anywhere moves a
// counter that invalidates the analyses of all TS/JS documents.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { loadTsEngine } from '../engine';
import type { AnalysisOptions, AnalysisResult, Finding, Fix, LintSettings } from '../engine';
import type { TsAnalysisResult, TsAnalyzer } from '../engine/ts';
import type { DocumentItem, EngineDocument, LanguageSupport } from './languages';

/** The LSP language ids of TypeScript and JavaScript documents. */
export const TS_LANGUAGE_IDS = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** Files the server asks the client to watch once a TS/JS document is open: configs and sources. */
export const TS_WATCHED_GLOBS = ['**/{tsconfig,jsconfig}*.json', '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

const EXTENSION_OF: Record<string, string> = { typescript: '.ts', typescriptreact: '.tsx', javascript: '.js', javascriptreact: '.jsx' };

/** Where the analyzer sees untitled documents: a folder no one has, under the workspace so its node_modules types resolve. */
const UNTITLED_FOLDER = '.concurrency-lint-untitled';

export interface TsHost {
  /** A line for the server's log (never a popup). */
  log(message: string): void;
  /** The first workspace folder's path, where untitled documents are placed; undefined without one. */
  workspaceFolder(): string | undefined;
  /** Called once, when the engine has been loaded: the server starts watching TS/JS files. */
  loaded(): void;
}

export class TypeScriptSupport implements LanguageSupport {
  private analyzer: TsAnalyzer | undefined;
  /** Moves on every change a TS/JS document's findings may depend on. */
  private changes = 0;
  /** Notes already logged (a config that cannot be used would otherwise be logged on every keystroke). */
  private readonly loggedNotes = new Set<string>();

  constructor(private readonly host: TsHost) {}

  get isLoaded(): boolean {
    return this.analyzer !== undefined;
  }

  get dependencyStamp(): number {
    return this.changes;
  }

  open(item: DocumentItem): EngineDocument {
    return new TsDocument(this, this.engine(), this.pathOf(item), item.text, item.version);
  }

  /** Files changed, were created or deleted on disk. Returns whether TS/JS documents need analyzing again. */
  filesChanged(files: readonly string[]): boolean {
    if (!this.analyzer || files.length === 0) return false;
    for (const file of files) {
      this.analyzer.fileChanged(file);
      // An edited config may now be usable, or broken in a new way: say so again.
      if (/(?:tsconfig|jsconfig)[^\\/]*\.json$/i.test(file)) this.loggedNotes.clear();
    }
    this.changes++;
    return true;
  }

  dispose(): void {
    this.analyzer?.dispose();
    this.analyzer = undefined;
  }

  /** Something a document depends on changed (an open document's text, a file on disk). */
  touched(): void {
    this.changes++;
  }

  logNotes(result: TsAnalysisResult): void {
    for (const note of result.notes) {
      if (this.loggedNotes.has(note)) continue;
      this.loggedNotes.add(note);
      this.host.log(note);
    }
  }

  private engine(): TsAnalyzer {
    if (!this.analyzer) {
      const started = performance.now();
      this.analyzer = new (loadTsEngine().TsAnalyzer)();
      this.host.log(`TypeScript/JavaScript engine loaded in ${Math.round(performance.now() - started)} ms`);
      this.host.loaded();
    }
    return this.analyzer;
  }

  /** The file a document stands for; untitled documents get a path of their own under the workspace. */
  private pathOf(item: DocumentItem): string {
    const url = new URL(item.uri);
    if (url.protocol === 'file:') return fileURLToPath(url);
    const name = decodeURIComponent(url.pathname).replace(/[^\w.-]+/g, '_') || 'untitled';
    const extension = path.extname(name) ? '' : (EXTENSION_OF[item.languageId] ?? '.ts');
    return path.join(this.host.workspaceFolder() ?? os.tmpdir(), UNTITLED_FOLDER, `${name}${extension}`);
  }
}

class TsDocument implements EngineDocument {
  private text: string;
  private version: number;
  /** Versions for the texts fix-all tries: negative, so they never equal an editor's version. */
  private scratchVersion = -1;

  constructor(
    private readonly support: TypeScriptSupport,
    private readonly analyzer: TsAnalyzer,
    private readonly file: string,
    text: string,
    version: number,
  ) {
    this.text = text;
    this.version = version;
    analyzer.setOpenDocument(file, text, version);
    support.touched();
  }

  get dependencyStamp(): number {
    return this.support.dependencyStamp;
  }

  update(_changes: readonly TextDocumentContentChangeEvent[], text: string, version: number): void {
    this.text = text;
    this.version = version;
    this.analyzer.setOpenDocument(this.file, text, version);
    this.support.touched();
  }

  analyze(settings: LintSettings, options?: AnalysisOptions): AnalysisResult {
    const result = this.analyzer.analyze(this.file, settings, options);
    this.support.logNotes(result);
    return result;
  }

  analyzeText(text: string, settings: LintSettings, options?: AnalysisOptions): AnalysisResult {
    this.analyzer.setOpenDocument(this.file, text, this.scratchVersion--);
    try {
      return this.analyzer.analyze(this.file, settings, options);
    } finally {
      this.analyzer.setOpenDocument(this.file, this.text, this.version);
    }
  }

  suppressionFix(finding: Finding): Fix {
    return this.analyzer.suppressionFixFor(finding, this.file);
  }

  dispose(): void {
    this.analyzer.closeDocument(this.file);
    this.support.touched();
  }
}
