// Protocol wiring only: documents, settings, scheduling (debounce, stale runs dropped) and turning
// the engine's findings into diagnostics, code actions and hovers. Every handler is guarded: an
// exception is logged and answered with an empty result, never allowed to take the server down.
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import type {
  CancellationToken,
  CodeAction,
  CodeActionParams,
  Connection,
  DocumentDiagnosticParams,
  DidChangeWatchedFilesParams,
  DocumentDiagnosticReport,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  ExecuteCommandParams,
} from 'vscode-languageserver';
import { ALL_RULES, initEngine, ruleById, ruleDocsUrl } from '../engine';
import type { AnalysisResult } from '../engine';
import { admits, FIX_ALL_KIND, fixAllAction, quickFixes, SHOW_DOCUMENTATION_COMMAND } from './codeActions';
import { Debouncer } from './debounce';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './diagnostics';
import type { Analysis, Report } from './documents';
import { OpenDocument } from './documents';
import { ExcludeMatcher } from './exclude';
import { applySafeFixes } from './fixAll';
import { hoverFor } from './hover';
import { Languages, SUPPORTED_LANGUAGE_IDS } from './languages';
import { TS_WATCHED_GLOBS } from './typescript';
import { SettingsStore } from './settings';
import type { DocumentSettings } from './settings';
import type { DocumentItem } from './languages';

/** Quiet time after the last keystroke before a document is analyzed. */
export const DEBOUNCE_MS = 150;

const NOTHING: AnalysisResult = { findings: [], syntaxErrors: 0 };

/** What the connected client can do, read once from its initialize request. */
interface ClientFeatures {
  pullDiagnostics: boolean;
  refreshDiagnostics: boolean;
  configuration: boolean;
  dynamicConfiguration: boolean;
  versionedEdits: boolean;
  showDocument: boolean;
  workspaceFolders: boolean;
  dynamicFileWatching: boolean;
}

/** Options a client may pass in initializationOptions. */
interface InitializationOptions {
  /** Commands the client implements itself (the VS Code extension opens the bundled docs). */
  clientCommands?: string[];
}

type Trigger = 'open' | 'change' | 'save' | 'configuration' | 'files';


