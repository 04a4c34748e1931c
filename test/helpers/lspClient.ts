// A JSON-RPC client in the image of an editor, driving the bundled language server (dist/server.js)
// over stdio: shared by the protocol tests of each language.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  DocumentDiagnosticReport,
  InitializeResult,
  ProtocolConnection,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');
const DEFAULT_WORKSPACE = path.join(REPO_ROOT, 'test', 'workspace');

/** A client in the image of an editor: answers the server's requests, records what it is sent. */
export class Client {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly logs: string[] = [];
  readonly popups: string[] = [];
  readonly refreshes: number[] = [];
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  /** What workspace/configuration answers for the concurrencyLint section. */
  settings: Record<string, unknown> = {};
  private readonly texts = new Map<string, TextDocument>();
  private readonly waiters: (() => void)[] = [];

  /** Registrations the server asked for (client/registerCapability), by method. */
  readonly registrations = new Map<string, unknown>();

  /** `workspace`: the folder the client opens, where open() places documents. */
  constructor(readonly workspace: string = DEFAULT_WORKSPACE) {
    this.process = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: 'pipe' });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      for (const r of params.registrations) this.registrations.set(r.method, r.registerOptions);
      this.notify();
    });
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes.push(Date.now());
      this.notify();
    });
    this.connection.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification(ShowMessageNotification.type, (p) => {
      this.popups.push(p.message);
    });
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, [...(this.published.get(p.uri) ?? []), p]);
      this.notify();
    });
    this.connection.listen();
  }

  initialize(capabilities: ClientCapabilities): Promise<InitializeResult> {
    return this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(this.workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(this.workspace).href, name: 'workspace' }],
      capabilities,
      initializationOptions: {},
    });
  }

  async start(capabilities: ClientCapabilities): Promise<InitializeResult> {
    const result = await this.initialize(capabilities);
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  uriOf(name: string): string {
    return pathToFileURL(path.join(this.workspace, name)).href;
  }

  async open(name: string, text: string, languageId = 'python'): Promise<string> {
    const uri = this.uriOf(name);
    this.texts.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Sends one incremental change, replacing `range` with `text`. */
  async edit(uri: string, range: TextEdit['range'], text: string): Promise<void> {
    const document = this.document(uri);
    const next = TextDocument.update(document, [{ range, text }], document.version + 1);
    this.texts.set(uri, next);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: next.version },
      contentChanges: [{ range, text }],
    });
  }

  document(uri: string): TextDocument {
    const document = this.texts.get(uri);
    assert.ok(document, `${uri} is not open`);
    return document;
  }

  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.pull(uri);
    assert.equal(report.kind, 'full');
    return report.kind === 'full' ? report.items : [];
  }

  async codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, only },
    });
    return (actions ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  /** The text after applying a WorkspaceEdit the way an editor does. */
  applied(uri: string, edit: WorkspaceEdit | undefined): string {
    assert.ok(edit, 'the action carries no edit');
    const document = this.document(uri);
    let edits: TextEdit[] = edit.changes?.[uri] ?? [];
    for (const change of edit.documentChanges ?? []) {
      assert.ok('textDocument' in change && change.textDocument.uri === uri, 'the edit targets another document');
      assert.equal(change.textDocument.version, document.version, 'the edit is for another version of the document');
      edits = [...edits, ...change.edits.filter((e): e is TextEdit => !('annotationId' in e))];
    }
    assert.ok(edits.length > 0, 'the edit is empty');
    return TextDocument.applyEdits(document, edits);
  }

  /** Resolves when `predicate` holds, re-checking whenever the server sends something. */
  async until<T>(what: string, predicate: () => T | undefined): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = predicate();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  lastPublished(uri: string): PublishDiagnosticsParams | undefined {
    return this.published.get(uri)?.at(-1);
  }

  /** shutdown + exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

export const PULL_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
};

export const PUSH_CAPABILITIES: ClientCapabilities = {
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
  workspace: { workspaceEdit: { documentChanges: false } },
};