function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export class LintServer {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly exclude = new ExcludeMatcher();
  private readonly debouncer = new Debouncer();
  private readonly languages = new Languages({
    log: (message) => this.connection.console.info(message),
    workspaceFolder: () => this.workspaceFolderPaths()[0],
    loaded: () => this.watchTsFiles(),
  });
  private features!: ClientFeatures;
  private settings!: SettingsStore;
  private workspaceFolders: string[] = [];
  /** Bumped on every configuration change: analyses of an older generation are stale. */
  private generation = 0;
  private refreshQueued = false;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(this.guard('initialized', undefined, () => this.initialized()));
    c.onShutdown(() => {
      this.debouncer.dispose();
      this.languages.dispose();
    });
    c.onDidOpenTextDocument(this.guard('didOpen', undefined, (p) => this.opened(p.textDocument)));
    c.onDidChangeTextDocument(this.guard('didChange', undefined, (p) => this.changed(p.textDocument.uri, p.textDocument.version, p.contentChanges)));
    c.onDidSaveTextDocument(this.guard('didSave', undefined, (p) => this.saved(p.textDocument.uri)));
    c.onDidCloseTextDocument(this.guard('didClose', undefined, (p) => this.closed(p.textDocument.uri)));
    c.onDidChangeConfiguration(this.guard('didChangeConfiguration', undefined, (p) => this.configurationChanged(p.settings)));
    c.onDidChangeWatchedFiles(this.guard('didChangeWatchedFiles', undefined, (p) => this.watchedFilesChanged(p)));
    c.languages.diagnostics.on(this.guard('textDocument/diagnostic', { kind: 'full', items: [] }, (p, token) => this.pull(p, token)));
    c.onCodeAction(this.guard('textDocument/codeAction', [], (p, token) => this.codeActions(p, token)));
    c.onHover(this.guard('textDocument/hover', null, (p) => this.hover(p)));
    c.onExecuteCommand(this.guard('workspace/executeCommand', null, (p) => this.executeCommand(p)));
    c.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    await initEngine();
    const caps = params.capabilities;
    this.features = {
      pullDiagnostics: !!caps.textDocument?.diagnostic,
      refreshDiagnostics: !!caps.workspace?.diagnostics?.refreshSupport,
      configuration: !!caps.workspace?.configuration,
      dynamicConfiguration: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
      versionedEdits: !!caps.workspace?.workspaceEdit?.documentChanges,
      showDocument: !!caps.window?.showDocument?.support,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
      dynamicFileWatching: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    };
    this.settings = new SettingsStore(this.connection, this.features.configuration);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.setWorkspaceFolders(folders);

    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const clientCommands = Array.isArray(options.clientCommands) ? options.clientCommands : [];
    const serverCommands = [SHOW_DOCUMENTATION_COMMAND].filter((c) => !clientCommands.includes(c));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        diagnosticProvider: this.features.pullDiagnostics
          ? { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: false }
          : undefined,
        executeCommandProvider: serverCommands.length > 0 ? { commands: serverCommands } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'concurrency-lint' },
    };
  }

  private initialized(): void {
    const mode = this.features.pullDiagnostics ? 'pull' : 'push';
    this.connection.console.info(`Concurrency Lint server ready: ${ALL_RULES.length} rules, ${mode} diagnostics, languages: ${SUPPORTED_LANGUAGE_IDS.join(', ')}`);
    if (this.features.dynamicConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'concurrencyLint' });
    }
    if (this.features.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => f.uri));
        this.setWorkspaceFolders([...this.workspaceFolders.filter((f) => !removed.has(f)), ...event.added.map((f) => f.uri)]);
        // Relative paths, and so exclude matches, may have changed.
        this.reanalyzeAll();
      });
    }
  }

  private setWorkspaceFolders(uris: string[]): void {
    this.workspaceFolders = uris;
    this.exclude.setFolders(uris);
  }

  private workspaceFolderPaths(): string[] {
    return this.workspaceFolders.flatMap((uri) => {
      const path = filePath(uri);
      return path ? [path] : [];
    });
  }

  /**
   * TS/JS findings depend on other files and on tsconfig/jsconfig: once the TypeScript engine is
   * loaded, ask the client to report changes to them (clients that cannot be asked get no updates
   * from disk; their open documents still are analyzed as they change).
   */
  private watchTsFiles(): void {
    if (!this.features.dynamicFileWatching) {
      this.connection.console.info('The client cannot watch files for the server: TS/JS changes on disk are seen when a document is reopened');
      return;
    }
    this.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: TS_WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch((error: unknown) => this.connection.console.error(`Watching TS/JS files failed: ${describe(error)}`));
  }

  private watchedFilesChanged(params: DidChangeWatchedFilesParams): void {
    const files = params.changes.flatMap((change) => {
      const path = filePath(change.uri);
      return path ? [path] : [];
    });
    if (!this.languages.typescript.filesChanged(files)) return;
    // The stamp moved: TS/JS documents analyze again when asked; push clients are sent the result.
    if (this.features.pullDiagnostics) this.refreshPulledDiagnostics();
    else for (const document of this.documents.values()) if (document.dependencyStamp !== document.shown?.stamp) void this.publish(document, 'files');
  }

  // ---- documents -------------------------------------------------------------------------------

  private opened(item: DocumentItem): void {
    const language = this.languages.support(item.languageId);
    if (!language) return;
    this.documents.get(item.uri)?.dispose();
    const document = new OpenDocument(item, language);
    this.documents.set(item.uri, document);
    if (!this.features.pullDiagnostics) void this.publish(document, 'open');
  }

  private changed(uri: string, version: number, changes: Parameters<OpenDocument['applyChanges']>[0]): void {
    const document = this.documents.get(uri);
    if (!document) return;
    document.applyChanges(changes, version);
    if (!this.features.pullDiagnostics) this.debouncer.schedule(uri, DEBOUNCE_MS, () => void this.publish(document, 'change'));
  }

  private async saved(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document) return;
    document.lintPoint = document.version;
    if (!this.features.pullDiagnostics) return this.publish(document, 'save');
    const { settings } = await this.settingsFor(uri);
    if (settings.run === 'onSave') this.refreshPulledDiagnostics();
  }

  private closed(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    this.debouncer.cancel(uri);
    this.documents.delete(uri);
    this.settings.forget(uri);
    document.dispose();
    if (!this.features.pullDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private configurationChanged(sent: unknown): void {
    this.settings.invalidate(sent);
    this.reanalyzeAll();
  }

  /** Drops every analysis and has the client get fresh diagnostics for each open document. */
  private reanalyzeAll(): void {
    this.generation++;
    if (this.features.pullDiagnostics) this.refreshPulledDiagnostics();
    else for (const document of this.documents.values()) void this.publish(document, 'configuration');
  }

  // ---- analysis --------------------------------------------------------------------------------

  /** The document's settings and the configuration generation they belong to. */
  private async settingsFor(uri: string): Promise<{ settings: DocumentSettings; generation: number }> {
    for (;;) {
      const generation = this.generation;
      const settings = await this.settings.get(uri);
      // A configuration change while we waited makes these settings stale: ask again.
      if (generation === this.generation) return { settings, generation };
    }
  }

  private analysisOf(document: OpenDocument, settings: DocumentSettings, generation: number): Analysis {
    const analysis = document.analyze((engine) => {
      if (!settings.lint.enable || this.exclude.isExcluded(document.uri, settings.lint.exclude)) return NOTHING;
      try {
        // Each language's default time budget: TS/JS rules ask the type checker and get more time.
        return engine.analyze(settings.lint);
      } catch (error) {
        this.connection.console.error(`Analysis of ${document.uri} failed: ${describe(error)}`);
        return { ...NOTHING, skipped: 'the analyzer failed on this file (see the log above)' };
      }
    }, generation);
    const skipped = analysis.result.skipped;
    if (skipped && skipped !== document.loggedSkip) this.connection.console.info(`Skipped ${document.uri}: ${skipped}`);
    document.loggedSkip = skipped;
    return analysis;
  }

  /**
   * What the client should show for a document: the current version's findings, or with
   * `run: onSave` the findings of the version last opened or saved (analysis waits for the save).
   */
  private report(document: OpenDocument, settings: DocumentSettings, generation: number): Report {
    const shown = document.shown;
    if (shown && shown.generation === generation) {
      if (shown.version === document.version && shown.stamp === document.dependencyStamp) return shown;
      // Edited since the last open or save: onSave keeps what it showed until the next save.
      if (settings.run === 'onSave' && shown.version >= document.lintPoint && shown.version !== document.version) return shown;
    }
    const analysis = this.analysisOf(document, settings, generation);
    const report: Report = {
      ...analysis,
      resultId: `${generation}.${analysis.version}.${analysis.stamp}`,
      diagnostics: analysis.result.findings.map((f) => toDiagnostic(f, document.uri)),
    };
    document.shown = report;
    return report;
  }

  /** Push model: analyze and send publishDiagnostics, unless the run became stale meanwhile. */
  private async publish(document: OpenDocument, trigger: Trigger): Promise<void> {
    try {
      const version = document.version;
      const { settings, generation } = await this.settingsFor(document.uri);
      if (this.documents.get(document.uri) !== document) return; // closed meanwhile
      if (trigger === 'change' && (settings.run === 'onSave' || document.version !== version)) return; // a newer run is scheduled
      const report = this.report(document, settings, generation);
      await this.connection.sendDiagnostics({
        uri: document.uri,
        version: report.version === document.version ? report.version : undefined,
        diagnostics: report.diagnostics,
      });
    } catch (error) {
      this.connection.console.error(`Publishing diagnostics for ${document.uri} failed: ${describe(error)}`);
    }
  }

  /**
   * Pull model: the client asks after each change and cancels what it no longer needs. The request
   * first lets queued messages through (a newer change, a cancellation), then analyzes at once: an
   * edit's re-analysis is incremental and takes milliseconds, so waiting for quiet would only add delay.
   */
  private async pull(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return { kind: 'full', items: [] };
    let { settings, generation } = await this.settingsFor(document.uri);
    if (settings.run === 'onType') {
      await this.quiet(document, token);
      ({ settings, generation } = await this.settingsFor(document.uri));
    }
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'diagnostics request cancelled');
    if (this.documents.get(document.uri) !== document) return { kind: 'full', items: [] };
    const report = this.report(document, settings, generation);
    if (params.previousResultId === report.resultId) return { kind: 'unchanged', resultId: report.resultId };
    return { kind: 'full', resultId: report.resultId, items: report.diagnostics };
  }

  /** Lets the messages already received (newer changes, cancellations) be handled first. */
  private async quiet(_document: OpenDocument, _token: CancellationToken): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  private refreshPulledDiagnostics(): void {
    if (!this.features.refreshDiagnostics || this.refreshQueued) return;
    this.refreshQueued = true;
    // Several triggers in one tick (a settings change registered twice) make one refresh.
    setTimeout(() => {
      this.refreshQueued = false;
      this.connection.languages.diagnostics.refresh().catch((error: unknown) => {
        this.connection.console.error(`Diagnostics refresh failed: ${describe(error)}`);
      });
    }, 0);
  }

  // ---- code actions, hover, commands -------------------------------------------------------------

  private async codeActions(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const { settings, generation } = await this.settingsFor(document.uri);
    if (token.isCancellationRequested || this.documents.get(document.uri) !== document) return [];
    // Fixes are computed on the current text, whatever version the client's diagnostics came from.
    const { result } = this.analysisOf(document, settings, generation);
    const target = { uri: document.uri, version: document.version, versioned: this.features.versionedEdits };
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (admits(only, CodeActionKind.QuickFix, true)) {
      actions.push(...quickFixes(document, result.findings, params.context.diagnostics, target));
    }
    if (admits(only, FIX_ALL_KIND, false) && result.findings.some((f) => f.fixes.some((x) => x.safe))) {
      const fixed = applySafeFixes(document.text, (text) => {
        const next = document.analyzeText(text, settings.lint);
        return next.skipped ? undefined : next.findings;
      });
      const fixAll = fixAllAction(document, fixed, target);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  private async hover(params: HoverParams): Promise<Hover | null> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return null;
    const { settings, generation } = await this.settingsFor(document.uri);
    if (this.documents.get(document.uri) !== document) return null;
    const language = document.textDocument.languageId === 'python' ? 'python' : 'typescript';
    return hoverFor(this.analysisOf(document, settings, generation).result.findings, params.position, language);
  }

  /** For clients without the VS Code extension: open the rule's page in the browser. */
  private async executeCommand(params: ExecuteCommandParams): Promise<null> {
    if (params.command !== SHOW_DOCUMENTATION_COMMAND) return null;
    const id = params.arguments?.[0];
    const rule = typeof id === 'string' ? ruleById(id) : undefined;
    if (!rule) {
      this.connection.console.warn(`${SHOW_DOCUMENTATION_COMMAND}: unknown rule ${JSON.stringify(id)}`);
      return null;
    }
    const url = ruleDocsUrl(rule.id);
    if (this.features.showDocument) await this.connection.window.showDocument({ uri: url, external: true });
    else this.connection.console.info(`${rule.id} documentation: ${url}`);
    return null;
  }

  /** Wraps a handler so an exception becomes a log line and `fallback`; cancellations pass through. */
  private guard<P extends unknown[], R>(name: string, fallback: R, handler: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
    return async (...args: P) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        this.connection.console.error(`${name} failed: ${describe(error)}`);
        return fallback;
      }
    };
  }
}

/** The file system path of a file: uri, or undefined for other schemes. */
function filePath(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}
